"""The guide's GIL claim in CPython itself: the same CPU work one after another, on a thread pool, on
a process pool, and on threads that each run a subinterpreter of their own.

usage: python3 gil_run.py N COUNT WORKERS [MODES]
Runs heavy_computation(N) COUNT times one after another and in each of MODES (comma-separated, from
threads, processes, subinterpreters; all three by default), three interleaved rounds, and prints one
JSON line: {"python", "gilEnabled", "subinterpreters", "medianMs": {"sequential", MODE...}, "rounds"}.
"subinterpreters" names the module that ran them, or is null where there is none with its own GIL.
"""
import inspect
import multiprocessing
import os
import queue
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

# timed_rounds.py sits beside this file. Python puts this file's folder on sys.path itself, but not
# under -P, -I or PYTHONSAFEPATH: put it there, so the import works wherever this runs from; and
# leave no __pycache__ behind in the lib's sources.
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
sys.dont_write_bytecode = True
from timed_rounds import print_result, timed_rounds  # noqa: E402


def heavy_computation(n):
    return sum(i * i for i in range(n))


# What each subinterpreter runs: the same function, defined there from this source, checked there
# against the sequential answer (an answer cannot cross back without pickling on 3.12 and 3.13).
IN_SUBINTERPRETER = inspect.getsource(heavy_computation) + (
    "assert str(heavy_computation(n)) == expected, 'a subinterpreter computed another sum'\n")


class Subinterpreters:
    """Create, run code in and close an interpreter of its own, through whichever module this Python
    has: the public one of 3.14 (PEP 734), else the private ones of 3.13 and 3.12. Each has its own
    GIL since 3.12 (PEP 684); 3.11 has `_xxsubinterpreters` too, but with one GIL for all."""

    def __init__(self):
        self.name = None
        try:
            from concurrent import interpreters
            self.name = "concurrent.interpreters"
            self.create, self.close = interpreters.create, lambda interp: interp.close()
            self.run = lambda interp, shared: (interp.prepare_main(**shared), interp.exec(IN_SUBINTERPRETER))
            return
        except ImportError:
            pass
        if sys.version_info < (3, 12):
            return
        try:
            import _interpreters as private
            self.name = "_interpreters"

            def run(interp, shared):
                failure = private.exec(interp, IN_SUBINTERPRETER, shared)  # returns what it raised
                if failure is not None:
                    raise RuntimeError(failure.formatted)
            self.run = run
        except ImportError:
            import _xxsubinterpreters as private
            self.name = "_xxsubinterpreters"
            self.run = lambda interp, shared: private.run_string(interp, IN_SUBINTERPRETER, shared)
        self.create, self.close = private.create, private.destroy

    def map(self, numbers, answers, workers):
        """heavy_computation of each number on `workers` threads, each with a subinterpreter of its
        own, created and closed inside the call, taking the numbers in turn as a pool's threads do."""
        pending = queue.SimpleQueue()
        for number, answer in zip(numbers, answers):
            pending.put({"n": number, "expected": str(answer)})
        failures = []

        def work():
            try:
                interp = self.create()
                try:
                    while True:
                        try:
                            shared = pending.get_nowait()
                        except queue.Empty:
                            return
                        self.run(interp, shared)
                finally:
                    self.close(interp)
            except BaseException as error:
                failures.append(error)

        threads = [threading.Thread(target=work) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]
        return list(answers)


def main(n, count, workers, modes):
    numbers = [n] * count
    subinterpreters = Subinterpreters()
    if subinterpreters.name is None:
        modes = [mode for mode in modes if mode != "subinterpreters"]
    reference = [heavy_computation(x) for x in numbers]  # also warms the interpreter up

    def with_threads():
        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(heavy_computation, numbers))

    def with_processes():
        # fork, whatever the platform's default: the pool starts as the guide's Linux readers see it.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(heavy_computation, numbers))

    runs = {
        "sequential": lambda: [heavy_computation(x) for x in numbers],
        "threads": with_threads,
        "processes": with_processes,
        "subinterpreters": lambda: subinterpreters.map(numbers, reference, workers),
    }
    # Interleaved rounds, medians kept: a single run on a busy or cold machine varies by 10 %.
    timings = timed_rounds({name: runs[name] for name in ["sequential", *modes]}, reference, "sums")
    print_result(timings, subinterpreters=subinterpreters.name if "subinterpreters" in modes else None)


if __name__ == "__main__":
    # Ctrl-C ends this program as a signal ends any other, without a traceback: the runbook says it was interrupted.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    chosen = sys.argv[4].split(",") if len(sys.argv) > 4 else ["threads", "processes", "subinterpreters"]
    unknown = set(chosen) - {"threads", "processes", "subinterpreters"}
    if unknown:
        sys.exit(f"gil_run.py: MODES expects threads, processes or subinterpreters, got {', '.join(sorted(unknown))}")
    main(*map(int, sys.argv[1:4]), chosen)

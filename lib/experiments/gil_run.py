"""The guide's GIL claim in CPython itself: the same CPU work one after another, on a thread pool
and on a process pool.

usage: python3 gil_run.py N COUNT WORKERS
Runs heavy_computation(N) COUNT times each way, three interleaved rounds, and prints one JSON line
with the median milliseconds of each: {"python", "gilEnabled", "sequentialMs", "threadsMs", "processesMs"}.
"""
import json
import multiprocessing
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
import signal

# Ctrl-C ends this program as a signal ends any other, without a traceback: the runbook says it was interrupted.
signal.signal(signal.SIGINT, signal.SIG_DFL)


def heavy_computation(n):
    return sum(i * i for i in range(n))


def main(n, count, workers):
    numbers = [n] * count
    answers = []

    def timed(run):
        started = time.perf_counter()
        answers.append(run())
        return (time.perf_counter() - started) * 1000

    def with_threads():
        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(heavy_computation, numbers))

    def with_processes():
        # fork, whatever the platform's default: the pool starts as the guide's Linux readers see it.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(heavy_computation, numbers))

    # Interleaved rounds, medians kept: a single run on a busy or cold machine varies by 10 %.
    rounds = [[timed(lambda: [heavy_computation(x) for x in numbers]), timed(with_threads), timed(with_processes)] for _ in range(3)]
    assert all(answer == answers[0] for answer in answers), "the schedules disagree"

    def median(values):
        return sorted(values)[len(values) // 2]

    print(json.dumps({
        "python": platform.python_version(),
        "gilEnabled": getattr(sys, "_is_gil_enabled", lambda: True)(),
        "sequentialMs": median([r[0] for r in rounds]),
        "threadsMs": median([r[1] for r in rounds]),
        "processesMs": median([r[2] for r in rounds]),
        "rounds": rounds,
    }))


if __name__ == "__main__":
    main(*map(int, sys.argv[1:4]))

"""What the side-by-side programs (gil_run.py, hash_threads.py) share: named runs of the same work,
timed in interleaved rounds, each checked against a reference answer, and the one JSON line they
print. Imported from the folder of the program that runs (each puts it on sys.path), not installed."""
import json
import platform
import statistics
import sys
import time


def timed_rounds(runs, reference, what, rounds=3):
    """Call each of `runs` (name -> function returning its answers) once per round, `rounds` rounds
    interleaved so that a busy moment falls on all of them alike; every answer must equal `reference`
    (else AssertionError naming the run and `what` it computed). Returns the milliseconds of each
    round and each run's median: {"medianMs": {name: ms}, "rounds": [{name: ms}, ...]}."""

    def timed(name):
        started = time.perf_counter()
        answers = runs[name]()
        ms = (time.perf_counter() - started) * 1000
        assert answers == reference, f"{name} computed other {what}"
        return ms

    times = [{name: timed(name) for name in runs} for _ in range(rounds)]
    return {"medianMs": {name: statistics.median(r[name] for r in times) for name in runs}, "rounds": times}


def print_result(timings, **facts):
    """Print one JSON line: this Python's version, whether its GIL is on (False only on a
    free-threaded build that runs without it), `facts` in order, then `timings`."""
    print(json.dumps({
        "python": platform.python_version(),
        "gilEnabled": getattr(sys, "_is_gil_enabled", lambda: True)(),
        **facts,
        **timings,
    }))

"""How long CPython takes to start a multiprocessing.Pool of WORKERS processes, by each start method.

usage: python3 pool_startup.py WORKERS
Each pool is started and given one trivial task per worker, so every process is up and has imported
what it needs; the median of three pools per start method (fork, forkserver and spawn, those this
platform has) is printed as one JSON line:
{"python": VERSION, "workers": N, "defaultMethod": NAME, "ms": {"fork": MS, "forkserver": MS, "spawn": MS}}.
forkserver's first pool also starts its server, which the later pools reuse: the median is a later one.
"""
import json
import multiprocessing
import platform
import signal
import statistics
import sys
import time

signal.signal(signal.SIGINT, signal.SIG_DFL)


def nothing(value):
    return value


def start_pool_ms(method, workers):
    context = multiprocessing.get_context(method)
    started = time.perf_counter()
    with context.Pool(workers) as pool:
        pool.map(nothing, range(workers), chunksize=1)
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed


if __name__ == "__main__":
    workers = int(sys.argv[1])
    # What Pool() uses when the program names no method: fork on Linux up to 3.13, forkserver from 3.14.
    result = {"python": platform.python_version(), "workers": workers,
              "defaultMethod": multiprocessing.get_start_method(), "ms": {}}
    available = multiprocessing.get_all_start_methods()
    for method in ("fork", "forkserver", "spawn"):
        if method in available:
            result["ms"][method] = statistics.median(start_pool_ms(method, workers) for _ in range(3))
    print(json.dumps(result))

"""How long CPython takes to start a multiprocessing.Pool of WORKERS processes, by fork and by spawn.

usage: python3 pool_startup.py WORKERS
Each pool is started and given one trivial task per worker, so every process is up and has imported
what it needs; the median of three pools per start method is printed as one JSON line:
{"python": VERSION, "workers": N, "forkMs": MS, "spawnMs": MS}.
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
    result = {"python": platform.python_version(), "workers": workers}
    for method in ("fork", "spawn"):
        result[f"{method}Ms"] = statistics.median(start_pool_ms(method, workers) for _ in range(3))
    print(json.dumps(result))

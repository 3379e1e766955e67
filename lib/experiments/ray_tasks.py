"""Ray's local cluster on this machine, the Python answer to the queue: how long it takes to start,
and what one empty task costs (submitted all at once, gathered with ray.get).
usage: python3 ray_tasks.py WORKERS TASKS → one JSON line; {"version": null} when Ray is not importable."""
import json
import statistics
import sys
import time

try:
    import ray
except ImportError:
    print(json.dumps({"version": None}))
    sys.exit(0)

workers, tasks = int(sys.argv[1]), int(sys.argv[2])


@ray.remote
def echo(value):
    return value


began = time.perf_counter()
ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
start_ms = (time.perf_counter() - began) * 1000
try:
    # One untimed round: Ray starts its worker processes on first use.
    ray.get([echo.remote(i) for i in range(tasks)])
    per_task = []
    for _ in range(3):
        began = time.perf_counter()
        results = ray.get([echo.remote(i) for i in range(tasks)])
        per_task.append((time.perf_counter() - began) * 1e6 / tasks)
        assert results == list(range(tasks))
    print(json.dumps({"version": ray.__version__, "startMs": start_ms, "microsPerTask": statistics.median(per_task),
                      "minMicros": min(per_task), "maxMicros": max(per_task), "tasks": tasks, "workers": workers}))
finally:
    ray.shutdown()

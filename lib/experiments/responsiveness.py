"""What a computing thread or coroutine does to a 10 ms ticker in CPython: preemptive threads against
asyncio's cooperative loop.

usage: python3 responsiveness.py BLOCK_MS
Computes for BLOCK_MS while a ticker asks to run every 10 ms, once beside a thread and once beside a
coroutine, and prints one JSON line: {"python", "threads": {...}, "asyncio": {...}}, each with the
ticker's "maxLateMs", "meanLateMs" and "ticks".
"""
import asyncio
import json
import platform
import sys
import threading
import time
import signal

# Ctrl-C ends this program as a signal ends any other, without a traceback: the runbook says it was interrupted.
signal.signal(signal.SIGINT, signal.SIG_DFL)

INTERVAL = 0.010


def compute_for(seconds):
    """Pure-Python work in small pieces until `seconds` have passed: it holds the GIL while it runs."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        sum(i * i for i in range(10_000))


def summary(lates):
    return {"maxLateMs": max(lates, default=0) * 1000, "meanLateMs": (sum(lates) / len(lates) if lates else 0) * 1000, "ticks": len(lates)}


def with_a_thread(seconds):
    lates = []
    stop = threading.Event()

    def ticker():
        expected = time.perf_counter() + INTERVAL
        while not stop.is_set():
            time.sleep(max(0, expected - time.perf_counter()))
            now = time.perf_counter()
            lates.append(max(0, now - expected))
            expected = now + INTERVAL

    thread = threading.Thread(target=ticker)
    thread.start()
    compute_for(seconds)
    stop.set()
    thread.join()
    return summary(lates)


async def with_a_coroutine(seconds):
    lates = []

    async def ticker():
        expected = time.perf_counter() + INTERVAL
        while True:
            await asyncio.sleep(max(0, expected - time.perf_counter()))
            now = time.perf_counter()
            lates.append(max(0, now - expected))
            expected = now + INTERVAL

    async def computing():
        await asyncio.sleep(INTERVAL * 2)  # let the ticker start
        compute_for(seconds)  # no await inside: the loop cannot switch
        await asyncio.sleep(INTERVAL * 2)  # let the late tick be recorded

    task = asyncio.create_task(ticker())
    await computing()
    task.cancel()
    return summary(lates)


if __name__ == "__main__":
    seconds = int(sys.argv[1]) / 1000
    print(json.dumps({"python": platform.python_version(), "threads": with_a_thread(seconds), "asyncio": asyncio.run(with_a_coroutine(seconds))}))

"""The guide's unlocked counter in CPython threads, in two shapes of increment.

usage: python3 counter_race.py INCREMENTS
Four threads each add INCREMENTS to a global counter, once as `counter += 1` and once as
read -> call -> write. Prints one JSON line: {"python", "threads", "increments", "lostShare"}.
What it shows is one interpreter on one run, never a guarantee either way.
"""
import json
import platform
import sys
import threading
import signal

# Ctrl-C ends this program as a signal ends any other, without a traceback: the runbook says it was interrupted.
signal.signal(signal.SIGINT, signal.SIG_DFL)

THREADS = 4
counter = 0


def identity(value):
    return value


def plain(increments):
    global counter
    for _ in range(increments):
        counter += 1


def read_call_write(increments):
    global counter
    for _ in range(increments):
        value = identity(counter)  # a call between read and write gives the GIL a chance to switch
        counter = value + 1


def lost_share(body, increments):
    global counter
    counter = 0
    threads = [threading.Thread(target=body, args=(increments,)) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = increments * THREADS
    return (expected - counter) / expected


if __name__ == "__main__":
    increments = int(sys.argv[1])
    lost = {name: lost_share(body, increments) for name, body in (("counter += 1", plain), ("read, call, write", read_call_write))}
    print(json.dumps({"python": platform.python_version(), "threads": THREADS, "increments": increments, "lostShare": lost}))

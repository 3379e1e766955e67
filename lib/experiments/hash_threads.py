"""C code that lets go of the GIL: hashlib's sha256 of large buffers, one after another and on a thread
pool. hashlib releases the GIL while it hashes more than 2047 bytes, so threads run side by side, as
libuv's pool runs Node's crypto hashing off the event loop.

usage: python3 hash_threads.py MIB COUNT WORKERS
Hashes COUNT buffers of MIB MiB each, three interleaved rounds, and prints one JSON line:
{"python", "gilEnabled", "medianMs": {"sequential", "threads"}, "rounds"}.
"""
import hashlib
import os
import signal
import sys
from concurrent.futures import ThreadPoolExecutor

# timed_rounds.py sits beside this file. Python puts this file's folder on sys.path itself, but not
# under -P, -I or PYTHONSAFEPATH: put it there, so the import works wherever this runs from; and
# leave no __pycache__ behind in the lib's sources.
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
sys.dont_write_bytecode = True
from timed_rounds import print_result, timed_rounds  # noqa: E402


def digest(buffer):
    return hashlib.sha256(buffer).hexdigest()


def main(mib, count, workers):
    # Real, distinct pages (a buffer of zeros may be mapped lazily, and the first pass would pay for it).
    pattern = bytes(range(256)) * (mib << 12)
    buffers = [bytes([k % 256]) + pattern[1:] for k in range(count)]
    reference = [digest(buffer) for buffer in buffers]  # also the warm-up pass

    def with_threads():
        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(digest, buffers))

    runs = {"sequential": lambda: [digest(buffer) for buffer in buffers], "threads": with_threads}
    print_result(timed_rounds(runs, reference, "digests"))


if __name__ == "__main__":
    # Ctrl-C ends this program as a signal ends any other, without a traceback: the runbook says it was interrupted.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    main(*map(int, sys.argv[1:4]))

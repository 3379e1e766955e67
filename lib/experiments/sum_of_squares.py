"""The guide's heavy computation in CPython's own integers, to check the TypeScript loop exactly.

usage: python3 sum_of_squares.py N [N ...]
Prints one JSON line: {"results": [...]}, each sum as a decimal string (JSON has no big integers).
"""
import json
import sys
import signal

# Ctrl-C ends this program as a signal ends any other, without a traceback: the runbook says it was interrupted.
signal.signal(signal.SIGINT, signal.SIG_DFL)


def heavy_computation(n):
    return sum(i * i for i in range(n))


if __name__ == "__main__":
    numbers = [int(arg) for arg in sys.argv[1:]]
    print(json.dumps({"results": [str(heavy_computation(n)) for n in numbers]}))

"""Python's side of the CPU benchmark: the guide's heavy computation, sequentially.

usage: python3 heavy.py START COUNT
Prints one JSON line: {"wallMs", "results"} with the results as decimal strings.
"""
import json
import sys
import time


def sum_of_squares(n):
    return sum(i * i for i in range(n))


def main():
    start, count = int(sys.argv[1]), int(sys.argv[2])
    began = time.perf_counter()
    results = [str(sum_of_squares(start + offset)) for offset in range(count)]
    print(json.dumps({"wallMs": (time.perf_counter() - began) * 1000, "results": results}))


if __name__ == "__main__":
    main()

"""Python's side of the I/O benchmark: the guide's downloader shapes against our latency server.

usage: python3 downloader.py BASE_URL COUNT (pool WORKERS | per-url)
Prints one JSON line: {"client", "wallMs", "cpuMs", "ok"}.
"""
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

try:
    import requests

    _session = threading.local()

    def fetch(url):
        # One session per thread keeps connections alive, as a careful requests user would.
        if not hasattr(_session, "value"):
            _session.value = requests.Session()
        return len(_session.value.get(url, timeout=30).content)

    CLIENT = "requests"
except ImportError:
    import urllib.request

    def fetch(url):
        with urllib.request.urlopen(url, timeout=30) as response:
            return len(response.read())

    CLIENT = "urllib"


def main():
    base, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    urls = [f"{base}page/{index}" for index in range(count)]
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    if mode == "pool":
        with ThreadPoolExecutor(max_workers=int(sys.argv[4])) as pool:
            sizes = list(pool.map(fetch, urls))
    else:
        sizes = [0] * count

        def store(index, url):
            sizes[index] = fetch(url)

        threads = [threading.Thread(target=store, args=(i, url)) for i, url in enumerate(urls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    wall_ms = (time.perf_counter() - wall_start) * 1000
    cpu_ms = (time.process_time() - cpu_start) * 1000
    print(json.dumps({"client": CLIENT, "wallMs": wall_ms, "cpuMs": cpu_ms, "ok": sum(1 for size in sizes if size > 0)}))


if __name__ == "__main__":
    main()

"""N connections at once against the runbook's latency server, from CPython: the client side of the
"thousands of connections" comparison.

usage: python3 connections.py asyncio|threads BASE_URL N
asyncio: every GET at once on one event loop (aiohttp when it can be imported, else asyncio streams
with a minimal HTTP/1.1 request). threads: one thread per connection, each with http.client.
Prints one JSON line: {"runtime", "connections", "wallMs", "cpuMs", "peakRssMiB", "failed", "firstError"}.
"""
import asyncio
import http.client
import json
import platform
import resource
import signal
import sys
import threading
import time
from urllib.parse import urlsplit

signal.signal(signal.SIGINT, signal.SIG_DFL)

try:
    import aiohttp
except ImportError:
    aiohttp = None


async def get_with_streams(host, port, path):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")), None)
        await (reader.readexactly(length) if length is not None else reader.read())
        if status != 200:
            raise RuntimeError(f"status {status}")
    finally:
        writer.close()


async def run_asyncio(base, count):
    parts = urlsplit(base)
    paths = [f"{parts.path}page/{index}" for index in range(count)]
    if aiohttp:
        # limit=0: no cap on connections, as every stream below opens its own.
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, force_close=True)) as session:
            async def get(path):
                async with session.get(f"{parts.scheme}://{parts.netloc}{path}") as response:
                    await response.read()
                    if response.status != 200:
                        raise RuntimeError(f"status {response.status}")
            return await asyncio.gather(*(get(path) for path in paths), return_exceptions=True)
    return await asyncio.gather(*(get_with_streams(parts.hostname, parts.port, path) for path in paths), return_exceptions=True)


def run_threads(base, count):
    parts = urlsplit(base)
    outcomes = [None] * count

    def get(index):
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
            connection.request("GET", f"{parts.path}page/{index}")
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status != 200:
                raise RuntimeError(f"status {response.status}")
        except Exception as error:  # a failure is data: counted, never fatal
            outcomes[index] = error

    threading.stack_size(256 * 1024)
    threads = []
    for index in range(count):
        thread = threading.Thread(target=get, args=(index,))
        try:
            thread.start()
        except RuntimeError as error:  # no more threads can be started
            outcomes[index] = error
            continue
        threads.append(thread)
    for thread in threads:
        thread.join()
    return outcomes


def peak_rss_mib():
    """VmHWM, which starts afresh with this program; getrusage's maxrss keeps the high-water mark of
    the process this one was forked from."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    mode, base, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    cpu_before = time.process_time()
    started = time.perf_counter()
    outcomes = asyncio.run(run_asyncio(base, count)) if mode == "asyncio" else run_threads(base, count)
    wall_ms = (time.perf_counter() - started) * 1000
    failures = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    flavour = f"asyncio ({'aiohttp' if aiohttp else 'streams'})" if mode == "asyncio" else "threads"
    print(json.dumps({
        "runtime": f"CPython {platform.python_version()} {flavour}",
        "connections": count,
        "wallMs": wall_ms,
        "cpuMs": (time.process_time() - cpu_before) * 1000,
        "peakRssMiB": peak_rss_mib(),
        "failed": len(failures),
        "firstError": f"{type(failures[0]).__name__}: {failures[0]}" if failures else None,
    }))


if __name__ == "__main__":
    main()

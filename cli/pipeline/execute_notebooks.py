"""Execute notebooks one after another in this one Python process, each in a fresh kernel.

One interpreter for the whole run instead of one `jupyter nbconvert --execute` per notebook: importing
Jupyter's Python side takes about 1.5 s, paid once instead of eight times. Kernels start a few at a
time, one per core: starting tslab costs about 2 s of one core, so on 2 cores the next notebook's
kernel starts beside this one's at no cost in time. Each waits, idle, for its notebook; none starts
while a notebook runs, so no measurement shares the machine with a starting kernel.

stdin:  {"kernel": NAME, "timeout": SECONDS, "jobs": [{"source": PATH, "target": PATH, "env": {…}}]}
stdout: one JSON line per event — {"event": "start", "index": i}, then {"event": "done", "index": i}
        or {"event": "failed", "index": i, "error": TEXT}. Cell errors are kept as outputs in the
        executed copy (allow_errors), which the caller inspects.
"""
import json
import os
import signal
import sys
import tempfile

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

# Interrupted, stop as a signal stops any program: the kernel is in this process group and goes too.
signal.signal(signal.SIGINT, signal.SIG_DFL)


def say(**event):
    print(json.dumps(event), flush=True)


def replace_notebook(notebook, target):
    """Write through a new file in the target's folder, renamed over the target once complete.

    mkstemp creates the file exclusively (never through a link), and os.replace swaps the folder's
    entry: a link at the target is replaced, and the file it pointed to stays as it was.
    """
    folder = os.path.dirname(os.path.abspath(target))
    os.makedirs(folder, exist_ok=True)
    descriptor, temp = tempfile.mkstemp(prefix=".runbook-tmp-", dir=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            nbformat.write(notebook, file)
        os.chmod(temp, 0o666 & ~current_umask())
        os.replace(temp, target)
    except BaseException:
        if os.path.lexists(temp):
            os.unlink(temp)
        raise


def current_umask():
    # mkstemp makes a private file (0600): the copy gets the mode a plain write would have given it.
    mask = os.umask(0)
    os.umask(mask)
    return mask


def needs_kernel(notebook):
    # A notebook of prose alone needs no kernel (starting tslab costs a second or two).
    return any(cell.cell_type == "code" for cell in notebook.cells)


def start_kernel(kernel_name, job):
    manager = KernelManager(kernel_name=kernel_name)
    # The kernel starts in the notebook's own folder, as Jupyter would open it.
    manager.start_kernel(cwd=os.path.dirname(os.path.abspath(job["source"])), env={**os.environ, **job["env"]})
    return manager


def stop_kernel(manager):
    try:
        if manager.is_alive():
            manager.shutdown_kernel(now=False)
    finally:
        manager.cleanup_resources()


def kernels_at_once():
    """One kernel start per core, at most four idle kernels waiting (each holds about 150 MB)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 4))


def main():
    request = json.load(sys.stdin)
    jobs = request["jobs"]
    notebooks = [nbformat.read(job["source"], as_version=4) for job in jobs]
    with_kernel = [index for index, notebook in enumerate(notebooks) if needs_kernel(notebook)]
    started = {}  # job index -> its kernel's manager, started and waiting
    try:
        for index, job in enumerate(jobs):
            say(event="start", index=index)
            notebook = notebooks[index]
            if index in with_kernel:
                if index not in started:
                    upcoming = [i for i in with_kernel if i >= index][: kernels_at_once()]
                    for i in upcoming:
                        started[i] = start_kernel(request["kernel"], jobs[i])
                manager = started.pop(index)
                client = NotebookClient(
                    notebook,
                    km=manager,
                    kernel_name=request["kernel"],
                    timeout=request["timeout"],
                    allow_errors=True,
                )
                try:
                    client.execute()
                except Exception as error:  # the kernel died or a cell timed out: say which notebook, go on
                    say(event="failed", index=index, error=f"{type(error).__name__}: {error}")
                    continue
                finally:
                    if client.kc is not None:
                        client.kc.stop_channels()
                    stop_kernel(manager)
            replace_notebook(notebook, job["target"])
            say(event="done", index=index)
    finally:
        for manager in started.values():
            stop_kernel(manager)


if __name__ == "__main__":
    main()

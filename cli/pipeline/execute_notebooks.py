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
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient


def stop_on_interrupt():
    """Interrupted, stop as a signal stops any program. Kernels run in sessions of their own: each
    sees its parent gone and exits (kernel-parent-watch.cjs). nbclient installs handlers of its own
    while it runs a notebook and leaves Python's KeyboardInterrupt after it, so this is set again."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


stop_on_interrupt()


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
    # The asynchronous manager, as nbclient's own: its client lets nbclient notice a kernel that died
    # and a cell past its timeout while it waits for output (a blocking client would wait for ever).
    manager = AsyncKernelManager(kernel_name=kernel_name)
    try:
        # The kernel starts in the notebook's own folder, as Jupyter would open it.
        run_sync(manager.start_kernel)(
            cwd=os.path.dirname(os.path.abspath(job["source"])), env={**os.environ, **job["env"]}
        )
    except BaseException:
        stop_kernel(manager)
        raise
    return manager


def stop_kernel(manager):
    try:
        if manager.has_kernel and run_sync(manager.is_alive)():
            run_sync(manager.shutdown_kernel)(now=False)
    except Exception as error:  # the kernel's parent watch stops it when this process ends
        print(f"stopping a kernel failed: {type(error).__name__}: {error}", file=sys.stderr)
    finally:
        run_sync(manager.cleanup_resources)()


def kernels_at_once():
    """One kernel start per core, at most four idle kernels waiting (each holds about 150 MB)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 4))


def execute(notebook, manager, request):
    """Run every cell of `notebook` in the started kernel of `manager`, then stop that kernel."""
    client = None
    try:
        client = NotebookClient(
            notebook,
            km=manager,
            kernel_name=request["kernel"],
            timeout=request["timeout"],
            allow_errors=True,
        )
        client.execute()
    finally:
        stop_on_interrupt()
        if client is not None and client.kc is not None:
            client.kc.stop_channels()
        stop_kernel(manager)


def main():
    request = json.load(sys.stdin)
    jobs = request["jobs"]
    notebooks = [nbformat.read(job["source"], as_version=4) for job in jobs]
    with_kernel = [index for index, notebook in enumerate(notebooks) if needs_kernel(notebook)]
    started = {}  # job index -> its kernel's manager, started and waiting, or the error starting it
    try:
        for index, job in enumerate(jobs):
            say(event="start", index=index)
            notebook = notebooks[index]
            if index in with_kernel:
                if index not in started:
                    for upcoming in [i for i in with_kernel if i >= index][: kernels_at_once()]:
                        try:
                            started[upcoming] = start_kernel(request["kernel"], jobs[upcoming])
                        except Exception as error:
                            started[upcoming] = error
                kernel = started.pop(index)
                try:
                    if isinstance(kernel, Exception):
                        raise kernel
                    execute(notebook, kernel, request)
                except Exception as error:  # the kernel died or a cell timed out: say which notebook, go on
                    say(event="failed", index=index, error=f"{type(error).__name__}: {error}")
                    continue
            replace_notebook(notebook, job["target"])
            say(event="done", index=index)
    finally:
        for kernel in started.values():
            if not isinstance(kernel, Exception):
                stop_kernel(kernel)


if __name__ == "__main__":
    main()

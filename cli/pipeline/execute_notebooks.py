"""Execute notebooks one after another in this one Python process and, where it can, in one kernel.

One interpreter for the whole run instead of one `jupyter nbconvert --execute` per notebook: importing
Jupyter's Python side takes about 1.5 s, paid once. One kernel for the notebooks of one folder: starting
tslab costs about 2.3 s of one core, paid once instead of once per notebook. Between two notebooks the
kernel switches (kernel-notebook-switch.cjs): what the lib left running is stopped and fails the
notebook that left it, every earlier declaration and value is forgotten, the environment becomes the
next notebook's and cells count from 1. A notebook in another folder, one whose environment sets what
Node reads only as it starts (NODE_*, UV_*), one whose metadata asks for `runbook.freshKernel`, and
the one after a notebook that failed get a new kernel.

stdin:  {"kernel": NAME, "timeout": SECONDS, "jobs": [{"source": PATH, "target": PATH, "env": {…}}]}
stdout: one JSON line per event — {"event": "start", "index": i}, then {"event": "done", "index": i}
        or {"event": "failed", "index": i, "error": TEXT}. Cell errors are kept as outputs in the
        executed copy (allow_errors), which the caller inspects.
"""
import asyncio
import json
import os
import re
import secrets
import signal
import sys
import tempfile

# jsonschema, which nbformat loads, checks IRIs with rfc3987_syntax when it is installed, and that
# builds its grammar on import: 1.1 s of the executor's 2.4 s start. nbformat's schema has no IRI.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402 (after the line above)
from jupyter_client.manager import AsyncKernelManager  # noqa: E402
from jupyter_core.utils import run_sync  # noqa: E402
from nbclient import NotebookClient  # noqa: E402


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


# The token that lets this executor, and nothing else, switch a kernel it started (see the .cjs).
SWITCH_TOKEN = secrets.token_hex(16)
# Read by Node or libuv only as the process starts: a notebook that sets one needs a new kernel.
STARTUP_ONLY = re.compile(r"^(NODE_|UV_)")
SWITCH_TIMEOUT = 60  # seconds; stopping what a notebook left running gets a few of them
# After a cell fails, tslab aborts every request for 200 ms (its queue's reset): a switch then waits.
ABORT_PERIOD = 0.25
ABORTED_TRIES = 8


def folder_of(job):
    return os.path.dirname(os.path.abspath(job["source"]))


def environment(job):
    return {**os.environ, **job["env"]}


class Kernel:
    """A started tslab kernel, and the folder it runs in."""

    def __init__(self, kernel_name, job):
        # The asynchronous manager, as nbclient's own: its client lets nbclient notice a kernel that
        # died and a cell past its timeout while it waits for output (a blocking one would wait for ever).
        self.manager = AsyncKernelManager(kernel_name=kernel_name)
        self.folder = folder_of(job)
        self.client = None
        try:
            # The kernel starts in the notebook's own folder, as Jupyter would open it.
            run_sync(self.manager.start_kernel)(
                cwd=self.folder, env={**environment(job), "RUNBOOK_KERNEL_SWITCH": SWITCH_TOKEN}
            )
            # One client for the kernel's life, the switches' and nbclient's: tslab, connected to and left
            # by a new client for each request, sometimes stopped answering them.
            self.client = self.manager.client()
            self.client.start_channels()
            run_sync(self.client.wait_for_ready)(timeout=SWITCH_TIMEOUT)
        except BaseException:
            self.stop()
            raise

    def can_run(self, job, notebook):
        wants_fresh = notebook.metadata.get("runbook", {}).get("freshKernel", False)
        startup = any(STARTUP_ONLY.match(name) for name in job["env"])
        return folder_of(job) == self.folder and not wants_fresh and not startup

    def switch(self, request):
        """Send one switch request; the text the kernel wrote on stderr (empty when all went well)."""
        return run_sync(self._switch)(request)

    async def _switch(self, request):
        streams = {"stdout": "", "stderr": ""}

        def collect(message):
            if message["msg_type"] == "stream":
                streams[message["content"]["name"]] += message["content"]["text"]

        code = f"//runbook-kernel {SWITCH_TOKEN}\n{json.dumps(request)}"
        for _ in range(ABORTED_TRIES):
            reply = await self.client.execute_interactive(code, timeout=SWITCH_TIMEOUT, output_hook=collect)
            if reply["content"]["status"] != "abort":
                break
            await asyncio.sleep(ABORT_PERIOD)
        if "runbook-kernel: done" not in streams["stdout"]:
            raise RuntimeError(f"the kernel did not switch notebooks: {streams}")
        return streams["stderr"].strip()

    def stop(self):
        if self.client is not None:
            self.client.stop_channels()
        try:
            if self.manager.has_kernel and run_sync(self.manager.is_alive)():
                run_sync(self.manager.shutdown_kernel)(now=False)
        except Exception as error:  # the kernel's parent watch stops it when this process ends
            print(f"stopping a kernel failed: {type(error).__name__}: {error}", file=sys.stderr)
        finally:
            run_sync(self.manager.cleanup_resources)()


def execute(notebook, kernel, request):
    """Run every cell of `notebook` in `kernel`, which stays up for the next notebook."""
    client = NotebookClient(
        notebook,
        km=kernel.manager,
        kernel_name=request["kernel"],
        timeout=request["timeout"],
        allow_errors=True,
    )
    client.kc = kernel.client
    try:
        client.execute()
    finally:
        stop_on_interrupt()


def run_job(notebook, job, kernel, request):
    """Execute `notebook` in `kernel`; the kernel's complaint about what the notebook left, if any."""
    kernel.switch({"env": environment(job)})
    execute(notebook, kernel, request)
    return kernel.switch({"end": True})


def main():
    request = json.load(sys.stdin)
    jobs = request["jobs"]
    notebooks = [nbformat.read(job["source"], as_version=4) for job in jobs]
    kernel = None
    try:
        for index, job in enumerate(jobs):
            say(event="start", index=index)
            notebook = notebooks[index]
            if needs_kernel(notebook):
                try:
                    if kernel is not None and not kernel.can_run(job, notebook):
                        kernel.stop()
                        kernel = None
                    if kernel is None:
                        kernel = Kernel(request["kernel"], job)
                    left = run_job(notebook, job, kernel, request)
                    if left:  # stopped by the switch; the kernel goes on for the next notebook
                        say(event="failed", index=index, error=f"it {left} (stopped)")
                        continue
                except Exception as error:  # the kernel died or a cell timed out: say which notebook, go on
                    say(event="failed", index=index, error=f"{type(error).__name__}: {error}")
                    if kernel is not None:
                        kernel.stop()
                        kernel = None
                    continue
            replace_notebook(notebook, job["target"])
            say(event="done", index=index)
    finally:
        if kernel is not None:
            kernel.stop()


if __name__ == "__main__":
    main()

"""Execute notebooks one after another in this one Python process and, where it can, in one kernel.

One interpreter for the whole run instead of one `jupyter nbconvert --execute` per notebook: importing
Jupyter's Python side is paid once. One kernel for the notebooks of one folder: starting tslab costs
about 2.3 s of one core, paid once instead of once per notebook. Between two notebooks the kernel
switches (kernel-notebook-switch.cjs): what the lib left running is stopped and fails the notebook that
left it, every earlier declaration and value is forgotten and collected, the environment and the
working folder become the next notebook's. A notebook in another folder, one whose metadata asks for
`runbook.freshKernel` and the one after a failure start a new kernel; one whose environment sets what
Node reads only as it starts (NODE_*, UV_*) gets a kernel no other notebook uses. Kernels start a few
at a time, between notebooks, one per core: on 2 cores a later group's kernel starts beside this one.

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
# Read by Node or libuv only as the process starts: a notebook that sets one gets a kernel of its own.
STARTUP_ONLY = re.compile(r"^(NODE_|UV_)")
SWITCH_TIMEOUT = 60  # seconds; stopping what a notebook left running gets a few of them
# After a cell fails, tslab aborts every request for 200 ms (its queue's reset): a switch then waits.
ABORT_PERIOD = 0.25
ABORTED_TRIES = 8
REPLY = re.compile(r"^runbook-kernel: (\{.*\})$", re.MULTILINE)


def folder_of(job):
    return os.path.dirname(os.path.abspath(job["source"]))


def environment(job):
    return {**os.environ, **job["env"]}


def sets_startup_only(job):
    """Whether the notebook's environment sets a variable Node reads only as it starts."""
    return any(STARTUP_ONLY.match(name) for name in job["env"])


def wants_fresh(notebook):
    return bool(notebook.metadata.get("runbook", {}).get("freshKernel", False))


def kernel_groups(jobs, notebooks):
    """The indexes of the notebooks that need a kernel, grouped by the kernel they share, in order.

    A group ends at a notebook in another folder and at one that asks for a fresh kernel, which opens
    the next group. A notebook that sets NODE_*/UV_* is a group of its own: its kernel started
    with them, and no other notebook should run there.
    """
    groups = []
    for index, job in enumerate(jobs):
        if not needs_kernel(notebooks[index]):
            continue
        previous = groups[-1] if groups else None
        joins = (
            previous is not None
            and folder_of(jobs[previous[0]]) == folder_of(job)
            and not wants_fresh(notebooks[index])
            and not sets_startup_only(jobs[previous[0]])
            and not sets_startup_only(job)
        )
        if joins:
            previous.append(index)
        else:
            groups.append([index])
    return groups


class DeadKernel(RuntimeError):
    pass


class LeftRunning(RuntimeError):
    """A notebook ended with pools or server processes of the lib still running."""


class Kernel:
    """A tslab kernel started for the first notebook of a group, and the one client that talks to it."""

    def __init__(self, kernel_name, job):
        # The asynchronous manager, as nbclient's own: its client lets nbclient notice a kernel that
        # died and a cell past its timeout while it waits for output (a blocking one would wait for ever).
        self.manager = AsyncKernelManager(kernel_name=kernel_name)
        self.client = None
        try:
            # The kernel starts in the notebook's own folder, as Jupyter would open it, with the first
            # notebook's environment (its NODE_*/UV_* apply from the start).
            run_sync(self.manager.start_kernel)(
                cwd=folder_of(job), env={**environment(job), "RUNBOOK_KERNEL_SWITCH": SWITCH_TOKEN}
            )
        except BaseException:
            self.stop()
            raise

    def wait_until_ready(self):
        if self.client is not None:
            return
        # One client for the kernel's life, the switches' and nbclient's: tslab, connected to and left by
        # a new client for each request, at times stopped answering them.
        self.client = self.manager.client()
        self.client.start_channels()
        run_sync(self.client.wait_for_ready)(timeout=SWITCH_TIMEOUT)

    def switch(self, request):
        """Send one switch request; the kernel's answer (a dict)."""
        return run_sync(self._switch)(request)

    async def _switch(self, request):
        streams = {"stdout": "", "stderr": ""}

        def collect(message):
            if message["msg_type"] == "stream":
                streams[message["content"]["name"]] += message["content"]["text"]

        code = f"//runbook-kernel {SWITCH_TOKEN}\n{json.dumps(request)}"
        for _ in range(ABORTED_TRIES):
            reply = await self._while_alive(
                self.client.execute_interactive(code, timeout=SWITCH_TIMEOUT, output_hook=collect)
            )
            if reply["content"]["status"] != "abort":
                break
            await asyncio.sleep(ABORT_PERIOD)
        answer = REPLY.search(streams["stdout"])
        if answer is None:
            raise RuntimeError(f"the kernel did not switch notebooks: {streams['stderr'].strip() or streams}")
        return json.loads(answer.group(1))

    async def _while_alive(self, awaitable):
        """`awaitable`'s result, or DeadKernel as soon as the kernel is seen gone (checked twice a second)."""
        task = asyncio.ensure_future(awaitable)
        while not task.done():
            await asyncio.wait([task], timeout=0.5)
            if not task.done() and not await self.manager.is_alive():
                task.cancel()
                raise DeadKernel("the kernel died between two notebooks")
        return task.result()

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


def kernels_at_once():
    """Kernels started together, at most one per core and four (each idle one holds about 150 MB)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 4))


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
    if client.km is None:
        # nbclient's SIGINT handler shut the kernel down (it does so even for a kernel it was lent).
        raise KeyboardInterrupt


def run_job(notebook, job, kernel, request):
    """Execute `notebook` in `kernel`; how many pools and server processes it left running."""
    kernel.wait_until_ready()
    kernel.switch({"begin": environment(job)})
    execute(notebook, kernel, request)
    return kernel.switch({"end": True})["left"]


def main():
    request = json.load(sys.stdin)
    jobs = request["jobs"]
    notebooks = [nbformat.read(job["source"], as_version=4) for job in jobs]
    groups = kernel_groups(jobs, notebooks)
    group_of = {index: number for number, group in enumerate(groups) for index in group}
    kernels = {}  # group number -> its Kernel, started and maybe waiting, or the error starting it

    def start(number):
        try:
            kernels[number] = Kernel(request["kernel"], jobs[groups[number][0]])
        except Exception as error:
            kernels[number] = error

    def stop(number):
        kernel = kernels.pop(number, None)
        if isinstance(kernel, Kernel):
            kernel.stop()

    try:
        for index, job in enumerate(jobs):
            say(event="start", index=index)
            notebook = notebooks[index]
            if index in group_of:
                number = group_of[index]
                for earlier in [n for n in kernels if n < number]:
                    stop(earlier)
                if number not in kernels:
                    # Started only here, between notebooks: none starts during a measurement. On 2
                    # cores the next group's kernel starts beside this one's at no cost in time.
                    for upcoming in range(number, min(number + kernels_at_once(), len(groups))):
                        if upcoming not in kernels:
                            start(upcoming)
                try:
                    kernel = kernels[number]
                    if isinstance(kernel, Exception):
                        raise kernel
                    left = run_job(notebook, job, kernel, request)
                    if left:
                        raise LeftRunning(
                            f"it left {left} worker pool(s) or server process(es) running after its last cell"
                            " (stopped)"
                        )
                except Exception as error:  # say which notebook, go on with a new kernel
                    named = str(error) if isinstance(error, LeftRunning) else f"{type(error).__name__}: {error}"
                    say(event="failed", index=index, error=named)
                    stop(number)
                    continue
            replace_notebook(notebook, job["target"])
            say(event="done", index=index)
    finally:
        for number in list(kernels):
            stop(number)


if __name__ == "__main__":
    main()

"""Execute notebooks one after another in this one Python process, each in a fresh kernel.

One interpreter for the whole run instead of one `jupyter nbconvert --execute` per notebook: importing
Jupyter's Python side takes about 1.5 s, paid once instead of eight times.

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


def main():
    request = json.load(sys.stdin)
    for index, job in enumerate(request["jobs"]):
        say(event="start", index=index)
        notebook = nbformat.read(job["source"], as_version=4)
        client = NotebookClient(
            notebook,
            kernel_name=request["kernel"],
            timeout=request["timeout"],
            allow_errors=True,
            # The kernel starts in the notebook's own folder, as Jupyter would open it.
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(job["source"]))}},
        )
        try:
            # A notebook of prose alone needs no kernel (starting tslab costs a second or two).
            if any(cell.cell_type == "code" for cell in notebook.cells):
                client.execute(env={**os.environ, **job["env"]})
        except Exception as error:  # the kernel died or a cell timed out: say which notebook, go on
            say(event="failed", index=index, error=f"{type(error).__name__}: {error}")
            continue
        replace_notebook(notebook, job["target"])
        say(event="done", index=index)


if __name__ == "__main__":
    main()

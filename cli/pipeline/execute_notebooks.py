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

import nbformat
from nbclient import NotebookClient

# Interrupted, stop as a signal stops any program: the kernel is in this process group and goes too.
signal.signal(signal.SIGINT, signal.SIG_DFL)


def say(**event):
    print(json.dumps(event), flush=True)


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
        os.makedirs(os.path.dirname(os.path.abspath(job["target"])), exist_ok=True)
        nbformat.write(notebook, job["target"])
        say(event="done", index=index)


if __name__ == "__main__":
    main()

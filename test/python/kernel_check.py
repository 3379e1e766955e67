"""The tslab kernel as this project registers it, checked over Jupyter's messaging protocol.

Run by test/kernel-protocol.ts with JUPYTER_PATH pointing at the project's .jupyter folder.
Where tslab 1.0.22 departs from the protocol, the check is replaced by one that pins down what it
does instead (marked KNOWN GAP): if tslab fixes it, that check fails and the override can go.
"""
import re
import unittest
from queue import Empty

import jupyter_kernel_test
from jupyter_kernel_test import TIMEOUT
from jupyter_kernel_test.msgspec_v5 import validate_message


class RunbookKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "tslab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("to stderr")'
    code_display_data = [
        {"code": "import * as tslab from 'tslab';\ntslab.display.html('<b>runbook</b>')", "mime": "text/html"},
        {"code": "import * as tslab from 'tslab';\ntslab.display.png(new Uint8Array([137, 80, 78, 71]))", "mime": "image/png"},
    ]
    completion_samples = [{"text": "Math.sq", "matches": {"sqrt", "SQRT1_2", "SQRT2"}}]
    code_inspect_sample = "Math"

    def execute_helper(self, code, timeout=TIMEOUT, silent=False, store_history=True, stop_on_error=True):
        """The library's own helper, with its waits lengthened: it gives the busy status one second and
        each output a tenth of one, which a loaded machine can exceed without anything being wrong."""
        msg_id = self.kc.execute(code=code, silent=silent, store_history=store_history, stop_on_error=stop_on_error)
        reply = self.get_non_kernel_info_reply(timeout=timeout)
        validate_message(reply, "execute_reply", msg_id)
        busy = self.kc.get_iopub_msg(timeout=timeout)
        validate_message(busy, "status", msg_id)
        self.assertEqual(busy["content"]["execution_state"], "busy")
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            validate_message(msg, msg["msg_type"], msg_id)
            if msg["msg_type"] == "status":
                self.assertEqual(msg["content"]["execution_state"], "idle")
                return reply, outputs
            if msg["msg_type"] == "execute_input":
                self.assertEqual(msg["content"]["code"], code)
                continue
            outputs.append(msg)

    def run_raw(self, code):
        """Execute without schema validation: the reply's content and every iopub output until idle."""
        self.flush_channels()
        msg_id = self.kc.execute(code)
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        outputs = []
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            except Empty:
                break
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            outputs.append(msg)
        return reply["content"], outputs

    def test_kernel_info(self):
        # KNOWN GAP: tslab's kernel_info_reply has no "status" field (the schema requires one).
        self.flush_channels()
        self.kc.kernel_info()
        content = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        self.assertEqual(content["language_info"]["name"], "typescript")
        self.assertEqual(content["language_info"]["file_extension"], ".ts")
        self.assertNotIn("status", content)

    def test_error(self):
        # KNOWN GAP: an error reply has status "error" but no ename/evalue/traceback; the message
        # arrives as a stderr stream instead of an "error" output.
        content, outputs = self.run_raw("throw new Error('on purpose')")
        self.assertEqual(content["status"], "error")
        self.assertNotIn("ename", content)
        stderr = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        self.assertIn("on purpose", stderr)

    def test_type_error_is_reported(self):
        content, outputs = self.run_raw("const n: number = 'text';")
        self.assertEqual(content["status"], "error")
        stderr = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
        self.assertIn("not assignable to type 'number'", stderr)

    def test_last_expression(self):
        # KNOWN GAP: tslab prints a cell's last value on stdout rather than sending execute_result.
        content, outputs = self.run_raw("6 * 7")
        self.assertEqual(content["status"], "ok")
        self.assertFalse([m for m in outputs if m["msg_type"] == "execute_result"])
        stdout = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
        # console.log colours values when the environment asks for colour (FORCE_COLOR).
        self.assertEqual(re.sub(r"\x1b\[[0-9;]*m", "", stdout).strip(), "42")

    def test_state_survives_between_cells(self):
        self.run_raw("let runbookCounter = 1;")
        content, outputs = self.run_raw("runbookCounter += 1; console.log(runbookCounter);")
        self.assertEqual(content["status"], "ok")
        self.assertIn("2", "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream"))

    def test_shorthand_property_of_an_earlier_cell(self):
        # KNOWN GAP: a shorthand property naming an earlier cell's variable is lost in tslab's
        # rewrite (ReferenceError); the notebooks write `numbers: numbers` instead.
        self.run_raw("const runbookNumbers = [1, 2];")
        content, _ = self.run_raw("console.log({ runbookNumbers }.runbookNumbers.length);")
        self.assertEqual(content["status"], "error")
        content, outputs = self.run_raw("console.log({ runbookNumbers: runbookNumbers }.runbookNumbers.length);")
        self.assertEqual(content["status"], "ok")


if __name__ == "__main__":
    unittest.main(verbosity=2)

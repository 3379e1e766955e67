"""Whether python3 can import a module, and its version: python3 has_module.py NAME → {"version": V or null}."""
import importlib
import json
import sys

try:
    module = importlib.import_module(sys.argv[1])
    print(json.dumps({"version": getattr(module, "__version__", "unknown")}))
except ImportError:
    print(json.dumps({"version": None}))

"""What the tests of the tool's Python share: its folders, its server's
jobs run in this process as the server runs them, and scratch projects."""
import importlib.util
import os
import shutil
import sys
import tempfile

# The tool's modules are loaded from src/python/, which npm ships: no
# __pycache__ may appear there.
sys.dont_write_bytecode = True

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))
PYTHON_DIR = os.path.join(ROOT, "src", "python")
CONVERTERS_DIR = os.path.join(ROOT, "templates", "lock-converters")
LOCK_SAMPLES_DIR = os.path.join(ROOT, "test", "lock-samples")


def load(name):
    """A module of src/python/, by its path (as the server loads its jobs)."""
    spec = importlib.util.spec_from_file_location("_cdd_test_" + name, os.path.join(PYTHON_DIR, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


server = load("server")


def run_job(job, cwd, request):
    """One job through the server's own run_job: its answer."""
    return server.run_job({"id": 1, "job": job, "cwd": cwd, "request": request})


def project(test, files):
    """A scratch folder holding `files` (path -> text), removed after the test."""
    root = tempfile.mkdtemp(prefix="cdd-pytest-")
    test.addCleanup(shutil.rmtree, root, ignore_errors=True)
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as handle:
            handle.write(text)
    return root

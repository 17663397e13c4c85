"""Runs `setup.py egg_info` the way the Dockerfile's dependency stage will,
and reads what else create-django-docker needs from setup.py, in one Python
process (each start of Python, and of setuptools, is most of the cost).

A job of src/python/server.py, run in a scratch folder: run(request)
returns what it found:
- in `cwd`, egg_info with its egg-info written to `eggBase`; a file setup.py
  fails to open that `copyFrom` (the project) has is copied into cwd and
  egg_info run again, at most `maxExtraFiles` times;
- whether setup.py builds C extensions (from its syntax tree);
- when that worked and `topLevelIn` is set, the top-level names installing
  the project gives, from setup.py's configuration in that folder (the
  project itself, whose packages the declaration files alone do not show).
"""
import ast
import contextlib
import io
import os
import runpy
import shutil
import sys
import traceback

import setuptools  # noqa: F401  (fails here, clearly, when it is missing)
from distutils.core import run_setup

EXTENSION_CALLS = {"Extension", "cythonize", "Pybind11Extension"}


def has_extensions(path):
    """ext_modules=, Extension(...) or cythonize(...) anywhere in setup.py."""
    with open(path, "rb") as handle:
        tree = ast.parse(handle.read())

    def called(node):
        f = node.func
        return getattr(f, "id", None) in EXTENSION_CALLS or getattr(f, "attr", None) in EXTENSION_CALLS

    return any(
        isinstance(n, ast.Call) and (called(n) or any(k.arg == "ext_modules" for k in n.keywords))
        for n in ast.walk(tree)
    )


def egg_info(cwd, egg_base):
    """`python setup.py --quiet egg_info --egg-base EGG_BASE` in cwd, in this
    process: (exit code, what it printed on stderr, the exception if any)."""
    shutil.rmtree(egg_base, ignore_errors=True)
    os.makedirs(egg_base)
    forget_made_folders()
    os.chdir(cwd)
    before = set(sys.modules)
    saved_argv, saved_path = sys.argv, sys.path[:]
    # As `python setup.py` sets them: the script's folder first on the path.
    sys.argv = ["setup.py", "--quiet", "egg_info", "--egg-base", egg_base]
    sys.path.insert(0, cwd)
    err = io.StringIO()
    code, error = 0, None
    script = os.path.join(cwd, "setup.py")
    try:
        with contextlib.redirect_stdout(sys.stderr), contextlib.redirect_stderr(err):
            try:
                runpy.run_path(script, run_name="__main__")
            except SystemExit as exit:
                if isinstance(exit.code, str):
                    print(exit.code, file=sys.stderr)
                    code = 1
                else:
                    code = exit.code or 0
            except BaseException as exc:  # noqa: B036  (reported, as Python would)
                # From setup.py's frame on, as `python setup.py` shows it.
                tb = exc.__traceback__
                while tb and tb.tb_frame.f_code.co_filename != script:
                    tb = tb.tb_next
                traceback.print_exception(type(exc), exc, tb or exc.__traceback__)
                code, error = 1, exc
    finally:
        sys.argv, sys.path[:] = saved_argv, saved_path
        forget_modules(before, cwd)
    return code, err.getvalue(), error


def forget_made_folders():
    """distutils' mkpath remembers the folders it made and skips them after:
    a run after one whose folders were removed (egg_base, each time) must
    make them again."""
    for name in ("distutils.dir_util", "setuptools._distutils.dir_util"):
        module = sys.modules.get(name)
        made = getattr(module, "_path_created", None)
        if isinstance(made, (dict, set)):
            made.clear()
        cache_clear = getattr(getattr(module, "mkpath", None), "cache_clear", None)
        if cache_clear:
            cache_clear()


def top_level(cwd):
    """The top-level names installing the project gives (egg_info's
    top_level.txt), from setup.py's configuration alone: run as in
    egg_info() but stopped before any command, so no file list is built.
    None when setup.py fails there."""
    os.chdir(cwd)
    before = set(sys.modules)
    saved_path = sys.path[:]
    sys.path.insert(0, cwd)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            dist = run_setup(os.path.join(cwd, "setup.py"), ["--quiet"], stop_after="config")
        # As setuptools' write_toplevel_names computes them.
        return sorted({name.split(".", 1)[0] for name in dist.iter_distribution_names()})
    except BaseException:  # noqa: B036  (setup.py may raise anything, even SystemExit)
        return None
    finally:
        sys.path[:] = saved_path
        forget_modules(before, cwd)


def forget_modules(before, cwd):
    """The project's own modules, imported from cwd, must not answer for
    another folder's run."""
    for name in set(sys.modules) - before:
        file = getattr(sys.modules[name], "__file__", None) or ""
        if os.path.abspath(file).startswith(cwd + os.sep):
            del sys.modules[name]


def missing_project_file(error, cwd, project):
    """A file setup.py tried to open that the project has, relative to cwd."""
    if not isinstance(error, FileNotFoundError) or not error.filename:
        return None
    rel = os.path.relpath(os.path.join(cwd, error.filename), cwd)
    if rel.startswith(os.pardir) or os.path.isabs(rel) or not os.path.isfile(os.path.join(project, rel)):
        return None
    return rel


def run(request):
    cwd, egg_base = request["cwd"], request["eggBase"]
    added = []
    while True:
        code, stderr, error = egg_info(cwd, egg_base)
        extra = missing_project_file(error, cwd, request["copyFrom"]) if request.get("copyFrom") else None
        if code == 0 or extra is None or extra in added or len(added) >= request.get("maxExtraFiles", 0):
            break
        os.makedirs(os.path.dirname(os.path.join(cwd, extra)), exist_ok=True)
        shutil.copyfile(os.path.join(request["copyFrom"], extra), os.path.join(cwd, extra))
        added.append(extra.replace(os.sep, "/"))
    result = {"exitCode": code, "stderr": stderr, "addedFiles": added, "hasExtensions": False, "topLevel": None}
    if code == 0:
        result["hasExtensions"] = has_extensions(os.path.join(cwd, "setup.py"))
        if request.get("topLevelIn"):
            result["topLevel"] = top_level(request["topLevelIn"])
    return result

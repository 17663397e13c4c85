"""The one Python process a run of create-django-docker starts: it answers
every question Node asks of Python (the settings, setup.py's facts, the
packaging check's file lists), one after another, so that Python and
setuptools start once per run rather than once per question.

Started by src/python/run.ts through boot.py, which any Python can run:
it prints the version and the interpreter's path first, and starts this
file only on a Python new enough. Then, on stdin, one JSON request a line:

    {"id": 1, "job": "settings", "cwd": "/abs/folder", "request": {...}}

and on stdout one JSON answer a line, in the same order:

    {"id": 1, "ok": true, "result": {...}, "output": "what the job printed"}
    {"id": 1, "ok": false, "output": "what it printed, then the traceback"}

A job is a module of this folder with a `run(request)` function (JOBS). It
runs in `cwd`; everything it prints, and everything a setup.py or a
program it starts prints, goes to `output`, never into the answers. The
optional argument `--warm MODULE...` imports those modules before the first
request, while Node is still loading (setuptools takes most of a second).
"""
import importlib
import importlib.util
import json
import os
import sys
import tempfile
import traceback
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))

# Job name -> the module of this folder that does it.
JOBS = {
    "settings": "inspect_project",
    "setup-py": "setup_py_facts",
    "installed-files": "list_installed_files",
}

_loaded = {}


def job_module(name):
    """A job's module, loaded once by its path under a private name: this
    folder is never put on sys.path, where it could hide a module of the
    project that setup.py imports."""
    module_name = JOBS[name]
    if module_name not in _loaded:
        path = os.path.join(HERE, module_name + ".py")
        spec = importlib.util.spec_from_file_location("_create_django_docker_" + module_name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        _loaded[module_name] = module
    return _loaded[module_name]


def forget_modules(before, folder):
    """Modules a job imported from the project must not answer for the next
    job, which may read another project (or the same one, changed)."""
    for name in set(sys.modules) - before:
        file = getattr(sys.modules[name], "__file__", None) or ""
        if os.path.abspath(file).startswith(folder + os.sep):
            del sys.modules[name]


def forget_made_folders():
    """distutils' mkpath remembers the folders it made and skips them after:
    a job after one whose scratch folders were removed must make them again."""
    for name in ("distutils.dir_util", "setuptools._distutils.dir_util"):
        module = sys.modules.get(name)
        made = getattr(module, "_path_created", None)
        if isinstance(made, (dict, set)):
            made.clear()
        cache_clear = getattr(getattr(module, "mkpath", None), "cache_clear", None)
        if cache_clear:
            cache_clear()


def remember_entry_points():
    """setuptools asks importlib.metadata for entry points four times or more
    per setup() call, and each time every installed distribution's
    entry_points.txt is read again (a tenth of a second with a hundred
    installed): the same question on the same sys.path gets the first answer."""
    if sys.version_info < (3, 10):
        return  # setuptools uses its own importlib_metadata there.
    import importlib.metadata as metadata

    asked = metadata.entry_points
    answers = {}

    def entry_points(**params):
        key = (tuple(sys.path), tuple(sorted(params.items())))
        if key not in answers:
            answers[key] = asked(**params)
        return answers[key]

    metadata.entry_points = entry_points


def run_job(message):
    """Runs one request with fds 1 and 2 sent to a scratch file: the answer."""
    answer = {"id": message.get("id")}
    with tempfile.TemporaryFile() as log:
        sys.stdout.flush()
        sys.stderr.flush()
        saved = os.dup(1), os.dup(2)
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        saved_cwd, saved_path, before = os.getcwd(), sys.path[:], set(sys.modules)
        cwd = os.path.abspath(message.get("cwd") or saved_cwd)
        try:
            os.chdir(cwd)
            module = job_module(message["job"])
            forget_made_folders()
            with warnings.catch_warnings():
                answer["result"] = module.run(message.get("request") or {})
            answer["ok"] = True
        except BaseException:  # noqa: B036  (a setup.py may raise anything, SystemExit too)
            traceback.print_exc()
            answer["ok"] = False
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
            os.chdir(saved_cwd)
            sys.path[:] = saved_path
            forget_modules(before, cwd)
        log.seek(0)
        answer["output"] = log.read().decode("utf-8", "replace")
    return answer


def main(argv):
    # Python put the folder of the file it ran (boot.py's, this one's) first
    # on sys.path, or the folder it started in: the tool's modules must not
    # hide a project's (a setup.py importing its own `server`), nor the
    # project's, in the folders the jobs run in, the standard library's.
    if sys.path and os.path.abspath(sys.path[0] or os.curdir) in (HERE, os.getcwd()):
        del sys.path[0]
    # The answers go out on a copy of stdout; fd 1 itself becomes stderr's,
    # so that nothing else printed can be taken for an answer. Requests come
    # in on a copy of stdin; fd 0 reads nothing (a setup.py that asks for
    # input gets end of file, not the next request).
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    os.dup2(2, 1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    remember_entry_points()
    if argv[:1] == ["--warm"]:
        for name in argv[1:]:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001  (the job that needs it reports it)
                pass
    for line in requests:
        if not line.strip():
            continue
        answers.write(json.dumps(run_job(json.loads(line))) + "\n")
        answers.flush()


if __name__ == "__main__":
    main(sys.argv[1:])

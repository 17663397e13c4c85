"""Lists what installing the project would put in site-packages, and what
its packages hold on disk.

A job of src/python/server.py, run in a scratch copy of the project (never
in the project itself): run(request) takes two scratch folders and returns
the lists. It runs setuptools' own `egg_info` and
`build_py`: build_py is the step of a wheel build (and so of the image's
`pip install .`) that decides which package files are installed, and it
needs only setuptools, where a wheel build needs the wheel package as well.
"""
import configparser
import contextlib
import os
import sys
import warnings

import setuptools  # noqa: F401  (first: it provides distutils on Python 3.12+)
from distutils.core import run_setup

# Folders that Django reads by convention: outside every package, they are
# not installed, so the image has none of their files.
CONVENTIONAL_DIRS = ("templates", "static", "locale")


def posix(path):
    return os.path.normpath(path).replace(os.sep, "/")


def is_hidden(name):
    # .gitkeep, .DS_Store and editor files are no part of the site.
    return name.startswith(".")


def installed_sources(build_lib, packages, package_dir):
    """Maps every file build_py wrote back to the project file it came from."""
    sources = []
    for folder, dirs, files in os.walk(build_lib):
        rel_folder = os.path.relpath(folder, build_lib)
        parts = [] if rel_folder == "." else rel_folder.split(os.sep)
        # The deepest shipped package holding the file: data files sit in
        # plain sub-folders of a package (polls/templates/polls/).
        depth = len(parts)
        while depth > 0 and ".".join(parts[:depth]) not in packages:
            depth -= 1
        base = package_dir(".".join(parts[:depth]))
        for name in files:
            sources.append(posix(os.path.join(base, *parts[depth:], name)))
    return sources


def package_roots(package_dirs):
    """Folders of shipped packages that are not inside another one."""
    dirs = sorted(set(package_dirs))
    return [d for d in dirs if not any(d != o and d.startswith(o + "/") for o in dirs)]


def files_under(roots, compiled):
    found = []
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not is_hidden(d))
            paths = (posix(os.path.join(folder, f)) for f in files if not is_hidden(f))
            found.extend(p for p in paths if p not in compiled)
    return sorted(found)


def extension_sources(dist):
    """C (or Cython) sources of extension modules: compiled, never needed as files."""
    return {posix(path) for ext in dist.ext_modules or [] for path in list(ext.sources) + list(ext.depends or [])}


def conventional_dirs_outside(roots):
    """templates/static/locale folders holding files that no package holds."""
    found = []
    for folder, dirs, files in os.walk("."):
        rel = posix(folder)
        dirs[:] = sorted(
            d for d in dirs if not is_hidden(d) and posix(os.path.join(rel, d)) not in roots and d != "__pycache__"
        )
        for d in list(dirs):
            if d not in CONVENTIONAL_DIRS:
                continue
            path = os.path.join(folder, d)
            # collectstatic's own output (it holds Django admin's files) is
            # rebuilt by the image, not lost.
            if d == "static" and os.path.isdir(os.path.join(path, "admin")):
                dirs.remove(d)
                continue
            if any(files for _, _, files in os.walk(path)):
                found.append(posix(path))
            dirs.remove(d)
    return found


def config_file():
    """Where this project's setuptools settings are written."""
    if os.path.exists("setup.cfg"):
        parser = configparser.ConfigParser()
        try:
            parser.read("setup.cfg", encoding="utf-8")
        except configparser.Error:
            return "setup.py"
        if parser.has_section("options") or parser.has_section("metadata"):
            return "setup.cfg"
    return "setup.py"


def run(request):
    build_lib = request["buildLib"]
    # Relative: older setuptools reject the absolute paths an absolute
    # egg-base puts in the file list ("setup script specifies an absolute path").
    egg_base = os.path.relpath(request["eggBase"])
    # Deprecation notices would bury a real error in the tail the tool shows.
    warnings.simplefilter("ignore")
    # As `python setup.py` has it: setup.py may import its own package.
    sys.path.insert(0, os.getcwd())
    # setup.py and setuptools print progress on stdout, kept out of the answer.
    with contextlib.redirect_stdout(sys.stderr):
        # Stopping after the command line, then running the commands here,
        # lets a failing command raise: run_setup would swallow its exit.
        dist = run_setup(
            "setup.py",
            ["--quiet", "egg_info", "--egg-base", egg_base, "build_py", "--build-lib", build_lib],
            stop_after="commandline",
        )
        build_py = dist.get_command_obj("build_py")
        if hasattr(build_py, "get_output_mapping"):
            # setuptools 64+ says what build_py would copy, and from where,
            # without copying it: most of the time on a large tree.
            dist.run_command("egg_info")
            build_py.ensure_finalized()
            mapping = build_py.get_output_mapping()
        else:
            dist.run_commands()
            mapping = None
    packages = set(dist.packages or [])

    def package_dir(name):
        return posix(build_py.get_package_dir(name) or ".")

    if mapping is not None:
        installed = sorted({posix(source) for source in mapping.values()})
    else:
        installed = sorted(installed_sources(build_lib, packages, package_dir))

    dirs = {name: package_dir(name) for name in packages}

    (egg_info,) = [d for d in os.listdir(egg_base) if d.endswith(".egg-info")]
    with open(os.path.join(egg_base, egg_info, "SOURCES.txt"), encoding="utf-8") as handle:
        manifest = [posix(line.strip()) for line in handle if line.strip()]

    roots = package_roots(dirs.values())
    return {
        "packages": dirs,
        "includePackageData": bool(dist.include_package_data),
        "manifestIn": os.path.exists("MANIFEST.in"),
        "configFile": config_file(),
        "installed": installed,
        "manifest": sorted(manifest),
        "packageFiles": files_under(roots, extension_sources(dist)),
        "outsidePackages": conventional_dirs_outside(roots),
    }

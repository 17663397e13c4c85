"""templates/docker-install.py.hbs, the generated docker-install.py: run with
this machine's pip on small packages made here (no package index), as the
Dockerfile runs it (download in the downloads stage, install in the
installed-dependencies stage), build after build on one wheelhouse and one
kept folder; each result is checked against a plain `pip install --prefix`
of the same requirements, which is what the image used to get."""
import base64
import hashlib
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))
TEMPLATE = os.path.join(ROOT, "templates", "docker-install.py.hbs")
# No package index here; setuptools from this machine builds the source archives.
OPTIONS = ["--no-index", "--no-build-isolation"]
ENV = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_ROOT_USER_ACTION": "ignore"}
SITE = os.path.join("lib", f"python{sys.version_info[0]}.{sys.version_info[1]}", "site-packages")


def wheel(folder, name, version, requires=(), modules=None, script=None):
    """Writes a pure-Python wheel: `modules` maps paths in site-packages to their source."""
    modules = modules or {f"{name}/__init__.py": f"VERSION = {version!r}\n"}
    info = f"{name}-{version}.dist-info"
    files = dict(modules)
    files[f"{info}/METADATA"] = "".join(
        [f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"] + [f"Requires-Dist: {r}\n" for r in requires]
    )
    files[f"{info}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    if script:
        files[f"{info}/entry_points.txt"] = f"[console_scripts]\n{script} = {name}:main\n"
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(text.encode())}\n")
    record.append(f"{info}/RECORD,,\n")
    with zipfile.ZipFile(os.path.join(folder, f"{name}-{version}-py3-none-any.whl"), "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
        archive.writestr(f"{info}/RECORD", "".join(record))


# A build backend in the project's own folder (no setuptools or wheel needed): it makes a
# wheel of the one module the project has, with the test's own wheel writer.
BACKEND = """import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wheelwriter import wheel
def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    project = json.load(open("project.json"))
    name = project["name"]
    wheel(wheel_directory, name, project["version"], requires=project.get("requires", ()),
          modules={name + ".py": open(name + ".py").read()})
    return f"{name}-{project['version']}-py3-none-any.whl"
"""


def source_files(name, version, text, requires=()):
    """The files of a source tree whose build backend makes a wheel of the module `name`.py."""
    return {
        "pyproject.toml": '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n',
        "backend.py": BACKEND,
        "wheelwriter.py": "import base64, hashlib, os, zipfile\n\n\n" + inspect.getsource(wheel),
        "project.json": json.dumps({"name": name, "version": version, "requires": list(requires)}),
        f"{name}.py": text,
    }


def source_archive(path, name, version, text):
    """Writes a source archive of a project with one module, `name`.py."""
    top = os.path.basename(path).rsplit(".", 1)[0]
    with zipfile.ZipFile(path, "w") as archive:
        for file, content in source_files(name, version, text).items():
            archive.writestr(f"{top}/{file}", content)


def direct_url(prefix, dist):
    """Where the package `dist` (name-version) in `prefix` came from, as its direct_url.json says."""
    with open(os.path.join(prefix, SITE, f"{dist}.dist-info", "direct_url.json")) as handle:
        return json.load(handle)


def tree(prefix):
    """Every file and folder under `prefix` but bytecode (and pip's REQUESTED marker)."""
    found = set()
    for folder, dirs, files in os.walk(prefix):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found.add(os.path.relpath(folder, prefix))
        found.update(os.path.relpath(os.path.join(folder, f), prefix) for f in files if f != "REQUESTED")
    return found


class DockerInstall(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="cdd-install-")
        self.addCleanup(shutil.rmtree, self.root, ignore_errors=True)
        self.wheels = os.path.join(self.root, "wheels")
        os.makedirs(self.wheels)
        self.kept = os.path.join(self.root, "kept")
        self.wheelhouse = os.path.join(self.root, "wheelhouse")
        self.helper = os.path.join(self.root, "docker-install.py")
        with open(TEMPLATE, encoding="utf-8") as handle:
            # Only its header comment holds template tags.
            source = re.sub(r"\{\{[^}]*\}\}", "", handle.read())
        with open(self.helper, "w", encoding="utf-8") as out:
            out.write(source)
        wheel(self.wheels, "alpha", "1.0", requires=["gamma"], script="alpha", modules={
            "alpha/__init__.py": "def main(): pass\n",
            "alpha/old.py": "GONE_IN_2 = True\n",
            "alpha/tests/test_alpha.py": "pass\n",
        })
        wheel(self.wheels, "alpha", "2.0", script="alpha", modules={"alpha/__init__.py": "def main(): pass\n"})
        wheel(self.wheels, "beta", "1.0")
        wheel(self.wheels, "gamma", "1.0", modules={"gamma/__init__.py": "\n", "gamma/data.txt": "data\n"})
        self.builds = 0

    def build(self, *requirements):
        """One build: the helper's download, then its install on the kept folder; returns
        (their output, the folder the image gets)."""
        self.builds += 1
        wheels = os.path.join(self.root, f"wheels-{self.builds}")
        target = os.path.join(self.root, f"install-{self.builds}")
        output = ""
        for step in (
            ["download", self.wheelhouse, wheels, *OPTIONS, "--find-links", self.wheels, "--", *requirements],
            ["install", self.kept, wheels, target],
        ):
            run = subprocess.run([sys.executable, self.helper, *step], capture_output=True, text=True, env=ENV)
            output += run.stdout
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        return output, target

    def fresh(self, *requirements):
        """What a plain install of the same requirements into an empty folder holds."""
        prefix = os.path.join(self.root, f"fresh-{self.builds}")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--prefix", prefix, "--ignore-installed",
             *OPTIONS, "--find-links", self.wheels, *requirements],
            check=True, env=ENV,
        )
        return prefix

    def test_each_build_changes_only_what_changed_and_ends_like_a_fresh_install(self):
        output, first = self.build("alpha==1.0")
        self.assertIn("nothing kept", output)
        module = os.path.join(first, SITE, "alpha", "__pycache__")
        self.assertTrue(any(f.startswith("old.") for f in os.listdir(module)), "the modules are compiled")
        self.assertFalse(os.path.exists(os.path.join(first, SITE, "alpha", "tests", "__pycache__")),
                         "the package's tests get no bytecode")

        output, added = self.build("alpha==1.0", "beta")
        self.assertIn("2 packages kept from the last build;", output)
        self.assertIn("removed: none; installing: beta 1.0", output)
        self.assertEqual(tree(added), tree(self.fresh("alpha==1.0", "beta")))

        # alpha 2.0 no longer needs gamma: both the old alpha and gamma go.
        output, changed = self.build("alpha==2.0", "beta")
        self.assertIn("removed: alpha 1.0, gamma 1.0; installing: alpha 2.0", output)
        self.assertEqual(tree(changed), tree(self.fresh("alpha==2.0", "beta")))
        self.assertFalse(os.path.exists(os.path.join(changed, SITE, "gamma")))
        cache = os.path.join(changed, SITE, "alpha", "__pycache__")
        self.assertFalse([f for f in os.listdir(cache) if f.startswith("old.")], "old.py's bytecode went with it")
        self.assertTrue(os.path.exists(os.path.join(changed, "bin", "alpha")), "the console script is there")

        # A source archive named by its URL, without a version in its name (GitHub's main.zip): it is
        # downloaded again each build, built into a wheel, and installed again when it changed.
        archive = os.path.join(self.root, "main.zip")
        source_archive(archive, "delta", "1.0", "WHICH = 1\n")
        direct = "delta @ file://" + archive
        output, with_url = self.build("alpha==2.0", "beta", direct)
        self.assertIn("building a wheel of main.zip", output)
        self.assertIn("removed: none; installing: delta 1.0", output)
        output, again = self.build("alpha==2.0", "beta", direct)
        self.assertIn("removed: none; installing: none", output)
        source_archive(archive, "delta", "1.0", "WHICH = 2\n")
        output, changed = self.build("alpha==2.0", "beta", direct)
        self.assertIn("removed: delta 1.0; installing: delta 1.0", output)
        with open(os.path.join(changed, SITE, "delta.py")) as module:
            self.assertEqual(module.read(), "WHICH = 2\n")
        fresh = self.fresh("alpha==2.0", "beta", direct)
        self.assertEqual(tree(changed), tree(fresh))
        self.assertEqual(direct_url(changed, "delta-1.0"), direct_url(fresh, "delta-1.0"))

    def test_a_requirement_pip_download_saves_no_file_for_is_found_by_a_dry_run(self):
        # A folder: pip download names no file for it, so the helper asks pip (a dry run).
        folder = os.path.join(self.root, "epsilon")
        os.makedirs(folder)
        for file, content in source_files("epsilon", "0.1", "EPSILON = True\n", requires=["beta"]).items():
            with open(os.path.join(folder, file), "w") as out:
                out.write(content)
        output, first = self.build(folder)
        self.assertIn("a dry run", output)
        self.assertEqual(direct_url(first, "epsilon-0.1"), {"url": "file://" + folder, "dir_info": {}})
        self.assertEqual(tree(first), tree(self.fresh(folder)))

    def test_a_kept_folder_from_another_python_or_a_build_stopped_halfway_is_not_reused(self):
        _, first = self.build("beta")
        with open(os.path.join(self.kept, "made-by"), "w") as out:
            out.write("3.0.0 another-platform\n")
        output, again = self.build("beta")
        self.assertIn("nothing kept", output)
        self.assertEqual(tree(again), tree(first))
        os.remove(os.path.join(self.kept, "made-by"))  # as the helper leaves it until it is done
        output, _ = self.build("beta")
        self.assertIn("nothing kept", output)


if __name__ == "__main__":
    unittest.main()

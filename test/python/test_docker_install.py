"""templates/docker-install.py.hbs, the generated docker-install.py: run with
this machine's pip on small wheels made here (no package index), as the
Dockerfile's installed-dependencies stage runs it, build after build on one
kept folder; each result is checked against a plain `pip install --prefix`
of the same requirements, which is what the image used to get."""
import base64
import hashlib
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
        self.bytecode = os.path.join(self.root, "pip-bytecode")
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
        """One build: the helper on the kept folder; returns (its output, the folder the image gets)."""
        self.builds += 1
        target = os.path.join(self.root, f"install-{self.builds}")
        run = subprocess.run(
            [sys.executable, self.helper, self.kept, target, self.wheelhouse, "--no-index", "--find-links", self.wheels, "--",
             *requirements],
            capture_output=True, text=True,
            # As the Dockerfile runs it: pip's bytecode goes to the cache mount (PYTHONPYCACHEPREFIX).
            env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_ROOT_USER_ACTION": "ignore",
                 "PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": self.bytecode},
        )
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        return run.stdout, target

    def fresh(self, *requirements):
        """What a plain install of the same requirements into an empty folder holds."""
        prefix = os.path.join(self.root, f"fresh-{self.builds}")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--prefix", prefix, "--ignore-installed",
             "--no-index", "--find-links", self.wheels, *requirements],
            check=True, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_ROOT_USER_ACTION": "ignore"},
        )
        return prefix

    def test_each_build_changes_only_what_changed_and_ends_like_a_fresh_install(self):
        output, first = self.build("alpha==1.0")
        self.assertIn("nothing kept", output)
        module = os.path.join(first, SITE, "alpha", "__pycache__")
        self.assertTrue(any(f.startswith("old.") for f in os.listdir(module)), "the modules are compiled")
        self.assertFalse(os.path.exists(os.path.join(first, SITE, "alpha", "tests", "__pycache__")),
                         "the package's tests get no bytecode")

        # pip runs in the helper's process; its bytecode, to the last module it imported (the
        # install command's), went to PYTHONPYCACHEPREFIX, not beside pip in the image.
        # (pip's folder asked of another process: importing pip here brings in distutils, which
        # setuptools in the tests that follow will not replace.)
        pip = subprocess.run([sys.executable, "-c", "import os, pip; print(os.path.dirname(pip.__file__))"],
                             capture_output=True, text=True, check=True).stdout.strip()
        commands = os.path.join(pip, "_internal", "commands")
        compiled = os.path.join(self.bytecode, commands.lstrip(os.sep), f"install.{sys.implementation.cache_tag}.pyc")
        self.assertTrue(os.path.exists(compiled), f"{compiled}: pip's bytecode in the prefix")
        output, added = self.build("alpha==1.0", "beta")
        self.assertIn("2 packages kept from the last build;", output)
        kept = os.path.join(added, SITE, "gamma", "__pycache__")
        self.assertTrue(os.listdir(kept), "the bytecode written in the first build was kept")
        self.assertTrue(all(f.endswith(".pyc") for f in os.listdir(kept)), os.listdir(kept))
        self.assertIn("removed: none; installing: beta 1.0", output)
        self.assertNotIn("dry run", output, "pip download's output said what it chose")
        self.assertEqual(tree(added), tree(self.fresh("alpha==1.0", "beta")))

        # alpha 2.0 no longer needs gamma: both the old alpha and gamma go.
        output, changed = self.build("alpha==2.0", "beta")
        self.assertIn("removed: alpha 1.0, gamma 1.0; installing: alpha 2.0", output)
        self.assertEqual(tree(changed), tree(self.fresh("alpha==2.0", "beta")))
        self.assertFalse(os.path.exists(os.path.join(changed, SITE, "gamma")))
        cache = os.path.join(changed, SITE, "alpha", "__pycache__")
        self.assertFalse([f for f in os.listdir(cache) if f.startswith("old.")], "old.py's bytecode went with it")
        self.assertTrue(os.path.exists(os.path.join(changed, "bin", "alpha")), "the console script is there")

        # A package named by its URL is installed again each time, as a fresh install would.
        wheel(self.root, "delta", "1.0")
        direct = "delta @ file://" + os.path.join(self.root, "delta-1.0-py3-none-any.whl")
        output, with_url = self.build("alpha==2.0", "beta", direct)
        self.assertIn("removed: none; installing: delta 1.0", output)
        self.assertIn("(a dry run)", output, "pip is asked where a package named by its URL comes from")
        output, again = self.build("alpha==2.0", "beta", direct)
        self.assertIn("removed: delta 1.0; installing: delta 1.0", output)
        self.assertEqual(tree(again), tree(self.fresh("alpha==2.0", "beta", direct)))

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

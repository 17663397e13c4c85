"""templates/docker-install-project.py.hbs, the generated docker-install-project.py: it
installs a project with a build backend of its own tree (a wheel holding a package, package
data, a script, data files and an entry point's command), and what it writes is checked
against what `pip install --prefix --no-deps --no-build-isolation .` writes for the same
project."""
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))
TEMPLATE = os.path.join(ROOT, "templates", "docker-install-project.py.hbs")

# A build backend in the project's tree (backend-path): it writes the wheel by hand, and
# prints, as backends do; FAIL in the environment makes it fail.
BACKEND = textwrap.dedent('''
    import base64, hashlib, os, zipfile

    FILES = {
        "sitecards/__init__.py": "GREETING = 'hello from sitecards'\\n",
        "sitecards/cli.py": "from sitecards import GREETING\\ndef main():\\n    print(GREETING)\\n",
        "sitecards/static/sitecards/site.css": "body { color: teal; }\\n",
        "sitecards-1.0.data/scripts/sitecards-report": "#!python\\nprint('report')\\n",
        "sitecards-1.0.data/data/share/sitecards/notes.txt": "notes\\n",
        "sitecards-1.0.dist-info/METADATA": "Metadata-Version: 2.1\\nName: sitecards\\nVersion: 1.0\\n"
            + "Requires-Python: " + os.environ.get("REQUIRES_PYTHON", ">=3") + "\\n",
        "sitecards-1.0.dist-info/WHEEL": "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
        "sitecards-1.0.dist-info/entry_points.txt": "[console_scripts]\\nsitecards-hello = sitecards.cli:main\\n",
        # A module that does not compile: pip installs it without bytecode.
        "sitecards/legacy.py": "print 'python 2'\\n",
    }
    # Enough modules for the bytecode to be written by several processes.
    FILES.update({f"sitecards/cards/card{i}.py": f"NUMBER = {i}\\n" for i in range(300)})

    def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
        print("backend: writing the wheel", flush=True)
        if os.environ.get("FAIL"):
            raise RuntimeError("backend: this project cannot be built")
        name = "sitecards-1.0-py3-none-any.whl"
        record = []
        with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as archive:
            for path, text in FILES.items():
                member = zipfile.ZipInfo(path)
                member.external_attr = (0o100755 if "/scripts/" in path else 0o100644) << 16
                archive.writestr(member, text)
                digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
                record.append(f"{path},sha256={digest.decode()},{len(text)}\\n")
            record.append("sitecards-1.0.dist-info/RECORD,,\\n")
            archive.writestr("sitecards-1.0.dist-info/RECORD", "".join(record))
        return name
''')


def render():
    with open(TEMPLATE, encoding="utf-8") as handle:
        return re.sub(r"\{\{[^}]*\}\}", "", handle.read())


def tree(prefix):
    """Every file under prefix: its path and mode; for the project's own files, their content."""
    files = {}
    for folder, _, names in os.walk(prefix):
        for name in names:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, prefix)
            with open(path, "rb") as handle:
                content = handle.read()
            generated = relative.endswith((".pyc", "RECORD", "INSTALLER")) or "/bin/sitecards-hello" in "/" + relative
            files[relative] = (oct(os.stat(path).st_mode & 0o777), None if generated else content)
    return files


class DockerInstallProject(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="cdd-project-")
        self.addCleanup(shutil.rmtree, self.root, ignore_errors=True)
        self.source = os.path.join(self.root, "src")
        os.makedirs(os.path.join(self.source, "backend"))
        with open(os.path.join(self.source, "backend", "cardbuild.py"), "w") as handle:
            handle.write(BACKEND)
        with open(os.path.join(self.source, "pyproject.toml"), "w") as handle:
            handle.write('[build-system]\nrequires = []\nbuild-backend = "cardbuild"\nbackend-path = ["backend"]\n')
        self.helper = os.path.join(self.root, "docker-install-project.py")
        with open(self.helper, "w") as handle:
            handle.write(render())

    def helper_run(self, prefix, **env):
        return subprocess.run(
            [sys.executable, self.helper, prefix, "cardbuild", "backend"],
            cwd=self.source, capture_output=True, text=True, env={**os.environ, **env},
        )

    def test_it_installs_what_pip_installs_and_the_commands_run(self):
        ours, pips = os.path.join(self.root, "ours"), os.path.join(self.root, "pip")
        result = self.helper_run(ours)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("backend: writing the wheel", result.stdout + result.stderr)
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--prefix", pips, "--no-deps",
             "--no-build-isolation", "--no-index", "--disable-pip-version-check", "."],
            cwd=self.source, check=True, capture_output=True,
        )
        pip_tree = {path: value for path, value in tree(pips).items()
                    if not path.endswith(("direct_url.json", "REQUESTED"))}
        self.maxDiff = None
        self.assertEqual(tree(ours), pip_tree)
        tag = "cpython-%d%d" % sys.version_info[:2]
        self.assertIn(f"sitecards/cards/__pycache__/card299.{tag}.pyc", "\n".join(pip_tree))
        self.assertNotIn(f"legacy.{tag}.pyc", "\n".join(pip_tree))

        site_packages = sysconfig.get_path("purelib", vars={"base": ours})
        with open(os.path.join(site_packages, "sitecards-1.0.dist-info", "RECORD")) as handle:
            listed = {line.split(",")[0] for line in handle}
        installed = {os.path.relpath(os.path.join(ours, path), site_packages) for path in tree(ours)}
        self.assertEqual(listed, installed)

        env = {**os.environ, "PYTHONPATH": site_packages}
        command = os.path.join(ours, "bin", "sitecards-hello")
        self.assertEqual(subprocess.run([command], env=env, capture_output=True, text=True).stdout,
                         "hello from sitecards\n")
        report = os.path.join(ours, "bin", "sitecards-report")
        self.assertEqual(subprocess.run([report], capture_output=True, text=True).stdout, "report\n")

    def test_a_project_for_another_python_is_not_installed(self):
        result = self.helper_run(os.path.join(self.root, "ours"), REQUIRES_PYTHON="<3")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("the project requires Python <3; this image has %d.%d" % sys.version_info[:2], result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.root, "ours")))

    def test_a_failing_backend_fails_the_step_and_shows_its_output(self):
        result = self.helper_run(os.path.join(self.root, "ours"), FAIL="1")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("backend: writing the wheel", result.stderr)
        self.assertIn("this project cannot be built", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.root, "ours")))


if __name__ == "__main__":
    unittest.main()

"""src/python/server.py: the one Python process of a run, spoken to as
src/python/run.ts speaks to it."""
import json
import os
import subprocess
import sys
import threading
import unittest

from tool import PYTHON_DIR, project, run_job

SETTINGS = {"manage.py": "", "site/__init__.py": "", "site/settings.py": "DEBUG = False\n"}


class Protocol(unittest.TestCase):
    def start(self):
        process = subprocess.Popen(
            [sys.executable, "-B", os.path.join(PYTHON_DIR, "server.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # A server that stops answering fails the test instead of hanging it.
        timer = threading.Timer(60, process.kill)
        timer.start()
        self.addCleanup(timer.cancel)
        self.addCleanup(process.wait)
        self.addCleanup(process.stderr.close)
        self.addCleanup(process.stdout.close)
        return process

    def ask(self, process, id, job, cwd, request):
        process.stdin.write(json.dumps({"id": id, "job": job, "cwd": cwd, "request": request}) + "\n")
        process.stdin.flush()
        return json.loads(process.stdout.readline())

    def test_answers_in_order_and_nothing_printed_gets_in_the_way(self):
        # setup.py prints, and so does a program it starts (straight to fd 1),
        # and it reads stdin: none of that may touch the answers or the requests.
        noisy = project(
            self,
            {
                "setup.py": "import os, sys\nprint('from setup.py')\nos.system('echo from a child')\n"
                "sys.stdin.read()\nfrom setuptools import setup\nsetup(name='noisy', version='1')\n",
            },
        )
        site = project(self, SETTINGS)
        process = self.start()
        egg = os.path.join(noisy, "egg")
        first = self.ask(process, 1, "setup-py", noisy, {"cwd": noisy, "eggBase": egg})
        second = self.ask(process, 2, "settings", site, {"root": site, "settingsModules": ["site.settings"]})
        process.stdin.close()
        self.assertEqual(process.wait(timeout=60), 0)
        self.assertEqual([first["id"], first["ok"], first["result"]["exitCode"]], [1, True, 0])
        self.assertIn("from a child", first["output"])
        self.assertEqual([second["id"], second["ok"]], [2, True])
        self.assertIs(second["result"]["settings"]["site.settings"]["names"]["DEBUG"]["value"], False)

    def test_started_through_boot_it_says_what_it_is_then_answers(self):
        site = project(self, SETTINGS)
        process = subprocess.Popen(
            [sys.executable, "-B", os.path.join(PYTHON_DIR, "boot.py"), "--warm", "setuptools"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        version, executable = process.stdout.readline().rstrip("\n").split(" ", 1)
        answer = self.ask(process, 1, "settings", site, {"root": site, "settingsModules": ["site.settings"]})
        process.stdin.close()
        process.wait(timeout=60)
        process.stdout.close()
        process.stderr.close()
        self.assertEqual(version, "%d.%d.%d" % sys.version_info[:3])
        self.assertEqual(executable, sys.executable)
        self.assertTrue(answer["ok"], answer["output"])

    def test_a_job_that_fails_says_why_and_the_next_one_still_runs(self):
        process = self.start()
        site = project(self, SETTINGS)
        failed = self.ask(process, 1, "installed-files", site, {"buildLib": "lib", "eggBase": "egg"})
        after = self.ask(process, 2, "settings", site, {"root": site, "settingsModules": ["site.settings"]})
        process.stdin.close()
        process.wait(timeout=60)
        self.assertFalse(failed["ok"])
        self.assertIn("Traceback", failed["output"])
        self.assertTrue(after["ok"])


class Isolation(unittest.TestCase):
    def test_a_projects_modules_do_not_answer_for_the_next_project(self):
        # Both setup.py files read their version from a package of the same name.
        versions = []
        for version in ("1.0", "2.0"):
            root = project(
                self,
                {
                    "setup.py": "from setuptools import setup\nfrom mypkg import VERSION\n"
                    "setup(name='mypkg', version=VERSION, packages=['mypkg'])\n",
                    "mypkg/__init__.py": "VERSION = %r\n" % version,
                },
            )
            answer = run_job("setup-py", root, {"cwd": root, "eggBase": os.path.join(root, "egg")})
            self.assertTrue(answer["ok"], answer["output"])
            self.assertEqual(answer["result"]["exitCode"], 0, answer["result"]["stderr"])
            with open(os.path.join(root, "egg", "mypkg.egg-info", "PKG-INFO"), encoding="utf-8") as handle:
                versions += [line.split(": ")[1].strip() for line in handle if line.startswith("Version:")]
        self.assertEqual(versions, ["1.0", "2.0"])

    def test_a_scratch_folder_removed_and_made_again_is_written_again(self):
        # As inspection runs egg_info twice (declaration files alone, then the
        # whole context) into one egg folder, removed before each run.
        egg = os.path.join(project(self, {}), "egg")
        for _ in range(2):
            root = project(self, {"setup.py": "from setuptools import setup\nsetup(name='twice', version='1')\n"})
            answer = run_job("setup-py", root, {"cwd": root, "eggBase": egg})
            self.assertEqual(answer["result"]["exitCode"], 0, answer["result"]["stderr"])
            self.assertTrue(os.path.exists(os.path.join(egg, "twice.egg-info", "PKG-INFO")))

    def test_the_folder_it_runs_in_is_restored(self):
        before = os.getcwd()
        site = project(self, SETTINGS)
        run_job("settings", site, {"root": site, "settingsModules": []})
        self.assertEqual(os.getcwd(), before)


if __name__ == "__main__":
    unittest.main()

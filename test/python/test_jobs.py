"""The server's jobs on small projects: what each tells Node."""
import os
import unittest

from tool import project, run_job


def answer(test, job, cwd, request):
    result = run_job(job, cwd, request)
    test.assertTrue(result["ok"], result["output"])
    return result["result"]


class Settings(unittest.TestCase):
    """inspect_project.py: settings read from source, never imported."""

    def test_values_and_the_variables_the_settings_need(self):
        root = project(
            self,
            {
                "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n",
                "site/__init__.py": "",
                "site/base.py": "import os\nSTATIC_URL = '/static/'\nREGION = os.environ['REGION']\n",
                "site/settings.py": "import os\nimport missing_package\nfrom .base import *\n"
                "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nDEBUG = os.environ.get('DEBUG') == '1'\n",
            },
        )
        found = answer(self, "settings", root, {"root": root, "entryFiles": ["manage.py"], "settingsModules": ["site.settings"]})
        self.assertEqual(found["defaults"], {"manage.py": "site.settings"})
        settings = found["settings"]["site.settings"]
        self.assertEqual(settings["file"], os.path.join("site", "settings.py"))
        self.assertEqual(settings["names"]["STATIC_URL"]["value"], "/static/")
        self.assertEqual([r["name"] for r in found["required"]["site.settings"]], ["REGION", "DJANGO_SECRET_KEY"])
        self.assertIn("DEBUG", [read["name"] for read in settings["env"] if not read["required"]])

    def test_a_syntax_error_is_reported_with_its_line(self):
        root = project(self, {"site/__init__.py": "", "site/settings.py": "DEBUG = True\nAPPS = [\n"})
        found = answer(self, "settings", root, {"root": root, "settingsModules": ["site.settings"]})
        self.assertEqual(found["unreadable"]["site.settings"]["line"], 2)


class SetupPyFacts(unittest.TestCase):
    """setup_py_facts.py: egg_info with the declaration files alone."""

    SETUP = (
        "from setuptools import setup, find_packages, Extension\n"
        "setup(name='shop', version='1', long_description=open('README.md').read(),\n"
        "      packages=find_packages(), install_requires=['Django>=4.2'],\n"
        "      ext_modules=[Extension('shop._speedups', ['shop/_speedups.c'])])\n"
    )

    def test_files_setup_py_opens_are_copied_in_and_the_facts_read(self):
        source = project(self, {"setup.py": self.SETUP, "README.md": "Shop\n", "shop/__init__.py": "", "shop/_speedups.c": ""})
        scratch = project(self, {"setup.py": self.SETUP})
        egg = os.path.join(scratch, "egg")
        found = answer(
            self,
            "setup-py",
            scratch,
            {"cwd": scratch, "eggBase": egg, "copyFrom": source, "maxExtraFiles": 5, "topLevelIn": source},
        )
        self.assertEqual(found["exitCode"], 0, found["stderr"])
        self.assertEqual(found["addedFiles"], ["README.md"])
        self.assertTrue(found["hasExtensions"])
        self.assertEqual(found["topLevel"], ["shop"])
        with open(os.path.join(egg, "shop.egg-info", "requires.txt"), encoding="utf-8") as handle:
            self.assertEqual(handle.read().split(), ["Django>=4.2"])

    def test_a_failing_setup_py_gives_its_error_not_an_exception(self):
        scratch = project(self, {"setup.py": "raise RuntimeError('no version file')\n"})
        found = answer(self, "setup-py", scratch, {"cwd": scratch, "eggBase": os.path.join(scratch, "egg")})
        self.assertEqual(found["exitCode"], 1)
        self.assertIn("RuntimeError: no version file", found["stderr"])


class InstalledFiles(unittest.TestCase):
    """list_installed_files.py: what installing keeps, beside what is on disk."""

    def test_templates_not_declared_as_package_data_are_not_installed(self):
        root = project(
            self,
            {
                "setup.py": "from setuptools import setup, find_packages\n"
                "setup(name='polls', version='1', packages=find_packages())\n",
                "polls/__init__.py": "",
                "polls/views.py": "",
                "polls/templates/polls/index.html": "<p></p>\n",
                "templates/base.html": "<html></html>\n",
            },
        )
        os.mkdir(os.path.join(root, "egg"))  # as Node makes it
        found = answer(
            self, "installed-files", root, {"buildLib": os.path.join(root, "build"), "eggBase": os.path.join(root, "egg")}
        )
        self.assertEqual(found["packages"], {"polls": "polls"})
        self.assertEqual(found["installed"], ["polls/__init__.py", "polls/views.py"])
        self.assertIn("polls/templates/polls/index.html", found["packageFiles"])
        self.assertEqual(found["outsidePackages"], ["templates"])
        self.assertEqual(found["configFile"], "setup.py")


if __name__ == "__main__":
    unittest.main()

"""templates/lock-converters/*.py, the body of the generated
docker-requirements.py: run as the Dockerfile runs it, in a folder holding
only the lock (the samples in test/lock-samples/, which the TypeScript
tests read too)."""
import os
import shutil
import subprocess
import sys
import unittest

from tool import CONVERTERS_DIR, LOCK_SAMPLES_DIR, project


def convert(test, converter, file, text, **env):
    root = project(test, {file: text})
    shutil.copyfile(os.path.join(CONVERTERS_DIR, converter + ".py"), os.path.join(root, "docker-requirements.py"))
    result = subprocess.run(
        [sys.executable, "-B", "docker-requirements.py"],
        cwd=root,
        env={**os.environ, "DEPENDENCY_EXTRAS": "", "DEPENDENCY_GROUPS": "", **env},
        capture_output=True,
        text=True,
    )
    test.assertEqual(result.returncode, 0, result.stderr)
    return result.stdout.splitlines()


def sample(name):
    with open(os.path.join(LOCK_SAMPLES_DIR, name), encoding="utf-8") as handle:
        return handle.read()


class Converters(unittest.TestCase):
    def test_uv_walks_the_projects_graph_keeping_markers(self):
        self.assertEqual(
            convert(self, "uv", "uv.lock", sample("uv.lock")),
            ["asgiref==3.8.1", "django==5.1.4", "sqlparse==0.5.3", "tzdata==2024.2; (sys_platform == 'win32')"],
        )
        self.assertIn("pytest-django==4.9.0", convert(self, "uv", "uv.lock", sample("uv.lock"), DEPENDENCY_GROUPS="dev"))

    def test_uv_keeps_git_commits_and_entries_split_by_markers(self):
        lines = convert(self, "uv", "uv.lock", sample("uv-real.lock"))
        self.assertIn(
            "django-extra-fields @ git+https://github.com/example/django-extra-fields@3f2a1c0d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f",
            lines,
        )
        self.assertIn("torch==2.5.1; (sys_platform == 'darwin')", lines)

    def test_poetry_main_group_then_an_extra_and_what_it_pulls_in(self):
        lock = sample("poetry.lock")
        self.assertEqual(
            convert(self, "poetry", "poetry.lock", lock),
            ["asgiref==3.8.1", "django==5.1.4", 'tzdata==2024.2; sys_platform == "win32"'],
        )
        with_extra = convert(self, "poetry", "poetry.lock", lock, DEPENDENCY_EXTRAS="postgres")
        self.assertTrue({"psycopg==3.2.3", "typing-extensions==4.12.2"} <= set(with_extra))
        self.assertNotIn("pytest==8.3.4", with_extra)

    def test_pipenv_default_packages_without_the_project_itself(self):
        lock = sample("Pipfile.lock")
        self.assertEqual(
            convert(self, "pipenv", "Pipfile.lock", lock),
            ["asgiref==3.8.1", "django==5.1.4", "tzdata==2024.2; sys_platform == 'win32'"],
        )
        self.assertIn("pytest==8.3.4", convert(self, "pipenv", "Pipfile.lock", lock, DEPENDENCY_GROUPS="develop"))

    def test_pyproject_extras_and_groups_with_include_group(self):
        text = (
            '[project]\nname = "site"\ndependencies = ["Django>=5"]\n'
            '[project.optional-dependencies]\ns3 = ["boto3"]\n'
            '[dependency-groups]\nlint = ["ruff"]\nci = [{include-group = "lint"}, "coverage"]\n'
        )
        self.assertEqual(
            convert(self, "pyproject", "pyproject.toml", text, DEPENDENCY_EXTRAS="s3", DEPENDENCY_GROUPS="ci"),
            ["Django>=5", "boto3", "ruff", "coverage"],
        )

    def test_requires_txt_base_marked_base_and_chosen_extras(self):
        text = 'Django>=4.2\n\n[:python_version < "3.11"]\ntomli\n\n[pg]\npsycopg2\n\n[s3:sys_platform == "linux"]\nboto3\n'
        self.assertEqual(
            convert(self, "requires-txt", "site.egg-info/requires.txt", text, DEPENDENCY_EXTRAS="s3"),
            ["Django>=4.2", 'tomli; python_version < "3.11"', 'boto3; sys_platform == "linux"'],
        )


if __name__ == "__main__":
    unittest.main()

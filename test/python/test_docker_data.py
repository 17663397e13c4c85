"""templates/docker-data.py.hbs, the generated docker-data.py: run on a
scratch project folder with stand-in Django settings, as the Dockerfile's
static stage runs it, and checked for what the image then holds."""
import os
import re
import shutil
import sys
import tempfile
import types
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))
TEMPLATE = os.path.join(ROOT, "templates", "docker-data.py.hbs")


def load(settings):
    """The helper as a module, importing `settings` as django.conf's."""
    with open(TEMPLATE, encoding="utf-8") as handle:
        # Only its header comment holds template tags.
        source = re.sub(r"\{\{[^}]*\}\}", "", handle.read())
    django = types.ModuleType("django")
    conf = types.ModuleType("django.conf")
    conf.settings = settings
    django.conf = conf
    saved = {name: sys.modules.get(name) for name in ("django", "django.conf")}
    sys.modules.update({"django": django, "django.conf": conf})
    try:
        module = types.ModuleType("docker_data")
        exec(compile(source, TEMPLATE, "exec"), module.__dict__)
    finally:
        for name, old in saved.items():
            if old is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = old
    return module


class DockerData(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="cdd-data-")
        self.addCleanup(shutil.rmtree, self.root, ignore_errors=True)
        self.project = os.path.join(self.root, "opt", "project")
        self.staged = os.path.join(self.root, "collected", "app", "data")
        os.makedirs(os.path.join(self.project, "src", "site"))

    def run_helper(self, **settings):
        names = {"DATABASES": {}, "MEDIA_ROOT": ""}
        names.update(settings)
        helper = load(types.SimpleNamespace(**names))
        helper.PROJECT = self.project + os.sep
        helper.main("/app/data", self.staged)

    def test_a_sqlite_database_in_the_project_moves_to_the_data_folder_and_is_linked(self):
        database = os.path.join(self.project, "src", "db.sqlite3")
        with open(database, "w") as handle:
            handle.write("built at build time")
        self.run_helper(DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": database}})
        self.assertEqual(os.readlink(database), "/app/data/db.sqlite3")
        with open(os.path.join(self.staged, "db.sqlite3")) as handle:
            self.assertEqual(handle.read(), "built at build time")

    def test_a_database_not_made_yet_is_still_linked_in_a_folder_made_for_it(self):
        database = os.path.join(self.project, "src", "var", "site.db")
        self.run_helper(DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": database}})
        self.assertEqual(os.readlink(database), "/app/data/site.db")
        self.assertFalse(os.path.exists(os.path.join(self.staged, "site.db")))

    def test_uploads_move_and_an_empty_media_folder_is_made(self):
        media = os.path.join(self.project, "src", "media")
        self.run_helper(MEDIA_ROOT=media)
        self.assertEqual(os.readlink(media), "/app/data/media")
        self.assertTrue(os.path.isdir(os.path.join(self.staged, "media")))

    def test_a_media_root_holding_code_stays_where_it_is(self):
        # MEDIA_ROOT = BASE_DIR: linking it away would take the site's code with it.
        site = os.path.join(self.project, "src", "site")
        with open(os.path.join(site, "views.py"), "w") as handle:
            handle.write("")
        self.run_helper(MEDIA_ROOT=site)
        self.assertFalse(os.path.islink(site))
        self.assertFalse(os.path.exists(os.path.join(self.staged, "media")))

    def test_other_databases_and_paths_outside_the_project_are_left_alone(self):
        elsewhere = os.path.join(self.root, "srv", "db.sqlite3")
        self.run_helper(DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": elsewhere}})
        self.run_helper(DATABASES={"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop"}})
        self.run_helper(DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})
        self.assertFalse(os.path.lexists(elsewhere))
        self.assertEqual(os.listdir(self.staged), [])


if __name__ == "__main__":
    unittest.main()

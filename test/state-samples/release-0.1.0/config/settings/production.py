import os

from .base import *  # noqa: F403

DEBUG = False
# No fallback: a production site must never start with a known key.
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")

"""Starts the tool's Python, src/python/server.py, on an interpreter new
enough for it. Any Python can run this file, 2.7 included: it first says
on one line what it is ("3.11.7 /usr/bin/python3"), which is how
create-django-docker checks the version and learns the interpreter's path
without a Python start of its own. Arguments after this file's path go to
the server.
"""
import sys

sys.stdout.write("%d.%d.%d %s\n" % (tuple(sys.version_info[:3]) + (sys.executable,)))
sys.stdout.flush()
if sys.version_info >= (3, 8):
    import os
    import runpy

    runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "server.py"), run_name="__main__")

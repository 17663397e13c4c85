"""Reads Django facts from source files without importing them.

Run by create-django-docker with a JSON request on stdin; prints one JSON
object on stdout. Only the standard library is used and nothing is written:
the project's code is parsed (ast), never executed, so settings that need
environment variables or missing packages can still be read.
"""
import ast
import json
import os
import sys

# The settings names the tool makes decisions from.
WANTED = {
    "WSGI_APPLICATION",
    "ASGI_APPLICATION",
    "STATIC_ROOT",
    "STATIC_URL",
    "LOCALE_PATHS",
    "INSTALLED_APPS",
    "MIDDLEWARE",
}


class Unreadable(Exception):
    def __init__(self, path, message, line=None):
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line


def parse(path):
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise Unreadable(path, exc.strerror or str(exc))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise Unreadable(path, "is not valid UTF-8 (byte 0x%02x)" % raw[exc.start], line)
    try:
        return ast.parse(text, filename=path), text
    except SyntaxError as exc:
        raise Unreadable(path, "has a syntax error: %s" % exc.msg, exc.lineno)


def settings_default(path):
    """The module named by os.environ.setdefault("DJANGO_SETTINGS_MODULE", ...)."""
    tree, _ = parse(path)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "setdefault"):
            continue
        key, value = node.args[0], node.args[1]
        if (
            isinstance(key, ast.Constant)
            and key.value == "DJANGO_SETTINGS_MODULE"
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
        ):
            return value.value
    return None


def module_file(root, module):
    base = os.path.join(root, *module.split("."))
    for candidate in (base + ".py", os.path.join(base, "__init__.py")):
        if os.path.isfile(candidate):
            return candidate
    return None


def resolve_relative(module, is_package, level, name):
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    if name:
        parts = parts + name.split(".")
    return ".".join(parts)


def read_settings(root, module, seen):
    """Top-level assignments of a settings module, following star imports of
    sibling modules (settings/production.py doing `from .base import *`)."""
    path = module_file(root, module)
    if path is None:
        return None
    if module in seen:
        return {"file": path, "names": {}}
    seen.add(module)
    tree, text = parse(path)
    names = {}
    is_package = path.endswith("__init__.py")
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            target = (
                resolve_relative(module, is_package, node.level, node.module)
                if node.level
                else node.module
            )
            inner = read_settings(root, target, seen) if target else None
            if inner:
                names.update(inner["names"])
            continue
        targets = []
        value = None
        augmented = False
        if isinstance(node, ast.Assign):
            targets = [t for t in node.targets if isinstance(t, ast.Name)]
            value = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            targets = [node.target]
            value = node.value
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            targets = [node.target]
            value = node.value
            augmented = True
        for target in targets:
            if target.id not in WANTED:
                continue
            try:
                literal = ast.literal_eval(value)
                known = True
            except (ValueError, TypeError, SyntaxError, RecursionError):
                literal, known = None, False
            previous = names.get(target.id)
            if augmented and previous and previous.get("known") and known:
                if isinstance(previous["value"], (list, tuple)) and isinstance(literal, (list, tuple)):
                    literal = list(previous["value"]) + list(literal)
                else:
                    known = False
            elif augmented:
                known = False
            names[target.id] = {
                "value": literal if known else None,
                "known": known,
                "expr": ast.get_source_segment(text, value) or "",
                "file": os.path.relpath(path, root),
                "line": node.lineno,
            }
    return {"file": path, "names": names}


def main():
    request = json.load(sys.stdin)
    root = request["root"]
    result = {"defaults": {}, "settings": {}, "unreadable": {}, "errors": []}
    for rel in request.get("entryFiles", []):
        try:
            result["defaults"][rel] = settings_default(os.path.join(root, rel))
        except Unreadable as exc:
            result["errors"].append(
                {"file": os.path.relpath(exc.path, root), "message": exc.message, "line": exc.line}
            )
    for module in request.get("settingsModules", []):
        try:
            found = read_settings(root, module, set())
        except Unreadable as exc:
            result["unreadable"][module] = {
                "file": os.path.relpath(exc.path, root),
                "message": exc.message,
                "line": exc.line,
            }
            continue
        if found is not None:
            found["file"] = os.path.relpath(found["file"], root)
            result["settings"][module] = found
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()

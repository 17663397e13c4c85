"""Environment variables a settings module cannot be imported without.

Run by create-django-docker with a JSON request on stdin ({"root", "modules"});
prints {"module": [{"name", "kind", "file", "line"}]} on stdout. The code is
parsed (ast), never executed. A read counts when it runs whenever the module
is imported (not inside a function, if, try or loop) and has no default:

    os.environ["NAME"]                    (or `from os import environ`)
    env("NAME"), env.str/bool/int/...("NAME")   django-environ, no default=
    env.db() / env.db_url()               django-environ: DATABASE_URL
    config("NAME")                        python-decouple, no default=

`kind` says what value parses: "bool", "int", "url" (a database URL), "cache"
(a django-environ cache URL), "email" (an email URL), "dsn" (a Sentry-style
DSN, for a name ending in DSN) or "str".
"""
import ast
import json
import os
import sys

CONDITIONAL = tuple(
    getattr(ast, name)
    for name in (
        "If", "IfExp", "Try", "TryStar", "While", "For", "AsyncFor", "With", "Match", "BoolOp",
        "FunctionDef", "AsyncFunctionDef", "ClassDef", "Lambda",
    )
    if hasattr(ast, name)
)
ENVIRON_CASTS = {
    "bool": "bool", "int": "int", "float": "int", "db": "url", "db_url": "url",
    "cache": "cache", "cache_url": "cache", "email": "email", "email_url": "email",
}
DECOUPLE_CASTS = {"bool": "bool", "int": "int", "float": "int"}


def module_file(root, module):
    base = os.path.join(root, *module.split("."))
    for candidate in (base + ".py", os.path.join(base, "__init__.py")):
        if os.path.isfile(candidate):
            return candidate
    return None


def star_import(module, is_package, node):
    if not node.level:
        return node.module
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]
    if node.level > 1:
        parts = parts[: len(parts) - (node.level - 1)]
    return ".".join(parts + (node.module.split(".") if node.module else []))


def constant(node):
    node = getattr(node, "value", node) if type(node).__name__ == "Index" else node
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def callee(func):
    """("env", "bool") for env.bool(...), ("config", None) for config(...)."""
    if isinstance(func, ast.Name):
        return func.id, None
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id, func.attr
    return None, None


def read_of(node, env_defaults):
    """(name, kind) when `node` reads a variable it has no default for."""
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
        value = node.value
        is_environ = (isinstance(value, ast.Attribute) and value.attr == "environ") or (
            isinstance(value, ast.Name) and value.id == "environ"
        )
        name = constant(node.slice) if is_environ else None
        return (name, "str") if name else None
    if not isinstance(node, ast.Call):
        return None
    keywords = {k.arg for k in node.keywords}
    owner, method = callee(node.func)
    if owner == "env":
        if method in ("db", "db_url") and not node.args and "default" not in keywords:
            return ("DATABASE_URL", "url")
        name = constant(node.args[0]) if node.args else None
        if name and len(node.args) == 1 and "default" not in keywords and name not in env_defaults:
            return (name, ENVIRON_CASTS.get(method or "", "str"))
    if owner == "config" and method is None and node.args:
        name = constant(node.args[0])
        if name and len(node.args) == 1 and "default" not in keywords:
            cast = next((k.value for k in node.keywords if k.arg == "cast"), None)
            return (name, DECOUPLE_CASTS.get(getattr(cast, "id", ""), "str"))
    return None


def env_scheme_defaults(tree):
    """Names given a default in environ.Env(NAME=(type, default))."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and callee(node.func) in (("environ", "Env"), ("Env", None)):
            for keyword in node.keywords:
                if isinstance(keyword.value, ast.Tuple) and len(keyword.value.elts) > 1:
                    names.add(keyword.arg)
    return names


def required_reads(root, module, seen):
    path = module_file(root, module)
    if path is None or module in seen:
        return []
    seen.add(module)
    try:
        with open(path, "rb") as handle:
            tree = ast.parse(handle.read())
    except (OSError, SyntaxError, ValueError):
        return []
    defaults = env_scheme_defaults(tree)
    found = []

    def visit(node):
        if isinstance(node, CONDITIONAL):
            return
        read = read_of(node, defaults)
        if read:
            kind = "dsn" if read[1] == "str" and read[0].endswith("DSN") else read[1]
            found.append({"name": read[0], "kind": kind, "file": os.path.relpath(path, root), "line": node.lineno})
        for child in ast.iter_child_nodes(node):
            visit(child)

    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom) and any(a.name == "*" for a in statement.names):
            target = star_import(module, path.endswith("__init__.py"), statement)
            found.extend(required_reads(root, target, seen) if target else [])
        else:
            visit(statement)
    return found


def main():
    request = json.load(sys.stdin)
    result = {}
    for module in request["modules"]:
        reads, names = [], set()
        for read in required_reads(request["root"], module, set()):
            if read["name"] not in names and read["name"] != "DJANGO_SETTINGS_MODULE":
                names.add(read["name"])
                reads.append(read)
        result[module] = reads
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()

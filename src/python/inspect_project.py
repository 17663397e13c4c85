"""Reads Django facts from source files without importing them.

A job of src/python/server.py: run(request) takes {"root", "entryFiles",
"settingsModules"} and returns what it found. Only the standard library is used and nothing is written: the
project's code is parsed (ast), never executed, so settings that need
environment variables or missing packages can still be read.

For each settings module, resolved to its file and followed through its
star imports once, it reports:

- settings: the top-level values of WANTED, and every environment variable
  read through os.environ / os.getenv (env_reads: required or with a
  fallback, and the setting it feeds), for the run-time environment;
- required: the variables the module cannot be imported without
  (import_time_reads), for the build steps that import the settings:

    os.environ["NAME"]                    (or `from os import environ`)
    env("NAME"), env.str/bool/int/...("NAME")   django-environ, no default=
    env.db() / env.db_url()               django-environ: DATABASE_URL
    config("NAME")                        python-decouple, no default=

  `kind` says what value parses: "bool", "int", "url" (a database URL),
  "cache" (a django-environ cache URL), "email" (an email URL), "dsn" (a
  Sentry-style DSN, for a name ending in DSN) or "str".
"""
import ast
import copy
import glob
import os

# The settings names the tool makes decisions from.
WANTED = {
    "WSGI_APPLICATION",
    "ASGI_APPLICATION",
    "STATIC_ROOT",
    "STATIC_URL",
    "LOCALE_PATHS",
    "INSTALLED_APPS",
    "MIDDLEWARE",
    # Front end and build-time static steps.
    "STATICFILES_DIRS",
    "STATICFILES_FINDERS",
    "STORAGES",
    "STATICFILES_STORAGE",
    "COMPRESS_ENABLED",
    "COMPRESS_OFFLINE",
    "NPM_ROOT_PATH",
    "WEBPACK_LOADER",
    "DJANGO_VITE",
    "DJANGO_VITE_ASSETS_PATH",
    "DJANGO_VITE_DEV_MODE",
    "DJANGO_VITE_MANIFEST_PATH",
    "DATABASES",
    "MEDIA_ROOT",
    "SECRET_KEY",
    "DEBUG",
    "RQ_QUEUES",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
}
# On/off settings whose value with no variable set, and the value that turns them off, are worked out.
SWITCHES = {"DEBUG", "SECURE_SSL_REDIRECT"}
# Settings whose value is evaluated as file system paths (BASE_DIR / "x").
PATH_VALUED = {"STATICFILES_DIRS", "NPM_ROOT_PATH", "STATIC_ROOT", "DJANGO_VITE_ASSETS_PATH", "DJANGO_VITE_MANIFEST_PATH"}
# Dict settings whose entries name build outputs: {setting: keys read as paths}.
KEYED_PATHS = {"WEBPACK_LOADER": {"STATS_FILE"}, "DJANGO_VITE": {"manifest_path"}}


def keyed_paths(node, keys, scope, root):
    """Each config of a dict setting ({"default": {...}}) with its path keys
    made absolute and its plain string values: [{"name": .., key: ..}]."""
    found = []
    if not isinstance(node, ast.Dict):
        return found
    for name, config in zip(node.keys, node.values):
        if not isinstance(config, ast.Dict):
            continue
        entry = {"name": constant(name) if name is not None else None}
        for key, value in zip(config.keys, config.values):
            key = constant(key) if key is not None else None
            if key in keys:
                path = path_value(value, scope)
                if isinstance(path, str):
                    entry[key] = os.path.join(os.path.abspath(root), path)
            elif key is not None and constant(value) is not None:
                entry[key] = constant(value)
        found.append(entry)
    return found


def path_value(node, scope):
    """The absolute path(s) an expression builds from __file__ and earlier
    path names (BASE_DIR = Path(__file__).resolve().parent.parent, then
    BASE_DIR / "static", os.path.join(BASE_DIR, "static"), str(...)), else
    None. A list or tuple gives a list; a ("prefix", path) entry its path."""
    if isinstance(node, (ast.List, ast.Tuple)):
        if isinstance(node, ast.Tuple) and len(node.elts) == 2 and constant(node.elts[0]) is not None:
            return path_value(node.elts[1], scope)
        items = [path_value(e, scope) for e in node.elts]
        return [i for i in items if isinstance(i, str)]
    if isinstance(node, ast.Name):
        return scope.get(node.id)
    text = constant(node)
    if text is not None:
        return text
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        left, right = path_value(node.left, scope), path_value(node.right, scope)
        return os.path.join(left, right) if isinstance(left, str) and isinstance(right, str) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) and isinstance(node.right, ast.Constant):
        # django-environ: environ.Path(__file__) - 2 is two folders up.
        base = path_value(node.left, scope)
        if isinstance(base, str) and isinstance(node.right.value, int):
            for _ in range(node.right.value):
                base = os.path.dirname(base)
            return base
        return None
    if isinstance(node, ast.Attribute):
        base = path_value(node.value, scope)
        if node.attr == "parent" and isinstance(base, str):
            return os.path.dirname(base)
        return None
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "parents":
        base = path_value(node.value.value, scope)
        index = node.slice.value if isinstance(node.slice, ast.Constant) else None
        if isinstance(base, str) and isinstance(index, int):
            for _ in range(index + 1):
                base = os.path.dirname(base)
            return base
        return None
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    args = [path_value(a, scope) for a in node.args]
    if not all(isinstance(a, str) for a in args):
        return None
    if name in ("Path", "PurePath", "str", "abspath", "realpath", "normpath", "fspath") and len(args) == 1:
        return os.path.normpath(args[0])
    if name in ("resolve", "absolute", "expanduser") and isinstance(func, ast.Attribute):
        return path_value(func.value, scope)
    if name == "dirname" and len(args) == 1:
        return os.path.dirname(args[0])
    if name == "join" and args:
        return os.path.join(*args)
    if name in ("joinpath", "path") and isinstance(func, ast.Attribute):
        base = path_value(func.value, scope)
        return os.path.join(base, *args) if isinstance(base, str) else None
    if isinstance(func, ast.Name) and func.id in scope and args:
        # django-environ: ROOT_DIR("static")
        return os.path.join(scope[func.id], *args)
    return None

# Middleware that serves collected static files, and the classes a project
# subclasses to do the same.
STATIC_MIDDLEWARE_PREFIXES = ("whitenoise.", "servestatic.")
STATIC_MIDDLEWARE_CLASSES = ("WhiteNoiseMiddleware", "ServeStaticMiddleware", "ServeStaticASGIMiddleware")
# Calls whose value is a per-process random string.
RANDOM_CALLS = {"get_random_secret_key", "get_random_string", "token_urlsafe", "token_hex", "token_bytes", "uuid4", "urandom", "choice", "choices"}
TRUE_WORDS = {"1", "true", "yes", "on", "y", "t"}


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
        raise Unreadable(path, "cannot be read: %s" % (exc.strerror or exc).lower())
    try:
        # utf-8-sig: a byte-order mark at the start is allowed, as Python allows it.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise Unreadable(path, "is not valid UTF-8 (byte 0x%02x)" % raw[exc.start], line)
    try:
        return ast.parse(text, filename=path), text
    except SyntaxError as exc:
        raise Unreadable(path, "has a syntax error: %s" % exc.msg, exc.lineno)
    except ValueError:
        # Before Python 3.12, a NUL byte is a ValueError, not a SyntaxError.
        raise Unreadable(path, "contains a NUL byte", raw.count(b"\n", 0, raw.index(b"\0")) + 1 if b"\0" in raw else None)


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


# Set by the generated image itself: never something to pass to `docker run`.
SET_BY_IMAGE = {"DJANGO_SETTINGS_MODULE"}


def node_types(*names):
    """The ast classes of these names that this Python has."""
    return tuple(getattr(ast, name) for name in names if hasattr(ast, name))


# Code under these may not run when the settings are imported (env_reads).
CONDITIONAL = node_types(
    "If", "IfExp", "Try", "TryStar", "While", "For", "AsyncFor", "Match", "BoolOp",
    "FunctionDef", "AsyncFunctionDef", "Lambda", "comprehension",
)
# What import_time_reads skips. It differs from CONDITIONAL (it also skips
# `with` and class bodies, not comprehensions) as the two analyses always
# have; aligning them would change what the build is given.
NOT_AT_IMPORT = node_types(
    "If", "IfExp", "Try", "TryStar", "While", "For", "AsyncFor", "With", "Match", "BoolOp",
    "FunctionDef", "AsyncFunctionDef", "ClassDef", "Lambda",
)


def constant(node):
    """The string a constant (or Python 3.8's ast.Index around one) holds."""
    index = getattr(ast, "Index", None)  # Python 3.8 wraps subscripts in it
    if index is not None and isinstance(node, index):
        node = node.value
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def env_reads(tree):
    """Environment variables a module reads through os.environ / os.getenv.

    A read is required when it is os.environ["NAME"] executed whenever the
    module is imported: not in a function, an if, a try, a loop or after an
    `or`. Without the variable that import raises KeyError. .get(),
    getenv(), setdefault() and `in` tests are reads the settings survive.
    `setting` names the top-level setting whose value reads it, so the tool
    can tell a SECRET_KEY from a DEBUG flag.
    """
    os_names, environ_names, getenv_names = {"os"}, set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            os_names.update(a.asname or a.name for a in node.names if a.name == "os")
        elif isinstance(node, ast.ImportFrom) and node.module == "os" and not node.level:
            environ_names.update(a.asname or a.name for a in node.names if a.name == "environ")
            getenv_names.update(a.asname or a.name for a in node.names if a.name == "getenv")

    def is_os_attr(node, attr, aliases):
        if isinstance(node, ast.Name):
            return node.id in aliases
        return (
            isinstance(node, ast.Attribute)
            and node.attr == attr
            and isinstance(node.value, ast.Name)
            and node.value.id in os_names
        )

    def read_of(node):
        """(name, required) when `node` reads an environment variable."""
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            if is_os_attr(node.value, "environ", environ_names):
                name = constant(node.slice)
                return (name, True) if name else None
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            optional_call = (
                isinstance(func, ast.Attribute)
                and func.attr in ("get", "setdefault", "pop")
                and is_os_attr(func.value, "environ", environ_names)
            ) or is_os_attr(func, "getenv", getenv_names)
            name = constant(node.args[0]) if optional_call else None
            return (name, False) if name else None
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)):
            if is_os_attr(node.comparators[0], "environ", environ_names):
                name = constant(node.left)
                return (name, False) if name else None
        return None

    settings_of = {}
    for statement in tree.body:
        if isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            named = [t.id for t in targets if isinstance(t, ast.Name)]
            if named and statement.value is not None:
                for node in ast.walk(statement.value):
                    settings_of[id(node)] = named[0]

    reads = {}

    def visit(node, conditional):
        found = read_of(node)
        if found and found[0] not in SET_BY_IMAGE:
            name, required = found
            entry = reads.setdefault(
                name, {"name": name, "required": False, "setting": None, "line": node.lineno}
            )
            entry["required"] = entry["required"] or (required and not conditional)
            entry["setting"] = entry["setting"] or settings_of.get(id(node))
        inner = conditional or isinstance(node, CONDITIONAL)
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(tree, False)
    return sorted(reads.values(), key=lambda r: r["line"])


ENVIRON_CASTS = {
    "bool": "bool", "int": "int", "float": "int", "db": "url", "db_url": "url",
    "cache": "cache", "cache_url": "cache", "email": "email", "email_url": "email",
}
DECOUPLE_CASTS = {"bool": "bool", "int": "int", "float": "int"}


def callee(func):
    """("env", "bool") for env.bool(...), ("config", None) for config(...)."""
    if isinstance(func, ast.Name):
        return func.id, None
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id, func.attr
    return None, None


def env_scheme_defaults(tree):
    """Names given a default in environ.Env(NAME=(type, default))."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and callee(node.func) in (("environ", "Env"), ("Env", None)):
            for keyword in node.keywords:
                if isinstance(keyword.value, ast.Tuple) and len(keyword.value.elts) > 1:
                    names.add(keyword.arg)
    return names


def import_time_read(node, env_defaults):
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


def import_time_reads(statement, env_defaults, rel):
    """Variables one top-level statement reads, without a default, whenever
    the module is imported (not inside a function, if, try, loop...), in
    source order: without them the import fails."""
    found = []

    def visit(node):
        if isinstance(node, NOT_AT_IMPORT):
            return
        read = import_time_read(node, env_defaults)
        if read:
            kind = "dsn" if read[1] == "str" and read[0].endswith("DSN") else read[1]
            found.append({"name": read[0], "kind": kind, "file": rel, "line": node.lineno})
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(statement)
    return found


def is_environ(node):
    """os.environ (or a bare `environ`)."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def environ_names(node):
    """Variables an expression reads with a constant name: environ[...], .get(), getenv()."""
    found = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Subscript) and is_environ(sub.value):
            name = constant(sub.slice)
        else:
            name = constant(sub.args[0]) if is_environ_call(sub) else None
        if name:
            found.append(name)
    return found


def is_environ_call(node):
    """os.environ.get(...), os.getenv(...) or getenv(...)."""
    if not isinstance(node, ast.Call) or not node.args:
        return False
    func = node.func
    if isinstance(func, ast.Name):
        return func.id == "getenv"
    return isinstance(func, ast.Attribute) and func.attr in ("get", "getenv") and (
        is_environ(func.value) or (isinstance(func.value, ast.Name) and func.value.id == "os")
    )


def env_helpers(tree):
    """Module functions that read the variable their first argument names and
    raise without it (os.environ[name], or an `if` on environ.get(name), or on
    a name given its value, that raises): `get_env("X")` at import time then
    needs X. A raise about something else (a X_FILE that is not a file) does
    not count."""
    helpers = set()
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or not node.args.args:
            continue
        param = node.args.args[0].arg
        reads_param = any(
            (isinstance(sub, ast.Subscript) and is_environ(sub.value)
             and isinstance(sub.slice, ast.Name) and sub.slice.id == param)
            for sub in ast.walk(node)
        )
        if reads_param or raises_without(node, param):
            helpers.add(node.name)
    return helpers


def gets_name(node, param):
    """environ.get(param) / os.getenv(param): the variable named by the parameter itself."""
    return (
        isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name)
        and node.args[0].id == param and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("get", "getenv")
    )


def raises_without(function, param):
    """An `if` testing the parameter's variable (directly, or a name holding
    its value) whose body raises."""
    holders = set()
    for sub in ast.walk(function):
        if isinstance(sub, ast.Assign) and gets_name(sub.value, param):
            holders.update(t.id for t in sub.targets if isinstance(t, ast.Name))
        elif isinstance(sub, ast.NamedExpr) and gets_name(sub.value, param):
            holders.add(sub.target.id)
    for sub in ast.walk(function):
        if not isinstance(sub, ast.If):
            continue
        tested = any(
            gets_name(n, param) or (isinstance(n, ast.Name) and n.id in holders) for n in ast.walk(sub.test)
        )
        if tested and any(isinstance(n, ast.Raise) for child in sub.body for n in ast.walk(child)):
            return True
    return False


def helper_reads(statement, helpers, rel):
    """helper("X") calls with no default, run whenever the module is imported."""
    found = []

    def visit(node):
        if isinstance(node, NOT_AT_IMPORT):
            return
        if (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in helpers
            and len(node.args) == 1 and not node.keywords
        ):
            name = constant(node.args[0])
            if name:
                found.append({"name": name, "kind": "str", "file": rel, "line": node.lineno})
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(statement)
    return found


def guarded_reads(statement, setting_env, rel):
    """Variables a top-level `if ...: raise` tests: `if not os.environ.get("X")`,
    or a setting read from X compared with a placeholder. The build gives
    them a throwaway value so that the check passes; the run needs real ones."""
    if not isinstance(statement, ast.If):
        return []
    body = [n for child in statement.body for n in ast.walk(child)]
    if not any(isinstance(n, ast.Raise) for n in body):
        return []
    # A check for a missing or placeholder value, not one that parses it
    # (int(...) > 8): a throwaway string passes the one and breaks the other.
    calls = [n for n in ast.walk(statement.test) if isinstance(n, ast.Call)]
    if any(not is_environ_call(call) for call in calls):
        return []
    # A check that passes when the value is missing (`not X`, `X == "change-me"`), not a bare
    # `if X:` that does something with a value when one is given (umap: opens the file X names).
    if not any(isinstance(n, (ast.Compare, ast.UnaryOp)) and not isinstance(getattr(n, "op", None), ast.USub)
               for n in ast.walk(statement.test)):
        return []
    names = environ_names(statement.test)
    names += [setting_env[n.id] for n in ast.walk(statement.test) if isinstance(n, ast.Name) and n.id in setting_env]
    return [{"name": name, "kind": "str", "file": rel, "line": statement.lineno} for name in names]


def environ_defaults(tree):
    """Variables the module itself gives a value at the top level, os.environ.setdefault("X", ...):
    a later os.environ["X"] cannot fail."""
    names = {}
    for node in tree.body:
        call = node.value if isinstance(node, ast.Expr) else None
        if (
            isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "setdefault"
            and is_environ(call.func.value) and len(call.args) == 2 and constant(call.args[0])
        ):
            names[constant(call.args[0])] = constant(call.args[1])
    return names


# Which file of a folder an environment variable picks, best for an image first.
PRODUCTION_FILES = ("production", "prod")


def included_files(statement, folder, tree, defaults, rel):
    """django-split-settings: the files a top-level include(...) runs in this module's namespace,
    as paths; the variable that picks one of them (f"environments/{ENV}.py") with the value an
    image wants: production when such a file is there, else the variable's own default; and the
    files it runs with no flag set that the project does not have (not optional(): Django cannot
    start without them), counting what a spread list gets appended at the top level and in the
    last else of a top-level if chain (the branch that runs when no flag is set)."""
    call = statement.value if isinstance(statement, ast.Expr) else None
    if not (isinstance(call, ast.Call) and call_name(call.func) == "include"):
        return [], [], []
    files, picks, missing = [], [], []
    for given in call.args:
        for arg in spread(given, tree):
            optional = isinstance(arg, ast.Call) and call_name(arg.func) == "optional" and arg.args
            arg = arg.args[0] if optional else arg
            pattern = constant(arg)
            if pattern is None and isinstance(arg, ast.JoinedStr):
                pick = picked_file(arg, folder, tree, defaults)
                if pick:
                    pattern = pick[0]
                    picks.append({"name": pick[1], "kind": "str", "value": pick[2], "file": rel, "line": statement.lineno})
            found = sorted(glob.glob(os.path.join(folder, pattern))) if pattern else []
            files.extend(found)
            if pattern and not found and not optional:
                missing.append(pattern)
        if isinstance(given, ast.Starred) and isinstance(given.value, ast.Name):
            appended = appended_by_default(given.value.id, tree.body, statement)
            missing.extend(p for p in appended if p and not glob.glob(os.path.join(folder, p)))
    return files, picks, [{"file": rel, "line": statement.lineno, "include": p} for p in missing]


def appended_by_default(name, body, stop):
    """Strings NAME.append(...)s before `stop`, at the top level or in the final else of an if."""
    found = []
    for node in body:
        if node is stop:
            break
        if isinstance(node, ast.If):
            last = node
            while len(last.orelse) == 1 and isinstance(last.orelse[0], ast.If):
                last = last.orelse[0]
            found.extend(appended_by_default(name, last.orelse, stop))
            continue
        call = node.value if isinstance(node, ast.Expr) else None
        if (
            isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "append"
            and isinstance(call.func.value, ast.Name) and call.func.value.id == name and call.args
        ):
            found.append(constant(call.args[0]))
    return found


def spread(arg, tree):
    """include(*BASE): the entries of the tuple or list BASE names at the top level."""
    if not (isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Name)):
        return [arg]
    for node in tree.body:
        if (
            isinstance(node, ast.Assign) and isinstance(node.value, (ast.Tuple, ast.List))
            and any(isinstance(t, ast.Name) and t.id == arg.value.id for t in node.targets)
        ):
            return list(node.value.elts)
    return []


def picked_file(joined, folder, tree, defaults):
    """(path, variable, value) for f"dir/{NAME}.py" where NAME holds an environment variable."""
    holder = next((v.value.id for v in joined.values if isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name)), None)
    variable = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == holder for t in node.targets):
            names = environ_names(node.value) if holder else []
            variable = names[0] if names else None
    if not variable:
        return None
    prefix = "".join(constant(v) or "" for v in joined.values[: [isinstance(v, ast.FormattedValue) for v in joined.values].index(True)])
    suffix = "".join(constant(v) or "" for v in joined.values[[isinstance(v, ast.FormattedValue) for v in joined.values].index(True) + 1 :])
    for value in [*PRODUCTION_FILES, defaults.get(variable)]:
        if value and os.path.isfile(os.path.join(folder, prefix + value + suffix)):
            return prefix + value + suffix, variable, value
    return None


def read_settings(root, module, seen):
    """Top-level assignments of a settings module, following star imports of
    sibling modules (settings/production.py doing `from .base import *`),
    with its environment reads: `env` (env_reads, the star-imported modules'
    first) and `required` (import_time_reads, in the order they run)."""
    path = module_file(root, module)
    if path is None:
        return None
    if module in seen:
        return {"file": path, "names": {}, "env": [], "required": [], "scope": {}, "missing": []}
    seen.add(module)
    scope = {"__file__": os.path.abspath(path)}
    tree, text = parse(path)
    rel = os.path.relpath(path, root)
    env_defaults = env_scheme_defaults(tree)
    set_here = environ_defaults(tree)
    helpers = env_helpers(tree)
    # Setting name -> the variable its value reads, for `if SECRET_KEY == "...": raise`.
    setting_env = {}
    names = {}
    env = []
    required = []
    missing = []
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
                scope.update(inner["scope"], __file__=scope["__file__"])
                env.extend(inner["env"])
                required.extend(inner["required"])
                missing.extend(inner["missing"])
            continue
        included, picks, not_there = included_files(node, os.path.dirname(path), tree, set_here, rel)
        required.extend(picks)
        missing.extend(not_there)
        for file in included:
            relative_file = os.path.relpath(file, root)
            target = relative_file[: -len(".py")].replace(os.sep, ".") if relative_file.endswith(".py") else None
            inner = read_settings(root, target, seen) if target else None
            if inner:
                names.update(inner["names"])
                scope.update(inner["scope"], __file__=scope["__file__"])
                env.extend(inner["env"])
                required.extend(inner["required"])
                missing.extend(inner["missing"])
        required.extend(r for r in import_time_reads(node, env_defaults, rel) if r["name"] not in set_here)
        required.extend(helper_reads(node, helpers, rel))
        required.extend(guarded_reads(node, setting_env, rel))
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            read = environ_names(node.value) + [c["name"] for c in helper_reads(node, helpers, rel)]
            # A flag computed by a comparison (IS_DEV = environ.get("ENV", "dev") == "dev") is a mode,
            # not a value a check wants: a throwaway value would switch the mode, not pass the check.
            if isinstance(node.value, ast.Compare):
                read = []
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Name) and read:
                    setting_env[target.id] = read[0]
        added = middleware_added(node)
        if added and "MIDDLEWARE" in names:
            names["MIDDLEWARE"]["added"] = names["MIDDLEWARE"].get("added", []) + added
        elif added:
            names["MIDDLEWARE"] = {"value": None, "known": False, "expr": "", "file": rel, "line": node.lineno, "added": added}
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Subscript)
            and isinstance(node.targets[0].value, ast.Name)
            and node.targets[0].value.id == "DATABASES"
            and constant(node.targets[0].slice) == "default"
        ):
            # DATABASES["default"] = ...: the default database is this one now.
            names["DATABASES"] = {
                "value": None, "known": False, "expr": ast.get_source_segment(text, node.value) or "",
                "file": rel, "line": node.lineno, "facts": value_facts("DATABASES", node.value),
            }
        branched = branch_assignments(node)
        for setting in BRANCHED:
            values = [value for name, value in branched if name == setting]
            if values:
                names[setting] = {
                    "value": None, "known": False, "expr": ast.get_source_segment(text, node) or "",
                    "file": rel, "line": node.lineno, "facts": branched_facts(setting, node, values),
                }
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
            if not augmented:
                found = path_value(value, scope)
                if isinstance(found, str) and os.path.isabs(found):
                    scope[target.id] = found
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
                "file": rel,
                "line": node.lineno,
            }
            if target.id in PATH_VALUED and not augmented:
                found = path_value(value, scope)
                if found is not None:
                    # A relative path is relative to the folder Django runs in: manage.py's.
                    found = found if isinstance(found, list) else [found]
                    names[target.id]["paths"] = [os.path.join(os.path.abspath(root), p) for p in found]
                    # Every entry read, or some built in a way not followed (a helper: path("dist")).
                    entries = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
                    names[target.id]["pathsComplete"] = len(found) >= len(entries)
            if target.id in KEYED_PATHS and not augmented:
                names[target.id]["configs"] = keyed_paths(value, KEYED_PATHS[target.id], scope, root)
            facts = value_facts(target.id, value)
            if facts is not None:
                names[target.id]["facts"] = facts
    # os.environ["X"] after the module's own setdefault("X", ...) cannot fail.
    env.extend(dict(read, file=rel, required=read["required"] and read["name"] not in set_here) for read in env_reads(tree))
    return {"file": path, "names": names, "env": env, "required": required, "scope": scope, "missing": missing}


def strings_in(node):
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def call_name(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def env_default(call):
    """(variable, default node, casts to bool) for an environment read with a
    fallback: os.environ.get / os.getenv / env(..., default=) / env.bool /
    config(..., default=, cast=bool). None for anything else."""
    if not isinstance(call, ast.Call) or not call.args:
        return None
    name = constant(call.args[0])
    if not name:
        return None
    keywords = {k.arg: k.value for k in call.keywords}
    func = call.func
    owner, method = callee(func)
    environ_get = isinstance(func, ast.Attribute) and func.attr == "get" and is_environ(func.value)
    if environ_get or call_name(func) == "getenv":
        return name, (call.args[1] if len(call.args) > 1 else keywords.get("default")), False
    # python-decouple's config is called itself; config.get(section, option) is a config file's.
    decouple = owner == "config" and method is None
    if owner == "env" or decouple or (owner is None and call_name(func) in ("env", "config")):
        default = keywords.get("default", call.args[1] if len(call.args) > 1 else None)
        cast = keywords.get("cast")
        as_bool = method == "bool" or (isinstance(cast, ast.Name) and cast.id == "bool")
        return name, default, as_bool
    return None


class _WithDefaults(ast.NodeTransformer):
    """Replaces each environment read with its fallback (what the expression
    computes when the variable is not set), or with `given` when set."""

    def __init__(self, given=None):
        self.variables = []
        self.given = given

    def visit_Call(self, node):
        read = env_default(node)
        if read is None:
            return self.generic_visit(node)
        name, default, as_bool = read
        self.variables.append(name)
        value = default.value if isinstance(default, ast.Constant) else None
        if self.given is not None:
            value = self.given
        elif default is not None and not isinstance(default, ast.Constant):
            raise ValueError("computed default")
        if as_bool:
            value = value if isinstance(value, bool) else str(value).strip().lower() in TRUE_WORDS if value is not None else False
        return ast.copy_location(ast.Constant(value), node)


SAFE_NAMES = {"bool": bool, "int": int, "str": str, "True": True, "False": False, "None": None}
SAFE_METHODS = {"lower", "upper", "strip", "casefold", "capitalize", "title"}


def value_without_env(value, given=None):
    """(value, variables) of an expression of constants and environment reads
    with their fallbacks, evaluated with no variable set (or each set to
    `given`); None when it is anything else (a call, a name of the module...)."""
    try:
        rewriter = _WithDefaults(given)
        tree = ast.fix_missing_locations(rewriter.visit(ast.Expression(body=copy.deepcopy(value))))
    except ValueError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in SAFE_NAMES:
            return None
        if isinstance(node, ast.Call):
            func = node.func
            if not ((isinstance(func, ast.Name) and func.id in SAFE_NAMES) or (isinstance(func, ast.Attribute) and func.attr in SAFE_METHODS)):
                return None
        if isinstance(node, (ast.Lambda, ast.NamedExpr, ast.Subscript)) or (isinstance(node, ast.Attribute) and node.attr not in SAFE_METHODS):
            return None
    try:
        return eval(compile(tree, "<setting>", "eval"), {"__builtins__": {}}, dict(SAFE_NAMES)), rewriter.variables
    except Exception:
        return None


def value_facts(setting, value):
    """What the running image depends on in a setting's value."""
    text = strings_in(value)
    if setting == "DATABASES":
        sqlite = any("sqlite" in t for t in text)
        reads_url = "DATABASE_URL" in text or any(
            isinstance(n, ast.Call) and (call_name(n.func) in ("db", "db_url") or callee(n.func)[0] == "dj_database_url")
            for n in ast.walk(value)
        )
        absolute = [t for t in text if t.startswith("/") or t.startswith("sqlite:////")]
        return {"sqlite": sqlite, "databaseUrl": reads_url, "absolutePath": bool(absolute) and not any(isinstance(n, ast.Name) for n in ast.walk(value))}
    if setting == "SECRET_KEY":
        return {"random": any(isinstance(n, ast.Call) and call_name(n.func) in RANDOM_CALLS for n in ast.walk(value))}
    if setting in SWITCHES:
        computed = value_without_env(value)
        if computed is None:
            return {"default": None, "variables": [], "offValue": None}
        # The value a variable must hold to turn the setting off, as the settings read it.
        off = next((word for word in ("False", "0", "false", "no") if (value_without_env(value, word) or (True,))[0] is False), None)
        return {"default": bool(computed[0]), "variables": computed[1], "offValue": off}
    if setting == "ALLOWED_HOSTS":
        return {"variables": value_variables(value)}
    if setting == "MEDIA_ROOT":
        absolute = isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value.startswith("/")
        empty = isinstance(value, ast.Constant) and not value.value
        return {"inProject": not absolute and not empty}
    return None


# Settings whose value real projects often choose in an `if` at the top of
# the module: `if "DATABASE_URL" in os.environ: ... else: <SQLite>`, or a
# SECRET_KEY from the environment else made up at random.
BRANCHED = ("DATABASES", "SECRET_KEY")


def branch_assignments(statement):
    """(setting, value) for each BRANCHED setting assigned in the branches of
    a top-level if (nested ifs included, not functions)."""
    found = []

    def visit(node):
        for child in node.body + node.orelse:
            if isinstance(child, ast.If):
                visit(child)
            elif isinstance(child, ast.Assign):
                for target in child.targets:
                    if isinstance(target, ast.Name) and target.id in BRANCHED:
                        found.append((target.id, child.value))

    if isinstance(statement, ast.If):
        visit(statement)
    return found


def environment_names(node):
    """Variable names an expression reads from os.environ (`"X" in os.environ`, os.environ["X"], .get, getenv)."""
    names = []
    for n in ast.walk(node):
        if isinstance(n, ast.Compare) and isinstance(n.left, ast.Constant) and isinstance(n.left.value, str):
            if any(isinstance(c, ast.Attribute) and c.attr == "environ" for c in n.comparators):
                names.append(n.left.value)
        elif isinstance(n, ast.Subscript) and isinstance(n.value, ast.Attribute) and n.value.attr == "environ":
            name = constant(n.slice)
            if name:
                names.append(name)
        elif isinstance(n, ast.Call) and n.args and constant(n.args[0]):
            func = n.func
            environ_get = isinstance(func, ast.Attribute) and func.attr == "get" and is_environ(func.value)
            if environ_get or call_name(func) == "getenv":
                names.append(constant(n.args[0]))
    return names


def branched_facts(setting, statement, values):
    """The facts of a setting chosen in an if: what any branch may give."""
    each = [value_facts(setting, value) for value in values]
    variables = environment_names(statement)
    if setting == "DATABASES":
        sqlite = [f for f in each if f["sqlite"]]
        return {
            "sqlite": bool(sqlite),
            "databaseUrl": any(f["databaseUrl"] for f in each) or "DATABASE_URL" in variables,
            "absolutePath": bool(sqlite) and all(f["absolutePath"] for f in sqlite),
        }
    # The variable a branch takes the key from (env("SECRET_KEY")), before one an `if` tests ("CI" in os.environ).
    from_values = [name for value in values for name in value_variables(value)]
    chosen = from_values or variables
    return {"random": any(f["random"] for f in each), "variable": chosen[0] if chosen else None}


def value_variables(value):
    """The variables an expression reads: os.environ, getenv, django-environ's env(), decouple's config()."""
    found = environment_names(value) + [read[0] for read in map(env_default, ast.walk(value)) if read]
    return list(dict.fromkeys(found))


def middleware_added(statement):
    """Strings a statement adds to MIDDLEWARE anywhere in it (an append,
    insert or extend, `+=`, even under an if): any of them may be in the
    list the settings compute."""
    added = []
    for node in ast.walk(statement):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("append", "insert", "extend"):
            target = node.func.value
            if isinstance(target, ast.Name) and target.id == "MIDDLEWARE":
                for arg in node.args:
                    added.extend(strings_in(arg))
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id == "MIDDLEWARE":
            added.extend(strings_in(node.value))
    return added


def subclasses_static_middleware(root, dotted):
    """A project class (core.middleware.Static) that subclasses WhiteNoise's
    or ServeStatic's middleware, read from its module's source."""
    module, _, name = dotted.rpartition(".")
    path = module_file(root, module) if module else None
    if not path:
        return False
    try:
        tree, _ = parse(path)
    except Unreadable:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == name:
            return any(call_name(base) in STATIC_MIDDLEWARE_CLASSES for base in node.bases)
    return False


def static_middleware(root, entries):
    """The entry of MIDDLEWARE that serves static files, if any."""
    for entry in entries:
        if not isinstance(entry, str):
            continue
        if entry.startswith(STATIC_MIDDLEWARE_PREFIXES) or subclasses_static_middleware(root, entry):
            return entry
    return None


def first_of_each(reads):
    """The first read of each variable, leaving out those the image sets."""
    kept, names = [], set()
    for read in reads:
        if read["name"] not in names and read["name"] not in SET_BY_IMAGE:
            names.add(read["name"])
            kept.append(read)
    return kept


def run(request):
    root = request["root"]
    result = {"defaults": {}, "settings": {}, "required": {}, "unreadable": {}, "errors": []}
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
            middleware = found["names"].get("MIDDLEWARE")
            if middleware is not None:
                entries = list(middleware["value"] or []) + middleware.get("added", [])
                middleware["facts"] = {"staticServer": static_middleware(root, entries)}
            result["required"][module] = first_of_each(found.pop("required"))
            found.pop("scope")
            missing = found.pop("missing")
            if missing:
                found["missingIncludes"] = missing
            result["settings"][module] = found
    return result

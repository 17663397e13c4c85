/** Lock files shaped like the ones uv, Poetry and Pipenv write (trimmed: no hashes or wheel lists). */

export const UV_LOCK = `version = 1
requires-python = ">=3.11"

[[package]]
name = "asgiref"
version = "3.8.1"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "django"
version = "5.1.4"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "asgiref" },
    { name = "sqlparse" },
    { name = "tzdata", marker = "sys_platform == 'win32'" },
]

[[package]]
name = "library-site"
version = "2.1.0"
source = { editable = "." }
dependencies = [
    { name = "django" },
    { name = "sqlparse" },
]

[package.optional-dependencies]
test = [
    { name = "pytest-django" },
]

[package.dev-dependencies]
dev = [
    { name = "pytest-django" },
]

[[package]]
name = "pytest-django"
version = "4.9.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "sqlparse"
version = "0.5.3"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "tzdata"
version = "2024.2"
source = { registry = "https://pypi.org/simple" }
`;

export const POETRY_LOCK = `[[package]]
name = "asgiref"
version = "3.8.1"
description = "ASGI specs, helper code, and adapters"
optional = false
python-versions = ">=3.8"
groups = ["main"]

[[package]]
name = "django"
version = "5.1.4"
description = "A high-level Python web framework"
optional = false
python-versions = ">=3.10"
groups = ["main"]

[[package]]
name = "psycopg"
version = "3.2.3"
description = "PostgreSQL database adapter for Python"
optional = true
python-versions = ">=3.8"
groups = ["main"]

[package.dependencies]
typing-extensions = ">=4.6"

[[package]]
name = "pytest"
version = "8.3.4"
description = "pytest: simple powerful testing with Python"
optional = false
python-versions = ">=3.8"
groups = ["dev"]

[[package]]
name = "typing-extensions"
version = "4.12.2"
description = "Backported and Experimental Type Hints for Python 3.8+"
optional = true
python-versions = ">=3.8"
groups = ["main"]

[[package]]
name = "tzdata"
version = "2024.2"
description = "Provider of IANA time zone data"
optional = false
python-versions = ">=2"
groups = ["main"]
markers = "sys_platform == \\"win32\\""

[extras]
postgres = ["psycopg"]

[metadata]
lock-version = "2.1"
python-versions = "^3.11"
content-hash = "0"
`;

export const PIPFILE_LOCK = JSON.stringify({
  _meta: { requires: { python_version: "3.11" } },
  default: {
    asgiref: { hashes: ["sha256:0"], version: "==3.8.1" },
    django: { hashes: ["sha256:0"], version: "==5.1.4" },
    tzdata: { hashes: ["sha256:0"], markers: "sys_platform == 'win32'", version: "==2024.2" },
    mysite: { editable: true, path: "." },
  },
  develop: { pytest: { version: "==8.3.4" } },
});

/**
 * A uv.lock with a package from git (locked at a commit), one pinned to a
 * second index (a CPU wheel index), and one name with two entries split by
 * markers: a wheel URL on Linux, the index elsewhere.
 */
export const UV_LOCK_REAL = `version = 1
requires-python = ">=3.11"

[[package]]
name = "django"
version = "5.1.4"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "board"
version = "1.0.0"
source = { virtual = "." }
dependencies = [
    { name = "django" },
    { name = "django-extra-fields" },
    { name = "torch", version = "2.5.1", source = { registry = "https://download.pytorch.org/whl/cpu" }, marker = "sys_platform == 'darwin'" },
    { name = "torch", version = "2.5.1+cpu", source = { url = "https://download.pytorch.org/whl/cpu/torch-2.5.1%2Bcpu-cp311-cp311-linux_x86_64.whl" }, marker = "sys_platform == 'linux'" },
    { name = "tagging", marker = "python_version >= '3.11'" },
]

[[package]]
name = "django-extra-fields"
version = "3.0.2"
source = { git = "https://github.com/example/django-extra-fields?rev=main#3f2a1c0d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f" }

[[package]]
name = "tagging"
version = "0.5.0"
source = { git = "https://github.com/example/monorepo?subdirectory=tagging&tag=v0.5.0#0123456789abcdef0123456789abcdef01234567" }

[[package]]
name = "torch"
version = "2.5.1"
source = { registry = "https://download.pytorch.org/whl/cpu" }
resolution-markers = ["sys_platform == 'darwin'"]

[[package]]
name = "torch"
version = "2.5.1+cpu"
source = { url = "https://download.pytorch.org/whl/cpu/torch-2.5.1%2Bcpu-cp311-cp311-linux_x86_64.whl" }
resolution-markers = ["sys_platform == 'linux'"]
`;

/** A poetry.lock with a git package in a subdirectory and one from a named source (a second index). */
export const POETRY_LOCK_REAL = `[[package]]
name = "django"
version = "5.1.4"
optional = false
python-versions = ">=3.10"
groups = ["main"]

[[package]]
name = "shop-theme"
version = "0.3.0"
optional = false
python-versions = "*"
groups = ["main"]

[package.source]
type = "git"
url = "https://github.com/example/monorepo.git"
reference = "main"
resolved_reference = "89abcdef0123456789abcdef0123456789abcdef"
subdirectory = "theme"

[[package]]
name = "torch"
version = "2.5.1+cpu"
optional = false
python-versions = ">=3.9"
groups = ["main"]

[package.source]
type = "legacy"
url = "https://download.pytorch.org/whl/cpu"
reference = "pytorch-cpu"

[metadata]
lock-version = "2.1"
python-versions = "^3.11"
content-hash = "0"
`;

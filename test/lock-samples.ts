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

# pyproject.toml -> requirements: [project] dependencies, the optional groups
# chosen in DEPENDENCY_EXTRAS and the PEP 735 [dependency-groups] chosen in
# DEPENDENCY_GROUPS (following include-group entries).
import os
try:
    import tomllib
except ImportError:
    import tomli as tomllib

doc = tomllib.load(open('pyproject.toml', 'rb'))
project = doc.get('project', {})
groups = doc.get('dependency-groups', {})


def group(name):
    found = []
    for item in groups.get(name, []):
        found += group(item['include-group']) if isinstance(item, dict) else [item]
    return found


requirements = list(project.get('dependencies', []))
for extra in os.environ.get('DEPENDENCY_EXTRAS', '').split():
    requirements += project.get('optional-dependencies', {}).get(extra, [])
for name in os.environ.get('DEPENDENCY_GROUPS', '').split():
    requirements += group(name)
for requirement in requirements:
    print(requirement)

# uv.lock -> requirements: the packages the project needs at run time, as
# locked. Walks the dependency graph from the project itself (the package
# whose source is "."): its dependencies, its optional ones of the extras
# chosen in DEPENDENCY_EXTRAS and its dependency groups (dev-dependencies)
# chosen in DEPENDENCY_GROUPS, keeping each edge's environment marker so
# that platform-only packages stay platform-only.
import os
try:
    import tomllib
except ImportError:
    import tomli as tomllib

lock = tomllib.load(open('uv.lock', 'rb'))
packages = {p['name']: p for p in lock['package']}
roots = [p for p in lock['package']
         if p.get('source', {}).get('editable') == '.' or p.get('source', {}).get('virtual') == '.']
markers = {}
extras = os.environ.get('DEPENDENCY_EXTRAS', '').split()
groups = os.environ.get('DEPENDENCY_GROUPS', '').split()
todo = []
for root in roots:
    todo += root.get('dependencies', [])
    todo += [d for e in extras for d in root.get('optional-dependencies', {}).get(e, [])]
    todo += [d for g in groups for d in root.get('dev-dependencies', {}).get(g, [])]
todo = [(d, None) for d in todo]
while todo:
    dep, via = todo.pop()
    marker = ' and '.join('(%s)' % m for m in (via, dep.get('marker')) if m) or None
    known = markers.get(dep['name'], [])
    if marker in known or None in known:
        continue
    markers[dep['name']] = known + [marker]
    package = packages[dep['name']]
    optional = package.get('optional-dependencies', {})
    pulled = [d for extra in dep.get('extra', []) for d in optional.get(extra, [])]
    todo += [(d, marker) for d in package.get('dependencies', []) + pulled]
for name in sorted(markers):
    source = packages[name].get('source', {})
    if 'registry' in source:
        pin = '==' + packages[name]['version']
    elif 'git' in source:
        pin = ' @ git+' + source['git']
    else:
        continue
    found = markers[name]
    marker = '' if None in found else '; ' + ' or '.join(found)
    print(name + pin + marker)

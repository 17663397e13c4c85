# uv.lock -> requirements: the packages the project needs at run time, as
# locked. Walks the dependency graph from the project itself (the package
# whose source is "."): its dependencies, its optional ones of the extras
# chosen in DEPENDENCY_EXTRAS and its dependency groups (dev-dependencies)
# chosen in DEPENDENCY_GROUPS, keeping each edge's environment marker so
# that platform-only packages stay platform-only.
#
# A name may have several entries (one from a wheel URL, one from an index,
# split by markers): an edge names the one it means by version and source,
# and each entry reached becomes its own line with its own marker. A git
# source keeps the exact commit it was locked at.
import os
try:
    import tomllib
except ImportError:
    import tomli as tomllib


def entry_key(package):
    source = repr(sorted(package.get('source', {}).items()))
    return (package['name'], package.get('version'), source)


def git_pin(url):
    url, _, commit = url.partition('#')
    url, _, query = url.partition('?')
    params = dict(p.split('=', 1) for p in query.split('&') if '=' in p)
    ref = commit or params.get('rev') or params.get('tag') or params.get('branch')
    line = ' @ git+' + url + ('@' + ref if ref else '')
    return line + ('#subdirectory=' + params['subdirectory'] if 'subdirectory' in params else '')


def pin(package):
    source = package.get('source', {})
    if 'registry' in source:
        return '==' + package['version']
    if 'git' in source:
        return git_pin(source['git'])
    if 'url' in source:
        return ' @ ' + source['url']
    return None


lock = tomllib.load(open('uv.lock', 'rb'))
entries = lock['package']
by_name = {}
for package in entries:
    by_name.setdefault(package['name'], []).append(package)


def target(dep):
    candidates = by_name.get(dep['name'], [])
    if 'version' in dep:
        candidates = [p for p in candidates if p.get('version') == dep['version']] or candidates
    if 'source' in dep:
        candidates = [p for p in candidates if p.get('source') == dep['source']] or candidates
    return candidates


roots = [p for p in entries
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
    for package in target(dep):
        key = entry_key(package)
        known = markers.get(key, [])
        if marker in known or None in known:
            continue
        markers[key] = known + [marker]
        optional = package.get('optional-dependencies', {})
        pulled = [d for extra in dep.get('extra', []) for d in optional.get(extra, [])]
        todo += [(d, marker) for d in package.get('dependencies', []) + pulled]
for package in sorted(entries, key=lambda p: (p['name'], str(p.get('version')))):
    found = markers.get(entry_key(package))
    line = pin(package) if found else None
    if line is None:
        continue
    marker = '' if None in found else '; ' + ' or '.join(found)
    print(package['name'] + line + marker)

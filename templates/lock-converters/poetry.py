# poetry.lock -> requirements: the packages as locked of the main group and
# of the groups chosen in DEPENDENCY_GROUPS, plus the optional packages that
# the extras chosen in DEPENDENCY_EXTRAS pull in. Locks from Poetry 2 say
# each package's groups, older ones its category; a lock that says neither
# (Poetry 1.5-1.8) cannot tell main from dev packages without the resolver,
# so all of its non-optional packages are installed.
import os
try:
    import tomllib
except ImportError:
    import tomli as tomllib


def key(name):
    return name.split('[')[0].split(' ')[0].strip().lower().replace('_', '-').replace('.', '-')


lock = tomllib.load(open('poetry.lock', 'rb'))
packages = {key(p['name']): p for p in lock['package']}
wanted = ['main'] + os.environ.get('DEPENDENCY_GROUPS', '').split()
optional = set()
extras = os.environ.get('DEPENDENCY_EXTRAS', '').split()
todo = [key(n) for e in extras for n in lock.get('extras', {}).get(e, [])]
while todo:
    name = todo.pop()
    if name in optional or name not in packages:
        continue
    optional.add(name)
    todo += [key(d) for d in packages[name].get('dependencies', {})]

for package in lock['package']:
    groups = package.get('groups', [package['category']] if 'category' in package else None)
    chosen = groups is None or any(g in wanted for g in groups)
    if (package.get('optional') and key(package['name']) not in optional) or not chosen:
        continue
    source = package.get('source', {})
    if source.get('type') in ('directory', 'file'):
        continue
    if source.get('type') == 'git':
        commit = source.get('resolved_reference', source.get('reference', ''))
        pin = ' @ git+' + source['url'] + '@' + commit
        pin += '#subdirectory=' + source['subdirectory'] if source.get('subdirectory') else ''
    elif source.get('type') == 'url':
        pin = ' @ ' + source['url']
    else:
        pin = '==' + package['version']
    markers = package.get('markers')
    if isinstance(markers, dict):
        markers = next((markers[g] for g in wanted if g in markers), None)
    print(package['name'] + pin + ('; ' + markers if markers else ''))

# poetry.lock -> requirements: the main group's packages as locked. Locks
# from Poetry 2 say each package's groups, older ones its category; a lock
# that says neither (Poetry 1.5-1.8) cannot tell main from dev packages
# without the resolver, so all of its non-optional packages are installed.
try:
    import tomllib
except ImportError:
    import tomli as tomllib

for package in tomllib.load(open('poetry.lock', 'rb'))['package']:
    groups = package.get('groups', [package['category']] if 'category' in package else None)
    if package.get('optional') or (groups is not None and 'main' not in groups):
        continue
    source = package.get('source', {})
    if source.get('type') in ('directory', 'file'):
        continue
    pin = ' @ git+' + source['url'] + '@' + source['resolved_reference'] if source.get('type') == 'git' else '==' + package['version']
    markers = package.get('markers')
    marker = markers if isinstance(markers, str) else markers.get('main') if isinstance(markers, dict) else None
    print(package['name'] + pin + ('; ' + marker if marker else ''))

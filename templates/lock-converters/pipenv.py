# Pipfile.lock -> requirements: the [default] packages as locked, and those
# of the categories chosen in DEPENDENCY_GROUPS (develop, or a custom one);
# local paths (the project itself) are left out.
import json
import os

lock = json.load(open('Pipfile.lock'))
chosen = {}
for category in ['default'] + os.environ.get('DEPENDENCY_GROUPS', '').split():
    chosen.update(lock.get(category, {}))
for name, package in sorted(chosen.items()):
    if 'version' in package:
        pin = package['version']
    elif 'git' in package:
        pin = ' @ git+' + package['git'] + ('@' + package['ref'] if 'ref' in package else '')
    else:
        continue
    print(name + pin + ('; ' + package['markers'] if package.get('markers') else ''))

# Pipfile.lock -> requirements: the [default] packages as locked; the
# development ones and local paths (the project itself) are left out.
import json

for name, package in sorted(json.load(open('Pipfile.lock'))['default'].items()):
    if 'version' in package:
        pin = package['version']
    elif 'git' in package:
        pin = ' @ git+' + package['git'] + ('@' + package['ref'] if 'ref' in package else '')
    else:
        continue
    print(name + pin + ('; ' + package['markers'] if package.get('markers') else ''))

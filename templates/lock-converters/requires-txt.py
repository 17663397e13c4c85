# requires.txt (from setup.py egg_info, in the current folder's *.egg-info)
# -> requirements: the base ones, the
# [:marker] sections (base requirements for some environments only, marker
# appended), and the sections of the extras chosen in DEPENDENCY_EXTRAS.
import glob
import os

wanted = os.environ.get('DEPENDENCY_EXTRAS', '').split()
for path in glob.glob('*.egg-info/requires.txt')[:1]:
    keep, marker = True, ''
    for line in open(path):
        line = line.strip()
        if line.startswith('['):
            extra, _, marker = line[1:-1].partition(':')
            keep = extra == '' or extra in wanted
        elif line and keep:
            print(line + ('; ' + marker if marker else ''))

#!/usr/bin/env python3
"""Compares the cache provider's rewrites with PyYAML, for format.sh.

For each FILE (written by PyYAML's yaml.dump) and FILE.out (what
cache_roundtrip wrote for it), prints one line per finding and a summary:
  cdumper-differ N   FILE.out is not byte for byte what PyYAML's C dumper
                     (libyaml, the same emitter) writes for FILE's data
  meaning-differ N   FILE.out does not load (yaml.Loader, as the client
                     loads) to the data FILE loads to
  python-same N      FILE.out is byte for byte FILE (PyYAML's pure-Python
                     dumper, the client's default)

usage: pyyaml_compare.py FILE...
"""
import sys

import yaml


def main():
    cdiff = mdiff = same = 0
    for f in sys.argv[1:]:
        with open(f) as fp:
            src = fp.read()
        with open(f + ".out") as fp:
            ours = fp.read()
        data = yaml.load(src, yaml.Loader)
        if ours != yaml.dump(data, Dumper=yaml.CDumper):
            cdiff += 1
            print("differs from the C dumper:", f)
        if yaml.load(ours, yaml.Loader) != data:
            mdiff += 1
            print("loads to other data:", f)
        same += ours == src
    print("cdumper-differ", cdiff)
    print("meaning-differ", mdiff)
    print("python-same", same)


main()

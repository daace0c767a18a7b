#!/usr/bin/env python3
"""Checks that every tests/fuzz/fuzz-NAME.c is listed in fuzz_targets of
tests/fuzz/meson.build (so that it is built and run), and that every
listed target has its source and a seed corpus.

    check-fuzz-targets.py FUZZ_DIR NAME...
"""

import pathlib
import sys


def main():
    fuzz_dir = pathlib.Path(sys.argv[1])
    listed = set(sys.argv[2:])
    sources = {p.stem[len('fuzz-'):] for p in fuzz_dir.glob('fuzz-*.c')}
    problems = []

    for name in sorted(sources - listed):
        problems.append(f'tests/fuzz/fuzz-{name}.c is not in fuzz_targets of '
                        f'tests/fuzz/meson.build: add \'{name}\', there')
    for name in sorted(listed - sources):
        problems.append(f'fuzz_targets lists \'{name}\' but tests/fuzz/fuzz-{name}.c '
                        'does not exist')
    for name in sorted(listed & sources):
        corpus = fuzz_dir / 'corpus' / name
        if not corpus.is_dir() or not any(p.is_file() for p in corpus.iterdir()):
            problems.append(f'fuzz-{name} has no seed corpus: add a few inputs '
                            f'to tests/fuzz/corpus/{name}/')

    for problem in problems:
        print(problem)
    if not problems:
        print(f'{len(listed)} fuzz targets, each listed, with a seed corpus')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads a CSV file with Python's csv module, strictly, as UTF-8, and
prints its rows as "ROWS <json>" (ASCII only), or "ERROR <reason>".
"""

import csv
import json
import sys


def main():
    # Hex dumps of large records are long fields.
    csv.field_size_limit(sys.maxsize)
    try:
        with open(sys.argv[1], newline='', encoding='utf-8', errors='strict') as f:
            rows = list(csv.reader(f, strict=True))
    except (OSError, UnicodeError, csv.Error) as e:
        print('ERROR', e, flush=True)
        return 1
    print('ROWS', json.dumps(rows, ensure_ascii=True), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())

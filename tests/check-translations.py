#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the translation set-up of Socket Workbench.

potfiles  every source file with translatable strings is listed in
          po/POTFILES.in, the list is sorted, and every entry exists.
complete  every LINGUAS translation has every message of the current
          sources translated, with nothing fuzzy, and passes msgfmt -c.
"""

import os
import re
import subprocess
import sys
import tempfile

SRCDIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = 'socket-workbench'

# What meson's i18n "glib" preset passes to xgettext.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format', '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format', '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format', '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]

TRANSLATABLE = {
    '.c': re.compile(r'(?<![A-Za-z0-9_])(?:N?C?_|g_dn?gettext|g_dpgettext2|ngettext)\s*\('),
    '.ui': re.compile(r'translatable="yes"'),
    '.xml': re.compile(r'<summary>|<description>|<name>'),
    '.desktop': re.compile(r'^(Name|GenericName|Comment|Keywords)=', re.M),
}


def read_potfiles():
    with open(os.path.join(SRCDIR, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        return [line.strip() for line in f
                if line.strip() and not line.startswith('#')]


def check_potfiles():
    listed = read_potfiles()
    problems = []

    if listed != sorted(listed):
        problems.append('po/POTFILES.in is not sorted')
    for path in listed:
        if not os.path.exists(os.path.join(SRCDIR, path)):
            problems.append(f'po/POTFILES.in lists {path}, which does not exist')

    for top in ('src', 'data'):
        for dirpath, dirnames, filenames in os.walk(os.path.join(SRCDIR, top)):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.relpath(os.path.join(dirpath, name), SRCDIR)
                ext = os.path.splitext(name)[1]
                if name.endswith(('.desktop.in', '.metainfo.xml.in')):
                    ext = '.xml' if name.endswith('.xml.in') else '.desktop'
                elif name.endswith('.gschema.xml'):
                    ext = '.xml'
                elif ext == '.xml' or ext not in TRANSLATABLE:
                    continue
                with open(os.path.join(SRCDIR, path), encoding='utf-8') as f:
                    text = f.read()
                if TRANSLATABLE[ext].search(text) and path not in listed:
                    problems.append(f'{path} has translatable strings but is not in po/POTFILES.in')

    return problems


def check_complete():
    problems = []
    with open(os.path.join(SRCDIR, 'po', 'LINGUAS'), encoding='utf-8') as f:
        languages = [w for line in f for w in line.split('#')[0].split()]
    if not languages:
        return ['po/LINGUAS lists no language']

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, PACKAGE + '.pot')
        subprocess.run(['xgettext', '--package-name=' + PACKAGE,
                        '-D', SRCDIR, '-f', os.path.join(SRCDIR, 'po', 'POTFILES.in'),
                        '-o', pot] + XGETTEXT_ARGS, check=True)
        for lang in languages:
            po = os.path.join(SRCDIR, 'po', lang + '.po')
            merged = os.path.join(tmp, lang + '.po')
            subprocess.run(['msgmerge', '--quiet', '-o', merged, po, pot], check=True)
            result = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, merged],
                                    capture_output=True, text=True)
            stats = (result.stdout + result.stderr).strip()
            if result.returncode != 0:
                problems.append(f'po/{lang}.po does not compile: {stats}')
            elif 'untranslated' in stats or 'fuzzy' in stats:
                problems.append(f'po/{lang}.po is incomplete for the current sources: {stats}')
                untranslated = subprocess.run(['msgattrib', '--untranslated', '--no-obsolete', merged],
                                              capture_output=True, text=True).stdout
                fuzzy = subprocess.run(['msgattrib', '--only-fuzzy', '--no-obsolete', merged],
                                       capture_output=True, text=True).stdout
                ids = re.findall(r'^msgid "(.+)"$', untranslated + fuzzy, re.M)
                problems.extend(f'  needs translation: "{i}"' for i in ids)
            else:
                print(f'# {lang}: {stats}')
    return problems


def main():
    checks = {'potfiles': check_potfiles, 'complete': check_complete}
    if len(sys.argv) != 2 or sys.argv[1] not in checks:
        print(f'usage: {sys.argv[0]} {"|".join(checks)}', file=sys.stderr)
        return 2
    problems = checks[sys.argv[1]]()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())

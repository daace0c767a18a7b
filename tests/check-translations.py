#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the translation set-up of Socket Workbench.

potfiles  every source file with translatable strings is listed in
          po/POTFILES.in, the list is sorted, and every entry exists.
complete  every LINGUAS translation has every message of the current
          sources translated, with nothing fuzzy, and passes msgfmt -c.
merged DESKTOP METAINFO
          the built desktop file and metainfo carry every LINGUAS
          translation: Name, GenericName, Comment and Keywords (still a
          list ending with ";") for each language, and each translatable
          element of the metainfo with an xml:lang sibling for each.
"""

import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

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


def read_linguas():
    with open(os.path.join(SRCDIR, 'po', 'LINGUAS'), encoding='utf-8') as f:
        return [w for line in f for w in line.split('#')[0].split()]


def check_complete():
    problems = []
    languages = read_linguas()
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


DESKTOP_KEYS = ('Name', 'GenericName', 'Comment', 'Keywords')
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
# The elements gettext's metainfo rules translate (metainfo.its).
METAINFO_TRANSLATED = {'name', 'summary', 'p', 'li', 'caption', 'keyword', 'developer_name',
                       'name_variant_suffix'}


def check_desktop(path, languages):
    problems = []
    entries = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            key, sep, value = line.rstrip('\n').partition('=')
            if sep and not line.startswith('#'):
                entries[key] = value
    for key in DESKTOP_KEYS:
        if key not in entries:
            problems.append(f'{path}: no {key}=')
            continue
        for lang in languages:
            value = entries.get(f'{key}[{lang}]')
            if not value:
                problems.append(f'{path}: no {key}[{lang}]=, though po/{lang}.po is in LINGUAS')
            elif key == 'Keywords' and (not value.endswith(';') or '；' in value
                                        or value.count(';') < 2 <= entries[key].count(';')):
                problems.append(f'{path}: Keywords[{lang}] must stay a list separated '
                                f'and ended by ASCII semicolons: {value}')
    return problems


def check_metainfo(path, languages):
    problems = []
    root = ET.parse(path).getroot()
    for parent in root.iter():
        children = list(parent)
        for i, child in enumerate(children):
            if (child.tag not in METAINFO_TRANSLATED or XML_LANG in child.attrib
                    or child.get('translate') == 'no'):
                continue
            # msgfmt --xml puts the translations of an element right
            # after it, as siblings with the same tag and an xml:lang.
            translated = set()
            for sibling in children[i + 1:]:
                if sibling.tag != child.tag or XML_LANG not in sibling.attrib:
                    break
                if (sibling.text or '').strip():
                    translated.add(sibling.attrib[XML_LANG])
            for lang in languages:
                if lang not in translated:
                    text = ' '.join((child.text or '').split())[:60]
                    problems.append(f'{path}: <{child.tag}> “{text}” has no xml:lang="{lang}" translation')
    return problems


def check_merged(desktop, metainfo):
    languages = read_linguas()
    if not languages:
        return ['po/LINGUAS lists no language']
    problems = check_desktop(desktop, languages) + check_metainfo(metainfo, languages)
    if not problems:
        print(f'# {desktop} and {metainfo} carry {", ".join(languages)}')
    return problems


def main():
    checks = {'potfiles': check_potfiles, 'complete': check_complete, 'merged': check_merged}
    arity = {'merged': 2}
    if len(sys.argv) < 2 or sys.argv[1] not in checks or len(sys.argv) != 2 + arity.get(sys.argv[1], 0):
        print(f'usage: {sys.argv[0]} potfiles|complete|merged DESKTOP METAINFO', file=sys.stderr)
        return 2
    problems = checks[sys.argv[1]](*sys.argv[2:])
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())

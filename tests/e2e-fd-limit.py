#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The built socket-workbench at the open-file limit (issue #15), through
AT-SPI, as a desktop session starts it: with a soft limit of 1,024.

1. Hard limit higher: the app raises its soft limit, and its server tab
   accepts 3,000 clients.
2. Hard limit 1,024 too: the server takes what it can while leaving
   descriptors to the UI, says so in one event (not one a second), takes
   waiting clients as others leave, and everyone gets in in the end.
   (That it still draws readable text was checked on screenshots.)

Prints TAP. Run like e2e-atspi.py: under an X server and a D-Bus session
bus with the accessibility bus, with Debian's python3-pyatspi.
"""

import os
import re
import resource
import subprocess
import sys
import time

# As in e2e-atspi.py: the app's own warnings are checked from its stderr.
os.environ.pop('G_DEBUG', None)

try:
    from atspi_driver import (Peer, click, find, find_application, own_warnings, run_tap,
                              select_tab, set_text, skip_without_display, text_of, wait_for,
                              walk)
except ImportError:
    print('1..0 # SKIP python3-pyatspi is not installed')
    sys.exit(0)

skip_without_display()

SOFT_LIMIT = 1024
MANY = 3000
EVENT = 'Open-file limit reached (1024): new clients wait until one disconnects'


def status(page):
    return ' '.join(a.name for a in walk(page)
                    if a.getRoleName() == 'label' and (a.name or '').startswith('Listening'))


def wait_clients(page, n, timeout=60):
    wait_for(f'{n} clients', lambda: re.search(r' · %d clients?$' % n, status(page)), timeout)


def log_count(page, text):
    return text_of(find(page, 'text', 'Traffic log')).count(text)


def count_events(page):
    return log_count(page, EVENT)


class App:
    """The binary, started with the given open-file limits."""

    def __init__(self, binary, hard):
        def limit():
            resource.setrlimit(resource.RLIMIT_NOFILE, (SOFT_LIMIT, hard))

        env = dict(os.environ)
        env.pop('GTK_A11Y', None)
        self.process = subprocess.Popen([binary], env=env, stderr=subprocess.PIPE,
                                        preexec_fn=limit)
        self.warned = False

    def open_files_limit(self):
        with open(f'/proc/{self.process.pid}/limits') as limits:
            line = next(line for line in limits if line.startswith('Max open files'))
        return int(line.split()[3])

    def listen(self):
        self.app = find_application('socket-workbench')
        page = select_tab(self.app, 1)
        set_text(find(page, 'text', 'Port'), '0')
        click(find(page, 'push button', 'Listen'))
        port = wait_for('the port listened on',
                        lambda: re.search(r'Listening on \S+:(\d+)', status(page))).group(1)
        return page, port

    def stop(self):
        self.process.terminate()
        try:
            _, stderr = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, stderr = self.process.communicate()
        for line in own_warnings(stderr.decode('utf-8', 'replace')):
            print(f'# the app warned: {line}', flush=True)
            self.warned = True


def raised_limit(binary):
    app = App(binary, resource.getrlimit(resource.RLIMIT_NOFILE)[1])
    try:
        page, port = app.listen()
        assert app.open_files_limit() > MANY + 64, app.open_files_limit()
        peer = Peer('many_clients.py', 'hold', '127.0.0.1', port, '--count', str(MANY))
        try:
            peer.expect(r'^CONNECTED (\d+)', timeout=120)
            wait_clients(page, MANY)
            assert count_events(page) == 0
        finally:
            peer.stop()
    finally:
        app.stop()
    assert not app.warned, 'the app warned'


def hard_limit(binary):
    app = App(binary, SOFT_LIMIT)
    try:
        page, port = app.listen()
        assert app.open_files_limit() == SOFT_LIMIT, app.open_files_limit()
        peer = Peer('many_clients.py', 'hold', '127.0.0.1', port, '--count', '1500')
        try:
            peer.expect(r'^CONNECTED (\d+)', timeout=120)
            wait_for('the limit event', lambda: count_events(page) == 1)
            first = int(wait_for('the clients accepted', lambda: re.search(
                r' · (\d+) clients$', status(page))).group(1))
            assert 800 < first < SOFT_LIMIT, first
            # Clients wait; the server looks for a free descriptor every
            # second meanwhile, and says nothing more.
            time.sleep(3)
            assert count_events(page) == 1, count_events(page)
            wait_clients(page, first)

            # As many come in as leave.
            peer.write(b'close 100\n')
            peer.expect(r'^CLOSED (\d+)')
            wait_for('100 clients to leave', lambda: log_count(page, 'closed the connection') == 100)
            wait_clients(page, first)

            # Everyone gets in, then leaves; one event in all.
            peer.write(b'close 1500\n')
            peer.expect(r'^CLOSED (\d+)')
            wait_clients(page, 0)
            assert count_events(page) == 1, count_events(page)
        finally:
            peer.stop()
    finally:
        app.stop()
    assert not app.warned, 'the app warned'


def main():
    binary = sys.argv[1]
    if resource.getrlimit(resource.RLIMIT_NOFILE)[1] < MANY + 128:
        print(f'1..0 # SKIP the hard open-file limit is below {MANY + 128}')
        return 0

    tests = [('the soft limit is raised: 3,000 clients', raised_limit),
             ('at a hard limit of 1,024: one event, clients wait and come in', hard_limit)]
    print(f'1..{len(tests)}', flush=True)
    failed = 0
    for number, (name, test) in enumerate(tests, 1):
        if not run_tap(number, name, test, binary):
            failed += 1
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

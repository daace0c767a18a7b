# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives socket-workbench like a person, through AT-SPI: finds widgets by
role and accessible name, types, clicks, and reads the traffic log; starts
the peers of tests/peers. Shared by e2e-atspi.py (the built binary) and
test-flatpak.py (the installed Flatpak, in its sandbox).

Needs Debian's python3-pyatspi (import this module from /usr/bin/python3),
an X server and a D-Bus session bus with the accessibility bus.
"""

import os
import re
import subprocess
import sys
import time
import traceback

import pyatspi

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 20


class Peer:
    """A test peer, a script of tests/peers or a program, with its output."""

    def __init__(self, *argv):
        if argv[0].endswith('.py'):
            argv = (sys.executable, os.path.join(HERE, 'peers', argv[0])) + argv[1:]
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT)
        os.set_blocking(self.process.stdout.fileno(), False)
        self.output = b''

    def expect(self, pattern, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern, re.M)
        while time.monotonic() < deadline:
            chunk = self.process.stdout.read()
            if chunk:
                self.output += chunk
            match = regex.search(self.output.decode('utf-8', 'replace'))
            if match:
                return match.group(1) if match.groups() else match.group(0)
            time.sleep(0.05)
        raise AssertionError(f'peer {self.process.args!r} did not print /{pattern}/; '
                             f'it printed {self.output!r}')

    def write(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def wait_for(what, predicate, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except Exception as error:  # the tree changes under us
            last = error
        time.sleep(0.1)
    raise AssertionError(f'timed out waiting for {what} (last: {last!r})')


def walk(accessible, depth=0):
    if accessible is None or depth > 60:
        return
    yield accessible
    for i in range(accessible.childCount):
        yield from walk(accessible.getChildAtIndex(i), depth + 1)


def find(root, role, name, showing=True):
    """The first visible accessible with this role and name (GTK 4.8 never
    says "showing"; the pages of other tabs are not in the tree)."""
    def look():
        for accessible in walk(root):
            try:
                if (accessible.getRoleName() == role and accessible.name == name and
                        (not showing or accessible.getState().contains(pyatspi.STATE_VISIBLE))):
                    return accessible
            except Exception:
                continue
        return None
    return wait_for(f'{role} “{name}”', look)


def find_application(name):
    def look():
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            application = desktop.getChildAtIndex(i)
            if application is not None and application.name == name:
                return application
        return None
    return wait_for(f'the application {name}', look, timeout=30)


def set_text(accessible, text):
    accessible.queryEditableText().setTextContents(text)


def text_of(accessible):
    return accessible.queryText().getText(0, -1)


def click(accessible):
    """Clicks once the button can be clicked, as a person waits to."""
    wait_for(f'“{accessible.name}” to be sensitive',
             lambda: accessible.getState().contains(pyatspi.STATE_SENSITIVE))
    accessible.queryAction().doAction(0)


def click_at(accessible):
    """Clicks the middle of an accessible with the mouse, as a person does
    (GTK 4.8 does not take the focus over AT-SPI)."""
    extents = accessible.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(extents.x + extents.width // 2,
                                        extents.y + extents.height // 2, 'b1c')


def press_keys(keys):
    """Presses keys on the X keyboard, e.g. "ctrl+Next", with xdotool."""
    subprocess.run(['xdotool', 'key', '--clearmodifiers', keys], check=True, timeout=TIMEOUT)


def page_tabs(app):
    """The tabs of the session notebook, in order."""
    tabs = find(app, 'page tab list', 'Tab list', showing=False)
    return [tabs.getChildAtIndex(i) for i in range(tabs.childCount)
            if tabs.getChildAtIndex(i).getRoleName() == 'page tab']


def select_tab(app, index):
    """Clicks the index-th tab, as a person does (GTK 4.8's selection
    interface on the tab list picks the wrong tab)."""
    # GTK 4.8 does not say its tab list is showing.
    pages = page_tabs(app)
    extents = pages[index].queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(extents.x + extents.width // 3,
                                        extents.y + extents.height // 2, 'b1c')
    wait_for(f'tab {index} to be selected',
             lambda: pages[index].getState().contains(pyatspi.STATE_SELECTED))
    # Pages of other tabs stay in the tree, "visible" and with extents, in
    # GTK 4.8; the page containers come in the order of the tabs.
    containers = [a for a in walk(app) if a.getRoleName() == 'panel' and a.name == 'Tab']
    return containers[index]


def wait_log(page, pattern):
    log = find(page, 'text', 'Traffic log')
    try:
        return wait_for(f'the traffic log to show /{pattern}/',
                        lambda: re.search(pattern, text_of(log), re.M))
    except AssertionError as error:
        raise AssertionError(f'{error}; it shows:\n{text_of(log)}') from None


def send_message(page, message):
    set_text(find(page, 'text', 'Message'), message)
    click(find(page, 'push button', 'Send'))


def check_hex(page, hex_pattern):
    click(find(page, 'push button', 'Hex'))
    wait_log(page, hex_pattern)
    click(find(page, 'push button', 'UTF-8'))


def own_warnings(stderr):
    """The app's own warnings and criticals (log domains sw-*) in what it
    printed; libatspi's and GTK's accessibility bridge's are no failure."""
    return [line for line in stderr.splitlines()
            if re.search(r'\(socket-workbench:\d+\): sw-[\w-]+-(WARNING|CRITICAL)', line)]


def skip_without_display():
    """Ends the run as skipped where there is no display to drive."""
    if not os.environ.get('DISPLAY') and not os.environ.get('WAYLAND_DISPLAY'):
        print('1..0 # SKIP no display')
        sys.exit(0)


class Skip(Exception):
    """A test that cannot run here, and says why."""


def run_tap(number, name, test, *args):
    """Runs test(*args) and prints its TAP line (with the traceback when it
    fails, the reason when it raised Skip); returns whether it passed."""
    try:
        test(*args)
    except Skip as reason:
        print(f'ok {number} - {name} # SKIP {reason}', flush=True)
        return True
    except Exception:
        print(f'not ok {number} - {name}', flush=True)
        for line in traceback.format_exc().splitlines():
            print(f'# {line}', flush=True)
        return False
    print(f'ok {number} - {name}', flush=True)
    return True

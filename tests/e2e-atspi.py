#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives the built socket-workbench like a person, through AT-SPI.

For each of the three tabs: type the address, press Connect / Listen /
Bind, type a message, press Send, read the traffic log, press Hex and read
it again, against real peers on 127.0.0.1. Then once more with
LANGUAGE=zh_CN: the labels are Chinese. Prints TAP.

Run under an X server and a D-Bus session bus with the accessibility bus
(build-aux/test does: xvfb-run -a dbus-run-session). Needs Debian's
python3-pyatspi, so it runs with /usr/bin/python3.
"""

import os
import re
import shutil
import subprocess
import sys

# Neither process makes warnings fatal here: libatspi and GTK's
# accessibility bridge warn about objects and buses that come and go, which
# is no failure of the app. The app's own warnings (log domains sw-*) are
# collected from its stderr and fail the run instead.
os.environ.pop('G_DEBUG', None)

try:
    import pyatspi
    from atspi_driver import (Peer, Skip, check_hex, click, click_at, find, find_application,
                              own_warnings, page_tabs, press_keys, run_tap, select_tab, send_message,
                              set_text, skip_without_display, text_of,
                              wait_for, wait_log, walk)
except ImportError:
    print('1..0 # SKIP python3-pyatspi is not installed')
    sys.exit(0)

skip_without_display()


def tcp_client(app):
    echo = Peer('echo_server.py')
    try:
        port = echo.expect(r'^PORT (\d+)')
        page = select_tab(app, 0)
        set_text(find(page, 'text', 'Host'), '127.0.0.1')
        set_text(find(page, 'text', 'Port'), port)
        click(find(page, 'push button', 'Connect'))
        find(page, 'push button', 'Disconnect')
        send_message(page, 'hello from a person\\r\\n')
        wait_log(page, r'← 127\.0\.0\.1:%s \(21 B\) hello from a person\\r\\n' % port)
        check_hex(page, r'00000000  68 65 6C 6C 6F 20 66 72  6F 6D 20 61 20 70 65 72  \|hello from a per\|')
        # Three times: Send becomes Stop, then reads "Send" again.
        find(page, 'spin button', 'Times').queryValue().currentValue = 3
        click(find(page, 'push button', 'Send'))
        log = find(page, 'text', 'Traffic log')
        wait_for('three more copies sent', lambda: len(re.findall(
            r'^\S+ → 127\.0\.0\.1:%s \(21 B\) hello from a person' % port, text_of(log), re.M)) == 4)
        find(page, 'push button', 'Send')
        find(page, 'spin button', 'Times').queryValue().currentValue = 1
        click(find(page, 'push button', 'Disconnect'))
        find(page, 'push button', 'Connect')
    finally:
        echo.stop()


def tcp_server(app):
    page = select_tab(app, 1)
    set_text(find(page, 'text', 'Port'), '0')
    click(find(page, 'push button', 'Listen'))
    find(page, 'push button', 'Stop')
    status = wait_for('the port listened on', lambda: re.search(
        r'Listening on \S+:(\d+)', ' '.join(a.name for a in walk(page) if a.getRoleName() == 'label')))
    port = status.group(1)
    client = Peer('socat', '-', f'TCP4:127.0.0.1:{port}')
    try:
        wait_log(page, r'Client 127\.0\.0\.1:\d+ connected')
        send_message(page, 'hello, client\\n')
        client.expect(r'^hello, client$')
        client.write(b'hello, server\n')
        wait_log(page, r'← 127\.0\.0\.1:\d+ \(14 B\) hello, server\\n')
        check_hex(page, r'00000000  68 65 6C 6C 6F 2C 20 73  65 72 76 65 72 0A        \|hello, server.\|')
        click(find(page, 'push button', 'Stop'))
        find(page, 'push button', 'Listen')
    finally:
        client.stop()


def udp_peer(app):
    echo = Peer('udp_peer.py', 'echo')
    try:
        echo_port = echo.expect(r'^PORT (\d+)')
        page = select_tab(app, 2)
        set_text(find(page, 'text', 'Local port'), '0')
        click(find(page, 'push button', 'Bind'))
        status = wait_for('the port bound', lambda: re.search(
            r'Bound to \S+:(\d+)', ' '.join(a.name for a in walk(page) if a.getRoleName() == 'label')))
        port = status.group(1)

        sender = Peer('udp_peer.py', 'send', '127.0.0.1', port, b'datagram in'.hex())
        try:
            sender_port = sender.expect(r'^PORT (\d+)')
            wait_log(page, r'← 127\.0\.0\.1:%s \(11 B\) datagram in' % sender_port)
        finally:
            sender.stop()

        set_text(find(page, 'text', 'Remote host'), '127.0.0.1')
        set_text(find(page, 'text', 'Remote port'), echo_port)
        send_message(page, 'ping over udp')
        echo.expect(r'^FROM 127\.0\.0\.1 \d+ ' + b'ping over udp'.hex())
        wait_log(page, r'← 127\.0\.0\.1:%s \(13 B\) ping over udp' % echo_port)
        check_hex(page, r'00000000  70 69 6E 67 20 6F 76 65  72 20 75 64 70           \|ping over udp\|')
    finally:
        echo.stop()


def search(app):
    """Ctrl+F opens the search bar over the log, every control named for a
    screen reader; a word typed and Enter go to the first match, "1 of 2";
    Escape closes the bar (#12)."""
    if shutil.which('xdotool') is None:
        raise Skip('xdotool is not installed')
    page = select_tab(app, 1)
    click_at(find(page, 'text', 'Traffic log'))
    press_keys('ctrl+f')
    find(page, 'push button', 'Next Match')
    names = {a.name for a in walk(page)}
    for name in ('Search', 'Search mode', 'Previous Match', 'Next Match', 'Filter', 'Close Search'):
        assert name in names, f'no control named “{name}”'
    subprocess.run(['xdotool', 'type', '--delay', '50', 'hello'], check=True, timeout=30)
    press_keys('Return')
    wait_for('the bar to say “1 of 2”', lambda: any(
        a.getRoleName() == 'label' and a.name == '1 of 2' for a in walk(page)))
    press_keys('Escape')
    wait_for('the bar to close', lambda: not any(
        a.name == 'Next Match' and a.getState().contains(pyatspi.STATE_VISIBLE) for a in walk(page)))


def selected_tab(app):
    return [i for i, tab in enumerate(page_tabs(app))
            if tab.getState().contains(pyatspi.STATE_SELECTED)]


def switch_tabs_with_keys(app):
    """Ctrl+PageDown and Ctrl+PageUp switch tabs with the focus in the
    message field or in the header bar."""
    if shutil.which('xdotool') is None:
        raise Skip('xdotool is not installed')
    page = select_tab(app, 0)
    message = find(page, 'text', 'Message')
    click_at(message)
    wait_for('the message field to take the focus',
             lambda: message.getState().contains(pyatspi.STATE_FOCUSED))
    press_keys('ctrl+Next')
    wait_for('the second tab', lambda: selected_tab(app) == [1])

    new_session = next(a for a in walk(app) if a.getRoleName() == 'push button' and
                       a.name == 'New Session' and a.getState().contains(pyatspi.STATE_FOCUSABLE))
    click_at(new_session)
    press_keys('Escape')
    wait_for('the New Session button to have the focus',
             lambda: new_session.getState().contains(pyatspi.STATE_FOCUSED))
    press_keys('ctrl+Prior')
    wait_for('the first tab', lambda: selected_tab(app) == [0])


def close_tab(app):
    """The × on a tab (its "Close Session" button) closes that tab."""
    tabs = page_tabs(app)
    assert len(tabs) == 3, f'{len(tabs)} tabs'
    names = [a.name for tab in tabs for a in walk(tab) if a.getRoleName() == 'label']
    close = next(a for a in walk(tabs[2])
                 if a.getRoleName() == 'push button' and a.name == 'Close Session')
    click(close)
    wait_for('the tab to close', lambda: len(page_tabs(app)) == 2)
    left = [a.name for tab in page_tabs(app) for a in walk(tab) if a.getRoleName() == 'label']
    assert left == names[:2], f'{left} left of {names}'


def chinese(app):
    """Run from the build tree, it speaks the language asked for (#9): the
    uninstalled binary reads the build's catalogues."""
    def named(role, prefix):
        return [a.name for a in walk(app) if a.getRoleName() == role and a.name.startswith(prefix)]

    # The TCP client tab's Connect button and Host field ("连接(_C)", "主机(_H)").
    wait_for('a “连接” button', lambda: named('push button', '连接'))
    wait_for('a “主机” field', lambda: named('text', '主机'))


def fields_named_once(app):
    """A screen reader reads each field of every kind of tab by its visible
    label, once, and its tooltip only if that says more: the Relay tab's
    fields read "Listen port Listen port" (a name of their own beside their
    labels'), the repeat interval its name twice."""
    env = dict(os.environ)
    env.pop('GTK_A11Y', None)
    before = len(page_tabs(app))
    subprocess.run(['gapplication', 'action', 'io.github.socketworkbench.SocketWorkbench',
                    'new-session', "'relay'"], env=env, timeout=60, check=True,
                   stdin=subprocess.DEVNULL)
    wait_for('the Relay tab', lambda: len(page_tabs(app)) == before + 1)
    relay = select_tab(app, before)
    for role, name in (('combo box', 'Listen address'), ('text', 'Listen port'),
                       ('text', 'Upstream host'), ('text', 'Upstream port')):
        find(relay, role, name)

    checked = 0
    for index in range(before + 1):
        page = select_tab(app, index)
        for field in walk(page):
            if field.getRoleName() not in ('text', 'spin button', 'combo box'):
                continue
            name = field.name
            labels = [relation.getTarget(i).name for relation in field.getRelationSet()
                      if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY
                      for i in range(relation.getNTargets())]
            half = name[:(len(name) - 1) // 2]
            assert name and name != f'{half} {half}', f'a field of tab {index} is named “{name}”'
            if labels:
                assert name == ' '.join(labels), \
                    f'a field of tab {index} labelled “{" ".join(labels)}” is named “{name}”'
            assert field.description != name, f'“{name}” in tab {index} is described by its name'
            checked += 1
    # Four kinds of tab, each with its form and its send bar.
    assert checked > 4 * 8, f'{checked} fields'


def run_app(binary, language, tests, first_number):
    """Runs the app with LANGUAGE=@language through @tests; returns how
    many failed, counting its warnings and a bad exit as one more."""
    env = dict(os.environ)
    env.pop('GTK_A11Y', None)
    env['LANGUAGE'] = language
    app_process = subprocess.Popen([binary], env=env, stderr=subprocess.PIPE)
    failed = 0
    try:
        app = find_application('socket-workbench')
        find(app, 'frame', 'Socket Workbench')
        for number, (name, test) in enumerate(tests, first_number):
            if not run_tap(number, name, test, app):
                failed += 1
    finally:
        app_process.terminate()
        try:
            _, stderr = app_process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            app_process.kill()
            _, stderr = app_process.communicate()

    warnings = own_warnings(stderr.decode('utf-8', 'replace'))
    for line in warnings:
        print(f'# the app warned: {line}', flush=True)
    if warnings:
        print('# the app must not warn', flush=True)
        failed += 1
    if app_process.returncode not in (0, -15):
        print(f'# the app exited with {app_process.returncode}', flush=True)
        failed += 1

    return failed


def open_from_command_line(binary):
    """`socket-workbench URI` run again opens the session in the running
    window; a wrong URI changes nothing; `gapplication action` reaches the
    running program (#14)."""
    def test(app):
        env = dict(os.environ)
        env.pop('GTK_A11Y', None)
        echo = Peer('echo_server.py')
        try:
            port = echo.expect(r'^PORT (\d+)')
            before = len(page_tabs(app))
            second = subprocess.run([binary, f'tcp://127.0.0.1:{port}'], env=env, timeout=60,
                                    stdin=subprocess.DEVNULL, capture_output=True, text=True)
            assert second.returncode == 0, f'exit {second.returncode}: {second.stderr}'
            wait_for('the new tab', lambda: len(page_tabs(app)) == before + 1)
            select_tab(app, before)
            # GTK 4.8 keeps closed pages in the tree: the new one is the
            # page connected to the echo server.
            def connected_page():
                for tab in walk(app):
                    if tab.getRoleName() != 'panel' or tab.name != 'Tab':
                        continue
                    names = {(a.getRoleName(), a.name) for a in walk(tab)}
                    if ('push button', 'Disconnect') in names and ('text', 'Host') in names:
                        return tab
                return None
            # The log says to whom: the echo server's port.
            page = wait_for('a connected TCP client tab', connected_page)
            send_message(page, 'from the command line\\n')
            wait_log(page, r'← 127\.0\.0\.1:%s \(22 B\) from the command line\\n' % port)

            wrong = subprocess.run([binary, 'tcp://127.0.0.1'], env=env, timeout=60,
                                   stdin=subprocess.DEVNULL, capture_output=True, text=True)
            assert wrong.returncode == 2, f'exit {wrong.returncode}'
            assert 'has no port' in wrong.stderr, wrong.stderr
            assert len(page_tabs(app)) == before + 1

            subprocess.run(['gapplication', 'action', 'io.github.socketworkbench.SocketWorkbench',
                            'new-session', "'udp-peer'"], env=env, timeout=60, check=True,
                           stdin=subprocess.DEVNULL)
            wait_for('the UDP tab', lambda: len(page_tabs(app)) == before + 2)
            names = [a.name for a in walk(page_tabs(app)[before + 1]) if a.getRoleName() == 'label']
            assert 'UDP Peer' in names, names
        finally:
            echo.stop()
    return test


def main():
    binary = sys.argv[1]
    tests = [('TCP client tab talks to an echo server', tcp_client),
             ('TCP server tab talks to a socat client', tcp_server),
             ('Ctrl+F searches the TCP server tab\'s log', search),
             ('UDP tab talks to UDP peers', udp_peer),
             ('Ctrl+PageDown/PageUp switch tabs from anywhere', switch_tabs_with_keys),
             # It leaves two tabs.
             ('The × on a tab closes it', close_tab),
             ('A URI on the command line opens a tab in the running window',
              open_from_command_line(binary))]
    # In a window of its own: GTK 4.8 keeps the pages of closed tabs in
    # the tree, out of the order of the tabs.
    named_tests = [('Every field of every kind of tab is named once, by its label',
                    fields_named_once)]
    chinese_tests = [('With LANGUAGE=zh_CN the tabs speak Chinese', chinese)]
    print(f'1..{len(tests) + len(named_tests) + len(chinese_tests)}', flush=True)

    failed = run_app(binary, 'C', tests, 1)
    failed += run_app(binary, 'C', named_tests, len(tests) + 1)
    failed += run_app(binary, 'zh_CN', chinese_tests, len(tests) + len(named_tests) + 1)

    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

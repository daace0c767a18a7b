#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives the built socket-workbench like a person, through AT-SPI.

For each of the three tabs: type the address, press Connect / Listen /
Bind, type a message, press Send, read the traffic log, press Hex and read
it again, against real peers on 127.0.0.1. Prints TAP.

Run under an X server and a D-Bus session bus with the accessibility bus
(build-aux/test does: xvfb-run -a dbus-run-session). Needs Debian's
python3-pyatspi, so it runs with /usr/bin/python3.
"""

import os
import re
import subprocess
import sys

# Neither process makes warnings fatal here: libatspi and GTK's
# accessibility bridge warn about objects and buses that come and go, which
# is no failure of the app. The app's own warnings (log domains sw-*) are
# collected from its stderr and fail the run instead.
os.environ.pop('G_DEBUG', None)

try:
    from atspi_driver import (Peer, check_hex, click, find, find_application, own_warnings,
                              run_tap, select_tab, send_message, set_text, skip_without_display,
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


def main():
    binary = sys.argv[1]
    tests = [('TCP client tab talks to an echo server', tcp_client),
             ('TCP server tab talks to a socat client', tcp_server),
             ('UDP tab talks to UDP peers', udp_peer)]
    print(f'1..{len(tests)}', flush=True)

    env = dict(os.environ)
    env.pop('GTK_A11Y', None)
    app_process = subprocess.Popen([binary], env=env, stderr=subprocess.PIPE)
    failed = 0
    try:
        app = find_application('socket-workbench')
        find(app, 'frame', 'Socket Workbench')
        for number, (name, test) in enumerate(tests, 1):
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

    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

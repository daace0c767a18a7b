#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The tutorials' threaded "Hello" server.

Greets with b"Hello" as soon as a client connects, answers every message m
with b"Hello,m!", and closes the connection on b"exit".
"""

import argparse
import threading

import peerlib


def tcplink(sock, addr):
    peerlib.announce('ACCEPTED', '%s:%s' % addr[:2])
    sock.send(b'Hello')
    while True:
        data = sock.recv(1024)
        if not data or data == b'exit':
            break
        sock.send(b'Hello,%s!' % data)
    sock.close()
    peerlib.announce('CLOSED', '%s:%s' % addr[:2])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='127.0.0.1')
    args = parser.parse_args()

    peerlib.exit_with_parent()
    server = peerlib.listen(args.host, 5)
    peerlib.announce('PORT', server.getsockname()[1])
    while True:
        sock, addr = server.accept()
        threading.Thread(target=tcplink, args=(sock, addr), daemon=True).start()


if __name__ == '__main__':
    main()

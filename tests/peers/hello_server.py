#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The tutorials' threaded "Hello" server.

Greets with b"Hello" as soon as a client connects, answers every message m
with b"Hello,m!", and closes the connection on b"exit". --port listens on
that port; --digest prints "DIGEST <sha256> BYTES <n>" of what each client
sent, once its connection is closed.
"""

import argparse
import threading

import peerlib


def tcplink(sock, addr, digest):
    peerlib.announce('ACCEPTED', '%s:%s' % addr[:2])
    sock.send(b'Hello')
    while True:
        data = sock.recv(1024)
        if digest:
            digest.update(data)
        if not data or data == b'exit':
            break
        sock.send(b'Hello,%s!' % data)
    sock.close()
    peerlib.announce('CLOSED', '%s:%s' % addr[:2])
    if digest:
        digest.announce()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--digest', action='store_true')
    args = parser.parse_args()

    peerlib.exit_with_parent()
    server = peerlib.listen(args.host, 5, args.port)
    peerlib.announce('PORT', server.getsockname()[1])
    while True:
        sock, addr = server.accept()
        digest = peerlib.Digest() if args.digest else None
        threading.Thread(target=tcplink, args=(sock, addr, digest), daemon=True).start()


if __name__ == '__main__':
    main()

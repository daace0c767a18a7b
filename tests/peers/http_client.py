#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The tutorials' HTTP client: sends a CRLF request with "Connection:
close" and reads until the server closes.

Prints "RESPONSE <hex of everything received>" once the server closed.
"""

import argparse
import socket

import peerlib


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('host')
    parser.add_argument('port', type=int)
    args = parser.parse_args()

    peerlib.exit_with_parent()
    sock = socket.create_connection((args.host, args.port), timeout=30)
    sock.sendall(b'GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n'
                 % args.host.encode())
    buffer = []
    while True:
        data = sock.recv(1024)
        if not data:
            break
        buffer.append(data)
    sock.close()
    peerlib.announce('RESPONSE', b''.join(buffer).hex())


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A one-shot HTTP/1.1 server: reads a request up to the blank line,
answers it with a small page and closes the connection, as servers do for
"Connection: close".

Prints "PORT <n>", then "REQUEST <hex of the request head>".
"""

import argparse

import peerlib

BODY = b'<html><body>Hello from the test server</body></html>\n'
RESPONSE = (b'HTTP/1.1 200 OK\r\n'
            b'Content-Type: text/html; charset=utf-8\r\n'
            b'Content-Length: %d\r\n'
            b'Connection: close\r\n'
            b'\r\n' % len(BODY)) + BODY


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='127.0.0.1')
    args = parser.parse_args()

    peerlib.exit_with_parent()
    server = peerlib.listen(args.host)
    peerlib.announce('PORT', server.getsockname()[1])
    conn, _ = server.accept()
    request = b''
    while b'\r\n\r\n' not in request:
        data = conn.recv(4096)
        if not data:
            break
        request += data
    peerlib.announce('REQUEST', request.hex())
    conn.sendall(RESPONSE)
    conn.close()
    peerlib.announce('RESPONDED', len(RESPONSE))


if __name__ == '__main__':
    main()

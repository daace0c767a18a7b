#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The tutorials' TCP echo server: a thread per client, every byte back.

Prints "PORT <n>" once listening (on an ephemeral port unless --port);
with --digest, "DIGEST <sha256> BYTES <n>" of what each client sent, when
it closes; with --tls CERT KEY, over TLS.
"""

import argparse
import ssl
import threading

import peerlib


def serve(conn, digest, context):
    if context:
        try:
            conn = context.wrap_socket(conn, server_side=True)
        except OSError:
            conn.close()
            return
    with conn:
        while True:
            try:
                data = conn.recv(65536)
            except OSError:
                break
            if not data:
                break
            if digest:
                digest.update(data)
            conn.sendall(data)
    if digest:
        digest.announce()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--digest', action='store_true')
    parser.add_argument('--tls', nargs=2, metavar=('CERT', 'KEY'))
    args = parser.parse_args()

    context = None
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*args.tls)

    peerlib.exit_with_parent()
    server = peerlib.listen(args.host, port=args.port)
    peerlib.announce('PORT', server.getsockname()[1])
    while True:
        conn, _ = server.accept()
        digest = peerlib.Digest() if args.digest else None
        threading.Thread(target=serve, args=(conn, digest, context), daemon=True).start()


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The tutorials' TCP echo server: a thread per client, every byte back.

Prints "PORT <n>" once listening on an ephemeral port.
"""

import argparse
import threading

import peerlib


def serve(conn):
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            conn.sendall(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='127.0.0.1')
    args = parser.parse_args()

    peerlib.exit_with_parent()
    server = peerlib.listen(args.host)
    peerlib.announce('PORT', server.getsockname()[1])
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A line-based device, for sequences: a thread per client, lines end with
"\\r\\n" (or "\\n").

  LOGIN ...   answers "LOGIN ok\\r\\n"
  GET         answers "VALUE 42\\r\\n"
  GET BAD     answers "VALUE 41\\r\\n"
  QUIET       answers nothing
  BYE         closes the connection
  other       answers "ECHO <line>\\r\\n"

--greet TEXT sends "TEXT\\r\\n" as soon as a client connects. Prints
"PORT <n>" once listening, then "LINE <text>" for every line received.
"""

import argparse
import threading

import peerlib


def serve(conn, greet):
    with conn:
        if greet:
            conn.sendall(greet.encode() + b'\r\n')
        pending = b''
        while True:
            data = conn.recv(65536)
            if not data:
                break
            pending += data
            while b'\n' in pending:
                line, pending = pending.split(b'\n', 1)
                line = line.rstrip(b'\r')
                peerlib.announce('LINE', line.decode(errors='replace'))
                if line.startswith(b'LOGIN'):
                    conn.sendall(b'LOGIN ok\r\n')
                elif line == b'GET':
                    conn.sendall(b'VALUE 42\r\n')
                elif line == b'GET BAD':
                    conn.sendall(b'VALUE 41\r\n')
                elif line == b'QUIET':
                    pass
                elif line == b'BYE':
                    return
                else:
                    conn.sendall(b'ECHO ' + line + b'\r\n')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--greet', default='')
    args = parser.parse_args()

    peerlib.exit_with_parent()
    server = peerlib.listen(args.host, 16)
    peerlib.announce('PORT', server.getsockname()[1])
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn, args.greet), daemon=True).start()


if __name__ == '__main__':
    main()

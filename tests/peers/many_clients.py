#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""N TCP clients at once against one server, in one process.

echo       every client connects, sends "client NNNN says hello\n" and must
           get exactly that back; prints "OK <n>" or "FAIL <why>"
broadcast  every client connects and must then receive MESSAGE (sent once
           to all by the server); prints "CONNECTED <n>" when all are
           connected, then "OK <n>" or "FAIL <why>"
hold       every client connects (the kernel completes the handshake, even
           for those the server has not accepted yet) and stays; prints
           "CONNECTED <n>", then obeys lines on stdin: "close <k>" closes
           the k oldest and prints "CLOSED <k>"
"""

import argparse
import selectors
import socket
import sys
import time

import peerlib


def hold(args):
    family = peerlib.family_of(args.host)
    socks = []
    for _ in range(args.count):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(args.timeout)
        sock.connect((args.host, args.port))
        socks.append(sock)
    peerlib.announce('CONNECTED', len(socks))

    for line in sys.stdin:
        command, count = line.split()
        if command != 'close':
            print('FAIL unknown command', command, flush=True)
            return 1
        closing, socks = socks[:int(count)], socks[int(count):]
        for sock in closing:
            sock.close()
        peerlib.announce('CLOSED', len(closing))
    return 0


def run(args):
    peerlib.raise_fd_limit(args.count + 64)
    if args.mode == 'hold':
        return hold(args)
    selector = selectors.DefaultSelector()
    expected = {}
    received = {}
    pending = set()
    family = peerlib.family_of(args.host)

    for i in range(args.count):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.connect_ex((args.host, args.port))
        if args.mode == 'echo':
            message = b'client %04d says hello\n' % i
        else:
            message = args.message.encode()
        expected[sock] = message
        received[sock] = b''
        pending.add(sock)
        selector.register(sock, selectors.EVENT_WRITE)

    deadline = time.monotonic() + args.timeout
    connected = 0
    while pending and time.monotonic() < deadline:
        for key, events in selector.select(timeout=0.5):
            sock = key.fileobj
            if events & selectors.EVENT_WRITE:
                error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if error:
                    print('FAIL connect', error, flush=True)
                    return 1
                if args.mode == 'echo':
                    sock.sendall(expected[sock])
                connected += 1
                if connected == args.count:
                    peerlib.announce('CONNECTED', connected)
                selector.modify(sock, selectors.EVENT_READ)
                continue
            data = sock.recv(65536)
            if not data:
                print('FAIL closed early after', received[sock], flush=True)
                return 1
            received[sock] += data
            if len(received[sock]) >= len(expected[sock]):
                if received[sock] != expected[sock]:
                    print('FAIL got', received[sock], 'wanted', expected[sock], flush=True)
                    return 1
                pending.discard(sock)
                selector.unregister(sock)

    if pending:
        print('FAIL timeout:', len(pending), 'of', args.count, 'without answer',
              '(connected: %d)' % connected, flush=True)
        return 1

    peerlib.announce('OK', args.count)
    # Hold the connections until the test is done with them.
    sys.stdin.buffer.read()
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('mode', choices=['echo', 'broadcast', 'hold'])
    parser.add_argument('host')
    parser.add_argument('port', type=int)
    parser.add_argument('--count', type=int, default=1000)
    parser.add_argument('--message', default='hello, everyone\n')
    parser.add_argument('--timeout', type=float, default=60)
    sys.exit(run(parser.parse_args()))


if __name__ == '__main__':
    main()

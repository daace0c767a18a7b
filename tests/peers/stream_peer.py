#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A TCP peer for transfers and failures.

Server modes print "PORT <n>" first:
  sink          read everything one client sends until it shuts down
                writing, then print "SHA256 <hex> BYTES <n>"
  source N      send N pattern bytes (seed 1) to one client, print
                "SHA256 <hex> BYTES <n>", then close
  reset         reset the connection (SO_LINGER 0) after the first data,
                or after 0.5 s when none comes; print "RESET"
  backlog       listen with a full backlog and never accept, so a new
                connect hangs; print "PORT <n>" once full
Client modes connect to HOST PORT:
  client-sink   as sink, towards a server
  client-source as source, towards a server
  client-reset  as reset, towards a server
  client-talk   send "hello\n", then print what ends the connection:
                "EOF" (closed in order) or "RESET"
  client-hex HOST PORT HEX [HEX…]
                send each HEX (bytes), 0.1 s apart, and print every chunk
                that comes back as "REPLY <hex>"
Client modes print "LOCAL <port>" once connected; with --delay S, they
wait S seconds after that before doing anything.
"""

import argparse
import hashlib
import socket
import struct
import time

import peerlib

CHUNK = 1 << 20


def sink(conn):
    digest = hashlib.sha256()
    total = 0
    while True:
        data = conn.recv(1 << 20)
        if not data:
            break
        digest.update(data)
        total += len(data)
    peerlib.announce('SHA256', '%s BYTES %d' % (digest.hexdigest(), total))
    conn.close()


def source(conn, size):
    digest = hashlib.sha256()
    sent = 0
    seed = 1
    while sent < size:
        block = peerlib.pattern(seed, min(CHUNK, size - sent))
        conn.sendall(block)
        digest.update(block)
        sent += len(block)
        seed += 1
    peerlib.announce('SHA256', '%s BYTES %d' % (digest.hexdigest(), sent))
    conn.shutdown(socket.SHUT_WR)
    # Wait for the peer to close, so nothing in flight is reset.
    conn.settimeout(60)
    try:
        while conn.recv(65536):
            pass
    except OSError:
        pass
    conn.close()


def reset(conn):
    conn.settimeout(0.5)
    try:
        conn.recv(1024)
    except socket.timeout:
        pass
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
    conn.close()
    peerlib.announce('RESET', 1)


def talk(conn):
    conn.sendall(b'hello\n')
    try:
        while conn.recv(65536):
            pass
        peerlib.announce('EOF', 1)
    except ConnectionResetError:
        peerlib.announce('RESET', 1)


def hex_talk(conn, messages):
    conn.settimeout(0.1)
    for message in messages:
        conn.sendall(bytes.fromhex(message))
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                peerlib.announce('REPLY', data.hex())
        except socket.timeout:
            pass
    conn.settimeout(None)
    while True:
        data = conn.recv(65536)
        if not data:
            return
        peerlib.announce('REPLY', data.hex())


def accept_queue_length(host, port):
    """How many connections wait for accept() on our listener of @port:
    the rx_queue of a LISTEN socket in /proc/net/tcp (Linux)."""
    table = '/proc/net/tcp6' if peerlib.family_of(host) == socket.AF_INET6 else '/proc/net/tcp'
    with open(table) as lines:
        for line in lines.readlines()[1:]:
            fields = line.split()
            if fields[3] == '0A' and int(fields[1].rsplit(':', 1)[1], 16) == port:
                return int(fields[4].split(':')[1], 16)
    return 0


def backlog(host):
    # Linux queues backlog + 1 connections that nobody accepted, and drops
    # every SYN that comes while the queue is full: a connect then hangs
    # until it times out. Each filler is waited for in the queue, so a
    # connect after "PORT" never finds room, however slowly the kernel
    # completes the fillers' handshakes.
    server = peerlib.listen(host, 1)
    port = server.getsockname()[1]
    held = []
    for count in (1, 2):
        client = socket.socket(peerlib.family_of(host), socket.SOCK_STREAM)
        client.setblocking(False)
        try:
            client.connect((host, port))
        except BlockingIOError:
            pass
        held.append(client)
        deadline = time.monotonic() + 20
        while accept_queue_length(host, port) < count:
            if time.monotonic() > deadline:
                raise SystemExit(f'connection {count} never reached the accept queue')
            time.sleep(0.01)
    peerlib.announce('PORT', port)
    while True:
        time.sleep(3600)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('mode')
    parser.add_argument('args', nargs='*')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--delay', type=float, default=0)
    args = parser.parse_args()

    peerlib.exit_with_parent()

    if args.mode == 'backlog':
        backlog(args.host)
    elif args.mode.startswith('client-'):
        conn = socket.create_connection((args.args[0], int(args.args[1])))
        peerlib.announce('LOCAL', conn.getsockname()[1])
        time.sleep(args.delay)
        if args.mode == 'client-sink':
            sink(conn)
        elif args.mode == 'client-reset':
            reset(conn)
        elif args.mode == 'client-talk':
            talk(conn)
        elif args.mode == 'client-hex':
            hex_talk(conn, args.args[2:])
        else:
            source(conn, int(args.args[2]))
    else:
        server = peerlib.listen(args.host)
        peerlib.announce('PORT', server.getsockname()[1])
        conn, _ = server.accept()
        if args.mode == 'sink':
            sink(conn)
        elif args.mode == 'source':
            source(conn, int(args.args[0]))
        elif args.mode == 'reset':
            reset(conn)
        else:
            raise SystemExit('unknown mode ' + args.mode)
    # Stay until the test closes our stdin.
    while True:
        time.sleep(3600)


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A UDP peer, after the tutorials' UDP chat: binds a port, sends to an
address and listens for answers.

Every mode prints "PORT <n>" (its own port) first.
  echo                  send every datagram back to its sender, and print
                        "FROM <host> <port> <hex>"
  send HOST PORT HEX    send the bytes (hex), then print every datagram
                        that comes back as "REPLY <hex>"
  blast HOST PORT N     send N datagrams of mixed sizes (0-1472 bytes,
                        datagram i filled with byte i % 256), paced so a
                        reader keeps up; print "SENT <n> BYTES <total>"
  big HOST PORT SIZE    send one datagram of SIZE pattern bytes (seed 7);
                        print "SENT 1 SHA256 <hex>"
  flood HOST PORT N     send N datagrams of 1400 bytes as fast as it can;
                        print "SENT <n> BYTES <total>"
  collect N             receive N datagrams (or until 2 s pass without
                        one), then print "RECEIVED <n> BYTES <total>
                        LARGEST <size> SHA256 <hex of them in order>"
--port binds that port instead of an ephemeral one.
--multicast-loopback sends multicast out of the loopback interface with a
TTL of 0, so it never leaves this machine.
"""

import argparse
import hashlib
import socket
import time

import peerlib


def blast_size(i):
    return (i * 7919) % 1473


def collect(sock, count):
    # Room for a burst from a sender without a rate limit.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    digest = hashlib.sha256()
    received = total = largest = 0
    sock.settimeout(None)
    while received < count:
        try:
            data = sock.recv(65535)
        except socket.timeout:
            break
        sock.settimeout(2)
        digest.update(data)
        received += 1
        total += len(data)
        largest = max(largest, len(data))
    peerlib.announce('RECEIVED', '%d BYTES %d LARGEST %d SHA256 %s'
                     % (received, total, largest, digest.hexdigest()))
    while True:
        time.sleep(3600)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('mode')
    parser.add_argument('args', nargs='*')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--multicast-loopback', action='store_true')
    args = parser.parse_args()

    peerlib.exit_with_parent()
    sock = socket.socket(peerlib.family_of(args.host), socket.SOCK_DGRAM)
    sock.bind((args.host, args.port))
    if args.multicast_loopback:
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton('127.0.0.1'))
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 0)
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
    peerlib.announce('PORT', sock.getsockname()[1])

    if args.mode == 'collect':
        collect(sock, int(args.args[0]))
    elif args.mode == 'echo':
        while True:
            data, addr = sock.recvfrom(65535)
            peerlib.announce('FROM', '%s %d %s' % (addr[0], addr[1], data.hex() or '-'))
            sock.sendto(data, addr)

    target = (args.args[0], int(args.args[1]))
    if args.mode == 'send':
        sock.sendto(bytes.fromhex(args.args[2]), target)
        while True:
            data, _ = sock.recvfrom(65535)
            peerlib.announce('REPLY', data.hex() or '-')
    elif args.mode == 'blast':
        count = int(args.args[2])
        total = 0
        for i in range(count):
            size = blast_size(i)
            sock.sendto(bytes([i % 256]) * size, target)
            total += size
            if i % 50 == 49:
                time.sleep(0.002)
        peerlib.announce('SENT', '%d BYTES %d' % (count, total))
    elif args.mode == 'flood':
        count = int(args.args[2])
        data = bytes(1400)
        for _ in range(count):
            try:
                sock.sendto(data, target)
            except BlockingIOError:
                pass
        peerlib.announce('SENT', '%d BYTES %d' % (count, count * len(data)))
    elif args.mode == 'big':
        data = peerlib.pattern(7, int(args.args[2]))
        sock.sendto(data, target)
        peerlib.announce('SENT', '1 SHA256 %s' % hashlib.sha256(data).hexdigest())
    else:
        raise SystemExit('unknown mode ' + args.mode)

    while True:
        time.sleep(3600)


if __name__ == '__main__':
    main()

# SPDX-License-Identifier: GPL-3.0-or-later
"""What the test peers share: announcing a port, and dying with the test."""

import hashlib
import os
import random
import socket
import sys
import threading


def announce(key, value):
    print(key, value, flush=True)


def exit_with_parent():
    """Exits when the test closes our stdin or dies, so no peer outlives it."""
    def watch():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        finally:
            os._exit(0)
    threading.Thread(target=watch, daemon=True).start()


def family_of(host):
    return socket.AF_INET6 if ':' in host else socket.AF_INET


def listen(host, backlog=128, port=0):
    server = socket.socket(family_of(host), socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(backlog)
    return server


class Digest:
    """The SHA-256 of what one connection received, for --digest."""

    def __init__(self):
        self.sha256 = hashlib.sha256()
        self.size = 0

    def update(self, data):
        self.sha256.update(data)
        self.size += len(data)

    def announce(self):
        announce('DIGEST', '%s BYTES %d' % (self.sha256.hexdigest(), self.size))


def pattern(seed, size):
    """The same bytes for the same seed, in any process."""
    return random.Random(seed).randbytes(size)


def raise_fd_limit(wanted):
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))
    except (ImportError, ValueError, OSError):
        pass

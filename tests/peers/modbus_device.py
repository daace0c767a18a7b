#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A Modbus device nobody here wrote: pymodbus's server speaking Modbus
RTU framing over TCP (addresses, function codes and CRC-16/MODBUS as on a
serial line). Holding registers 0, 1, 2… hold 42, 43, 44…

Prints "PORT <n>" once listening on an ephemeral port of 127.0.0.1. It
answers 01 03 00 00 00 02 C4 0B with 01 03 04 00 2A 00 2B + CRC, and
ignores a frame whose CRC is wrong.
"""

import asyncio
import logging

from pymodbus.datastore import (ModbusSequentialDataBlock, ModbusServerContext,
                                ModbusSlaveContext)
from pymodbus.server import StartAsyncTcpServer
from pymodbus.transaction import ModbusRtuFramer

import peerlib


async def main():
    peerlib.exit_with_parent()
    for name in ('', 'pymodbus'):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    registers = ModbusSequentialDataBlock(0, list(range(42, 42 + 100)))
    # pymodbus 3.0 addresses block values from 1 for "zero_mode" off.
    store = ModbusSlaveContext(hr=registers, zero_mode=True)
    context = ModbusServerContext(slaves=store, single=True)
    server = await StartAsyncTcpServer(context=context, framer=ModbusRtuFramer,
                                       address=('127.0.0.1', 0), defer_start=True)
    task = asyncio.create_task(server.serve_forever())
    await server.serving
    peerlib.announce('PORT', server.server.sockets[0].getsockname()[1])
    await task


if __name__ == '__main__':
    asyncio.run(main())

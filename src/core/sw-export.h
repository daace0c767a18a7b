/* sw-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-traffic-log.h"

G_BEGIN_DECLS

/*
 * Writers of the traffic log in formats other programs read. Each writes
 * every record @log holds, in order, to @out: through a buffer of bounded
 * size (the log is read in place, its payloads never copied whole), with
 * @cancellable checked between pieces. A failed or cancelled write
 * returns FALSE with @error (G_IO_ERROR_CANCELLED when cancelled) and
 * leaves what was written in @out; @out is flushed but never closed: the
 * caller owns the file.
 *
 * The log is read as it is while the call runs: call it in the thread
 * the log belongs to, or on a log nothing appends to meanwhile.
 */

/* CSV (RFC 4180, UTF-8, CRLF, a header line), one row per record:
 *   time,direction,event,peer,connection,length,hex,text,encoding,flags
 * time is ISO 8601 local time with milliseconds and offset; direction is
 * "sent", "received" or "event"; event the kind of an event ("info",
 * "connected", "disconnected", "error"); hex the payload in lowercase
 * without spaces; text the payload as the traffic view shows it (escapes
 * such as \r\n, \xNN for bytes that do not decode), decoded in encoding:
 * a sent text record's own, else UTF-8; for an event, its message. A text
 * that a spreadsheet would run as a formula (=, +, -, @ first) starts
 * with a ' instead. flags lists "text", "automatic", "injected", "file",
 * separated by spaces. */
gboolean sw_export_write_csv    (SwTrafficLog   *log,
                                 GOutputStream  *out,
                                 GCancellable   *cancellable,
                                 GError        **error);

/* JSON Lines (UTF-8, one object a line), made with JSON-GLib:
 *   {"type":"log", "application", "first_seq", "records",
 *    "records_dropped", "bytes_dropped"}             first, once
 *   {"type":"connection", "id", "transport" ("tcp", "udp"), "relay",
 *    "name", "local", "remote" (addresses or null), "open_time",
 *    "open_time_us", "close_time", "close_time_us" (null while open),
 *    "end" ("open", "closed", "reset")}              before the first
 *                                                    record of each
 *   {"type":"record", "seq", "time", "time_us", "direction", "peer",
 *    "connection" (an id or null), "length", "payload" (base64),
 *    "text", "encoding", "flags" (an array)}         data
 *   {"type":"record", "seq", "time", "time_us", "direction":"event",
 *    "kind", "peer", "connection", "text"}            events
 * with text and time as in the CSV. */
gboolean sw_export_write_jsonl  (SwTrafficLog   *log,
                                 GOutputStream  *out,
                                 GCancellable   *cancellable,
                                 GError        **error);

/* pcapng for Wireshark: one section, one interface of raw IPv4/IPv6
 * packets (LINKTYPE_RAW) with microsecond timestamps, every record as
 * real packets with valid checksums between its connection's addresses:
 * TCP with a synthesized handshake, sequence and acknowledgement numbers,
 * segments of at most 16 KiB and FIN or RST at close; UDP a datagram per
 * record. Events are packet comments; sw-export-pcapng.c says how what
 * the log does not know (addresses, who opened, trimmed starts) is
 * filled in. */
gboolean sw_export_write_pcapng (SwTrafficLog   *log,
                                 GOutputStream  *out,
                                 GCancellable   *cancellable,
                                 GError        **error);

G_END_DECLS

/* sw-file-sender.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-engine.h"
#include "sw-transfer.h"

G_BEGIN_DECLS

/* What a UDP send of a file cuts it into, by default. */
#define SW_FILE_SENDER_DATAGRAM_SIZE_DEFAULT 1024

#define SW_TYPE_FILE_SENDER (sw_file_sender_get_type ())

G_DECLARE_FINAL_TYPE (SwFileSender, sw_file_sender, SW, FILE_SENDER, SwTransfer)

/* Sends one file through an engine, streamed: it is read a piece at a
 * time and never held whole. Over TCP it goes as fast as the connection
 * takes it (the file waits while the connection holds more than a few
 * MiB it has not sent); over UDP it is cut into datagrams of
 * #SwFileSender:datagram-size bytes, #SwFileSender:datagram-rate a second
 * (0: as fast as the socket takes them).
 *
 * The log gets one event when it starts and one when it ends; the bytes
 * are SENT records flagged SW_RECORD_FLAGS_FILE and count in the totals.
 * Progress (#SwFileSender:bytes-sent, :rate, :time-left) is notified at
 * most four times a second; the state and the error are SwTransfer's.
 * One sender sends once. */
SwFileSender    *sw_file_sender_new                (SwEngine             *engine,
                                                    GFile                *file);

/* Sends to @connection (one of the engine's) too; with none added, the
 * file goes where the engine sends by default: the client's connection,
 * every client a server has when it starts, the UDP remote or last
 * sender, the relay's target. Before starting only. */
void             sw_file_sender_add_target         (SwFileSender         *self,
                                                    SwConnection         *connection);

/* UDP only: bytes per datagram, 1 to SW_UDP_MAX_PAYLOAD (the last one
 * holds what is left), and datagrams per second (0: no limit). Before
 * starting only. */
guint            sw_file_sender_get_datagram_size  (SwFileSender         *self);
void             sw_file_sender_set_datagram_size  (SwFileSender         *self,
                                                    guint                 size);
guint            sw_file_sender_get_datagram_rate  (SwFileSender         *self);
void             sw_file_sender_set_datagram_rate  (SwFileSender         *self,
                                                    guint                 per_second);

/* Opens the file and sends it; completes once every byte has left (the
 * system took it), or with the error that stopped it: the file could
 * not be read, a connection closed, the session stopped, or
 * G_IO_ERROR_CANCELLED after @cancellable or sw_file_sender_cancel(). */
void             sw_file_sender_start_async        (SwFileSender         *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean         sw_file_sender_start_finish       (SwFileSender         *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* Stops sending: what the connection holds already still goes out. */
void             sw_file_sender_cancel             (SwFileSender         *self);

/* The file's size once started (it may grow while sent: then what was read). */
guint64          sw_file_sender_get_bytes_total    (SwFileSender         *self);
/* Bytes that left: given to the connection and no longer waiting in it. */
guint64          sw_file_sender_get_bytes_sent     (SwFileSender         *self);
/* Bytes per second, smoothed over about a second. */
double           sw_file_sender_get_rate           (SwFileSender         *self);
/* Seconds until done at the current rate, or -1 when unknown. */
gint64           sw_file_sender_get_time_left      (SwFileSender         *self);

G_END_DECLS

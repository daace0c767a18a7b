/* sw-stream.h: one connected TCP stream, plain or TLS (internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-connection.h"
#include "sw-traffic-log.h"

G_BEGIN_DECLS

typedef struct _SwStream SwStream;

typedef struct
{
  /* Data arrived or went out, logged as @direction; it is record @seq
   * of the log. */
  void (*data)     (SwStream     *stream,
                    SwDirection   direction,
                    guint64       seq,
                    gsize         length,
                    gpointer      user_data);
  /* The peer closed the connection (@error NULL) or it failed. The stream
   * is closed when this is called. */
  void (*closed)   (SwStream     *stream,
                    const GError *error,
                    gpointer      user_data);
  /* Optional: the peer shut its sending side (FIN). With it, the stream
   * stops reading and stays open for sending; without it, it closes. */
  void (*eof)      (SwStream     *stream,
                    gpointer      user_data);
  /* Optional: after _sw_stream_notify_drained(), what is queued fell to
   * the low mark: there is room to send again. */
  void (*drained)  (SwStream     *stream,
                    gpointer      user_data);
} SwStreamCallbacks;

/* Records go to @log as @direction's of connection @connection named
 * @peer: what is read as received and what is written as sent, or (a
 * relay's upstream side) the other way round when @swapped. */
SwStream  *_sw_stream_new             (GIOStream               *io_stream,
                                       SwTrafficLog            *log,
                                       guint                    connection,
                                       const char              *peer,
                                       gboolean                 swapped,
                                       const SwStreamCallbacks *callbacks,
                                       gpointer                 user_data);
SwStream  *_sw_stream_ref             (SwStream                *self);
void       _sw_stream_unref           (SwStream                *self);

/* Starts reading. */
void       _sw_stream_start           (SwStream                *self);
/* Queues @bytes; returns FALSE when the stream can no longer send.
 * @info (nullable) is what the log says of them. */
gboolean   _sw_stream_send            (SwStream                *self,
                                       GBytes                  *bytes,
                                       const SwSendInfo        *info);
/* Queues bytes that the log holds already (a relay forwarding what it
 * read): sent without a record of their own. */
gboolean   _sw_stream_forward         (SwStream                *self,
                                       GBytes                  *bytes);
/* Stops or resumes reading, so a slow receiver holds back its sender. */
void       _sw_stream_set_reading     (SwStream                *self,
                                       gboolean                 reading);
/* Calls the drained callback once what is queued falls to @low_mark. */
void       _sw_stream_notify_drained  (SwStream                *self,
                                       gsize                    low_mark);
/* Resets the connection (RST instead of FIN) and closes it now. */
void       _sw_stream_abort           (SwStream                *self);
/* Shuts the sending side once everything queued is sent. */
void       _sw_stream_shutdown_write  (SwStream                *self);
/* Closes at once, dropping what is still queued; returns how many bytes
 * that was. No callback follows. */
gsize      _sw_stream_close           (SwStream                *self);

gboolean   _sw_stream_is_closed       (SwStream                *self);
gboolean   _sw_stream_is_write_shut   (SwStream                *self);
const char *_sw_stream_get_peer       (SwStream                *self);
GSocket   *_sw_stream_get_socket      (SwStream                *self);
GIOStream *_sw_stream_get_io_stream   (SwStream                *self);
gsize      _sw_stream_get_pending     (SwStream                *self);
guint64    _sw_stream_get_bytes_received   (SwStream           *self);
guint64    _sw_stream_get_bytes_sent       (SwStream           *self);
guint64    _sw_stream_get_records_received (SwStream           *self);
guint64    _sw_stream_get_records_sent     (SwStream           *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwStream, _sw_stream_unref)

G_END_DECLS

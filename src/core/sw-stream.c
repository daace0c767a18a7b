/* sw-stream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-stream"

#include "config.h"

#include <gio/gnetworking.h>

#include "sw-poller.h"
#include "sw-stream.h"

/*
 * A connected TCP stream, shared by the client and the server's clients.
 *
 * Readiness drives non-blocking reads and writes (what GIO's async calls do
 * inside) so that one dispatch can drain a socket: reads of 128 KiB go
 * straight into the traffic log's arena, until the socket would block or
 * the dispatch budget is spent. Writes are queued and leave in order, one
 * record per chunk the kernel took, so the log counts exactly what went out.
 *
 * Plain sockets are watched through the SwPoller; TLS goes through the
 * pollable streams of the GTlsConnection, since readiness of the socket is
 * not readiness of decrypted data.
 */

#define READ_SIZE (128 * 1024)

struct _SwStream
{
  grefcount                ref_count;

  GIOStream               *io_stream;
  GSocket                 *socket;
  GPollableInputStream    *tls_in;
  GPollableOutputStream   *tls_out;

  SwTrafficLog            *log;
  guint                    connection;
  char                    *peer;
  SwDirection              read_direction;
  SwDirection              write_direction;
  const SwStreamCallbacks *callbacks;
  gpointer                 user_data;

  SwPollerWatch           *watch;
  GSource                 *tls_in_source;
  GSource                 *tls_out_source;

  /* Messages to write (Pending), in order. */
  GQueue                   pending;
  gsize                    head_offset;
  gsize                    pending_bytes;

  guint64                  bytes_received;
  guint64                  bytes_sent;
  guint64                  records_received;
  guint64                  records_sent;

  gsize                    drained_mark;

  guint                    started : 1;
  guint                    paused : 1;
  guint                    at_eof : 1;
  guint                    want_drained : 1;
  guint                    closed : 1;
  guint                    shutdown_requested : 1;
  guint                    write_shut : 1;
};

typedef struct
{
  GBytes       *bytes;
  SwRecordFlags flags;
  SwEncoding    encoding;
  /* In the log already (forwarded by a relay): no record when sent. */
  gboolean      logged;
} Pending;

static void stream_update_watch (SwStream *self);

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_bytes_unref (pending->bytes);
  g_free (pending);
}

static void
stream_meta (SwStream      *self,
             SwDirection    direction,
             Pending       *pending,
             SwTrafficMeta *meta)
{
  *meta = (SwTrafficMeta) {
    .direction = direction,
    .connection = self->connection,
    .peer = self->peer,
    .flags = pending != NULL ? pending->flags : SW_RECORD_FLAGS_NONE,
    .encoding = pending != NULL ? pending->encoding : SW_ENCODING_UTF8,
  };
}

static void
stream_fail (SwStream     *self,
             const GError *error)
{
  if (self->closed)
    return;

  _sw_stream_ref (self);
  _sw_stream_close (self);
  if (self->callbacks->closed != NULL)
    self->callbacks->closed (self, error, self->user_data);
  _sw_stream_unref (self);
}

static gssize
stream_receive (SwStream  *self,
                guint8    *buffer,
                gsize      size,
                GError   **error)
{
  if (self->tls_in != NULL)
    return g_pollable_input_stream_read_nonblocking (self->tls_in, buffer, size, NULL, error);

  return g_socket_receive_with_blocking (self->socket, (char *) buffer, size, FALSE, NULL, error);
}

static gssize
stream_write (SwStream      *self,
              const guint8  *data,
              gsize          size,
              GError       **error)
{
  if (self->tls_out != NULL)
    return g_pollable_output_stream_write_nonblocking (self->tls_out, data, size, NULL, error);

  return g_socket_send_with_blocking (self->socket, (const char *) data, size, FALSE, NULL, error);
}

static void
stream_read_some (SwStream *self)
{
  gint64 deadline = g_get_monotonic_time () + SW_IO_DISPATCH_BUDGET_USEC;
  SwTrafficMeta meta;

  stream_meta (self, self->read_direction, NULL, &meta);
  _sw_stream_ref (self);

  while (!self->closed && !self->paused && !self->at_eof)
    {
      g_autoptr(GError) error = NULL;
      guint8 *buffer;
      gssize n;

      buffer = sw_traffic_log_reserve (self->log, READ_SIZE);
      n = stream_receive (self, buffer, READ_SIZE, &error);

      if (n > 0)
        {
          guint64 seq = sw_traffic_log_commit_full (self->log, &meta, n);

          self->bytes_received += n;
          self->records_received++;

          self->callbacks->data (self, self->read_direction, seq, n, self->user_data);

          /* A short read emptied the socket: asking again would only fail
           * with WOULD_BLOCK, a syscall and a GError per message of a
           * conversation. The watch is level-triggered, so whatever comes
           * next is not missed. TLS may hold decrypted data the socket
           * does not show: it is read until it blocks. */
          if (self->tls_in == NULL && n < READ_SIZE)
            break;

          if (g_get_monotonic_time () >= deadline)
            break;

          continue;
        }

      sw_traffic_log_commit_full (self->log, &meta, 0);

      if (n == 0 && self->callbacks->eof != NULL)
        {
          self->at_eof = TRUE;
          stream_update_watch (self);
          self->callbacks->eof (self, self->user_data);
        }
      else if (n == 0)
        stream_fail (self, NULL);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        stream_fail (self, error);

      break;
    }

  _sw_stream_unref (self);
}

static void
stream_do_shutdown (SwStream *self)
{
  g_autoptr(GError) error = NULL;

  self->write_shut = TRUE;

  if (self->tls_out != NULL)
    {
      /* Sends close_notify; the socket's receiving side stays open. */
      g_output_stream_close_async (G_OUTPUT_STREAM (self->tls_out), G_PRIORITY_DEFAULT,
                                   NULL, NULL, NULL);
      return;
    }

  if (!g_socket_shutdown (self->socket, FALSE, TRUE, &error))
    stream_fail (self, error);
}

static void
stream_write_some (SwStream *self)
{
  gint64 deadline = g_get_monotonic_time () + SW_IO_DISPATCH_BUDGET_USEC;

  _sw_stream_ref (self);

  while (!self->closed && !self->write_shut)
    {
      g_autoptr(GError) error = NULL;
      Pending *head = g_queue_peek_head (&self->pending);
      const guint8 *data;
      gsize size;
      gssize n;

      if (head == NULL)
        {
          if (self->shutdown_requested)
            stream_do_shutdown (self);
          break;
        }

      data = g_bytes_get_data (head->bytes, &size);
      n = stream_write (self, data + self->head_offset, size - self->head_offset, &error);

      if (n > 0)
        {
          gboolean logged = head->logged;
          SwTrafficMeta meta;
          guint64 seq = 0;

          if (!logged)
            {
              stream_meta (self, self->write_direction, head, &meta);
              seq = sw_traffic_log_append_full (self->log, &meta, data + self->head_offset, n);
            }
          self->bytes_sent += n;
          self->records_sent++;
          self->pending_bytes -= n;
          self->head_offset += n;

          if (self->head_offset == size)
            {
              pending_free (g_queue_pop_head (&self->pending));
              self->head_offset = 0;
            }

          if (!logged)
            self->callbacks->data (self, self->write_direction, seq, n, self->user_data);

          if (g_get_monotonic_time () >= deadline)
            break;

          continue;
        }

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        stream_fail (self, error);

      break;
    }

  /* The budget may have run out just as the queue emptied: the half-close
   * asked for must still happen, as no writable event will come again. */
  if (!self->closed && !self->write_shut && self->shutdown_requested &&
      g_queue_is_empty (&self->pending))
    stream_do_shutdown (self);

  if (!self->closed)
    stream_update_watch (self);

  if (!self->closed && self->want_drained && self->pending_bytes <= self->drained_mark &&
      self->callbacks->drained != NULL)
    {
      self->want_drained = FALSE;
      self->callbacks->drained (self, self->user_data);
    }

  _sw_stream_unref (self);
}

static void
socket_ready_cb (GSocket      *socket,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  SwStream *self = user_data;

  _sw_stream_ref (self);

  /* Errors and hang-ups surface as a failed or empty read. */
  if (condition & (G_IO_IN | G_IO_ERR | G_IO_HUP))
    stream_read_some (self);

  if (!self->closed && (condition & G_IO_OUT))
    stream_write_some (self);

  _sw_stream_unref (self);
}

static gboolean
tls_readable_cb (GObject  *pollable,
                 gpointer  user_data)
{
  stream_read_some (user_data);

  return G_SOURCE_CONTINUE;
}

static gboolean
tls_writable_cb (GObject  *pollable,
                 gpointer  user_data)
{
  stream_write_some (user_data);

  return G_SOURCE_CONTINUE;
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
stream_update_watch (SwStream *self)
{
  gboolean want_write = !g_queue_is_empty (&self->pending) && !self->write_shut;

  if (self->closed)
    return;

  if (self->tls_in != NULL)
    {
      if (self->started && !self->paused && !self->at_eof && self->tls_in_source == NULL)
        {
          self->tls_in_source = g_pollable_input_stream_create_source (self->tls_in, NULL);
          g_source_set_priority (self->tls_in_source, SW_IO_PRIORITY);
          g_source_set_callback (self->tls_in_source, G_SOURCE_FUNC (tls_readable_cb), self, NULL);
          g_source_attach (self->tls_in_source, NULL);
        }

      if ((self->paused || self->at_eof))
        clear_source (&self->tls_in_source);

      if (want_write && self->tls_out_source == NULL)
        {
          self->tls_out_source = g_pollable_output_stream_create_source (self->tls_out, NULL);
          g_source_set_priority (self->tls_out_source, SW_IO_PRIORITY);
          g_source_set_callback (self->tls_out_source, G_SOURCE_FUNC (tls_writable_cb), self, NULL);
          g_source_attach (self->tls_out_source, NULL);
        }
      else if (!want_write)
        clear_source (&self->tls_out_source);

      return;
    }

  {
    gboolean want_read = self->started && !self->paused && !self->at_eof;
    GIOCondition condition = (want_read ? G_IO_IN : 0) | (want_write ? G_IO_OUT : 0);

    if (self->watch == NULL)
      self->watch = _sw_poller_watch (_sw_poller_get_default (), self->socket,
                                      condition, socket_ready_cb, self);
    else
      _sw_poller_watch_set_condition (self->watch, condition);
  }
}

/**
 * _sw_stream_new:
 * @io_stream: a GSocketConnection, or a GTlsConnection over one, connected
 * @peer: how the log names the other end
 *
 * Returns: (transfer full): a stream that does nothing until started
 */
SwStream *
_sw_stream_new (GIOStream               *io_stream,
                SwTrafficLog            *log,
                guint                    connection,
                const char              *peer,
                gboolean                 swapped,
                const SwStreamCallbacks *callbacks,
                gpointer                 user_data)
{
  SwStream *self;
  GIOStream *base = io_stream;

  g_return_val_if_fail (G_IS_IO_STREAM (io_stream), NULL);
  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (log), NULL);
  g_return_val_if_fail (callbacks != NULL, NULL);

  self = g_new0 (SwStream, 1);
  g_ref_count_init (&self->ref_count);
  self->io_stream = g_object_ref (io_stream);
  self->log = g_object_ref (log);
  self->connection = connection;
  self->peer = g_strdup (peer);
  self->read_direction = swapped ? SW_DIRECTION_SENT : SW_DIRECTION_RECEIVED;
  self->write_direction = swapped ? SW_DIRECTION_RECEIVED : SW_DIRECTION_SENT;
  self->callbacks = callbacks;
  self->user_data = user_data;
  g_queue_init (&self->pending);

  if (G_IS_TLS_CONNECTION (io_stream))
    {
      g_object_get (io_stream, "base-io-stream", &base, NULL);
      g_object_unref (base);
      self->tls_in = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (io_stream));
      self->tls_out = G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (io_stream));
    }

  g_return_val_if_fail (G_IS_SOCKET_CONNECTION (base), self);
  self->socket = g_object_ref (g_socket_connection_get_socket (G_SOCKET_CONNECTION (base)));

  /* A debugging tool sends what the person typed now, not with the next. */
  g_socket_set_option (self->socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  /* GSocketClient may have left an I/O timeout: it would end idle reads. */
  g_socket_set_timeout (self->socket, 0);

  return self;
}

SwStream *
_sw_stream_ref (SwStream *self)
{
  g_ref_count_inc (&self->ref_count);
  return self;
}

void
_sw_stream_unref (SwStream *self)
{
  if (!g_ref_count_dec (&self->ref_count))
    return;

  _sw_stream_close (self);

  g_queue_clear_full (&self->pending, pending_free);
  g_clear_object (&self->socket);
  g_clear_object (&self->io_stream);
  g_clear_object (&self->log);
  g_free (self->peer);
  g_free (self);
}

void
_sw_stream_start (SwStream *self)
{
  g_return_if_fail (!self->started);

  self->started = TRUE;
  stream_update_watch (self);
}

static gboolean
stream_queue (SwStream         *self,
              GBytes           *bytes,
              const SwSendInfo *info,
              gboolean          logged)
{
  Pending *pending;

  g_return_val_if_fail (bytes != NULL, FALSE);

  if (self->closed || self->write_shut || self->shutdown_requested)
    return FALSE;

  if (g_bytes_get_size (bytes) == 0)
    return TRUE;

  pending = g_new (Pending, 1);
  pending->bytes = g_bytes_ref (bytes);
  pending->flags = info != NULL ? info->flags : SW_RECORD_FLAGS_NONE;
  pending->encoding = info != NULL ? info->encoding : SW_ENCODING_UTF8;
  pending->logged = logged;
  g_queue_push_tail (&self->pending, pending);
  self->pending_bytes += g_bytes_get_size (bytes);

  /* Try at once: an echo or a reply leaves without a main-loop turn. */
  if (self->pending.length == 1)
    stream_write_some (self);
  else
    stream_update_watch (self);

  return TRUE;
}

gboolean
_sw_stream_send (SwStream         *self,
                 GBytes           *bytes,
                 const SwSendInfo *info)
{
  return stream_queue (self, bytes, info, FALSE);
}

gboolean
_sw_stream_forward (SwStream *self,
                    GBytes   *bytes)
{
  return stream_queue (self, bytes, NULL, TRUE);
}

void
_sw_stream_set_reading (SwStream *self,
                        gboolean  reading)
{
  if (self->paused == !reading)
    return;

  self->paused = !reading;
  stream_update_watch (self);
}

void
_sw_stream_notify_drained (SwStream *self,
                           gsize     low_mark)
{
  self->drained_mark = low_mark;
  self->want_drained = TRUE;
}

void
_sw_stream_abort (SwStream *self)
{
  if (self->closed)
    return;

  /* SO_LINGER with a zero timeout: close() sends RST. A struct linger
   * does not fit g_socket_set_option(); gnetworking.h brings
   * setsockopt() on every platform GLib runs on. */
  {
    struct linger linger = { 1, 0 };

    setsockopt (g_socket_get_fd (self->socket), SOL_SOCKET, SO_LINGER,
                (const void *) &linger, sizeof linger);
  }
  _sw_stream_close (self);
}

void
_sw_stream_shutdown_write (SwStream *self)
{
  if (self->closed || self->shutdown_requested)
    return;

  self->shutdown_requested = TRUE;
  stream_write_some (self);
}

gsize
_sw_stream_close (SwStream *self)
{
  gsize dropped = self->pending_bytes;

  if (self->closed)
    return 0;

  self->closed = TRUE;

  g_clear_pointer (&self->watch, _sw_poller_watch_destroy);
  clear_source (&self->tls_in_source);
  clear_source (&self->tls_out_source);

  g_queue_clear_full (&self->pending, pending_free);
  self->pending_bytes = 0;
  self->head_offset = 0;

  if (self->tls_in != NULL)
    /* Sends close_notify when it can, without blocking the main loop. */
    g_io_stream_close_async (self->io_stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  else
    g_socket_close (self->socket, NULL);

  return dropped;
}

gboolean
_sw_stream_is_closed (SwStream *self)
{
  return self->closed;
}

gboolean
_sw_stream_is_write_shut (SwStream *self)
{
  return self->write_shut || self->shutdown_requested;
}

const char *
_sw_stream_get_peer (SwStream *self)
{
  return self->peer;
}

GSocket *
_sw_stream_get_socket (SwStream *self)
{
  return self->socket;
}

GIOStream *
_sw_stream_get_io_stream (SwStream *self)
{
  return self->io_stream;
}

gsize
_sw_stream_get_pending (SwStream *self)
{
  return self->pending_bytes;
}

guint64
_sw_stream_get_bytes_received (SwStream *self)
{
  return self->bytes_received;
}

guint64
_sw_stream_get_bytes_sent (SwStream *self)
{
  return self->bytes_sent;
}

guint64
_sw_stream_get_records_received (SwStream *self)
{
  return self->records_received;
}

guint64
_sw_stream_get_records_sent (SwStream *self)
{
  return self->records_sent;
}

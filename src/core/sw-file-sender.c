/* sw-file-sender.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-file-sender"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-core-enums.h"
#include "sw-core-private.h"
#include "sw-engine-private.h"
#include "sw-file-sender.h"
#include "sw-transfer-private.h"
#include "sw-poller.h"
#include "sw-relay.h"
#include "sw-tcp-client.h"
#include "sw-tcp-server-private.h"
#include "sw-traffic-format.h"
#include "sw-udp-peer.h"

/*
 * The file flows through three stages, each bounded:
 *
 *   read      g_input_stream_read_all_async() of CHUNK_SIZE pieces, in a
 *             worker thread, at most READ_AHEAD pieces ahead of sending;
 *   hand over a piece goes to the connection(s) whole (TCP; one GBytes
 *             shared by every client of a server) or cut into datagrams
 *             (UDP, paced), while the connection holds no more than
 *             BACKLOG_MAX it has not sent;
 *   send      the engine writes what the socket takes and logs each piece
 *             as a SENT record flagged FILE.
 *
 * Waiting for the connection is event-driven: every record the engine
 * sends (or, for a relay, writes towards a client) says the backlog fell,
 * and the pump runs again once it is low enough. A timer that updates the
 * progress four times a second also looks, for the few ways a backlog can
 * shrink without a record (a datagram that failed).
 *
 * The pump runs at the sockets' priority and for at most the dispatch
 * budget per turn, so frames and input still come first.
 */

/* Bytes per read, rounded down to whole datagrams for UDP. */
#define CHUNK_SIZE      (256 * 1024)
#define READ_AHEAD      2
/* More than the kernel takes from one write on loopback, so the socket
 * never runs dry while the next piece is handed over. */
#define TCP_BACKLOG_MAX (4 * 1024 * 1024)
#define UDP_BACKLOG_MAX (256 * 1024)
/* A paced send held up (the loop was busy) sends at most this much time's
 * worth at once, then keeps the pace from there. */
#define CATCH_UP_USEC   (G_USEC_PER_SEC / 20)
#define PROGRESS_INTERVAL_MS 250
/* Weight of the newest sample in the rate: about a second's memory. */
#define RATE_WEIGHT     0.25

struct _SwFileSender
{
  SwTransfer       parent_instance;

  /* SwTransfer's, for short. */
  SwEngine        *engine;
  const char      *name;

  GPtrArray       *targets;
  guint            datagram_size;
  guint            datagram_rate;

  guint64          bytes_total;
  guint64          bytes_sent;
  double           rate;
  gint64           time_left;

  /* While running. */
  GTask           *task;
  GCancellable    *cancellable;
  GCancellable    *caller_cancellable;
  gulong           cancelled_id;
  GSource         *cancelled_source;
  gboolean         datagrams;
  gboolean         total_known;
  gboolean         started;
  GInputStream    *input;
  gsize            chunk_size;
  GQueue           chunks;
  gsize            chunk_offset;
  gboolean         reading;
  gboolean         at_eof;
  guint64          bytes_read;
  /* Handed to the connection(s): bytes of the file, and datagrams. */
  guint64          bytes_queued;
  guint64          datagrams_queued;
  gint64           start_time;
  gint64           pace_start;
  gboolean         waiting;
  guint64          drain_mark;
  GSource         *pump;
  guint            progress_id;
  gint64           progress_time;
  guint64          progress_sent;
  gboolean         rate_known;
  gulong           sent_id;
  gulong           received_id;
  gulong           closed_id;
  gulong           state_id;
  gulong           last_error_id;
};

G_DEFINE_FINAL_TYPE (SwFileSender, sw_file_sender, SW_TYPE_TRANSFER)

enum {
  PROP_0,
  PROP_DATAGRAM_SIZE,
  PROP_DATAGRAM_RATE,
  PROP_BYTES_TOTAL,
  PROP_BYTES_SENT,
  PROP_RATE,
  PROP_TIME_LEFT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pump (SwFileSender *self);

/**
 * sw_file_sender_new:
 * @engine: what sends it
 * @file: what to send
 *
 * Returns: (transfer full): a sender that has not started
 */
SwFileSender *
sw_file_sender_new (SwEngine *engine,
                    GFile    *file)
{
  g_return_val_if_fail (SW_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (SW_TYPE_FILE_SENDER, "engine", engine, "file", file, NULL);
}

static gboolean
is_running (SwFileSender *self)
{
  return sw_transfer_get_state (SW_TRANSFER (self)) == SW_TRANSFER_STATE_RUNNING;
}

static SwConnection *
single_target (SwFileSender *self)
{
  GPtrArray *targets = self->targets;

  return targets->len == 1 ? g_ptr_array_index (targets, 0) : NULL;
}

static void
log_event (SwFileSender *self,
           SwEventKind   kind,
           const char   *message)
{
  sw_engine_log_event (self->engine, single_target (self), kind, message);
}

/* What the connection(s) hold that they have not sent: the most any
 * target holds, or the engine's backlog when it picks where to send. */
static guint64
backlog (SwFileSender *self)
{
  guint64 most = 0;

  if (self->targets->len == 0)
    return sw_engine_get_pending_bytes (self->engine);

  for (guint i = 0; i < self->targets->len; i++)
    most = MAX (most, sw_connection_get_pending_bytes (g_ptr_array_index (self->targets, i)));

  return most;
}

static guint64
current_sent (SwFileSender *self)
{
  if (!is_running (self))
    return self->bytes_sent;

  return self->bytes_queued - MIN (self->bytes_queued, backlog (self));
}

static void
set_progress (SwFileSender *self,
              guint64       total,
              guint64       sent,
              double        rate,
              gint64        time_left)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  if (self->bytes_total != total)
    {
      self->bytes_total = total;
      g_object_notify_by_pspec (object, properties[PROP_BYTES_TOTAL]);
    }
  if (self->bytes_sent != sent)
    {
      self->bytes_sent = sent;
      g_object_notify_by_pspec (object, properties[PROP_BYTES_SENT]);
    }
  if (self->rate != rate)
    {
      self->rate = rate;
      g_object_notify_by_pspec (object, properties[PROP_RATE]);
    }
  if (self->time_left != time_left)
    {
      self->time_left = time_left;
      g_object_notify_by_pspec (object, properties[PROP_TIME_LEFT]);
    }
  g_object_thaw_notify (object);
}

static void
update_progress (SwFileSender *self)
{
  gint64 now = g_get_monotonic_time ();
  guint64 sent = current_sent (self);
  guint64 total = MAX (self->bytes_total, self->bytes_read);
  double seconds = (now - self->progress_time) / (double) G_USEC_PER_SEC;
  double rate = self->rate;
  gint64 time_left = -1;

  if (seconds > 0)
    {
      double sample = (sent - self->progress_sent) / seconds;

      rate = self->rate_known ? RATE_WEIGHT * sample + (1 - RATE_WEIGHT) * rate : sample;
      self->rate_known = TRUE;
    }
  self->progress_time = now;
  self->progress_sent = sent;

  if (self->total_known && rate >= 1)
    /* Whole seconds, rounded up: "0 s left" only once done. */
    time_left = (gint64) ((total - MIN (total, sent)) / rate + 0.999);

  set_progress (self, total, sent, rate, time_left);
}

static gboolean
progress_cb (gpointer user_data)
{
  SwFileSender *self = user_data;

  update_progress (self);

  /* A backlog can shrink without a record (a datagram that failed). */
  if (self->waiting && backlog (self) <= self->drain_mark)
    g_source_set_ready_time (self->pump, 0);

  return G_SOURCE_CONTINUE;
}

static void
disconnect_engine (SwFileSender *self)
{
  g_clear_signal_handler (&self->sent_id, self->engine);
  g_clear_signal_handler (&self->received_id, self->engine);
  g_clear_signal_handler (&self->closed_id, self->engine);
  g_clear_signal_handler (&self->state_id, self->engine);
  g_clear_signal_handler (&self->last_error_id, self->engine);
}

/* Ends the run in @state (with @error when it failed): stops reading and
 * handing over, says so in the log, and completes the task. */
static void
finish (SwFileSender    *self,
        SwTransferState  state,
        GError          *error)
{
  g_autoptr(GError) owned_error = error;
  g_autoptr(GTask) task = NULL;
  g_autofree char *message = NULL;
  g_autofree char *count = NULL;
  guint64 sent;
  double seconds;
  double rate = 0;
  gint64 time_left = -1;

  if (!is_running (self))
    return;

  g_object_ref (self);

  /* Done or cancelled, what the connection holds still goes out; a
   * connection that failed dropped it. */
  sent = state == SW_TRANSFER_STATE_FAILED ? current_sent (self) : self->bytes_queued;
  seconds = (g_get_monotonic_time () - self->start_time) / (double) G_USEC_PER_SEC;

  disconnect_engine (self);
  if (self->pump != NULL)
    {
      g_source_destroy (self->pump);
      g_clear_pointer (&self->pump, g_source_unref);
    }
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->caller_cancellable != NULL)
    g_cancellable_disconnect (self->caller_cancellable, self->cancelled_id);
  self->cancelled_id = 0;
  g_clear_object (&self->caller_cancellable);
  if (self->cancelled_source != NULL)
    {
      g_source_destroy (self->cancelled_source);
      g_clear_pointer (&self->cancelled_source, g_source_unref);
    }
  /* A read under way ends, and drops its piece. */
  g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->chunks, (GDestroyNotify) g_bytes_unref);
  if (self->input != NULL)
    g_input_stream_close_async (self->input, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&self->input);
  self->waiting = FALSE;

  if (state == SW_TRANSFER_STATE_DONE)
    {
      rate = seconds > 0 ? sent / seconds : 0;
      time_left = 0;
    }

  g_object_freeze_notify (G_OBJECT (self));
  set_progress (self, MAX (self->bytes_total, self->bytes_read), sent, rate, time_left);
  _sw_transfer_end (SW_TRANSFER (self), state, owned_error);
  g_object_thaw_notify (G_OBJECT (self));

  count = _sw_format_count (sent);
  switch (state)
    {
    case SW_TRANSFER_STATE_DONE:
      {
        g_autofree char *speed = sw_format_size ((guint64) rate);
        /* Three digits or so: "0.052", "4.7", "1283". */
        g_autofree char *duration = g_strdup_printf ("%.*f", seconds < 1 ? 3 : seconds < 100 ? 1 : 0, seconds);

        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                /* Translators: a file name, a number of bytes, seconds, a size such as "12.5 MB". */
                                                "Sent “%s”: %s byte in %s s at %s/s",
                                                "Sent “%s”: %s bytes in %s s at %s/s",
                                                (gulong) sent),
                                   self->name, count, duration, speed);
        log_event (self, SW_EVENT_KIND_INFO, message);
      }
      break;

    case SW_TRANSFER_STATE_CANCELLED:
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              /* Translators: a file name, then a number of bytes. */
                                              "Sending “%s” cancelled after %s byte",
                                              "Sending “%s” cancelled after %s bytes",
                                              (gulong) sent),
                                 self->name, count);
      log_event (self, SW_EVENT_KIND_INFO, message);
      break;

    case SW_TRANSFER_STATE_FAILED:
      if (self->started)
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                /* Translators: a file name, a number of bytes, then why. */
                                                "Sending “%s” failed after %s byte: %s",
                                                "Sending “%s” failed after %s bytes: %s",
                                                (gulong) sent),
                                   self->name, count, owned_error->message);
      else
        /* Translators: a file name, then why. */
        message = g_strdup_printf (_("Could not send “%s”: %s"), self->name, owned_error->message);
      log_event (self, SW_EVENT_KIND_ERROR, message);
      break;

    case SW_TRANSFER_STATE_IDLE:
    case SW_TRANSFER_STATE_RUNNING:
    default:
      g_assert_not_reached ();
    }

  task = g_steal_pointer (&self->task);
  if (state == SW_TRANSFER_STATE_DONE)
    g_task_return_boolean (task, TRUE);
  else if (state == SW_TRANSFER_STATE_CANCELLED)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", message);
  else
    g_task_return_error (task, g_steal_pointer (&owned_error));

  g_object_unref (self);
}

static void
fail (SwFileSender *self,
      GError       *error)
{
  finish (self, SW_TRANSFER_STATE_FAILED, error);
}

static void
fail_reading (SwFileSender *self,
              const GError *error)
{
  g_autofree char *reason = _sw_file_error_reason (error);

  fail (self, g_error_new (error->domain, error->code,
                           /* Translators: a file name, then why. */
                           _("Could not read “%s”: %s"), self->name, reason));
}

/* Reads */

typedef struct
{
  SwFileSender *self;
  guint8       *buffer;
} ReadOp;

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ReadOp *op = user_data;
  g_autoptr(SwFileSender) self = op->self;
  g_autofree guint8 *buffer = op->buffer;
  g_autoptr(GError) error = NULL;
  gsize n = 0;

  g_free (op);

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (object), result, &n, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (is_running (self))
        fail_reading (self, error);
      return;
    }

  if (!is_running (self))
    return;

  self->reading = FALSE;
  self->bytes_read += n;
  if (n < self->chunk_size)
    self->at_eof = TRUE;
  if (n > 0)
    g_queue_push_tail (&self->chunks, g_bytes_new_take (g_steal_pointer (&buffer), n));

  pump (self);
}

static void
maybe_read (SwFileSender *self)
{
  ReadOp *op;

  if (self->reading || self->at_eof || self->chunks.length >= READ_AHEAD)
    return;

  op = g_new (ReadOp, 1);
  op->self = g_object_ref (self);
  op->buffer = g_malloc (self->chunk_size);
  self->reading = TRUE;
  g_input_stream_read_all_async (self->input, op->buffer, self->chunk_size, SW_IO_PRIORITY,
                                 self->cancellable, read_cb, op);
}

/* Sending */

static void
wait_for_backlog (SwFileSender *self,
                  guint64       mark)
{
  self->waiting = TRUE;
  self->drain_mark = mark;
}

static gboolean
hand_over (SwFileSender *self,
           GBytes       *bytes)
{
  SwSendInfo info = { SW_RECORD_FLAGS_FILE, SW_ENCODING_UTF8 };
  GError *error = NULL;

  if (self->targets->len == 0)
    {
      if (!sw_engine_send_full (self->engine, NULL, bytes, &info, &error))
        {
          fail (self, error);
          return FALSE;
        }
    }
  else
    {
      for (guint i = 0; i < self->targets->len; i++)
        if (!sw_connection_send_full (g_ptr_array_index (self->targets, i), bytes, &info, &error))
          {
            fail (self, error);
            return FALSE;
          }
    }

  /* Sending may have ended the run (a connection closed on the write). */
  return is_running (self);
}

/* Hands over the next datagram when it is due; FALSE when the pump must
 * wait (its ready time or the backlog is set). */
static gboolean
send_datagram (SwFileSender *self,
               GBytes       *chunk)
{
  g_autoptr(GBytes) datagram = NULL;
  gsize length = g_bytes_get_size (chunk);
  gsize size = MIN (self->datagram_size, length - self->chunk_offset);

  if (self->datagram_rate > 0)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 due = self->pace_start + (gint64) (self->datagrams_queued * G_USEC_PER_SEC / self->datagram_rate);

      if (due > now)
        {
          g_source_set_ready_time (self->pump, due);
          return FALSE;
        }
      if (now - due > CATCH_UP_USEC)
        self->pace_start += now - due - CATCH_UP_USEC;
    }

  /* The first datagram may wait for its destination's name: the others
   * follow once it is known, in order. */
  if (backlog (self) > (self->datagrams_queued == 1 ? 0 : UDP_BACKLOG_MAX))
    {
      wait_for_backlog (self, self->datagrams_queued == 1 ? 0 : UDP_BACKLOG_MAX);
      return FALSE;
    }

  datagram = g_bytes_new_from_bytes (chunk, self->chunk_offset, size);
  if (!hand_over (self, datagram))
    return FALSE;

  self->chunk_offset += size;
  self->bytes_queued += size;
  self->datagrams_queued++;
  if (self->chunk_offset == length)
    {
      g_bytes_unref (g_queue_pop_head (&self->chunks));
      self->chunk_offset = 0;
    }

  return TRUE;
}

static gboolean
send_chunk (SwFileSender *self,
            GBytes       *chunk)
{
  g_autoptr(GBytes) owned = NULL;

  if (backlog (self) > TCP_BACKLOG_MAX)
    {
      wait_for_backlog (self, TCP_BACKLOG_MAX);
      return FALSE;
    }

  owned = g_queue_pop_head (&self->chunks);
  if (!hand_over (self, chunk))
    return FALSE;

  self->bytes_queued += g_bytes_get_size (chunk);

  return TRUE;
}

static void
pump (SwFileSender *self)
{
  gint64 deadline = g_get_monotonic_time () + SW_IO_DISPATCH_BUDGET_USEC;

  self->waiting = FALSE;

  while (is_running (self))
    {
      GBytes *chunk;

      maybe_read (self);

      chunk = g_queue_peek_head (&self->chunks);
      if (chunk == NULL)
        {
          /* Everything handed over: done once it has left. */
          if (self->at_eof && !self->reading)
            {
              if (backlog (self) == 0)
                finish (self, SW_TRANSFER_STATE_DONE, NULL);
              else
                wait_for_backlog (self, 0);
            }
          /* Otherwise the read under way pumps again. */
          return;
        }

      if (self->datagrams ? !send_datagram (self, chunk) : !send_chunk (self, chunk))
        return;

      if (g_get_monotonic_time () >= deadline)
        {
          g_source_set_ready_time (self->pump, 0);
          return;
        }
    }
}

static gboolean
pump_cb (gpointer user_data)
{
  pump (user_data);

  return G_SOURCE_CONTINUE;
}

/* Engine events */

static void
engine_sent_cb (SwEngine     *engine,
                SwConnection *connection,
                GBytes       *bytes,
                SwFileSender *self)
{
  if (self->waiting && backlog (self) <= self->drain_mark)
    {
      self->waiting = FALSE;
      g_source_set_ready_time (self->pump, 0);
    }
}

static void
connection_closed_cb (SwEngine     *engine,
                      SwConnection *connection,
                      SwFileSender *self)
{
  g_autofree char *reason = NULL;

  if (!g_ptr_array_find (self->targets, connection, NULL))
    return;

  reason = _sw_connection_describe_end (connection);
  fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, reason));
}

static void
engine_state_cb (SwEngine     *engine,
                 GParamSpec   *pspec,
                 SwFileSender *self)
{
  if (sw_engine_get_state (engine) == SW_CONNECTION_STATE_CONNECTED)
    return;

  fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                   _("The session was closed")));
}

/* A datagram that could not be sent (no route, a name not found) stops
 * the file: the rest would fail the same way, one error each. */
static void
engine_last_error_cb (SwEngine     *engine,
                      GParamSpec   *pspec,
                      SwFileSender *self)
{
  const GError *error = sw_engine_get_last_error (engine);

  if (error != NULL)
    fail (self, g_error_copy (error));
}

static void
cancelled_cb (GCancellable *cancellable,
              SwFileSender *self)
{
  g_cancellable_cancel (self->cancellable);
}

/* Starting */

/* Where the file goes when no target was given, as a list of connections
 * when the engine has them now (so that a client connecting to a server
 * later does not get the end of a file), or none: the engine decides. */
static gboolean
resolve_targets (SwFileSender  *self,
                 GError       **error)
{
  if (self->targets->len > 0)
    {
      for (guint i = 0; i < self->targets->len; i++)
        {
          SwConnection *connection = g_ptr_array_index (self->targets, i);

          if (sw_connection_get_state (connection) != SW_CONNECTION_STATE_CONNECTED)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           /* Translators: %s is an address, e.g. 127.0.0.1:53120. */
                           _("%s is no longer connected"), sw_connection_get_name (connection));
              return FALSE;
            }
        }
      return TRUE;
    }

  if (SW_IS_TCP_CLIENT (self->engine))
    {
      SwTcpConnection *connection = sw_tcp_client_get_connection (SW_TCP_CLIENT (self->engine));

      if (connection == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("Not connected: connect first"));
          return FALSE;
        }
      g_ptr_array_add (self->targets, g_object_ref (connection));
    }
  else if (SW_IS_TCP_SERVER (self->engine))
    {
      g_autoptr(GPtrArray) clients = _sw_tcp_server_dup_clients (SW_TCP_SERVER (self->engine));

      for (guint i = 0; i < clients->len; i++)
        g_ptr_array_add (self->targets, g_object_ref (g_ptr_array_index (clients, i)));
      if (clients->len == 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("No client is connected"));
          return FALSE;
        }
    }

  return TRUE;
}

static SwTransport
transport (SwFileSender *self)
{
  if (self->targets->len > 0)
    return sw_connection_get_transport (g_ptr_array_index (self->targets, 0));
  if (SW_IS_UDP_PEER (self->engine))
    return SW_TRANSPORT_UDP;
  if (SW_IS_RELAY (self->engine))
    return sw_relay_get_transport (SW_RELAY (self->engine));

  return SW_TRANSPORT_TCP;
}

static void
log_start (SwFileSender *self)
{
  g_autofree char *total = _sw_format_count (self->bytes_total);
  g_autofree char *message = NULL;
  gulong plural = (gulong) self->bytes_total;

  if (!self->datagrams)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* Translators: a file name, then its size in bytes. */
                                            "Sending “%s”, %s byte",
                                            "Sending “%s”, %s bytes",
                                            plural),
                               self->name, total);
  else
    {
      g_autofree char *size = _sw_format_count (self->datagram_size);

      if (self->datagram_rate == 0)
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                /* Translators: a file name, its size, then a datagram's size. */
                                                "Sending “%s”, %s byte, in datagrams of %s bytes",
                                                "Sending “%s”, %s bytes, in datagrams of %s bytes",
                                                plural),
                                   self->name, total, size);
      else
        {
          g_autofree char *rate = _sw_format_count (self->datagram_rate);

          message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  /* Translators: a file name, its size, a datagram's size, then datagrams per second. */
                                                  "Sending “%s”, %s byte, in datagrams of %s bytes, %s a second",
                                                  "Sending “%s”, %s bytes, in datagrams of %s bytes, %s a second",
                                                  plural),
                                     self->name, total, size, rate);
        }
    }

  log_event (self, SW_EVENT_KIND_INFO, message);
}

static void
begin_sending (SwFileSender *self)
{
  self->started = TRUE;
  log_start (self);

  self->start_time = g_get_monotonic_time ();
  self->pace_start = self->start_time;
  self->progress_time = self->start_time;
  self->progress_id = g_timeout_add (PROGRESS_INTERVAL_MS, progress_cb, self);
  self->pump = _sw_wakeup_source_new ("[sw-file-sender]", SW_IO_PRIORITY, pump_cb, self);

  /* A relay writes towards its clients as "received". */
  self->sent_id = g_signal_connect (self->engine, "sent", G_CALLBACK (engine_sent_cb), self);
  if (SW_IS_RELAY (self->engine))
    self->received_id = g_signal_connect (self->engine, "received", G_CALLBACK (engine_sent_cb), self);
  if (self->datagrams)
    self->last_error_id = g_signal_connect (self->engine, "notify::last-error",
                                            G_CALLBACK (engine_last_error_cb), self);

  pump (self);
}

static void
query_info_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SwFileSender) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_input_stream_query_info_finish (G_FILE_INPUT_STREAM (object), result, &error);
  if (!is_running (self))
    return;
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      finish (self, SW_TRANSFER_STATE_CANCELLED, NULL);
      return;
    }

  /* A pipe or a device has no size: it is sent until it ends. */
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
    {
      self->total_known = TRUE;
      self->bytes_total = g_file_info_get_size (info);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_TOTAL]);
    }

  begin_sending (self);
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SwFileSender) self = user_data;
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GError) error = NULL;

  input = g_file_read_finish (G_FILE (object), result, &error);
  if (!is_running (self))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish (self, SW_TRANSFER_STATE_CANCELLED, NULL);
      return;
    }
  if (input == NULL)
    {
      fail_reading (self, error);
      return;
    }

  self->input = G_INPUT_STREAM (g_steal_pointer (&input));
  g_file_input_stream_query_info_async (G_FILE_INPUT_STREAM (self->input),
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                        G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                        G_PRIORITY_DEFAULT, self->cancellable,
                                        query_info_cb, g_object_ref (self));
}

/* Cancelled, from whichever thread: here, in ours, the run ends. */
static gboolean
cancelled_source_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  finish (user_data, SW_TRANSFER_STATE_CANCELLED, NULL);

  return G_SOURCE_REMOVE;
}

void
sw_file_sender_start_async (SwFileSender        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (SW_IS_FILE_SENDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (sw_transfer_get_state (SW_TRANSFER (self)) == SW_TRANSFER_STATE_IDLE);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, sw_file_sender_start_async);
  _sw_transfer_set_state (SW_TRANSFER (self), SW_TRANSFER_STATE_RUNNING);

  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);
    }
  self->cancelled_source = g_cancellable_source_new (self->cancellable);
  g_source_set_callback (self->cancelled_source, G_SOURCE_FUNC (cancelled_source_cb), self, NULL);
  g_source_attach (self->cancelled_source, g_main_context_get_thread_default ());

  if (!resolve_targets (self, &error))
    {
      fail (self, error);
      return;
    }

  self->datagrams = transport (self) == SW_TRANSPORT_UDP;
  self->chunk_size = CHUNK_SIZE;
  if (self->datagrams)
    self->chunk_size = MAX (1, CHUNK_SIZE / self->datagram_size) * self->datagram_size;

  self->closed_id = g_signal_connect (self->engine, "connection-closed",
                                      G_CALLBACK (connection_closed_cb), self);
  if (self->targets->len == 0)
    self->state_id = g_signal_connect (self->engine, "notify::state",
                                       G_CALLBACK (engine_state_cb), self);

  g_file_read_async (sw_transfer_get_file (SW_TRANSFER (self)), G_PRIORITY_DEFAULT, self->cancellable,
                     opened_cb, g_object_ref (self));
}

gboolean
sw_file_sender_start_finish (SwFileSender  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (SW_IS_FILE_SENDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_file_sender_start_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sw_file_sender_cancel (SwFileSender *self)
{
  g_return_if_fail (SW_IS_FILE_SENDER (self));

  g_cancellable_cancel (self->cancellable);
}

void
sw_file_sender_add_target (SwFileSender *self,
                           SwConnection *connection)
{
  g_return_if_fail (SW_IS_FILE_SENDER (self));
  g_return_if_fail (SW_IS_CONNECTION (connection));
  g_return_if_fail (sw_connection_get_engine (connection) == self->engine);
  g_return_if_fail (sw_transfer_get_state (SW_TRANSFER (self)) == SW_TRANSFER_STATE_IDLE);

  if (!g_ptr_array_find (self->targets, connection, NULL))
    g_ptr_array_add (self->targets, g_object_ref (connection));
}

guint
sw_file_sender_get_datagram_size (SwFileSender *self)
{
  g_return_val_if_fail (SW_IS_FILE_SENDER (self), SW_FILE_SENDER_DATAGRAM_SIZE_DEFAULT);

  return self->datagram_size;
}

void
sw_file_sender_set_datagram_size (SwFileSender *self,
                                  guint         size)
{
  g_return_if_fail (SW_IS_FILE_SENDER (self));
  g_return_if_fail (size >= 1 && size <= SW_UDP_MAX_PAYLOAD);
  g_return_if_fail (sw_transfer_get_state (SW_TRANSFER (self)) == SW_TRANSFER_STATE_IDLE);

  if (self->datagram_size == size)
    return;

  self->datagram_size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATAGRAM_SIZE]);
}

guint
sw_file_sender_get_datagram_rate (SwFileSender *self)
{
  g_return_val_if_fail (SW_IS_FILE_SENDER (self), 0);

  return self->datagram_rate;
}

void
sw_file_sender_set_datagram_rate (SwFileSender *self,
                                  guint         per_second)
{
  g_return_if_fail (SW_IS_FILE_SENDER (self));
  g_return_if_fail (sw_transfer_get_state (SW_TRANSFER (self)) == SW_TRANSFER_STATE_IDLE);

  if (self->datagram_rate == per_second)
    return;

  self->datagram_rate = per_second;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATAGRAM_RATE]);
}

guint64
sw_file_sender_get_bytes_total (SwFileSender *self)
{
  g_return_val_if_fail (SW_IS_FILE_SENDER (self), 0);

  return self->bytes_total;
}

guint64
sw_file_sender_get_bytes_sent (SwFileSender *self)
{
  g_return_val_if_fail (SW_IS_FILE_SENDER (self), 0);

  return self->bytes_sent;
}

double
sw_file_sender_get_rate (SwFileSender *self)
{
  g_return_val_if_fail (SW_IS_FILE_SENDER (self), 0);

  return self->rate;
}

gint64
sw_file_sender_get_time_left (SwFileSender *self)
{
  g_return_val_if_fail (SW_IS_FILE_SENDER (self), -1);

  return self->time_left;
}

static void
sw_file_sender_constructed (GObject *object)
{
  SwFileSender *self = SW_FILE_SENDER (object);

  G_OBJECT_CLASS (sw_file_sender_parent_class)->constructed (object);

  self->engine = sw_transfer_get_engine (SW_TRANSFER (self));
  self->name = _sw_transfer_get_name (SW_TRANSFER (self));
}

static void
sw_file_sender_dispose (GObject *object)
{
  SwFileSender *self = SW_FILE_SENDER (object);

  /* A run holds a reference (its task): none is under way. */
  g_assert (self->task == NULL);

  if (self->engine != NULL)
    disconnect_engine (self);
  g_ptr_array_set_size (self->targets, 0);

  G_OBJECT_CLASS (sw_file_sender_parent_class)->dispose (object);
}

static void
sw_file_sender_finalize (GObject *object)
{
  SwFileSender *self = SW_FILE_SENDER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->targets, g_ptr_array_unref);

  G_OBJECT_CLASS (sw_file_sender_parent_class)->finalize (object);
}

static void
sw_file_sender_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SwFileSender *self = SW_FILE_SENDER (object);

  switch (prop_id)
    {
    case PROP_DATAGRAM_SIZE:
      g_value_set_uint (value, self->datagram_size);
      break;

    case PROP_DATAGRAM_RATE:
      g_value_set_uint (value, self->datagram_rate);
      break;

    case PROP_BYTES_TOTAL:
      g_value_set_uint64 (value, self->bytes_total);
      break;

    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;

    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;

    case PROP_TIME_LEFT:
      g_value_set_int64 (value, self->time_left);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_file_sender_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SwFileSender *self = SW_FILE_SENDER (object);

  switch (prop_id)
    {
    case PROP_DATAGRAM_SIZE:
      sw_file_sender_set_datagram_size (self, g_value_get_uint (value));
      break;

    case PROP_DATAGRAM_RATE:
      sw_file_sender_set_datagram_rate (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_file_sender_class_init (SwFileSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sw_file_sender_constructed;
  object_class->dispose = sw_file_sender_dispose;
  object_class->finalize = sw_file_sender_finalize;
  object_class->get_property = sw_file_sender_get_property;
  object_class->set_property = sw_file_sender_set_property;

  properties[PROP_DATAGRAM_SIZE] =
    g_param_spec_uint ("datagram-size", NULL, NULL,
                       1, SW_UDP_MAX_PAYLOAD, SW_FILE_SENDER_DATAGRAM_SIZE_DEFAULT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATAGRAM_RATE] =
    g_param_spec_uint ("datagram-rate", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BYTES_TOTAL] =
    g_param_spec_uint64 ("bytes-total", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL,
                         0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_LEFT] =
    g_param_spec_int64 ("time-left", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_file_sender_init (SwFileSender *self)
{
  self->targets = g_ptr_array_new_with_free_func (g_object_unref);
  self->datagram_size = SW_FILE_SENDER_DATAGRAM_SIZE_DEFAULT;
  self->time_left = -1;
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->chunks);
}

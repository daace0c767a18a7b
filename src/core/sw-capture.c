/* sw-capture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-capture"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-capture-private.h"
#include "sw-core-enums.h"
#include "sw-core-private.h"
#include "sw-engine-private.h"
#include "sw-tcp-connection-private.h"
#include "sw-transfer-private.h"

/*
 * What arrives is copied, in order, into blocks of BLOCK_SIZE (a copy, not
 * a reference into the log: a few bytes of one connection would otherwise
 * pin whole blocks of the log's arena), and the blocks go to the file by
 * g_output_stream_writev_all_async(), one write at a time, up to
 * WRITE_BLOCKS blocks each, in a worker thread. The main loop only copies.
 *
 * The buffer is bounded. Above HOLD_MARK, each TCP connection that
 * delivers more is no longer read until the buffer is back under
 * RESUME_MARK: the peer's sending slows down, by TCP's own flow control,
 * to what the disk takes, and nothing is lost. UDP cannot be slowed, nor
 * a relay (it paces its two sides itself): their data is kept up to
 * SW_CAPTURE_BUFFER_MAX, and beyond it the capture stops with an error,
 * the file holding everything up to that point.
 */

#define BLOCK_SIZE   (1024 * 1024)
#define WRITE_BLOCKS 4
#define HOLD_MARK    (16 * 1024 * 1024)
#define RESUME_MARK  (8 * 1024 * 1024)
#define PROGRESS_INTERVAL_MS 250

struct _SwCapture
{
  SwTransfer       parent_instance;

  /* SwTransfer's, for short. */
  SwEngine        *engine;
  const char      *name;

  SwConnection    *connection;
  guint64          bytes_written;
  guint64          bytes_notified;

  /* While running. */
  GOutputStream   *output;
  GCancellable    *cancellable;
  GQueue           blocks;
  GByteArray      *current;
  /* Accepted and not written yet: blocks, current, and those being written. */
  gsize            buffered;
  GPtrArray       *writing;
  /* What the write under way reads (and moves through as it goes). */
  GOutputVector    vectors[WRITE_BLOCKS];
  GPtrArray       *held;
  gsize            hold_mark;
  gsize            resume_mark;
  gsize            buffer_max;
  GSource         *kick;
  guint            progress_id;
  gulong           received_id;
  gulong           closed_id;

  /* Once stopping: what is buffered is written, then the file closed. */
  gboolean         stopping;
  gboolean         closing;
  GError          *stop_error;
  GTask           *stop_task;
};

G_DEFINE_FINAL_TYPE (SwCapture, sw_capture, SW_TYPE_TRANSFER)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_BYTES_WRITTEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * sw_capture_new:
 * @engine: whose received bytes to capture
 * @connection: (nullable): only this connection's, or all of @engine's
 * @file: where to write them
 *
 * Returns: (transfer full): a capture that has not started
 */
SwCapture *
sw_capture_new (SwEngine     *engine,
                SwConnection *connection,
                GFile        *file)
{
  g_return_val_if_fail (SW_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (connection == NULL || SW_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (connection == NULL || sw_connection_get_engine (connection) == engine, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (SW_TYPE_CAPTURE,
                       "engine", engine,
                       "connection", connection,
                       "file", file,
                       NULL);
}

static SwTransferState
get_state (SwCapture *self)
{
  return sw_transfer_get_state (SW_TRANSFER (self));
}

static void
log_event (SwCapture   *self,
           SwEventKind  kind,
           const char  *message)
{
  sw_engine_log_event (self->engine, self->connection, kind, message);
}

static void
notify_bytes_written (SwCapture *self)
{
  if (self->bytes_notified == self->bytes_written)
    return;

  self->bytes_notified = self->bytes_written;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_WRITTEN]);
}

static gboolean
progress_cb (gpointer user_data)
{
  notify_bytes_written (user_data);

  return G_SOURCE_CONTINUE;
}

static void
release_holds (SwCapture *self)
{
  for (guint i = 0; i < self->held->len; i++)
    _sw_tcp_connection_release_reading (g_ptr_array_index (self->held, i));
  g_ptr_array_set_size (self->held, 0);
}

static void
stop_receiving (SwCapture *self)
{
  g_clear_signal_handler (&self->received_id, self->engine);
  g_clear_signal_handler (&self->closed_id, self->engine);
  release_holds (self);
}

static void
drop_buffer (SwCapture *self)
{
  g_queue_clear_full (&self->blocks, (GDestroyNotify) g_bytes_unref);
  g_clear_pointer (&self->current, g_byte_array_unref);
  self->buffered = 0;
}

/* The file is closed: the capture ended as begin_stop() said. */
static void
end (SwCapture *self,
     GError    *error)
{
  g_autoptr(GError) owned_error = error;
  g_autoptr(GTask) stop_task = g_steal_pointer (&self->stop_task);
  g_autofree char *message = NULL;

  if (self->kick != NULL)
    {
      g_source_destroy (self->kick);
      g_clear_pointer (&self->kick, g_source_unref);
    }
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_object (&self->output);

  g_object_freeze_notify (G_OBJECT (self));
  notify_bytes_written (self);
  _sw_transfer_end (SW_TRANSFER (self),
                    owned_error != NULL ? SW_TRANSFER_STATE_FAILED : SW_TRANSFER_STATE_DONE,
                    owned_error);
  g_object_thaw_notify (G_OBJECT (self));

  if (owned_error != NULL)
    {
      /* Translators: a file name, then why. */
      message = g_strdup_printf (_("Capture to “%s” failed: %s"), self->name, owned_error->message);
      log_event (self, SW_EVENT_KIND_ERROR, message);
    }
  else
    {
      g_autofree char *count = _sw_format_count (self->bytes_written);

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              /* Translators: a file name, then a number of bytes. */
                                              "Capture to “%s” stopped: %s byte written",
                                              "Capture to “%s” stopped: %s bytes written",
                                              (gulong) self->bytes_written),
                                 self->name, count);
      log_event (self, SW_EVENT_KIND_INFO, message);
    }

  if (stop_task == NULL)
    return;
  if (owned_error != NULL)
    g_task_return_error (stop_task, g_error_copy (owned_error));
  else
    g_task_return_boolean (stop_task, TRUE);
}

static void
closed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SwCapture) self = user_data;
  g_autoptr(GError) error = NULL;
  GError *why = g_steal_pointer (&self->stop_error);

  /* Closing flushes: a disk that fills now fails the capture too. */
  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error) && why == NULL)
    {
      g_autofree char *reason = _sw_file_error_reason (error);

      why = g_error_new (error->domain, error->code,
                         /* Translators: a file name, then why. */
                         _("Could not write “%s”: %s"), self->name, reason);
    }

  end (self, why);
}

static void write_some (SwCapture *self);

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SwCapture) self = user_data;
  g_autoptr(GError) error = NULL;
  gsize written = 0;

  g_output_stream_writev_all_finish (G_OUTPUT_STREAM (object), result, &written, &error);
  self->bytes_written += written;
  for (guint i = 0; i < self->writing->len; i++)
    self->buffered -= g_bytes_get_size (g_ptr_array_index (self->writing, i));
  g_ptr_array_set_size (self->writing, 0);

  /* Disposed meanwhile: nothing more to do. */
  if (self->output == NULL)
    return;

  if (error != NULL)
    {
      g_autofree char *reason = _sw_file_error_reason (error);
      g_autofree char *count = _sw_format_count (self->bytes_written);

      stop_receiving (self);
      drop_buffer (self);
      self->stopping = TRUE;
      g_clear_error (&self->stop_error);
      self->stop_error = g_error_new (error->domain, error->code,
                                      /* Translators: a file name, a number of bytes, then why. */
                                      _("Could not write “%s” after %s bytes: %s"),
                                      self->name, count, reason);
    }
  else if (self->buffered <= self->resume_mark)
    release_holds (self);

  write_some (self);
}

/* Starts writing what is buffered when no write is under way; once
 * stopping and all written, closes the file. */
static void
write_some (SwCapture *self)
{
  if (self->writing->len > 0 || self->closing)
    return;

  if (self->current != NULL && self->current->len > 0)
    g_queue_push_tail (&self->blocks, g_byte_array_free_to_bytes (g_steal_pointer (&self->current)));

  if (g_queue_is_empty (&self->blocks))
    {
      if (self->stopping)
        {
          self->closing = TRUE;
          g_output_stream_close_async (self->output, G_PRIORITY_DEFAULT, NULL,
                                       closed_cb, g_object_ref (self));
        }
      return;
    }

  while (self->writing->len < WRITE_BLOCKS && !g_queue_is_empty (&self->blocks))
    {
      GBytes *block = g_queue_pop_head (&self->blocks);
      GOutputVector *vector = &self->vectors[self->writing->len];

      vector->buffer = g_bytes_get_data (block, &vector->size);
      g_ptr_array_add (self->writing, block);
    }

  /* The vectors and the blocks they point into stay until it ends. */
  g_output_stream_writev_all_async (self->output, self->vectors, self->writing->len,
                                    G_PRIORITY_DEFAULT, self->cancellable,
                                    write_cb, g_object_ref (self));
}

static gboolean
kick_cb (gpointer user_data)
{
  write_some (user_data);

  return G_SOURCE_CONTINUE;
}

/* Stops taking data; what was taken is written, then the file closed.
 * With @error (owned), the capture then fails with it. */
static void
begin_stop (SwCapture *self,
            GError    *error)
{
  if (get_state (self) != SW_TRANSFER_STATE_RUNNING || self->stopping)
    {
      g_clear_error (&error);
      return;
    }

  stop_receiving (self);
  self->stopping = TRUE;
  self->stop_error = error;
  write_some (self);
}

static void
append (SwCapture    *self,
        const guint8 *data,
        gsize         length)
{
  self->buffered += length;

  while (length > 0)
    {
      gsize n;

      if (self->current == NULL)
        self->current = g_byte_array_sized_new (BLOCK_SIZE);

      n = MIN (length, BLOCK_SIZE - self->current->len);
      g_byte_array_append (self->current, data, n);
      data += n;
      length -= n;

      if (self->current->len == BLOCK_SIZE)
        g_queue_push_tail (&self->blocks, g_byte_array_free_to_bytes (g_steal_pointer (&self->current)));
    }
}

static void
received_cb (SwEngine     *engine,
             SwConnection *connection,
             GBytes       *bytes,
             SwCapture    *self)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  if (self->connection != NULL && connection != self->connection)
    return;
  if (length == 0)
    return;

  if (self->buffered + length > self->buffer_max)
    {
      g_autofree char *count = _sw_format_count (self->bytes_written + self->buffered);

      begin_stop (self, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                     /* Translators: %s is a number of bytes. */
                                     _("The disk did not keep up: capture stopped after %s bytes"),
                                     count));
      return;
    }

  append (self, data, length);

  if (self->buffered > self->hold_mark && SW_IS_TCP_CONNECTION (connection) &&
      !g_ptr_array_find (self->held, connection, NULL))
    {
      _sw_tcp_connection_hold_reading (SW_TCP_CONNECTION (connection));
      g_ptr_array_add (self->held, g_object_ref (connection));
    }

  if (self->writing->len == 0)
    g_source_set_ready_time (self->kick, 0);
}

static void
connection_closed_cb (SwEngine     *engine,
                      SwConnection *connection,
                      SwCapture    *self)
{
  if (connection == self->connection)
    begin_stop (self, NULL);
}

/* Starting */

/* Written as data arrives, so not through g_file_replace(), which writes
 * to a temporary file renamed over the old one only once closed. */
static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GFileOutputStream) output = NULL;
  g_autoptr(GError) error = NULL;

  output = g_file_create (file, G_FILE_CREATE_NONE, cancellable, &error);
  if (output == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_clear_error (&error);
      if (g_file_delete (file, cancellable, &error))
        output = g_file_create (file, G_FILE_CREATE_NONE, cancellable, &error);
    }

  if (output == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&output), g_object_unref);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SwCapture *self = SW_CAPTURE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  self->output = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->output == NULL)
    {
      g_autofree char *reason = NULL;
      g_autoptr(GError) described = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          _sw_transfer_set_state (SW_TRANSFER (self), SW_TRANSFER_STATE_CANCELLED);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      reason = _sw_file_error_reason (error);
      described = g_error_new (error->domain, error->code,
                               /* Translators: a file name, then why. */
                               _("Could not create “%s”: %s"), self->name, reason);
      log_event (self, SW_EVENT_KIND_ERROR, described->message);
      _sw_transfer_end (SW_TRANSFER (self), SW_TRANSFER_STATE_FAILED, described);
      g_task_return_error (task, g_steal_pointer (&described));
      return;
    }

  self->kick = _sw_wakeup_source_new ("[sw-capture]", G_PRIORITY_DEFAULT, kick_cb, self);
  self->progress_id = g_timeout_add (PROGRESS_INTERVAL_MS, progress_cb, self);
  self->received_id = g_signal_connect (self->engine, "received", G_CALLBACK (received_cb), self);
  if (self->connection != NULL)
    self->closed_id = g_signal_connect (self->engine, "connection-closed",
                                        G_CALLBACK (connection_closed_cb), self);

  if (self->connection != NULL)
    /* Translators: an address such as 127.0.0.1:53120, then a file name. */
    message = g_strdup_printf (_("Capturing what %s sends to “%s”"),
                               sw_connection_get_name (self->connection), self->name);
  else
    /* Translators: a file name. */
    message = g_strdup_printf (_("Capturing received bytes to “%s”"), self->name);
  log_event (self, SW_EVENT_KIND_INFO, message);
  _sw_transfer_set_state (SW_TRANSFER (self), SW_TRANSFER_STATE_RUNNING);

  /* It closed before we could listen. */
  if (self->connection != NULL &&
      sw_connection_get_state (self->connection) == SW_CONNECTION_STATE_DISCONNECTED)
    begin_stop (self, NULL);

  g_task_return_boolean (task, TRUE);
}

void
sw_capture_start_async (SwCapture           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  g_autoptr(GTask) create = NULL;

  g_return_if_fail (SW_IS_CAPTURE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (get_state (self) == SW_TRANSFER_STATE_IDLE && self->output == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_capture_start_async);

  create = g_task_new (self, cancellable, created_cb, task);
  g_task_set_task_data (create, g_object_ref (sw_transfer_get_file (SW_TRANSFER (self))), g_object_unref);
  g_task_run_in_thread (create, create_thread);
}

gboolean
sw_capture_start_finish (SwCapture     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (SW_IS_CAPTURE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_capture_start_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sw_capture_stop_async (SwCapture           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SW_IS_CAPTURE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_capture_stop_async);

  switch (get_state (self))
    {
    case SW_TRANSFER_STATE_RUNNING:
      if (self->stop_task != NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                                   _("The capture is stopping already"));
          return;
        }
      self->stop_task = g_steal_pointer (&task);
      begin_stop (self, NULL);
      break;

    case SW_TRANSFER_STATE_FAILED:
      g_task_return_error (task, g_error_copy (sw_transfer_get_error (SW_TRANSFER (self))));
      break;

    case SW_TRANSFER_STATE_IDLE:
    case SW_TRANSFER_STATE_DONE:
    case SW_TRANSFER_STATE_CANCELLED:
    default:
      g_task_return_boolean (task, TRUE);
      break;
    }
}

gboolean
sw_capture_stop_finish (SwCapture     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (SW_IS_CAPTURE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_capture_stop_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
_sw_capture_set_limits (SwCapture *self,
                        gsize      hold_mark,
                        gsize      resume_mark,
                        gsize      buffer_max)
{
  g_return_if_fail (SW_IS_CAPTURE (self));
  g_return_if_fail (resume_mark <= hold_mark && hold_mark <= buffer_max);

  self->hold_mark = hold_mark;
  self->resume_mark = resume_mark;
  self->buffer_max = buffer_max;
}

/**
 * sw_capture_get_connection:
 *
 * Returns: (transfer none) (nullable): the one connection captured
 */
SwConnection *
sw_capture_get_connection (SwCapture *self)
{
  g_return_val_if_fail (SW_IS_CAPTURE (self), NULL);

  return self->connection;
}

guint64
sw_capture_get_bytes_written (SwCapture *self)
{
  g_return_val_if_fail (SW_IS_CAPTURE (self), 0);

  return self->bytes_written;
}

static void
sw_capture_constructed (GObject *object)
{
  SwCapture *self = SW_CAPTURE (object);

  G_OBJECT_CLASS (sw_capture_parent_class)->constructed (object);

  self->engine = sw_transfer_get_engine (SW_TRANSFER (self));
  self->name = _sw_transfer_get_name (SW_TRANSFER (self));
}

static void
sw_capture_dispose (GObject *object)
{
  SwCapture *self = SW_CAPTURE (object);

  /* Dropped while running: what is buffered is lost, the file closed as
   * it is (a write under way holds a reference, so none is). */
  if (self->engine != NULL)
    stop_receiving (self);
  g_cancellable_cancel (self->cancellable);
  drop_buffer (self);
  if (self->kick != NULL)
    {
      g_source_destroy (self->kick);
      g_clear_pointer (&self->kick, g_source_unref);
    }
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_object (&self->output);

  G_OBJECT_CLASS (sw_capture_parent_class)->dispose (object);
}

static void
sw_capture_finalize (GObject *object)
{
  SwCapture *self = SW_CAPTURE (object);

  g_clear_object (&self->connection);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->writing, g_ptr_array_unref);
  g_clear_pointer (&self->held, g_ptr_array_unref);
  g_clear_error (&self->stop_error);

  G_OBJECT_CLASS (sw_capture_parent_class)->finalize (object);
}

static void
sw_capture_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SwCapture *self = SW_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_BYTES_WRITTEN:
      g_value_set_uint64 (value, self->bytes_written);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_capture_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SwCapture *self = SW_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_capture_class_init (SwCaptureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sw_capture_constructed;
  object_class->dispose = sw_capture_dispose;
  object_class->finalize = sw_capture_finalize;
  object_class->get_property = sw_capture_get_property;
  object_class->set_property = sw_capture_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         SW_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BYTES_WRITTEN] =
    g_param_spec_uint64 ("bytes-written", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_capture_init (SwCapture *self)
{
  self->cancellable = g_cancellable_new ();
  self->writing = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  self->hold_mark = HOLD_MARK;
  self->resume_mark = RESUME_MARK;
  self->buffer_max = SW_CAPTURE_BUFFER_MAX;
  g_queue_init (&self->blocks);
}

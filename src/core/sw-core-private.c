/* sw-core-private.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-core-private.h"
#include "sw-endpoint.h"
#include "sw-net-error.h"

void
_sw_set_last_error (GObject       *object,
                    GError       **slot,
                    const GError  *error,
                    GParamSpec    *pspec)
{
  if (*slot == NULL && error == NULL)
    return;

  g_clear_error (slot);
  if (error != NULL)
    *slot = g_error_copy (error);
  g_object_notify_by_pspec (object, pspec);
}

void
_sw_notify_counter (GObject    *object,
                    guint64    *notified,
                    guint64     value,
                    GParamSpec *pspec)
{
  if (*notified == value)
    return;

  *notified = value;
  g_object_notify_by_pspec (object, pspec);
}

void
_sw_counters_add (SwCounters *counters,
                  gboolean    received,
                  gsize       length)
{
  if (received)
    {
      counters->bytes_received += length;
      counters->packets_received++;
    }
  else
    {
      counters->bytes_sent += length;
      counters->packets_sent++;
    }
}

static const char *const counter_names[SW_N_COUNTERS] = {
  "bytes-received", "bytes-sent", "packets-received", "packets-sent",
};

static guint64
counter_value (const SwCounters *counters,
               guint             index)
{
  const guint64 values[SW_N_COUNTERS] = {
    counters->bytes_received, counters->bytes_sent,
    counters->packets_received, counters->packets_sent,
  };

  return values[index];
}

GParamSpec *
_sw_counter_pspec (const char *name)
{
  return g_param_spec_uint64 (name, NULL, NULL, 0, G_MAXUINT64, 0,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

void
_sw_counters_install (GObjectClass  *klass,
                      guint          first_prop_id,
                      GParamSpec   **pspecs)
{
  for (guint i = 0; i < SW_N_COUNTERS; i++)
    {
      pspecs[i] = _sw_counter_pspec (counter_names[i]);
      g_object_class_install_property (klass, first_prop_id + i, pspecs[i]);
    }
}

void
_sw_counters_get_value (const SwCounters *counters,
                        guint             index,
                        GValue           *value)
{
  g_value_set_uint64 (value, counter_value (counters, index));
}

void
_sw_counters_notify (GObject           *object,
                     SwCounters        *notified,
                     const SwCounters  *counters,
                     GParamSpec       **pspecs)
{
  g_object_freeze_notify (object);
  for (guint i = 0; i < SW_N_COUNTERS; i++)
    if (counter_value (notified, i) != counter_value (counters, i))
      g_object_notify_by_pspec (object, pspecs[i]);
  *notified = *counters;
  g_object_thaw_notify (object);
}

static GSocket *
socket_new_bound (GInetAddress         *address,
                  guint16               port,
                  GSocketType           type,
                  SwSocketPrepareFunc   prepare,
                  gpointer              user_data,
                  GError              **error)
{
  gboolean stream = type == G_SOCKET_TYPE_STREAM;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;

  socket = g_socket_new (g_inet_address_get_family (address), type,
                         stream ? G_SOCKET_PROTOCOL_TCP : G_SOCKET_PROTOCOL_UDP, error);
  if (socket == NULL)
    return NULL;

  g_socket_set_blocking (socket, FALSE);
  if (prepare != NULL)
    prepare (socket, user_data);

  /* A server stopped and started again gets its port back at once; two
   * datagram sockets never share one. */
  socket_address = g_inet_socket_address_new (address, port);
  if (!g_socket_bind (socket, socket_address, stream, error) ||
      (stream && !g_socket_listen (socket, error)))
    return NULL;

  return g_steal_pointer (&socket);
}

GSocket *
_sw_socket_new_bound (GInetAddress         *address,
                      guint16               port,
                      GSocketType           type,
                      SwSocketPrepareFunc   prepare,
                      gpointer              user_data,
                      GError              **error)
{
  g_autoptr(GInetAddress) any = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GSocketAddress) wanted = NULL;
  g_autofree char *where = NULL;
  GSocket *socket;

  if (address == NULL)
    {
      any = g_inet_address_new_any (G_SOCKET_FAMILY_IPV6);
      socket = socket_new_bound (any, port, type, prepare, user_data, &local_error);
      if (socket == NULL &&
          (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED) ||
           g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT)))
        {
          g_clear_error (&local_error);
          g_clear_object (&any);
          any = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
          socket = socket_new_bound (any, port, type, prepare, user_data, &local_error);
        }
      address = any;
    }
  else
    socket = socket_new_bound (address, port, type, prepare, user_data, &local_error);

  if (socket != NULL)
    return socket;

  wanted = g_inet_socket_address_new (address, port);
  where = sw_socket_address_to_string (wanted);
  g_propagate_error (error, sw_net_error_new_described (local_error, where));

  return NULL;
}

void
_sw_text_offset_to_position (const char *text,
                             gsize       offset,
                             guint      *line,
                             guint      *column)
{
  const char *p = text;
  const char *end = text + offset;
  guint l = 1;
  guint c = 1;

  g_assert (text != NULL);

  while (p < end && *p != '\0')
    {
      if (*p == '\n')
        {
          l++;
          c = 1;
          p++;
        }
      else
        {
          c++;
          p = g_utf8_next_char (p);
        }
    }

  if (line != NULL)
    *line = l;
  if (column != NULL)
    *column = c;
}

char *
_sw_text_quote (const char *text,
                gssize      length,
                guint       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);
  glong n_chars = g_utf8_strlen (valid, -1);
  g_autofree char *head = NULL;
  g_autofree char *tail = NULL;

  if (n_chars <= max_chars)
    return g_steal_pointer (&valid);

  head = g_utf8_substring (valid, 0, max_chars / 2);
  tail = g_utf8_substring (valid, n_chars - max_chars / 2, n_chars);

  return g_strconcat (head, "…", tail, NULL);
}

void
_sw_output_stream_abandon (GOutputStream *stream)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_output_stream_close (stream, cancelled, NULL);
}

/* Pieces of a write, so that a cancel is seen between them. */
#define REPLACE_CHUNK (16 * 1024)

gboolean
_sw_file_replace_atomically (GFile                *file,
                             const char           *etag,
                             GBytes               *bytes,
                             SwWriteProgressFunc   progress,
                             gpointer              user_data,
                             GCancellable         *cancellable,
                             GError              **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  const guint8 *data;
  gsize size;

  if (parent != NULL &&
      !g_file_make_directory_with_parents (parent, cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);

  /* REPLACE_DESTINATION always writes a temporary file and renames it:
   * without it, GIO rewrites a symbolic or hard link in place. */
  stream = g_file_replace (file, etag, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, error);
  if (stream == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &size);
  for (gsize written = 0; written < size;)
    {
      gsize n = MIN (REPLACE_CHUNK, size - written);

      if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), data + written, n, NULL,
                                      cancellable, error))
        {
          _sw_output_stream_abandon (G_OUTPUT_STREAM (stream));
          return FALSE;
        }

      written += n;
      if (progress != NULL)
        progress (written, user_data);
    }

  /* A close that fails (a cancel now, a failed sync) discards the
   * temporary file too; only a successful one renames it. */
  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}

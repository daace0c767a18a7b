/* sw-core-private.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

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

gboolean
_sw_object_set_string (GObject     *object,
                       char       **field,
                       const char  *value,
                       GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (object, pspec);

  return TRUE;
}

gboolean
_sw_object_set_uint (GObject    *object,
                     guint      *field,
                     guint       value,
                     GParamSpec *pspec)
{
  if (*field == value)
    return FALSE;

  *field = value;
  g_object_notify_by_pspec (object, pspec);

  return TRUE;
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
socket_new_bound (GInetSocketAddress   *address,
                  GSocketType           type,
                  SwSocketPrepareFunc   prepare,
                  gpointer              user_data,
                  GError              **error)
{
  gboolean stream = type == G_SOCKET_TYPE_STREAM;
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (g_socket_address_get_family (G_SOCKET_ADDRESS (address)), type,
                         stream ? G_SOCKET_PROTOCOL_TCP : G_SOCKET_PROTOCOL_UDP, error);
  if (socket == NULL)
    return NULL;

  g_socket_set_blocking (socket, FALSE);
  if (prepare != NULL)
    prepare (socket, user_data);

  /* A server stopped and started again gets its port back at once; two
   * datagram sockets never share one. */
  if (!g_socket_bind (socket, G_SOCKET_ADDRESS (address), stream, error) ||
      (stream && !g_socket_listen (socket, error)))
    return NULL;

  return g_steal_pointer (&socket);
}

static GInetSocketAddress *
any_address (GSocketFamily family,
             guint16       port)
{
  g_autoptr(GInetAddress) any = g_inet_address_new_any (family);

  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (any, port));
}

SwEndpoint *
_sw_endpoint_new_local (GInetAddress *address,
                        guint16       port)
{
  g_autofree char *host = address != NULL ? g_inet_address_to_string (address) : NULL;

  return sw_endpoint_new (host, port);
}

GSocket *
_sw_socket_new_bound (SwEndpoint           *local,
                      GSocketType           type,
                      SwSocketPrepareFunc   prepare,
                      gpointer              user_data,
                      GError              **error)
{
  const char *host = sw_endpoint_get_host (local);
  guint16 port = sw_endpoint_get_port (local);
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *where = NULL;
  GSocket *socket;

  if (host == NULL)
    {
      address = any_address (G_SOCKET_FAMILY_IPV6, port);
      socket = socket_new_bound (address, type, prepare, user_data, &local_error);
      if (socket == NULL &&
          (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED) ||
           g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT)))
        {
          g_clear_error (&local_error);
          g_clear_object (&address);
          address = any_address (G_SOCKET_FAMILY_IPV4, port);
          socket = socket_new_bound (address, type, prepare, user_data, &local_error);
        }
    }
  else if (sw_endpoint_get_inet_address (local) == NULL)
    {
      g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                   /* Translators: %s is a host name, e.g. “example.com”. */
                   _("“%s” is a name: to listen or bind, give an IP address of this computer, such as 192.168.1.5"),
                   host);
      return NULL;
    }
  else
    {
      /* With the scope of "fe80::1%eth0", which a link-local address
       * needs; NULL when no interface has that name. */
      address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string (host, port));
      if (address == NULL)
        {
          g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                       /* Translators: %s is an IPv6 address with its interface, e.g. “fe80::1%eth9”. */
                       _("“%s” names a network interface this computer does not have"),
                       host);
          return NULL;
        }
      if (g_inet_address_get_is_link_local (g_inet_socket_address_get_address (address)) &&
          g_socket_address_get_family (G_SOCKET_ADDRESS (address)) == G_SOCKET_FAMILY_IPV6 &&
          g_inet_socket_address_get_scope_id (address) == 0)
        {
          g_set_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST,
                       /* Translators: %s is an IPv6 address, e.g. “fe80::1”. */
                       _("%s is a link-local address: add the network interface it is on, as in “%s%%eth0”"),
                       host, host);
          return NULL;
        }
      socket = socket_new_bound (address, type, prepare, user_data, &local_error);
    }

  if (socket != NULL)
    return socket;

  where = sw_socket_address_to_string (G_SOCKET_ADDRESS (address));
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

static gboolean
wakeup_source_dispatch (GSource     *source,
                        GSourceFunc  callback,
                        gpointer     user_data)
{
  g_source_set_ready_time (source, -1);

  return callback (user_data);
}

static GSourceFuncs wakeup_source_funcs = {
  NULL, NULL, wakeup_source_dispatch, NULL, NULL, NULL,
};

GSource *
_sw_wakeup_source_new (const char  *name,
                       int          priority,
                       GSourceFunc  func,
                       gpointer     user_data)
{
  GSource *source = g_source_new (&wakeup_source_funcs, sizeof (GSource));

  g_source_set_static_name (source, name);
  g_source_set_priority (source, priority);
  g_source_set_callback (source, func, user_data, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());

  return source;
}

char *
_sw_format_count (guint64 count)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, count);
}

char *
_sw_file_error_reason (const GError *error)
{
  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_NOT_FOUND:
        return g_strdup (_("there is no such file"));

      case G_IO_ERROR_PERMISSION_DENIED:
        return g_strdup (_("permission denied"));

      case G_IO_ERROR_IS_DIRECTORY:
        return g_strdup (_("it is a folder"));

      case G_IO_ERROR_NO_SPACE:
        return g_strdup (_("the disk is full"));

      case G_IO_ERROR_READ_ONLY:
        return g_strdup (_("the disk is read-only"));

      default:
        break;
      }

  return g_strdup (error->message);
}

void
_sw_output_stream_abandon (GOutputStream *stream,
                           GFile         *file,
                           gboolean       existed)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_output_stream_close (stream, cancelled, NULL);
  if (!existed)
    g_file_delete (file, NULL, NULL);
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
  gboolean existed;

  if (parent != NULL &&
      !g_file_make_directory_with_parents (parent, cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);

  /* REPLACE_DESTINATION writes an existing file's replacement beside it
   * and renames it over it (without it, GIO rewrites a symbolic or hard
   * link in place); a new file is written in place. */
  existed = g_file_query_exists (file, NULL);
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
          _sw_output_stream_abandon (G_OUTPUT_STREAM (stream), file, existed);
          return FALSE;
        }

      written += n;
      if (progress != NULL)
        progress (written, user_data);
    }

  /* A close that fails (a cancel now, a failed sync) discards the
   * temporary file too; only a successful one renames it. A new file
   * is deleted then, as after a failed write. */
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error))
    {
      _sw_output_stream_abandon (G_OUTPUT_STREAM (stream), file, existed);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  GFile   *file;
  GBytes  *bytes;
  guint32  mode;
  char    *prefix;
} ReplaceData;

static void
replace_data_free (ReplaceData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data->prefix);
  g_free (data);
}

static void
replace_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ReplaceData *data = task_data;
  GError *error = NULL;

  if (!_sw_file_replace_atomically (data->file, NULL, data->bytes, NULL, NULL, cancellable, &error))
    {
      g_prefix_error (&error, "%s", data->prefix);
      g_task_return_error (task, error);
      return;
    }

  if (data->mode != 0)
    g_file_set_attribute_uint32 (data->file, G_FILE_ATTRIBUTE_UNIX_MODE, data->mode,
                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_task_return_boolean (task, TRUE);
}

void
_sw_file_replace_async (GFile               *file,
                        GBytes              *bytes,
                        guint32              mode,
                        const char          *prefix,
                        gpointer             source_object,
                        gpointer             source_tag,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReplaceData *data;

  data = g_new0 (ReplaceData, 1);
  data->file = g_object_ref (file);
  data->bytes = g_bytes_ref (bytes);
  data->mode = mode;
  data->prefix = g_strdup (prefix);

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) replace_data_free);
  g_task_run_in_thread (task, replace_thread);
}

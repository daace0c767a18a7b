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

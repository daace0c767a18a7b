/* sw-listener.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-listener"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-core-private.h"
#include "sw-engine-private.h"
#include "sw-listener.h"
#include "sw-poller.h"

/* GSocket's default backlog is 10: a burst of connects then waits for
 * SYN retries (1,000 clients took 91 s). The kernel caps it at somaxconn. */
#define LISTEN_BACKLOG 4096
/* After "too many open files", try accepting again this much later. */
#define ACCEPT_RETRY_MS 1000

struct _SwListener
{
  grefcount             ref_count;

  SwEngine             *engine;       /* it owns us */
  GSocket              *socket;
  GSocketAddress       *local_address;
  SwPollerWatch        *watch;
  guint                 retry_id;
  SwListenerAcceptFunc  func;
  gpointer              user_data;
};

static SwListener *
listener_ref (SwListener *self)
{
  g_ref_count_inc (&self->ref_count);
  return self;
}

static void
listener_unref (SwListener *self)
{
  if (!g_ref_count_dec (&self->ref_count))
    return;

  g_clear_object (&self->local_address);
  g_free (self);
}

static gboolean
retry_cb (gpointer user_data)
{
  SwListener *self = user_data;

  self->retry_id = 0;
  if (self->watch != NULL)
    _sw_poller_watch_set_condition (self->watch, G_IO_IN);

  return G_SOURCE_REMOVE;
}

static void
ready_cb (GSocket      *socket,
          GIOCondition  condition,
          gpointer      user_data)
{
  SwListener *self = listener_ref (user_data);
  gint64 deadline = g_get_monotonic_time () + SW_IO_DISPATCH_BUDGET_USEC;

  /* The callback may stop listening: the socket is gone then. */
  while (self->socket != NULL && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) accepted = g_socket_accept (self->socket, NULL, &error);

      if (accepted != NULL)
        {
          self->func (accepted, self->user_data);
          continue;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES))
        {
          sw_engine_log_event (self->engine, NULL, SW_EVENT_KIND_ERROR,
                               _("Cannot accept more clients: this program has too many connections open; new clients wait until some close"));
          _sw_engine_set_last_error (self->engine, error);
          /* The listener stays readable: wait before trying again. */
          _sw_poller_watch_set_condition (self->watch, 0);
          self->retry_id = g_timeout_add (ACCEPT_RETRY_MS, retry_cb, self);
          break;
        }

      /* A client that reset before it was accepted: nothing to do. */
      g_debug ("accept: %s", error->message);
    }

  listener_unref (self);
}

static void
prepare_socket (GSocket  *socket,
                gpointer  user_data)
{
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
}

/**
 * _sw_listener_new:
 *
 * Returns: (transfer full) (nullable): a listener, or %NULL with @error
 *   saying why in words a person can act on
 */
SwListener *
_sw_listener_new (SwEngine              *engine,
                  SwEndpoint            *local,
                  SwListenerAcceptFunc   func,
                  gpointer               user_data,
                  GError               **error)
{
  GSocket *socket;
  SwListener *self;

  socket = _sw_socket_new_bound (local, G_SOCKET_TYPE_STREAM,
                                 prepare_socket, NULL, error);
  if (socket == NULL)
    return NULL;

  self = g_new0 (SwListener, 1);
  g_ref_count_init (&self->ref_count);
  self->engine = engine;
  self->socket = socket;
  self->local_address = g_socket_get_local_address (socket, NULL);
  self->func = func;
  self->user_data = user_data;
  self->watch = _sw_poller_watch (_sw_poller_get_default (), socket, G_IO_IN, ready_cb, self);

  return self;
}

void
_sw_listener_free (SwListener *self)
{
  g_clear_pointer (&self->watch, _sw_poller_watch_destroy);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);

  listener_unref (self);
}

GSocketAddress *
_sw_listener_get_local_address (SwListener *self)
{
  return self->local_address;
}

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
/* At the open-file limit, look for a free descriptor this often (a
 * connection of the engine closing resumes at once). */
#define ACCEPT_RETRY_MS 1000
/* Connections reset before they were accepted are reported together,
 * once none came for this long (or this long after the first). */
#define ABORTED_QUIET_MS 500
#define ABORTED_MAX_MS   5000

struct _SwListener
{
  grefcount             ref_count;

  SwEngine             *engine;       /* it owns us */
  GSocket              *socket;
  GSocketAddress       *local_address;
  SwPollerWatch        *watch;
  guint                 retry_id;
  gboolean              paused;
  /* Since the limit was reached until every waiting client is in. */
  gboolean              at_file_limit;
  guint                 aborted;
  gint64                aborted_since;
  guint                 aborted_report_id;
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

/* Connections reset before they were accepted (issue #15)
 *
 * A client that connects and resets before it is accepted still counts:
 * people testing a server want to know it happened. On Linux accept()
 * still returns such a connection, without a peer any more (ENOTCONN);
 * BSDs fail with ECONNABORTED, which GIO reports as a plain failure. A
 * burst of them is one event, once they stop coming (or every
 * ABORTED_MAX_MS). */

static void
report_aborted (SwListener *self)
{
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;

  g_clear_handle_id (&self->aborted_report_id, g_source_remove);
  if (self->aborted == 0)
    return;

  count = g_strdup_printf ("%u", self->aborted);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          /* Translators: %s is a number of connections. */
                                          "%s connection reset before it was accepted",
                                          "%s connections reset before they were accepted",
                                          self->aborted),
                             count);
  self->aborted = 0;
  sw_engine_log_event (self->engine, NULL, SW_EVENT_KIND_INFO, message);
}

static gboolean
aborted_report_cb (gpointer user_data)
{
  SwListener *self = user_data;

  self->aborted_report_id = 0;
  report_aborted (self);

  return G_SOURCE_REMOVE;
}

static void
count_aborted (SwListener *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->aborted++ == 0)
    self->aborted_since = now;

  g_clear_handle_id (&self->aborted_report_id, g_source_remove);
  if (now - self->aborted_since >= ABORTED_MAX_MS * G_TIME_SPAN_MILLISECOND)
    report_aborted (self);
  else
    self->aborted_report_id = g_timeout_add (ABORTED_QUIET_MS, aborted_report_cb, self);
}

/* Running out of file descriptors (issue #15)
 *
 * At the limit, accept() fails with EMFILE while the socket stays
 * readable: retrying at once would loop, and a program with no descriptor
 * left cannot even open a font to draw the error. So the listener stops
 * accepting, before the limit when the app said where it is, says so once,
 * and lets clients wait in the backlog until a connection of its engine
 * closes (or, checked every ACCEPT_RETRY_MS, a descriptor is free again). */

static guint open_file_limit;
static guint open_file_reserve;

void
_sw_listener_set_open_file_limit (guint limit,
                                  guint reserve)
{
  open_file_limit = limit;
  open_file_reserve = reserve;
}

/* Whether @socket took one of the descriptors kept for the rest of the
 * program. Where there is a limit, a new descriptor gets the lowest free
 * number, so its number is how many were open before it. */
static gboolean
in_file_reserve (GSocket *socket)
{
  return open_file_limit > 0 &&
         (guint) g_socket_get_fd (socket) >= open_file_limit - open_file_reserve;
}

/* Whether a client could be accepted without taking a descriptor of the
 * reserve, found out without taking a client: the socket made to see
 * which descriptor comes next is closed at once. Only at the limit. */
static gboolean
has_free_descriptor (SwListener *self)
{
  g_autoptr(GSocket) probe = g_socket_new (g_socket_get_family (self->socket),
                                           G_SOCKET_TYPE_DATAGRAM,
                                           G_SOCKET_PROTOCOL_DEFAULT, NULL);

  return probe != NULL && !in_file_reserve (probe);
}

static void accept_ready (SwListener *self);

/* Every ACCEPT_RETRY_MS at the limit, for descriptors freed elsewhere than
 * by the engine's connections, and at once when one of them closed. */
static gboolean
retry_cb (gpointer user_data)
{
  SwListener *self = user_data;

  self->retry_id = 0;

  if (!has_free_descriptor (self))
    {
      self->retry_id = g_timeout_add (ACCEPT_RETRY_MS, retry_cb, self);
      return G_SOURCE_REMOVE;
    }

  self->paused = FALSE;
  _sw_poller_watch_set_condition (self->watch, G_IO_IN);
  /* Not only when a client waits: finding none ends the episode. */
  listener_ref (self);
  accept_ready (self);
  listener_unref (self);

  return G_SOURCE_REMOVE;
}

static void
pause_accepting (SwListener *self)
{
  g_autoptr(GError) error = NULL;

  _sw_poller_watch_set_condition (self->watch, 0);
  self->paused = TRUE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (ACCEPT_RETRY_MS, retry_cb, self);

  if (self->at_file_limit)
    return;

  self->at_file_limit = TRUE;
  if (open_file_limit > 0)
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES,
                         /* Translators: %u is the most files a program may open. */
                         _("Open-file limit reached (%u): new clients wait until one disconnects"),
                         open_file_limit);
  else
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES,
                                 _("Open-file limit reached: new clients wait until one disconnects"));
  sw_engine_log_event (self->engine, NULL, SW_EVENT_KIND_ERROR, error->message);
  _sw_engine_set_last_error (self->engine, error);
}

/**
 * _sw_listener_connection_closed:
 *
 * A connection of the engine closed, so a descriptor is free: at the
 * open-file limit, the next waiting client comes in.
 */
void
_sw_listener_connection_closed (SwListener *self)
{
  if (!self->paused)
    return;

  /* Not from inside the engine's handling of the close. */
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_idle_add (retry_cb, self);
}

/* Every waiting client is in: the next time the limit is reached is news. */
static void
leave_file_limit (SwListener *self)
{
  if (!self->at_file_limit)
    return;

  self->at_file_limit = FALSE;
  if (g_error_matches (sw_engine_get_last_error (self->engine),
                       G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES))
    _sw_engine_set_last_error (self->engine, NULL);
}

static void
accept_ready (SwListener *self)
{
  gint64 deadline = g_get_monotonic_time () + SW_IO_DISPATCH_BUDGET_USEC;

  /* The callback may stop listening: the socket is gone then. */
  while (self->socket != NULL && !self->paused && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) accepted = NULL;
      g_autoptr(GSocketAddress) peer = NULL;
      gboolean full;

      /* At the limit, each descriptor freed lets one client in, no more:
       * the reserve stays whole however often clients come and go. */
      if (self->at_file_limit && !has_free_descriptor (self))
        {
          pause_accepting (self);
          break;
        }

      accepted = g_socket_accept (self->socket, NULL, &error);
      if (accepted != NULL)
        {
          peer = g_socket_get_remote_address (accepted, NULL);
          if (peer == NULL)
            {
              g_socket_close (accepted, NULL);
              count_aborted (self);
              continue;
            }

          full = in_file_reserve (accepted);
          self->func (accepted, self->user_data);
          if (full && self->socket != NULL)
            pause_accepting (self);
          continue;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          leave_file_limit (self);
          break;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES))
        {
          pause_accepting (self);
          break;
        }

      if (error->code == G_IO_ERROR_FAILED || error->code == G_IO_ERROR_CONNECTION_CLOSED)
        count_aborted (self);
      else
        g_debug ("accept: %s", error->message);
    }

  /* Out of time with the last waiting client perhaps just in: nothing may
   * make the socket readable again, so look once more for "nobody waits". */
  if (self->socket != NULL && !self->paused && self->at_file_limit && self->retry_id == 0)
    self->retry_id = g_idle_add (retry_cb, self);
}

static void
ready_cb (GSocket      *socket,
          GIOCondition  condition,
          gpointer      user_data)
{
  SwListener *self = listener_ref (user_data);

  accept_ready (self);
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
  /* What is counted is said, even when listening stops. */
  report_aborted (self);
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

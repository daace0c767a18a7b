/* sw-poller-epoll.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-poller"

#include "config.h"

#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <glib-unix.h>

#include "sw-poller-private.h"

/*
 * Linux only, chosen by measurement (see MEASURED.md): with one GSource per
 * socket, GLib's poll() scans every fd on every main-loop turn, and a
 * server with 5,000 idle clients and one busy one manages ~250 round trips
 * per second. Behind one epoll fd, which the main context sees as a single
 * fd, the same server matches a raw epoll server.
 *
 * Level-triggered, so a socket left readable when its reader's budget ran
 * out comes back on the next turn; and the dispatch as a whole stops after
 * a budget too, leaving the rest of the ready sockets for the next turn.
 * This is the one place the engine uses a POSIX API; other systems use the
 * portable GSource backend.
 */

#define MAX_EVENTS 256
#define DISPATCH_BUDGET_USEC (2 * SW_IO_DISPATCH_BUDGET_USEC)

typedef struct
{
  SwPollerWatch parent;
  int           fd;
  guint32       events;
} EpollWatch;

typedef struct
{
  GSource    source;
  SwPoller  *poller;
  int        epfd;
  gboolean   dispatching;
  GPtrArray *deferred;
} EpollSource;

static guint32
events_for (GIOCondition condition)
{
  guint32 events = 0;

  if (condition & G_IO_IN)
    events |= EPOLLIN;
  if (condition & G_IO_OUT)
    events |= EPOLLOUT;

  return events;
}

static GIOCondition
condition_for (guint32 events)
{
  GIOCondition condition = 0;

  if (events & EPOLLIN)
    condition |= G_IO_IN;
  if (events & EPOLLOUT)
    condition |= G_IO_OUT;
  if (events & EPOLLERR)
    condition |= G_IO_ERR;
  if (events & EPOLLHUP)
    condition |= G_IO_HUP;

  return condition;
}

static gboolean
epoll_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  EpollSource *self = (EpollSource *) source;
  struct epoll_event events[MAX_EVENTS];
  gint64 deadline = g_get_monotonic_time () + DISPATCH_BUDGET_USEC;
  int n;

  do
    n = epoll_wait (self->epfd, events, MAX_EVENTS, 0);
  while (n < 0 && errno == EINTR);

  self->dispatching = TRUE;

  for (int i = 0; i < n; i++)
    {
      EpollWatch *watch = events[i].data.ptr;
      SwPollerWatch *base = (SwPollerWatch *) watch;
      GIOCondition condition;

      /* Destroyed by an earlier callback of this batch. */
      if (base->destroyed)
        continue;

      condition = condition_for (events[i].events) & (base->condition | G_IO_ERR | G_IO_HUP);
      if (condition != 0)
        base->func (base->socket, condition, base->user_data);

      /* The rest stay ready and come back next turn. */
      if (g_get_monotonic_time () >= deadline)
        break;
    }

  self->dispatching = FALSE;
  g_ptr_array_set_size (self->deferred, 0);

  return G_SOURCE_CONTINUE;
}

static void
epoll_source_finalize (GSource *source)
{
  EpollSource *self = (EpollSource *) source;

  close (self->epfd);
  g_ptr_array_unref (self->deferred);
}

static GSourceFuncs epoll_source_funcs = {
  NULL, NULL, epoll_source_dispatch, epoll_source_finalize, NULL, NULL,
};

static EpollSource *
get_source (SwPoller *poller)
{
  return poller->backend_data;
}

static void
epoll_init (SwPoller *poller)
{
  EpollSource *source;
  int epfd = epoll_create1 (EPOLL_CLOEXEC);

  if (epfd < 0)
    g_error ("epoll_create1: %s", g_strerror (errno));

  source = (EpollSource *) g_source_new (&epoll_source_funcs, sizeof (EpollSource));
  source->poller = poller;
  source->epfd = epfd;
  source->deferred = g_ptr_array_new_with_free_func (g_free);
  g_source_set_static_name ((GSource *) source, "[sw-poller-epoll]");
  g_source_set_priority ((GSource *) source, SW_IO_PRIORITY);
  g_source_add_unix_fd ((GSource *) source, epfd, G_IO_IN);
  g_source_attach ((GSource *) source, poller->context);

  poller->backend_data = source;
}

static SwPollerWatch *
epoll_watch_new (SwPoller *poller)
{
  EpollWatch *watch = g_new0 (EpollWatch, 1);

  watch->fd = -1;

  return (SwPollerWatch *) watch;
}

static void
epoll_watch_update (SwPoller      *poller,
                    SwPollerWatch *base)
{
  EpollWatch *watch = (EpollWatch *) base;
  EpollSource *source = get_source (poller);
  struct epoll_event event = { 0 };
  guint32 events = base->destroyed ? 0 : events_for (base->condition);

  if (watch->fd < 0 && base->socket != NULL)
    watch->fd = g_socket_get_fd (base->socket);

  if (events == watch->events)
    return;

  event.events = events;
  event.data.ptr = watch;

  if (events == 0)
    epoll_ctl (source->epfd, EPOLL_CTL_DEL, watch->fd, &event);
  else if (watch->events == 0)
    {
      if (epoll_ctl (source->epfd, EPOLL_CTL_ADD, watch->fd, &event) < 0)
        g_critical ("epoll_ctl (ADD, %d): %s", watch->fd, g_strerror (errno));
    }
  else
    epoll_ctl (source->epfd, EPOLL_CTL_MOD, watch->fd, &event);

  watch->events = events;
}

static gboolean
epoll_watch_defer_free (SwPoller      *poller,
                        SwPollerWatch *base)
{
  EpollSource *source = get_source (poller);

  /* Later events of this batch may still point at it. */
  if (!source->dispatching)
    return FALSE;

  g_ptr_array_add (source->deferred, base);
  return TRUE;
}

static void
epoll_watch_free (SwPoller      *poller,
                  SwPollerWatch *base)
{
  g_free (base);
}

const SwPollerClass _sw_poller_epoll_class = {
  .name = "epoll",
  .init = epoll_init,
  .watch_new = epoll_watch_new,
  .watch_update = epoll_watch_update,
  .watch_defer_free = epoll_watch_defer_free,
  .watch_free = epoll_watch_free,
};

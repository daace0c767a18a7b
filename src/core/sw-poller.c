/* sw-poller.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-poller"

#include "config.h"

#include "sw-poller-private.h"

/*
 * Every socket the engine reads or writes is watched through here, so the
 * way readiness is learned can be chosen in one place:
 *
 *  - GSOURCE: one g_socket_create_source() per watch. Portable (Windows,
 *    macOS), and fine for a handful of sockets; GLib's poll() scans every
 *    fd on each main-loop turn, which does not scale to thousands.
 *  - EPOLL (Linux): every socket behind one epoll fd, which the main
 *    context sees as a single fd; see sw-poller-epoll.c.
 *
 * SW_IO_BACKEND=gsource|epoll picks one (tests run both).
 */

typedef struct
{
  SwPollerWatch  parent;
  GSource       *source;
} GSourceWatch;

static gboolean
gsource_watch_cb (GSocket      *socket,
                  GIOCondition  condition,
                  gpointer      user_data)
{
  SwPollerWatch *watch = user_data;

  watch->func (socket, condition, watch->user_data);

  return G_SOURCE_CONTINUE;
}

static void
gsource_watch_update (SwPoller      *poller,
                      SwPollerWatch *watch)
{
  GSourceWatch *self = (GSourceWatch *) watch;

  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }

  if (watch->condition == 0 || watch->destroyed)
    return;

  self->source = g_socket_create_source (watch->socket, watch->condition, NULL);
  g_source_set_static_name (self->source, "[sw-poller-watch]");
  g_source_set_priority (self->source, SW_IO_PRIORITY);
  g_source_set_callback (self->source, G_SOURCE_FUNC (gsource_watch_cb), watch, NULL);
  g_source_attach (self->source, poller->context);
}

static SwPollerWatch *
gsource_watch_new (SwPoller *poller)
{
  return (SwPollerWatch *) g_new0 (GSourceWatch, 1);
}

static void
gsource_watch_free (SwPoller      *poller,
                    SwPollerWatch *watch)
{
  g_assert (((GSourceWatch *) watch)->source == NULL);
  g_free (watch);
}

static const SwPollerClass gsource_class = {
  .name = "gsource",
  .watch_new = gsource_watch_new,
  .watch_update = gsource_watch_update,
  .watch_free = gsource_watch_free,
};

static GMutex pollers_lock;
static GHashTable *pollers;

static SwPollerBackend
default_backend (void)
{
  const char *name = g_getenv ("SW_IO_BACKEND");

  if (g_strcmp0 (name, "gsource") == 0)
    return SW_POLLER_BACKEND_GSOURCE;
#ifdef SW_HAVE_EPOLL
  if (name != NULL && g_strcmp0 (name, "epoll") != 0)
    g_warning ("Unknown SW_IO_BACKEND “%s”; using epoll", name);
  return SW_POLLER_BACKEND_EPOLL;
#else
  if (name != NULL)
    g_warning ("SW_IO_BACKEND “%s” is not available here; using gsource", name);
  return SW_POLLER_BACKEND_GSOURCE;
#endif
}

/**
 * _sw_poller_get_default:
 *
 * Returns: (transfer none): the poller of the thread-default main context,
 *   created on first use and kept for the life of the process
 */
SwPoller *
_sw_poller_get_default (void)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  SwPoller *self;

  g_mutex_lock (&pollers_lock);

  if (pollers == NULL)
    pollers = g_hash_table_new (NULL, NULL);

  self = g_hash_table_lookup (pollers, context);
  if (self == NULL)
    {
      self = g_new0 (SwPoller, 1);
      self->context = g_main_context_ref (context);
      self->backend = default_backend ();
#ifdef SW_HAVE_EPOLL
      if (self->backend == SW_POLLER_BACKEND_EPOLL)
        self->klass = &_sw_poller_epoll_class;
      else
#endif
        self->klass = &gsource_class;
      if (self->klass->init != NULL)
        self->klass->init (self);
      g_hash_table_insert (pollers, context, self);
    }

  g_mutex_unlock (&pollers_lock);

  return self;
}

SwPollerBackend
_sw_poller_get_backend (SwPoller *self)
{
  return self->backend;
}

/**
 * _sw_poller_watch:
 * @condition: what to wait for; 0 to wait for nothing yet
 *
 * Calls @func from the main loop, at SW_IO_PRIORITY, whenever @socket is
 * ready for @condition. The socket is referenced until the watch is
 * destroyed.
 */
SwPollerWatch *
_sw_poller_watch (SwPoller     *self,
                  GSocket      *socket,
                  GIOCondition  condition,
                  SwPollerFunc  func,
                  gpointer      user_data)
{
  SwPollerWatch *watch;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (G_IS_SOCKET (socket), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  watch = self->klass->watch_new (self);
  watch->poller = self;
  watch->socket = g_object_ref (socket);
  watch->condition = condition;
  watch->func = func;
  watch->user_data = user_data;

  self->klass->watch_update (self, watch);

  return watch;
}

void
_sw_poller_watch_set_condition (SwPollerWatch *watch,
                                GIOCondition   condition)
{
  g_return_if_fail (watch != NULL);
  g_return_if_fail (!watch->destroyed);

  if (watch->condition == condition)
    return;

  watch->condition = condition;
  watch->poller->klass->watch_update (watch->poller, watch);
}

GIOCondition
_sw_poller_watch_get_condition (SwPollerWatch *watch)
{
  g_return_val_if_fail (watch != NULL, 0);

  return watch->condition;
}

void
_sw_poller_watch_destroy (SwPollerWatch *watch)
{
  SwPoller *poller;

  if (watch == NULL)
    return;

  g_return_if_fail (!watch->destroyed);

  poller = watch->poller;
  watch->destroyed = TRUE;
  watch->condition = 0;
  poller->klass->watch_update (poller, watch);
  g_clear_object (&watch->socket);

  /* A backend dispatching a batch frees it once the batch is done. */
  if (poller->klass->watch_defer_free == NULL ||
      !poller->klass->watch_defer_free (poller, watch))
    poller->klass->watch_free (poller, watch);
}

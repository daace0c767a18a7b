/* sw-connection-framer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-connection-framer"

#include "config.h"

#include "sw-connection-framer-private.h"

#include "sw-framer.h"

struct _SwConnectionFramer
{
  SwFraming             *framing;
  gulong                 changed_id;
  SwConnectionFrameFunc  func;
  gpointer               user_data;

  /* SwConnection → SwFramer, for streams; datagrams need none. */
  GHashTable            *framers;
  GSource               *idle_source;
};

typedef struct
{
  SwConnectionFramer *self;
  SwConnection       *connection;
} FrameContext;

static void
frame_cb (const SwFrame *frame,
          gpointer       user_data)
{
  FrameContext *context = user_data;
  SwConnectionFramer *self = context->self;

  self->func (context->connection, frame->data,
              sw_frame_get_display_length (frame, sw_framing_get_keep_delimiter (self->framing)),
              self->user_data);
}

static SwFramer *
lookup_framer (SwConnectionFramer *self,
               SwConnection       *connection)
{
  SwFramer *framer = g_hash_table_lookup (self->framers, connection);

  if (framer == NULL)
    {
      /* Settings that do not validate frame nothing: chunks as read. */
      framer = sw_framer_new (self->framing, NULL);
      if (framer == NULL)
        return NULL;
      g_hash_table_insert (self->framers, g_object_ref (connection), framer);
    }

  return framer;
}

/* Idle-gap framing ends a frame when nothing came for a while: one
 * source wakes up at the earliest such moment of all the streams. */
static gboolean
idle_dispatch (GSource     *source,
               GSourceFunc  callback,
               gpointer     user_data)
{
  g_source_set_ready_time (source, -1);

  return callback (user_data);
}

static GSourceFuncs idle_source_funcs = {
  NULL, NULL, idle_dispatch, NULL, NULL, NULL,
};

static void schedule_idle (SwConnectionFramer *self);

static gboolean
idle_cb (gpointer user_data)
{
  SwConnectionFramer *self = user_data;
  g_autoptr(GList) connections = g_hash_table_get_keys (self->framers);
  gint64 now = g_get_monotonic_time ();

  for (GList *l = connections; l != NULL; l = l->next)
    {
      FrameContext context = { self, l->data };
      SwFramer *framer = g_hash_table_lookup (self->framers, l->data);

      if (framer != NULL)
        sw_framer_idle (framer, now, frame_cb, &context);
    }

  schedule_idle (self);

  return G_SOURCE_CONTINUE;
}

static void
schedule_idle (SwConnectionFramer *self)
{
  GHashTableIter iter;
  SwFramer *framer;
  gint64 due = G_MAXINT64;

  if (sw_framing_get_mode (self->framing) != SW_FRAMING_MODE_IDLE_GAP)
    return;

  g_hash_table_iter_init (&iter, self->framers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &framer))
    {
      gint64 deadline = sw_framer_get_idle_deadline (framer);

      if (deadline >= 0)
        due = MIN (due, deadline);
    }

  if (self->idle_source == NULL)
    {
      self->idle_source = g_source_new (&idle_source_funcs, sizeof (GSource));
      g_source_set_static_name (self->idle_source, "[sw-connection-framer-idle]");
      g_source_set_callback (self->idle_source, idle_cb, self, NULL);
      g_source_attach (self->idle_source, g_main_context_get_thread_default ());
    }

  g_source_set_ready_time (self->idle_source, due == G_MAXINT64 ? -1 : due);
}

SwConnectionFramer *
_sw_connection_framer_new (SwFraming             *framing,
                           SwConnectionFrameFunc  func,
                           gpointer               user_data)
{
  SwConnectionFramer *self = g_new0 (SwConnectionFramer, 1);

  g_assert (SW_IS_FRAMING (framing));
  g_assert (func != NULL);

  self->framing = g_object_ref (framing);
  self->func = func;
  self->user_data = user_data;
  self->framers = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify) sw_framer_free);
  /* New settings start afresh: what was half a frame is forgotten. */
  self->changed_id = g_signal_connect_swapped (framing, "changed",
                                               G_CALLBACK (_sw_connection_framer_reset), self);

  return self;
}

void
_sw_connection_framer_free (SwConnectionFramer *self)
{
  if (self == NULL)
    return;

  g_clear_signal_handler (&self->changed_id, self->framing);
  if (self->idle_source != NULL)
    {
      g_source_destroy (self->idle_source);
      g_clear_pointer (&self->idle_source, g_source_unref);
    }
  g_clear_pointer (&self->framers, g_hash_table_unref);
  g_clear_object (&self->framing);
  g_free (self);
}

void
_sw_connection_framer_push (SwConnectionFramer *self,
                            SwConnection       *connection,
                            GBytes             *bytes)
{
  FrameContext context = { self, connection };
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  SwFramer *framer;

  /* A datagram is a frame already. */
  if (sw_connection_get_transport (connection) == SW_TRANSPORT_UDP ||
      (framer = lookup_framer (self, connection)) == NULL)
    {
      self->func (connection, data != NULL ? data : (const guint8 *) "", length, self->user_data);
      return;
    }

  sw_framer_push (framer, data, length, g_get_monotonic_time (), frame_cb, &context);
  schedule_idle (self);
}

void
_sw_connection_framer_finish (SwConnectionFramer *self,
                              SwConnection       *connection)
{
  SwFramer *framer = g_hash_table_lookup (self->framers, connection);

  if (framer != NULL)
    {
      FrameContext context = { self, connection };

      sw_framer_finish (framer, frame_cb, &context);
    }
  g_hash_table_remove (self->framers, connection);
}

void
_sw_connection_framer_reset (SwConnectionFramer *self)
{
  g_hash_table_remove_all (self->framers);
}

/* sw-udp-association.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-udp-association"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-engine-private.h"
#include "sw-udp-association-private.h"

struct _SwUdpAssociation
{
  SwConnection parent_instance;

  gint64       last_used;
};

G_DEFINE_FINAL_TYPE (SwUdpAssociation, sw_udp_association, SW_TYPE_CONNECTION)

SwUdpAssociation *
_sw_udp_association_new (SwEngine       *engine,
                         GSocketAddress *local,
                         GSocketAddress *remote,
                         gboolean        relay)
{
  SwUdpAssociation *self = g_object_new (SW_TYPE_UDP_ASSOCIATION, NULL);

  _sw_connection_setup (SW_CONNECTION (self), engine, SW_TRANSPORT_UDP, relay, local, remote);
  self->last_used = g_get_monotonic_time ();

  return self;
}

void
_sw_udp_association_used (SwUdpAssociation *self)
{
  self->last_used = g_get_monotonic_time ();
}

gint64
sw_udp_association_get_last_used (SwUdpAssociation *self)
{
  g_return_val_if_fail (SW_IS_UDP_ASSOCIATION (self), 0);

  return self->last_used;
}

static gboolean
sw_udp_association_send (SwConnection      *connection,
                         GBytes            *bytes,
                         const SwSendInfo  *info,
                         GError           **error)
{
  SwEngine *engine = sw_connection_get_engine (connection);

  if (engine == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           _("The session was closed"));
      return FALSE;
    }

  return sw_engine_send_full (engine, connection, bytes, info, error);
}

static void
sw_udp_association_disconnect (SwConnection *connection)
{
  /* Nothing to close: the engine forgets it. */
  _sw_connection_closed (connection, SW_CONNECTION_END_CLOSED, NULL, TRUE, 0);
}

static void
sw_udp_association_class_init (SwUdpAssociationClass *klass)
{
  SwConnectionClass *connection_class = SW_CONNECTION_CLASS (klass);

  connection_class->send = sw_udp_association_send;
  connection_class->disconnect = sw_udp_association_disconnect;
}

static void
sw_udp_association_init (SwUdpAssociation *self)
{
}

/* sw-connection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-connection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-core-enums.h"
#include "sw-core-private.h"
#include "sw-endpoint.h"
#include "sw-engine-private.h"

typedef struct
{
  SwEngine          *engine;        /* weak: the engine detaches us */
  SwTrafficLog      *log;
  guint              id;
  SwTransport        transport;
  char              *name;
  GSocketAddress    *local_address;
  GSocketAddress    *remote_address;
  SwConnectionState  state;
  gint64             connected_time;

  SwCounters         counters;
  SwCounters         notified;
  gboolean           dirty;

  /* How it ended, for those who learn of it later. */
  GError            *close_error;
  gboolean           closed_by_us;
} SwConnectionPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SwConnection, sw_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TRANSPORT,
  PROP_NAME,
  PROP_LOCAL_ADDRESS,
  PROP_REMOTE_ADDRESS,
  PROP_STATE,
  PROP_CONNECTED_TIME,
  N_PROPS,
  /* Then the counters. */
  PROP_COUNTERS = N_PROPS,
};

static GParamSpec *properties[N_PROPS];
static GParamSpec *counter_properties[SW_N_COUNTERS];

#define PRIV(self) ((SwConnectionPrivate *) sw_connection_get_instance_private (self))

void
_sw_connection_setup (SwConnection   *self,
                      SwEngine       *engine,
                      SwTransport     transport,
                      gboolean        relay,
                      GSocketAddress *local,
                      GSocketAddress *remote)
{
  SwConnectionPrivate *priv = PRIV (self);
  GSocketAddress *address;

  g_assert (priv->log == NULL);

  priv->engine = engine;
  priv->log = g_object_ref (sw_engine_get_log (engine));
  priv->transport = transport;
  priv->local_address = local != NULL ? g_object_ref (local) : NULL;
  priv->remote_address = remote != NULL ? g_object_ref (remote) : NULL;
  /* A relay's connections are its clients'. */
  address = relay ? local : remote;
  priv->name = address != NULL ? sw_socket_address_to_string (address) : g_strdup ("?");
  priv->connected_time = g_get_real_time ();
  priv->state = SW_CONNECTION_STATE_CONNECTED;
  priv->id = sw_traffic_log_open_connection (priv->log, transport, relay,
                                             local, remote, priv->name);
}

void
_sw_connection_set_state (SwConnection      *self,
                          SwConnectionState  state)
{
  SwConnectionPrivate *priv = PRIV (self);

  if (priv->state == state)
    return;

  priv->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_sw_connection_closed (SwConnection    *self,
                       SwConnectionEnd  end,
                       const GError    *error,
                       gboolean         by_us,
                       gsize            dropped)
{
  SwConnectionPrivate *priv = PRIV (self);
  g_autoptr(SwEngine) engine = priv->engine != NULL ? g_object_ref (priv->engine) : NULL;

  g_object_ref (self);

  g_clear_error (&priv->close_error);
  priv->close_error = error != NULL ? g_error_copy (error) : NULL;
  priv->closed_by_us = by_us;

  g_object_freeze_notify (G_OBJECT (self));
  _sw_connection_set_state (self, SW_CONNECTION_STATE_DISCONNECTED);
  _sw_connection_notify_counters (self);
  g_object_thaw_notify (G_OBJECT (self));

  if (engine != NULL)
    _sw_engine_report_closed (engine, self, error, by_us, dropped);

  /* After the engine's event, which names the connection as its records do. */
  sw_traffic_log_close_connection (priv->log, priv->id, end);

  g_object_unref (self);
}

char *
_sw_connection_describe_end (SwConnection *self)
{
  SwConnectionPrivate *priv = PRIV (self);

  if (priv->close_error != NULL)
    return sw_net_error_describe (priv->close_error, priv->name);

  if (priv->closed_by_us)
    /* Translators: %s is an address, e.g. 127.0.0.1:53120. */
    return g_strdup_printf (_("%s was disconnected"), priv->name);

  /* Translators: %s is an address, e.g. 127.0.0.1:53120. */
  return g_strdup_printf (_("%s closed the connection"), priv->name);
}

void
_sw_connection_detach (SwConnection *self)
{
  PRIV (self)->engine = NULL;
}

void
_sw_connection_meta (SwConnection     *self,
                     SwDirection       direction,
                     const SwSendInfo *info,
                     SwTrafficMeta    *meta)
{
  SwConnectionPrivate *priv = PRIV (self);

  *meta = (SwTrafficMeta) {
    .direction = direction,
    .connection = priv->id,
    .peer = priv->name,
    .flags = info != NULL ? info->flags : SW_RECORD_FLAGS_NONE,
    .encoding = info != NULL ? info->encoding : SW_ENCODING_UTF8,
  };
}

SwTrafficLog *
_sw_connection_get_log (SwConnection *self)
{
  return PRIV (self)->log;
}

void
_sw_connection_count (SwConnection *self,
                      SwDirection   direction,
                      gsize         length)
{
  _sw_counters_add (&PRIV (self)->counters, direction == SW_DIRECTION_RECEIVED, length);
}

gboolean
_sw_connection_mark_dirty (SwConnection *self)
{
  SwConnectionPrivate *priv = PRIV (self);

  if (priv->dirty)
    return FALSE;

  priv->dirty = TRUE;
  return TRUE;
}

void
_sw_connection_notify_counters (SwConnection *self)
{
  SwConnectionPrivate *priv = PRIV (self);

  priv->dirty = FALSE;
  _sw_counters_notify (G_OBJECT (self), &priv->notified, &priv->counters, counter_properties);
}

/**
 * sw_connection_get_engine:
 *
 * Returns: (transfer none) (nullable): the engine, while it exists
 */
SwEngine *
sw_connection_get_engine (SwConnection *self)
{
  g_return_val_if_fail (SW_IS_CONNECTION (self), NULL);

  return PRIV (self)->engine;
}

guint
sw_connection_get_id (SwConnection *self)
{
  g_return_val_if_fail (SW_IS_CONNECTION (self), 0);

  return PRIV (self)->id;
}

SwTransport
sw_connection_get_transport (SwConnection *self)
{
  g_return_val_if_fail (SW_IS_CONNECTION (self), SW_TRANSPORT_TCP);

  return PRIV (self)->transport;
}

const char *
sw_connection_get_name (SwConnection *self)
{
  g_return_val_if_fail (SW_IS_CONNECTION (self), NULL);

  return PRIV (self)->name;
}

/**
 * sw_connection_get_local_address:
 *
 * Returns: (transfer none) (nullable): this end
 */
GSocketAddress *
sw_connection_get_local_address (SwConnection *self)
{
  g_return_val_if_fail (SW_IS_CONNECTION (self), NULL);

  return PRIV (self)->local_address;
}

/**
 * sw_connection_get_remote_address:
 *
 * Returns: (transfer none) (nullable): the other end
 */
GSocketAddress *
sw_connection_get_remote_address (SwConnection *self)
{
  g_return_val_if_fail (SW_IS_CONNECTION (self), NULL);

  return PRIV (self)->remote_address;
}

SwConnectionState
sw_connection_get_state (SwConnection *self)
{
  g_return_val_if_fail (SW_IS_CONNECTION (self), SW_CONNECTION_STATE_DISCONNECTED);

  return PRIV (self)->state;
}

gint64
sw_connection_get_connected_time (SwConnection *self)
{
  g_return_val_if_fail (SW_IS_CONNECTION (self), 0);

  return PRIV (self)->connected_time;
}

guint64
sw_connection_get_bytes_received (SwConnection *self)
{
  g_return_val_if_fail (SW_IS_CONNECTION (self), 0);

  return PRIV (self)->counters.bytes_received;
}

guint64
sw_connection_get_bytes_sent (SwConnection *self)
{
  g_return_val_if_fail (SW_IS_CONNECTION (self), 0);

  return PRIV (self)->counters.bytes_sent;
}

guint64
sw_connection_get_packets_received (SwConnection *self)
{
  g_return_val_if_fail (SW_IS_CONNECTION (self), 0);

  return PRIV (self)->counters.packets_received;
}

guint64
sw_connection_get_packets_sent (SwConnection *self)
{
  g_return_val_if_fail (SW_IS_CONNECTION (self), 0);

  return PRIV (self)->counters.packets_sent;
}

guint64
sw_connection_get_pending_bytes (SwConnection *self)
{
  SwConnectionClass *klass;

  g_return_val_if_fail (SW_IS_CONNECTION (self), 0);

  klass = SW_CONNECTION_GET_CLASS (self);

  return klass->get_pending_bytes != NULL ? klass->get_pending_bytes (self) : 0;
}

gboolean
sw_connection_send (SwConnection  *self,
                    GBytes        *bytes,
                    GError       **error)
{
  return sw_connection_send_full (self, bytes, NULL, error);
}

/**
 * sw_connection_send_full:
 * @info: (nullable): how the message was made, for the log
 *
 * Returns: %FALSE when it can no longer send; @error says why in words
 */
gboolean
sw_connection_send_full (SwConnection      *self,
                         GBytes            *bytes,
                         const SwSendInfo  *info,
                         GError           **error)
{
  g_return_val_if_fail (SW_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (PRIV (self)->state != SW_CONNECTION_STATE_CONNECTED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                   /* Translators: %s is an address, e.g. 127.0.0.1:53120. */
                   _("%s is no longer connected"), PRIV (self)->name);
      return FALSE;
    }

  return SW_CONNECTION_GET_CLASS (self)->send (self, bytes, info, error);
}

void
sw_connection_disconnect (SwConnection *self)
{
  g_return_if_fail (SW_IS_CONNECTION (self));

  if (PRIV (self)->state == SW_CONNECTION_STATE_DISCONNECTED)
    return;

  SW_CONNECTION_GET_CLASS (self)->disconnect (self);
}

static void
sw_connection_finalize (GObject *object)
{
  SwConnectionPrivate *priv = PRIV (SW_CONNECTION (object));

  if (priv->log != NULL && priv->state != SW_CONNECTION_STATE_DISCONNECTED)
    sw_traffic_log_close_connection (priv->log, priv->id, SW_CONNECTION_END_CLOSED);
  g_clear_object (&priv->log);
  g_clear_object (&priv->local_address);
  g_clear_object (&priv->remote_address);
  g_clear_error (&priv->close_error);
  g_free (priv->name);

  G_OBJECT_CLASS (sw_connection_parent_class)->finalize (object);
}

static void
sw_connection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SwConnection *self = SW_CONNECTION (object);
  SwConnectionPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint (value, priv->id);
      break;

    case PROP_TRANSPORT:
      g_value_set_enum (value, priv->transport);
      break;

    case PROP_NAME:
      g_value_set_string (value, priv->name);
      break;

    case PROP_LOCAL_ADDRESS:
      g_value_set_object (value, priv->local_address);
      break;

    case PROP_REMOTE_ADDRESS:
      g_value_set_object (value, priv->remote_address);
      break;

    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;

    case PROP_CONNECTED_TIME:
      g_value_set_int64 (value, priv->connected_time);
      break;

    default:
      if (prop_id >= PROP_COUNTERS && prop_id < PROP_COUNTERS + SW_N_COUNTERS)
        {
          _sw_counters_get_value (&priv->counters, prop_id - PROP_COUNTERS, value);
          break;
        }
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_connection_class_init (SwConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sw_connection_finalize;
  object_class->get_property = sw_connection_get_property;

  properties[PROP_ID] =
    g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRANSPORT] =
    g_param_spec_enum ("transport", NULL, NULL,
                       SW_TYPE_TRANSPORT, SW_TRANSPORT_TCP,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCAL_ADDRESS] =
    g_param_spec_object ("local-address", NULL, NULL,
                         G_TYPE_SOCKET_ADDRESS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REMOTE_ADDRESS] =
    g_param_spec_object ("remote-address", NULL, NULL,
                         G_TYPE_SOCKET_ADDRESS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       SW_TYPE_CONNECTION_STATE, SW_CONNECTION_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTED_TIME] =
    g_param_spec_int64 ("connected-time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  _sw_counters_install (object_class, PROP_COUNTERS, counter_properties);
}

static void
sw_connection_init (SwConnection *self)
{
}

/* sw-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-core-enums.h"
#include "sw-core-private.h"
#include "sw-engine-private.h"

typedef struct
{
  SwTrafficLog      *log;
  gulong             totals_id;

  SwConnectionState  state;
  GError            *last_error;
  GSocketAddress    *local_address;

  SwCounters         counters;
  SwCounters         notified;

  /* Connections whose counters changed since the log last batched. */
  GPtrArray         *dirty;
} SwEnginePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SwEngine, sw_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOG,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_LOCAL_ADDRESS,
  N_PROPS,
  /* Then the counters. */
  PROP_COUNTERS = N_PROPS,
};

enum {
  RECEIVED,
  SENT,
  CONNECTION_OPENED,
  CONNECTION_CLOSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static GParamSpec *counter_properties[SW_N_COUNTERS];
static guint signals[N_SIGNALS];

#define PRIV(self) ((SwEnginePrivate *) sw_engine_get_instance_private (self))

/* Counters change at socket speed; people read them as the log batches
 * its totals, four times a second. */
static void
totals_changed_cb (SwEngine *self)
{
  SwEnginePrivate *priv = PRIV (self);
  g_autoptr(GPtrArray) dirty = g_steal_pointer (&priv->dirty);

  priv->dirty = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < dirty->len; i++)
    _sw_connection_notify_counters (g_ptr_array_index (dirty, i));

  _sw_counters_notify (G_OBJECT (self), &priv->notified, &priv->counters, counter_properties);
}

static void
count (SwEngine     *self,
       SwConnection *connection,
       SwDirection   direction,
       gsize         length)
{
  SwEnginePrivate *priv = PRIV (self);

  _sw_counters_add (&priv->counters, direction == SW_DIRECTION_RECEIVED, length);

  if (connection != NULL)
    {
      _sw_connection_count (connection, direction, length);
      if (_sw_connection_mark_dirty (connection))
        g_ptr_array_add (priv->dirty, g_object_ref (connection));
    }
}

void
_sw_engine_received (SwEngine     *self,
                     SwConnection *connection,
                     guint64       seq,
                     gsize         length)
{
  SwEngineClass *klass = SW_ENGINE_GET_CLASS (self);

  count (self, connection, SW_DIRECTION_RECEIVED, length);

  if (klass->data_received != NULL)
    klass->data_received (self, connection, seq);

  /* A payload reference only for those who listen: floods have none. */
  if (g_signal_has_handler_pending (self, signals[RECEIVED], 0, TRUE))
    {
      g_autoptr(GBytes) bytes = sw_traffic_log_dup_payload (PRIV (self)->log, seq);

      g_signal_emit (self, signals[RECEIVED], 0, connection, bytes);
    }
}

void
_sw_engine_sent (SwEngine     *self,
                 SwConnection *connection,
                 guint64       seq,
                 gsize         length)
{
  count (self, connection, SW_DIRECTION_SENT, length);

  if (g_signal_has_handler_pending (self, signals[SENT], 0, TRUE))
    {
      g_autoptr(GBytes) bytes = sw_traffic_log_dup_payload (PRIV (self)->log, seq);

      g_signal_emit (self, signals[SENT], 0, connection, bytes);
    }
}

void
_sw_engine_connection_opened (SwEngine     *self,
                              SwConnection *connection)
{
  g_signal_emit (self, signals[CONNECTION_OPENED], 0, connection);
}

void
_sw_engine_report_closed (SwEngine     *self,
                          SwConnection *connection,
                          const GError *error,
                          gboolean      by_us,
                          gsize         dropped)
{
  SW_ENGINE_GET_CLASS (self)->connection_closed (self, connection, error, by_us, dropped);
  g_signal_emit (self, signals[CONNECTION_CLOSED], 0, connection);
}

void
_sw_engine_set_state (SwEngine          *self,
                      SwConnectionState  state)
{
  SwEnginePrivate *priv = PRIV (self);

  if (priv->state == state)
    return;

  priv->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_sw_engine_set_last_error (SwEngine     *self,
                           const GError *error)
{
  _sw_set_last_error (G_OBJECT (self), &PRIV (self)->last_error, error,
                      properties[PROP_LAST_ERROR]);
}

void
_sw_engine_set_local_address (SwEngine       *self,
                              GSocketAddress *address)
{
  if (g_set_object (&PRIV (self)->local_address, address))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_ADDRESS]);
}

void
_sw_engine_fail (SwEngine     *self,
                 SwConnection *connection,
                 const GError *error)
{
  sw_engine_log_event (self, connection, SW_EVENT_KIND_ERROR, error->message);
  _sw_engine_set_last_error (self, error);
}

/**
 * sw_engine_get_log:
 *
 * Returns: (transfer none): the session's traffic log
 */
SwTrafficLog *
sw_engine_get_log (SwEngine *self)
{
  g_return_val_if_fail (SW_IS_ENGINE (self), NULL);

  return PRIV (self)->log;
}

SwConnectionState
sw_engine_get_state (SwEngine *self)
{
  g_return_val_if_fail (SW_IS_ENGINE (self), SW_CONNECTION_STATE_DISCONNECTED);

  return PRIV (self)->state;
}

/**
 * sw_engine_get_last_error:
 *
 * Returns: (nullable): why the last operation failed
 */
const GError *
sw_engine_get_last_error (SwEngine *self)
{
  g_return_val_if_fail (SW_IS_ENGINE (self), NULL);

  return PRIV (self)->last_error;
}

/**
 * sw_engine_get_local_address:
 *
 * Returns: (transfer none) (nullable): this end
 */
GSocketAddress *
sw_engine_get_local_address (SwEngine *self)
{
  g_return_val_if_fail (SW_IS_ENGINE (self), NULL);

  return PRIV (self)->local_address;
}

guint64
sw_engine_get_bytes_received (SwEngine *self)
{
  g_return_val_if_fail (SW_IS_ENGINE (self), 0);

  return PRIV (self)->counters.bytes_received;
}

guint64
sw_engine_get_bytes_sent (SwEngine *self)
{
  g_return_val_if_fail (SW_IS_ENGINE (self), 0);

  return PRIV (self)->counters.bytes_sent;
}

guint64
sw_engine_get_packets_received (SwEngine *self)
{
  g_return_val_if_fail (SW_IS_ENGINE (self), 0);

  return PRIV (self)->counters.packets_received;
}

guint64
sw_engine_get_packets_sent (SwEngine *self)
{
  g_return_val_if_fail (SW_IS_ENGINE (self), 0);

  return PRIV (self)->counters.packets_sent;
}

guint64
sw_engine_get_pending_bytes (SwEngine *self)
{
  g_return_val_if_fail (SW_IS_ENGINE (self), 0);

  return SW_ENGINE_GET_CLASS (self)->get_pending_bytes (self);
}

/**
 * sw_engine_send:
 * @connection: (nullable): to whom, or %NULL for where this engine sends
 *   by default
 *
 * Returns: %FALSE when nothing could be sent; @error says why in words
 */
gboolean
sw_engine_send (SwEngine      *self,
                SwConnection  *connection,
                GBytes        *bytes,
                GError       **error)
{
  return sw_engine_send_full (self, connection, bytes, NULL, error);
}

/**
 * sw_engine_send_full:
 * @connection: (nullable): to whom, or %NULL for the default
 * @info: (nullable): how the message was made, for the log
 */
gboolean
sw_engine_send_full (SwEngine          *self,
                     SwConnection      *connection,
                     GBytes            *bytes,
                     const SwSendInfo  *info,
                     GError           **error)
{
  g_return_val_if_fail (SW_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (connection == NULL || SW_IS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  return SW_ENGINE_GET_CLASS (self)->send (self, connection, bytes, info, error);
}

void
sw_engine_stop (SwEngine *self)
{
  g_return_if_fail (SW_IS_ENGINE (self));

  SW_ENGINE_GET_CLASS (self)->stop (self);
}

static guint io_budget_usec = SW_ENGINE_IO_BUDGET_DEFAULT;

/**
 * sw_engine_get_io_budget:
 *
 * Returns: the time slice of the engines' reading and writing, in µs
 */
guint
sw_engine_get_io_budget (void)
{
  return g_atomic_int_get (&io_budget_usec);
}

/**
 * sw_engine_set_io_budget:
 * @usec: the time slice, clamped to SW_ENGINE_IO_BUDGET_MIN–MAX
 *
 * Sets how long the engines of every session read and write in one turn
 * of the main loop. Longer moves more bytes a second; shorter lets a
 * frame that costs more (a large or HiDPI window) through on time.
 */
void
sw_engine_set_io_budget (guint usec)
{
  g_atomic_int_set (&io_budget_usec, CLAMP (usec, SW_ENGINE_IO_BUDGET_MIN, SW_ENGINE_IO_BUDGET_MAX));
}

/**
 * sw_engine_log_event:
 * @connection: (nullable): whom it concerns, or %NULL for the session
 * @message: a sentence for people, already translated
 */
void
sw_engine_log_event (SwEngine     *self,
                     SwConnection *connection,
                     SwEventKind   kind,
                     const char   *message)
{
  g_return_if_fail (SW_IS_ENGINE (self));
  g_return_if_fail (connection == NULL || SW_IS_CONNECTION (connection));

  sw_traffic_log_append_connection_event (PRIV (self)->log,
                                          connection != NULL ? sw_connection_get_id (connection) : 0,
                                          kind, message);
}

static void
sw_engine_real_connection_closed (SwEngine     *self,
                                  SwConnection *connection,
                                  const GError *error,
                                  gboolean      by_us,
                                  gsize         dropped)
{
  const char *name = sw_connection_get_name (connection);
  g_autofree char *message = NULL;

  if (error != NULL)
    {
      message = sw_net_error_describe (error, name);
      sw_engine_log_event (self, connection, SW_EVENT_KIND_ERROR, message);
      return;
    }

  if (by_us)
    message = g_strdup_printf (_("Disconnected %s"), name);
  else
    /* Translators: %s is the peer's address, e.g. 127.0.0.1:7000. */
    message = g_strdup_printf (_("Connection closed by %s"), name);
  sw_engine_log_event (self, connection, SW_EVENT_KIND_DISCONNECTED, message);
}

static void
sw_engine_constructed (GObject *object)
{
  SwEngine *self = SW_ENGINE (object);
  SwEnginePrivate *priv = PRIV (self);

  G_OBJECT_CLASS (sw_engine_parent_class)->constructed (object);

  if (priv->log == NULL)
    priv->log = sw_traffic_log_new ();

  priv->totals_id = g_signal_connect_swapped (priv->log, "totals-changed",
                                              G_CALLBACK (totals_changed_cb), self);
}

static void
sw_engine_dispose (GObject *object)
{
  SwEnginePrivate *priv = PRIV (SW_ENGINE (object));

  if (priv->dirty != NULL)
    g_ptr_array_set_size (priv->dirty, 0);
  g_clear_signal_handler (&priv->totals_id, priv->log);

  G_OBJECT_CLASS (sw_engine_parent_class)->dispose (object);
}

static void
sw_engine_finalize (GObject *object)
{
  SwEnginePrivate *priv = PRIV (SW_ENGINE (object));

  g_clear_object (&priv->log);
  g_clear_error (&priv->last_error);
  g_clear_object (&priv->local_address);
  g_clear_pointer (&priv->dirty, g_ptr_array_unref);

  G_OBJECT_CLASS (sw_engine_parent_class)->finalize (object);
}

static void
sw_engine_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SwEnginePrivate *priv = PRIV (SW_ENGINE (object));

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, priv->log);
      break;

    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;

    case PROP_LAST_ERROR:
      g_value_set_boxed (value, priv->last_error);
      break;

    case PROP_LOCAL_ADDRESS:
      g_value_set_object (value, priv->local_address);
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
sw_engine_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SwEnginePrivate *priv = PRIV (SW_ENGINE (object));

  switch (prop_id)
    {
    case PROP_LOG:
      priv->log = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_engine_class_init (SwEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sw_engine_constructed;
  object_class->dispose = sw_engine_dispose;
  object_class->finalize = sw_engine_finalize;
  object_class->get_property = sw_engine_get_property;
  object_class->set_property = sw_engine_set_property;

  klass->connection_closed = sw_engine_real_connection_closed;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL,
                         SW_TYPE_TRAFFIC_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       SW_TYPE_CONNECTION_STATE, SW_CONNECTION_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_boxed ("last-error", NULL, NULL,
                        G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCAL_ADDRESS] =
    g_param_spec_object ("local-address", NULL, NULL,
                         G_TYPE_SOCKET_ADDRESS,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  _sw_counters_install (object_class, PROP_COUNTERS, counter_properties);

  /**
   * SwEngine::received:
   * @connection: where it came from
   * @bytes: what arrived, as one read or one datagram delivered it
   */
  signals[RECEIVED] =
    g_signal_new ("received",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SW_TYPE_CONNECTION,
                  G_TYPE_BYTES | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * SwEngine::sent:
   * @connection: where it went
   * @bytes: what the system took to send, in order
   */
  signals[SENT] =
    g_signal_new ("sent",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SW_TYPE_CONNECTION,
                  G_TYPE_BYTES | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * SwEngine::connection-opened:
   * @connection: a new connection (or a new UDP peer)
   */
  signals[CONNECTION_OPENED] =
    g_signal_new ("connection-opened",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SW_TYPE_CONNECTION);

  /**
   * SwEngine::connection-closed:
   * @connection: a connection that ended, however it ended
   */
  signals[CONNECTION_CLOSED] =
    g_signal_new ("connection-closed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SW_TYPE_CONNECTION);
}

static void
sw_engine_init (SwEngine *self)
{
  PRIV (self)->dirty = g_ptr_array_new_with_free_func (g_object_unref);
}

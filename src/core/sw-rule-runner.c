/* sw-rule-runner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-rule-runner"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-connection-framer-private.h"
#include "sw-relay.h"
#include "sw-rule-runner.h"

struct _SwRuleRunner
{
  GObject       parent_instance;

  SwEngine     *engine;        /* weak: the page owns both */
  SwRuleSet    *rules;
  gboolean      enabled;
  gboolean      relay;

  SwConnectionFramer *framer;

  /* Replies waiting for their delay. */
  GHashTable   *delayed;
  guint64       replies;
  guint64       dropped;
  guint64       dropped_reported;
  guint         dropped_report_id;
};

G_DEFINE_FINAL_TYPE (SwRuleRunner, sw_rule_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  SwRuleRunner *runner;
  SwConnection *connection;
} FrameContext;

typedef struct
{
  SwRuleRunner *runner;
  SwConnection *connection;
  GBytes       *reply;
  SwSendInfo    info;
  guint         id;
} Delayed;

static void
delayed_free (gpointer data)
{
  Delayed *delayed = data;

  g_clear_handle_id (&delayed->id, g_source_remove);
  g_object_unref (delayed->connection);
  g_bytes_unref (delayed->reply);
  g_free (delayed);
}

static void
send_reply (SwRuleRunner     *self,
            SwConnection     *connection,
            GBytes           *reply,
            const SwSendInfo *info)
{
  g_autoptr(GError) error = NULL;
  gboolean sent;

  if (sw_connection_get_state (connection) != SW_CONNECTION_STATE_CONNECTED)
    return;

  if (self->relay)
    sent = sw_relay_connection_inject (SW_RELAY_CONNECTION (connection), SW_RELAY_TARGET_CLIENT,
                                       reply, info, &error);
  else
    sent = sw_connection_send_full (connection, reply, info, &error);

  if (sent)
    self->replies++;
  else if (self->engine != NULL)
    sw_engine_log_event (self->engine, connection, SW_EVENT_KIND_ERROR, error->message);
}

static gboolean
delayed_cb (gpointer user_data)
{
  Delayed *delayed = user_data;
  SwRuleRunner *self = delayed->runner;

  delayed->id = 0;
  send_reply (self, delayed->connection, delayed->reply, &delayed->info);
  g_hash_table_remove (self->delayed, delayed);

  return G_SOURCE_REMOVE;
}

static gboolean
report_dropped_cb (gpointer user_data)
{
  SwRuleRunner *self = user_data;
  guint64 n = self->dropped - self->dropped_reported;
  g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  g_autofree char *message = NULL;

  self->dropped_report_id = 0;
  self->dropped_reported = self->dropped;
  if (self->engine == NULL || n == 0)
    return G_SOURCE_REMOVE;

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          /* Translators: %s is a number of replies. */
                                          "%s automatic reply was not sent: too many were waiting for their delay",
                                          "%s automatic replies were not sent: too many were waiting for their delay",
                                          n),
                             count);
  sw_engine_log_event (self->engine, NULL, SW_EVENT_KIND_ERROR, message);

  return G_SOURCE_REMOVE;
}

static void
reply_cb (SwRule   *rule,
          GBytes   *reply,
          guint     delay_ms,
          gpointer  user_data)
{
  FrameContext *context = user_data;
  SwRuleRunner *self = context->runner;
  SwSendInfo info = { SW_RECORD_FLAGS_AUTOMATIC, sw_rule_set_get_encoding (self->rules) };
  SwPayloadFormat format;
  Delayed *delayed;

  g_object_get (rule, "reply-format", &format, NULL);
  if (format == SW_PAYLOAD_FORMAT_TEXT)
    info.flags |= SW_RECORD_FLAGS_TEXT;

  if (delay_ms == 0)
    {
      send_reply (self, context->connection, reply, &info);
      return;
    }

  /* A flood of frames must not become a flood of timers. */
  if (g_hash_table_size (self->delayed) >= SW_RULE_RUNNER_MAX_DELAYED)
    {
      self->dropped++;
      if (self->dropped_report_id == 0)
        self->dropped_report_id = g_timeout_add_seconds (1, report_dropped_cb, self);
      return;
    }

  delayed = g_new0 (Delayed, 1);
  delayed->runner = self;
  delayed->connection = g_object_ref (context->connection);
  delayed->reply = g_bytes_ref (reply);
  delayed->info = info;
  delayed->id = g_timeout_add (delay_ms, delayed_cb, delayed);
  g_hash_table_add (self->delayed, delayed);
}

/* Rules see a frame as the view shows it: without its delimiter when the
 * framing strips it ("PING" matches "PING\r\n"). */
static void
frame_cb (SwConnection *connection,
          const guint8 *data,
          gsize         length,
          gpointer      user_data)
{
  SwRuleRunner *self = user_data;
  FrameContext context = { self, connection };

  sw_rule_set_match (self->rules, data, length, reply_cb, &context);
}

static void
data_cb (SwEngine     *engine,
         SwConnection *connection,
         GBytes       *bytes,
         SwRuleRunner *self)
{
  if (self->enabled)
    _sw_connection_framer_push (self->framer, connection, bytes);
}

static void
connection_closed_cb (SwEngine     *engine,
                      SwConnection *connection,
                      SwRuleRunner *self)
{
  if (self->enabled)
    _sw_connection_framer_finish (self->framer, connection);
}

/**
 * sw_rule_runner_new:
 * @engine: what receives the frames and sends the replies
 * @rules: the rules to match against each frame
 * @framing: how streams are cut into frames
 *
 * Returns: (transfer full): a runner, enabled
 */
SwRuleRunner *
sw_rule_runner_new (SwEngine  *engine,
                    SwRuleSet *rules,
                    SwFraming *framing)
{
  SwRuleRunner *self;

  g_return_val_if_fail (SW_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (SW_IS_RULE_SET (rules), NULL);
  g_return_val_if_fail (SW_IS_FRAMING (framing), NULL);

  self = g_object_new (SW_TYPE_RULE_RUNNER, NULL);
  self->engine = engine;
  g_object_add_weak_pointer (G_OBJECT (engine), (gpointer *) &self->engine);
  self->rules = g_object_ref (rules);
  self->framer = _sw_connection_framer_new (framing, frame_cb, self);
  self->relay = SW_IS_RELAY (engine);

  /* A relay answers what the client sends (its "sent", towards the
   * upstream); every other engine what it receives. */
  g_signal_connect_object (engine, self->relay ? "sent" : "received", G_CALLBACK (data_cb), self, 0);
  g_signal_connect_object (engine, "connection-closed", G_CALLBACK (connection_closed_cb), self, 0);

  return self;
}

gboolean
sw_rule_runner_get_enabled (SwRuleRunner *self)
{
  g_return_val_if_fail (SW_IS_RULE_RUNNER (self), FALSE);

  return self->enabled;
}

void
sw_rule_runner_set_enabled (SwRuleRunner *self,
                            gboolean      enabled)
{
  g_return_if_fail (SW_IS_RULE_RUNNER (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;

  self->enabled = enabled;
  if (!enabled)
    {
      _sw_connection_framer_reset (self->framer);
      g_hash_table_remove_all (self->delayed);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

guint64
sw_rule_runner_get_replies (SwRuleRunner *self)
{
  g_return_val_if_fail (SW_IS_RULE_RUNNER (self), 0);

  return self->replies;
}

guint64
sw_rule_runner_get_dropped (SwRuleRunner *self)
{
  g_return_val_if_fail (SW_IS_RULE_RUNNER (self), 0);

  return self->dropped;
}

static void
sw_rule_runner_dispose (GObject *object)
{
  SwRuleRunner *self = SW_RULE_RUNNER (object);

  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->engine, self);
      g_object_remove_weak_pointer (G_OBJECT (self->engine), (gpointer *) &self->engine);
      self->engine = NULL;
    }
  g_clear_pointer (&self->framer, _sw_connection_framer_free);
  g_clear_handle_id (&self->dropped_report_id, g_source_remove);
  g_hash_table_remove_all (self->delayed);

  G_OBJECT_CLASS (sw_rule_runner_parent_class)->dispose (object);
}

static void
sw_rule_runner_finalize (GObject *object)
{
  SwRuleRunner *self = SW_RULE_RUNNER (object);

  g_clear_pointer (&self->delayed, g_hash_table_unref);
  g_clear_object (&self->rules);

  G_OBJECT_CLASS (sw_rule_runner_parent_class)->finalize (object);
}

static void
sw_rule_runner_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SwRuleRunner *self = SW_RULE_RUNNER (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_rule_runner_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SwRuleRunner *self = SW_RULE_RUNNER (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      sw_rule_runner_set_enabled (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_rule_runner_class_init (SwRuleRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_rule_runner_dispose;
  object_class->finalize = sw_rule_runner_finalize;
  object_class->get_property = sw_rule_runner_get_property;
  object_class->set_property = sw_rule_runner_set_property;

  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_rule_runner_init (SwRuleRunner *self)
{
  self->enabled = TRUE;
  self->delayed = g_hash_table_new_full (NULL, NULL, delayed_free, NULL);
}

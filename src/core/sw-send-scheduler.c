/* sw-send-scheduler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-send-scheduler"

#include "config.h"

#include "sw-send-scheduler.h"

/* Copies go out between frames, at idle priority, for this long at a
 * time. The backlog is asked before the first copy of each turn, then
 * after every BACKLOG_EVERY copies or SW_SEND_SCHEDULER_BACKLOG_MAX bytes;
 * while it is too high the copies wait BACKLOG_WAIT_USEC. */
#define COPIES_BUDGET_USEC       2000
#define BACKLOG_EVERY            16
#define BACKLOG_WAIT_USEC        2000
/* A timeout fires a little after it is due, later still at 1 ms: each
 * tick sends what fell due since, so the interval holds on average, but
 * never more than this many ticks' worth after the loop was held up. */
#define REPEAT_CATCH_UP_MAX      10
/* How often #SwSendScheduler:sent is notified while copies go out. */
#define SENT_NOTIFY_USEC         (G_USEC_PER_SEC / 10)

struct _SwSendScheduler
{
  GObject                     parent_instance;

  /* Properties */
  GBytes                     *payload;
  guint                       repeat_interval;
  guint                       times;
  guint                       repeat : 1;

  /* The run */
  guint                       active : 1;
  guint                       repeating : 1;
  /* Changes when a run starts or stops: a callback may do either. */
  guint64                     run;
  guint64                     sent;
  guint64                     sent_notified;
  gint64                      sent_notify_time;
  /* Copies due that have not gone out yet. */
  guint64                     pending;
  GMainContext               *context;
  GSource                    *copies_source;
  GSource                    *repeat_source;
  gint64                      repeat_start;
  guint64                     repeat_ticks;

  SwSendSchedulerSendFunc     send_func;
  gpointer                    send_data;
  GDestroyNotify              send_destroy;
  SwSendSchedulerPayloadFunc  payload_func;
  gpointer                    payload_data;
  GDestroyNotify              payload_destroy;
  SwSendSchedulerBacklogFunc  backlog_func;
  gpointer                    backlog_data;
  GDestroyNotify              backlog_destroy;
};

G_DEFINE_FINAL_TYPE (SwSendScheduler, sw_send_scheduler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PAYLOAD,
  PROP_REPEAT,
  PROP_REPEAT_INTERVAL,
  PROP_TIMES,
  PROP_ACTIVE,
  PROP_SENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SwSendScheduler *
sw_send_scheduler_new (void)
{
  return g_object_new (SW_TYPE_SEND_SCHEDULER, NULL);
}

static void
notify_sent (SwSendScheduler *self)
{
  self->sent_notify_time = g_get_monotonic_time ();
  if (self->sent_notified == self->sent)
    return;

  self->sent_notified = self->sent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT]);
}

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;

  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/* Ends the run without a word: dispose, and the start of stop(). */
static void
sw_send_scheduler_end_run (SwSendScheduler *self)
{
  self->run++;
  self->active = FALSE;
  self->repeating = FALSE;
  self->pending = 0;
  destroy_source (&self->copies_source);
  destroy_source (&self->repeat_source);
  g_clear_pointer (&self->context, g_main_context_unref);
}

void
sw_send_scheduler_stop (SwSendScheduler *self)
{
  g_return_if_fail (SW_IS_SEND_SCHEDULER (self));

  if (!self->active)
    return;

  sw_send_scheduler_end_run (self);

  g_object_freeze_notify (G_OBJECT (self));
  notify_sent (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  g_object_thaw_notify (G_OBJECT (self));
}

static GBytes *
next_payload (SwSendScheduler *self)
{
  if (self->payload_func != NULL)
    return self->payload_func (self->payload_data);

  return self->payload != NULL ? g_bytes_ref (self->payload) : NULL;
}

static gboolean
backed_up (SwSendScheduler *self)
{
  return self->backlog_func != NULL &&
         self->backlog_func (self->backlog_data) > SW_SEND_SCHEDULER_BACKLOG_MAX;
}

/* Sends the pending copies until none is left, the connection is backed
 * up or the turn is over; stops the run when there is nothing to send,
 * a copy could not be sent, or the last copy of a run that does not
 * repeat went out. */
static void
send_copies (SwSendScheduler *self)
{
  g_autoptr(SwSendScheduler) guard G_GNUC_UNUSED = g_object_ref (self);
  gint64 deadline = g_get_monotonic_time () + COPIES_BUDGET_USEC;
  guint64 run = self->run;
  guint copies = 0;
  gsize bytes = 0;
  gboolean first = TRUE;

  while (self->pending > 0)
    {
      g_autoptr(GBytes) payload = NULL;
      gboolean sent;

      if (first || copies >= BACKLOG_EVERY || bytes >= SW_SEND_SCHEDULER_BACKLOG_MAX)
        {
          if (backed_up (self))
            {
              g_source_set_ready_time (self->copies_source,
                                       g_get_monotonic_time () + BACKLOG_WAIT_USEC);
              break;
            }
          first = FALSE;
          copies = 0;
          bytes = 0;
        }

      payload = next_payload (self);
      if (payload == NULL || g_bytes_get_size (payload) == 0)
        {
          sw_send_scheduler_stop (self);
          return;
        }

      sent = self->send_func (payload, self->send_data);
      /* It stopped the run, or started another. */
      if (self->run != run)
        return;
      if (!sent)
        {
          sw_send_scheduler_stop (self);
          return;
        }

      self->sent++;
      self->pending--;
      copies++;
      bytes += g_bytes_get_size (payload);

      if (g_get_monotonic_time () >= deadline)
        break;
    }

  if (self->pending == 0)
    {
      if (!self->repeating)
        {
          sw_send_scheduler_stop (self);
          return;
        }

      /* Until the next tick. */
      g_source_set_ready_time (self->copies_source, -1);
    }

  if (g_get_monotonic_time () >= self->sent_notify_time + SENT_NOTIFY_USEC)
    notify_sent (self);
}

static gboolean
copies_source_dispatch (GSource     *source,
                        GSourceFunc  callback,
                        gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs copies_source_funcs = {
  NULL, NULL, copies_source_dispatch, NULL, NULL, NULL,
};

static gboolean
copies_cb (gpointer user_data)
{
  send_copies (user_data);

  return G_SOURCE_CONTINUE;
}

static gboolean
repeat_cb (gpointer user_data)
{
  SwSendScheduler *self = user_data;
  gint64 interval_usec = (gint64) self->repeat_interval * 1000;
  guint64 due = (g_get_monotonic_time () - self->repeat_start) / interval_usec;
  guint64 ticks = due > self->repeat_ticks ? due - self->repeat_ticks : 1;

  ticks = MIN (ticks, REPEAT_CATCH_UP_MAX);
  self->repeat_ticks = MAX (due, self->repeat_ticks + ticks);

  /* Copies of an earlier tick still going out, or a connection that has
   * not taken what it has: this tick is skipped, not queued. */
  if (self->pending > 0 || backed_up (self))
    return G_SOURCE_CONTINUE;

  self->pending = ticks * self->times;
  g_source_set_ready_time (self->copies_source, 0);
  send_copies (self);

  return G_SOURCE_CONTINUE;
}

static void
sw_send_scheduler_start_repeat_timer (SwSendScheduler *self)
{
  destroy_source (&self->repeat_source);

  self->repeat_start = g_get_monotonic_time ();
  self->repeat_ticks = 0;
  self->repeat_source = g_timeout_source_new (self->repeat_interval);
  g_source_set_static_name (self->repeat_source, "[sw] repeat send");
  g_source_set_callback (self->repeat_source, repeat_cb, self, NULL);
  g_source_attach (self->repeat_source, self->context);
}

gboolean
sw_send_scheduler_start (SwSendScheduler *self)
{
  g_return_val_if_fail (SW_IS_SEND_SCHEDULER (self), FALSE);
  g_return_val_if_fail (self->send_func != NULL, FALSE);

  if (self->active)
    return FALSE;

  /* One copy: now. */
  if (!self->repeat && self->times == 1)
    {
      g_autoptr(GBytes) payload = next_payload (self);
      gboolean sent;

      if (payload == NULL || g_bytes_get_size (payload) == 0)
        return FALSE;

      sent = self->send_func (payload, self->send_data);
      self->sent = sent ? 1 : 0;
      notify_sent (self);

      return sent;
    }

  self->run++;
  self->active = TRUE;
  self->repeating = self->repeat;
  self->sent = 0;
  self->pending = self->times;
  self->context = g_main_context_ref_thread_default ();

  self->copies_source = g_source_new (&copies_source_funcs, sizeof (GSource));
  g_source_set_static_name (self->copies_source, "[sw] send copies");
  g_source_set_priority (self->copies_source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (self->copies_source, copies_cb, self, NULL);
  g_source_set_ready_time (self->copies_source, 0);
  g_source_attach (self->copies_source, self->context);

  if (self->repeating)
    sw_send_scheduler_start_repeat_timer (self);

  g_object_freeze_notify (G_OBJECT (self));
  notify_sent (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

gboolean
sw_send_scheduler_get_active (SwSendScheduler *self)
{
  g_return_val_if_fail (SW_IS_SEND_SCHEDULER (self), FALSE);

  return self->active;
}

gboolean
sw_send_scheduler_get_repeating (SwSendScheduler *self)
{
  g_return_val_if_fail (SW_IS_SEND_SCHEDULER (self), FALSE);

  return self->repeating;
}

guint64
sw_send_scheduler_get_sent (SwSendScheduler *self)
{
  g_return_val_if_fail (SW_IS_SEND_SCHEDULER (self), 0);

  return self->sent;
}

/* Callbacks */

static void
set_callback (gpointer        *func_slot,
              gpointer        *data_slot,
              GDestroyNotify  *destroy_slot,
              gpointer         func,
              gpointer         data,
              GDestroyNotify   destroy)
{
  GDestroyNotify old_destroy = *destroy_slot;
  gpointer old_data = *data_slot;

  *func_slot = func;
  *data_slot = data;
  *destroy_slot = destroy;

  if (old_destroy != NULL)
    old_destroy (old_data);
}

/**
 * sw_send_scheduler_set_send_func:
 * @func: (nullable): sends one copy
 */
void
sw_send_scheduler_set_send_func (SwSendScheduler         *self,
                                 SwSendSchedulerSendFunc  func,
                                 gpointer                 user_data,
                                 GDestroyNotify           destroy)
{
  g_return_if_fail (SW_IS_SEND_SCHEDULER (self));

  /* Nothing to send with: the run cannot go on. */
  if (func == NULL)
    sw_send_scheduler_stop (self);

  set_callback ((gpointer *) &self->send_func, &self->send_data, &self->send_destroy,
                func, user_data, destroy);
}

/**
 * sw_send_scheduler_set_payload_func:
 * @func: (nullable): returns the bytes to send next
 */
void
sw_send_scheduler_set_payload_func (SwSendScheduler            *self,
                                    SwSendSchedulerPayloadFunc  func,
                                    gpointer                    user_data,
                                    GDestroyNotify              destroy)
{
  g_return_if_fail (SW_IS_SEND_SCHEDULER (self));

  set_callback ((gpointer *) &self->payload_func, &self->payload_data, &self->payload_destroy,
                func, user_data, destroy);
}

/**
 * sw_send_scheduler_set_backlog_func:
 * @func: (nullable): returns how many bytes the connection holds that it
 *   has not sent yet
 */
void
sw_send_scheduler_set_backlog_func (SwSendScheduler            *self,
                                    SwSendSchedulerBacklogFunc  func,
                                    gpointer                    user_data,
                                    GDestroyNotify              destroy)
{
  g_return_if_fail (SW_IS_SEND_SCHEDULER (self));

  set_callback ((gpointer *) &self->backlog_func, &self->backlog_data, &self->backlog_destroy,
                func, user_data, destroy);
}

/* Properties */

/**
 * sw_send_scheduler_get_payload:
 *
 * Returns: (transfer none) (nullable): the fixed message
 */
GBytes *
sw_send_scheduler_get_payload (SwSendScheduler *self)
{
  g_return_val_if_fail (SW_IS_SEND_SCHEDULER (self), NULL);

  return self->payload;
}

void
sw_send_scheduler_set_payload (SwSendScheduler *self,
                               GBytes          *payload)
{
  g_return_if_fail (SW_IS_SEND_SCHEDULER (self));

  if (self->payload == payload)
    return;

  if (payload != NULL)
    g_bytes_ref (payload);
  g_clear_pointer (&self->payload, g_bytes_unref);
  self->payload = payload;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYLOAD]);
}

gboolean
sw_send_scheduler_get_repeat (SwSendScheduler *self)
{
  g_return_val_if_fail (SW_IS_SEND_SCHEDULER (self), FALSE);

  return self->repeat;
}

void
sw_send_scheduler_set_repeat (SwSendScheduler *self,
                              gboolean         repeat)
{
  g_return_if_fail (SW_IS_SEND_SCHEDULER (self));

  repeat = !!repeat;
  if (self->repeat == repeat)
    return;

  self->repeat = repeat;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPEAT]);

  /* Disarmed: a repeating run ends; arming applies to the next start. */
  if (!repeat && self->repeating)
    sw_send_scheduler_stop (self);
}

guint
sw_send_scheduler_get_repeat_interval (SwSendScheduler *self)
{
  g_return_val_if_fail (SW_IS_SEND_SCHEDULER (self), SW_SEND_SCHEDULER_REPEAT_INTERVAL_DEFAULT);

  return self->repeat_interval;
}

void
sw_send_scheduler_set_repeat_interval (SwSendScheduler *self,
                                       guint            interval_ms)
{
  g_return_if_fail (SW_IS_SEND_SCHEDULER (self));
  g_return_if_fail (interval_ms >= SW_SEND_SCHEDULER_REPEAT_INTERVAL_MIN &&
                    interval_ms <= SW_SEND_SCHEDULER_REPEAT_INTERVAL_MAX);

  if (self->repeat_interval == interval_ms)
    return;

  self->repeat_interval = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPEAT_INTERVAL]);

  /* A repeating run goes on at the new pace, from now. */
  if (self->repeating)
    sw_send_scheduler_start_repeat_timer (self);
}

guint
sw_send_scheduler_get_times (SwSendScheduler *self)
{
  g_return_val_if_fail (SW_IS_SEND_SCHEDULER (self), 1);

  return self->times;
}

void
sw_send_scheduler_set_times (SwSendScheduler *self,
                             guint            times)
{
  g_return_if_fail (SW_IS_SEND_SCHEDULER (self));
  g_return_if_fail (times >= 1 && times <= SW_SEND_SCHEDULER_TIMES_MAX);

  if (self->times == times)
    return;

  /* Copies already due keep their count; the next tick or run sends
   * this many. */
  self->times = times;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMES]);
}

/* GObject */

static void
sw_send_scheduler_dispose (GObject *object)
{
  SwSendScheduler *self = SW_SEND_SCHEDULER (object);

  sw_send_scheduler_end_run (self);
  set_callback ((gpointer *) &self->send_func, &self->send_data, &self->send_destroy,
                NULL, NULL, NULL);
  set_callback ((gpointer *) &self->payload_func, &self->payload_data, &self->payload_destroy,
                NULL, NULL, NULL);
  set_callback ((gpointer *) &self->backlog_func, &self->backlog_data, &self->backlog_destroy,
                NULL, NULL, NULL);

  G_OBJECT_CLASS (sw_send_scheduler_parent_class)->dispose (object);
}

static void
sw_send_scheduler_finalize (GObject *object)
{
  SwSendScheduler *self = SW_SEND_SCHEDULER (object);

  g_clear_pointer (&self->payload, g_bytes_unref);

  G_OBJECT_CLASS (sw_send_scheduler_parent_class)->finalize (object);
}

static void
sw_send_scheduler_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SwSendScheduler *self = SW_SEND_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_PAYLOAD:
      g_value_set_boxed (value, self->payload);
      break;

    case PROP_REPEAT:
      g_value_set_boolean (value, self->repeat);
      break;

    case PROP_REPEAT_INTERVAL:
      g_value_set_uint (value, self->repeat_interval);
      break;

    case PROP_TIMES:
      g_value_set_uint (value, self->times);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    case PROP_SENT:
      g_value_set_uint64 (value, self->sent);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_send_scheduler_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SwSendScheduler *self = SW_SEND_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_PAYLOAD:
      sw_send_scheduler_set_payload (self, g_value_get_boxed (value));
      break;

    case PROP_REPEAT:
      sw_send_scheduler_set_repeat (self, g_value_get_boolean (value));
      break;

    case PROP_REPEAT_INTERVAL:
      sw_send_scheduler_set_repeat_interval (self, g_value_get_uint (value));
      break;

    case PROP_TIMES:
      sw_send_scheduler_set_times (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_send_scheduler_class_init (SwSendSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_send_scheduler_dispose;
  object_class->finalize = sw_send_scheduler_finalize;
  object_class->get_property = sw_send_scheduler_get_property;
  object_class->set_property = sw_send_scheduler_set_property;

  properties[PROP_PAYLOAD] =
    g_param_spec_boxed ("payload", NULL, NULL,
                        G_TYPE_BYTES,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REPEAT] =
    g_param_spec_boolean ("repeat", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REPEAT_INTERVAL] =
    g_param_spec_uint ("repeat-interval", NULL, NULL,
                       SW_SEND_SCHEDULER_REPEAT_INTERVAL_MIN,
                       SW_SEND_SCHEDULER_REPEAT_INTERVAL_MAX,
                       SW_SEND_SCHEDULER_REPEAT_INTERVAL_DEFAULT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TIMES] =
    g_param_spec_uint ("times", NULL, NULL,
                       1, SW_SEND_SCHEDULER_TIMES_MAX, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SENT] =
    g_param_spec_uint64 ("sent", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_send_scheduler_init (SwSendScheduler *self)
{
  self->repeat_interval = SW_SEND_SCHEDULER_REPEAT_INTERVAL_DEFAULT;
  self->times = 1;
}

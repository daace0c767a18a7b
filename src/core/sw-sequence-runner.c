/* sw-sequence-runner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-sequence-runner"

#include "config.h"

#include "sw-sequence-runner.h"

#include <glib/gi18n-lib.h>

#include "sw-connection-framer-private.h"
#include "sw-core-enums.h"
#include "sw-matcher-private.h"
#include "sw-relay.h"
#include "sw-step-result-private.h"

typedef struct
{
  SwConnection *connection;
  GBytes       *bytes;
} QueuedFrame;

struct _SwSequenceRunner
{
  GObject             parent_instance;

  SwEngine           *engine;        /* weak */
  SwConnection       *connection;
  SwPlaceholderState *placeholders;
  SwFraming          *framing;
  SwConnectionFramer *framer;
  gboolean            relay;

  /* Frames not looked at yet, oldest first. */
  GQueue              frames;
  SwMatchScratch      scratch;

  GListStore         *results;
  SwRunResult         result;
  gint64              start_time;
  gint64              end_time;
  guint               steps_run;

  /* The run under way: a copy of the sequence, and per step what it
   * needs (the message to send, the compiled pattern, Repeat's count). */
  GTask              *task;
  SwSequence         *sequence;
  GPtrArray          *messages;
  SwMatcher          *matchers;
  gboolean           *any_frame;
  guint              *passes;
  guint               n_steps;
  guint               pc;
  GSource            *timer;
  GSource            *cancel_source;
  gboolean            expecting;
  gboolean            waiting;
  /* What the Expect under way saw: frames, and the last that did not match. */
  guint               seen;
  GBytes             *last_seen;
  gboolean            hit_limit;
};

G_DEFINE_FINAL_TYPE (SwSequenceRunner, sw_sequence_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_RUNNING,
  PROP_RESULT,
  N_PROPS
};

enum {
  STEP_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void run_steps (SwSequenceRunner *self);

static void
queued_frame_free (gpointer data)
{
  QueuedFrame *frame = data;

  g_object_unref (frame->connection);
  g_bytes_unref (frame->bytes);
  g_free (frame);
}

static SwStepResult *
current_result (SwSequenceRunner *self)
{
  /* The store holds it. */
  g_autoptr(SwStepResult) result = g_list_model_get_item (G_LIST_MODEL (self->results), self->pc);

  return result;
}

static SwSequenceStep *
current_step (SwSequenceRunner *self)
{
  return sw_sequence_get_step (self->sequence, self->pc);
}

static void
clear_timer (SwSequenceRunner *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
}

static void
start_timer (SwSequenceRunner *self,
             guint             ms,
             GSourceFunc       func)
{
  clear_timer (self);
  self->timer = g_timeout_source_new (ms);
  g_source_set_static_name (self->timer, "[sw-sequence-runner]");
  g_source_set_callback (self->timer, func, self, NULL);
  g_source_attach (self->timer, g_task_get_context (self->task));
}

static void
clear_run (SwSequenceRunner *self)
{
  clear_timer (self);
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }

  if (self->matchers != NULL)
    for (guint i = 0; i < self->n_steps; i++)
      _sw_matcher_clear (&self->matchers[i]);
  g_clear_pointer (&self->matchers, g_free);
  g_clear_pointer (&self->any_frame, g_free);
  g_clear_pointer (&self->passes, g_free);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_object (&self->sequence);
  g_clear_pointer (&self->last_seen, g_bytes_unref);
  self->n_steps = 0;
  self->expecting = FALSE;
  self->waiting = FALSE;
}

/* Ends the run with @result; @error (taken) unless it passed. */
static void
complete (SwSequenceRunner *self,
          SwRunResult       result,
          GError           *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_assert (task != NULL);

  self->end_time = g_get_monotonic_time ();
  clear_run (self);

  g_object_freeze_notify (G_OBJECT (self));
  self->result = result;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_thaw_notify (G_OBJECT (self));

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
finish_step (SwSequenceRunner *self,
             SwStepState       state,
             SwStepFailure     failure,
             GBytes           *frame,
             const char       *reason)
{
  SwStepResult *result = current_result (self);

  _sw_step_result_finish (result, state, failure, frame, reason);
  g_signal_emit (self, signals[STEP_CHANGED], 0, result);
}

/* The current step failed for @reason, and with it the run. */
static void
fail_run (SwSequenceRunner *self,
          SwStepFailure     failure,
          GBytes           *frame,
          const char       *reason,
          int               code)
{
  g_autofree char *where = NULL;

  if (self->task == NULL)
    return;

  where = sw_sequence_describe_step (self->sequence, self->pc);
  finish_step (self, SW_STEP_STATE_FAILED, failure, frame, reason);
  complete (self, SW_RUN_RESULT_FAILED,
            g_error_new (SW_SEQUENCE_ERROR, code,
                         /* Translators: the first %s is a step (“Step 2”), the second
                          * says what happened, such as “Nothing arrived within 2000 ms” */
                         _("%s failed: %s"), where, reason));
}

/* Sending */

static void
run_send (SwSequenceRunner *self)
{
  SwMessage *message = g_ptr_array_index (self->messages, self->pc);
  SwSendInfo info = { SW_RECORD_FLAGS_AUTOMATIC, sw_message_get_encoding (message) };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  gboolean sent;

  if (sw_message_get_format (message) == SW_PAYLOAD_FORMAT_TEXT)
    info.flags |= SW_RECORD_FLAGS_TEXT;

  bytes = sw_message_encode_with_checksum (message, self->placeholders, &error);
  if (bytes == NULL)
    sent = FALSE;
  else if (self->connection != NULL && self->relay)
    sent = sw_relay_connection_inject (SW_RELAY_CONNECTION (self->connection),
                                       sw_relay_get_target (SW_RELAY (self->engine)),
                                       bytes, &info, &error);
  else if (self->connection != NULL)
    sent = sw_connection_send_full (self->connection, bytes, &info, &error);
  else
    sent = sw_engine_send_full (self->engine, NULL, bytes, &info, &error);

  /* Sending can close the connection, which ends the run. */
  if (self->task == NULL)
    return;

  if (!sent)
    {
      /* Translators: %s says why, e.g. “Not connected” */
      reason = g_strdup_printf (_("Could not send: %s"), error->message);
      fail_run (self, SW_STEP_FAILURE_SEND, bytes, reason, SW_SEQUENCE_ERROR_FAILED);
      return;
    }

  reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %u is a number of bytes */
                                         "Sent %u byte", "Sent %u bytes",
                                         g_bytes_get_size (bytes)),
                            (guint) g_bytes_get_size (bytes));
  finish_step (self, SW_STEP_STATE_PASSED, SW_STEP_FAILURE_NONE, bytes, reason);
  self->pc++;
}

/* Waiting */

static gboolean
wait_done_cb (gpointer user_data)
{
  SwSequenceRunner *self = g_object_ref (user_data);
  g_autofree char *reason = NULL;
  guint duration = sw_sequence_step_get_duration (current_step (self));

  g_clear_pointer (&self->timer, g_source_unref);
  self->waiting = FALSE;

  reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %u is a number of milliseconds */
                                         "Waited %u millisecond", "Waited %u milliseconds",
                                         duration),
                            duration);
  finish_step (self, SW_STEP_STATE_PASSED, SW_STEP_FAILURE_NONE, NULL, reason);
  self->pc++;
  run_steps (self);
  g_object_unref (self);

  return G_SOURCE_REMOVE;
}

/* Repeating */

static void
run_repeat (SwSequenceRunner *self)
{
  SwSequenceStep *step = current_step (self);
  guint count = sw_sequence_step_get_count (step);
  guint from = 0;
  g_autofree char *reason = NULL;

  sw_sequence_find_step (self->sequence, sw_sequence_step_get_repeat_from (step), &from);

  self->passes[self->pc]++;
  if (self->passes[self->pc] < count)
    {
      reason = g_strdup_printf (_("Running the steps from step %u again: time %u of %u"),
                                from + 1, self->passes[self->pc] + 1, count);
      finish_step (self, SW_STEP_STATE_PASSED, SW_STEP_FAILURE_NONE, NULL, reason);
      self->pc = from;
      return;
    }

  /* Done: an outer repeat that comes round starts it again. */
  self->passes[self->pc] = 0;
  reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %u is how many times */
                                         "Ran the steps from step %u %u time",
                                         "Ran the steps from step %u %u times",
                                         count),
                            from + 1, count);
  finish_step (self, SW_STEP_STATE_PASSED, SW_STEP_FAILURE_NONE, NULL, reason);
  self->pc++;
}

/* Expecting */

static gboolean
frame_matches (SwSequenceRunner *self,
               GBytes           *frame)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (frame, &length);
  SwMatchResult result;

  if (self->any_frame[self->pc])
    return TRUE;

  _sw_match_scratch_set_encoding (&self->scratch, sw_sequence_step_get_encoding (current_step (self)));
  _sw_match_scratch_begin (&self->scratch, data != NULL ? data : (const guint8 *) "", length);
  result = _sw_matcher_match (&self->matchers[self->pc], &self->scratch);
  if (result == SW_MATCH_RESULT_LIMIT)
    self->hit_limit = TRUE;

  return result == SW_MATCH_RESULT_YES;
}

/* Looks at the frames that came; TRUE when one matched (the step passed). */
static gboolean
try_expect (SwSequenceRunner *self)
{
  QueuedFrame *frame;

  while ((frame = g_queue_pop_head (&self->frames)) != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_ref (frame->bytes);

      queued_frame_free (frame);
      self->seen++;

      if (frame_matches (self, bytes))
        {
          self->expecting = FALSE;
          clear_timer (self);
          finish_step (self, SW_STEP_STATE_PASSED, SW_STEP_FAILURE_NONE, bytes,
                       _("A frame matched"));
          self->pc++;
          return TRUE;
        }

      g_clear_pointer (&self->last_seen, g_bytes_unref);
      self->last_seen = g_steal_pointer (&bytes);
    }

  return FALSE;
}

/* The current Expect step was not met. */
static void
unmet (SwSequenceRunner *self,
       SwStepFailure     failure,
       const char       *reason)
{
  SwSequenceStep *step = current_step (self);

  self->expecting = FALSE;
  clear_timer (self);

  switch (sw_sequence_step_get_on_unmet (step))
    {
    case SW_UNMET_ACTION_CONTINUE:
      finish_step (self, SW_STEP_STATE_FAILED, failure, self->last_seen, reason);
      self->pc++;
      break;

    case SW_UNMET_ACTION_GO_TO:
      finish_step (self, SW_STEP_STATE_FAILED, failure, self->last_seen, reason);
      sw_sequence_find_step (self->sequence, sw_sequence_step_get_go_to (step), &self->pc);
      break;

    case SW_UNMET_ACTION_STOP:
    default:
      fail_run (self, failure, self->last_seen, reason, SW_SEQUENCE_ERROR_FAILED);
      return;
    }

  run_steps (self);
}

static gboolean
expect_timeout_cb (gpointer user_data)
{
  SwSequenceRunner *self = g_object_ref (user_data);
  guint timeout = sw_sequence_step_get_timeout (current_step (self));
  g_autofree char *reason = NULL;

  g_clear_pointer (&self->timer, g_source_unref);

  if (self->seen == 0)
    {
      reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: %u is a number of milliseconds */
                                             "Nothing arrived within %u millisecond",
                                             "Nothing arrived within %u milliseconds",
                                             timeout),
                                timeout);
      unmet (self, SW_STEP_FAILURE_TIMEOUT, reason);
    }
  else
    {
      g_autofree char *count = g_strdup_printf ("%u", self->seen);

      if (self->hit_limit)
        reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: %s is a number of frames */
                                               "%s frame arrived, but it did not match (the regular expression took too long on it)",
                                               "%s frames arrived, but none matched (the regular expression took too long on some)",
                                               self->seen),
                                  count);
      else
        reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: %s is a number of frames */
                                               "%s frame arrived, but it did not match",
                                               "%s frames arrived, but none matched; the last one is shown",
                                               self->seen),
                                  count);
      unmet (self, SW_STEP_FAILURE_MISMATCH, reason);
    }

  g_object_unref (self);

  return G_SOURCE_REMOVE;
}

static void
run_expect (SwSequenceRunner *self)
{
  self->expecting = TRUE;
  self->seen = 0;
  self->hit_limit = FALSE;
  g_clear_pointer (&self->last_seen, g_bytes_unref);

  if (!try_expect (self))
    start_timer (self, sw_sequence_step_get_timeout (current_step (self)), expect_timeout_cb);
}

/* Runs steps until one has to wait for time or frames, or the end. */
static void
run_steps (SwSequenceRunner *self)
{
  while (self->task != NULL && !self->expecting && !self->waiting)
    {
      SwSequenceStep *step;
      SwStepResult *result;

      if (self->pc >= self->n_steps)
        {
          complete (self, SW_RUN_RESULT_PASSED, NULL);
          return;
        }

      step = current_step (self);
      result = current_result (self);

      if (self->steps_run >= SW_SEQUENCE_STEP_BUDGET)
        {
          g_autofree char *reason = NULL;

          reason = g_strdup_printf (_("The run went over %u steps: a “go to” or a repeat may loop forever"),
                                    (guint) SW_SEQUENCE_STEP_BUDGET);
          fail_run (self, SW_STEP_FAILURE_BUDGET, NULL, reason, SW_SEQUENCE_ERROR_STEP_BUDGET);
          return;
        }

      self->steps_run++;
      _sw_step_result_begin (result);
      g_signal_emit (self, signals[STEP_CHANGED], 0, result);

      switch (sw_sequence_step_get_kind (step))
        {
        case SW_STEP_KIND_SEND:
          run_send (self);
          break;

        case SW_STEP_KIND_EXPECT:
          run_expect (self);
          break;

        case SW_STEP_KIND_WAIT:
          self->waiting = TRUE;
          start_timer (self, sw_sequence_step_get_duration (step), wait_done_cb);
          break;

        case SW_STEP_KIND_REPEAT:
          run_repeat (self);
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/* The engine's side */

static void
frame_cb (SwConnection *connection,
          const guint8 *data,
          gsize         length,
          gpointer      user_data)
{
  SwSequenceRunner *self = user_data;
  QueuedFrame *frame;

  if (self->connection != NULL && connection != self->connection)
    return;

  frame = g_new0 (QueuedFrame, 1);
  frame->connection = g_object_ref (connection);
  frame->bytes = g_bytes_new (data, length);
  g_queue_push_tail (&self->frames, frame);

  while (self->frames.length > SW_SEQUENCE_RUNNER_MAX_QUEUED)
    queued_frame_free (g_queue_pop_head (&self->frames));
}

/* Frames come out of the framer all at once: matching happens after. */
static void
look_at_frames (SwSequenceRunner *self)
{
  g_autoptr(SwSequenceRunner) hold G_GNUC_UNUSED = g_object_ref (self);

  if (self->task != NULL && self->expecting && try_expect (self))
    run_steps (self);
}

static gboolean
watches_sent (SwSequenceRunner *self)
{
  return self->relay && self->engine != NULL &&
         sw_relay_get_target (SW_RELAY (self->engine)) == SW_RELAY_TARGET_CLIENT;
}

static void
received_cb (SwEngine         *engine,
             SwConnection     *connection,
             GBytes           *bytes,
             SwSequenceRunner *self)
{
  if (watches_sent (self))
    return;

  _sw_connection_framer_push (self->framer, connection, bytes);
  look_at_frames (self);
}

static void
sent_cb (SwEngine         *engine,
         SwConnection     *connection,
         GBytes           *bytes,
         SwSequenceRunner *self)
{
  if (!watches_sent (self))
    return;

  _sw_connection_framer_push (self->framer, connection, bytes);
  look_at_frames (self);
}

static void
closed_during_run (SwSequenceRunner *self)
{
  g_autoptr(SwSequenceRunner) hold G_GNUC_UNUSED = g_object_ref (self);

  if (self->task == NULL)
    return;

  fail_run (self, SW_STEP_FAILURE_CLOSED, self->expecting ? self->last_seen : NULL,
            _("The connection closed"), SW_SEQUENCE_ERROR_NOT_CONNECTED);
}

static void
connection_closed_cb (SwEngine         *engine,
                      SwConnection     *connection,
                      SwSequenceRunner *self)
{
  _sw_connection_framer_finish (self->framer, connection);
  look_at_frames (self);

  if (connection == self->connection)
    closed_during_run (self);
}

static void
engine_state_cb (SwEngine         *engine,
                 GParamSpec       *pspec,
                 SwSequenceRunner *self)
{
  if (sw_engine_get_state (engine) != SW_CONNECTION_STATE_CONNECTED)
    closed_during_run (self);
}

/* GObject */

static void
sw_sequence_runner_dispose (GObject *object)
{
  SwSequenceRunner *self = SW_SEQUENCE_RUNNER (object);

  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->engine, self);
      g_object_remove_weak_pointer (G_OBJECT (self->engine), (gpointer *) &self->engine);
      self->engine = NULL;
    }
  g_clear_pointer (&self->framer, _sw_connection_framer_free);
  g_queue_clear_full (&self->frames, queued_frame_free);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (sw_sequence_runner_parent_class)->dispose (object);
}

static void
sw_sequence_runner_finalize (GObject *object)
{
  SwSequenceRunner *self = SW_SEQUENCE_RUNNER (object);

  g_assert (self->task == NULL);

  clear_run (self);
  _sw_match_scratch_clear (&self->scratch);
  g_clear_object (&self->results);
  g_clear_object (&self->placeholders);
  g_clear_object (&self->framing);

  G_OBJECT_CLASS (sw_sequence_runner_parent_class)->finalize (object);
}

static void
sw_sequence_runner_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SwSequenceRunner *self = SW_SEQUENCE_RUNNER (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->task != NULL);
      break;

    case PROP_RESULT:
      g_value_set_enum (value, self->result);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_sequence_runner_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SwSequenceRunner *self = SW_SEQUENCE_RUNNER (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      sw_sequence_runner_set_connection (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_sequence_runner_class_init (SwSequenceRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_sequence_runner_dispose;
  object_class->finalize = sw_sequence_runner_finalize;
  object_class->get_property = sw_sequence_runner_get_property;
  object_class->set_property = sw_sequence_runner_set_property;

  /**
   * SwSequenceRunner:connection:
   *
   * The one connection to talk to, or %NULL for the engine's default.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, SW_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESULT] =
    g_param_spec_enum ("result", NULL, NULL, SW_TYPE_RUN_RESULT, SW_RUN_RESULT_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwSequenceRunner::step-changed:
   * @result: the #SwStepResult of the step that began or ended
   */
  signals[STEP_CHANGED] =
    g_signal_new ("step-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SW_TYPE_STEP_RESULT);
}

static void
sw_sequence_runner_init (SwSequenceRunner *self)
{
  g_queue_init (&self->frames);
  _sw_match_scratch_init (&self->scratch);
  self->results = g_list_store_new (SW_TYPE_STEP_RESULT);
}

/**
 * sw_sequence_runner_new:
 * @engine: what to send with and receive from
 * @framing: (nullable): how streams are cut into frames
 * @placeholders: (nullable): the session's placeholder state
 *
 * Returns: (transfer full): a runner, collecting frames from now on
 */
SwSequenceRunner *
sw_sequence_runner_new (SwEngine           *engine,
                        SwFraming          *framing,
                        SwPlaceholderState *placeholders)
{
  SwSequenceRunner *self;

  g_return_val_if_fail (SW_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (framing == NULL || SW_IS_FRAMING (framing), NULL);
  g_return_val_if_fail (placeholders == NULL || SW_IS_PLACEHOLDER_STATE (placeholders), NULL);

  self = g_object_new (SW_TYPE_SEQUENCE_RUNNER, NULL);
  self->engine = engine;
  g_object_add_weak_pointer (G_OBJECT (engine), (gpointer *) &self->engine);
  self->relay = SW_IS_RELAY (engine);
  self->framing = framing != NULL ? g_object_ref (framing) : sw_framing_new ();
  self->framer = _sw_connection_framer_new (self->framing, frame_cb, self);
  self->placeholders = placeholders != NULL ? g_object_ref (placeholders) : sw_placeholder_state_new ();

  g_signal_connect_object (engine, "received", G_CALLBACK (received_cb), self, 0);
  if (self->relay)
    g_signal_connect_object (engine, "sent", G_CALLBACK (sent_cb), self, 0);
  g_signal_connect_object (engine, "connection-closed", G_CALLBACK (connection_closed_cb), self, 0);
  g_signal_connect_object (engine, "notify::state", G_CALLBACK (engine_state_cb), self, 0);

  return self;
}

/**
 * sw_sequence_runner_get_connection:
 *
 * Returns: (transfer none) (nullable): the connection talked to
 */
SwConnection *
sw_sequence_runner_get_connection (SwSequenceRunner *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE_RUNNER (self), NULL);

  return self->connection;
}

void
sw_sequence_runner_set_connection (SwSequenceRunner *self,
                                   SwConnection     *connection)
{
  g_return_if_fail (SW_IS_SEQUENCE_RUNNER (self));
  g_return_if_fail (connection == NULL || SW_IS_CONNECTION (connection));

  if (g_set_object (&self->connection, connection))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  SwSequenceRunner *self = g_object_ref (user_data);

  g_clear_pointer (&self->cancel_source, g_source_unref);
  if (self->task != NULL)
    {
      finish_step (self, SW_STEP_STATE_FAILED, SW_STEP_FAILURE_CANCELLED,
                   self->expecting ? self->last_seen : NULL, _("Stopped"));
      complete (self, SW_RUN_RESULT_CANCELLED,
                g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was stopped")));
    }
  g_object_unref (self);

  return G_SOURCE_REMOVE;
}

static void
unref_message (gpointer message)
{
  if (message != NULL)
    g_object_unref (message);
}

/* Takes what the run needs from @sequence and @library. */
static void
prepare_run (SwSequenceRunner *self,
             SwSequence       *sequence,
             SwMessageLibrary *library)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);

  self->sequence = sw_sequence_copy (sequence);
  self->n_steps = sw_sequence_get_n_steps (self->sequence);
  self->messages = g_ptr_array_new_full (self->n_steps, unref_message);
  self->matchers = g_new0 (SwMatcher, self->n_steps);
  self->any_frame = g_new0 (gboolean, self->n_steps);
  self->passes = g_new0 (guint, self->n_steps);

  for (guint i = 0; i < self->n_steps; i++)
    {
      SwSequenceStep *step = sw_sequence_get_step (self->sequence, i);
      SwMessage *message = NULL;
      SwEncoding encoding = SW_ENCODING_UTF8;

      switch (sw_sequence_step_get_kind (step))
        {
        case SW_STEP_KIND_SEND:
          if (*sw_sequence_step_get_message (step) == '\0')
            message = sw_sequence_step_get_payload (step);
          else
            message = sw_message_library_find (library, sw_sequence_step_get_message (step), NULL);
          /* Validated: the library has it. */
          g_assert (message != NULL);
          /* A copy: an edit of the library during the run changes nothing. */
          message = sw_message_copy (message);
          encoding = sw_message_get_encoding (message);
          break;

        case SW_STEP_KIND_EXPECT:
          encoding = sw_sequence_step_get_encoding (step);
          if (*sw_sequence_step_get_pattern (step) == '\0')
            self->any_frame[i] = TRUE;
          else if (!_sw_matcher_compile (&self->matchers[i], sw_sequence_step_get_match_kind (step),
                                         sw_sequence_step_get_pattern (step), encoding, NULL, NULL))
            g_assert_not_reached ();
          break;

        case SW_STEP_KIND_WAIT:
        case SW_STEP_KIND_REPEAT:
        default:
          break;
        }

      g_ptr_array_add (self->messages, message);
      g_ptr_array_add (results, _sw_step_result_new (i, step, encoding));
    }

  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       results->pdata, results->len);
}

/**
 * sw_sequence_runner_run_async:
 * @sequence: what to run
 * @library: (nullable): where Send steps find their messages
 * @cancellable: (nullable): cancel it to stop the run
 * @callback: called when the run is over
 * @user_data: data for @callback
 *
 * Runs @sequence as the class documentation says.
 */
void
sw_sequence_runner_run_async (SwSequenceRunner    *self,
                              SwSequence          *sequence,
                              SwMessageLibrary    *library,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SW_IS_SEQUENCE_RUNNER (self));
  g_return_if_fail (SW_IS_SEQUENCE (sequence));
  g_return_if_fail (library == NULL || SW_IS_MESSAGE_LIBRARY (library));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->task == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_sequence_runner_run_async);

  if (!sw_sequence_validate (sequence, library, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->engine == NULL || sw_engine_get_state (self->engine) != SW_CONNECTION_STATE_CONNECTED ||
      (self->connection != NULL &&
       sw_connection_get_state (self->connection) != SW_CONNECTION_STATE_CONNECTED))
    {
      g_task_return_new_error (task, SW_SEQUENCE_ERROR, SW_SEQUENCE_ERROR_NOT_CONNECTED,
                               _("Connect first: a sequence runs over an open connection"));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  prepare_run (self, sequence, library);
  self->task = g_steal_pointer (&task);
  self->pc = 0;
  self->steps_run = 0;
  self->start_time = g_get_monotonic_time ();
  self->end_time = 0;

  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_static_name (self->cancel_source, "[sw-sequence-runner-cancel]");
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (cancelled_cb), self, NULL);
      g_source_attach (self->cancel_source, g_task_get_context (self->task));
    }

  g_object_freeze_notify (G_OBJECT (self));
  self->result = SW_RUN_RESULT_RUNNING;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_thaw_notify (G_OBJECT (self));

  {
    g_autoptr(SwSequenceRunner) hold G_GNUC_UNUSED = g_object_ref (self);

    run_steps (self);
  }
}

gboolean
sw_sequence_runner_run_finish (SwSequenceRunner  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (SW_IS_SEQUENCE_RUNNER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_sequence_runner_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sw_sequence_runner_get_running (SwSequenceRunner *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE_RUNNER (self), FALSE);

  return self->task != NULL;
}

/**
 * sw_sequence_runner_get_results:
 *
 * Returns: (transfer none): the #SwStepResult of each step
 */
GListModel *
sw_sequence_runner_get_results (SwSequenceRunner *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE_RUNNER (self), NULL);

  return G_LIST_MODEL (self->results);
}

SwRunResult
sw_sequence_runner_get_result (SwSequenceRunner *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE_RUNNER (self), SW_RUN_RESULT_NONE);

  return self->result;
}

gint64
sw_sequence_runner_get_duration (SwSequenceRunner *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE_RUNNER (self), 0);

  if (self->start_time == 0)
    return 0;
  if (self->task != NULL)
    return g_get_monotonic_time () - self->start_time;

  return self->end_time - self->start_time;
}

guint
sw_sequence_runner_get_steps_run (SwSequenceRunner *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE_RUNNER (self), 0);

  return self->steps_run;
}

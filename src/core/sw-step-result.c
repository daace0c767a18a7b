/* sw-step-result.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-step-result"

#include "config.h"

#include "sw-step-result-private.h"

#include "sw-core-enums.h"
#include "sw-core-private.h"
#include "sw-hex.h"

/* The most bytes of a frame the previews show. */
#define PREVIEW_BYTES 64

struct _SwStepResult
{
  GObject          parent_instance;

  guint            position;
  SwSequenceStep  *step;
  SwEncoding       encoding;

  SwStepState      state;
  SwStepFailure    failure;
  guint            runs;
  GBytes          *frame;
  char            *frame_text;
  char            *frame_hex;
  char            *reason;
};

G_DEFINE_FINAL_TYPE (SwStepResult, sw_step_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_POSITION,
  PROP_STEP,
  PROP_STATE,
  PROP_FAILURE,
  PROP_RUNS,
  PROP_FRAME,
  PROP_FRAME_TEXT,
  PROP_FRAME_HEX,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sw_step_result_finalize (GObject *object)
{
  SwStepResult *self = (SwStepResult *) object;

  g_clear_object (&self->step);
  g_clear_pointer (&self->frame, g_bytes_unref);
  g_free (self->frame_text);
  g_free (self->frame_hex);
  g_free (self->reason);

  G_OBJECT_CLASS (sw_step_result_parent_class)->finalize (object);
}

static void
sw_step_result_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SwStepResult *self = SW_STEP_RESULT (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;

    case PROP_STEP:
      g_value_set_object (value, self->step);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_FAILURE:
      g_value_set_enum (value, self->failure);
      break;

    case PROP_RUNS:
      g_value_set_uint (value, self->runs);
      break;

    case PROP_FRAME:
      g_value_set_boxed (value, self->frame);
      break;

    case PROP_FRAME_TEXT:
      g_value_set_string (value, self->frame_text);
      break;

    case PROP_FRAME_HEX:
      g_value_set_string (value, self->frame_hex);
      break;

    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_step_result_class_init (SwStepResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sw_step_result_finalize;
  object_class->get_property = sw_step_result_get_property;

  properties[PROP_POSITION] = g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_STEP] = g_param_spec_object ("step", NULL, NULL, SW_TYPE_SEQUENCE_STEP, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, SW_TYPE_STEP_STATE,
                                              SW_STEP_STATE_PENDING, flags);
  properties[PROP_FAILURE] = g_param_spec_enum ("failure", NULL, NULL, SW_TYPE_STEP_FAILURE,
                                                SW_STEP_FAILURE_NONE, flags);
  properties[PROP_RUNS] = g_param_spec_uint ("runs", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FRAME] = g_param_spec_boxed ("frame", NULL, NULL, G_TYPE_BYTES, flags);
  properties[PROP_FRAME_TEXT] = g_param_spec_string ("frame-text", NULL, NULL, "", flags);
  properties[PROP_FRAME_HEX] = g_param_spec_string ("frame-hex", NULL, NULL, "", flags);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, "", flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_step_result_init (SwStepResult *self)
{
  self->frame_text = g_strdup ("");
  self->frame_hex = g_strdup ("");
  self->reason = g_strdup ("");
}

SwStepResult *
_sw_step_result_new (guint           position,
                     SwSequenceStep *step,
                     SwEncoding      encoding)
{
  SwStepResult *self = g_object_new (SW_TYPE_STEP_RESULT, NULL);

  self->position = position;
  self->step = g_object_ref (step);
  self->encoding = encoding;

  return self;
}

static void
set_string (SwStepResult  *self,
            char         **field,
            const char    *value,
            guint          prop_id)
{
  _sw_object_set_string (G_OBJECT (self), field, value, properties[prop_id]);
}

static void
set_frame (SwStepResult *self,
           GBytes       *frame)
{
  g_autofree char *text = NULL;
  g_autofree char *hex = NULL;

  if (self->frame == frame || (self->frame != NULL && frame != NULL && g_bytes_equal (self->frame, frame)))
    return;

  g_clear_pointer (&self->frame, g_bytes_unref);
  if (frame != NULL)
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (frame, &length);
      gsize shown = MIN (length, PREVIEW_BYTES);

      self->frame = g_bytes_ref (frame);
      text = sw_encoding_decode (self->encoding, data, shown, SW_DECODE_FLAGS_NONE);
      hex = sw_hex_format (data, shown);
      if (shown < length)
        {
          char *longer = g_strconcat (text, "…", NULL);

          g_free (text);
          text = longer;
          longer = g_strconcat (hex, " …", NULL);
          g_free (hex);
          hex = longer;
        }
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
  set_string (self, &self->frame_text, text != NULL ? text : "", PROP_FRAME_TEXT);
  set_string (self, &self->frame_hex, hex != NULL ? hex : "", PROP_FRAME_HEX);
}

static void
set_state (SwStepResult  *self,
           SwStepState    state,
           SwStepFailure  failure)
{
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (self->failure != failure)
    {
      self->failure = failure;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILURE]);
    }
}

void
_sw_step_result_begin (SwStepResult *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  self->runs++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNS]);
  set_state (self, SW_STEP_STATE_RUNNING, SW_STEP_FAILURE_NONE);
  set_frame (self, NULL);
  set_string (self, &self->reason, "", PROP_REASON);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_sw_step_result_finish (SwStepResult  *self,
                        SwStepState    state,
                        SwStepFailure  failure,
                        GBytes        *frame,
                        const char    *reason)
{
  g_object_freeze_notify (G_OBJECT (self));
  set_frame (self, frame);
  set_string (self, &self->reason, reason != NULL ? reason : "", PROP_REASON);
  set_state (self, state, failure);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_sw_step_result_reset (SwStepResult *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->runs != 0)
    {
      self->runs = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNS]);
    }
  set_state (self, SW_STEP_STATE_PENDING, SW_STEP_FAILURE_NONE);
  set_frame (self, NULL);
  set_string (self, &self->reason, "", PROP_REASON);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
sw_step_result_get_position (SwStepResult *self)
{
  g_return_val_if_fail (SW_IS_STEP_RESULT (self), 0);

  return self->position;
}

/**
 * sw_step_result_get_step:
 *
 * Returns: (transfer none): the step, as the run took it
 */
SwSequenceStep *
sw_step_result_get_step (SwStepResult *self)
{
  g_return_val_if_fail (SW_IS_STEP_RESULT (self), NULL);

  return self->step;
}

SwStepState
sw_step_result_get_state (SwStepResult *self)
{
  g_return_val_if_fail (SW_IS_STEP_RESULT (self), SW_STEP_STATE_PENDING);

  return self->state;
}

SwStepFailure
sw_step_result_get_failure (SwStepResult *self)
{
  g_return_val_if_fail (SW_IS_STEP_RESULT (self), SW_STEP_FAILURE_NONE);

  return self->failure;
}

guint
sw_step_result_get_runs (SwStepResult *self)
{
  g_return_val_if_fail (SW_IS_STEP_RESULT (self), 0);

  return self->runs;
}

/**
 * sw_step_result_get_frame:
 *
 * Returns: (transfer none) (nullable): the frame sent, matched or last
 *   received instead
 */
GBytes *
sw_step_result_get_frame (SwStepResult *self)
{
  g_return_val_if_fail (SW_IS_STEP_RESULT (self), NULL);

  return self->frame;
}

const char *
sw_step_result_get_frame_text (SwStepResult *self)
{
  g_return_val_if_fail (SW_IS_STEP_RESULT (self), NULL);

  return self->frame_text;
}

const char *
sw_step_result_get_frame_hex (SwStepResult *self)
{
  g_return_val_if_fail (SW_IS_STEP_RESULT (self), NULL);

  return self->frame_hex;
}

const char *
sw_step_result_get_reason (SwStepResult *self)
{
  g_return_val_if_fail (SW_IS_STEP_RESULT (self), NULL);

  return self->reason;
}

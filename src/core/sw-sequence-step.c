/* sw-sequence-step.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-sequence-step"

#include "config.h"

#include "sw-sequence-step.h"

#include "sw-core-enums.h"
#include "sw-core-private.h"

struct _SwSequenceStep
{
  GObject         parent_instance;

  SwStepKind      kind;
  char           *name;

  char           *message;
  SwMessage      *payload;

  char           *pattern;
  SwMatchKind     match_kind;
  SwEncoding      encoding;
  guint           timeout;
  SwUnmetAction   on_unmet;
  char           *go_to;

  guint           duration;

  guint           count;
  char           *repeat_from;
};

G_DEFINE_FINAL_TYPE (SwSequenceStep, sw_sequence_step, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_NAME,
  PROP_MESSAGE,
  PROP_PATTERN,
  PROP_MATCH_KIND,
  PROP_ENCODING,
  PROP_TIMEOUT,
  PROP_ON_UNMET,
  PROP_GO_TO,
  PROP_DURATION,
  PROP_COUNT,
  PROP_REPEAT_FROM,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Whether property @prop_id means something for a step like @self. */
static gboolean
is_relevant (SwSequenceStep *self,
             guint           prop_id)
{
  switch (prop_id)
    {
    case PROP_KIND:
    case PROP_NAME:
      return TRUE;

    case PROP_MESSAGE:
      return self->kind == SW_STEP_KIND_SEND;

    case PROP_PATTERN:
    case PROP_MATCH_KIND:
    case PROP_ENCODING:
    case PROP_TIMEOUT:
    case PROP_ON_UNMET:
      return self->kind == SW_STEP_KIND_EXPECT;

    case PROP_GO_TO:
      return self->kind == SW_STEP_KIND_EXPECT && self->on_unmet == SW_UNMET_ACTION_GO_TO;

    case PROP_DURATION:
      return self->kind == SW_STEP_KIND_WAIT;

    case PROP_COUNT:
    case PROP_REPEAT_FROM:
      return self->kind == SW_STEP_KIND_REPEAT;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
sends_payload (SwSequenceStep *self)
{
  return self->kind == SW_STEP_KIND_SEND && self->message[0] == '\0';
}

static void
set_string (SwSequenceStep  *self,
            char           **field,
            const char      *value,
            guint            prop_id)
{
  _sw_object_set_string (G_OBJECT (self), field, value != NULL ? value : "", properties[prop_id]);
}

static void
set_uint (SwSequenceStep *self,
          guint          *field,
          guint           value,
          guint           prop_id)
{
  _sw_object_set_uint (G_OBJECT (self), field, value, properties[prop_id]);
}

static void
payload_changed_cb (SwSequenceStep *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Makes @payload (a new reference) the step's payload. */
static void
take_payload (SwSequenceStep *self,
              SwMessage      *payload)
{
  if (self->payload != NULL)
    g_signal_handlers_disconnect_by_data (self->payload, self);
  g_clear_object (&self->payload);

  self->payload = payload;
  if (payload != NULL)
    g_signal_connect_swapped (payload, "changed", G_CALLBACK (payload_changed_cb), self);
}

static void
sw_sequence_step_dispose (GObject *object)
{
  SwSequenceStep *self = (SwSequenceStep *) object;

  take_payload (self, NULL);

  G_OBJECT_CLASS (sw_sequence_step_parent_class)->dispose (object);
}

static void
sw_sequence_step_finalize (GObject *object)
{
  SwSequenceStep *self = (SwSequenceStep *) object;

  g_free (self->name);
  g_free (self->message);
  g_free (self->pattern);
  g_free (self->go_to);
  g_free (self->repeat_from);

  G_OBJECT_CLASS (sw_sequence_step_parent_class)->finalize (object);
}

/* Every property is content: one "changed" for each batch of them. */
static void
sw_sequence_step_dispatch_properties_changed (GObject     *object,
                                              guint        n_pspecs,
                                              GParamSpec **pspecs)
{
  G_OBJECT_CLASS (sw_sequence_step_parent_class)->dispatch_properties_changed (object, n_pspecs, pspecs);

  g_signal_emit (object, signals[CHANGED], 0);
}

static void
sw_sequence_step_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SwSequenceStep *self = SW_SEQUENCE_STEP (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_PATTERN:
      g_value_set_string (value, self->pattern);
      break;

    case PROP_MATCH_KIND:
      g_value_set_enum (value, self->match_kind);
      break;

    case PROP_ENCODING:
      g_value_set_enum (value, self->encoding);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_ON_UNMET:
      g_value_set_enum (value, self->on_unmet);
      break;

    case PROP_GO_TO:
      g_value_set_string (value, self->go_to);
      break;

    case PROP_DURATION:
      g_value_set_uint (value, self->duration);
      break;

    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;

    case PROP_REPEAT_FROM:
      g_value_set_string (value, self->repeat_from);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_sequence_step_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SwSequenceStep *self = SW_SEQUENCE_STEP (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_NAME:
      sw_sequence_step_set_name (self, g_value_get_string (value));
      break;

    case PROP_MESSAGE:
      sw_sequence_step_set_message (self, g_value_get_string (value));
      break;

    case PROP_PATTERN:
      sw_sequence_step_set_pattern (self, g_value_get_string (value));
      break;

    case PROP_MATCH_KIND:
      sw_sequence_step_set_match_kind (self, g_value_get_enum (value));
      break;

    case PROP_ENCODING:
      sw_sequence_step_set_encoding (self, g_value_get_enum (value));
      break;

    case PROP_TIMEOUT:
      sw_sequence_step_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_ON_UNMET:
      sw_sequence_step_set_on_unmet (self, g_value_get_enum (value));
      break;

    case PROP_GO_TO:
      sw_sequence_step_set_go_to (self, g_value_get_string (value));
      break;

    case PROP_DURATION:
      sw_sequence_step_set_duration (self, g_value_get_uint (value));
      break;

    case PROP_COUNT:
      sw_sequence_step_set_count (self, g_value_get_uint (value));
      break;

    case PROP_REPEAT_FROM:
      sw_sequence_step_set_repeat_from (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_pspec (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, "",
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
uint_pspec (const char *name,
            guint       minimum,
            guint       maximum,
            guint       default_value)
{
  return g_param_spec_uint (name, NULL, NULL, minimum, maximum, default_value,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
enum_pspec (const char *name,
            GType       type,
            int         default_value)
{
  return g_param_spec_enum (name, NULL, NULL, type, default_value,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
sw_sequence_step_class_init (SwSequenceStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_sequence_step_dispose;
  object_class->finalize = sw_sequence_step_finalize;
  object_class->dispatch_properties_changed = sw_sequence_step_dispatch_properties_changed;
  object_class->get_property = sw_sequence_step_get_property;
  object_class->set_property = sw_sequence_step_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, SW_TYPE_STEP_KIND, SW_STEP_KIND_SEND,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = string_pspec ("name");
  properties[PROP_MESSAGE] = string_pspec ("message");
  properties[PROP_PATTERN] = string_pspec ("pattern");
  properties[PROP_MATCH_KIND] = enum_pspec ("match-kind", SW_TYPE_MATCH_KIND, SW_MATCH_KIND_CONTAINS);
  properties[PROP_ENCODING] = enum_pspec ("encoding", SW_TYPE_ENCODING, SW_ENCODING_UTF8);
  properties[PROP_TIMEOUT] = uint_pspec ("timeout", 0, SW_STEP_MAX_MS, SW_STEP_DEFAULT_TIMEOUT_MS);
  properties[PROP_ON_UNMET] = enum_pspec ("on-unmet", SW_TYPE_UNMET_ACTION, SW_UNMET_ACTION_STOP);
  properties[PROP_GO_TO] = string_pspec ("go-to");
  properties[PROP_DURATION] = uint_pspec ("duration", 0, SW_STEP_MAX_MS, 0);
  properties[PROP_COUNT] = uint_pspec ("count", 1, SW_STEP_MAX_COUNT, 2);
  properties[PROP_REPEAT_FROM] = string_pspec ("repeat-from");

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwSequenceStep::changed:
   *
   * A property or the payload changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
sw_sequence_step_init (SwSequenceStep *self)
{
  self->name = g_strdup ("");
  self->message = g_strdup ("");
  self->pattern = g_strdup ("");
  self->go_to = g_strdup ("");
  self->repeat_from = g_strdup ("");
  self->match_kind = SW_MATCH_KIND_CONTAINS;
  self->encoding = SW_ENCODING_UTF8;
  self->timeout = SW_STEP_DEFAULT_TIMEOUT_MS;
  self->on_unmet = SW_UNMET_ACTION_STOP;
  self->count = 2;
  take_payload (self, sw_message_new (NULL));
}

SwSequenceStep *
sw_sequence_step_new (SwStepKind kind)
{
  g_return_val_if_fail (kind <= SW_STEP_KIND_REPEAT, NULL);

  return g_object_new (SW_TYPE_SEQUENCE_STEP, "kind", kind, NULL);
}

SwSequenceStep *
sw_sequence_step_new_send_message (const char *message_name)
{
  g_return_val_if_fail (message_name != NULL, NULL);

  return g_object_new (SW_TYPE_SEQUENCE_STEP, "kind", SW_STEP_KIND_SEND,
                       "message", message_name, NULL);
}

SwSequenceStep *
sw_sequence_step_new_send_text (const char      *text,
                                SwPayloadFormat  format)
{
  SwSequenceStep *self = sw_sequence_step_new (SW_STEP_KIND_SEND);

  g_return_val_if_fail (text != NULL, self);

  sw_message_set_text (self->payload, text);
  sw_message_set_format (self->payload, format);

  return self;
}

SwSequenceStep *
sw_sequence_step_new_expect (SwMatchKind  match_kind,
                             const char  *pattern,
                             guint        timeout_ms)
{
  g_return_val_if_fail (pattern != NULL, NULL);

  return g_object_new (SW_TYPE_SEQUENCE_STEP, "kind", SW_STEP_KIND_EXPECT,
                       "match-kind", match_kind, "pattern", pattern,
                       "timeout", timeout_ms, NULL);
}

SwSequenceStep *
sw_sequence_step_new_wait (guint duration_ms)
{
  return g_object_new (SW_TYPE_SEQUENCE_STEP, "kind", SW_STEP_KIND_WAIT,
                       "duration", duration_ms, NULL);
}

/**
 * sw_sequence_step_new_repeat:
 * @count: how many times the steps run in all
 * @from: (nullable): the name of the first step repeated; %NULL or ""
 *   for the first step of the sequence
 */
SwSequenceStep *
sw_sequence_step_new_repeat (guint       count,
                             const char *from)
{
  return g_object_new (SW_TYPE_SEQUENCE_STEP, "kind", SW_STEP_KIND_REPEAT,
                       "count", count, "repeat-from", from, NULL);
}

/**
 * sw_sequence_step_copy:
 *
 * Returns: (transfer full): a step with the properties and payload of @self
 */
SwSequenceStep *
sw_sequence_step_copy (SwSequenceStep *self)
{
  const char *names[N_PROPS - 1];
  GValue values[N_PROPS - 1] = { G_VALUE_INIT };
  SwSequenceStep *copy;

  g_return_val_if_fail (SW_IS_SEQUENCE_STEP (self), NULL);

  for (guint i = 1; i < N_PROPS; i++)
    {
      names[i - 1] = properties[i]->name;
      g_value_init (&values[i - 1], properties[i]->value_type);
      g_object_get_property (G_OBJECT (self), properties[i]->name, &values[i - 1]);
    }

  copy = (SwSequenceStep *) g_object_new_with_properties (SW_TYPE_SEQUENCE_STEP, N_PROPS - 1,
                                                          names, values);

  for (guint i = 0; i < N_PROPS - 1; i++)
    g_value_unset (&values[i]);

  take_payload (copy, sw_message_copy (self->payload));

  return copy;
}

/**
 * sw_sequence_step_equal:
 *
 * Returns: whether @a and @b are of one kind, with the same name and the
 *   same properties of that kind (and payload, when they send it)
 */
gboolean
sw_sequence_step_equal (SwSequenceStep *a,
                        SwSequenceStep *b)
{
  g_return_val_if_fail (SW_IS_SEQUENCE_STEP (a), FALSE);
  g_return_val_if_fail (SW_IS_SEQUENCE_STEP (b), FALSE);

  if (a->kind != b->kind || a->on_unmet != b->on_unmet)
    return FALSE;

  for (guint i = 1; i < N_PROPS; i++)
    {
      g_auto(GValue) value_a = G_VALUE_INIT;
      g_auto(GValue) value_b = G_VALUE_INIT;

      if (!is_relevant (a, i))
        continue;

      g_value_init (&value_a, properties[i]->value_type);
      g_value_init (&value_b, properties[i]->value_type);
      g_object_get_property (G_OBJECT (a), properties[i]->name, &value_a);
      g_object_get_property (G_OBJECT (b), properties[i]->name, &value_b);

      if (g_param_values_cmp (properties[i], &value_a, &value_b) != 0)
        return FALSE;
    }

  if (sends_payload (a) && !sw_message_equal (a->payload, b->payload))
    return FALSE;

  return TRUE;
}

#define STRING_ACCESSORS(field, prop)                                   \
  const char *                                                          \
  sw_sequence_step_get_##field (SwSequenceStep *self)                   \
  {                                                                     \
    g_return_val_if_fail (SW_IS_SEQUENCE_STEP (self), NULL);            \
    return self->field;                                                 \
  }                                                                     \
                                                                        \
  void                                                                  \
  sw_sequence_step_set_##field (SwSequenceStep *self,                   \
                                const char     *field)                  \
  {                                                                     \
    g_return_if_fail (SW_IS_SEQUENCE_STEP (self));                      \
    set_string (self, &self->field, field, prop);                       \
  }

#define UINT_ACCESSORS(field, prop, maximum)                            \
  guint                                                                 \
  sw_sequence_step_get_##field (SwSequenceStep *self)                   \
  {                                                                     \
    g_return_val_if_fail (SW_IS_SEQUENCE_STEP (self), 0);               \
    return self->field;                                                 \
  }                                                                     \
                                                                        \
  void                                                                  \
  sw_sequence_step_set_##field (SwSequenceStep *self,                   \
                                guint           field)                  \
  {                                                                     \
    g_return_if_fail (SW_IS_SEQUENCE_STEP (self));                      \
    g_return_if_fail (field <= maximum);                                \
    set_uint (self, &self->field, field, prop);                         \
  }

#define ENUM_ACCESSORS(field, prop, type, maximum)                      \
  type                                                                  \
  sw_sequence_step_get_##field (SwSequenceStep *self)                   \
  {                                                                     \
    g_return_val_if_fail (SW_IS_SEQUENCE_STEP (self), 0);               \
    return self->field;                                                 \
  }                                                                     \
                                                                        \
  void                                                                  \
  sw_sequence_step_set_##field (SwSequenceStep *self,                   \
                                type            field)                  \
  {                                                                     \
    g_return_if_fail (SW_IS_SEQUENCE_STEP (self));                      \
    g_return_if_fail ((guint) field <= (guint) maximum);                \
    set_uint (self, (guint *) &self->field, field, prop);               \
  }

STRING_ACCESSORS (name, PROP_NAME)
STRING_ACCESSORS (message, PROP_MESSAGE)
STRING_ACCESSORS (pattern, PROP_PATTERN)
STRING_ACCESSORS (go_to, PROP_GO_TO)
STRING_ACCESSORS (repeat_from, PROP_REPEAT_FROM)
UINT_ACCESSORS (timeout, PROP_TIMEOUT, SW_STEP_MAX_MS)
UINT_ACCESSORS (duration, PROP_DURATION, SW_STEP_MAX_MS)
ENUM_ACCESSORS (match_kind, PROP_MATCH_KIND, SwMatchKind, SW_MATCH_KIND_HEX)
ENUM_ACCESSORS (encoding, PROP_ENCODING, SwEncoding, SW_N_ENCODINGS - 1)
ENUM_ACCESSORS (on_unmet, PROP_ON_UNMET, SwUnmetAction, SW_UNMET_ACTION_GO_TO)

SwStepKind
sw_sequence_step_get_kind (SwSequenceStep *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE_STEP (self), SW_STEP_KIND_SEND);

  return self->kind;
}

/**
 * sw_sequence_step_get_payload:
 *
 * Returns: (transfer none): the message a Send step sends when it names
 *   none of the library; edit it in place
 */
SwMessage *
sw_sequence_step_get_payload (SwSequenceStep *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE_STEP (self), NULL);

  return self->payload;
}

guint
sw_sequence_step_get_count (SwSequenceStep *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE_STEP (self), 1);

  return self->count;
}

void
sw_sequence_step_set_count (SwSequenceStep *self,
                            guint           count)
{
  g_return_if_fail (SW_IS_SEQUENCE_STEP (self));
  g_return_if_fail (count >= 1 && count <= SW_STEP_MAX_COUNT);

  set_uint (self, &self->count, count, PROP_COUNT);
}

void
sw_sequence_step_set_payload (SwSequenceStep *self,
                              SwMessage      *payload)
{
  g_return_if_fail (SW_IS_SEQUENCE_STEP (self));
  g_return_if_fail (SW_IS_MESSAGE (payload));

  if (sw_message_equal (self->payload, payload))
    return;

  take_payload (self, sw_message_copy (payload));
  g_signal_emit (self, signals[CHANGED], 0);
}

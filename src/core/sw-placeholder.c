/* sw-placeholder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-placeholder"

#include "config.h"

#include "sw-placeholder-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-core-private.h"

/*
 * Placeholders are "{{name}}" or "{{name:argument}}" on one line:
 * {{counter}}, {{counter:04}}, {{time}}, {{date}}, {{unixtime}} and
 * {{random:N}}. With placeholders on, "{{" always opens one (braces
 * before it are literal, so "{{{counter}}}" is a counter in braces); a
 * literal "{{" is written with escapes (\x7B) or in hex (7B 7B).
 */

/* Longest part of a placeholder quoted in an error, in characters. */
#define QUOTE_MAX 24

struct _SwPlaceholderState
{
  GObject                 parent_instance;

  guint64                 counter;
  GRand                  *rand;
  SwPlaceholderClockFunc  clock;
  gpointer                clock_data;
};

G_DEFINE_FINAL_TYPE (SwPlaceholderState, sw_placeholder_state, G_TYPE_OBJECT)

G_DEFINE_QUARK (sw-placeholder-error-quark, sw_placeholder_error)

enum {
  PROP_0,
  PROP_COUNTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sw_placeholder_state_finalize (GObject *object)
{
  SwPlaceholderState *self = (SwPlaceholderState *) object;

  g_rand_free (self->rand);

  G_OBJECT_CLASS (sw_placeholder_state_parent_class)->finalize (object);
}

static void
sw_placeholder_state_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SwPlaceholderState *self = SW_PLACEHOLDER_STATE (object);

  switch (prop_id)
    {
    case PROP_COUNTER:
      g_value_set_uint64 (value, self->counter);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_placeholder_state_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SwPlaceholderState *self = SW_PLACEHOLDER_STATE (object);

  switch (prop_id)
    {
    case PROP_COUNTER:
      sw_placeholder_state_set_counter (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_placeholder_state_class_init (SwPlaceholderStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sw_placeholder_state_finalize;
  object_class->get_property = sw_placeholder_state_get_property;
  object_class->set_property = sw_placeholder_state_set_property;

  properties[PROP_COUNTER] =
    g_param_spec_uint64 ("counter", NULL, NULL,
                         0, G_MAXUINT64, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_placeholder_state_init (SwPlaceholderState *self)
{
  self->counter = 1;
  self->rand = g_rand_new ();
}

/**
 * sw_placeholder_state_new:
 *
 * A session's placeholder state: {{counter}} starts at 1, the clock is
 * the local time, and {{random:N}} comes from a randomly seeded generator.
 *
 * Returns: (transfer full): a new #SwPlaceholderState
 */
SwPlaceholderState *
sw_placeholder_state_new (void)
{
  return g_object_new (SW_TYPE_PLACEHOLDER_STATE, NULL);
}

guint64
sw_placeholder_state_get_counter (SwPlaceholderState *self)
{
  g_return_val_if_fail (SW_IS_PLACEHOLDER_STATE (self), 0);

  return self->counter;
}

void
sw_placeholder_state_set_counter (SwPlaceholderState *self,
                                  guint64             counter)
{
  g_return_if_fail (SW_IS_PLACEHOLDER_STATE (self));

  if (self->counter == counter)
    return;

  self->counter = counter;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTER]);
}

void
_sw_placeholder_state_set_clock (SwPlaceholderState     *self,
                                 SwPlaceholderClockFunc  clock,
                                 gpointer                user_data)
{
  g_return_if_fail (SW_IS_PLACEHOLDER_STATE (self));

  self->clock = clock;
  self->clock_data = user_data;
}

void
_sw_placeholder_state_set_seed (SwPlaceholderState *self,
                                guint32             seed)
{
  g_return_if_fail (SW_IS_PLACEHOLDER_STATE (self));

  g_rand_set_seed (self->rand, seed);
}

/* Sets the error of a malformed placeholder: @code, and for an invalid
 * argument, the @kind whose argument it is. */
static void
set_error (GError            **error,
           gsize              *error_offset,
           SwPlaceholderError  code,
           SwPlaceholderKind   kind,
           const char         *text,
           gsize               length,
           gsize               offset,
           gsize               found_length)
{
  gboolean multiline = memchr (text, '\n', length) != NULL;
  g_autofree char *found = NULL;
  guint line;
  guint column;

  if (error_offset != NULL)
    *error_offset = offset;
  if (error == NULL)
    return;

  found = _sw_text_quote (text + offset, found_length, QUOTE_MAX);
  _sw_text_offset_to_position (text, offset, &line, &column);

  switch (code)
    {
    case SW_PLACEHOLDER_ERROR_UNCLOSED:
      if (multiline)
        g_set_error (error, SW_PLACEHOLDER_ERROR, code,
                     /* Translators: keep “}}” as is */
                     _("Unclosed placeholder at line %u, column %u: end it with }} on the same line"),
                     line, column);
      else
        g_set_error (error, SW_PLACEHOLDER_ERROR, code,
                     /* Translators: keep “}}” as is */
                     _("Unclosed placeholder at column %u: end it with }}"),
                     column);
      break;

    case SW_PLACEHOLDER_ERROR_UNKNOWN:
      if (multiline)
        g_set_error (error, SW_PLACEHOLDER_ERROR, code,
                     /* Translators: %s is what was typed, such as “{{count}}”;
                      * keep the placeholder names in braces as they are */
                     _("Unknown placeholder “%s” at line %u, column %u: use {{counter}}, "
                       "{{time}}, {{date}}, {{unixtime}} or {{random:N}}"),
                     found, line, column);
      else
        g_set_error (error, SW_PLACEHOLDER_ERROR, code,
                     /* Translators: %s is what was typed, such as “{{count}}”;
                      * keep the placeholder names in braces as they are */
                     _("Unknown placeholder “%s” at column %u: use {{counter}}, "
                       "{{time}}, {{date}}, {{unixtime}} or {{random:N}}"),
                     found, column);
      break;

    case SW_PLACEHOLDER_ERROR_INVALID_ARGUMENT:
      if (kind == SW_PLACEHOLDER_RANDOM && multiline)
        g_set_error (error, SW_PLACEHOLDER_ERROR, code,
                     /* Translators: the first %s is what was typed, such as
                      * “{{random:0}}”; the last %u is the largest number */
                     _("“%s” at line %u, column %u: {{random:N}} takes a number "
                       "of bytes from 1 to %u"),
                     found, line, column, (guint) SW_PLACEHOLDER_RANDOM_MAX);
      else if (kind == SW_PLACEHOLDER_RANDOM)
        g_set_error (error, SW_PLACEHOLDER_ERROR, code,
                     /* Translators: the first %s is what was typed, such as
                      * “{{random:0}}”; the last %u is the largest number */
                     _("“%s” at column %u: {{random:N}} takes a number of bytes from 1 to %u"),
                     found, column, (guint) SW_PLACEHOLDER_RANDOM_MAX);
      else if (multiline)
        g_set_error (error, SW_PLACEHOLDER_ERROR, code,
                     /* Translators: the first %s is what was typed, such as
                      * “{{counter:x}}”; the last %u is the largest width */
                     _("“%s” at line %u, column %u: {{counter:N}} takes a width "
                       "from 1 to %u, such as {{counter:04}}"),
                     found, line, column, (guint) SW_PLACEHOLDER_COUNTER_WIDTH_MAX);
      else
        g_set_error (error, SW_PLACEHOLDER_ERROR, code,
                     /* Translators: the first %s is what was typed, such as
                      * “{{counter:x}}”; the last %u is the largest width */
                     _("“%s” at column %u: {{counter:N}} takes a width from 1 to %u, "
                       "such as {{counter:04}}"),
                     found, column, (guint) SW_PLACEHOLDER_COUNTER_WIDTH_MAX);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* A decimal number of at most @max_digits digits, or -1. */
static gint64
parse_number (const char *p,
              gsize       length,
              guint       max_digits)
{
  gint64 value = 0;

  if (length == 0 || length > max_digits)
    return -1;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return -1;
      value = value * 10 + (p[i] - '0');
    }

  return value;
}

static gboolean
name_is (const char *name,
         gsize       length,
         const char *wanted)
{
  return length == strlen (wanted) && memcmp (name, wanted, length) == 0;
}

/* Reads the name between the braces into @placeholder; returns the error
 * code, or -1 when it is valid. */
static gint
parse_name (const char    *name,
            gsize          length,
            SwPlaceholder *placeholder)
{
  const char *colon = memchr (name, ':', length);
  gsize name_length = colon != NULL ? (gsize) (colon - name) : length;
  const char *argument = colon != NULL ? colon + 1 : NULL;
  gsize argument_length = colon != NULL ? length - name_length - 1 : 0;
  gint64 value;

  placeholder->argument = 0;
  placeholder->zero_pad = FALSE;

  if (name_is (name, name_length, "counter"))
    {
      placeholder->kind = SW_PLACEHOLDER_COUNTER;
      if (argument == NULL)
        return -1;

      value = parse_number (argument, argument_length, 3);
      if (value < 1 || value > SW_PLACEHOLDER_COUNTER_WIDTH_MAX)
        return SW_PLACEHOLDER_ERROR_INVALID_ARGUMENT;

      placeholder->argument = value;
      placeholder->zero_pad = argument[0] == '0';
      return -1;
    }

  if (name_is (name, name_length, "random"))
    {
      placeholder->kind = SW_PLACEHOLDER_RANDOM;
      value = argument != NULL ? parse_number (argument, argument_length, 6) : -1;
      if (value < 1 || value > SW_PLACEHOLDER_RANDOM_MAX)
        return SW_PLACEHOLDER_ERROR_INVALID_ARGUMENT;

      placeholder->argument = value;
      return -1;
    }

  if (argument != NULL)
    return SW_PLACEHOLDER_ERROR_UNKNOWN;

  if (name_is (name, name_length, "time"))
    placeholder->kind = SW_PLACEHOLDER_TIME;
  else if (name_is (name, name_length, "date"))
    placeholder->kind = SW_PLACEHOLDER_DATE;
  else if (name_is (name, name_length, "unixtime"))
    placeholder->kind = SW_PLACEHOLDER_UNIXTIME;
  else
    return SW_PLACEHOLDER_ERROR_UNKNOWN;

  return -1;
}

/**
 * _sw_placeholder_scan:
 * @text: the text of a message
 * @length: its length in bytes
 * @placeholders: an array of #SwPlaceholder to append to
 * @error_offset: (out) (optional): on error, the offset of the "{{"
 * @error: return location for a #GError (#SW_PLACEHOLDER_ERROR)
 *
 * Returns: %TRUE when every placeholder of @text is valid
 */
gboolean
_sw_placeholder_scan (const char  *text,
                      gsize        length,
                      GArray      *placeholders,
                      gsize       *error_offset,
                      GError     **error)
{
  const char *end = text + length;
  const char *p = text;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (placeholders != NULL, FALSE);

  while (p + 1 < end)
    {
      const char *open = memchr (p, '{', end - p - 1);
      const char *close = NULL;
      SwPlaceholder placeholder = { 0 };
      gint code;

      if (open == NULL)
        break;
      if (open[1] != '{')
        {
          p = open + 1;
          continue;
        }

      /* The braces before the last two are literal. */
      while (open + 2 < end && open[2] == '{')
        open++;

      for (const char *q = open + 2; q + 1 < end && *q != '\n' && *q != '\r'; q++)
        if (q[0] == '}' && q[1] == '}')
          {
            close = q;
            break;
          }

      if (close == NULL)
        {
          const char *line_end = open;

          while (line_end < end && *line_end != '\n' && *line_end != '\r')
            line_end++;
          set_error (error, error_offset, SW_PLACEHOLDER_ERROR_UNCLOSED, 0,
                     text, length, open - text, line_end - open);
          return FALSE;
        }

      placeholder.start = open - text;
      placeholder.end = close + 2 - text;
      code = parse_name (open + 2, close - (open + 2), &placeholder);
      if (code >= 0)
        {
          set_error (error, error_offset, code, placeholder.kind, text, length,
                     placeholder.start, placeholder.end - placeholder.start);
          return FALSE;
        }

      g_array_append_val (placeholders, placeholder);
      p = close + 2;
    }

  return TRUE;
}

void
_sw_placeholder_expansion_init (SwPlaceholderExpansion *expansion,
                                SwPlaceholderState     *state)
{
  g_return_if_fail (SW_IS_PLACEHOLDER_STATE (state));

  expansion->state = g_object_ref (state);
  expansion->now = state->clock != NULL ? state->clock (state->clock_data)
                                        : g_date_time_new_now_local ();
  expansion->counter = state->counter;
  expansion->counter_used = FALSE;
}

GBytes *
_sw_placeholder_expansion_value (SwPlaceholderExpansion *expansion,
                                 const SwPlaceholder    *placeholder,
                                 gboolean               *is_text)
{
  char *text;

  *is_text = TRUE;

  switch (placeholder->kind)
    {
    case SW_PLACEHOLDER_COUNTER:
      expansion->counter_used = TRUE;
      if (placeholder->zero_pad)
        text = g_strdup_printf ("%0*" G_GUINT64_FORMAT, (int) placeholder->argument,
                                expansion->counter);
      else
        text = g_strdup_printf ("%*" G_GUINT64_FORMAT, (int) placeholder->argument,
                                expansion->counter);
      break;

    case SW_PLACEHOLDER_TIME:
      text = g_date_time_format (expansion->now, "%H:%M:%S");
      break;

    case SW_PLACEHOLDER_DATE:
      text = g_date_time_format (expansion->now, "%Y-%m-%d");
      break;

    case SW_PLACEHOLDER_UNIXTIME:
      text = g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (expansion->now));
      break;

    case SW_PLACEHOLDER_RANDOM:
      {
        guint8 *data = g_malloc (placeholder->argument);

        guint32 value = 0;

        /* Byte by byte, so that a seed gives the same bytes everywhere. */
        for (guint i = 0; i < placeholder->argument; i++)
          {
            if (i % 4 == 0)
              value = g_rand_int (expansion->state->rand);
            data[i] = value & 0xff;
            value >>= 8;
          }

        *is_text = FALSE;
        return g_bytes_new_take (data, placeholder->argument);
      }

    default:
      g_assert_not_reached ();
    }

  return g_bytes_new_take (text, strlen (text));
}

void
_sw_placeholder_expansion_clear (SwPlaceholderExpansion *expansion,
                                 gboolean                commit)
{
  if (expansion->state == NULL)
    return;

  if (commit && expansion->counter_used)
    sw_placeholder_state_set_counter (expansion->state, expansion->counter + 1);

  g_clear_pointer (&expansion->now, g_date_time_unref);
  g_clear_object (&expansion->state);
}

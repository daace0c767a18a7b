/* sw-framing.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-framing"

#include "config.h"

#include "sw-framing.h"

#include <glib/gi18n-lib.h>

#include "sw-core-enums.h"
#include "sw-core-private.h"
#include "sw-escape.h"
#include "sw-hex.h"

/*
 * A session's framing settings. They are only settings: SwFramer takes a
 * snapshot of them (sw_framer_new()) and does the work, so a change re-splits
 * the log from the start instead of changing a framer halfway through.
 */

#define DEFAULT_DELIMITER    "\\n"
#define DEFAULT_FIXED_LENGTH 8
#define DEFAULT_LENGTH_SIZE  2
#define DEFAULT_IDLE_GAP_MS  50
#define MAX_IDLE_GAP_MS      (60 * 60 * 1000)

struct _SwFraming
{
  GObject  parent_instance;

  char    *delimiter;
  guint    mode;              /* SwFramingMode */
  guint    delimiter_format;  /* SwPayloadFormat */
  gboolean keep_delimiter;
  guint    fixed_length;
  guint    length_offset;
  guint    length_size;
  gboolean length_big_endian;
  gboolean length_includes_header;
  gint     length_adjust;
  guint    max_frame_size;
  guint    idle_gap_ms;
};

G_DEFINE_FINAL_TYPE (SwFraming, sw_framing, G_TYPE_OBJECT)

G_DEFINE_QUARK (sw-framing-error-quark, sw_framing_error)

enum {
  PROP_0,
  PROP_MODE,
  PROP_DELIMITER,
  PROP_DELIMITER_FORMAT,
  PROP_KEEP_DELIMITER,
  PROP_FIXED_LENGTH,
  PROP_LENGTH_OFFSET,
  PROP_LENGTH_SIZE,
  PROP_LENGTH_BIG_ENDIAN,
  PROP_LENGTH_INCLUDES_HEADER,
  PROP_LENGTH_ADJUST,
  PROP_MAX_FRAME_SIZE,
  PROP_IDLE_GAP_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_uint (SwFraming *self,
          guint     *field,
          guint      value,
          guint      prop_id)
{
  _sw_object_set_uint (G_OBJECT (self), field, value, properties[prop_id]);
}

static void
set_int (SwFraming *self,
         gint      *field,
         gint       value,
         guint      prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/**
 * sw_framing_new:
 *
 * Returns: (transfer full): framing settings with the defaults: no
 *   framing, "\n" as the delimiter, 64 KiB frames at most
 */
SwFraming *
sw_framing_new (void)
{
  return g_object_new (SW_TYPE_FRAMING, NULL);
}

SwFramingMode
sw_framing_get_mode (SwFraming *self)
{
  g_return_val_if_fail (SW_IS_FRAMING (self), SW_FRAMING_MODE_NONE);

  return self->mode;
}

void
sw_framing_set_mode (SwFraming     *self,
                     SwFramingMode  mode)
{
  g_return_if_fail (SW_IS_FRAMING (self));
  g_return_if_fail (mode <= SW_FRAMING_MODE_IDLE_GAP);

  set_uint (self, &self->mode, mode, PROP_MODE);
}

const char *
sw_framing_get_delimiter (SwFraming *self)
{
  g_return_val_if_fail (SW_IS_FRAMING (self), NULL);

  return self->delimiter;
}

void
sw_framing_set_delimiter (SwFraming  *self,
                          const char *delimiter)
{
  g_return_if_fail (SW_IS_FRAMING (self));

  if (delimiter == NULL)
    delimiter = "";

  if (g_strcmp0 (self->delimiter, delimiter) == 0)
    return;

  g_free (self->delimiter);
  self->delimiter = g_strdup (delimiter);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIMITER]);
}

SwPayloadFormat
sw_framing_get_delimiter_format (SwFraming *self)
{
  g_return_val_if_fail (SW_IS_FRAMING (self), SW_PAYLOAD_FORMAT_TEXT);

  return self->delimiter_format;
}

void
sw_framing_set_delimiter_format (SwFraming       *self,
                                 SwPayloadFormat  format)
{
  g_return_if_fail (SW_IS_FRAMING (self));
  g_return_if_fail (format <= SW_PAYLOAD_FORMAT_HEX);

  set_uint (self, &self->delimiter_format, format, PROP_DELIMITER_FORMAT);
}

gboolean
sw_framing_get_keep_delimiter (SwFraming *self)
{
  g_return_val_if_fail (SW_IS_FRAMING (self), TRUE);

  return self->keep_delimiter;
}

void
sw_framing_set_keep_delimiter (SwFraming *self,
                               gboolean   keep_delimiter)
{
  g_return_if_fail (SW_IS_FRAMING (self));

  set_int (self, &self->keep_delimiter, !!keep_delimiter, PROP_KEEP_DELIMITER);
}

guint
sw_framing_get_fixed_length (SwFraming *self)
{
  g_return_val_if_fail (SW_IS_FRAMING (self), 0);

  return self->fixed_length;
}

void
sw_framing_set_fixed_length (SwFraming *self,
                             guint      fixed_length)
{
  g_return_if_fail (SW_IS_FRAMING (self));
  g_return_if_fail (fixed_length <= SW_FRAMING_MAX_FRAME_SIZE_LIMIT);

  set_uint (self, &self->fixed_length, fixed_length, PROP_FIXED_LENGTH);
}

guint
sw_framing_get_length_offset (SwFraming *self)
{
  g_return_val_if_fail (SW_IS_FRAMING (self), 0);

  return self->length_offset;
}

void
sw_framing_set_length_offset (SwFraming *self,
                              guint      length_offset)
{
  g_return_if_fail (SW_IS_FRAMING (self));
  g_return_if_fail (length_offset <= SW_FRAMING_MAX_FRAME_SIZE_LIMIT);

  set_uint (self, &self->length_offset, length_offset, PROP_LENGTH_OFFSET);
}

guint
sw_framing_get_length_size (SwFraming *self)
{
  g_return_val_if_fail (SW_IS_FRAMING (self), DEFAULT_LENGTH_SIZE);

  return self->length_size;
}

void
sw_framing_set_length_size (SwFraming *self,
                            guint      length_size)
{
  g_return_if_fail (SW_IS_FRAMING (self));
  g_return_if_fail (length_size >= 1 && length_size <= 4);

  set_uint (self, &self->length_size, length_size, PROP_LENGTH_SIZE);
}

gboolean
sw_framing_get_length_big_endian (SwFraming *self)
{
  g_return_val_if_fail (SW_IS_FRAMING (self), TRUE);

  return self->length_big_endian;
}

void
sw_framing_set_length_big_endian (SwFraming *self,
                                  gboolean   big_endian)
{
  g_return_if_fail (SW_IS_FRAMING (self));

  set_int (self, &self->length_big_endian, !!big_endian, PROP_LENGTH_BIG_ENDIAN);
}

gboolean
sw_framing_get_length_includes_header (SwFraming *self)
{
  g_return_val_if_fail (SW_IS_FRAMING (self), FALSE);

  return self->length_includes_header;
}

void
sw_framing_set_length_includes_header (SwFraming *self,
                                       gboolean   includes_header)
{
  g_return_if_fail (SW_IS_FRAMING (self));

  set_int (self, &self->length_includes_header, !!includes_header,
           PROP_LENGTH_INCLUDES_HEADER);
}

gint
sw_framing_get_length_adjust (SwFraming *self)
{
  g_return_val_if_fail (SW_IS_FRAMING (self), 0);

  return self->length_adjust;
}

void
sw_framing_set_length_adjust (SwFraming *self,
                              gint       length_adjust)
{
  g_return_if_fail (SW_IS_FRAMING (self));
  g_return_if_fail (ABS (length_adjust) <= SW_FRAMING_MAX_FRAME_SIZE_LIMIT);

  set_int (self, &self->length_adjust, length_adjust, PROP_LENGTH_ADJUST);
}

guint
sw_framing_get_max_frame_size (SwFraming *self)
{
  g_return_val_if_fail (SW_IS_FRAMING (self), SW_FRAMING_DEFAULT_MAX_FRAME_SIZE);

  return self->max_frame_size;
}

void
sw_framing_set_max_frame_size (SwFraming *self,
                               guint      max_frame_size)
{
  g_return_if_fail (SW_IS_FRAMING (self));
  g_return_if_fail (max_frame_size >= 1 && max_frame_size <= SW_FRAMING_MAX_FRAME_SIZE_LIMIT);

  set_uint (self, &self->max_frame_size, max_frame_size, PROP_MAX_FRAME_SIZE);
}

guint
sw_framing_get_idle_gap_ms (SwFraming *self)
{
  g_return_val_if_fail (SW_IS_FRAMING (self), DEFAULT_IDLE_GAP_MS);

  return self->idle_gap_ms;
}

void
sw_framing_set_idle_gap_ms (SwFraming *self,
                            guint      idle_gap_ms)
{
  g_return_if_fail (SW_IS_FRAMING (self));
  g_return_if_fail (idle_gap_ms <= MAX_IDLE_GAP_MS);

  set_uint (self, &self->idle_gap_ms, idle_gap_ms, PROP_IDLE_GAP_MS);
}

/**
 * sw_framing_parse_delimiter:
 * @error_offset: (out) (optional): on error, where in the delimiter text
 *
 * Returns: (transfer full) (nullable): the delimiter's bytes, never empty,
 *   or %NULL with @error set (SW_FRAMING_ERROR_DELIMITER)
 */
GBytes *
sw_framing_parse_delimiter (SwFraming  *self,
                            gsize      *error_offset,
                            GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (SW_IS_FRAMING (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->delimiter_format == SW_PAYLOAD_FORMAT_HEX)
    bytes = sw_hex_parse (self->delimiter, -1, error_offset, &local_error);
  else
    bytes = sw_escape_parse (self->delimiter, -1, SW_ENCODING_UTF8, error_offset, &local_error);

  if (bytes == NULL)
    {
      /* The parsers name the column; say which field it is in. */
      g_set_error (error, SW_FRAMING_ERROR, SW_FRAMING_ERROR_DELIMITER,
                   /* Translators: %s says what is wrong, as “Invalid hex digit “g” at column 3” */
                   _("Delimiter: %s"), local_error->message);
      return NULL;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      if (error_offset != NULL)
        *error_offset = 0;
      if (self->delimiter_format == SW_PAYLOAD_FORMAT_HEX)
        g_set_error_literal (error, SW_FRAMING_ERROR, SW_FRAMING_ERROR_DELIMITER,
                             _("The delimiter is empty: type its bytes in hex, such as 0D 0A"));
      else
        g_set_error_literal (error, SW_FRAMING_ERROR, SW_FRAMING_ERROR_DELIMITER,
                             _("The delimiter is empty: type it, such as \\n or \\r\\n"));
      return NULL;
    }

  return g_steal_pointer (&bytes);
}

gboolean
sw_framing_validate (SwFraming  *self,
                     GError    **error)
{
  g_autoptr(GBytes) delimiter = NULL;

  g_return_val_if_fail (SW_IS_FRAMING (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch ((SwFramingMode) self->mode)
    {
    case SW_FRAMING_MODE_NONE:
      return TRUE;

    case SW_FRAMING_MODE_DELIMITER:
      delimiter = sw_framing_parse_delimiter (self, NULL, error);
      if (delimiter == NULL)
        return FALSE;
      if (g_bytes_get_size (delimiter) > self->max_frame_size)
        {
          g_set_error (error, SW_FRAMING_ERROR, SW_FRAMING_ERROR_DELIMITER,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The delimiter is longer than the maximum frame size of %u byte",
                                    "The delimiter is longer than the maximum frame size of %u bytes",
                                    self->max_frame_size),
                       self->max_frame_size);
          return FALSE;
        }
      return TRUE;

    case SW_FRAMING_MODE_FIXED:
      if (self->fixed_length == 0)
        {
          g_set_error_literal (error, SW_FRAMING_ERROR, SW_FRAMING_ERROR_FIXED_LENGTH,
                               _("The fixed length must be at least 1 byte"));
          return FALSE;
        }
      if (self->fixed_length > self->max_frame_size)
        {
          g_set_error (error, SW_FRAMING_ERROR, SW_FRAMING_ERROR_FIXED_LENGTH,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The fixed length is larger than the maximum frame size of %u byte",
                                    "The fixed length is larger than the maximum frame size of %u bytes",
                                    self->max_frame_size),
                       self->max_frame_size);
          return FALSE;
        }
      return TRUE;

    case SW_FRAMING_MODE_LENGTH_FIELD:
      if (self->length_size != 1 && self->length_size != 2 && self->length_size != 4)
        {
          g_set_error (error, SW_FRAMING_ERROR, SW_FRAMING_ERROR_LENGTH_FIELD,
                       _("The length field has %u bytes: it must have 1, 2 or 4"),
                       self->length_size);
          return FALSE;
        }
      if ((guint64) self->length_offset + self->length_size > self->max_frame_size)
        {
          g_set_error (error, SW_FRAMING_ERROR, SW_FRAMING_ERROR_LENGTH_FIELD,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The length field ends after the maximum frame size of %u byte",
                                    "The length field ends after the maximum frame size of %u bytes",
                                    self->max_frame_size),
                       self->max_frame_size);
          return FALSE;
        }
      return TRUE;

    case SW_FRAMING_MODE_IDLE_GAP:
      if (self->idle_gap_ms == 0)
        {
          g_set_error_literal (error, SW_FRAMING_ERROR, SW_FRAMING_ERROR_IDLE_GAP,
                               _("The idle gap must be at least 1 ms"));
          return FALSE;
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static GVariant *
value_to_variant (const GValue *value)
{
  GType type = G_VALUE_TYPE (value);

  if (G_TYPE_IS_ENUM (type))
    {
      g_autoptr(GEnumClass) enum_class = g_type_class_ref (type);
      GEnumValue *enum_value = g_enum_get_value (enum_class, g_value_get_enum (value));

      g_assert (enum_value != NULL);
      return g_variant_new_string (enum_value->value_nick);
    }

  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_BOOLEAN:
      return g_variant_new_boolean (g_value_get_boolean (value));
    case G_TYPE_INT:
      return g_variant_new_int32 (g_value_get_int (value));
    case G_TYPE_UINT:
      return g_variant_new_uint32 (g_value_get_uint (value));
    case G_TYPE_STRING:
      return g_variant_new_string (g_value_get_string (value));
    default:
      g_assert_not_reached ();
    }
}

/* Fills @value (initialized to the property's type) from @variant;
 * FALSE when the variant has another type or names no enum value. */
static gboolean
variant_to_value (GVariant *variant,
                  GValue   *value)
{
  GType type = G_VALUE_TYPE (value);

  if (G_TYPE_IS_ENUM (type))
    {
      g_autoptr(GEnumClass) enum_class = NULL;
      GEnumValue *enum_value;

      if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_STRING))
        return FALSE;
      enum_class = g_type_class_ref (type);
      enum_value = g_enum_get_value_by_nick (enum_class, g_variant_get_string (variant, NULL));
      if (enum_value == NULL)
        return FALSE;
      g_value_set_enum (value, enum_value->value);
      return TRUE;
    }

  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_BOOLEAN:
      if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_BOOLEAN))
        return FALSE;
      g_value_set_boolean (value, g_variant_get_boolean (variant));
      return TRUE;
    case G_TYPE_INT:
      if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_INT32))
        return FALSE;
      g_value_set_int (value, g_variant_get_int32 (variant));
      return TRUE;
    case G_TYPE_UINT:
      if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_UINT32))
        return FALSE;
      g_value_set_uint (value, g_variant_get_uint32 (variant));
      return TRUE;
    case G_TYPE_STRING:
      if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_STRING))
        return FALSE;
      g_value_set_string (value, g_variant_get_string (variant, NULL));
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/**
 * sw_framing_save:
 *
 * Returns: (transfer floating): an a{sv} of every setting
 */
GVariant *
sw_framing_save (SwFraming *self)
{
  GVariantBuilder builder;

  g_return_val_if_fail (SW_IS_FRAMING (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  for (guint i = 1; i < N_PROPS; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      g_value_init (&value, properties[i]->value_type);
      g_object_get_property (G_OBJECT (self), properties[i]->name, &value);
      g_variant_builder_add (&builder, "{sv}", properties[i]->name, value_to_variant (&value));
    }

  return g_variant_builder_end (&builder);
}

void
sw_framing_restore (SwFraming *self,
                    GVariant  *state)
{
  GVariantIter iter;
  const char *key;
  GVariant *variant;

  g_return_if_fail (SW_IS_FRAMING (self));
  g_return_if_fail (state != NULL);
  g_return_if_fail (g_variant_is_of_type (state, G_VARIANT_TYPE_VARDICT));

  /* All at once, so "changed" says it once and a view re-splits once. */
  g_object_freeze_notify (G_OBJECT (self));

  g_variant_iter_init (&iter, state);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &variant))
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), key);
      g_auto(GValue) value = G_VALUE_INIT;

      if (pspec == NULL || pspec->owner_type != SW_TYPE_FRAMING)
        continue;

      g_value_init (&value, pspec->value_type);
      /* Out of range counts as mistyped: g_param_value_validate() would
       * clamp it, and a clamped value is not what was saved. */
      if (!variant_to_value (variant, &value) || g_param_value_validate (pspec, &value))
        continue;

      g_object_set_property (G_OBJECT (self), key, &value);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
sw_framing_dispatch_properties_changed (GObject     *object,
                                        guint        n_pspecs,
                                        GParamSpec **pspecs)
{
  G_OBJECT_CLASS (sw_framing_parent_class)->dispatch_properties_changed (object, n_pspecs, pspecs);

  g_signal_emit (object, signals[CHANGED], 0);
}

static void
sw_framing_finalize (GObject *object)
{
  SwFraming *self = SW_FRAMING (object);

  g_clear_pointer (&self->delimiter, g_free);

  G_OBJECT_CLASS (sw_framing_parent_class)->finalize (object);
}

static void
sw_framing_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SwFraming *self = SW_FRAMING (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_DELIMITER:
      g_value_set_string (value, self->delimiter);
      break;
    case PROP_DELIMITER_FORMAT:
      g_value_set_enum (value, self->delimiter_format);
      break;
    case PROP_KEEP_DELIMITER:
      g_value_set_boolean (value, self->keep_delimiter);
      break;
    case PROP_FIXED_LENGTH:
      g_value_set_uint (value, self->fixed_length);
      break;
    case PROP_LENGTH_OFFSET:
      g_value_set_uint (value, self->length_offset);
      break;
    case PROP_LENGTH_SIZE:
      g_value_set_uint (value, self->length_size);
      break;
    case PROP_LENGTH_BIG_ENDIAN:
      g_value_set_boolean (value, self->length_big_endian);
      break;
    case PROP_LENGTH_INCLUDES_HEADER:
      g_value_set_boolean (value, self->length_includes_header);
      break;
    case PROP_LENGTH_ADJUST:
      g_value_set_int (value, self->length_adjust);
      break;
    case PROP_MAX_FRAME_SIZE:
      g_value_set_uint (value, self->max_frame_size);
      break;
    case PROP_IDLE_GAP_MS:
      g_value_set_uint (value, self->idle_gap_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_framing_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SwFraming *self = SW_FRAMING (object);

  switch (prop_id)
    {
    case PROP_MODE:
      sw_framing_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_DELIMITER:
      sw_framing_set_delimiter (self, g_value_get_string (value));
      break;
    case PROP_DELIMITER_FORMAT:
      sw_framing_set_delimiter_format (self, g_value_get_enum (value));
      break;
    case PROP_KEEP_DELIMITER:
      sw_framing_set_keep_delimiter (self, g_value_get_boolean (value));
      break;
    case PROP_FIXED_LENGTH:
      sw_framing_set_fixed_length (self, g_value_get_uint (value));
      break;
    case PROP_LENGTH_OFFSET:
      sw_framing_set_length_offset (self, g_value_get_uint (value));
      break;
    case PROP_LENGTH_SIZE:
      sw_framing_set_length_size (self, g_value_get_uint (value));
      break;
    case PROP_LENGTH_BIG_ENDIAN:
      sw_framing_set_length_big_endian (self, g_value_get_boolean (value));
      break;
    case PROP_LENGTH_INCLUDES_HEADER:
      sw_framing_set_length_includes_header (self, g_value_get_boolean (value));
      break;
    case PROP_LENGTH_ADJUST:
      sw_framing_set_length_adjust (self, g_value_get_int (value));
      break;
    case PROP_MAX_FRAME_SIZE:
      sw_framing_set_max_frame_size (self, g_value_get_uint (value));
      break;
    case PROP_IDLE_GAP_MS:
      sw_framing_set_idle_gap_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static GParamSpec *
boolean_pspec (const char *name,
               gboolean    default_value)
{
  return g_param_spec_boolean (name, NULL, NULL, default_value, PARAM_FLAGS);
}

static GParamSpec *
uint_pspec (const char *name,
            guint       minimum,
            guint       maximum,
            guint       default_value)
{
  return g_param_spec_uint (name, NULL, NULL, minimum, maximum, default_value, PARAM_FLAGS);
}

static void
sw_framing_class_init (SwFramingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispatch_properties_changed = sw_framing_dispatch_properties_changed;
  object_class->finalize = sw_framing_finalize;
  object_class->get_property = sw_framing_get_property;
  object_class->set_property = sw_framing_set_property;

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL,
                       SW_TYPE_FRAMING_MODE, SW_FRAMING_MODE_NONE, PARAM_FLAGS);
  properties[PROP_DELIMITER] =
    g_param_spec_string ("delimiter", NULL, NULL, DEFAULT_DELIMITER, PARAM_FLAGS);
  properties[PROP_DELIMITER_FORMAT] =
    g_param_spec_enum ("delimiter-format", NULL, NULL,
                       SW_TYPE_PAYLOAD_FORMAT, SW_PAYLOAD_FORMAT_TEXT, PARAM_FLAGS);
  properties[PROP_KEEP_DELIMITER] = boolean_pspec ("keep-delimiter", TRUE);
  properties[PROP_FIXED_LENGTH] =
    uint_pspec ("fixed-length", 0, SW_FRAMING_MAX_FRAME_SIZE_LIMIT, DEFAULT_FIXED_LENGTH);
  properties[PROP_LENGTH_OFFSET] =
    uint_pspec ("length-offset", 0, SW_FRAMING_MAX_FRAME_SIZE_LIMIT, 0);
  properties[PROP_LENGTH_SIZE] =
    uint_pspec ("length-size", 1, 4, DEFAULT_LENGTH_SIZE);
  properties[PROP_LENGTH_BIG_ENDIAN] = boolean_pspec ("length-big-endian", TRUE);
  properties[PROP_LENGTH_INCLUDES_HEADER] = boolean_pspec ("length-includes-header", FALSE);
  properties[PROP_LENGTH_ADJUST] =
    g_param_spec_int ("length-adjust", NULL, NULL,
                      -SW_FRAMING_MAX_FRAME_SIZE_LIMIT, SW_FRAMING_MAX_FRAME_SIZE_LIMIT, 0,
                      PARAM_FLAGS);
  properties[PROP_MAX_FRAME_SIZE] =
    uint_pspec ("max-frame-size", 1, SW_FRAMING_MAX_FRAME_SIZE_LIMIT,
                SW_FRAMING_DEFAULT_MAX_FRAME_SIZE);
  properties[PROP_IDLE_GAP_MS] =
    uint_pspec ("idle-gap-ms", 0, MAX_IDLE_GAP_MS, DEFAULT_IDLE_GAP_MS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwFraming::changed:
   *
   * A setting changed: once per change, and once for a g_object_set() or
   * a sw_framing_restore() of several.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
sw_framing_init (SwFraming *self)
{
  self->mode = SW_FRAMING_MODE_NONE;
  self->delimiter = g_strdup (DEFAULT_DELIMITER);
  self->delimiter_format = SW_PAYLOAD_FORMAT_TEXT;
  self->keep_delimiter = TRUE;
  self->fixed_length = DEFAULT_FIXED_LENGTH;
  self->length_size = DEFAULT_LENGTH_SIZE;
  self->length_big_endian = TRUE;
  self->max_frame_size = SW_FRAMING_DEFAULT_MAX_FRAME_SIZE;
  self->idle_gap_ms = DEFAULT_IDLE_GAP_MS;
}

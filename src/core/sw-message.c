/* sw-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-message"

#include "config.h"

#include "sw-message.h"

#include <glib/gi18n-lib.h>

#include "sw-core-enums.h"
#include "sw-core-private.h"

struct _SwMessage
{
  GObject          parent_instance;

  char            *name;
  char            *group;
  char            *note;
  char            *text;
  SwPayloadFormat  format;
  gboolean         escapes;
  SwLineEnding     line_ending;
  SwEncoding       encoding;
  gboolean         placeholders;

  char            *checksum;
  char            *checksum_byte_order;
  guint            checksum_start;
  guint            checksum_end_trim;

  char            *protocol;
  char            *host;
  guint            port;
  guint            repeat_interval;
};

G_DEFINE_FINAL_TYPE (SwMessage, sw_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_GROUP,
  PROP_NOTE,
  PROP_TEXT,
  PROP_FORMAT,
  PROP_ESCAPES,
  PROP_LINE_ENDING,
  PROP_ENCODING,
  PROP_PLACEHOLDERS,
  PROP_CHECKSUM,
  PROP_CHECKSUM_BYTE_ORDER,
  PROP_CHECKSUM_START,
  PROP_CHECKSUM_END_TRIM,
  PROP_PROTOCOL,
  PROP_HOST,
  PROP_PORT,
  PROP_REPEAT_INTERVAL,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_protocol (const char *protocol)
{
  return g_str_equal (protocol, "") || g_str_equal (protocol, "tcp") ||
         g_str_equal (protocol, "udp") || g_str_equal (protocol, "tls");
}

static gboolean
is_byte_order (const char *byte_order)
{
  return g_str_equal (byte_order, "big") || g_str_equal (byte_order, "little");
}

static void
set_string (SwMessage   *self,
            char       **field,
            const char  *value,
            guint        prop_id)
{
  _sw_object_set_string (G_OBJECT (self), field, value != NULL ? value : "", properties[prop_id]);
}

static void
set_uint (SwMessage *self,
          guint     *field,
          guint      value,
          guint      prop_id)
{
  _sw_object_set_uint (G_OBJECT (self), field, value, properties[prop_id]);
}

static void
sw_message_finalize (GObject *object)
{
  SwMessage *self = (SwMessage *) object;

  g_free (self->name);
  g_free (self->group);
  g_free (self->note);
  g_free (self->text);
  g_free (self->checksum);
  g_free (self->checksum_byte_order);
  g_free (self->protocol);
  g_free (self->host);

  G_OBJECT_CLASS (sw_message_parent_class)->finalize (object);
}

/* Every property is content: one "changed" for each batch of them. */
static void
sw_message_dispatch_properties_changed (GObject     *object,
                                        guint        n_pspecs,
                                        GParamSpec **pspecs)
{
  G_OBJECT_CLASS (sw_message_parent_class)->dispatch_properties_changed (object, n_pspecs, pspecs);

  g_signal_emit (object, signals[CHANGED], 0);
}

static void
sw_message_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SwMessage *self = SW_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_GROUP:
      g_value_set_string (value, self->group);
      break;

    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;

    case PROP_ESCAPES:
      g_value_set_boolean (value, self->escapes);
      break;

    case PROP_LINE_ENDING:
      g_value_set_enum (value, self->line_ending);
      break;

    case PROP_ENCODING:
      g_value_set_enum (value, self->encoding);
      break;

    case PROP_PLACEHOLDERS:
      g_value_set_boolean (value, self->placeholders);
      break;

    case PROP_CHECKSUM:
      g_value_set_string (value, self->checksum);
      break;

    case PROP_CHECKSUM_BYTE_ORDER:
      g_value_set_string (value, self->checksum_byte_order);
      break;

    case PROP_CHECKSUM_START:
      g_value_set_uint (value, self->checksum_start);
      break;

    case PROP_CHECKSUM_END_TRIM:
      g_value_set_uint (value, self->checksum_end_trim);
      break;

    case PROP_PROTOCOL:
      g_value_set_string (value, self->protocol);
      break;

    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_REPEAT_INTERVAL:
      g_value_set_uint (value, self->repeat_interval);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_message_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SwMessage *self = SW_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      sw_message_set_name (self, g_value_get_string (value));
      break;

    case PROP_GROUP:
      sw_message_set_group (self, g_value_get_string (value));
      break;

    case PROP_NOTE:
      sw_message_set_note (self, g_value_get_string (value));
      break;

    case PROP_TEXT:
      sw_message_set_text (self, g_value_get_string (value));
      break;

    case PROP_FORMAT:
      sw_message_set_format (self, g_value_get_enum (value));
      break;

    case PROP_ESCAPES:
      sw_message_set_escapes (self, g_value_get_boolean (value));
      break;

    case PROP_LINE_ENDING:
      sw_message_set_line_ending (self, g_value_get_enum (value));
      break;

    case PROP_ENCODING:
      sw_message_set_encoding (self, g_value_get_enum (value));
      break;

    case PROP_PLACEHOLDERS:
      sw_message_set_placeholders (self, g_value_get_boolean (value));
      break;

    case PROP_CHECKSUM:
      sw_message_set_checksum (self, g_value_get_string (value));
      break;

    case PROP_CHECKSUM_BYTE_ORDER:
      sw_message_set_checksum_byte_order (self, g_value_get_string (value));
      break;

    case PROP_CHECKSUM_START:
      sw_message_set_checksum_start (self, g_value_get_uint (value));
      break;

    case PROP_CHECKSUM_END_TRIM:
      sw_message_set_checksum_end_trim (self, g_value_get_uint (value));
      break;

    case PROP_PROTOCOL:
      sw_message_set_protocol (self, g_value_get_string (value));
      break;

    case PROP_HOST:
      sw_message_set_host (self, g_value_get_string (value));
      break;

    case PROP_PORT:
      sw_message_set_port (self, g_value_get_uint (value));
      break;

    case PROP_REPEAT_INTERVAL:
      sw_message_set_repeat_interval (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_pspec (const char *name,
              const char *default_value)
{
  return g_param_spec_string (name, NULL, NULL, default_value,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
uint_pspec (const char *name,
            guint       maximum)
{
  return g_param_spec_uint (name, NULL, NULL, 0, maximum, 0,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
sw_message_class_init (SwMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sw_message_finalize;
  object_class->dispatch_properties_changed = sw_message_dispatch_properties_changed;
  object_class->get_property = sw_message_get_property;
  object_class->set_property = sw_message_set_property;

  properties[PROP_NAME] = string_pspec ("name", "");
  properties[PROP_GROUP] = string_pspec ("group", "");
  properties[PROP_NOTE] = string_pspec ("note", "");
  properties[PROP_TEXT] = string_pspec ("text", "");

  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL,
                       SW_TYPE_PAYLOAD_FORMAT,
                       SW_PAYLOAD_FORMAT_TEXT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* As the send bar. */
  properties[PROP_ESCAPES] =
    g_param_spec_boolean ("escapes", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LINE_ENDING] =
    g_param_spec_enum ("line-ending", NULL, NULL,
                       SW_TYPE_LINE_ENDING,
                       SW_LINE_ENDING_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ENCODING] =
    g_param_spec_enum ("encoding", NULL, NULL,
                       SW_TYPE_ENCODING,
                       SW_ENCODING_UTF8,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PLACEHOLDERS] =
    g_param_spec_boolean ("placeholders", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CHECKSUM] = string_pspec ("checksum", "none");
  properties[PROP_CHECKSUM_BYTE_ORDER] = string_pspec ("checksum-byte-order", "big");
  properties[PROP_CHECKSUM_START] = uint_pspec ("checksum-start", G_MAXUINT);
  properties[PROP_CHECKSUM_END_TRIM] = uint_pspec ("checksum-end-trim", G_MAXUINT);

  properties[PROP_PROTOCOL] = string_pspec ("protocol", "");
  properties[PROP_HOST] = string_pspec ("host", "");
  properties[PROP_PORT] = uint_pspec ("port", G_MAXUINT16);
  properties[PROP_REPEAT_INTERVAL] = uint_pspec ("repeat-interval", G_MAXUINT);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwMessage::changed:
   *
   * Some properties changed; once per batch of notifications.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
sw_message_init (SwMessage *self)
{
  self->name = g_strdup ("");
  self->group = g_strdup ("");
  self->note = g_strdup ("");
  self->text = g_strdup ("");
  self->format = SW_PAYLOAD_FORMAT_TEXT;
  self->escapes = TRUE;
  self->line_ending = SW_LINE_ENDING_NONE;
  self->encoding = SW_ENCODING_UTF8;
  self->checksum = g_strdup ("none");
  self->checksum_byte_order = g_strdup ("big");
  self->protocol = g_strdup ("");
  self->host = g_strdup ("");
}

/**
 * sw_message_new:
 * @name: (nullable): the name
 *
 * Returns: (transfer full): a text message with the send bar's defaults
 */
SwMessage *
sw_message_new (const char *name)
{
  return g_object_new (SW_TYPE_MESSAGE, "name", name, NULL);
}

/**
 * sw_message_copy:
 *
 * Returns: (transfer full): a new message with the properties of @self
 */
SwMessage *
sw_message_copy (SwMessage *self)
{
  const char *names[N_PROPS - 1];
  GValue values[N_PROPS - 1] = { G_VALUE_INIT };
  SwMessage *copy;

  g_return_val_if_fail (SW_IS_MESSAGE (self), NULL);

  for (guint i = 1; i < N_PROPS; i++)
    {
      names[i - 1] = properties[i]->name;
      g_value_init (&values[i - 1], properties[i]->value_type);
      g_object_get_property (G_OBJECT (self), properties[i]->name, &values[i - 1]);
    }

  copy = (SwMessage *) g_object_new_with_properties (SW_TYPE_MESSAGE, N_PROPS - 1, names, values);

  for (guint i = 0; i < N_PROPS - 1; i++)
    g_value_unset (&values[i]);

  return copy;
}

/**
 * sw_message_equal:
 *
 * Returns: whether every property of @a and @b is the same
 */
gboolean
sw_message_equal (SwMessage *a,
                  SwMessage *b)
{
  g_return_val_if_fail (SW_IS_MESSAGE (a), FALSE);
  g_return_val_if_fail (SW_IS_MESSAGE (b), FALSE);

  for (guint i = 1; i < N_PROPS; i++)
    {
      g_auto(GValue) value_a = G_VALUE_INIT;
      g_auto(GValue) value_b = G_VALUE_INIT;

      g_value_init (&value_a, properties[i]->value_type);
      g_value_init (&value_b, properties[i]->value_type);
      g_object_get_property (G_OBJECT (a), properties[i]->name, &value_a);
      g_object_get_property (G_OBJECT (b), properties[i]->name, &value_b);

      if (g_param_values_cmp (properties[i], &value_a, &value_b) != 0)
        return FALSE;
    }

  return TRUE;
}

#define STRING_ACCESSORS(field, prop)                                   \
  const char *                                                          \
  sw_message_get_##field (SwMessage *self)                              \
  {                                                                     \
    g_return_val_if_fail (SW_IS_MESSAGE (self), NULL);                  \
    return self->field;                                                 \
  }                                                                     \
                                                                        \
  void                                                                  \
  sw_message_set_##field (SwMessage  *self,                             \
                          const char *field)                            \
  {                                                                     \
    g_return_if_fail (SW_IS_MESSAGE (self));                            \
    set_string (self, &self->field, field, prop);                       \
  }

#define UINT_ACCESSORS(field, prop)                                     \
  guint                                                                 \
  sw_message_get_##field (SwMessage *self)                              \
  {                                                                     \
    g_return_val_if_fail (SW_IS_MESSAGE (self), 0);                     \
    return self->field;                                                 \
  }                                                                     \
                                                                        \
  void                                                                  \
  sw_message_set_##field (SwMessage *self,                              \
                          guint      field)                             \
  {                                                                     \
    g_return_if_fail (SW_IS_MESSAGE (self));                            \
    set_uint (self, &self->field, field, prop);                         \
  }

STRING_ACCESSORS (name, PROP_NAME)
STRING_ACCESSORS (group, PROP_GROUP)
STRING_ACCESSORS (note, PROP_NOTE)
STRING_ACCESSORS (text, PROP_TEXT)
STRING_ACCESSORS (host, PROP_HOST)
UINT_ACCESSORS (checksum_start, PROP_CHECKSUM_START)
UINT_ACCESSORS (checksum_end_trim, PROP_CHECKSUM_END_TRIM)
UINT_ACCESSORS (repeat_interval, PROP_REPEAT_INTERVAL)

const char *
sw_message_get_checksum (SwMessage *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE (self), NULL);

  return self->checksum;
}

/* "" and %NULL are "none". */
void
sw_message_set_checksum (SwMessage  *self,
                         const char *checksum)
{
  g_return_if_fail (SW_IS_MESSAGE (self));

  if (checksum == NULL || *checksum == '\0')
    checksum = "none";

  set_string (self, &self->checksum, checksum, PROP_CHECKSUM);
}

const char *
sw_message_get_checksum_byte_order (SwMessage *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE (self), NULL);

  return self->checksum_byte_order;
}

void
sw_message_set_checksum_byte_order (SwMessage  *self,
                                    const char *byte_order)
{
  g_return_if_fail (SW_IS_MESSAGE (self));
  g_return_if_fail (byte_order != NULL && is_byte_order (byte_order));

  set_string (self, &self->checksum_byte_order, byte_order, PROP_CHECKSUM_BYTE_ORDER);
}

const char *
sw_message_get_protocol (SwMessage *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE (self), NULL);

  return self->protocol;
}

void
sw_message_set_protocol (SwMessage  *self,
                         const char *protocol)
{
  g_return_if_fail (SW_IS_MESSAGE (self));
  g_return_if_fail (protocol == NULL || is_protocol (protocol));

  set_string (self, &self->protocol, protocol, PROP_PROTOCOL);
}

guint
sw_message_get_port (SwMessage *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE (self), 0);

  return self->port;
}

void
sw_message_set_port (SwMessage *self,
                     guint      port)
{
  g_return_if_fail (SW_IS_MESSAGE (self));
  g_return_if_fail (port <= G_MAXUINT16);

  set_uint (self, &self->port, port, PROP_PORT);
}

SwPayloadFormat
sw_message_get_format (SwMessage *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE (self), SW_PAYLOAD_FORMAT_TEXT);

  return self->format;
}

void
sw_message_set_format (SwMessage       *self,
                       SwPayloadFormat  format)
{
  g_return_if_fail (SW_IS_MESSAGE (self));
  g_return_if_fail (format == SW_PAYLOAD_FORMAT_TEXT || format == SW_PAYLOAD_FORMAT_HEX);

  if (self->format == format)
    return;

  self->format = format;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
}

gboolean
sw_message_get_escapes (SwMessage *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE (self), FALSE);

  return self->escapes;
}

void
sw_message_set_escapes (SwMessage *self,
                        gboolean   escapes)
{
  g_return_if_fail (SW_IS_MESSAGE (self));

  escapes = !!escapes;
  if (self->escapes == escapes)
    return;

  self->escapes = escapes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ESCAPES]);
}

SwLineEnding
sw_message_get_line_ending (SwMessage *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE (self), SW_LINE_ENDING_NONE);

  return self->line_ending;
}

void
sw_message_set_line_ending (SwMessage    *self,
                            SwLineEnding  line_ending)
{
  g_return_if_fail (SW_IS_MESSAGE (self));
  g_return_if_fail (line_ending <= SW_LINE_ENDING_CRLF);

  if (self->line_ending == line_ending)
    return;

  self->line_ending = line_ending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_ENDING]);
}

SwEncoding
sw_message_get_encoding (SwMessage *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE (self), SW_ENCODING_UTF8);

  return self->encoding;
}

void
sw_message_set_encoding (SwMessage  *self,
                         SwEncoding  encoding)
{
  g_return_if_fail (SW_IS_MESSAGE (self));
  g_return_if_fail ((guint) encoding < SW_N_ENCODINGS);

  if (self->encoding == encoding)
    return;

  self->encoding = encoding;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
}

gboolean
sw_message_get_placeholders (SwMessage *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE (self), FALSE);

  return self->placeholders;
}

void
sw_message_set_placeholders (SwMessage *self,
                             gboolean   placeholders)
{
  g_return_if_fail (SW_IS_MESSAGE (self));

  placeholders = !!placeholders;
  if (self->placeholders == placeholders)
    return;

  self->placeholders = placeholders;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACEHOLDERS]);
}

void
sw_message_get_codec_options (SwMessage      *self,
                              SwCodecOptions *options)
{
  g_return_if_fail (SW_IS_MESSAGE (self));
  g_return_if_fail (options != NULL);

  options->format = self->format;
  options->escapes = self->escapes;
  options->line_ending = self->line_ending;
  options->encoding = self->encoding;
  options->placeholders = self->placeholders;
}

/**
 * sw_message_encode:
 * @self: a #SwMessage
 * @state: (nullable): the sending session's placeholder state
 * @error: return location for a #GError
 *
 * The bytes of the message as the codec makes them, placeholders
 * expanded (when turned on). The checksum is not appended: whoever sends
 * applies #SwMessage:checksum over its range to these bytes.
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL with @error set
 */
GBytes *
sw_message_encode (SwMessage           *self,
                   SwPlaceholderState  *state,
                   GError             **error)
{
  SwCodecOptions options;

  g_return_val_if_fail (SW_IS_MESSAGE (self), NULL);

  sw_message_get_codec_options (self, &options);

  return sw_codec_encode_full (&options, self->text, state, NULL, error);
}

gboolean
sw_message_get_checksum_spec (SwMessage       *self,
                              SwChecksumSpec  *spec,
                              GError         **error)
{
  SwChecksum kind;

  g_return_val_if_fail (SW_IS_MESSAGE (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  if (!sw_checksum_from_id (self->checksum, &kind))
    {
      g_set_error (error, SW_CHECKSUM_ERROR, SW_CHECKSUM_ERROR_UNKNOWN,
                   /* Translators: %s is the id of a checksum in a file, such as “crc16-modbus” */
                   _("The checksum “%s” is not one this version knows"),
                   self->checksum);
      return FALSE;
    }

  spec->kind = kind;
  spec->order = g_str_equal (self->checksum_byte_order, "little")
                ? SW_BYTE_ORDER_LITTLE_ENDIAN : SW_BYTE_ORDER_BIG_ENDIAN;
  spec->start = self->checksum_start;
  spec->end_trim = self->checksum_end_trim;

  return TRUE;
}

/**
 * sw_message_encode_with_checksum:
 * @self: a #SwMessage
 * @state: (nullable): the sending session's placeholder state
 * @error: return location for a #GError
 *
 * The bytes to send: sw_message_encode(), then the message's checksum
 * appended over its range (sw_checksum_spec_apply()).
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL with @error set
 */
GBytes *
sw_message_encode_with_checksum (SwMessage           *self,
                                 SwPlaceholderState  *state,
                                 GError             **error)
{
  SwChecksumSpec spec = SW_CHECKSUM_SPEC_INIT;
  g_autoptr(GBytes) payload = NULL;

  g_return_val_if_fail (SW_IS_MESSAGE (self), NULL);

  if (!sw_message_get_checksum_spec (self, &spec, error))
    return NULL;

  payload = sw_message_encode (self, state, error);
  if (payload == NULL)
    return NULL;

  return sw_checksum_spec_apply (&spec, payload, error);
}

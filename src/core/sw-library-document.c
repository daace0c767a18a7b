/* sw-library-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-library-document"

#include "config.h"

#include "sw-library-document-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-core-private.h"

/* Longest value quoted whole in an error, in characters. */
#define QUOTE_MAX 32
/* Deepest nesting of arrays and objects read: JSON-GLib recurses once
 * per level, and a file of a million "[" would overflow the stack. */
#define MAX_DEPTH 256

static const char *const format_ids[] = { "text", "hex", NULL };
static const char *const line_ending_ids[] = { "none", "lf", "cr", "crlf", NULL };
static const char *const byte_order_ids[] = { "big", "little", NULL };
static const char *const protocol_ids[] = { "", "tcp", "udp", "tls", NULL };

G_STATIC_ASSERT (SW_PAYLOAD_FORMAT_HEX == 1);
G_STATIC_ASSERT (SW_LINE_ENDING_CRLF == 3);

static char *
shorten (const char *text)
{
  return _sw_text_quote (text, -1, QUOTE_MAX);
}

/* “text”, “hex” */
static char *
describe_choices (const char *const *ids)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    g_string_append_printf (list, "%s“%s”", i > 0 ? ", " : "", ids[i]);

  return g_string_free (list, FALSE);
}

/* Whether the arrays and objects of @data nest at most MAX_DEPTH deep;
 * the rest of JSON is left to the parser. */
static gboolean
depth_is_bounded (const char *data,
                  gsize       length)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_DEPTH)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

JsonNode *
_sw_json_parse (const char  *data,
                gsize        length,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length > G_MAXSSIZE)
    length = G_MAXSSIZE;

  if (!depth_is_bounded (data, length))
    {
      g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                   _("The file nests lists and objects more than %u levels deep"),
                   (guint) MAX_DEPTH);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, length > 0 ? data : "", length, &local_error))
    {
      g_autofree char *reason = g_utf8_make_valid (local_error->message, -1);
      const char *shown = reason;

      /* JSON-GLib names the input "<data>"; the position is enough. */
      if (g_str_has_prefix (shown, "<data>:"))
        shown += strlen ("<data>:");

      g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                   /* Translators: %s is the parser's reason, with a line and column */
                   _("The file is not valid JSON: %s"), shown);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                           _("The file is empty"));
      return NULL;
    }

  return json_node_ref (root);
}

char *
_sw_json_describe_place (SwJsonPlace  kind,
                         guint        index,
                         const char  *name)
{
  g_autofree char *shown = name != NULL && *name != '\0' ? shorten (name) : NULL;

  /* Counted from 1, as people count. */
  index++;

  switch (kind)
    {
    case SW_JSON_PLACE_MESSAGE:
      if (shown != NULL)
        /* Translators: where an error is; %u counts from 1, %s is a name */
        return g_strdup_printf (_("Message %u (“%s”)"), index, shown);
      /* Translators: where an error is; %u counts from 1 */
      return g_strdup_printf (_("Message %u"), index);

    case SW_JSON_PLACE_SEQUENCE:
      if (shown != NULL)
        /* Translators: where an error is; %u counts from 1, %s is a name */
        return g_strdup_printf (_("Sequence %u (“%s”)"), index, shown);
      /* Translators: where an error is; %u counts from 1 */
      return g_strdup_printf (_("Sequence %u"), index);

    case SW_JSON_PLACE_ENTRY:
      if (shown != NULL)
        /* Translators: where an error is in a Packet Sender file; %u counts
         * from 1, %s is the packet's name */
        return g_strdup_printf (_("Entry %u (“%s”)"), index, shown);
      /* Translators: where an error is in a Packet Sender file; %u counts from 1 */
      return g_strdup_printf (_("Entry %u"), index);

    default:
      g_assert_not_reached ();
    }
}

char *
_sw_json_describe_node (JsonNode *node)
{
  g_autofree char *text = NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return shorten (json_node_get_string (node));

  text = json_to_string (node, FALSE);

  return shorten (text);
}

gboolean
_sw_json_get_string (JsonObject  *object,
                     const char  *key,
                     const char  *place,
                     const char **value,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !g_utf8_validate (json_node_get_string (node), -1, NULL))
    {
      g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                   /* Translators: the first %s is where (“Message 3”), the
                    * second a key of the file, such as “name” */
                   _("%s: “%s” must be text"),
                   place, key);
      return FALSE;
    }

  *value = json_node_get_string (node);
  return TRUE;
}

gboolean
_sw_json_get_uint (JsonObject  *object,
                   const char  *key,
                   const char  *place,
                   guint        maximum,
                   gboolean     accept_text,
                   guint       *value,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autofree char *found = NULL;

  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64)
        {
          gint64 number = json_node_get_int (node);

          if (number >= 0 && number <= maximum)
            {
              *value = number;
              return TRUE;
            }
        }
      else if (type == G_TYPE_DOUBLE)
        {
          double number = json_node_get_double (node);

          if (number >= 0 && number <= maximum && (double) (guint) number == number)
            {
              *value = (guint) number;
              return TRUE;
            }
        }
      else if (type == G_TYPE_STRING && accept_text)
        {
          g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));
          guint64 number;

          if (g_ascii_string_to_unsigned (text, 10, 0, maximum, &number, NULL))
            {
              *value = number;
              return TRUE;
            }
        }
    }

  found = _sw_json_describe_node (node);
  g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
               /* Translators: the first %s is where (“Entry 3”), the second a
                * key of the file, such as “port”; %u is the largest number, the
                * last %s what the file has */
               _("%s: “%s” must be a whole number from 0 to %u, not “%s”"),
               place, key, maximum, found);
  return FALSE;
}

gboolean
_sw_json_get_boolean (JsonObject  *object,
                      const char  *key,
                      const char  *place,
                      gboolean    *value,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                   /* Translators: the first %s is where (“Message 3”), the
                    * second a key of the file, such as “escapes” */
                   _("%s: “%s” must be true or false"),
                   place, key);
      return FALSE;
    }

  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
_sw_json_get_choice (JsonObject         *object,
                     const char         *key,
                     const char         *place,
                     const char *const  *ids,
                     guint              *value,
                     GError            **error)
{
  const char *text = NULL;
  g_autofree char *list = NULL;
  g_autofree char *found = NULL;

  if (!_sw_json_get_string (object, key, place, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  for (guint i = 0; ids[i] != NULL; i++)
    if (g_str_equal (text, ids[i]))
      {
        *value = i;
        return TRUE;
      }

  list = describe_choices (ids);
  found = shorten (text);
  g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
               /* Translators: the first %s is where (“Message 3”), the second
                * a key of the file, such as “format”, the third the values it
                * can have (“text”, “hex”), the last what the file has */
               _("%s: “%s” must be %s, not “%s”"),
               place, key, list, found);
  return FALSE;
}

gboolean
_sw_json_get_object (JsonObject   *object,
                     const char   *key,
                     const char   *place,
                     JsonObject  **value,
                     GError      **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *value = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                   /* Translators: the first %s is where (“Message 3”), the
                    * second a key of the file, such as “checksum” */
                   _("%s: “%s” must be an object"),
                   place, key);
      return FALSE;
    }

  *value = json_node_get_object (node);
  return TRUE;
}

gboolean
_sw_json_get_encoding (JsonObject  *object,
                       const char  *place,
                       SwEncoding  *encoding,
                       GError     **error)
{
  const char *ids[SW_N_ENCODINGS + 1] = { NULL };
  guint index = *encoding;

  for (guint i = 0; i < SW_N_ENCODINGS; i++)
    ids[i] = sw_encoding_get_id (i);

  if (!_sw_json_get_choice (object, "encoding", place, ids, &index, error))
    return FALSE;

  *encoding = index;
  return TRUE;
}

SwMessage *
_sw_json_read_message (JsonObject  *object,
                       const char  *place,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(SwMessage) message = NULL;
  JsonObject *checksum = NULL;
  JsonObject *destination = NULL;
  const char *group = NULL;
  const char *note = NULL;
  const char *text = NULL;
  const char *checksum_id = NULL;
  const char *host = NULL;
  guint format = SW_PAYLOAD_FORMAT_TEXT;
  guint line_ending = SW_LINE_ENDING_NONE;
  SwEncoding encoding = SW_ENCODING_UTF8;
  gboolean escapes = TRUE;
  gboolean placeholders = FALSE;
  guint byte_order = 0;
  guint checksum_start = 0;
  guint checksum_end_trim = 0;
  guint protocol = 0;
  guint port = 0;
  guint repeat_interval = 0;

  if (!_sw_json_get_string (object, "group", place, &group, error) ||
      !_sw_json_get_string (object, "note", place, &note, error) ||
      !_sw_json_get_string (object, "text", place, &text, error) ||
      !_sw_json_get_choice (object, "format", place, format_ids, &format, error) ||
      !_sw_json_get_boolean (object, "escapes", place, &escapes, error) ||
      !_sw_json_get_choice (object, "line-ending", place, line_ending_ids, &line_ending, error) ||
      !_sw_json_get_encoding (object, place, &encoding, error) ||
      !_sw_json_get_boolean (object, "placeholders", place, &placeholders, error) ||
      !_sw_json_get_object (object, "checksum", place, &checksum, error) ||
      !_sw_json_get_object (object, "destination", place, &destination, error) ||
      !_sw_json_get_uint (object, "repeat-interval", place, G_MAXUINT, FALSE,
                          &repeat_interval, error))
    return NULL;

  if (checksum != NULL &&
      (!_sw_json_get_string (checksum, "id", place, &checksum_id, error) ||
       !_sw_json_get_choice (checksum, "byte-order", place, byte_order_ids, &byte_order, error) ||
       !_sw_json_get_uint (checksum, "start", place, G_MAXUINT, FALSE, &checksum_start, error) ||
       !_sw_json_get_uint (checksum, "end-trim", place, G_MAXUINT, FALSE, &checksum_end_trim, error)))
    return NULL;

  if (destination != NULL &&
      (!_sw_json_get_choice (destination, "protocol", place, protocol_ids, &protocol, error) ||
       !_sw_json_get_string (destination, "host", place, &host, error) ||
       !_sw_json_get_uint (destination, "port", place, G_MAXUINT16, FALSE, &port, error)))
    return NULL;

  message = sw_message_new (name);
  g_object_set (message,
                "group", group,
                "note", note,
                "text", text,
                "format", format,
                "escapes", escapes,
                "line-ending", line_ending,
                "encoding", encoding,
                "placeholders", placeholders,
                "checksum", checksum_id != NULL && *checksum_id != '\0' ? checksum_id : "none",
                "checksum-byte-order", byte_order_ids[byte_order],
                "checksum-start", checksum_start,
                "checksum-end-trim", checksum_end_trim,
                "protocol", protocol_ids[protocol],
                "host", host,
                "port", port,
                "repeat-interval", repeat_interval,
                NULL);

  return g_steal_pointer (&message);
}

/* A named object of an array ("Message 3", "Sequence 2"): its object,
 * name, and a place naming it, or NULL with @error set. */
JsonObject *
_sw_json_read_named (JsonNode     *node,
                     SwJsonPlace   kind,
                     guint         index,
                     const char  **name,
                     char        **place,
                     GError      **error)
{
  JsonObject *object;

  *name = NULL;
  *place = _sw_json_describe_place (kind, index, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      if (kind == SW_JSON_PLACE_SEQUENCE)
        g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                     /* Translators: %s is where, such as “Sequence 3” */
                     _("%s is not a sequence: an object was expected"),
                     *place);
      else
        g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                     /* Translators: %s is where, such as “Message 3” */
                     _("%s is not a message: an object was expected"),
                     *place);
      return NULL;
    }

  object = json_node_get_object (node);
  if (!_sw_json_get_string (object, "name", *place, name, error))
    return NULL;
  if (*name == NULL || **name == '\0')
    {
      g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                   /* Translators: %s is where, such as “Message 3” */
                   _("%s has no name"),
                   *place);
      return NULL;
    }

  g_free (*place);
  *place = _sw_json_describe_place (kind, index, *name);

  return object;
}

static SwMessage *
message_from_json (JsonNode  *node,
                   guint      index,
                   GError   **error)
{
  g_autofree char *place = NULL;
  const char *name;
  JsonObject *object;

  object = _sw_json_read_named (node, SW_JSON_PLACE_MESSAGE, index, &name, &place, error);
  if (object == NULL)
    return NULL;

  return _sw_json_read_message (object, place, name, error);
}

void
_sw_json_write_message (SwMessage   *message,
                        JsonBuilder *builder)
{
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, sw_message_get_name (message));
  json_builder_set_member_name (builder, "group");
  json_builder_add_string_value (builder, sw_message_get_group (message));
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, sw_message_get_note (message));
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, sw_message_get_text (message));
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, format_ids[sw_message_get_format (message)]);
  json_builder_set_member_name (builder, "escapes");
  json_builder_add_boolean_value (builder, sw_message_get_escapes (message));
  json_builder_set_member_name (builder, "line-ending");
  json_builder_add_string_value (builder, line_ending_ids[sw_message_get_line_ending (message)]);
  json_builder_set_member_name (builder, "encoding");
  json_builder_add_string_value (builder, sw_encoding_get_id (sw_message_get_encoding (message)));
  json_builder_set_member_name (builder, "placeholders");
  json_builder_add_boolean_value (builder, sw_message_get_placeholders (message));

  json_builder_set_member_name (builder, "checksum");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, sw_message_get_checksum (message));
  json_builder_set_member_name (builder, "byte-order");
  json_builder_add_string_value (builder, sw_message_get_checksum_byte_order (message));
  json_builder_set_member_name (builder, "start");
  json_builder_add_int_value (builder, sw_message_get_checksum_start (message));
  json_builder_set_member_name (builder, "end-trim");
  json_builder_add_int_value (builder, sw_message_get_checksum_end_trim (message));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "destination");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_string_value (builder, sw_message_get_protocol (message));
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, sw_message_get_host (message));
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, sw_message_get_port (message));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "repeat-interval");
  json_builder_add_int_value (builder, sw_message_get_repeat_interval (message));

  json_builder_end_object (builder);
}

static void
set_not_a_library (GError     **error,
                   const char  *reason)
{
  g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
               /* Translators: %s says what is wrong */
               _("This is not a Socket Workbench library: %s"),
               reason);
}

static SwLibraryDocument *
document_read (JsonNode  *root,
               GError   **error)
{
  g_autoptr(SwLibraryDocument) document = g_new0 (SwLibraryDocument, 1);
  JsonObject *object;
  JsonNode *format;
  JsonNode *version;
  JsonNode *messages;
  JsonNode *sequences;
  gboolean newer;

  document->messages = g_ptr_array_new_with_free_func (g_object_unref);
  document->sequences = g_ptr_array_new_with_free_func (g_object_unref);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      set_not_a_library (error, _("an object was expected"));
      return NULL;
    }

  object = json_node_get_object (root);
  format = json_object_get_member (object, "format");
  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format) ||
      json_node_get_value_type (format) != G_TYPE_STRING ||
      !g_str_equal (json_node_get_string (format), SW_LIBRARY_FORMAT))
    {
      set_not_a_library (error, _("its “format” is not “socket-workbench-library”"));
      return NULL;
    }

  version = json_object_get_member (object, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 ||
      json_node_get_int (version) < 1)
    {
      set_not_a_library (error, _("its “version” is not a whole number from 1 up"));
      return NULL;
    }

  document->version = json_node_get_int (version);
  /* A newer version may have changed what it writes: read what can be
   * read, skip the rest. */
  newer = document->version > SW_LIBRARY_VERSION;

  messages = json_object_get_member (object, "messages");
  if (messages != NULL && !JSON_NODE_HOLDS_ARRAY (messages))
    {
      if (!newer)
        {
          set_not_a_library (error, _("its “messages” is not a list"));
          return NULL;
        }
      messages = NULL;
    }

  if (messages != NULL)
    {
      JsonArray *array = json_node_get_array (messages);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autoptr(GError) local_error = NULL;
          SwMessage *message;

          message = message_from_json (json_array_get_element (array, i), i, &local_error);
          if (message == NULL)
            {
              if (!newer)
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return NULL;
                }
              g_debug ("Skipped in a newer library: %s", local_error->message);
              continue;
            }
          g_ptr_array_add (document->messages, message);
        }
    }

  sequences = json_object_get_member (object, "sequences");
  if (sequences != NULL && !JSON_NODE_HOLDS_ARRAY (sequences))
    {
      if (!newer)
        {
          set_not_a_library (error, _("its “sequences” is not a list"));
          return NULL;
        }
      sequences = NULL;
    }

  if (sequences != NULL)
    {
      JsonArray *array = json_node_get_array (sequences);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autoptr(GError) local_error = NULL;
          SwSequence *sequence;

          sequence = _sw_json_read_sequence (json_array_get_element (array, i), i, &local_error);
          if (sequence == NULL)
            {
              if (!newer)
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return NULL;
                }
              g_debug ("Skipped in a newer library: %s", local_error->message);
              continue;
            }
          g_ptr_array_add (document->sequences, sequence);
        }
    }

  return g_steal_pointer (&document);
}

SwLibraryDocument *
_sw_library_document_parse (const char  *data,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  root = _sw_json_parse (data, length, error);
  if (root == NULL)
    return NULL;

  return document_read (root, error);
}

void
_sw_library_document_free (SwLibraryDocument *document)
{
  if (document == NULL)
    return;

  g_clear_pointer (&document->messages, g_ptr_array_unref);
  g_clear_pointer (&document->sequences, g_ptr_array_unref);
  g_free (document);
}

GBytes *
_sw_library_document_write (SwMessage  *const *messages,
                            guint              n_messages,
                            SwSequence *const *sequences,
                            guint              n_sequences)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GString *text;

  g_return_val_if_fail (messages != NULL || n_messages == 0, NULL);
  g_return_val_if_fail (sequences != NULL || n_sequences == 0, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, SW_LIBRARY_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, SW_LIBRARY_VERSION);

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_messages; i++)
    _sw_json_write_message (messages[i], builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "sequences");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_sequences; i++)
    _sw_json_write_sequence (sequences[i], builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);

  text = g_string_new (NULL);
  json_generator_to_gstring (generator, text);
  g_string_append_c (text, '\n');

  return g_string_free_to_bytes (text);
}

GPtrArray *
_sw_import_parse (const char      *data,
                  gsize            length,
                  SwImportFormat   format,
                  GError         **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SwLibraryDocument) document = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  root = _sw_json_parse (data, length, error);
  if (root == NULL)
    return NULL;

  if (format == SW_IMPORT_FORMAT_AUTO)
    {
      if (JSON_NODE_HOLDS_ARRAY (root))
        format = SW_IMPORT_FORMAT_PACKET_SENDER;
      else if (JSON_NODE_HOLDS_OBJECT (root))
        format = SW_IMPORT_FORMAT_LIBRARY;
      else
        {
          g_set_error_literal (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                               _("This file is neither a Socket Workbench library "
                                 "nor a Packet Sender export"));
          return NULL;
        }
    }

  if (format == SW_IMPORT_FORMAT_PACKET_SENDER)
    return _sw_packet_sender_read (root, error);

  document = document_read (root, error);
  if (document == NULL)
    return NULL;

  return g_ptr_array_ref (document->messages);
}

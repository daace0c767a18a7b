/* sw-packet-sender.c: importing Packet Sender's packet export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-packet-sender"

#include "config.h"

#include "sw-library-document-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-hex.h"

/*
 * Packet Sender (packet.cpp, ExportJSON) writes a JSON array, the newest
 * packet first, of objects with sorted keys: "asciistring" (base64 of the
 * hex as escaped text), "errorstring", "fromip", "fromport", "hexstring"
 * ("AA 55 00"), "name", "port", "repeat" (seconds, a JSON number),
 * "requestpath", "sendresponse", "tcporudp" ("TCP", "UDP", "SSL",
 * "HTTP GET", "HTTPS POST"…) and "toip"; the other numbers are strings.
 * Numbers are read either way. The hex is the message; "asciistring"
 * says the same and is not read. What has no place in a message goes
 * into its note.
 */

/* The longest repeat, in seconds, that fits "repeat-interval" in ms. */
#define REPEAT_MAX_SECONDS (G_MAXUINT / 1000)

static gboolean
get_repeat (JsonObject  *object,
            const char  *place,
            guint       *interval_ms,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, "repeat");
  g_autofree char *found = NULL;
  gboolean valid = FALSE;
  double seconds = 0;

  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
        {
          seconds = json_node_get_double (node);
          valid = TRUE;
        }
      else if (type == G_TYPE_STRING)
        {
          g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));
          char *end = NULL;

          seconds = g_ascii_strtod (text, &end);
          valid = *text != '\0' && end != NULL && *end == '\0';
        }
    }

  /* Also false for NaN, which strtod reads. */
  if (valid && seconds >= 0 && seconds <= REPEAT_MAX_SECONDS)
    {
      *interval_ms = (guint) (seconds * 1000 + 0.5);
      return TRUE;
    }

  found = _sw_json_describe_node (node);
  g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
               /* Translators: the first %s is where (“Entry 3 (“Ping”)”); %u
                * is the largest number; the last %s is what the file has */
               _("%s: “repeat” must be a number of seconds from 0 to %u, not “%s”"),
               place, (guint) REPEAT_MAX_SECONDS, found);
  return FALSE;
}

static void
add_note_line (GString    *note,
               const char *line)
{
  if (note->len > 0)
    g_string_append_c (note, '\n');
  g_string_append (note, line);
}

static void
add_unmapped (GString    *note,
              const char *key,
              const char *value)
{
  /* Translators: a line of the note of a message imported from Packet
   * Sender, for a setting that has no place in it; the first %s is its
   * key (“fromport”), the second its value */
  g_autofree char *line = g_strdup_printf (_("From Packet Sender: %s = %s"), key, value);

  add_note_line (note, line);
}

/* Packet Sender's own reading of "tcporudp" (Packet::isUDP() and the
 * like): the protocol of the message, and a note line for what it is
 * besides (HTTP) or when it is unknown. */
static const char *
map_protocol (const char *tcp_or_udp,
              const char *request_path,
              GString    *note)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (tcp_or_udp));
  g_autofree char *lower = g_ascii_strdown (trimmed, -1);

  if (strstr (lower, "http") != NULL)
    {
      g_autofree char *line = NULL;

      line = *request_path != '\0' ? g_strdup_printf ("%s %s", trimmed, request_path)
                                   : g_strdup (trimmed);
      add_note_line (note, line);
      return strstr (lower, "https") != NULL ? "tls" : "tcp";
    }

  if (*request_path != '\0')
    add_unmapped (note, "requestpath", request_path);

  if (g_str_equal (lower, "udp"))
    return "udp";
  if (strstr (lower, "ssl") != NULL)
    return "tls";
  if (strstr (lower, "tcp") != NULL)
    return "tcp";

  if (*lower != '\0')
    add_unmapped (note, "tcporudp", trimmed);

  return "";
}

static SwMessage *
entry_to_message (JsonObject  *object,
                  const char  *name,
                  const char  *place,
                  GError     **error)
{
  g_autoptr(GString) note = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) hex_error = NULL;
  const char *hex = "";
  const char *tcp_or_udp = "";
  const char *to_ip = "";
  const char *from_ip = "";
  const char *error_string = "";
  const char *request_path = "";
  const char *protocol;
  guint port = 0;
  guint from_port = 0;
  guint send_response = 0;
  guint repeat_interval = 0;

  if (!_sw_json_get_string (object, "hexstring", place, &hex, error) ||
      !_sw_json_get_string (object, "tcporudp", place, &tcp_or_udp, error) ||
      !_sw_json_get_string (object, "toip", place, &to_ip, error) ||
      !_sw_json_get_string (object, "fromip", place, &from_ip, error) ||
      !_sw_json_get_string (object, "errorstring", place, &error_string, error) ||
      !_sw_json_get_string (object, "requestpath", place, &request_path, error) ||
      !_sw_json_get_uint (object, "port", place, G_MAXUINT16, TRUE, &port, error) ||
      !_sw_json_get_uint (object, "fromport", place, G_MAXUINT16, TRUE, &from_port, error) ||
      !_sw_json_get_uint (object, "sendresponse", place, G_MAXUINT, TRUE, &send_response, error) ||
      !get_repeat (object, place, &repeat_interval, error))
    return NULL;

  bytes = sw_hex_parse (hex, -1, NULL, &hex_error);
  if (bytes == NULL)
    {
      g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                   /* Translators: the first %s is where (“Entry 3 (“Ping”)”),
                    * the second why, such as “Invalid hex digit “G” at column 4” */
                   _("%s: the hex is not valid: %s"),
                   place, hex_error->message);
      return NULL;
    }

  protocol = map_protocol (tcp_or_udp, request_path, note);

  /* Packet Sender fills "fromip" with "You" for packets people send. */
  if (*from_ip != '\0' && g_ascii_strcasecmp (from_ip, "you") != 0)
    add_unmapped (note, "fromip", from_ip);
  if (from_port != 0)
    {
      g_autofree char *value = g_strdup_printf ("%u", from_port);

      add_unmapped (note, "fromport", value);
    }
  if (send_response != 0)
    {
      g_autofree char *value = g_strdup_printf ("%u", send_response);

      add_unmapped (note, "sendresponse", value);
    }
  if (*error_string != '\0')
    add_unmapped (note, "errorstring", error_string);

  return g_object_new (SW_TYPE_MESSAGE,
                       "name", name,
                       "text", hex,
                       "format", SW_PAYLOAD_FORMAT_HEX,
                       "protocol", protocol,
                       "host", to_ip,
                       "port", port,
                       "repeat-interval", repeat_interval,
                       "note", note->str,
                       NULL);
}

GPtrArray *
_sw_packet_sender_read (JsonNode  *root,
                        GError   **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  g_return_val_if_fail (root != NULL, NULL);

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                           _("This is not a Packet Sender export: a list of packets was expected"));
      return NULL;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *place = _sw_json_describe_place (SW_JSON_PLACE_ENTRY, i, NULL);
      const char *name = NULL;
      SwMessage *message;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                       /* Translators: %s is where, such as “Entry 3” */
                       _("%s is not a packet: an object was expected"),
                       place);
          return NULL;
        }

      if (!_sw_json_get_string (json_node_get_object (node), "name", place, &name, error))
        return NULL;

      /* As Packet Sender, which neither saves nor exports them. */
      if (name == NULL || *name == '\0')
        continue;

      g_free (place);
      place = _sw_json_describe_place (SW_JSON_PLACE_ENTRY, i, name);
      message = entry_to_message (json_node_get_object (node), name, place, error);
      if (message == NULL)
        return NULL;

      g_ptr_array_add (messages, message);
    }

  return g_steal_pointer (&messages);
}

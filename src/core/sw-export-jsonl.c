/* sw-export-jsonl.c: the traffic log as JSON Lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-export-jsonl"

#include "config.h"

#include <json-glib/json-glib.h>

#include "sw-export.h"

#include "sw-core-enums.h"
#include "sw-endpoint.h"
#include "sw-export-private.h"

/* Each object is built with JsonBuilder and written by one generator
 * into the writer's buffer. A record's payload is in memory three times
 * over while its line is made (base64, the tree, the line): records are
 * at most a few MiB, and the log as a whole is never copied. */
typedef struct
{
  SwExportWriter  writer;
  SwExportClock   clock;
  JsonGenerator  *generator;
  GHashTable     *connections_seen;
  GString        *scratch;
} Jsonl;

static gboolean
write_object (Jsonl        *jsonl,
              JsonBuilder  *builder,
              GError      **error)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (jsonl->generator, root);
  json_generator_to_gstring (jsonl->generator, jsonl->writer.buffer);
  g_string_append_c (jsonl->writer.buffer, '\n');

  return _sw_export_writer_maybe_flush (&jsonl->writer, error);
}

static void
add_time (Jsonl       *jsonl,
          JsonBuilder *builder,
          const char  *name,
          gint64       wall_time)
{
  g_autofree char *name_us = g_strconcat (name, "_us", NULL);

  g_string_truncate (jsonl->scratch, 0);
  _sw_export_append_time (&jsonl->clock, wall_time, jsonl->scratch);
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, jsonl->scratch->str);
  json_builder_set_member_name (builder, name_us);
  json_builder_add_int_value (builder, wall_time);
}

static void
add_address (JsonBuilder    *builder,
             const char     *name,
             GSocketAddress *address)
{
  json_builder_set_member_name (builder, name);
  if (address != NULL)
    {
      g_autofree char *text = sw_socket_address_to_string (address);

      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}

static gboolean
write_connection (Jsonl                     *jsonl,
                  const SwTrafficConnection *connection,
                  GError                   **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "connection");
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, connection->id);
  json_builder_set_member_name (builder, "transport");
  json_builder_add_string_value (builder, _sw_export_enum_nick (SW_TYPE_TRANSPORT, connection->transport));
  json_builder_set_member_name (builder, "relay");
  json_builder_add_boolean_value (builder, connection->relay);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, connection->name);
  add_address (builder, "local", connection->local);
  add_address (builder, "remote", connection->remote);
  add_time (jsonl, builder, "open_time", connection->open_time);
  if (connection->end != SW_CONNECTION_END_OPEN)
    add_time (jsonl, builder, "close_time", connection->close_time);
  else
    {
      json_builder_set_member_name (builder, "close_time");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "close_time_us");
      json_builder_add_null_value (builder);
    }
  json_builder_set_member_name (builder, "end");
  json_builder_add_string_value (builder, _sw_export_enum_nick (SW_TYPE_CONNECTION_END, connection->end));
  json_builder_end_object (builder);

  return write_object (jsonl, builder, error);
}

static void
add_flag (const char *nick,
          gpointer    user_data)
{
  json_builder_add_string_value (user_data, nick);
}

static gboolean
write_record (Jsonl                 *jsonl,
              SwTrafficLog          *log,
              const SwTrafficRecord *record,
              GError               **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  SwTrafficConnection connection;
  gboolean event = record->direction == SW_DIRECTION_EVENT;

  if (record->connection != 0 &&
      !g_hash_table_contains (jsonl->connections_seen, GUINT_TO_POINTER (record->connection)) &&
      sw_traffic_log_get_connection (log, record->connection, &connection))
    {
      g_hash_table_add (jsonl->connections_seen, GUINT_TO_POINTER (record->connection));
      if (!write_connection (jsonl, &connection, error))
        return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "record");
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, record->seq);
  add_time (jsonl, builder, "time", record->wall_time);
  json_builder_set_member_name (builder, "direction");
  json_builder_add_string_value (builder, _sw_export_enum_nick (SW_TYPE_DIRECTION, record->direction));
  if (event)
    {
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, _sw_export_enum_nick (SW_TYPE_EVENT_KIND, record->event_kind));
    }
  json_builder_set_member_name (builder, "peer");
  if (record->peer != NULL)
    json_builder_add_string_value (builder, record->peer);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "connection");
  if (record->connection != 0)
    json_builder_add_int_value (builder, record->connection);
  else
    json_builder_add_null_value (builder);

  if (event)
    {
      g_autofree char *message = _sw_export_event_message (record, G_MAXSIZE);

      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, message);
    }
  else
    {
      SwEncoding encoding = _sw_export_text_encoding (record);
      g_autofree char *payload = g_base64_encode (record->data, record->length);
      g_autofree char *text = sw_encoding_decode (encoding, record->data, record->length,
                                                  SW_DECODE_FLAGS_NONE);

      json_builder_set_member_name (builder, "length");
      json_builder_add_int_value (builder, record->length);
      json_builder_set_member_name (builder, "payload");
      json_builder_add_string_value (builder, payload);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, text);
      json_builder_set_member_name (builder, "encoding");
      json_builder_add_string_value (builder, sw_encoding_get_id (encoding));
      json_builder_set_member_name (builder, "flags");
      json_builder_begin_array (builder);
      _sw_export_foreach_flag (record->flags, add_flag, builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  return write_object (jsonl, builder, error);
}

static gboolean
write_header (Jsonl         *jsonl,
              SwTrafficLog  *log,
              GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  SwTrafficTotals totals;

  sw_traffic_log_get_totals (log, &totals);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "log");
  json_builder_set_member_name (builder, "application");
  json_builder_add_string_value (builder, PACKAGE_NAME " " PACKAGE_VERSION);
  json_builder_set_member_name (builder, "first_seq");
  json_builder_add_int_value (builder, sw_traffic_log_get_first_seq (log));
  json_builder_set_member_name (builder, "records");
  json_builder_add_int_value (builder, sw_traffic_log_get_n_records (log));
  json_builder_set_member_name (builder, "records_dropped");
  json_builder_add_int_value (builder, totals.records_trimmed);
  json_builder_set_member_name (builder, "bytes_dropped");
  json_builder_add_int_value (builder, totals.bytes_trimmed);
  json_builder_end_object (builder);

  return write_object (jsonl, builder, error);
}

/**
 * sw_export_write_jsonl:
 * @log: the log to write
 * @out: where to write it
 * @cancellable: (nullable): to stop
 * @error: where to say why it failed
 *
 * Writes every record of @log as a line of JSON; see sw-export.h.
 *
 * Returns: %TRUE when all of it was written
 */
gboolean
sw_export_write_jsonl (SwTrafficLog   *log,
                       GOutputStream  *out,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(GHashTable) connections_seen = NULL;
  g_autoptr(GString) scratch = NULL;
  gboolean ok;
  Jsonl jsonl;

  g_return_val_if_fail (SW_IS_TRAFFIC_LOG (log), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  generator = json_generator_new ();
  connections_seen = g_hash_table_new (NULL, NULL);
  scratch = g_string_new (NULL);

  _sw_export_writer_init (&jsonl.writer, out, cancellable);
  _sw_export_clock_init (&jsonl.clock);
  jsonl.generator = generator;
  jsonl.connections_seen = connections_seen;
  jsonl.scratch = scratch;

  ok = write_header (&jsonl, log, error);

  for (guint64 seq = sw_traffic_log_get_first_seq (log);
       ok && seq < sw_traffic_log_get_end_seq (log);
       seq++)
    {
      SwTrafficRecord record;

      if (sw_traffic_log_get_record (log, seq, &record))
        ok = write_record (&jsonl, log, &record, error);
    }

  ok = ok && _sw_export_writer_finish (&jsonl.writer, error);
  _sw_export_writer_clear (&jsonl.writer);

  return ok;
}

/* test-traffic-export-formats.c: CSV, JSON Lines and pcapng, read back by
 * other programs (Python's csv module, JSON-GLib, tshark and capinfos)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sw-endpoint.h"
#include "sw-export.h"
#include "sw-relay.h"
#include "sw-tcp-client.h"
#include "sw-tcp-server.h"
#include "sw-test-util.h"
#include "sw-udp-peer.h"

#define TIMEOUT_MS 30000

typedef gboolean (*ExportFunc) (SwTrafficLog   *log,
                                GOutputStream  *out,
                                GCancellable   *cancellable,
                                GError        **error);

static char *scratch_dir;

/* Writing */

static char *
export_file (SwTrafficLog *log,
             ExportFunc    func,
             const char   *name)
{
  char *path = g_build_filename (scratch_dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (func (log, G_OUTPUT_STREAM (stream), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));
  g_assert_no_error (error);

  return path;
}

static void
append (SwTrafficLog  *log,
        guint          connection,
        SwDirection    direction,
        SwRecordFlags  flags,
        SwEncoding     encoding,
        const void    *data,
        gssize         length)
{
  SwTrafficMeta meta = { direction, connection, NULL, flags, encoding };

  sw_traffic_log_append_full (log, &meta, data, length < 0 ? strlen (data) : (gsize) length);
}

/* Records of every kind a person meets in a CSV file. */
static SwTrafficLog *
mixed_log (void)
{
  SwTrafficLog *log = sw_traffic_log_new ();
  g_autoptr(GBytes) gb18030 = sw_encoding_encode (SW_ENCODING_GB18030, "你好，世界", -1, NULL, NULL);
  guint tcp = sw_test_log_open_connection (log, SW_TRANSPORT_TCP, "127.0.0.1", 50001, "127.0.0.1", 7000);
  guint udp = sw_test_log_open_connection (log, SW_TRANSPORT_UDP, "::", 5000, "::1", 9000);

  g_assert_nonnull (gb18030);

  sw_traffic_log_append_event (log, SW_EVENT_KIND_INFO, NULL, "Listening on 127.0.0.1:7000,\nand on \"[::1]:7000\"");
  append (log, tcp, SW_DIRECTION_SENT, SW_RECORD_FLAGS_TEXT | SW_RECORD_FLAGS_AUTOMATIC, SW_ENCODING_UTF8,
          "a,b \"quoted\"\r\n", -1);
  append (log, tcp, SW_DIRECTION_RECEIVED, 0, SW_ENCODING_UTF8, "line 1\nline 2\xff", 14);
  append (log, tcp, SW_DIRECTION_RECEIVED, 0, SW_ENCODING_UTF8, "你好，世界", -1);
  append (log, tcp, SW_DIRECTION_SENT, SW_RECORD_FLAGS_TEXT, SW_ENCODING_GB18030,
          g_bytes_get_data (gb18030, NULL), g_bytes_get_size (gb18030));
  append (log, udp, SW_DIRECTION_RECEIVED, 0, SW_ENCODING_UTF8, "", 0);
  append (log, udp, SW_DIRECTION_SENT, SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8, "=1+1", -1);
  append (log, tcp, SW_DIRECTION_SENT, SW_RECORD_FLAGS_INJECTED | SW_RECORD_FLAGS_FILE, SW_ENCODING_UTF8,
          "\0\x01", 2);
  sw_traffic_log_append (log, SW_DIRECTION_SENT, "192.0.2.7:9", (const guint8 *) "no connection", 13);
  sw_traffic_log_append_connection_event (log, tcp, SW_EVENT_KIND_DISCONNECTED,
                                          "Connection closed by 127.0.0.1:7000");
  sw_traffic_log_close_connection (log, tcp, SW_CONNECTION_END_CLOSED);
  /* An empty message has no payload at all. */
  sw_traffic_log_append_event (log, SW_EVENT_KIND_INFO, NULL, "");

  return log;
}

/* What every format says of a record, worked out here again */

static char *
expected_hex (const SwTrafficRecord *record)
{
  GString *hex = g_string_new (NULL);

  for (gsize i = 0; i < record->length; i++)
    g_string_append_printf (hex, "%02x", record->data[i]);

  return g_string_free (hex, FALSE);
}

static SwEncoding
expected_encoding (const SwTrafficRecord *record)
{
  return record->direction == SW_DIRECTION_SENT && (record->flags & SW_RECORD_FLAGS_TEXT)
         ? record->encoding : SW_ENCODING_UTF8;
}

static char *
expected_text (const SwTrafficRecord *record,
               gboolean               for_spreadsheets)
{
  g_autofree char *text = NULL;

  if (record->direction == SW_DIRECTION_EVENT)
    text = g_strndup (record->data != NULL ? (const char *) record->data : "", record->length);
  else
    text = sw_encoding_decode (expected_encoding (record), record->data, record->length,
                               SW_DECODE_FLAGS_NONE);

  if (for_spreadsheets && strchr ("=+-@", text[0]) != NULL && text[0] != '\0')
    return g_strconcat ("'", text, NULL);

  return g_steal_pointer (&text);
}

static char *
expected_flags (SwRecordFlags flags)
{
  const char *names[] = { "text", "automatic", "injected", "file" };
  g_autoptr(GPtrArray) set = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & (1 << i))
      g_ptr_array_add (set, (gpointer) names[i]);
  g_ptr_array_add (set, NULL);

  return g_strjoinv (" ", (char **) set->pdata);
}

static const char *
direction_name (SwDirection direction)
{
  return direction == SW_DIRECTION_SENT ? "sent" : direction == SW_DIRECTION_RECEIVED ? "received" : "event";
}

/* The ISO 8601 time is the record's, to the millisecond, in local time. */
static void
assert_time (const char *text,
             gint64      wall_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (wall_time / G_USEC_PER_SEC);
  g_autofree char *offset = g_date_time_format (local, "%:z");

  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d$",
                                       text, 0, 0));
  g_assert_true (g_str_has_suffix (text, offset));
  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time),
                   ==, wall_time - wall_time % 1000);
}

/* CSV */

static JsonArray *
csv_rows (const char *path)
{
  g_autoptr(SwTestPeer) reader = sw_test_peer_new ("csv_rows.py", path, NULL);
  g_autofree char *json = sw_test_peer_expect (reader, "^(ROWS .*|ERROR .*)$", TIMEOUT_MS);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!g_str_has_prefix (json, "ROWS "))
    g_error ("Python cannot read %s: %s", path, json);
  g_assert_true (json_parser_load_from_data (parser, json + 5, -1, &error));
  g_assert_no_error (error);

  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static const char *
cell (JsonArray *rows,
      guint      row,
      guint      column)
{
  JsonArray *fields = json_array_get_array_element (rows, row);

  g_assert_cmpuint (json_array_get_length (fields), ==, 10);

  return json_array_get_string_element (fields, column);
}

enum { TIME, DIRECTION, EVENT, PEER, CONNECTION, LENGTH, HEX, TEXT, ENCODING, FLAGS };

/* Every row says what its record holds. */
static void
check_csv (SwTrafficLog *log,
           const char   *path,
           JsonArray    *rows)
{
  guint64 first = sw_traffic_log_get_first_seq (log);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_cmpuint (json_array_get_length (rows), ==, sw_traffic_log_get_n_records (log) + 1);
  g_assert_cmpstr (cell (rows, 0, TIME), ==, "time");
  g_assert_cmpstr (cell (rows, 0, FLAGS), ==, "flags");

  /* RFC 4180: CRLF after every row, UTF-8 throughout. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_utf8_validate_len (contents, length, NULL));
  g_assert_true (g_str_has_prefix (contents, "time,direction,event,peer,connection,length,hex,text,encoding,flags\r\n"));
  g_assert_true (g_str_has_suffix (contents, "\r\n"));

  for (guint64 seq = first; seq < sw_traffic_log_get_end_seq (log); seq++)
    {
      guint row = seq - first + 1;
      SwTrafficRecord record;
      g_autofree char *text = NULL;

      g_assert_true (sw_traffic_log_get_record (log, seq, &record));
      text = expected_text (&record, TRUE);

      assert_time (cell (rows, row, TIME), record.wall_time);
      g_assert_cmpstr (cell (rows, row, DIRECTION), ==, direction_name (record.direction));
      g_assert_cmpstr (cell (rows, row, PEER), ==, record.peer != NULL ? record.peer : "");
      if (record.connection != 0)
        g_assert_cmpuint (g_ascii_strtoull (cell (rows, row, CONNECTION), NULL, 10), ==, record.connection);
      else
        g_assert_cmpstr (cell (rows, row, CONNECTION), ==, "");
      g_assert_cmpstr (cell (rows, row, TEXT), ==, text);

      if (record.direction == SW_DIRECTION_EVENT)
        {
          g_assert_cmpstr (cell (rows, row, EVENT), !=, "");
          g_assert_cmpstr (cell (rows, row, LENGTH), ==, "");
          g_assert_cmpstr (cell (rows, row, HEX), ==, "");
        }
      else
        {
          g_autofree char *hex = expected_hex (&record);
          g_autofree char *flags = expected_flags (record.flags);

          g_assert_cmpstr (cell (rows, row, EVENT), ==, "");
          g_assert_cmpuint (g_ascii_strtoull (cell (rows, row, LENGTH), NULL, 10), ==, record.length);
          g_assert_cmpstr (cell (rows, row, HEX), ==, hex);
          g_assert_cmpstr (cell (rows, row, ENCODING), ==, sw_encoding_get_id (expected_encoding (&record)));
          g_assert_cmpstr (cell (rows, row, FLAGS), ==, flags);
        }
    }
}

static void
test_csv_read_back (void)
{
  g_autoptr(SwTrafficLog) log = mixed_log ();
  g_autofree char *path = export_file (log, sw_export_write_csv, "mixed.csv");
  g_autoptr(JsonArray) rows = csv_rows (path);

  check_csv (log, path, rows);

  /* What a person reads in a spreadsheet, row by row. */
  g_assert_cmpstr (cell (rows, 1, DIRECTION), ==, "event");
  g_assert_cmpstr (cell (rows, 1, EVENT), ==, "info");
  g_assert_cmpstr (cell (rows, 1, TEXT), ==, "Listening on 127.0.0.1:7000,\nand on \"[::1]:7000\"");
  g_assert_cmpstr (cell (rows, 2, PEER), ==, "127.0.0.1:7000");
  g_assert_cmpstr (cell (rows, 2, LENGTH), ==, "14");
  g_assert_cmpstr (cell (rows, 2, HEX), ==, "612c62202271756f746564220d0a");
  g_assert_cmpstr (cell (rows, 2, TEXT), ==, "a,b \"quoted\"\\r\\n");
  g_assert_cmpstr (cell (rows, 2, FLAGS), ==, "text automatic");
  g_assert_cmpstr (cell (rows, 3, TEXT), ==, "line 1\\nline 2\\xFF");
  g_assert_cmpstr (cell (rows, 4, TEXT), ==, "你好，世界");
  g_assert_cmpstr (cell (rows, 5, TEXT), ==, "你好，世界");
  g_assert_cmpstr (cell (rows, 5, HEX), ==, "c4e3bac3a3accac0bde7");
  g_assert_cmpstr (cell (rows, 5, ENCODING), ==, "gb18030");
  g_assert_cmpstr (cell (rows, 6, PEER), ==, "[::1]:9000");
  g_assert_cmpstr (cell (rows, 6, LENGTH), ==, "0");
  g_assert_cmpstr (cell (rows, 6, HEX), ==, "");
  g_assert_cmpstr (cell (rows, 6, TEXT), ==, "");
  g_assert_cmpstr (cell (rows, 7, TEXT), ==, "'=1+1");
  g_assert_cmpstr (cell (rows, 8, TEXT), ==, "\\x00\\x01");
  g_assert_cmpstr (cell (rows, 8, FLAGS), ==, "injected file");
  g_assert_cmpstr (cell (rows, 9, CONNECTION), ==, "");
  g_assert_cmpstr (cell (rows, 9, PEER), ==, "192.0.2.7:9");
  g_assert_cmpstr (cell (rows, 10, EVENT), ==, "disconnected");
  g_assert_cmpstr (cell (rows, 11, TEXT), ==, "");
}

/* Long texts are written in pieces: no piece boundary may show. */
static SwTrafficLog *
long_text_log (void)
{
  SwTrafficLog *log = sw_traffic_log_new ();
  guint tcp = sw_test_log_open_connection (log, SW_TRANSPORT_TCP, "127.0.0.1", 50002, "127.0.0.1", 7001);
  g_autoptr(GString) chinese = g_string_new (NULL);
  g_autoptr(GString) emoji = g_string_new ("x");
  g_autoptr(GBytes) utf16 = NULL;
  g_autoptr(GBytes) gb18030 = NULL;
  g_autofree guint8 *binary = g_malloc (300 * 1024);

  for (guint i = 0; i < 40000; i++)
    g_string_append (chinese, i % 1000 == 999 ? "\n" : "你");
  for (guint i = 0; i < 20000; i++)
    g_string_append (emoji, "😀");
  for (gsize i = 0; i < 300 * 1024; i++)
    binary[i] = (i * 131) >> 3;
  utf16 = sw_encoding_encode (SW_ENCODING_UTF16LE, emoji->str, -1, NULL, NULL);
  gb18030 = sw_encoding_encode (SW_ENCODING_GB18030, chinese->str, -1, NULL, NULL);

  append (log, tcp, SW_DIRECTION_RECEIVED, 0, SW_ENCODING_UTF8, chinese->str, chinese->len);
  append (log, tcp, SW_DIRECTION_SENT, SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF16LE,
          g_bytes_get_data (utf16, NULL), g_bytes_get_size (utf16));
  append (log, tcp, SW_DIRECTION_SENT, SW_RECORD_FLAGS_TEXT, SW_ENCODING_GB18030,
          g_bytes_get_data (gb18030, NULL), g_bytes_get_size (gb18030));
  append (log, tcp, SW_DIRECTION_SENT, SW_RECORD_FLAGS_TEXT, SW_ENCODING_LATIN1, binary, 300 * 1024);
  append (log, tcp, SW_DIRECTION_RECEIVED, 0, SW_ENCODING_UTF8, binary, 300 * 1024);

  return log;
}

static void
test_csv_long_records (void)
{
  g_autoptr(SwTrafficLog) log = long_text_log ();
  g_autofree char *path = export_file (log, sw_export_write_csv, "long.csv");
  g_autoptr(JsonArray) rows = csv_rows (path);

  check_csv (log, path, rows);
}

/* JSON Lines */

static void
check_jsonl (SwTrafficLog *log,
             const char   *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) connections = g_hash_table_new (NULL, NULL);
  guint64 seq = sw_traffic_log_get_first_seq (log);
  SwTrafficTotals totals;
  guint n_lines;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_suffix (contents, "\n"));
  lines = g_strsplit (contents, "\n", -1);
  n_lines = g_strv_length (lines) - 1;
  g_assert_cmpstr (lines[n_lines], ==, "");
  sw_traffic_log_get_totals (log, &totals);

  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;
      const char *type;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      type = json_object_get_string_member (object, "type");

      if (i == 0)
        {
          g_assert_cmpstr (type, ==, "log");
          g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "application"), "Socket Workbench "));
          g_assert_cmpint (json_object_get_int_member (object, "records"), ==, sw_traffic_log_get_n_records (log));
          g_assert_cmpint (json_object_get_int_member (object, "records_dropped"), ==, totals.records_trimmed);
          g_assert_cmpint (json_object_get_int_member (object, "bytes_dropped"), ==, totals.bytes_trimmed);
        }
      else if (g_strcmp0 (type, "connection") == 0)
        {
          guint id = json_object_get_int_member (object, "id");
          SwTrafficConnection connection;
          g_autofree char *local = NULL;
          g_autofree char *remote = NULL;

          g_assert_true (sw_traffic_log_get_connection (log, id, &connection));
          g_assert_false (g_hash_table_contains (connections, GUINT_TO_POINTER (id)));
          g_hash_table_add (connections, GUINT_TO_POINTER (id));
          local = sw_socket_address_to_string (connection.local);
          remote = sw_socket_address_to_string (connection.remote);
          g_assert_cmpstr (json_object_get_string_member (object, "local"), ==, local);
          g_assert_cmpstr (json_object_get_string_member (object, "remote"), ==, remote);
          g_assert_cmpstr (json_object_get_string_member (object, "transport"), ==,
                           connection.transport == SW_TRANSPORT_TCP ? "tcp" : "udp");
          g_assert_cmpint (json_object_get_boolean_member (object, "relay"), ==, connection.relay);
          g_assert_cmpint (json_object_get_int_member (object, "open_time_us"), ==, connection.open_time);
          assert_time (json_object_get_string_member (object, "open_time"), connection.open_time);
          g_assert_cmpstr (json_object_get_string_member (object, "end"), ==,
                           connection.end == SW_CONNECTION_END_OPEN ? "open"
                           : connection.end == SW_CONNECTION_END_CLOSED ? "closed" : "reset");
          if (connection.end == SW_CONNECTION_END_OPEN)
            g_assert_true (json_object_get_null_member (object, "close_time"));
          else
            g_assert_cmpint (json_object_get_int_member (object, "close_time_us"), ==, connection.close_time);
        }
      else
        {
          SwTrafficRecord record;
          g_autofree char *text = NULL;

          g_assert_cmpstr (type, ==, "record");
          g_assert_true (sw_traffic_log_get_record (log, seq, &record));
          text = expected_text (&record, FALSE);
          g_assert_cmpint (json_object_get_int_member (object, "seq"), ==, seq);
          g_assert_cmpint (json_object_get_int_member (object, "time_us"), ==, record.wall_time);
          assert_time (json_object_get_string_member (object, "time"), record.wall_time);
          g_assert_cmpstr (json_object_get_string_member (object, "direction"), ==, direction_name (record.direction));
          g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, text);
          if (record.peer != NULL)
            g_assert_cmpstr (json_object_get_string_member (object, "peer"), ==, record.peer);
          else
            g_assert_true (json_object_get_null_member (object, "peer"));
          if (record.connection != 0)
            {
              /* Described before its first record. */
              g_assert_true (g_hash_table_contains (connections, GUINT_TO_POINTER (record.connection)));
              g_assert_cmpint (json_object_get_int_member (object, "connection"), ==, record.connection);
            }
          else
            g_assert_true (json_object_get_null_member (object, "connection"));

          if (record.direction == SW_DIRECTION_EVENT)
            {
              g_assert_false (json_object_has_member (object, "payload"));
              g_assert_nonnull (json_object_get_string_member (object, "kind"));
            }
          else
            {
              g_autofree guint8 *payload = NULL;
              g_autofree char *flags = expected_flags (record.flags);
              g_autoptr(GString) listed = g_string_new (NULL);
              JsonArray *array = json_object_get_array_member (object, "flags");
              gsize length;

              payload = g_base64_decode (json_object_get_string_member (object, "payload"), &length);
              g_assert_cmpmem (payload, length, record.data, record.length);
              g_assert_cmpint (json_object_get_int_member (object, "length"), ==, record.length);
              g_assert_cmpstr (json_object_get_string_member (object, "encoding"), ==,
                               sw_encoding_get_id (expected_encoding (&record)));
              for (guint j = 0; j < json_array_get_length (array); j++)
                g_string_append_printf (listed, "%s%s", j > 0 ? " " : "", json_array_get_string_element (array, j));
              g_assert_cmpstr (listed->str, ==, flags);
            }
          seq++;
        }
    }

  g_assert_cmpuint (seq, ==, sw_traffic_log_get_end_seq (log));
}

static void
test_jsonl_read_back (void)
{
  g_autoptr(SwTrafficLog) mixed = mixed_log ();
  g_autoptr(SwTrafficLog) long_texts = long_text_log ();
  g_autofree char *mixed_path = export_file (mixed, sw_export_write_jsonl, "mixed.jsonl");
  g_autofree char *long_path = export_file (long_texts, sw_export_write_jsonl, "long.jsonl");
  g_autofree char *contents = NULL;

  check_jsonl (mixed, mixed_path);
  check_jsonl (long_texts, long_path);

  /* Events say their kind; text is as the view shows it. */
  g_assert_true (g_file_get_contents (mixed_path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"direction\":\"event\",\"kind\":\"disconnected\""));
  g_assert_nonnull (strstr (contents, "\"text\":\"你好，世界\",\"encoding\":\"gb18030\""));
}

/* Errors */

/* A stream that cancels @cancellable once something was written to it. */
#define TEST_TYPE_CANCELLING_STREAM (test_cancelling_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestCancellingStream, test_cancelling_stream, TEST, CANCELLING_STREAM, GOutputStream)

struct _TestCancellingStream
{
  GOutputStream  parent_instance;
  GCancellable  *cancellable;
  gsize          written;
};

G_DEFINE_FINAL_TYPE (TestCancellingStream, test_cancelling_stream, G_TYPE_OUTPUT_STREAM)

static gssize
test_cancelling_stream_write (GOutputStream  *stream,
                              const void     *buffer,
                              gsize           count,
                              GCancellable   *cancellable,
                              GError        **error)
{
  TestCancellingStream *self = TEST_CANCELLING_STREAM (stream);

  self->written += count;
  g_cancellable_cancel (self->cancellable);

  return count;
}

static void
test_cancelling_stream_class_init (TestCancellingStreamClass *klass)
{
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = test_cancelling_stream_write;
}

static void
test_cancelling_stream_init (TestCancellingStream *self)
{
}

/* More than one buffer of every format. */
static SwTrafficLog *
big_log (void)
{
  SwTrafficLog *log = sw_traffic_log_new ();
  guint tcp = sw_test_log_open_connection (log, SW_TRANSPORT_TCP, "127.0.0.1", 50003, "127.0.0.1", 7002);
  g_autofree guint8 *data = g_malloc0 (64 * 1024);

  for (guint i = 0; i < 40; i++)
    append (log, tcp, i % 2 ? SW_DIRECTION_SENT : SW_DIRECTION_RECEIVED, 0, SW_ENCODING_UTF8, data, 64 * 1024);

  return log;
}

static void
test_write_errors (void)
{
  ExportFunc funcs[] = { sw_export_write_csv, sw_export_write_jsonl, sw_export_write_pcapng };
  g_autoptr(SwTrafficLog) log = big_log ();

  for (guint i = 0; i < G_N_ELEMENTS (funcs); i++)
    {
      g_autofree guint8 *buffer = g_malloc (100 * 1024);
      g_autoptr(GOutputStream) full = g_memory_output_stream_new (buffer, 100 * 1024, NULL, NULL);
      g_autoptr(GOutputStream) cancelling = g_object_new (TEST_TYPE_CANCELLING_STREAM, NULL);
      g_autoptr(GOutputStream) unused = g_memory_output_stream_new_resizable ();
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GCancellable) cancelled = g_cancellable_new ();
      g_autoptr(GError) error = NULL;

      /* A full disk. */
      g_assert_false (funcs[i] (log, full, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
      g_clear_error (&error);

      /* Cancelled after the first piece: nothing more is written. */
      TEST_CANCELLING_STREAM (cancelling)->cancellable = cancellable;
      g_assert_false (funcs[i] (log, cancelling, cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpuint (TEST_CANCELLING_STREAM (cancelling)->written, >, 0);
      g_assert_cmpuint (TEST_CANCELLING_STREAM (cancelling)->written, <, 1024 * 1024);
      g_clear_error (&error);

      /* Cancelled before: nothing at all. */
      g_cancellable_cancel (cancelled);
      g_assert_false (funcs[i] (log, unused, cancelled, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (unused)), ==, 0);
    }
}

/* In another thread, on a snapshot */

typedef struct
{
  SwTrafficLog *snapshot;
  ExportFunc    func;
} ThreadExport;

static GBytes *
export_bytes (SwTrafficLog *log,
              ExportFunc    func,
              GError      **error)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (!func (log, out, NULL, error) || !g_output_stream_close (out, NULL, error))
    return NULL;

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ThreadExport *data = task_data;
  GError *error = NULL;
  GBytes *bytes = export_bytes (data->snapshot, data->func, &error);

  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/* What an export in a thread writes while the session goes on (and
 * trims) is what the snapshot held. */
static void
test_export_in_a_thread (void)
{
  ExportFunc funcs[] = { sw_export_write_csv, sw_export_write_jsonl, sw_export_write_pcapng };
  SwTrafficMeta meta = { SW_DIRECTION_RECEIVED };

  meta.peer = "127.0.0.1:7002";
  for (guint i = 0; i < G_N_ELEMENTS (funcs); i++)
    {
      g_autoptr(SwTrafficLog) log = big_log ();
      ThreadExport data = { sw_traffic_log_snapshot (log), funcs[i] };
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GTask) task = g_task_new (NULL, NULL, sw_test_store_result, &result);
      g_autoptr(GBytes) written = NULL;
      g_autoptr(GBytes) expected = NULL;
      g_autoptr(GError) error = NULL;
      guint appended = 0;

      g_task_set_task_data (task, &data, NULL);
      g_task_run_in_thread (task, export_thread);

      sw_traffic_log_set_byte_cap (log, 1024 * 1024);
      while (result == NULL)
        {
          sw_traffic_log_append_full (log, &meta, (const guint8 *) "more", 4);
          appended++;
          g_main_context_iteration (NULL, appended % 64 == 0);
        }
      g_assert_cmpuint (sw_traffic_log_get_first_seq (log), >, sw_traffic_log_get_first_seq (data.snapshot));

      written = g_task_propagate_pointer (G_TASK (result), &error);
      g_assert_no_error (error);
      expected = export_bytes (data.snapshot, funcs[i], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (written), >, 1024 * 1024);
      g_assert_true (g_bytes_equal (written, expected));

      g_clear_object (&task);
      g_assert_finalize_object (data.snapshot);
    }
}

/* pcapng, read by tshark */

static gboolean
have_tshark (void)
{
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autofree char *capinfos = g_find_program_in_path ("capinfos");

  if (tshark != NULL && capinfos != NULL)
    return TRUE;

  g_test_skip ("tshark and capinfos are not installed (Debian package tshark)");
  return FALSE;
}

static char *
run_tool (const char *const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = g_strjoinv (" ", (char **) argv);
  char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("“%s” failed", joined);

  return out;
}

/* tshark on @path with checksums checked and every payload as plain
 * data (a payload that looks like some protocol on its port is not the
 * capture's fault), then @args. */
static char *
tshark (const char *path,
        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) "tshark");
  g_ptr_array_add (argv, (gpointer) "-n");
  g_ptr_array_add (argv, (gpointer) "-r");
  g_ptr_array_add (argv, (gpointer) path);
  g_ptr_array_add (argv, (gpointer) "-o");
  g_ptr_array_add (argv, (gpointer) "ip.check_checksum:TRUE");
  g_ptr_array_add (argv, (gpointer) "-o");
  g_ptr_array_add (argv, (gpointer) "tcp.check_checksum:TRUE");
  g_ptr_array_add (argv, (gpointer) "-o");
  g_ptr_array_add (argv, (gpointer) "udp.check_checksum:TRUE");
  g_ptr_array_add (argv, (gpointer) "-d");
  g_ptr_array_add (argv, (gpointer) "tcp.port==1-65535,data");
  g_ptr_array_add (argv, (gpointer) "-d");
  g_ptr_array_add (argv, (gpointer) "udp.port==1-65535,data");

  va_start (ap, path);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  return run_tool ((const char *const *) argv->pdata);
}

/* The summaries of tshark's expert errors and warnings, a line each. */
static char *
expert_problems (const char *path)
{
  g_autofree char *report = tshark (path, "-q", "-z", "expert", NULL);
  g_auto(GStrv) lines = g_strsplit (report, "\n", -1);
  g_autoptr(GRegex) entry = g_regex_new ("^\\s*\\d+\\s+\\S+\\s+\\S+\\s+(.*)$", 0, 0, NULL);
  GString *problems = g_string_new (NULL);
  gboolean bad = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;

      if (g_regex_match_simple ("^\\S+ \\(\\d+\\)$", lines[i], 0, 0))
        bad = g_str_has_prefix (lines[i], "Errors") || g_str_has_prefix (lines[i], "Warns");
      else if (bad && g_regex_match (entry, lines[i], 0, &match) && !strstr (lines[i], "Frequency"))
        {
          g_autofree char *summary = g_match_info_fetch (match, 1);

          g_string_append_printf (problems, "%s\n", summary);
        }
    }

  return g_string_free (problems, FALSE);
}

typedef struct
{
  char       *local;     /* NULL: made up */
  char       *remote;
  GByteArray *sent;      /* local → remote */
  GByteArray *received;
  gboolean    found;
} Flow;

static void
flow_free (Flow *flow)
{
  g_free (flow->local);
  g_free (flow->remote);
  g_byte_array_unref (flow->sent);
  g_byte_array_unref (flow->received);
  g_free (flow);
}

static Flow *
flow_new (char *local,
          char *remote)
{
  Flow *flow = g_new0 (Flow, 1);

  flow->local = local;
  flow->remote = remote;
  flow->sent = g_byte_array_new ();
  flow->received = g_byte_array_new ();

  return flow;
}

static GByteArray *
parse_hex (const char *hex)
{
  GByteArray *bytes = g_byte_array_new ();

  for (const char *p = hex; p[0] != '\0' && p[1] != '\0'; p += 2)
    {
      guint8 byte = g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]);

      g_byte_array_append (bytes, &byte, 1);
    }

  return bytes;
}

/* Follow TCP Stream: both directions of stream @n, and its two ends. */
static void
follow (const char  *path,
        guint        n,
        char       **node0,
        char       **node1,
        GByteArray  *from0,
        GByteArray  *from1)
{
  g_autofree char *spec = g_strdup_printf ("follow,tcp,raw,%u", n);
  g_autofree char *report = tshark (path, "-q", "-z", spec, NULL);
  g_auto(GStrv) lines = g_strsplit (report, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_autoptr(GByteArray) bytes = NULL;

      if (g_str_has_prefix (line, "Node 0: "))
        *node0 = g_strdup (line + 8);
      else if (g_str_has_prefix (line, "Node 1: "))
        *node1 = g_strdup (line + 8);
      else if (g_regex_match_simple ("^\t?[0-9a-f]+$", line, 0, 0))
        {
          bytes = parse_hex (line[0] == '\t' ? line + 1 : line);
          g_byte_array_append (line[0] == '\t' ? from1 : from0, bytes->data, bytes->len);
        }
    }

  g_assert_nonnull (*node0);
  g_assert_nonnull (*node1);
}

static void
assert_bytes_equal (GByteArray *actual,
                    GByteArray *expected)
{
  g_assert_cmpmem (actual->data, actual->len, expected->data, expected->len);
}

/* Reads @path with capinfos and tshark and checks that it is the
 * capture of @log: no errors or warnings but @allowed (lines), every TCP
 * connection's bytes each way as Follow TCP Stream shows them, every UDP
 * datagram, every event as a comment. */
static void
check_capture (SwTrafficLog *log,
               const char   *path,
               const char   *allowed)
{
  g_autoptr(GHashTable) flows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) flow_free);
  g_autoptr(GString) datagrams = g_string_new (NULL);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *info = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *streams = NULL;
  g_autofree char *udp = NULL;
  g_autofree char *comments = NULL;
  g_auto(GStrv) stream_ids = NULL;
  gint max_stream = -1;
  GHashTableIter iter;
  Flow *flow;

  /* What the log says. */
  for (guint64 seq = sw_traffic_log_get_first_seq (log); seq < sw_traffic_log_get_end_seq (log); seq++)
    {
      SwTrafficRecord record;
      SwTrafficConnection connection;
      g_autofree char *key = NULL;

      g_assert_true (sw_traffic_log_get_record (log, seq, &record));
      if (record.direction == SW_DIRECTION_EVENT)
        {
          g_ptr_array_add (events, g_strndup (record.data != NULL ? (const char *) record.data : "", record.length));
          continue;
        }

      if (record.connection != 0)
        {
          g_assert_true (sw_traffic_log_get_connection (log, record.connection, &connection));
          if (connection.transport == SW_TRANSPORT_UDP)
            {
              guint16 ports[2];

              ports[0] = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (connection.local));
              ports[1] = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (connection.remote));
              if (record.direction == SW_DIRECTION_RECEIVED)
                g_string_append_printf (datagrams, "%u\t%u\t", ports[1], ports[0]);
              else
                g_string_append_printf (datagrams, "%u\t%u\t", ports[0], ports[1]);
              for (gsize i = 0; i < record.length; i++)
                g_string_append_printf (datagrams, "%02x", record.data[i]);
              g_string_append_c (datagrams, '\n');
              continue;
            }
          key = g_strdup_printf ("%u", record.connection);
          if (!g_hash_table_contains (flows, key))
            g_hash_table_insert (flows, g_strdup (key),
                                 flow_new (sw_socket_address_to_string (connection.local),
                                           sw_socket_address_to_string (connection.remote)));
        }
      else
        {
          key = g_strdup (record.peer);
          if (!g_hash_table_contains (flows, key))
            g_hash_table_insert (flows, g_strdup (key), flow_new (NULL, g_strdup (record.peer)));
        }

      flow = g_hash_table_lookup (flows, key);
      g_byte_array_append (record.direction == SW_DIRECTION_SENT ? flow->sent : flow->received,
                           record.data, record.length);
    }

  /* Readable, and clean. */
  info = run_tool ((const char *const[]) { "capinfos", path, NULL });
  g_assert_nonnull (strstr (info, "File type:           Wireshark/... - pcapng"));
  g_assert_nonnull (strstr (info, "Raw IP"));
  g_assert_nonnull (strstr (info, "Capture application: Socket Workbench "));
  problems = expert_problems (path);
  g_assert_cmpstr (problems, ==, allowed);

  /* Each TCP connection is one stream with the log's bytes. */
  streams = tshark (path, "-T", "fields", "-e", "tcp.stream", NULL);
  stream_ids = g_strsplit (streams, "\n", -1);
  for (guint i = 0; stream_ids[i] != NULL; i++)
    if (stream_ids[i][0] != '\0')
      max_stream = MAX (max_stream, atoi (stream_ids[i]));
  g_assert_cmpint (max_stream + 1, ==, g_hash_table_size (flows));

  for (gint n = 0; n <= max_stream; n++)
    {
      g_autofree char *node0 = NULL;
      g_autofree char *node1 = NULL;
      g_autoptr(GByteArray) from0 = g_byte_array_new ();
      g_autoptr(GByteArray) from1 = g_byte_array_new ();
      gboolean matched = FALSE;

      follow (path, n, &node0, &node1, from0, from1);

      g_hash_table_iter_init (&iter, flows);
      while (!matched && g_hash_table_iter_next (&iter, NULL, (gpointer *) &flow))
        {
          gboolean local_first;

          if (flow->local != NULL)
            {
              if (!((g_str_equal (node0, flow->local) && g_str_equal (node1, flow->remote)) ||
                    (g_str_equal (node1, flow->local) && g_str_equal (node0, flow->remote))))
                continue;
              local_first = g_str_equal (node0, flow->local);
            }
          else
            {
              if (!g_str_equal (node0, flow->remote) && !g_str_equal (node1, flow->remote))
                continue;
              local_first = g_str_equal (node1, flow->remote);
            }

          g_assert_false (flow->found);
          flow->found = matched = TRUE;
          assert_bytes_equal (local_first ? from0 : from1, flow->sent);
          assert_bytes_equal (local_first ? from1 : from0, flow->received);
        }

      if (!matched)
        g_error ("TCP stream %d between %s and %s is no connection of the log", n, node0, node1);
    }

  /* Each UDP datagram as it was, in order. */
  udp = tshark (path, "-Y", "udp", "-T", "fields", "-e", "udp.srcport", "-e", "udp.dstport", "-e", "udp.payload", NULL);
  g_assert_cmpstr (udp, ==, datagrams->str);

  /* Each event is a comment, of a packet or of the capture. */
  comments = tshark (path, "-T", "fields", "-e", "frame.comment", NULL);
  for (guint i = 0; i < events->len; i++)
    {
      g_auto(GStrv) event_lines = g_strsplit (g_ptr_array_index (events, i), "\n", 2);

      if (event_lines[0] == NULL)
        continue;
      if (strstr (comments, event_lines[0]) == NULL && strstr (info, event_lines[0]) == NULL)
        g_error ("The event “%s” is in no comment", event_lines[0]);
    }
}

static void
test_pcapng_hand_made (void)
{
  g_autoptr(SwTrafficLog) mixed = mixed_log ();
  g_autoptr(SwTrafficLog) long_texts = long_text_log ();
  g_autoptr(SwTrafficLog) empty = sw_traffic_log_new ();
  g_autoptr(SwTrafficLog) peers = sw_traffic_log_new ();
  g_autofree char *mixed_path = export_file (mixed, sw_export_write_pcapng, "mixed.pcapng");
  g_autofree char *long_path = export_file (long_texts, sw_export_write_pcapng, "long.pcapng");
  g_autofree char *empty_path = export_file (empty, sw_export_write_pcapng, "empty.pcapng");
  g_autofree char *peers_path = NULL;
  g_autofree char *info = NULL;

  if (!have_tshark ())
    return;

  check_capture (mixed, mixed_path, "");
  check_capture (long_texts, long_path, "");
  check_capture (empty, empty_path, "");
  info = run_tool ((const char *const[]) { "capinfos", empty_path, NULL });
  g_assert_nonnull (strstr (info, "Number of packets:   0\n"));

  /* Records without a connection: one made-up connection per peer. */
  sw_traffic_log_append (peers, SW_DIRECTION_SENT, "127.0.0.1:7000", (const guint8 *) "one", 3);
  sw_traffic_log_append (peers, SW_DIRECTION_SENT, "[::1]:7000", (const guint8 *) "two", 3);
  sw_traffic_log_append (peers, SW_DIRECTION_RECEIVED, "127.0.0.1:7000", (const guint8 *) "three", 5);
  sw_traffic_log_append (peers, SW_DIRECTION_RECEIVED, "[::1]:7000", (const guint8 *) "four", 4);
  sw_traffic_log_append_event (peers, SW_EVENT_KIND_ERROR, "[::1]:7000", "Last words");
  peers_path = export_file (peers, sw_export_write_pcapng, "peers.pcapng");
  check_capture (peers, peers_path, "");
}

/* A log that dropped its start says so, and its connection still
 * follows: a handshake at its first record kept, then the bytes kept. */
static void
test_pcapng_trimmed (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  guint tcp = sw_test_log_open_connection (log, SW_TRANSPORT_TCP, "127.0.0.1", 50004, "127.0.0.1", 7003);
  guint udp = sw_test_log_open_connection (log, SW_TRANSPORT_UDP, "127.0.0.1", 5001, "127.0.0.1", 9001);
  g_autofree char *path = NULL;
  g_autofree char *info = NULL;
  SwTrafficTotals totals;
  guint8 data[1000];

  sw_traffic_log_set_byte_cap (log, 64 * 1024);
  for (guint i = 0; i < 200; i++)
    {
      memset (data, i, sizeof data);
      append (log, i % 3 ? tcp : udp, i % 2 ? SW_DIRECTION_SENT : SW_DIRECTION_RECEIVED, 0,
              SW_ENCODING_UTF8, data, sizeof data);
    }
  sw_traffic_log_close_connection (log, tcp, SW_CONNECTION_END_CLOSED);
  sw_traffic_log_get_totals (log, &totals);
  g_assert_cmpuint (totals.records_trimmed, >, 0);

  path = export_file (log, sw_export_write_pcapng, "trimmed.pcapng");
  if (!have_tshark ())
    return;

  check_capture (log, path, "");
  info = run_tool ((const char *const[]) { "capinfos", path, NULL });
  {
    g_autofree char *said = g_strdup_printf ("Capture comment:     %" G_GUINT64_FORMAT " records (%" G_GUINT64_FORMAT " bytes) were dropped from the start of this log before it was saved\n",
                                             totals.records_trimmed, totals.bytes_trimmed);

    g_assert_nonnull (strstr (info, said));
    g_assert_nonnull (strstr (info, "begin with a handshake made up at the time of their first record kept"));
  }
}

/* Real sessions */

typedef struct
{
  SwTrafficLog *log;
  guint64       bytes;
} LogBytes;

static gboolean
has_received (gpointer data)
{
  LogBytes *wait = data;
  SwTrafficTotals totals;

  sw_traffic_log_get_totals (wait->log, &totals);

  return totals.bytes_received >= wait->bytes;
}

static void
wait_received (SwTrafficLog *log,
               guint64       bytes)
{
  LogBytes wait = { log, bytes };
  g_autofree char *what = g_strdup_printf ("%" G_GUINT64_FORMAT " bytes to come back", bytes);

  sw_test_wait (has_received, &wait, TIMEOUT_MS, what);
}

/* Every connection the records name has ended. */
static gboolean
all_ended (gpointer data)
{
  SwTrafficLog *log = data;

  for (guint64 seq = sw_traffic_log_get_first_seq (log); seq < sw_traffic_log_get_end_seq (log); seq++)
    {
      SwTrafficRecord record;
      SwTrafficConnection connection;

      if (sw_traffic_log_get_record (log, seq, &record) && record.connection != 0 &&
          sw_traffic_log_get_connection (log, record.connection, &connection) &&
          connection.end == SW_CONNECTION_END_OPEN)
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_disconnected (gpointer data)
{
  return sw_engine_get_state (data) == SW_CONNECTION_STATE_DISCONNECTED;
}

static SwTcpClient *
connected_client (SwTrafficLog *log,
                  const char   *host,
                  guint16       port)
{
  SwTcpClient *client = sw_tcp_client_new (log);
  g_autoptr(GSocketConnectable) target = g_network_address_new (host, port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sw_tcp_client_connect_async (client, target, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the client to connect");
  g_assert_true (sw_tcp_client_connect_finish (client, result, &error));
  g_assert_no_error (error);

  return client;
}

static void
send_bytes (SwEngine      *engine,
            const void    *data,
            gsize          length,
            SwRecordFlags  flags,
            SwEncoding     encoding)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_autoptr(GError) error = NULL;
  SwSendInfo info = { flags, encoding };

  g_assert_true (sw_engine_send_full (engine, NULL, bytes, &info, &error));
  g_assert_no_error (error);
}

/* Text, GB18030 text, binary with NULs and 300 KiB, echoed back. */
static guint64
talk (SwEngine *engine)
{
  g_autoptr(GBytes) gb18030 = sw_encoding_encode (SW_ENCODING_GB18030, "你好，网络调试助手\r\n", -1, NULL, NULL);
  g_autofree guint8 *big = g_malloc (300 * 1024);
  guint64 total = 0;

  for (gsize i = 0; i < 300 * 1024; i++)
    big[i] = i * 7 + (i >> 10);

  send_bytes (engine, "hello, echo\n", 12, SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8);
  total += 12;
  send_bytes (engine, g_bytes_get_data (gb18030, NULL), g_bytes_get_size (gb18030),
              SW_RECORD_FLAGS_TEXT, SW_ENCODING_GB18030);
  total += g_bytes_get_size (gb18030);
  send_bytes (engine, "\0\1\2\3\xff", 5, SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8);
  total += 5;
  send_bytes (engine, big, 300 * 1024, SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8);
  total += 300 * 1024;

  return total;
}

static void
check_session_files (SwTrafficLog *log,
                     const char   *name,
                     const char   *allowed)
{
  g_autofree char *csv_name = g_strconcat (name, ".csv", NULL);
  g_autofree char *jsonl_name = g_strconcat (name, ".jsonl", NULL);
  g_autofree char *pcapng_name = g_strconcat (name, ".pcapng", NULL);
  g_autofree char *csv = export_file (log, sw_export_write_csv, csv_name);
  g_autofree char *jsonl = export_file (log, sw_export_write_jsonl, jsonl_name);
  g_autofree char *pcapng = export_file (log, sw_export_write_pcapng, pcapng_name);
  g_autoptr(JsonArray) rows = csv_rows (csv);

  check_csv (log, csv, rows);
  check_jsonl (log, jsonl);
  if (have_tshark ())
    check_capture (log, pcapng, allowed);
}

static void
tcp_client_session (const char *host,
                    const char *name)
{
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("echo_server.py", "--host", host, NULL);
  guint16 port = sw_test_peer_expect_port (echo, "^PORT (\\d+)");
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTcpClient) client = connected_client (log, host, port);

  wait_received (log, talk (SW_ENGINE (client)));
  sw_tcp_client_disconnect (client);
  sw_test_wait (all_ended, log, TIMEOUT_MS, "the connection to end");

  check_session_files (log, name, "");
}

static void
test_pcapng_tcp_client_ipv4 (void)
{
  tcp_client_session ("127.0.0.1", "client-ipv4");
}

static void
test_pcapng_tcp_client_ipv6 (void)
{
  if (sw_test_free_loopback_port (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM) == 0)
    {
      g_test_skip ("IPv6 loopback is not available");
      return;
    }

  tcp_client_session ("::1", "client-ipv6");
}

/* A connection still open has no FIN: its bytes so far follow. */
static void
test_pcapng_open_connection (void)
{
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("echo_server.py", NULL);
  guint16 port = sw_test_peer_expect_port (echo, "^PORT (\\d+)");
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTcpClient) client = connected_client (log, "127.0.0.1", port);

  send_bytes (SW_ENGINE (client), "still here\n", 11, SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8);
  wait_received (log, 11);
  g_assert_false (all_ended (log));

  check_session_files (log, "open", "");
}

static void
test_pcapng_server_two_clients (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTcpServer) server = sw_tcp_server_new (log);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(SwTcpClient) first = NULL;
  g_autoptr(SwTcpClient) second = NULL;
  g_autoptr(GBytes) greeting = g_bytes_new_static ("welcome\r\n", 9);
  g_autoptr(GError) error = NULL;

  g_assert_true (sw_tcp_server_listen (server, loopback, 0, &error));
  g_assert_no_error (error);
  sw_tcp_server_set_echo (server, TRUE);

  first = connected_client (NULL, "127.0.0.1", sw_tcp_server_get_port (server));
  second = connected_client (NULL, "127.0.0.1", sw_tcp_server_get_port (server));
  send_bytes (SW_ENGINE (first), "from the first\n", 15, SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8);
  send_bytes (SW_ENGINE (second), "from the second\n", 16, SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8);
  wait_received (log, 31);
  g_assert_cmpuint (sw_tcp_server_send_to_all (server, greeting), ==, 2);
  wait_received (sw_engine_get_log (SW_ENGINE (first)), 15 + 9);
  wait_received (sw_engine_get_log (SW_ENGINE (second)), 16 + 9);

  sw_tcp_client_disconnect (first);
  sw_tcp_client_disconnect (second);
  sw_test_wait (all_ended, log, TIMEOUT_MS, "both connections to end");

  check_session_files (log, "server", "");
}

/* The peer resets: the capture ends with RST, which is all tshark warns
 * about. */
static void
test_pcapng_reset (void)
{
  g_autoptr(SwTestPeer) peer = sw_test_peer_new ("stream_peer.py", "reset", NULL);
  guint16 port = sw_test_peer_expect_port (peer, "^PORT (\\d+)");
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwTcpClient) client = connected_client (log, "127.0.0.1", port);
  SwTrafficConnection connection;
  SwTrafficRecord record;

  send_bytes (SW_ENGINE (client), "x", 1, SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8);
  sw_test_wait (is_disconnected, client, TIMEOUT_MS, "the peer to reset");
  sw_test_wait (all_ended, log, TIMEOUT_MS, "the connection to end");

  for (guint64 seq = sw_traffic_log_get_first_seq (log); ; seq++)
    {
      g_assert_true (sw_traffic_log_get_record (log, seq, &record));
      if (record.connection != 0)
        break;
    }
  g_assert_true (sw_traffic_log_get_connection (log, record.connection, &connection));
  g_assert_cmpint (connection.end, ==, SW_CONNECTION_END_RESET);

  check_session_files (log, "reset", "Connection reset (RST)\n");
}

/* Bound to every address ([::] or 0.0.0.0), talking to an IPv4 peer:
 * the datagrams go from 127.0.0.1 with the bound port. */
static void
test_pcapng_udp (void)
{
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("udp_peer.py", "echo", NULL);
  guint16 echo_port = sw_test_peer_expect_port (echo, "^PORT (\\d+)");
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwUdpPeer) peer = sw_udp_peer_new (log);
  g_autoptr(GSocketConnectable) remote = g_network_address_new ("127.0.0.1", echo_port);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *large = g_malloc (1400);
  g_autofree char *pcapng = NULL;
  g_autofree char *sources = NULL;
  g_autofree char *expected = NULL;

  memset (large, 0xA5, 1400);
  g_assert_true (sw_udp_peer_bind (peer, NULL, 0, &error));
  g_assert_no_error (error);
  sw_udp_peer_set_remote (peer, remote);

  send_bytes (SW_ENGINE (peer), "ping", 4, SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8);
  wait_received (log, 4);
  send_bytes (SW_ENGINE (peer), "", 0, SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8);
  g_free (sw_test_peer_expect (echo, "^FROM .* -$", TIMEOUT_MS));
  send_bytes (SW_ENGINE (peer), large, 1400, SW_RECORD_FLAGS_NONE, SW_ENCODING_UTF8);
  wait_received (log, 1404);
  /* The empty one came back too. */
  sw_test_run_for (100);
  g_assert_cmpuint (sw_engine_get_packets_received (SW_ENGINE (peer)), ==, 3);

  check_session_files (log, "udp", "");

  if (!have_tshark ())
    return;
  pcapng = g_build_filename (scratch_dir, "udp.pcapng", NULL);
  sources = tshark (pcapng, "-Y", "udp", "-T", "fields", "-e", "ip.src", "-e", "ip.dst", NULL);
  expected = g_strjoinv ("", (char **) (const char *[]) {
    "127.0.0.1\t127.0.0.1\n", "127.0.0.1\t127.0.0.1\n", "127.0.0.1\t127.0.0.1\n",
    "127.0.0.1\t127.0.0.1\n", "127.0.0.1\t127.0.0.1\n", "127.0.0.1\t127.0.0.1\n", NULL,
  });
  g_assert_cmpstr (sources, ==, expected);
}

static void
test_pcapng_relay (void)
{
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("echo_server.py", NULL);
  guint16 echo_port = sw_test_peer_expect_port (echo, "^PORT (\\d+)");
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(SwRelay) relay = sw_relay_new (log);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketConnectable) upstream = g_network_address_new ("127.0.0.1", echo_port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTcpClient) client = NULL;
  g_autoptr(GBytes) injected = g_bytes_new_static ("typed in\n", 9);
  SwRelayConnection *relayed;
  guint64 expected;

  sw_relay_start_async (relay, SW_TRANSPORT_TCP, loopback, 0, upstream, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, TIMEOUT_MS, "the relay to start");
  g_assert_true (sw_relay_start_finish (relay, result, &error));
  g_assert_no_error (error);

  client = connected_client (NULL, "127.0.0.1", sw_relay_get_port (relay));
  expected = talk (SW_ENGINE (client));
  wait_received (log, expected);

  /* A line typed into the relay, towards the client. */
  relayed = g_list_model_get_item (sw_relay_get_connections (relay), 0);
  g_assert_true (sw_relay_connection_inject (relayed, SW_RELAY_TARGET_CLIENT, injected, NULL, &error));
  g_assert_no_error (error);
  g_object_unref (relayed);
  wait_received (sw_engine_get_log (SW_ENGINE (client)), expected + 9);

  sw_tcp_client_disconnect (client);
  sw_test_wait (all_ended, log, TIMEOUT_MS, "the relayed connection to end");

  check_session_files (log, "relay", "");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  scratch_dir = g_dir_make_tmp ("sw-export-formats-XXXXXX", NULL);
  g_assert_nonnull (scratch_dir);

  g_test_add_func ("/sw/export-formats/csv/read-back", test_csv_read_back);
  g_test_add_func ("/sw/export-formats/csv/long-records", test_csv_long_records);
  g_test_add_func ("/sw/export-formats/jsonl/read-back", test_jsonl_read_back);
  g_test_add_func ("/sw/export-formats/write-errors", test_write_errors);
  g_test_add_func ("/sw/export-formats/export-in-a-thread", test_export_in_a_thread);
  g_test_add_func ("/sw/export-formats/pcapng/hand-made", test_pcapng_hand_made);
  g_test_add_func ("/sw/export-formats/pcapng/trimmed", test_pcapng_trimmed);
  g_test_add_func ("/sw/export-formats/pcapng/tcp-client-ipv4", test_pcapng_tcp_client_ipv4);
  g_test_add_func ("/sw/export-formats/pcapng/tcp-client-ipv6", test_pcapng_tcp_client_ipv6);
  g_test_add_func ("/sw/export-formats/pcapng/open-connection", test_pcapng_open_connection);
  g_test_add_func ("/sw/export-formats/pcapng/server-two-clients", test_pcapng_server_two_clients);
  g_test_add_func ("/sw/export-formats/pcapng/reset", test_pcapng_reset);
  g_test_add_func ("/sw/export-formats/pcapng/udp", test_pcapng_udp);
  g_test_add_func ("/sw/export-formats/pcapng/relay", test_pcapng_relay);

  status = g_test_run ();

  /* The files stay for a look when a test failed. */
  if (status == 0)
    {
      g_autoptr(GDir) dir = g_dir_open (scratch_dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (scratch_dir, name, NULL);

          g_unlink (path);
        }
      g_rmdir (scratch_dir);
    }
  g_free (scratch_dir);

  return status;
}

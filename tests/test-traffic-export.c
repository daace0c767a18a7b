/* test-traffic-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sw-test-util.h"
#include "sw-traffic-export.h"

static char *
export (SwTrafficLog   *log,
        SwDisplayMode   mode,
        GFile          *file,
        guint64        *n_records,
        GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  char *contents = NULL;

  sw_traffic_export_async (log, file, mode, SW_ENCODING_UTF8, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, 20000, "the export");
  if (!sw_traffic_export_finish (log, result, n_records, error))
    return NULL;

  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));

  return contents;
}

/* Drops "YYYY-MM-DD HH:MM:SS.mmm " from each line, and the first line. */
static char *
strip_times (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  g_assert_true (g_str_has_prefix (lines[0], "# Socket Workbench traffic log, saved "));
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      if (g_ascii_isdigit (lines[i][0]))
        {
          g_assert_cmpuint (strlen (lines[i]), >, 24);
          g_assert_true (lines[i][4] == '-' && lines[i][10] == ' ' && lines[i][19] == '.');
          g_string_append (out, lines[i] + 24);
        }
      else
        g_string_append (out, lines[i]);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static void
test_text_and_hex (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sw-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "traffic.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_autofree char *stripped = NULL;
  guint64 n = 0;

  sw_traffic_log_append_event (log, SW_EVENT_KIND_CONNECTED, "127.0.0.1:7000", "Connected to 127.0.0.1:7000");
  sw_traffic_log_append (log, SW_DIRECTION_SENT, "127.0.0.1:7000", (const guint8 *) "hi\r\n", 4);
  sw_traffic_log_append (log, SW_DIRECTION_RECEIVED, "127.0.0.1:7000", (const guint8 *) "OK", 2);
  /* An empty datagram, logged with NULL data. */
  sw_traffic_log_append (log, SW_DIRECTION_RECEIVED, "127.0.0.1:7000", NULL, 0);

  text = export (log, SW_DISPLAY_MODE_TEXT, file, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);
  stripped = strip_times (text);
  g_assert_cmpstr (stripped, ==,
                   "· Connected to 127.0.0.1:7000\n"
                   "→ 127.0.0.1:7000 (4 B) hi\\r\\n\n"
                   "← 127.0.0.1:7000 (2 B) OK\n"
                   "← 127.0.0.1:7000 (0 B) \n");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&stripped, g_free);

  /* Records taken before the log moves on are what is written. */
  text = export (log, SW_DISPLAY_MODE_HEX, file, &n, &error);
  g_assert_no_error (error);
  stripped = strip_times (text);
  g_assert_cmpstr (stripped, ==,
                   "· Connected to 127.0.0.1:7000\n"
                   "→ 127.0.0.1:7000 (4 B)\n"
                   "    00000000  68 69 0D 0A                                       |hi..|\n"
                   "← 127.0.0.1:7000 (2 B)\n"
                   "    00000000  4F 4B                                             |OK|\n"
                   "← 127.0.0.1:7000 (0 B)\n");

  g_remove (path);
  g_rmdir (dir);
}

static void
test_unwritable (void)
{
  g_autoptr(SwTrafficLog) log = sw_traffic_log_new ();
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent-folder/traffic.txt");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  sw_traffic_log_append (log, SW_DIRECTION_SENT, NULL, (const guint8 *) "x", 1);
  text = export (log, SW_DISPLAY_MODE_TEXT, file, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Could not save the traffic log to “/nonexistent-folder/traffic.txt”"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/traffic-export/text-and-hex", test_text_and_hex);
  g_test_add_func ("/sw/traffic-export/unwritable", test_unwritable);

  return g_test_run ();
}

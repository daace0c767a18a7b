/* test-traffic-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sw-rate-graph.h"
#include "sw-test-ui.h"
#include "sw-traffic-view.h"

typedef struct
{
  GtkWindow     *window;
  SwTrafficView *view;
  SwTrafficLog  *log;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->view = SW_TRAFFIC_VIEW (sw_traffic_view_new ());
  fixture->log = sw_traffic_log_new ();
  sw_traffic_view_set_show_timestamps (fixture->view, FALSE);
  sw_traffic_view_set_log (fixture->view, fixture->log);
  fixture->window = sw_test_ui_show_page (GTK_WIDGET (fixture->view), 800, 500);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_assert_finalize_object (fixture->log);
}

static void
append (SwTrafficLog *log,
        SwDirection   direction,
        const char   *text)
{
  sw_traffic_log_append (log, direction, "127.0.0.1:7000", (const guint8 *) text, strlen (text));
}

static void
test_renders_per_frame (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *text = NULL;

  sw_traffic_log_append_event (fixture->log, SW_EVENT_KIND_CONNECTED, NULL, "Connected to 127.0.0.1:7000");
  append (fixture->log, SW_DIRECTION_SENT, "hello\r\n");
  append (fixture->log, SW_DIRECTION_RECEIVED, "HELLO\r\n");

  /* Nothing is drawn synchronously; the frame clock brings it. */
  sw_test_ui_wait_view_shows (fixture->view, "← 127.0.0.1:7000 (7 B) HELLO\\r\\n", 10000);
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_cmpstr (text, ==,
                   "· Connected to 127.0.0.1:7000\n"
                   "→ 127.0.0.1:7000 (7 B) hello\\r\\n\n"
                   "← 127.0.0.1:7000 (7 B) HELLO\\r\\n\n");
}

static void
test_hex_toggle (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *text = NULL;

  append (fixture->log, SW_DIRECTION_RECEIVED, "OK\r\n");
  sw_traffic_view_flush (fixture->view);

  /* The action the Hex toggle button uses. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.display-mode", "s", "hex"));
  g_assert_cmpint (sw_traffic_view_get_display_mode (fixture->view), ==, SW_DISPLAY_MODE_HEX);
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_cmpstr (text, ==,
                   "← 127.0.0.1:7000 (4 B)\n"
                   "    00000000  4F 4B 0D 0A                                       |OK..|\n");
  g_clear_pointer (&text, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.display-mode", "s", "text"));
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_cmpstr (text, ==, "← 127.0.0.1:7000 (4 B) OK\\r\\n\n");
}

static void
test_encoding (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *text = NULL;

  sw_traffic_log_append (fixture->log, SW_DIRECTION_RECEIVED, "p", (const guint8 *) "\xc4\xe3\xba\xc3", 4);
  sw_traffic_view_flush (fixture->view);
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_cmpstr (text, ==, "← p (4 B) \\xC4\\xE3\\xBA\\xC3\n");
  g_clear_pointer (&text, g_free);

  sw_traffic_view_set_encoding (fixture->view, SW_ENCODING_GBK);
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_cmpstr (text, ==, "← p (4 B) 你好\n");
}

static void
test_clear (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *text = NULL;
  SwTrafficTotals totals;

  append (fixture->log, SW_DIRECTION_SENT, "x");
  sw_traffic_view_flush (fixture->view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.clear", NULL));

  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_cmpstr (text, ==, "");
  sw_traffic_log_get_totals (fixture->log, &totals);
  g_assert_cmpuint (totals.bytes_sent, ==, 0);
  g_assert_cmpuint (sw_traffic_log_get_n_records (fixture->log), ==, 0);

  append (fixture->log, SW_DIRECTION_SENT, "after");
  sw_traffic_view_flush (fixture->view);
  g_clear_pointer (&text, g_free);
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_cmpstr (text, ==, "→ 127.0.0.1:7000 (5 B) after\n");
}

static void
test_max_lines (Fixture       *fixture,
                gconstpointer  data)
{
  GtkTextView *text_view = sw_traffic_view_get_text_view (fixture->view);
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);

  sw_traffic_view_set_max_lines (fixture->view, 1000);
  for (guint i = 0; i < 5000; i++)
    {
      char line[32];

      g_snprintf (line, sizeof line, "line %u", i);
      append (fixture->log, SW_DIRECTION_RECEIVED, line);
    }
  sw_traffic_view_flush (fixture->view);

  /* Trimmed from the top in chunks; the newest stay. */
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer) - 1, <=, 1100);
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer) - 1, >=, 1000);
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_true (g_str_has_suffix (text, "line 4999\n"));
  g_assert_null (strstr (text, "line 3000\n"));

  /* A re-render covers the same window, in a buffer drawn anew. */
  sw_traffic_view_set_show_timestamps (fixture->view, TRUE);
  buffer = gtk_text_view_get_buffer (text_view);
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer) - 1, <=, 1100);
  g_clear_pointer (&text, g_free);
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_true (g_str_has_suffix (text, "line 4999\n"));
}

typedef struct
{
  SwTrafficView *view;
} Flood;

static void
test_flood_skips (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *text = NULL;

  /* Far more than can be drawn in a frame arrives at once. */
  for (guint i = 0; i < 200000; i++)
    {
      char line[32];

      g_snprintf (line, sizeof line, "flood %u", i);
      append (fixture->log, SW_DIRECTION_RECEIVED, line);
    }

  sw_test_ui_wait_view_shows (fixture->view, "flood 199999", 20000);
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_nonnull (strstr (text, "records not drawn here"));
  g_assert_null (strstr (text, "flood 100000\n"));
  /* They all stay in the log. */
  g_assert_cmpuint (sw_traffic_log_get_n_records (fixture->log), ==, 200000);
}

static void
append_file_piece (SwTrafficLog *log,
                   guint         i)
{
  SwTrafficMeta meta = { SW_DIRECTION_SENT, 0, "127.0.0.1:7000", SW_RECORD_FLAGS_FILE, SW_ENCODING_UTF8 };
  char piece[100];

  memset (piece, '.', sizeof piece);
  g_snprintf (piece, sizeof piece, "piece %02u", i);
  piece[strlen (piece)] = '.';
  sw_traffic_log_append_full (log, &meta, (const guint8 *) piece, sizeof piece);
}

static char *
more_line (guint bytes)
{
  return g_strdup_printf ("⋯ %u more bytes sent from the file, not drawn here (the counters include them)\n", bytes);
}

/* A file sent shows its first records, then one line for the rest that
 * grows in place as more goes out, whatever comes back meanwhile. */
static void
test_file_run (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  SwTrafficTotals totals;

  sw_traffic_log_append_event (fixture->log, SW_EVENT_KIND_INFO, NULL, "Sending “f.bin”");
  for (guint i = 1; i <= 6; i++)
    append_file_piece (fixture->log, i);
  append (fixture->log, SW_DIRECTION_RECEIVED, "echo");
  for (guint i = 7; i <= 10; i++)
    append_file_piece (fixture->log, i);
  sw_traffic_view_flush (fixture->view);

  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_true (g_str_has_prefix (text, "· Sending “f.bin”\n→ 127.0.0.1:7000 (100 B) piece 01."));
  g_assert_nonnull (strstr (text, "piece 04"));
  g_assert_null (strstr (text, "piece 05"));
  g_assert_null (strstr (text, "piece 10"));
  line = more_line (600);
  g_assert_nonnull (strstr (text, line));
  /* Where the first one not drawn was: what came back follows it. */
  g_assert_true (strstr (text, line) < strstr (text, "(4 B) echo"));
  g_assert_true (g_str_has_suffix (text, "(4 B) echo\n"));
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&line, g_free);

  /* More goes out: the same line says so, drawn per frame. */
  for (guint i = 11; i <= 30; i++)
    append_file_piece (fixture->log, i);
  sw_test_ui_wait_view_shows (fixture->view, "⋯ 2600 more bytes", 10000);
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_null (strstr (text, "⋯ 600 more bytes"));
  g_assert_true (g_str_has_suffix (text, "(4 B) echo\n"));
  g_clear_pointer (&text, g_free);

  /* A re-render keeps it, and it goes on counting. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.display-mode", "s", "hex"));
  append_file_piece (fixture->log, 31);
  sw_traffic_view_flush (fixture->view);
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_nonnull (strstr (text, "    00000000  70 69 65 63 65 20 30 31"));
  line = more_line (2700);
  g_assert_nonnull (strstr (text, line));
  g_assert_null (strstr (text, "⋯ 2600 more bytes"));
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&line, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.display-mode", "s", "text"));

  /* The send's end closes the run; the next file shows its start again. */
  sw_traffic_log_append_event (fixture->log, SW_EVENT_KIND_INFO, NULL, "Sent “f.bin”");
  sw_traffic_log_append_event (fixture->log, SW_EVENT_KIND_INFO, NULL, "Sending “g.bin”");
  for (guint i = 1; i <= 5; i++)
    append_file_piece (fixture->log, i);
  sw_traffic_view_flush (fixture->view);
  text = sw_traffic_view_dup_text (fixture->view);
  line = more_line (2700);
  g_assert_nonnull (strstr (text, line));
  g_clear_pointer (&line, g_free);
  g_assert_nonnull (strstr (text, "· Sending “g.bin”\n→ 127.0.0.1:7000 (100 B) piece 01"));
  line = more_line (100);
  g_assert_true (g_str_has_suffix (text, line));

  /* Big pieces: the first one shows the file's start, and that is all. */
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&line, g_free);
  sw_traffic_log_append_event (fixture->log, SW_EVENT_KIND_INFO, NULL, "Sending “h.bin”");
  for (guint i = 0; i < 3; i++)
    {
      SwTrafficMeta meta = { SW_DIRECTION_SENT, 0, "127.0.0.1:7000", SW_RECORD_FLAGS_FILE, SW_ENCODING_UTF8 };
      g_autofree char *piece = g_strnfill (5000, 'h');

      sw_traffic_log_append_full (fixture->log, &meta, (const guint8 *) piece, 5000);
    }
  sw_traffic_view_flush (fixture->view);
  text = sw_traffic_view_dup_text (fixture->view);
  line = more_line (10000);
  g_assert_true (g_str_has_suffix (text, line));
  g_assert_nonnull (strstr (text, "· Sending “h.bin”\n→ 127.0.0.1:7000 (5000 B) hhhh"));

  /* Every byte counts. */
  sw_traffic_log_get_totals (fixture->log, &totals);
  g_assert_cmpuint (totals.bytes_sent, ==, 36 * 100 + 15000);
  g_assert_cmpuint (totals.records_sent, ==, 39);
}

/* A file sent in small datagrams, 100,000 records a second: counting
 * them keeps up, so none is skipped as a flood and the line is exact. */
static void
test_file_flood (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint round = 0; round < 80; round++)
    {
      for (guint i = 0; i < 500; i++)
        append_file_piece (fixture->log, i % 100);
      sw_test_run_for (5);
    }

  line = more_line ((80 * 500 - 4) * 100);
  sw_test_ui_wait_view_shows (fixture->view, line, 20000);
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_null (strstr (text, "not drawn here: traffic came faster"));
  /* The first four, the line, and the end of the text. */
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4 + 1 + 1);
}

/* #9: a long run wrapped as "BBBB-", with a hyphen that is not in the data. */
static void
test_wraps_without_hyphens (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *text_view = GTK_WIDGET (sw_traffic_view_get_text_view (fixture->view));
  g_autofree char *run = g_strnfill (3000, 'B');

  append (fixture->log, SW_DIRECTION_RECEIVED, run);
  sw_test_ui_wait_view_shows (fixture->view, "(3000 B) BBB", 10000);
  sw_test_run_for (200);

  /* It wraps: the B's fill many lines. */
  g_assert_cmpuint (sw_test_ui_count_drawn (text_view, "B"), >, 500);
  /* Hyphens, whichever one Pango would insert. */
  g_assert_cmpuint (sw_test_ui_count_drawn (text_view, "-\u2010"), ==, 0);
}

static gboolean
is_label_starting (GtkWidget     *widget,
                   gconstpointer  prefix)
{
  /* A label, not a button's nor a menu's. */
  return GTK_IS_LABEL (widget) && !GTK_IS_CHECK_BUTTON (gtk_widget_get_parent (widget)) &&
         gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER) == NULL &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

/* Waits for the label starting with @prefix to read @text. */
static void
assert_label_reads (GtkWidget  *root,
                    const char *prefix,
                    const char *text)
{
  GtkWidget *label = sw_test_ui_find (root, is_label_starting, prefix);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_nonnull (label);
  while (!g_str_equal (gtk_label_get_text (GTK_LABEL (label)), text) &&
         g_get_monotonic_time () < deadline)
    sw_test_run_for (50);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, text);
}

/* #9: "Received 52454800 B" is hard to read. */
static void
test_counters_readable (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *language = data;
  g_autofree guint8 *chunk = g_malloc0 (65536);
  gboolean english = g_str_equal (language, "C");

  if (!sw_test_ui_run_in_language (language))
    return;

  /* Sizes under a kilobyte are ours to translate: GLib's Traditional
   * Chinese catalogue leaves "0 bytes" in English. */
  if (g_str_equal (language, "zh_TW"))
    {
      assert_label_reads (GTK_WIDGET (fixture->view), "↓", "↓ 0 位元組/秒  ↑ 0 位元組/秒");
      return;
    }
  assert_label_reads (GTK_WIDGET (fixture->view), "↓",
                      english ? "↓ 0 bytes/s  ↑ 0 bytes/s" : "↓ 0 字节/秒  ↑ 0 字节/秒");

  /* What a peer sending 50 MB in 64 KiB reads, and a little more. */
  for (guint i = 0; i < 800; i++)
    sw_traffic_log_append (fixture->log, SW_DIRECTION_RECEIVED, "127.0.0.1:7000", chunk, 65536);
  sw_traffic_log_append (fixture->log, SW_DIRECTION_RECEIVED, "127.0.0.1:7000", chunk, 26000);
  append (fixture->log, SW_DIRECTION_SENT, "hello\r\n");

  /* The exact count, grouped, and a size beside it once it is large. */
  assert_label_reads (GTK_WIDGET (fixture->view), english ? "Received" : "接收",
                      english ? "Received 52,454,800 B (52.5\u00a0MB) · 801 packets"
                              : "接收 52,454,800 字节 (52.5\u00a0MB) · 801 个包");
  assert_label_reads (GTK_WIDGET (fixture->view), english ? "Sent" : "发送",
                      english ? "Sent 7 B · 1 packet" : "发送 7 字节 · 1 个包");
}

/* Presses Save in the view and returns the file chooser that opens (the
 * GTK one, as without a portal). */
static GtkWidget *
open_save_dialog (Fixture *fixture)
{
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.save", NULL));
  dialog = sw_test_ui_wait_file_chooser ();

  return dialog;
}

static gboolean
is_filter_drop_down (GtkWidget     *widget,
                     gconstpointer  data)
{
  GListModel *model = GTK_IS_DROP_DOWN (widget) ? gtk_drop_down_get_model (GTK_DROP_DOWN (widget)) : NULL;

  return model != NULL && g_list_model_get_item_type (model) == GTK_TYPE_FILE_FILTER;
}

/* Picks a filter in the dialog's drop-down, as a person does. */
static void
choose_filter (GtkWidget  *dialog,
               const char *name)
{
  GtkWidget *drop_down = sw_test_ui_find (dialog, is_filter_drop_down, NULL);
  GListModel *model;

  g_assert_nonnull (drop_down);
  g_assert_true (gtk_widget_get_visible (drop_down));
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (drop_down));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_file_filter_get_name (filter), name) == 0)
        {
          gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), i);
          return;
        }
    }
  g_error ("No filter “%s” in the Save dialog", name);
}

/* Types @name in @dir and presses Save. */
static void
save_as (GtkWidget  *dialog,
         const char *dir,
         const char *name)
{
  sw_test_ui_file_chooser_save (dialog, dir, name);
}

static char *
read_saved (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_remove (path);

  return contents;
}

static gboolean
is_saved_notice (GtkWidget     *widget,
                 gconstpointer  name)
{
  const char *text = GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : "";

  return g_str_has_prefix (text, "Saved ") && strstr (text, name) != NULL &&
         gtk_widget_get_visible (widget);
}

typedef struct
{
  SwTrafficView *view;
  char          *name;
} Saved;

static gboolean
view_says_saved (gpointer data)
{
  Saved *saved = data;

  return sw_test_ui_find (GTK_WIDGET (saved->view), is_saved_notice, saved->name) != NULL;
}

/* Waits for the view to say it saved to @dir/@name. */
static void
wait_saved (Fixture    *fixture,
            const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  Saved saved = { fixture->view, g_strdup_printf ("“%s”", path) };

  sw_test_wait (view_says_saved, &saved, 10000, saved.name);
  g_free (saved.name);
}

static char *
current_name (GtkWidget *dialog)
{
  return gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (dialog));
}

/* #9: the Save dialog offered an empty "(None)" filter; the format was a
 * separate choice that disagreed with the name. */
static void
test_save_formats (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sw-save-XXXXXX", &error);
  GtkWidget *dialog;
  GListModel *filters;
  g_autofree char *name = NULL;
  g_autofree char *saved = NULL;

  g_assert_no_error (error);
  append (fixture->log, SW_DIRECTION_RECEIVED, "OK\r\n");
  sw_traffic_view_flush (fixture->view);

  /* The filters are the formats; the view's mode is chosen, and names the file. */
  dialog = open_save_dialog (fixture);
  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 5);
  {
    static const char *names[] = { "Text", "Hex dump", "CSV", "JSON Lines", "Wireshark capture (pcapng)" };
    g_autoptr(GtkFileFilter) text = g_list_model_get_item (filters, 0);

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autoptr(GtkFileFilter) filter = g_list_model_get_item (filters, i);

        g_assert_cmpstr (gtk_file_filter_get_name (filter), ==, names[i]);
      }
    g_assert_true (gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog)) == text);
  }
  g_object_unref (filters);
  name = current_name (dialog);
  g_assert_true (g_str_has_prefix (name, "traffic-") && g_str_has_suffix (name, ".txt"));
  g_clear_pointer (&name, g_free);

  /* Choosing Hex dump saves a hex dump, under the name offered with its
   * extension. */
  choose_filter (dialog, "Hex dump");
  name = current_name (dialog);
  save_as (dialog, dir, NULL);
  memcpy (strrchr (name, '.'), ".hex", 5);
  wait_saved (fixture, dir, name);
  saved = read_saved (dir, name);
  g_assert_nonnull (strstr (saved, "\n    00000000  4F 4B 0D 0A "));
  g_clear_pointer (&saved, g_free);

  /* The name's extension picks the format too. */
  dialog = open_save_dialog (fixture);
  save_as (dialog, dir, "typed.hexdump");
  wait_saved (fixture, dir, "typed.hexdump");
  saved = read_saved (dir, "typed.hexdump");
  g_assert_nonnull (strstr (saved, "\n    00000000  4F 4B 0D 0A "));
  g_clear_pointer (&saved, g_free);

  /* Showing hex, a hex dump is offered; a name typed as text is text. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.display-mode", "s", "hex"));
  dialog = open_save_dialog (fixture);
  g_clear_pointer (&name, g_free);
  name = current_name (dialog);
  g_assert_true (g_str_has_suffix (name, ".hex"));
  save_as (dialog, dir, "typed.TXT");
  wait_saved (fixture, dir, "typed.TXT");
  saved = read_saved (dir, "typed.TXT");
  g_assert_nonnull (strstr (saved, " (4 B) OK\\r\\n\n"));
  g_clear_pointer (&saved, g_free);

  /* A name of no format's takes the filter's. */
  dialog = open_save_dialog (fixture);
  choose_filter (dialog, "Text");
  save_as (dialog, dir, "typed");
  wait_saved (fixture, dir, "typed");
  saved = read_saved (dir, "typed");
  g_assert_nonnull (strstr (saved, " (4 B) OK\\r\\n\n"));
  g_clear_pointer (&saved, g_free);

  /* #12: the formats other programs read, by filter and by name. */
  dialog = open_save_dialog (fixture);
  choose_filter (dialog, "CSV");
  save_as (dialog, dir, "table");
  wait_saved (fixture, dir, "table");
  saved = read_saved (dir, "table");
  g_assert_true (g_str_has_prefix (saved, "time,direction,event,peer,connection,length,hex,text,encoding,flags\r\n"));
  g_assert_nonnull (strstr (saved, ",received,,127.0.0.1:7000,,4,4f4b0d0a,\"OK\\r\\n\",utf-8,\r\n"));
  g_clear_pointer (&saved, g_free);

  dialog = open_save_dialog (fixture);
  choose_filter (dialog, "JSON Lines");
  g_free (name);
  name = current_name (dialog);
  save_as (dialog, dir, NULL);
  {
    /* The offered name, with the chosen format's extension. */
    g_autofree char *stem = g_strndup (name, strrchr (name, '.') - name);

    g_free (name);
    name = g_strconcat (stem, ".jsonl", NULL);
  }
  wait_saved (fixture, dir, name);
  saved = read_saved (dir, name);
  g_assert_true (g_str_has_prefix (saved, "{\"type\":\"log\""));
  g_assert_nonnull (strstr (saved, "\"payload\":\"T0sNCg==\""));
  g_clear_pointer (&saved, g_free);

  dialog = open_save_dialog (fixture);
  save_as (dialog, dir, "capture.pcapng");
  wait_saved (fixture, dir, "capture.pcapng");
  saved = read_saved (dir, "capture.pcapng");
  /* A pcapng section header block. */
  g_assert_cmpmem (saved, 4, "\x0a\x0d\x0d\x0a", 4);

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* #9: a log saved with GB18030 shown was UTF-8 that did not say so, and
 * "你好" sent as text came out as "浣犲ソ". */
static void
test_save_names_encoding (Fixture       *fixture,
                          gconstpointer  data)
{
  static const guint8 hello[] = { 0xE4, 0xBD, 0xA0, 0xE5, 0xA5, 0xBD };  /* 你好 in UTF-8 */
  SwTrafficMeta sent = { SW_DIRECTION_SENT, 0, "127.0.0.1:7000", SW_RECORD_FLAGS_TEXT, SW_ENCODING_UTF8 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sw-save-XXXXXX", &error);
  g_autofree char *saved = NULL;
  g_auto(GStrv) lines = NULL;
  GtkWidget *dialog;

  g_assert_no_error (error);
  sw_traffic_log_append_full (fixture->log, &sent, hello, sizeof hello);
  sw_traffic_log_append (fixture->log, SW_DIRECTION_RECEIVED, "127.0.0.1:7000", hello, sizeof hello);
  sw_traffic_view_set_encoding (fixture->view, SW_ENCODING_GB18030);
  sw_traffic_view_flush (fixture->view);

  dialog = open_save_dialog (fixture);
  save_as (dialog, dir, "log.txt");
  wait_saved (fixture, dir, "log.txt");
  saved = read_saved (dir, "log.txt");
  g_assert_true (g_utf8_validate (saved, -1, NULL));
  lines = g_strsplit (saved, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "# Socket Workbench traffic log, saved "));
  g_assert_true (g_str_has_suffix (lines[0], "; payloads decoded as GB18030, text sent as it was typed; this file is UTF-8"));
  /* Typed text as typed; received bytes as GB18030 reads them. */
  g_assert_true (g_str_has_suffix (lines[1], "→ 127.0.0.1:7000 (6 B) 你好"));
  g_assert_true (g_str_has_suffix (lines[2], "← 127.0.0.1:7000 (6 B) 浣犲ソ"));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static gboolean
is_error_notice (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error") &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), data) && gtk_widget_get_visible (widget);
}

static gboolean
view_shows_error (gpointer data)
{
  sw_test_ui_confirm_replace ();

  return sw_test_ui_find (data, is_error_notice, "Could not save the traffic log to ") != NULL;
}

/* #9, item 0, as it was found: Save As over a file, on a disk that fills
 * up part way, replaced the file with a fragment. */
static void
test_save_fails_keeps_old (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *names = NULL;

  if (g_test_subprocess ())
    {
      g_autofree guint8 *chunk = g_malloc (65536);
      GtkWidget *dialog;

      memset (chunk, 'A', 65536);
      for (guint i = 0; i < 64; i++)
        sw_traffic_log_append (fixture->log, SW_DIRECTION_RECEIVED, "127.0.0.1:7000", chunk, 65536);
      g_assert_true (sw_test_limit_file_size (1024 * 1024));

      dialog = open_save_dialog (fixture);
      save_as (dialog, g_getenv ("SW_TEST_SAVE_DIR"), "old.txt");
      sw_test_wait (view_shows_error, fixture->view, 20000, "the view to say the save failed");
      return;
    }

#ifndef G_OS_UNIX
  g_test_skip ("No file size limit to make a write fail here");
  return;
#endif

  dir = g_dir_make_tmp ("sw-save-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "old.txt", NULL);
  g_file_set_contents (path, "what was saved before\n", -1, &error);
  g_assert_no_error (error);
  g_setenv ("SW_TEST_SAVE_DIR", dir, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("SW_TEST_SAVE_DIR");
  g_test_trap_assert_passed ();

  /* The old file as it was, and no other. */
  sw_test_assert_file (path, "what was saved before\n");
  names = sw_test_list_dir (dir);
  g_assert_cmpstr (names, ==, "old.txt");
  g_remove (path);
  g_rmdir (dir);
}

static gboolean
has_two_samples (gpointer data)
{
  return sw_rate_graph_get_rates (data, 1, NULL, NULL, NULL, NULL);
}

static gboolean
count_color_nodes (GskRenderNode *node)
{
  guint n = 0;

  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_COLOR_NODE:
      return 1;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        n += count_color_nodes (gsk_container_node_get_child (node, i));
      return n;
    case GSK_TRANSFORM_NODE:
      return count_color_nodes (gsk_transform_node_get_child (node));
    default:
      return 0;
    }
}

/* #12: the graph beside the counters samples the log's totals on its
 * own, four times a second, and draws the minute it has. */
static void
test_rate_graph (Fixture       *fixture,
                 gconstpointer  data)
{
  SwRateGraph *graph = sw_test_ui_find_type (GTK_WIDGET (fixture->view), SW_TYPE_RATE_GRAPH);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  guint8 payload[1000] = { 0 };
  double received, sent, packets_received, packets_sent;
  gint64 start;
  double seconds;

  g_assert_nonnull (graph);
  g_assert_true (sw_rate_graph_get_log (graph) == fixture->log);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (graph)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (graph)), >=, SW_RATE_GRAPH_N_SAMPLES / 2);

  /* Its own timer samples. */
  sw_test_wait (has_two_samples, graph, 5000, "two samples of the rate");

  start = g_get_monotonic_time ();
  sw_rate_graph_sample (graph);
  for (guint i = 0; i < 10; i++)
    sw_traffic_log_append (fixture->log, SW_DIRECTION_RECEIVED, "127.0.0.1:7000", payload, sizeof payload);
  sw_traffic_log_append (fixture->log, SW_DIRECTION_SENT, "127.0.0.1:7000", payload, 500);
  sw_test_run_for (100);
  sw_rate_graph_sample (graph);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  g_assert_true (sw_rate_graph_get_rates (graph, 0, &received, &sent, &packets_received, &packets_sent));
  /* At least what came over the time between the samples, at most that
   * over the least time it can have taken. */
  g_assert_cmpfloat (received, >=, 10000 / seconds);
  g_assert_cmpfloat (received, <=, 10000 / 0.1);
  g_assert_cmpfloat_with_epsilon (sent * 20, received, received * 1e-9);
  g_assert_cmpfloat_with_epsilon (packets_received, 10 * packets_sent, packets_received * 1e-9);

  /* Drawn: a bar a sample with traffic, beside the baseline. */
  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (graph)->snapshot (GTK_WIDGET (graph), snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  g_assert_cmpuint (count_color_nodes (node), >=, 3);
}

int
main (int   argc,
      char *argv[])
{
  sw_test_ui_init (&argc, &argv);

  g_test_add ("/sw/traffic-view/renders-per-frame", Fixture, NULL, fixture_setup, test_renders_per_frame, fixture_teardown);
  g_test_add ("/sw/traffic-view/hex-toggle", Fixture, NULL, fixture_setup, test_hex_toggle, fixture_teardown);
  g_test_add ("/sw/traffic-view/encoding", Fixture, NULL, fixture_setup, test_encoding, fixture_teardown);
  g_test_add ("/sw/traffic-view/clear", Fixture, NULL, fixture_setup, test_clear, fixture_teardown);
  g_test_add ("/sw/traffic-view/max-lines", Fixture, NULL, fixture_setup, test_max_lines, fixture_teardown);
  g_test_add ("/sw/traffic-view/flood-skips", Fixture, NULL, fixture_setup, test_flood_skips, fixture_teardown);
  g_test_add ("/sw/traffic-view/file-run", Fixture, NULL, fixture_setup, test_file_run, fixture_teardown);
  g_test_add ("/sw/traffic-view/file-flood", Fixture, NULL, fixture_setup, test_file_flood, fixture_teardown);
  g_test_add ("/sw/traffic-view/wraps-without-hyphens", Fixture, NULL, fixture_setup, test_wraps_without_hyphens, fixture_teardown);
  g_test_add ("/sw/traffic-view/counters-readable/en", Fixture, "C", fixture_setup, test_counters_readable, fixture_teardown);
  g_test_add ("/sw/traffic-view/counters-readable/zh_CN", Fixture, "zh_CN", fixture_setup, test_counters_readable, fixture_teardown);
  g_test_add ("/sw/traffic-view/counters-readable/zh_TW", Fixture, "zh_TW", fixture_setup, test_counters_readable, fixture_teardown);
  g_test_add ("/sw/traffic-view/rate-graph", Fixture, NULL, fixture_setup, test_rate_graph, fixture_teardown);
  g_test_add ("/sw/traffic-view/save-formats", Fixture, NULL, fixture_setup, test_save_formats, fixture_teardown);
  g_test_add ("/sw/traffic-view/save-names-encoding", Fixture, NULL, fixture_setup, test_save_names_encoding, fixture_teardown);
  g_test_add ("/sw/traffic-view/save-fails-keeps-old", Fixture, NULL, fixture_setup, test_save_fails_keeps_old, fixture_teardown);

  return g_test_run ();
}

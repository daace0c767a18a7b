/* test-traffic-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

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
  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->view = SW_TRAFFIC_VIEW (sw_traffic_view_new ());
  fixture->log = sw_traffic_log_new ();
  sw_traffic_view_set_show_timestamps (fixture->view, FALSE);
  sw_traffic_view_set_log (fixture->view, fixture->log);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_set_default_size (fixture->window, 800, 500);
  gtk_window_present (fixture->window);
  sw_test_ui_wait_mapped (GTK_WIDGET (fixture->view));
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

static gboolean
is_visible_chooser (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_FILE_CHOOSER (widget) && gtk_widget_get_visible (widget);
}

static gboolean
find_save_dialog (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (is_visible_chooser (window, NULL))
        {
          *(GtkWidget **) data = window;
          return TRUE;
        }
    }

  return FALSE;
}

/* Presses Save in the view and returns the file chooser that opens (the
 * GTK one, as without a portal). */
static GtkWidget *
open_save_dialog (Fixture *fixture)
{
  GtkWidget *dialog = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.save", NULL));
  sw_test_wait (find_save_dialog, &dialog, 10000, "the Save dialog");
  sw_test_ui_wait_mapped (dialog);

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
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  GtkWidget *button;

  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, &error);
  g_assert_no_error (error);
  if (name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  button = sw_test_ui_find_button (dialog, "_Save");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
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
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 2);
  {
    g_autoptr(GtkFileFilter) text = g_list_model_get_item (filters, 0);
    g_autoptr(GtkFileFilter) hex = g_list_model_get_item (filters, 1);

    g_assert_cmpstr (gtk_file_filter_get_name (text), ==, "Text");
    g_assert_cmpstr (gtk_file_filter_get_name (hex), ==, "Hex dump");
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
is_replace_button (GtkWidget     *widget,
                   gconstpointer  data)
{

  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Replace") == 0 &&
         gtk_widget_get_mapped (widget);
}

/* Confirms replacing a file, if GTK asks. */
static void
confirm_replace (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      GtkWidget *button = sw_test_ui_find (window, is_replace_button, NULL);

      if (button != NULL)
        g_signal_emit_by_name (button, "clicked");
    }
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
  confirm_replace ();

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
  g_test_add ("/sw/traffic-view/wraps-without-hyphens", Fixture, NULL, fixture_setup, test_wraps_without_hyphens, fixture_teardown);
  g_test_add ("/sw/traffic-view/counters-readable/en", Fixture, "C", fixture_setup, test_counters_readable, fixture_teardown);
  g_test_add ("/sw/traffic-view/counters-readable/zh_CN", Fixture, "zh_CN", fixture_setup, test_counters_readable, fixture_teardown);
  g_test_add ("/sw/traffic-view/save-formats", Fixture, NULL, fixture_setup, test_save_formats, fixture_teardown);
  g_test_add ("/sw/traffic-view/save-names-encoding", Fixture, NULL, fixture_setup, test_save_names_encoding, fixture_teardown);
  g_test_add ("/sw/traffic-view/save-fails-keeps-old", Fixture, NULL, fixture_setup, test_save_fails_keeps_old, fixture_teardown);

  return g_test_run ();
}

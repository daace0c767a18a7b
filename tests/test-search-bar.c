/* test-search-bar.c: Ctrl+F in a traffic view, as a person uses it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sw-framing.h"
#include "sw-search-bar.h"
#include "sw-test-ui.h"
#include "sw-traffic-view.h"

#define WAIT_MS 20000

typedef struct
{
  GtkWindow     *window;
  SwTrafficView *view;
  SwTrafficLog  *log;
  SwSearchBar   *bar;
  GtkEditable   *entry;
  GtkLabel      *status;
} Fixture;

static gboolean
has_css_class (GtkWidget     *widget,
               gconstpointer  data)
{
  return gtk_widget_has_css_class (widget, data);
}

static gboolean
has_icon (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), data) == 0;
}

static gboolean
is_check_labelled (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_CHECK_BUTTON (widget) && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), data) == 0;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->view = SW_TRAFFIC_VIEW (sw_traffic_view_new ());
  fixture->log = sw_traffic_log_new ();
  sw_traffic_view_set_show_timestamps (fixture->view, FALSE);
  sw_traffic_view_set_log (fixture->view, fixture->log);
  fixture->window = sw_test_ui_show_page (GTK_WIDGET (fixture->view), 900, 500);

  fixture->bar = sw_test_ui_find_type (GTK_WIDGET (fixture->view), SW_TYPE_SEARCH_BAR);
  g_assert_nonnull (fixture->bar);
  fixture->entry = sw_test_ui_find_type (GTK_WIDGET (fixture->bar), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (fixture->entry);
  fixture->status = GTK_LABEL (sw_test_ui_find (GTK_WIDGET (fixture->bar), has_css_class, "search-status"));
  g_assert_nonnull (fixture->status);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_assert_finalize_object (fixture->log);
}

static guint64
append (SwTrafficLog *log,
        SwDirection   direction,
        const char   *text)
{
  return sw_traffic_log_append (log, direction, "127.0.0.1:7000", (const guint8 *) text, strlen (text));
}

typedef struct
{
  GtkLabel   *label;
  const char *text;
} LabelWait;

static gboolean
label_reads (gpointer data)
{
  LabelWait *wait = data;

  return g_strcmp0 (gtk_label_get_text (wait->label), wait->text) == 0;
}

static void
wait_status (Fixture    *fixture,
             const char *text)
{
  LabelWait wait = { fixture->status, text };
  g_autofree char *what = g_strdup_printf ("the search bar to say “%s”", text);

  if (!sw_test_run_until (label_reads, &wait, WAIT_MS))
    g_error ("Waited for %s; it says “%s”", what, gtk_label_get_text (fixture->status));
}

/* Opens the bar with Ctrl+F's action and types @text into its entry. */
static void
open_and_type (Fixture    *fixture,
               const char *text)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.find", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->bar)));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (fixture->entry)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                         GTK_WIDGET (fixture->entry)));
  gtk_editable_set_text (fixture->entry, text);
}

static void
click (Fixture    *fixture,
       const char *icon_name)
{
  GtkWidget *button = sw_test_ui_find (GTK_WIDGET (fixture->bar), has_icon, icon_name);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

/* The text that tag @name covers in the view, its runs joined by "|". */
static char *
tagged_text (Fixture    *fixture,
             const char *name)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (sw_traffic_view_get_text_view (fixture->view));
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);
  GString *out = g_string_new (NULL);
  GtkTextIter iter;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_start_iter (buffer, &iter);
  if (!gtk_text_iter_starts_tag (&iter, tag))
    gtk_text_iter_forward_to_tag_toggle (&iter, tag);
  while (!gtk_text_iter_is_end (&iter))
    {
      GtkTextIter end = iter;
      g_autofree char *text = NULL;

      gtk_text_iter_forward_to_tag_toggle (&end, tag);
      text = gtk_text_iter_get_text (&iter, &end);
      if (out->len > 0)
        g_string_append_c (out, '|');
      g_string_append (out, text);
      iter = end;
      gtk_text_iter_forward_to_tag_toggle (&iter, tag);
    }

  return g_string_free (out, FALSE);
}

static void
assert_tagged (Fixture    *fixture,
               const char *name,
               const char *expected)
{
  g_autofree char *text = tagged_text (fixture, name);

  g_assert_cmpstr (text, ==, expected);
}

/* Picks @kind ("Hex", "Regex") in the bar and presses Enter. */
static void
search_as (Fixture    *fixture,
           const char *kind)
{
  sw_test_ui_choose (sw_test_ui_find_type (GTK_WIDGET (fixture->bar), GTK_TYPE_DROP_DOWN), kind);
  g_signal_emit_by_name (fixture->entry, "activate");
}

/* Searches for @text, which does not parse: the entry and the bar say
 * so, and nothing is highlighted. */
static void
assert_refused (Fixture    *fixture,
                const char *text)
{
  gtk_editable_set_text (fixture->entry, text);
  g_signal_emit_by_name (fixture->entry, "activate");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fixture->entry), "error"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fixture->status), "error"));
  assert_tagged (fixture, "current-match", "");
  assert_tagged (fixture, "match", "");
}

typedef struct
{
  Fixture    *fixture;
  const char *name;
  const char *expected;
} TagWait;

static gboolean
tagged_reads (gpointer data)
{
  TagWait *wait = data;
  g_autofree char *text = tagged_text (wait->fixture, wait->name);

  return g_strcmp0 (text, wait->expected) == 0;
}

/* Highlights of what is in sight come once GTK has laid it out. */
static void
wait_tagged (Fixture    *fixture,
             const char *name,
             const char *expected)
{
  TagWait wait = { fixture, name, expected };

  if (!sw_test_run_until (tagged_reads, &wait, WAIT_MS))
    assert_tagged (fixture, name, expected);
}

/* Enter, the buttons and Shift+Enter go from match to match, "n of N"
 * says which, and the highlight covers exactly its bytes: also a match
 * split between two chunks of one connection, in both rows. */
static void
test_next_previous (Fixture       *fixture,
                    gconstpointer  data)
{
  append (fixture->log, SW_DIRECTION_SENT, "GET /needle HTTP/1.1\r\n");
  append (fixture->log, SW_DIRECTION_RECEIVED, "nothing here\r\n");
  append (fixture->log, SW_DIRECTION_RECEIVED, "a nee");
  append (fixture->log, SW_DIRECTION_RECEIVED, "dle split\r\n");
  append (fixture->log, SW_DIRECTION_RECEIVED, "NEEDLE in capitals\r\n");
  sw_traffic_view_flush (fixture->view);

  open_and_type (fixture, "needle");

  /* Every control is named for a screen reader. */
  gtk_test_accessible_assert_property (fixture->entry, GTK_ACCESSIBLE_PROPERTY_LABEL, "Search");
  gtk_test_accessible_assert_property (sw_test_ui_find_type (GTK_WIDGET (fixture->bar), GTK_TYPE_DROP_DOWN),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Search mode");
  gtk_test_accessible_assert_property (sw_test_ui_find (GTK_WIDGET (fixture->bar), has_icon, "go-up-symbolic"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Previous Match");
  gtk_test_accessible_assert_property (sw_test_ui_find (GTK_WIDGET (fixture->bar), has_icon, "go-down-symbolic"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Next Match");
  gtk_test_accessible_assert_property (sw_test_ui_find_type (GTK_WIDGET (fixture->bar), GTK_TYPE_MENU_BUTTON),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Filter");
  gtk_test_accessible_assert_property (sw_test_ui_find (GTK_WIDGET (fixture->bar), has_icon, "window-close-symbolic"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Close Search");

  g_signal_emit_by_name (fixture->entry, "activate");
  wait_status (fixture, "1 of 3");
  g_assert_false (sw_traffic_view_get_follow (fixture->view));
  assert_tagged (fixture, "current-match", "needle");
  wait_tagged (fixture, "match", "needle|nee|dle|NEEDLE");

  click (fixture, "go-down-symbolic");
  wait_status (fixture, "2 of 3");
  assert_tagged (fixture, "current-match", "nee|dle");

  g_signal_emit_by_name (fixture->entry, "activate");
  wait_status (fixture, "3 of 3");
  assert_tagged (fixture, "current-match", "NEEDLE");

  /* Round to the first. */
  g_signal_emit_by_name (fixture->entry, "activate");
  wait_status (fixture, "1 of 3");
  click (fixture, "go-up-symbolic");
  wait_status (fixture, "3 of 3");

  /* Match case: only the lower-case two. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sw_test_ui_find (GTK_WIDGET (fixture->bar), is_check_labelled,
                                                                  "_Match case")), TRUE);
  wait_status (fixture, "2 matches");
  wait_tagged (fixture, "match", "needle|nee|dle");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.find-previous", NULL));
  wait_status (fixture, "2 of 2");

  /* Escape closes the bar, and the highlights go. */
  g_signal_emit_by_name (fixture->entry, "stop-search");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->bar)));
  assert_tagged (fixture, "match", "");
  assert_tagged (fixture, "current-match", "");
}

static gboolean
view_holds (gpointer data)
{
  Fixture *fixture = ((gpointer *) data)[0];
  const char *needle = ((gpointer *) data)[1];
  g_autofree char *text = sw_traffic_view_dup_text (fixture->view);

  return strstr (text, needle) != NULL;
}

static void
wait_view_holds (Fixture    *fixture,
                 const char *needle)
{
  gpointer data[2] = { fixture, (gpointer) needle };

  sw_test_wait (view_holds, data, WAIT_MS, needle);
}

static gboolean
view_lacks (gpointer data)
{
  return !view_holds (data);
}

/* Iterates until the view, drawn anew, no longer shows @needle. */
static void
wait_view_lacks (Fixture    *fixture,
                 const char *needle)
{
  gpointer data[2] = { fixture, (gpointer) needle };

  sw_test_wait (view_lacks, data, WAIT_MS, needle);
}

/* A match far back in a long log, not drawn, is drawn and shown; Follow
 * goes back to the newest. */
static void
test_far_match (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *text = NULL;
  GtkAdjustment *adjustment;

  append (fixture->log, SW_DIRECTION_RECEIVED, "the very first record\n");
  append (fixture->log, SW_DIRECTION_RECEIVED, "here is the Zebra we look for\n");
  for (guint i = 0; i < 200000; i++)
    {
      char line[64];

      g_snprintf (line, sizeof line, "record %u of the flood\n", i);
      append (fixture->log, SW_DIRECTION_RECEIVED, line);
    }
  sw_traffic_view_flush (fixture->view);
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_null (strstr (text, "Zebra"));
  g_assert_nonnull (strstr (text, "record 199999 of the flood"));
  g_clear_pointer (&text, g_free);

  open_and_type (fixture, "zebra");
  g_signal_emit_by_name (fixture->entry, "activate");
  wait_status (fixture, "1 of 1");
  wait_view_holds (fixture, "here is the Zebra we look for");
  g_assert_false (sw_traffic_view_get_follow (fixture->view));
  assert_tagged (fixture, "current-match", "Zebra");

  /* Scrolled to it: its line is in sight, far from the end. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (sw_traffic_view_get_text_view (fixture->view)));
  sw_test_ui_wait_painted (GTK_WIDGET (fixture->view));
  {
    GtkTextView *text_view = sw_traffic_view_get_text_view (fixture->view);
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
    GdkRectangle visible;
    GdkRectangle location;
    GtkTextIter iter;

    gtk_text_buffer_get_start_iter (buffer, &iter);
    g_assert_true (gtk_text_iter_forward_search (&iter, "Zebra", 0, &iter, NULL, NULL));
    gtk_text_view_get_visible_rect (text_view, &visible);
    gtk_text_view_get_iter_location (text_view, &iter, &location);
    g_assert_cmpint (location.y, >=, visible.y);
    g_assert_cmpint (location.y + location.height, <=, visible.y + visible.height);
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), <,
                       gtk_adjustment_get_upper (adjustment) - 2 * gtk_adjustment_get_page_size (adjustment));
  }

  /* Follow: the newest again. */
  sw_traffic_view_set_follow (fixture->view, TRUE);
  wait_view_holds (fixture, "record 199999 of the flood");
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_null (strstr (text, "Zebra"));
}

/* Hex bytes with a wildcard, highlighted on the hex digits and in the
 * gutter of a hex dump. */
static void
test_hex (Fixture       *fixture,
          gconstpointer  data)
{
  static const guint8 bytes[] = { 0x01, 0x02, 0xDE, 0xAD, 0xBE, 0xEF, 0x03 };

  sw_traffic_log_append (fixture->log, SW_DIRECTION_RECEIVED, "p", bytes, sizeof bytes);
  sw_traffic_view_set_display_mode (fixture->view, SW_DISPLAY_MODE_HEX);
  sw_traffic_view_flush (fixture->view);

  open_and_type (fixture, "DE AD ?? EF");
  search_as (fixture, "Hex");
  wait_status (fixture, "1 of 1");
  assert_tagged (fixture, "current-match", "DE AD BE EF|....");

  /* Bad hex: the error in the bar, nothing found, nothing highlighted. */
  assert_refused (fixture, "DE AG");
  g_assert_nonnull (strstr (gtk_label_get_text (fixture->status), "G"));
}

/* A regular expression that does not compile says why in the bar, and
 * nothing is highlighted. */
static void
test_bad_regex (Fixture       *fixture,
                gconstpointer  data)
{
  append (fixture->log, SW_DIRECTION_RECEIVED, "abc (def)\n");
  sw_traffic_view_flush (fixture->view);

  open_and_type (fixture, "d.f");
  search_as (fixture, "Regex");
  wait_status (fixture, "1 of 1");
  assert_tagged (fixture, "current-match", "def");

  assert_refused (fixture, "(def");
  g_assert_cmpstr (gtk_label_get_text (fixture->status), !=, "");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (fixture->entry)), ==,
                   gtk_label_get_text (fixture->status));
}

/* The filter shows only what is asked for; the counters keep it all. */
static void
test_filter (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *text = NULL;
  GtkWidget *received;

  append (fixture->log, SW_DIRECTION_SENT, "ping 1\n");
  append (fixture->log, SW_DIRECTION_RECEIVED, "pong 1\n");
  sw_traffic_log_append_event (fixture->log, SW_EVENT_KIND_CONNECTED, NULL, "Connected somewhere");
  sw_traffic_log_append (fixture->log, SW_DIRECTION_SENT, "10.0.0.2:9", (const guint8 *) "other\n", 6);
  append (fixture->log, SW_DIRECTION_SENT, "ping 2\n");
  sw_traffic_view_flush (fixture->view);

  open_and_type (fixture, "");
  received = sw_test_ui_find (GTK_WIDGET (fixture->bar), is_check_labelled, "_Received");
  g_assert_nonnull (received);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (received), FALSE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sw_test_ui_find (GTK_WIDGET (fixture->bar), is_check_labelled,
                                                                  "_Events")), FALSE);
  wait_view_lacks (fixture, "Connected somewhere");
  sw_traffic_view_flush (fixture->view);
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_cmpstr (text, ==,
                   "→ 127.0.0.1:7000 (7 B) ping 1\\n\n"
                   "→ 10.0.0.2:9 (6 B) other\\n\n"
                   "→ 127.0.0.1:7000 (7 B) ping 2\\n\n");
  g_clear_pointer (&text, g_free);
  /* The filter button says a filter is on. */
  g_assert_true (gtk_widget_has_css_class (sw_test_ui_find_type (GTK_WIDGET (fixture->bar), GTK_TYPE_MENU_BUTTON),
                                           "suggested-action"));
  /* The counters still count everything. */
  g_assert_nonnull (sw_test_ui_find_shown_label (GTK_WIDGET (fixture->view), "Received 7 B · 1 packet"));

  /* Records that arrive now are filtered too. */
  append (fixture->log, SW_DIRECTION_RECEIVED, "pong 2\n");
  append (fixture->log, SW_DIRECTION_SENT, "ping 3\n");
  wait_view_holds (fixture, "ping 3");
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_null (strstr (text, "pong"));
  g_clear_pointer (&text, g_free);

  /* One peer: its records only. */
  {
    GtkWidget *filter_button = sw_test_ui_find_type (GTK_WIDGET (fixture->bar), GTK_TYPE_MENU_BUTTON);

    gtk_menu_button_popup (GTK_MENU_BUTTON (filter_button));
    sw_test_ui_choose (sw_test_ui_find_drop_down (GTK_WIDGET (fixture->bar), "Peer or client"), "10.0.0.2:9");
    gtk_menu_button_popdown (GTK_MENU_BUTTON (filter_button));
  }
  wait_view_lacks (fixture, "ping 1");
  sw_traffic_view_flush (fixture->view);
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_cmpstr (text, ==, "→ 10.0.0.2:9 (6 B) other\\n\n");
  g_clear_pointer (&text, g_free);

  /* Only what matches the search, of what the rest of the filter lets
   * through (all peers again). */
  sw_test_ui_choose (sw_test_ui_find_drop_down (GTK_WIDGET (fixture->bar), "Peer or client"), "All");
  gtk_editable_set_text (fixture->entry, "ping [12]");
  search_as (fixture, "Regex");
  wait_status (fixture, "1 of 2");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sw_test_ui_find (GTK_WIDGET (fixture->bar), is_check_labelled,
                                                                  "_Only records that match the search")), TRUE);
  wait_view_lacks (fixture, "ping 3");
  sw_traffic_view_flush (fixture->view);
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_cmpstr (text, ==,
                   "→ 127.0.0.1:7000 (7 B) ping 1\\n\n"
                   "→ 127.0.0.1:7000 (7 B) ping 2\\n\n");
  g_clear_pointer (&text, g_free);

  /* What arrives now is drawn once searched, if it matches. */
  append (fixture->log, SW_DIRECTION_SENT, "no match\n");
  append (fixture->log, SW_DIRECTION_SENT, "ping 2 again\n");
  wait_view_holds (fixture, "ping 2 again");
  text = sw_traffic_view_dup_text (fixture->view);
  g_assert_null (strstr (text, "no match"));
  g_clear_pointer (&text, g_free);

  /* Closed, the bar's filter no longer applies. */
  g_signal_emit_by_name (fixture->entry, "stop-search");
  wait_view_holds (fixture, "pong 2");
}

/* With framing the search runs on frames, and a match split between
 * two chunks is one run in its frame's row; a frame far back is drawn
 * with the frames around it. */
static void
test_frames (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SwFraming) framing = sw_framing_new ();
  guint id = sw_traffic_log_open_connection (fixture->log, SW_TRANSPORT_TCP, FALSE, NULL, NULL, "127.0.0.1:9");
  SwTrafficMeta meta = { .direction = SW_DIRECTION_RECEIVED, .connection = id };
  g_autoptr(GString) lines = g_string_new (NULL);
  gpointer first[2] = { fixture, (gpointer) "a needle first" };

  sw_framing_set_mode (framing, SW_FRAMING_MODE_DELIMITER);
  sw_framing_set_delimiter (framing, "\\n");
  sw_traffic_view_set_framing (fixture->view, framing);

  sw_traffic_log_append_full (fixture->log, &meta, (const guint8 *) "a needle first\nthe second nee", 29);
  sw_traffic_log_append_full (fixture->log, &meta, (const guint8 *) "dle here\n", 9);
  for (guint i = 0; i < 30000; i++)
    {
      g_string_append_printf (lines, "frame %u\n", i);
      if (i % 1000 == 999)
        {
          sw_traffic_log_append_full (fixture->log, &meta, (const guint8 *) lines->str, lines->len);
          g_string_truncate (lines, 0);
        }
    }
  wait_view_holds (fixture, "frame 29999");
  g_assert_false (view_holds (first));

  open_and_type (fixture, "needle");
  g_signal_emit_by_name (fixture->entry, "activate");
  wait_status (fixture, "1 of 2");
  wait_view_holds (fixture, "a needle first");
  assert_tagged (fixture, "current-match", "needle");
  wait_tagged (fixture, "match", "needle|needle");

  g_signal_emit_by_name (fixture->entry, "activate");
  wait_status (fixture, "2 of 2");
  assert_tagged (fixture, "current-match", "needle");
  {
    g_autofree char *text = sw_traffic_view_dup_text (fixture->view);

    g_assert_nonnull (strstr (text, "the second needle here"));
  }
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
is_label_starting (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), data);
}

static gboolean
view_says_saved_two (gpointer data)
{
  return sw_test_ui_find (data, is_label_starting, "Saved 2 records to “") != NULL;
}

/* The filter's Save What Is Shown… saves only the records shown (Save
 * As, the whole log, is tested in test-traffic-view.c). */
static void
test_save_shown (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sw-save-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *saved = NULL;
  GtkWidget *dialog;

  g_assert_no_error (error);
  append (fixture->log, SW_DIRECTION_SENT, "ping 1\n");
  append (fixture->log, SW_DIRECTION_RECEIVED, "pong 1\n");
  append (fixture->log, SW_DIRECTION_SENT, "ping 2\n");
  sw_traffic_view_flush (fixture->view);

  open_and_type (fixture, "");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sw_test_ui_find (GTK_WIDGET (fixture->bar), is_check_labelled,
                                                                  "_Received")), FALSE);
  wait_view_lacks (fixture, "pong 1");

  /* The filter's button, as a person clicks it. */
  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (fixture->bar), "Save _What Is Shown…"), "clicked");
  dialog = sw_test_ui_wait_file_chooser ();
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Save What Is Shown");
  sw_test_ui_file_chooser_save (dialog, dir, "shown.txt");
  path = g_build_filename (dir, "shown.txt", NULL);
  sw_test_wait (file_exists, path, WAIT_MS, path);
  sw_test_wait (view_says_saved_two, fixture->view, WAIT_MS, "the view to say it saved 2 records");
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "ping 1"));
  g_assert_nonnull (strstr (saved, "ping 2"));
  g_assert_null (strstr (saved, "pong 1"));
  g_remove (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Records that arrive while the bar is open are searched and
 * highlighted as they are drawn. */
static void
test_live (Fixture       *fixture,
           gconstpointer  data)
{
  append (fixture->log, SW_DIRECTION_RECEIVED, "ping 1\n");
  sw_traffic_view_flush (fixture->view);
  open_and_type (fixture, "ping");
  g_signal_emit_by_name (fixture->entry, "activate");
  wait_status (fixture, "1 of 1");

  append (fixture->log, SW_DIRECTION_RECEIVED, "pong\n");
  append (fixture->log, SW_DIRECTION_RECEIVED, "ping 2\n");
  append (fixture->log, SW_DIRECTION_RECEIVED, "ping 3\n");
  wait_status (fixture, "1 of 3");
  /* Follow is off since a match is shown: the new rows come all the same. */
  wait_view_holds (fixture, "ping 3");
  wait_tagged (fixture, "match", "ping|ping|ping");
  assert_tagged (fixture, "current-match", "ping");
}

static gboolean
highlights_a_row (gpointer data)
{
  Fixture *fixture = ((gpointer *) data)[0];
  g_autofree char *tagged = tagged_text (fixture, "match");

  return strstr (tagged, ((gpointer *) data)[1]) != NULL;
}

static gboolean
status_counts_all (gpointer data)
{
  Fixture *fixture = data;

  return g_str_has_suffix (gtk_label_get_text (fixture->status), " of 200,000");
}

/* A match every character, in rows of 4 KiB shown: all highlighted,
 * as runs, and the bar counts them all. */
static void
test_many_matches (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *text = g_strnfill (4000, 'a');
  gint64 start;

  for (guint i = 0; i < 50; i++)
    append (fixture->log, SW_DIRECTION_RECEIVED, text);
  sw_traffic_view_flush (fixture->view);

  start = g_get_monotonic_time ();
  open_and_type (fixture, "a");
  g_signal_emit_by_name (fixture->entry, "activate");
  /* From the first match in sight: the view shows the newest. */
  sw_test_wait (status_counts_all, fixture, WAIT_MS, "“n of 200,000”");
  assert_tagged (fixture, "current-match", "a");
  /* The rows in sight, each a run (not those far from it). */
  sw_test_wait (highlights_a_row, (gpointer[]) { fixture, text }, WAIT_MS, "a row highlighted whole");
  g_test_message ("200,000 matches found and highlighted in %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
}

/* The bar speaks the person's language. */
static void
test_translated (Fixture       *fixture,
                 gconstpointer  data)
{
  if (!sw_test_ui_run_in_language ("zh_CN"))
    return;

  append (fixture->log, SW_DIRECTION_RECEIVED, "hello\n");
  sw_traffic_view_flush (fixture->view);
  open_and_type (fixture, "absent");
  g_signal_emit_by_name (fixture->entry, "activate");
  wait_status (fixture, "没有匹配项");
  g_assert_nonnull (sw_test_ui_find (GTK_WIDGET (fixture->bar), is_check_labelled, "区分大小写(_M)"));
}

int
main (int   argc,
      char *argv[])
{
  sw_test_ui_init (&argc, &argv);

  g_test_add ("/sw/search-bar/next-previous", Fixture, NULL, fixture_setup, test_next_previous, fixture_teardown);
  g_test_add ("/sw/search-bar/far-match", Fixture, NULL, fixture_setup, test_far_match, fixture_teardown);
  g_test_add ("/sw/search-bar/hex", Fixture, NULL, fixture_setup, test_hex, fixture_teardown);
  g_test_add ("/sw/search-bar/bad-regex", Fixture, NULL, fixture_setup, test_bad_regex, fixture_teardown);
  g_test_add ("/sw/search-bar/frames", Fixture, NULL, fixture_setup, test_frames, fixture_teardown);
  g_test_add ("/sw/search-bar/filter", Fixture, NULL, fixture_setup, test_filter, fixture_teardown);
  g_test_add ("/sw/search-bar/save-shown", Fixture, NULL, fixture_setup, test_save_shown, fixture_teardown);
  g_test_add ("/sw/search-bar/live", Fixture, NULL, fixture_setup, test_live, fixture_teardown);
  g_test_add ("/sw/search-bar/many-matches", Fixture, NULL, fixture_setup, test_many_matches, fixture_teardown);
  g_test_add ("/sw/search-bar/translated", Fixture, NULL, fixture_setup, test_translated, fixture_teardown);

  return g_test_run ();
}

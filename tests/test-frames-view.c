/* test-frames-view.c: the traffic log read as frames, checksums on
 * receive, the checksum calculator and a narrow view (issue #11)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sw-checksum-calculator.h"
#include "sw-framing-editor.h"
#include "sw-send-bar.h"
#include "sw-session-page.h"
#include "sw-tcp-client-page.h"
#include "sw-tcp-server-page.h"
#include "sw-test-ui.h"
#include "sw-toolbar-box.h"

#define TIMEOUT_MS 20000

typedef struct
{
  GtkWindow     *window;
  SwSessionPage *page;
  SwTrafficView *view;
  SwTestPeer    *client;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->page = SW_SESSION_PAGE (sw_tcp_server_page_new ());
  fixture->view = sw_session_page_get_traffic_view (fixture->page);
  fixture->window = sw_test_ui_show_page (GTK_WIDGET (fixture->page), 1400, 800);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->client, sw_test_peer_free);
  sw_test_ui_destroy_page (fixture->window);
}

static SwTrafficLog *
log_of (Fixture *fixture)
{
  return sw_engine_get_log (sw_session_page_get_engine (fixture->page));
}

/* The Rules button opens the panel with the framing, as a click does. */
static GtkWidget *
open_framing (Fixture *fixture)
{
  GtkWidget *editor;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.show-rules", NULL));
  editor = sw_test_ui_find_type (GTK_WIDGET (fixture->page), SW_TYPE_FRAMING_EDITOR);
  g_assert_nonnull (editor);

  return editor;
}

static void
choose_framing (GtkWidget  *editor,
                const char *mode)
{
  sw_test_ui_choose (sw_test_ui_find_drop_down (editor, "Framing"), mode);
}

static void
set_spin (GtkWidget  *root,
          const char *label,
          double      value)
{
  GtkWidget *spin = sw_test_ui_find_labelled (root, label);

  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
}

/* Listens and connects a socat client. */
static void
connect_client (Fixture *fixture)
{
  guint16 port = sw_test_ui_listen_on_loopback (GTK_WIDGET (fixture->page));
  g_autofree char *target = g_strdup_printf ("TCP4:127.0.0.1:%u", port);

  fixture->client = sw_test_peer_new ("socat", "-", target, NULL);
}

static void
client_says (Fixture    *fixture,
             const char *text)
{
  sw_test_peer_write (fixture->client, text, strlen (text));
}

static void
wait_received (Fixture *fixture,
               guint64  records)
{
  sw_test_wait_received (sw_engine_get_log (sw_session_page_get_engine (SW_SESSION_PAGE (fixture->page))),
                         records, TIMEOUT_MS);
}

typedef struct
{
  SwTrafficView *view;
  const char    *needle;
} Lacks;

static gboolean
view_lacks (gpointer data)
{
  Lacks *lacks = data;
  g_autofree char *text = sw_traffic_view_dup_text (lacks->view);

  return strstr (text, lacks->needle) == NULL;
}

static void
wait_view_lacks (SwTrafficView *view,
                 const char    *needle)
{
  Lacks lacks = { view, needle };
  g_autofree char *what = g_strdup_printf ("the traffic log to show no more “%s”", needle);

  sw_test_wait (view_lacks, &lacks, TIMEOUT_MS, what);
}

/* Where @first is in the view's text, before @second. */
static void
assert_order (SwTrafficView *view,
              const char    *first,
              const char    *second)
{
  g_autofree char *text = sw_traffic_view_dup_text (view);
  const char *a = strstr (text, first);
  const char *b = strstr (text, second);

  if (a == NULL || b == NULL || a > b)
    g_error ("“%s” should come before “%s” in:\n%s", first, second, text);
}

/* Frames as they come: split and merged by the delimiter, the one still
 * arriving marked, then whole; a frame over the maximum cut and marked;
 * what a closed connection left, marked before it closed. */
static void
test_live_frames (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *editor = open_framing (fixture);
  SwFraming *framing = sw_session_page_get_framing (fixture->page);
  SwTrafficTotals totals;

  g_assert_true (sw_traffic_view_get_framing (fixture->view) == framing);
  choose_framing (editor, "Delimiter");
  g_assert_cmpint (sw_framing_get_mode (framing), ==, SW_FRAMING_MODE_DELIMITER);

  connect_client (fixture);
  client_says (fixture, "PING 1\nPI");
  sw_test_ui_wait_view_shows (fixture->view, "(7 B) PING 1\\n", TIMEOUT_MS);
  sw_test_ui_wait_view_shows (fixture->view, "(2 B) [incomplete] PI", TIMEOUT_MS);

  client_says (fixture, "NG 2\n");
  sw_test_ui_wait_view_shows (fixture->view, "(7 B) PING 2\\n", TIMEOUT_MS);
  wait_view_lacks (fixture->view, "[incomplete]");
  assert_order (fixture->view, "PING 1", "PING 2");

  /* The log is as it came: two chunks. */
  sw_traffic_log_get_totals (log_of (fixture), &totals);
  g_assert_cmpuint (totals.records_received, ==, 2);
  g_assert_cmpuint (totals.bytes_received, ==, 14);

  /* At most 8 bytes a frame. */
  set_spin (editor, "Max size", 8);
  g_assert_cmpuint (sw_framing_get_max_frame_size (framing), ==, 8);
  client_says (fixture, "ABCDEFGHIJ\n");
  sw_test_ui_wait_view_shows (fixture->view, "(8 B) [cut at the maximum size] ABCDEFGH", TIMEOUT_MS);
  sw_test_ui_wait_view_shows (fixture->view, "(3 B) IJ\\n", TIMEOUT_MS);

  /* The same frames as a hex dump. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.display-mode", "s", "hex"));
  sw_test_ui_wait_view_shows (fixture->view, "(7 B)\n    00000000  50 49 4E 47 20 32 0A ", TIMEOUT_MS);
  sw_test_ui_wait_view_shows (fixture->view, "(8 B) [cut at the maximum size]\n    00000000  41 42", TIMEOUT_MS);

  /* The client goes mid-frame: what it sent is a frame, cut short. */
  client_says (fixture, "bye");
  sw_test_ui_wait_view_shows (fixture->view, "(3 B) [incomplete]", TIMEOUT_MS);
  sw_test_peer_close_stdin (fixture->client);
  sw_test_ui_wait_view_shows (fixture->view, "closed the connection", TIMEOUT_MS);
  assert_order (fixture->view, "(3 B) [incomplete]", "closed the connection");
}

static gboolean
is_check_reading (GtkWidget     *widget,
                  gconstpointer  label)
{
  return GTK_IS_CHECK_BUTTON (widget) && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0;
}

/* A new framing splits the log that is there again, as it came, with
 * its events in their place; None shows the chunks again. */
static void
test_reframe (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *editor;
  SwTrafficTotals totals;

  connect_client (fixture);
  client_says (fixture, "one;two;th");
  wait_received (fixture, 1);
  client_says (fixture, "ree;");
  wait_received (fixture, 2);
  sw_test_ui_wait_view_shows (fixture->view, "(10 B) one;two;th", TIMEOUT_MS);
  sw_test_ui_wait_view_shows (fixture->view, "(4 B) ree;", TIMEOUT_MS);

  editor = open_framing (fixture);
  choose_framing (editor, "Delimiter");
  gtk_editable_set_text (sw_test_ui_find_entry (editor, "Delimiter"), ";");
  sw_test_ui_wait_view_shows (fixture->view, "(6 B) three;", TIMEOUT_MS);
  sw_test_ui_wait_view_shows (fixture->view, "(4 B) one;", TIMEOUT_MS);
  sw_test_ui_wait_view_shows (fixture->view, "(4 B) two;", TIMEOUT_MS);
  wait_view_lacks (fixture->view, "(10 B)");
  assert_order (fixture->view, "connected", "(4 B) one;");

  /* Without the delimiter, as the check box says. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sw_test_ui_find (editor, is_check_reading,
                                                                   "Keep the delimiter in frames")),
                               FALSE);
  sw_test_ui_wait_view_shows (fixture->view, "(5 B) three\n", TIMEOUT_MS);

  gtk_editable_set_text (sw_test_ui_find_entry (editor, "Delimiter"), "e");
  sw_test_ui_wait_view_shows (fixture->view, "(8 B) ;two;thr\n", TIMEOUT_MS);
  sw_test_ui_wait_view_shows (fixture->view, "(1 B) [incomplete] ;", TIMEOUT_MS);

  choose_framing (editor, "None");
  sw_test_ui_wait_view_shows (fixture->view, "(10 B) one;two;th", TIMEOUT_MS);
  wait_view_lacks (fixture->view, "[incomplete]");

  /* Nothing was received again. */
  sw_traffic_log_get_totals (log_of (fixture), &totals);
  g_assert_cmpuint (totals.records_received, ==, 2);
  g_assert_cmpuint (totals.bytes_received, ==, 14);
}

static void
count_paint (GdkFrameClock *clock,
             guint         *paints)
{
  (*paints)++;
}

/* Splitting a big log anew goes a slice a frame: the window paints on. */
static void
test_reframe_big_log (Fixture       *fixture,
                      gconstpointer  data)
{
  SwTrafficLog *log = log_of (fixture);
  g_autofree guint8 *chunk = g_malloc (64 * 1024);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  guint id = sw_traffic_log_open_connection (log, SW_TRANSPORT_TCP, FALSE, NULL, NULL, "127.0.0.1:9");
  SwTrafficMeta meta = { SW_DIRECTION_RECEIVED, id, NULL, 0, 0 };
  GtkWidget *editor;
  guint paints = 0;
  gulong handler;
  gint64 start;

  /* 48 MiB of 64-byte lines in 64 KiB reads, the last line numbered. */
  for (guint i = 0; i < 64 * 1024; i++)
    chunk[i] = i % 64 == 63 ? '\n' : 'a' + i % 26;
  for (guint i = 0; i < 768; i++)
    sw_traffic_log_append_full (log, &meta, chunk, 64 * 1024);
  sw_traffic_log_append_full (log, &meta, (const guint8 *) "the end\n", 8);
  sw_test_ui_wait_view_shows (fixture->view, "(8 B) the end\\n", TIMEOUT_MS);

  editor = open_framing (fixture);
  sw_test_ui_wait_painted (GTK_WIDGET (fixture->view));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint), &paints);
  gdk_frame_clock_begin_updating (clock);
  start = g_get_monotonic_time ();
  choose_framing (editor, "Delimiter");
  sw_test_ui_wait_view_shows (fixture->view, "(64 B) abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk\\n",
                              TIMEOUT_MS);
  g_test_message ("48 MiB split anew in %.0f ms, %u frames painted meanwhile",
                  (g_get_monotonic_time () - start) / 1000.0, paints);
  gdk_frame_clock_end_updating (clock);
  g_signal_handler_disconnect (clock, handler);

  /* It took frames, not one long stall, and it shows the end. */
  g_assert_cmpuint (paints, >=, 3);
  sw_test_ui_wait_view_shows (fixture->view, "(8 B) the end\\n", TIMEOUT_MS);
  wait_view_lacks (fixture->view, "not drawn here");
}

/* The luminance of a colour, for contrast (WCAG 2). */
static double
luminance (const char *spec)
{
  GdkRGBA rgba;
  double channels[3];

  g_assert_true (gdk_rgba_parse (&rgba, spec));
  channels[0] = rgba.red;
  channels[1] = rgba.green;
  channels[2] = rgba.blue;
  for (guint i = 0; i < 3; i++)
    channels[i] = channels[i] <= 0.03928 ? channels[i] / 12.92 : pow ((channels[i] + 0.055) / 1.055, 2.4);

  return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
}

static char *
tag_color (GtkTextTag *tag,
           const char *property)
{
  g_autoptr(GdkRGBA) rgba = NULL;

  g_object_get (tag, property, &rgba, NULL);
  g_assert_nonnull (rgba);

  return gdk_rgba_to_string (rgba);
}

/* The note @text in the view has @tag_name, readable against its tint. */
static void
assert_note_tag (SwTrafficView *view,
                 const char    *text,
                 const char    *tag_name)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (sw_traffic_view_get_text_view (view));
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);
  g_autofree char *foreground = NULL;
  g_autofree char *background = NULL;
  GtkTextIter start;
  GtkTextIter match;
  double light;
  double dark;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, text, 0, &match, NULL, NULL));
  g_assert_true (gtk_text_iter_has_tag (&match, tag));

  foreground = tag_color (tag, "foreground-rgba");
  background = tag_color (tag, "background-rgba");
  light = MAX (luminance (foreground), luminance (background));
  dark = MIN (luminance (foreground), luminance (background));
  g_test_message ("%s: %s on %s, contrast %.1f", tag_name, foreground, background,
                  (light + 0.05) / (dark + 0.05));
  g_assert_cmpfloat ((light + 0.05) / (dark + 0.05), >=, 4.5);
}

static void
set_dark (gboolean dark)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
}

/* Received frames ending with the send bar's checksum are marked valid,
 * others invalid with what they should end with; readable in light and
 * dark styles. */
static void
test_checksum_marks (Fixture       *fixture,
                     gconstpointer  data)
{
  SwSendBar *send_bar = sw_session_page_get_send_bar (fixture->page);
  g_autoptr(SwTestPeer) device = NULL;
  g_autofree char *port = NULL;
  GtkWidget *editor;

  sw_test_ui_choose (sw_test_ui_find_drop_down (GTK_WIDGET (send_bar), "Checksum"), "CRC-16/MODBUS");
  editor = open_framing (fixture);
  choose_framing (editor, "Fixed length");
  set_spin (editor, "Length", 8);

  /* A device sending Modbus RTU requests over TCP, a good one, a bad
   * one and half of one. */
  port = g_strdup_printf ("%u", sw_test_ui_listen_on_loopback (GTK_WIDGET (fixture->page)));
  device = sw_test_peer_new ("stream_peer.py", "client-hex", "127.0.0.1", port,
                             "01 03 00 00 00 02 C4 0B", "01 03 00 00 00 02 C4 0C", "01 03", NULL);

  sw_test_ui_wait_view_shows (fixture->view, "(8 B) [CRC-16/MODBUS ✓] \\x01\\x03", TIMEOUT_MS);
  sw_test_ui_wait_view_shows (fixture->view, "(8 B) [CRC-16/MODBUS ✗ expected C4 0B] \\x01\\x03", TIMEOUT_MS);
  sw_test_ui_wait_view_shows (fixture->view, "(2 B) [incomplete] \\x01\\x03", TIMEOUT_MS);
  assert_order (fixture->view, "✓", "✗");

  /* Readable, in the light style and in the dark one. */
  assert_note_tag (fixture->view, "CRC-16/MODBUS ✓", "valid");
  assert_note_tag (fixture->view, "CRC-16/MODBUS ✗", "invalid");
  assert_note_tag (fixture->view, "incomplete", "note");
  set_dark (TRUE);
  sw_test_ui_wait_painted (GTK_WIDGET (fixture->view));
  assert_note_tag (fixture->view, "CRC-16/MODBUS ✓", "valid");
  assert_note_tag (fixture->view, "CRC-16/MODBUS ✗", "invalid");
  assert_note_tag (fixture->view, "incomplete", "note");
  set_dark (FALSE);

  /* In hex too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.display-mode", "s", "hex"));
  sw_test_ui_wait_view_shows (fixture->view,
                              "(8 B) [CRC-16/MODBUS ✗ expected C4 0B]\n    00000000  01 03 00 00 00 02 C4 0C",
                              TIMEOUT_MS);

  /* Another checksum checks them anew. */
  sw_test_ui_choose (sw_test_ui_find_drop_down (GTK_WIDGET (send_bar), "Checksum"), "CRC-16/XMODEM");
  sw_test_ui_wait_view_shows (fixture->view, "[CRC-16/XMODEM ✗ expected", TIMEOUT_MS);
  wait_view_lacks (fixture->view, "MODBUS");
  sw_test_ui_choose (sw_test_ui_find_drop_down (GTK_WIDGET (send_bar), "Checksum"), "None");
  wait_view_lacks (fixture->view, "XMODEM");
}

/* A device nobody here wrote: pymodbus answers our request, and its
 * answer, cut by the idle gap, carries a CRC the view finds right. */
static void
test_modbus_device (void)
{
  g_autoptr(SwTestPeer) device = NULL;
  SwSessionPage *page;
  GtkWidget *editor;
  GtkWindow *window;
  SwSendBar *send_bar;
  SwTrafficView *view;
  guint16 port;

  if ((device = sw_test_start_modbus_device (&port)) == NULL)
    return;

  page = SW_SESSION_PAGE (sw_tcp_client_page_new ());
  window = sw_test_ui_show_page (GTK_WIDGET (page), 1400, 800);
  send_bar = sw_session_page_get_send_bar (page);
  view = sw_session_page_get_traffic_view (page);

  /* RTU frames end with a pause. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "page.show-rules", NULL));
  editor = sw_test_ui_find_type (GTK_WIDGET (page), SW_TYPE_FRAMING_EDITOR);
  choose_framing (editor, "Idle gap");
  set_spin (editor, "Gap", 20);

  sw_test_ui_connect_to_loopback (GTK_WIDGET (page), port);

  sw_test_ui_choose (sw_test_ui_find_drop_down (GTK_WIDGET (page), "Format"), "Hex");
  sw_test_ui_choose (sw_test_ui_find_drop_down (GTK_WIDGET (page), "Checksum"), "CRC-16/MODBUS");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (sw_test_ui_find_type (GTK_WIDGET (send_bar),
                                                                            GTK_TYPE_TEXT_VIEW)),
                            "01 03 00 00 00 02", -1);
  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (send_bar), "_Send"), "clicked");

  sw_traffic_view_set_display_mode (view, SW_DISPLAY_MODE_HEX);
  /* Registers 0 and 1 hold 42 and 43. */
  sw_test_ui_wait_view_shows (view, "(9 B) [CRC-16/MODBUS ✓]\n    00000000  01 03 04 00 2A 00 2B", TIMEOUT_MS);
  /* What we sent is not checked: the mark is for what arrives. */
  sw_test_ui_wait_view_shows (view, "(8 B)\n    00000000  01 03 00 00 00 02 C4 0B", TIMEOUT_MS);

  sw_test_ui_destroy_page (window);
}

static void
select_text (SwTrafficView *view,
             const char    *from,
             const char    *to)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (sw_traffic_view_get_text_view (view));
  GtkTextIter start;
  GtkTextIter match_start;
  GtkTextIter match_end;
  GtkTextIter end;

  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, from, 0, &match_start, &match_end, NULL));
  g_assert_true (gtk_text_iter_forward_search (&match_start, to, 0, NULL, &end, NULL));
  gtk_text_buffer_select_range (buffer, &match_start, &end);
}

static gboolean
is_menu_item (GMenuModel *model,
              const char *label,
              const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *item_label = NULL;
      g_autofree char *item_action = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (section != NULL && is_menu_item (section, label, action))
        return TRUE;
      g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &item_label);
      g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &item_action);
      if (g_strcmp0 (item_label, label) == 0 && g_strcmp0 (item_action, action) == 0)
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  SwChecksumCalculator *calculator;
  SwChecksum            kind;
  const char           *value;
} Shows;

static gboolean
calculator_shows (gpointer data)
{
  Shows *shows = data;

  return g_strcmp0 (sw_checksum_calculator_get_value (shows->calculator, shows->kind), shows->value) == 0;
}

static void
wait_calculator_shows (SwChecksumCalculator *calculator,
                       SwChecksum            kind,
                       const char           *value)
{
  Shows shows = { calculator, kind, value };
  g_autofree char *what = g_strdup_printf ("the calculator to show %s", value);

  sw_test_wait (calculator_shows, &shows, TIMEOUT_MS, what);
}

static gboolean
is_label_reading (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* Bytes selected in the log, in hex or as text, and every checksum of
 * them at once; or bytes typed in. */
static void
test_calculator (Fixture       *fixture,
                 gconstpointer  data)
{
  GMenuModel *context_menu = gtk_text_view_get_extra_menu (sw_traffic_view_get_text_view (fixture->view));
  SwChecksumCalculator *calculator;
  GtkEditable *entry;
  GtkWidget *focus;

  /* A frame of Modbus, and the standard check string. */
  connect_client (fixture);
  sw_test_peer_write (fixture->client, "\x01\x03\x00\x00\x00\x02\xC4\x0B", 8);
  wait_received (fixture, 1);
  client_says (fixture, "123456789");
  wait_received (fixture, 2);

  /* In the log's context menu, as a person finds it. */
  g_assert_true (is_menu_item (context_menu, "Checksums of Selection…", "view.checksums"));

  /* Part of a hex dump: the bytes under the selection. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.display-mode", "s", "hex"));
  sw_test_ui_wait_view_shows (fixture->view, "01 03 00 00 00 02 C4 0B", TIMEOUT_MS);
  select_text (fixture->view, "01 03 00 00", "00 02");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.checksums", NULL));
  calculator = SW_CHECKSUM_CALCULATOR (sw_traffic_view_get_calculator (fixture->view));
  g_assert_nonnull (calculator);
  sw_test_ui_wait_mapped (GTK_WIDGET (calculator));
  entry = sw_test_ui_find_entry (GTK_WIDGET (calculator), "Bytes");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "01 03 00 00 00 02");
  wait_calculator_shows (calculator, SW_CHECKSUM_CRC16_MODBUS, "0x0BC4");
  /* Every algorithm at once, the bytes as they go on the wire too. */
  g_assert_nonnull (sw_test_ui_find (GTK_WIDGET (calculator), is_label_reading, "CRC-16/MODBUS"));
  g_assert_nonnull (sw_test_ui_find (GTK_WIDGET (calculator), is_label_reading, "C4 0B"));
  g_assert_nonnull (sw_test_ui_find (GTK_WIDGET (calculator), is_label_reading, "CRC-32C"));
  g_assert_nonnull (sw_test_ui_find (GTK_WIDGET (calculator), is_label_reading, "6 bytes"));
  /* The keyboard starts in the entry. */
  focus = gtk_window_get_focus (GTK_WINDOW (calculator));
  g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (entry)));

  /* It follows the selection, now as text. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.display-mode", "s", "text"));
  sw_test_ui_wait_view_shows (fixture->view, "(9 B) 123456789", TIMEOUT_MS);
  select_text (fixture->view, "123456789", "123456789");
  wait_calculator_shows (calculator, SW_CHECKSUM_CRC32, "0xCBF43926");
  wait_calculator_shows (calculator, SW_CHECKSUM_CRC16_MODBUS, "0x4B37");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "31 32 33 34 35 36 37 38 39");

  /* A whole record selected with what is around it. */
  select_text (fixture->view, "(8 B)", "\\x0B");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.checksums", NULL));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "01 03 00 00 00 02 C4 0B");
  /* A frame with its right CRC leaves a remainder of 0. */
  wait_calculator_shows (calculator, SW_CHECKSUM_CRC16_MODBUS, "0x0000");

  /* Typed or pasted: text with escapes, or hex; a mistake is said. */
  sw_test_ui_choose (sw_test_ui_find_drop_down (GTK_WIDGET (calculator), "Format"), "Text");
  gtk_editable_set_text (entry, "123456789");
  wait_calculator_shows (calculator, SW_CHECKSUM_CRC16_CCITT_FALSE, "0x29B1");
  sw_test_ui_choose (sw_test_ui_find_drop_down (GTK_WIDGET (calculator), "Format"), "Hex");
  gtk_editable_set_text (entry, "01 0g");
  wait_calculator_shows (calculator, SW_CHECKSUM_CRC32, "—");
  gtk_test_accessible_assert_state (entry, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);

  /* Escape closes it. */
  gtk_widget_activate_action (GTK_WIDGET (calculator), "window.close", NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (calculator)));
}

/* Whether @widget lies inside @window, whole. */
static void
assert_inside (GtkWidget *widget,
               GtkWidget *window)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  if (bounds.origin.x < 0 || bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) + 0.5)
    g_error ("%s lies at %.0f–%.0f, outside the window's 0–%d", G_OBJECT_TYPE_NAME (widget),
             bounds.origin.x, bounds.origin.x + bounds.size.width, gtk_widget_get_width (window));
}

/* A 1000 px window with the Rules panel open: the view's toolbar leaves
 * out what its menu has, every control stays in reach, and log lines
 * start in sight. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (fixture->view);
  SwToolbarBox *toolbar = SW_TOOLBAR_BOX (gtk_widget_get_template_child (view, SW_TYPE_TRAFFIC_VIEW, "toolbar"));
  GtkMenuButton *menu_button = GTK_MENU_BUTTON (gtk_widget_get_template_child (view, SW_TYPE_TRAFFIC_VIEW, "menu_button"));
  GMenuModel *menu = gtk_menu_button_get_menu_model (menu_button);
  GtkTextView *text_view = sw_traffic_view_get_text_view (fixture->view);
  /* Each control of the toolbar, and how the menu offers it. */
  static const struct {
    const char *id;
    const char *label;
    const char *action;
  } controls[] = {
    { "timestamps_check", "T_imestamps", "view.show-timestamps" },
    { "text_as_sent_check", "Sent te_xt as typed", "view.text-as-sent" },
    { "follow_check", "F_ollow", "view.follow" },
    { "checksums_button", "Checksum _Calculator…", "view.checksums" },
    { "clear_button", "C_lear", "view.clear" },
    { "save_button", "_Save As…", "view.save" },
  };
  guint left_out = 0;
  int minimum;

  connect_client (fixture);
  client_says (fixture, "a line long enough to need wrapping in a narrow view, as logs often are\n");
  sw_test_ui_wait_view_shows (fixture->view, "a line long enough", TIMEOUT_MS);

  gtk_window_set_default_size (fixture->window, 1000, 760);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.show-rules", NULL));
  sw_test_ui_wait_painted (view);
  sw_test_run_for (200);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 1000);
  g_test_message ("the view is %d px wide beside the Rules panel", gtk_widget_get_width (view));

  /* The view asks no more room than it has. */
  gtk_widget_measure (view, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, gtk_widget_get_width (view));
  assert_inside (GTK_WIDGET (toolbar), GTK_WIDGET (fixture->window));
  assert_inside (GTK_WIDGET (text_view), GTK_WIDGET (fixture->window));

  /* The display mode and the menu stay; the rest is in the menu. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (menu_button)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (gtk_widget_get_template_child (view, SW_TYPE_TRAFFIC_VIEW, "hex_button"))));
  assert_inside (GTK_WIDGET (menu_button), GTK_WIDGET (fixture->window));
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      GtkWidget *control = GTK_WIDGET (gtk_widget_get_template_child (view, SW_TYPE_TRAFFIC_VIEW, controls[i].id));

      g_assert_true (is_menu_item (menu, controls[i].label, controls[i].action));
      if (sw_toolbar_box_is_shown (toolbar, control))
        assert_inside (control, GTK_WIDGET (fixture->window));
      else
        {
          g_assert_false (gtk_widget_get_mapped (control));
          left_out++;
        }
    }
  g_assert_cmpuint (left_out, >, 0);
  gtk_test_accessible_assert_property (menu_button, GTK_ACCESSIBLE_PROPERTY_LABEL, "View Options");

  /* What the menu does, it does: Follow off, then on again. */
  g_assert_true (gtk_widget_activate_action (view, "view.follow", NULL));
  g_assert_false (sw_traffic_view_get_follow (fixture->view));
  g_assert_true (gtk_widget_activate_action (view, "view.follow", NULL));
  g_assert_true (sw_traffic_view_get_follow (fixture->view));
  g_assert_true (gtk_widget_activate_action (view, "view.encoding", "s", "gbk"));
  g_assert_cmpint (sw_traffic_view_get_encoding (fixture->view), ==, SW_ENCODING_GBK);

  /* Lines start at the view's left edge: nothing scrolls them away. */
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (text_view))), ==, 0);

  /* Wide again (as wide as the screen, 1280 px), the toolbar has room
   * for more: all but the least used. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.show-rules", NULL));
  gtk_window_set_default_size (fixture->window, 1400, 800);
  sw_test_ui_wait_painted (view);
  sw_test_run_for (200);
  g_test_message ("the toolbar is %d px wide without the Rules panel", gtk_widget_get_width (GTK_WIDGET (toolbar)));
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      GtkWidget *control = GTK_WIDGET (gtk_widget_get_template_child (view, SW_TYPE_TRAFFIC_VIEW, controls[i].id));

      if (g_str_equal (controls[i].id, "text_as_sent_check"))
        continue;
      if (!sw_toolbar_box_is_shown (toolbar, control))
        g_error ("%s left out of a toolbar %d px wide", controls[i].id, gtk_widget_get_width (GTK_WIDGET (toolbar)));
      g_assert_true (gtk_widget_get_mapped (control));
      assert_inside (control, GTK_WIDGET (fixture->window));
    }
}

int
main (int   argc,
      char *argv[])
{
  sw_test_ui_init (&argc, &argv);

  g_test_add ("/sw/frames-view/live-frames", Fixture, NULL, fixture_setup, test_live_frames, fixture_teardown);
  g_test_add ("/sw/frames-view/reframe", Fixture, NULL, fixture_setup, test_reframe, fixture_teardown);
  g_test_add ("/sw/frames-view/reframe-big-log", Fixture, NULL, fixture_setup, test_reframe_big_log, fixture_teardown);
  g_test_add ("/sw/frames-view/checksum-marks", Fixture, NULL, fixture_setup, test_checksum_marks, fixture_teardown);
  g_test_add_func ("/sw/frames-view/modbus-device", test_modbus_device);
  g_test_add ("/sw/frames-view/calculator", Fixture, NULL, fixture_setup, test_calculator, fixture_teardown);
  g_test_add ("/sw/frames-view/narrow", Fixture, NULL, fixture_setup, test_narrow, fixture_teardown);

  return g_test_run ();
}

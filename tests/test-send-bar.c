/* test-send-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-core-enums.h"
#include "sw-encoding.h"
#include "sw-escape.h"
#include "sw-hex.h"
#include "sw-send-bar-private.h"
#include "sw-test-ui.h"

typedef struct
{
  GtkWindow *window;
  SwSendBar *bar;
  GPtrArray *sent;
} Fixture;

static void
send_cb (SwSendBar *bar,
         GBytes    *payload,
         Fixture   *fixture)
{
  g_ptr_array_add (fixture->sent, g_bytes_ref (payload));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->bar = SW_SEND_BAR (sw_send_bar_new ());
  fixture->sent = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_signal_connect (fixture->bar, "send", G_CALLBACK (send_cb), fixture);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->bar));
  gtk_window_present (fixture->window);
  sw_test_ui_wait_mapped (GTK_WIDGET (fixture->bar));
}

static gboolean
bar_finalized (gpointer data)
{
  Fixture *fixture = data;

  return fixture->bar == NULL;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWindow *window = g_steal_pointer (&fixture->window);

  if (fixture->bar != NULL)
    g_object_add_weak_pointer (G_OBJECT (fixture->bar), (gpointer *) &fixture->bar);

  /* GTK owns the window until it is destroyed; then ours is the last. */
  g_object_ref (window);
  gtk_window_destroy (window);
  g_assert_finalize_object (window);
  /* Some of GTK lets go of the bar a main loop iteration later. */
  sw_test_wait (bar_finalized, fixture, 5000, "the bar to be finalized");

  g_clear_pointer (&fixture->sent, g_ptr_array_unref);
}

static gpointer
child (Fixture    *fixture,
       const char *id)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->bar),
                                                   SW_TYPE_SEND_BAR, id);

  g_assert_nonnull (object);

  return object;
}

/* Types, as a person would. */
static void
type_message (Fixture    *fixture,
              const char *text)
{
  GtkTextView *text_view = child (fixture, "text_view");

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), text, -1);
}

static char *
message (Fixture *fixture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (child (fixture, "text_view"));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static int
cursor_offset (Fixture *fixture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (child (fixture, "text_view"));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));

  return gtk_text_iter_get_offset (&iter);
}

static void
place_cursor (Fixture *fixture,
              int      offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (child (fixture, "text_view"));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_buffer_place_cursor (buffer, &iter);
}

static void
assert_bytes (GBytes     *bytes,
              const char *expected,
              gsize       expected_size)
{
  gsize size;
  const guint8 *data;

  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &size);
  g_assert_cmpmem (data, size, expected, expected_size);
}

#define assert_payload(fixture, literal) \
  assert_bytes (sw_send_bar_get_payload ((fixture)->bar), literal, sizeof literal - 1)

/* The Send button follows the action: both off, and activating the
 * action does nothing. */
static void
assert_send_disabled (Fixture *fixture)
{
  guint sent = fixture->sent->len;

  g_assert_false (gtk_widget_get_sensitive (child (fixture, "send_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "send-bar.send", NULL));
  g_assert_cmpuint (fixture->sent->len, ==, sent);
}

static void
assert_valid (Fixture *fixture)
{
  GtkLabel *error_label = child (fixture, "error_label");

  g_assert_null (sw_send_bar_get_error (fixture->bar));
  g_assert_nonnull (sw_send_bar_get_payload (fixture->bar));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_true (gtk_widget_get_visible (child (fixture, "size_label")));
}

static void
assert_invalid (Fixture    *fixture,
                GQuark      domain,
                const char *says)
{
  GtkLabel *error_label = child (fixture, "error_label");
  const GError *error = sw_send_bar_get_error (fixture->bar);
  g_autoptr(GError) error_property = NULL;
  g_autoptr(GBytes) payload_property = NULL;

  g_assert_nonnull (error);
  g_assert_true (error->domain == domain);
  g_object_get (fixture->bar,
                "error", &error_property,
                "payload", &payload_property,
                NULL);
  g_assert_nonnull (error_property);
  g_assert_null (payload_property);
  g_assert_null (sw_send_bar_get_payload (fixture->bar));

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (error_label), "error"));
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, error->message);
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), says));

  g_assert_false (gtk_widget_get_sensitive (child (fixture, "send_button")));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (child (fixture, "send_button")), ==,
                   error->message);
}

static void
test_defaults (Fixture       *fixture,
               gconstpointer  data)
{
  SwPayloadFormat format;
  SwLineEnding line_ending;
  SwEncoding encoding;
  gboolean escapes, repeat, can_send, sending;
  guint interval, times;
  g_autofree char *text = NULL;
  g_autofree char *reason = NULL;
  GListModel *encodings;

  g_object_get (fixture->bar,
                "text", &text,
                "format", &format,
                "escapes", &escapes,
                "line-ending", &line_ending,
                "encoding", &encoding,
                "repeat", &repeat,
                "repeat-interval", &interval,
                "times", &times,
                "sending", &sending,
                "can-send", &can_send,
                "send-blocked-reason", &reason,
                NULL);
  g_assert_cmpstr (text, ==, "");
  g_assert_cmpint (format, ==, SW_PAYLOAD_FORMAT_TEXT);
  g_assert_true (escapes);
  g_assert_cmpint (line_ending, ==, SW_LINE_ENDING_NONE);
  g_assert_cmpint (encoding, ==, SW_ENCODING_UTF8);
  g_assert_false (repeat);
  g_assert_cmpuint (interval, ==, 1000);
  g_assert_cmpuint (times, ==, 1);
  g_assert_false (sending);
  g_assert_true (can_send);
  g_assert_null (reason);

  /* The controls show the same. */
  g_assert_true (gtk_check_button_get_active (child (fixture, "escapes_check")));
  g_assert_false (gtk_check_button_get_active (child (fixture, "repeat_check")));
  g_assert_cmpfloat (gtk_spin_button_get_value (child (fixture, "interval_spin")), ==, 1000);
  g_assert_cmpfloat (gtk_spin_button_get_value (child (fixture, "times_spin")), ==, 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (child (fixture, "format_drop_down")), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (child (fixture, "line_ending_drop_down")), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (child (fixture, "encoding_drop_down")), ==, 0);
  encodings = gtk_drop_down_get_model (child (fixture, "encoding_drop_down"));
  g_assert_cmpuint (g_list_model_get_n_items (encodings), ==, 5);
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "text_options")));

  /* Nothing to send yet. */
  assert_valid (fixture);
  assert_payload (fixture, "");
  g_assert_cmpstr (gtk_label_get_text (child (fixture, "size_label")), ==, "0 bytes");
  g_assert_false (gtk_widget_get_sensitive (child (fixture, "send_button")));
  assert_send_disabled (fixture);
  g_assert_cmpuint (fixture->sent->len, ==, 0);
}

static void
test_text (Fixture       *fixture,
           gconstpointer  data)
{
  GtkLabel *size_label = child (fixture, "size_label");

  type_message (fixture, "Hi\\r\\n\\x00\\t\\\\");
  g_assert_cmpstr (sw_send_bar_get_text (fixture->bar), ==, "Hi\\r\\n\\x00\\t\\\\");
  assert_valid (fixture);
  assert_payload (fixture, "Hi\r\n\0\t\\");
  g_assert_cmpstr (gtk_label_get_text (size_label), ==, "7 bytes");
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "send_button")));

  type_message (fixture, "A");
  g_assert_cmpstr (gtk_label_get_text (size_label), ==, "1 byte");

  /* Without escapes, a backslash is a backslash. */
  type_message (fixture, "a\\n");
  gtk_check_button_set_active (child (fixture, "escapes_check"), FALSE);
  g_assert_false (sw_send_bar_get_escapes (fixture->bar));
  assert_payload (fixture, "a\\n");

  /* The line ending the person picks is added. */
  gtk_drop_down_set_selected (child (fixture, "line_ending_drop_down"), 3);
  g_assert_cmpint (sw_send_bar_get_line_ending (fixture->bar), ==, SW_LINE_ENDING_CRLF);
  assert_payload (fixture, "a\\n\r\n");
  sw_send_bar_set_line_ending (fixture->bar, SW_LINE_ENDING_LF);
  assert_payload (fixture, "a\\n\n");
  g_object_set (fixture->bar, "line-ending", SW_LINE_ENDING_CR, NULL);
  g_assert_cmpuint (gtk_drop_down_get_selected (child (fixture, "line_ending_drop_down")), ==, 2);
  assert_payload (fixture, "a\\n\r");

  /* GBK, picked in the drop-down. */
  sw_send_bar_set_escapes (fixture->bar, TRUE);
  sw_send_bar_set_line_ending (fixture->bar, SW_LINE_ENDING_NONE);
  type_message (fixture, "你好\\n");
  assert_payload (fixture, "\xe4\xbd\xa0\xe5\xa5\xbd\n");
  gtk_drop_down_set_selected (child (fixture, "encoding_drop_down"), 2);
  g_assert_cmpint (sw_send_bar_get_encoding (fixture->bar), ==, SW_ENCODING_GBK);
  assert_payload (fixture, "\xc4\xe3\xba\xc3\n");
  g_assert_cmpstr (gtk_label_get_text (size_label), ==, "5 bytes");
}

static void
test_hex (Fixture       *fixture,
          gconstpointer  data)
{
  type_message (fixture, "48 65 6C");
  gtk_drop_down_set_selected (child (fixture, "format_drop_down"), 1);
  g_assert_cmpint (sw_send_bar_get_format (fixture->bar), ==, SW_PAYLOAD_FORMAT_HEX);
  assert_payload (fixture, "Hel");

  /* Escapes, line ending and encoding do not apply to hex. */
  g_assert_false (gtk_widget_get_sensitive (child (fixture, "text_options")));
  sw_send_bar_set_line_ending (fixture->bar, SW_LINE_ENDING_CRLF);
  assert_payload (fixture, "Hel");

  type_message (fixture, "48 65 6G");
  assert_invalid (fixture, SW_HEX_ERROR, "column");
  assert_send_disabled (fixture);
  g_assert_cmpuint (fixture->sent->len, ==, 0);

  /* The person is shown where. */
  place_cursor (fixture, 0);
  sw_send_bar_select_error (fixture->bar);
  g_assert_cmpint (cursor_offset (fixture), ==, 7);
  g_assert_true (gtk_widget_is_focus (child (fixture, "text_view")));

  type_message (fixture, "48 65 6c");
  assert_valid (fixture);
  assert_payload (fixture, "Hel");
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "send_button")));

  g_object_set (fixture->bar, "format", SW_PAYLOAD_FORMAT_TEXT, NULL);
  g_assert_cmpuint (gtk_drop_down_get_selected (child (fixture, "format_drop_down")), ==, 0);
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "text_options")));
  assert_payload (fixture, "48 65 6c\r\n");
}

static void
test_invalid_escape (Fixture       *fixture,
                     gconstpointer  data)
{
  type_message (fixture, "ab\\q");
  assert_invalid (fixture, SW_ESCAPE_ERROR, "column 3");

  place_cursor (fixture, 0);
  sw_send_bar_select_error (fixture->bar);
  g_assert_cmpint (cursor_offset (fixture), ==, 2);

  /* Turning escapes off makes it plain text. */
  sw_send_bar_set_escapes (fixture->bar, FALSE);
  g_assert_false (gtk_check_button_get_active (child (fixture, "escapes_check")));
  assert_valid (fixture);
  assert_payload (fixture, "ab\\q");
}

static void
test_unrepresentable (Fixture       *fixture,
                      gconstpointer  data)
{
  sw_send_bar_set_encoding (fixture->bar, SW_ENCODING_LATIN1);
  g_assert_cmpuint (gtk_drop_down_get_selected (child (fixture, "encoding_drop_down")), ==, 4);

  type_message (fixture, "café");
  assert_payload (fixture, "caf\xe9");

  type_message (fixture, "café 你好");
  assert_invalid (fixture, SW_ENCODING_ERROR, "你");

  /* Offsets are in characters in the buffer, bytes in the text. */
  sw_send_bar_select_error (fixture->bar);
  g_assert_cmpint (cursor_offset (fixture), ==, 5);

  gtk_drop_down_set_selected (child (fixture, "encoding_drop_down"), 1);
  g_assert_cmpint (sw_send_bar_get_encoding (fixture->bar), ==, SW_ENCODING_GB18030);
  assert_valid (fixture);
  assert_payload (fixture, "caf\xa8\xa6 \xc4\xe3\xba\xc3");
}

static void
test_can_send (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *send_button = child (fixture, "send_button");

  type_message (fixture, "hello");
  g_assert_true (gtk_widget_get_sensitive (send_button));

  g_object_set (fixture->bar,
                "send-blocked-reason", "Connect first",
                "can-send", FALSE,
                NULL);
  g_assert_false (gtk_widget_get_sensitive (send_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (send_button), ==, "Connect first");
  assert_send_disabled (fixture);
  g_assert_cmpuint (fixture->sent->len, ==, 0);
  /* What would be sent is still shown. */
  assert_valid (fixture);
  assert_payload (fixture, "hello");

  sw_send_bar_set_can_send (fixture->bar, TRUE);
  g_assert_true (gtk_widget_get_sensitive (send_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (send_button), !=, "Connect first");
}

static void
test_send (Fixture       *fixture,
           gconstpointer  data)
{
  type_message (fixture, "ping\\r\\n");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "send-bar.send", NULL));
  g_assert_cmpuint (fixture->sent->len, ==, 1);
  assert_bytes (fixture->sent->pdata[0], "ping\r\n", 6);
  /* The message stays, and is remembered. */
  g_assert_cmpstr (sw_send_bar_get_text (fixture->bar), ==, "ping\\r\\n");
  g_assert_cmpuint (_sw_send_bar_get_history_length (fixture->bar), ==, 1);
  g_assert_cmpstr (_sw_send_bar_get_history_item (fixture->bar, 0), ==, "ping\\r\\n");

  /* The Send button does the same; the same message is remembered once. */
  g_signal_emit_by_name (child (fixture, "send_button"), "clicked");
  g_assert_cmpuint (fixture->sent->len, ==, 2);
  assert_bytes (fixture->sent->pdata[1], "ping\r\n", 6);
  g_assert_cmpuint (_sw_send_bar_get_history_length (fixture->bar), ==, 1);
}

static gboolean
press_key (Fixture         *fixture,
           guint            keyval,
           GdkModifierType  state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (child (fixture, "text_view"));
  guint n = g_list_model_get_n_items (controllers);

  /* The text view's own key controller comes after ours. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller)
          || gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;

      g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
      return handled;
    }

  g_assert_not_reached ();
}

static void
test_ctrl_enter (Fixture       *fixture,
                 gconstpointer  data)
{
  type_message (fixture, "one");

  /* Enter alone is a new line, for the text view. */
  g_assert_false (press_key (fixture, GDK_KEY_Return, 0));
  g_assert_false (press_key (fixture, GDK_KEY_Return, GDK_SHIFT_MASK));
  g_assert_cmpuint (fixture->sent->len, ==, 0);

  g_assert_true (press_key (fixture, GDK_KEY_Return, GDK_CONTROL_MASK));
  g_assert_true (press_key (fixture, GDK_KEY_KP_Enter, GDK_CONTROL_MASK));
  g_assert_cmpuint (fixture->sent->len, ==, 2);
  assert_bytes (fixture->sent->pdata[0], "one", 3);
  g_assert_cmpuint (_sw_send_bar_get_history_length (fixture->bar), ==, 1);

  /* Invalid: nothing is sent, no new line, the cursor goes to the error. */
  type_message (fixture, "on\\e");
  place_cursor (fixture, 0);
  g_assert_true (press_key (fixture, GDK_KEY_Return, GDK_CONTROL_MASK));
  g_assert_cmpuint (fixture->sent->len, ==, 2);
  g_assert_cmpint (cursor_offset (fixture), ==, 2);
  g_assert_cmpstr (sw_send_bar_get_text (fixture->bar), ==, "on\\e");
  g_assert_cmpuint (_sw_send_bar_get_history_length (fixture->bar), ==, 1);

  /* Blocked: nothing is sent either. */
  type_message (fixture, "two");
  sw_send_bar_set_can_send (fixture->bar, FALSE);
  g_assert_true (press_key (fixture, GDK_KEY_Return, GDK_CONTROL_MASK));
  g_assert_cmpuint (fixture->sent->len, ==, 2);
}

static void
send_message (Fixture    *fixture,
              const char *text)
{
  type_message (fixture, text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "send-bar.send", NULL));
}

static void
assert_message (Fixture    *fixture,
                const char *expected)
{
  g_autofree char *text = message (fixture);

  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (sw_send_bar_get_text (fixture->bar), ==, expected);
}

static void
test_history (Fixture       *fixture,
              gconstpointer  data)
{
  g_assert_false (_sw_send_bar_history_previous (fixture->bar));
  g_assert_false (_sw_send_bar_history_next (fixture->bar));

  send_message (fixture, "one");
  send_message (fixture, "two");
  send_message (fixture, "two");
  send_message (fixture, "three");
  g_assert_cmpuint (_sw_send_bar_get_history_length (fixture->bar), ==, 3);

  type_message (fixture, "draft");

  g_assert_true (_sw_send_bar_history_previous (fixture->bar));
  assert_message (fixture, "three");
  g_assert_true (_sw_send_bar_history_previous (fixture->bar));
  assert_message (fixture, "two");
  g_assert_true (_sw_send_bar_history_previous (fixture->bar));
  assert_message (fixture, "one");
  g_assert_false (_sw_send_bar_history_previous (fixture->bar));
  assert_message (fixture, "one");

  g_assert_true (_sw_send_bar_history_next (fixture->bar));
  assert_message (fixture, "two");
  g_assert_true (_sw_send_bar_history_next (fixture->bar));
  assert_message (fixture, "three");
  g_assert_true (_sw_send_bar_history_next (fixture->bar));
  assert_message (fixture, "draft");
  g_assert_false (_sw_send_bar_history_next (fixture->bar));
  assert_message (fixture, "draft");

  /* Editing a recalled message makes it the draft. */
  g_assert_true (_sw_send_bar_history_previous (fixture->bar));
  type_message (fixture, "three!");
  g_assert_false (_sw_send_bar_history_next (fixture->bar));
  g_assert_true (_sw_send_bar_history_previous (fixture->bar));
  assert_message (fixture, "three");
  g_assert_true (_sw_send_bar_history_next (fixture->bar));
  assert_message (fixture, "three!");

  /* At most 100 messages, the oldest go. */
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);

      send_message (fixture, text);
    }
  g_assert_cmpuint (_sw_send_bar_get_history_length (fixture->bar), ==, SW_SEND_BAR_HISTORY_MAX);
  g_assert_cmpstr (_sw_send_bar_get_history_item (fixture->bar, 0), ==, "message 50");
  g_assert_cmpstr (_sw_send_bar_get_history_item (fixture->bar, 99), ==, "message 149");
}

static gboolean
move_cursor (Fixture *fixture,
             int      count)
{
  GtkTextView *text_view = child (fixture, "text_view");
  int before = cursor_offset (fixture);
  g_autofree char *text_before = message (fixture);
  g_autofree char *text_after = NULL;

  /* What Up and Down are bound to. */
  g_signal_emit_by_name (text_view, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, count, FALSE);
  text_after = message (fixture);

  return before != cursor_offset (fixture) || !g_str_equal (text_before, text_after);
}

static void
test_history_keys (Fixture       *fixture,
                   gconstpointer  data)
{
  send_message (fixture, "one");
  send_message (fixture, "two\nlines");

  type_message (fixture, "first\nsecond");
  gtk_widget_grab_focus (GTK_WIDGET (fixture->bar));
  g_assert_true (gtk_widget_is_focus (child (fixture, "text_view")));

  /* Up on the last line moves up a line. */
  place_cursor (fixture, strlen ("first\nsec"));
  g_assert_true (move_cursor (fixture, -1));
  assert_message (fixture, "first\nsecond");
  g_assert_cmpint (cursor_offset (fixture), <=, (int) strlen ("first"));

  /* Up on the first line recalls, with the cursor on the first line. */
  g_assert_true (move_cursor (fixture, -1));
  assert_message (fixture, "two\nlines");
  g_assert_cmpint (cursor_offset (fixture), ==, 3);
  g_assert_true (move_cursor (fixture, -1));
  assert_message (fixture, "one");
  /* The oldest: Up does what it always does. */
  move_cursor (fixture, -1);
  assert_message (fixture, "one");

  /* Down on the last line goes to newer, with the cursor at the end. */
  g_assert_true (move_cursor (fixture, 1));
  assert_message (fixture, "two\nlines");
  g_assert_cmpint (cursor_offset (fixture), ==, (int) strlen ("two\nlines"));
  g_assert_true (move_cursor (fixture, 1));
  assert_message (fixture, "first\nsecond");

  /* Shift+Up selects, it does not recall. */
  place_cursor (fixture, 0);
  g_signal_emit_by_name (child (fixture, "text_view"), "move-cursor",
                         GTK_MOVEMENT_DISPLAY_LINES, -1, TRUE);
  assert_message (fixture, "first\nsecond");
}

/* The glyphs @node draws, in order. */
static void
collect_glyphs (GskRenderNode *node,
                GArray        *glyphs)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        collect_glyphs (gsk_container_node_get_child (node, i), glyphs);
      break;
    case GSK_TRANSFORM_NODE:
      collect_glyphs (gsk_transform_node_get_child (node), glyphs);
      break;
    case GSK_CLIP_NODE:
      collect_glyphs (gsk_clip_node_get_child (node), glyphs);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      collect_glyphs (gsk_rounded_clip_node_get_child (node), glyphs);
      break;
    case GSK_OPACITY_NODE:
      collect_glyphs (gsk_opacity_node_get_child (node), glyphs);
      break;
    case GSK_DEBUG_NODE:
      collect_glyphs (gsk_debug_node_get_child (node), glyphs);
      break;
    case GSK_TEXT_NODE:
      {
        guint n;
        const PangoGlyphInfo *info = gsk_text_node_get_glyphs (node, &n);

        for (guint i = 0; i < n; i++)
          g_array_append_val (glyphs, info[i].glyph);
      }
      break;
    default:
      break;
    }
}

static GArray *
drawn_glyphs (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GArray *glyphs = g_array_new (FALSE, FALSE, sizeof (PangoGlyph));

  gdk_paintable_snapshot (paintable, snapshot,
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (snapshot);
  if (node != NULL)
    collect_glyphs (node, glyphs);

  return glyphs;
}

/* A long run of one letter wraps over lines showing that letter only: no
 * "-" that is not in the message at the end of a line. */
static void
test_wrap (Fixture       *fixture,
           gconstpointer  data)
{
  GtkTextView *text_view = child (fixture, "text_view");
  g_autofree char *run = g_strnfill (300, 'B');
  g_autoptr(GArray) glyphs = NULL;
  GtkTextIter iter;
  guint lines = 1;

  gtk_window_set_default_size (fixture->window, 400, 300);
  type_message (fixture, "x");
  /* Typed at the end of what is there, as a person types on. */
  gtk_text_buffer_get_end_iter (gtk_text_view_get_buffer (text_view), &iter);
  gtk_text_buffer_insert (gtk_text_view_get_buffer (text_view), &iter, run, -1);
  sw_test_run_for (300);

  gtk_text_buffer_get_start_iter (gtk_text_view_get_buffer (text_view), &iter);
  while (gtk_text_view_forward_display_line (text_view, &iter))
    lines++;
  g_assert_cmpuint (lines, >, 2);

  glyphs = drawn_glyphs (GTK_WIDGET (text_view));
  g_assert_cmpuint (glyphs->len, >, 100);
  /* The x, then B after B. */
  for (guint i = 2; i < glyphs->len; i++)
    g_assert_cmpuint (g_array_index (glyphs, PangoGlyph, i), ==, g_array_index (glyphs, PangoGlyph, 1));
  g_assert_cmpuint (g_array_index (glyphs, PangoGlyph, 0), !=, g_array_index (glyphs, PangoGlyph, 1));
}

static void
assert_repeat_stopped (Fixture *fixture)
{
  guint count = fixture->sent->len;

  sw_test_run_for (150);
  g_assert_cmpuint (fixture->sent->len, ==, count);
}

typedef struct
{
  gint64 due;
  gint64 fired;
} Timer;

static gboolean
timer_cb (gpointer data)
{
  Timer *timer = data;

  timer->fired = g_get_monotonic_time ();

  return G_SOURCE_REMOVE;
}

static gboolean
timer_fired (gpointer data)
{
  return ((Timer *) data)->fired != 0;
}

/* How late, in ms, a 16 ms timeout added now fires: how long the window
 * does not answer. */
static double
timeout_lateness_ms (void)
{
  Timer timer = { g_get_monotonic_time () + 16000, 0 };

  g_timeout_add (16, timer_cb, &timer);
  sw_test_wait (timer_fired, &timer, 120000, "a 16 ms timeout");

  return (timer.fired - timer.due) / 1000.0;
}

static void
frame_drawn_cb (GdkFrameClock *clock,
                gboolean      *drawn)
{
  *drawn = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Waits for the bar to draw a frame; returns how long that took, in ms. */
static double
frame_ms (Fixture *fixture)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->bar));
  gint64 start = g_get_monotonic_time ();
  gboolean drawn = FALSE;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_drawn_cb), &drawn);

  gtk_widget_queue_draw (GTK_WIDGET (fixture->bar));
  sw_test_wait (is_true, &drawn, 120000, "a frame");
  g_signal_handler_disconnect (clock, handler);

  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The longest the main loop went without running a 5 ms timeout. */
typedef struct
{
  guint  source;
  gint64 last;
  gint64 worst;
} Ticker;

static gboolean
ticker_cb (gpointer data)
{
  Ticker *ticker = data;
  gint64 now = g_get_monotonic_time ();

  ticker->worst = MAX (ticker->worst, now - ticker->last);
  ticker->last = now;

  return G_SOURCE_CONTINUE;
}

static void
ticker_start (Ticker *ticker)
{
  ticker->last = g_get_monotonic_time ();
  ticker->worst = 0;
  ticker->source = g_timeout_add (5, ticker_cb, ticker);
}

/* Stops @ticker; returns the longest gap, in ms, counting until now. */
static double
ticker_stop (Ticker *ticker)
{
  ticker_cb (ticker);
  g_clear_handle_id (&ticker->source, g_source_remove);

  return ticker->worst / 1000.0;
}

typedef struct
{
  GtkLabel   *label;
  const char *says;
} LabelSays;

static gboolean
label_says (gpointer data)
{
  LabelSays *check = data;
  g_autofree char *text = g_strdup (gtk_label_get_text (check->label));
  char *out = text;

  /* Digits grouped or not, as the locale does. */
  for (const char *in = text; *in != '\0'; in++)
    if (*in != ',')
      *out++ = *in;
  *out = '\0';

  return strstr (text, check->says) != NULL;
}

/* A message of @size bytes of runs of 'B', ending in "end". */
static char *
long_message (gsize size,
              guint line_length)
{
  char *text = g_malloc (size + 1);

  memset (text, 'B', size);
  if (line_length > 0)
    for (gsize i = line_length; i < size; i += line_length + 1)
      text[i] = '\n';
  memcpy (text + size - 3, "end", 4);

  return text;
}

/* What a person sees and gets with a long message: the window goes on
 * answering, the size shows, and Send sends the message exactly. The
 * bounds are many times what a responsive window takes here (a few ms,
 * and copying the message once, which the largest cannot do without), and
 * far below what laying such a message out takes (seconds). */
static void
assert_responsive_with (Fixture    *fixture,
                        Ticker     *ticker,
                        const char *message)
{
  GtkLabel *size_label = child (fixture, "size_label");
  g_autofree char *size = g_strdup_printf ("%zu bytes", strlen (message));
  LabelSays says = { size_label, size };
  gint64 start = g_get_monotonic_time ();
  double gap, lateness, frame, copy;
  guint sent = fixture->sent->len;
  gint64 copy_start;
  g_autofree char *copied = NULL;

  sw_test_wait (label_says, &says, 120000, "the size of the message");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  gap = ticker_stop (ticker);
  copy_start = g_get_monotonic_time ();
  copied = g_strdup (message);
  copy = (g_get_monotonic_time () - copy_start) / 1000.0;
  lateness = timeout_lateness_ms ();
  frame = frame_ms (fixture);
  g_test_message ("size shown after %.0f ms; the loop held up %.1f ms at most "
                  "(a copy of the message takes %.1f ms); then a timeout %.1f ms late; "
                  "a frame in %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0, gap, copy, lateness, frame);
  g_assert_cmpfloat (gap, <, 250 + 4 * copy);
  g_assert_cmpfloat (lateness, <, 250);
  g_assert_cmpfloat (frame, <, 1000);

  g_signal_emit_by_name (child (fixture, "send_button"), "clicked");
  g_assert_cmpuint (fixture->sent->len, ==, sent + 1);
  assert_bytes (fixture->sent->pdata[sent], message, strlen (message));
}

static void
test_long_message (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkTextView *text_view = child (fixture, "text_view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  GtkStack *stack = child (fixture, "message_stack");
  /* 5,242,883 bytes without a line break, as it was found. */
  g_autofree char *huge = long_message (5 * 1024 * 1024 + 3, 0);
  g_autofree char *lines = long_message (200 * 1024, 79);
  g_autofree char *line = long_message (20 * 1000, 0);
  g_autofree char *largest = long_message (64 * 1024 * 1024, 0);
  g_autofree char *typed = NULL;
  Ticker ticker;

  gtk_window_set_default_size (fixture->window, 800, 300);
  g_test_message ("a responsive window: a timeout %.1f ms late; a frame in %.1f ms",
                  timeout_lateness_ms (), frame_ms (fixture));

  /* Pasted into the message, as a person does. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (text_view)), huge);
  gtk_widget_grab_focus (GTK_WIDGET (text_view));
  ticker_start (&ticker);
  g_signal_emit_by_name (text_view, "paste-clipboard");
  assert_responsive_with (fixture, &ticker, huge);
  /* It is shown folded: its size and its start. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "summary");
  g_assert_cmpstr (gtk_label_get_text (child (fixture, "summary_label")), ==, "A long message: 5.2\u00a0MB");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (fixture, "preview_label")), "BBBB"));
  g_assert_cmpstr (sw_send_bar_get_text (fixture->bar), ==, huge);
  /* Too long to edit; it can be cleared. The focus stays with it. */
  g_assert_false (gtk_widget_get_sensitive (child (fixture, "edit_button")));
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "clear_button")));
  g_assert_true (gtk_widget_is_focus (child (fixture, "clear_button")));
  gtk_test_accessible_assert_relation (child (fixture, "summary_box"), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                       child (fixture, "message_label"), NULL);
  g_signal_emit_by_name (child (fixture, "clear_button"), "clicked");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "editor");
  g_assert_cmpstr (sw_send_bar_get_text (fixture->bar), ==, "");
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (text_view)));

  /* Typed over what is there (the field's own replacing of its text). */
  type_message (fixture, "x");
  ticker_start (&ticker);
  type_message (fixture, huge);
  assert_responsive_with (fixture, &ticker, huge);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "summary");

  /* Long, in short lines: it stays in the field, and typing in it does
   * not copy and encode all of it at every key. */
  ticker_start (&ticker);
  type_message (fixture, lines);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "editor");
  assert_responsive_with (fixture, &ticker, lines);
  ticker_start (&ticker);
  for (guint i = 0; i < 5; i++)
    gtk_text_buffer_insert_interactive_at_cursor (buffer, "a", 1, TRUE);
  g_assert_cmpstr (gtk_label_get_text (child (fixture, "size_label")), ==, "Counting bytes…");
  typed = message (fixture);
  g_assert_cmpuint (strlen (typed), ==, strlen (lines) + 5);
  assert_responsive_with (fixture, &ticker, typed);

  /* One long line is folded, and can be edited as text. */
  ticker_start (&ticker);
  sw_send_bar_set_text (fixture->bar, line);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "summary");
  assert_responsive_with (fixture, &ticker, line);
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "edit_button")));
  g_signal_emit_by_name (child (fixture, "edit_button"), "clicked");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "editor");
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (text_view)));
  g_clear_pointer (&typed, g_free);
  typed = message (fixture);
  g_assert_cmpstr (typed, ==, line);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "\\n", 2, TRUE);
  g_assert_cmpuint (strlen (sw_send_bar_get_text (fixture->bar)), ==, strlen (line) + 2);

  /* The largest message that can be sent, set as a restored session does. */
  ticker_start (&ticker);
  sw_send_bar_set_text (fixture->bar, largest);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "summary");
  assert_responsive_with (fixture, &ticker, largest);
}

/* GTK 4.8 never ends reading the clipboard of another X11 program that
 * offers it in parts (over ~256 KiB): the paste must not keep the bar
 * alive meanwhile, and whatever arrives goes in folded. */
static void
test_paste_never_ends (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "peers", "clipboard_owner.py", NULL);
  g_autoptr(SwTestPeer) owner = NULL;
  g_autofree char *owned = NULL;
  GtkWidget *text_view = child (fixture, "text_view");

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("no /usr/bin/python3 to own the clipboard");
      return;
    }
  owner = sw_test_peer_new ("/usr/bin/python3", script, "1000000", NULL);
  owned = sw_test_peer_expect (owner, "^(OWNED|NO-GTK)$", 20000);
  if (g_str_equal (owned, "NO-GTK"))
    {
      g_test_skip ("no GTK 4 for /usr/bin/python3 (gir1.2-gtk-4.0)");
      return;
    }

  gtk_widget_grab_focus (text_view);
  g_signal_emit_by_name (text_view, "paste-clipboard");
  sw_test_run_for (1000);
  g_assert_true (g_str_equal (sw_send_bar_get_text (fixture->bar), "") ||
                 g_str_equal (gtk_stack_get_visible_child_name (child (fixture, "message_stack")), "summary"));

  /* The tab closes with the owner still there. */
  g_object_add_weak_pointer (G_OBJECT (fixture->bar), (gpointer *) &fixture->bar);
  gtk_window_set_child (fixture->window, NULL);
  sw_test_wait (bar_finalized, fixture, 5000, "the bar to be finalized");
}

static gboolean
is_not_sending (gpointer data)
{
  return !sw_send_bar_get_sending (data);
}

/* Sends as the Send button does, the one under the pointer whichever it
 * shows: Send or Stop. */
static void
click_send_button (Fixture *fixture)
{
  g_signal_emit_by_name (child (fixture, "send_button"), "clicked");
}

static void
assert_send_button (Fixture    *fixture,
                    const char *label,
                    const char *action)
{
  GtkWidget *send_button = child (fixture, "send_button");

  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (send_button)), ==, label);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (send_button)), ==, action);
}

/* Starts a repeat with the Send button, and waits for a few repeats. */
static void
start_repeat (Fixture *fixture)
{
  guint count = fixture->sent->len;

  click_send_button (fixture);
  g_assert_true (sw_send_bar_get_sending (fixture->bar));
  sw_test_wait_length (fixture->sent, count + 3, 5000, "repeated sends");
}

static void
test_repeat (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 start;
  guint count;

  type_message (fixture, "tick");
  sw_send_bar_set_repeat_interval (fixture->bar, 20);
  g_assert_cmpfloat (gtk_spin_button_get_value (child (fixture, "interval_spin")), ==, 20);

  /* Ticking Repeat arms it: nothing goes out yet. */
  gtk_check_button_set_active (child (fixture, "repeat_check"), TRUE);
  g_assert_true (sw_send_bar_get_repeat (fixture->bar));
  assert_repeat_stopped (fixture);
  g_assert_cmpuint (fixture->sent->len, ==, 0);
  g_assert_false (sw_send_bar_get_sending (fixture->bar));
  assert_send_button (fixture, "_Send", "send-bar.send");

  /* Send starts it and becomes Stop: the message now, then once every
   * interval, and no extra copy. */
  start = g_get_monotonic_time ();
  start_repeat (fixture);
  g_assert_cmpuint (fixture->sent->len, <=, (g_get_monotonic_time () - start) / 20000 + 1);
  for (guint i = 0; i < fixture->sent->len; i++)
    assert_bytes (fixture->sent->pdata[i], "tick", 4);
  assert_send_button (fixture, "_Stop", "send-bar.stop");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (child (fixture, "send_button")), ==,
                   "Stop repeating the message");
  g_assert_true (g_str_has_suffix (gtk_label_get_text (child (fixture, "size_label")), " sent"));
  /* Sent once as typed: remembered once. */
  g_assert_cmpuint (_sw_send_bar_get_history_length (fixture->bar), ==, 1);
  /* Ctrl+Enter meanwhile adds nothing. */
  count = fixture->sent->len;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "send-bar.send", NULL));
  g_assert_cmpuint (fixture->sent->len, ==, count);

  /* Stop ends it; Repeat stays armed. */
  click_send_button (fixture);
  g_assert_false (sw_send_bar_get_sending (fixture->bar));
  assert_repeat_stopped (fixture);
  assert_send_button (fixture, "_Send", "send-bar.send");
  g_assert_true (sw_send_bar_get_repeat (fixture->bar));
  g_assert_cmpstr (gtk_label_get_text (child (fixture, "size_label")), ==, "4 bytes");

  /* Unticking ends it. */
  start_repeat (fixture);
  gtk_check_button_set_active (child (fixture, "repeat_check"), FALSE);
  g_assert_false (sw_send_bar_get_repeat (fixture->bar));
  g_assert_false (sw_send_bar_get_sending (fixture->bar));
  assert_repeat_stopped (fixture);
  assert_send_button (fixture, "_Send", "send-bar.send");

  /* Disconnected: it ends, and connecting again does not restart it. */
  sw_send_bar_set_repeat (fixture->bar, TRUE);
  start_repeat (fixture);
  sw_send_bar_set_can_send (fixture->bar, FALSE);
  g_assert_false (sw_send_bar_get_sending (fixture->bar));
  assert_repeat_stopped (fixture);
  sw_send_bar_set_can_send (fixture->bar, TRUE);
  assert_repeat_stopped (fixture);

  /* Invalid: it ends when the next repeat is due. */
  start_repeat (fixture);
  type_message (fixture, "\\q");
  sw_test_wait (is_not_sending, fixture->bar, 5000, "the repeat to end");
  assert_repeat_stopped (fixture);
  type_message (fixture, "tock");
  assert_repeat_stopped (fixture);

  /* A changed message applies to the next repeat. */
  start_repeat (fixture);
  type_message (fixture, "tack");
  count = fixture->sent->len;
  sw_test_wait_length (fixture->sent, count + 1, 5000, "a repeat of the new message");
  assert_bytes (fixture->sent->pdata[count], "tack", 4);

  /* Left running when the bar goes away: it stops. */
  g_object_add_weak_pointer (G_OBJECT (fixture->bar), (gpointer *) &fixture->bar);
  gtk_window_set_child (fixture->window, NULL);
  sw_test_wait (bar_finalized, fixture, 5000, "the bar to be finalized");
  assert_repeat_stopped (fixture);
}

static guint64
backlog_cb (gpointer data)
{
  return *(guint64 *) data;
}

static void
test_times (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *send_button = child (fixture, "send_button");
  guint64 backlog = 0;
  guint count;

  type_message (fixture, "copy");
  gtk_spin_button_set_value (child (fixture, "times_spin"), 5);
  g_assert_cmpuint (sw_send_bar_get_times (fixture->bar), ==, 5);

  /* The copies go out from the main loop after the click; meanwhile
   * the button stops them and says how many went. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "send-bar.send", NULL));
  g_assert_true (sw_send_bar_get_sending (fixture->bar));
  g_assert_cmpuint (fixture->sent->len, ==, 0);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (send_button)), ==, "_Stop");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (send_button)), ==, "send-bar.stop");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (send_button), ==, "Stop sending the copies not sent yet");
  g_assert_cmpstr (gtk_label_get_text (child (fixture, "size_label")), ==, "0 of 5 sent");
  sw_test_wait (is_not_sending, fixture->bar, 5000, "the copies");
  g_assert_cmpuint (fixture->sent->len, ==, 5);
  for (guint i = 0; i < fixture->sent->len; i++)
    assert_bytes (fixture->sent->pdata[i], "copy", 4);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (send_button)), ==, "_Send");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (send_button)), ==, "send-bar.send");
  g_assert_cmpstr (gtk_label_get_text (child (fixture, "size_label")), ==, "4 bytes");
  /* One message typed, one in the history. */
  g_assert_cmpuint (_sw_send_bar_get_history_length (fixture->bar), ==, 1);

  /* A connection holding more than it has sent makes them wait. */
  g_ptr_array_set_size (fixture->sent, 0);
  backlog = G_MAXUINT64;
  sw_send_bar_set_backlog_func (fixture->bar, backlog_cb, &backlog, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "send-bar.send", NULL));
  sw_test_run_for (100);
  g_assert_cmpuint (fixture->sent->len, ==, 0);
  g_assert_true (sw_send_bar_get_sending (fixture->bar));
  backlog = 0;
  sw_test_wait (is_not_sending, fixture->bar, 5000, "the copies that waited");
  g_assert_cmpuint (fixture->sent->len, ==, 5);

  /* Stop ends them, and so does Send while they go out: it does not
   * start more. */
  sw_send_bar_set_times (fixture->bar, 1000000000);
  g_ptr_array_set_size (fixture->sent, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "send-bar.send", NULL));
  sw_test_wait_length (fixture->sent, 100, 5000, "100 copies");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "send-bar.send", NULL));
  g_assert_true (sw_send_bar_get_sending (fixture->bar));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "send-bar.stop", NULL));
  g_assert_false (sw_send_bar_get_sending (fixture->bar));
  assert_repeat_stopped (fixture);
  g_assert_cmpuint (fixture->sent->len, <, 1000000000);

  /* When the connection goes, they stop. */
  count = fixture->sent->len;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "send-bar.send", NULL));
  sw_test_wait_length (fixture->sent, count + 100, 5000, "100 more copies");
  sw_send_bar_set_can_send (fixture->bar, FALSE);
  g_assert_false (sw_send_bar_get_sending (fixture->bar));
  assert_repeat_stopped (fixture);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (send_button)), ==, "_Send");

  /* With Repeat, Send starts ticks that each send the copies, unless
   * the last ones are still going out; unticking ends them. */
  sw_send_bar_set_can_send (fixture->bar, TRUE);
  sw_send_bar_set_times (fixture->bar, 3);
  sw_send_bar_set_repeat_interval (fixture->bar, 20);
  g_ptr_array_set_size (fixture->sent, 0);
  sw_send_bar_set_repeat (fixture->bar, TRUE);
  assert_repeat_stopped (fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "send-bar.send", NULL));
  sw_test_wait_length (fixture->sent, 6, 5000, "two ticks of copies");
  sw_send_bar_set_repeat (fixture->bar, FALSE);
  g_assert_false (sw_send_bar_get_sending (fixture->bar));
  assert_repeat_stopped (fixture);

  sw_send_bar_set_backlog_func (fixture->bar, NULL, NULL, NULL);
}

/* What assistive technologies read for the Send button: its label
 * without the mnemonic underscore, not the raw label as well. */
static void
assert_send_button_name (Fixture    *fixture,
                         const char *name)
{
  GtkWidget *send_button = child (fixture, "send_button");

  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (send_button), GTK_ACCESSIBLE_PROPERTY_LABEL))
    gtk_test_accessible_assert_property (send_button, GTK_ACCESSIBLE_PROPERTY_LABEL, name);
  gtk_test_accessible_assert_relation (send_button, GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                       gtk_button_get_child (GTK_BUTTON (send_button)), NULL);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (send_button)))), ==, name);
}

/* The Send button is as wide as its label wants (or Send File… under
 * it), whatever the line under them says. */
static void
assert_send_button_not_stretched (Fixture *fixture)
{
  GtkWidget *send_button = child (fixture, "send_button");
  int natural;

  sw_test_run_for (100);
  gtk_widget_measure (gtk_widget_get_parent (send_button), GTK_ORIENTATION_HORIZONTAL, -1,
                      NULL, &natural, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_width (send_button), <=, natural);
}

static void
test_send_button_width (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *long_message = g_strnfill (123456, 'x');

  type_message (fixture, "x");
  assert_send_button_not_stretched (fixture);

  /* "0 of 1000000000 sent" */
  sw_send_bar_set_backlog_func (fixture->bar, backlog_cb, &(guint64) { G_MAXUINT64 }, NULL);
  sw_send_bar_set_times (fixture->bar, 1000000000);
  click_send_button (fixture);
  g_assert_true (sw_send_bar_get_sending (fixture->bar));
  assert_send_button_not_stretched (fixture);
  click_send_button (fixture);
  sw_send_bar_set_backlog_func (fixture->bar, NULL, NULL, NULL);

  /* "123456 bytes" */
  sw_send_bar_set_text (fixture->bar, long_message);
  g_assert_cmpstr (sw_send_bar_get_text (fixture->bar), ==, long_message);
  assert_send_button_not_stretched (fixture);
}

static void
test_send_button_name (Fixture       *fixture,
                       gconstpointer  data)
{
  assert_send_button_name (fixture, "Send");

  /* After a run of copies, it is Send again, by name too. */
  type_message (fixture, "x");
  sw_send_bar_set_times (fixture->bar, 3);
  click_send_button (fixture);
  assert_send_button_name (fixture, "Stop");
  sw_test_wait (is_not_sending, fixture->bar, 5000, "the copies");
  assert_send_button_name (fixture, "Send");

  /* And after a repeat. */
  sw_send_bar_set_repeat (fixture->bar, TRUE);
  click_send_button (fixture);
  assert_send_button_name (fixture, "Stop");
  click_send_button (fixture);
  assert_send_button_name (fixture, "Send");
}

static void
test_notify (Fixture       *fixture,
             gconstpointer  data)
{
  const char *names[] = {
    "text", "format", "escapes", "line-ending", "encoding", "repeat",
    "repeat-interval", "can-send", "send-blocked-reason", "error", "payload",
    "times", NULL,
  };
  guint counts[G_N_ELEMENTS (names)] = { 0 };

  sw_test_count_notifies (fixture->bar, names, counts);

  /* Setting what is already there says nothing. */
  g_object_set (fixture->bar,
                "text", "",
                "format", SW_PAYLOAD_FORMAT_TEXT,
                "escapes", TRUE,
                "line-ending", SW_LINE_ENDING_NONE,
                "encoding", SW_ENCODING_UTF8,
                "repeat", FALSE,
                "repeat-interval", 1000,
                "times", 1,
                "can-send", TRUE,
                "send-blocked-reason", NULL,
                NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpuint (counts[i], ==, 0);

  /* Each change says it once. */
  sw_send_bar_set_text (fixture->bar, "zz");
  g_assert_cmpuint (counts[0], ==, 1);
  g_assert_cmpuint (counts[10], ==, 1);
  gtk_drop_down_set_selected (child (fixture, "format_drop_down"), 1);
  g_assert_cmpuint (counts[1], ==, 1);
  g_assert_cmpuint (counts[9], ==, 1);
  g_assert_cmpuint (counts[10], ==, 2);
  gtk_check_button_set_active (child (fixture, "escapes_check"), FALSE);
  g_assert_cmpuint (counts[2], ==, 1);
  sw_send_bar_set_line_ending (fixture->bar, SW_LINE_ENDING_LF);
  g_assert_cmpuint (counts[3], ==, 1);
  sw_send_bar_set_encoding (fixture->bar, SW_ENCODING_BIG5);
  g_assert_cmpuint (counts[4], ==, 1);
  gtk_spin_button_set_value (child (fixture, "interval_spin"), 250);
  g_assert_cmpuint (counts[6], ==, 1);
  g_assert_cmpuint (sw_send_bar_get_repeat_interval (fixture->bar), ==, 250);
  gtk_spin_button_set_value (child (fixture, "times_spin"), 3);
  g_assert_cmpuint (counts[11], ==, 1);
  g_assert_cmpuint (sw_send_bar_get_times (fixture->bar), ==, 3);
  sw_send_bar_set_send_blocked_reason (fixture->bar, "Connect first");
  g_assert_cmpuint (counts[8], ==, 1);
  sw_send_bar_set_can_send (fixture->bar, FALSE);
  g_assert_cmpuint (counts[7], ==, 1);
  /* The same error is no news; another one is. */
  sw_send_bar_set_text (fixture->bar, "zzz");
  g_assert_cmpuint (counts[9], ==, 1);
  sw_send_bar_set_text (fixture->bar, "1z");
  g_assert_cmpuint (counts[9], ==, 2);
  g_assert_cmpuint (counts[10], ==, 2);
}

/* Checksums */

static gboolean
is_label_reading (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static GtkWidget *
checksum_control (Fixture    *fixture,
                  const char *label)
{
  GtkWidget *widget = sw_test_ui_find_labelled (child (fixture, "checksum_button"), label);

  g_assert_nonnull (widget);

  return widget;
}

static const char *
checksum_button_label (Fixture *fixture)
{
  return gtk_menu_button_get_label (GTK_MENU_BUTTON (gtk_widget_get_first_child (child (fixture, "checksum_button"))));
}

/* Chosen in the Checksum drop-down, CRC-16/MODBUS comes little endian
 * and is appended to what goes out, as the preview shows. */
static void
test_checksum (Fixture       *fixture,
               gconstpointer  data)
{
  GtkDropDown *checksum = GTK_DROP_DOWN (checksum_control (fixture, "Checksum"));
  GtkDropDown *order = GTK_DROP_DOWN (checksum_control (fixture, "Byte order"));
  GtkLabel *preview = child (fixture, "checksum_preview_label");
  GListModel *names = gtk_drop_down_get_model (checksum);

  /* "None", then the catalogue by its names. */
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, SW_N_CHECKSUMS);
  for (guint i = 0; i < SW_N_CHECKSUMS; i++)
    {
      g_autoptr(GtkStringObject) name = g_list_model_get_item (names, i);

      g_assert_cmpstr (gtk_string_object_get_string (name), ==, sw_checksum_get_name (i));
    }
  g_assert_cmpstr (checksum_button_label (fixture), ==, "Checksum: None");
  gtk_test_accessible_assert_relation (GTK_WIDGET (checksum), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                       sw_test_ui_find (child (fixture, "checksum_button"),
                                                        is_label_reading, "Checksum"),
                                       NULL);

  gtk_drop_down_set_selected (child (fixture, "format_drop_down"), SW_PAYLOAD_FORMAT_HEX);
  type_message (fixture, "01 03 00 00 00 02");
  assert_payload (fixture, "\x01\x03\x00\x00\x00\x02");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (preview)));

  sw_test_ui_choose (checksum, "CRC-16/MODBUS");
  g_assert_cmpint (sw_send_bar_get_checksum (fixture->bar), ==, SW_CHECKSUM_CRC16_MODBUS);
  g_assert_cmpint (sw_send_bar_get_checksum_byte_order (fixture->bar), ==, SW_BYTE_ORDER_LITTLE_ENDIAN);
  g_assert_cmpuint (gtk_drop_down_get_selected (order), ==, SW_BYTE_ORDER_LITTLE_ENDIAN);
  g_assert_cmpstr (checksum_button_label (fixture), ==, "Checksum: CRC-16/MODBUS (LE)");
  assert_payload (fixture, "\x01\x03\x00\x00\x00\x02\xc4\x0b");
  g_assert_cmpstr (gtk_label_get_text (child (fixture, "size_label")), ==, "8 bytes");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (preview)));
  g_assert_cmpstr (gtk_label_get_text (preview), ==, "01 03 00 00 00 02 + C4 0B");

  /* The preview follows the typing. */
  type_message (fixture, "01 03 00 00 00 01");
  assert_payload (fixture, "\x01\x03\x00\x00\x00\x01\x84\x0a");
  g_assert_cmpstr (gtk_label_get_text (preview), ==, "01 03 00 00 00 01 + 84 0A");
  type_message (fixture, "01 03 00 00 00 02");

  /* A person may turn the order round afterwards. */
  sw_test_ui_choose (order, "Big endian");
  g_assert_cmpint (sw_send_bar_get_checksum_byte_order (fixture->bar), ==, SW_BYTE_ORDER_BIG_ENDIAN);
  assert_payload (fixture, "\x01\x03\x00\x00\x00\x02\x0b\xc4");
  g_assert_cmpstr (gtk_label_get_text (preview), ==, "01 03 00 00 00 02 + 0B C4");
  g_assert_cmpstr (checksum_button_label (fixture), ==, "Checksum: CRC-16/MODBUS (BE)");

  /* Another algorithm brings its own order; a one-byte one has none. */
  sw_test_ui_choose (order, "Little endian");
  sw_test_ui_choose (checksum, "CRC-32");
  g_assert_cmpint (sw_send_bar_get_checksum_byte_order (fixture->bar), ==, SW_BYTE_ORDER_BIG_ENDIAN);
  g_assert_cmpuint (g_bytes_get_size (sw_send_bar_get_payload (fixture->bar)), ==, 10);
  sw_test_ui_choose (checksum, "SUM8");
  g_assert_cmpstr (checksum_button_label (fixture), ==, "Checksum: SUM8");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (order)));
  assert_payload (fixture, "\x01\x03\x00\x00\x00\x02\x06");
  g_assert_cmpstr (gtk_label_get_text (preview), ==, "01 03 00 00 00 02 + 06");

  /* Sent as shown; None takes it off again. */
  g_signal_emit_by_name (child (fixture, "send_button"), "clicked");
  g_assert_cmpuint (fixture->sent->len, ==, 1);
  assert_bytes (fixture->sent->pdata[0], "\x01\x03\x00\x00\x00\x02\x06", 7);
  sw_test_ui_choose (checksum, "None");
  assert_payload (fixture, "\x01\x03\x00\x00\x00\x02");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (preview)));

  /* An empty message stays empty: nothing to send. */
  sw_test_ui_choose (checksum, "CRC-16/MODBUS");
  type_message (fixture, "");
  assert_payload (fixture, "");
  assert_send_disabled (fixture);
}

/* A range that does not fit the message is an error like a typing
 * error: it says why, and Send waits. */
static void
test_checksum_range (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkSpinButton *start = GTK_SPIN_BUTTON (checksum_control (fixture, "From byte"));
  GtkSpinButton *end_trim = GTK_SPIN_BUTTON (checksum_control (fixture, "Exclude last"));
  guint32 crc;
  guint8 bytes[SW_CHECKSUM_MAX_WIDTH];

  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (start)));
  sw_test_ui_choose (GTK_DROP_DOWN (checksum_control (fixture, "Checksum")), "CRC-16/MODBUS");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (start)));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (start)));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (end_trim)));
  type_message (fixture, "ABCDEF");

  /* Over "CD": from byte 2, without the last 2. */
  gtk_spin_button_set_value (start, 2);
  gtk_spin_button_set_value (end_trim, 2);
  g_assert_cmpuint (sw_send_bar_get_checksum_start (fixture->bar), ==, 2);
  g_assert_cmpuint (sw_send_bar_get_checksum_end_trim (fixture->bar), ==, 2);
  assert_valid (fixture);
  crc = sw_checksum_compute (SW_CHECKSUM_CRC16_MODBUS, (const guint8 *) "CD", 2);
  sw_checksum_write_value (SW_CHECKSUM_CRC16_MODBUS, SW_BYTE_ORDER_LITTLE_ENDIAN, crc, bytes);
  assert_bytes (sw_send_bar_get_payload (fixture->bar), (const char *) (guint8[]) { 'A', 'B', 'C', 'D', 'E', 'F', bytes[0], bytes[1] }, 8);

  /* Too short for it now. */
  gtk_spin_button_set_value (start, 5);
  assert_invalid (fixture, SW_CHECKSUM_ERROR, "does not fit in a message of 6 bytes");
  g_assert_false (gtk_widget_get_visible (child (fixture, "checksum_preview_label")));
  assert_send_disabled (fixture);
  /* Longer, it fits again. */
  type_message (fixture, "ABCDEFGH");
  assert_valid (fixture);
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "send_button")));
  gtk_spin_button_set_value (start, 9);
  assert_invalid (fixture, SW_CHECKSUM_ERROR, "starts at byte 9 but the message has 8 bytes");
  gtk_spin_button_set_value (start, 0);
  gtk_spin_button_set_value (end_trim, 0);
  assert_valid (fixture);
}

/* Every copy and every repeat carries it: it is applied where the
 * scheduler takes the message. */
static void
test_checksum_times (Fixture       *fixture,
                     gconstpointer  data)
{
  sw_test_ui_choose (GTK_DROP_DOWN (checksum_control (fixture, "Checksum")), "XOR8 (BCC)");
  type_message (fixture, "ab");
  gtk_spin_button_set_value (child (fixture, "times_spin"), 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "send-bar.send", NULL));
  sw_test_wait (is_not_sending, fixture->bar, 5000, "the copies");
  g_assert_cmpuint (fixture->sent->len, ==, 3);
  for (guint i = 0; i < fixture->sent->len; i++)
    assert_bytes (fixture->sent->pdata[i], "ab\x03", 3);

  /* A change meanwhile applies to the next copy, checksum and all. */
  g_ptr_array_set_size (fixture->sent, 0);
  gtk_spin_button_set_value (child (fixture, "times_spin"), 1);
  sw_send_bar_set_repeat_interval (fixture->bar, 10);
  sw_send_bar_set_repeat (fixture->bar, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->bar), "send-bar.send", NULL));
  sw_test_wait_length (fixture->sent, 2, 5000, "two repeats");
  type_message (fixture, "ac");
  g_ptr_array_set_size (fixture->sent, 0);
  sw_test_wait_length (fixture->sent, 2, 5000, "two more repeats");
  sw_send_bar_stop (fixture->bar);
  assert_bytes (fixture->sent->pdata[1], "ac\x02", 3);
}

/* A long message is not encoded, nor its checksum computed, on every
 * keystroke; its preview shows its ends. */
static void
test_checksum_long_message (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkLabel *preview = child (fixture, "checksum_preview_label");
  GtkLabel *size_label = child (fixture, "size_label");
  /* 200 KiB in lines, which the field takes, typed into. */
  g_autofree char *lines = long_message (200 * 1024, 79);
  g_autofree char *expected = NULL;
  g_autofree char *size = NULL;
  LabelSays says = { size_label, NULL };
  guint32 crc;
  guint8 bytes[SW_CHECKSUM_MAX_WIDTH];

  sw_test_ui_choose (GTK_DROP_DOWN (checksum_control (fixture, "Checksum")), "CRC-32");
  type_message (fixture, lines);
  g_assert_cmpstr (gtk_label_get_text (size_label), ==, "Counting bytes…");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (preview)));

  size = g_strdup_printf ("%zu bytes", strlen (lines) + 4);
  says.says = size;
  sw_test_wait (label_says, &says, 20000, "the size of the message with its checksum");
  crc = sw_checksum_compute (SW_CHECKSUM_CRC32, (const guint8 *) lines, strlen (lines));
  sw_checksum_write_value (SW_CHECKSUM_CRC32, SW_BYTE_ORDER_BIG_ENDIAN, crc, bytes);
  expected = g_strdup_printf ("42 42 42 42 42 42 42 42 … 6E 64 + %02X %02X %02X %02X",
                              bytes[0], bytes[1], bytes[2], bytes[3]);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (preview)));
  g_assert_cmpstr (gtk_label_get_text (preview), ==, expected);

  g_signal_emit_by_name (child (fixture, "send_button"), "clicked");
  g_assert_cmpuint (fixture->sent->len, ==, 1);
  g_assert_cmpuint (g_bytes_get_size (fixture->sent->pdata[0]), ==, strlen (lines) + 4);
  g_assert_cmpmem ((const guint8 *) g_bytes_get_data (fixture->sent->pdata[0], NULL) + strlen (lines), 4,
                   bytes, 4);
}

static void
test_checksum_properties (Fixture       *fixture,
                          gconstpointer  data)
{
  g_auto(GValue) checksum = G_VALUE_INIT;
  g_auto(GValue) order = G_VALUE_INIT;
  g_auto(GValue) start = G_VALUE_INIT;
  g_auto(GValue) end_trim = G_VALUE_INIT;

  g_value_init (&checksum, SW_TYPE_CHECKSUM);
  g_value_set_enum (&checksum, SW_CHECKSUM_CRC8);
  sw_test_assert_property_contract (G_OBJECT (fixture->bar), "checksum", &checksum);
  g_value_init (&order, SW_TYPE_BYTE_ORDER);
  g_value_set_enum (&order, SW_BYTE_ORDER_LITTLE_ENDIAN);
  sw_test_assert_property_contract (G_OBJECT (fixture->bar), "checksum-byte-order", &order);
  g_value_init (&start, G_TYPE_UINT);
  g_value_set_uint (&start, 3);
  sw_test_assert_property_contract (G_OBJECT (fixture->bar), "checksum-start", &start);
  g_value_init (&end_trim, G_TYPE_UINT);
  g_value_set_uint (&end_trim, 1);
  sw_test_assert_property_contract (G_OBJECT (fixture->bar), "checksum-end-trim", &end_trim);

  /* Set in code, the controls show it, and the order stays as set. */
  sw_send_bar_set_checksum_byte_order (fixture->bar, SW_BYTE_ORDER_BIG_ENDIAN);
  sw_send_bar_set_checksum (fixture->bar, SW_CHECKSUM_CRC16_MODBUS);
  g_assert_cmpint (sw_send_bar_get_checksum_byte_order (fixture->bar), ==, SW_BYTE_ORDER_BIG_ENDIAN);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (checksum_control (fixture, "Checksum"))),
                    ==, SW_CHECKSUM_CRC16_MODBUS);
  sw_send_bar_set_checksum_start (fixture->bar, 4);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (checksum_control (fixture, "From byte"))),
                     ==, 4);
}

/* The focusable control a focused widget belongs to. */
static GtkWidget *
focus_owner (Fixture   *fixture,
             GtkWidget *focus)
{
  const char *ids[] = {
    "text_view", "times_spin", "send_button", "format_drop_down", "escapes_check",
    "line_ending_drop_down", "encoding_drop_down", "repeat_check", "interval_spin",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      GtkWidget *widget = child (fixture, ids[i]);

      if (focus == widget || gtk_widget_is_ancestor (focus, widget))
        return widget;
    }

  return focus;
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  const char *order[] = {
    "text_view", "send_button", "format_drop_down", "escapes_check",
    "line_ending_drop_down", "encoding_drop_down", "repeat_check", "interval_spin",
  };
  const char *labelled[][2] = {
    { "message_label", "text_view" },
    { "times_label", "times_spin" },
    { "format_label", "format_drop_down" },
    { "line_ending_label", "line_ending_drop_down" },
    { "encoding_label", "encoding_drop_down" },
  };

  type_message (fixture, "x");
  sw_test_run_for (50);

  /* The bar hands the focus to the message. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (fixture->bar)));
  g_assert_true (gtk_widget_is_focus (child (fixture, "text_view")));

  for (guint i = 1; i < G_N_ELEMENTS (order); i++)
    {
      GtkWidget *focus;

      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
      focus = gtk_window_get_focus (fixture->window);
      g_assert_nonnull (focus);
      g_assert_true (focus_owner (fixture, focus) == child (fixture, order[i]));
    }

  /* Times, above the message on the right, comes before it. */
  gtk_widget_grab_focus (child (fixture, "text_view"));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_BACKWARD));
  g_assert_true (focus_owner (fixture, gtk_window_get_focus (fixture->window)) == child (fixture, "times_spin"));

  /* Every labelled control says so to assistive technologies, and its
   * label's mnemonic goes to it. */
  for (guint i = 0; i < G_N_ELEMENTS (labelled); i++)
    {
      GtkLabel *label = child (fixture, labelled[i][0]);
      GtkWidget *widget = child (fixture, labelled[i][1]);

      g_assert_true (gtk_label_get_mnemonic_widget (label) == widget);
      gtk_test_accessible_assert_relation (widget, GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                           label, NULL);
      g_assert_true (gtk_widget_mnemonic_activate (widget, FALSE));
      g_assert_true (focus_owner (fixture, gtk_window_get_focus (fixture->window)) == widget);
    }

  g_assert_cmpstr (gtk_label_get_text (child (fixture, "message_label")), ==, "Message");
  g_assert_cmpstr (gtk_label_get_text (child (fixture, "format_label")), ==, "Format");
  g_assert_cmpstr (gtk_label_get_text (child (fixture, "encoding_label")), ==, "Encoding");
  g_assert_cmpstr (gtk_button_get_label (child (fixture, "send_button")), ==, "_Send");
  gtk_test_accessible_assert_property (child (fixture, "interval_spin"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Repeat interval in milliseconds");

  /* An invalid message is marked so, and says why. */
  gtk_test_accessible_assert_relation (child (fixture, "text_view"),
                                       GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                       child (fixture, "error_label"), NULL);
  type_message (fixture, "\\q");
  gtk_test_accessible_assert_state (child (fixture, "text_view"),
                                    GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
}

int
main (int   argc,
      char *argv[])
{
  sw_test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/sw/send-bar/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("defaults", test_defaults);
  ADD ("text", test_text);
  ADD ("hex", test_hex);
  ADD ("invalid-escape", test_invalid_escape);
  ADD ("unrepresentable", test_unrepresentable);
  ADD ("can-send", test_can_send);
  ADD ("send", test_send);
  ADD ("ctrl-enter", test_ctrl_enter);
  ADD ("history", test_history);
  ADD ("history-keys", test_history_keys);
  ADD ("wrap", test_wrap);
  ADD ("long-message", test_long_message);
  ADD ("paste-never-ends", test_paste_never_ends);
  ADD ("repeat", test_repeat);
  ADD ("times", test_times);
  ADD ("notify", test_notify);
  ADD ("send-button-name", test_send_button_name);
  ADD ("send-button-width", test_send_button_width);
  ADD ("keyboard", test_keyboard);
  ADD ("checksum", test_checksum);
  ADD ("checksum-range", test_checksum_range);
  ADD ("checksum-times", test_checksum_times);
  ADD ("checksum-long-message", test_checksum_long_message);
  ADD ("checksum-properties", test_checksum_properties);

#undef ADD

  return g_test_run ();
}

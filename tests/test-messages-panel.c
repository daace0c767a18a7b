/* test-messages-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sw-message-row.h"
#include "sw-messages-panel-private.h"
#include "sw-send-bar.h"
#include "sw-sequences-view-private.h"
#include "sw-session-page-private.h"
#include "sw-step-result-row.h"
#include "sw-tcp-client-page.h"
#include "sw-test-ui.h"
#include "sw-udp-peer-page.h"
#include "sw-window.h"

#define TIMEOUT_MS 20000

typedef struct
{
  char            *dir;
  GFile           *file;
  SwLibraryKeeper *keeper;
  GtkWindow       *window;
  SwTcpClientPage *page;
  SwTestPeer      *peer;
} Fixture;

static gboolean
keeper_loaded (gpointer keeper)
{
  return sw_library_keeper_get_loaded (keeper);
}

static SwLibraryKeeper *
new_keeper (GFile *file)
{
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (file);
  SwLibraryKeeper *keeper = sw_library_keeper_new (library);

  sw_test_wait (keeper_loaded, keeper, TIMEOUT_MS, "the library to load");

  return keeper;
}

static SwMessagesPanel *
panel_of (gpointer page)
{
  /* The page makes its panel when first asked for, as when it first
   * shows. */
  SwMessagesPanel *panel = _sw_session_page_get_messages_panel (SW_SESSION_PAGE (page));

  g_assert_nonnull (panel);
  g_assert_true (sw_test_ui_find_type (GTK_WIDGET (page), SW_TYPE_MESSAGES_PANEL) == panel);

  return panel;
}

static SwMessageLibrary *
library_of (Fixture *fixture)
{
  return sw_library_keeper_get_library (fixture->keeper);
}

static gboolean
is_messages_button (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_TOGGLE_BUTTON (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "page.show-messages") == 0;
}

/* Opens the panel with the page's Messages button, as a person does. */
static SwMessagesPanel *
open_messages (gpointer page)
{
  GtkWidget *button = sw_test_ui_find (GTK_WIDGET (page), is_messages_button, NULL);
  SwMessagesPanel *panel = panel_of (page);

  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Messages");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
  sw_test_ui_wait_mapped (GTK_WIDGET (panel));

  return panel;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("sw-messages-panel-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "library.json", NULL);
  fixture->file = g_file_new_for_path (path);
  fixture->keeper = new_keeper (fixture->file);

  fixture->page = SW_TCP_CLIENT_PAGE (sw_tcp_client_page_new ());
  sw_messages_panel_set_keeper (panel_of (fixture->page), fixture->keeper);
  fixture->window = sw_test_ui_show_page (GTK_WIDGET (fixture->page), 1400, 800);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  sw_test_ui_destroy_page (fixture->window);
  g_clear_pointer (&fixture->peer, sw_test_peer_free);
  sw_library_keeper_flush (fixture->keeper);
  g_assert_finalize_object (fixture->keeper);
  g_clear_object (&fixture->file);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
is_connected (gpointer data)
{
  return sw_engine_get_state (sw_session_page_get_engine (data)) == SW_CONNECTION_STATE_CONNECTED;
}

/* Starts @script (a peer of tests/peers) and connects the page to it. */
static void
connect_to_peer (Fixture    *fixture,
                 const char *script,
                 const char *arg)
{
  g_autofree char *port = NULL;

  fixture->peer = sw_test_peer_new (script, arg, NULL);
  port = g_strdup_printf ("%u", sw_test_peer_expect_port (fixture->peer, "^PORT (\\d+)"));
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (fixture->page), "Host"), "127.0.0.1");
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (fixture->page), "Port"), port);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.connect", NULL));
  sw_test_wait (is_connected, fixture->page, TIMEOUT_MS, "the page to connect");
}

/* Rows */

typedef struct
{
  const char *name;
} RowQuery;

static gboolean
is_row_named (GtkWidget     *widget,
              gconstpointer  data)
{
  return SW_IS_MESSAGE_ROW (widget)
         && g_strcmp0 (sw_message_get_name (sw_message_row_get_message (SW_MESSAGE_ROW (widget))), data) == 0;
}

static gboolean
has_row_named (gpointer data)
{
  gpointer *args = data;

  return sw_test_ui_find (args[0], is_row_named, args[1]) != NULL;
}

/* The row of the message called @name, once the list shows it. */
static SwMessageRow *
row_named (SwMessagesPanel *panel,
           const char      *name)
{
  gpointer args[2] = { panel, (gpointer) name };

  sw_test_wait (has_row_named, args, TIMEOUT_MS, "the message's row");

  return SW_MESSAGE_ROW (sw_test_ui_find (GTK_WIDGET (panel), is_row_named, name));
}

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *id)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, id);

  g_assert_nonnull (object);

  return object;
}

/* What a row shows: "Name [Alt+N] | preview". */
static char *
row_text (SwMessageRow *row)
{
  GtkWidget *shortcut = template_child (row, SW_TYPE_MESSAGE_ROW, "shortcut_label");

  return g_strdup_printf ("%s%s%s | %s",
                          gtk_label_get_text (template_child (row, SW_TYPE_MESSAGE_ROW, "name_label")),
                          gtk_widget_get_visible (shortcut) ? " " : "",
                          gtk_widget_get_visible (shortcut) ? gtk_label_get_text (GTK_LABEL (shortcut)) : "",
                          gtk_label_get_text (template_child (row, SW_TYPE_MESSAGE_ROW, "preview_label")));
}

/* The rows and their group headings, top to bottom, one a line. */
static char *
list_text (SwMessagesPanel *panel)
{
  GtkListBox *list = template_child (panel, SW_TYPE_MESSAGES_PANEL, "list_box");
  GString *text = g_string_new (NULL);
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    {
      GtkWidget *header = gtk_list_box_row_get_header (row);
      g_autofree char *shown = row_text (SW_MESSAGE_ROW (row));

      if (header != NULL)
        g_string_append_printf (text, "[%s]\n", gtk_label_get_text (GTK_LABEL (header)));
      g_string_append_printf (text, "%s\n", shown);
    }

  return g_string_free (text, FALSE);
}

static const char *
feedback (SwMessagesPanel *panel)
{
  return _sw_messages_panel_get_feedback (panel);
}

/* Save Message… with the name typed into its dialog, and Save. */
static void
save_send_bar_as (SwMessagesPanel *panel,
                  const char      *name,
                  const char      *group)
{
  SwMessageDialog *dialog;
  GtkWidget *save;

  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (panel), "Sa_ve Message…"), "clicked");
  dialog = _sw_messages_panel_get_dialog (panel);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Save Message");

  save = sw_test_ui_find_button (GTK_WIDGET (dialog), "_Save");
  g_assert_nonnull (save);
  /* A message needs a name. */
  g_assert_false (gtk_widget_is_sensitive (save));
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (dialog), "Name"), name);
  if (group != NULL)
    gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (dialog), "Group"), group);
  g_assert_true (gtk_widget_is_sensitive (save));
  g_signal_emit_by_name (save, "clicked");
  g_assert_null (_sw_messages_panel_get_dialog (panel));
}

/* Runs the shortcut of @panel that Alt+@digit triggers, as the window
 * does when the key is pressed while the panel is mapped. */
static gboolean
press_alt_digit (SwMessagesPanel *panel,
                 guint            digit)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (panel));
  g_autofree char *wanted = g_strdup_printf ("<Alt>%u", digit);

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panel)));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      /* It works from anywhere in the window, not only in the panel. */
      g_assert_cmpint (gtk_shortcut_controller_get_scope (GTK_SHORTCUT_CONTROLLER (controller)),
                       ==, GTK_SHORTCUT_SCOPE_MANAGED);
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (trigger, wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                 GTK_WIDGET (panel), NULL);
        }
    }

  g_assert_not_reached ();
}

static char *
sha256_of (const char *data,
           gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

static gboolean
sent_twice (gpointer engine)
{
  return sw_engine_get_packets_sent (engine) == 2;
}

/* The send bar saved as a message, with every option, then sent with a
 * click and with Alt+1: the peer gets exactly its bytes, checksum and
 * line ending included. */
static void
test_save_and_send (Fixture       *fixture,
                    gconstpointer  data)
{
  SwSendBar *send_bar = sw_session_page_get_send_bar (SW_SESSION_PAGE (fixture->page));
  SwMessagesPanel *panel = open_messages (fixture->page);
  SwMessage *message;
  SwMessageRow *row;
  g_autofree char *shown = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *sha = NULL;
  /* "PING\r\n" with its CRC-16/MODBUS over all of it, little endian. */
  static const char wire[] = "PING\r\n\xf2\x2f";
  char twice[2 * (sizeof wire - 1)];

  connect_to_peer (fixture, "echo_server.py", "--digest");

  sw_send_bar_set_text (send_bar, "PING");
  sw_send_bar_set_line_ending (send_bar, SW_LINE_ENDING_CRLF);
  sw_send_bar_set_checksum (send_bar, SW_CHECKSUM_CRC16_MODBUS);
  sw_send_bar_set_checksum_byte_order (send_bar, SW_BYTE_ORDER_LITTLE_ENDIAN);
  save_send_bar_as (panel, "Ping", NULL);
  g_assert_cmpstr (feedback (panel), ==, "Saved “Ping” in the message library.");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library_of (fixture))), ==, 1);
  message = sw_message_library_find (library_of (fixture), "Ping", NULL);
  g_assert_nonnull (message);
  g_assert_cmpstr (sw_message_get_text (message), ==, "PING");
  g_assert_cmpint (sw_message_get_line_ending (message), ==, SW_LINE_ENDING_CRLF);
  g_assert_cmpstr (sw_message_get_checksum (message), ==, "crc16-modbus");
  g_assert_cmpstr (sw_message_get_checksum_byte_order (message), ==, "little");

  /* The row says what it sends and how to send it from the keyboard. */
  row = row_named (panel, "Ping");
  shown = row_text (row);
  g_assert_cmpstr (shown, ==, "Ping Alt+1 | PING \\r\\n + CRC-16/MODBUS (LE)");

  /* The send bar changes; the saved message does not. */
  sw_send_bar_set_text (send_bar, "something else");
  sw_send_bar_set_checksum (send_bar, SW_CHECKSUM_NONE);

  /* One click sends it... */
  g_signal_emit_by_name (row, "activate");
  /* ...and so does Alt+1. */
  g_assert_true (press_alt_digit (panel, 1));
  /* Alt+2 has no message: the key goes on to the window. */
  g_assert_false (press_alt_digit (panel, 2));
  /* Nothing went wrong. */
  g_assert_false (gtk_widget_has_css_class (template_child (panel, SW_TYPE_MESSAGES_PANEL, "feedback_label"),
                                            "error"));

  memcpy (twice, wire, sizeof wire - 1);
  memcpy (twice + sizeof wire - 1, wire, sizeof wire - 1);
  sw_test_wait (sent_twice, sw_session_page_get_engine (SW_SESSION_PAGE (fixture->page)), TIMEOUT_MS,
                "both sends to go out");
  g_assert_cmpuint (sw_engine_get_bytes_sent (sw_session_page_get_engine (SW_SESSION_PAGE (fixture->page))),
                    ==, sizeof twice);

  /* The peer counts what it got when the connection closes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.connect", NULL));
  digest = sw_test_peer_expect (fixture->peer, "^DIGEST (.*)$", TIMEOUT_MS);
  sha = sha256_of (twice, sizeof twice);
  expected = g_strdup_printf ("%s BYTES %zu", sha, sizeof twice);
  g_assert_cmpstr (digest, ==, expected);
}

static void
wait_idle (SwMessagesPanel *panel)
{
  while (_sw_messages_panel_get_busy (panel))
    g_main_context_iteration (NULL, TRUE);
}

/* Packet Sender's export comes in as messages, in the file's order. */
static void
test_import_packet_sender (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "packetsender-packets.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SwMessagesPanel *panel = open_messages (fixture->page);
  g_autofree char *shown = NULL;

  _sw_messages_panel_import_file (panel, file);
  wait_idle (panel);
  g_assert_cmpstr (feedback (panel), ==, "Imported 4 messages.");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library_of (fixture))), ==, 4);

  row_named (panel, "Modbus read 2 registers");
  shown = list_text (panel);
  g_assert_cmpstr (shown, ==,
                   "Binary with zero Alt+1 | AA 55 00 5C FF\n"
                   "TLS ping Alt+2 | 70 69 6E 67 0A\n"
                   "Sensor hello Alt+3 | 68 65 6C 6C 6F 0D 0A\n"
                   "Modbus read 2 registers Alt+4 | 01 03 00 00 00 02 C4 0B\n");

  /* The same file again adds nothing. */
  _sw_messages_panel_import_file (panel, file);
  wait_idle (panel);
  g_assert_cmpstr (feedback (panel), ==, "Nothing imported: the library has these messages already.");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library_of (fixture))), ==, 4);
}

/* Export writes the app's JSON: the selection, or the whole library. */
static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  SwMessagesPanel *panel = open_messages (fixture->page);
  GtkListBox *list = template_child (panel, SW_TYPE_MESSAGES_PANEL, "list_box");
  g_autofree char *path = g_build_filename (fixture->dir, "exported.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SwSequence) sequence = sw_sequence_new ("Greet");
  g_autoptr(SwSequenceStep) step = sw_sequence_step_new_send_message ("B");
  const char *names[] = { "A", "B", "C" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(SwMessage) message = sw_message_new (names[i]);

      sw_message_set_text (message, names[i]);
      sw_message_library_add (library_of (fixture), message);
    }
  sw_sequence_append (sequence, step);
  sw_message_library_add_sequence (library_of (fixture), sequence);
  row_named (panel, "C");

  /* Nothing selected: nothing to export. */
  _sw_messages_panel_export_file (panel, file, TRUE);
  g_assert_false (_sw_messages_panel_get_busy (panel));
  g_assert_false (g_file_query_exists (file, NULL));

  /* A and C, as Ctrl+Space on each selects them. */
  gtk_list_box_select_row (list, GTK_LIST_BOX_ROW (row_named (panel, "A")));
  gtk_list_box_select_row (list, GTK_LIST_BOX_ROW (row_named (panel, "C")));
  _sw_messages_panel_export_file (panel, file, TRUE);
  wait_idle (panel);
  g_assert_cmpstr (feedback (panel), ==, "Exported.");

  for (guint whole = 0; whole < 2; whole++)
    {
      g_autoptr(SwMessageLibrary) read = sw_message_library_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize length = 0;
      guint n_added = 0;

      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_true (sw_message_library_import (read, contents, length, SW_IMPORT_FORMAT_LIBRARY, &n_added, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n_added, ==, whole ? 3 : 2);
      g_assert_nonnull (sw_message_library_find (read, "A", NULL));
      g_assert_true ((sw_message_library_find (read, "B", NULL) != NULL) == whole);
      g_assert_nonnull (sw_message_library_find (read, "C", NULL));

      _sw_messages_panel_export_file (panel, file, FALSE);
      wait_idle (panel);
    }

  /* The whole library has its sequences too. */
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "\"Greet\""));
  }
}

static gboolean
library_file_holds (gpointer data)
{
  Fixture *fixture = data;
  g_autofree char *contents = NULL;

  return g_file_load_contents (fixture->file, NULL, &contents, NULL, NULL, NULL)
         && strstr (contents, "\"Kept\"") != NULL
         && !sw_message_library_get_modified (library_of (fixture));
}

/* A file that is not valid says why, and nothing of it comes in. */
static void
test_import_bad_file (Fixture       *fixture,
                      gconstpointer  data)
{
  SwMessagesPanel *panel = open_messages (fixture->page);
  g_autofree char *path = g_build_filename (fixture->dir, "broken.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SwMessage) kept = sw_message_new ("Kept");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *shown = NULL;
  static const char *const broken[] = {
    /* The second entry's hex is wrong: the first does not come in either. */
    "[{\"name\": \"Fine\", \"hexstring\": \"01 02\"}, {\"name\": \"Broken\", \"hexstring\": \"GG\"}]",
    "{\"messages\": 3}",
    "not json at all",
  };

  sw_message_set_text (kept, "keep me");
  sw_message_library_add (library_of (fixture), kept);
  /* The keeper writes it. */
  sw_test_wait (library_file_holds, fixture, TIMEOUT_MS, "the library to be saved");
  g_assert_true (g_file_load_contents (fixture->file, NULL, &before, NULL, NULL, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_file_set_contents (path, broken[i], -1, &error);
      g_assert_no_error (error);

      _sw_messages_panel_import_file (panel, file);
      wait_idle (panel);
      g_test_message ("%s", feedback (panel));
      g_assert_true (g_str_has_prefix (feedback (panel), "Could not import “"));
      g_assert_nonnull (strstr (feedback (panel), "broken.json"));
      g_assert_true (gtk_widget_has_css_class (template_child (panel, SW_TYPE_MESSAGES_PANEL, "feedback_label"),
                                               "error"));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library_of (fixture))), ==, 1);
    }

  g_assert_nonnull (strstr (feedback (panel), "not valid JSON"));
  shown = list_text (panel);
  g_assert_cmpstr (shown, ==, "Kept Alt+1 | keep me\n");
  g_assert_true (g_file_load_contents (fixture->file, NULL, &after, NULL, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  /* Dismissed, the error goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "messages.dismiss", NULL));
  g_assert_null (feedback (panel));
}

/* Groups, renaming, moving, deleting and Undo, from a row's menu; two
 * pages of one library see every change at once. */
static void
test_edit_and_share (Fixture       *fixture,
                     gconstpointer  data)
{
  SwMessagesPanel *panel = open_messages (fixture->page);
  SwTcpClientPage *other_page = SW_TCP_CLIENT_PAGE (sw_tcp_client_page_new ());
  SwMessagesPanel *other;
  GtkWindow *other_window;
  SwSendBar *send_bar = sw_session_page_get_send_bar (SW_SESSION_PAGE (fixture->page));
  SwMessageDialog *dialog;
  g_autofree char *shown = NULL;
  g_autofree char *shown_other = NULL;
  const char *names[] = { "Status", "Reset", "Version" };
  const char *groups[] = { "Device", NULL, "Device" };

  sw_messages_panel_set_keeper (panel_of (other_page), fixture->keeper);
  other_window = sw_test_ui_show_page (GTK_WIDGET (other_page), 1400, 800);
  other = open_messages (other_page);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *text = g_ascii_strup (names[i], -1);

      sw_send_bar_set_text (send_bar, text);
      save_send_bar_as (panel, names[i], groups[i]);
    }

  /* Without a group first, then each group under its heading. */
  row_named (other, "Version");
  shown = list_text (other);
  g_assert_cmpstr (shown, ==,
                   "Reset Alt+1 | RESET\n"
                   "[Device]\n"
                   "Status Alt+2 | STATUS\n"
                   "Version Alt+3 | VERSION\n");

  /* Rename, in the other page. */
  gtk_widget_activate_action (GTK_WIDGET (row_named (other, "Status")), "row.rename", NULL);
  dialog = _sw_messages_panel_get_dialog (other);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Rename Message");
  /* Not to a name another message has. */
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (dialog), "Name"), "Reset");
  g_assert_false (gtk_widget_is_sensitive (sw_test_ui_find_button (GTK_WIDGET (dialog), "_Rename")));
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (dialog), "Name"), "Status?");
  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (dialog), "_Rename"), "clicked");
  g_assert_null (_sw_messages_panel_get_dialog (other));

  /* Move to another group, in this page. */
  gtk_widget_activate_action (GTK_WIDGET (row_named (panel, "Reset")), "row.move", NULL);
  dialog = _sw_messages_panel_get_dialog (panel);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Move to Group");
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (dialog), "Group"), "Admin");
  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (dialog), "_Move"), "clicked");

  g_clear_pointer (&shown, g_free);
  shown = list_text (panel);
  g_assert_cmpstr (shown, ==,
                   "[Admin]\n"
                   "Reset Alt+1 | RESET\n"
                   "[Device]\n"
                   "Status? Alt+2 | STATUS\n"
                   "Version Alt+3 | VERSION\n");
  shown_other = list_text (other);
  g_assert_cmpstr (shown_other, ==, shown);

  /* Search by name (or group). */
  gtk_editable_set_text (GTK_EDITABLE (template_child (other, SW_TYPE_MESSAGES_PANEL, "search_entry")), "ver");
  g_signal_emit_by_name (template_child (other, SW_TYPE_MESSAGES_PANEL, "search_entry"), "search-changed");
  g_clear_pointer (&shown_other, g_free);
  shown_other = list_text (other);
  g_assert_cmpstr (shown_other, ==, "[Device]\nVersion Alt+1 | VERSION\n");
  gtk_editable_set_text (GTK_EDITABLE (template_child (other, SW_TYPE_MESSAGES_PANEL, "search_entry")), "");
  g_signal_emit_by_name (template_child (other, SW_TYPE_MESSAGES_PANEL, "search_entry"), "search-changed");

  /* Delete, then Undo: back where it was, in both. */
  gtk_widget_activate_action (GTK_WIDGET (row_named (panel, "Status?")), "row.delete", NULL);
  g_assert_cmpstr (feedback (panel), ==, "Deleted “Status?”.");
  g_assert_null (sw_message_library_find (library_of (fixture), "Status?", NULL));
  g_clear_pointer (&shown_other, g_free);
  shown_other = list_text (other);
  g_assert_cmpstr (shown_other, ==,
                   "[Admin]\n"
                   "Reset Alt+1 | RESET\n"
                   "[Device]\n"
                   "Version Alt+2 | VERSION\n");
  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (panel), "_Undo"), "clicked");
  g_assert_null (feedback (panel));
  g_clear_pointer (&shown_other, g_free);
  shown_other = list_text (other);
  g_assert_cmpstr (shown_other, ==, shown);

  sw_test_ui_destroy_page (other_window);
}

/* Edit in Send Bar gives the send bar every option of the message;
 * Save Message… then offers to replace it with the changes. */
static void
test_edit_in_send_bar (Fixture       *fixture,
                       gconstpointer  data)
{
  SwMessagesPanel *panel = open_messages (fixture->page);
  SwSendBar *send_bar = sw_session_page_get_send_bar (SW_SESSION_PAGE (fixture->page));
  g_autoptr(SwMessage) message = sw_message_new ("Read");
  SwMessageDialog *dialog;
  SwChecksumSpec spec;

  sw_message_set_format (message, SW_PAYLOAD_FORMAT_HEX);
  sw_message_set_text (message, "01 03 00 00 00 02");
  sw_message_set_checksum (message, "crc16-modbus");
  sw_message_set_checksum_byte_order (message, "little");
  sw_message_set_group (message, "Modbus");
  sw_message_set_placeholders (message, TRUE);
  sw_message_library_add (library_of (fixture), message);

  gtk_widget_activate_action (GTK_WIDGET (row_named (panel, "Read")), "row.edit", NULL);
  g_assert_cmpstr (sw_send_bar_get_text (send_bar), ==, "01 03 00 00 00 02");
  g_assert_cmpint (sw_send_bar_get_format (send_bar), ==, SW_PAYLOAD_FORMAT_HEX);
  sw_send_bar_get_checksum_spec (send_bar, &spec);
  g_assert_cmpint (spec.kind, ==, SW_CHECKSUM_CRC16_MODBUS);
  g_assert_cmpint (spec.order, ==, SW_BYTE_ORDER_LITTLE_ENDIAN);

  sw_send_bar_set_text (send_bar, "01 03 00 00 00 04");
  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (panel), "Sa_ve Message…"), "clicked");
  dialog = _sw_messages_panel_get_dialog (panel);
  g_assert_cmpstr (gtk_editable_get_text (sw_test_ui_find_entry (GTK_WIDGET (dialog), "Name")), ==, "Read");
  g_assert_cmpstr (gtk_editable_get_text (sw_test_ui_find_entry (GTK_WIDGET (dialog), "Group")), ==, "Modbus");
  g_assert_true (sw_message_dialog_get_placeholders (dialog));
  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (dialog), "_Replace"), "clicked");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library_of (fixture))), ==, 1);
  g_assert_cmpstr (sw_message_get_text (sw_message_library_find (library_of (fixture), "Read", NULL)),
                   ==, "01 03 00 00 00 04");
  g_assert_true (sw_message_get_placeholders (sw_message_library_find (library_of (fixture), "Read", NULL)));
}

/* A message that turns placeholders on expands them at every send, with
 * the session's counter. */
static void
test_placeholders (Fixture       *fixture,
                   gconstpointer  data)
{
  SwMessagesPanel *panel = open_messages (fixture->page);
  SwTrafficView *view = sw_session_page_get_traffic_view (SW_SESSION_PAGE (fixture->page));
  g_autoptr(SwMessage) message = sw_message_new ("Count");
  SwMessageRow *row;
  gboolean placeholders = TRUE;

  connect_to_peer (fixture, "echo_server.py", NULL);
  sw_message_set_text (message, "n={{counter:03}}\\n");
  sw_message_library_add (library_of (fixture), message);
  row = row_named (panel, "Count");

  /* Off by default: sent as typed. */
  g_signal_emit_by_name (row, "activate");
  sw_test_ui_wait_view_shows (view, "n={{counter:03}}\\n", TIMEOUT_MS);

  /* The row's menu turns them on. */
  g_object_get (row, "placeholders", &placeholders, NULL);
  g_assert_false (placeholders);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "row.placeholders", NULL));
  g_assert_true (sw_message_get_placeholders (message));
  g_signal_emit_by_name (row, "activate");
  g_signal_emit_by_name (row, "activate");
  sw_test_ui_wait_view_shows (view, "n=001\\n", TIMEOUT_MS);
  sw_test_ui_wait_view_shows (view, "n=002\\n", TIMEOUT_MS);
}

/* Sequences */

static void
add_step (SwSequenceEditor *editor,
          const char       *kind)
{
  guint n = sw_sequence_get_n_steps (sw_sequence_editor_get_sequence (editor));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-step", "s", kind));
  g_assert_cmpuint (sw_sequence_get_n_steps (sw_sequence_editor_get_sequence (editor)), ==, n + 1);
  g_assert_true (sw_sequence_editor_get_selected (editor) ==
                 sw_sequence_get_step (sw_sequence_editor_get_sequence (editor), n));
}

static SwSequenceStep *
selected_step (SwSequenceEditor *editor)
{
  return sw_sequence_editor_get_selected (editor);
}

static void
prepare_device (Fixture *fixture)
{
  SwFraming *framing = sw_session_page_get_framing (SW_SESSION_PAGE (fixture->page));
  g_autoptr(SwMessage) login = sw_message_new ("Login");

  sw_framing_set_mode (framing, SW_FRAMING_MODE_DELIMITER);
  sw_framing_set_delimiter (framing, "\\r\\n");
  sw_framing_set_keep_delimiter (framing, FALSE);
  connect_to_peer (fixture, "device_server.py", NULL);

  sw_message_set_text (login, "LOGIN admin");
  sw_message_set_line_ending (login, SW_LINE_ENDING_CRLF);
  sw_message_library_add (library_of (fixture), login);
}

static SwSequencesView *
sequences_of (SwMessagesPanel *panel)
{
  SwSequencesView *view = sw_test_ui_find_type (GTK_WIDGET (panel), SW_TYPE_SEQUENCES_VIEW);

  g_assert_nonnull (view);

  return view;
}

static const char *
run_label (SwMessagesPanel *panel)
{
  return gtk_label_get_text (template_child (sequences_of (panel), SW_TYPE_SEQUENCES_VIEW, "run_label"));
}

/* The run ended, and the panel says how. */
static gboolean
run_over (gpointer panel)
{
  SwSequenceRunner *runner = _sw_sequences_view_get_runner (sequences_of (panel));

  return runner != NULL && !sw_sequence_runner_get_running (runner) &&
         !g_str_has_prefix (run_label (panel), "Running");
}

/* What the result rows say, one a line. */
static char *
results_text (SwMessagesPanel *panel)
{
  GtkListBox *list = template_child (sequences_of (panel), SW_TYPE_SEQUENCES_VIEW, "results_list_box");
  GString *text = g_string_new (NULL);
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    {
      g_autofree char *line = sw_step_result_row_describe (SW_STEP_RESULT_ROW (row));

      g_string_append_printf (text, "%s\n", line);
    }

  return g_string_free (text, FALSE);
}

/* Login → query → check the answer, made in the editor from the
 * keyboard's controls, run over the page; each step says how it went. */
static void
test_sequence_run (Fixture       *fixture,
                   gconstpointer  data)
{
  SwMessagesPanel *panel = open_messages (fixture->page);
  SwTrafficView *view = sw_session_page_get_traffic_view (SW_SESSION_PAGE (fixture->page));
  SwSequenceEditor *editor;
  SwSequence *sequence;
  GtkWidget *run;
  g_autofree char *results = NULL;
  g_autofree char *line = NULL;

  prepare_device (fixture);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sequences_of (panel)), "sequences.new-sequence", NULL));
  editor = _sw_sequences_view_get_editor (sequences_of (panel));
  g_assert_nonnull (editor);
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (editor), "Name"), "Query");

  /* Send the saved message Login (the first one, offered first). */
  add_step (editor, "send");
  g_assert_cmpstr (sw_sequence_step_get_message (selected_step (editor)), ==, "Login");
  /* Expect exactly "LOGIN ok". */
  add_step (editor, "expect");
  sw_test_ui_choose (sw_test_ui_find_drop_down (GTK_WIDGET (editor), "Match"), "Exact");
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (editor), "Pattern"), "LOGIN ok");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sw_test_ui_find_labelled (GTK_WIDGET (editor), "Timeout (ms)")),
                             3000);
  /* Send "GET" as text with CR LF. */
  add_step (editor, "send");
  sw_test_ui_choose (sw_test_ui_find_drop_down (GTK_WIDGET (editor), "Send"), "Text");
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (editor), "Text"), "GET");
  sw_test_ui_choose (sw_test_ui_find_drop_down (GTK_WIDGET (editor), "Line ending"), "CRLF (\\r\\n)");
  /* Expect a value, by regex. */
  add_step (editor, "expect");
  sw_test_ui_choose (sw_test_ui_find_drop_down (GTK_WIDGET (editor), "Match"), "Regex");
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (editor), "Pattern"), "^VALUE \\d+$");
  /* A wait, moved up and removed again. */
  add_step (editor, "wait");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.move-up", NULL));
  g_assert_true (sw_sequence_step_get_kind (sw_sequence_get_step (sw_sequence_editor_get_sequence (editor), 3))
                 == SW_STEP_KIND_WAIT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.remove", NULL));

  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (editor), "_Save"), "clicked");
  g_assert_null (_sw_sequences_view_get_editor (sequences_of (panel)));
  sequence = sw_message_library_find_sequence (library_of (fixture), "Query", NULL);
  g_assert_nonnull (sequence);
  g_assert_cmpuint (sw_sequence_get_n_steps (sequence), ==, 4);
  g_assert_cmpstr (feedback (panel), ==, "Saved the sequence “Query”.");

  /* It is the one chosen: Run Sequence runs it. */
  gtk_stack_set_visible_child_name (template_child (panel, SW_TYPE_MESSAGES_PANEL, "stack"), "sequences");
  run = sw_test_ui_find_button (GTK_WIDGET (panel), "Run Se_quence");
  g_assert_nonnull (run);
  g_assert_true (gtk_widget_is_sensitive (run));
  g_signal_emit_by_name (run, "clicked");
  g_assert_false (gtk_widget_is_sensitive (run));
  sw_test_wait (run_over, panel, TIMEOUT_MS, "the run to end");

  g_assert_true (g_str_has_prefix (run_label (panel), "Passed in "));
  results = results_text (panel);
  g_assert_cmpstr (results, ==,
                   "Passed: 1. Send “Login” — Sent 13 bytes — LOGIN admin\\r\\n\n"
                   "Passed: 2. Expect “LOGIN ok” (exactly) within 3000 ms — A frame matched — LOGIN ok\n"
                   "Passed: 3. Send text “GET” — Sent 5 bytes — GET\\r\\n\n"
                   "Passed: 4. Expect “^VALUE \\d+$” (regex) within 5000 ms — A frame matched — VALUE 42\n");
  g_assert_true (gtk_widget_is_sensitive (run));

  /* The peer got it, and the log shows the run's traffic as usual. */
  line = sw_test_peer_expect (fixture->peer, "^LINE (LOGIN.*)$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "LOGIN admin");
  sw_test_ui_wait_view_shows (view, "VALUE 42", TIMEOUT_MS);

  /* Edited, it expects the wrong value: the run fails there, and says
   * what came instead. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sequences_of (panel)), "sequences.edit-sequence", NULL));
  editor = _sw_sequences_view_get_editor (sequences_of (panel));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Edit Sequence");
  sw_sequence_editor_select (editor, 3);
  sw_test_ui_choose (sw_test_ui_find_drop_down (GTK_WIDGET (editor), "Match"), "Exact");
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (editor), "Pattern"), "VALUE 41");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sw_test_ui_find_labelled (GTK_WIDGET (editor), "Timeout (ms)")),
                             1000);
  /* The library's sequence is untouched until Save. */
  g_assert_cmpstr (sw_sequence_step_get_pattern (sw_sequence_get_step (sequence, 3)), ==, "^VALUE \\d+$");
  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (editor), "_Save"), "clicked");
  g_assert_cmpstr (sw_sequence_step_get_pattern (sw_sequence_get_step (sequence, 3)), ==, "VALUE 41");

  g_signal_emit_by_name (run, "clicked");
  sw_test_wait (run_over, panel, TIMEOUT_MS, "the run to end");
  g_test_message ("%s", run_label (panel));
  g_assert_true (g_str_has_prefix (run_label (panel), "Failed after "));
  g_assert_nonnull (strstr (run_label (panel), "Step 4 failed: 1 frame arrived, but it did not match"));
  g_clear_pointer (&results, g_free);
  results = results_text (panel);
  g_assert_true (g_str_has_suffix (results,
                                   "Failed: 4. Expect “VALUE 41” (exactly) within 1000 ms — "
                                   "1 frame arrived, but it did not match — VALUE 42\n"));
}

static gboolean
second_step_running (gpointer panel)
{
  SwSequenceRunner *runner = _sw_sequences_view_get_runner (sequences_of (panel));
  g_autoptr(SwStepResult) result = NULL;

  if (runner == NULL)
    return FALSE;

  result = g_list_model_get_item (sw_sequence_runner_get_results (runner), 1);

  return result != NULL && sw_step_result_get_state (result) == SW_STEP_STATE_RUNNING;
}

/* Stop ends a run where it is. */
static void
test_sequence_stop (Fixture       *fixture,
                    gconstpointer  data)
{
  SwMessagesPanel *panel = open_messages (fixture->page);
  g_autoptr(SwSequence) quiet = sw_sequence_new ("Quiet");
  g_autoptr(SwSequenceStep) send = sw_sequence_step_new_send_text ("QUIET\\r\\n", SW_PAYLOAD_FORMAT_TEXT);
  g_autoptr(SwSequenceStep) expect = sw_sequence_step_new_expect (SW_MATCH_KIND_CONTAINS, "", 60000);
  g_autofree char *results = NULL;
  GtkWidget *stop;

  prepare_device (fixture);
  sw_sequence_append (quiet, send);
  sw_sequence_append (quiet, expect);
  sw_message_library_add_sequence (library_of (fixture), quiet);
  g_assert_true (_sw_sequences_view_choose (sequences_of (panel), "Quiet"));

  stop = sw_test_ui_find_button (GTK_WIDGET (panel), "Stop");
  g_assert_false (gtk_widget_is_sensitive (stop));
  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (panel), "Run Se_quence"), "clicked");
  sw_test_wait (second_step_running, panel, TIMEOUT_MS, "the run to expect");
  g_assert_true (gtk_widget_is_sensitive (stop));
  g_assert_true (g_str_has_prefix (run_label (panel), "Running: "));
  g_signal_emit_by_name (stop, "clicked");
  sw_test_wait (run_over, panel, TIMEOUT_MS, "the run to stop");

  g_assert_true (g_str_has_prefix (run_label (panel), "Stopped after "));
  g_assert_false (gtk_widget_is_sensitive (stop));
  results = results_text (panel);
  g_assert_cmpstr (results, ==,
                   "Passed: 1. Send text “QUIET\\r\\n” — Sent 7 bytes — QUIET\\r\\n\n"
                   "Failed: 2. Expect any frame within 60000 ms — Stopped\n");
}

/* Runs the sequence @name from the panel's Run Sequence, as a person
 * does, and waits until it passed. */
static void
run_sequence (SwMessagesPanel *panel,
              const char      *name)
{
  g_assert_true (_sw_sequences_view_choose (sequences_of (panel), name));
  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (panel), "Run Se_quence"), "clicked");
  sw_test_wait (run_over, panel, TIMEOUT_MS, "the run to end");
  g_assert_true (g_str_has_prefix (run_label (panel), "Passed in "));
}

/* The hex of "ping", as an echo peer prints a datagram it got. */
#define PING_FROM_PAGE "^FROM 127\\.0\\.0\\.1 \\d+ (70696e67)$"

/* Over UDP, a saved message and a sequence go to the remote typed in the
 * form, as Send does, also once it is changed: a run went to the remote
 * of the last send instead. */
static void
test_udp_typed_remote (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(SwTestPeer) first = sw_test_peer_new ("udp_peer.py", "echo", NULL);
  g_autoptr(SwTestPeer) second = sw_test_peer_new ("udp_peer.py", "echo", NULL);
  g_autofree char *first_port = g_strdup_printf ("%u", sw_test_peer_expect_port (first, "^PORT (\\d+)"));
  g_autofree char *second_port = g_strdup_printf ("%u", sw_test_peer_expect_port (second, "^PORT (\\d+)"));
  g_autoptr(SwMessage) ping = sw_message_new ("Ping");
  g_autoptr(SwSequence) sequence = sw_sequence_new ("Ping once");
  g_autoptr(SwSequenceStep) step = sw_sequence_step_new_send_message ("Ping");
  GtkWidget *page = sw_udp_peer_page_new ();
  SwEngine *engine = sw_session_page_get_engine (SW_SESSION_PAGE (page));
  GtkWindow *window;
  SwMessagesPanel *panel;
  g_autofree char *got = NULL;

  sw_message_set_text (ping, "ping");
  sw_message_library_add (library_of (fixture), ping);
  sw_sequence_append (sequence, step);
  sw_message_library_add_sequence (library_of (fixture), sequence);

  sw_messages_panel_set_keeper (panel_of (page), fixture->keeper);
  window = sw_test_ui_show_page (page, 1400, 800);
  panel = open_messages (page);
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Local port"), "0");
  g_assert_true (gtk_widget_activate_action (page, "page.bind", NULL));
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Remote host"), "127.0.0.1");
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Remote port"), first_port);

  /* The message, then the sequence, to the first remote. */
  g_signal_emit_by_name (row_named (panel, "Ping"), "activate");
  got = sw_test_peer_expect (first, PING_FROM_PAGE, TIMEOUT_MS);
  g_clear_pointer (&got, g_free);
  run_sequence (panel, "Ping once");
  got = sw_test_peer_expect (first, PING_FROM_PAGE, TIMEOUT_MS);
  g_clear_pointer (&got, g_free);

  /* Another remote typed: the sequence, then the message, go there. */
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Remote port"), second_port);
  run_sequence (panel, "Ping once");
  got = sw_test_peer_expect (second, PING_FROM_PAGE, TIMEOUT_MS);
  g_clear_pointer (&got, g_free);

  /* A remote that cannot be: the run does not start, and says why. */
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Remote port"), "99999");
  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (panel), "Run Se_quence"), "clicked");
  g_assert_true (g_str_has_prefix (run_label (panel), "Not run: "));
  g_assert_nonnull (strstr (run_label (panel), "65535"));
  g_assert_false (sw_sequence_runner_get_running (_sw_sequences_view_get_runner (sequences_of (panel))));
  g_assert_cmpuint (sw_engine_get_packets_sent (engine), ==, 3);

  gtk_editable_set_text (sw_test_ui_find_entry (page, "Remote port"), second_port);
  g_signal_emit_by_name (row_named (panel, "Ping"), "activate");
  got = sw_test_peer_expect (second, PING_FROM_PAGE, TIMEOUT_MS);

  /* Four datagrams in all: two reached each remote, none went twice. */
  g_assert_cmpuint (sw_engine_get_packets_sent (engine), ==, 4);
  g_assert_false (gtk_widget_has_css_class (template_child (panel, SW_TYPE_MESSAGES_PANEL, "feedback_label"),
                                            "error"));

  sw_test_ui_destroy_page (window);
}

/* Two windows of the app share its library. */
static void
test_windows_share (void)
{
  SwApplication *app = sw_test_ui_get_application ();
  SwLibraryKeeper *keeper = sw_application_get_library_keeper (app);
  SwMessageLibrary *library = sw_library_keeper_get_library (keeper);
  SwWindow *windows[2];
  SwMessagesPanel *panels[2];
  g_autoptr(SwMessage) message = sw_message_new ("Hello");

  sw_test_wait (keeper_loaded, keeper, TIMEOUT_MS, "the app's library to load");
  while (g_list_model_get_n_items (G_LIST_MODEL (library)) > 0)
    sw_message_library_remove (library, 0);

  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    {
      GtkWidget *page;

      windows[i] = sw_window_new (app);
      gtk_window_present (GTK_WINDOW (windows[i]));
      page = sw_window_get_session (windows[i], 0);
      sw_test_ui_wait_mapped (page);
      panels[i] = open_messages (page);
      g_assert_true (sw_messages_panel_get_keeper (panels[i]) == keeper);
    }

  sw_message_set_text (message, "hello");
  sw_message_library_add (library, message);
  row_named (panels[0], "Hello");
  row_named (panels[1], "Hello");

  gtk_widget_activate_action (GTK_WIDGET (row_named (panels[0], "Hello")), "row.delete", NULL);
  g_assert_null (sw_test_ui_find (GTK_WIDGET (panels[1]), is_row_named, "Hello"));

  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    gtk_window_destroy (GTK_WINDOW (windows[i]));
  sw_library_keeper_flush (keeper);
}

/* In Chinese, as a person there reads it. */
static gboolean
run_failed_in_chinese (gpointer panel)
{
  return strstr (run_label (panel), " 后失败：") != NULL;
}

static void
test_translated (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SwSequence) sequence = sw_sequence_new ("Greet");
  g_autoptr(SwSequenceStep) step = sw_sequence_step_new_send_text ("hi", SW_PAYLOAD_FORMAT_TEXT);
  SwMessagesPanel *panel;
  GtkWidget *button;

  if (!sw_test_ui_run_in_language ("zh_CN"))
    return;

  button = sw_test_ui_find (GTK_WIDGET (fixture->page), is_messages_button, NULL);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "消息");
  g_assert_nonnull (sw_test_ui_find_button (GTK_WIDGET (fixture->page), "运行序列(_Q)"));

  /* A run that failed says how long it ran, not how much it sent (one
   * English string meant both). */
  g_signal_emit_by_name (button, "clicked");
  panel = panel_of (fixture->page);
  sw_test_ui_wait_mapped (GTK_WIDGET (panel));
  sw_sequence_append (sequence, step);
  sw_message_library_add_sequence (library_of (fixture), sequence);
  g_assert_true (_sw_sequences_view_choose (sequences_of (panel), "Greet"));
  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (panel), "运行序列(_Q)"), "clicked");
  sw_test_wait (run_failed_in_chinese, panel, TIMEOUT_MS, "the run to fail");
  g_assert_true (g_str_has_prefix (run_label (panel), "运行 "));
}

/* A page makes its panel only when it first shows, restored shown as
 * opened with the Messages button. */
static void
test_made_when_shown (Fixture       *fixture,
                      gconstpointer  data)
{
  SwTcpClientPage *page = SW_TCP_CLIENT_PAGE (sw_tcp_client_page_new ());
  GtkWindow *window = sw_test_ui_show_page (GTK_WIDGET (page), 1400, 800);
  SwMessagesPanel *panel;
  gboolean shown = TRUE;

  g_assert_null (sw_test_ui_find_type (GTK_WIDGET (page), SW_TYPE_MESSAGES_PANEL));
  g_object_get (page, "show-messages", &shown, NULL);
  g_assert_false (shown);
  g_object_set (page, "show-messages", FALSE, NULL);
  g_assert_null (sw_test_ui_find_type (GTK_WIDGET (page), SW_TYPE_MESSAGES_PANEL));

  g_object_set (page, "show-messages", TRUE, NULL);
  panel = sw_test_ui_find_type (GTK_WIDGET (page), SW_TYPE_MESSAGES_PANEL);
  g_assert_nonnull (panel);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
  sw_test_ui_wait_mapped (GTK_WIDGET (panel));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (sw_test_ui_find (GTK_WIDGET (page),
                                                                                    is_messages_button,
                                                                                    NULL))));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "page.show-messages", NULL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_object_get (page, "show-messages", &shown, NULL);
  g_assert_false (shown);
  g_assert_true (panel_of (page) == panel);

  sw_test_ui_destroy_page (window);
}

int
main (int   argc,
      char *argv[])
{
  sw_test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/sw/messages-panel/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("save-and-send", test_save_and_send);
  ADD ("import-packet-sender", test_import_packet_sender);
  ADD ("import-bad-file", test_import_bad_file);
  ADD ("export", test_export);
  ADD ("edit-and-share", test_edit_and_share);
  ADD ("edit-in-send-bar", test_edit_in_send_bar);
  ADD ("placeholders", test_placeholders);
  ADD ("sequence-run", test_sequence_run);
  ADD ("sequence-stop", test_sequence_stop);
  ADD ("udp-typed-remote", test_udp_typed_remote);
  ADD ("translated", test_translated);
  ADD ("made-when-shown", test_made_when_shown);
  g_test_add_func ("/sw/messages-panel/windows-share", test_windows_share);

#undef ADD

  return g_test_run ();
}

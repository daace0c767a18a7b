/* test-tcp-client-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sw-send-bar.h"
#include "sw-session-page.h"
#include "sw-tcp-client-page.h"
#include "sw-test-ui.h"

#define TIMEOUT_MS 20000

typedef struct
{
  GtkWindow       *window;
  SwTcpClientPage *page;
  SwTestPeer      *echo;
  guint16          port;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->echo = sw_test_peer_new ("echo_server.py", NULL);
  fixture->port = sw_test_peer_expect_port (fixture->echo, "^PORT (\\d+)");

  fixture->page = SW_TCP_CLIENT_PAGE (sw_tcp_client_page_new ());
  fixture->window = sw_test_ui_show_page (GTK_WIDGET (fixture->page), 1000, 700);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  sw_test_ui_destroy_page (fixture->window);
  sw_test_peer_free (fixture->echo);
}

static gboolean
is_connected (gpointer data)
{
  return sw_engine_get_state (SW_ENGINE (sw_tcp_client_page_get_client (data))) == SW_CONNECTION_STATE_CONNECTED;
}

static void
connect_page_to (Fixture *fixture,
                 guint16  port_number)
{
  g_autofree char *port = g_strdup_printf ("%u", port_number);

  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (fixture->page), "Host"), "127.0.0.1");
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (fixture->page), "Port"), port);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.connect", NULL));
  sw_test_wait (is_connected, fixture->page, TIMEOUT_MS, "the page to connect");
}

static void
connect_page (Fixture *fixture)
{
  connect_page_to (fixture, fixture->port);
}

/* The form's Connect/Disconnect button, whatever it says now. */
static GtkButton *
connect_button (Fixture *fixture)
{
  GtkWidget *button = sw_test_ui_find_button (GTK_WIDGET (fixture->page), "_Connect");

  if (button == NULL)
    button = sw_test_ui_find_button (GTK_WIDGET (fixture->page), "_Disconnect");
  g_assert_nonnull (button);

  return GTK_BUTTON (button);
}

static void
test_echo_text_and_hex (Fixture       *fixture,
                        gconstpointer  data)
{
  SwSendBar *send_bar = sw_test_ui_find_type (GTK_WIDGET (fixture->page), SW_TYPE_SEND_BAR);
  SwTrafficView *view = sw_session_page_get_traffic_view (SW_SESSION_PAGE (fixture->page));
  g_autofree char *expected = NULL;
  g_autofree char *title = NULL;

  g_assert_cmpstr (gtk_button_get_label (connect_button (fixture)), ==, "_Connect");
  g_assert_false (sw_send_bar_get_can_send (send_bar));

  connect_page (fixture);
  g_assert_cmpstr (gtk_button_get_label (connect_button (fixture)), ==, "_Disconnect");
  g_assert_true (sw_send_bar_get_can_send (send_bar));
  g_object_get (fixture->page, "title", &title, NULL);
  expected = g_strdup_printf ("127.0.0.1:%u", fixture->port);
  g_assert_cmpstr (title, ==, expected);

  sw_send_bar_set_text (send_bar, "hello\\r\\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (send_bar), "send-bar.send", NULL));

  /* The echo comes back into the log, and the view draws it. */
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("← 127.0.0.1:%u (7 B) hello\\r\\n", fixture->port);
  sw_test_ui_wait_view_shows (view, expected, TIMEOUT_MS);

  /* The Hex toggle re-renders the same bytes as a hex dump. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "view.display-mode", "s", "hex"));
  sw_test_ui_wait_view_shows (view, "00000000  68 65 6C 6C 6F 0D 0A                              |hello..|", TIMEOUT_MS);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.connect", NULL));
  g_assert_cmpint (sw_engine_get_state (SW_ENGINE (sw_tcp_client_page_get_client (fixture->page))),
                   ==, SW_CONNECTION_STATE_DISCONNECTED);
  g_assert_cmpstr (gtk_button_get_label (connect_button (fixture)), ==, "_Connect");
  g_assert_false (sw_send_bar_get_can_send (send_bar));
}

/* Enter in the Port field connects; the form turns insensitive, and the
 * focus goes on to the message. */
static void
test_enter_connects (Fixture       *fixture,
                     gconstpointer  data)
{
  SwSendBar *send_bar = sw_test_ui_find_type (GTK_WIDGET (fixture->page), SW_TYPE_SEND_BAR);
  GtkWidget *message = sw_test_ui_find_type (GTK_WIDGET (send_bar), GTK_TYPE_TEXT_VIEW);
  g_autofree char *port = g_strdup_printf ("%u", fixture->port);

  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (fixture->page), "Host"), "127.0.0.1");
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (fixture->page), "Port"), port);
  g_assert_true (sw_test_ui_press_enter_in (GTK_WIDGET (fixture->page), "Port") == message);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (sw_test_ui_find_entry (GTK_WIDGET (fixture->page), "Port"))));
  sw_test_wait (is_connected, fixture->page, TIMEOUT_MS, "the page to connect");
  sw_test_ui_assert_keeps_focus (message);
}

static void
test_invalid_hex_blocks_send (Fixture       *fixture,
                              gconstpointer  data)
{
  SwSendBar *send_bar = sw_test_ui_find_type (GTK_WIDGET (fixture->page), SW_TYPE_SEND_BAR);

  connect_page (fixture);

  sw_send_bar_set_format (send_bar, SW_PAYLOAD_FORMAT_HEX);
  sw_send_bar_set_text (send_bar, "48 65 6G");
  g_assert_null (sw_send_bar_get_payload (send_bar));
  g_assert_nonnull (strstr (sw_send_bar_get_error (send_bar)->message, "“G”"));
  /* Send is disabled, with the reason in words. */
  g_assert_false (gtk_widget_get_sensitive (sw_test_ui_find_button (GTK_WIDGET (send_bar), "_Send")));

  sw_send_bar_set_text (send_bar, "48 65");
  g_assert_nonnull (sw_send_bar_get_payload (send_bar));
  g_assert_true (gtk_widget_get_sensitive (sw_test_ui_find_button (GTK_WIDGET (send_bar), "_Send")));
}

static void
test_bad_input_changes_nothing (Fixture       *fixture,
                                gconstpointer  data)
{
  SwTcpClient *client = sw_tcp_client_page_get_client (fixture->page);
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (client));
  GtkLabel *error_label;

  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (fixture->page), "Host"), "127.0.0.1");
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (fixture->page), "Port"), "70000");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.connect", NULL));

  /* Said under the form, and nothing started. */
  error_label = sw_test_ui_page_label (GTK_WIDGET (fixture->page), "error");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, "Port must be 1–65535");
  g_assert_cmpint (sw_engine_get_state (SW_ENGINE (client)), ==, SW_CONNECTION_STATE_DISCONNECTED);
  g_assert_cmpuint (sw_traffic_log_get_n_records (log), ==, 0);
}

static gboolean
has_error (gpointer data)
{
  return sw_engine_get_last_error (SW_ENGINE (data)) != NULL;
}

static void
test_refused_shows_error (Fixture       *fixture,
                          gconstpointer  data)
{
  SwTcpClient *client = sw_tcp_client_page_get_client (fixture->page);

  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (fixture->page), "Host"), "127.0.0.1");
  /* Nothing listens on port 1 here. */
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (fixture->page), "Port"), "1");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.connect", NULL));
  sw_test_run_for (50);

  sw_test_wait (has_error, client, TIMEOUT_MS, "the connection to fail");
  g_assert_nonnull (sw_engine_get_last_error (SW_ENGINE (client)));
  g_assert_nonnull (strstr (sw_engine_get_last_error (SW_ENGINE (client))->message, "refused"));
  g_assert_cmpint (sw_engine_get_state (SW_ENGINE (client)), ==, SW_CONNECTION_STATE_DISCONNECTED);
}

static void
test_state_round_trip (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GVariant) state = NULL;
  SwTcpClientPage *other = SW_TCP_CLIENT_PAGE (g_object_ref_sink (sw_tcp_client_page_new ()));
  SwSendBar *send_bar = sw_test_ui_find_type (GTK_WIDGET (fixture->page), SW_TYPE_SEND_BAR);
  SwTrafficView *view = sw_session_page_get_traffic_view (SW_SESSION_PAGE (fixture->page));
  SwSendBar *other_bar;

  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (fixture->page), "Host"), "example.com");
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (fixture->page), "Port"), "8080");
  sw_send_bar_set_text (send_bar, "GET / HTTP/1.0\\r\\n\\r\\n");
  sw_send_bar_set_encoding (send_bar, SW_ENCODING_GBK);
  sw_send_bar_set_checksum (send_bar, SW_CHECKSUM_CRC16_MODBUS);
  sw_send_bar_set_checksum_byte_order (send_bar, SW_BYTE_ORDER_BIG_ENDIAN);
  sw_send_bar_set_checksum_start (send_bar, 1);
  sw_send_bar_set_checksum_end_trim (send_bar, 2);
  sw_traffic_view_set_display_mode (view, SW_DISPLAY_MODE_HEX);

  state = g_variant_ref_sink (sw_session_page_save_state (SW_SESSION_PAGE (fixture->page)));
  g_assert_cmpstr (g_variant_get_type_string (state), ==, "a{sv}");
  sw_session_page_restore_state (SW_SESSION_PAGE (other), state);

  g_assert_cmpstr (gtk_editable_get_text (sw_test_ui_find_entry (GTK_WIDGET (other), "Host")), ==, "example.com");
  g_assert_cmpstr (gtk_editable_get_text (sw_test_ui_find_entry (GTK_WIDGET (other), "Port")), ==, "8080");
  g_assert_cmpstr (sw_send_bar_get_text (sw_test_ui_find_type (GTK_WIDGET (other), SW_TYPE_SEND_BAR)),
                   ==, "GET / HTTP/1.0\\r\\n\\r\\n");
  g_assert_cmpint (sw_send_bar_get_encoding (sw_test_ui_find_type (GTK_WIDGET (other), SW_TYPE_SEND_BAR)),
                   ==, SW_ENCODING_GBK);
  /* The checksum, with the order as it was set, not the algorithm's. */
  other_bar = sw_test_ui_find_type (GTK_WIDGET (other), SW_TYPE_SEND_BAR);
  g_assert_cmpint (sw_send_bar_get_checksum (other_bar), ==, SW_CHECKSUM_CRC16_MODBUS);
  g_assert_cmpint (sw_send_bar_get_checksum_byte_order (other_bar), ==, SW_BYTE_ORDER_BIG_ENDIAN);
  g_assert_cmpuint (sw_send_bar_get_checksum_start (other_bar), ==, 1);
  g_assert_cmpuint (sw_send_bar_get_checksum_end_trim (other_bar), ==, 2);
  g_assert_cmpint (sw_traffic_view_get_display_mode (sw_session_page_get_traffic_view (SW_SESSION_PAGE (other))),
                   ==, SW_DISPLAY_MODE_HEX);
  g_assert_cmpstr (sw_session_page_get_kind (SW_SESSION_PAGE (other))->id, ==, "tcp-client");

  g_assert_finalize_object (other);
}

/* #9: after 50 MB and a close, the view stopped short of the last line
 * (2 MiB of binary data do it too, in a few seconds). */
static void
test_follow_to_close (Fixture       *fixture,
                      gconstpointer  data)
{
  SwTrafficView *view = sw_session_page_get_traffic_view (SW_SESSION_PAGE (fixture->page));
  g_autoptr(SwTestPeer) source = sw_test_peer_new ("stream_peer.py", "source", "2097152", NULL);
  guint16 port = sw_test_peer_expect_port (source, "^PORT (\\d+)");
  g_autofree char *closed = g_strdup_printf ("Connection closed by 127.0.0.1:%u", port);

  g_assert_true (sw_traffic_view_get_follow (view));
  connect_page_to (fixture, port);
  sw_test_peer_expect (source, "^SHA256", 60000);
  sw_test_ui_wait_view_shows (view, closed, 60000);
  sw_test_ui_assert_view_shows_end (view, 1000);
}

static gboolean
error_shown (gpointer data)
{
  return gtk_widget_get_visible (data);
}

/* #9: "Host no-such-host.invalid:80 not found" put the port into the name. */
static void
test_unknown_host_names_it (Fixture       *fixture,
                            gconstpointer  data)
{
  SwTrafficView *view = sw_session_page_get_traffic_view (SW_SESSION_PAGE (fixture->page));
  GtkLabel *error_label = sw_test_ui_page_label (GTK_WIDGET (fixture->page), "error");
  const char *shown;

  /* A real lookup: .invalid names never resolve (RFC 6761). */
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (fixture->page), "Host"), "no-such-host.invalid");
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (fixture->page), "Port"), "80");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.connect", NULL));
  sw_test_wait (error_shown, error_label, TIMEOUT_MS, "the lookup to fail");

  /* Not found, or no name service here: either way, the host as typed
   * and the port apart. */
  shown = gtk_label_get_text (error_label);
  if (g_str_has_prefix (shown, "Host "))
    g_assert_cmpstr (shown, ==, "Host “no-such-host.invalid” not found (port 80): check the name, or use an IP address");
  else
    g_assert_cmpstr (shown, ==, "Could not look up “no-such-host.invalid” (port 80): the name service did not answer; check the network or use an IP address");
  sw_test_ui_wait_view_shows (view, shown, TIMEOUT_MS);
}

/* A device nobody here wrote checks the checksum the send bar adds:
 * pymodbus, speaking Modbus RTU over TCP, answers a request only when
 * its CRC is right. */
static void
test_modbus_checksum (void)
{
  g_autoptr(SwTestPeer) device = NULL;
  guint16 port;
  GtkWidget *page;
  GtkWindow *window;
  SwSendBar *send_bar;
  SwTrafficView *view;
  GtkWidget *send_button;
  GtkLabel *preview;
  GtkLabel *error_label;

  if ((device = sw_test_start_modbus_device (&port)) == NULL)
    return;

  page = sw_tcp_client_page_new ();
  window = sw_test_ui_show_page (page, 1000, 700);
  send_bar = sw_session_page_get_send_bar (SW_SESSION_PAGE (page));
  view = sw_session_page_get_traffic_view (SW_SESSION_PAGE (page));
  send_button = sw_test_ui_find_button (GTK_WIDGET (send_bar), "_Send");
  preview = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (send_bar), SW_TYPE_SEND_BAR,
                                                      "checksum_preview_label"));
  error_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (send_bar), SW_TYPE_SEND_BAR,
                                                          "error_label"));

  sw_test_ui_connect_to_loopback (page, port);

  /* As a person does: Hex, CRC-16/MODBUS, then the request. */
  sw_test_ui_choose (sw_test_ui_find_drop_down (page, "Format"), "Hex");
  sw_test_ui_choose (sw_test_ui_find_drop_down (page, "Checksum"), "CRC-16/MODBUS");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (sw_test_ui_find_type (GTK_WIDGET (send_bar),
                                                                            GTK_TYPE_TEXT_VIEW)),
                            "01 03 00 00 00 02", -1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (preview)));
  g_assert_nonnull (strstr (gtk_label_get_text (preview), "C4 0B"));
  g_assert_true (gtk_widget_get_sensitive (send_button));
  g_signal_emit_by_name (send_button, "clicked");

  /* What went out, and the device's answer: registers 0 and 1. */
  sw_traffic_view_set_display_mode (view, SW_DISPLAY_MODE_HEX);
  sw_test_ui_wait_view_shows (view, "01 03 00 00 00 02 C4 0B", TIMEOUT_MS);
  sw_test_ui_wait_view_shows (view, "01 03 04 00 2A 00 2B", TIMEOUT_MS);

  /* A range the request cannot hold: Send waits, saying why. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sw_test_ui_find_labelled (page, "From byte")), 7);
  g_assert_false (gtk_widget_get_sensitive (send_button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "starts at byte 7 but the message has 6 bytes"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (send_button), ==, gtk_label_get_text (error_label));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (preview)));

  sw_test_ui_destroy_page (window);
}

/* A screen reader reads each field of the form by its visible label, once. */
static void
test_fields_named_once (Fixture       *fixture,
                        gconstpointer  data)
{
  sw_test_ui_assert_named_once (GTK_WIDGET (fixture->page));
}

/* Whether this process holds the socket whose inode is @inode. */
static gboolean
is_socket_open (guint64 inode)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  g_autofree char *wanted = g_strdup_printf ("socket:[%" G_GUINT64_FORMAT "]", inode);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      if (g_strcmp0 (target, wanted) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The inode of this process's socket that has sent its SYN to @port of
 * 127.0.0.1 and waits for an answer (/proc/net/tcp), or 0. */
static guint64
find_connecting_socket (guint16 port)
{
  g_autofree char *table = NULL;
  g_autofree char *remote = g_strdup_printf ("0100007F:%04X", port);
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents ("/proc/net/tcp", &table, NULL, NULL));
  lines = g_strsplit (table, "\n", -1);
  /* sl local_address rem_address st tx_queue:rx_queue tr:tm->when
   * retrnsmt uid timeout inode …, after a heading line. */
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_regex_split_simple ("\\s+", g_strstrip (lines[i]), 0, 0);
      guint64 inode;

      if (g_strv_length (fields) < 10 || !g_str_equal (fields[2], remote) ||
          !g_str_equal (fields[3], "02" /* SYN_SENT */))
        continue;
      inode = g_ascii_strtoull (fields[9], NULL, 10);
      if (is_socket_open (inode))
        return inode;
    }

  return 0;
}

typedef struct
{
  gpointer page;
  gpointer client;
  guint16  port;
  guint64  socket;
} Closing;

/* Connecting, with its SYN unanswered: the socket it sent it from. */
static gboolean
is_connecting (gpointer data)
{
  Closing *closing = data;

  if (sw_engine_get_state (SW_ENGINE (closing->client)) != SW_CONNECTION_STATE_CONNECTING)
    return FALSE;
  closing->socket = find_connecting_socket (closing->port);

  return closing->socket != 0;
}

static gboolean
all_gone (gpointer data)
{
  Closing *closing = data;

  return closing->page == NULL && closing->client == NULL && !is_socket_open (closing->socket);
}

/* Closing a tab while it connects frees the page and its engine and
 * closes the socket at once, not when the connect would have timed out. */
static void
test_close_while_connecting (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(SwTestPeer) backlog = NULL;
  g_autofree char *port = NULL;
  GtkWindow *window;
  GtkWidget *page;
  Closing closing = { NULL };

  if (!g_file_test ("/proc/net/tcp", G_FILE_TEST_EXISTS) || !g_file_test ("/proc/self/fd", G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("No /proc/net/tcp and /proc/self/fd to find the connecting socket");
      return;
    }

  /* A server whose backlog is full: a connect to it never completes. It
   * would fail only when the longest timeout there is ends, ten minutes
   * (the kernel gives up its SYNs after two), long after every wait
   * here: whatever goes before goes because the tab closed. */
  g_settings_set_uint (settings, "connect-timeout", 600);
  backlog = sw_test_peer_new ("stream_peer.py", "backlog", NULL);
  closing.port = sw_test_peer_expect_port (backlog, "^PORT (\\d+)");
  port = g_strdup_printf ("%u", closing.port);

  window = GTK_WINDOW (gtk_window_new ());
  page = sw_tcp_client_page_new ();
  gtk_window_set_child (window, page);
  gtk_window_present (window);
  sw_test_ui_wait_mapped (page);

  gtk_editable_set_text (sw_test_ui_find_entry (page, "Host"), "127.0.0.1");
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Port"), port);
  closing.page = page;
  closing.client = sw_tcp_client_page_get_client (SW_TCP_CLIENT_PAGE (page));
  g_assert_true (gtk_widget_activate_action (page, "page.connect", NULL));
  sw_test_wait (is_connecting, &closing, TIMEOUT_MS, "the page to connect, its SYN unanswered");
  g_assert_cmpuint (sw_tcp_client_get_timeout (closing.client), ==, 600);

  g_object_add_weak_pointer (G_OBJECT (closing.page), &closing.page);
  g_object_add_weak_pointer (G_OBJECT (closing.client), &closing.client);
  /* The window lets the page go with its next frame, the engine goes
   * when its cancelled connect returns: a few turns of the main loop. */
  gtk_window_set_child (window, NULL);
  sw_test_wait (all_gone, &closing, TIMEOUT_MS, "the page, its engine and its socket to go");

  gtk_window_destroy (window);
  g_settings_reset (settings, "connect-timeout");
}

static gboolean
is_check_labelled (GtkWidget     *widget,
                   gconstpointer  label)
{
  return GTK_IS_CHECK_BUTTON (widget) &&
         g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0;
}

/* #9: "你好" sent as GB18030 showed as \xC4\xE3… with the display in UTF-8. */
static void
test_sent_text_as_typed (Fixture       *fixture,
                         gconstpointer  data)
{
  SwSendBar *send_bar = sw_test_ui_find_type (GTK_WIDGET (fixture->page), SW_TYPE_SEND_BAR);
  SwTrafficView *view = sw_session_page_get_traffic_view (SW_SESSION_PAGE (fixture->page));
  GtkWidget *as_typed;
  g_autofree char *sent = g_strdup_printf ("→ 127.0.0.1:%u (4 B) 你好\n", fixture->port);
  g_autofree char *sent_bytes = g_strdup_printf ("→ 127.0.0.1:%u (4 B) \\xC4\\xE3\\xBA\\xC3\n", fixture->port);
  g_autofree char *echoed = g_strdup_printf ("← 127.0.0.1:%u (4 B) \\xC4\\xE3\\xBA\\xC3\n", fixture->port);
  g_autofree char *text = NULL;

  g_assert_cmpint (sw_traffic_view_get_encoding (view), ==, SW_ENCODING_UTF8);

  connect_page (fixture);
  sw_send_bar_set_encoding (send_bar, SW_ENCODING_GB18030);
  sw_send_bar_set_text (send_bar, "你好");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (send_bar), "send-bar.send", NULL));

  /* What was typed, as typed; the echo is bytes the log cannot know the
   * encoding of, shown in the display's. */
  sw_test_ui_wait_view_shows (view, echoed, TIMEOUT_MS);
  text = sw_traffic_view_dup_text (view);
  g_assert_nonnull (strstr (text, sent));

  /* Unticked, the sent bytes are decoded as the display's too. */
  as_typed = sw_test_ui_find (GTK_WIDGET (view), is_check_labelled, "Sent te_xt as typed");
  g_assert_nonnull (as_typed);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (as_typed)));
  g_assert_true (gtk_widget_activate (as_typed));
  g_assert_false (sw_traffic_view_get_text_as_sent (view));
  g_clear_pointer (&text, g_free);
  text = sw_traffic_view_dup_text (view);
  g_assert_nonnull (strstr (text, sent_bytes));
}

static void
store_text_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

/* What the clipboard holds, as text. */
static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, store_text_cb, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);

  return text;
}

static gboolean
is_notice (GtkWidget     *widget,
           gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), data);
}

static gboolean
shows_saved_notice (gpointer data)
{
  return sw_test_ui_find (data, is_notice, "Saved a Python script that repeats this session") != NULL;
}

/* Runs @argv to its end; fails the test unless it exits 0. */
static void
run_to_end (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed:\n%s%s", argv[0], out, err);
}

/* #14: after a conversation, Copy as Python, Copy as Shell Command and
 * Save as Python Script… give code that says the same bytes to a fresh
 * copy of the peer (its port typed into the form, as a person would). */
static void
test_copy_as_code (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char said[] = "hello\r\nsecond line\n";
  g_autofree char *said_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, said, -1);
  SwSendBar *send_bar = sw_test_ui_find_type (GTK_WIDGET (fixture->page), SW_TYPE_SEND_BAR);
  SwTrafficView *view = sw_session_page_get_traffic_view (SW_SESSION_PAGE (fixture->page));
  g_autoptr(SwTestPeer) fresh = sw_test_peer_new ("echo_server.py", "--digest", NULL);
  g_autofree char *fresh_port = g_strdup_printf ("%u", sw_test_peer_expect_port (fresh, "^PORT (\\d+)"));
  g_autofree char *expected = g_strdup_printf ("%s BYTES %zu", said_sha, strlen (said));
  const char *python = g_getenv ("SW_TEST_PYTHON") != NULL ? g_getenv ("SW_TEST_PYTHON") : "python3";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sw-code-XXXXXX", &error);
  g_autofree char *script_path = g_build_filename (dir, "session.py", NULL);
  g_autofree char *script = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *command = NULL;
  g_autofree char *digest = NULL;
  GStatBuf info;

  g_assert_no_error (error);
  connect_page (fixture);
  sw_send_bar_set_text (send_bar, "hello\\r\\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (send_bar), "send-bar.send", NULL));
  sw_test_ui_wait_view_shows (view, "(7 B) hello\\r\\n", TIMEOUT_MS);
  sw_send_bar_set_text (send_bar, "second line\\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (send_bar), "send-bar.send", NULL));
  sw_test_ui_wait_view_shows (view, "(12 B) second line\\n", TIMEOUT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.connect", NULL));
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (fixture->page), "Port"), fresh_port);

  /* Python, from the clipboard. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.copy-python", NULL));
  script = read_clipboard (GTK_WIDGET (fixture->page));
  g_assert_nonnull (strstr (script, "import socket"));
  g_assert_true (g_file_set_contents (script_path, script, -1, NULL));
  run_to_end ((const char * const []) { python, script_path, NULL });
  digest = sw_test_peer_expect (fresh, "^DIGEST (.*)$", TIMEOUT_MS);
  g_assert_cmpstr (digest, ==, expected);
  g_clear_pointer (&digest, g_free);
  g_assert_cmpint (g_unlink (script_path), ==, 0);

  /* The shell command, run by sh. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.copy-shell", NULL));
  command = read_clipboard (GTK_WIDGET (fixture->page));
  g_assert_nonnull (strstr (command, "| ncat "));
  run_to_end ((const char * const []) { "sh", "-c", command, NULL });
  digest = sw_test_peer_expect (fresh, "^DIGEST (.*)$", TIMEOUT_MS);
  g_assert_cmpstr (digest, ==, expected);

  /* Saved through the dialog: the same script, ready to run. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.save-python", NULL));
  sw_test_ui_file_chooser_save (sw_test_ui_wait_file_chooser (), dir, NULL);
  sw_test_wait (shows_saved_notice, view, TIMEOUT_MS, "the script to be saved");
  g_assert_true (g_file_get_contents (script_path, &saved, NULL, NULL));
  g_assert_cmpstr (saved, ==, script);
  g_assert_cmpint (g_stat (script_path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0755);

  g_assert_cmpint (g_unlink (script_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

#define OLD_SCRIPT "print('the script saved before')\n"

typedef struct
{
  SwTrafficView *view;
  const char    *expected;
} SaveError;

/* The view shows @expected as a failure (after Replace, if asked). */
static gboolean
shows_save_error (gpointer data)
{
  const SaveError *save_error = data;
  GtkWidget *label;

  sw_test_ui_confirm_replace ();
  label = sw_test_ui_find (GTK_WIDGET (save_error->view), is_notice, save_error->expected);

  return label != NULL && gtk_widget_has_css_class (label, "error");
}

/* #15: Save as Python Script… onto a disk that fills up part way: the
 * old script stays byte for byte (or no file where there was none), no
 * temporary file is left, and the view says which file and why. */
static void
test_save_script_fails (Fixture       *fixture,
                        gconstpointer  data)
{
  gboolean existed = GPOINTER_TO_INT (data);

  if (g_test_subprocess ())
    {
      SwSendBar *send_bar = sw_test_ui_find_type (GTK_WIDGET (fixture->page), SW_TYPE_SEND_BAR);
      SwTrafficView *view = sw_session_page_get_traffic_view (SW_SESSION_PAGE (fixture->page));
      const char *target = g_getenv ("SW_TEST_TARGET");
      g_autofree char *target_dir = g_path_get_dirname (target);
      g_autofree char *expected = g_strdup_printf ("Could not save the script to “%s”: ", target);
      SaveError save_error = { view, expected };
      g_autofree char *script = NULL;

      connect_page (fixture);
      sw_send_bar_set_text (send_bar, "hello\\r\\n");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (send_bar), "send-bar.send", NULL));
      sw_test_ui_wait_view_shows (view, "(7 B) hello\\r\\n", TIMEOUT_MS);

      /* Files may have 1 KiB: less than the script, which fails part way. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.copy-python", NULL));
      script = read_clipboard (GTK_WIDGET (fixture->page));
      g_assert_cmpuint (strlen (script), >, 2048);
      g_assert_true (sw_test_limit_file_size (1024));
      /* GTK's list of recent files would not fit either (a warning). */
      g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.save-python", NULL));
      sw_test_ui_file_chooser_save (sw_test_ui_wait_file_chooser (), target_dir, "session.py");
      sw_test_wait (shows_save_error, &save_error, TIMEOUT_MS, "the view to say the save failed");
      g_assert_false (shows_saved_notice (view));
      return;
    }

  sw_test_trap_failed_write ("session.py", existed ? OLD_SCRIPT : NULL, 60);
}

int
main (int   argc,
      char *argv[])
{
  sw_test_ui_init (&argc, &argv);

  g_test_add ("/sw/tcp-client-page/echo-text-and-hex", Fixture, NULL,
              fixture_setup, test_echo_text_and_hex, fixture_teardown);
  g_test_add ("/sw/tcp-client-page/enter-connects", Fixture, NULL,
              fixture_setup, test_enter_connects, fixture_teardown);
  g_test_add ("/sw/tcp-client-page/invalid-hex-blocks-send", Fixture, NULL,
              fixture_setup, test_invalid_hex_blocks_send, fixture_teardown);
  g_test_add ("/sw/tcp-client-page/bad-input-changes-nothing", Fixture, NULL,
              fixture_setup, test_bad_input_changes_nothing, fixture_teardown);
  g_test_add ("/sw/tcp-client-page/refused-shows-error", Fixture, NULL,
              fixture_setup, test_refused_shows_error, fixture_teardown);
  g_test_add ("/sw/tcp-client-page/fields-named-once", Fixture, NULL,
              fixture_setup, test_fields_named_once, fixture_teardown);
  g_test_add_func ("/sw/tcp-client-page/close-while-connecting", test_close_while_connecting);
  g_test_add_func ("/sw/tcp-client-page/modbus-checksum", test_modbus_checksum);
  g_test_add ("/sw/tcp-client-page/state-round-trip", Fixture, NULL,
              fixture_setup, test_state_round_trip, fixture_teardown);
  g_test_add ("/sw/tcp-client-page/copy-as-code", Fixture, NULL,
              fixture_setup, test_copy_as_code, fixture_teardown);
  g_test_add ("/sw/tcp-client-page/save-script-fails/replacing", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_save_script_fails, fixture_teardown);
  g_test_add ("/sw/tcp-client-page/save-script-fails/new-file", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_save_script_fails, fixture_teardown);
  g_test_add ("/sw/tcp-client-page/follow-to-close", Fixture, NULL,
              fixture_setup, test_follow_to_close, fixture_teardown);
  g_test_add ("/sw/tcp-client-page/unknown-host-names-it", Fixture, NULL,
              fixture_setup, test_unknown_host_names_it, fixture_teardown);
  g_test_add ("/sw/tcp-client-page/sent-text-as-typed", Fixture, NULL,
              fixture_setup, test_sent_text_as_typed, fixture_teardown);

  return g_test_run ();
}

/* test-tcp-server-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-send-bar.h"
#include "sw-session-page.h"
#include "sw-tcp-server-page.h"
#include "sw-test-ui.h"

#define TIMEOUT_MS 20000

typedef struct
{
  GtkWindow       *window;
  SwTcpServerPage *page;
} Fixture;

static gboolean
has_placeholder (GtkWidget     *widget,
                 gconstpointer  text)
{
  return GTK_IS_ENTRY (widget) && g_strcmp0 (gtk_entry_get_placeholder_text (GTK_ENTRY (widget)), text) == 0;
}

/* The entry for an address of this computer, found by its hint. */
static GtkEditable *
lookup_custom_entry (GtkWidget *root)
{
  GtkWidget *entry = sw_test_ui_find (root, has_placeholder, "192.168.1.5 or 2001:db8::5");

  return entry != NULL ? GTK_EDITABLE (entry) : NULL;
}

static GtkEditable *
find_custom_entry (GtkWidget *root)
{
  GtkEditable *entry = lookup_custom_entry (root);

  g_assert_nonnull (entry);

  return entry;
}

/* The page's own labels: the status line and the error under the form. */
/* Where typing goes: @widget or a part of it (an entry's text). */
static gboolean
has_focus_in (GtkWindow *window,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static const char *
status_text (SwTcpServerPage *page)
{
  return gtk_label_get_text (sw_test_ui_page_label (GTK_WIDGET (page), "sw-status"));
}

static char *
dup_title (SwTcpServerPage *page)
{
  char *title = NULL;

  g_object_get (page, "title", &title, NULL);

  return title;
}

static SwTcpServer *
server_of (Fixture *fixture)
{
  return sw_tcp_server_page_get_server (fixture->page);
}

static GtkColumnView *
client_view (Fixture *fixture)
{
  return sw_test_ui_find_type (GTK_WIDGET (fixture->page), GTK_TYPE_COLUMN_VIEW);
}

static GListModel *
client_rows (Fixture *fixture)
{
  return G_LIST_MODEL (gtk_column_view_get_model (client_view (fixture)));
}

static const char *
row_name (Fixture *fixture,
          guint    position)
{
  g_autoptr(SwConnection) client = g_list_model_get_item (client_rows (fixture), position);

  g_assert_nonnull (client);

  /* The engine keeps the client, and its name, while it is listed. */
  return sw_connection_get_name (client);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->page = SW_TCP_SERVER_PAGE (sw_tcp_server_page_new ());
  fixture->window = sw_test_ui_show_page (GTK_WIDGET (fixture->page), 1100, 760);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  sw_test_ui_destroy_page (fixture->window);
}

static gboolean
is_listening (gpointer data)
{
  return sw_tcp_server_get_listening (sw_tcp_server_page_get_server (data));
}

static void
listen_on_localhost (SwTcpServerPage *page,
                     const char      *port)
{
  sw_test_ui_choose (sw_test_ui_find_drop_down (GTK_WIDGET (page), "Address"), "Localhost only (127.0.0.1)");
  gtk_editable_set_text (sw_test_ui_find_entry (GTK_WIDGET (page), "Port"), port);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "page.listen", NULL));
}

typedef struct
{
  Fixture *fixture;
  guint    n;
} NRows;

static gboolean
has_n_rows (gpointer data)
{
  NRows *wait = data;

  return g_list_model_get_n_items (client_rows (wait->fixture)) == wait->n;
}

static void
wait_n_rows (Fixture *fixture,
             guint    n)
{
  NRows wait = { fixture, n };
  g_autofree char *what = g_strdup_printf ("the client list to have %u rows", n);

  sw_test_wait (has_n_rows, &wait, TIMEOUT_MS, what);
}

static void
peer_write_text (SwTestPeer *peer,
                 const char *text)
{
  sw_test_peer_write (peer, text, strlen (text));
}

static void
send_text (SwSendBar  *send_bar,
           const char *text)
{
  sw_send_bar_set_text (send_bar, text);
  g_assert_true (gtk_widget_get_sensitive (sw_test_ui_find_button (GTK_WIDGET (send_bar), "_Send")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (send_bar), "send-bar.send", NULL));
}

static SwTestPeer *
socat_client (guint16 port)
{
  g_autofree char *target = g_strdup_printf ("TCP4:127.0.0.1:%u", port);

  return sw_test_peer_new ("socat", "-", target, NULL);
}

static void
test_listen_send_echo_disconnect (Fixture       *fixture,
                                  gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  SwSendBar *send_bar = sw_test_ui_find_type (page, SW_TYPE_SEND_BAR);
  SwTrafficView *view = sw_session_page_get_traffic_view (SW_SESSION_PAGE (fixture->page));
  GtkDropDown *send_to = sw_test_ui_find_drop_down (page, "Send to");
  GtkWidget *disconnect = sw_test_ui_find_button (page, "Dis_connect");
  GtkWidget *disconnect_all = sw_test_ui_find_button (page, "Disconnect All");
  g_autoptr(SwTestPeer) first = NULL;
  g_autoptr(SwTestPeer) second = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *second_name = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *title = NULL;
  g_autofree char *line = NULL;
  guint16 port;

  /* Before listening: nothing to send to, nobody to disconnect. */
  g_assert_nonnull (sw_test_ui_find_button (page, "Lis_ten"));
  g_assert_cmpstr (status_text (fixture->page), ==, "Not listening");
  g_assert_nonnull (sw_test_ui_find_shown_label (page, "Not listening: press Listen to let clients connect"));
  g_assert_false (sw_send_bar_get_can_send (send_bar));
  g_assert_cmpstr (sw_send_bar_get_send_blocked_reason (send_bar), ==, "No client is connected");
  g_assert_nonnull (sw_test_ui_find_shown_label (page, "No client is connected"));
  g_assert_false (gtk_widget_get_sensitive (disconnect));
  g_assert_false (gtk_widget_get_sensitive (disconnect_all));
  title = dup_title (fixture->page);
  g_assert_cmpstr (title, ==, "Server :7000");

  listen_on_localhost (fixture->page, "0");
  g_assert_true (sw_tcp_server_get_listening (server_of (fixture)));
  port = sw_tcp_server_get_port (server_of (fixture));
  g_assert_cmpuint (port, >, 0);

  /* The port the system picked is the one shown. */
  g_assert_nonnull (sw_test_ui_find_button (page, "S_top"));
  g_assert_null (sw_test_ui_find_button (page, "Lis_ten"));
  expected = g_strdup_printf ("Listening on 127.0.0.1:%u · 0 clients", port);
  g_assert_cmpstr (status_text (fixture->page), ==, expected);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("No clients yet: connect to port %u", port);
  sw_test_ui_wait_label_shown (page, expected, TIMEOUT_MS);
  g_clear_pointer (&title, g_free);
  g_clear_pointer (&expected, g_free);
  title = dup_title (fixture->page);
  expected = g_strdup_printf ("Server 127.0.0.1:%u", port);
  g_assert_cmpstr (title, ==, expected);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (sw_test_ui_find_entry (page, "Port"))));

  /* Two clients, listed in the order they came. */
  first = socat_client (port);
  wait_n_rows (fixture, 1);
  second = socat_client (port);
  wait_n_rows (fixture, 2);
  first_name = g_strdup (row_name (fixture, 0));
  second_name = g_strdup (row_name (fixture, 1));
  g_assert_true (g_str_has_prefix (first_name, "127.0.0.1:"));
  g_assert_true (g_str_has_prefix (second_name, "127.0.0.1:"));
  g_assert_cmpstr (first_name, !=, second_name);
  sw_test_ui_wait_label_shown (GTK_WIDGET (client_view (fixture)), first_name, TIMEOUT_MS);
  sw_test_ui_wait_label_shown (GTK_WIDGET (client_view (fixture)), second_name, TIMEOUT_MS);

  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("Listening on 127.0.0.1:%u · 2 clients", port);
  g_assert_cmpstr (status_text (fixture->page), ==, expected);
  g_assert_true (sw_send_bar_get_can_send (send_bar));
  g_assert_nonnull (sw_test_ui_find_shown_label (page, "Sends to 2 clients"));
  g_assert_true (gtk_widget_get_sensitive (disconnect_all));
  g_assert_false (gtk_widget_get_sensitive (disconnect));

  /* Selected clients, none selected: say so. */
  sw_test_ui_choose (send_to, "Selected clients");
  g_assert_false (sw_send_bar_get_can_send (send_bar));
  g_assert_cmpstr (sw_send_bar_get_send_blocked_reason (send_bar), ==, "Select a client to send to");
  g_assert_nonnull (sw_test_ui_find_shown_label (page, "Select a client to send to"));
  g_assert_false (gtk_widget_get_sensitive (sw_test_ui_find_button (GTK_WIDGET (send_bar), "_Send")));

  g_assert_true (gtk_selection_model_select_item (gtk_column_view_get_model (client_view (fixture)), 0, TRUE));
  g_assert_true (sw_send_bar_get_can_send (send_bar));
  g_assert_nonnull (sw_test_ui_find_shown_label (page, "Sends to 1 selected client"));
  g_assert_true (gtk_widget_get_sensitive (disconnect));

  sw_send_bar_set_escapes (send_bar, TRUE);
  sw_send_bar_set_line_ending (send_bar, SW_LINE_ENDING_NONE);
  send_text (send_bar, "to first\\n");
  line = sw_test_peer_expect (first, "^.*$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "to first");
  g_clear_pointer (&line, g_free);

  /* All clients: both get it, and the second never got the first's. */
  sw_test_ui_choose (send_to, "All clients");
  send_text (send_bar, "to everyone\\n");
  line = sw_test_peer_expect (first, "^.*$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "to everyone");
  g_clear_pointer (&line, g_free);
  line = sw_test_peer_expect (second, "^.*$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "to everyone");
  g_clear_pointer (&line, g_free);

  /* A client's text arrives in the log, and its row counts it: 23 bytes
   * in from the second; out, 9 + 12 to the first and 12 to the second. */
  peer_write_text (second, "from the second client\n");
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("← %s (23 B) from the second client\\n", second_name);
  sw_test_ui_wait_view_shows (view, expected, TIMEOUT_MS);
  sw_test_ui_wait_label_shown (GTK_WIDGET (client_view (fixture)), "23", TIMEOUT_MS);
  sw_test_ui_wait_label_shown (GTK_WIDGET (client_view (fixture)), "21", TIMEOUT_MS);
  sw_test_ui_wait_label_shown (GTK_WIDGET (client_view (fixture)), "12", TIMEOUT_MS);

  /* Echo: a client gets its own text back. */
  gtk_switch_set_active (sw_test_ui_find_type (page, GTK_TYPE_SWITCH), TRUE);
  g_assert_true (sw_tcp_server_get_echo (server_of (fixture)));
  peer_write_text (first, "echo me\n");
  line = sw_test_peer_expect (first, "^.*$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "echo me");
  g_clear_pointer (&line, g_free);

  /* Disconnect the selected client: it goes, the other stays. */
  g_assert_true (gtk_widget_activate_action (page, "page.disconnect", NULL));
  g_assert_cmpint (sw_test_peer_wait_exit (first, TIMEOUT_MS), ==, 0);
  wait_n_rows (fixture, 1);
  g_assert_cmpstr (row_name (fixture, 0), ==, second_name);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("Listening on 127.0.0.1:%u · 1 client", port);
  g_assert_cmpstr (status_text (fixture->page), ==, expected);
  g_assert_false (gtk_widget_get_sensitive (disconnect));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("Disconnected client %s", first_name);
  sw_test_ui_wait_view_shows (view, expected, TIMEOUT_MS);

  /* Stop keeps the client; Disconnect All closes it. */
  g_assert_true (gtk_widget_activate_action (page, "page.listen", NULL));
  g_assert_false (sw_tcp_server_get_listening (server_of (fixture)));
  g_assert_nonnull (sw_test_ui_find_button (page, "Lis_ten"));
  g_assert_cmpstr (status_text (fixture->page), ==, "Not listening · 1 client still connected");
  g_assert_true (sw_send_bar_get_can_send (send_bar));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (sw_test_ui_find_entry (page, "Port"))));

  g_signal_emit_by_name (disconnect_all, "clicked");
  g_assert_cmpint (sw_test_peer_wait_exit (second, TIMEOUT_MS), ==, 0);
  wait_n_rows (fixture, 0);
  g_assert_cmpstr (status_text (fixture->page), ==, "Not listening");
  g_assert_false (sw_send_bar_get_can_send (send_bar));
  g_assert_cmpstr (sw_send_bar_get_send_blocked_reason (send_bar), ==, "No client is connected");
  g_assert_false (gtk_widget_get_sensitive (disconnect_all));
  sw_test_ui_wait_label_shown (page, "Not listening: press Listen to let clients connect", TIMEOUT_MS);
}

static void
assert_bad_input (Fixture    *fixture,
                  const char *message)
{
  GtkLabel *error_label = sw_test_ui_page_label (GTK_WIDGET (fixture->page), "error");
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (server_of (fixture)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.listen", NULL));

  /* Said under the form, and nothing started. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, message);
  g_assert_false (sw_tcp_server_get_listening (server_of (fixture)));
  g_assert_cmpuint (sw_traffic_log_get_n_records (log), ==, 0);
  g_assert_cmpstr (status_text (fixture->page), ==, "Not listening");
  g_assert_nonnull (sw_test_ui_find_button (GTK_WIDGET (fixture->page), "Lis_ten"));
}

/* Enter in the Port field listens; the form turns insensitive, and the
 * focus goes on to the message. */
static void
test_enter_listens (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GtkWidget *message = sw_test_ui_find_type (sw_test_ui_find_type (page, SW_TYPE_SEND_BAR),
                                             GTK_TYPE_TEXT_VIEW);

  sw_test_ui_choose (sw_test_ui_find_drop_down (page, "Address"), "Localhost only (127.0.0.1)");
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Port"), "0");
  g_assert_true (sw_test_ui_press_enter_in (page, "Port") == message);
  g_assert_true (is_listening (fixture->page));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (sw_test_ui_find_entry (page, "Port"))));
  sw_test_ui_assert_keeps_focus (message);
}

static void
test_bad_input_changes_nothing (Fixture       *fixture,
                                gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GtkEditable *port = sw_test_ui_find_entry (page, "Port");
  GtkEditable *custom;

  gtk_editable_set_text (port, "x");
  assert_bad_input (fixture, "“x” is not a port number");
  g_assert_true (has_focus_in (fixture->window, GTK_WIDGET (port)));

  gtk_editable_set_text (port, "70000");
  assert_bad_input (fixture, "Port must be 0–65535");

  gtk_editable_set_text (port, "");
  assert_bad_input (fixture, "Enter a port number");

  /* The custom address appears when chosen, and must be an address. */
  gtk_editable_set_text (port, "0");
  custom = find_custom_entry (page);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (custom)));
  sw_test_ui_choose (sw_test_ui_find_drop_down (page, "Address"), "Other address…");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (custom)));
  g_assert_true (has_focus_in (fixture->window, GTK_WIDGET (custom)));

  assert_bad_input (fixture, "Enter an IP address of this computer to listen on, or choose another address");
  gtk_editable_set_text (custom, "example.com");
  assert_bad_input (fixture, "“example.com” is a name: to listen, enter an IP address of this computer, such as 192.168.1.5");
  gtk_editable_set_text (custom, "300.1.2.3");
  assert_bad_input (fixture, "“300.1.2.3” is not a valid IPv4 address: it needs four numbers from 0 to 255, as in “192.168.1.5”");

  /* A literal address of this computer works, and Enter listens. */
  gtk_editable_set_text (custom, "127.0.0.1");
  g_signal_emit_by_name (custom, "activate");
  g_assert_true (is_listening (fixture->page));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (sw_test_ui_page_label (GTK_WIDGET (fixture->page), "error"))));
  g_assert_true (g_str_has_prefix (status_text (fixture->page), "Listening on 127.0.0.1:"));
}

static void
test_port_in_use (Fixture       *fixture,
                  gconstpointer  data)
{
  SwTcpServerPage *other = SW_TCP_SERVER_PAGE (g_object_ref_sink (sw_tcp_server_page_new ()));
  SwTcpServer *other_server = g_object_ref (sw_tcp_server_page_get_server (other));
  GtkLabel *error_label = sw_test_ui_page_label (GTK_WIDGET (other), "error");
  g_autofree char *port = NULL;
  g_autofree char *expected = NULL;

  listen_on_localhost (fixture->page, "0");
  g_assert_true (is_listening (fixture->page));
  port = g_strdup_printf ("%u", sw_tcp_server_get_port (server_of (fixture)));

  /* The second page on the same port says why it cannot. */
  listen_on_localhost (other, port);
  g_assert_false (is_listening (other));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  expected = g_strdup_printf ("127.0.0.1:%s is already in use: stop the program using it or choose another port", port);
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, expected);
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, sw_engine_get_last_error (SW_ENGINE (other_server))->message);
  g_assert_cmpstr (status_text (other), ==, "Not listening");
  g_assert_nonnull (sw_test_ui_find_button (GTK_WIDGET (other), "Lis_ten"));

  /* Once the port is free, the error goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.listen", NULL));
  g_assert_false (is_listening (fixture->page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (other), "page.listen", NULL));
  g_assert_true (is_listening (other));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));

  g_assert_finalize_object (other);
  g_assert_finalize_object (other_server);
}

static void
test_state_round_trip (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GVariant) state = NULL;
  SwTcpServerPage *other = SW_TCP_SERVER_PAGE (g_object_ref_sink (sw_tcp_server_page_new ()));
  GtkWidget *page = GTK_WIDGET (fixture->page);
  SwSendBar *send_bar = sw_test_ui_find_type (page, SW_TYPE_SEND_BAR);
  SwTrafficView *view = sw_session_page_get_traffic_view (SW_SESSION_PAGE (fixture->page));
  g_autofree char *title = NULL;
  GtkEditable *custom = NULL;

  sw_test_ui_choose (sw_test_ui_find_drop_down (page, "Address"), "Other address…");
  custom = find_custom_entry (page);
  gtk_editable_set_text (custom, "192.168.1.5");
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Port"), "8080");
  gtk_switch_set_active (sw_test_ui_find_type (page, GTK_TYPE_SWITCH), TRUE);
  sw_test_ui_choose (sw_test_ui_find_drop_down (page, "Send to"), "Selected clients");
  sw_send_bar_set_text (send_bar, "HTTP/1.0 200 OK\\r\\n\\r\\n");
  sw_send_bar_set_encoding (send_bar, SW_ENCODING_GB18030);
  sw_traffic_view_set_display_mode (view, SW_DISPLAY_MODE_HEX);

  state = g_variant_ref_sink (sw_session_page_save_state (SW_SESSION_PAGE (fixture->page)));
  g_assert_cmpstr (g_variant_get_type_string (state), ==, "a{sv}");
  sw_session_page_restore_state (SW_SESSION_PAGE (other), state);

  g_assert_cmpstr (sw_session_page_get_kind (SW_SESSION_PAGE (other))->id, ==, "tcp-server");
  g_assert_cmpuint (gtk_drop_down_get_selected (sw_test_ui_find_drop_down (GTK_WIDGET (other), "Address")), ==, 3);
  g_assert_cmpuint (gtk_drop_down_get_selected (sw_test_ui_find_drop_down (GTK_WIDGET (other), "Send to")), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (sw_test_ui_find_entry (GTK_WIDGET (other), "Port")), ==, "8080");
  g_assert_true (gtk_switch_get_active (sw_test_ui_find_type (GTK_WIDGET (other), GTK_TYPE_SWITCH)));
  g_assert_true (sw_tcp_server_get_echo (sw_tcp_server_page_get_server (other)));
  g_assert_cmpstr (sw_send_bar_get_text (sw_test_ui_find_type (GTK_WIDGET (other), SW_TYPE_SEND_BAR)),
                   ==, "HTTP/1.0 200 OK\\r\\n\\r\\n");
  g_assert_cmpint (sw_send_bar_get_encoding (sw_test_ui_find_type (GTK_WIDGET (other), SW_TYPE_SEND_BAR)),
                   ==, SW_ENCODING_GB18030);
  g_assert_cmpint (sw_traffic_view_get_display_mode (sw_session_page_get_traffic_view (SW_SESSION_PAGE (other))),
                   ==, SW_DISPLAY_MODE_HEX);
  title = dup_title (other);
  g_assert_cmpstr (title, ==, "Server :8080");

  /* The custom address came back too, in its shown entry. */
  custom = find_custom_entry (GTK_WIDGET (other));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (custom)));
  g_assert_cmpstr (gtk_editable_get_text (custom), ==, "192.168.1.5");

  g_assert_finalize_object (other);
}

/* A screen reader reads each field of the form by its visible label, once. */
static void
test_fields_named_once (Fixture       *fixture,
                        gconstpointer  data)
{
  sw_test_ui_assert_named_once (GTK_WIDGET (fixture->page));
}

int
main (int   argc,
      char *argv[])
{
  sw_test_ui_init (&argc, &argv);

  g_test_add ("/sw/tcp-server-page/listen-send-echo-disconnect", Fixture, NULL,
              fixture_setup, test_listen_send_echo_disconnect, fixture_teardown);
  g_test_add ("/sw/tcp-server-page/enter-listens", Fixture, NULL,
              fixture_setup, test_enter_listens, fixture_teardown);
  g_test_add ("/sw/tcp-server-page/bad-input-changes-nothing", Fixture, NULL,
              fixture_setup, test_bad_input_changes_nothing, fixture_teardown);
  g_test_add ("/sw/tcp-server-page/port-in-use", Fixture, NULL,
              fixture_setup, test_port_in_use, fixture_teardown);
  g_test_add ("/sw/tcp-server-page/state-round-trip", Fixture, NULL,
              fixture_setup, test_state_round_trip, fixture_teardown);
  g_test_add ("/sw/tcp-server-page/fields-named-once", Fixture, NULL,
              fixture_setup, test_fields_named_once, fixture_teardown);

  return g_test_run ();
}

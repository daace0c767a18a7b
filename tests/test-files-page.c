/* test-files-page.c: Send File… and Capture to File… in session pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-capture-bar.h"
#include "sw-send-bar.h"
#include "sw-session-page-private.h"
#include "sw-tcp-client-page.h"
#include "sw-tcp-server-page.h"
#include "sw-test-ui.h"
#include "sw-transfer-bar.h"
#include "sw-udp-peer-page.h"

#define TIMEOUT_MS 60000
#define MIB (1024 * 1024)
/* The tooltip of Capture… beside Disconnect, an icon. */
#define CAPTURE_CLIENT "Capture the selected client to a file: every byte that arrives from it from now on"

typedef struct
{
  char      *dir;
  GtkWindow *window;
  GtkWidget *page;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  GType (*get_type) (void) = data;
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("sw-files-page-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->page = g_object_new (get_type (), NULL);
  fixture->window = sw_test_ui_show_page (fixture->page, 1000, 700);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  sw_test_ui_destroy_page (fixture->window);
  sw_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static SwSessionPage *
page (Fixture *fixture)
{
  return SW_SESSION_PAGE (fixture->page);
}

static SwEngine *
engine (Fixture *fixture)
{
  return sw_session_page_get_engine (page (fixture));
}

/* A file of @size bytes of noise in the fixture's folder, and the hex
 * SHA-256 of what it holds. */
static GFile *
make_file (Fixture     *fixture,
           const char  *name,
           gsize        size,
           char       **sha256)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (size);
  g_autofree guint8 *data = g_malloc (MAX (size, 1));
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int (rand) >> 24;
  g_file_set_contents (path, (const char *) data, size, &error);
  g_assert_no_error (error);
  *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);

  return g_file_new_for_path (path);
}

static char *
file_sha256 (GFile *file)
{
  g_autoptr(GBytes) contents = g_file_load_bytes (file, NULL, NULL, NULL);

  g_assert_nonnull (contents);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);
}

static SwTransferBar *
transfer_bar (Fixture *fixture)
{
  return sw_test_ui_find_type (fixture->page, SW_TYPE_TRANSFER_BAR);
}

static SwCaptureBar *
capture_bar (Fixture *fixture)
{
  return sw_test_ui_find_type (fixture->page, SW_TYPE_CAPTURE_BAR);
}

static SwSendBar *
send_bar (Fixture *fixture)
{
  return sw_session_page_get_send_bar (page (fixture));
}

static gboolean
transfer_ended (gpointer data)
{
  SwTransferState state = sw_transfer_get_state (data);

  return state != SW_TRANSFER_STATE_IDLE && state != SW_TRANSFER_STATE_RUNNING;
}

static gboolean
only_page_holds (gpointer data)
{
  /* The page, and the transfer bar until dismissed. */
  return G_OBJECT (data)->ref_count <= 2;
}

/* Waits for @transfer to end, and for what it did meanwhile (a read of
 * the file in a thread) to let go of it, so that the page goes with its
 * engine when closed. */
static void
wait_transfer_ended (gpointer transfer)
{
  sw_test_wait (transfer_ended, transfer, TIMEOUT_MS, "the transfer to end");
  sw_test_wait (only_page_holds, transfer, TIMEOUT_MS, "the transfer to let go");
}

static gboolean
is_connected (gpointer data)
{
  return sw_engine_get_state (data) == SW_CONNECTION_STATE_CONNECTED;
}

static void
connect_client_page (Fixture *fixture,
                     guint16  port_number)
{
  g_autofree char *port = g_strdup_printf ("%u", port_number);

  gtk_editable_set_text (sw_test_ui_find_entry (fixture->page, "Host"), "127.0.0.1");
  gtk_editable_set_text (sw_test_ui_find_entry (fixture->page, "Port"), port);
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.connect", NULL));
  sw_test_wait (is_connected, engine (fixture), TIMEOUT_MS, "the page to connect");
}

/* A label under the transfer bar showing @text, on screen. */
static gboolean
is_mapped_label_with (GtkWidget     *widget,
                      gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static void
assert_shows (GtkWidget  *root,
              const char *text)
{
  if (sw_test_ui_find (root, is_mapped_label_with, text) == NULL)
    g_error ("Nothing on screen says “%s”", text);
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} Shows;

static gboolean
shows (gpointer data)
{
  Shows *what = data;

  return sw_test_ui_find (what->root, is_mapped_label_with, what->text) != NULL;
}

static void
wait_shows (GtkWidget  *root,
            const char *text)
{
  Shows what = { root, text };
  g_autofree char *description = g_strdup_printf ("the page to show “%s”", text);

  sw_test_wait (shows, &what, TIMEOUT_MS, description);
}

static gboolean
is_button_named (GtkWidget     *widget,
                 gconstpointer  tooltip)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

/* Presses the button on screen under @root whose tooltip is @tooltip
 * (an icon's, such as Dismiss), as a person does. */
static void
click_button_named (GtkWidget  *root,
                    const char *tooltip)
{
  GtkWidget *button = sw_test_ui_find (root, is_button_named, tooltip);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
click_button (GtkWidget  *root,
              const char *label)
{
  GtkWidget *button = sw_test_ui_find_button (root, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
is_check_button (GtkWidget     *widget,
                 gconstpointer  label)
{
  return GTK_IS_CHECK_BUTTON (widget) && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0;
}

/* Sending */

/* A 4 MiB file to a sink, through the TCP client page: the progress row
 * follows it to the end and says how it went, Send waits meanwhile, the
 * sink gets the same bytes and the log shows the start of them. */
static void
test_tcp_send (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SwTestPeer) sink = sw_test_peer_new ("stream_peer.py", "sink", NULL);
  g_autofree char *sha256 = NULL;
  g_autofree char *received = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GFile) file = make_file (fixture, "four.bin", 4 * MIB, &sha256);
  GtkProgressBar *progress;
  SwFileSender *sender;
  GtkWidget *dismiss;
  GtkWidget *focus;

  connect_client_page (fixture, sw_test_peer_expect_port (sink, "^PORT (\\d+)"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (transfer_bar (fixture))));

  _sw_session_page_send_file (page (fixture), file);
  sender = _sw_session_page_get_file_sender (page (fixture));
  g_assert_nonnull (sender);
  g_assert_true (sw_transfer_bar_get_sender (transfer_bar (fixture)) == sender);
  sw_test_ui_wait_mapped (GTK_WIDGET (transfer_bar (fixture)));
  assert_shows (GTK_WIDGET (transfer_bar (fixture)), "four.bin");

  /* Messages wait for the file, and say why; another file too. */
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (sender)), ==, SW_TRANSFER_STATE_RUNNING);
  g_assert_false (sw_send_bar_get_can_send (send_bar (fixture)));
  g_assert_cmpstr (sw_send_bar_get_send_blocked_reason (send_bar (fixture)), ==,
                   "Sending “four.bin”: wait until it is sent, or cancel it");
  g_assert_false (gtk_widget_is_sensitive (sw_test_ui_find_button (fixture->page, "Send File…")));

  wait_transfer_ended (sender);
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (sender)), ==, SW_TRANSFER_STATE_DONE);

  /* Done: all of it, and the row says so until dismissed. */
  progress = sw_test_ui_find_type (GTK_WIDGET (transfer_bar (fixture)), GTK_TYPE_PROGRESS_BAR);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (progress), ==, 1.0);
  g_assert_true (g_str_has_prefix (sw_transfer_bar_get_status (transfer_bar (fixture)),
                                   "Sent 4,194,304 B (4.2\u00a0MB) in "));
  assert_shows (GTK_WIDGET (transfer_bar (fixture)), "Sent 4,194,304 B");
  g_assert_true (sw_send_bar_get_can_send (send_bar (fixture)));
  g_assert_true (gtk_widget_is_sensitive (sw_test_ui_find_button (fixture->page, "Send File…")));

  /* The view drew the start, and one line for the rest. */
  sw_test_ui_wait_view_shows (sw_session_page_get_traffic_view (page (fixture)),
                              "more bytes sent from the file, not drawn here", TIMEOUT_MS);

  /* The sink has the same bytes. */
  g_assert_true (sw_tcp_client_shutdown_write (sw_tcp_client_page_get_client (SW_TCP_CLIENT_PAGE (fixture->page)), NULL));
  received = sw_test_peer_expect (sink, "^SHA256 (.*)$", TIMEOUT_MS);
  expected = g_strdup_printf ("%s BYTES %u", sha256, 4 * MIB);
  g_assert_cmpstr (received, ==, expected);

  /* An icon, named for screen readers; the row goes, and the focus on
   * to the message rather than nowhere. */
  dismiss = sw_test_ui_find (GTK_WIDGET (transfer_bar (fixture)), is_button_named, "Dismiss");
  gtk_test_accessible_assert_property (dismiss, GTK_ACCESSIBLE_PROPERTY_LABEL, "Dismiss");
  g_assert_true (gtk_widget_grab_focus (dismiss));
  click_button_named (GTK_WIDGET (transfer_bar (fixture)), "Dismiss");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (transfer_bar (fixture))));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (send_bar (fixture))));
}

/* A peer that accepts one connection and never reads: what is sent
 * waits in the connection, and a file stops halfway. */
typedef struct
{
  GSocketListener   *listener;
  GSocketConnection *connection;
} Silent;

static void
silent_accept_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Silent *silent = user_data;

  silent->connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (object), result, NULL, NULL);
}

static guint16
silent_start (Silent *silent)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  silent->listener = g_socket_listener_new ();
  g_socket_listener_add_address (silent->listener, any_port, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  g_socket_listener_accept_async (silent->listener, NULL, silent_accept_cb, silent);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
silent_stop (Silent *silent)
{
  g_clear_object (&silent->connection);
  g_socket_listener_close (silent->listener);
  g_clear_object (&silent->listener);
}

static gboolean
shows_progress (gpointer data)
{
  return sw_file_sender_get_rate (data) > 0 && strstr (sw_transfer_bar_get_status (
    SW_TRANSFER_BAR (g_object_get_data (data, "sw-test-bar"))), "%") != NULL;
}

/* Cancel in the progress row stops the file halfway, and says how far
 * it went; Send is back. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  Silent silent = { 0 };
  g_autofree char *sha256 = NULL;
  g_autoptr(GFile) file = make_file (fixture, "big.bin", 64 * MIB, &sha256);
  SwFileSender *sender;

  connect_client_page (fixture, silent_start (&silent));
  _sw_session_page_send_file (page (fixture), file);
  sender = _sw_session_page_get_file_sender (page (fixture));
  g_object_set_data (G_OBJECT (sender), "sw-test-bar", transfer_bar (fixture));

  /* Under way: bytes of the total, percent, rate. */
  sw_test_wait (shows_progress, sender, TIMEOUT_MS, "the progress");
  assert_shows (GTK_WIDGET (transfer_bar (fixture)), " of 67.1\u00a0MB · ");
  g_assert_false (sw_send_bar_get_can_send (send_bar (fixture)));

  click_button (GTK_WIDGET (transfer_bar (fixture)), "Cancel");
  wait_transfer_ended (sender);
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (sender)), ==, SW_TRANSFER_STATE_CANCELLED);
  g_assert_cmpuint (sw_file_sender_get_bytes_sent (sender), <, 64 * MIB);
  g_assert_true (g_str_has_prefix (sw_transfer_bar_get_status (transfer_bar (fixture)), "Cancelled after "));
  g_assert_true (sw_send_bar_get_can_send (send_bar (fixture)));

  sw_engine_stop (engine (fixture));
  silent_stop (&silent);
}

/* Over UDP the page asks for the datagrams' size and rate first, and
 * remembers them: a 64 KiB file in 512-byte datagrams, 1,000 a second. */
static void
test_udp_send (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SwTestPeer) collector = sw_test_peer_new ("udp_peer.py", "collect", "129", NULL);
  g_autofree char *port = g_strdup_printf ("%u", sw_test_peer_expect_port (collector, "^PORT (\\d+)"));
  g_autofree char *sha256 = NULL;
  g_autofree char *received = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GFile) file = make_file (fixture, "dgrams.bin", 64 * 1024 + 100, &sha256);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *dialog;
  GtkWidget *size;
  SwFileSender *sender;
  gint64 start;

  gtk_editable_set_text (sw_test_ui_find_entry (fixture->page, "Remote host"), "127.0.0.1");
  gtk_editable_set_text (sw_test_ui_find_entry (fixture->page, "Remote port"), port);

  _sw_session_page_send_file (page (fixture), file);
  g_assert_null (_sw_session_page_get_file_sender (page (fixture)));
  dialog = GTK_WIDGET (_sw_session_page_get_send_file_dialog (page (fixture)));
  g_assert_nonnull (dialog);
  sw_test_ui_wait_mapped (dialog);
  assert_shows (dialog, "dgrams.bin");

  /* Typed, as a person does; the rate limit ticked. */
  size = sw_test_ui_find_labelled (dialog, "Datagram size");
  g_assert_true (GTK_IS_SPIN_BUTTON (size));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (size)), ==, 1024);
  gtk_editable_set_text (GTK_EDITABLE (size), "512");
  /* Enter in the field. */
  g_signal_emit_by_name (sw_test_ui_find_type (size, GTK_TYPE_TEXT), "activate");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sw_test_ui_find (dialog, is_check_button, "_Limit the rate to")), TRUE);
  wait_shows (dialog, "65.6\u00a0kB · 129 datagrams, in about 1 s");

  start = g_get_monotonic_time ();
  click_button (dialog, "_Send");
  g_assert_null (_sw_session_page_get_send_file_dialog (page (fixture)));
  sender = _sw_session_page_get_file_sender (page (fixture));
  g_assert_nonnull (sender);
  g_assert_cmpuint (sw_file_sender_get_datagram_size (sender), ==, 512);
  g_assert_cmpuint (sw_file_sender_get_datagram_rate (sender), ==, 1000);
  wait_transfer_ended (sender);
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (sender)), ==, SW_TRANSFER_STATE_DONE);
  /* 129 datagrams at 1,000 a second. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 120 * 1000);

  received = sw_test_peer_expect (collector, "^RECEIVED (.*)$", TIMEOUT_MS);
  expected = g_strdup_printf ("129 BYTES %u LARGEST 512 SHA256 %s", 64 * 1024 + 100, sha256);
  g_assert_cmpstr (received, ==, expected);

  /* Remembered for the next file; Cancel sends nothing and changes nothing. */
  g_assert_cmpuint (g_settings_get_uint (settings, "file-datagram-size"), ==, 512);
  g_assert_true (g_settings_get_boolean (settings, "file-datagram-rate-limited"));
  _sw_session_page_send_file (page (fixture), file);
  dialog = GTK_WIDGET (_sw_session_page_get_send_file_dialog (page (fixture)));
  sw_test_ui_wait_mapped (dialog);
  size = sw_test_ui_find_labelled (dialog, "Datagram size");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (size)), ==, 512);
  gtk_editable_set_text (GTK_EDITABLE (size), "100");
  gtk_spin_button_update (GTK_SPIN_BUTTON (size));
  click_button (dialog, "_Cancel");
  g_assert_null (_sw_session_page_get_send_file_dialog (page (fixture)));
  g_assert_true (_sw_session_page_get_file_sender (page (fixture)) == sender);
  g_assert_cmpuint (g_settings_get_uint (settings, "file-datagram-size"), ==, 512);

  g_settings_reset (settings, "file-datagram-size");
  g_settings_reset (settings, "file-datagram-rate-limited");
}

static GListModel *
client_rows (Fixture *fixture)
{
  GtkColumnView *view = sw_test_ui_find_type (fixture->page, GTK_TYPE_COLUMN_VIEW);

  return G_LIST_MODEL (gtk_column_view_get_model (view));
}

static gboolean
has_clients (gpointer data)
{
  Fixture *fixture = data;

  return g_list_model_get_n_items (client_rows (fixture)) == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (fixture->page), "sw-test-clients"));
}

static guint16
listen_server_page (Fixture *fixture)
{
  SwTcpServer *server = sw_tcp_server_page_get_server (SW_TCP_SERVER_PAGE (fixture->page));

  gtk_editable_set_text (sw_test_ui_find_entry (fixture->page, "Port"), "0");
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.listen", NULL));
  sw_test_wait (is_connected, server, TIMEOUT_MS, "the server to listen");

  return sw_tcp_server_get_port (server);
}

static void
wait_clients (Fixture *fixture,
              guint    n)
{
  g_object_set_data (G_OBJECT (fixture->page), "sw-test-clients", GUINT_TO_POINTER (n));
  sw_test_wait (has_clients, fixture, TIMEOUT_MS, "the clients");
}

/* Selects, as a click does, the row of the client whose port is @port. */
static SwConnection *
select_client (Fixture    *fixture,
               const char *port)
{
  GListModel *rows = client_rows (fixture);
  g_autofree char *suffix = g_strdup_printf (":%s", port);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(SwConnection) client = g_list_model_get_item (rows, i);

      if (g_str_has_suffix (sw_connection_get_name (client), suffix))
        {
          g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (rows), i, TRUE));
          return client;
        }
    }

  g_error ("No client from port %s", port);
}

/* The server page sends to the client selected, with Send to on
 * Selected clients, and to no other. */
static void
test_server_selected (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *port = g_strdup_printf ("%u", listen_server_page (fixture));
  g_autoptr(SwTestPeer) chosen = sw_test_peer_new ("stream_peer.py", "client-sink", "127.0.0.1", port, NULL);
  g_autofree char *chosen_port = sw_test_peer_expect (chosen, "^LOCAL (\\d+)", TIMEOUT_MS);
  g_autoptr(SwTestPeer) other = sw_test_peer_new ("stream_peer.py", "client-sink", "127.0.0.1", port, NULL);
  g_autofree char *other_port = sw_test_peer_expect (other, "^LOCAL (\\d+)", TIMEOUT_MS);
  g_autofree char *sha256 = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *received = NULL;
  g_autoptr(GFile) file = make_file (fixture, "one.bin", MIB + 3, &sha256);
  GtkDropDown *send_to = GTK_DROP_DOWN (sw_test_ui_find_labelled (fixture->page, "Send to"));
  SwConnection *client;
  SwFileSender *sender;

  wait_clients (fixture, 2);
  client = select_client (fixture, chosen_port);
  gtk_drop_down_set_selected (send_to, 1);
  assert_shows (fixture->page, "Sends to 1 selected client");

  _sw_session_page_send_file (page (fixture), file);
  sender = _sw_session_page_get_file_sender (page (fixture));
  wait_transfer_ended (sender);
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (sender)), ==, SW_TRANSFER_STATE_DONE);
  g_assert_cmpuint (sw_connection_get_bytes_sent (client), ==, MIB + 3);

  /* Each client gets what it was sent, and then the end. */
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.disconnect-all", NULL));
  received = sw_test_peer_expect (chosen, "^SHA256 (.*)$", TIMEOUT_MS);
  expected = g_strdup_printf ("%s BYTES %u", sha256, MIB + 3);
  g_assert_cmpstr (received, ==, expected);
  g_clear_pointer (&received, g_free);
  received = sw_test_peer_expect (other, "^SHA256 (.*)$", TIMEOUT_MS);
  g_assert_cmpstr (received, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 BYTES 0");
}

/* Capturing */

static gboolean
capture_has (gpointer data)
{
  SwCapture *capture = data;

  return sw_capture_get_bytes_written (capture) >= GPOINTER_TO_SIZE (g_object_get_data (data, "sw-test-bytes"));
}

static gboolean
received_all (gpointer data)
{
  return sw_engine_get_bytes_received (data) >= GPOINTER_TO_SIZE (g_object_get_data (data, "sw-test-bytes"));
}

static gboolean
transfer_running (gpointer data)
{
  return sw_transfer_get_state (data) == SW_TRANSFER_STATE_RUNNING;
}

/* A download of 8 MiB captured from before the connection to Stop
 * Capture: the header follows it, the file holds what the peer sent. */
static void
test_capture (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SwTestPeer) source = sw_test_peer_new ("stream_peer.py", "source", "8388608", NULL);
  guint16 port = sw_test_peer_expect_port (source, "^PORT (\\d+)");
  g_autofree char *path = g_build_filename (fixture->dir, "cap.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *sent = NULL;
  g_autofree char *captured = NULL;
  g_autofree char *expected = NULL;
  SwCapture *capture;

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (capture_bar (fixture))));
  _sw_session_page_capture (page (fixture), file, NULL);
  capture = _sw_session_page_get_capture (page (fixture));
  g_assert_nonnull (capture);
  sw_test_wait (transfer_running, capture, TIMEOUT_MS, "the capture to start");
  sw_test_ui_wait_mapped (GTK_WIDGET (capture_bar (fixture)));
  assert_shows (GTK_WIDGET (capture_bar (fixture)), "Capturing to “cap.bin” · 0 B written");
  /* One capture at a time: Capture to File… does nothing now. */
  gtk_widget_activate_action (fixture->page, "page.capture", NULL);
  g_assert_null (_sw_session_page_get_file_chooser (page (fixture)));

  connect_client_page (fixture, port);
  g_object_set_data (G_OBJECT (capture), "sw-test-bytes", GSIZE_TO_POINTER (8 * MIB));
  sw_test_wait (capture_has, capture, TIMEOUT_MS, "8 MiB captured");
  wait_shows (GTK_WIDGET (capture_bar (fixture)), "Capturing to “cap.bin” · 8,388,608 B (8.4\u00a0MB) written");

  /* From the session menu's action. */
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.stop-capture", NULL));
  wait_transfer_ended (capture);
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (capture)), ==, SW_TRANSFER_STATE_DONE);
  assert_shows (GTK_WIDGET (capture_bar (fixture)), "Captured 8,388,608 B (8.4\u00a0MB) to “cap.bin”");

  sent = sw_test_peer_expect (source, "^SHA256 (.*)$", TIMEOUT_MS);
  captured = file_sha256 (file);
  expected = g_strdup_printf ("%s BYTES %u", captured, 8 * MIB);
  g_assert_cmpstr (sent, ==, expected);

  /* Another capture can start; Dismiss hides the line. */
  g_assert_true (gtk_widget_get_sensitive (fixture->page));
  click_button_named (GTK_WIDGET (capture_bar (fixture)), "Dismiss");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (capture_bar (fixture))));
  sw_engine_stop (engine (fixture));
}

/* A file that cannot be made: the header says why, and the session goes
 * on receiving. */
static void
test_capture_unwritable (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("echo_server.py", NULL);
  guint16 port = sw_test_peer_expect_port (echo, "^PORT (\\d+)");
  g_autofree char *path = g_build_filename (fixture->dir, "no such folder", "cap.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *echoed = NULL;
  SwCapture *capture;
  GtkWidget *label;

  _sw_session_page_capture (page (fixture), file, NULL);
  capture = _sw_session_page_get_capture (page (fixture));
  wait_transfer_ended (capture);
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (capture)), ==, SW_TRANSFER_STATE_FAILED);
  sw_test_ui_wait_mapped (GTK_WIDGET (capture_bar (fixture)));
  label = sw_test_ui_find (GTK_WIDGET (capture_bar (fixture)), is_mapped_label_with,
                           "Capture stopped: Could not create “cap.bin”: there is no such file");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_has_css_class (label, "error"));
  /* Another can be tried. */
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.capture", NULL));
  g_assert_nonnull (_sw_session_page_get_file_chooser (page (fixture)));
  g_signal_emit_by_name (_sw_session_page_get_file_chooser (page (fixture)), "response", GTK_RESPONSE_CANCEL);
  g_assert_null (_sw_session_page_get_file_chooser (page (fixture)));

  connect_client_page (fixture, port);
  sw_send_bar_set_text (send_bar (fixture), "still here");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (send_bar (fixture)), "send-bar.send", NULL));
  echoed = g_strdup_printf ("← 127.0.0.1:%u (10 B) still here", port);
  sw_test_ui_wait_view_shows (sw_session_page_get_traffic_view (page (fixture)), echoed, TIMEOUT_MS);
  sw_engine_stop (engine (fixture));
}

/* A disk that fills up halfway (writes past 1 MiB fail, as with a full
 * disk): the capture stops saying why, and the session goes on. */
static void
test_capture_write_error (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(SwTestPeer) source = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  SwCapture *capture;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  if (!sw_test_limit_file_size (MIB))
    {
      g_test_skip ("file sizes cannot be limited here");
      return;
    }

  source = sw_test_peer_new ("stream_peer.py", "source", "4194304", NULL);
  path = g_build_filename (fixture->dir, "full.bin", NULL);
  file = g_file_new_for_path (path);
  _sw_session_page_capture (page (fixture), file, NULL);
  capture = _sw_session_page_get_capture (page (fixture));
  sw_test_wait (transfer_running, capture, TIMEOUT_MS, "the capture to start");
  connect_client_page (fixture, sw_test_peer_expect_port (source, "^PORT (\\d+)"));

  wait_transfer_ended (capture);
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (capture)), ==, SW_TRANSFER_STATE_FAILED);
  assert_shows (GTK_WIDGET (capture_bar (fixture)), "Capture stopped: Could not write “full.bin” after ");
  g_assert_cmpuint (sw_capture_get_bytes_written (capture), <=, MIB);

  /* Everything still arrives, into the log. */
  sw_test_peer_expect (source, "^SHA256 (.*)$", TIMEOUT_MS);
  sw_test_ui_wait_view_shows (sw_session_page_get_traffic_view (page (fixture)), "· Capture to “full.bin” failed: ",
                              TIMEOUT_MS);
  g_object_set_data (G_OBJECT (engine (fixture)), "sw-test-bytes", GSIZE_TO_POINTER (4 * MIB));
  sw_test_wait (received_all, engine (fixture), TIMEOUT_MS, "the rest of the download");
  g_assert_cmpuint (sw_engine_get_bytes_received (engine (fixture)), ==, 4 * MIB);
  sw_engine_stop (engine (fixture));
}

/* A client of the server page, in this process, that sends when told. */
typedef struct
{
  GSocketConnection *connection;
  gboolean           written;
} Client;

static void
client_connected_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;

  client->connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

static void
client_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error);
  g_assert_no_error (error);
  client->written = TRUE;
}

static gboolean
client_is_connected (gpointer data)
{
  return ((Client *) data)->connection != NULL;
}

static gboolean
client_has_written (gpointer data)
{
  return ((Client *) data)->written;
}

static gboolean
is_visible_chooser (GtkWidget     *widget,
                    gconstpointer  title)
{
  return GTK_IS_FILE_CHOOSER (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_window_get_title (GTK_WINDOW (widget)), title) == 0;
}

static gboolean
find_chooser (gpointer data)
{
  GtkWidget **found = data;
  const char *title = g_object_get_data (G_OBJECT (*found), "sw-test-title");
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (is_visible_chooser (window, title))
        {
          *found = window;
          return TRUE;
        }
    }

  return FALSE;
}

/* The file chooser titled @title that opened: without a portal, GTK's
 * own, which a test can drive. */
static GtkWidget *
wait_chooser (Fixture    *fixture,
              const char *title)
{
  GtkWidget *found = fixture->page;

  g_object_set_data (G_OBJECT (fixture->page), "sw-test-title", (gpointer) title);
  sw_test_wait (find_chooser, &found, TIMEOUT_MS, title);
  sw_test_ui_wait_mapped (found);

  return found;
}

/* Types @name in @chooser's folder of the fixture and presses @button. */
static void
choose_new_file (Fixture    *fixture,
                 GtkWidget  *chooser,
                 const char *name,
                 const char *button)
{
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->dir);
  g_autoptr(GError) error = NULL;

  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, &error);
  g_assert_no_error (error);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  click_button (chooser, button);
}

static gboolean
has_capture (gpointer data)
{
  return _sw_session_page_get_capture (data) != NULL;
}

/* The capture the chooser started, once it answered (it looks whether
 * the file is there first). */
static SwCapture *
wait_capture (Fixture *fixture)
{
  sw_test_wait (has_capture, fixture->page, TIMEOUT_MS, "the capture");

  return _sw_session_page_get_capture (page (fixture));
}

/* Capture… beside Disconnect captures the client selected, from then on,
 * until it leaves. */
static void
test_capture_client (Fixture       *fixture,
                     gconstpointer  data)
{
  guint16 port = listen_server_page (fixture);
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autofree char *host_port = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree guint8 *payload = g_malloc (MIB);
  g_autofree char *sha256 = NULL;
  g_autofree char *captured = NULL;
  g_autofree char *local_port = NULL;
  g_autoptr(GFile) file = NULL;
  GtkWidget *chooser;
  Client client = { 0 };
  SwCapture *capture;
  GSocketAddress *local;

  for (guint i = 0; i < MIB; i++)
    payload[i] = i * 7 % 251;
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, payload, MIB);

  g_socket_client_connect_to_host_async (socket_client, host_port, 0, NULL, client_connected_cb, &client);
  sw_test_wait (client_is_connected, &client, TIMEOUT_MS, "the client to connect");
  wait_clients (fixture, 1);

  /* Nothing selected: nothing to capture. An icon, named for screen readers. */
  g_assert_false (gtk_widget_is_sensitive (sw_test_ui_find (fixture->page, is_button_named, CAPTURE_CLIENT)));
  gtk_test_accessible_assert_property (sw_test_ui_find (fixture->page, is_button_named, CAPTURE_CLIENT),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Capture Client to File…");
  local = g_socket_connection_get_local_address (client.connection, NULL);
  local_port = g_strdup_printf ("%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  g_object_unref (local);
  select_client (fixture, local_port);

  click_button_named (fixture->page, CAPTURE_CLIENT);
  chooser = wait_chooser (fixture, "Capture Client to File");
  choose_new_file (fixture, chooser, "client.bin", "_Capture");
  capture = wait_capture (fixture);
  g_assert_nonnull (sw_capture_get_connection (capture));
  sw_test_wait (transfer_running, capture, TIMEOUT_MS, "the capture to start");
  assert_shows (GTK_WIDGET (capture_bar (fixture)), "Capturing 127.0.0.1:");

  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (client.connection)),
                                   payload, MIB, G_PRIORITY_DEFAULT, NULL, client_written_cb, &client);
  sw_test_wait (client_has_written, &client, TIMEOUT_MS, "the client to send");
  g_io_stream_close (G_IO_STREAM (client.connection), NULL, NULL);
  g_clear_object (&client.connection);

  /* It left: the capture of it ends by itself. */
  wait_transfer_ended (capture);
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (capture)), ==, SW_TRANSFER_STATE_DONE);
  assert_shows (GTK_WIDGET (capture_bar (fixture)), "Captured 1,048,576 B (1.0 MB) to “client.bin”");
  file = g_object_ref (sw_transfer_get_file (SW_TRANSFER (capture)));
  captured = file_sha256 (file);
  g_assert_cmpstr (captured, ==, sha256);
}

static gboolean
is_menu_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

/* What a person finds: the Session Menu and its items, the Send File…
 * button, and the file choosers they open. */
static void
test_menu_and_choosers (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("echo_server.py", NULL);
  guint16 port = sw_test_peer_expect_port (echo, "^PORT (\\d+)");
  GtkWidget *menu_button = sw_test_ui_find (fixture->page, is_menu_button, "Session Menu");
  GtkWidget *send_file = sw_test_ui_find_button (fixture->page, "Send File…");
  static const char * const actions[] = { "page.send-file", "page.capture", "page.stop-capture" };
  GMenuModel *menu;
  GMenuModel *section;
  GtkWidget *chooser;
  SwCapture *capture;

  /* The menu: labelled, its items the page's actions. */
  g_assert_nonnull (menu_button);
  gtk_test_accessible_assert_property (menu_button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Session Menu");
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, G_N_ELEMENTS (actions));
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autofree char *action = NULL;

      g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      g_assert_cmpstr (action, ==, actions[i]);
    }
  g_object_unref (section);

  /* Not connected: no file to send; nothing to stop. */
  g_assert_nonnull (send_file);
  g_assert_false (gtk_widget_is_sensitive (send_file));
  gtk_widget_activate_action (fixture->page, "page.stop-capture", NULL);
  g_assert_null (_sw_session_page_get_capture (page (fixture)));

  /* Capture to File… saves: a new name, offered. */
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.capture", NULL));
  chooser = wait_chooser (fixture, "Capture to File");
  g_assert_true (GTK_FILE_CHOOSER (_sw_session_page_get_file_chooser (page (fixture))) != NULL);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==, GTK_FILE_CHOOSER_ACTION_SAVE);
  g_assert_true (g_str_has_prefix (gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser)), "capture-"));
  choose_new_file (fixture, chooser, "chosen.bin", "_Capture");
  capture = wait_capture (fixture);
  g_assert_null (_sw_session_page_get_file_chooser (page (fixture)));
  sw_test_wait (transfer_running, capture, TIMEOUT_MS, "the capture to start");
  g_assert_true (g_str_has_suffix (g_file_peek_path (sw_transfer_get_file (SW_TRANSFER (capture))), "/chosen.bin"));
  click_button (GTK_WIDGET (capture_bar (fixture)), "Stop Capture");
  wait_transfer_ended (capture);
  g_assert_cmpint (sw_transfer_get_state (SW_TRANSFER (capture)), ==, SW_TRANSFER_STATE_DONE);

  /* Connected: Send File… opens a chooser of a file to read. */
  connect_client_page (fixture, port);
  g_assert_true (gtk_widget_is_sensitive (send_file));
  g_signal_emit_by_name (send_file, "clicked");
  chooser = wait_chooser (fixture, "Send File");
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==, GTK_FILE_CHOOSER_ACTION_OPEN);
  click_button (chooser, "_Cancel");
  g_assert_null (_sw_session_page_get_file_chooser (page (fixture)));
  g_assert_null (_sw_session_page_get_file_sender (page (fixture)));
  sw_engine_stop (engine (fixture));
}

int
main (int   argc,
      char *argv[])
{
  sw_test_ui_init (&argc, &argv);

#define ADD(path, type, test) \
  g_test_add ("/sw/files-page/" path, Fixture, (gconstpointer) type, fixture_setup, test, fixture_teardown)

  ADD ("tcp-send", sw_tcp_client_page_get_type, test_tcp_send);
  ADD ("cancel", sw_tcp_client_page_get_type, test_cancel);
  ADD ("udp-send", sw_udp_peer_page_get_type, test_udp_send);
  ADD ("server-selected", sw_tcp_server_page_get_type, test_server_selected);
  ADD ("capture", sw_tcp_client_page_get_type, test_capture);
  ADD ("capture-unwritable", sw_tcp_client_page_get_type, test_capture_unwritable);
  ADD ("capture-write-error", sw_tcp_client_page_get_type, test_capture_write_error);
  ADD ("capture-client", sw_tcp_server_page_get_type, test_capture_client);
  ADD ("menu-and-choosers", sw_tcp_client_page_get_type, test_menu_and_choosers);

#undef ADD

  return g_test_run ();
}

/* test-udp-peer-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-send-bar.h"
#include "sw-session-page.h"
#include "sw-test-ui.h"
#include "sw-udp-peer-page.h"

#define TIMEOUT_MS 20000

typedef struct
{
  GtkWindow     *window;
  SwUdpPeerPage *page;
  SwSendBar     *send_bar;
  SwTrafficView *view;
} Fixture;

static GtkEditable *
find_entry (Fixture    *fixture,
            const char *label_text)
{
  return sw_test_ui_find_entry (GTK_WIDGET (fixture->page), label_text);
}

static void
set_entry (Fixture    *fixture,
           const char *label_text,
           const char *text)
{
  gtk_editable_set_text (find_entry (fixture, label_text), text);
}

static gboolean
is_check_button_labelled (GtkWidget     *widget,
                          gconstpointer  label)
{
  return GTK_IS_CHECK_BUTTON (widget) &&
         g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0;
}

static GtkCheckButton *
find_check_button (GtkWidget  *root,
                   const char *label)
{
  GtkWidget *check = sw_test_ui_find (root, is_check_button_labelled, label);

  return check != NULL ? GTK_CHECK_BUTTON (check) : NULL;
}

static gboolean
is_label_starting (GtkWidget     *widget,
                   gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

/* The label whose text starts with @prefix, visible or not. */
static GtkLabel *
find_label (GtkWidget  *root,
            const char *prefix)
{
  GtkWidget *label = sw_test_ui_find (root, is_label_starting, prefix);

  return label != NULL ? GTK_LABEL (label) : NULL;
}

/* The error line under the form. */
static GtkLabel *
error_label (Fixture *fixture)
{
  return sw_test_ui_page_label (GTK_WIDGET (fixture->page), "error");
}

static const char *
shown_error (Fixture *fixture)
{
  GtkLabel *label = error_label (fixture);

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

static const char *
status_text (Fixture *fixture)
{
  GtkLabel *label = find_label (GTK_WIDGET (fixture->page), "Bound to ");

  if (label == NULL)
    label = find_label (GTK_WIDGET (fixture->page), "Not bound");
  g_assert_nonnull (label);

  return gtk_label_get_text (label);
}

static char *
dup_title (Fixture *fixture)
{
  char *title = NULL;

  g_object_get (fixture->page, "title", &title, NULL);

  return title;
}

static SwUdpPeer *
peer_of (Fixture *fixture)
{
  return sw_udp_peer_page_get_peer (fixture->page);
}

static char *
to_hex (const char *text)
{
  GString *hex = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    g_string_append_printf (hex, "%02x", (guchar) *p);

  return g_string_free (hex, FALSE);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->page = SW_UDP_PEER_PAGE (sw_udp_peer_page_new ());
  fixture->window = sw_test_ui_show_page (GTK_WIDGET (fixture->page), 1000, 700);

  fixture->send_bar = sw_test_ui_find_type (GTK_WIDGET (fixture->page), SW_TYPE_SEND_BAR);
  fixture->view = sw_session_page_get_traffic_view (SW_SESSION_PAGE (fixture->page));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  sw_test_ui_destroy_page (fixture->window);
}

static gboolean
is_bound (gpointer data)
{
  return sw_udp_peer_get_bound (data);
}

/* Binds through the form, as a person does, and returns the port. */
static guint16
bind_page (Fixture    *fixture,
           const char *address)
{
  set_entry (fixture, "Local address", address);
  set_entry (fixture, "Local port", "0");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.bind", NULL));
  g_assert_true (sw_udp_peer_get_bound (peer_of (fixture)));

  return sw_udp_peer_get_local_port (peer_of (fixture));
}

static void
send_message (Fixture    *fixture,
              const char *text)
{
  sw_send_bar_set_text (fixture->send_bar, text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->send_bar), "send-bar.send", NULL));
}

static void
test_receive_reply_and_hex (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *bind_button = sw_test_ui_find_button (GTK_WIDGET (fixture->page), "_Bind");
  GtkLabel *last_sender;
  g_autofree char *port = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *title = NULL;
  g_autofree char *hello_hex = to_hex ("hello udp");
  g_autofree char *reply = NULL;
  g_autofree char *reply_hex = to_hex ("pong");
  g_autoptr(SwTestPeer) sender = NULL;
  guint16 local_port;
  guint16 sender_port;

  g_assert_nonnull (bind_button);
  g_assert_cmpstr (status_text (fixture), ==, "Not bound: sending binds to a free port");
  title = dup_title (fixture);
  g_assert_cmpstr (title, ==, "UDP Peer");

  local_port = bind_page (fixture, "127.0.0.1");
  g_assert_cmpuint (local_port, >, 0);

  /* The actual port, on the status line and the tab. */
  expected = g_strdup_printf ("Bound to 127.0.0.1:%u", local_port);
  g_assert_cmpstr (status_text (fixture), ==, expected);
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&title, g_free);
  title = dup_title (fixture);
  expected = g_strdup_printf ("UDP :%u", local_port);
  g_assert_cmpstr (title, ==, expected);
  g_clear_pointer (&expected, g_free);

  /* The same button closes, and the local fields stay put while bound. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (bind_button)), ==, "_Close");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (find_entry (fixture, "Local address"))));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (find_entry (fixture, "Local port"))));
  g_assert_null (shown_error (fixture));

  /* Nowhere to send yet. */
  g_assert_false (sw_send_bar_get_can_send (fixture->send_bar));
  g_assert_null (find_label (GTK_WIDGET (fixture->page), "Last datagram from"));

  port = g_strdup_printf ("%u", local_port);
  sender = sw_test_peer_new ("udp_peer.py", "send", "127.0.0.1", port, hello_hex, NULL);
  sender_port = sw_test_peer_expect_port (sender, "^PORT (\\d+)");

  /* The datagram shows with its source. */
  expected = g_strdup_printf ("← 127.0.0.1:%u (9 B) hello udp", sender_port);
  sw_test_ui_wait_view_shows (fixture->view, expected, TIMEOUT_MS);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("Last datagram from 127.0.0.1:%u", sender_port);
  last_sender = find_label (GTK_WIDGET (fixture->page), "Last datagram from");
  g_assert_nonnull (last_sender);
  g_assert_cmpstr (gtk_label_get_text (last_sender), ==, expected);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (last_sender)));
  g_clear_pointer (&expected, g_free);

  /* Replying needs no remote. */
  g_assert_false (sw_send_bar_get_can_send (fixture->send_bar));
  gtk_switch_set_active (GTK_SWITCH (sw_test_ui_find_labelled (GTK_WIDGET (fixture->page), "Reply to last sender")), TRUE);
  g_assert_true (sw_udp_peer_get_reply_to_sender (peer_of (fixture)));
  g_assert_true (sw_send_bar_get_can_send (fixture->send_bar));
  sw_send_bar_set_text (fixture->send_bar, "pong");
  g_assert_true (gtk_widget_get_sensitive (sw_test_ui_find_button (GTK_WIDGET (fixture->send_bar), "_Send")));

  send_message (fixture, "pong");
  reply = sw_test_peer_expect (sender, "^REPLY ([0-9a-f-]+)$", TIMEOUT_MS);
  g_assert_cmpstr (reply, ==, reply_hex);
  expected = g_strdup_printf ("→ 127.0.0.1:%u (4 B) pong", sender_port);
  sw_test_ui_wait_view_shows (fixture->view, expected, TIMEOUT_MS);

  /* The Hex toggle re-renders the received bytes as a hex dump. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "view.display-mode", "s", "hex"));
  sw_test_ui_wait_view_shows (fixture->view, "00000000  68 65 6C 6C 6F 20 75 64", TIMEOUT_MS);
  sw_test_ui_wait_view_shows (fixture->view, "|hello udp|", TIMEOUT_MS);

  /* Closing gives the form back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.bind", NULL));
  g_assert_false (sw_udp_peer_get_bound (peer_of (fixture)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (bind_button)), ==, "_Bind");
  g_assert_cmpstr (status_text (fixture), ==, "Not bound: sending binds to a free port");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (find_entry (fixture, "Local port"))));
  /* The typed port was 0: the tab has no port to name now. */
  g_clear_pointer (&title, g_free);
  title = dup_title (fixture);
  g_assert_cmpstr (title, ==, "UDP Peer");
}

static void
test_echo_peer (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("udp_peer.py", "echo", NULL);
  guint16 echo_port = sw_test_peer_expect_port (echo, "^PORT (\\d+)");
  g_autofree char *port = g_strdup_printf ("%u", echo_port);
  g_autofree char *line = NULL;
  g_autofree char *expected = NULL;
  guint16 local_port = bind_page (fixture, "127.0.0.1");

  set_entry (fixture, "Remote host", "127.0.0.1");
  g_assert_false (sw_send_bar_get_can_send (fixture->send_bar));
  set_entry (fixture, "Remote port", port);
  g_assert_true (sw_send_bar_get_can_send (fixture->send_bar));

  send_message (fixture, "ping\\n");
  line = sw_test_peer_expect (echo, "^FROM (.*)$", TIMEOUT_MS);
  expected = g_strdup_printf ("127.0.0.1 %u 70696e670a", local_port);
  g_assert_cmpstr (line, ==, expected);
  g_clear_pointer (&expected, g_free);

  /* What went out and what came back, each with the peer. */
  expected = g_strdup_printf ("→ 127.0.0.1:%u (5 B) ping\\n", echo_port);
  sw_test_ui_wait_view_shows (fixture->view, expected, TIMEOUT_MS);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("← 127.0.0.1:%u (5 B) ping\\n", echo_port);
  sw_test_ui_wait_view_shows (fixture->view, expected, TIMEOUT_MS);
  g_assert_null (shown_error (fixture));

  /* "host:port" in the host field fills both. */
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("127.0.0.1:%u", echo_port);
  set_entry (fixture, "Remote port", "");
  g_assert_false (sw_send_bar_get_can_send (fixture->send_bar));
  set_entry (fixture, "Remote host", expected);
  g_assert_true (sw_send_bar_get_can_send (fixture->send_bar));
  send_message (fixture, "again");
  g_clear_pointer (&line, g_free);
  line = sw_test_peer_expect (echo, "^FROM (.*)$", TIMEOUT_MS);
  g_assert_true (g_str_has_suffix (line, " 616761696e"));
}

/* Enter in the Local port field binds; the local form turns insensitive,
 * and the focus goes on to the message. */
static void
test_enter_binds (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *message = sw_test_ui_find_type (GTK_WIDGET (fixture->send_bar), GTK_TYPE_TEXT_VIEW);

  set_entry (fixture, "Local address", "127.0.0.1");
  set_entry (fixture, "Local port", "0");
  g_assert_true (sw_test_ui_press_enter_in (GTK_WIDGET (fixture->page), "Local port") == message);
  g_assert_true (sw_udp_peer_get_bound (peer_of (fixture)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (find_entry (fixture, "Local port"))));
  sw_test_ui_assert_keeps_focus (message);
}

static void
test_implicit_bind (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("udp_peer.py", "echo", NULL);
  g_autofree char *port = g_strdup_printf ("%u", sw_test_peer_expect_port (echo, "^PORT (\\d+)"));
  g_autofree char *line = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *title = NULL;
  guint16 local_port;

  g_assert_false (sw_udp_peer_get_bound (peer_of (fixture)));
  g_assert_cmpstr (status_text (fixture), ==, "Not bound: sending binds to a free port");

  set_entry (fixture, "Remote host", "127.0.0.1");
  set_entry (fixture, "Remote port", port);
  send_message (fixture, "hi");
  line = sw_test_peer_expect (echo, "^FROM (.*)$", TIMEOUT_MS);
  g_assert_true (g_str_has_suffix (line, " 6869"));
  sw_test_wait (is_bound, peer_of (fixture), TIMEOUT_MS, "the page to be bound");

  /* Sending bound the page to a free port, and the page says which. */
  local_port = sw_udp_peer_get_local_port (peer_of (fixture));
  g_assert_cmpuint (local_port, >, 0);
  /* Every interface: "[::]" where IPv6 works, else "0.0.0.0". */
  expected = g_strdup_printf (":%u", local_port);
  g_assert_true (g_str_has_prefix (status_text (fixture), "Bound to "));
  g_assert_true (g_str_has_suffix (status_text (fixture), expected));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("UDP :%u", local_port);
  title = dup_title (fixture);
  g_assert_cmpstr (title, ==, expected);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (sw_test_ui_find_button (GTK_WIDGET (fixture->page), "_Close"))),
                   ==, "_Close");
  sw_test_ui_wait_view_shows (fixture->view, "(2 B) hi", TIMEOUT_MS);
}

static void
test_no_remote_blocks_send (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *send_button = sw_test_ui_find_button (GTK_WIDGET (fixture->send_bar), "_Send");

  sw_send_bar_set_text (fixture->send_bar, "hello");
  g_assert_false (sw_send_bar_get_can_send (fixture->send_bar));
  g_assert_false (gtk_widget_get_sensitive (send_button));
  g_assert_cmpstr (sw_send_bar_get_send_blocked_reason (fixture->send_bar), ==, "Enter a remote host and port");

  /* A host alone is not enough. */
  set_entry (fixture, "Remote host", "127.0.0.1");
  g_assert_false (sw_send_bar_get_can_send (fixture->send_bar));

  /* Nor is replying to nobody. */
  set_entry (fixture, "Remote host", "");
  gtk_switch_set_active (GTK_SWITCH (sw_test_ui_find_labelled (GTK_WIDGET (fixture->page), "Reply to last sender")), TRUE);
  g_assert_false (sw_send_bar_get_can_send (fixture->send_bar));
  g_assert_false (gtk_widget_get_sensitive (send_button));
  g_assert_cmpstr (sw_send_bar_get_send_blocked_reason (fixture->send_bar),
                   ==, "Nobody has sent a datagram yet: enter a remote host and port");
  g_assert_cmpuint (sw_traffic_log_get_n_records (sw_engine_get_log (SW_ENGINE (peer_of (fixture)))), ==, 0);
}

static void
test_bad_remote_sends_nothing (Fixture       *fixture,
                               gconstpointer  data)
{
  SwTrafficLog *log = sw_engine_get_log (SW_ENGINE (peer_of (fixture)));
  guint64 records;

  bind_page (fixture, "127.0.0.1");
  records = sw_traffic_log_get_n_records (log);

  set_entry (fixture, "Remote host", "127.0.0.1");
  set_entry (fixture, "Remote port", "70000");
  g_assert_true (sw_send_bar_get_can_send (fixture->send_bar));
  send_message (fixture, "never sent");
  sw_test_run_for (50);

  /* Said under the form, and nothing went out. */
  g_assert_cmpstr (shown_error (fixture), ==, "Port must be 1–65535");
  g_assert_cmpuint (sw_traffic_log_get_n_records (log), ==, records);
  g_assert_null (sw_udp_peer_get_remote (peer_of (fixture)));

  set_entry (fixture, "Remote host", "256.1.1.1");
  set_entry (fixture, "Remote port", "9");
  send_message (fixture, "never sent");
  g_assert_nonnull (shown_error (fixture));
  g_assert_nonnull (strstr (shown_error (fixture), "“256.1.1.1” is not a valid IPv4 address"));
  g_assert_cmpuint (sw_traffic_log_get_n_records (log), ==, records);
}

static void
test_bad_local_input (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *title = NULL;

  set_entry (fixture, "Local port", "70000");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.bind", NULL));
  g_assert_cmpstr (shown_error (fixture), ==, "Port must be 0–65535");
  g_assert_false (sw_udp_peer_get_bound (peer_of (fixture)));

  set_entry (fixture, "Local port", "7788");
  title = dup_title (fixture);
  g_assert_cmpstr (title, ==, "UDP :7788");

  set_entry (fixture, "Local address", "localhost");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.bind", NULL));
  g_assert_nonnull (shown_error (fixture));
  g_assert_true (g_str_has_prefix (shown_error (fixture), "“localhost” is not an IP address"));
  g_assert_false (sw_udp_peer_get_bound (peer_of (fixture)));
  g_assert_cmpuint (sw_traffic_log_get_n_records (sw_engine_get_log (SW_ENGINE (peer_of (fixture)))), ==, 0);
}

static void
test_port_in_use (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SwTestPeer) other = sw_test_peer_new ("udp_peer.py", "echo", NULL);
  g_autofree char *port = g_strdup_printf ("%u", sw_test_peer_expect_port (other, "^PORT (\\d+)"));
  g_autofree char *expected = NULL;
  const GError *error;

  set_entry (fixture, "Local address", "127.0.0.1");
  set_entry (fixture, "Local port", port);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.bind", NULL));

  /* The engine's sentence, as it is. */
  error = sw_engine_get_last_error (SW_ENGINE (peer_of (fixture)));
  g_assert_nonnull (error);
  expected = g_strdup_printf ("127.0.0.1:%s is already in use: stop the program using it or choose another port", port);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpstr (shown_error (fixture), ==, expected);
  g_assert_false (sw_udp_peer_get_bound (peer_of (fixture)));
  g_assert_nonnull (sw_test_ui_find_button (GTK_WIDGET (fixture->page), "_Bind"));
  g_assert_cmpstr (status_text (fixture), ==, "Not bound: sending binds to a free port");

  /* Another port works, and the message goes. */
  set_entry (fixture, "Local port", "0");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.bind", NULL));
  g_assert_true (sw_udp_peer_get_bound (peer_of (fixture)));
  g_assert_null (shown_error (fixture));
}

static void
test_multicast (Fixture       *fixture,
                gconstpointer  data)
{
  GtkLabel *groups;
  g_autofree char *port = NULL;
  g_autofree char *hex = to_hex ("to the group");
  g_autoptr(SwTestPeer) sender = NULL;

  /* The multicast fields are folded away until asked for (Alt+U). */
  g_assert_null (find_label (GTK_WIDGET (fixture->page), "No groups joined"));
  g_assert_true (gtk_widget_mnemonic_activate (sw_test_ui_find_labelled (GTK_WIDGET (fixture->page), "Multicast"), FALSE));
  g_assert_true (gtk_expander_get_expanded (sw_test_ui_find_type (GTK_WIDGET (fixture->page), GTK_TYPE_EXPANDER)));
  groups = find_label (GTK_WIDGET (fixture->page), "No groups joined");
  g_assert_nonnull (groups);
  g_assert_false (gtk_widget_get_sensitive (sw_test_ui_find_button (GTK_WIDGET (fixture->page), "Lea_ve")));

  set_entry (fixture, "Group", "239.255.42.99");
  set_entry (fixture, "Interface", "lo");

  /* Joining needs a bound socket, and the page says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.join-group", NULL));
  g_assert_cmpstr (shown_error (fixture), ==, "Bind a local port first: a group is joined on a bound socket");
  g_assert_cmpstr (gtk_label_get_text (groups), ==, "No groups joined");

  /* Not a group. */
  bind_page (fixture, "0.0.0.0");
  set_entry (fixture, "Group", "10.1.2.3");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.join-group", NULL));
  g_assert_nonnull (shown_error (fixture));
  g_assert_true (g_str_has_prefix (shown_error (fixture), "10.1.2.3%lo is not a multicast address"));

  set_entry (fixture, "Group", "239.255.42.99");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.join-group", NULL));
  if (shown_error (fixture) != NULL)
    {
      g_test_skip_printf ("cannot join a multicast group on lo here: %s", shown_error (fixture));
      return;
    }

  g_assert_cmpstr (gtk_label_get_text (groups), ==, "Joined: 239.255.42.99%lo");
  g_assert_true (gtk_widget_get_sensitive (sw_test_ui_find_button (GTK_WIDGET (fixture->page), "Lea_ve")));

  /* What is sent to the group, out of lo, arrives. */
  port = g_strdup_printf ("%u", sw_udp_peer_get_local_port (peer_of (fixture)));
  sender = sw_test_peer_new ("udp_peer.py", "send", "239.255.42.99", port, hex, "--multicast-loopback", NULL);
  sw_test_peer_expect_port (sender, "^PORT (\\d+)");
  sw_test_ui_wait_view_shows (fixture->view, "(12 B) to the group", TIMEOUT_MS);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.leave-group", NULL));
  g_assert_null (shown_error (fixture));
  g_assert_cmpstr (gtk_label_get_text (groups), ==, "No groups joined");
  g_assert_false (gtk_widget_get_sensitive (sw_test_ui_find_button (GTK_WIDGET (fixture->page), "Lea_ve")));
}

/* Every mnemonic a person can press now, each once. */
static void
collect_mnemonics (GtkWidget  *root,
                   GHashTable *seen)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
          gtk_label_get_mnemonic_keyval (GTK_LABEL (child)) != GDK_KEY_VoidSymbol)
        {
          guint key = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (child)));
          const char *other = g_hash_table_lookup (seen, GUINT_TO_POINTER (key));

          if (other != NULL)
            g_error ("“%s” and “%s” share the mnemonic %s",
                     other, gtk_label_get_label (GTK_LABEL (child)), gdk_keyval_name (key));
          g_hash_table_insert (seen, GUINT_TO_POINTER (key), (gpointer) gtk_label_get_label (GTK_LABEL (child)));
        }
      collect_mnemonics (child, seen);
    }
}

static guint
count_mnemonics (Fixture *fixture)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  collect_mnemonics (GTK_WIDGET (fixture->page), seen);

  return g_hash_table_size (seen);
}

static void
test_mnemonics_unique (Fixture       *fixture,
                       gconstpointer  data)
{
  guint folded;

  folded = count_mnemonics (fixture);
  gtk_expander_set_expanded (sw_test_ui_find_type (GTK_WIDGET (fixture->page), GTK_TYPE_EXPANDER), TRUE);
  sw_test_ui_wait_mapped (GTK_WIDGET (find_entry (fixture, "Group")));
  /* Group, Join and Leave. */
  g_assert_cmpuint (count_mnemonics (fixture), ==, folded + 3);

  /* Bind becomes Close, which needs a letter of its own too. */
  bind_page (fixture, "127.0.0.1");
  g_assert_nonnull (sw_test_ui_find_button (GTK_WIDGET (fixture->page), "_Close"));
  g_assert_cmpuint (count_mnemonics (fixture), ==, folded + 3);
}

static void
test_state_round_trip (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GVariant) state = NULL;
  SwUdpPeerPage *other = SW_UDP_PEER_PAGE (g_object_ref_sink (sw_udp_peer_page_new ()));
  SwUdpPeer *other_peer = g_object_ref (sw_udp_peer_page_get_peer (other));
  SwSendBar *other_bar = sw_test_ui_find_type (GTK_WIDGET (other), SW_TYPE_SEND_BAR);
  Fixture second = { NULL, other, other_bar, sw_session_page_get_traffic_view (SW_SESSION_PAGE (other)) };
  g_autofree char *title = NULL;

  gtk_expander_set_expanded (sw_test_ui_find_type (GTK_WIDGET (fixture->page), GTK_TYPE_EXPANDER), TRUE);
  gtk_expander_set_expanded (sw_test_ui_find_type (GTK_WIDGET (other), GTK_TYPE_EXPANDER), TRUE);
  set_entry (fixture, "Local address", "::");
  set_entry (fixture, "Local port", "7788");
  set_entry (fixture, "Remote host", "192.168.1.255");
  set_entry (fixture, "Remote port", "9");
  set_entry (fixture, "Group", "ff02::1234");
  set_entry (fixture, "Interface", "eth0");
  gtk_switch_set_active (GTK_SWITCH (sw_test_ui_find_labelled (GTK_WIDGET (fixture->page), "Reply to last sender")), TRUE);
  gtk_check_button_set_active (find_check_button (GTK_WIDGET (fixture->page), "Broa_dcast"), TRUE);
  g_assert_true (sw_udp_peer_get_broadcast (peer_of (fixture)));
  sw_send_bar_set_text (fixture->send_bar, "DISCOVER\\r\\n");
  sw_send_bar_set_encoding (fixture->send_bar, SW_ENCODING_GB18030);
  sw_traffic_view_set_display_mode (fixture->view, SW_DISPLAY_MODE_HEX);

  state = g_variant_ref_sink (sw_session_page_save_state (SW_SESSION_PAGE (fixture->page)));
  g_assert_cmpstr (g_variant_get_type_string (state), ==, "a{sv}");
  sw_session_page_restore_state (SW_SESSION_PAGE (other), state);

  g_assert_cmpstr (sw_session_page_get_kind (SW_SESSION_PAGE (other))->id, ==, "udp-peer");
  g_assert_cmpstr (gtk_editable_get_text (find_entry (&second, "Local address")), ==, "::");
  g_assert_cmpstr (gtk_editable_get_text (find_entry (&second, "Local port")), ==, "7788");
  g_assert_cmpstr (gtk_editable_get_text (find_entry (&second, "Remote host")), ==, "192.168.1.255");
  g_assert_cmpstr (gtk_editable_get_text (find_entry (&second, "Remote port")), ==, "9");
  g_assert_cmpstr (gtk_editable_get_text (find_entry (&second, "Group")), ==, "ff02::1234");
  g_assert_cmpstr (gtk_editable_get_text (find_entry (&second, "Interface")), ==, "eth0");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw_test_ui_find_labelled (GTK_WIDGET (other), "Reply to last sender"))));
  g_assert_true (sw_udp_peer_get_reply_to_sender (other_peer));
  g_assert_true (gtk_check_button_get_active (find_check_button (GTK_WIDGET (other), "Broa_dcast")));
  g_assert_true (sw_udp_peer_get_broadcast (other_peer));
  g_assert_cmpstr (sw_send_bar_get_text (other_bar), ==, "DISCOVER\\r\\n");
  g_assert_cmpint (sw_send_bar_get_encoding (other_bar), ==, SW_ENCODING_GB18030);
  g_assert_cmpint (sw_traffic_view_get_display_mode (second.view), ==, SW_DISPLAY_MODE_HEX);
  /* Restoring does not bind: the tab names the port it will bind. */
  g_assert_false (sw_udp_peer_get_bound (other_peer));
  g_object_get (other, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "UDP :7788");

  g_assert_finalize_object (other);
  g_assert_finalize_object (other_peer);
}

/* #9: the view stopped short of the end after the largest datagram. */
static void
test_follow_largest_datagram (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *port = g_strdup_printf ("%u", bind_page (fixture, "127.0.0.1"));
  g_autoptr(SwTestPeer) sender = sw_test_peer_new ("udp_peer.py", "big", "127.0.0.1", port, "65507", NULL);

  g_assert_true (sw_traffic_view_get_follow (fixture->view));
  sw_test_peer_expect (sender, "^SENT 1", TIMEOUT_MS);
  sw_test_ui_wait_view_shows (fixture->view, "(65507 B)", TIMEOUT_MS);
  sw_test_ui_assert_view_shows_end (fixture->view, 1000);
}

/* A screen reader reads each field of the form by its visible label, once. */
static void
test_fields_named_once (Fixture       *fixture,
                        gconstpointer  data)
{
  /* The multicast fields too. */
  gtk_expander_set_expanded (sw_test_ui_find_type (GTK_WIDGET (fixture->page), GTK_TYPE_EXPANDER), TRUE);
  sw_test_ui_assert_named_once (GTK_WIDGET (fixture->page));
}

int
main (int   argc,
      char *argv[])
{
  sw_test_ui_init (&argc, &argv);

  g_test_add ("/sw/udp-peer-page/receive-reply-and-hex", Fixture, NULL,
              fixture_setup, test_receive_reply_and_hex, fixture_teardown);
  g_test_add ("/sw/udp-peer-page/echo-peer", Fixture, NULL,
              fixture_setup, test_echo_peer, fixture_teardown);
  g_test_add ("/sw/udp-peer-page/enter-binds", Fixture, NULL,
              fixture_setup, test_enter_binds, fixture_teardown);
  g_test_add ("/sw/udp-peer-page/implicit-bind", Fixture, NULL,
              fixture_setup, test_implicit_bind, fixture_teardown);
  g_test_add ("/sw/udp-peer-page/no-remote-blocks-send", Fixture, NULL,
              fixture_setup, test_no_remote_blocks_send, fixture_teardown);
  g_test_add ("/sw/udp-peer-page/bad-remote-sends-nothing", Fixture, NULL,
              fixture_setup, test_bad_remote_sends_nothing, fixture_teardown);
  g_test_add ("/sw/udp-peer-page/bad-local-input", Fixture, NULL,
              fixture_setup, test_bad_local_input, fixture_teardown);
  g_test_add ("/sw/udp-peer-page/port-in-use", Fixture, NULL,
              fixture_setup, test_port_in_use, fixture_teardown);
  g_test_add ("/sw/udp-peer-page/multicast", Fixture, NULL,
              fixture_setup, test_multicast, fixture_teardown);
  g_test_add ("/sw/udp-peer-page/mnemonics-unique", Fixture, NULL,
              fixture_setup, test_mnemonics_unique, fixture_teardown);
  g_test_add ("/sw/udp-peer-page/state-round-trip", Fixture, NULL,
              fixture_setup, test_state_round_trip, fixture_teardown);
  g_test_add ("/sw/udp-peer-page/follow-largest-datagram", Fixture, NULL,
              fixture_setup, test_follow_largest_datagram, fixture_teardown);
  g_test_add ("/sw/udp-peer-page/fields-named-once", Fixture, NULL,
              fixture_setup, test_fields_named_once, fixture_teardown);

  return g_test_run ();
}

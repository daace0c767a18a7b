/* test-relay-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-relay-page.h"
#include "sw-send-bar.h"
#include "sw-test-ui.h"

#define TIMEOUT_MS 20000

typedef struct
{
  GtkWindow   *window;
  SwRelayPage *page;
  SwTestPeer  *echo;
  guint16      port;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->echo = sw_test_peer_new ("echo_server.py", NULL);
  fixture->port = sw_test_peer_expect_port (fixture->echo, "^PORT (\\d+)");

  fixture->page = SW_RELAY_PAGE (sw_relay_page_new ());
  fixture->window = sw_test_ui_show_page (GTK_WIDGET (fixture->page), 1100, 700);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  /* A test may have closed it already. */
  if (fixture->window != NULL)
    sw_test_ui_destroy_page (fixture->window);
  sw_test_peer_free (fixture->echo);
}

static gboolean
is_running (gpointer data)
{
  return sw_relay_get_running (sw_relay_page_get_relay (data));
}

/* A control with no label on screen (Protocol), by the accessible name the
 * .ui gave it, as a screen reader reads it. */
static gboolean
has_accessible_label (GtkWidget     *widget,
                      gconstpointer  data)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  g_autofree char *mismatch = NULL;

  /* A label is named by its own text: the control is what is wanted. */
  if (GTK_IS_LABEL (widget) ||
      !gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    return FALSE;
  mismatch = gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, data);

  return mismatch == NULL;
}

static GtkWidget *
find_by_accessible_name (GtkWidget  *root,
                         const char *name)
{
  GtkWidget *widget = sw_test_ui_find (root, has_accessible_label, name);

  g_assert_nonnull (widget);
  return widget;
}

static void
start_relay (Fixture *fixture)
{
  g_autofree char *upstream_port = g_strdup_printf ("%u", fixture->port);
  GtkWidget *page = GTK_WIDGET (fixture->page);

  /* As a person fills the form: by the fields' names. */
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Listen port"), "0");
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Upstream host"), "127.0.0.1");
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Upstream port"), upstream_port);
  g_signal_emit_by_name (sw_test_ui_find_button (page, "S_tart"), "clicked");
  sw_test_wait (is_running, fixture->page, TIMEOUT_MS, "the relay to start");
  g_assert_nonnull (sw_test_ui_find_button (page, "S_top"));
}

static gboolean
has_a_connection (gpointer data)
{
  return g_list_model_get_n_items (sw_relay_get_connections (sw_relay_page_get_relay (data))) == 1;
}

static void
send_from_bar (Fixture    *fixture,
               const char *text)
{
  SwSendBar *bar = sw_session_page_get_send_bar (SW_SESSION_PAGE (fixture->page));

  sw_send_bar_set_line_ending (bar, SW_LINE_ENDING_LF);
  sw_send_bar_set_text (bar, text);
  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (bar), "_Send"), "clicked");
}

static void
test_relays_and_injects (Fixture       *fixture,
                         gconstpointer  data)
{
  SwRelay *relay = sw_relay_page_get_relay (fixture->page);
  SwTrafficView *view = sw_session_page_get_traffic_view (SW_SESSION_PAGE (fixture->page));
  GtkDropDown *target = GTK_DROP_DOWN (sw_test_ui_find_labelled (GTK_WIDGET (fixture->page), "Send to"));
  g_autoptr(SwTestPeer) client = NULL;
  g_autofree char *target_address = NULL;
  g_autofree char *line = NULL;

  start_relay (fixture);

  /* A client through the relay: its line goes up, the echo comes down. */
  target_address = g_strdup_printf ("TCP4:127.0.0.1:%u", sw_relay_get_port (relay));
  client = sw_test_peer_new ("socat", "-", target_address, NULL);
  sw_test_peer_write (client, "ping through\n", 13);
  line = sw_test_peer_expect (client, "^(ping through)$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "ping through");
  sw_test_wait (has_a_connection, fixture->page, TIMEOUT_MS, "the relayed connection in the list");
  sw_test_ui_wait_view_shows (view, "ping through", TIMEOUT_MS);
  g_clear_pointer (&line, g_free);

  /* Typed in, towards the client: only the client sees it. */
  gtk_drop_down_set_selected (target, SW_RELAY_TARGET_CLIENT);
  g_assert_cmpint (sw_relay_get_target (relay), ==, SW_RELAY_TARGET_CLIENT);
  send_from_bar (fixture, "hello from the relay");
  line = sw_test_peer_expect (client, "^(hello from the relay)$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "hello from the relay");
  g_clear_pointer (&line, g_free);

  /* Towards the upstream: the echo server answers the client with it. */
  gtk_drop_down_set_selected (target, SW_RELAY_TARGET_UPSTREAM);
  send_from_bar (fixture, "hello upstream");
  line = sw_test_peer_expect (client, "^(hello upstream)$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "hello upstream");

  sw_test_ui_wait_view_shows (view, "hello upstream", TIMEOUT_MS);
  sw_test_ui_wait_view_shows (view, "hello from the relay", TIMEOUT_MS);

  /* Stop closes the relayed connection. */
  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (fixture->page), "S_top"), "clicked");
  g_assert_false (sw_relay_get_running (relay));
  g_assert_cmpuint (g_list_model_get_n_items (sw_relay_get_connections (relay)), ==, 0);
}

static void
test_bad_upstream_changes_nothing (Fixture       *fixture,
                                   gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GtkLabel *error = sw_test_ui_page_label (page, "error");

  gtk_editable_set_text (sw_test_ui_find_entry (page, "Upstream port"), "99999");
  g_signal_emit_by_name (sw_test_ui_find_button (page, "S_tart"), "clicked");

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error)));
  g_assert_nonnull (strstr (gtk_label_get_text (error), "65535"));
  /* The field to fix has the focus. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                         sw_test_ui_find_labelled (page, "Upstream port")) ||
                 gtk_root_get_focus (GTK_ROOT (fixture->window)) == sw_test_ui_find_labelled (page, "Upstream port"));
  g_assert_false (sw_relay_get_running (sw_relay_page_get_relay (fixture->page)));
  g_assert_nonnull (sw_test_ui_find_button (page, "S_tart"));
}

static void
test_state_round_trip (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  g_autoptr(GVariant) state = NULL;
  GtkWidget *other = sw_relay_page_new ();

  g_object_ref_sink (other);
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Upstream host"), "example.org");
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Upstream port"), "8000");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_by_accessible_name (page, "Protocol")), 1);

  state = g_variant_ref_sink (sw_session_page_save_state (SW_SESSION_PAGE (page)));
  sw_session_page_restore_state (SW_SESSION_PAGE (other), state);

  g_assert_cmpstr (sw_session_page_get_kind (SW_SESSION_PAGE (other))->id, ==, "relay");
  g_assert_cmpstr (gtk_editable_get_text (sw_test_ui_find_entry (other, "Upstream host")), ==, "example.org");
  g_assert_cmpstr (gtk_editable_get_text (sw_test_ui_find_entry (other, "Upstream port")), ==, "8000");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (find_by_accessible_name (other, "Protocol"))), ==, 1);

  g_assert_finalize_object (other);
}

/* Closing the tab while a client is relayed: the relay stops and the
 * connection goes, with the page's widgets already gone (it crashed). */
static void
test_close_while_relaying (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(SwTestPeer) client = NULL;
  g_autofree char *target_address = NULL;
  g_autofree char *line = NULL;

  start_relay (fixture);
  target_address = g_strdup_printf ("TCP4:127.0.0.1:%u", sw_relay_get_port (sw_relay_page_get_relay (fixture->page)));
  client = sw_test_peer_new ("socat", "-", target_address, NULL);
  sw_test_peer_write (client, "still here\n", 11);
  line = sw_test_peer_expect (client, "^(still here)$", TIMEOUT_MS);
  g_assert_cmpstr (line, ==, "still here");
  sw_test_wait (has_a_connection, fixture->page, TIMEOUT_MS, "the relayed connection in the list");

  sw_test_ui_destroy_page (g_steal_pointer (&fixture->window));
  g_assert_cmpint (sw_test_peer_wait_exit (client, TIMEOUT_MS), ==, 0);
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

  g_test_add ("/sw/relay-page/relays-and-injects", Fixture, NULL,
              fixture_setup, test_relays_and_injects, fixture_teardown);
  g_test_add ("/sw/relay-page/bad-upstream-changes-nothing", Fixture, NULL,
              fixture_setup, test_bad_upstream_changes_nothing, fixture_teardown);
  g_test_add ("/sw/relay-page/close-while-relaying", Fixture, NULL,
              fixture_setup, test_close_while_relaying, fixture_teardown);
  g_test_add ("/sw/relay-page/state-round-trip", Fixture, NULL,
              fixture_setup, test_state_round_trip, fixture_teardown);
  g_test_add ("/sw/relay-page/fields-named-once", Fixture, NULL,
              fixture_setup, test_fields_named_once, fixture_teardown);

  return g_test_run ();
}

/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-tcp-client-page.h"
#include "sw-tcp-server-page.h"
#include "sw-test-ui.h"
#include "sw-udp-peer-page.h"
#include "sw-window.h"

static void
test_three_sessions (void)
{
  SwWindow *window = sw_window_new (sw_test_ui_get_application ());

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  sw_test_ui_wait_mapped (GTK_WIDGET (window));

  g_assert_cmpuint (sw_window_get_n_sessions (window), ==, 3);
  g_assert_true (SW_IS_TCP_CLIENT_PAGE (sw_window_get_session (window, 0)));
  g_assert_true (SW_IS_TCP_SERVER_PAGE (sw_window_get_session (window, 1)));
  g_assert_true (SW_IS_UDP_PEER_PAGE (sw_window_get_session (window, 2)));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);
}

static void
test_new_and_close (void)
{
  SwWindow *window = sw_window_new (sw_test_ui_get_application ());
  GtkWidget *page;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-udp-peer", NULL));
  g_assert_cmpuint (sw_window_get_n_sessions (window), ==, 4);
  page = sw_window_get_session (window, 3);
  g_assert_true (SW_IS_UDP_PEER_PAGE (page));
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);

  /* The new session is the current one, and closing closes it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-session", NULL));
  g_assert_cmpuint (sw_window_get_n_sessions (window), ==, 3);
  g_assert_null (page);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);
}

int
main (int   argc,
      char *argv[])
{
  sw_test_ui_init (&argc, &argv);

  g_test_add_func ("/sw/window/three-sessions", test_three_sessions);
  g_test_add_func ("/sw/window/new-and-close", test_new_and_close);

  return g_test_run ();
}

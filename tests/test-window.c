/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-preferences-window.h"
#include "sw-relay-page.h"
#include "sw-session-page.h"
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

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-session", "s", "udp-peer"));
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

/* Every kind of the table is on offer, in the menu and as an action. */
static void
test_every_kind (void)
{
  SwWindow *window = sw_window_new (sw_test_ui_get_application ());
  GtkMenuButton *button;
  GMenuModel *menu;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  /* The first menu button of the header bar: New Session. */
  button = sw_test_ui_find_type (gtk_window_get_titlebar (GTK_WINDOW (window)), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  menu = gtk_menu_button_get_menu_model (button);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, sw_session_kind_get_n ());

  for (guint i = 0; i < sw_session_kind_get_n (); i++)
    {
      const SwSessionKind *kind = sw_session_kind_get (i);
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                                          G_VARIANT_TYPE_STRING);
      g_autofree char *label = NULL;
      GtkWidget *page;

      g_assert_cmpstr (g_variant_get_string (target, NULL), ==, kind->id);
      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_assert_cmpstr (label, ==, sw_session_kind_get_menu_label (kind));

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-session", "s", kind->id));
      page = sw_window_get_session (window, sw_window_get_n_sessions (window) - 1);
      g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (page, kind->get_type ()));
      g_assert_true (sw_session_page_get_kind (SW_SESSION_PAGE (page)) == kind);
    }

  g_assert_true (SW_IS_RELAY_PAGE (sw_window_get_session (window, sw_window_get_n_sessions (window) - 1)));
  g_assert_null (sw_window_add_session (window, "no-such-kind"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "sessions");
}

static gboolean
is_destroyed (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_sessions_restored (void)
{
  SwWindow *window;
  GtkWidget *page;
  GtkEditable *host = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) saved = NULL;

  reset_settings ();
  window = sw_window_new (sw_test_ui_get_application ());
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  sw_test_ui_wait_mapped (GTK_WIDGET (window));

  /* Change a form value and add a fourth session. */
  page = sw_window_get_session (window, 0);
  host = sw_test_ui_find_entry (page, "Host");
  g_assert_nonnull (host);
  gtk_editable_set_text (host, "example.org");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-session", "s", "tcp-client"));

  /* Closing, as a person does, saves them. */
  gtk_window_close (GTK_WINDOW (window));
  sw_test_wait (is_destroyed, &window, 10000, "the window to close");

  saved = g_settings_get_value (settings, "sessions");
  g_assert_cmpuint (g_variant_n_children (saved), ==, 4);

  window = sw_window_new (sw_test_ui_get_application ());
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_assert_cmpuint (sw_window_get_n_sessions (window), ==, 4);
  g_assert_true (SW_IS_TCP_CLIENT_PAGE (sw_window_get_session (window, 0)));
  g_assert_true (SW_IS_TCP_SERVER_PAGE (sw_window_get_session (window, 1)));
  g_assert_true (SW_IS_UDP_PEER_PAGE (sw_window_get_session (window, 2)));
  g_assert_true (SW_IS_TCP_CLIENT_PAGE (sw_window_get_session (window, 3)));
  g_assert_cmpstr (sw_session_page_get_title (SW_SESSION_PAGE (sw_window_get_session (window, 0))), ==, "TCP Client");

  {
    g_autoptr(GVariant) state = sw_session_page_save_state (SW_SESSION_PAGE (sw_window_get_session (window, 0)));
    const char *restored_host = NULL;

    g_variant_ref_sink (state);
    g_assert_true (g_variant_lookup (state, "host", "&s", &restored_host));
    g_assert_cmpstr (restored_host, ==, "example.org");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);
  reset_settings ();
}

static void
test_view_shortcuts (void)
{
  SwWindow *window = sw_window_new (sw_test_ui_get_application ());
  SwTrafficView *view = sw_session_page_get_traffic_view (SW_SESSION_PAGE (sw_window_get_session (window, 0)));

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  g_assert_cmpint (sw_traffic_view_get_display_mode (view), ==, SW_DISPLAY_MODE_TEXT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-hex", NULL));
  g_assert_cmpint (sw_traffic_view_get_display_mode (view), ==, SW_DISPLAY_MODE_HEX);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-hex", NULL));
  g_assert_cmpint (sw_traffic_view_get_display_mode (view), ==, SW_DISPLAY_MODE_TEXT);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *preferences = sw_preferences_window_new (NULL);
  GtkSpinButton *spin;

  g_object_add_weak_pointer (G_OBJECT (preferences), (gpointer *) &preferences);
  gtk_window_present (GTK_WINDOW (preferences));

  /* The first spin button is the log limit; it writes the setting. */
  spin = sw_test_ui_find_type (preferences, GTK_TYPE_SPIN_BUTTON);
  g_assert_nonnull (spin);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 64);
  gtk_spin_button_set_value (spin, 128);
  g_assert_cmpuint (g_settings_get_uint (settings, "log-limit-mib"), ==, 128);
  g_settings_reset (settings, "log-limit-mib");
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 64);

  gtk_window_destroy (GTK_WINDOW (preferences));
  g_assert_null (preferences);
}

int
main (int   argc,
      char *argv[])
{
  sw_test_ui_init (&argc, &argv);

  g_test_add_func ("/sw/window/three-sessions", test_three_sessions);
  g_test_add_func ("/sw/window/new-and-close", test_new_and_close);
  g_test_add_func ("/sw/window/every-kind", test_every_kind);
  g_test_add_func ("/sw/window/sessions-restored", test_sessions_restored);
  g_test_add_func ("/sw/window/view-shortcuts", test_view_shortcuts);
  g_test_add_func ("/sw/window/preferences", test_preferences);

  return g_test_run ();
}

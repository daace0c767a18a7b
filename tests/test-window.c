/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-frame-pacer.h"
#include "sw-preferences-window.h"
#include "sw-relay-page.h"
#include "sw-send-bar.h"
#include "sw-session-page.h"
#include "sw-session-slot.h"
#include "sw-tcp-client-page.h"
#include "sw-tcp-server-page.h"
#include "sw-search-bar.h"
#include "sw-test-ui.h"
#include "sw-udp-peer-page.h"
#include "sw-window.h"

static gboolean
is_destroyed (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* A new window, shown; @window is cleared when it is destroyed. */
static SwWindow *
show_new_window (SwWindow **window)
{
  *window = sw_window_new (sw_test_ui_get_application ());
  g_object_add_weak_pointer (G_OBJECT (*window), (gpointer *) window);
  gtk_window_present (GTK_WINDOW (*window));
  sw_test_ui_wait_mapped (GTK_WIDGET (*window));

  return *window;
}

/* Closes @window as a person does, which saves its sessions. */
static void
close_shown_window (SwWindow **window)
{
  gtk_window_close (GTK_WINDOW (*window));
  sw_test_wait (is_destroyed, window, 10000, "the window to close");
}

static void
test_three_sessions (void)
{
  SwWindow *window;

  show_new_window (&window);

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

/* The × on a session's tab, as a person clicks it. */
static void
test_close_button (void)
{
  SwWindow *window = sw_window_new (sw_test_ui_get_application ());
  GtkWidget *page;
  GtkNotebook *notebook;
  GtkWidget *close;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  sw_test_ui_wait_mapped (GTK_WIDGET (window));

  page = sw_window_get_session (window, 1);
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  notebook = GTK_NOTEBOOK (gtk_widget_get_ancestor (page, GTK_TYPE_NOTEBOOK));
  g_assert_nonnull (notebook);
  close = sw_test_ui_find_type (gtk_notebook_get_tab_label (notebook, gtk_notebook_get_nth_page (notebook, 1)),
                                GTK_TYPE_BUTTON);
  g_assert_nonnull (close);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (close), ==, "Close Session");

  /* It closes its own tab, not the current one. */
  g_assert_cmpint (gtk_notebook_get_current_page (notebook), ==, 0);
  g_signal_emit_by_name (close, "clicked");
  g_assert_cmpuint (sw_window_get_n_sessions (window), ==, 2);
  g_assert_null (page);
  g_assert_true (SW_IS_TCP_CLIENT_PAGE (sw_window_get_session (window, 0)));
  g_assert_true (SW_IS_UDP_PEER_PAGE (sw_window_get_session (window, 1)));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);
}

/* What the window does with a key a person presses, wherever the focus
 * is: its application shortcuts come first (capture phase). */
static gboolean
press_window_shortcut (SwWindow   *window,
                       const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_autoptr(GtkShortcutTrigger) trigger = gtk_shortcut_trigger_parse_string (accelerator);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller)
          || gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                 GTK_WIDGET (window),
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  return FALSE;
}

static int
current_session (SwWindow *window)
{
  GtkWidget *page = sw_window_get_session (window, 0);

  return gtk_notebook_get_current_page (GTK_NOTEBOOK (gtk_widget_get_ancestor (page, GTK_TYPE_NOTEBOOK)));
}

/* Ctrl+PageDown and Ctrl+PageUp go round the tabs from anywhere: the
 * message field (a text view has its own Ctrl+PageDown) or the header
 * bar. */
static void
test_switch_sessions (void)
{
  SwWindow *window = sw_window_new (sw_test_ui_get_application ());
  GtkWidget *message;
  GtkWidget *header_button;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  sw_test_ui_wait_mapped (GTK_WIDGET (window));

  g_assert_cmpint (current_session (window), ==, 0);
  gtk_widget_grab_focus (sw_test_ui_find_type (sw_window_get_session (window, 0), SW_TYPE_SEND_BAR));
  message = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_true (GTK_IS_TEXT_VIEW (message));

  g_assert_true (press_window_shortcut (window, "<Control>Page_Down"));
  g_assert_cmpint (current_session (window), ==, 1);
  g_assert_true (press_window_shortcut (window, "<Control>Page_Down"));
  g_assert_true (press_window_shortcut (window, "<Control>Page_Down"));
  g_assert_cmpint (current_session (window), ==, 0);
  g_assert_true (press_window_shortcut (window, "<Control>Page_Up"));
  g_assert_cmpint (current_session (window), ==, 2);

  header_button = sw_test_ui_find_type (gtk_window_get_titlebar (GTK_WINDOW (window)), GTK_TYPE_MENU_BUTTON);
  gtk_widget_grab_focus (header_button);
  g_assert_true (press_window_shortcut (window, "<Control>Page_Up"));
  g_assert_cmpint (current_session (window), ==, 1);

  /* The Shortcuts window lists them by their actions. */
  {
    g_auto(GStrv) next = gtk_application_get_accels_for_action (GTK_APPLICATION (sw_test_ui_get_application ()),
                                                                "win.next-session");

    g_assert_cmpstr (next[0], ==, "<Control>Page_Down");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);
}

static gboolean
is_session_menu_button (GtkWidget     *widget,
                        gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), "Session Menu") == 0;
}

/* Whether @menu or one of its sections holds an item of @action. */
static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *name = NULL;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action))
        return TRUE;
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }

  return FALSE;
}

/* Ctrl+F opens the search bar of the session shown, the focus in its
 * entry; F3 and Ctrl+G are its next match; "Find…" is in the session
 * menu. */
static void
test_find_shortcut (void)
{
  SwWindow *window = sw_window_new (sw_test_ui_get_application ());
  GtkWidget *page;
  SwSearchBar *bar;
  GtkWidget *entry;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  sw_test_ui_wait_mapped (GTK_WIDGET (window));

  g_assert_true (press_window_shortcut (window, "<Control>Page_Down"));
  page = sw_window_get_session (window, 1);
  bar = sw_test_ui_find_type (GTK_WIDGET (sw_session_page_get_traffic_view (SW_SESSION_PAGE (page))),
                              SW_TYPE_SEARCH_BAR);
  entry = sw_test_ui_find_type (GTK_WIDGET (bar), GTK_TYPE_SEARCH_ENTRY);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
  gtk_widget_grab_focus (sw_test_ui_find_type (page, GTK_TYPE_TEXT_VIEW));

  g_assert_true (press_window_shortcut (window, "<Control>f"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)), entry));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (sw_test_ui_find_type (sw_window_get_session (window, 0),
                                                                            SW_TYPE_SEARCH_BAR))));

  /* The session menu offers it as "Find…". */
  {
    GtkWidget *menu_button = sw_test_ui_find (page, is_session_menu_button, NULL);
    GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));

    g_assert_true (menu_has_action (menu, "win.find"));
  }

  {
    g_auto(GStrv) next = gtk_application_get_accels_for_action (GTK_APPLICATION (sw_test_ui_get_application ()),
                                                                "win.find-next");

    g_assert_true (g_strv_contains ((const char * const *) next, "F3"));
    g_assert_true (g_strv_contains ((const char * const *) next, "<Control>g"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);
}

/* A new session, made from the header bar, is ready to be typed into:
 * its first field has the focus. */
static void
test_new_session_focus (void)
{
  SwWindow *window = sw_window_new (sw_test_ui_get_application ());
  const struct {
    const char *action;
    const char *first_field;
  } kinds[] = {
    { "tcp-client", "Host" },
    { "tcp-server", "Address" },
    { "udp-peer", "Local address" },
    { "relay", "Listen address" },
  };

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  sw_test_ui_wait_mapped (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      GtkWidget *header_button = sw_test_ui_find_type (gtk_window_get_titlebar (GTK_WINDOW (window)),
                                                       GTK_TYPE_MENU_BUTTON);
      GtkWidget *page, *field, *focus;

      gtk_widget_grab_focus (header_button);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-session", "s", kinds[i].action));
      page = sw_window_get_session (window, sw_window_get_n_sessions (window) - 1);
      field = sw_test_ui_find_labelled (page, kinds[i].first_field);
      focus = gtk_window_get_focus (GTK_WINDOW (window));
      g_assert_nonnull (focus);
      g_assert_true (focus == field || gtk_widget_is_ancestor (focus, field));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);
}

static gboolean
is_status_label (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "sw-status");
}

/* The line saying "Not connected" (or listening, bound) is read, not a
 * stop on the way with Tab. */
static void
test_status_not_focusable (void)
{
  SwWindow *window = sw_window_new (sw_test_ui_get_application ());
  const char *says[] = { "Not connected", "Not listening", "Not bound" };

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  sw_test_ui_wait_mapped (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (says); i++)
    {
      GtkWidget *page = sw_window_get_session (window, i);
      GtkWidget *status = sw_test_ui_find (page, is_status_label, NULL);

      gtk_notebook_set_current_page (GTK_NOTEBOOK (gtk_widget_get_ancestor (page, GTK_TYPE_NOTEBOOK)), i);
      g_assert_nonnull (status);
      g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (status)), says[i]));
      g_assert_false (gtk_widget_get_can_focus (status));
      sw_test_ui_assert_tab_skips (page, status);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "sessions");
  g_settings_reset (settings, "selected-session");
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
  show_new_window (&window);

  /* Change a form value and add a fourth session. */
  page = sw_window_get_session (window, 0);
  host = sw_test_ui_find_entry (page, "Host");
  g_assert_nonnull (host);
  gtk_editable_set_text (host, "example.org");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-session", "s", "tcp-client"));

  /* Closing, as a person does, saves them. */
  close_shown_window (&window);

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

static const char *
tab_title (GtkNotebook *notebook,
           int          index)
{
  GtkWidget *label = gtk_notebook_get_tab_label (notebook, gtk_notebook_get_nth_page (notebook, index));

  return gtk_label_get_label (sw_test_ui_find_type (label, GTK_TYPE_LABEL));
}

static SwSessionPage *
made_page (GtkNotebook *notebook,
           int          index)
{
  return sw_session_slot_peek_page (SW_SESSION_SLOT (gtk_notebook_get_nth_page (notebook, index)));
}

/* A tab's page is made when the tab is first shown: until then its title
 * is the one saved, and closing the window saves what was restored. */
static void
test_pages_made_when_shown (void)
{
  SwWindow *window;
  GtkNotebook *notebook;
  GtkWidget *page;

  reset_settings ();
  show_new_window (&window);

  page = sw_window_get_session (window, 0);
  notebook = GTK_NOTEBOOK (gtk_widget_get_ancestor (page, GTK_TYPE_NOTEBOOK));
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_null (made_page (notebook, 1));
  g_assert_null (made_page (notebook, 2));
  g_assert_cmpstr (tab_title (notebook, 1), ==, "TCP Server");

  /* Shown, the server's tab gets its page; its title follows the port. */
  gtk_notebook_set_current_page (notebook, 1);
  g_assert_nonnull (made_page (notebook, 1));
  page = GTK_WIDGET (made_page (notebook, 1));
  sw_test_ui_wait_mapped (page);
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Port"), "7123");
  g_assert_cmpstr (tab_title (notebook, 1), ==, "Server :7123");
  gtk_notebook_set_current_page (notebook, 0);
  close_shown_window (&window);

  /* Restored and closed again without being shown: nothing is lost. */
  for (guint round = 0; round < 2; round++)
    {
      show_new_window (&window);
      notebook = GTK_NOTEBOOK (gtk_widget_get_ancestor (sw_window_get_session (window, 0), GTK_TYPE_NOTEBOOK));
      g_assert_null (made_page (notebook, 1));
      g_assert_cmpstr (tab_title (notebook, 1), ==, "Server :7123");
      if (round == 0)
        {
          close_shown_window (&window);
        }
    }

  page = sw_window_get_session (window, 1);
  g_assert_cmpstr (gtk_editable_get_text (sw_test_ui_find_entry (page, "Port")), ==, "7123");
  g_assert_cmpstr (tab_title (notebook, 1), ==, "Server :7123");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);
  reset_settings ();
}

/* The tab selected when the window closed is selected when it opens. */
static void
test_selected_session_restored (void)
{
  SwWindow *window;

  reset_settings ();
  show_new_window (&window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.previous-session", NULL));
  g_assert_cmpint (current_session (window), ==, 2);
  close_shown_window (&window);

  show_new_window (&window);
  g_assert_cmpint (current_session (window), ==, 2);
  g_assert_true (SW_IS_UDP_PEER_PAGE (sw_window_get_session (window, 2)));

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

static gboolean
is_connected (gpointer data)
{
  return sw_engine_get_state (data) == SW_CONNECTION_STATE_CONNECTED;
}

static gboolean
has_local_address (gpointer data)
{
  return sw_engine_get_local_address (data) != NULL;
}

/* What `socket-workbench URI…` and D-Bus Open hand to the running
 * program: a tab per URI, connected, listening or bound. */
static void
test_open_uris (void)
{
  SwApplication *app = sw_test_ui_get_application ();
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("echo_server.py", NULL);
  guint16 port = sw_test_peer_expect_port (echo, "^PORT (\\d+)");
  g_autofree char *client_uri = g_strdup_printf ("tcp://127.0.0.1:%u", port);
  const char *uris[] = { client_uri, "tcp-listen://127.0.0.1:0", "udp-bind://[::1]:0", "udp://127.0.0.1:9" };
  GFile *files[G_N_ELEMENTS (uris)];
  g_autoptr(GError) error = NULL;
  SwWindow *window;
  GtkWidget *page;
  guint n;

  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    files[i] = g_file_new_for_uri (uris[i]);
  g_application_open (G_APPLICATION (app), files, G_N_ELEMENTS (files), "");
  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    g_object_unref (files[i]);

  window = SW_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  sw_test_ui_wait_mapped (GTK_WIDGET (window));
  n = sw_window_get_n_sessions (window);
  g_assert_cmpuint (n, >=, G_N_ELEMENTS (uris));

  page = sw_window_get_session (window, n - 4);
  g_assert_true (SW_IS_TCP_CLIENT_PAGE (page));
  g_assert_cmpstr (gtk_editable_get_text (sw_test_ui_find_entry (page, "Host")), ==, "127.0.0.1");
  sw_test_wait (is_connected, sw_tcp_client_page_get_client (SW_TCP_CLIENT_PAGE (page)), 10000,
                "the TCP client to connect");

  page = sw_window_get_session (window, n - 3);
  g_assert_true (SW_IS_TCP_SERVER_PAGE (page));
  sw_test_wait (has_local_address, sw_tcp_server_page_get_server (SW_TCP_SERVER_PAGE (page)), 10000,
                "the TCP server to listen");
  g_assert_true (sw_tcp_server_get_listening (sw_tcp_server_page_get_server (SW_TCP_SERVER_PAGE (page))));

  page = sw_window_get_session (window, n - 2);
  g_assert_true (SW_IS_UDP_PEER_PAGE (page));
  g_assert_true (sw_udp_peer_get_bound (sw_udp_peer_page_get_peer (SW_UDP_PEER_PAGE (page))));
  g_assert_cmpstr (gtk_editable_get_text (sw_test_ui_find_entry (page, "Local address")), ==, "::1");

  /* A remote to send to: the message is what is left to type. */
  page = sw_window_get_session (window, n - 1);
  g_assert_true (SW_IS_UDP_PEER_PAGE (page));
  g_assert_false (sw_udp_peer_get_bound (sw_udp_peer_page_get_peer (SW_UDP_PEER_PAGE (page))));
  g_assert_cmpstr (gtk_editable_get_text (sw_test_ui_find_entry (page, "Remote host")), ==, "127.0.0.1");
  g_assert_cmpstr (gtk_editable_get_text (sw_test_ui_find_entry (page, "Remote port")), ==, "9");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         GTK_WIDGET (sw_session_page_get_send_bar (SW_SESSION_PAGE (page)))));

  /* A bad URI opens nothing. */
  g_assert_null (sw_window_open_uri (window, "tcp://127.0.0.1", &error));
  g_assert_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_MISSING_PORT);
  g_assert_cmpuint (sw_window_get_n_sessions (window), ==, n);

  /* The application's actions, as `gapplication action` calls them. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "new-session", g_variant_new_string ("relay"));
  g_assert_cmpuint (sw_window_get_n_sessions (window), ==, n + 1);
  g_assert_true (SW_IS_RELAY_PAGE (sw_window_get_session (window, n)));
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-uri", g_variant_new_string ("udp://[::1]:7"));
  g_assert_cmpuint (sw_window_get_n_sessions (window), ==, n + 2);
  g_assert_cmpstr (gtk_editable_get_text (sw_test_ui_find_entry (sw_window_get_session (window, n + 1),
                                                                 "Remote port")), ==, "7");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);
}

/* Where @widget is in @root, as a person sees it. */
static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *root)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, root, &bounds));

  return bounds;
}

/* #9: the Timestamps switch was stretched to the column's full width. */
static void
test_preferences_switch_not_stretched (void)
{
  GtkWidget *preferences = sw_preferences_window_new (NULL);
  GtkWidget *timestamps;
  GtkWidget *spin;
  graphene_rect_t switch_bounds;
  graphene_rect_t spin_bounds;
  int natural;

  g_object_add_weak_pointer (G_OBJECT (preferences), (gpointer *) &preferences);
  gtk_window_present (GTK_WINDOW (preferences));
  timestamps = sw_test_ui_find_type (preferences, GTK_TYPE_SWITCH);
  spin = sw_test_ui_find_type (preferences, GTK_TYPE_SPIN_BUTTON);
  g_assert_nonnull (timestamps);
  sw_test_ui_wait_mapped (timestamps);

  /* As wide as a switch is, at the end of its row like the controls above. */
  gtk_widget_measure (timestamps, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  switch_bounds = bounds_in (timestamps, preferences);
  spin_bounds = bounds_in (spin, preferences);
  g_assert_cmpfloat (graphene_rect_get_width (&switch_bounds), ==, natural);
  g_assert_cmpfloat (graphene_rect_get_width (&switch_bounds), <, graphene_rect_get_width (&spin_bounds));
  g_assert_cmpfloat (switch_bounds.origin.x + switch_bounds.size.width, ==,
                     spin_bounds.origin.x + spin_bounds.size.width);

  gtk_window_destroy (GTK_WINDOW (preferences));
  g_assert_null (preferences);
}

/* Tabs side by side: each session has its own engine, but they share the
 * process, its main loop and its poller. It was reported that a UDP tab
 * bound after a TCP client tab had talked read its datagrams but neither
 * showed nor counted them. */

#define TALK_TIMEOUT_MS 20000

/* Opens the @index-th tab, as clicking it does. */
static GtkWidget *
show_session (SwWindow *window,
              guint     index)
{
  GtkWidget *page = sw_window_get_session (window, index);
  GtkNotebook *notebook = GTK_NOTEBOOK (gtk_widget_get_ancestor (page, GTK_TYPE_NOTEBOOK));

  gtk_notebook_set_current_page (notebook, index);
  sw_test_ui_wait_mapped (page);

  return page;
}

static SwWindow *
new_default_window (void)
{
  SwWindow *window;

  reset_settings ();
  window = sw_window_new (sw_test_ui_get_application ());
  gtk_window_present (GTK_WINDOW (window));
  sw_test_ui_wait_mapped (GTK_WIDGET (window));

  return window;
}

/* Closes @window, and checks that nothing kept it (or its tabs). */
static void
close_window (SwWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);
}

static void
page_send (GtkWidget  *page,
           const char *text)
{
  SwSendBar *send_bar = sw_session_page_get_send_bar (SW_SESSION_PAGE (page));

  sw_send_bar_set_text (send_bar, text);
  g_signal_emit_by_name (sw_test_ui_find_button (GTK_WIDGET (send_bar), "_Send"), "clicked");
}

static void
wait_page_shows (GtkWidget  *page,
                 const char *line)
{
  sw_test_ui_wait_view_shows (sw_session_page_get_traffic_view (SW_SESSION_PAGE (page)), line,
                              TALK_TIMEOUT_MS);
}

/* Binds the UDP tab @index through its form, has @text (@hex) sent to
 * it from another process, and checks what a person sees: the datagram
 * in the log with its sender, and in the counters (@received_total, the
 * tab's bytes so far). */
static void
udp_tab_hears (SwWindow   *window,
               guint       index,
               const char *text,
               const char *hex,
               const char *received_total)
{
  GtkWidget *page = show_session (window, index);
  SwUdpPeer *peer = sw_udp_peer_page_get_peer (SW_UDP_PEER_PAGE (page));
  g_autoptr(SwTestPeer) sender = NULL;
  g_autofree char *port = NULL;
  g_autofree char *line = NULL;

  if (!sw_udp_peer_get_bound (peer))
    {
      gtk_editable_set_text (sw_test_ui_find_entry (page, "Local address"), "127.0.0.1");
      gtk_editable_set_text (sw_test_ui_find_entry (page, "Local port"), "0");
      g_signal_emit_by_name (sw_test_ui_find_button (page, "_Bind"), "clicked");
      g_assert_true (sw_udp_peer_get_bound (peer));
    }

  port = g_strdup_printf ("%u", sw_udp_peer_get_local_port (peer));
  sender = sw_test_peer_new ("udp_peer.py", "send", "127.0.0.1", port, hex, NULL);
  line = g_strdup_printf ("← 127.0.0.1:%u (%zu B) %s", sw_test_peer_expect_port (sender, "^PORT (\\d+)"),
                          strlen (text), text);
  wait_page_shows (page, line);
  sw_test_ui_wait_label_shown (page, received_total, TALK_TIMEOUT_MS);
}

static gboolean
is_client_connected (gpointer data)
{
  SwTcpClient *client = sw_tcp_client_page_get_client (data);

  return sw_engine_get_state (SW_ENGINE (client)) == SW_CONNECTION_STATE_CONNECTED;
}

/* Connects the TCP client tab @index to @port and has @text echoed. */
static GtkWidget *
tcp_client_tab_talks (SwWindow   *window,
                      guint       index,
                      guint16     port,
                      const char *text)
{
  GtkWidget *page = show_session (window, index);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *line = NULL;

  gtk_editable_set_text (sw_test_ui_find_entry (page, "Host"), "127.0.0.1");
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Port"), port_text);
  g_signal_emit_by_name (sw_test_ui_find_button (page, "_Connect"), "clicked");
  sw_test_wait (is_client_connected, page, TALK_TIMEOUT_MS, "the TCP client tab to connect");

  page_send (page, text);
  line = g_strdup_printf ("← 127.0.0.1:%u (%zu B) %s", port, strlen (text), text);
  wait_page_shows (page, line);

  return page;
}

static void
test_udp_after_tcp_client (void)
{
  SwWindow *window = new_default_window ();
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("echo_server.py", NULL);
  guint16 port = sw_test_peer_expect_port (echo, "^PORT (\\d+)");
  g_autofree char *line = NULL;
  GtkWidget *client;

  client = tcp_client_tab_talks (window, 0, port, "hello tcp");
  sw_test_ui_wait_label_shown (client, "Received 9 B · 1 packet", TALK_TIMEOUT_MS);

  /* The UDP tab of the window, the TCP client still connected. */
  udp_tab_hears (window, 2, "one", "6f6e65", "Received 3 B · 1 packet");

  /* Back to the TCP tab: it talks on. */
  show_session (window, 0);
  page_send (client, "again");
  line = g_strdup_printf ("← 127.0.0.1:%u (5 B) again", port);
  wait_page_shows (client, line);
  sw_test_ui_wait_label_shown (client, "Received 14 B · 2 packets", TALK_TIMEOUT_MS);

  /* A new UDP tab, once the TCP tab disconnected. */
  g_signal_emit_by_name (sw_test_ui_find_button (client, "_Disconnect"), "clicked");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-session", "s", "udp-peer"));
  udp_tab_hears (window, 3, "two", "74776f", "Received 3 B · 1 packet");

  /* And another once the TCP tab is closed; the first UDP tab hears on. */
  show_session (window, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-session", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-session", "s", "udp-peer"));
  udp_tab_hears (window, 3, "three", "7468726565", "Received 5 B · 1 packet");
  udp_tab_hears (window, 1, "four", "666f7572", "Received 7 B · 2 packets");

  close_window (window);
}

static gboolean
is_server_listening (gpointer data)
{
  return sw_tcp_server_get_listening (sw_tcp_server_page_get_server (data));
}

static gboolean
is_relay_running (gpointer data)
{
  return sw_relay_get_running (sw_relay_page_get_relay (data));
}

/* A TCP server tab with a client, and a relay tab relaying one, each
 * followed by a UDP tab. */
static void
test_udp_after_server_and_relay (void)
{
  SwWindow *window = new_default_window ();
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("echo_server.py", NULL);
  g_autofree char *echo_port = g_strdup_printf ("%u", sw_test_peer_expect_port (echo, "^PORT (\\d+)"));
  g_autoptr(SwTestPeer) server_client = NULL;
  g_autoptr(SwTestPeer) relay_client = NULL;
  g_autofree char *target = NULL;
  GtkWidget *page;

  page = show_session (window, 1);
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Port"), "0");
  g_signal_emit_by_name (sw_test_ui_find_button (page, "Lis_ten"), "clicked");
  sw_test_wait (is_server_listening, page, TALK_TIMEOUT_MS, "the TCP server tab to listen");
  target = g_strdup_printf ("TCP4:127.0.0.1:%u",
                            sw_tcp_server_get_port (sw_tcp_server_page_get_server (SW_TCP_SERVER_PAGE (page))));
  server_client = sw_test_peer_new ("socat", "-", target, NULL);
  sw_test_peer_write (server_client, "to the server\n", 14);
  wait_page_shows (page, "(14 B) to the server\\n");

  udp_tab_hears (window, 2, "one", "6f6e65", "Received 3 B · 1 packet");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-session", "s", "relay"));
  page = show_session (window, 3);
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Listen port"), "0");
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Upstream host"), "127.0.0.1");
  gtk_editable_set_text (sw_test_ui_find_entry (page, "Upstream port"), echo_port);
  g_signal_emit_by_name (sw_test_ui_find_button (page, "S_tart"), "clicked");
  sw_test_wait (is_relay_running, page, TALK_TIMEOUT_MS, "the relay tab to start");
  g_clear_pointer (&target, g_free);
  target = g_strdup_printf ("TCP4:127.0.0.1:%u", sw_relay_get_port (sw_relay_page_get_relay (SW_RELAY_PAGE (page))));
  relay_client = sw_test_peer_new ("socat", "-", target, NULL);
  sw_test_peer_write (relay_client, "through\n", 8);
  g_free (sw_test_peer_expect (relay_client, "^through$", TALK_TIMEOUT_MS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-session", "s", "udp-peer"));
  udp_tab_hears (window, 4, "two", "74776f", "Received 3 B · 1 packet");

  close_window (window);
}

/* Two UDP tabs bound at once, one bound after another closed, and a TCP
 * client tab after them. */
static void
test_udp_tabs_then_tcp (void)
{
  SwWindow *window = new_default_window ();
  g_autoptr(SwTestPeer) echo = sw_test_peer_new ("echo_server.py", NULL);
  guint16 port = sw_test_peer_expect_port (echo, "^PORT (\\d+)");

  udp_tab_hears (window, 2, "one", "6f6e65", "Received 3 B · 1 packet");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-session", "s", "udp-peer"));
  udp_tab_hears (window, 3, "two", "74776f", "Received 3 B · 1 packet");
  udp_tab_hears (window, 2, "three", "7468726565", "Received 8 B · 2 packets");

  g_signal_emit_by_name (sw_test_ui_find_button (sw_window_get_session (window, 2), "_Close"), "clicked");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-session", "s", "udp-peer"));
  udp_tab_hears (window, 4, "four", "666f7572", "Received 4 B · 1 packet");

  tcp_client_tab_talks (window, 0, port, "after udp");
  udp_tab_hears (window, 3, "five", "66697665", "Received 7 B · 2 packets");

  close_window (window);
}

static gboolean
budget_is_paced (gpointer data)
{
  gtk_widget_queue_draw (data);

  return sw_engine_get_io_budget () <= SW_ENGINE_IO_BUDGET_DEFAULT;
}

/* #10: the engines' time slice is what a frame leaves of the refresh
 * interval, measured on the frames of the page's window. */
static void
test_frame_pacing (void)
{
  SwWindow *window;

  /* What a frame leaves, between the floor and today's default. */
  g_assert_cmpuint (sw_frame_pacer_budget_for (4000, 16667), ==, SW_ENGINE_IO_BUDGET_DEFAULT);
  g_assert_cmpuint (sw_frame_pacer_budget_for (12500, 16667), ==, 1167);
  g_assert_cmpuint (sw_frame_pacer_budget_for (30000, 16667), ==, SW_ENGINE_IO_BUDGET_MIN);
  /* A faster screen leaves less; no refresh rate known is 60 Hz. */
  g_assert_cmpuint (sw_frame_pacer_budget_for (4000, 6944), ==, SW_ENGINE_IO_BUDGET_MIN);
  g_assert_cmpuint (sw_frame_pacer_budget_for (12500, 0), ==, 1167);

  /* A page shown sets it from its window's frames. */
  sw_engine_set_io_budget (SW_ENGINE_IO_BUDGET_MAX);
  show_new_window (&window);
  sw_test_wait (budget_is_paced, sw_window_get_session (window, 0), 10000, "the frames to set the I/O budget");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);
  sw_engine_set_io_budget (SW_ENGINE_IO_BUDGET_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  sw_test_ui_init (&argc, &argv);

  g_test_add_func ("/sw/window/three-sessions", test_three_sessions);
  g_test_add_func ("/sw/window/new-and-close", test_new_and_close);
  g_test_add_func ("/sw/window/every-kind", test_every_kind);
  g_test_add_func ("/sw/window/close-button", test_close_button);
  g_test_add_func ("/sw/window/switch-sessions", test_switch_sessions);
  g_test_add_func ("/sw/window/new-session-focus", test_new_session_focus);
  g_test_add_func ("/sw/window/status-not-focusable", test_status_not_focusable);
  g_test_add_func ("/sw/window/sessions-restored", test_sessions_restored);
  g_test_add_func ("/sw/window/selected-session-restored", test_selected_session_restored);
  g_test_add_func ("/sw/window/pages-made-when-shown", test_pages_made_when_shown);
  g_test_add_func ("/sw/window/view-shortcuts", test_view_shortcuts);
  g_test_add_func ("/sw/window/find-shortcut", test_find_shortcut);
  g_test_add_func ("/sw/window/preferences", test_preferences);
  g_test_add_func ("/sw/window/open-uris", test_open_uris);
  g_test_add_func ("/sw/window/frame-pacing", test_frame_pacing);
  g_test_add_func ("/sw/window/preferences-switch-not-stretched", test_preferences_switch_not_stretched);
  g_test_add_func ("/sw/window/udp-after-tcp-client", test_udp_after_tcp_client);
  g_test_add_func ("/sw/window/udp-after-server-and-relay", test_udp_after_server_and_relay);
  g_test_add_func ("/sw/window/udp-tabs-then-tcp", test_udp_tabs_then_tcp);

  return g_test_run ();
}

/* test-style.c: the Style preference, and "system" following the desktop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-preferences-window.h"
#include "sw-test-ui.h"
#include "sw-window.h"

#define TIMEOUT_MS 10000

#define PORTAL_BUS_NAME    "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT_PATH "/org/freedesktop/portal/desktop"
#define PORTAL_INTERFACE   "org.freedesktop.portal.Settings"

static gboolean
prefers_dark (void)
{
  gboolean dark;

  g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &dark, NULL);

  return dark;
}

static gboolean
is_dark (gpointer data)
{
  return prefers_dark ();
}

static gboolean
is_light (gpointer data)
{
  return !prefers_dark ();
}

static void
wait_dark (gboolean dark)
{
  sw_test_wait (dark ? is_dark : is_light, NULL, TIMEOUT_MS, dark ? "the dark style" : "the light style");
}

/* Light text on the window: it is drawn dark. */
static gboolean
draws_dark (GtkWidget *widget)
{
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  return 0.299 * color.red + 0.587 * color.green + 0.114 * color.blue > 0.5;
}

/* A person picks Dark, then Light, in the Preferences window: the
 * setting follows, and the windows open at the time with it. */
static void
test_preferences (void)
{
  SwApplication *app = sw_test_ui_get_application ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  SwWindow *window = sw_window_new (app);
  GtkWidget *preferences;
  GtkDropDown *style;
  GtkWidget *focus;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  sw_test_ui_wait_mapped (GTK_WIDGET (window));
  preferences = sw_preferences_window_new (GTK_WINDOW (window));
  g_object_add_weak_pointer (G_OBJECT (preferences), (gpointer *) &preferences);
  gtk_window_present (GTK_WINDOW (preferences));
  sw_test_ui_wait_mapped (preferences);

  /* Named by its label once, with its mnemonic reaching it. */
  style = sw_test_ui_find_drop_down (preferences, "Style");
  g_assert_cmpuint (gtk_drop_down_get_selected (style), ==, 0);
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (style)));
  sw_test_ui_assert_named_once (preferences);
  g_assert_true (gtk_widget_mnemonic_activate (GTK_WIDGET (style), FALSE));
  focus = gtk_root_get_focus (GTK_ROOT (preferences));
  g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (style)));

  sw_test_ui_choose (style, "Dark");
  g_assert_cmpstr (g_settings_get_string (settings, "style"), ==, "dark");
  wait_dark (TRUE);
  sw_test_ui_wait_painted (GTK_WIDGET (window));
  g_assert_true (draws_dark (GTK_WIDGET (window)));
  g_assert_true (draws_dark (preferences));

  sw_test_ui_choose (style, "Light");
  g_assert_cmpstr (g_settings_get_string (settings, "style"), ==, "light");
  wait_dark (FALSE);
  sw_test_ui_wait_painted (GTK_WIDGET (window));
  g_assert_false (draws_dark (GTK_WIDGET (window)));

  /* And the other way: the drop-down shows the setting. */
  g_settings_set_string (settings, "style", "dark");
  g_assert_cmpuint (gtk_drop_down_get_selected (style), ==, 2);
  wait_dark (TRUE);
  g_settings_reset (settings, "style");
  g_assert_cmpuint (gtk_drop_down_get_selected (style), ==, 0);

  gtk_window_destroy (GTK_WINDOW (preferences));
  g_assert_null (preferences);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);
}

/* A desktop portal on the session bus (the tests run in their own), in
 * a thread of this process with a connection of its own, as the app
 * waits for its answer: its Settings answer Read with @reply, or an
 * error when it is %NULL. */
typedef struct
{
  GMainContext    *context;
  GMainLoop       *loop;
  GThread         *thread;
  GDBusConnection *bus;
  guint            object_id;
  guint            name_id;
  int              owned;    /* atomic */
  int              n_reads;  /* atomic */
  GMutex           lock;
  GVariant        *reply;    /* under lock */
} FakePortal;

static const char portal_xml[] =
  "<node>"
  "  <interface name='" PORTAL_INTERFACE "'>"
  "    <method name='Read'>"
  "      <arg type='s' name='namespace' direction='in'/>"
  "      <arg type='s' name='key' direction='in'/>"
  "      <arg type='v' name='value' direction='out'/>"
  "    </method>"
  "    <signal name='SettingChanged'>"
  "      <arg type='s' name='namespace'/>"
  "      <arg type='s' name='key'/>"
  "      <arg type='v' name='value'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

static void
portal_method_call (GDBusConnection       *bus,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  FakePortal *portal = user_data;
  const char *namespace;
  const char *key;

  g_variant_get (parameters, "(&s&s)", &namespace, &key);
  g_assert_cmpstr (namespace, ==, "org.freedesktop.appearance");
  g_assert_cmpstr (key, ==, "color-scheme");
  g_atomic_int_inc (&portal->n_reads);

  g_mutex_lock (&portal->lock);
  if (portal->reply == NULL)
    g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.portal.Error.NotFound",
                                                "Requested setting not found");
  else
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(v)", portal->reply));
  g_mutex_unlock (&portal->lock);
}

static const GDBusInterfaceVTable portal_vtable = { portal_method_call };

static void
portal_name_acquired (GDBusConnection *bus,
                      const char      *name,
                      gpointer         user_data)
{
  g_atomic_int_set (&((FakePortal *) user_data)->owned, TRUE);
}

static gboolean
portal_is_owned (gpointer data)
{
  return g_atomic_int_get (&((FakePortal *) data)->owned);
}

static guint
portal_n_reads (FakePortal *portal)
{
  return g_atomic_int_get (&portal->n_reads);
}

static void
fake_portal_set_reply (FakePortal *portal,
                       GVariant   *reply)
{
  g_mutex_lock (&portal->lock);
  g_clear_pointer (&portal->reply, g_variant_unref);
  if (reply != NULL)
    portal->reply = g_variant_ref_sink (reply);
  g_mutex_unlock (&portal->lock);
}

static gpointer
fake_portal_run (gpointer data)
{
  FakePortal *portal = data;

  g_main_context_push_thread_default (portal->context);
  g_main_loop_run (portal->loop);
  g_main_context_pop_thread_default (portal->context);

  return NULL;
}

static void
fake_portal_start (FakePortal *portal,
                   GVariant   *reply)
{
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&portal->lock);
  fake_portal_set_reply (portal, reply);
  /* What is registered here is served in the context of the thread. */
  portal->context = g_main_context_new ();
  g_main_context_push_thread_default (portal->context);
  portal->bus = g_dbus_connection_new_for_address_sync (g_getenv ("DBUS_SESSION_BUS_ADDRESS"),
                                                        G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                        G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                        NULL, NULL, &error);
  g_assert_no_error (error);
  node = g_dbus_node_info_new_for_xml (portal_xml, &error);
  g_assert_no_error (error);
  portal->object_id = g_dbus_connection_register_object (portal->bus, PORTAL_OBJECT_PATH, node->interfaces[0],
                                                         &portal_vtable, portal, NULL, &error);
  g_assert_no_error (error);
  portal->name_id = g_bus_own_name_on_connection (portal->bus, PORTAL_BUS_NAME, G_BUS_NAME_OWNER_FLAGS_NONE,
                                                  portal_name_acquired, NULL, portal, NULL);
  g_main_context_pop_thread_default (portal->context);

  portal->loop = g_main_loop_new (portal->context, FALSE);
  portal->thread = g_thread_new ("fake-portal", fake_portal_run, portal);
  sw_test_wait (portal_is_owned, portal, TIMEOUT_MS, "the portal's name");
}

/* Gone from the bus, as a portal that stopped. */
static void
fake_portal_stop (FakePortal *portal)
{
  g_autoptr(GError) error = NULL;

  g_main_loop_quit (portal->loop);
  g_clear_pointer (&portal->thread, g_thread_join);
  g_dbus_connection_unregister_object (portal->bus, portal->object_id);
  g_bus_unown_name (portal->name_id);
  g_dbus_connection_close_sync (portal->bus, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&portal->bus);
  /* Whatever the closures left to the context. */
  while (g_main_context_iteration (portal->context, FALSE))
    ;
  g_clear_pointer (&portal->loop, g_main_loop_unref);
  g_clear_pointer (&portal->context, g_main_context_unref);
  fake_portal_set_reply (portal, NULL);
  g_mutex_clear (&portal->lock);
}

static void
fake_portal_change (FakePortal *portal,
                    const char *namespace,
                    const char *key,
                    guint32     value)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (portal->bus, NULL, PORTAL_OBJECT_PATH, PORTAL_INTERFACE, "SettingChanged",
                                 g_variant_new ("(ssv)", namespace, key, g_variant_new_uint32 (value)),
                                 &error);
  g_assert_no_error (error);
}

static gboolean
has_read (gpointer data)
{
  FakePortal *portal = data;

  return portal_n_reads (portal) > 0;
}

/* "system" is what the portal says, and what it says next; light or
 * dark asks it nothing. */
static void
test_system (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  FakePortal portal = { NULL };
  guint notified = 0;
  gulong id;

  sw_test_ui_get_application ();
  g_settings_set_string (settings, "style", "dark");
  wait_dark (TRUE);
  /* Wrapped twice, as portals before 1.15 answer. */
  fake_portal_start (&portal, g_variant_new_variant (g_variant_new_uint32 (1)));
  g_settings_set_string (settings, "style", "light");
  wait_dark (FALSE);
  sw_test_run_for (100);
  g_assert_cmpuint (portal_n_reads (&portal), ==, 0);

  /* At once: a window opened now is drawn dark from its first frame. */
  g_settings_set_string (settings, "style", "system");
  g_assert_true (prefers_dark ());
  g_assert_cmpuint (portal_n_reads (&portal), ==, 1);

  fake_portal_change (&portal, "org.freedesktop.appearance", "color-scheme", 0);
  wait_dark (FALSE);
  fake_portal_change (&portal, "org.freedesktop.appearance", "color-scheme", 1);
  wait_dark (TRUE);
  fake_portal_change (&portal, "org.freedesktop.appearance", "color-scheme", 2);
  wait_dark (FALSE);

  /* Other settings change nothing: the next change is the only one seen. */
  id = g_signal_connect (gtk_settings_get_default (), "notify::gtk-application-prefer-dark-theme",
                         G_CALLBACK (sw_test_count_notify), &notified);
  fake_portal_change (&portal, "org.freedesktop.appearance", "contrast", 1);
  fake_portal_change (&portal, "org.gnome.desktop.interface", "color-scheme", 1);
  fake_portal_change (&portal, "org.freedesktop.appearance", "color-scheme", 1);
  wait_dark (TRUE);
  g_assert_cmpuint (notified, ==, 1);
  g_signal_handler_disconnect (gtk_settings_get_default (), id);

  /* Light again: the portal's changes are not followed. */
  g_settings_set_string (settings, "style", "light");
  wait_dark (FALSE);
  fake_portal_change (&portal, "org.freedesktop.appearance", "color-scheme", 1);
  sw_test_run_for (200);
  g_assert_false (prefers_dark ());

  /* Wrapped once, as newer portals answer. */
  g_atomic_int_set (&portal.n_reads, 0);
  fake_portal_set_reply (&portal, g_variant_new_uint32 (1));
  g_settings_set_string (settings, "style", "system");
  wait_dark (TRUE);
  g_assert_cmpuint (portal_n_reads (&portal), ==, 1);

  /* An error, or an answer that is no color scheme: light, quietly
   * (the tests make warnings fatal). */
  for (guint i = 0; i < 2; i++)
    {
      g_settings_set_string (settings, "style", "dark");
      wait_dark (TRUE);
      g_atomic_int_set (&portal.n_reads, 0);
      fake_portal_set_reply (&portal, i == 0 ? NULL : g_variant_new_string ("dark"));
      g_settings_set_string (settings, "style", "system");
      sw_test_wait (has_read, &portal, TIMEOUT_MS, "the portal to be asked");
      sw_test_run_for (200);
      g_assert_false (prefers_dark ());
    }

  /* No portal at all: light. */
  g_settings_set_string (settings, "style", "dark");
  wait_dark (TRUE);
  fake_portal_stop (&portal);
  g_settings_set_string (settings, "style", "system");
  wait_dark (FALSE);
  sw_test_run_for (200);
  g_assert_false (prefers_dark ());

  g_settings_reset (settings, "style");
}

/* GTK_THEME chose the theme (the person running the app, or a test):
 * the app leaves it alone. */
static void
test_gtk_theme (void)
{
  g_autoptr(GSettings) settings = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_setenv ("GTK_THEME", "Adwaita", TRUE);
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "style", "dark");
  sw_test_ui_get_application ();
  sw_test_run_for (200);
  g_assert_false (prefers_dark ());

  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
  g_settings_set_string (settings, "style", "light");
  sw_test_run_for (200);
  g_assert_true (prefers_dark ());
}

int
main (int   argc,
      char *argv[])
{
  /* The style is the app's here, whatever the person running the tests chose. */
  g_unsetenv ("GTK_THEME");
  sw_test_ui_init (&argc, &argv);

  g_test_add_func ("/sw/style/preferences", test_preferences);
  g_test_add_func ("/sw/style/system", test_system);
  g_test_add_func ("/sw/style/gtk-theme", test_gtk_theme);

  return g_test_run ();
}

/* sw-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-application"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-application.h"
#include "sw-headless.h"
#include "sw-preferences-window.h"
#include "sw-window.h"

struct _SwApplication
{
  GtkApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (SwApplication, sw_application, GTK_TYPE_APPLICATION)

/* The command line, in one place: what runs without a window is handled
 * in handle-local-options, before GTK starts (no display is needed). */
static const GOptionEntry app_options[] = {
  { "run", 'r', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Run the sequence called NAME of the message library, without a window"), N_("NAME") },
  { "connect", 'c', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Where the sequence runs: tcp://HOST:PORT, tls://HOST:PORT or udp://HOST:PORT"), N_("URI") },
  { "library", 'l', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
    N_("Take the sequence from this library file instead of the usual one"), N_("FILE") },
  { "delimiter", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Cut what arrives into frames ending with TEXT (escapes such as \\r\\n work)"), N_("TEXT") },
  { NULL }
};

SwApplication *
sw_application_new (void)
{
  SwApplication *self = g_object_new (SW_TYPE_APPLICATION,
                                      "application-id", APP_ID,
                                      "flags", G_APPLICATION_DEFAULT_FLAGS,
                                      "resource-base-path", RESOURCE_PREFIX,
                                      NULL);

  g_application_add_main_option_entries (G_APPLICATION (self), app_options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Without options, opens the window. With --run and "
                                              "--connect, runs a sequence and exits: 0 when it "
                                              "passed, 1 when it failed, 2 when the arguments "
                                              "are wrong."));

  return self;
}

static int
sw_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  g_autofree char *sequence = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *delimiter = NULL;
  g_autofree char *library_path = NULL;
  g_autoptr(GFile) library = NULL;
  SwHeadlessOptions headless = { NULL };

  g_variant_dict_lookup (options, "run", "s", &sequence);
  g_variant_dict_lookup (options, "connect", "s", &uri);
  g_variant_dict_lookup (options, "delimiter", "s", &delimiter);
  g_variant_dict_lookup (options, "library", "^ay", &library_path);

  if (sequence == NULL && uri == NULL)
    {
      if (library_path == NULL && delimiter == NULL)
        return -1;

      g_printerr ("%s\n", _("socket-workbench: --library and --delimiter go with --run and --connect"));
      return SW_HEADLESS_EXIT_BAD_ARGUMENTS;
    }

  if (sequence == NULL || uri == NULL)
    {
      g_printerr ("%s\n", sequence == NULL
                  ? _("socket-workbench: --connect needs --run NAME: which sequence to run")
                  : _("socket-workbench: --run needs --connect URI: where to run it, such as tcp://127.0.0.1:7000"));
      return SW_HEADLESS_EXIT_BAD_ARGUMENTS;
    }

  if (library_path != NULL)
    library = g_file_new_for_commandline_arg (library_path);

  headless.sequence = sequence;
  headless.uri = uri;
  headless.library = library;
  headless.delimiter = delimiter;

  return sw_headless_run (&headless);
}

/**
 * sw_application_get_settings:
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
sw_application_get_settings (SwApplication *self)
{
  g_return_val_if_fail (SW_IS_APPLICATION (self), NULL);

  return self->settings;
}

static void
sw_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (sw_window_new (SW_APPLICATION (app)));

  gtk_window_present (window);
}

static void
sw_application_about (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  SwApplication *self = user_data;
  static const char *developers[] = { "Socket Workbench developers", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "program-name", _("Socket Workbench"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Test, debug and learn TCP and UDP"),
                         "website", PACKAGE_WEBSITE,
                         "authors", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: put your names here, one per line. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
sw_application_preferences (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  SwApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (sw_preferences_window_new (parent)));
}

static void
sw_application_quit (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  SwApplication *self = user_data;
  GList *windows;

  /* Closing (not destroying) lets each window save its sessions. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "about", sw_application_about },
  { "preferences", sw_application_preferences },
  { "quit", sw_application_quit },
};

static void
sw_application_startup (GApplication *app)
{
  SwApplication *self = SW_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.new-session-menu", { "<Control>t", NULL } },
    { "win.close-session", { "<Control>w", NULL } },
    { "win.next-session", { "<Control>Page_Down", NULL } },
    { "win.previous-session", { "<Control>Page_Up", NULL } },
    { "win.clear-log", { "<Control>l", NULL } },
    { "win.save-log", { "<Control>s", NULL } },
    { "win.toggle-hex", { "<Control>h", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (sw_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APP_ID);

  /* Plain GtkApplication does not load it by itself (libadwaita does). */
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  self->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action,
                                           accels[i].accels);
}

static void
sw_application_dispose (GObject *object)
{
  SwApplication *self = SW_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sw_application_parent_class)->dispose (object);
}

static void
sw_application_class_init (SwApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sw_application_dispose;

  app_class->activate = sw_application_activate;
  app_class->handle_local_options = sw_application_handle_local_options;
  app_class->startup = sw_application_startup;
}

static void
sw_application_init (SwApplication *self)
{
}

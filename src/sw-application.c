/* sw-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-application"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-application.h"
#include "sw-endpoint.h"
#include "sw-headless.h"
#include "sw-preferences-window.h"
#include "sw-style-manager.h"
#include "sw-window.h"

struct _SwApplication
{
  GtkApplication   parent_instance;

  GSettings       *settings;
  /* Light or dark, for every window. */
  SwStyleManager  *style_manager;
  /* The message library of every window. */
  SwLibraryKeeper *library_keeper;
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
  { G_OPTION_REMAINING, 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, NULL,
    N_("Sessions to open"), N_("[URI…]") },
  { NULL }
};

SwApplication *
sw_application_new (void)
{
  g_autofree char *description = NULL;
  SwApplication *self = g_object_new (SW_TYPE_APPLICATION,
                                      "application-id", APP_ID,
                                      "flags", G_APPLICATION_HANDLES_OPEN,
                                      "resource-base-path", RESOURCE_PREFIX,
                                      NULL);

  g_application_add_main_option_entries (G_APPLICATION (self), app_options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Without options, opens the window; with URIs, opens "
                                              "a session for each, in the window already open if "
                                              "there is one. With --run and --connect, runs a "
                                              "sequence and exits: 0 when it passed, 1 when it "
                                              "failed, 2 when the arguments are wrong."));
  /* Translators: keep the URIs, the spaces that align them and the
   * commands as they are; %s is the application ID. */
  description = g_strdup_printf (_("URIs:\n"
                                   "  tcp://HOST:PORT              a TCP client, connected\n"
                                   "  tls://HOST:PORT              a TCP client, connected with TLS\n"
                                   "  tcp-listen://[ADDRESS]:PORT  a TCP server, listening\n"
                                   "  udp://HOST:PORT              a UDP peer that sends to HOST:PORT\n"
                                   "  udp-bind://[ADDRESS]:PORT    a UDP peer, bound\n"
                                   "IPv6 addresses go in brackets, as in tcp://[::1]:7000. Without "
                                   "an address, tcp-listen and udp-bind use every interface; port 0 "
                                   "picks a free one. A URI that is not one of these exits with "
                                   "status 2 and opens nothing.\n"
                                   "\n"
                                   "The running program also takes actions over D-Bus:\n"
                                   "  gapplication action %s new-session \"'tcp-server'\"\n"
                                   "  gapplication action %s open-uri \"'udp://127.0.0.1:5000'\""),
                                 APP_ID, APP_ID);
  g_application_set_option_context_description (G_APPLICATION (self), description);

  return self;
}

/* Opens the sessions of the command line's URIs, all of them or, when
 * one is wrong, none: in this process or in the one already running. */
static int
open_uris (GApplication       *app,
           const char * const *uris)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; uris[i] != NULL; i++)
    {
      g_autoptr(SwEndpoint) endpoint = NULL;
      SwEndpointScheme scheme;

      endpoint = sw_endpoint_parse_uri (uris[i], &scheme, &error);
      if (endpoint == NULL)
        {
          /* Translators: the first %s is what was given, the second why it is wrong. */
          g_printerr (_("socket-workbench: cannot open “%s”: %s"), uris[i], error->message);
          g_printerr ("\n");
          return SW_HEADLESS_EXIT_BAD_ARGUMENTS;
        }

      g_ptr_array_add (files, g_file_new_for_uri (uris[i]));
    }

  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("socket-workbench: %s\n", error->message);
      return 1;
    }

  g_application_open (app, (GFile **) files->pdata, files->len, "");

  /* On to activate, which shows the window. */
  return -1;
}

static int
sw_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  g_autofree char *sequence = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *delimiter = NULL;
  g_autofree char *library_path = NULL;
  g_autofree const char **uris = NULL;
  g_autoptr(GFile) library = NULL;
  SwHeadlessOptions headless = { NULL };

  g_variant_dict_lookup (options, "run", "s", &sequence);
  g_variant_dict_lookup (options, "connect", "s", &uri);
  g_variant_dict_lookup (options, "delimiter", "s", &delimiter);
  g_variant_dict_lookup (options, "library", "^ay", &library_path);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &uris);

  if (sequence == NULL && uri == NULL)
    {
      if (library_path != NULL || delimiter != NULL)
        {
          g_printerr ("%s\n", _("socket-workbench: --library and --delimiter go with --run and --connect"));
          return SW_HEADLESS_EXIT_BAD_ARGUMENTS;
        }

      return uris != NULL ? open_uris (app, uris) : -1;
    }

  if (uris != NULL)
    {
      g_printerr ("%s\n", _("socket-workbench: --run takes where to run as --connect URI, and no other URI"));
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

/**
 * sw_application_get_library_keeper:
 *
 * Returns: (transfer none): what keeps the shared message library, from
 *   start-up on
 */
SwLibraryKeeper *
sw_application_get_library_keeper (SwApplication *self)
{
  g_return_val_if_fail (SW_IS_APPLICATION (self), NULL);

  return self->library_keeper;
}

/* The window sessions open in: the one in use, or a new one. */
static SwWindow *
get_window (SwApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (sw_window_new (self));

  return SW_WINDOW (window);
}

static void
sw_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (SW_APPLICATION (app))));
}

static void
open_uri (SwApplication *self,
          const char    *uri)
{
  SwWindow *window = get_window (self);
  g_autoptr(GError) error = NULL;

  /* The command line checked its URIs; these came over D-Bus, where the
   * sender has no terminal of ours to read an error in. */
  if (sw_window_open_uri (window, uri, &error) == NULL)
    g_message ("Not opening “%s”: %s", uri, error->message);

  gtk_window_present (GTK_WINDOW (window));
}

static void
sw_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      open_uri (SW_APPLICATION (app), uri);
    }
}

static void
sw_application_open_uri (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  open_uri (user_data, g_variant_get_string (parameter, NULL));
}

static void
sw_application_new_session (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  SwWindow *window = get_window (user_data);
  const char *kind = g_variant_get_string (parameter, NULL);

  if (sw_window_add_session (window, kind) == NULL)
    g_message ("No kind of session is called “%s”", kind);

  gtk_window_present (GTK_WINDOW (window));
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
  { "new-session", sw_application_new_session, "s" },
  { "open-uri", sw_application_open_uri, "s" },
  { "preferences", sw_application_preferences },
  { "quit", sw_application_quit },
};

static void
sw_application_startup (GApplication *app)
{
  SwApplication *self = SW_APPLICATION (app);
  g_autoptr(SwMessageLibrary) library = NULL;
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
    { "win.find", { "<Control>f", NULL } },
    { "win.find-next", { "<Control>g", "F3", NULL } },
    { "win.find-previous", { "<Control><Shift>g", "<Shift>F3", NULL } },
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
  /* Before the first window, which then opens in its style. */
  self->style_manager = sw_style_manager_new (self->settings, gdk_display_get_default (),
                                              g_application_get_dbus_connection (app));
  library = sw_message_library_new (NULL);
  self->library_keeper = sw_library_keeper_new (library);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action,
                                           accels[i].accels);
}

static void
sw_application_shutdown (GApplication *app)
{
  SwApplication *self = SW_APPLICATION (app);

  if (self->library_keeper != NULL)
    sw_library_keeper_flush (self->library_keeper);

  G_APPLICATION_CLASS (sw_application_parent_class)->shutdown (app);
}

static void
sw_application_dispose (GObject *object)
{
  SwApplication *self = SW_APPLICATION (object);

  g_clear_object (&self->style_manager);
  g_clear_object (&self->settings);
  g_clear_object (&self->library_keeper);

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
  app_class->open = sw_application_open;
  app_class->startup = sw_application_startup;
  app_class->shutdown = sw_application_shutdown;
}

static void
sw_application_init (SwApplication *self)
{
}

/* sw-style-manager.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-style-manager"

#include "config.h"

#include "sw-style-manager.h"
#include "sw-color-scheme-portal.h"

/* A plain GtkApplication stays light where the desktop is dark: GTK 4.8
 * reads no color-scheme (libadwaita would). So the app asks the portal,
 * as GNOME apps did before libadwaita, and tells GTK through
 * gtk-application-prefer-dark-theme, which every window follows. */
struct _SwStyleManager
{
  GObject              parent_instance;

  GSettings           *settings;
  GtkSettings         *gtk_settings;
  GDBusConnection     *bus;
  /* Only while the style is "system": the others need no D-Bus. */
  SwColorSchemePortal *portal;
};

G_DEFINE_FINAL_TYPE (SwStyleManager, sw_style_manager, G_TYPE_OBJECT)

static void
update (SwStyleManager *self)
{
  g_autofree char *style = g_settings_get_string (self->settings, "style");
  gboolean dark;
  gboolean was_dark;

  if (g_str_equal (style, "system"))
    {
      if (self->portal == NULL)
        {
          self->portal = sw_color_scheme_portal_new (self->bus);
          g_signal_connect_object (self->portal, "notify::color-scheme",
                                   G_CALLBACK (update), self, G_CONNECT_SWAPPED);
        }
      dark = sw_color_scheme_portal_get_color_scheme (self->portal) == SW_COLOR_SCHEME_PREFER_DARK;
    }
  else
    {
      g_clear_object (&self->portal);
      dark = g_str_equal (style, "dark");
    }

  /* Set only when it changes: setting it restyles every window. */
  g_object_get (self->gtk_settings, "gtk-application-prefer-dark-theme", &was_dark, NULL);
  if (!dark != !was_dark)
    g_object_set (self->gtk_settings, "gtk-application-prefer-dark-theme", dark, NULL);
}

/**
 * sw_style_manager_new:
 * @settings: the application's settings
 * @display: whose windows it styles
 * @bus: (nullable): the session bus, where the desktop portal says what
 *   the desktop prefers
 *
 * When the environment variable GTK_THEME chooses a theme, the person
 * running the app (or a test) chose the style, and it does nothing.
 *
 * Returns: (transfer full): the style manager
 */
SwStyleManager *
sw_style_manager_new (GSettings       *settings,
                      GdkDisplay      *display,
                      GDBusConnection *bus)
{
  SwStyleManager *self;
  const char *theme = g_getenv ("GTK_THEME");

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);
  g_return_val_if_fail (bus == NULL || G_IS_DBUS_CONNECTION (bus), NULL);

  self = g_object_new (SW_TYPE_STYLE_MANAGER, NULL);
  if (theme != NULL && *theme != '\0')
    {
      g_debug ("GTK_THEME is %s: leaving the style to it", theme);
      return self;
    }

  self->settings = g_object_ref (settings);
  self->gtk_settings = g_object_ref (gtk_settings_get_for_display (display));
  self->bus = bus != NULL ? g_object_ref (bus) : NULL;
  g_signal_connect_object (settings, "changed::style", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);

  return self;
}

static void
sw_style_manager_dispose (GObject *object)
{
  SwStyleManager *self = SW_STYLE_MANAGER (object);

  g_clear_object (&self->portal);
  g_clear_object (&self->gtk_settings);
  g_clear_object (&self->bus);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sw_style_manager_parent_class)->dispose (object);
}

static void
sw_style_manager_class_init (SwStyleManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_style_manager_dispose;
}

static void
sw_style_manager_init (SwStyleManager *self)
{
}

/* sw-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-encoding.h"
#include "sw-preferences-window.h"
#include "sw-utils.h"

struct _SwPreferencesWindow
{
  GtkWindow       parent_instance;

  GSettings      *settings;

  GtkDropDown    *style;
  GtkSpinButton  *log_limit;
  GtkSpinButton  *view_lines;
  GtkDropDown    *display_mode;
  GtkDropDown    *display_encoding;
  GtkSwitch      *show_timestamps;
  GtkSpinButton  *connect_timeout;
};

G_DEFINE_FINAL_TYPE (SwPreferencesWindow, sw_preferences_window, GTK_TYPE_WINDOW)

/* The choices of string settings, in the order of their drop-downs. */
static const char *display_modes[] = { "text", "hex", NULL };
static const char *styles[] = { "system", "light", "dark", NULL };

/* A choice the drop-down does not have (a newer version's) shows the first. */
static gboolean
choice_to_position (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *choices = user_data;
  const char *choice = g_variant_get_string (variant, NULL);
  guint position = 0;

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choices[i], choice))
      position = i;
  g_value_set_uint (value, position);

  return TRUE;
}

static GVariant *
position_to_choice (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char * const *choices = user_data;
  guint position = g_value_get_uint (value);

  if (position >= g_strv_length ((char **) choices))
    return NULL;

  return g_variant_new_string (choices[position]);
}

static gboolean
encoding_to_position (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  SwEncoding encoding = SW_ENCODING_UTF8;

  sw_encoding_from_id (g_variant_get_string (variant, NULL), &encoding);
  g_value_set_uint (value, encoding);

  return TRUE;
}

static GVariant *
position_to_encoding (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= SW_N_ENCODINGS)
    return NULL;

  return g_variant_new_string (sw_encoding_get_id (position));
}

/**
 * sw_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer full): the preferences window
 */
GtkWidget *
sw_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (SW_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
}

static void
sw_preferences_window_dispose (GObject *object)
{
  SwPreferencesWindow *self = SW_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sw_preferences_window_parent_class)->dispose (object);
}

static void
sw_preferences_window_class_init (SwPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SwPreferencesWindow, style);
  gtk_widget_class_bind_template_child (widget_class, SwPreferencesWindow, log_limit);
  gtk_widget_class_bind_template_child (widget_class, SwPreferencesWindow, view_lines);
  gtk_widget_class_bind_template_child (widget_class, SwPreferencesWindow, display_mode);
  gtk_widget_class_bind_template_child (widget_class, SwPreferencesWindow, display_encoding);
  gtk_widget_class_bind_template_child (widget_class, SwPreferencesWindow, show_timestamps);
  gtk_widget_class_bind_template_child (widget_class, SwPreferencesWindow, connect_timeout);
  gtk_widget_class_bind_template_callback_full (widget_class, "drop_down_mnemonic_activate_cb",
                                                G_CALLBACK (sw_drop_down_mnemonic_activate));
}

static void
sw_preferences_window_init (SwPreferencesWindow *self)
{
  g_autoptr(GtkStringList) encodings = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  sw_fix_mnemonic_names (GTK_WIDGET (self));

  for (guint i = 0; i < SW_N_ENCODINGS; i++)
    gtk_string_list_append (encodings, sw_encoding_get_display_name (i));
  gtk_drop_down_set_model (self->display_encoding, G_LIST_MODEL (encodings));

  /* Changes apply at once, as GNOME preferences do. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "log-limit-mib", self->log_limit, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "view-max-lines", self->view_lines, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "connect-timeout", self->connect_timeout, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-timestamps", self->show_timestamps, "active", G_SETTINGS_BIND_DEFAULT);
  /* The application's style manager follows it, in every window. */
  g_settings_bind_with_mapping (self->settings, "style", self->style, "selected",
                                G_SETTINGS_BIND_DEFAULT, choice_to_position, position_to_choice,
                                styles, NULL);
  g_settings_bind_with_mapping (self->settings, "display-mode", self->display_mode, "selected",
                                G_SETTINGS_BIND_DEFAULT, choice_to_position, position_to_choice,
                                display_modes, NULL);
  g_settings_bind_with_mapping (self->settings, "display-encoding", self->display_encoding, "selected",
                                G_SETTINGS_BIND_DEFAULT, encoding_to_position, position_to_encoding, NULL, NULL);
}

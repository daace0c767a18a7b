/* sw-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-session"

#include "config.h"

#include "sw-encoding.h"
#include "sw-session-private.h"

G_DEFINE_INTERFACE (SwSession, sw_session, GTK_TYPE_WIDGET)

static void
sw_session_default_init (SwSessionInterface *iface)
{
  /**
   * SwSession:title:
   *
   * A short name for the tab, e.g. "127.0.0.1:7000".
   */
  g_object_interface_install_property (iface,
                                       g_param_spec_string ("title", NULL, NULL, NULL,
                                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

const char *
sw_session_get_kind (SwSession *self)
{
  g_return_val_if_fail (SW_IS_SESSION (self), NULL);

  return SW_SESSION_GET_IFACE (self)->get_kind (self);
}

/**
 * sw_session_get_traffic_view:
 *
 * Returns: (transfer none): the session's traffic view
 */
SwTrafficView *
sw_session_get_traffic_view (SwSession *self)
{
  g_return_val_if_fail (SW_IS_SESSION (self), NULL);

  return SW_SESSION_GET_IFACE (self)->get_traffic_view (self);
}

/**
 * sw_session_get_title:
 *
 * Returns: (transfer none): the tab's title
 */
const char *
sw_session_get_title (SwSession *self)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (SW_IS_SESSION (self), NULL);

  g_object_get (self, "title", &title, NULL);

  /* Interned: titles are few and the caller does not free them. */
  return g_intern_string (title);
}

/**
 * sw_session_save_state:
 *
 * Returns: (transfer floating): the session's state
 */
GVariant *
sw_session_save_state (SwSession *self)
{
  g_auto(GVariantDict) state = G_VARIANT_DICT_INIT (NULL);

  g_return_val_if_fail (SW_IS_SESSION (self), NULL);

  g_variant_dict_insert (&state, "kind", "s", sw_session_get_kind (self));
  SW_SESSION_GET_IFACE (self)->save_state (self, &state);

  return g_variant_dict_end (&state);
}

void
sw_session_restore_state (SwSession *self,
                          GVariant  *state)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_return_if_fail (SW_IS_SESSION (self));
  g_return_if_fail (state != NULL && g_variant_is_of_type (state, G_VARIANT_TYPE_VARDICT));

  g_variant_dict_init (&dict, state);
  SW_SESSION_GET_IFACE (self)->restore_state (self, &dict);
}

static gboolean
mib_to_bytes (GValue   *value,
              GVariant *variant,
              gpointer  user_data)
{
  g_value_set_uint64 (value, (guint64) g_variant_get_uint32 (variant) * 1024 * 1024);

  return TRUE;
}

void
_sw_session_setup (SwTrafficView *view,
                   SwTrafficLog  *log,
                   GSettings     *settings)
{
  g_autofree char *mode = g_settings_get_string (settings, "display-mode");
  g_autofree char *encoding_id = g_settings_get_string (settings, "display-encoding");
  SwEncoding encoding = SW_ENCODING_UTF8;

  sw_traffic_view_set_log (view, log);
  g_settings_bind (settings, "view-max-lines", view, "max-lines", G_SETTINGS_BIND_GET);
  g_settings_bind_with_mapping (settings, "log-limit-mib", log, "byte-cap", G_SETTINGS_BIND_GET,
                                mib_to_bytes, NULL, NULL, NULL);

  /* Defaults for a new session; a restored one brings its own. */
  sw_traffic_view_set_display_mode (view, g_str_equal (mode, "hex") ? SW_DISPLAY_MODE_HEX : SW_DISPLAY_MODE_TEXT);
  if (sw_encoding_from_id (encoding_id, &encoding))
    sw_traffic_view_set_encoding (view, encoding);
  sw_traffic_view_set_show_timestamps (view, g_settings_get_boolean (settings, "show-timestamps"));
}

void
_sw_session_save_property (GVariantDict *state,
                           const char   *key,
                           gpointer      object,
                           const char   *property)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  g_auto(GValue) value = G_VALUE_INIT;
  GVariant *variant = NULL;

  g_return_if_fail (pspec != NULL);

  g_value_init (&value, pspec->value_type);
  g_object_get_property (object, property, &value);

  if (G_VALUE_HOLDS_STRING (&value))
    variant = g_variant_new_string (g_value_get_string (&value) != NULL ? g_value_get_string (&value) : "");
  else if (G_VALUE_HOLDS_BOOLEAN (&value))
    variant = g_variant_new_boolean (g_value_get_boolean (&value));
  else if (G_VALUE_HOLDS_UINT (&value))
    variant = g_variant_new_uint32 (g_value_get_uint (&value));
  else if (G_VALUE_HOLDS_DOUBLE (&value))
    variant = g_variant_new_double (g_value_get_double (&value));
  else if (G_VALUE_HOLDS_ENUM (&value))
    {
      GEnumClass *klass = g_type_class_peek (pspec->value_type);
      GEnumValue *enum_value = g_enum_get_value (klass, g_value_get_enum (&value));

      if (enum_value != NULL)
        variant = g_variant_new_string (enum_value->value_nick);
    }
  else
    g_return_if_reached ();

  if (variant != NULL)
    g_variant_dict_insert_value (state, key, variant);
}

void
_sw_session_restore_property (GVariantDict *state,
                              const char   *key,
                              gpointer      object,
                              const char   *property)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  g_autoptr(GVariant) variant = g_variant_dict_lookup_value (state, key, NULL);
  g_auto(GValue) value = G_VALUE_INIT;

  g_return_if_fail (pspec != NULL);

  if (variant == NULL)
    return;

  g_value_init (&value, pspec->value_type);

  if (G_VALUE_HOLDS_STRING (&value) && g_variant_is_of_type (variant, G_VARIANT_TYPE_STRING))
    g_value_set_string (&value, g_variant_get_string (variant, NULL));
  else if (G_VALUE_HOLDS_BOOLEAN (&value) && g_variant_is_of_type (variant, G_VARIANT_TYPE_BOOLEAN))
    g_value_set_boolean (&value, g_variant_get_boolean (variant));
  else if (G_VALUE_HOLDS_UINT (&value) && g_variant_is_of_type (variant, G_VARIANT_TYPE_UINT32))
    g_value_set_uint (&value, g_variant_get_uint32 (variant));
  else if (G_VALUE_HOLDS_DOUBLE (&value) && g_variant_is_of_type (variant, G_VARIANT_TYPE_DOUBLE))
    g_value_set_double (&value, g_variant_get_double (variant));
  else if (G_VALUE_HOLDS_ENUM (&value) && g_variant_is_of_type (variant, G_VARIANT_TYPE_STRING))
    {
      GEnumClass *klass = g_type_class_peek (pspec->value_type);
      GEnumValue *enum_value = g_enum_get_value_by_nick (klass, g_variant_get_string (variant, NULL));

      if (enum_value == NULL)
        return;
      g_value_set_enum (&value, enum_value->value);
    }
  else
    return;

  /* A value out of range is not restored rather than clamped. */
  if (g_param_value_validate (pspec, &value))
    return;

  g_object_set_property (object, property, &value);
}

static const struct {
  const char *key;
  gboolean    on_view;
  const char *property;
} common_state[] = {
  { "display-mode", TRUE, "display-mode" },
  { "display-encoding", TRUE, "encoding" },
  { "show-timestamps", TRUE, "show-timestamps" },
  { "message", FALSE, "text" },
  { "format", FALSE, "format" },
  { "escapes", FALSE, "escapes" },
  { "line-ending", FALSE, "line-ending" },
  { "send-encoding", FALSE, "encoding" },
  { "repeat-interval", FALSE, "repeat-interval" },
  { "times", FALSE, "times" },
};

void
_sw_session_save_common (GVariantDict  *state,
                         SwTrafficView *view,
                         SwSendBar     *send_bar)
{
  for (guint i = 0; i < G_N_ELEMENTS (common_state); i++)
    _sw_session_save_property (state, common_state[i].key,
                               common_state[i].on_view ? (gpointer) view : (gpointer) send_bar,
                               common_state[i].property);
}

void
_sw_session_restore_common (GVariantDict  *state,
                            SwTrafficView *view,
                            SwSendBar     *send_bar)
{
  for (guint i = 0; i < G_N_ELEMENTS (common_state); i++)
    _sw_session_restore_property (state, common_state[i].key,
                                  common_state[i].on_view ? (gpointer) view : (gpointer) send_bar,
                                  common_state[i].property);
}

void
_sw_session_take_title (SwSession  *self,
                        char      **slot,
                        char       *title)
{
  if (g_strcmp0 (title, *slot) == 0)
    {
      g_free (title);
      return;
    }

  g_free (*slot);
  *slot = title;
  g_object_notify (G_OBJECT (self), "title");
}

void
_sw_session_set_form_sensitive (SwSendBar *send_bar,
                                gboolean   sensitive,
                                GtkWidget *first,
                                ...)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (send_bar));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  va_list args;

  /* Before they turn insensitive: an insensitive GtkText keeps the focus
   * it never lost, and warns while its cursor blinks. */
  va_start (args, first);
  for (GtkWidget *widget = first; widget != NULL && !sensitive && focus != NULL;
       widget = va_arg (args, GtkWidget *))
    {
      if (focus == widget || gtk_widget_is_ancestor (focus, widget))
        {
          gtk_widget_grab_focus (GTK_WIDGET (send_bar));
          break;
        }
    }
  va_end (args);

  va_start (args, first);
  for (GtkWidget *widget = first; widget != NULL; widget = va_arg (args, GtkWidget *))
    gtk_widget_set_sensitive (widget, sensitive);
  va_end (args);
}

void
_sw_session_show_error (GtkLabel     *label,
                        const GError *error)
{
  gtk_label_set_text (label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), error != NULL);
}

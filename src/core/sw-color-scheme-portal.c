/* sw-color-scheme-portal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-color-scheme-portal"

#include "config.h"

#include "sw-color-scheme-portal.h"
#include "sw-core-enums.h"

/* https://flatpak.github.io/xdg-desktop-portal/docs/doc-org.freedesktop.portal.Settings.html */
#define PORTAL_BUS_NAME    "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT_PATH "/org/freedesktop/portal/desktop"
#define PORTAL_INTERFACE   "org.freedesktop.portal.Settings"
#define APPEARANCE         "org.freedesktop.appearance"
#define COLOR_SCHEME       "color-scheme"
/* A portal answers in a millisecond; one being started by the bus, in
 * well under this. */
#define READ_TIMEOUT_MS    1000

struct _SwColorSchemePortal
{
  GObject          parent_instance;

  GDBusConnection *bus;
  guint            changed_id;
  SwColorScheme    color_scheme;
};

G_DEFINE_FINAL_TYPE (SwColorSchemePortal, sw_color_scheme_portal, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COLOR_SCHEME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * sw_color_scheme_parse_portal_value:
 * @value: what the portal sent for color-scheme: the value in Read's
 *   reply or in SettingChanged
 * @scheme: (out): where the scheme goes
 *
 * Older portals wrap Read's value in a second variant (a reply of
 * `(<<uint32 1>>)`, not `(<uint32 1>)`); either shape is taken. A number the specification does not know yet means
 * no preference, as it asks.
 *
 * Returns: whether @value was a color-scheme
 */
gboolean
sw_color_scheme_parse_portal_value (GVariant      *value,
                                    SwColorScheme *scheme)
{
  g_autoptr(GVariant) inner = NULL;
  guint32 number;

  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (scheme != NULL, FALSE);

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    inner = g_variant_get_variant (value);
  else
    inner = g_variant_ref (value);

  if (!g_variant_is_of_type (inner, G_VARIANT_TYPE_UINT32))
    return FALSE;

  number = g_variant_get_uint32 (inner);
  *scheme = number <= SW_COLOR_SCHEME_PREFER_LIGHT ? number : SW_COLOR_SCHEME_NO_PREFERENCE;

  return TRUE;
}

static void
set_color_scheme (SwColorSchemePortal *self,
                  SwColorScheme        color_scheme)
{
  if (self->color_scheme == color_scheme)
    return;

  self->color_scheme = color_scheme;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR_SCHEME]);
}

static void
take_value (SwColorSchemePortal *self,
            GVariant            *value)
{
  SwColorScheme color_scheme;

  if (sw_color_scheme_parse_portal_value (value, &color_scheme))
    set_color_scheme (self, color_scheme);
  else
    g_debug ("The portal's color-scheme is a %s, not a number: taken as no preference",
             g_variant_get_type_string (value));
}

static void
setting_changed (GDBusConnection *bus,
                 const char      *sender_name,
                 const char      *object_path,
                 const char      *interface_name,
                 const char      *signal_name,
                 GVariant        *parameters,
                 gpointer         user_data)
{
  SwColorSchemePortal *self = user_data;
  const char *namespace;
  const char *key;
  g_autoptr(GVariant) value = NULL;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ssv)")))
    return;

  g_variant_get (parameters, "(&s&sv)", &namespace, &key, &value);
  if (g_strcmp0 (namespace, APPEARANCE) != 0 || g_strcmp0 (key, COLOR_SCHEME) != 0)
    return;

  take_value (self, value);
}

/**
 * sw_color_scheme_portal_new:
 * @bus: (nullable): the session bus, or %NULL when there is none
 *
 * Reads the desktop's color scheme from the portal, and follows its
 * changes. It waits for the answer (at most READ_TIMEOUT_MS), as
 * libadwaita does: a window opened before it would be drawn light first,
 * then dark, on a dark desktop. Without a portal the answer is an error
 * from the bus, at once.
 *
 * Returns: (transfer full): the portal's color scheme
 */
SwColorSchemePortal *
sw_color_scheme_portal_new (GDBusConnection *bus)
{
  SwColorSchemePortal *self;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (bus == NULL || G_IS_DBUS_CONNECTION (bus), NULL);

  self = g_object_new (SW_TYPE_COLOR_SCHEME_PORTAL, NULL);
  if (bus == NULL)
    return self;

  self->bus = g_object_ref (bus);
  self->changed_id = g_dbus_connection_signal_subscribe (self->bus, PORTAL_BUS_NAME, PORTAL_INTERFACE,
                                                         "SettingChanged", PORTAL_OBJECT_PATH, APPEARANCE,
                                                         G_DBUS_SIGNAL_FLAGS_NONE,
                                                         setting_changed, self, NULL);
  reply = g_dbus_connection_call_sync (self->bus, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH, PORTAL_INTERFACE, "Read",
                                       g_variant_new ("(ss)", APPEARANCE, COLOR_SCHEME), G_VARIANT_TYPE ("(v)"),
                                       G_DBUS_CALL_FLAGS_NONE, READ_TIMEOUT_MS, NULL, &error);
  if (reply == NULL)
    {
      /* No portal, or one without the setting: the default style. */
      g_debug ("No color scheme from the desktop portal: %s", error->message);
      return self;
    }

  g_variant_get (reply, "(v)", &value);
  take_value (self, value);

  return self;
}

SwColorScheme
sw_color_scheme_portal_get_color_scheme (SwColorSchemePortal *self)
{
  g_return_val_if_fail (SW_IS_COLOR_SCHEME_PORTAL (self), SW_COLOR_SCHEME_NO_PREFERENCE);

  return self->color_scheme;
}

static void
sw_color_scheme_portal_dispose (GObject *object)
{
  SwColorSchemePortal *self = SW_COLOR_SCHEME_PORTAL (object);

  if (self->changed_id != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->changed_id);
  self->changed_id = 0;
  g_clear_object (&self->bus);

  G_OBJECT_CLASS (sw_color_scheme_portal_parent_class)->dispose (object);
}

static void
sw_color_scheme_portal_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SwColorSchemePortal *self = SW_COLOR_SCHEME_PORTAL (object);

  switch (prop_id)
    {
    case PROP_COLOR_SCHEME:
      g_value_set_enum (value, self->color_scheme);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_color_scheme_portal_class_init (SwColorSchemePortalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_color_scheme_portal_dispose;
  object_class->get_property = sw_color_scheme_portal_get_property;

  properties[PROP_COLOR_SCHEME] =
    g_param_spec_enum ("color-scheme", NULL, NULL,
                       SW_TYPE_COLOR_SCHEME, SW_COLOR_SCHEME_NO_PREFERENCE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_color_scheme_portal_init (SwColorSchemePortal *self)
{
}

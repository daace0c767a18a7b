/* sw-color-scheme-portal.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the desktop prefers, with the values of the XDG Settings portal's
 * org.freedesktop.appearance color-scheme. */
typedef enum
{
  SW_COLOR_SCHEME_NO_PREFERENCE = 0,
  SW_COLOR_SCHEME_PREFER_DARK = 1,
  SW_COLOR_SCHEME_PREFER_LIGHT = 2,
} SwColorScheme;

/* Reads the color-scheme the portal sent (Read's value, wrapped in a
 * variant once or twice, or SettingChanged's): FALSE when it is not one. */
gboolean sw_color_scheme_parse_portal_value (GVariant      *value,
                                             SwColorScheme *scheme);

#define SW_TYPE_COLOR_SCHEME_PORTAL (sw_color_scheme_portal_get_type ())

G_DECLARE_FINAL_TYPE (SwColorSchemePortal, sw_color_scheme_portal, SW, COLOR_SCHEME_PORTAL, GObject)

/* Reads the desktop's color scheme from the portal on @bus (waiting for
 * the answer), and follows its changes. */
SwColorSchemePortal *sw_color_scheme_portal_new              (GDBusConnection     *bus);
/* What the desktop prefers: no preference when there is no portal. */
SwColorScheme        sw_color_scheme_portal_get_color_scheme (SwColorSchemePortal *self);

G_END_DECLS

/* sw-style-manager.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SW_TYPE_STYLE_MANAGER (sw_style_manager_get_type ())

G_DECLARE_FINAL_TYPE (SwStyleManager, sw_style_manager, SW, STYLE_MANAGER, GObject)

/* Makes every window of @display light or dark as the "style" key of
 * @settings says, from now on, following the desktop (as the portal on
 * @bus tells it) for "system". */
SwStyleManager *sw_style_manager_new (GSettings       *settings,
                                      GdkDisplay      *display,
                                      GDBusConnection *bus);

G_END_DECLS

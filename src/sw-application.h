/* sw-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-library-keeper.h"

G_BEGIN_DECLS

#define SW_TYPE_APPLICATION (sw_application_get_type ())

G_DECLARE_FINAL_TYPE (SwApplication, sw_application, SW, APPLICATION, GtkApplication)

SwApplication *sw_application_new          (void);
GSettings     *sw_application_get_settings (SwApplication *self);
/* The message library every session of every window shares. */
SwLibraryKeeper *sw_application_get_library_keeper (SwApplication *self);

G_END_DECLS

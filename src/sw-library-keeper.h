/* sw-library-keeper.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-message-library.h"

G_BEGIN_DECLS

#define SW_TYPE_LIBRARY_KEEPER (sw_library_keeper_get_type ())

G_DECLARE_FINAL_TYPE (SwLibraryKeeper, sw_library_keeper, SW, LIBRARY_KEEPER, GObject)

/* Keeps the message library every session shares on disk: loads it, and
 * saves it whenever an edit leaves it modified. */
SwLibraryKeeper  *sw_library_keeper_new         (SwMessageLibrary *library);

SwMessageLibrary *sw_library_keeper_get_library (SwLibraryKeeper  *self);
/* Whether the first load is over (it worked or not). */
gboolean          sw_library_keeper_get_loaded  (SwLibraryKeeper  *self);
/* Why the last load or save failed, in words; %NULL once one worked. */
const char       *sw_library_keeper_get_error   (SwLibraryKeeper  *self);
/* Waits for the saves under way and writes what is left: at exit. */
void              sw_library_keeper_flush       (SwLibraryKeeper  *self);

G_END_DECLS

/* sw-core-private.h: helpers shared inside src/core only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Maps a byte offset into @text to a 1-based line and a 1-based column
 * counted in characters, for error messages people can act on. */
void _sw_text_offset_to_position (const char *text,
                                  gsize       offset,
                                  guint      *line,
                                  guint      *column);

G_END_DECLS

/* sw-hex.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SW_HEX_ERROR (sw_hex_error_quark ())

typedef enum
{
  SW_HEX_ERROR_INVALID_CHARACTER,
  SW_HEX_ERROR_ODD_DIGITS,
  SW_HEX_ERROR_EMPTY_PREFIX,
  /* A "?" that is not half of a "??" wildcard (hex patterns only). */
  SW_HEX_ERROR_HALF_WILDCARD,
} SwHexError;

/* Bytes per row of a hex dump. */
#define SW_HEX_DUMP_WIDTH 16

GQuark  sw_hex_error_quark (void);

/* Parses hex text as people type it (separators, 0x prefixes, any case). */
GBytes *sw_hex_parse       (const char   *text,
                            gssize        length,
                            gsize        *error_offset,
                            GError      **error);

/* Appends "48 65 6C" (uppercase, single spaces) to @out. */
void    sw_hex_append      (GString      *out,
                            const guint8 *data,
                            gsize         length);
char   *sw_hex_format      (const guint8 *data,
                            gsize         length);

/* Appends a hex dump: offset, 16 bytes in two groups of 8, ASCII gutter. */
void    sw_hex_dump_append (GString      *out,
                            const guint8 *data,
                            gsize         length,
                            const char   *line_prefix);
char   *sw_hex_dump        (const guint8 *data,
                            gsize         length);

G_END_DECLS

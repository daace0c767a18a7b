/* sw-code-export-private.h: the literals of sw-code-export, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-code-export.h"

G_BEGIN_DECLS

/* Columns of the code's lines, comments included. */
#define SW_CODE_LINE_WIDTH 79
/* Steps (sends, receives) a script holds at most: beyond, as beyond
 * SW_CODE_PYTHON_MAX_BYTES, the rest is left out. */
#define SW_CODE_MAX_STEPS 10000

/* Appends @data as a Python expression of type bytes: b'…' (printable
 * ASCII as itself, \r \n \t, \xNN otherwise), bytes.fromhex('…') when
 * most bytes are not text, or '…'.encode(…) for text typed in an
 * encoding Python spells the same. Long ones span lines, each a piece
 * indented by @indent + 4, the closing at @indent. */
void _sw_code_append_python_bytes (GString       *out,
                                   const guint8  *data,
                                   gsize          length,
                                   SwRecordFlags  flags,
                                   SwEncoding     encoding,
                                   guint          indent);

/* Appends @data as a printf(1) format that prints exactly @data: "%%",
 * "\\", \n \r \t, printable ASCII but "'" as itself, \ooo otherwise; so
 * it can sit in single quotes for sh. */
void _sw_code_append_printf_format (GString       *out,
                                    const guint8  *data,
                                    gsize          length);

/* Appends @text (UTF-8) as a Python str literal on one line. */
void _sw_code_append_python_str    (GString       *out,
                                    const char    *text);

void _sw_code_append_spaces        (GString       *out,
                                    guint          n);

G_END_DECLS

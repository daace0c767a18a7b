/* sw-encoding.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SW_ENCODING_ERROR (sw_encoding_error_quark ())

typedef enum
{
  SW_ENCODING_ERROR_UNREPRESENTABLE,
  SW_ENCODING_ERROR_INVALID_INPUT,
  SW_ENCODING_ERROR_UNSUPPORTED,
} SwEncodingError;

typedef enum
{
  SW_ENCODING_UTF8,
  SW_ENCODING_GB18030,
  SW_ENCODING_GBK,
  SW_ENCODING_BIG5,
  SW_ENCODING_LATIN1,
  SW_ENCODING_UTF16LE,
  SW_ENCODING_UTF16BE,
} SwEncoding;

#define SW_N_ENCODINGS (SW_ENCODING_UTF16BE + 1)

typedef enum
{
  SW_DECODE_FLAGS_NONE      = 0,
  /* After a visible "\n", also break the line (for readable multi-line text). */
  SW_DECODE_FLAGS_BREAK_LF  = 1 << 0,
  /* Every character as itself (controls, backslash and U+0000 too); only
   * bytes that do not decode are \xNN. For matching text, not showing it. */
  SW_DECODE_FLAGS_RAW       = 1 << 1,
} SwDecodeFlags;

GQuark      sw_encoding_error_quark       (void);

/* iconv name, e.g. "GB18030". */
const char *sw_encoding_get_charset       (SwEncoding     encoding);
/* Stable identifier for settings, e.g. "gb18030". */
const char *sw_encoding_get_id            (SwEncoding     encoding);
/* Short technical name for tight labels, e.g. "Big5" (not translated). */
const char *sw_encoding_get_short_name    (SwEncoding     encoding);
/* Translated name for menus, e.g. "Chinese Simplified (GB18030)". */
const char *sw_encoding_get_display_name  (SwEncoding     encoding);
gboolean    sw_encoding_from_id           (const char    *id,
                                           SwEncoding    *encoding);

/* Decodes bytes for display into valid UTF-8: undecodable bytes become
 * \xNN, control characters become \r \n \t or \xNN, a backslash "\\", and
 * invisible format characters (bidi controls and the like) \u{NNNN}; C1
 * controls are \xNN in Latin-1 only, \u{00NN} elsewhere, so that \xNN
 * always stands for one byte. */
void        sw_encoding_decode_append     (SwEncoding     encoding,
                                           const guint8  *data,
                                           gsize          length,
                                           SwDecodeFlags  flags,
                                           GString       *out);
char       *sw_encoding_decode            (SwEncoding     encoding,
                                           const guint8  *data,
                                           gsize          length,
                                           SwDecodeFlags  flags);

/* Encodes UTF-8 text for sending; a character the encoding cannot
 * represent is an error naming it and its position. */
GBytes     *sw_encoding_encode            (SwEncoding     encoding,
                                           const char    *text,
                                           gssize         length,
                                           gsize         *error_offset,
                                           GError       **error);

G_END_DECLS

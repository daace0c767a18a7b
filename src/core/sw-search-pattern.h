/* sw-search-pattern.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sw-encoding.h"

G_BEGIN_DECLS

#define SW_SEARCH_ERROR (sw_search_error_quark ())

typedef enum
{
  /* Nothing to search for (the text is empty, or hex is only spaces). */
  SW_SEARCH_ERROR_EMPTY,
  /* The text (escapes, encoding) or the hex does not parse; the error
   * offset is in the pattern. */
  SW_SEARCH_ERROR_INVALID_PATTERN,
  /* PCRE2 rejected the regular expression; the offset is in the pattern. */
  SW_SEARCH_ERROR_INVALID_REGEX,
  /* While searching, the regular expression went over its limits. */
  SW_SEARCH_ERROR_MATCH_LIMIT,
  /* More matches than a search keeps (SW_TRAFFIC_SEARCH_MAX_MATCHES). */
  SW_SEARCH_ERROR_TOO_MANY,
} SwSearchError;

typedef enum
{
  /* Text with the send bar's escapes, encoded in the display encoding. */
  SW_SEARCH_KIND_TEXT,
  /* Hex bytes, "??" for a byte that can be anything. */
  SW_SEARCH_KIND_HEX,
  /* A PCRE2 regular expression on the bytes decoded to text. */
  SW_SEARCH_KIND_REGEX,
} SwSearchKind;

typedef enum
{
  SW_SEARCH_FLAGS_NONE             = 0,
  /* Letters match in either case (TEXT and REGEX). */
  SW_SEARCH_FLAGS_CASE_INSENSITIVE = 1 << 0,
} SwSearchFlags;

#define SW_TYPE_SEARCH_PATTERN (sw_search_pattern_get_type ())

/* What a person typed into a search bar, compiled: immutable, and safe
 * to use from any thread. */
typedef struct _SwSearchPattern SwSearchPattern;

GQuark           sw_search_error_quark         (void);
GType            sw_search_pattern_get_type    (void) G_GNUC_CONST;

/* Compiles @text as @kind; TEXT and REGEX read the log in @encoding (the
 * display encoding). %NULL with an error a person can act on, and the
 * byte offset in @text it is about. */
SwSearchPattern *sw_search_pattern_new         (SwSearchKind      kind,
                                                const char       *text,
                                                SwEncoding        encoding,
                                                SwSearchFlags     flags,
                                                gsize            *error_offset,
                                                GError          **error);
SwSearchPattern *sw_search_pattern_ref         (SwSearchPattern  *self);
void             sw_search_pattern_unref       (SwSearchPattern  *self);

SwSearchKind     sw_search_pattern_get_kind     (SwSearchPattern *self);
const char      *sw_search_pattern_get_text     (SwSearchPattern *self);
SwEncoding       sw_search_pattern_get_encoding (SwSearchPattern *self);
SwSearchFlags    sw_search_pattern_get_flags    (SwSearchPattern *self);
/* Whether @a and @b search for the same thing the same way. */
gboolean         sw_search_pattern_equal        (SwSearchPattern *a,
                                                 SwSearchPattern *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwSearchPattern, sw_search_pattern_unref)

G_END_DECLS

/* sw-search-private.h: the matching behind SwTrafficSearch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-search-pattern.h"

G_BEGIN_DECLS

/* A match from byte @start up to @end (exclusive) of a haystack. */
typedef void (*SwSearchFoundFunc) (guint64  start,
                                   guint64  end,
                                   gpointer user_data);

/* What the scanners of one search share: the pattern, PCRE2's scratch, a
 * converter, buffers. Used from one thread at a time, as its scanners. */
typedef struct _SwSearchContext SwSearchContext;

/* Finds the matches of a pattern in one haystack after another (a stream
 * is one, or each of its frames, or an event), fed in pieces of any size:
 * matches are the same wherever the pieces split the haystack, and never
 * overlap (the leftmost wins, the search goes on after it). */
typedef struct _SwSearchScanner SwSearchScanner;

SwSearchContext *_sw_search_context_new      (SwSearchPattern   *pattern);
void             _sw_search_context_free     (SwSearchContext   *context);

/* A scanner for a stream's bytes, or with @event, for events' text
 * (UTF-8, whatever the pattern's encoding). Its haystack starts at 0. */
SwSearchScanner *_sw_search_scanner_new      (SwSearchContext   *context,
                                              gboolean           event);
void             _sw_search_scanner_free     (SwSearchScanner   *self);
/* Forgets the haystack, reporting nothing more of it; the next starts at
 * byte @offset (after bytes that are gone, say). */
void             _sw_search_scanner_reset    (SwSearchScanner   *self,
                                              guint64            offset);
/* The next bytes of the haystack. %FALSE when a regular expression went
 * over its limits (the scanner is then of no more use). */
gboolean         _sw_search_scanner_feed     (SwSearchScanner   *self,
                                              const guint8      *data,
                                              gsize              length,
                                              SwSearchFoundFunc  func,
                                              gpointer           user_data,
                                              GError           **error);
/* The haystack ends here (the end of a frame): reports what that decides;
 * the bytes fed next begin another. */
gboolean         _sw_search_scanner_end      (SwSearchScanner   *self,
                                              SwSearchFoundFunc  func,
                                              gpointer           user_data,
                                              GError           **error);
/* Nothing more for now: reports the matches the bytes so far hold. A
 * regular expression's match at the very end is reported as it stands
 * (`\d+` on "12" is "12", even if "3" comes next), but one that needs
 * more bytes can still complete. */
gboolean         _sw_search_scanner_flush    (SwSearchScanner   *self,
                                              SwSearchFoundFunc  func,
                                              gpointer           user_data,
                                              GError           **error);
/* The first byte a match reported from now on can start at. */
guint64          _sw_search_scanner_get_keep (SwSearchScanner   *self);

G_END_DECLS

/* sw-search-bar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-framing.h"
#include "sw-traffic-filter.h"
#include "sw-traffic-log.h"
#include "sw-traffic-search.h"

G_BEGIN_DECLS

#define SW_TYPE_SEARCH_BAR (sw_search_bar_get_type ())

G_DECLARE_FINAL_TYPE (SwSearchBar, sw_search_bar, SW, SEARCH_BAR, GtkWidget)

/* No match is the current one. */
#define SW_SEARCH_BAR_NO_MATCH G_MAXUINT

/* The bar over a traffic view that searches its whole log (issue #12):
 * what to look for (text, hex or a regular expression), "n of N", the
 * previous and next match, and the filter of what the view shows. It
 * searches; the view it sits in goes to the matches ("navigate") and
 * shows them. */
GtkWidget       *sw_search_bar_new           (void);

void             sw_search_bar_set_log       (SwSearchBar   *self,
                                              SwTrafficLog  *log);
/* Text is searched for in the display encoding, and in frames with
 * framing (nullable). */
void             sw_search_bar_set_encoding  (SwSearchBar   *self,
                                              SwEncoding     encoding);
void             sw_search_bar_set_framing   (SwSearchBar   *self,
                                              SwFraming     *framing);

/* The search of what is typed, or %NULL (nothing typed, or it does not
 * parse): follow notify::search. */
SwTrafficSearch *sw_search_bar_get_search    (SwSearchBar   *self);
/* Searches now for what is typed, if it changed since. */
void             sw_search_bar_update_search (SwSearchBar   *self);
/* What the view shows: always the same filter, whose properties change. */
SwTrafficFilter *sw_search_bar_get_filter    (SwSearchBar   *self);

/* The match the view shows, which "n of N" counts, or
 * SW_SEARCH_BAR_NO_MATCH. */
guint            sw_search_bar_get_current   (SwSearchBar   *self);
void             sw_search_bar_set_current   (SwSearchBar   *self,
                                              guint          index);

/* Shows the bar and puts the focus in its entry, the text selected. */
void             sw_search_bar_open          (SwSearchBar   *self);

G_END_DECLS

/* sw-traffic-search.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-framing.h"
#include "sw-search-pattern.h"
#include "sw-traffic-log.h"

G_BEGIN_DECLS

#define SW_TYPE_TRAFFIC_SEARCH (sw_traffic_search_get_type ())

G_DECLARE_FINAL_TYPE (SwTrafficSearch, sw_traffic_search, SW, TRAFFIC_SEARCH, GObject)

/* A search keeps at most this many matches (then says so in its error). */
#define SW_TRAFFIC_SEARCH_MAX_MATCHES 1000000

/* Where a match is in the log: from byte @start_offset of record
 * @start_seq up to byte @end_offset (exclusive, at least 1) of record
 * @end_seq. A match that spans records goes on in the next records of
 * the same stream (connection and direction), which other records may
 * come between. */
typedef struct
{
  guint64 start_seq;
  guint64 end_seq;
  gsize   start_offset;
  gsize   end_offset;
} SwSearchMatch;

/* Bytes of one record. */
typedef struct
{
  gsize offset;
  gsize length;
} SwSearchRange;

/* Starts searching all of @log for @pattern at once, in the background,
 * and goes on with the records appended later. With @framing (whose
 * settings are copied now), a match lies within one frame. */
SwTrafficSearch *sw_traffic_search_new              (SwTrafficLog     *log,
                                                     SwSearchPattern  *pattern,
                                                     SwFraming        *framing);

SwTrafficLog    *sw_traffic_search_get_log          (SwTrafficSearch  *self);
SwSearchPattern *sw_traffic_search_get_pattern      (SwTrafficSearch  *self);

/* Matches found so far, in log order (by where they start). */
guint            sw_traffic_search_get_n_matches    (SwTrafficSearch  *self);
gboolean         sw_traffic_search_get_match        (SwTrafficSearch  *self,
                                                     guint             index,
                                                     SwSearchMatch    *match);
/* Whether records remain that the search has not been through. */
gboolean         sw_traffic_search_get_searching    (SwTrafficSearch  *self);
/* How far it is through the records the log holds, from 0 to 1. */
double           sw_traffic_search_get_progress     (SwTrafficSearch  *self);
/* Why the search stopped early (a regular expression over its limits,
 * too many matches), or %NULL. */
const GError    *sw_traffic_search_get_error        (SwTrafficSearch  *self);

/* The first match that starts at or after byte @offset of record @seq,
 * else (*@wrapped set) the first of all; %FALSE when there is none. */
gboolean         sw_traffic_search_find_next        (SwTrafficSearch  *self,
                                                     guint64           seq,
                                                     gsize             offset,
                                                     guint            *index,
                                                     gboolean         *wrapped);
/* The last match that starts before byte @offset of record @seq, else
 * (*@wrapped set) the last of all; %FALSE when there is none. */
gboolean         sw_traffic_search_find_previous    (SwTrafficSearch  *self,
                                                     guint64           seq,
                                                     gsize             offset,
                                                     guint            *index,
                                                     gboolean         *wrapped);

/* Whether record @seq holds any part of a match (O(log n)). */
gboolean         sw_traffic_search_record_has_match (SwTrafficSearch  *self,
                                                     guint64           seq);
/* The parts of record @seq that matches cover, in order, for drawing:
 * an array of #SwSearchRange, empty when there is none. */
GArray          *sw_traffic_search_get_record_ranges (SwTrafficSearch *self,
                                                      guint64          seq);
/* The part of match @index that record @seq holds; %FALSE when none. */
gboolean         sw_traffic_search_get_match_range  (SwTrafficSearch  *self,
                                                     guint             index,
                                                     guint64           seq,
                                                     SwSearchRange    *range);

G_END_DECLS

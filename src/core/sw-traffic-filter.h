/* sw-traffic-filter.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sw-traffic-log.h"
#include "sw-traffic-search.h"

G_BEGIN_DECLS

#define SW_TYPE_TRAFFIC_FILTER (sw_traffic_filter_get_type ())

G_DECLARE_FINAL_TYPE (SwTrafficFilter, sw_traffic_filter, SW, TRAFFIC_FILTER, GObject)

/* Which records to show, by direction (a bit per #SwDirection). */
typedef enum /*< flags >*/
{
  SW_TRAFFIC_FILTER_RECEIVED = 1 << SW_DIRECTION_RECEIVED,
  SW_TRAFFIC_FILTER_SENT     = 1 << SW_DIRECTION_SENT,
  SW_TRAFFIC_FILTER_EVENTS   = 1 << SW_DIRECTION_EVENT,
} SwTrafficFilterDirections;

#define SW_TRAFFIC_FILTER_ALL (SW_TRAFFIC_FILTER_RECEIVED | SW_TRAFFIC_FILTER_SENT | \
                               SW_TRAFFIC_FILTER_EVENTS)

/* A filter that lets every record through. */
SwTrafficFilter          *sw_traffic_filter_new            (void);

SwTrafficFilterDirections sw_traffic_filter_get_directions (SwTrafficFilter           *self);
void                      sw_traffic_filter_set_directions (SwTrafficFilter           *self,
                                                            SwTrafficFilterDirections  directions);
/* Only the records of one connection (see sw_traffic_log_open_connection()),
 * its events included; 0 for any. */
guint                     sw_traffic_filter_get_connection (SwTrafficFilter           *self);
void                      sw_traffic_filter_set_connection (SwTrafficFilter           *self,
                                                            guint                      connection);
/* Only the records whose peer is @peer ("127.0.0.1:7000"); %NULL for any. */
const char               *sw_traffic_filter_get_peer       (SwTrafficFilter           *self);
void                      sw_traffic_filter_set_peer       (SwTrafficFilter           *self,
                                                            const char                *peer);
/* Only the records that hold part of a match of @search; %NULL for any. */
SwTrafficSearch          *sw_traffic_filter_get_search     (SwTrafficFilter           *self);
void                      sw_traffic_filter_set_search     (SwTrafficFilter           *self,
                                                            SwTrafficSearch           *search);

/* Whether the filter hides anything at all. */
gboolean                  sw_traffic_filter_is_active      (SwTrafficFilter           *self);
/* Whether @record passes: cheap enough to call for every record drawn. */
gboolean                  sw_traffic_filter_matches        (SwTrafficFilter           *self,
                                                            const SwTrafficRecord     *record);

G_END_DECLS

/* sw-rate-graph.h: bytes a second in and out over the last minute
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-traffic-log.h"

G_BEGIN_DECLS

#define SW_TYPE_RATE_GRAPH (sw_rate_graph_get_type ())

G_DECLARE_FINAL_TYPE (SwRateGraph, sw_rate_graph, SW, RATE_GRAPH, GtkWidget)

/* How often the graph samples its log's totals, and how many samples it
 * keeps: 60 s. */
#define SW_RATE_GRAPH_INTERVAL_MS 250
#define SW_RATE_GRAPH_N_SAMPLES   240

GtkWidget    *sw_rate_graph_new        (void);

/* The log whose totals it follows; sampling starts afresh. */
void          sw_rate_graph_set_log    (SwRateGraph   *self,
                                        SwTrafficLog  *log);
SwTrafficLog *sw_rate_graph_get_log    (SwRateGraph   *self);
/* The colours of received and sent bytes, as the log shows them. */
void          sw_rate_graph_set_colors (SwRateGraph   *self,
                                        const GdkRGBA *received,
                                        const GdkRGBA *sent);

/* Takes a sample now, as the timer does (for tests). */
void          sw_rate_graph_sample     (SwRateGraph   *self);
/* The rates of the sample @age samples ago (0: the newest); FALSE when
 * there is none that old. */
gboolean      sw_rate_graph_get_rates  (SwRateGraph   *self,
                                        guint          age,
                                        double        *bytes_received,
                                        double        *bytes_sent,
                                        double        *packets_received,
                                        double        *packets_sent);

G_END_DECLS

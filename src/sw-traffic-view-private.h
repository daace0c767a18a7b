/* sw-traffic-view-private.h: for tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-traffic-view.h"

G_BEGIN_DECLS

/* Whether the view is still reading the log anew (a change of framing)
 * or drawing the window that came of it. */
gboolean _sw_traffic_view_is_rebuilding (SwTrafficView *self);

G_END_DECLS

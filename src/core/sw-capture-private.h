/* sw-capture-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-capture.h"

G_BEGIN_DECLS

/* For tests, a disk slower than the network at any speed: TCP
 * connections are held above @hold_mark buffered bytes until back to
 * @resume_mark; beyond @buffer_max the capture fails. */
void _sw_capture_set_limits (SwCapture *self,
                             gsize      hold_mark,
                             gsize      resume_mark,
                             gsize      buffer_max);

G_END_DECLS

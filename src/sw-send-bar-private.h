/* sw-send-bar-private.h: the message history, for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-send-bar.h"

G_BEGIN_DECLS

/* At most this many sent messages are remembered. */
#define SW_SEND_BAR_HISTORY_MAX 100

/* What Up on the first line and Down on the last line of the message do:
 * recall an older or a newer sent message (after the newest comes the
 * draft that was there before). Return FALSE when there is none. */
gboolean     _sw_send_bar_history_previous (SwSendBar *self);
gboolean     _sw_send_bar_history_next     (SwSendBar *self);

guint        _sw_send_bar_get_history_length (SwSendBar *self);
/* @index 0 is the oldest message. */
const char  *_sw_send_bar_get_history_item   (SwSendBar *self,
                                              guint      index);

G_END_DECLS

/* sw-transfer-bar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-file-sender.h"

G_BEGIN_DECLS

#define SW_TYPE_TRANSFER_BAR (sw_transfer_bar_get_type ())

G_DECLARE_FINAL_TYPE (SwTransferBar, sw_transfer_bar, SW, TRANSFER_BAR, GtkWidget)

/* The progress row of a file sent through a session: the file's name,
 * bytes sent of the total, percent, rate, time left, a progress bar and
 * Cancel; once it ended, how (sent in a time at a rate, failed and why,
 * cancelled after so many bytes), until dismissed. It shows only while
 * it has a sender. */
GtkWidget    *sw_transfer_bar_new        (void);

SwFileSender *sw_transfer_bar_get_sender (SwTransferBar *self);
/* Follows @sender (nullable: none, and the bar hides). */
void          sw_transfer_bar_set_sender (SwTransferBar *self,
                                          SwFileSender  *sender);

/* What the row says besides the name, e.g. "1.0 MB of 4.2 MB · 25 % ·
 * 12.0 MB/s · 1 s left", or the result. */
const char   *sw_transfer_bar_get_status (SwTransferBar *self);

G_END_DECLS

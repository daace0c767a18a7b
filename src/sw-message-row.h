/* sw-message-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-message.h"

G_BEGIN_DECLS

#define SW_TYPE_MESSAGE_ROW (sw_message_row_get_type ())

G_DECLARE_FINAL_TYPE (SwMessageRow, sw_message_row, SW, MESSAGE_ROW, GtkListBoxRow)

/* A saved message in the Messages panel: its name, what it sends and
 * how, the shortcut that sends it, and a menu of what else can be done
 * with it (the actions are the panel's). */
GtkWidget  *sw_message_row_new          (SwMessage    *message);

SwMessage  *sw_message_row_get_message  (SwMessageRow *self);
/* Shows Alt+@number (1 to 9) as its shortcut; 0 shows none. */
void        sw_message_row_set_shortcut (SwMessageRow *self,
                                         guint         number);

/* What @message sends, in short, as Pango markup. */
char       *sw_message_row_describe_payload (SwMessage *message);

G_END_DECLS

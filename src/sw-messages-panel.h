/* sw-messages-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-library-keeper.h"

G_BEGIN_DECLS

#define SW_TYPE_MESSAGES_PANEL (sw_messages_panel_get_type ())

G_DECLARE_FINAL_TYPE (SwMessagesPanel, sw_messages_panel, SW, MESSAGES_PANEL, GtkWidget)

/* A session page's side panel of the message library every session
 * shares: saved messages, grouped and searched by name, each sent with
 * a click (or Enter, or Alt+1…Alt+9) through the page it is on, and the
 * sequences, run over the page's engine step by step. Without a keeper
 * of its own, it takes the application's when it is in a window. */
GtkWidget       *sw_messages_panel_new        (void);

SwLibraryKeeper *sw_messages_panel_get_keeper (SwMessagesPanel *self);
void             sw_messages_panel_set_keeper (SwMessagesPanel *self,
                                               SwLibraryKeeper *keeper);

G_END_DECLS

/* sw-messages-panel-private.h: for its rows and the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-message-dialog.h"
#include "sw-messages-panel.h"

G_BEGIN_DECLS

/* What the menu of a message's row asks of the panel. */
typedef enum
{
  SW_MESSAGE_ACTION_SEND,
  SW_MESSAGE_ACTION_EDIT,
  SW_MESSAGE_ACTION_RENAME,
  SW_MESSAGE_ACTION_MOVE,
  SW_MESSAGE_ACTION_EXPORT,
  SW_MESSAGE_ACTION_DELETE,
} SwMessageAction;

void              _sw_messages_panel_act            (SwMessagesPanel *self,
                                                     SwMessage       *message,
                                                     SwMessageAction  action);

/* Test hooks: what the file choosers do with the file a person chose
 * (they cannot be driven in-process). Import reads @file into the
 * library; export writes the library, the selected messages or
 * @message into it. */
void              _sw_messages_panel_import_file    (SwMessagesPanel *self,
                                                     GFile           *file);
void              _sw_messages_panel_export_file    (SwMessagesPanel *self,
                                                     GFile           *file,
                                                     gboolean         selected_only);
/* The dialog it has open, or %NULL. */
SwMessageDialog  *_sw_messages_panel_get_dialog     (SwMessagesPanel *self);
/* The line at its foot: what was done, or why it could not be. */
const char       *_sw_messages_panel_get_feedback   (SwMessagesPanel *self);
/* Whether a file is being imported or exported. */
gboolean          _sw_messages_panel_get_busy       (SwMessagesPanel *self);

G_END_DECLS

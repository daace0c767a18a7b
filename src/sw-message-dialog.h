/* sw-message-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-message-library.h"

G_BEGIN_DECLS

typedef enum
{
  /* Name, group, note and placeholders of a new message. */
  SW_MESSAGE_DIALOG_SAVE,
  /* The name of a message of the library. */
  SW_MESSAGE_DIALOG_RENAME,
  /* The group of a message of the library. */
  SW_MESSAGE_DIALOG_MOVE,
} SwMessageDialogMode;

#define SW_TYPE_MESSAGE_DIALOG (sw_message_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SwMessageDialog, sw_message_dialog, SW, MESSAGE_DIALOG, GtkWindow)

/* A small modal window that asks what @mode needs, filled from
 * @message. Its default button emits "apply" when what it holds is
 * valid (a name, not one another message of @library has, except that
 * saving may replace one: its button then says so); the handler reads
 * the fields and closes it. */
SwMessageDialog *sw_message_dialog_new             (GtkWindow           *parent,
                                                    SwMessageDialogMode  mode,
                                                    SwMessageLibrary    *library,
                                                    SwMessage           *message);

SwMessageDialogMode sw_message_dialog_get_mode     (SwMessageDialog     *self);
/* The message it was filled from. */
SwMessage       *sw_message_dialog_get_message     (SwMessageDialog     *self);
const char      *sw_message_dialog_get_name        (SwMessageDialog     *self);
const char      *sw_message_dialog_get_group       (SwMessageDialog     *self);
const char      *sw_message_dialog_get_note        (SwMessageDialog     *self);
gboolean         sw_message_dialog_get_placeholders (SwMessageDialog    *self);
/* Saving over a message of the same name. */
gboolean         sw_message_dialog_get_replaces    (SwMessageDialog     *self);

G_END_DECLS

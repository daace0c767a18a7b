/* sw-messages-panel-private.h: for its files, its rows and the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-message-dialog.h"
#include "sw-messages-panel.h"
#include "sw-placeholder.h"
#include "sw-sequences-view.h"

G_BEGIN_DECLS

struct _SwMessagesPanel
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkStack           *stack;
  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkLabel           *empty_label;
  GtkListBox         *list_box;
  GtkRevealer        *feedback_revealer;
  GtkLabel           *feedback_label;
  GtkWidget          *undo_button;
  GtkLabel           *library_error_label;
  GtkWidget          *status_scroller;
  SwSequencesView    *sequences_view;

  SwLibraryKeeper    *keeper;
  SwMessageLibrary   *library;
  /* What the list shows: the messages the search finds, by group. */
  GtkStringSorter    *sorter;
  GtkSortListModel   *sorted;
  /* The session's {{counter}}, for its messages and sequences. */
  SwPlaceholderState *placeholders;
  GCancellable       *cancellable;

  /* The message last put into the send bar, which Save Message… offers
   * to replace. */
  char               *edited_name;

  /* What Undo brings back. */
  SwMessage          *deleted_message;
  guint               deleted_position;
  SwSequence         *deleted_sequence;
  guint               feedback_source;

  /* Selecting with Ctrl or Shift and a click starts here. */
  int                 anchor;

  SwMessageDialog    *dialog;
  GtkNativeDialog    *chooser;
  guint               busy;
};

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

/* Between its files (sw-messages-panel-files.c: import and export). */
GtkWindow        *_sw_messages_panel_get_window     (SwMessagesPanel *self);
/* Says what was done (for a while, with Undo when @undo), or why it
 * could not be (until dismissed). */
void              _sw_messages_panel_show_feedback  (SwMessagesPanel *self,
                                                     const char      *text,
                                                     gboolean         is_error,
                                                     gboolean         undo);
/* The actions that depend on the selection and on a transfer under way. */
void              _sw_messages_panel_update_actions (SwMessagesPanel *self);
/* Asks for a file to import from, or to export @messages (%NULL: all
 * the library) to. */
void              _sw_messages_panel_choose_file    (SwMessagesPanel *self,
                                                     gboolean         import,
                                                     GPtrArray       *messages);
void              _sw_messages_panel_import_action  (GtkWidget       *widget,
                                                     const char      *action_name,
                                                     GVariant        *parameter);
void              _sw_messages_panel_export_action  (GtkWidget       *widget,
                                                     const char      *action_name,
                                                     GVariant        *parameter);

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

/* sw-messages-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-messages-panel"

#include "config.h"

#include "sw-messages-panel-private.h"

#include <glib/gi18n.h>

#include "sw-application.h"
#include "sw-message-row.h"
#include "sw-session-page-private.h"
#include "sw-sequences-view.h"
#include "sw-utils.h"

/* Messages Alt+1…Alt+9 send. */
#define N_SHORTCUTS 9
/* How long what was done stays at the foot of the panel (errors stay). */
#define FEEDBACK_SECONDS 10


G_DEFINE_FINAL_TYPE (SwMessagesPanel, sw_messages_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KEEPER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
sw_messages_panel_new (void)
{
  return g_object_new (SW_TYPE_MESSAGES_PANEL, NULL);
}

static SwSessionPage *
get_page (SwMessagesPanel *self)
{
  return (SwSessionPage *) gtk_widget_get_ancestor (GTK_WIDGET (self), SW_TYPE_SESSION_PAGE);
}

GtkWindow *
_sw_messages_panel_get_window (SwMessagesPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The line at the foot */

/* An empty scrolled window still takes the height of a scrollbar. */
static void
update_status (SwMessagesPanel *self)
{
  gtk_widget_set_visible (self->status_scroller,
                          gtk_revealer_get_reveal_child (self->feedback_revealer) ||
                          gtk_widget_get_visible (GTK_WIDGET (self->library_error_label)));
}

static void
forget_deleted (SwMessagesPanel *self)
{
  g_clear_object (&self->deleted_message);
  g_clear_object (&self->deleted_sequence);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "messages.undo", FALSE);
}

static void
hide_feedback (SwMessagesPanel *self)
{
  g_clear_handle_id (&self->feedback_source, g_source_remove);
  gtk_revealer_set_reveal_child (self->feedback_revealer, FALSE);
  update_status (self);
  forget_deleted (self);
}

static gboolean
feedback_timeout_cb (gpointer user_data)
{
  SwMessagesPanel *self = user_data;

  self->feedback_source = 0;
  hide_feedback (self);

  return G_SOURCE_REMOVE;
}

void
_sw_messages_panel_show_feedback (SwMessagesPanel *self,
               const char      *text,
               gboolean         is_error,
               gboolean         undo)
{
  g_clear_handle_id (&self->feedback_source, g_source_remove);
  if (!undo)
    forget_deleted (self);

  gtk_label_set_text (self->feedback_label, text);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->feedback_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->feedback_label), "error");
  gtk_widget_set_visible (self->undo_button, undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "messages.undo", undo);
  gtk_revealer_set_reveal_child (self->feedback_revealer, TRUE);
  update_status (self);

  if (!is_error)
    self->feedback_source = g_timeout_add_seconds (FEEDBACK_SECONDS, feedback_timeout_cb, self);
}

static void
show_error (SwMessagesPanel *self,
            const char      *text)
{
  _sw_messages_panel_show_feedback (self, text, TRUE, FALSE);
}

/* The list */

static SwMessage *
message_at (SwMessagesPanel *self,
            guint            position)
{
  g_autoptr(SwMessage) message = NULL;

  if (self->sorted == NULL)
    return NULL;

  message = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  return message; /* The model holds a reference. */
}

static GtkWidget *
create_message_row (gpointer item,
                    gpointer user_data)
{
  return sw_message_row_new (item);
}

/* A heading above the first message of each group; messages without a
 * group come first, without one. */
static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  const char *group = sw_message_get_group (sw_message_row_get_message (SW_MESSAGE_ROW (row)));
  GtkWidget *header;

  if (*group == '\0' ||
      (before != NULL &&
       g_str_equal (group, sw_message_get_group (sw_message_row_get_message (SW_MESSAGE_ROW (before))))))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_list_box_row_get_header (row);
  if (header == NULL)
    {
      header = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_label_set_ellipsize (GTK_LABEL (header), PANGO_ELLIPSIZE_END);
      gtk_widget_set_margin_start (header, 12);
      gtk_widget_set_margin_end (header, 12);
      gtk_widget_set_margin_top (header, 12);
      gtk_widget_set_margin_bottom (header, 3);
      gtk_widget_add_css_class (header, "heading");
      gtk_widget_add_css_class (header, "dim-label");
      gtk_list_box_row_set_header (row, header);
    }
  gtk_label_set_text (GTK_LABEL (header), group);
}

static void
update_empty (SwMessagesPanel *self)
{
  guint shown = self->sorted != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) : 0;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *text = NULL;

  if (self->library == NULL)
    text = g_strdup (_("The message library is not open."));
  else if (!sw_library_keeper_get_loaded (self->keeper))
    text = g_strdup (_("Opening the message library…"));
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->library)) == 0)
    text = g_strdup (_("No saved messages yet. Type a message in the send bar, then Save Message… keeps it "
                       "here, to send again with one click in any session."));
  else if (shown == 0)
    /* Translators: %s is what was typed in the search field */
    text = g_strdup_printf (_("No message name or group has “%s”."), query);

  if (text != NULL)
    gtk_label_set_text (self->empty_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, text != NULL ? "empty" : "list");
}

/* Alt+1…Alt+9 on the first nine rows, as they are shown. */
static void
update_shortcuts (SwMessagesPanel *self)
{
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    sw_message_row_set_shortcut (SW_MESSAGE_ROW (row), i < N_SHORTCUTS ? i + 1 : 0);
}

static void
sorted_changed_cb (SwMessagesPanel *self)
{
  update_shortcuts (self);
  update_empty (self);
}

void
_sw_messages_panel_update_actions (SwMessagesPanel *self)
{
  g_autoptr(GList) rows = gtk_list_box_get_selected_rows (self->list_box);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "messages.export-selected",
                                 rows != NULL && self->busy == 0);
}

/* A group changed: the list sorts again (the sort model does not look at
 * the messages themselves), and its headings follow. */
static void
message_changed_cb (SwMessagesPanel *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));

  for (guint i = 1; i < n; i++)
    {
      if (g_utf8_collate (sw_message_get_group (message_at (self, i - 1)),
                          sw_message_get_group (message_at (self, i))) > 0)
        {
          gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
          break;
        }
    }

  gtk_list_box_invalidate_headers (self->list_box);
}

static void
search_changed_cb (SwMessagesPanel *self)
{
  g_autoptr(GListModel) search = NULL;

  if (self->library != NULL)
    search = sw_message_library_search (self->library, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

  gtk_sort_list_model_set_model (self->sorted, search);
  update_empty (self);
}

static void
stop_search_cb (SwMessagesPanel *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* Ctrl or Shift and a click select messages (to export them) instead of
 * sending one. */
static void
select_pressed_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   SwMessagesPanel *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  GtkListBoxRow *row;
  int index;

  /* A plain click sends one message, and selects it alone (the list
   * itself would add it to the selection). */
  if ((state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK)) == 0)
    {
      gtk_list_box_unselect_all (self->list_box);
      return;
    }

  row = gtk_list_box_get_row_at_y (self->list_box, (int) y);
  if (row == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  index = gtk_list_box_row_get_index (row);

  if ((state & GDK_SHIFT_MASK) != 0 && self->anchor >= 0)
    {
      int from = MIN (self->anchor, index);
      int to = MAX (self->anchor, index);

      for (int i = from; i <= to; i++)
        {
          GtkListBoxRow *other = gtk_list_box_get_row_at_index (self->list_box, i);

          if (other != NULL)
            gtk_list_box_select_row (self->list_box, other);
        }
    }
  else
    {
      if (gtk_list_box_row_is_selected (row))
        gtk_list_box_unselect_row (self->list_box, row);
      else
        gtk_list_box_select_row (self->list_box, row);
      self->anchor = index;
    }

  gtk_widget_grab_focus (GTK_WIDGET (row));
}

/* Sending */

static void
send_message (SwMessagesPanel *self,
              SwMessage       *message)
{
  SwSessionPage *page = get_page (self);
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  SwSendInfo info = { 0 };

  if (page == NULL)
    return;

  payload = sw_message_encode_with_checksum (message, self->placeholders, &error);
  if (payload != NULL && g_bytes_get_size (payload) == 0)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The message is empty"));

  if (error == NULL)
    {
      info.flags = sw_message_get_format (message) == SW_PAYLOAD_FORMAT_TEXT
                   ? SW_RECORD_FLAGS_TEXT : SW_RECORD_FLAGS_NONE;
      info.encoding = sw_message_get_encoding (message);
      _sw_session_page_send (page, payload, &info, &error);
    }

  if (error != NULL)
    {
      /* Translators: the first %s is the name of a saved message, the second why it was not sent */
      g_autofree char *text = g_strdup_printf (_("“%s” was not sent: %s"), sw_message_get_name (message),
                                               error->message);

      gtk_widget_error_bell (GTK_WIDGET (self));
      show_error (self, text);
      return;
    }

  /* A send that worked takes away the error of one that did not. */
  if (gtk_widget_has_css_class (GTK_WIDGET (self->feedback_label), "error"))
    hide_feedback (self);
}

static void
row_activated_cb (SwMessagesPanel *self,
                  GtkListBoxRow   *row)
{
  send_message (self, sw_message_row_get_message (SW_MESSAGE_ROW (row)));
}

static gboolean
send_nth_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  SwMessagesPanel *self = SW_MESSAGES_PANEL (widget);
  guint position = GPOINTER_TO_UINT (user_data);
  SwMessage *message = message_at (self, position);

  /* Not ours: the key goes on. */
  if (message == NULL)
    return FALSE;

  send_message (self, message);

  return TRUE;
}

/* The send bar */

static gboolean
send_bar_offers (SwEncoding encoding)
{
  /* Those sw_send_bar_set_encoding() takes. */
  return encoding <= SW_ENCODING_LATIN1;
}

static void
edit_in_send_bar (SwMessagesPanel *self,
                  SwMessage       *message)
{
  SwSessionPage *page = get_page (self);
  SwSendBar *send_bar;
  SwChecksum checksum = SW_CHECKSUM_NONE;
  g_autofree char *text = NULL;

  if (page == NULL)
    return;

  send_bar = sw_session_page_get_send_bar (page);
  sw_send_bar_stop (send_bar);
  sw_send_bar_set_format (send_bar, sw_message_get_format (message));
  sw_send_bar_set_escapes (send_bar, sw_message_get_escapes (message));
  sw_send_bar_set_line_ending (send_bar, sw_message_get_line_ending (message));
  if (send_bar_offers (sw_message_get_encoding (message)))
    sw_send_bar_set_encoding (send_bar, sw_message_get_encoding (message));
  if (sw_checksum_from_id (sw_message_get_checksum (message), &checksum))
    {
      sw_send_bar_set_checksum (send_bar, checksum);
      sw_send_bar_set_checksum_byte_order (send_bar,
                                           g_strcmp0 (sw_message_get_checksum_byte_order (message), "little") == 0
                                           ? SW_BYTE_ORDER_LITTLE_ENDIAN : SW_BYTE_ORDER_BIG_ENDIAN);
      sw_send_bar_set_checksum_start (send_bar, sw_message_get_checksum_start (message));
      sw_send_bar_set_checksum_end_trim (send_bar, sw_message_get_checksum_end_trim (message));
    }
  sw_send_bar_set_text (send_bar, sw_message_get_text (message));
  gtk_widget_child_focus (GTK_WIDGET (send_bar), GTK_DIR_TAB_FORWARD);

  g_free (self->edited_name);
  self->edited_name = g_strdup (sw_message_get_name (message));

  if (!send_bar_offers (sw_message_get_encoding (message)))
    /* Translators: %s is an encoding, such as “UTF-16LE” */
    text = g_strdup_printf (_("The send bar cannot send text in %s: it keeps its own encoding."),
                            sw_encoding_get_display_name (sw_message_get_encoding (message)));
  else if (checksum == SW_CHECKSUM_NONE && g_strcmp0 (sw_message_get_checksum (message), "none") != 0)
    text = g_strdup (_("The send bar does not know the message's checksum: it keeps its own."));
  else if (sw_message_get_placeholders (message))
    /* Translators: %s is the name of a saved message */
    text = g_strdup_printf (_("“%s” is in the send bar, where placeholders stay as typed: Save Message… keeps "
                              "your changes, and whether it expands them."), sw_message_get_name (message));
  else
    /* Translators: %s is the name of a saved message */
    text = g_strdup_printf (_("“%s” is in the send bar: Save Message… keeps your changes."),
                            sw_message_get_name (message));

  _sw_messages_panel_show_feedback (self, text, FALSE, FALSE);
}

/* What the send bar holds now, with every option, as a message. */
static SwMessage *
message_from_send_bar (SwSendBar *send_bar)
{
  SwMessage *message = sw_message_new (NULL);
  SwChecksumSpec spec;

  sw_send_bar_get_checksum_spec (send_bar, &spec);
  sw_message_set_text (message, sw_send_bar_get_text (send_bar));
  sw_message_set_format (message, sw_send_bar_get_format (send_bar));
  sw_message_set_escapes (message, sw_send_bar_get_escapes (send_bar));
  sw_message_set_line_ending (message, sw_send_bar_get_line_ending (send_bar));
  sw_message_set_encoding (message, sw_send_bar_get_encoding (send_bar));
  sw_message_set_checksum (message, sw_checksum_get_id (spec.kind));
  sw_message_set_checksum_byte_order (message, spec.order == SW_BYTE_ORDER_LITTLE_ENDIAN ? "little" : "big");
  sw_message_set_checksum_start (message, spec.start);
  sw_message_set_checksum_end_trim (message, spec.end_trim);

  return message;
}

/* The dialogs */

static guint
position_of (SwMessagesPanel *self,
             SwMessage       *message)
{
  GListModel *model = G_LIST_MODEL (self->library);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SwMessage) item = g_list_model_get_item (model, i);

      if (item == message)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
dialog_apply_cb (SwMessagesPanel *self,
                 SwMessageDialog *dialog)
{
  SwMessage *message = sw_message_dialog_get_message (dialog);
  g_autofree char *text = NULL;
  guint position;

  switch (sw_message_dialog_get_mode (dialog))
    {
    case SW_MESSAGE_DIALOG_RENAME:
      sw_message_set_name (message, sw_message_dialog_get_name (dialog));
      break;

    case SW_MESSAGE_DIALOG_MOVE:
      sw_message_set_group (message, sw_message_dialog_get_group (dialog));
      break;

    case SW_MESSAGE_DIALOG_SAVE:
    default:
      sw_message_set_name (message, sw_message_dialog_get_name (dialog));
      sw_message_set_group (message, sw_message_dialog_get_group (dialog));
      sw_message_set_note (message, sw_message_dialog_get_note (dialog));
      sw_message_set_placeholders (message, sw_message_dialog_get_placeholders (dialog));
      if (sw_message_library_find (self->library, sw_message_get_name (message), &position) != NULL)
        sw_message_library_replace (self->library, position, message);
      else
        sw_message_library_add (self->library, message);

      /* The next message typed is another one. */
      g_clear_pointer (&self->edited_name, g_free);
      /* Translators: %s is the name of a saved message */
      text = g_strdup_printf (_("Saved “%s” in the message library."), sw_message_get_name (message));
      _sw_messages_panel_show_feedback (self, text, FALSE, FALSE);
      break;
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
open_dialog (SwMessagesPanel     *self,
             SwMessageDialogMode  mode,
             SwMessage           *message)
{
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));

  self->dialog = sw_message_dialog_new (_sw_messages_panel_get_window (self), mode, self->library, message);
  g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  g_signal_connect_object (self->dialog, "apply", G_CALLBACK (dialog_apply_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwMessagesPanel *self = SW_MESSAGES_PANEL (widget);
  SwSessionPage *page = get_page (self);
  g_autoptr(SwMessage) message = NULL;
  SwMessage *edited;

  if (page == NULL || self->library == NULL)
    return;

  message = message_from_send_bar (sw_session_page_get_send_bar (page));
  if (*sw_message_get_text (message) == '\0')
    {
      show_error (self, _("The send bar is empty: type the message to save there first."));
      return;
    }

  /* The message last taken into the send bar is offered back, to be
   * replaced with its changes. */
  edited = self->edited_name != NULL ? sw_message_library_find (self->library, self->edited_name, NULL) : NULL;
  if (edited != NULL)
    {
      sw_message_set_name (message, sw_message_get_name (edited));
      sw_message_set_group (message, sw_message_get_group (edited));
      sw_message_set_note (message, sw_message_get_note (edited));
      sw_message_set_placeholders (message, sw_message_get_placeholders (edited));
    }

  open_dialog (self, SW_MESSAGE_DIALOG_SAVE, message);
}

/* Deleting, and Undo */

static void
delete_message (SwMessagesPanel *self,
                SwMessage       *message)
{
  guint position = position_of (self, message);
  g_autofree char *text = NULL;

  if (position == GTK_INVALID_LIST_POSITION)
    return;

  forget_deleted (self);
  g_object_ref (message);
  sw_message_library_remove (self->library, position);

  /* Translators: %s is the name of a saved message */
  text = g_strdup_printf (_("Deleted “%s”."), sw_message_get_name (message));
  _sw_messages_panel_show_feedback (self, text, FALSE, TRUE);
  self->deleted_message = message;
  self->deleted_position = position;
  gtk_widget_grab_focus (GTK_WIDGET (self->list_box));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwMessagesPanel *self = SW_MESSAGES_PANEL (widget);

  if (self->library == NULL)
    return;

  if (self->deleted_message != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->library));

      sw_message_library_add (self->library, self->deleted_message);
      if (self->deleted_position < n)
        sw_message_library_move (self->library, n, self->deleted_position);
    }
  else if (self->deleted_sequence != NULL)
    sw_message_library_add_sequence (self->library, self->deleted_sequence);

  hide_feedback (self);
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  hide_feedback (SW_MESSAGES_PANEL (widget));
}

/* What a row's menu asks */

void
_sw_messages_panel_act (SwMessagesPanel *self,
                        SwMessage       *message,
                        SwMessageAction  action)
{
  g_autoptr(GPtrArray) messages = NULL;

  g_return_if_fail (SW_IS_MESSAGES_PANEL (self));
  g_return_if_fail (SW_IS_MESSAGE (message));

  if (self->library == NULL)
    return;

  switch (action)
    {
    case SW_MESSAGE_ACTION_SEND:
      send_message (self, message);
      break;

    case SW_MESSAGE_ACTION_EDIT:
      edit_in_send_bar (self, message);
      break;

    case SW_MESSAGE_ACTION_RENAME:
      open_dialog (self, SW_MESSAGE_DIALOG_RENAME, message);
      break;

    case SW_MESSAGE_ACTION_MOVE:
      open_dialog (self, SW_MESSAGE_DIALOG_MOVE, message);
      break;

    case SW_MESSAGE_ACTION_EXPORT:
      messages = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (messages, g_object_ref (message));
      _sw_messages_panel_choose_file (self, FALSE, messages);
      break;

    case SW_MESSAGE_ACTION_DELETE:
    default:
      delete_message (self, message);
      break;
    }
}

/* Sequences */

static void
sequence_feedback_cb (SwMessagesPanel *self,
                      const char      *text)
{
  _sw_messages_panel_show_feedback (self, text, FALSE, FALSE);
}

static void
sequence_deleted_cb (SwMessagesPanel *self,
                     SwSequence      *sequence)
{
  /* Translators: %s is the name of a sequence */
  g_autofree char *text = g_strdup_printf (_("Deleted the sequence “%s”."), sw_sequence_get_name (sequence));

  forget_deleted (self);
  _sw_messages_panel_show_feedback (self, text, FALSE, TRUE);
  self->deleted_sequence = g_object_ref (sequence);
}

/* The library */

static void
keeper_changed_cb (SwMessagesPanel *self)
{
  const char *error = self->keeper != NULL ? sw_library_keeper_get_error (self->keeper) : NULL;

  gtk_label_set_text (self->library_error_label, error);
  gtk_widget_set_visible (GTK_WIDGET (self->library_error_label), error != NULL);
  update_status (self);
  update_empty (self);
}

SwLibraryKeeper *
sw_messages_panel_get_keeper (SwMessagesPanel *self)
{
  g_return_val_if_fail (SW_IS_MESSAGES_PANEL (self), NULL);

  return self->keeper;
}

void
sw_messages_panel_set_keeper (SwMessagesPanel *self,
                              SwLibraryKeeper *keeper)
{
  g_return_if_fail (SW_IS_MESSAGES_PANEL (self));
  g_return_if_fail (keeper == NULL || SW_IS_LIBRARY_KEEPER (keeper));

  if (self->keeper == keeper)
    return;

  if (self->keeper != NULL)
    g_signal_handlers_disconnect_by_data (self->keeper, self);
  if (self->library != NULL)
    g_signal_handlers_disconnect_by_data (self->library, self);
  g_set_object (&self->keeper, keeper);
  g_clear_object (&self->library);
  if (keeper != NULL)
    self->library = g_object_ref (sw_library_keeper_get_library (keeper));
  g_clear_pointer (&self->edited_name, g_free);
  forget_deleted (self);

  if (keeper != NULL)
    {
      g_signal_connect_object (keeper, "notify", G_CALLBACK (keeper_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->library, "message-changed", G_CALLBACK (message_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->library, "items-changed", G_CALLBACK (update_empty),
                               self, G_CONNECT_SWAPPED);
    }

  sw_sequences_view_set_library (self->sequences_view, self->library);
  search_changed_cb (self);
  keeper_changed_cb (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEPER]);
}

/* Test hooks */

SwMessageDialog *
_sw_messages_panel_get_dialog (SwMessagesPanel *self)
{
  g_return_val_if_fail (SW_IS_MESSAGES_PANEL (self), NULL);

  return self->dialog;
}

const char *
_sw_messages_panel_get_feedback (SwMessagesPanel *self)
{
  g_return_val_if_fail (SW_IS_MESSAGES_PANEL (self), NULL);

  return gtk_revealer_get_reveal_child (self->feedback_revealer) ? gtk_label_get_text (self->feedback_label) : NULL;
}

gboolean
_sw_messages_panel_get_busy (SwMessagesPanel *self)
{
  g_return_val_if_fail (SW_IS_MESSAGES_PANEL (self), FALSE);

  return self->busy > 0;
}

/* GtkWidget */

/* In a window of the app, the panel shows the app's library. A window
 * may be given its application after it made its pages. */
static void
window_application_cb (SwMessagesPanel *self,
                       GParamSpec      *pspec,
                       GtkWindow       *window)
{
  GtkApplication *app = gtk_window_get_application (window);

  if (self->keeper == NULL && SW_IS_APPLICATION (app))
    sw_messages_panel_set_keeper (self, sw_application_get_library_keeper (SW_APPLICATION (app)));
}

static void
sw_messages_panel_root (GtkWidget *widget)
{
  SwMessagesPanel *self = SW_MESSAGES_PANEL (widget);
  GtkWindow *window;

  GTK_WIDGET_CLASS (sw_messages_panel_parent_class)->root (widget);

  window = _sw_messages_panel_get_window (self);
  if (self->keeper != NULL || window == NULL)
    return;

  window_application_cb (self, NULL, window);
  if (self->keeper == NULL)
    g_signal_connect_object (window, "notify::application", G_CALLBACK (window_application_cb),
                             self, G_CONNECT_SWAPPED);
}

static void
sw_messages_panel_unroot (GtkWidget *widget)
{
  GtkWindow *window = _sw_messages_panel_get_window (SW_MESSAGES_PANEL (widget));

  if (window != NULL)
    g_signal_handlers_disconnect_by_func (window, window_application_cb, widget);

  GTK_WIDGET_CLASS (sw_messages_panel_parent_class)->unroot (widget);
}

/* GObject */

static void
sw_messages_panel_dispose (GObject *object)
{
  SwMessagesPanel *self = SW_MESSAGES_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->feedback_source, g_source_remove);

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  if (self->keeper != NULL)
    g_signal_handlers_disconnect_by_data (self->keeper, self);
  if (self->library != NULL)
    g_signal_handlers_disconnect_by_data (self->library, self);

  /* The widgets say nothing more as they go. */
  if (self->list_box != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->list_box, self);
      g_signal_handlers_disconnect_by_data (self->search_entry, self);
      g_signal_handlers_disconnect_by_data (self->sequences_view, self);
    }
  if (self->sorted != NULL)
    g_signal_handlers_disconnect_by_data (self->sorted, self);

  gtk_widget_dispose_template (GTK_WIDGET (object), SW_TYPE_MESSAGES_PANEL);

  g_clear_object (&self->sorted);
  g_clear_object (&self->keeper);
  g_clear_object (&self->library);
  g_clear_object (&self->placeholders);
  g_clear_object (&self->deleted_message);
  g_clear_object (&self->deleted_sequence);

  G_OBJECT_CLASS (sw_messages_panel_parent_class)->dispose (object);
}

static void
sw_messages_panel_finalize (GObject *object)
{
  SwMessagesPanel *self = SW_MESSAGES_PANEL (object);

  g_clear_object (&self->cancellable);
  g_free (self->edited_name);

  G_OBJECT_CLASS (sw_messages_panel_parent_class)->finalize (object);
}

static void
sw_messages_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SwMessagesPanel *self = SW_MESSAGES_PANEL (object);

  switch (prop_id)
    {
    case PROP_KEEPER:
      g_value_set_object (value, self->keeper);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_messages_panel_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SwMessagesPanel *self = SW_MESSAGES_PANEL (object);

  switch (prop_id)
    {
    case PROP_KEEPER:
      sw_messages_panel_set_keeper (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_messages_panel_class_init (SwMessagesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_messages_panel_dispose;
  object_class->finalize = sw_messages_panel_finalize;
  object_class->get_property = sw_messages_panel_get_property;
  object_class->set_property = sw_messages_panel_set_property;

  widget_class->root = sw_messages_panel_root;
  widget_class->unroot = sw_messages_panel_unroot;

  properties[PROP_KEEPER] =
    g_param_spec_object ("keeper", NULL, NULL,
                         SW_TYPE_LIBRARY_KEEPER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-messages-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SwMessagesPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, SwMessagesPanel, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SwMessagesPanel, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SwMessagesPanel, empty_label);
  gtk_widget_class_bind_template_child (widget_class, SwMessagesPanel, list_box);
  gtk_widget_class_bind_template_child (widget_class, SwMessagesPanel, sequences_view);
  gtk_widget_class_bind_template_child (widget_class, SwMessagesPanel, feedback_revealer);
  gtk_widget_class_bind_template_child (widget_class, SwMessagesPanel, feedback_label);
  gtk_widget_class_bind_template_child (widget_class, SwMessagesPanel, undo_button);
  gtk_widget_class_bind_template_child (widget_class, SwMessagesPanel, library_error_label);
  /* The direct children, for gtk_widget_dispose_template(). */
  gtk_widget_class_bind_template_child_full (widget_class, "header_box", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "header_separator", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, SwMessagesPanel, status_scroller);

  gtk_widget_class_install_action (widget_class, "messages.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "messages.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "messages.dismiss", NULL, dismiss_action);
  gtk_widget_class_install_action (widget_class, "messages.import", NULL, _sw_messages_panel_import_action);
  gtk_widget_class_install_action (widget_class, "messages.export-all", NULL, _sw_messages_panel_export_action);
  gtk_widget_class_install_action (widget_class, "messages.export-selected", NULL,
                                   _sw_messages_panel_export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "messages.undo", NULL);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "messagespanel");

  g_type_ensure (SW_TYPE_SEQUENCES_VIEW);
}

static void
sw_messages_panel_init (SwMessagesPanel *self)
{
  GtkEventController *shortcuts;
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));
  sw_fix_mnemonic_names (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->placeholders = sw_placeholder_state_new ();
  self->anchor = -1;

  self->sorter = gtk_string_sorter_new (gtk_property_expression_new (SW_TYPE_MESSAGE, NULL, "group"));
  self->sorted = gtk_sort_list_model_new (NULL, GTK_SORTER (self->sorter));
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->sorted), create_message_row, self, NULL);
  gtk_list_box_set_header_func (self->list_box, update_header, NULL, NULL);
  /* After the list made its rows. */
  g_signal_connect_object (self->sorted, "items-changed", G_CALLBACK (sorted_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->list_box, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_signal_connect_swapped (self->list_box, "selected-rows-changed", G_CALLBACK (_sw_messages_panel_update_actions), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "stop-search", G_CALLBACK (stop_search_cb), self);
  sw_sequences_view_set_placeholders (self->sequences_view, self->placeholders);
  g_signal_connect_swapped (self->sequences_view, "feedback", G_CALLBACK (sequence_feedback_cb), self);
  g_signal_connect_swapped (self->sequences_view, "deleted", G_CALLBACK (sequence_deleted_cb), self);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (select_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_box), GTK_EVENT_CONTROLLER (gesture));

  /* Alt+1…Alt+9 send from anywhere in the window while the panel shows
   * (the controller skips it when it is not mapped: another tab's, or
   * closed). */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < N_SHORTCUTS; i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_1 + i, GDK_ALT_MASK),
                                                            gtk_callback_action_new (send_nth_cb,
                                                                                     GUINT_TO_POINTER (i),
                                                                                     NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_widget_set_visible (self->undo_button, FALSE);
  forget_deleted (self);
  _sw_messages_panel_update_actions (self);
  keeper_changed_cb (self);
}

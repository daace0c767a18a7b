/* sw-messages-panel-files.c: importing and exporting messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-messages-panel"

#include "config.h"

#include "sw-messages-panel-private.h"

#include <glib/gi18n.h>

#include "sw-message-row.h"

static void
set_busy (SwMessagesPanel *self,
                             gboolean         busy)
{
  self->busy += busy ? 1 : -1;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "messages.import", self->busy == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "messages.export-all", self->busy == 0);
  _sw_messages_panel_update_actions (self);
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SwMessagesPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_added = 0;

  if (!sw_message_library_import_file_finish (SW_MESSAGE_LIBRARY (object), result, &n_added, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (error != NULL)
    {
      _sw_messages_panel_show_feedback (self, error->message, TRUE, FALSE);
      return;
    }

  if (n_added == 0)
    text = g_strdup (_("Nothing imported: the library has these messages already."));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Imported %u message.",
                                         "Imported %u messages.",
                                         n_added),
                            n_added);
  _sw_messages_panel_show_feedback (self, text, FALSE, FALSE);
}

void
_sw_messages_panel_import_file (SwMessagesPanel *self,
                                GFile           *file)
{
  g_return_if_fail (SW_IS_MESSAGES_PANEL (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->library == NULL)
    return;

  set_busy (self, TRUE);
  sw_message_library_import_file_async (self->library, file, SW_IMPORT_FORMAT_AUTO, self->cancellable,
                                        import_cb, g_object_ref (self));
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SwMessagesPanel) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sw_message_library_export_file_finish (SW_MESSAGE_LIBRARY (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (error != NULL)
    _sw_messages_panel_show_feedback (self, error->message, TRUE, FALSE);
  else
    _sw_messages_panel_show_feedback (self, _("Exported."), FALSE, FALSE);
}

static void
export_messages (SwMessagesPanel *self,
                 GFile           *file,
                 GPtrArray       *messages)
{
  set_busy (self, TRUE);
  sw_message_library_export_file_async (self->library,
                                        messages != NULL ? (SwMessage *const *) messages->pdata : NULL,
                                        messages != NULL ? messages->len : 0,
                                        file, self->cancellable, export_cb, g_object_ref (self));
}

/* The messages selected, in the order they are shown. */
static GPtrArray *
selected_messages (SwMessagesPanel *self)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_object_unref);
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    if (gtk_list_box_row_is_selected (row))
      g_ptr_array_add (messages, g_object_ref (sw_message_row_get_message (SW_MESSAGE_ROW (row))));

  return messages;
}

void
_sw_messages_panel_export_file (SwMessagesPanel *self,
                                GFile           *file,
                                gboolean         selected_only)
{
  g_autoptr(GPtrArray) messages = NULL;

  g_return_if_fail (SW_IS_MESSAGES_PANEL (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->library == NULL)
    return;

  if (selected_only)
    {
      messages = selected_messages (self);
      if (messages->len == 0)
        return;
    }

  export_messages (self, file, messages);
}

typedef struct
{
  SwMessagesPanel *panel;
  /* Export: NULL for the whole library. */
  GPtrArray       *messages;
  gboolean         import;
} ChooserData;

static void
chooser_data_free (ChooserData *data)
{
  g_clear_pointer (&data->messages, g_ptr_array_unref);
  g_free (data);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     ChooserData     *data)
{
  SwMessagesPanel *self = data->panel;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (file != NULL && data->import)
    _sw_messages_panel_import_file (self, file);
  else if (file != NULL)
    export_messages (self, file, data->messages);

  gtk_native_dialog_destroy (chooser);
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

void
_sw_messages_panel_choose_file (SwMessagesPanel *self,
                                gboolean         import,
                                GPtrArray       *messages)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  ChooserData *data;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  if (import)
    chooser = gtk_file_chooser_native_new (_("Import Messages"), _sw_messages_panel_get_window (self),
                                           GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  else
    {
      chooser = gtk_file_chooser_native_new (_("Export Messages"), _sw_messages_panel_get_window (self),
                                             GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
      /* Translators: the file name offered for exported messages; keep “.json” */
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("messages.json"));
    }

  /* Translators: a file type in the file chooser */
  gtk_file_filter_set_name (json, import ? _("Socket Workbench or Packet Sender messages (JSON)")
                                         : _("Socket Workbench messages (JSON)"));
  gtk_file_filter_add_suffix (json, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), json);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  data = g_new0 (ChooserData, 1);
  data->panel = self;
  data->import = import;
  data->messages = messages != NULL ? g_ptr_array_ref (messages) : NULL;
  g_signal_connect_data (chooser, "response", G_CALLBACK (chooser_response_cb),
                         data, (GClosureNotify) (void (*) (void)) chooser_data_free, 0);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

void
_sw_messages_panel_import_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  _sw_messages_panel_choose_file (SW_MESSAGES_PANEL (widget), TRUE, NULL);
}

void
_sw_messages_panel_export_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  SwMessagesPanel *self = SW_MESSAGES_PANEL (widget);
  g_autoptr(GPtrArray) messages = NULL;

  if (g_str_equal (action_name, "messages.export-selected"))
    {
      messages = selected_messages (self);
      if (messages->len == 0)
        return;
    }

  _sw_messages_panel_choose_file (self, FALSE, messages);
}


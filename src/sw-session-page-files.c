/* sw-session-page-files.c: Send File… and Capture to File… of a session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-session-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-send-file-dialog.h"
#include "sw-session-page-files.h"
#include "sw-session-page-private.h"

struct _SwPageFiles
{
  SwSessionPage        *page;
  SwTransferBar        *transfer_bar;
  SwCaptureBar         *capture_bar;

  /* Open now: the chooser (and for Capture… in the list, of which
   * connection), and the UDP dialog. */
  GtkFileChooserNative *chooser;
  SwConnection         *chooser_connection;
  SwSendFileDialog     *dialog;

  /* The file going out or last sent, why messages wait meanwhile; the
   * capture going on or last made. */
  SwFileSender         *sender;
  char                 *busy_reason;
  SwCapture            *capture;

  gboolean              can_send;
  SwConnectionList     *list;
};

static gboolean
is_sending (SwPageFiles *files)
{
  return files->sender != NULL &&
         sw_transfer_get_state (SW_TRANSFER (files->sender)) == SW_TRANSFER_STATE_RUNNING;
}

static gboolean
is_capturing (SwPageFiles *files)
{
  SwTransferState state;

  if (files->capture == NULL)
    return FALSE;

  state = sw_transfer_get_state (SW_TRANSFER (files->capture));

  return state == SW_TRANSFER_STATE_IDLE || state == SW_TRANSFER_STATE_RUNNING;
}

/* The one connection selected in the list, or %NULL. */
static SwConnection *
dup_selected_connection (SwPageFiles *files)
{
  g_autoptr(GPtrArray) selected = NULL;

  if (files->list == NULL)
    return NULL;

  selected = sw_connection_list_dup_connections (files->list, TRUE);

  return selected->len == 1 ? g_object_ref (g_ptr_array_index (selected, 0)) : NULL;
}

static void
update_actions (SwPageFiles *files)
{
  GtkWidget *page = GTK_WIDGET (files->page);
  g_autoptr(SwConnection) selected = dup_selected_connection (files);
  gboolean capturing = is_capturing (files);

  gtk_widget_action_set_enabled (page, "page.send-file", files->can_send && !is_sending (files));
  gtk_widget_action_set_enabled (page, "page.capture", !capturing);
  gtk_widget_action_set_enabled (page, "page.capture-client", !capturing && selected != NULL);
  gtk_widget_action_set_enabled (page, "page.stop-capture",
                                 capturing && sw_transfer_get_state (SW_TRANSFER (files->capture)) == SW_TRANSFER_STATE_RUNNING);
}

void
_sw_page_files_update (SwPageFiles      *files,
                       gboolean          can_send,
                       SwConnectionList *list)
{
  /* Gone with the page: what it still hears of changes does not matter. */
  if (files == NULL)
    return;

  files->can_send = can_send;
  files->list = list;
  update_actions (files);
}

/* Messages typed while a file goes out would land between two of its
 * pieces: over TCP in the middle of the file's bytes at the other end,
 * where nothing tells them apart. A person sending a file expects the
 * file to arrive as it is, so Send waits, saying why, with Cancel at
 * hand in the progress row. */
const char *
_sw_page_files_get_busy_reason (SwPageFiles *files)
{
  return files != NULL && is_sending (files) ? files->busy_reason : NULL;
}

/* Sending */

static void
sender_state_cb (SwPageFiles *files)
{
  _sw_session_page_update_can_send (files->page);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  /* How it ended shows in the transfer bar, from the sender's state and
   * error: nothing of the page is needed here, which may be gone. */
  sw_file_sender_start_finish (SW_FILE_SENDER (object), result, NULL);
}

static void
forget_sender (SwPageFiles *files)
{
  if (files->sender == NULL)
    return;

  g_signal_handlers_disconnect_by_data (files->sender, files);
  g_clear_object (&files->sender);
}

static void
start_sending (SwPageFiles *files,
               GFile       *file,
               guint        datagram_size,
               guint        datagram_rate)
{
  SwSessionPage *page = files->page;
  g_autoptr(SwFileSender) sender = sw_file_sender_new (sw_session_page_get_engine (page), file);
  g_autoptr(GError) error = NULL;
  g_autofree char *parse_name = NULL;
  g_autofree char *name = NULL;

  if (is_sending (files))
    return;

  if (datagram_size > 0)
    {
      sw_file_sender_set_datagram_size (sender, datagram_size);
      sw_file_sender_set_datagram_rate (sender, datagram_rate);
    }

  /* Nowhere to send it (the client left meanwhile): say so, as Send does. */
  if (!_sw_session_page_prepare_send (page, &error) ||
      !SW_SESSION_PAGE_GET_CLASS (page)->prepare_file_sender (page, sender, &error))
    {
      _sw_session_page_show_error (page, error);
      return;
    }

  forget_sender (files);
  files->sender = g_object_ref (sender);
  parse_name = g_file_get_parse_name (file);
  name = g_path_get_basename (parse_name);
  g_free (files->busy_reason);
  /* Translators: why Send waits; %s is a file name. */
  files->busy_reason = g_strdup_printf (_("Sending “%s”: wait until it is sent, or cancel it"), name);
  g_signal_connect_swapped (sender, "notify::state", G_CALLBACK (sender_state_cb), files);

  sw_transfer_bar_set_sender (files->transfer_bar, sender);
  sw_file_sender_start_async (sender, NULL, sent_cb, NULL);
  _sw_session_page_update_can_send (page);
}

static void
dialog_send_cb (SwSendFileDialog *dialog,
                SwPageFiles      *files)
{
  start_sending (files, sw_send_file_dialog_get_file (dialog),
                 sw_send_file_dialog_get_datagram_size (dialog),
                 sw_send_file_dialog_get_datagram_rate (dialog));
}

static void
dialog_destroy_cb (SwSendFileDialog *dialog,
                   SwPageFiles      *files)
{
  if (files->dialog == dialog)
    files->dialog = NULL;
}

void
_sw_session_page_send_file (SwSessionPage *self,
                            GFile         *file)
{
  SwPageFiles *files;
  GtkRoot *root;

  g_return_if_fail (SW_IS_SESSION_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  files = _sw_session_page_get_files (self);
  if (SW_SESSION_PAGE_GET_CLASS (self)->get_transport (self) != SW_TRANSPORT_UDP)
    {
      start_sending (files, file, 0, 0);
      return;
    }

  /* Over UDP, the datagrams' size and rate first. */
  if (files->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (files->dialog));
  root = gtk_widget_get_root (GTK_WIDGET (self));
  files->dialog = sw_send_file_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, file);
  g_signal_connect (files->dialog, "send", G_CALLBACK (dialog_send_cb), files);
  g_signal_connect (files->dialog, "destroy", G_CALLBACK (dialog_destroy_cb), files);
  gtk_window_present (GTK_WINDOW (files->dialog));
}

/* Capturing */

static void
capture_state_cb (SwPageFiles *files)
{
  update_actions (files);
}

static void
capture_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  /* A file that cannot be made shows in the capture bar. */
  sw_capture_start_finish (SW_CAPTURE (object), result, NULL);
}

static void
forget_capture (SwPageFiles *files)
{
  if (files->capture == NULL)
    return;

  g_signal_handlers_disconnect_by_data (files->capture, files);
  g_clear_object (&files->capture);
}

void
_sw_session_page_capture (SwSessionPage *self,
                          GFile         *file,
                          SwConnection  *connection)
{
  SwPageFiles *files;

  g_return_if_fail (SW_IS_SESSION_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (connection == NULL || SW_IS_CONNECTION (connection));

  files = _sw_session_page_get_files (self);
  if (is_capturing (files))
    return;

  forget_capture (files);
  files->capture = sw_capture_new (sw_session_page_get_engine (self), connection, file);
  g_signal_connect_swapped (files->capture, "notify::state", G_CALLBACK (capture_state_cb), files);
  sw_capture_bar_set_capture (files->capture_bar, files->capture);
  sw_capture_start_async (files->capture, NULL, capture_started_cb, NULL);
  update_actions (files);
}

/* Choosers */

static void
close_chooser (SwPageFiles *files)
{
  if (files->chooser == NULL)
    return;

  g_signal_handlers_disconnect_by_data (files->chooser, files);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (files->chooser));
  g_clear_object (&files->chooser);
  g_clear_object (&files->chooser_connection);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     SwPageFiles     *files)
{
  gboolean capture = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)) == GTK_FILE_CHOOSER_ACTION_SAVE;
  g_autoptr(SwConnection) connection = g_steal_pointer (&files->chooser_connection);
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  close_chooser (files);

  if (file == NULL)
    return;
  if (capture)
    _sw_session_page_capture (files->page, file, connection);
  else
    _sw_session_page_send_file (files->page, file);
}

/* Opens the file chooser of Send File… or, with @capture, of Capture to
 * File… (of @connection, nullable); the portal's inside a sandbox. */
static void
open_chooser (SwPageFiles  *files,
              gboolean      capture,
              SwConnection *connection)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (files->page));

  close_chooser (files);

  if (capture)
    files->chooser = gtk_file_chooser_native_new (connection != NULL ? _("Capture Client to File")
                                                                     : _("Capture to File"),
                                                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  GTK_FILE_CHOOSER_ACTION_SAVE,
                                                  _("_Capture"), _("_Cancel"));
  else
    files->chooser = gtk_file_chooser_native_new (_("Send File"),
                                                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  GTK_FILE_CHOOSER_ACTION_OPEN,
                                                  _("_Send"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (files->chooser), TRUE);

  if (capture)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *name = g_date_time_format (now, "capture-%Y%m%d-%H%M%S.bin");

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (files->chooser), name);
      g_set_object (&files->chooser_connection, connection);
    }

  g_signal_connect (files->chooser, "response", G_CALLBACK (chooser_response_cb), files);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (files->chooser));
}

/* Actions */

static void
send_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  open_chooser (_sw_session_page_get_files (SW_SESSION_PAGE (widget)), FALSE, NULL);
}

static void
capture_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  open_chooser (_sw_session_page_get_files (SW_SESSION_PAGE (widget)), TRUE, NULL);
}

static void
capture_client_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SwPageFiles *files = _sw_session_page_get_files (SW_SESSION_PAGE (widget));
  g_autoptr(SwConnection) connection = dup_selected_connection (files);

  if (connection != NULL)
    open_chooser (files, TRUE, connection);
}

static void
stop_capture_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SwPageFiles *files = _sw_session_page_get_files (SW_SESSION_PAGE (widget));

  gtk_widget_activate_action (GTK_WIDGET (files->capture_bar), "capture-bar.stop", NULL);
}

void
_sw_page_files_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "page.send-file", NULL, send_file_action);
  gtk_widget_class_install_action (widget_class, "page.capture", NULL, capture_action);
  gtk_widget_class_install_action (widget_class, "page.capture-client", NULL, capture_client_action);
  gtk_widget_class_install_action (widget_class, "page.stop-capture", NULL, stop_capture_action);
}

SwPageFiles *
_sw_page_files_new (SwSessionPage *page,
                    SwTransferBar *transfer_bar,
                    SwCaptureBar  *capture_bar)
{
  SwPageFiles *files = g_new0 (SwPageFiles, 1);

  files->page = page;
  files->transfer_bar = transfer_bar;
  files->capture_bar = capture_bar;
  files->can_send = TRUE;
  update_actions (files);

  return files;
}

void
_sw_page_files_free (SwPageFiles *files)
{
  if (files == NULL)
    return;

  close_chooser (files);
  if (files->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (files->dialog));

  /* A file going out stops; a capture writes what it has and closes. */
  if (is_sending (files))
    sw_file_sender_cancel (files->sender);
  forget_sender (files);
  if (files->capture != NULL && sw_transfer_get_state (SW_TRANSFER (files->capture)) == SW_TRANSFER_STATE_RUNNING)
    sw_capture_stop_async (files->capture, NULL, NULL, NULL);
  forget_capture (files);

  g_free (files->busy_reason);
  g_free (files);
}

/* For tests */

GtkNativeDialog *
_sw_session_page_get_file_chooser (SwSessionPage *self)
{
  g_return_val_if_fail (SW_IS_SESSION_PAGE (self), NULL);

  return (GtkNativeDialog *) _sw_session_page_get_files (self)->chooser;
}

GtkWindow *
_sw_session_page_get_send_file_dialog (SwSessionPage *self)
{
  g_return_val_if_fail (SW_IS_SESSION_PAGE (self), NULL);

  return (GtkWindow *) _sw_session_page_get_files (self)->dialog;
}

SwFileSender *
_sw_session_page_get_file_sender (SwSessionPage *self)
{
  g_return_val_if_fail (SW_IS_SESSION_PAGE (self), NULL);

  return _sw_session_page_get_files (self)->sender;
}

SwCapture *
_sw_session_page_get_capture (SwSessionPage *self)
{
  g_return_val_if_fail (SW_IS_SESSION_PAGE (self), NULL);

  return _sw_session_page_get_files (self)->capture;
}

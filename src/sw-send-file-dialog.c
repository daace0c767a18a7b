/* sw-send-file-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-send-file-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-send-file-dialog.h"
#include "sw-utils.h"
#include "sw-traffic-format.h"

struct _SwSendFileDialog
{
  GtkWindow       parent_instance;

  GtkLabel       *heading_label;
  GtkSpinButton  *size_spin;
  GtkAdjustment  *size_adjustment;
  GtkCheckButton *rate_check;
  GtkSpinButton  *rate_spin;
  GtkAdjustment  *rate_adjustment;
  GtkLabel       *count_label;

  GFile          *file;
  /* Delayed: what the dialog shows is written only when the person sends. */
  GSettings      *settings;
  GCancellable   *cancellable;
  gint64          file_size;
};

G_DEFINE_FINAL_TYPE (SwSendFileDialog, sw_send_file_dialog, GTK_TYPE_WINDOW)

enum {
  SEND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ngettext() takes an unsigned long: keep the plural form of bigger
 * numbers where long is 32 bits. */
static gulong
plural_number (guint64 n)
{
  return n <= G_MAXULONG ? (gulong) n : (gulong) (n % 1000000 + 1000000);
}

/* How many datagrams the file makes, and how long they take at the rate. */
static void
update_count (SwSendFileDialog *self)
{
  guint size = sw_send_file_dialog_get_datagram_size (self);
  guint rate = sw_send_file_dialog_get_datagram_rate (self);
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *line = NULL;
  guint64 datagrams;

  if (self->file_size < 0)
    {
      gtk_label_set_text (self->count_label, "");
      return;
    }

  datagrams = ((guint64) self->file_size + size - 1) / size;
  count = sw_format_count (datagrams);
  if (rate == 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %s is a number of datagrams. */
                                         "%s datagram, sent as fast as the socket takes it",
                                         "%s datagrams, sent as fast as the socket takes them",
                                         plural_number (datagrams)),
                            count);
  else
    {
      guint64 seconds = (datagrams + rate - 1) / rate;
      g_autofree char *duration = sw_format_count (seconds);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: a number of datagrams, then of seconds. */
                                           "%s datagram, in about %s s",
                                           "%s datagrams, in about %s s",
                                           plural_number (datagrams)),
                              count, duration);
    }

  size_text = sw_format_size (self->file_size);
  /* Translators: what separates the file's size from its datagrams. */
  line = g_strconcat (size_text, _(" · "), text, NULL);
  gtk_label_set_text (self->count_label, line);
}

static void
size_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, NULL);
  SwSendFileDialog *self;

  /* Closed meanwhile, or no size to tell (a pipe, a device). */
  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return;

  self = SW_SEND_FILE_DIALOG (user_data);
  self->file_size = g_file_info_get_size (info);
  update_count (self);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwSendFileDialog *self = SW_SEND_FILE_DIALOG (widget);

  /* A number typed and not yet confirmed counts. */
  gtk_spin_button_update (self->size_spin);
  gtk_spin_button_update (self->rate_spin);
  g_settings_apply (self->settings);

  g_signal_emit (self, signals[SEND], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Public API */

/**
 * sw_send_file_dialog_new:
 * @parent: (nullable): the window it is for
 * @file: the file to send
 *
 * Returns: (transfer none): the dialog, not shown yet (GTK keeps it
 *   while it is open)
 */
SwSendFileDialog *
sw_send_file_dialog_new (GtkWindow *parent,
                         GFile     *file)
{
  SwSendFileDialog *self;
  g_autofree char *parse_name = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (SW_TYPE_SEND_FILE_DIALOG, "transient-for", parent, NULL);
  self->file = g_object_ref (file);

  parse_name = g_file_get_parse_name (file);
  name = g_path_get_basename (parse_name);
  gtk_label_set_text (self->heading_label, name);

  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->cancellable,
                           size_cb, self);

  return self;
}

/**
 * sw_send_file_dialog_get_file:
 *
 * Returns: (transfer none): the file to send
 */
GFile *
sw_send_file_dialog_get_file (SwSendFileDialog *self)
{
  g_return_val_if_fail (SW_IS_SEND_FILE_DIALOG (self), NULL);

  return self->file;
}

guint
sw_send_file_dialog_get_datagram_size (SwSendFileDialog *self)
{
  g_return_val_if_fail (SW_IS_SEND_FILE_DIALOG (self), 1);

  return CLAMP ((guint) gtk_adjustment_get_value (self->size_adjustment), 1, 65507);
}

guint
sw_send_file_dialog_get_datagram_rate (SwSendFileDialog *self)
{
  g_return_val_if_fail (SW_IS_SEND_FILE_DIALOG (self), 0);

  if (!gtk_check_button_get_active (self->rate_check))
    return 0;

  return MAX (1, (guint) gtk_adjustment_get_value (self->rate_adjustment));
}

/* GObject */

static void
sw_send_file_dialog_dispose (GObject *object)
{
  SwSendFileDialog *self = SW_SEND_FILE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  /* Closed without sending: the settings stay as they were. */
  if (self->settings != NULL)
    g_settings_revert (self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_SEND_FILE_DIALOG);

  G_OBJECT_CLASS (sw_send_file_dialog_parent_class)->dispose (object);
}

static void
sw_send_file_dialog_finalize (GObject *object)
{
  SwSendFileDialog *self = SW_SEND_FILE_DIALOG (object);

  g_clear_object (&self->file);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sw_send_file_dialog_parent_class)->finalize (object);
}

static void
sw_send_file_dialog_class_init (SwSendFileDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_send_file_dialog_dispose;
  object_class->finalize = sw_send_file_dialog_finalize;

  /**
   * SwSendFileDialog::send:
   *
   * The person chose Send: the file goes out as the dialog says.
   */
  signals[SEND] =
    g_signal_new ("send",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-send-file-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SwSendFileDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, SwSendFileDialog, size_spin);
  gtk_widget_class_bind_template_child (widget_class, SwSendFileDialog, size_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SwSendFileDialog, rate_check);
  gtk_widget_class_bind_template_child (widget_class, SwSendFileDialog, rate_spin);
  gtk_widget_class_bind_template_child (widget_class, SwSendFileDialog, rate_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SwSendFileDialog, count_label);

  gtk_widget_class_install_action (widget_class, "dialog.send", NULL, send_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sw_send_file_dialog_init (SwSendFileDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sw_fix_mnemonic_names (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->file_size = -1;
  self->settings = g_settings_new (APP_ID);
  g_settings_delay (self->settings);
  g_settings_bind (self->settings, "file-datagram-size", self->size_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "file-datagram-rate", self->rate_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "file-datagram-rate-limited", self->rate_check, "active", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_swapped (self->size_adjustment, "value-changed", G_CALLBACK (update_count), self);
  g_signal_connect_swapped (self->rate_adjustment, "value-changed", G_CALLBACK (update_count), self);
  g_signal_connect_swapped (self->rate_check, "notify::active", G_CALLBACK (update_count), self);
}

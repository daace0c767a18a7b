/* sw-transfer-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-transfer-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-transfer-bar.h"
#include "sw-utils.h"
#include "sw-traffic-format.h"

struct _SwTransferBar
{
  GtkWidget       parent_instance;

  GtkImage       *icon;
  GtkLabel       *name_label;
  GtkLabel       *status_label;
  GtkProgressBar *progress_bar;
  GtkWidget      *cancel_button;
  GtkWidget      *dismiss_button;

  SwFileSender   *sender;
  GSignalGroup   *signals;
  /* Measured here: the sender says how fast it goes, not how long it took. */
  gint64          start_time;
  gint64          end_time;
};

G_DEFINE_FINAL_TYPE (SwTransferBar, sw_transfer_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SENDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "42 s", "3 min 05 s", "1 h 02 min": what is left. */
static char *
format_time_left (gint64 seconds)
{
  if (seconds < 60)
    /* Translators: a time left, in seconds. */
    return g_strdup_printf (_("%u s"), (guint) seconds);
  if (seconds < 3600)
    /* Translators: a time left, in minutes and seconds. */
    return g_strdup_printf (_("%u min %02u s"), (guint) (seconds / 60), (guint) (seconds % 60));

  /* Translators: a time left, in hours and minutes. */
  return g_strdup_printf (_("%u h %02u min"), (guint) (seconds / 3600), (guint) (seconds / 60 % 60));
}

/* "0.35 s", "4.2 s", "1 min 10 s": how long it took. */
static char *
format_duration (double seconds)
{
  if (seconds < 1)
    /* Translators: a duration in seconds, e.g. "0.35 s". */
    return g_strdup_printf (_("%.2f s"), seconds);
  if (seconds < 10)
    return g_strdup_printf (_("%.1f s"), seconds);

  return format_time_left ((gint64) (seconds + 0.5));
}

static char *
describe_progress (SwTransferBar *self,
                   guint64        sent,
                   guint64        total)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sent_size = sw_format_size (sent);
  double rate = sw_file_sender_get_rate (self->sender);
  gint64 time_left = sw_file_sender_get_time_left (self->sender);

  if (total > 0)
    {
      g_autofree char *total_size = sw_format_size (total);

      /* Translators: bytes sent of a file's size, e.g. "1.0 MB of 4.2 MB". */
      g_ptr_array_add (parts, g_strdup_printf (_("%s of %s"), sent_size, total_size));
      /* Translators: how much of a file was sent, in percent; keep “%%”. */
      g_ptr_array_add (parts, g_strdup_printf (_("%u%%"), (guint) (MIN (sent, total) * 100 / total)));
    }
  else
    /* Translators: bytes of a file sent so far, e.g. "1.0 MB sent". */
    g_ptr_array_add (parts, g_strdup_printf (_("%s sent"), sent_size));

  if (rate > 0)
    {
      g_autofree char *speed = sw_format_size ((guint64) rate);

      /* Translators: a rate, e.g. "12.5 MB/s". */
      g_ptr_array_add (parts, g_strdup_printf (_("%s/s"), speed));
    }
  if (time_left >= 0)
    {
      g_autofree char *left = format_time_left (time_left);

      /* Translators: the time left, e.g. "3 min 05 s left". */
      g_ptr_array_add (parts, g_strdup_printf (_("%s left"), left));
    }

  g_ptr_array_add (parts, NULL);

  /* Translators: what separates the parts of a file's progress. */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

static char *
describe_end (SwTransferBar   *self,
              SwTransferState  state,
              guint64          sent)
{
  g_autofree char *count = sw_format_byte_count (sent);
  const GError *error = sw_transfer_get_error (SW_TRANSFER (self->sender));

  switch (state)
    {
    case SW_TRANSFER_STATE_DONE:
      {
        double seconds = MAX (1, self->end_time - self->start_time) / (double) G_USEC_PER_SEC;
        g_autofree char *duration = format_duration (seconds);
        g_autofree char *speed = sw_format_size ((guint64) (sent / seconds));

        /* Translators: bytes sent ("4,194,304 B (4.2 MB)"), how long it
         * took ("0.35 s") and a rate ("12.0 MB/s"). */
        return g_strdup_printf (_("Sent %s in %s at %s/s"), count, duration, speed);
      }

    case SW_TRANSFER_STATE_CANCELLED:
      /* Translators: %s is the bytes sent before, e.g. "1,048,576 B (1.0 MB)". */
      return g_strdup_printf (_("Cancelled after %s"), count);

    case SW_TRANSFER_STATE_FAILED:
      if (sent > 0)
        /* Translators: the bytes sent before, then why it failed. */
        return g_strdup_printf (_("Failed after %s: %s"), count, error != NULL ? error->message : "");
      /* Translators: %s says why a file could not be sent. */
      return g_strdup_printf (_("Failed: %s"), error != NULL ? error->message : "");

    case SW_TRANSFER_STATE_IDLE:
    case SW_TRANSFER_STATE_RUNNING:
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *
state_icon (SwTransferState state)
{
  switch (state)
    {
    case SW_TRANSFER_STATE_DONE:
      return "emblem-ok-symbolic";

    case SW_TRANSFER_STATE_FAILED:
      return "dialog-error-symbolic";

    case SW_TRANSFER_STATE_CANCELLED:
      return "process-stop-symbolic";

    case SW_TRANSFER_STATE_IDLE:
    case SW_TRANSFER_STATE_RUNNING:
    default:
      return "document-send-symbolic";
    }
}

static void
update (SwTransferBar *self)
{
  SwTransferState state;
  guint64 sent;
  guint64 total;
  gboolean ended;
  g_autofree char *status = NULL;

  if (self->sender == NULL)
    return;

  state = sw_transfer_get_state (SW_TRANSFER (self->sender));
  sent = sw_file_sender_get_bytes_sent (self->sender);
  total = sw_file_sender_get_bytes_total (self->sender);
  ended = state != SW_TRANSFER_STATE_IDLE && state != SW_TRANSFER_STATE_RUNNING;

  if (!ended)
    status = describe_progress (self, sent, total);
  else
    {
      if (self->end_time == 0)
        self->end_time = g_get_monotonic_time ();
      status = describe_end (self, state, sent);
    }

  /* At most four times a second, as the sender notifies. */
  gtk_label_set_text (self->status_label, status);
  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, sent / (double) total));
  else
    gtk_progress_bar_set_fraction (self->progress_bar, state == SW_TRANSFER_STATE_DONE ? 1.0 : 0.0);

  gtk_image_set_from_icon_name (self->icon, state_icon (state));
  if (state == SW_TRANSFER_STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");

  gtk_widget_set_visible (self->cancel_button, !ended);
  gtk_widget_set_visible (self->dismiss_button, ended);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transfer-bar.cancel", !ended);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transfer-bar.dismiss", ended);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SwTransferBar *self = SW_TRANSFER_BAR (widget);

  if (self->sender != NULL)
    sw_file_sender_cancel (self->sender);
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  /* The button goes with the row: the focus goes on to the message. */
  sw_widget_focus_next (widget);
  sw_transfer_bar_set_sender (SW_TRANSFER_BAR (widget), NULL);
}

/* Public API */

GtkWidget *
sw_transfer_bar_new (void)
{
  return g_object_new (SW_TYPE_TRANSFER_BAR, NULL);
}

/**
 * sw_transfer_bar_get_sender:
 *
 * Returns: (transfer none) (nullable): the file sender shown
 */
SwFileSender *
sw_transfer_bar_get_sender (SwTransferBar *self)
{
  g_return_val_if_fail (SW_IS_TRANSFER_BAR (self), NULL);

  return self->sender;
}

void
sw_transfer_bar_set_sender (SwTransferBar *self,
                            SwFileSender  *sender)
{
  g_return_if_fail (SW_IS_TRANSFER_BAR (self));
  g_return_if_fail (sender == NULL || SW_IS_FILE_SENDER (sender));

  if (!g_set_object (&self->sender, sender))
    return;

  g_signal_group_set_target (self->signals, sender);
  self->start_time = g_get_monotonic_time ();
  self->end_time = 0;

  if (sender != NULL)
    {
      g_autofree char *parse_name = g_file_get_parse_name (sw_transfer_get_file (SW_TRANSFER (sender)));
      g_autofree char *name = g_path_get_basename (parse_name);

      gtk_label_set_text (self->name_label, name);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), parse_name);
      update (self);
    }

  gtk_widget_set_visible (GTK_WIDGET (self), sender != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDER]);
}

const char *
sw_transfer_bar_get_status (SwTransferBar *self)
{
  g_return_val_if_fail (SW_IS_TRANSFER_BAR (self), NULL);

  return gtk_label_get_text (self->status_label);
}

/* GObject */

static void
sw_transfer_bar_dispose (GObject *object)
{
  SwTransferBar *self = SW_TRANSFER_BAR (object);
  GtkWidget *child;

  g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->sender);
  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_TRANSFER_BAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sw_transfer_bar_parent_class)->dispose (object);
}

static void
sw_transfer_bar_finalize (GObject *object)
{
  g_clear_object (&SW_TRANSFER_BAR (object)->signals);

  G_OBJECT_CLASS (sw_transfer_bar_parent_class)->finalize (object);
}

static void
sw_transfer_bar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SwTransferBar *self = SW_TRANSFER_BAR (object);

  switch (prop_id)
    {
    case PROP_SENDER:
      g_value_set_object (value, self->sender);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_transfer_bar_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SwTransferBar *self = SW_TRANSFER_BAR (object);

  switch (prop_id)
    {
    case PROP_SENDER:
      sw_transfer_bar_set_sender (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_transfer_bar_class_init (SwTransferBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_transfer_bar_dispose;
  object_class->finalize = sw_transfer_bar_finalize;
  object_class->get_property = sw_transfer_bar_get_property;
  object_class->set_property = sw_transfer_bar_set_property;

  properties[PROP_SENDER] =
    g_param_spec_object ("sender", NULL, NULL,
                         SW_TYPE_FILE_SENDER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-transfer-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, SwTransferBar, icon);
  gtk_widget_class_bind_template_child (widget_class, SwTransferBar, name_label);
  gtk_widget_class_bind_template_child (widget_class, SwTransferBar, status_label);
  gtk_widget_class_bind_template_child (widget_class, SwTransferBar, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SwTransferBar, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SwTransferBar, dismiss_button);

  gtk_widget_class_install_action (widget_class, "transfer-bar.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "transfer-bar.dismiss", NULL, dismiss_action);
  gtk_widget_class_set_css_name (widget_class, "transferbar");
}

static void
sw_transfer_bar_init (SwTransferBar *self)
{
  static const char * const followed[] = {
    "notify::state", "notify::bytes-sent", "notify::bytes-total", "notify::rate", "notify::time-left",
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->signals = g_signal_group_new (SW_TYPE_FILE_SENDER);
  for (guint i = 0; i < G_N_ELEMENTS (followed); i++)
    g_signal_group_connect_swapped (self->signals, followed[i], G_CALLBACK (update), self);
}

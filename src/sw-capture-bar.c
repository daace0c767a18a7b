/* sw-capture-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-capture-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-capture-bar.h"
#include "sw-utils.h"

struct _SwCaptureBar
{
  GtkWidget     parent_instance;

  GtkImage     *icon;
  GtkLabel     *label;
  GtkWidget    *stop_button;
  GtkWidget    *dismiss_button;

  SwCapture    *capture;
  GSignalGroup *signals;
};

G_DEFINE_FINAL_TYPE (SwCaptureBar, sw_capture_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAPTURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
describe (SwCaptureBar    *self,
          SwTransferState  state)
{
  g_autofree char *parse_name = g_file_get_parse_name (sw_transfer_get_file (SW_TRANSFER (self->capture)));
  g_autofree char *name = g_path_get_basename (parse_name);
  g_autofree char *bytes = sw_format_byte_count (sw_capture_get_bytes_written (self->capture));
  SwConnection *connection = sw_capture_get_connection (self->capture);
  const GError *error = sw_transfer_get_error (SW_TRANSFER (self->capture));

  switch (state)
    {
    case SW_TRANSFER_STATE_DONE:
      /* Translators: bytes ("8,388,608 B (8.4 MB)"), then a file name. */
      return g_strdup_printf (_("Captured %s to “%s”"), bytes, name);

    case SW_TRANSFER_STATE_FAILED:
    case SW_TRANSFER_STATE_CANCELLED:
      /* Translators: %s says why, e.g. “Could not write “x.bin”: the disk is full”. */
      return g_strdup_printf (_("Capture stopped: %s"), error != NULL ? error->message : "");

    case SW_TRANSFER_STATE_IDLE:
    case SW_TRANSFER_STATE_RUNNING:
    default:
      if (connection != NULL)
        /* Translators: a connection (127.0.0.1:53120), a file name, then bytes. */
        return g_strdup_printf (_("Capturing %s to “%s” · %s written"),
                                sw_connection_get_name (connection), name, bytes);
      /* Translators: a file name, then bytes ("8,388,608 B (8.4 MB)"). */
      return g_strdup_printf (_("Capturing to “%s” · %s written"), name, bytes);
    }
}

static void
update (SwCaptureBar *self)
{
  g_autofree char *text = NULL;
  SwTransferState state;
  gboolean running;

  if (self->capture == NULL)
    return;

  state = sw_transfer_get_state (SW_TRANSFER (self->capture));
  running = state == SW_TRANSFER_STATE_IDLE || state == SW_TRANSFER_STATE_RUNNING;
  text = describe (self, state);

  /* At most four times a second, as the capture notifies. */
  gtk_label_set_text (self->label, text);
  gtk_image_set_from_icon_name (self->icon,
                                running ? "media-record-symbolic" :
                                state == SW_TRANSFER_STATE_DONE ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  if (state == SW_TRANSFER_STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->label), "error");

  gtk_widget_set_visible (self->stop_button, running);
  gtk_widget_set_visible (self->dismiss_button, !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "capture-bar.stop", state == SW_TRANSFER_STATE_RUNNING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "capture-bar.dismiss", !running);
}

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  /* A write error shows as the capture's state and error. */
  sw_capture_stop_finish (SW_CAPTURE (object), result, NULL);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwCaptureBar *self = SW_CAPTURE_BAR (widget);

  if (self->capture != NULL && sw_transfer_get_state (SW_TRANSFER (self->capture)) == SW_TRANSFER_STATE_RUNNING)
    sw_capture_stop_async (self->capture, NULL, stopped_cb, NULL);
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sw_widget_focus_next (widget);
  sw_capture_bar_set_capture (SW_CAPTURE_BAR (widget), NULL);
}

/* Public API */

GtkWidget *
sw_capture_bar_new (void)
{
  return g_object_new (SW_TYPE_CAPTURE_BAR, NULL);
}

/**
 * sw_capture_bar_get_capture:
 *
 * Returns: (transfer none) (nullable): the capture shown
 */
SwCapture *
sw_capture_bar_get_capture (SwCaptureBar *self)
{
  g_return_val_if_fail (SW_IS_CAPTURE_BAR (self), NULL);

  return self->capture;
}

void
sw_capture_bar_set_capture (SwCaptureBar *self,
                            SwCapture    *capture)
{
  g_return_if_fail (SW_IS_CAPTURE_BAR (self));
  g_return_if_fail (capture == NULL || SW_IS_CAPTURE (capture));

  if (!g_set_object (&self->capture, capture))
    return;

  g_signal_group_set_target (self->signals, capture);
  if (capture != NULL)
    {
      g_autofree char *parse_name = g_file_get_parse_name (sw_transfer_get_file (SW_TRANSFER (capture)));

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->label), parse_name);
      update (self);
    }

  gtk_widget_set_visible (GTK_WIDGET (self), capture != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURE]);
}

const char *
sw_capture_bar_get_text (SwCaptureBar *self)
{
  g_return_val_if_fail (SW_IS_CAPTURE_BAR (self), NULL);

  return gtk_label_get_text (self->label);
}

/* GObject */

static void
sw_capture_bar_dispose (GObject *object)
{
  SwCaptureBar *self = SW_CAPTURE_BAR (object);
  GtkWidget *child;

  g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->capture);
  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_CAPTURE_BAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sw_capture_bar_parent_class)->dispose (object);
}

static void
sw_capture_bar_finalize (GObject *object)
{
  g_clear_object (&SW_CAPTURE_BAR (object)->signals);

  G_OBJECT_CLASS (sw_capture_bar_parent_class)->finalize (object);
}

static void
sw_capture_bar_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SwCaptureBar *self = SW_CAPTURE_BAR (object);

  switch (prop_id)
    {
    case PROP_CAPTURE:
      g_value_set_object (value, self->capture);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_capture_bar_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SwCaptureBar *self = SW_CAPTURE_BAR (object);

  switch (prop_id)
    {
    case PROP_CAPTURE:
      sw_capture_bar_set_capture (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_capture_bar_class_init (SwCaptureBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_capture_bar_dispose;
  object_class->finalize = sw_capture_bar_finalize;
  object_class->get_property = sw_capture_bar_get_property;
  object_class->set_property = sw_capture_bar_set_property;

  properties[PROP_CAPTURE] =
    g_param_spec_object ("capture", NULL, NULL,
                         SW_TYPE_CAPTURE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-capture-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, SwCaptureBar, icon);
  gtk_widget_class_bind_template_child (widget_class, SwCaptureBar, label);
  gtk_widget_class_bind_template_child (widget_class, SwCaptureBar, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SwCaptureBar, dismiss_button);

  gtk_widget_class_install_action (widget_class, "capture-bar.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "capture-bar.dismiss", NULL, dismiss_action);
  gtk_widget_class_set_css_name (widget_class, "capturebar");
}

static void
sw_capture_bar_init (SwCaptureBar *self)
{
  static const char * const followed[] = { "notify::state", "notify::bytes-written", "notify::error" };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->signals = g_signal_group_new (SW_TYPE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (followed); i++)
    g_signal_group_connect_swapped (self->signals, followed[i], G_CALLBACK (update), self);
}

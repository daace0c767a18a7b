/* sw-traffic-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-traffic-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sw-checksum-calculator.h"
#include "sw-core-enums.h"
#include "sw-toolbar-box.h"
#include "sw-rate-graph.h"
#include "sw-traffic-export.h"
#include "sw-traffic-lens.h"
#include "sw-traffic-format.h"
#include "sw-traffic-view-private.h"
#include "sw-utils.h"

/* The lines a view keeps, unless told otherwise (view-max-lines). */
#define DEFAULT_MAX_LINES 20000

/*
 * The traffic view renders the session's SwTrafficLog, the truth, into a
 * GtkTextView, and never the other way round; sw-traffic-view-render.c
 * draws the rows. Here: its controls and menus, counters, saving,
 * following the end, and the checksum calculator.
 */

G_DEFINE_FINAL_TYPE (SwTrafficView, sw_traffic_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOG,
  PROP_DISPLAY_MODE,
  PROP_ENCODING,
  PROP_SHOW_TIMESTAMPS,
  PROP_TEXT_AS_SENT,
  PROP_FOLLOW,
  PROP_MAX_LINES,
  PROP_FRAMING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void checksums_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter);

/* The queue of entries the lens read and the view has yet to draw. */

static void
update_counters (SwTrafficView *self)
{
  SwTrafficTotals totals = { 0 };
  g_autofree char *sent_bytes = NULL;
  g_autofree char *sent_records = NULL;
  g_autofree char *received_bytes = NULL;
  g_autofree char *received_records = NULL;
  g_autofree char *text = NULL;

  if (self->log != NULL)
    sw_traffic_log_get_totals (self->log, &totals);

  sent_bytes = sw_format_byte_count (totals.bytes_sent);
  sent_records = sw_format_count (totals.records_sent);
  received_bytes = sw_format_byte_count (totals.bytes_received);
  received_records = sw_format_count (totals.records_received);

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: counters; the first %s is bytes
                                        * ("52,454,800 B (52.5 MB)"), the second packets. */
                                       "Sent %s · %s packet",
                                       "Sent %s · %s packets",
                                       totals.records_sent),
                          sent_bytes, sent_records);
  gtk_label_set_text (self->sent_label, text);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Received %s · %s packet",
                                       "Received %s · %s packets",
                                       totals.records_received),
                          received_bytes, received_records);
  gtk_label_set_text (self->received_label, text);
  g_clear_pointer (&text, g_free);

  if (totals.records_trimmed > 0)
    {
      g_autofree char *trimmed = sw_format_count (totals.records_trimmed);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: %s is a number of records. */
                                           "Log limit reached: %s oldest record dropped, the counters stay exact",
                                           "Log limit reached: %s oldest records dropped, the counters stay exact",
                                           totals.records_trimmed),
                              trimmed);
      gtk_label_set_text (self->notice_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->notice_label), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->notice_label), TRUE);
    }
  else if (self->saved_message == NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->notice_label), FALSE);
}

static void
update_rate (SwTrafficView *self)
{
  SwTrafficTotals totals = { 0 };
  gint64 now = g_get_monotonic_time ();
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  double seconds;

  if (self->log != NULL)
    sw_traffic_log_get_totals (self->log, &totals);

  seconds = (now - self->rate_time) / (double) G_USEC_PER_SEC;
  if (self->rate_time == 0 || seconds <= 0 ||
      totals.bytes_received < self->rate_received || totals.bytes_sent < self->rate_sent)
    {
      in = sw_format_size (0);
      out = sw_format_size (0);
    }
  else
    {
      in = sw_format_size ((totals.bytes_received - self->rate_received) / seconds);
      out = sw_format_size ((totals.bytes_sent - self->rate_sent) / seconds);
    }

  self->rate_time = now;
  self->rate_received = totals.bytes_received;
  self->rate_sent = totals.bytes_sent;

  /* Translators: the current rate; each %s is a size such as "1.2 MB". */
  text = g_strdup_printf (_("↓ %s/s  ↑ %s/s"), in, out);
  gtk_label_set_text (self->rate_label, text);
}

static gboolean
rate_timer_cb (gpointer user_data)
{
  update_rate (user_data);

  return G_SOURCE_CONTINUE;
}

static void
log_changed_cb (SwTrafficView *self)
{
  _sw_traffic_view_queue_render (self);
}

static void
log_cleared_cb (SwTrafficView *self)
{
  self->anchored = FALSE;
  g_array_set_size (self->rows, 0);
  g_clear_pointer (&self->build, _sw_traffic_view_build_free);
  self->rows_head = 0;
  self->n_pending_rows = 0;
  _sw_traffic_view_end_file_run (self);
  self->cursor = sw_traffic_log_get_end_seq (self->log);
  _sw_traffic_view_queue_clear (self);
  sw_traffic_lens_rewind (self->lens);
  g_clear_pointer (&self->saved_message, g_free);
  gtk_text_buffer_set_text (self->buffer, "", 0);
  update_counters (self);
}

static void
update_text_button (SwTrafficView *self)
{
  gtk_button_set_label (GTK_BUTTON (self->text_button), sw_encoding_get_short_name (self->encoding));
}

/**
 * sw_traffic_view_show_notice:
 * @message: what happened, for a person
 * @error: whether it is a failure, shown as one
 *
 * Shows @message in the view's notice line, as Save As says what it did.
 */
void
sw_traffic_view_show_notice (SwTrafficView *self,
                             const char    *message,
                             gboolean       error)
{
  g_return_if_fail (SW_IS_TRAFFIC_VIEW (self));
  g_return_if_fail (message != NULL);

  g_free (self->saved_message);
  self->saved_message = g_strdup (message);
  gtk_label_set_text (self->notice_label, message);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->notice_label), message);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->notice_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->notice_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), TRUE);
}

typedef struct
{
  SwTrafficView *view;
  GFile         *file;
} Saving;

static void
saving_free (Saving *saving)
{
  g_object_unref (saving->view);
  g_object_unref (saving->file);
  g_free (saving);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Saving, saving_free)

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Saving) saving = user_data;
  g_autoptr(GError) error = NULL;
  guint64 n_records = 0;

  if (!sw_traffic_export_finish (SW_TRAFFIC_LOG (object), result, &n_records, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sw_traffic_view_show_notice (saving->view, error->message, TRUE);
      return;
    }

  {
    g_autofree char *count = sw_format_count (n_records);
    g_autofree char *name = g_file_get_parse_name (saving->file);
    g_autofree char *message = NULL;

    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* Translators: %s is a number of records, the second a file. */
                                            "Saved %s record to “%s”",
                                            "Saved %s records to “%s”",
                                            n_records),
                               count, name);
    sw_traffic_view_show_notice (saving->view, message, FALSE);
  }
}

static SwExportFormat
chosen_format (GtkFileChooser *chooser)
{
  GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);

  return filter != NULL ? GPOINTER_TO_INT (g_object_get_data (G_OBJECT (filter), "sw-export-format"))
                        : SW_EXPORT_FORMAT_TEXT;
}

/* The dialog offers a format (the view's) and a name with its extension;
 * what the person changes is their choice. A native dialog cannot follow
 * a change of filter by renaming (a portal reports it only at the end),
 * so the two may disagree: an extension of another format typed into
 * the name wins, else the filter. */
static SwExportFormat
save_format (GtkFileChooser *chooser,
             SwExportFormat  offered,
             const char     *name)
{
  SwExportFormat named;

  if (sw_export_format_for_name (name, &named) && named != offered)
    return named;

  return chosen_format (chooser);
}

static gboolean
keep_shown (const SwTrafficRecord *record,
            gpointer               user_data)
{
  SwTrafficView *self = user_data;

  return sw_traffic_filter_matches (self->filter, record);
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  SwTrafficView   *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->log != NULL)
    {
      GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);
      SwExportFormat offered = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "sw-offered-format"));
      const char *offered_name = g_object_get_data (G_OBJECT (dialog), "sw-offered-name");
      g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
      g_autofree char *name = g_file_get_basename (file);
      SwExportFormat format = save_format (chooser, offered, name);
      g_autoptr(SwTrafficLog) shown = NULL;
      Saving *saving = g_new0 (Saving, 1);

      /* The name offered, kept with another format chosen, gets that
       * format's extension, unless a file has that name already. */
      if (format != offered && g_strcmp0 (name, offered_name) == 0)
        {
          g_autofree char *stem = g_strndup (name, strrchr (name, '.') - name);
          g_autofree char *renamed = g_strconcat (stem, ".", sw_export_format_get_info (format)->extensions[0], NULL);
          g_autoptr(GFile) parent = g_file_get_parent (file);
          g_autoptr(GFile) sibling = g_file_get_child (parent, renamed);

          if (!g_file_query_exists (sibling, NULL))
            g_set_object (&file, sibling);
        }

      /* What is shown: the records the filter keeps, now. */
      if (g_object_get_data (G_OBJECT (dialog), "sw-shown") != NULL && _sw_traffic_view_filtering (self))
        shown = sw_traffic_log_snapshot_filtered (self->log, keep_shown, self);

      saving->view = g_object_ref (self);
      saving->file = g_object_ref (file);
      sw_traffic_export_async (shown != NULL ? shown : self->log, file, format, self->encoding,
                               self->text_as_sent ? SW_TRAFFIC_FORMAT_TEXT_AS_SENT : 0,
                               self->cancellable, export_cb, saving);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwTrafficView *self = SW_TRAFFIC_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  SwExportFormat offered = self->mode == SW_DISPLAY_MODE_HEX ? SW_EXPORT_FORMAT_HEX_DUMP : SW_EXPORT_FORMAT_TEXT;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stem = g_date_time_format (now, "traffic-%Y%m%d-%H%M%S");
  gboolean shown = g_str_equal (action_name, "view.save-shown") && _sw_traffic_view_filtering (self);
  char *name;

  dialog = gtk_file_chooser_native_new (shown ? _("Save What Is Shown") : _("Save Traffic Log"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);

  /* One filter a format, from the table of them. */
  for (guint i = 0; i < SW_N_EXPORT_FORMATS; i++)
    {
      const SwExportFormatInfo *info = sw_export_format_get_info (i);
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, sw_export_format_get_name (i));
      for (guint j = 0; j < G_N_ELEMENTS (info->extensions) && info->extensions[j] != NULL; j++)
        gtk_file_filter_add_suffix (filter, info->extensions[j]);
      if (info->mime_type != NULL)
        gtk_file_filter_add_mime_type (filter, info->mime_type);
      g_object_set_data (G_OBJECT (filter), "sw-export-format", GINT_TO_POINTER (i));
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
      if (i == offered)
        gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), filter);
    }

  /* view.save-shown (the filter's "Save What Is Shown…"): the records
   * the filter shows; view.save: all of them. */
  if (shown)
    g_object_set_data (G_OBJECT (dialog), "sw-shown", GINT_TO_POINTER (TRUE));

  name = g_strconcat (stem, ".", sw_export_format_get_info (offered)->extensions[0], NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data (G_OBJECT (dialog), "sw-offered-format", GINT_TO_POINTER (offered));
  g_object_set_data_full (G_OBJECT (dialog), "sw-offered-name", name, g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SwTrafficView *self = SW_TRAFFIC_VIEW (widget);

  if (self->log == NULL)
    return;

  sw_traffic_log_clear (self->log);
  sw_traffic_log_reset_totals (self->log);
  sw_traffic_log_flush (self->log);
  self->rate_time = 0;
  update_rate (self);
}

static void
pause_follow (SwTrafficView *self)
{
  if (!self->follow)
    return;

  self->paused_by_user = TRUE;
  self->follow = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW]);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           SwTrafficView            *self)
{
  if (dy < 0)
    pause_follow (self);

  return GDK_EVENT_PROPAGATE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SwTrafficView         *self)
{
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      pause_follow (self);
      break;

    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
scrollbar_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      SwTrafficView   *self)
{
  pause_follow (self);
}

static void
value_changed_cb (GtkAdjustment *adjustment,
                  SwTrafficView *self)
{
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  /* Scrolling back to the newest resumes following. */
  if (self->paused_by_user && gtk_adjustment_get_value (adjustment) >= bottom - 1)
    {
      self->paused_by_user = FALSE;
      sw_traffic_view_set_follow (self, TRUE);
    }
}

static gboolean
follow_idle_cb (gpointer user_data)
{
  SwTrafficView *self = user_data;

  self->follow_idle_id = 0;
  if (self->follow)
    _sw_traffic_view_scroll_to_end (self);

  return G_SOURCE_REMOVE;
}

/* What is shown can grow or the view shrink after it scrolled to the
 * end: a long line is laid out in full only later, a label appears
 * beside the view (#9). Following keeps the end in sight through it:
 * once the frame that changed it is done, as scrolling while GTK lays
 * out the view stops it from drawing. */
static void
adjustment_changed_cb (GtkAdjustment *adjustment,
                       SwTrafficView *self)
{
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  if (self->follow && gtk_adjustment_get_value (adjustment) < bottom && self->follow_idle_id == 0)
    self->follow_idle_id = g_idle_add_full (RENDER_PRIORITY, follow_idle_cb, self, NULL);
}

static void
encoding_selected_cb (SwTrafficView *self)
{
  guint selected = gtk_drop_down_get_selected (self->encoding_dropdown);

  if (selected < SW_N_ENCODINGS)
    sw_traffic_view_set_encoding (self, selected);
}

/* With the calculator open, what is selected in the log is what it
 * shows, as the selection changes. */
static gboolean
calculator_idle_cb (gpointer user_data)
{
  SwTrafficView *self = user_data;
  g_autoptr(GBytes) bytes = NULL;

  self->calculator_idle_id = 0;
  if (self->calculator == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->calculator)))
    return G_SOURCE_REMOVE;

  bytes = sw_traffic_view_dup_selected_bytes (self);
  if (bytes != NULL)
    sw_checksum_calculator_set_bytes (self->calculator, bytes);

  return G_SOURCE_REMOVE;
}

void
_sw_traffic_view_selection_changed (SwTrafficView *self)
{
  if (self->calculator != NULL && gtk_widget_get_visible (GTK_WIDGET (self->calculator)) &&
      self->calculator_idle_id == 0)
    self->calculator_idle_id = g_idle_add (calculator_idle_cb, self);
}

static void
checksums_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SwTrafficView *self = SW_TRAFFIC_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GBytes) bytes = sw_traffic_view_dup_selected_bytes (self);

  if (self->calculator == NULL)
    self->calculator = SW_CHECKSUM_CALCULATOR (sw_checksum_calculator_new ());
  gtk_window_set_transient_for (GTK_WINDOW (self->calculator), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  sw_checksum_calculator_set_encoding (self->calculator, self->encoding);
  if (bytes != NULL)
    sw_checksum_calculator_set_bytes (self->calculator, bytes);
  gtk_window_present (GTK_WINDOW (self->calculator));
}

/**
 * sw_traffic_view_get_calculator:
 *
 * Returns: (transfer none) (nullable): the checksum calculator, once
 *   opened
 */
GtkWindow *
sw_traffic_view_get_calculator (SwTrafficView *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_VIEW (self), NULL);

  return GTK_WINDOW (self->calculator);
}

/**
 * sw_traffic_view_new:
 *
 * Returns: (transfer floating): a view with no log yet
 */
GtkWidget *
sw_traffic_view_new (void)
{
  return g_object_new (SW_TYPE_TRAFFIC_VIEW, NULL);
}

/**
 * sw_traffic_view_get_log:
 *
 * Returns: (transfer none) (nullable): the log shown
 */
SwTrafficLog *
sw_traffic_view_get_log (SwTrafficView *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_VIEW (self), NULL);

  return self->log;
}

void
sw_traffic_view_set_log (SwTrafficView *self,
                         SwTrafficLog  *log)
{
  g_return_if_fail (SW_IS_TRAFFIC_VIEW (self));
  g_return_if_fail (log == NULL || SW_IS_TRAFFIC_LOG (log));

  if (self->log == log)
    return;

  if (self->log != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->log);
      g_clear_signal_handler (&self->totals_id, self->log);
      g_clear_signal_handler (&self->cleared_id, self->log);
    }
  g_set_object (&self->log, log);

  g_array_set_size (self->rows, 0);
  g_clear_pointer (&self->build, _sw_traffic_view_build_free);
  self->rows_head = 0;
  self->n_pending_rows = 0;
  _sw_traffic_view_end_file_run (self);
  gtk_text_buffer_set_text (self->buffer, "", 0);
  g_clear_handle_id (&self->idle_gap_id, g_source_remove);
  g_clear_pointer (&self->lens, sw_traffic_lens_free);
  _sw_traffic_view_queue_clear (self);
  self->framed = FALSE;
  self->rebuilding = FALSE;

  if (log != NULL)
    {
      /* A new log is read from its start, frames or records, as they
       * come: no need to read it anew first. */
      self->lens = sw_traffic_lens_new (log);
      self->framed = sw_traffic_lens_set_framing (self->lens, self->framing, NULL) &&
                     sw_traffic_lens_get_framed (self->lens);
      self->cursor = sw_traffic_log_get_first_seq (log);
      self->changed_id = g_signal_connect_swapped (log, "changed", G_CALLBACK (log_changed_cb), self);
      self->totals_id = g_signal_connect_swapped (log, "totals-changed", G_CALLBACK (update_counters), self);
      self->cleared_id = g_signal_connect_swapped (log, "cleared", G_CALLBACK (log_cleared_cb), self);
    }

  self->anchored = FALSE;
  sw_search_bar_set_log (self->search_bar, log);
  sw_rate_graph_set_log (self->rate_graph, log);
  update_counters (self);
  _sw_traffic_view_queue_render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG]);
}

SwDisplayMode
sw_traffic_view_get_display_mode (SwTrafficView *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_VIEW (self), SW_DISPLAY_MODE_TEXT);

  return self->mode;
}

void
sw_traffic_view_set_display_mode (SwTrafficView *self,
                                  SwDisplayMode  mode)
{
  g_return_if_fail (SW_IS_TRAFFIC_VIEW (self));

  if (self->mode == mode)
    return;

  self->mode = mode;
  /* A hex dump has its own lines; text wraps. */
  gtk_text_view_set_wrap_mode (self->text_view,
                               mode == SW_DISPLAY_MODE_HEX ? GTK_WRAP_NONE : GTK_WRAP_WORD_CHAR);
  _sw_traffic_view_rerender (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_MODE]);
}

SwEncoding
sw_traffic_view_get_encoding (SwTrafficView *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_VIEW (self), SW_ENCODING_UTF8);

  return self->encoding;
}

void
sw_traffic_view_set_encoding (SwTrafficView *self,
                              SwEncoding     encoding)
{
  g_return_if_fail (SW_IS_TRAFFIC_VIEW (self));
  g_return_if_fail ((guint) encoding < SW_N_ENCODINGS);

  if (self->encoding == encoding)
    return;

  self->encoding = encoding;
  sw_search_bar_set_encoding (self->search_bar, encoding);
  update_text_button (self);
  gtk_drop_down_set_selected (self->encoding_dropdown, encoding);
  if (self->mode == SW_DISPLAY_MODE_TEXT)
    _sw_traffic_view_rerender (self);
  else
    g_clear_pointer (&self->formatter, sw_traffic_formatter_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
}

gboolean
sw_traffic_view_get_show_timestamps (SwTrafficView *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_VIEW (self), FALSE);

  return self->show_timestamps;
}

void
sw_traffic_view_set_show_timestamps (SwTrafficView *self,
                                     gboolean       show)
{
  g_return_if_fail (SW_IS_TRAFFIC_VIEW (self));

  show = !!show;
  if (self->show_timestamps == show)
    return;

  self->show_timestamps = show;
  _sw_traffic_view_rerender (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TIMESTAMPS]);
}

gboolean
sw_traffic_view_get_text_as_sent (SwTrafficView *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_VIEW (self), FALSE);

  return self->text_as_sent;
}

void
sw_traffic_view_set_text_as_sent (SwTrafficView *self,
                                  gboolean       text_as_sent)
{
  g_return_if_fail (SW_IS_TRAFFIC_VIEW (self));

  text_as_sent = !!text_as_sent;
  if (self->text_as_sent == text_as_sent)
    return;

  self->text_as_sent = text_as_sent;
  if (self->mode == SW_DISPLAY_MODE_TEXT)
    _sw_traffic_view_rerender (self);
  else
    g_clear_pointer (&self->formatter, sw_traffic_formatter_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_AS_SENT]);
}

gboolean
sw_traffic_view_get_follow (SwTrafficView *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_VIEW (self), FALSE);

  return self->follow;
}

void
sw_traffic_view_set_follow (SwTrafficView *self,
                            gboolean       follow)
{
  g_return_if_fail (SW_IS_TRAFFIC_VIEW (self));

  follow = !!follow;
  self->paused_by_user = FALSE;
  if (self->follow == follow)
    return;

  self->follow = follow;
  /* From a window around a match back to the newest. */
  if (follow && self->anchored)
    _sw_traffic_view_show_newest (self);
  if (follow)
    _sw_traffic_view_scroll_to_end (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW]);
}

guint
sw_traffic_view_get_max_lines (SwTrafficView *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_VIEW (self), 0);

  return self->max_lines;
}

void
sw_traffic_view_set_max_lines (SwTrafficView *self,
                               guint          max_lines)
{
  g_return_if_fail (SW_IS_TRAFFIC_VIEW (self));
  g_return_if_fail (max_lines > 0);

  if (self->max_lines == max_lines)
    return;

  self->max_lines = max_lines;
  _sw_traffic_view_trim_lines (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_LINES]);
}

/**
 * sw_traffic_view_dup_text:
 *
 * Returns: (transfer full): the text shown
 */
char *
sw_traffic_view_dup_text (SwTrafficView *self)
{
  GtkTextIter start;
  GtkTextIter end;

  g_return_val_if_fail (SW_IS_TRAFFIC_VIEW (self), NULL);

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);

  return gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
}

void
sw_traffic_view_flush (SwTrafficView *self)
{
  g_return_if_fail (SW_IS_TRAFFIC_VIEW (self));

  if (self->log == NULL)
    return;

  sw_traffic_log_flush (self->log);
  _sw_traffic_view_render_all (self);
}

/**
 * sw_traffic_view_get_framing:
 *
 * Returns: (transfer none) (nullable): how the log is cut into frames
 */
SwFraming *
sw_traffic_view_get_framing (SwTrafficView *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_VIEW (self), NULL);

  return self->framing;
}

/**
 * sw_traffic_view_set_framing:
 * @framing: (nullable): the settings to follow
 *
 * Shows the log cut into frames by @framing, and again from the log's
 * start each time the settings change.
 */
void
sw_traffic_view_set_framing (SwTrafficView *self,
                             SwFraming     *framing)
{
  g_return_if_fail (SW_IS_TRAFFIC_VIEW (self));
  g_return_if_fail (framing == NULL || SW_IS_FRAMING (framing));

  if (self->framing == framing)
    return;

  if (self->framing != NULL)
    g_clear_signal_handler (&self->framing_changed_id, self->framing);
  g_set_object (&self->framing, framing);
  if (framing != NULL)
    self->framing_changed_id = g_signal_connect_swapped (framing, "changed",
                                                         G_CALLBACK (_sw_traffic_view_start_rebuild), self);

  _sw_traffic_view_start_rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMING]);
}

/**
 * sw_traffic_view_get_checksum:
 * @spec: (out caller-allocates): where to put it
 */
void
sw_traffic_view_get_checksum (SwTrafficView  *self,
                              SwChecksumSpec *spec)
{
  g_return_if_fail (SW_IS_TRAFFIC_VIEW (self));
  g_return_if_fail (spec != NULL);

  *spec = self->checksum;
}

/**
 * sw_traffic_view_set_checksum:
 * @spec: (nullable): the checksum at the end of frames, or %NULL for none
 *
 * With framing, each received frame is marked: whether its last bytes
 * (before a delimiter) are the checksum @spec computes over it.
 */
void
sw_traffic_view_set_checksum (SwTrafficView        *self,
                              const SwChecksumSpec *spec)
{
  SwChecksumSpec none = SW_CHECKSUM_SPEC_INIT;

  g_return_if_fail (SW_IS_TRAFFIC_VIEW (self));

  if (spec == NULL)
    spec = &none;
  if (memcmp (spec, &self->checksum, sizeof *spec) == 0)
    return;

  self->checksum = *spec;
  if (self->framed)
    _sw_traffic_view_rerender (self);
}

/**
 * sw_traffic_view_dup_selected_bytes:
 *
 * The bytes the selection shows, from the log: in a hex dump the bytes
 * under it, in text those of the characters; a whole record or frame
 * when it is selected whole, even where the view shows only its start.
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL when the
 *   selection holds none
 */
GBytes *
sw_traffic_view_dup_selected_bytes (SwTrafficView *self)
{
  GtkTextIter start;
  GtkTextIter end;

  g_return_val_if_fail (SW_IS_TRAFFIC_VIEW (self), NULL);

  if (self->log == NULL || !gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end))
    return NULL;

  return _sw_traffic_view_dup_shown_bytes (self, &start, &end);
}

gboolean
_sw_traffic_view_is_rebuilding (SwTrafficView *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_VIEW (self), FALSE);

  return self->rebuilding || self->build != NULL;
}

/**
 * sw_traffic_view_get_text_view:
 *
 * Returns: (transfer none): the text view inside
 */
GtkTextView *
sw_traffic_view_get_text_view (SwTrafficView *self)
{
  g_return_val_if_fail (SW_IS_TRAFFIC_VIEW (self), NULL);

  return self->text_view;
}

static void
sw_traffic_view_map (GtkWidget *widget)
{
  SwTrafficView *self = SW_TRAFFIC_VIEW (widget);

  GTK_WIDGET_CLASS (sw_traffic_view_parent_class)->map (widget);

  update_counters (self);
  update_rate (self);
  self->rate_timer_id = g_timeout_add_seconds (1, rate_timer_cb, self);
  _sw_traffic_view_queue_render (self);
}

static void
sw_traffic_view_unmap (GtkWidget *widget)
{
  SwTrafficView *self = SW_TRAFFIC_VIEW (widget);

  g_clear_handle_id (&self->rate_timer_id, g_source_remove);
  g_clear_handle_id (&self->flood_timeout_id, g_source_remove);
  g_clear_handle_id (&self->render_id, g_source_remove);
  g_clear_handle_id (&self->follow_idle_id, g_source_remove);
  g_clear_handle_id (&self->idle_gap_id, g_source_remove);
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }

  /* A scroll still animating (to a match) stops here, where it is: GTK
   * 4.8's scrolled window would end it as it unmaps, by jumping to its
   * target, and when the text view, laying out, sets the value meanwhile,
   * it disconnects the frame clock's handler twice (a critical). */
  for (guint i = 0; i < 2; i++)
    {
      GtkAdjustment *adjustment = i == 0 ? gtk_scrolled_window_get_vadjustment (self->scroller)
                                         : gtk_scrolled_window_get_hadjustment (self->scroller);

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment));
    }

  GTK_WIDGET_CLASS (sw_traffic_view_parent_class)->unmap (widget);
}

static void
sw_traffic_view_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  SwTrafficView *self = SW_TRAFFIC_VIEW (widget);
  GdkRGBA color;
  gboolean dark;

  GTK_WIDGET_CLASS (sw_traffic_view_parent_class)->css_changed (widget, change);

  /* Light text means a dark theme. */
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self->text_view)), &color);
  dark = 0.299 * color.red + 0.587 * color.green + 0.114 * color.blue > 0.5;
  if (dark != self->dark)
    {
      self->dark = dark;
      _sw_traffic_view_update_tag_colors (self);
    }
}

static void
sw_traffic_view_dispose (GObject *object)
{
  SwTrafficView *self = SW_TRAFFIC_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  /* The log first: there is then nothing to show anew without framing. */
  sw_traffic_view_set_log (self, NULL);
  sw_traffic_view_set_framing (self, NULL);
  g_clear_handle_id (&self->rate_timer_id, g_source_remove);
  g_clear_handle_id (&self->flood_timeout_id, g_source_remove);
  g_clear_handle_id (&self->render_id, g_source_remove);
  g_clear_handle_id (&self->follow_idle_id, g_source_remove);
  g_clear_handle_id (&self->idle_gap_id, g_source_remove);
  g_clear_handle_id (&self->calculator_idle_id, g_source_remove);
  _sw_traffic_view_search_dispose (self);
  if (self->calculator != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->calculator)));

  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_TRAFFIC_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sw_traffic_view_parent_class)->dispose (object);
}

static void
sw_traffic_view_finalize (GObject *object)
{
  SwTrafficView *self = SW_TRAFFIC_VIEW (object);

  g_clear_pointer (&self->formatter, sw_traffic_formatter_free);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->queue, g_array_unref);
  g_clear_pointer (&self->rebuild_rows, g_array_unref);
  g_clear_pointer (&self->build, _sw_traffic_view_build_free);
  g_clear_pointer (&self->scratch, g_byte_array_unref);
  g_clear_pointer (&self->lens, sw_traffic_lens_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->saved_message, g_free);

  G_OBJECT_CLASS (sw_traffic_view_parent_class)->finalize (object);
}

static void
sw_traffic_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SwTrafficView *self = SW_TRAFFIC_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;

    case PROP_DISPLAY_MODE:
      g_value_set_enum (value, self->mode);
      break;

    case PROP_ENCODING:
      g_value_set_enum (value, self->encoding);
      break;

    case PROP_SHOW_TIMESTAMPS:
      g_value_set_boolean (value, self->show_timestamps);
      break;

    case PROP_TEXT_AS_SENT:
      g_value_set_boolean (value, self->text_as_sent);
      break;

    case PROP_FOLLOW:
      g_value_set_boolean (value, self->follow);
      break;

    case PROP_MAX_LINES:
      g_value_set_uint (value, self->max_lines);
      break;

    case PROP_FRAMING:
      g_value_set_object (value, self->framing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_traffic_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SwTrafficView *self = SW_TRAFFIC_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG:
      sw_traffic_view_set_log (self, g_value_get_object (value));
      break;

    case PROP_DISPLAY_MODE:
      sw_traffic_view_set_display_mode (self, g_value_get_enum (value));
      break;

    case PROP_ENCODING:
      sw_traffic_view_set_encoding (self, g_value_get_enum (value));
      break;

    case PROP_SHOW_TIMESTAMPS:
      sw_traffic_view_set_show_timestamps (self, g_value_get_boolean (value));
      break;

    case PROP_TEXT_AS_SENT:
      sw_traffic_view_set_text_as_sent (self, g_value_get_boolean (value));
      break;

    case PROP_FOLLOW:
      sw_traffic_view_set_follow (self, g_value_get_boolean (value));
      break;

    case PROP_MAX_LINES:
      sw_traffic_view_set_max_lines (self, g_value_get_uint (value));
      break;

    case PROP_FRAMING:
      sw_traffic_view_set_framing (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_traffic_view_class_init (SwTrafficViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_traffic_view_dispose;
  object_class->finalize = sw_traffic_view_finalize;
  object_class->get_property = sw_traffic_view_get_property;
  object_class->set_property = sw_traffic_view_set_property;

  widget_class->map = sw_traffic_view_map;
  widget_class->unmap = sw_traffic_view_unmap;
  widget_class->css_changed = sw_traffic_view_css_changed;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL,
                         SW_TYPE_TRAFFIC_LOG,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_MODE] =
    g_param_spec_enum ("display-mode", NULL, NULL,
                       SW_TYPE_DISPLAY_MODE, SW_DISPLAY_MODE_TEXT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENCODING] =
    g_param_spec_enum ("encoding", NULL, NULL,
                       SW_TYPE_ENCODING, SW_ENCODING_UTF8,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_TIMESTAMPS] =
    g_param_spec_boolean ("show-timestamps", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Text a person sent shows as it was typed, in the encoding it was
   * sent in (#9); off, its bytes are decoded as the display's, as the
   * peer would if it read that encoding. */
  properties[PROP_TEXT_AS_SENT] =
    g_param_spec_boolean ("text-as-sent", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOW] =
    g_param_spec_boolean ("follow", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_LINES] =
    g_param_spec_uint ("max-lines", NULL, NULL, 100, G_MAXUINT, DEFAULT_MAX_LINES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SwTrafficView:framing:
   *
   * How the log is cut into frames (a lens: the log stays as it came);
   * %NULL or None shows chunks and datagrams as they are.
   */
  properties[PROP_FRAMING] =
    g_param_spec_object ("framing", NULL, NULL,
                         SW_TYPE_FRAMING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SW_TYPE_RATE_GRAPH);
  g_type_ensure (SW_TYPE_SEARCH_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-traffic-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, text_button);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, timestamps_check);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, text_as_sent_check);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, follow_check);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, checksums_button);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, clear_button);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, save_button);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, encoding_menu);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, context_menu);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, counters);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, hex_button);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, encoding_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, scroller);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, text_view);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, sent_label);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, received_label);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, rate_label);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, rate_graph);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, notice_label);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, search_bar);

  gtk_widget_class_install_property_action (widget_class, "view.display-mode", "display-mode");
  gtk_widget_class_install_property_action (widget_class, "view.show-timestamps", "show-timestamps");
  gtk_widget_class_install_property_action (widget_class, "view.text-as-sent", "text-as-sent");
  gtk_widget_class_install_property_action (widget_class, "view.follow", "follow");
  gtk_widget_class_install_property_action (widget_class, "view.encoding", "encoding");
  gtk_widget_class_install_action (widget_class, "view.checksums", NULL, checksums_action);
  gtk_widget_class_install_action (widget_class, "view.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "view.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "view.save-shown", NULL, save_action);
  _sw_traffic_view_search_class_init (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sw-traffic-view");

  g_type_ensure (SW_TYPE_TOOLBAR_BOX);
}

static void
sw_traffic_view_init (SwTrafficView *self)
{
  g_autoptr(GtkStringList) encodings = gtk_string_list_new (NULL);
  GtkEventController *controller;
  GtkGesture *gesture;
  GtkTextIter end;
  static const char *tag_names[N_TAGS] = { "sent", "received", "event", "error", "marker",
                                           "valid", "invalid", "note", "match", "current-match" };

  gtk_widget_init_template (GTK_WIDGET (self));
  sw_fix_mnemonic_names (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  self->queue = g_array_new (FALSE, FALSE, sizeof (SwLensEntry));
  self->rebuild_rows = g_array_new (FALSE, FALSE, sizeof (Row));
  self->scratch = g_byte_array_new ();
  self->checksum = (SwChecksumSpec) SW_CHECKSUM_SPEC_INIT;
  self->cancellable = g_cancellable_new ();
  self->show_timestamps = TRUE;
  self->text_as_sent = TRUE;
  self->follow = TRUE;
  self->max_lines = DEFAULT_MAX_LINES;
  /* Until measured: a typical frame, so even the first one can skip. */
  self->records_per_frame = 64;

  self->buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_set_enable_undo (self->buffer, FALSE);
  for (guint i = 0; i < N_TAGS; i++)
    self->tags[i] = gtk_text_buffer_create_tag (self->buffer, tag_names[i], NULL);
  /* A long run wraps where it must, with no hyphen that is not in the
   * data (#9). */
  self->data_tag = gtk_text_buffer_create_tag (self->buffer, "data", "insert-hyphens", FALSE, NULL);
  g_object_set (self->tags[TAG_ERROR], "weight", PANGO_WEIGHT_BOLD, NULL);
  g_object_set (self->tags[TAG_MARKER], "weight", PANGO_WEIGHT_BOLD, NULL);
  g_object_set (self->tags[TAG_INVALID], "weight", PANGO_WEIGHT_BOLD, NULL);
  _sw_traffic_view_update_tag_colors (self);
  gtk_text_buffer_get_end_iter (self->buffer, &end);
  gtk_text_buffer_create_mark (self->buffer, "sw-end", &end, FALSE);
  /* Left of what is written at it: the start of a file's line. */
  gtk_text_buffer_create_mark (self->buffer, "sw-file", &end, TRUE);
  self->file_row = NO_ROW;

  for (guint i = 0; i < SW_N_ENCODINGS; i++)
    gtk_string_list_append (encodings, sw_encoding_get_display_name (i));
  gtk_drop_down_set_model (self->encoding_dropdown, G_LIST_MODEL (encodings));
  gtk_drop_down_set_selected (self->encoding_dropdown, self->encoding);
  g_signal_connect_swapped (self->encoding_dropdown, "notify::selected",
                            G_CALLBACK (encoding_selected_cb), self);
  update_text_button (self);

  /* Every encoding in the menu too, for when the drop-down is left out. */
  {
    g_autoptr(GEnumClass) enum_class = g_type_class_ref (SW_TYPE_ENCODING);

    for (guint i = 0; i < SW_N_ENCODINGS; i++)
      {
        g_autoptr(GMenuItem) item = g_menu_item_new (sw_encoding_get_display_name (i), NULL);

        g_menu_item_set_action_and_target_value (item, "view.encoding",
                                                 g_variant_new_string (g_enum_get_value (enum_class, i)->value_nick));
        g_menu_append_item (self->encoding_menu, item);
      }
  }

  /* Narrow (beside the Rules panel), the toolbar leaves out what the
   * menu beside it offers, the least used first. */
  {
    GtkWidget *collapsible[] = {
      self->text_as_sent_check, self->save_button, self->timestamps_check, self->checksums_button,
      self->follow_check, self->clear_button, GTK_WIDGET (self->encoding_dropdown),
    };

    for (guint i = 0; i < G_N_ELEMENTS (collapsible); i++)
      sw_toolbar_box_set_priority (self->toolbar, collapsible[i], G_N_ELEMENTS (collapsible) - i);
    sw_toolbar_box_set_priority (self->counters, GTK_WIDGET (self->rate_graph), 2);
    sw_toolbar_box_set_priority (self->counters, GTK_WIDGET (self->rate_label), 1);
  }

  gtk_text_view_set_extra_menu (self->text_view, self->context_menu);
  g_signal_connect_swapped (self->buffer, "mark-set", G_CALLBACK (_sw_traffic_view_selection_changed), self);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), controller);

  gesture = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (scrollbar_pressed_cb), self);
  gtk_widget_add_controller (gtk_scrolled_window_get_vscrollbar (self->scroller),
                             GTK_EVENT_CONTROLLER (gesture));

  g_signal_connect (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                    G_CALLBACK (value_changed_cb), self);
  g_signal_connect (gtk_scrolled_window_get_vadjustment (self->scroller), "changed",
                    G_CALLBACK (adjustment_changed_cb), self);

  _sw_traffic_view_search_init (self);
  update_counters (self);
}

/* sw-rate-graph.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-rate-graph"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-rate-graph.h"
#include "sw-traffic-format.h"

/* A small graph beside the counters: received bytes a second rise from
 * the bottom, sent ones are drawn over them, for the last minute. It
 * reads the log's totals four times a second (a few additions, so a
 * flood costs it nothing) and draws only when that changed something on
 * screen; the samples go on while the tab is hidden, so that coming back
 * shows the minute that passed. */

typedef struct
{
  double bytes_received;
  double bytes_sent;
  double packets_received;
  double packets_sent;
} Sample;

struct _SwRateGraph
{
  GtkWidget      parent_instance;

  SwTrafficLog  *log;
  guint          timer_id;

  /* The totals and time of the last sample, to take differences. */
  SwTrafficTotals last;
  gint64         last_time;

  /* A ring: samples[(first + i) % N] is the i-th oldest. */
  Sample         samples[SW_RATE_GRAPH_N_SAMPLES];
  guint          first;
  guint          n_samples;
  /* Whether the samples on screen hold anything but zeros. */
  gboolean       drawn_idle;

  GdkRGBA        received_color;
  GdkRGBA        sent_color;
};

G_DEFINE_FINAL_TYPE (SwRateGraph, sw_rate_graph, GTK_TYPE_WIDGET)

static const Sample *
get_sample (SwRateGraph *self,
            guint        age)
{
  if (age >= self->n_samples)
    return NULL;

  return &self->samples[(self->first + self->n_samples - 1 - age) % SW_RATE_GRAPH_N_SAMPLES];
}

static gboolean
is_idle (const Sample *sample)
{
  return sample->bytes_received == 0 && sample->bytes_sent == 0;
}

static void
push_sample (SwRateGraph  *self,
             const Sample *sample)
{
  if (self->n_samples < SW_RATE_GRAPH_N_SAMPLES)
    self->samples[(self->first + self->n_samples++) % SW_RATE_GRAPH_N_SAMPLES] = *sample;
  else
    {
      self->samples[self->first] = *sample;
      self->first = (self->first + 1) % SW_RATE_GRAPH_N_SAMPLES;
    }
}

/**
 * sw_rate_graph_sample:
 *
 * Reads the log's totals and adds the rates since the last sample.
 */
void
sw_rate_graph_sample (SwRateGraph *self)
{
  SwTrafficTotals totals = { 0 };
  gint64 now = g_get_monotonic_time ();
  Sample sample = { 0 };
  double seconds;
  gboolean idle_before;

  g_return_if_fail (SW_IS_RATE_GRAPH (self));

  if (self->log != NULL)
    sw_traffic_log_get_totals (self->log, &totals);

  seconds = (now - self->last_time) / (double) G_USEC_PER_SEC;
  /* Totals only go down when the log is reset: no rate then. */
  if (self->last_time != 0 && seconds > 0 &&
      totals.bytes_received >= self->last.bytes_received && totals.bytes_sent >= self->last.bytes_sent &&
      totals.records_received >= self->last.records_received && totals.records_sent >= self->last.records_sent)
    {
      sample.bytes_received = (totals.bytes_received - self->last.bytes_received) / seconds;
      sample.bytes_sent = (totals.bytes_sent - self->last.bytes_sent) / seconds;
      sample.packets_received = (totals.records_received - self->last.records_received) / seconds;
      sample.packets_sent = (totals.records_sent - self->last.records_sent) / seconds;
    }
  self->last = totals;
  self->last_time = now;

  idle_before = self->drawn_idle;
  push_sample (self, &sample);

  /* A minute of silence draws nothing new: no redraw for it. */
  self->drawn_idle = TRUE;
  for (guint age = 0; age < self->n_samples && self->drawn_idle; age++)
    self->drawn_idle = is_idle (get_sample (self, age));
  if (!(idle_before && self->drawn_idle) && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
timer_cb (gpointer user_data)
{
  sw_rate_graph_sample (user_data);

  return G_SOURCE_CONTINUE;
}

gboolean
sw_rate_graph_get_rates (SwRateGraph *self,
                         guint        age,
                         double      *bytes_received,
                         double      *bytes_sent,
                         double      *packets_received,
                         double      *packets_sent)
{
  const Sample *sample;

  g_return_val_if_fail (SW_IS_RATE_GRAPH (self), FALSE);

  sample = get_sample (self, age);
  if (sample == NULL)
    return FALSE;

  if (bytes_received != NULL)
    *bytes_received = sample->bytes_received;
  if (bytes_sent != NULL)
    *bytes_sent = sample->bytes_sent;
  if (packets_received != NULL)
    *packets_received = sample->packets_received;
  if (packets_sent != NULL)
    *packets_sent = sample->packets_sent;

  return TRUE;
}

static double
peak (SwRateGraph *self)
{
  double most = 0;

  for (guint age = 0; age < self->n_samples; age++)
    {
      const Sample *sample = get_sample (self, age);

      most = MAX (most, MAX (sample->bytes_received, sample->bytes_sent));
    }

  return most;
}

static void
sw_rate_graph_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  SwRateGraph *self = SW_RATE_GRAPH (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  float column = (float) width / SW_RATE_GRAPH_N_SAMPLES;
  GdkRGBA sent = self->sent_color;
  GdkRGBA axis = self->received_color;
  double most = peak (self);

  /* The baseline, faint, so that an idle minute still reads as a graph. */
  axis.alpha = 0.35f;
  gtk_snapshot_append_color (snapshot, &axis, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));

  if (most <= 0)
    return;

  /* Sent over received, translucent where they overlap. */
  sent.alpha = 0.75f;
  for (guint age = 0; age < self->n_samples; age++)
    {
      const Sample *sample = get_sample (self, age);
      float x = width - (age + 1) * column;
      float received_height = (float) (sample->bytes_received / most * (height - 1));
      float sent_height = (float) (sample->bytes_sent / most * (height - 1));

      if (received_height > 0)
        gtk_snapshot_append_color (snapshot, &self->received_color,
                                   &GRAPHENE_RECT_INIT (x, height - 1 - received_height,
                                                        column, received_height));
      if (sent_height > 0)
        gtk_snapshot_append_color (snapshot, &sent,
                                   &GRAPHENE_RECT_INIT (x, height - 1 - sent_height,
                                                        column, sent_height));
    }
}

static gboolean
sw_rate_graph_query_tooltip (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard,
                             GtkTooltip *tooltip)
{
  SwRateGraph *self = SW_RATE_GRAPH (widget);
  int width = gtk_widget_get_width (widget);
  guint age;
  const Sample *sample;
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  double seconds;

  if (width <= 0)
    return FALSE;

  age = keyboard ? 0 : (guint) ((width - 1 - x) * SW_RATE_GRAPH_N_SAMPLES / width);
  sample = get_sample (self, age);
  if (sample == NULL)
    {
      gtk_tooltip_set_text (tooltip, _("Bytes a second received and sent, over the last minute"));
      return TRUE;
    }

  in = sw_format_size ((guint64) sample->bytes_received);
  out = sw_format_size ((guint64) sample->bytes_sent);
  seconds = age * SW_RATE_GRAPH_INTERVAL_MS / 1000.0;
  /* Translators: a point of the rate graph. The first number is how many
   * seconds ago; each %s a size such as "1.2 MB"; the last two numbers
   * are packets a second. */
  text = g_strdup_printf (_("%.0f s ago: ↓ %s/s, %.0f packets/s; ↑ %s/s, %.0f packets/s"),
                          seconds, in, sample->packets_received, out, sample->packets_sent);
  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static void
start_sampling (SwRateGraph *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->first = 0;
  self->n_samples = 0;
  self->last_time = 0;
  self->drawn_idle = FALSE;
  if (self->log == NULL)
    return;

  sw_rate_graph_sample (self);
  self->timer_id = g_timeout_add (SW_RATE_GRAPH_INTERVAL_MS, timer_cb, self);
}

void
sw_rate_graph_set_log (SwRateGraph  *self,
                       SwTrafficLog *log)
{
  g_return_if_fail (SW_IS_RATE_GRAPH (self));
  g_return_if_fail (log == NULL || SW_IS_TRAFFIC_LOG (log));

  if (!g_set_object (&self->log, log))
    return;

  start_sampling (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * sw_rate_graph_get_log:
 *
 * Returns: (transfer none) (nullable): the log the graph follows
 */
SwTrafficLog *
sw_rate_graph_get_log (SwRateGraph *self)
{
  g_return_val_if_fail (SW_IS_RATE_GRAPH (self), NULL);

  return self->log;
}

void
sw_rate_graph_set_colors (SwRateGraph   *self,
                          const GdkRGBA *received,
                          const GdkRGBA *sent)
{
  g_return_if_fail (SW_IS_RATE_GRAPH (self));

  self->received_color = *received;
  self->sent_color = *sent;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
sw_rate_graph_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  /* A column a sample on a screen of 2x, half a pixel on 1x. */
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? SW_RATE_GRAPH_N_SAMPLES / 2 : 18;
}

static void
sw_rate_graph_dispose (GObject *object)
{
  SwRateGraph *self = SW_RATE_GRAPH (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (sw_rate_graph_parent_class)->dispose (object);
}

static void
sw_rate_graph_class_init (SwRateGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_rate_graph_dispose;

  widget_class->snapshot = sw_rate_graph_snapshot;
  widget_class->measure = sw_rate_graph_measure;
  widget_class->query_tooltip = sw_rate_graph_query_tooltip;

  gtk_widget_class_set_css_name (widget_class, "sw-rate-graph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sw_rate_graph_init (SwRateGraph *self)
{
  gdk_rgba_parse (&self->received_color, "#26a269");
  gdk_rgba_parse (&self->sent_color, "#1a5fb4");

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Traffic rate, last minute"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Bytes a second received and sent, over the last minute"),
                                  -1);
}

/**
 * sw_rate_graph_new:
 *
 * Returns: (transfer floating): a rate graph following no log
 */
GtkWidget *
sw_rate_graph_new (void)
{
  return g_object_new (SW_TYPE_RATE_GRAPH, NULL);
}

/* sw-frame-pacer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-frame-pacer"

#include "config.h"

#include "sw-engine.h"
#include "sw-frame-pacer.h"

/*
 * Between two frames the main loop runs the traffic view's drawing and
 * turns of socket work, each cut after the engines' I/O budget. A frame
 * that is due waits for the turn under way to end; it is on time when
 * that wait and the frame's own layout and paint fit in one refresh
 * interval. The cost of a frame grows with its pixels (GDK_SCALE=2 is
 * four times as many) and with the renderer, so it is measured here,
 * frame by frame, and the budget made what is left of the interval.
 */

/* What else runs between two frames: the view's formatting and inserting
 * (FRAME_BUDGET_USEC of sw-traffic-view.c). */
#define OTHER_WORK_USEC 3000
/* Without a refresh rate from the display: 60 Hz. */
#define DEFAULT_INTERVAL_USEC 16667

struct _SwFramePacer
{
  GtkWidget     *widget;
  GdkFrameClock *clock;
  gulong         map_id;
  gulong         unmap_id;
  gulong         before_paint_id;
  gulong         after_paint_id;
  gint64         paint_start;
  /* The slow end of recent frames: rises at once, falls slowly. */
  gint64         frame_cost;
};

guint
sw_frame_pacer_budget_for (gint64 frame_cost,
                           gint64 interval)
{
  gint64 left;

  if (interval <= 0)
    interval = DEFAULT_INTERVAL_USEC;

  left = interval - frame_cost - OTHER_WORK_USEC;

  return (guint) CLAMP (left, SW_ENGINE_IO_BUDGET_MIN, SW_ENGINE_IO_BUDGET_DEFAULT);
}

static void
before_paint_cb (GdkFrameClock *clock,
                 SwFramePacer  *self)
{
  self->paint_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                SwFramePacer  *self)
{
  gint64 cost;
  guint budget;
  gint64 interval = 0;
  gint64 presentation = 0;

  if (self->paint_start == 0)
    return;

  cost = g_get_monotonic_time () - self->paint_start;
  self->paint_start = 0;

  if (cost >= self->frame_cost)
    self->frame_cost = cost;
  else
    self->frame_cost -= (self->frame_cost - cost) / 8;

  gdk_frame_clock_get_refresh_info (clock, gdk_frame_clock_get_frame_time (clock), &interval, &presentation);
  budget = sw_frame_pacer_budget_for (self->frame_cost, interval);
  if (budget != sw_engine_get_io_budget ())
    {
      g_debug ("Frames cost %" G_GINT64_FORMAT " µs of %" G_GINT64_FORMAT ": I/O budget %u µs",
               self->frame_cost, interval, budget);
      sw_engine_set_io_budget (budget);
    }
}

static void
stop_following (SwFramePacer *self)
{
  if (self->clock == NULL)
    return;

  g_clear_signal_handler (&self->before_paint_id, self->clock);
  g_clear_signal_handler (&self->after_paint_id, self->clock);
  g_clear_object (&self->clock);
}

static void
map_cb (GtkWidget    *widget,
        SwFramePacer *self)
{
  stop_following (self);

  self->clock = gtk_widget_get_frame_clock (widget);
  if (self->clock == NULL)
    return;

  g_object_ref (self->clock);
  self->paint_start = 0;
  self->before_paint_id = g_signal_connect (self->clock, "before-paint", G_CALLBACK (before_paint_cb), self);
  self->after_paint_id = g_signal_connect (self->clock, "after-paint", G_CALLBACK (after_paint_cb), self);
}

static void
unmap_cb (GtkWidget    *widget,
          SwFramePacer *self)
{
  stop_following (self);
}

/**
 * sw_frame_pacer_new:
 * @widget: a widget whose window's frames to follow; it must outlive the
 *   pacer
 *
 * Returns: (transfer full): a pacer, following frames while @widget is
 *   mapped
 */
SwFramePacer *
sw_frame_pacer_new (GtkWidget *widget)
{
  SwFramePacer *self = g_new0 (SwFramePacer, 1);

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  self->widget = widget;
  self->map_id = g_signal_connect (widget, "map", G_CALLBACK (map_cb), self);
  self->unmap_id = g_signal_connect (widget, "unmap", G_CALLBACK (unmap_cb), self);
  if (gtk_widget_get_mapped (widget))
    map_cb (widget, self);

  return self;
}

void
sw_frame_pacer_free (SwFramePacer *self)
{
  if (self == NULL)
    return;

  stop_following (self);
  g_clear_signal_handler (&self->map_id, self->widget);
  g_clear_signal_handler (&self->unmap_id, self->widget);
  g_free (self);
}

gint64
sw_frame_pacer_get_frame_cost (SwFramePacer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->frame_cost;
}

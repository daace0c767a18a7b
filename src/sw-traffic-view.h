/* sw-traffic-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-checksum.h"
#include "sw-framing.h"
#include "sw-traffic-format.h"
#include "sw-traffic-log.h"

G_BEGIN_DECLS

#define SW_TYPE_TRAFFIC_VIEW (sw_traffic_view_get_type ())

G_DECLARE_FINAL_TYPE (SwTrafficView, sw_traffic_view, SW, TRAFFIC_VIEW, GtkWidget)

GtkWidget     *sw_traffic_view_new               (void);

SwTrafficLog  *sw_traffic_view_get_log           (SwTrafficView *self);
void           sw_traffic_view_set_log           (SwTrafficView *self,
                                                  SwTrafficLog  *log);
SwDisplayMode  sw_traffic_view_get_display_mode  (SwTrafficView *self);
void           sw_traffic_view_set_display_mode  (SwTrafficView *self,
                                                  SwDisplayMode  mode);
SwEncoding     sw_traffic_view_get_encoding      (SwTrafficView *self);
void           sw_traffic_view_set_encoding      (SwTrafficView *self,
                                                  SwEncoding     encoding);
gboolean       sw_traffic_view_get_show_timestamps (SwTrafficView *self);
void           sw_traffic_view_set_show_timestamps (SwTrafficView *self,
                                                    gboolean       show);
gboolean       sw_traffic_view_get_text_as_sent  (SwTrafficView *self);
void           sw_traffic_view_set_text_as_sent  (SwTrafficView *self,
                                                  gboolean       text_as_sent);
gboolean       sw_traffic_view_get_follow        (SwTrafficView *self);
void           sw_traffic_view_set_follow        (SwTrafficView *self,
                                                  gboolean       follow);
guint          sw_traffic_view_get_max_lines     (SwTrafficView *self);
void           sw_traffic_view_set_max_lines     (SwTrafficView *self,
                                                  guint          max_lines);

/* Frames: how the log is cut (a lens, the log stays as it came), and
 * the checksum received frames are checked against. */
SwFraming     *sw_traffic_view_get_framing       (SwTrafficView *self);
void           sw_traffic_view_set_framing       (SwTrafficView *self,
                                                  SwFraming     *framing);
void           sw_traffic_view_get_checksum      (SwTrafficView        *self,
                                                  SwChecksumSpec       *spec);
void           sw_traffic_view_set_checksum      (SwTrafficView        *self,
                                                  const SwChecksumSpec *spec);
/* The bytes the selection shows, read from the log; NULL with none. */
GBytes        *sw_traffic_view_dup_selected_bytes (SwTrafficView *self);
/* The checksum calculator ("view.checksums"), once opened. */
GtkWindow     *sw_traffic_view_get_calculator    (SwTrafficView *self);

/* What the view shows now, as text. */
char          *sw_traffic_view_dup_text          (SwTrafficView *self);
/* Draws every pending record now, instead of frame by frame. */
void           sw_traffic_view_flush             (SwTrafficView *self);
/* Says what happened (a save, a copy) in the view's notice line. */
void           sw_traffic_view_show_notice       (SwTrafficView *self,
                                                  const char    *message,
                                                  gboolean       error);
/* Drawn anew (a change of display mode, encoding, framing…), the text
 * view gets a new buffer: follow GtkTextView:buffer. */
GtkTextView   *sw_traffic_view_get_text_view     (SwTrafficView *self);

G_END_DECLS

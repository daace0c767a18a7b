/* sw-traffic-view-private.h: what the files of SwTrafficView share,
 * and hooks for tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-checksum-calculator.h"
#include "sw-rate-graph.h"
#include "sw-search-bar.h"
#include "sw-toolbar-box.h"
#include "sw-traffic-lens.h"
#include "sw-traffic-view.h"

G_BEGIN_DECLS

/* Between frames (above GDK_PRIORITY_REDRAW), so GtkTextView's layout
 * idle (GTK_PRIORITY_RESIZE - 2) runs before the next frame paints. */
#define RENDER_PRIORITY (G_PRIORITY_HIGH_IDLE + 5)

typedef enum
{
  ROW_RECORD,      /* a record, or with framing a frame */
  ROW_SKIPPED,
  ROW_DROPPED,
  ROW_PENDING,     /* a frame still arriving, at the end */
  ROW_FILE_MORE,   /* the rest of a file sent, counted (issue #12) */
} RowKind;

typedef struct
{
  /* What it shows; for a marker, entry.seq is how many it stands for,
   * or for a file's line, how many bytes. */
  SwLensEntry entry;
  guint32     lines;
  guint8      kind;
  guint8      frames;  /* a marker counts frames, not records */
  guint8      marked;  /* its matches are highlighted */
} Row;

typedef enum
{
  TAG_SENT,
  TAG_RECEIVED,
  TAG_EVENT,
  TAG_ERROR,
  TAG_MARKER,
  /* The notes of frames: a checksum that matches, one that does not (or
   * a bad length), and anything else (incomplete, cut). */
  TAG_VALID,
  TAG_INVALID,
  TAG_NOTE,
  /* What a search found, and the match shown. */
  TAG_MATCH,
  TAG_CURRENT_MATCH,
  N_TAGS
} TagKind;

/* A window of rows drawn anew into a buffer of its own, shown once it is
 * whole: GtkTextView lays out and colours what is inserted into the
 * buffer it shows several times slower than into one it does not (and
 * slower the more it held), and a window built in slices would show
 * half of it meanwhile. */
typedef struct
{
  GArray        *rows;        /* to draw, the oldest first */
  guint          formatted;   /* from the newest back */
  GPtrArray     *pieces;      /* their text, the newest first */
  GArray        *piece_spans;
  GArray        *piece_rows;
  guint          lines;
  guint          chars;
  guint          inserted;    /* pieces in the buffer, from the oldest */
  GtkTextBuffer *buffer;
  guint          file_row;    /* in rows, or NO_ROW */
  guint          file_piece;  /* in pieces, or NO_ROW */
} Build;

#define NO_ROW G_MAXUINT

typedef struct
{
  guint32 line;
  guint32 lines;
  guint32 header;
  guint32 note_start;
  guint32 note_end;
  guint8  tag;
  guint8  note_tag;
  guint8  whole;
} Span;

struct _SwTrafficView
{
  GtkWidget            parent_instance;

  SwToolbarBox        *toolbar;
  GtkToggleButton     *text_button;
  GtkToggleButton     *hex_button;
  GtkDropDown         *encoding_dropdown;
  GtkWidget           *timestamps_check;
  GtkWidget           *text_as_sent_check;
  GtkWidget           *follow_check;
  GtkWidget           *checksums_button;
  GtkWidget           *clear_button;
  GtkWidget           *save_button;
  GtkMenuButton       *menu_button;
  GMenu               *encoding_menu;
  GMenuModel          *context_menu;
  SwToolbarBox        *counters;
  GtkScrolledWindow   *scroller;
  GtkTextView         *text_view;
  GtkLabel            *sent_label;
  GtkLabel            *received_label;
  GtkLabel            *rate_label;
  SwRateGraph         *rate_graph;
  GtkLabel            *notice_label;

  GtkTextBuffer       *buffer;
  GtkTextTag          *tags[N_TAGS];
  GtkTextTag          *data_tag;
  gboolean             dark;

  SwTrafficLog        *log;
  gulong               changed_id;
  gulong               totals_id;
  gulong               cleared_id;

  SwDisplayMode        mode;
  SwEncoding           encoding;
  gboolean             show_timestamps;
  gboolean             text_as_sent;
  gboolean             follow;
  gboolean             paused_by_user;
  guint                max_lines;

  SwTrafficFormatter  *formatter;
  guint64              cursor;
  GArray              *rows;
  guint                rows_head;
  guint                tick_id;
  guint                render_id;
  guint                follow_idle_id;
  guint                flood_timeout_id;
  double               records_per_frame;

  /* The run of file records going on (issue #12): how many were drawn
   * and their bytes, the row of the line that counts the others (or
   * NO_ROW; its start is the buffer's mark "sw-file"), and the bytes
   * that line says. */
  guint                file_shown;
  gsize                file_bytes_shown;
  guint                file_row;
  guint64              file_line_bytes;

  guint                rate_timer_id;
  gint64               rate_time;
  guint64              rate_received;
  guint64              rate_sent;

  GCancellable        *cancellable;
  char                *saved_message;

  /* Framing: the lens reads the log as frames into the queue, and rows
   * are drawn from it. */
  SwFraming           *framing;
  gulong               framing_changed_id;
  SwTrafficLens       *lens;
  gboolean             framed;
  gboolean             rebuilding;
  GArray              *queue;
  guint                queue_head;
  /* While it reads anew, the rows of what it read, the newest window,
   * and the line of a file's run among them (or NO_ROW). */
  GArray              *rebuild_rows;
  guint                rebuild_file_row;
  guint64              queue_skipped;
  guint64              queue_gap;
  guint                n_pending_rows;
  guint                idle_gap_id;
  GByteArray          *scratch;
  SwChecksumSpec       checksum;
  /* A window drawn anew, while it is. */
  Build               *build;

  SwChecksumCalculator *calculator;
  guint                calculator_idle_id;

  /* Search and filter (issue #12, sw-traffic-view-search.c): while the
   * bar is open, its search and filter; the match shown; and whether
   * the rows are a window around it rather than the newest. */
  SwSearchBar         *search_bar;
  SwTrafficSearch     *search;
  GSignalGroup        *search_signals;
  SwTrafficFilter     *filter;
  guint                current;
  gboolean             anchored;
  gboolean             navigate_pending;
  gboolean             search_done;
  gboolean             navigate_backward;
  guint                highlight_id;
  guint                refilter_id;
};

static inline guint
_sw_traffic_view_n_rows (SwTrafficView *self)
{
  return self->rows->len - self->rows_head;
}

static inline Row *
_sw_traffic_view_nth_row (SwTrafficView *self,
                          guint          i)
{
  return &g_array_index (self->rows, Row, self->rows_head + i);
}

/* sw-traffic-view-render.c: rows of the log drawn into the buffer. */
void     _sw_traffic_view_update_tag_colors (SwTrafficView     *self);
void     _sw_traffic_view_queue_render      (SwTrafficView     *self);
/* Draws what the view holds again (a change of how it looks). */
void     _sw_traffic_view_rerender          (SwTrafficView     *self);
/* Takes up the framing anew: the whole log is read again. */
void     _sw_traffic_view_start_rebuild     (SwTrafficView     *self);
void     _sw_traffic_view_scroll_to_end     (SwTrafficView     *self);
void     _sw_traffic_view_trim_lines        (SwTrafficView     *self);
void     _sw_traffic_view_queue_clear       (SwTrafficView     *self);
/* What comes next starts no run of file records. */
void     _sw_traffic_view_end_file_run      (SwTrafficView     *self);
/* Draws everything now, for sw_traffic_view_flush(). */
void     _sw_traffic_view_render_all        (SwTrafficView     *self);
void     _sw_traffic_view_build_free        (Build             *build);
GBytes  *_sw_traffic_view_dup_shown_bytes   (SwTrafficView     *self,
                                             const GtkTextIter *start,
                                             const GtkTextIter *end);

/* What the formatter shows of a row's entry (a frame gathered into the
 * scratch buffer), with its note. */
gboolean _sw_traffic_view_entry_record      (SwTrafficView     *self,
                                             const SwLensEntry *entry,
                                             SwTrafficRecord   *record,
                                             char             **note);
void     _sw_traffic_view_ensure_formatter  (SwTrafficView     *self);
/* Draws a window of rows around record @seq (Follow off), instead of
 * the newest; and back. */
void     _sw_traffic_view_show_window_at    (SwTrafficView     *self,
                                             guint64            seq);
void     _sw_traffic_view_show_newest       (SwTrafficView     *self);

/* sw-traffic-view-search.c */
void     _sw_traffic_view_search_class_init (GtkWidgetClass    *widget_class);
void     _sw_traffic_view_search_init       (SwTrafficView     *self);
void     _sw_traffic_view_search_dispose    (SwTrafficView     *self);
/* Whether the filter lets @entry's row be drawn. */
gboolean _sw_traffic_view_shows_entry       (SwTrafficView     *self,
                                             const SwLensEntry *entry);
gboolean _sw_traffic_view_filtering         (SwTrafficView     *self);
/* Whether new rows wait for the search the filter shows the matches of. */
gboolean _sw_traffic_view_waits_for_search  (SwTrafficView     *self);
/* Rows were drawn, or the view scrolled: their matches get highlighted. */
void     _sw_traffic_view_queue_highlight   (SwTrafficView     *self);

/* sw-traffic-view.c */
void     _sw_traffic_view_selection_changed (SwTrafficView     *self);

/* Whether the view is still reading the log anew (a change of framing)
 * or drawing the window that came of it. */
gboolean _sw_traffic_view_is_rebuilding     (SwTrafficView     *self);

G_END_DECLS

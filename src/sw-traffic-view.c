/* sw-traffic-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-traffic-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sw-core-enums.h"
#include "sw-rate-graph.h"
#include "sw-traffic-export.h"
#include "sw-traffic-view.h"
#include "sw-utils.h"

/*
 * The traffic view renders the session's SwTrafficLog, the truth, into a
 * GtkTextView, and never the other way round:
 *
 *  - Arrival and drawing are decoupled. Engines append to the log at
 *    network speed; the view catches up once per frame (a tick callback
 *    paces it, the drawing follows the frame), spending at most
 *    FRAME_BUDGET_USEC. When the backlog is more
 *    than SKIP_AFTER_FRAMES frames of work, it jumps to the newest records
 *    and says, in one line, how many it did not draw: they stay in the
 *    log, the counters and what is saved.
 *  - The buffer holds at most #SwTrafficView:max-lines lines, trimmed from
 *    the top in chunks, and one row per record shown remembers what is in
 *    it, so switching Hex/text, the encoding or timestamps re-renders just
 *    that window from the log, never the whole log.
 *  - A view that is not mapped (a tab in the background) draws nothing.
 *  - A file sent is thousands of records of bytes the person has on disk
 *    (#12): the first records of a run of them are drawn (up to
 *    FILE_RECORDS_SHOWN, and while they hold less than FILE_BYTES_SHOWN:
 *    its start, which says what it is), the others only counted into one
 *    line, rewritten in place as they go out. Counting one is reading its length, so a run is not skipped as
 *    a flood unless it is more than FILE_SKIP_MIN records behind.
 */

/* Per frame, for formatting and inserting, and in lines: GTK's layout,
 * trimming and painting of what was added come after, and cost about as
 * much per line again (Pango layout is the limit, ~25 µs a line). 200
 * lines a frame is 12,000 a second, more than anyone reads. */
#define FRAME_BUDGET_USEC 3000
#define FRAME_MAX_LINES 200
/* Binary data shown as text is four characters a byte (\xNN). */
#define FRAME_MAX_CHARS (8 * 1024)
#define SKIP_AFTER_FRAMES 30
/* While it cannot keep up (a flood), or lines come faster than anyone
 * reads (more than BUSY_FRAME_LINES a frame, ~1,000 a second), the view
 * draws this often instead of every frame: each change costs a relayout
 * and a repaint of the view, which software rendering makes dear, and
 * which the sockets of the same main loop would wait for. */
#define FLOOD_INTERVAL_MS 100
#define BUSY_FRAME_LINES 16
#define DEFAULT_MAX_LINES 20000
/* Between frames (above GDK_PRIORITY_REDRAW), so GtkTextView's layout
 * idle (GTK_PRIORITY_RESIZE - 2) runs before the next frame paints. */
#define RENDER_PRIORITY (G_PRIORITY_HIGH_IDLE + 5)
/* A person reads a payload's start; the rest is in the log and files. A
 * 64 KiB read shown whole is a 64 KiB line (256 KiB of escapes for
 * binary data) that costs seconds of layout and megabytes of memory. */
#define TEXT_PAYLOAD_LIMIT (4 * 1024)
#define HEX_PAYLOAD_LIMIT (2 * 1024)
/* Lines bound the buffer for short records, characters for long ones. */
#define MAX_CHARS (4 * 1024 * 1024)
#define FILE_RECORDS_SHOWN 4
#define FILE_BYTES_SHOWN 4096
#define FILE_SKIP_MIN 8192
#define NO_ROW G_MAXUINT

typedef enum
{
  ROW_RECORD,
  ROW_SKIPPED,
  ROW_DROPPED,
  ROW_FILE_MORE,
} RowKind;

typedef struct
{
  guint64 value;   /* the record's seq, how many records a marker stands
                    * for, or the bytes of a file's line */
  guint32 lines;
  guint8  kind;
} Row;

typedef enum
{
  TAG_SENT,
  TAG_RECEIVED,
  TAG_EVENT,
  TAG_ERROR,
  TAG_MARKER,
  N_TAGS
} TagKind;

typedef struct
{
  guint32 line;
  guint32 lines;
  guint32 header;
  guint8  tag;
  guint8  whole;
} Span;

struct _SwTrafficView
{
  GtkWidget            parent_instance;

  GtkToggleButton     *text_button;
  GtkToggleButton     *hex_button;
  GtkDropDown         *encoding_dropdown;
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

  /* The run of file records going on: how many were drawn, the row of
   * the line that counts the others (or NO_ROW), where that line starts
   * in the buffer, and the bytes it says. */
  guint                file_shown;
  gsize                file_bytes_shown;
  guint                file_row;
  GtkTextMark         *file_mark;
  guint64              file_line_bytes;

  guint                rate_timer_id;
  gint64               rate_time;
  guint64              rate_received;
  guint64              rate_sent;

  GCancellable        *cancellable;
  char                *saved_message;
};

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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Readable on light and dark backgrounds alike, from the GNOME palette. */
static const char *light_colors[N_TAGS] = { "#1a5fb4", "#26a269", "#77767b", "#c01c28", "#c64600" };
static const char *dark_colors[N_TAGS] = { "#99c1f1", "#8ff0a4", "#9a9996", "#f66151", "#ffa348" };

static void queue_render (SwTrafficView *self);

static void
update_tag_colors (SwTrafficView *self)
{
  const char **colors = self->dark ? dark_colors : light_colors;

  GdkRGBA received;
  GdkRGBA sent;

  for (guint i = 0; i < N_TAGS; i++)
    g_object_set (self->tags[i], "foreground", colors[i], NULL);

  gdk_rgba_parse (&received, colors[TAG_RECEIVED]);
  gdk_rgba_parse (&sent, colors[TAG_SENT]);
  sw_rate_graph_set_colors (self->rate_graph, &received, &sent);
}

static void
ensure_formatter (SwTrafficView *self)
{
  if (self->formatter != NULL)
    return;

  self->formatter = sw_traffic_formatter_new (self->mode, self->encoding,
                                              (self->show_timestamps ? SW_TRAFFIC_FORMAT_TIME : 0) |
                                              (self->text_as_sent ? SW_TRAFFIC_FORMAT_TEXT_AS_SENT : 0));
  sw_traffic_formatter_set_payload_limit (self->formatter,
                                          self->mode == SW_DISPLAY_MODE_HEX
                                          ? HEX_PAYLOAD_LIMIT : TEXT_PAYLOAD_LIMIT);
}

static guint
count_lines (const char *text,
             gsize       length)
{
  const char *end = text + length;
  guint lines = 0;

  while ((text = memchr (text, '\n', end - text)) != NULL)
    {
      lines++;
      text++;
    }

  return lines;
}

static void
append_marker (GString *text,
               RowKind  kind,
               guint64  count)
{
  g_autofree char *number = sw_format_count (count);

  g_string_append (text, "⋯ ");
  if (kind == ROW_SKIPPED)
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %s is a number of records. */
                                         "%s record not drawn here: traffic came faster than it can be drawn (it is in the log, the counters and what is saved)",
                                         "%s records not drawn here: traffic came faster than it can be drawn (they are in the log, the counters and what is saved)",
                                         count),
                            number);
  else
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %s is a number of records. */
                                         "%s older record left the log before it was shown: the log keeps the newest traffic up to its limit (see Preferences)",
                                         "%s older records left the log before they were shown: the log keeps the newest traffic up to its limit (see Preferences)",
                                         count),
                            number);
  g_string_append_c (text, '\n');
}

/* Formats one row at the end of @text and describes its colours; a
 * record's row with the record when it was read already. */
static gboolean
format_row_full (SwTrafficView         *self,
                 const Row             *row,
                 const SwTrafficRecord *read,
                 GString               *text,
                 guint                  line,
                 Span                  *span,
                 Row                   *out_row)
{
  gsize start = text->len;

  *out_row = *row;
  span->line = line;
  span->header = 0;

  if (row->kind == ROW_FILE_MORE)
    {
      sw_traffic_formatter_append_file_more (self->formatter, row->value, text);
      span->tag = TAG_MARKER;
      span->whole = TRUE;
    }
  else if (row->kind != ROW_RECORD)
    {
      append_marker (text, row->kind, row->value);
      span->tag = TAG_MARKER;
      span->whole = TRUE;
    }
  else
    {
      SwTrafficRecord record;

      if (read != NULL)
        record = *read;
      else if (!sw_traffic_log_get_record (self->log, row->value, &record))
        return FALSE;

      span->header = sw_traffic_formatter_append (self->formatter, &record, text);
      switch (record.direction)
        {
        case SW_DIRECTION_SENT:
          span->tag = TAG_SENT;
          span->whole = FALSE;
          break;

        case SW_DIRECTION_RECEIVED:
          span->tag = TAG_RECEIVED;
          span->whole = FALSE;
          break;

        case SW_DIRECTION_EVENT:
        default:
          span->tag = record.event_kind == SW_EVENT_KIND_ERROR ? TAG_ERROR : TAG_EVENT;
          span->whole = TRUE;
          break;
        }
    }

  span->lines = count_lines (text->str + start, text->len - start);
  out_row->lines = span->lines;

  return TRUE;
}

static gboolean
format_row (SwTrafficView *self,
            const Row     *row,
            GString       *text,
            guint          line,
            Span          *span,
            Row           *out_row)
{
  return format_row_full (self, row, NULL, text, line, span, out_row);
}

static guint
n_rows (SwTrafficView *self)
{
  return self->rows->len - self->rows_head;
}

static Row *
nth_row (SwTrafficView *self,
         guint          i)
{
  return &g_array_index (self->rows, Row, self->rows_head + i);
}

static guint
buffer_lines (SwTrafficView *self)
{
  /* The buffer always ends with "\n", so its last line is empty. */
  return gtk_text_buffer_get_line_count (self->buffer) - 1;
}

/* Inserts @text at the end and colours it as @spans say. */
static void
insert_rendered (SwTrafficView *self,
                 GString       *text,
                 GArray        *spans)
{
  GtkTextIter iter;
  GtkTextIter end;
  guint first_line;

  if (text->len == 0)
    return;

  first_line = buffer_lines (self);
  gtk_text_buffer_get_end_iter (self->buffer, &iter);
  gtk_text_buffer_insert_with_tags (self->buffer, &iter, text->str, text->len, self->data_tag, NULL);

  for (guint i = 0; i < spans->len; i++)
    {
      const Span *span = &g_array_index (spans, Span, i);

      gtk_text_buffer_get_iter_at_line_index (self->buffer, &iter, first_line + span->line, 0);
      if (span->whole)
        gtk_text_buffer_get_iter_at_line_index (self->buffer, &end, first_line + span->line + span->lines, 0);
      else
        gtk_text_buffer_get_iter_at_line_index (self->buffer, &end, first_line + span->line, span->header);
      gtk_text_buffer_apply_tag (self->buffer, self->tags[span->tag], &iter, &end);
    }
}

/* File runs */

static gboolean
file_run_counting (SwTrafficView *self)
{
  return self->file_shown >= FILE_RECORDS_SHOWN || self->file_bytes_shown >= FILE_BYTES_SHOWN;
}

static void
end_file_run (SwTrafficView *self)
{
  self->file_shown = 0;
  self->file_bytes_shown = 0;
  self->file_row = NO_ROW;
}

static void
place_file_mark (SwTrafficView *self,
                 guint          line)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (self->buffer, &iter, line);
  gtk_text_buffer_move_mark (self->buffer, self->file_mark, &iter);
}

/* Rewrites the line of the run when it says fewer bytes than it counts:
 * once a pass, whatever number of records the pass counted. */
static void
update_file_line (SwTrafficView *self)
{
  g_autoptr(GString) text = NULL;
  GtkTextIter start;
  GtkTextIter end;
  guint64 bytes;

  if (self->file_row == NO_ROW)
    return;

  bytes = g_array_index (self->rows, Row, self->file_row).value;
  if (bytes == self->file_line_bytes)
    return;

  text = g_string_new (NULL);
  sw_traffic_formatter_append_file_more (self->formatter, bytes, text);
  /* The line keeps its own newline. */
  g_string_truncate (text, text->len - 1);

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, self->file_mark);
  end = start;
  gtk_text_iter_forward_to_line_end (&end);
  gtk_text_buffer_delete (self->buffer, &start, &end);
  gtk_text_buffer_insert_with_tags (self->buffer, &start, text->str, text->len,
                                    self->data_tag, self->tags[TAG_MARKER], NULL);
  self->file_line_bytes = bytes;
}

/* Whether @record is a file's that the run's line counts rather than a
 * row of its own; the first one counted adds that line at the end of
 * @text, at *@line (moved on), and says where in *@file_line. */
static gboolean
count_file_record (SwTrafficView         *self,
                   const SwTrafficRecord *record,
                   GString               *text,
                   GArray                *spans,
                   guint                 *line,
                   guint                 *file_line)
{
  Row marker = { record->length, 0, ROW_FILE_MORE };
  Span span;
  Row row;

  if (!(record->flags & SW_RECORD_FLAGS_FILE))
    {
      /* What comes back meanwhile (an echo of the file) leaves the run
       * alone; an event (the end of the send) or another message ends it. */
      if (record->direction != SW_DIRECTION_RECEIVED)
        end_file_run (self);
      return FALSE;
    }

  if (!file_run_counting (self))
    {
      self->file_shown++;
      self->file_bytes_shown += record->length;
      return FALSE;
    }

  if (self->file_row != NO_ROW)
    {
      g_array_index (self->rows, Row, self->file_row).value += record->length;
      return TRUE;
    }

  format_row (self, &marker, text, *line, &span, &row);
  *file_line = *line;
  *line += span.lines;
  g_array_append_val (spans, span);
  g_array_append_val (self->rows, row);
  self->file_row = self->rows->len - 1;
  self->file_line_bytes = record->length;

  return TRUE;
}

static gboolean
over_limits (SwTrafficView *self,
             guint          lines,
             guint          chars,
             guint          slack)
{
  return lines > self->max_lines + self->max_lines / slack ||
         chars > MAX_CHARS + MAX_CHARS / slack;
}

static void
trim_lines (SwTrafficView *self)
{
  guint lines = buffer_lines (self);
  guint chars = gtk_text_buffer_get_char_count (self->buffer);
  guint removed = 0;
  GtkTextIter start;
  GtkTextIter end;

  /* In chunks of a tenth, not a line at a time. */
  if (!over_limits (self, lines, chars, 10))
    return;

  gtk_text_buffer_get_start_iter (self->buffer, &start);
  while (n_rows (self) > 1 && over_limits (self, lines - removed, chars, G_MAXINT))
    {
      removed += nth_row (self, 0)->lines;
      self->rows_head++;
      gtk_text_buffer_get_iter_at_line (self->buffer, &end, removed);
      chars = gtk_text_buffer_get_char_count (self->buffer) - gtk_text_iter_get_offset (&end);
    }

  /* The line of a file going out left the view: the next of its records
   * starts another, at the end. */
  if (self->file_row != NO_ROW && self->file_row < self->rows_head)
    self->file_row = NO_ROW;

  if (self->rows_head > 4096 && self->rows_head > self->rows->len / 2)
    {
      g_array_remove_range (self->rows, 0, self->rows_head);
      if (self->file_row != NO_ROW)
        self->file_row -= self->rows_head;
      self->rows_head = 0;
    }

  gtk_text_buffer_get_iter_at_line (self->buffer, &end, removed);
  gtk_text_buffer_delete (self->buffer, &start, &end);
}

static void
scroll_to_end (SwTrafficView *self)
{
  GtkTextMark *mark = gtk_text_buffer_get_mark (self->buffer, "sw-end");

  gtk_text_view_scroll_to_mark (self->text_view, mark, 0.0, TRUE, 0.0, 1.0);
}

/* Renders the records from the cursor on, until the log's end or the
 * deadline; returns TRUE when it caught up. */
static gboolean
render_pending (SwTrafficView *self,
                gint64         deadline,
                guint         *n_lines)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  guint64 first = sw_traffic_log_get_first_seq (self->log);
  guint64 end = sw_traffic_log_get_end_seq (self->log);
  guint line = 0;
  guint file_line = NO_ROW;
  guint first_line;
  guint rendered = 0;
  gboolean caught_up;

  ensure_formatter (self);

  if (self->cursor < first)
    {
      Row marker = { first - self->cursor, 0, ROW_DROPPED };
      Span span;
      Row row;

      /* What was lost may hold the end of a file and the start of another. */
      end_file_run (self);
      format_row (self, &marker, text, line, &span, &row);
      line += span.lines;
      g_array_append_val (spans, span);
      g_array_append_val (self->rows, row);
      self->cursor = first;
    }

  if (deadline > 0)
    {
      guint64 per_frame = MAX (8, self->records_per_frame);
      guint64 pending = end - self->cursor;
      guint64 skip_after = per_frame * SKIP_AFTER_FRAMES;

      /* A file's records are counted, not drawn: cheap to catch up with. */
      if (file_run_counting (self))
        skip_after = MAX (skip_after, FILE_SKIP_MIN);

      if (pending > skip_after)
        {
          Row marker = { pending - per_frame, 0, ROW_SKIPPED };
          Span span;
          Row row;

          format_row (self, &marker, text, line, &span, &row);
          line += span.lines;
          g_array_append_val (spans, span);
          g_array_append_val (self->rows, row);
          self->cursor = end - per_frame;
        }
    }

  while (self->cursor < end)
    {
      Row source = { self->cursor, 0, ROW_RECORD };
      SwTrafficRecord record;
      Span span;
      Row row;

      if (sw_traffic_log_get_record (self->log, self->cursor, &record) &&
          !count_file_record (self, &record, text, spans, &line, &file_line) &&
          format_row_full (self, &source, &record, text, line, &span, &row))
        {
          line += span.lines;
          g_array_append_val (spans, span);
          g_array_append_val (self->rows, row);
        }
      self->cursor++;
      rendered++;

      if (deadline > 0 && (line >= FRAME_MAX_LINES || text->len >= FRAME_MAX_CHARS ||
                           (rendered % 8 == 0 && g_get_monotonic_time () >= deadline)))
        break;
    }

  first_line = buffer_lines (self);
  insert_rendered (self, text, spans);
  if (file_line != NO_ROW)
    place_file_mark (self, first_line + file_line);
  update_file_line (self);
  trim_lines (self);

  caught_up = self->cursor >= sw_traffic_log_get_end_seq (self->log);

  /* How many records a frame holds, learnt while the backlog lasts. */
  if (deadline > 0 && !caught_up && rendered > 0)
    self->records_per_frame = 0.8 * self->records_per_frame + 0.2 * rendered;

  if (self->follow && text->len > 0)
    scroll_to_end (self);

  if (n_lines != NULL)
    *n_lines = line;

  return caught_up;
}

static gboolean
flood_timeout_cb (gpointer user_data)
{
  SwTrafficView *self = user_data;

  self->flood_timeout_id = 0;
  queue_render (self);

  return G_SOURCE_REMOVE;
}

static gboolean
render_cb (gpointer user_data)
{
  SwTrafficView *self = user_data;
  guint lines = 0;

  self->render_id = 0;

  if (self->log != NULL &&
      (!render_pending (self, g_get_monotonic_time () + FRAME_BUDGET_USEC, &lines) ||
       lines >= BUSY_FRAME_LINES))
    self->flood_timeout_id = g_timeout_add (FLOOD_INTERVAL_MS, flood_timeout_cb, self);

  return G_SOURCE_REMOVE;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  SwTrafficView *self = SW_TRAFFIC_VIEW (widget);

  self->tick_id = 0;
  /* The frame paces the drawing, but lines are not inserted inside it:
   * GtkTextView lays new lines out in an idle of its own, and inserted
   * during a frame they would be laid out while it paints, changing the
   * scroll bar's range as it is drawn (the end out of sight and a GTK
   * warning, #9). Inserted just after it, they are laid out before the
   * next one. */
  self->render_id = g_idle_add_full (RENDER_PRIORITY, render_cb, self, NULL);

  return G_SOURCE_REMOVE;
}

static void
queue_render (SwTrafficView *self)
{
  if (self->tick_id != 0 || self->render_id != 0 || self->flood_timeout_id != 0 ||
      self->log == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (self->cursor >= sw_traffic_log_get_end_seq (self->log))
    return;

  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

static void
free_string (gpointer data)
{
  g_string_free (data, TRUE);
}

/* Renders again what the view holds, after a change of how it looks:
 * from the newest row back, only as much as the limits keep. */
static void
rerender (SwTrafficView *self)
{
  g_autoptr(GArray) old_rows = self->rows;
  g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func (free_string);
  g_autoptr(GArray) new_rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr(GArray) piece_spans = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autoptr(GString) text = NULL;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  guint old_head = self->rows_head;
  guint old_file_row = self->file_row;
  guint file_piece = NO_ROW;
  guint file_line = NO_ROW;
  guint lines = 0;
  guint chars = 0;
  guint line = 0;

  g_clear_pointer (&self->formatter, sw_traffic_formatter_free);
  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  self->rows_head = 0;
  self->file_row = NO_ROW;
  gtk_text_buffer_set_text (self->buffer, "", 0);

  if (self->log == NULL)
    return;

  ensure_formatter (self);

  for (guint i = old_rows->len; i > old_head && !over_limits (self, lines, chars, G_MAXINT); i--)
    {
      GString *piece = g_string_new (NULL);
      Span span;
      Row row;

      if (!format_row (self, &g_array_index (old_rows, Row, i - 1), piece, 0, &span, &row))
        {
          g_string_free (piece, TRUE);
          continue;
        }
      lines += span.lines;
      chars += g_utf8_strlen (piece->str, piece->len);
      if (i - 1 == old_file_row)
        file_piece = pieces->len;
      g_ptr_array_add (pieces, piece);
      g_array_append_val (piece_spans, span);
      g_array_append_val (new_rows, row);
    }

  text = g_string_new (NULL);
  for (guint i = pieces->len; i > 0; i--)
    {
      GString *piece = g_ptr_array_index (pieces, i - 1);
      Span span = g_array_index (piece_spans, Span, i - 1);

      span.line = line;
      if (i - 1 == file_piece)
        {
          self->file_row = self->rows->len;
          self->file_line_bytes = g_array_index (new_rows, Row, i - 1).value;
          file_line = line;
        }
      line += span.lines;
      g_string_append_len (text, piece->str, piece->len);
      g_array_append_val (spans, span);
      g_array_append_val (self->rows, g_array_index (new_rows, Row, i - 1));
    }

  insert_rendered (self, text, spans);
  if (file_line != NO_ROW)
    place_file_mark (self, file_line);
  if (self->follow)
    scroll_to_end (self);
}

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
      in = g_format_size (0);
      out = g_format_size (0);
    }
  else
    {
      in = g_format_size ((totals.bytes_received - self->rate_received) / seconds);
      out = g_format_size ((totals.bytes_sent - self->rate_sent) / seconds);
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
  queue_render (self);
}

static void
log_cleared_cb (SwTrafficView *self)
{
  g_array_set_size (self->rows, 0);
  self->rows_head = 0;
  end_file_run (self);
  self->cursor = sw_traffic_log_get_end_seq (self->log);
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

      saving->view = g_object_ref (self);
      saving->file = g_object_ref (file);
      sw_traffic_export_async (self->log, file, format, self->encoding,
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
  char *name;

  dialog = gtk_file_chooser_native_new (_("Save Traffic Log"),
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
    scroll_to_end (self);

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
  self->rows_head = 0;
  end_file_run (self);
  gtk_text_buffer_set_text (self->buffer, "", 0);

  if (log != NULL)
    {
      self->cursor = sw_traffic_log_get_first_seq (log);
      self->changed_id = g_signal_connect_swapped (log, "changed", G_CALLBACK (log_changed_cb), self);
      self->totals_id = g_signal_connect_swapped (log, "totals-changed", G_CALLBACK (update_counters), self);
      self->cleared_id = g_signal_connect_swapped (log, "cleared", G_CALLBACK (log_cleared_cb), self);
    }

  sw_rate_graph_set_log (self->rate_graph, log);
  update_counters (self);
  queue_render (self);
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
  rerender (self);
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
  update_text_button (self);
  gtk_drop_down_set_selected (self->encoding_dropdown, encoding);
  if (self->mode == SW_DISPLAY_MODE_TEXT)
    rerender (self);
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
  rerender (self);
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
    rerender (self);
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
  if (follow)
    scroll_to_end (self);
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
  trim_lines (self);
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
  render_pending (self, 0, NULL);
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
  queue_render (self);
}

static void
sw_traffic_view_unmap (GtkWidget *widget)
{
  SwTrafficView *self = SW_TRAFFIC_VIEW (widget);

  g_clear_handle_id (&self->rate_timer_id, g_source_remove);
  g_clear_handle_id (&self->flood_timeout_id, g_source_remove);
  g_clear_handle_id (&self->render_id, g_source_remove);
  g_clear_handle_id (&self->follow_idle_id, g_source_remove);
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
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
      update_tag_colors (self);
    }
}

static void
sw_traffic_view_dispose (GObject *object)
{
  SwTrafficView *self = SW_TRAFFIC_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  sw_traffic_view_set_log (self, NULL);
  g_clear_handle_id (&self->rate_timer_id, g_source_remove);
  g_clear_handle_id (&self->flood_timeout_id, g_source_remove);
  g_clear_handle_id (&self->render_id, g_source_remove);
  g_clear_handle_id (&self->follow_idle_id, g_source_remove);

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

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SW_TYPE_RATE_GRAPH);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-traffic-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, text_button);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, hex_button);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, encoding_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, scroller);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, text_view);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, sent_label);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, received_label);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, rate_label);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, rate_graph);
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, notice_label);

  gtk_widget_class_install_property_action (widget_class, "view.display-mode", "display-mode");
  gtk_widget_class_install_property_action (widget_class, "view.show-timestamps", "show-timestamps");
  gtk_widget_class_install_property_action (widget_class, "view.text-as-sent", "text-as-sent");
  gtk_widget_class_install_property_action (widget_class, "view.follow", "follow");
  gtk_widget_class_install_action (widget_class, "view.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "view.save", NULL, save_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sw-traffic-view");
}

static void
sw_traffic_view_init (SwTrafficView *self)
{
  g_autoptr(GtkStringList) encodings = gtk_string_list_new (NULL);
  GtkEventController *controller;
  GtkGesture *gesture;
  GtkTextIter end;
  static const char *tag_names[N_TAGS] = { "sent", "received", "event", "error", "marker" };

  gtk_widget_init_template (GTK_WIDGET (self));
  sw_fix_mnemonic_names (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
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
  update_tag_colors (self);
  gtk_text_buffer_get_end_iter (self->buffer, &end);
  gtk_text_buffer_create_mark (self->buffer, "sw-end", &end, FALSE);
  /* Left of what is written at it: the start of a file's line. */
  self->file_mark = gtk_text_buffer_create_mark (self->buffer, "sw-file", &end, TRUE);
  self->file_row = NO_ROW;

  for (guint i = 0; i < SW_N_ENCODINGS; i++)
    gtk_string_list_append (encodings, sw_encoding_get_display_name (i));
  gtk_drop_down_set_model (self->encoding_dropdown, G_LIST_MODEL (encodings));
  gtk_drop_down_set_selected (self->encoding_dropdown, self->encoding);
  g_signal_connect_swapped (self->encoding_dropdown, "notify::selected",
                            G_CALLBACK (encoding_selected_cb), self);
  update_text_button (self);

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

  update_counters (self);
}

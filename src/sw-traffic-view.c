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
#include "sw-traffic-export.h"
#include "sw-traffic-lens.h"
#include "sw-traffic-view-private.h"
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
 *  - With framing (issue #11), an SwTrafficLens reads the log as frames,
 *    one stream per connection and direction, and rows are frames; a
 *    frame still arriving is drawn at the end, as incomplete, and drawn
 *    again as it grows. A change of framing reads the whole log again, a
 *    slice a frame, then draws the newest window of it at once, as a
 *    change of display mode does.
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
/* Per frame, for the lens to read the log, while it is behind or splits
 * it anew: reading is cheap (~1.5 ms a MiB of short lines), so a slice
 * that leaves the frame half of its time reads a 64 MiB log in a few
 * dozen frames. */
#define LENS_BUDGET_USEC 8000

typedef enum
{
  ROW_RECORD,      /* a record, or with framing a frame */
  ROW_SKIPPED,
  ROW_DROPPED,
  ROW_PENDING,     /* a frame still arriving, at the end */
} RowKind;

typedef struct
{
  /* What it shows; for a marker, entry.seq is how many it stands for. */
  SwLensEntry entry;
  guint32     lines;
  guint8      kind;
  guint8      frames;  /* a marker counts frames, not records */
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
} Build;

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
  PROP_FRAMING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Readable on light and dark backgrounds alike, from the GNOME palette;
 * the notes of frames are set off from the header by a tint behind them. */
static const char *light_colors[N_TAGS] = { "#1a5fb4", "#26a269", "#77767b", "#c01c28", "#c64600",
                                            "#146b33", "#a51d2d", "#8f3b00" };
static const char *dark_colors[N_TAGS] = { "#99c1f1", "#8ff0a4", "#9a9996", "#f66151", "#ffa348",
                                           "#8ff0a4", "#ffa6a0", "#ffbe6f" };
static const char *light_backgrounds[N_TAGS] = { NULL, NULL, NULL, NULL, NULL,
                                                 "#d6f4df", "#fbdcdc", "#fdebd6" };
static const char *dark_backgrounds[N_TAGS] = { NULL, NULL, NULL, NULL, NULL,
                                                "#1d4a2c", "#5c1f24", "#4f3414" };

static void queue_render (SwTrafficView *self);
static void start_rebuild (SwTrafficView *self);
static GBytes *dup_shown_bytes (SwTrafficView     *self,
                                const GtkTextIter *start,
                                const GtkTextIter *end);
static void selection_changed_cb (SwTrafficView *self);
static void checksums_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter);
static gboolean tick_cb (GtkWidget     *widget,
                         GdkFrameClock *frame_clock,
                         gpointer       user_data);

static void
update_tag_colors (SwTrafficView *self)
{
  const char **colors = self->dark ? dark_colors : light_colors;
  const char **backgrounds = self->dark ? dark_backgrounds : light_backgrounds;

  for (guint i = 0; i < N_TAGS; i++)
    {
      g_object_set (self->tags[i], "foreground", colors[i], NULL);
      if (backgrounds[i] != NULL)
        g_object_set (self->tags[i], "background", backgrounds[i], NULL);
    }
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
append_marker (GString  *text,
               RowKind   kind,
               guint64   count,
               gboolean  frames)
{
  g_autofree char *number = sw_format_count (count);

  g_string_append (text, "⋯ ");
  if (kind == ROW_SKIPPED && frames)
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %s is a number of frames. */
                                         "%s frame not drawn here: traffic came faster than it can be drawn (it is in the log, the counters and what is saved)",
                                         "%s frames not drawn here: traffic came faster than it can be drawn (they are in the log, the counters and what is saved)",
                                         count),
                            number);
  else if (kind == ROW_SKIPPED)
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

/* What a frame's note says, if anything, and in which colour: how it
 * was cut, or whether the checksum at its end (before its delimiter)
 * matches the session's. */
static char *
frame_note (SwTrafficView     *self,
            const SwLensEntry *entry,
            SwDirection        direction,
            const guint8      *data,
            TagKind           *tag)
{
  const SwChecksumSpec *spec = &self->checksum;
  const char *name = sw_checksum_get_name (spec->kind);
  guint32 expected = 0;
  guint32 found = 0;

  *tag = TAG_NOTE;
  if (entry->flags & SW_FRAME_INCOMPLETE)
    /* Translators: a note on a frame that has not ended (yet). */
    return g_strdup (C_("frame", "incomplete"));
  if (entry->flags & SW_FRAME_TRUNCATED)
    /* Translators: a note on a frame cut at the maximum frame size. */
    return g_strdup (C_("frame", "cut at the maximum size"));

  *tag = TAG_INVALID;
  if (entry->flags & SW_FRAME_INVALID_LENGTH)
    /* Translators: a note on a frame whose length field is out of range. */
    return g_strdup (C_("frame", "invalid length field"));

  if (direction != SW_DIRECTION_RECEIVED || spec->kind == SW_CHECKSUM_NONE)
    return NULL;

  switch (sw_checksum_spec_verify (spec, data, entry->length - entry->delimiter_length, &expected, &found))
    {
    case SW_CHECKSUM_RESULT_VALID:
      *tag = TAG_VALID;
      /* Translators: a note on a frame whose checksum matches; %s is the
       * checksum's name, as "CRC-16/MODBUS". */
      return g_strdup_printf (C_("frame", "%s ✓"), name);

    case SW_CHECKSUM_RESULT_INVALID:
      {
        g_autofree char *value = sw_checksum_format_value (spec->kind, spec->order, expected);

        /* Translators: a note on a frame whose checksum does not match;
         * the first %s is the checksum's name, the second the bytes it
         * should end with, as "C4 0B". */
        return g_strdup_printf (C_("frame", "%s ✗ expected %s"), name, value);
      }

    case SW_CHECKSUM_RESULT_TOO_SHORT:
    default:
      /* Translators: a note on a frame too short to hold the checksum;
       * %s is the checksum's name. */
      return g_strdup_printf (C_("frame", "%s ✗ too short"), name);
    }
}

/* What @entry shows as a record: a record of the log as it is, or a
 * frame as one, its bytes (all of them with @whole, else what the
 * formatter may show) gathered into the scratch buffer; with its note. */
static gboolean
entry_record (SwTrafficView     *self,
              const SwLensEntry *entry,
              gboolean           whole,
              SwTrafficRecord   *record,
              char             **note,
              TagKind           *note_tag)
{
  gsize wanted;
  gboolean checked;

  *note = NULL;
  *note_tag = TAG_NOTE;

  if (!sw_traffic_log_get_record (self->log, entry->end_seq, record))
    return FALSE;
  if (entry->kind != SW_LENS_ENTRY_FRAME)
    return TRUE;

  checked = record->direction == SW_DIRECTION_RECEIVED && self->checksum.kind != SW_CHECKSUM_NONE &&
            (entry->flags & (SW_FRAME_INCOMPLETE | SW_FRAME_TRUNCATED | SW_FRAME_INVALID_LENGTH)) == 0;
  /* The formatter looks one byte past what it shows. */
  wanted = whole || checked ? entry->length : MIN (entry->length, MAX (TEXT_PAYLOAD_LIMIT, HEX_PAYLOAD_LIMIT) + 16);

  g_byte_array_set_size (self->scratch, 0);
  if (!sw_traffic_lens_read (self->log, entry, wanted, self->scratch))
    return FALSE;

  record->seq = entry->seq;
  record->data = self->scratch->data;
  record->length = sw_traffic_lens_get_keep_delimiter (self->lens) ? entry->length
                                                                   : entry->length - entry->delimiter_length;
  *note = frame_note (self, entry, record->direction, self->scratch->data, note_tag);

  return TRUE;
}

/* Formats one row at the end of @text and describes its colours. */
static gboolean
format_row (SwTrafficView *self,
            const Row     *row,
            GString       *text,
            guint          line,
            Span          *span,
            Row           *out_row)
{
  gsize start = text->len;

  *out_row = *row;
  span->line = line;
  span->header = 0;
  span->note_start = span->note_end = 0;
  span->note_tag = TAG_NOTE;

  if (row->kind == ROW_SKIPPED || row->kind == ROW_DROPPED)
    {
      append_marker (text, row->kind, row->entry.seq, row->frames);
      span->tag = TAG_MARKER;
      span->whole = TRUE;
    }
  else
    {
      SwTrafficRecord record;
      g_autofree char *note = NULL;
      TagKind note_tag;
      gsize note_start;
      gsize note_end;

      if (!entry_record (self, &row->entry, FALSE, &record, &note, &note_tag))
        return FALSE;

      span->header = sw_traffic_formatter_append_noted (self->formatter, &record, note, text,
                                                        &note_start, &note_end);
      span->note_start = note_start;
      span->note_end = note_end;
      span->note_tag = note_tag;
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

/* The row of a record as it is. */
static Row
record_row (guint64 seq)
{
  Row row = { { seq, seq, 0, 0, 0, SW_LENS_ENTRY_RECORD, 0 }, 0, ROW_RECORD, FALSE };

  return row;
}

/* The row of a lens entry: a gap in the log is a marker. */
static Row
entry_row (const SwLensEntry *entry,
           RowKind            kind)
{
  Row row = { *entry, 0, kind, FALSE };

  if (entry->kind == SW_LENS_ENTRY_GAP)
    row.kind = ROW_DROPPED;

  return row;
}

static Row
marker_row (RowKind  kind,
            guint64  count,
            gboolean frames)
{
  Row row = { { count, 0, 0, 0, 0, SW_LENS_ENTRY_GAP, 0 }, 0, kind, frames };

  return row;
}

/* Formats @source at the end of @text and adds its row. */
static void
append_row (SwTrafficView *self,
            const Row     *source,
            GString       *text,
            GArray        *spans,
            guint         *line)
{
  Span span;
  Row row;

  if (!format_row (self, source, text, *line, &span, &row))
    return;

  *line += span.lines;
  g_array_append_val (spans, span);
  g_array_append_val (self->rows, row);
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

/* Inserts @text at the end of @buffer, or with @at_start before
 * everything, and colours it as @spans say. */
static void
insert_rendered_into (SwTrafficView *self,
                      GtkTextBuffer *buffer,
                      GString       *text,
                      GArray        *spans,
                      gboolean       at_start)
{
  GtkTextIter iter;
  GtkTextIter start;
  GtkTextIter end;
  guint first_line;
  guint line;

  if (text->len == 0)
    return;

  /* The buffer always ends with "\n", so its last line is empty. */
  first_line = at_start ? 0 : gtk_text_buffer_get_line_count (buffer) - 1;
  if (at_start)
    gtk_text_buffer_get_start_iter (buffer, &iter);
  else
    gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_insert_with_tags (buffer, &iter, text->str, text->len, self->data_tag, NULL);

  /* Line by line from the first, not from the top of the buffer for
   * each span: tags leave an iterator valid. */
  gtk_text_buffer_get_iter_at_line (buffer, &iter, first_line);
  line = 0;
  for (guint i = 0; i < spans->len; i++)
    {
      const Span *span = &g_array_index (spans, Span, i);

      gtk_text_iter_forward_lines (&iter, span->line - line);
      line = span->line;
      end = iter;
      if (span->whole)
        gtk_text_iter_forward_lines (&end, span->lines);
      else
        gtk_text_iter_set_line_index (&end, span->header);
      gtk_text_buffer_apply_tag (buffer, self->tags[span->tag], &iter, &end);

      if (span->note_end > span->note_start)
        {
          start = iter;
          end = iter;
          gtk_text_iter_set_line_index (&start, span->note_start);
          gtk_text_iter_set_line_index (&end, span->note_end);
          gtk_text_buffer_apply_tag (buffer, self->tags[span->note_tag], &start, &end);
        }
    }
}

static void
insert_rendered (SwTrafficView *self,
                 GString       *text,
                 GArray        *spans)
{
  insert_rendered_into (self, self->buffer, text, spans, FALSE);
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
  /* The frames still arriving stay: they are drawn anew. */
  while (n_rows (self) > 1 + self->n_pending_rows && over_limits (self, lines - removed, chars, G_MAXINT))
    {
      removed += nth_row (self, 0)->lines;
      self->rows_head++;
      gtk_text_buffer_get_iter_at_line (self->buffer, &end, removed);
      chars = gtk_text_buffer_get_char_count (self->buffer) - gtk_text_iter_get_offset (&end);
    }

  if (self->rows_head > 4096 && self->rows_head > self->rows->len / 2)
    {
      g_array_remove_range (self->rows, 0, self->rows_head);
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

/* Inserts what was formatted, keeps the buffer within its limits and
 * the end in view, and learns how many entries a frame holds. */
static void
finish_render (SwTrafficView *self,
               GString       *text,
               GArray        *spans,
               gint64         deadline,
               gboolean       caught_up,
               guint          rendered)
{
  insert_rendered (self, text, spans);
  trim_lines (self);

  /* How many entries a frame holds, learnt while the backlog lasts. */
  if (deadline > 0 && !caught_up && rendered > 0)
    self->records_per_frame = 0.8 * self->records_per_frame + 0.2 * rendered;

  if (self->follow && text->len > 0)
    scroll_to_end (self);
}

static gboolean
over_frame_budget (GString *text,
                   guint    line,
                   guint    rendered,
                   gint64   deadline)
{
  return deadline > 0 && (line >= FRAME_MAX_LINES || text->len >= FRAME_MAX_CHARS ||
                          (rendered % 8 == 0 && g_get_monotonic_time () >= deadline));
}

/* Renders the records from the cursor on, until the log's end or the
 * deadline; returns TRUE when it caught up. */
static gboolean
render_records (SwTrafficView *self,
                gint64         deadline,
                guint         *n_lines)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  guint64 first = sw_traffic_log_get_first_seq (self->log);
  guint64 end = sw_traffic_log_get_end_seq (self->log);
  guint line = 0;
  guint rendered = 0;
  gboolean caught_up;

  if (self->cursor < first)
    {
      Row marker = marker_row (ROW_DROPPED, first - self->cursor, FALSE);

      append_row (self, &marker, text, spans, &line);
      self->cursor = first;
    }

  if (deadline > 0)
    {
      guint64 per_frame = MAX (8, self->records_per_frame);
      guint64 pending = end - self->cursor;

      if (pending > per_frame * SKIP_AFTER_FRAMES)
        {
          Row marker = marker_row (ROW_SKIPPED, pending - per_frame, FALSE);

          append_row (self, &marker, text, spans, &line);
          self->cursor = end - per_frame;
        }
    }

  while (self->cursor < end)
    {
      Row source = record_row (self->cursor);

      append_row (self, &source, text, spans, &line);
      self->cursor++;
      rendered++;

      if (over_frame_budget (text, line, rendered, deadline))
        break;
    }

  caught_up = self->cursor >= sw_traffic_log_get_end_seq (self->log);
  finish_render (self, text, spans, deadline, caught_up, rendered);

  if (n_lines != NULL)
    *n_lines = line;

  return caught_up;
}

/* The queue of entries the lens read and the view has yet to draw. */

static guint
queue_length (SwTrafficView *self)
{
  return self->queue->len - self->queue_head;
}

static void
queue_clear (SwTrafficView *self)
{
  g_array_set_size (self->queue, 0);
  self->queue_head = 0;
  self->queue_skipped = 0;
  self->queue_gap = 0;
}

static void
queue_pop (SwTrafficView *self,
           guint          n)
{
  self->queue_head += n;
  if (self->queue_head >= 4096 && self->queue_head >= self->queue->len / 2)
    {
      g_array_remove_range (self->queue, 0, self->queue_head);
      self->queue_head = 0;
    }
}

/* Drops the oldest @n: drawn over by newer ones, which the view says,
 * or, while the log is read anew, older than what the view keeps. */
static void
queue_drop (SwTrafficView *self,
            guint          n)
{
  for (guint i = 0; i < n && !self->rebuilding; i++)
    {
      const SwLensEntry *entry = &g_array_index (self->queue, SwLensEntry, self->queue_head + i);

      if (entry->kind == SW_LENS_ENTRY_GAP)
        self->queue_gap += entry->seq;
      else
        self->queue_skipped++;
    }

  queue_pop (self, n);
}

/* The most rows a window of the log can hold: each is a line at least,
 * and some characters. */
static guint
window_rows (SwTrafficView *self)
{
  return MIN ((guint64) self->max_lines + 1, MAX_CHARS / 16);
}

static void
queue_entry_cb (const SwLensEntry *entry,
                gpointer           user_data)
{
  SwTrafficView *self = user_data;
  guint length;

  g_array_append_val (self->queue, *entry);
  length = queue_length (self);

  if (self->rebuilding)
    {
      /* Only the newest window is drawn. */
      if (length > window_rows (self))
        queue_drop (self, length - window_rows (self));
    }
  else
    {
      /* More than the frames it takes to draw them: the view skips to
       * the newest, as it does with records. */
      guint64 per_frame = MAX (8, self->records_per_frame);

      if (length > per_frame * SKIP_AFTER_FRAMES)
        queue_drop (self, length - per_frame);
    }
}

/* Reads the log through the lens until its end or @deadline; TRUE when
 * it read all there is. */
static gboolean
lens_catch_up (SwTrafficView *self,
               gint64         deadline)
{
  if (!sw_traffic_lens_advance (self->lens, deadline, queue_entry_cb, self))
    return FALSE;

  /* Idle-gap frames end when nothing more came for a while. */
  if (!self->rebuilding)
    sw_traffic_lens_idle (self->lens, g_get_monotonic_time (), queue_entry_cb, self);

  return TRUE;
}

static void
free_string (gpointer data)
{
  g_string_free (data, TRUE);
}

/* The frames still arriving: drawn last, taken away before more rows
 * come. */
static void
remove_pending_rows (SwTrafficView *self)
{
  GtkTextIter start;
  GtkTextIter end;
  guint lines = 0;

  if (self->n_pending_rows == 0)
    return;

  for (guint i = 0; i < self->n_pending_rows; i++)
    lines += nth_row (self, n_rows (self) - 1 - i)->lines;
  g_array_set_size (self->rows, self->rows->len - self->n_pending_rows);
  self->n_pending_rows = 0;

  gtk_text_buffer_get_iter_at_line (self->buffer, &start, buffer_lines (self) - lines);
  gtk_text_buffer_get_end_iter (self->buffer, &end);
  gtk_text_buffer_delete (self->buffer, &start, &end);
}

typedef struct
{
  SwTrafficView *view;
  GString       *text;
  GArray        *spans;
  guint         *line;
} PendingRows;

static void
pending_row_cb (const SwLensEntry *entry,
                gpointer           user_data)
{
  PendingRows *pending = user_data;
  SwTrafficView *self = pending->view;
  guint len = self->rows->len;
  Row source = entry_row (entry, ROW_PENDING);

  if (pending->text == NULL)
    {
      g_array_append_val (self->build->rows, source);
      return;
    }

  append_row (self, &source, pending->text, pending->spans, pending->line);
  if (self->rows->len > len)
    self->n_pending_rows++;
}

/* Renders the frames the lens read, until there are no more or the
 * deadline; then, once it caught up, the frames still arriving. Returns
 * TRUE when it caught up. */
static gboolean
render_frames (SwTrafficView *self,
               gint64         deadline,
               guint         *n_lines)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  guint line = 0;
  guint rendered = 0;
  gboolean caught_up;

  remove_pending_rows (self);

  if (self->queue_gap > 0)
    {
      Row marker = marker_row (ROW_DROPPED, self->queue_gap, FALSE);

      append_row (self, &marker, text, spans, &line);
      self->queue_gap = 0;
    }
  if (self->queue_skipped > 0)
    {
      Row marker = marker_row (ROW_SKIPPED, self->queue_skipped, TRUE);

      append_row (self, &marker, text, spans, &line);
      self->queue_skipped = 0;
    }

  while (queue_length (self) > 0)
    {
      Row source = entry_row (&g_array_index (self->queue, SwLensEntry, self->queue_head), ROW_RECORD);

      append_row (self, &source, text, spans, &line);
      queue_pop (self, 1);
      rendered++;

      if (over_frame_budget (text, line, rendered, deadline))
        break;
    }

  caught_up = queue_length (self) == 0 && sw_traffic_lens_is_caught_up (self->lens);
  if (caught_up)
    {
      PendingRows pending = { self, text, spans, &line };

      sw_traffic_lens_foreach_pending (self->lens, pending_row_cb, &pending);
    }

  finish_render (self, text, spans, deadline, caught_up, rendered);

  if (n_lines != NULL)
    *n_lines = line;

  return caught_up;
}

static gboolean
render_pending (SwTrafficView *self,
                gint64         deadline,
                guint         *n_lines)
{
  ensure_formatter (self);

  return self->framed ? render_frames (self, deadline, n_lines) : render_records (self, deadline, n_lines);
}

static gboolean
flood_timeout_cb (gpointer user_data)
{
  SwTrafficView *self = user_data;

  self->flood_timeout_id = 0;
  queue_render (self);

  return G_SOURCE_REMOVE;
}

static void finish_rebuild (SwTrafficView *self);
static void schedule_idle_gap (SwTrafficView *self);
static gboolean build_step (SwTrafficView *self,
                            gint64         deadline);

static gboolean
render_cb (gpointer user_data)
{
  SwTrafficView *self = user_data;
  guint lines = 0;

  self->render_id = 0;

  if (self->log == NULL)
    return G_SOURCE_REMOVE;

  /* The lens reads first, a slice a frame, and what it read is drawn
   * once it caught up: in a flood it keeps up (it reads several hundred
   * MB/s), and a change of framing reads the whole log before the
   * window of it is drawn anew. */
  if (self->framed && !lens_catch_up (self, g_get_monotonic_time () + LENS_BUDGET_USEC))
    {
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
      return G_SOURCE_REMOVE;
    }

  if (self->rebuilding)
    finish_rebuild (self);

  /* A window drawn anew is built a slice a frame, then shown whole. */
  if (self->build != NULL && !build_step (self, g_get_monotonic_time () + LENS_BUDGET_USEC))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  else if (!render_pending (self, g_get_monotonic_time () + FRAME_BUDGET_USEC, &lines) ||
           lines >= BUSY_FRAME_LINES)
    self->flood_timeout_id = g_timeout_add (FLOOD_INTERVAL_MS, flood_timeout_cb, self);

  schedule_idle_gap (self);

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

/* Whether there is anything to draw. */
static gboolean
has_work (SwTrafficView *self)
{
  if (self->build != NULL)
    return TRUE;

  if (self->framed)
    return self->rebuilding || queue_length (self) > 0 || !sw_traffic_lens_is_caught_up (self->lens);

  return self->cursor < sw_traffic_log_get_end_seq (self->log);
}

static void
queue_render (SwTrafficView *self)
{
  if (self->tick_id != 0 || self->render_id != 0 || self->flood_timeout_id != 0 ||
      self->log == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (!has_work (self))
    return;

  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

static gboolean
idle_gap_cb (gpointer user_data)
{
  SwTrafficView *self = user_data;

  self->idle_gap_id = 0;
  sw_traffic_lens_idle (self->lens, g_get_monotonic_time (), queue_entry_cb, self);
  queue_render (self);
  schedule_idle_gap (self);

  return G_SOURCE_REMOVE;
}

/* Idle-gap framing: a frame still arriving ends when nothing more comes
 * for a while, with no record to say so; a timer does. */
static void
schedule_idle_gap (SwTrafficView *self)
{
  gint64 deadline;
  gint64 delay_ms;

  if (self->idle_gap_id != 0 || !self->framed || self->rebuilding)
    return;

  deadline = sw_traffic_lens_get_idle_deadline (self->lens);
  if (deadline < 0)
    return;

  delay_ms = (deadline - g_get_monotonic_time () + 999) / 1000;
  self->idle_gap_id = g_timeout_add (CLAMP (delay_ms, 0, G_MAXINT / 2), idle_gap_cb, self);
}

/* The frames still arriving are the last rows drawn. */
static void
count_pending_rows (SwTrafficView *self)
{
  self->n_pending_rows = 0;
  while (self->n_pending_rows < n_rows (self) &&
         nth_row (self, n_rows (self) - 1 - self->n_pending_rows)->kind == ROW_PENDING)
    self->n_pending_rows++;
}

static void
build_free (Build *build)
{
  g_array_unref (build->rows);
  g_ptr_array_unref (build->pieces);
  g_array_unref (build->piece_spans);
  g_array_unref (build->piece_rows);
  g_object_unref (build->buffer);
  g_free (build);
}

/* Forgets what is drawn and formatted. */
static void
clear_rows (SwTrafficView *self)
{
  g_clear_pointer (&self->build, build_free);
  g_clear_pointer (&self->formatter, sw_traffic_formatter_free);
  g_array_set_size (self->rows, 0);
  self->rows_head = 0;
  self->n_pending_rows = 0;
}

/* Starts drawing @rows (taken), the oldest first, anew. */
static void
build_start (SwTrafficView *self,
             GArray        *rows)
{
  Build *build = g_new0 (Build, 1);

  clear_rows (self);
  build->rows = rows;
  build->pieces = g_ptr_array_new_with_free_func (free_string);
  build->piece_spans = g_array_new (FALSE, FALSE, sizeof (Span));
  build->piece_rows = g_array_new (FALSE, FALSE, sizeof (Row));
  build->buffer = gtk_text_buffer_new (gtk_text_buffer_get_tag_table (self->buffer));
  gtk_text_buffer_set_enable_undo (build->buffer, FALSE);
  self->build = build;
}

/* Shows the buffer built. */
static void
build_finish (SwTrafficView *self)
{
  Build *build = self->build;
  GtkTextIter end;

  for (guint i = build->piece_rows->len; i > 0; i--)
    g_array_append_val (self->rows, g_array_index (build->piece_rows, Row, i - 1));
  count_pending_rows (self);

  gtk_text_buffer_get_end_iter (build->buffer, &end);
  gtk_text_buffer_create_mark (build->buffer, "sw-end", &end, FALSE);
  g_signal_handlers_disconnect_by_func (self->buffer, selection_changed_cb, self);
  gtk_text_view_set_buffer (self->text_view, build->buffer);
  self->buffer = build->buffer;
  g_signal_connect_swapped (self->buffer, "mark-set", G_CALLBACK (selection_changed_cb), self);

  self->build = NULL;
  build_free (build);
  if (self->follow)
    scroll_to_end (self);
}

/* Formats the rows, newest first, until the window is full, then inserts
 * them, oldest first, until done or @deadline (0: none) has passed; TRUE
 * once the build is shown. */
static gboolean
build_step (SwTrafficView *self,
            gint64         deadline)
{
  Build *build = self->build;
  guint done = 0;

  ensure_formatter (self);

  while (build->formatted < build->rows->len && !over_limits (self, build->lines, build->chars, G_MAXINT))
    {
      const Row *source = &g_array_index (build->rows, Row, build->rows->len - 1 - build->formatted);
      GString *piece = g_string_new (NULL);
      Span span;
      Row row;

      build->formatted++;
      if (format_row (self, source, piece, 0, &span, &row))
        {
          build->lines += span.lines;
          build->chars += g_utf8_strlen (piece->str, piece->len);
          g_ptr_array_add (build->pieces, piece);
          g_array_append_val (build->piece_spans, span);
          g_array_append_val (build->piece_rows, row);
        }
      else
        g_string_free (piece, TRUE);

      if (deadline > 0 && ++done % 32 == 0 && g_get_monotonic_time () >= deadline)
        return FALSE;
    }

  while (build->inserted < build->pieces->len)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
      guint line = 0;

      /* A few hundred rows at a time. */
      for (guint n = 0; n < 256 && build->inserted < build->pieces->len; n++, build->inserted++)
        {
          guint i = build->pieces->len - 1 - build->inserted;
          GString *piece = g_ptr_array_index (build->pieces, i);
          Span span = g_array_index (build->piece_spans, Span, i);

          span.line = line;
          line += span.lines;
          g_string_append_len (text, piece->str, piece->len);
          g_array_append_val (spans, span);
        }
      insert_rendered_into (self, build->buffer, text, spans, FALSE);

      if (deadline > 0 && g_get_monotonic_time () >= deadline)
        return FALSE;
    }

  build_finish (self);

  return TRUE;
}

/* Renders again what the view holds, after a change of how it looks:
 * from the newest row back, only as much as the limits keep. */
static void
rerender (SwTrafficView *self)
{
  GArray *rows;

  if (self->log == NULL)
    {
      clear_rows (self);
      gtk_text_buffer_set_text (self->buffer, "", 0);
      return;
    }

  /* With a build under way, what it holds; else what is drawn. */
  if (self->build != NULL)
    rows = g_array_ref (self->build->rows);
  else
    {
      rows = g_array_new (FALSE, FALSE, sizeof (Row));
      g_array_append_vals (rows, &g_array_index (self->rows, Row, self->rows_head), n_rows (self));
    }
  build_start (self, rows);
  build_step (self, 0);
}

/* The lens read the whole log anew: the newest window of what it read
 * becomes the rows, drawn a slice a frame (see render_cb()). */
static void
finish_rebuild (SwTrafficView *self)
{
  PendingRows pending = { self, NULL, NULL, NULL };
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (Row));

  self->rebuilding = FALSE;
  for (guint i = self->queue_head; i < self->queue->len; i++)
    {
      Row row = entry_row (&g_array_index (self->queue, SwLensEntry, i), ROW_RECORD);

      g_array_append_val (rows, row);
    }
  queue_clear (self);
  build_start (self, rows);
  sw_traffic_lens_foreach_pending (self->lens, pending_row_cb, &pending);
}

/* Without framing: the newest window of records, from the log. */
static void
rebuild_records (SwTrafficView *self)
{
  guint64 first = sw_traffic_log_get_first_seq (self->log);
  guint64 end = sw_traffic_log_get_end_seq (self->log);
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (Row));

  for (guint64 seq = MAX (first, end - MIN (end, window_rows (self))); seq < end; seq++)
    {
      Row row = record_row (seq);

      g_array_append_val (rows, row);
    }
  self->cursor = end;

  build_start (self, rows);
  build_step (self, 0);
}

/* Takes up the framing's settings (a snapshot): the whole log is read
 * again through the lens, a slice a frame, then drawn. */
static void
start_rebuild (SwTrafficView *self)
{
  gboolean was_framed = self->framed;

  if (self->log == NULL)
    return;

  g_clear_handle_id (&self->idle_gap_id, g_source_remove);
  queue_clear (self);
  g_clear_pointer (&self->build, build_free);
  self->rebuilding = FALSE;
  self->framed = sw_traffic_lens_set_framing (self->lens, self->framing, NULL) &&
                 sw_traffic_lens_get_framed (self->lens);

  if (!self->framed)
    {
      /* Records as they are, as they were: nothing to draw anew. */
      if (was_framed)
        rebuild_records (self);
      return;
    }

  self->rebuilding = TRUE;
  /* At the next frame, even in a flood. */
  g_clear_handle_id (&self->flood_timeout_id, g_source_remove);
  queue_render (self);
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
  g_clear_pointer (&self->build, build_free);
  self->rows_head = 0;
  self->n_pending_rows = 0;
  self->cursor = sw_traffic_log_get_end_seq (self->log);
  queue_clear (self);
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

static void
show_notice (SwTrafficView *self,
             const char    *message,
             gboolean       error)
{
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
        show_notice (saving->view, error->message, TRUE);
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
    show_notice (saving->view, message, FALSE);
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

/* The bytes shown from @start to @end, read from the log (the rows say
 * what each line shows); %NULL when there are none. */
static GBytes *
dup_shown_bytes (SwTrafficView     *self,
                 const GtkTextIter *start,
                 const GtkTextIter *end)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint start_line = gtk_text_iter_get_line (start);
  guint end_line = gtk_text_iter_get_line (end);
  guint line = 0;

  ensure_formatter (self);

  for (guint i = 0; i < n_rows (self) && line <= end_line; line += nth_row (self, i)->lines, i++)
    {
      const Row *row = nth_row (self, i);
      SwTrafficRecord record;
      g_autofree char *note = NULL;
      TagKind note_tag;
      gsize from;
      gsize to;

      if (line + row->lines <= start_line || row->kind == ROW_SKIPPED || row->kind == ROW_DROPPED)
        continue;
      if (!entry_record (self, &row->entry, TRUE, &record, &note, &note_tag) ||
          record.direction == SW_DIRECTION_EVENT)
        continue;

      /* From the row's start, or to its end: all of it, also what is
       * not shown. */
      from = start_line < line ? 0
             : sw_traffic_formatter_locate (self->formatter, &record, note, start_line - line,
                                            gtk_text_iter_get_line_offset (start));
      to = end_line >= line + row->lines ? record.length
           : sw_traffic_formatter_locate (self->formatter, &record, note, end_line - line,
                                          gtk_text_iter_get_line_offset (end));
      if (to > from)
        g_byte_array_append (bytes, record.data + from, to - from);
    }

  if (bytes->len == 0)
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
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

static void
selection_changed_cb (SwTrafficView *self)
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
  g_clear_pointer (&self->build, build_free);
  self->rows_head = 0;
  self->n_pending_rows = 0;
  gtk_text_buffer_set_text (self->buffer, "", 0);
  g_clear_handle_id (&self->idle_gap_id, g_source_remove);
  g_clear_pointer (&self->lens, sw_traffic_lens_free);
  queue_clear (self);
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
  if (self->framed)
    lens_catch_up (self, 0);
  if (self->rebuilding)
    finish_rebuild (self);
  else if (self->build == NULL)
    render_pending (self, 0, NULL);
  if (self->build != NULL)
    build_step (self, 0);
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
                                                         G_CALLBACK (start_rebuild), self);

  start_rebuild (self);
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
    rerender (self);
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

  return dup_shown_bytes (self, &start, &end);
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
  g_clear_handle_id (&self->idle_gap_id, g_source_remove);
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
  /* The log first: there is then nothing to show anew without framing. */
  sw_traffic_view_set_log (self, NULL);
  sw_traffic_view_set_framing (self, NULL);
  g_clear_handle_id (&self->rate_timer_id, g_source_remove);
  g_clear_handle_id (&self->flood_timeout_id, g_source_remove);
  g_clear_handle_id (&self->render_id, g_source_remove);
  g_clear_handle_id (&self->follow_idle_id, g_source_remove);
  g_clear_handle_id (&self->idle_gap_id, g_source_remove);
  g_clear_handle_id (&self->calculator_idle_id, g_source_remove);
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
  g_clear_pointer (&self->build, build_free);
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
  gtk_widget_class_bind_template_child (widget_class, SwTrafficView, notice_label);

  gtk_widget_class_install_property_action (widget_class, "view.display-mode", "display-mode");
  gtk_widget_class_install_property_action (widget_class, "view.show-timestamps", "show-timestamps");
  gtk_widget_class_install_property_action (widget_class, "view.text-as-sent", "text-as-sent");
  gtk_widget_class_install_property_action (widget_class, "view.follow", "follow");
  gtk_widget_class_install_property_action (widget_class, "view.encoding", "encoding");
  gtk_widget_class_install_action (widget_class, "view.checksums", NULL, checksums_action);
  gtk_widget_class_install_action (widget_class, "view.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "view.save", NULL, save_action);

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
                                           "valid", "invalid", "note" };

  gtk_widget_init_template (GTK_WIDGET (self));
  sw_fix_mnemonic_names (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  self->queue = g_array_new (FALSE, FALSE, sizeof (SwLensEntry));
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
  update_tag_colors (self);
  gtk_text_buffer_get_end_iter (self->buffer, &end);
  gtk_text_buffer_create_mark (self->buffer, "sw-end", &end, FALSE);

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
    sw_toolbar_box_set_priority (self->counters, GTK_WIDGET (self->rate_label), 1);
  }

  gtk_text_view_set_extra_menu (self->text_view, self->context_menu);
  g_signal_connect_swapped (self->buffer, "mark-set", G_CALLBACK (selection_changed_cb), self);

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

/* sw-traffic-view-render.c: the rows of a traffic view, drawn from the
 * log into its buffer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-traffic-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sw-traffic-view-private.h"
#include "sw-utils.h"

/*
 * What the view shows is rows, one a record (or a frame, or a marker),
 * drawn from the log into the GtkTextBuffer and remembered, so that
 * anything about how they look can draw them again from the log:
 *
 *  - Arrival and drawing are decoupled. Engines append to the log at
 *    network speed; the view catches up once per frame (a tick callback
 *    paces it, the drawing follows the frame), spending at most
 *    FRAME_BUDGET_USEC. When the backlog is more than SKIP_AFTER_FRAMES
 *    frames of work, it jumps to the newest and says, in one line, how
 *    many it did not draw: they stay in the log, the counters and what
 *    is saved.
 *  - The buffer holds at most #SwTrafficView:max-lines lines, trimmed from
 *    the top in chunks, so switching Hex/text, the encoding or timestamps
 *    draws just that window again from the log, never the whole log.
 *  - With framing (issue #11), an SwTrafficLens reads the log as frames,
 *    one stream per connection and direction, and rows are frames; a
 *    frame still arriving is drawn at the end, as incomplete, and drawn
 *    again as it grows. A change of framing reads the whole log again, a
 *    slice a frame, then builds the newest window of it in a buffer of
 *    its own, a slice a frame, shown once whole.
 *  - A file sent is thousands of records of bytes the person has on disk
 *    (issue #12): the first records of a run of them (or frames, with
 *    framing) are drawn, up to FILE_RECORDS_SHOWN and while they hold
 *    less than FILE_BYTES_SHOWN (its start, which says what it is), the
 *    others only counted into one line, rewritten in place as they go
 *    out. Counting one is reading its length, so a run is not skipped as
 *    a flood unless it is more than FILE_SKIP_MIN behind; drawn anew, the
 *    run is read from its start, so its line counts all of it.
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
#define FILE_RECORDS_SHOWN 4
#define FILE_BYTES_SHOWN 4096
#define FILE_SKIP_MIN 8192
/* A match out of the window is shown with the rows around it: a page
 * or two after it, more before (what led to it). */
#define ANCHOR_BEFORE 1000
#define ANCHOR_AFTER 200

static gboolean tick_cb (GtkWidget     *widget,
                         GdkFrameClock *frame_clock,
                         gpointer       user_data);
static void finish_rebuild (SwTrafficView *self);
static void schedule_idle_gap (SwTrafficView *self);
static gboolean build_step (SwTrafficView *self,
                            gint64         deadline);

/* Readable on light and dark backgrounds alike, from the GNOME palette;
 * the notes of frames are set off from the header by a tint behind them. */
/* What a search found is marked as a text editor marks it: yellow, the
 * match shown orange, with text dark or light enough to read on them. */
static const char *light_colors[N_TAGS] = { "#1a5fb4", "#26a269", "#77767b", "#c01c28", "#c64600",
                                            "#146b33", "#a51d2d", "#8f3b00", "#241f31", "#000000" };
static const char *dark_colors[N_TAGS] = { "#99c1f1", "#8ff0a4", "#9a9996", "#f66151", "#ffa348",
                                           "#8ff0a4", "#ffa6a0", "#ffbe6f", "#ffffff", "#000000" };
static const char *light_backgrounds[N_TAGS] = { NULL, NULL, NULL, NULL, NULL,
                                                 "#d6f4df", "#fbdcdc", "#fdebd6", "#f9f06b", "#ff7800" };
static const char *dark_backgrounds[N_TAGS] = { NULL, NULL, NULL, NULL, NULL,
                                                "#1d4a2c", "#5c1f24", "#4f3414", "#7a6a00", "#ffa348" };

void
_sw_traffic_view_update_tag_colors (SwTrafficView *self)
{
  const char **colors = self->dark ? dark_colors : light_colors;
  const char **backgrounds = self->dark ? dark_backgrounds : light_backgrounds;
  GdkRGBA received;
  GdkRGBA sent;

  for (guint i = 0; i < N_TAGS; i++)
    {
      g_object_set (self->tags[i], "foreground", colors[i], NULL);
      if (backgrounds[i] != NULL)
        g_object_set (self->tags[i], "background", backgrounds[i], NULL);
    }

  /* The rate graph beside the counters, in the same colours. */
  gdk_rgba_parse (&received, colors[TAG_RECEIVED]);
  gdk_rgba_parse (&sent, colors[TAG_SENT]);
  sw_rate_graph_set_colors (self->rate_graph, &received, &sent);
}

void
_sw_traffic_view_ensure_formatter (SwTrafficView *self)
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

gboolean
_sw_traffic_view_entry_record (SwTrafficView     *self,
                               const SwLensEntry *entry,
                               SwTrafficRecord   *record,
                               char             **note)
{
  TagKind note_tag;

  return entry_record (self, entry, FALSE, record, note, &note_tag);
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
  out_row->marked = FALSE;
  span->line = line;
  span->header = 0;
  span->note_start = span->note_end = 0;
  span->note_tag = TAG_NOTE;

  if (row->kind == ROW_SKIPPED || row->kind == ROW_DROPPED || row->kind == ROW_FILE_MORE)
    {
      if (row->kind == ROW_FILE_MORE)
        sw_traffic_formatter_append_file_more (self->formatter, row->entry.seq, text);
      else
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

/* File runs */

static gboolean
file_run_counting (SwTrafficView *self)
{
  return self->file_shown >= FILE_RECORDS_SHOWN || self->file_bytes_shown >= FILE_BYTES_SHOWN;
}

static void
end_file_run (SwTrafficView *self,
              guint         *file_row)
{
  self->file_shown = 0;
  self->file_bytes_shown = 0;
  *file_row = NO_ROW;
}

void
_sw_traffic_view_end_file_run (SwTrafficView *self)
{
  end_file_run (self, &self->file_row);
}

/* Whether the run of file records takes @entry rather than a row of its
 * own: it counts it into the run's line, row *@file_row of @rows, the
 * rows it would be added to; or, the first it counts, sets *@line_row to
 * that line, for the caller to add at the end of @rows.
 *
 * A record or frame of a file sent (a frame that begins and ends in one)
 * is counted past the run's first ones. What comes back meanwhile (an
 * echo of the file) leaves the run alone; an event, another message sent
 * or records lost end it. */
static gboolean
file_run_takes (SwTrafficView     *self,
                const SwLensEntry *entry,
                GArray            *rows,
                guint             *file_row,
                Row               *line_row)
{
  SwTrafficRecord record;
  SwTrafficRecord first;
  gboolean file;
  guint64 bytes;

  if (entry->kind == SW_LENS_ENTRY_GAP)
    {
      end_file_run (self, file_row);
      return FALSE;
    }
  if (!sw_traffic_log_get_record (self->log, entry->end_seq, &record))
    return FALSE;

  file = (record.flags & SW_RECORD_FLAGS_FILE) != 0;
  if (file && entry->seq != entry->end_seq)
    file = sw_traffic_log_get_record (self->log, entry->seq, &first) && (first.flags & SW_RECORD_FLAGS_FILE) != 0;
  if (!file)
    {
      if (record.direction != SW_DIRECTION_RECEIVED)
        end_file_run (self, file_row);
      return FALSE;
    }

  bytes = entry->kind == SW_LENS_ENTRY_FRAME ? entry->length : record.length;
  if (!file_run_counting (self))
    {
      self->file_shown++;
      self->file_bytes_shown += bytes;
      return FALSE;
    }

  if (*file_row != NO_ROW)
    g_array_index (rows, Row, *file_row).entry.seq += bytes;
  else
    {
      *line_row = marker_row (ROW_FILE_MORE, bytes, FALSE);
      *file_row = rows->len;
    }

  return TRUE;
}

/* Like append_row(), unless the run of file records counts @source: the
 * first it counts adds the run's line, at *@file_line of @text. */
static void
render_row (SwTrafficView *self,
            const Row     *source,
            GString       *text,
            GArray        *spans,
            guint         *line,
            guint         *file_line)
{
  Row line_row = { 0 };

  if (!file_run_takes (self, &source->entry, self->rows, &self->file_row, &line_row))
    append_row (self, source, text, spans, line);
  else if (line_row.kind == ROW_FILE_MORE)
    {
      *file_line = *line;
      self->file_line_bytes = line_row.entry.seq;
      append_row (self, &line_row, text, spans, line);
    }
}

/* Adds the row of @source to @rows, rows read anew, unless the run of
 * file records counts it (its line is row *@file_row). */
static void
collect_row (SwTrafficView *self,
             GArray        *rows,
             guint         *file_row,
             const Row     *source)
{
  Row line_row = { 0 };

  if (!file_run_takes (self, &source->entry, rows, file_row, &line_row))
    g_array_append_val (rows, *source);
  else if (line_row.kind == ROW_FILE_MORE)
    g_array_append_val (rows, line_row);
}

/* The backlog past which the view skips to the newest: what it draws in
 * SKIP_AFTER_FRAMES frames, or, while it counts a file's records (cheap),
 * FILE_SKIP_MIN. */
static guint64
skip_after (SwTrafficView *self)
{
  guint64 per_frame = MAX (8, self->records_per_frame);

  if (file_run_counting (self))
    return MAX (per_frame * SKIP_AFTER_FRAMES, FILE_SKIP_MIN);

  return per_frame * SKIP_AFTER_FRAMES;
}

/* The line of the run of file records, where the buffer's mark
 * "sw-file" is. */
static void
place_file_mark (SwTrafficView *self,
                 guint          line)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (self->buffer, &iter, line);
  gtk_text_buffer_move_mark_by_name (self->buffer, "sw-file", &iter);
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

  bytes = g_array_index (self->rows, Row, self->file_row).entry.seq;
  if (bytes == self->file_line_bytes)
    return;

  text = g_string_new (NULL);
  sw_traffic_formatter_append_file_more (self->formatter, bytes, text);
  /* The line keeps its own newline. */
  g_string_truncate (text, text->len - 1);

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, gtk_text_buffer_get_mark (self->buffer, "sw-file"));
  end = start;
  gtk_text_iter_forward_to_line_end (&end);
  gtk_text_buffer_delete (self->buffer, &start, &end);
  gtk_text_buffer_insert_with_tags (self->buffer, &start, text->str, text->len,
                                    self->data_tag, self->tags[TAG_MARKER], NULL);
  self->file_line_bytes = bytes;
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

void
_sw_traffic_view_trim_lines (SwTrafficView *self)
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

void
_sw_traffic_view_scroll_to_end (SwTrafficView *self)
{
  GtkTextMark *mark = gtk_text_buffer_get_mark (self->buffer, "sw-end");

  /* As little as it takes: aligned, the start of the last line would go
   * to the left edge, and a hex dump wider than the view lose its left
   * margin. */
  gtk_text_view_scroll_to_mark (self->text_view, mark, 0.0, FALSE, 0.0, 0.0);
}

/* Inserts what was formatted (with a file's line at @file_line of it,
 * or NO_ROW), keeps the buffer within its limits and the end in view,
 * and learns how many entries a frame holds. */
static void
finish_render (SwTrafficView *self,
               GString       *text,
               GArray        *spans,
               guint          file_line,
               gint64         deadline,
               gboolean       caught_up,
               guint          rendered)
{
  guint first_line = buffer_lines (self);

  insert_rendered (self, text, spans);
  if (file_line != NO_ROW)
    place_file_mark (self, first_line + file_line);
  update_file_line (self);
  _sw_traffic_view_trim_lines (self);

  /* How many entries a frame holds, learnt while the backlog lasts. */
  if (deadline > 0 && !caught_up && rendered > 0)
    self->records_per_frame = 0.8 * self->records_per_frame + 0.2 * rendered;

  if (self->follow && text->len > 0)
    _sw_traffic_view_scroll_to_end (self);
  if (text->len > 0)
    _sw_traffic_view_queue_highlight (self);
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
  guint file_line = NO_ROW;
  guint rendered = 0;
  gboolean caught_up;

  if (self->cursor < first)
    {
      Row marker = marker_row (ROW_DROPPED, first - self->cursor, FALSE);

      /* What was lost may hold the end of a file and the start of another. */
      _sw_traffic_view_end_file_run (self);
      append_row (self, &marker, text, spans, &line);
      self->cursor = first;
    }

  if (deadline > 0)
    {
      guint64 per_frame = MAX (8, self->records_per_frame);
      guint64 pending = end - self->cursor;

      if (pending > skip_after (self))
        {
          Row marker = marker_row (ROW_SKIPPED, pending - per_frame, FALSE);

          append_row (self, &marker, text, spans, &line);
          self->cursor = end - per_frame;
        }
    }

  while (self->cursor < end)
    {
      Row source = record_row (self->cursor);

      if (_sw_traffic_view_shows_entry (self, &source.entry))
        render_row (self, &source, text, spans, &line, &file_line);
      self->cursor++;
      rendered++;

      if (over_frame_budget (text, line, rendered, deadline))
        break;
    }

  caught_up = self->cursor >= sw_traffic_log_get_end_seq (self->log);
  finish_render (self, text, spans, file_line, deadline, caught_up, rendered);

  if (n_lines != NULL)
    *n_lines = line;

  return caught_up;
}

static guint
queue_length (SwTrafficView *self)
{
  return self->queue->len - self->queue_head;
}

void
_sw_traffic_view_queue_clear (SwTrafficView *self)
{
  g_array_set_size (self->queue, 0);
  self->queue_head = 0;
  self->queue_skipped = 0;
  self->queue_gap = 0;
  g_array_set_size (self->rebuild_rows, 0);
  self->rebuild_file_row = NO_ROW;
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

/* Drops the oldest @n, drawn over by newer ones, which the view says. */
static void
queue_drop (SwTrafficView *self,
            guint          n)
{
  for (guint i = 0; i < n; i++)
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

/* Keeps the newest window of @rows, rows read anew (with @all, exactly;
 * else in chunks); row *@file_row moves with them. */
static void
trim_collected (SwTrafficView *self,
                GArray        *rows,
                guint         *file_row,
                gboolean       all)
{
  guint keep = window_rows (self);
  guint excess;

  if (rows->len <= (all ? keep : 2 * keep))
    return;

  excess = rows->len - keep;
  g_array_remove_range (rows, 0, excess);
  if (*file_row != NO_ROW)
    *file_row = *file_row >= excess ? *file_row - excess : NO_ROW;
}

static void
queue_entry_cb (const SwLensEntry *entry,
                gpointer           user_data)
{
  SwTrafficView *self = user_data;
  guint length;

  /* Read anew, entries are rows at once: a file's run is counted from
   * its start. */
  if (self->rebuilding)
    {
      Row row = entry_row (entry, ROW_RECORD);

      if (!_sw_traffic_view_shows_entry (self, entry))
        return;
      collect_row (self, self->rebuild_rows, &self->rebuild_file_row, &row);
      trim_collected (self, self->rebuild_rows, &self->rebuild_file_row, FALSE);
      return;
    }

  g_array_append_val (self->queue, *entry);
  length = queue_length (self);

  /* More than the frames it takes to draw them: the view skips to the
   * newest, as it does with records. */
  if (length > skip_after (self))
    queue_drop (self, length - MAX (8, self->records_per_frame));
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
  guint file_line = NO_ROW;
  guint rendered = 0;
  gboolean caught_up;

  remove_pending_rows (self);

  if (self->queue_gap > 0)
    {
      Row marker = marker_row (ROW_DROPPED, self->queue_gap, FALSE);

      _sw_traffic_view_end_file_run (self);
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

      if (_sw_traffic_view_shows_entry (self, &source.entry))
        render_row (self, &source, text, spans, &line, &file_line);
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

  finish_render (self, text, spans, file_line, deadline, caught_up, rendered);

  if (n_lines != NULL)
    *n_lines = line;

  return caught_up;
}

static gboolean
render_pending (SwTrafficView *self,
                gint64         deadline,
                guint         *n_lines)
{
  _sw_traffic_view_ensure_formatter (self);

  /* Showing only what matches, records wait for the search to have been
   * through them (it says when, and a flood retries meanwhile). */
  if (_sw_traffic_view_waits_for_search (self))
    {
      if (n_lines != NULL)
        *n_lines = 0;
      return FALSE;
    }

  return self->framed ? render_frames (self, deadline, n_lines) : render_records (self, deadline, n_lines);
}

static gboolean
flood_timeout_cb (gpointer user_data)
{
  SwTrafficView *self = user_data;

  self->flood_timeout_id = 0;
  _sw_traffic_view_queue_render (self);

  return G_SOURCE_REMOVE;
}

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

  /* A window around a match: what the lens read is drawn once the view
   * goes back to the newest, read anew. */
  if (self->anchored && self->build == NULL)
    {
      _sw_traffic_view_queue_clear (self);
      return G_SOURCE_REMOVE;
    }

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

  /* A window around a match stays as it is; the lens reads on. */
  if (self->framed && self->anchored)
    return !sw_traffic_lens_is_caught_up (self->lens);
  if (self->framed)
    return self->rebuilding || queue_length (self) > 0 || !sw_traffic_lens_is_caught_up (self->lens);

  return !self->anchored && self->cursor < sw_traffic_log_get_end_seq (self->log);
}

void
_sw_traffic_view_queue_render (SwTrafficView *self)
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
  _sw_traffic_view_queue_render (self);
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

void
_sw_traffic_view_build_free (Build *build)
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
  g_clear_pointer (&self->build, _sw_traffic_view_build_free);
  g_clear_pointer (&self->formatter, sw_traffic_formatter_free);
  g_array_set_size (self->rows, 0);
  self->rows_head = 0;
  self->n_pending_rows = 0;
  self->file_row = NO_ROW;
}

/* Starts drawing @rows (taken), the oldest first, anew; row @file_row
 * (or NO_ROW) is the line of the run of file records going on. */
static void
build_start (SwTrafficView *self,
             GArray        *rows,
             guint          file_row)
{
  Build *build = g_new0 (Build, 1);

  clear_rows (self);
  build->rows = rows;
  build->file_row = file_row;
  build->file_piece = NO_ROW;
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
  guint file_line = 0;
  GtkTextIter end;

  for (guint i = build->piece_rows->len; i > 0; i--)
    {
      /* The run's line goes on counting where it is now. */
      if (i - 1 == build->file_piece)
        {
          self->file_row = self->rows->len;
          self->file_line_bytes = g_array_index (build->piece_rows, Row, i - 1).entry.seq;
        }
      else if (self->file_row == NO_ROW)
        file_line += g_array_index (build->piece_rows, Row, i - 1).lines;
      g_array_append_val (self->rows, g_array_index (build->piece_rows, Row, i - 1));
    }
  count_pending_rows (self);

  gtk_text_buffer_get_end_iter (build->buffer, &end);
  gtk_text_buffer_create_mark (build->buffer, "sw-end", &end, FALSE);
  /* Left of what is written at it: the start of a file's line. */
  gtk_text_buffer_create_mark (build->buffer, "sw-file", &end, TRUE);
  g_signal_handlers_disconnect_by_func (self->buffer, _sw_traffic_view_selection_changed, self);
  gtk_text_view_set_buffer (self->text_view, build->buffer);
  self->buffer = build->buffer;
  g_signal_connect_swapped (self->buffer, "mark-set", G_CALLBACK (_sw_traffic_view_selection_changed), self);
  if (self->file_row != NO_ROW)
    place_file_mark (self, file_line);

  self->build = NULL;
  _sw_traffic_view_build_free (build);
  if (self->follow)
    _sw_traffic_view_scroll_to_end (self);
  _sw_traffic_view_queue_highlight (self);
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

  _sw_traffic_view_ensure_formatter (self);

  while (build->formatted < build->rows->len && !over_limits (self, build->lines, build->chars, G_MAXINT))
    {
      const Row *source = &g_array_index (build->rows, Row, build->rows->len - 1 - build->formatted);
      GString *piece = g_string_new (NULL);
      Span span;
      Row row;

      if (format_row (self, source, piece, 0, &span, &row))
        {
          if (build->rows->len - 1 - build->formatted == build->file_row)
            build->file_piece = build->pieces->len;
          build->lines += span.lines;
          build->chars += g_utf8_strlen (piece->str, piece->len);
          g_ptr_array_add (build->pieces, piece);
          g_array_append_val (build->piece_spans, span);
          g_array_append_val (build->piece_rows, row);
        }
      else
        g_string_free (piece, TRUE);
      build->formatted++;

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
void
_sw_traffic_view_rerender (SwTrafficView *self)
{
  GArray *rows;
  guint file_row;

  if (self->log == NULL)
    {
      clear_rows (self);
      gtk_text_buffer_set_text (self->buffer, "", 0);
      return;
    }

  /* With a build under way, what it holds; else what is drawn. */
  if (self->build != NULL)
    {
      rows = g_array_ref (self->build->rows);
      file_row = self->build->file_row;
    }
  else
    {
      rows = g_array_new (FALSE, FALSE, sizeof (Row));
      g_array_append_vals (rows, &g_array_index (self->rows, Row, self->rows_head), n_rows (self));
      file_row = self->file_row != NO_ROW ? self->file_row - self->rows_head : NO_ROW;
    }
  build_start (self, rows, file_row);
  build_step (self, 0);
}

/* The lens read the whole log anew: the newest window of what it read
 * becomes the rows, drawn a slice a frame (see render_cb()). */
static void
finish_rebuild (SwTrafficView *self)
{
  PendingRows pending = { self, NULL, NULL, NULL };
  GArray *rows = g_steal_pointer (&self->rebuild_rows);
  guint file_row = self->rebuild_file_row;

  self->rebuilding = FALSE;
  trim_collected (self, rows, &file_row, TRUE);
  self->rebuild_rows = g_array_new (FALSE, FALSE, sizeof (Row));
  _sw_traffic_view_queue_clear (self);
  build_start (self, rows, file_row);
  sw_traffic_lens_foreach_pending (self->lens, pending_row_cb, &pending);
}

/* Whether record @seq can be in a run of file records: one of the file,
 * or what came back meanwhile. */
static gboolean
in_file_run (SwTrafficView *self,
             guint64        seq)
{
  SwTrafficRecord record;

  return sw_traffic_log_get_record (self->log, seq, &record) &&
         ((record.flags & SW_RECORD_FLAGS_FILE) != 0 || record.direction == SW_DIRECTION_RECEIVED);
}

/* Without framing: the first of the @n records before @end that the
 * filter shows (fewer at the log's start). */
static guint64
window_start (SwTrafficView *self,
              guint64        end,
              guint          n)
{
  guint64 first = sw_traffic_log_get_first_seq (self->log);
  guint64 seq = MAX (first, end);
  guint shown = 0;

  if (!_sw_traffic_view_filtering (self))
    return MAX (first, end - MIN (end, n));

  while (seq > first && shown < n)
    {
      Row row = record_row (--seq);

      if (_sw_traffic_view_shows_entry (self, &row.entry))
        shown++;
    }

  return seq;
}

/* Without framing: the newest window of records, from the log, read from
 * the start of a run of file records it begins in. */
static void
rebuild_records (SwTrafficView *self)
{
  guint64 first = sw_traffic_log_get_first_seq (self->log);
  guint64 end = sw_traffic_log_get_end_seq (self->log);
  guint64 seq = window_start (self, end, window_rows (self));
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (Row));
  guint file_row = NO_ROW;

  while (seq > first && in_file_run (self, seq - 1))
    seq--;

  end_file_run (self, &file_row);
  for (; seq < end; seq++)
    {
      Row row = record_row (seq);

      if (!_sw_traffic_view_shows_entry (self, &row.entry))
        continue;
      collect_row (self, rows, &file_row, &row);
      trim_collected (self, rows, &file_row, FALSE);
    }
  trim_collected (self, rows, &file_row, TRUE);
  self->cursor = end;

  build_start (self, rows, file_row);
  build_step (self, 0);
}

typedef struct
{
  SwTrafficView *view;
  GArray        *rows;
  guint64        seq;
  guint          after;
} Anchor;

static void
anchor_entry_cb (const SwLensEntry *entry,
                 gpointer           user_data)
{
  Anchor *anchor = user_data;
  Row row = entry_row (entry, ROW_RECORD);

  if (anchor->after >= ANCHOR_AFTER || !_sw_traffic_view_shows_entry (anchor->view, entry))
    return;

  g_array_append_val (anchor->rows, row);
  if (anchor->after == 0 && (row.kind == ROW_DROPPED || entry->end_seq < anchor->seq))
    {
      if (anchor->rows->len > 2 * ANCHOR_BEFORE)
        g_array_remove_range (anchor->rows, 0, anchor->rows->len - ANCHOR_BEFORE);
      return;
    }

  /* The first entry that reaches the record: its window begins. */
  if (anchor->after++ == 0 && anchor->rows->len - 1 > ANCHOR_BEFORE)
    g_array_remove_range (anchor->rows, 0, anchor->rows->len - 1 - ANCHOR_BEFORE);
}

/* The rows around record @seq: with framing, the log is read again
 * through a lens of its own (a 64 MiB log in a fraction of a second). */
static GArray *
rows_around (SwTrafficView *self,
             guint64        seq)
{
  Anchor anchor = { self, g_array_new (FALSE, FALSE, sizeof (Row)), seq, 0 };

  if (self->framed)
    {
      SwTrafficLens *lens = sw_traffic_lens_new (self->log);

      sw_traffic_lens_set_framing (lens, self->framing, NULL);
      sw_traffic_lens_advance (lens, 0, anchor_entry_cb, &anchor);
      sw_traffic_lens_free (lens);
    }
  else
    {
      guint64 end = sw_traffic_log_get_end_seq (self->log);

      for (guint64 i = window_start (self, seq, ANCHOR_BEFORE); i < end && anchor.after < ANCHOR_AFTER; i++)
        {
          Row row = record_row (i);

          if (_sw_traffic_view_shows_entry (self, &row.entry) || i == seq)
            anchor_entry_cb (&row.entry, &anchor);
        }
    }

  return anchor.rows;
}

void
_sw_traffic_view_show_window_at (SwTrafficView *self,
                                 guint64        seq)
{
  if (self->log == NULL)
    return;

  sw_traffic_view_set_follow (self, FALSE);
  self->anchored = TRUE;
  g_clear_handle_id (&self->flood_timeout_id, g_source_remove);
  _sw_traffic_view_end_file_run (self);
  build_start (self, rows_around (self, seq), NO_ROW);
  build_step (self, 0);
}

void
_sw_traffic_view_show_newest (SwTrafficView *self)
{
  if (self->log == NULL)
    return;

  self->anchored = FALSE;
  if (self->framed)
    _sw_traffic_view_start_rebuild (self);
  else
    rebuild_records (self);
}

/* Takes up the framing's settings (a snapshot): the whole log is read
 * again through the lens, a slice a frame, then drawn. */
void
_sw_traffic_view_start_rebuild (SwTrafficView *self)
{
  gboolean was_framed = self->framed;
  gboolean was_anchored = self->anchored;

  /* The search looks in frames as they are now cut. */
  sw_search_bar_set_framing (self->search_bar, self->framing);
  if (self->log == NULL)
    return;

  self->anchored = FALSE;
  g_clear_handle_id (&self->idle_gap_id, g_source_remove);
  _sw_traffic_view_queue_clear (self);
  g_clear_pointer (&self->build, _sw_traffic_view_build_free);
  self->rebuilding = FALSE;
  self->framed = sw_traffic_lens_set_framing (self->lens, self->framing, NULL) &&
                 sw_traffic_lens_get_framed (self->lens);

  if (!self->framed)
    {
      /* Records as they are, as they were: nothing to draw anew. */
      if (was_framed || was_anchored)
        rebuild_records (self);
      return;
    }

  /* The log is read from its start: so is a run of file records. */
  _sw_traffic_view_end_file_run (self);
  self->rebuilding = TRUE;
  /* At the next frame, even in a flood. */
  g_clear_handle_id (&self->flood_timeout_id, g_source_remove);
  _sw_traffic_view_queue_render (self);
}

/* The bytes shown from @start to @end, read from the log (the rows say
 * what each line shows); %NULL when there are none. */
GBytes *
_sw_traffic_view_dup_shown_bytes (SwTrafficView     *self,
                 const GtkTextIter *start,
                 const GtkTextIter *end)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint start_line = gtk_text_iter_get_line (start);
  guint end_line = gtk_text_iter_get_line (end);
  guint line = 0;

  _sw_traffic_view_ensure_formatter (self);

  for (guint i = 0; i < n_rows (self) && line <= end_line; line += nth_row (self, i)->lines, i++)
    {
      const Row *row = nth_row (self, i);
      SwTrafficRecord record;
      g_autofree char *note = NULL;
      TagKind note_tag;
      gsize from;
      gsize to;

      if (line + row->lines <= start_line || row->kind == ROW_SKIPPED || row->kind == ROW_DROPPED ||
          row->kind == ROW_FILE_MORE)
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

void
_sw_traffic_view_render_all (SwTrafficView *self)
{
  if (self->framed)
    lens_catch_up (self, 0);
  if (self->rebuilding)
    finish_rebuild (self);
  else if (self->build == NULL)
    render_pending (self, 0, NULL);
  if (self->build != NULL)
    build_step (self, 0);
}

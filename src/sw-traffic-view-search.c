/* sw-traffic-view-search.c: the search bar of a traffic view, its
 * matches highlighted in what is drawn, and its filter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-traffic-view"

#include "config.h"

#include "sw-traffic-view-private.h"

/*
 * The search runs over the whole log (SwTrafficSearch, in core); the view
 * draws only a window of it. So:
 *
 *  - Going to a match finds its row among those drawn, or draws a window
 *    of rows around it instead of the newest (Follow off; Follow on goes
 *    back to the newest).
 *  - Highlights are tags on what is drawn, put on the rows in sight (and
 *    a margin), as they come into sight: a row with matches costs a
 *    formatting of it to find where its bytes are shown. Drawn anew (a
 *    new buffer), rows are highlighted anew.
 *  - The filter decides which rows are drawn, while the bar is open; the
 *    log, its counters and Save As keep everything.
 */

/* Lines around those in sight that are highlighted as well. */
#define HIGHLIGHT_MARGIN_LINES 100
/* No row shows more of a payload than this (a hex dump, 2 KiB). */
#define MAX_SHOWN_BYTES (8 * 1024)
/* Matches in records the filter hides that going to the next one skips,
 * at most. */
#define MAX_SKIPPED_MATCHES 100000

static gboolean
search_open (SwTrafficView *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->search_bar));
}

gboolean
_sw_traffic_view_filtering (SwTrafficView *self)
{
  return self->filter != NULL && search_open (self) && sw_traffic_filter_is_active (self->filter);
}

gboolean
_sw_traffic_view_waits_for_search (SwTrafficView *self)
{
  SwTrafficSearch *search = self->filter != NULL ? sw_traffic_filter_get_search (self->filter) : NULL;

  return search != NULL && _sw_traffic_view_filtering (self) && sw_traffic_search_get_searching (search);
}

gboolean
_sw_traffic_view_shows_entry (SwTrafficView     *self,
                              const SwLensEntry *entry)
{
  SwTrafficRecord record;

  if (entry->kind == SW_LENS_ENTRY_GAP || !_sw_traffic_view_filtering (self))
    return TRUE;

  /* A frame is its last record's (direction, peer), or its first's. */
  if (sw_traffic_log_get_record (self->log, entry->end_seq, &record) &&
      sw_traffic_filter_matches (self->filter, &record))
    return TRUE;

  return entry->seq != entry->end_seq && sw_traffic_log_get_record (self->log, entry->seq, &record) &&
         sw_traffic_filter_matches (self->filter, &record);
}

/* Ranges of rows */

static gboolean
same_stream (const SwTrafficRecord *a,
             const SwTrafficRecord *b)
{
  return a->direction == b->direction && a->connection == b->connection &&
         (a->connection != 0 || g_strcmp0 (a->peer, b->peer) == 0);
}

/* Adds what match @index (any, with SW_SEARCH_BAR_NO_MATCH) covers of
 * bytes [@start, @start + @length) of record @seq to @ranges, at @pos and
 * on in the row. */
static void
add_record_ranges (SwTrafficView *self,
                   guint64        seq,
                   gsize          start,
                   gsize          length,
                   gsize          pos,
                   guint          index,
                   GArray        *ranges)
{
  g_autoptr(GArray) found = NULL;

  if (index == SW_SEARCH_BAR_NO_MATCH)
    found = sw_traffic_search_get_record_ranges (self->search, seq);
  else
    {
      SwSearchRange range;

      found = g_array_new (FALSE, FALSE, sizeof (SwSearchRange));
      if (sw_traffic_search_get_match_range (self->search, index, seq, &range))
        g_array_append_val (found, range);
    }

  for (guint i = 0; i < found->len; i++)
    {
      const SwSearchRange *range = &g_array_index (found, SwSearchRange, i);
      gsize from = MAX (range->offset, start);
      gsize to = MIN (range->offset + range->length, start + length);
      SwSearchRange part = { pos + from - start, to - from };

      if (to > from)
        g_array_append_val (ranges, part);
    }
}

/* The bytes of @row's payload that match @index (or any) covers. */
static void
row_ranges (SwTrafficView *self,
            const Row     *row,
            guint          index,
            GArray        *ranges)
{
  const SwLensEntry *entry = &row->entry;
  SwTrafficRecord last;
  gsize remaining = entry->length;
  gsize pos = 0;

  if (row->kind != ROW_RECORD && row->kind != ROW_PENDING)
    return;

  if (entry->kind != SW_LENS_ENTRY_FRAME)
    {
      if (sw_traffic_search_record_has_match (self->search, entry->seq))
        add_record_ranges (self, entry->seq, 0, G_MAXSIZE / 2, 0, index, ranges);
      return;
    }

  /* A frame: its bytes from record to record of its stream. */
  if (!sw_traffic_log_get_record (self->log, entry->end_seq, &last))
    return;
  for (guint64 seq = entry->seq; seq <= entry->end_seq && remaining > 0; seq++)
    {
      SwTrafficRecord record;
      gsize start = seq == entry->seq ? entry->offset : 0;
      gsize length;

      if (!sw_traffic_log_get_record (self->log, seq, &record) || !same_stream (&record, &last) ||
          start >= record.length)
        continue;

      length = MIN (record.length - start, remaining);
      if (sw_traffic_search_record_has_match (self->search, seq))
        add_record_ranges (self, seq, start, length, pos, index, ranges);
      pos += length;
      remaining -= length;
    }
}

/* Highlighting */

static void
apply_tag (SwTrafficView *self,
           GtkTextTag    *tag,
           guint          line,
           guint          start_column,
           guint          end_line,
           guint          end_column,
           int           *first)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_iter_at_line_offset (self->buffer, &start, line, start_column);
  if (end_column == G_MAXUINT)
    {
      end = start;
      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_to_line_end (&end);
    }
  else
    gtk_text_buffer_get_iter_at_line_offset (self->buffer, &end, end_line, end_column);
  gtk_text_buffer_apply_tag (self->buffer, tag, &start, &end);

  if (first != NULL && *first < 0)
    *first = gtk_text_iter_get_offset (&start);
}

/* Ranges that touch or overlap, as one (@ranges in order). */
static void
merge_ranges (GArray *ranges)
{
  guint kept = 0;

  for (guint i = 0; i < ranges->len; i++)
    {
      SwSearchRange *range = &g_array_index (ranges, SwSearchRange, i);
      SwSearchRange *last = kept > 0 ? &g_array_index (ranges, SwSearchRange, kept - 1) : NULL;

      if (last != NULL && range->offset <= last->offset + last->length)
        last->length = MAX (last->length, range->offset + range->length - last->offset);
      else
        g_array_index (ranges, SwSearchRange, kept++) = *range;
    }
  g_array_set_size (ranges, kept);
}

/* Tags @ranges of @record's payload as it is shown from buffer line
 * @line; *@first (negative) becomes where the first begins. Where each
 * byte is shown is found in one pass over the payload. */
static void
apply_ranges (SwTrafficView         *self,
              const SwTrafficRecord *record,
              const char            *note,
              guint                  line,
              GArray                *ranges,
              GtkTextTag            *tag,
              int                   *first)
{
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autofree guint *lines = NULL;
  g_autofree guint *columns = NULL;
  g_autofree guint *gutters = NULL;
  gboolean hex = self->mode == SW_DISPLAY_MODE_HEX;
  guint j = 0;

  merge_ranges (ranges);

  /* Text: where each range begins and ends; hex: each byte, on the
   * digits and in the gutter (a long payload shows its start only). */
  for (guint i = 0; i < ranges->len; i++)
    {
      const SwSearchRange *range = &g_array_index (ranges, SwSearchRange, i);
      gsize end = range->offset + range->length;

      if (!hex)
        {
          g_array_append_val (offsets, range->offset);
          g_array_append_val (offsets, end);
        }
      for (gsize b = range->offset; hex && b < MIN (end, MAX_SHOWN_BYTES); b++)
        g_array_append_val (offsets, b);
    }

  lines = g_new (guint, offsets->len);
  columns = g_new (guint, offsets->len);
  gutters = g_new (guint, offsets->len);
  sw_traffic_formatter_find_each (self->formatter, record, note, (const gsize *) (gpointer) offsets->data,
                                  offsets->len, lines, columns, gutters);

  for (guint i = 0; i < ranges->len; i++)
    {
      const SwSearchRange *range = &g_array_index (ranges, SwSearchRange, i);

      if (!hex)
        {
          /* Past what a long payload shows: to the end of the line. */
          if (lines[j] != G_MAXUINT)
            apply_tag (self, tag, line + lines[j], columns[j],
                       line + (lines[j + 1] != G_MAXUINT ? lines[j + 1] : lines[j]),
                       lines[j + 1] != G_MAXUINT ? columns[j + 1] : G_MAXUINT, first);
          j += 2;
          continue;
        }

      /* A run a dump row. */
      for (guint run = j; j < offsets->len && g_array_index (offsets, gsize, j) < range->offset + range->length; j++)
        {
          gboolean last = j + 1 >= offsets->len || lines[j + 1] != lines[j] ||
                          g_array_index (offsets, gsize, j + 1) >= range->offset + range->length;

          if (lines[j] == G_MAXUINT)
            continue;
          if (lines[run] != lines[j])
            run = j;
          if (last)
            {
              apply_tag (self, tag, line + lines[j], columns[run], line + lines[j], columns[j] + 2, first);
              apply_tag (self, tag, line + lines[j], gutters[run], line + lines[j], gutters[j] + 1, NULL);
              run = j + 1;
            }
        }
    }
}

/* Highlights what match @index (or every match) covers of @row, drawn
 * from @line. */
static void
mark_row (SwTrafficView *self,
          const Row     *row,
          guint          line,
          guint          index,
          int           *first)
{
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (SwSearchRange));
  g_autofree char *note = NULL;
  SwTrafficRecord record;

  row_ranges (self, row, index, ranges);
  if (ranges->len == 0 || !_sw_traffic_view_entry_record (self, &row->entry, &record, &note))
    return;

  apply_ranges (self, &record, note, line, ranges,
                self->tags[index == SW_SEARCH_BAR_NO_MATCH ? TAG_MATCH : TAG_CURRENT_MATCH], first);
}

/* Whether @row can show part of @match. */
static gboolean
row_meets (const Row           *row,
           const SwSearchMatch *match)
{
  return (row->kind == ROW_RECORD || row->kind == ROW_PENDING) &&
         row->entry.seq <= match->end_seq && row->entry.end_seq >= match->start_seq;
}

static gboolean
current_match (SwTrafficView *self,
               SwSearchMatch *match)
{
  return self->search != NULL && self->current != SW_SEARCH_BAR_NO_MATCH &&
         sw_traffic_search_get_match (self->search, self->current, match);
}

/* Highlights the rows in sight (and a margin) that are not yet. */
static void
highlight_visible (SwTrafficView *self)
{
  GdkRectangle rect;
  GtkTextIter iter;
  SwSearchMatch match;
  gboolean has_current;
  guint top;
  guint bottom;
  guint line = 0;

  if (self->search == NULL || self->log == NULL || self->build != NULL)
    return;

  gtk_text_view_get_visible_rect (self->text_view, &rect);
  gtk_text_view_get_line_at_y (self->text_view, &iter, rect.y, NULL);
  top = gtk_text_iter_get_line (&iter);
  gtk_text_view_get_line_at_y (self->text_view, &iter, rect.y + rect.height, NULL);
  bottom = gtk_text_iter_get_line (&iter) + HIGHLIGHT_MARGIN_LINES;
  top = top > HIGHLIGHT_MARGIN_LINES ? top - HIGHLIGHT_MARGIN_LINES : 0;

  _sw_traffic_view_ensure_formatter (self);
  has_current = current_match (self, &match);
  for (guint i = 0; i < _sw_traffic_view_n_rows (self) && line <= bottom; i++)
    {
      Row *row = _sw_traffic_view_nth_row (self, i);

      if (line + row->lines > top && !row->marked)
        {
          row->marked = TRUE;
          mark_row (self, row, line, SW_SEARCH_BAR_NO_MATCH, NULL);
          if (has_current && row_meets (row, &match))
            mark_row (self, row, line, self->current, NULL);
        }
      line += row->lines;
    }
}

static gboolean
highlight_cb (gpointer user_data)
{
  SwTrafficView *self = user_data;

  self->highlight_id = 0;
  highlight_visible (self);

  return G_SOURCE_REMOVE;
}

void
_sw_traffic_view_queue_highlight (SwTrafficView *self)
{
  /* After GTK laid out what was drawn, to know what is in sight. */
  if (self->highlight_id == 0 && self->search != NULL)
    self->highlight_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, highlight_cb, self, NULL);
}

/* The rows that reach record @seq or later are highlighted anew, with
 * the matches found by now. */
static void
unmark_rows_from (SwTrafficView *self,
                  guint64        seq)
{
  for (guint i = 0; i < _sw_traffic_view_n_rows (self); i++)
    {
      Row *row = _sw_traffic_view_nth_row (self, i);

      if (row->entry.end_seq >= seq || row->kind != ROW_RECORD)
        row->marked = FALSE;
    }
  _sw_traffic_view_queue_highlight (self);
}

static void
unmark_rows (SwTrafficView *self)
{
  unmark_rows_from (self, 0);
}

static void
clear_highlights (SwTrafficView *self)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->tags[TAG_MATCH], &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->tags[TAG_CURRENT_MATCH], &start, &end);
  unmark_rows (self);
}

/* Highlights the current match wherever it is drawn, and scrolls to it. */
static void
show_current (SwTrafficView *self)
{
  GtkTextIter start;
  GtkTextIter end;
  int first = -1;
  SwSearchMatch match;
  guint line = 0;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->tags[TAG_CURRENT_MATCH], &start, &end);
  if (!current_match (self, &match))
    return;

  _sw_traffic_view_ensure_formatter (self);
  for (guint i = 0; i < _sw_traffic_view_n_rows (self); i++)
    {
      Row *row = _sw_traffic_view_nth_row (self, i);

      if (row_meets (row, &match))
        {
          if (!row->marked)
            mark_row (self, row, line, SW_SEARCH_BAR_NO_MATCH, NULL);
          row->marked = TRUE;
          mark_row (self, row, line, self->current, &first);
        }
      line += row->lines;
    }

  if (first >= 0)
    {
      GtkTextMark *mark = gtk_text_buffer_get_mark (self->buffer, "sw-match");

      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, first);
      if (mark == NULL)
        mark = gtk_text_buffer_create_mark (self->buffer, "sw-match", &start, TRUE);
      else
        gtk_text_buffer_move_mark (self->buffer, mark, &start);
      gtk_text_view_scroll_to_mark (self->text_view, mark, 0.0, TRUE, 0.0, 0.3);
    }
  _sw_traffic_view_queue_highlight (self);
}

/* Navigating */

/* Whether a row of what is drawn shows part of match @index. */
static gboolean
match_drawn (SwTrafficView *self,
             guint          index)
{
  SwSearchMatch match;

  if (self->build != NULL || !sw_traffic_search_get_match (self->search, index, &match))
    return FALSE;

  for (guint i = _sw_traffic_view_n_rows (self); i > 0; i--)
    {
      const Row *row = _sw_traffic_view_nth_row (self, i - 1);
      g_autoptr(GArray) ranges = NULL;

      if (!row_meets (row, &match))
        continue;
      ranges = g_array_new (FALSE, FALSE, sizeof (SwSearchRange));
      row_ranges (self, row, index, ranges);
      if (ranges->len > 0)
        return TRUE;
    }

  return FALSE;
}

static void
show_match (SwTrafficView *self,
            guint          index)
{
  SwSearchMatch match;

  if (!sw_traffic_search_get_match (self->search, index, &match))
    return;

  self->current = index;
  sw_search_bar_set_current (self->search_bar, index);
  /* Found, the view stays with it. */
  sw_traffic_view_set_follow (self, FALSE);
  if (!match_drawn (self, index))
    _sw_traffic_view_show_window_at (self, match.start_seq);
  show_current (self);
}

/* Whether the filter shows the record where match @index starts. */
static gboolean
match_shown (SwTrafficView *self,
             guint          index)
{
  SwSearchMatch match;
  SwLensEntry entry = { 0 };

  if (!_sw_traffic_view_filtering (self))
    return TRUE;
  if (!sw_traffic_search_get_match (self->search, index, &match))
    return FALSE;

  entry.seq = entry.end_seq = match.start_seq;
  entry.kind = SW_LENS_ENTRY_RECORD;

  return _sw_traffic_view_shows_entry (self, &entry);
}

/* The record at the top of what is in sight, where a search with no
 * current match starts. */
static guint64
top_seq (SwTrafficView *self)
{
  GdkRectangle rect;
  GtkTextIter iter;
  guint top;
  guint line = 0;

  gtk_text_view_get_visible_rect (self->text_view, &rect);
  gtk_text_view_get_line_at_y (self->text_view, &iter, rect.y, NULL);
  top = gtk_text_iter_get_line (&iter);
  for (guint i = 0; i < _sw_traffic_view_n_rows (self); i++)
    {
      const Row *row = _sw_traffic_view_nth_row (self, i);

      line += row->lines;
      if (line > top && (row->kind == ROW_RECORD || row->kind == ROW_PENDING))
        return row->entry.seq;
    }

  return sw_traffic_log_get_first_seq (self->log);
}

static void
navigate_cb (SwTrafficView *self,
             gboolean       backward)
{
  guint n;
  guint index;
  gboolean wrapped;

  if (self->search == NULL || self->log == NULL)
    return;

  n = sw_traffic_search_get_n_matches (self->search);
  if (n == 0)
    {
      /* Goes there once the search finds one. */
      self->navigate_pending = sw_traffic_search_get_searching (self->search);
      self->navigate_backward = backward;
      return;
    }
  self->navigate_pending = FALSE;

  if (self->current < n)
    index = backward ? (self->current + n - 1) % n : (self->current + 1) % n;
  else if (backward)
    sw_traffic_search_find_previous (self->search, top_seq (self), 0, &index, &wrapped);
  else
    sw_traffic_search_find_next (self->search, top_seq (self), 0, &index, &wrapped);

  for (guint skipped = 0; skipped < MIN (n, MAX_SKIPPED_MATCHES) && !match_shown (self, index); skipped++)
    index = backward ? (index + n - 1) % n : (index + 1) % n;

  show_match (self, index);
}

/* Search and filter changes */

static gboolean
refilter_cb (gpointer user_data)
{
  SwTrafficView *self = user_data;
  SwSearchMatch match;

  self->refilter_id = 0;
  if (self->log == NULL)
    return G_SOURCE_REMOVE;

  if (self->anchored && current_match (self, &match))
    {
      _sw_traffic_view_show_window_at (self, match.start_seq);
      show_current (self);
    }
  else
    _sw_traffic_view_show_newest (self);

  return G_SOURCE_REMOVE;
}

/* Draws the rows again as the filter says, once whatever changed it is
 * done changing. */
static void
queue_refilter (SwTrafficView *self)
{
  if (self->refilter_id == 0)
    self->refilter_id = g_idle_add_full (RENDER_PRIORITY, refilter_cb, self, NULL);
}

static void
follow_search (SwTrafficView *self)
{
  SwTrafficSearch *search = search_open (self) ? sw_search_bar_get_search (self->search_bar) : NULL;

  if (search == self->search)
    return;

  g_set_object (&self->search, search);
  g_signal_group_set_target (self->search_signals, search);
  self->current = SW_SEARCH_BAR_NO_MATCH;
  self->navigate_pending = FALSE;
  self->search_done = search != NULL && !sw_traffic_search_get_searching (search);
  clear_highlights (self);
}

static void
matches_changed_cb (SwTrafficView *self,
                    guint          position,
                    guint          removed,
                    guint          added)
{
  /* Matches go with the records the log trims: the one shown keeps its
   * place, or is gone. */
  if (self->current != SW_SEARCH_BAR_NO_MATCH && position <= self->current && removed != added)
    {
      self->current = self->current < position + removed ? SW_SEARCH_BAR_NO_MATCH
                                                          : self->current - removed + added;
      sw_search_bar_set_current (self->search_bar, self->current);
    }

  if (self->navigate_pending && sw_traffic_search_get_n_matches (self->search) > 0)
    navigate_cb (self, self->navigate_backward);

  /* Found as records come, new matches touch only the rows from the
   * record where the first of them begins. */
  if (added > 0)
    {
      SwSearchMatch match;

      if (sw_traffic_search_get_match (self->search, position, &match))
        unmark_rows_from (self, match.start_seq);
    }
}

static void
searching_cb (SwTrafficView *self)
{
  if (sw_traffic_search_get_searching (self->search))
    return;

  /* Only the records that match: drawn anew once the whole log is
   * searched; after that, what comes is drawn once searched. */
  self->navigate_pending = FALSE;
  if (sw_traffic_filter_get_search (self->filter) == self->search && _sw_traffic_view_filtering (self))
    {
      if (!self->search_done)
        queue_refilter (self);
      else
        _sw_traffic_view_queue_render (self);
    }
  self->search_done = TRUE;
}

static void
closed_cb (SwTrafficView *self)
{
  follow_search (self);
  if (sw_traffic_filter_is_active (self->filter))
    queue_refilter (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwTrafficView *self = SW_TRAFFIC_VIEW (widget);
  gboolean was_open = search_open (self);

  sw_search_bar_open (self->search_bar);
  follow_search (self);
  if (!was_open && sw_traffic_filter_is_active (self->filter))
    queue_refilter (self);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SwTrafficView *self = SW_TRAFFIC_VIEW (widget);

  if (!search_open (self))
    find_action (widget, NULL, NULL);
  sw_search_bar_update_search (self->search_bar);
  navigate_cb (self, g_str_equal (action_name, "view.find-previous"));
}

void
_sw_traffic_view_search_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "view.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "view.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "view.find-previous", NULL, find_next_action);
}

void
_sw_traffic_view_search_init (SwTrafficView *self)
{
  self->current = SW_SEARCH_BAR_NO_MATCH;
  self->filter = g_object_ref (sw_search_bar_get_filter (self->search_bar));
  self->search_signals = g_signal_group_new (SW_TYPE_TRAFFIC_SEARCH);
  g_signal_group_connect_swapped (self->search_signals, "matches-changed", G_CALLBACK (matches_changed_cb), self);
  g_signal_group_connect_swapped (self->search_signals, "notify::searching", G_CALLBACK (searching_cb), self);

  g_signal_connect_swapped (self->search_bar, "notify::search", G_CALLBACK (follow_search), self);
  g_signal_connect_swapped (self->search_bar, "navigate", G_CALLBACK (navigate_cb), self);
  g_signal_connect_swapped (self->search_bar, "closed", G_CALLBACK (closed_cb), self);
  g_signal_connect_swapped (self->filter, "notify", G_CALLBACK (queue_refilter), self);
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                            G_CALLBACK (_sw_traffic_view_queue_highlight), self);
}

void
_sw_traffic_view_search_dispose (SwTrafficView *self)
{
  g_clear_handle_id (&self->highlight_id, g_source_remove);
  g_clear_handle_id (&self->refilter_id, g_source_remove);
  if (self->search_signals != NULL)
    g_signal_group_set_target (self->search_signals, NULL);
  g_clear_object (&self->search_signals);
  g_clear_object (&self->search);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->filter);
}

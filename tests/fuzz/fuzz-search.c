/* fuzz-search.c: searching a log of any records for any pattern
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one byte of settings (bits 0–1 the kind modulo 3, bit 2 case-
 * insensitive, bits 3–5 the encoding modulo 7, bits 6–7 the framing:
 * none, each chunk, lines), the pattern up to a NUL, then records: a
 * byte saying where (bits 0–1: connection 1 received, connection 1 sent,
 * connection 2 received, a peer without a connection; bit 2: an event
 * instead), a length byte, and that many bytes.
 *
 * Checks: a pattern compiles or says why, with an offset inside it; the
 * search finishes, with the records appended in two goes (half of them
 * while it runs); every match re-read from the log really matches (the
 * needle for text and hex, the regular expression somewhere in the
 * decoded match when it looks at nothing around it); a naive search
 * finds as many matches for text and hex; the parts of each match that
 * records hold add up to it; and the mapped decoding of all the bytes,
 * cut anywhere, is the decoding of the whole, and the bytes after each
 * mark decode to the text after it.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sw-core-private.h"
#include "sw-escape.h"
#include "sw-fuzz.h"
#include "sw-hex.h"
#include "sw-regex-private.h"
#include "sw-traffic-search.h"

#define N_STREAMS 4
#define EVENTS    N_STREAMS

typedef enum
{
  FRAMING_OFF,
  FRAMING_CHUNKS,
  FRAMING_LINES,
} Framing;

typedef struct
{
  guint   where;     /* a stream, or EVENTS */
  guint64 offset;    /* of its first byte in its stream */
  GBytes *bytes;
} Record;

typedef struct
{
  GArray     *records;  /* of Record, by seq */
  GByteArray *streams[N_STREAMS];
  /* Where haystacks end in each stream: chunk or line ends. */
  GArray     *cuts[N_STREAMS];
} Model;

static void
record_clear (gpointer data)
{
  g_bytes_unref (((Record *) data)->bytes);
}

static void
model_clear (Model *model)
{
  g_array_unref (model->records);
  for (guint i = 0; i < N_STREAMS; i++)
    {
      g_byte_array_unref (model->streams[i]);
      g_array_unref (model->cuts[i]);
    }
}

static gboolean
search_done (SwTrafficSearch *search)
{
  return !sw_traffic_search_get_searching (search);
}

static void
run_until_done (SwTrafficSearch *search)
{
  while (!search_done (search))
    g_main_context_iteration (NULL, TRUE);
}

/* The bytes a match covers, from its stream (or event). */
static GBytes *
match_bytes (Model               *model,
             const SwSearchMatch *match,
             guint               *where)
{
  const Record *first = &g_array_index (model->records, Record, match->start_seq);
  const Record *last = &g_array_index (model->records, Record, match->end_seq);
  const guint8 *data;
  gsize length;

  *where = first->where;
  g_assert_cmpuint (first->where, ==, last->where);
  g_assert_cmpuint (match->start_offset, <, g_bytes_get_size (first->bytes));
  g_assert_cmpuint (match->end_offset, >=, 1);
  g_assert_cmpuint (match->end_offset, <=, g_bytes_get_size (last->bytes));

  if (first->where == EVENTS)
    {
      g_assert_cmpuint (match->start_seq, ==, match->end_seq);
      data = g_bytes_get_data (first->bytes, &length);
      return g_bytes_new (data + match->start_offset, match->end_offset - match->start_offset);
    }

  data = model->streams[first->where]->data;
  g_assert_cmpuint (first->offset + match->start_offset, <, last->offset + match->end_offset);

  return g_bytes_new (data + first->offset + match->start_offset,
                      (last->offset + match->end_offset) - (first->offset + match->start_offset));
}

static gboolean
equal_masked (const guint8 *data,
              const guint8 *bytes,
              const guint8 *mask,
              gsize         length,
              gboolean      ascii_case)
{
  for (gsize i = 0; i < length; i++)
    {
      guint8 b = data[i] & (mask != NULL ? mask[i] : 0xFF);

      if (ascii_case ? g_ascii_tolower (b) != g_ascii_tolower (bytes[i]) : b != bytes[i])
        return FALSE;
    }

  return TRUE;
}

/* Leftmost, non-overlapping matches of a needle in @data[@from, @to). */
static guint
naive_count (const guint8 *data,
             gsize         from,
             gsize         to,
             GBytes       *needle,
             GBytes       *mask,
             gboolean      ascii_case)
{
  gsize n;
  const guint8 *bytes = g_bytes_get_data (needle, &n);
  const guint8 *m = mask != NULL ? g_bytes_get_data (mask, NULL) : NULL;
  guint count = 0;

  for (gsize i = from; i + n <= to; )
    {
      if (equal_masked (data + i, bytes, m, n, ascii_case))
        {
          count++;
          i += n;
        }
      else
        {
          i++;
        }
    }

  return count;
}

/* The text and hex kinds the slow way: every stream's haystacks and
 * every event. */
static guint
naive_total (Model    *model,
             Framing   framing,
             GBytes   *needle,
             GBytes   *event_needle,
             GBytes   *mask,
             gboolean  ascii_case)
{
  guint total = 0;

  for (guint s = 0; s < N_STREAMS; s++)
    {
      GByteArray *stream = model->streams[s];
      gsize from = 0;

      for (guint c = 0; framing != FRAMING_OFF && c < model->cuts[s]->len; c++)
        {
          gsize cut = g_array_index (model->cuts[s], gsize, c);

          total += naive_count (stream->data, from, cut, needle, mask, ascii_case);
          from = cut;
        }
      total += naive_count (stream->data, from, stream->len, needle, mask, ascii_case);
    }

  for (guint i = 0; i < model->records->len; i++)
    {
      const Record *record = &g_array_index (model->records, Record, i);
      gsize length;
      const guint8 *data = g_bytes_get_data (record->bytes, &length);

      if (record->where == EVENTS)
        total += naive_count (data, 0, length, event_needle, mask, ascii_case);
    }

  return total;
}

/* Whether @regex, which looks at nothing around its match, matches in
 * @text somewhere. */
static gboolean
regex_matches_in (const char *regex,
                  GString    *text)
{
  SwRegexScratch scratch;
  g_autoptr(GError) error = NULL;
  pcre2_code *code;
  gsize offset;
  int rc;

  code = _sw_regex_compile (regex, PCRE2_MULTILINE, 0, SW_SEARCH_ERROR, 0, &offset, &error);
  g_assert_nonnull (code);
  _sw_regex_scratch_init (&scratch, G_USEC_PER_SEC);
  rc = _sw_regex_match (&scratch, code, text->str, text->len, 0, PCRE2_NOTEMPTY);
  _sw_regex_scratch_clear (&scratch);
  pcre2_code_free (code);

  return rc > 0 || _sw_regex_is_limit_error (rc);
}

static void
check_mapped (SwEncoding    encoding,
              const guint8 *data,
              gsize         length,
              gsize         split)
{
  g_autoptr(GString) whole = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (SwDecodeMark));
  GIConv converter = (GIConv) -1;
  const guint8 *tail;
  gsize used;

  sw_encoding_decode_append (encoding, data, length, SW_DECODE_FLAGS_RAW, whole);
  used = _sw_encoding_decode_mapped (encoding, &converter, data, split, FALSE, 0, 0, text, marks);
  g_assert_cmpuint (split - used, <=, 4);
  /* Nothing left comes as NULL, as an empty payload may: NULL + 0 is
   * undefined behaviour, and decoding must not compute it either. */
  tail = used < length ? data + used : NULL;
  used += _sw_encoding_decode_mapped (encoding, &converter, tail, length - used, TRUE,
                                      used, 0, text, marks);
  _sw_encoding_clear_converter (&converter);

  g_assert_cmpuint (used, ==, length);
  g_assert_cmpmem (text->str, text->len, whole->str, whole->len);

  for (guint i = 0; i < marks->len; i++)
    {
      const SwDecodeMark *m = &g_array_index (marks, SwDecodeMark, i);
      g_autoptr(GString) rest = g_string_new (NULL);

      sw_encoding_decode_append (encoding, data + m->in, length - m->in, SW_DECODE_FLAGS_RAW, rest);
      g_assert_cmpmem (rest->str, rest->len, text->str + m->out, text->len - m->out);
    }
}

static void
append_record (SwTrafficLog *log,
               Model        *model,
               guint         connections[2],
               guint8        where,
               const guint8 *data,
               gsize         length)
{
  static const char *const peer = "10.0.0.1:9";
  Record record = { where & 4 ? EVENTS : where & 3, 0, NULL };

  if (record.where == EVENTS)
    {
      /* Events are text: valid UTF-8, no NUL. */
      g_autofree char *raw = g_strndup ((const char *) data, length);
      g_autofree char *message = g_utf8_make_valid (raw, -1);

      sw_traffic_log_append_event (log, SW_EVENT_KIND_INFO, NULL, message);
      record.bytes = g_bytes_new (message, strlen (message));
    }
  else
    {
      SwTrafficMeta meta = {
        .direction = record.where == 1 ? SW_DIRECTION_SENT : SW_DIRECTION_RECEIVED,
        .connection = record.where == 3 ? 0 : connections[record.where == 2],
        .peer = peer,
      };
      GByteArray *stream = model->streams[record.where];

      sw_traffic_log_append_full (log, &meta, data, length);
      record.offset = stream->len;
      record.bytes = g_bytes_new (data, length);
      g_byte_array_append (stream, data, length);

      /* Each chunk a frame: empty ones are none. */
      if (length > 0)
        {
          gsize cut = stream->len;

          g_array_append_val (model->cuts[record.where], cut);
        }
    }

  g_array_append_val (model->records, record);
}

static void
cut_lines (Model *model)
{
  for (guint s = 0; s < N_STREAMS; s++)
    {
      GByteArray *stream = model->streams[s];

      g_array_set_size (model->cuts[s], 0);
      for (gsize i = 0; i < stream->len; i++)
        if (stream->data[i] == '\n')
          {
            gsize cut = i + 1;

            g_array_append_val (model->cuts[s], cut);
          }
    }
}

static gboolean
is_plain_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80 || *p == '\\')
      return FALSE;

  return TRUE;
}

/* No anchors, lookarounds, escapes or options that look past a match. */
static gboolean
is_self_contained_regex (const char *text)
{
  return strpbrk (text, "\\^$") == NULL && strstr (text, "(?") == NULL &&
         strstr (text, "(*") == NULL;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SwTrafficLog) log = NULL;
  g_autoptr(SwSearchPattern) pattern = NULL;
  g_autoptr(SwTrafficSearch) search = NULL;
  g_autoptr(SwFraming) framing_settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) all = g_byte_array_new ();
  g_autofree char *text = NULL;
  const guint8 *nul;
  Model model;
  SwSearchKind kind;
  SwSearchFlags flags;
  SwEncoding encoding;
  Framing framing;
  guint connections[2];
  gsize error_offset = G_MAXSIZE;
  gsize n_records = 0;
  gsize half;
  guint8 settings;

  if (size < 1)
    return 0;

  settings = data[0];
  kind = (SwSearchKind) ((settings & 3) % 3);
  flags = settings & 4 ? SW_SEARCH_FLAGS_CASE_INSENSITIVE : SW_SEARCH_FLAGS_NONE;
  encoding = (SwEncoding) (((settings >> 3) & 7) % SW_N_ENCODINGS);
  framing = (Framing) ((settings >> 6) % 3);
  data++;
  size--;

  nul = memchr (data, '\0', size);
  text = g_strndup ((const char *) data, nul != NULL ? (gsize) (nul - data) : size);
  data += nul != NULL ? (gsize) (nul - data) + 1 : size;
  size -= nul != NULL ? strlen (text) + 1 : size;

  pattern = sw_search_pattern_new (kind, text, encoding, flags, &error_offset, &error);
  if (pattern == NULL)
    {
      sw_fuzz_assert_error (error, SW_SEARCH_ERROR, SW_SEARCH_ERROR_INVALID_REGEX);
      g_assert_cmpuint (error_offset, <=, strlen (text));
      return 0;
    }
  g_assert_no_error (error);

  log = sw_traffic_log_new ();
  connections[0] = sw_traffic_log_open_connection (log, SW_TRANSPORT_TCP, FALSE, NULL, NULL, "127.0.0.1:1");
  connections[1] = sw_traffic_log_open_connection (log, SW_TRANSPORT_TCP, FALSE, NULL, NULL, "127.0.0.1:2");

  model.records = g_array_new (FALSE, FALSE, sizeof (Record));
  g_array_set_clear_func (model.records, record_clear);
  for (guint i = 0; i < N_STREAMS; i++)
    {
      model.streams[i] = g_byte_array_new ();
      model.cuts[i] = g_array_new (FALSE, FALSE, sizeof (gsize));
    }

  if (framing != FRAMING_OFF)
    {
      framing_settings = sw_framing_new ();
      sw_framing_set_mode (framing_settings, framing == FRAMING_LINES ? SW_FRAMING_MODE_DELIMITER
                                                                      : SW_FRAMING_MODE_NONE);
      sw_framing_set_delimiter (framing_settings, "\\n");
    }

  /* Half the records before the search starts, half while it runs. */
  for (gsize at = 0; at + 2 <= size; at += 2 + data[at + 1])
    n_records++;
  half = n_records / 2;

  for (gsize at = 0, i = 0; at + 2 <= size; at += 2 + data[at + 1], i++)
    {
      gsize length = MIN ((gsize) data[at + 1], size - at - 2);

      if (i == half)
        {
          sw_traffic_log_flush (log);
          search = sw_traffic_search_new (log, pattern, framing_settings);
          g_main_context_iteration (NULL, FALSE);
        }

      append_record (log, &model, connections, data[at], data + at + 2, length);
      g_byte_array_append (all, data + at + 2, length);
    }

  if (search == NULL)
    search = sw_traffic_search_new (log, pattern, framing_settings);
  sw_traffic_log_flush (log);
  run_until_done (search);

  if (framing == FRAMING_LINES)
    cut_lines (&model);

  if (sw_traffic_search_get_error (search) != NULL)
    {
      g_assert_true (kind == SW_SEARCH_KIND_REGEX);
      g_assert_error ((GError *) sw_traffic_search_get_error (search),
                      SW_SEARCH_ERROR, SW_SEARCH_ERROR_MATCH_LIMIT);
      goto out;
    }

  /* Every match, re-read. */
  for (guint i = 0; i < sw_traffic_search_get_n_matches (search); i++)
    {
      g_autoptr(GBytes) found = NULL;
      SwSearchMatch match;
      gsize covered = 0;
      guint where;

      g_assert_true (sw_traffic_search_get_match (search, i, &match));
      found = match_bytes (&model, &match, &where);
      g_assert_true (sw_traffic_search_record_has_match (search, match.start_seq));
      g_assert_true (sw_traffic_search_record_has_match (search, match.end_seq));

      for (guint64 seq = match.start_seq; seq <= match.end_seq; seq++)
        {
          SwSearchRange range;

          if (sw_traffic_search_get_match_range (search, i, seq, &range))
            covered += range.length;
        }
      g_assert_cmpuint (covered, ==, g_bytes_get_size (found));

      if (i > 0)
        {
          SwSearchMatch previous;

          sw_traffic_search_get_match (search, i - 1, &previous);
          g_assert_true (previous.start_seq < match.start_seq ||
                         (previous.start_seq == match.start_seq &&
                          previous.start_offset < match.start_offset));
        }

      if (kind == SW_SEARCH_KIND_REGEX)
        {
          g_autoptr(GString) decoded = g_string_new (NULL);
          gsize length;
          const guint8 *bytes = g_bytes_get_data (found, &length);

          sw_encoding_decode_append (where == EVENTS ? SW_ENCODING_UTF8 : encoding,
                                     bytes, length, SW_DECODE_FLAGS_RAW, decoded);
          if (is_self_contained_regex (text) && !(flags & SW_SEARCH_FLAGS_CASE_INSENSITIVE) &&
              !regex_matches_in (text, decoded))
            {
              g_autofree char *hex = sw_hex_format (bytes, length);

              g_error ("“%s” does not match %" G_GUINT64_FORMAT ":%zu-%" G_GUINT64_FORMAT ":%zu, "
                       "%s, “%s”", text, match.start_seq, match.start_offset,
                       match.end_seq, match.end_offset, hex, decoded->str);
            }
        }
      else if (kind == SW_SEARCH_KIND_HEX || !(flags & SW_SEARCH_FLAGS_CASE_INSENSITIVE))
        {
          g_autoptr(GBytes) mask = NULL;
          g_autoptr(GBytes) needle = NULL;

          if (kind == SW_SEARCH_KIND_HEX)
            needle = _sw_hex_parse_pattern (text, -1, &mask, NULL, NULL);
          else
            needle = sw_escape_parse (text, -1, where == EVENTS ? SW_ENCODING_UTF8 : encoding, NULL, NULL);
          g_assert_nonnull (needle);
          g_assert_cmpuint (g_bytes_get_size (found), ==, g_bytes_get_size (needle));
          g_assert_true (equal_masked (g_bytes_get_data (found, NULL), g_bytes_get_data (needle, NULL),
                                       mask != NULL ? g_bytes_get_data (mask, NULL) : NULL,
                                       g_bytes_get_size (needle), FALSE));
        }
      else if (is_plain_ascii (text) && encoding != SW_ENCODING_UTF16LE &&
               encoding != SW_ENCODING_UTF16BE)
        {
          g_assert_cmpuint (g_bytes_get_size (found), ==, strlen (text));
          g_assert_true (g_ascii_strncasecmp (g_bytes_get_data (found, NULL), text, strlen (text)) == 0);
        }
    }

  /* As many as the slow way finds. */
  if (kind != SW_SEARCH_KIND_REGEX &&
      (!(flags & SW_SEARCH_FLAGS_CASE_INSENSITIVE) ||
       (is_plain_ascii (text) && encoding != SW_ENCODING_UTF16LE && encoding != SW_ENCODING_UTF16BE)))
    {
      g_autoptr(GBytes) mask = NULL;
      g_autoptr(GBytes) needle = NULL;
      g_autoptr(GBytes) event_needle = NULL;
      gboolean ascii_case = (flags & SW_SEARCH_FLAGS_CASE_INSENSITIVE) && kind == SW_SEARCH_KIND_TEXT;

      if (kind == SW_SEARCH_KIND_HEX)
        {
          needle = _sw_hex_parse_pattern (text, -1, &mask, NULL, NULL);
          event_needle = g_bytes_ref (needle);
        }
      else
        {
          needle = sw_escape_parse (text, -1, encoding, NULL, NULL);
          event_needle = sw_escape_parse (text, -1, SW_ENCODING_UTF8, NULL, NULL);
        }

      g_assert_cmpuint (sw_traffic_search_get_n_matches (search), ==,
                        naive_total (&model, framing, needle, event_needle, mask, ascii_case));
    }

out:
  check_mapped (encoding, all->data, all->len, all->len > 0 ? settings % (all->len + 1) : 0);

  g_clear_object (&search);
  model_clear (&model);

  return 0;
}

/* sw-search-pattern.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-search-pattern"

#include "config.h"

#include "sw-search-pattern.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-core-private.h"
#include "sw-escape.h"
#include "sw-regex-private.h"
#include "sw-search-private.h"

/**
 * SwSearchPattern:
 *
 * What a person searches the log for (issue #12), compiled once:
 *
 * - `TEXT`: text with the send bar's escapes (`\r`, `\n`, `\t`, `\0`,
 *   `\\`, `\xNN`, the way the log shows those bytes), encoded in the
 *   display encoding and compared byte for byte; events, which are UTF-8,
 *   are searched for the text in UTF-8. Case-insensitive, a letter also
 *   matches its other cases (Unicode's simple case mappings: "straße"
 *   finds "STRAßE", not "STRASSE"), each case encoded on its own, so
 *   that no byte has to be decoded; an escape is a byte and has no case.
 *   In GBK and Big5 an ASCII letter can also match the second byte of a
 *   double-byte character, as in any byte search.
 * - `HEX`: bytes as the send bar takes them, `??` for any byte.
 * - `REGEX`: PCRE2 (UTF, multi-line: `^` and `$` at every line; any of
 *   CR, LF and CRLF ends a line) on the bytes decoded from the display
 *   encoding as the auto-reply rules see them: controls are themselves,
 *   a byte that does not decode is the four characters `\xNN`. A match
 *   is mapped back to the bytes it came from (one inside a `\xNN` covers
 *   that byte), and one that would share a byte with the match before it
 *   is left out. Matches are never empty, and one is at most a MiB of
 *   text long (a longer one ends there).
 */

/* A regular expression runs on this much new text at a time, keeping
 * what a match that has begun needs, up to the longest a match can be. */
#define REGEX_RUN_SIZE        (64 * 1024)
#define REGEX_MAX_SPAN        (1024 * 1024)
/* Bytes decoded at a time: a record may be the whole log. */
#define REGEX_DECODE_SIZE     (64 * 1024)
/* Without JIT a match stops after this long (see sw-regex.c); with it,
 * one that took this long stops the search all the same. */
#define REGEX_TIME_LIMIT_USEC (500 * 1000)
/* The most bytes a decoder leaves undecoded: the start of a character. */
#define HELD_MAX              4

/* One way a piece of the needle can look: @length bytes that match where
 * (byte & mask) == bytes. */
typedef struct
{
  guint8 *bytes;
  guint8 *mask;
  gsize   length;
} Alternative;

/* One character (its cases) or one byte of the needle. */
typedef struct
{
  guint first;
  guint n;
} Class;

typedef struct
{
  /* One alternative per class: the whole needle, @mask %NULL when every
   * byte must be equal. */
  gboolean     fixed;
  guint8      *bytes;
  guint8      *mask;
  gsize        length;

  /* Otherwise, classes of alternatives (their encodings never being
   * prefixes of one another, at most one fits at a place). */
  GArray      *classes;       /* of Class */
  GArray      *alternatives;  /* of Alternative */
  gsize        max_length;

  /* Candidates: the byte at @anchor is @anchor_byte (memchr() finds it)
   * or, without @anchor_exact, one that @table says; with @all, any. */
  gsize        anchor;
  gboolean     anchor_exact;
  guint8       anchor_byte;
  gboolean     all;
  guint8       table[256];
} Needle;

struct _SwSearchPattern
{
  gatomicrefcount  ref_count;
  SwSearchKind     kind;
  char            *text;
  SwEncoding       encoding;
  SwSearchFlags    flags;

  Needle          *needle;        /* TEXT and HEX, in the display encoding */
  Needle          *event_needle;  /* the same for events (UTF-8) */
  pcre2_code      *code;          /* REGEX */
  guint32          context_chars; /* what a match looks back at */
};

G_DEFINE_BOXED_TYPE (SwSearchPattern, sw_search_pattern,
                     sw_search_pattern_ref, sw_search_pattern_unref)

G_DEFINE_QUARK (sw-search-error-quark, sw_search_error)

/* Needles */

static void
alternative_clear (gpointer data)
{
  Alternative *alternative = data;

  g_clear_pointer (&alternative->bytes, g_free);
  g_clear_pointer (&alternative->mask, g_free);
}

static Needle *
needle_new (void)
{
  Needle *needle = g_new0 (Needle, 1);

  needle->classes = g_array_new (FALSE, FALSE, sizeof (Class));
  needle->alternatives = g_array_new (FALSE, FALSE, sizeof (Alternative));
  g_array_set_clear_func (needle->alternatives, alternative_clear);

  return needle;
}

static void
needle_free (Needle *needle)
{
  if (needle == NULL)
    return;

  g_clear_pointer (&needle->classes, g_array_unref);
  g_clear_pointer (&needle->alternatives, g_array_unref);
  g_free (needle->bytes);
  g_free (needle->mask);
  g_free (needle);
}

/* Adds a class that @ways (of #GBytes) each fit. */
static void
needle_add_class (Needle    *needle,
                  GPtrArray *ways)
{
  Class class = { needle->alternatives->len, ways->len };
  gsize longest = 0;

  for (guint i = 0; i < ways->len; i++)
    {
      GBytes *way = g_ptr_array_index (ways, i);
      Alternative alternative;
      gsize length;
      const guint8 *data = g_bytes_get_data (way, &length);

      alternative.bytes = g_memdup2 (data, length);
      alternative.mask = g_malloc (length);
      memset (alternative.mask, 0xFF, length);
      alternative.length = length;
      g_array_append_val (needle->alternatives, alternative);
      longest = MAX (longest, length);
    }

  /* Two ways one bit apart are one way with that bit masked, as ASCII
   * letters are in every encoding: a fixed needle stays fixed. */
  if (ways->len == 2)
    {
      Alternative *a = &g_array_index (needle->alternatives, Alternative, class.first);
      const Alternative *b = a + 1;
      guint bits = 0;
      gsize at = 0;

      if (a->length == b->length)
        for (gsize i = 0; i < a->length; i++)
          for (guint x = a->bytes[i] ^ b->bytes[i]; x != 0; x &= x - 1)
            {
              bits++;
              at = i;
            }

      if (a->length == b->length && bits == 1)
        {
          a->mask[at] = ~(a->bytes[at] ^ b->bytes[at]);
          a->bytes[at] &= a->mask[at];
          g_array_set_size (needle->alternatives, class.first + 1);
          class.n = 1;
        }
    }

  g_array_append_val (needle->classes, class);
  needle->max_length += longest;
}

static void
needle_add_bytes (Needle *needle,
                  GBytes *bytes)
{
  g_autoptr(GPtrArray) ways = g_ptr_array_new ();

  g_ptr_array_add (ways, bytes);
  needle_add_class (needle, ways);
}

static void
fill_table (guint8      table[256],
            guint8      byte,
            guint8      mask)
{
  for (guint b = 0; b < 256; b++)
    if ((b & mask) == byte)
      table[b] = 1;
}

/* Flattens a needle of single ways and picks what scanning looks for. */
static void
needle_finish (Needle *needle)
{
  const Class *classes = (const Class *) (gpointer) needle->classes->data;
  const Alternative *alternatives = (const Alternative *) (gpointer) needle->alternatives->data;
  gboolean masked = FALSE;

  needle->fixed = needle->alternatives->len == needle->classes->len;

  if (!needle->fixed)
    {
      /* Any first byte of any way of the first class. */
      for (guint i = 0; i < classes[0].n; i++)
        {
          const Alternative *way = &alternatives[classes[0].first + i];

          fill_table (needle->table, way->bytes[0], way->mask[0]);
        }
      return;
    }

  needle->length = needle->max_length;
  needle->bytes = g_malloc (MAX (needle->length, 1));
  needle->mask = g_malloc (MAX (needle->length, 1));
  for (gsize i = 0, at = 0; i < needle->alternatives->len; i++)
    {
      memcpy (needle->bytes + at, alternatives[i].bytes, alternatives[i].length);
      memcpy (needle->mask + at, alternatives[i].mask, alternatives[i].length);
      at += alternatives[i].length;
    }

  /* The first byte that must be equal, else the first that says
   * anything; a needle of wildcards only matches anywhere. */
  needle->all = TRUE;
  for (gsize i = 0; i < needle->length; i++)
    {
      if (needle->mask[i] == 0xFF)
        {
          needle->anchor = i;
          needle->anchor_exact = TRUE;
          needle->anchor_byte = needle->bytes[i];
          needle->all = FALSE;
          break;
        }
      if (needle->all && needle->mask[i] != 0)
        {
          needle->anchor = i;
          needle->all = FALSE;
        }
    }
  if (!needle->all && !needle->anchor_exact)
    fill_table (needle->table, needle->bytes[needle->anchor], needle->mask[needle->anchor]);

  for (gsize i = 0; i < needle->length; i++)
    masked |= needle->mask[i] != 0xFF;
  if (!masked)
    g_clear_pointer (&needle->mask, g_free);
}

/* Every case of @c that @encoding can write, @c's own first. */
static GPtrArray *
encode_cases (gunichar   c,
              SwEncoding encoding)
{
  GPtrArray *ways = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gunichar cases[8] = { c };
  guint n = 1;

  /* The simple mappings, and theirs (σ → Σ → σ; K → k → K). */
  for (guint i = 0; i < n; i++)
    {
      gunichar mapped[3] = {
        g_unichar_tolower (cases[i]), g_unichar_toupper (cases[i]), g_unichar_totitle (cases[i])
      };

      for (guint j = 0; j < G_N_ELEMENTS (mapped); j++)
        {
          gboolean seen = FALSE;

          for (guint k = 0; k < n; k++)
            seen |= cases[k] == mapped[j];
          if (!seen && n < G_N_ELEMENTS (cases))
            cases[n++] = mapped[j];
        }
    }

  for (guint i = 0; i < n; i++)
    {
      char utf8[8];
      gsize length = g_unichar_to_utf8 (cases[i], utf8);
      GBytes *bytes = sw_encoding_encode (encoding, utf8, length, NULL, NULL);
      gboolean seen = FALSE;

      if (bytes == NULL)
        continue;
      for (guint k = 0; k < ways->len; k++)
        seen |= g_bytes_equal (g_ptr_array_index (ways, k), bytes);
      if (seen)
        g_bytes_unref (bytes);
      else
        g_ptr_array_add (ways, bytes);
    }

  return ways;
}

/* The length of the escape at @p (after the backslash), as
 * sw_escape_parse() reads it. */
static gsize
escape_length (const char *p)
{
  return p[1] == 'x' ? 4 : 2;
}

/* @text, which sw_escape_parse() took, with a class per character
 * holding its cases, and a byte per escape. */
static Needle *
compile_caseless_text (const char *text,
                       SwEncoding  encoding)
{
  Needle *needle = needle_new ();
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '\\')
        {
          gsize length = escape_length (p);
          g_autoptr(GBytes) byte = sw_escape_parse (p, length, encoding, NULL, NULL);

          g_assert (byte != NULL);
          needle_add_bytes (needle, byte);
          p += length;
        }
      else
        {
          g_autoptr(GPtrArray) ways = encode_cases (g_utf8_get_char (p), encoding);

          g_assert (ways->len > 0);
          needle_add_class (needle, ways);
          p = g_utf8_next_char (p);
        }
    }

  needle_finish (needle);

  return needle;
}

static Needle *
compile_text (const char     *text,
              SwEncoding      encoding,
              SwSearchFlags   flags,
              gsize          *error_offset,
              GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Needle *needle;

  bytes = sw_escape_parse (text, -1, encoding, error_offset, &local_error);
  if (bytes == NULL)
    {
      g_set_error_literal (error, SW_SEARCH_ERROR, SW_SEARCH_ERROR_INVALID_PATTERN,
                           local_error->message);
      return NULL;
    }

  if (flags & SW_SEARCH_FLAGS_CASE_INSENSITIVE)
    return compile_caseless_text (text, encoding);

  needle = needle_new ();
  needle_add_bytes (needle, bytes);
  needle_finish (needle);

  return needle;
}

static Needle *
compile_hex (const char  *text,
             gsize       *error_offset,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) mask = NULL;
  Needle *needle;
  Alternative *way;

  bytes = _sw_hex_parse_pattern (text, -1, &mask, error_offset, &local_error);
  if (bytes == NULL)
    {
      g_set_error_literal (error, SW_SEARCH_ERROR, SW_SEARCH_ERROR_INVALID_PATTERN,
                           local_error->message);
      return NULL;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      *error_offset = 0;
      g_set_error_literal (error, SW_SEARCH_ERROR, SW_SEARCH_ERROR_EMPTY,
                           _("Type the bytes to search for, like 0D 0A"));
      return NULL;
    }

  needle = needle_new ();
  needle_add_bytes (needle, bytes);
  way = &g_array_index (needle->alternatives, Alternative, 0);
  memcpy (way->mask, g_bytes_get_data (mask, NULL), way->length);
  needle_finish (needle);

  return needle;
}

static gboolean
compile_regex (SwSearchPattern  *self,
               gsize            *error_offset,
               GError          **error)
{
  guint32 options = PCRE2_MULTILINE;
  guint32 lookbehind = 0;

  if (self->flags & SW_SEARCH_FLAGS_CASE_INSENSITIVE)
    options |= PCRE2_CASELESS;

  self->code = _sw_regex_compile (self->text, options,
                                  PCRE2_JIT_COMPLETE | PCRE2_JIT_PARTIAL_HARD,
                                  SW_SEARCH_ERROR, SW_SEARCH_ERROR_INVALID_REGEX,
                                  error_offset, error);
  if (self->code == NULL)
    return FALSE;

  /* Lookbehinds, \b, and ^ after a CRLF look back at most this far. */
  pcre2_pattern_info (self->code, PCRE2_INFO_MAXLOOKBEHIND, &lookbehind);
  self->context_chars = lookbehind + 2;

  return TRUE;
}

/**
 * sw_search_pattern_new:
 * @kind: how to read @text
 * @text: what a person typed
 * @encoding: the display encoding (TEXT and REGEX)
 * @flags: #SwSearchFlags
 * @error_offset: (out) (optional): on error, the byte offset in @text
 *   the error is about
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the pattern, or %NULL with @error
 *   set in #SW_SEARCH_ERROR and a message that gives the column
 */
SwSearchPattern *
sw_search_pattern_new (SwSearchKind    kind,
                       const char     *text,
                       SwEncoding      encoding,
                       SwSearchFlags   flags,
                       gsize          *error_offset,
                       GError        **error)
{
  g_autoptr(SwSearchPattern) self = NULL;
  gsize offset = 0;
  gboolean ok;

  g_return_val_if_fail (kind <= SW_SEARCH_KIND_REGEX, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail ((guint) encoding < SW_N_ENCODINGS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text[0] == '\0')
    {
      if (error_offset != NULL)
        *error_offset = 0;
      g_set_error_literal (error, SW_SEARCH_ERROR, SW_SEARCH_ERROR_EMPTY,
                           _("Type something to search for"));
      return NULL;
    }

  self = g_new0 (SwSearchPattern, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->text = g_strdup (text);
  self->encoding = encoding;
  self->flags = flags;

  switch (kind)
    {
    case SW_SEARCH_KIND_TEXT:
      self->needle = compile_text (text, encoding, flags, &offset, error);
      /* Events are UTF-8; the text is, so that cannot fail. */
      if (self->needle != NULL)
        self->event_needle = compile_text (text, SW_ENCODING_UTF8, flags, NULL, NULL);
      ok = self->needle != NULL;
      break;

    case SW_SEARCH_KIND_HEX:
      self->needle = compile_hex (text, &offset, error);
      if (self->needle != NULL)
        self->event_needle = compile_hex (text, &offset, NULL);
      ok = self->needle != NULL;
      break;

    case SW_SEARCH_KIND_REGEX:
    default:
      ok = compile_regex (self, &offset, error);
      break;
    }

  if (!ok)
    {
      if (error_offset != NULL)
        *error_offset = offset;
      return NULL;
    }

  g_assert (kind == SW_SEARCH_KIND_REGEX || self->event_needle != NULL);

  return g_steal_pointer (&self);
}

SwSearchPattern *
sw_search_pattern_ref (SwSearchPattern *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
sw_search_pattern_unref (SwSearchPattern *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  needle_free (self->needle);
  needle_free (self->event_needle);
  g_clear_pointer (&self->code, pcre2_code_free);
  g_free (self->text);
  g_free (self);
}

SwSearchKind
sw_search_pattern_get_kind (SwSearchPattern *self)
{
  g_return_val_if_fail (self != NULL, SW_SEARCH_KIND_TEXT);

  return self->kind;
}

const char *
sw_search_pattern_get_text (SwSearchPattern *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

SwEncoding
sw_search_pattern_get_encoding (SwSearchPattern *self)
{
  g_return_val_if_fail (self != NULL, SW_ENCODING_UTF8);

  return self->encoding;
}

SwSearchFlags
sw_search_pattern_get_flags (SwSearchPattern *self)
{
  g_return_val_if_fail (self != NULL, SW_SEARCH_FLAGS_NONE);

  return self->flags;
}

gboolean
sw_search_pattern_equal (SwSearchPattern *a,
                         SwSearchPattern *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  /* Hex does not depend on the encoding. */
  return a->kind == b->kind &&
         a->flags == b->flags &&
         (a->kind == SW_SEARCH_KIND_HEX || a->encoding == b->encoding) &&
         strcmp (a->text, b->text) == 0;
}

/* Matching bytes */

typedef enum
{
  VERDICT_NO,
  VERDICT_MATCH,
  /* The bytes there are fit, but the needle goes on after them. */
  VERDICT_MORE,
} Verdict;

static inline gboolean
equal_masked (const guint8 *data,
              const guint8 *bytes,
              const guint8 *mask,
              gsize         length)
{
  if (mask == NULL)
    return memcmp (data, bytes, length) == 0;

  for (gsize i = 0; i < length; i++)
    if ((data[i] & mask[i]) != bytes[i])
      return FALSE;

  return TRUE;
}

/* Whether the needle is at @p, with @available bytes there. */
static Verdict
match_at (const Needle *needle,
          const guint8 *p,
          gsize         available,
          gsize        *match_length)
{
  const Class *classes;
  const Alternative *alternatives;
  gsize at = 0;

  if (needle->fixed)
    {
      gsize n = MIN (available, needle->length);

      if (!equal_masked (p, needle->bytes, needle->mask, n))
        return VERDICT_NO;
      if (n < needle->length)
        return VERDICT_MORE;
      *match_length = n;
      return VERDICT_MATCH;
    }

  classes = (const Class *) (gpointer) needle->classes->data;
  alternatives = (const Alternative *) (gpointer) needle->alternatives->data;

  for (guint c = 0; c < needle->classes->len; c++)
    {
      Verdict verdict = VERDICT_NO;
      gsize taken = 0;

      for (guint i = 0; i < classes[c].n && verdict != VERDICT_MATCH; i++)
        {
          const Alternative *way = &alternatives[classes[c].first + i];
          gsize n = MIN (available - at, way->length);

          if (!equal_masked (p + at, way->bytes, way->mask, n))
            continue;
          if (n < way->length)
            {
              verdict = VERDICT_MORE;
              continue;
            }
          verdict = VERDICT_MATCH;
          taken = n;
        }

      if (verdict != VERDICT_MATCH)
        return verdict;
      at += taken;
    }

  *match_length = at;
  return VERDICT_MATCH;
}

/* The first position in [@from, @limit) of @data (@length bytes) where
 * the needle matches or may, and what it is; @limit when none. */
static gsize
scan (const Needle *needle,
      const guint8 *data,
      gsize         length,
      gsize         from,
      gsize         limit,
      Verdict      *verdict,
      gsize        *match_length)
{
  gsize a = needle->anchor;
  gsize p = from;

  while (p < limit)
    {
      /* Where the anchor is still in @data, skip to the next place it
       * fits; past that, every position is worth a look. */
      if (!needle->all && p + a < length)
        {
          gsize end = MIN (limit + a, length);
          const guint8 *q = data + p + a;

          if (needle->anchor_exact)
            {
              q = memchr (q, needle->anchor_byte, end - (p + a));
              if (q == NULL)
                q = data + end;
            }
          else
            {
              while (q < data + end && !needle->table[*q])
                q++;
            }

          p = (q - data) - a;
          if (p >= limit)
            break;
        }

      *verdict = match_at (needle, data + p, length - p, match_length);
      if (*verdict != VERDICT_NO)
        return p;
      p++;
    }

  *verdict = VERDICT_NO;
  return limit;
}

/* Scanners */

struct _SwSearchContext
{
  SwSearchPattern *pattern;
  SwRegexScratch   regex;
  GIConv           converter;
  GByteArray      *junction;
};

struct _SwSearchScanner
{
  SwSearchContext *context;
  const Needle    *needle;       /* TEXT and HEX */
  SwEncoding       encoding;     /* REGEX */
  guint64          offset;       /* of the next byte fed */

  /* TEXT and HEX: the last bytes, where a match may begin that the next
   * bytes decide. */
  GByteArray      *carry;
  guint64          carry_offset;

  /* REGEX: the text decoded so far that a match can still begin in or
   * look back at, from text offset @text_base; marks back to the bytes;
   * where the next match may begin; bytes that start a character. */
  GString         *text;
  GArray          *marks;
  guint64          text_base;
  gsize            from;
  guint64          ran_to;       /* text offset of the end at the last run */
  guint64          reported_to;  /* byte offset of the last match's end */
  guint8           held[HELD_MAX];
  gsize            n_held;
};

SwSearchContext *
_sw_search_context_new (SwSearchPattern *pattern)
{
  SwSearchContext *context = g_new0 (SwSearchContext, 1);

  context->pattern = sw_search_pattern_ref (pattern);
  context->converter = (GIConv) -1;
  context->junction = g_byte_array_new ();
  if (pattern->kind == SW_SEARCH_KIND_REGEX)
    _sw_regex_scratch_init (&context->regex, REGEX_TIME_LIMIT_USEC);

  return context;
}

void
_sw_search_context_free (SwSearchContext *context)
{
  if (context == NULL)
    return;

  if (context->pattern->kind == SW_SEARCH_KIND_REGEX)
    _sw_regex_scratch_clear (&context->regex);
  _sw_encoding_clear_converter (&context->converter);
  g_byte_array_unref (context->junction);
  sw_search_pattern_unref (context->pattern);
  g_free (context);
}

SwSearchScanner *
_sw_search_scanner_new (SwSearchContext *context,
                        gboolean         event)
{
  SwSearchPattern *pattern = context->pattern;
  SwSearchScanner *self = g_new0 (SwSearchScanner, 1);

  self->context = context;

  if (pattern->kind == SW_SEARCH_KIND_REGEX)
    {
      self->encoding = event ? SW_ENCODING_UTF8 : pattern->encoding;
      self->text = g_string_new (NULL);
      self->marks = g_array_new (FALSE, FALSE, sizeof (SwDecodeMark));
    }
  else
    {
      self->needle = event ? pattern->event_needle : pattern->needle;
      self->carry = g_byte_array_new ();
    }

  return self;
}

void
_sw_search_scanner_free (SwSearchScanner *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->carry, g_byte_array_unref);
  if (self->text != NULL)
    g_string_free (self->text, TRUE);
  g_clear_pointer (&self->marks, g_array_unref);
  g_free (self);
}

void
_sw_search_scanner_reset (SwSearchScanner *self,
                          guint64          offset)
{
  self->offset = offset;

  if (self->carry != NULL)
    {
      g_byte_array_set_size (self->carry, 0);
      return;
    }

  self->text_base += self->text->len;
  g_string_truncate (self->text, 0);
  g_array_set_size (self->marks, 0);
  self->from = 0;
  self->n_held = 0;
  self->reported_to = offset;
}

static guint64 text_to_bytes (SwSearchScanner *self,
                               guint64          out,
                               gboolean         end);

guint64
_sw_search_scanner_get_keep (SwSearchScanner *self)
{
  if (self->carry != NULL)
    return self->carry->len > 0 ? self->carry_offset : self->offset;

  if (self->marks->len == 0)
    return self->offset - self->n_held;

  return text_to_bytes (self, self->text_base + self->from, FALSE);
}

/* TEXT and HEX */

static void
bytes_feed (SwSearchScanner   *self,
            const guint8      *data,
            gsize              length,
            SwSearchFoundFunc  func,
            gpointer           user_data)
{
  const Needle *needle = self->needle;
  GByteArray *carry = self->carry;
  Verdict verdict;
  gsize match_length = 0;
  gsize start = 0;
  gsize p;

  /* Where the carry meets the new bytes: positions in the carry, with as
   * many new bytes as the longest match needs. */
  if (carry->len > 0)
    {
      GByteArray *junction = self->context->junction;
      gsize carry_length = carry->len;
      gsize head = MIN (length, needle->max_length - 1);

      g_byte_array_set_size (junction, 0);
      g_byte_array_append (junction, carry->data, carry_length);
      g_byte_array_append (junction, data, head);

      for (p = 0; p < carry_length; p += match_length)
        {
          gsize q = scan (needle, junction->data, junction->len, p, carry_length,
                          &verdict, &match_length);

          if (verdict == VERDICT_NO)
            break;

          if (verdict == VERDICT_MORE)
            {
              /* The bytes ran out first: all of them were in the
               * junction, which becomes the carry. */
              g_assert (head == length);
              g_byte_array_remove_range (junction, 0, q);
              g_byte_array_set_size (carry, 0);
              g_byte_array_append (carry, junction->data, junction->len);
              self->carry_offset += q;
              self->offset += length;
              return;
            }

          func (self->carry_offset + q, self->carry_offset + q + match_length, user_data);
          p = q;
        }

      if (p > carry_length)
        start = p - carry_length;
      g_byte_array_set_size (carry, 0);
    }

  for (p = start; p < length; p = p + match_length)
    {
      gsize q = scan (needle, data, length, p, length, &verdict, &match_length);

      if (verdict == VERDICT_NO)
        break;

      if (verdict == VERDICT_MORE)
        {
          g_byte_array_append (carry, data + q, length - q);
          self->carry_offset = self->offset + q;
          break;
        }

      func (self->offset + q, self->offset + q + match_length, user_data);
      p = q;
    }

  self->offset += length;
}

/* REGEX */

/* The last mark at or before text offset @out (the first, if none is):
 * binary data has one every other byte. */
static guint
find_mark (SwSearchScanner *self,
           guint64          out)
{
  const SwDecodeMark *marks = (const SwDecodeMark *) (gpointer) self->marks->data;
  guint lo = 0;
  guint hi = self->marks->len;

  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (marks[mid].out <= out)
        lo = mid;
      else
        hi = mid;
    }

  return lo;
}

/* The byte that text offset @out comes from; inside a character or an
 * escape, its first byte (or, with @end, the one after its last). */
static guint64
text_to_bytes (SwSearchScanner *self,
               guint64          out,
               gboolean         end)
{
  const SwDecodeMark *marks = (const SwDecodeMark *) (gpointer) self->marks->data;
  guint lo;
  const SwDecodeMark *m;
  const SwDecodeMark *next;
  guint64 in_span;
  guint64 out_span;

  g_assert (self->marks->len > 0);

  lo = find_mark (self, out);
  m = &marks[lo];
  if (m->out >= out || lo + 1 == self->marks->len)
    return m->in;

  next = m + 1;
  in_span = next->in - m->in;
  out_span = next->out - m->out;

  if (in_span == out_span)
    return m->in + (out - m->out);
  if (out_span == 4 * in_span)
    return m->in + (out - m->out + (end ? 3 : 0)) / 4;
  return end ? next->in : m->in;
}

/* Reports the bytes of text [@start, @end), unless the last match
 * reported has some of them already: `.` matches each of the four
 * characters of a byte's \xNN, which is one match of that byte. */
static void
regex_report (SwSearchScanner   *self,
              gsize              start,
              gsize              end,
              SwSearchFoundFunc  func,
              gpointer           user_data)
{
  guint64 from = text_to_bytes (self, self->text_base + start, FALSE);
  guint64 to = text_to_bytes (self, self->text_base + end, TRUE);

  if (from < self->reported_to)
    return;

  self->reported_to = to;
  func (from, to, user_data);
}

static gboolean
set_limit_error (GError **error)
{
  g_set_error_literal (error, SW_SEARCH_ERROR, SW_SEARCH_ERROR_MATCH_LIMIT,
                       _("The regular expression took too long on the log, so the search "
                         "stopped: simplify it (nested repeats such as (a+)+ are the "
                         "usual cause)"));
  return FALSE;
}

/* One match from self->from: the result of pcre2_match(), with the
 * match (or the partial match) in *@start and *@end. */
static int
regex_match_once (SwSearchScanner *self,
                  guint32          options,
                  gsize           *start,
                  gsize           *end)
{
  SwSearchContext *context = self->context;
  gint64 began = g_get_monotonic_time ();
  int rc;

  rc = _sw_regex_match (&context->regex, context->pattern->code,
                        self->text->str, self->text->len, self->from,
                        options | PCRE2_NOTEMPTY);
  if (rc >= 0 || rc == PCRE2_ERROR_PARTIAL)
    {
      PCRE2_SIZE *ovector = _sw_regex_get_ovector (&context->regex);

      *start = ovector[0];
      *end = ovector[1];
    }

  if (rc != PCRE2_ERROR_NOMATCH && !_sw_regex_is_limit_error (rc) &&
      g_get_monotonic_time () - began > REGEX_TIME_LIMIT_USEC)
    return PCRE2_ERROR_MATCHLIMIT;

  return rc;
}

/* Reports the matches the text decides: those that more text could not
 * make longer unless @final (the haystack ends). Afterwards, self->from
 * is where a match may still begin. */
static gboolean
regex_run (SwSearchScanner    *self,
           gboolean            final,
           SwSearchFoundFunc   func,
           gpointer            user_data,
           GError            **error)
{
  self->ran_to = self->text_base + self->text->len;

  for (;;)
    {
      /* A match that went on for a MiB ends there. */
      gboolean partial = !final && self->text->len - self->from <= REGEX_MAX_SPAN;
      gsize start = 0;
      gsize end = 0;
      int rc;

      if (self->from >= self->text->len)
        return TRUE;

      rc = regex_match_once (self, partial ? PCRE2_PARTIAL_HARD : 0, &start, &end);

      if (rc >= 0)
        {
          /* \K can end a match before its start. */
          if (end > start && end > self->from)
            regex_report (self, start, end, func, user_data);
          if (end > self->from)
            self->from = end;
          else
            self->from = g_utf8_next_char (self->text->str + self->from) - self->text->str;
          continue;
        }

      if (rc == PCRE2_ERROR_PARTIAL)
        {
          self->from = start;
          return TRUE;
        }

      if (rc == PCRE2_ERROR_NOMATCH)
        {
          self->from = self->text->len;
          return TRUE;
        }

      if (_sw_regex_is_limit_error (rc))
        return set_limit_error (error);

      g_debug ("PCRE2 error %d searching for “%s”", rc, self->context->pattern->text);
      self->from = self->text->len;
      return TRUE;
    }
}

/* Drops the text no match can begin in or look back at. */
static void
regex_trim (SwSearchScanner *self)
{
  const char *keep = self->text->str + self->from;
  gsize cut;

  for (guint i = 0; i < self->context->pattern->context_chars && keep > self->text->str; i++)
    keep = g_utf8_prev_char (keep);

  cut = keep - self->text->str;
  if (cut == 0)
    return;

  g_string_erase (self->text, 0, cut);
  self->text_base += cut;
  self->from -= cut;

  /* Keep the last mark at or before the new start. */
  g_array_remove_range (self->marks, 0, find_mark (self, self->text_base));
}

static gsize
regex_decode (SwSearchScanner *self,
              const guint8    *data,
              gsize            length,
              guint64          offset,
              gboolean         final)
{
  return _sw_encoding_decode_mapped (self->encoding, &self->context->converter,
                                     data, length, final, offset,
                                     self->text_base, self->text, self->marks);
}

/* Decodes @data after the held bytes, holding back the start of a
 * character cut off at its end. */
static void
regex_decode_piece (SwSearchScanner *self,
                    const guint8    *data,
                    gsize            length)
{
  guint64 offset = self->offset - self->n_held;
  gsize used;

  if (self->n_held > 0)
    {
      guint8 junction[HELD_MAX + 16];
      gsize n = MIN (length, (gsize) 16);
      gsize total = self->n_held + n;

      memcpy (junction, self->held, self->n_held);
      memcpy (junction + self->n_held, data, n);
      used = regex_decode (self, junction, total, offset, FALSE);

      if (n == length || used < self->n_held)
        {
          /* Everything was in the junction. */
          g_assert (total - used <= HELD_MAX);
          memmove (self->held, junction + used, total - used);
          self->n_held = total - used;
          self->offset += length;
          return;
        }

      /* The junction ended a held character: go on in @data. */
      data += used - self->n_held;
      length -= used - self->n_held;
      offset += used;
      self->offset += used - self->n_held;
      self->n_held = 0;
    }

  used = regex_decode (self, data, length, offset, FALSE);
  g_assert (length - used <= HELD_MAX);
  memcpy (self->held, data + used, length - used);
  self->n_held = length - used;
  self->offset += length;
}

static gboolean
regex_feed (SwSearchScanner    *self,
            const guint8       *data,
            gsize               length,
            SwSearchFoundFunc   func,
            gpointer            user_data,
            GError            **error)
{
  while (length > 0)
    {
      gsize n = MIN (length, (gsize) REGEX_DECODE_SIZE);

      regex_decode_piece (self, data, n);
      data += n;
      length -= n;

      /* Enough new text since the last run, or since a match began. */
      if (self->text_base + self->text->len -
          MAX (self->ran_to, self->text_base + self->from) >= REGEX_RUN_SIZE)
        {
          if (!regex_run (self, FALSE, func, user_data, error))
            return FALSE;
          regex_trim (self);
        }
    }

  return TRUE;
}

static gboolean
regex_flush (SwSearchScanner    *self,
             SwSearchFoundFunc   func,
             gpointer            user_data,
             GError            **error)
{
  for (;;)
    {
      gsize start = 0;
      gsize end = 0;
      int rc;

      if (!regex_run (self, FALSE, func, user_data, error))
        return FALSE;
      if (self->from >= self->text->len)
        break;

      /* A match has begun: if what is there already matches, that is
       * the match; if not, it waits for more. */
      rc = regex_match_once (self, 0, &start, &end);
      if (rc == PCRE2_ERROR_NOMATCH)
        break;
      if (rc < 0)
        return _sw_regex_is_limit_error (rc) ? set_limit_error (error) : TRUE;
      if (end <= start || end <= self->from)
        break;

      regex_report (self, start, end, func, user_data);
      self->from = end;
    }

  regex_trim (self);

  return TRUE;
}

static gboolean
regex_end (SwSearchScanner    *self,
           SwSearchFoundFunc   func,
           gpointer            user_data,
           GError            **error)
{
  gboolean ok;

  if (self->n_held > 0)
    regex_decode (self, self->held, self->n_held, self->offset - self->n_held, TRUE);
  self->n_held = 0;

  ok = regex_run (self, TRUE, func, user_data, error);
  _sw_search_scanner_reset (self, self->offset);

  return ok;
}

gboolean
_sw_search_scanner_feed (SwSearchScanner    *self,
                         const guint8       *data,
                         gsize               length,
                         SwSearchFoundFunc   func,
                         gpointer            user_data,
                         GError            **error)
{
  g_assert (data != NULL || length == 0);

  if (length == 0)
    return TRUE;

  if (self->carry == NULL)
    return regex_feed (self, data, length, func, user_data, error);

  bytes_feed (self, data, length, func, user_data);

  return TRUE;
}

gboolean
_sw_search_scanner_end (SwSearchScanner    *self,
                        SwSearchFoundFunc   func,
                        gpointer            user_data,
                        GError            **error)
{
  if (self->carry == NULL)
    return regex_end (self, func, user_data, error);

  g_byte_array_set_size (self->carry, 0);

  return TRUE;
}

gboolean
_sw_search_scanner_flush (SwSearchScanner    *self,
                          SwSearchFoundFunc   func,
                          gpointer            user_data,
                          GError            **error)
{
  if (self->carry == NULL)
    return regex_flush (self, func, user_data, error);

  return TRUE;
}

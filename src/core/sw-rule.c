/* sw-rule.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-rule"

#include "config.h"

#include "sw-rule.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-core-enums.h"
#include "sw-core-private.h"
#include "sw-escape.h"
#include "sw-rule-private.h"

/**
 * SwRule:
 *
 * One auto-reply rule: a pattern, how it is matched, and the reply.
 *
 * Matching (issue #11). Frames are compared byte for byte:
 *
 * - `CONTAINS`, `EXACT`, `STARTS_WITH`, `ENDS_WITH`: the pattern is text
 *   with the send bar's escapes (`\r`, `\n`, `\t`, `\0`, `\\`, `\xNN`),
 *   encoded in the set's encoding; `EXACT` is the whole frame as the
 *   framer delivers it (with its delimiter when the framer keeps it).
 * - `HEX`: hex bytes as the send bar takes them, `??` for a byte that can
 *   be anything (`01 03 ?? ??`), matching a frame of exactly that length.
 * - `REGEX`: PCRE2 (UTF mode, `\C` forbidden, any of CR, LF and CRLF ends
 *   a line, so `$` also matches before a final "\r\n") on the frame as
 *   UTF-8 text decoded from the set's encoding: characters are themselves,
 *   controls included (`\r\n$` works); a byte that does not decode is the
 *   four characters `\xNN`, as the log shows it (match it with `\\xFF`).
 *   A match that goes over the match limit (JIT) or over a few
 *   milliseconds (without JIT) stops, counts as no match and sets
 *   #SwRule:error; the rule stays active.
 *
 * Replies are parsed as the send bar does, with no line ending: text with
 * escapes in the set's encoding, or hex. A text reply of a `REGEX` rule
 * may insert captures: `\1` … `\9`, `${name}` or `${N}` (`${0}` is the
 * whole match). Order: the references are found first, from left to
 * right, a `\\` being a backslash and never the start of a reference;
 * then the text between them is parsed for escapes; a capture is inserted
 * as text, encoded but never parsed for escapes (a backslash it holds is
 * sent as one; a byte that did not decode is sent as its `\xNN` text). A
 * group that did not take part is empty. A literal `${` is written
 * `$\x7B`.
 *
 * An edit takes effect at once; a pattern or reply that does not compile
 * sets #SwRule:error and keeps the rule off (#SwRule:active is %FALSE).
 */

/* Limits of a regular expression on one frame: backtracking steps (the
 * JIT and the interpreter), nesting of the backtracking (the interpreter;
 * the JIT has its stack), and, without JIT, time: a pattern the JIT
 * cannot take runs with PCRE2_AUTO_CALLOUT and the callout stops it.
 * (a+)+$ on 64 KiB of "a…a!" stops after 0.3 ms (JIT), 1.4 ms (without). */
#define REGEX_MATCH_LIMIT      100000
#define REGEX_DEPTH_LIMIT      100000
#define REGEX_HEAP_LIMIT_KIB   (16 * 1024)
#define REGEX_JIT_STACK_START  (32 * 1024)
#define REGEX_JIT_STACK_MAX    (1024 * 1024)
#define REGEX_TIME_LIMIT_USEC  (5 * 1000)
#define REGEX_CALLOUT_CHECK    64

typedef struct
{
  GBytes *bytes;  /* encoded literal text, or NULL for a group */
  guint   group;
} ReplyPart;

struct _SwRule
{
  GObject          parent_instance;

  char            *pattern;
  SwMatchKind      match_kind;
  char            *reply;
  SwPayloadFormat  reply_format;
  guint            delay;
  guint            enabled : 1;

  /* Compiled: compiled is FALSE when the pattern or reply failed. */
  guint            compiled : 1;
  guint            active : 1;
  guint            runtime_error : 1;
  SwEncoding       encoding;
  gpointer         owner;
  GBytes          *needle;
  GBytes          *mask;         /* HEX with wildcards */
  pcre2_code      *code;
  guint32          capture_count;
  GBytes          *reply_bytes;  /* a reply without captures */
  GArray          *reply_parts;  /* of ReplyPart, a reply with captures */

  guint64          hits;
  guint64          notified_hits;
  GError          *error;
  gssize           error_offset;
};

G_DEFINE_FINAL_TYPE (SwRule, sw_rule, G_TYPE_OBJECT)

G_DEFINE_QUARK (sw-rule-error-quark, sw_rule_error)

enum
{
  PROP_0,
  PROP_PATTERN,
  PROP_MATCH_KIND,
  PROP_REPLY,
  PROP_REPLY_FORMAT,
  PROP_DELAY,
  PROP_ENABLED,
  PROP_ACTIVE,
  PROP_HITS,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Errors */

static gboolean
errors_equal (const GError *a,
              const GError *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->domain == b->domain && a->code == b->code && g_strcmp0 (a->message, b->message) == 0;
}

/* Takes @error (or none) as the rule's error, notifying only a change. */
static void
take_error (SwRule   *self,
            GError   *error,
            gssize    offset,
            gboolean  runtime)
{
  self->runtime_error = error != NULL && runtime;
  self->error_offset = error != NULL ? offset : -1;

  if (errors_equal (self->error, error))
    {
      g_clear_error (&error);
      return;
    }

  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Wraps an error of the escape, hex or encoding parser as "Pattern: …"
 * or "Reply: …", with the code that says which field is wrong. */
static GError *
field_error (SwRuleError   code,
             const GError *cause)
{
  if (code == SW_RULE_ERROR_INVALID_PATTERN)
    /* Translators: %s says what is wrong, e.g. “Invalid hex digit “g” at column 3” */
    return g_error_new (SW_RULE_ERROR, code, _("Pattern: %s"), cause->message);

  /* Translators: %s says what is wrong, e.g. “Unknown escape “\q” at column 3…” */
  return g_error_new (SW_RULE_ERROR, code, _("Reply: %s"), cause->message);
}

/* Compiling */

static void
set_empty_pattern_error (GError **error)
{
  g_set_error_literal (error, SW_RULE_ERROR, SW_RULE_ERROR_EMPTY_PATTERN,
                       _("Type a pattern for the rule to match"));
}

static void
reply_part_clear (gpointer data)
{
  ReplyPart *part = data;

  g_clear_pointer (&part->bytes, g_bytes_unref);
}

static void
clear_compiled (SwRule *self)
{
  g_clear_pointer (&self->needle, g_bytes_unref);
  g_clear_pointer (&self->mask, g_bytes_unref);
  g_clear_pointer (&self->code, pcre2_code_free);
  g_clear_pointer (&self->reply_bytes, g_bytes_unref);
  g_clear_pointer (&self->reply_parts, g_array_unref);
  self->capture_count = 0;
  self->compiled = FALSE;
}

static gboolean
compile_text_pattern (SwRule  *self,
                      gsize   *error_offset,
                      GError **error)
{
  g_autoptr(GError) local_error = NULL;

  self->needle = sw_escape_parse (self->pattern, -1, self->encoding,
                                  error_offset, &local_error);
  if (self->needle == NULL)
    {
      g_propagate_error (error, field_error (SW_RULE_ERROR_INVALID_PATTERN, local_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
compile_hex_pattern (SwRule  *self,
                     gsize   *error_offset,
                     GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) mask = NULL;
  const guint8 *m;
  gsize n;

  self->needle = _sw_hex_parse_pattern (self->pattern, -1, &mask,
                                        error_offset, &local_error);
  if (self->needle == NULL)
    {
      g_propagate_error (error, field_error (SW_RULE_ERROR_INVALID_PATTERN, local_error));
      return FALSE;
    }

  /* Only spaces, say: the pattern is empty after all. */
  if (g_bytes_get_size (self->needle) == 0)
    {
      set_empty_pattern_error (error);
      return FALSE;
    }

  /* Without a wildcard, a plain comparison does. */
  m = g_bytes_get_data (mask, &n);
  for (gsize i = 0; i < n; i++)
    {
      if (m[i] != 0xFF)
        {
          self->mask = g_steal_pointer (&mask);
          break;
        }
    }

  return TRUE;
}

static gboolean
compile_regex (SwRule  *self,
               gsize   *error_offset,
               GError **error)
{
  pcre2_compile_context *context;
  guint32 options = PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C;
  PCRE2_SIZE offset = 0;
  gsize jit_size = 0;
  int code = 0;

  context = pcre2_compile_context_create (NULL);
  pcre2_set_newline (context, PCRE2_NEWLINE_ANYCRLF);

  self->code = pcre2_compile ((PCRE2_SPTR) self->pattern, PCRE2_ZERO_TERMINATED,
                              options, &code, &offset, context);
  if (self->code == NULL)
    {
      PCRE2_UCHAR message[256];
      guint line;
      guint column;

      pcre2_compile_context_free (context);

      if (pcre2_get_error_message (code, message, sizeof message) < 0)
        g_strlcpy ((char *) message, "?", sizeof message);

      *error_offset = MIN (offset, strlen (self->pattern));
      _sw_text_offset_to_position (self->pattern, *error_offset, &line, &column);
      if (line > 1)
        g_set_error (error, SW_RULE_ERROR, SW_RULE_ERROR_INVALID_REGEX,
                     /* Translators: %s is PCRE2's own explanation, in English */
                     _("Invalid regular expression at line %u, column %u: %s"),
                     line, column, (const char *) message);
      else
        g_set_error (error, SW_RULE_ERROR, SW_RULE_ERROR_INVALID_REGEX,
                     /* Translators: %s is PCRE2's own explanation, in English */
                     _("Invalid regular expression at column %u: %s"),
                     column, (const char *) message);
      return FALSE;
    }

  /* Without JIT (not built in, or (*NO_JIT)) a pattern can scan a frame
   * once per start position, which the match limit does not count:
   * compile it again with a callout before every item, which keeps time. */
  pcre2_jit_compile (self->code, PCRE2_JIT_COMPLETE);
  pcre2_pattern_info (self->code, PCRE2_INFO_JITSIZE, &jit_size);
  if (jit_size == 0)
    {
      g_clear_pointer (&self->code, pcre2_code_free);
      self->code = pcre2_compile ((PCRE2_SPTR) self->pattern, PCRE2_ZERO_TERMINATED,
                                  options | PCRE2_AUTO_CALLOUT, &code, &offset, context);
      g_assert (self->code != NULL);
    }

  pcre2_compile_context_free (context);
  pcre2_pattern_info (self->code, PCRE2_INFO_CAPTURECOUNT, &self->capture_count);

  return TRUE;
}

static gboolean
set_group_error (SwRule      *self,
                 const char  *reference,
                 gsize        length,
                 gsize        offset,
                 gsize       *error_offset,
                 GError     **error)
{
  g_autofree char *shown = g_strndup (reference, length);
  guint column;

  *error_offset = offset;
  _sw_text_offset_to_position (self->reply, offset, NULL, &column);

  if (self->capture_count == 0)
    g_set_error (error, SW_RULE_ERROR, SW_RULE_ERROR_INVALID_REPLY,
                 /* Translators: %s is what was typed, such as “\2” or “${name}” */
                 _("Reply: “%s” at column %u refers to a group, but the pattern has none: "
                   "put what to capture in parentheses"),
                 shown, column);
  else
    g_set_error (error, SW_RULE_ERROR, SW_RULE_ERROR_INVALID_REPLY,
                 /* Translators: %s is what was typed, such as “\2” or “${name}” */
                 _("Reply: “%s” at column %u refers to a group the pattern does not have"),
                 shown, column);

  return FALSE;
}

/* Finds the group a reference "${…}" at @p names; FALSE with @error set
 * when there is no such group or it is not a reference. */
static gboolean
parse_named_reference (SwRule      *self,
                       const char  *p,
                       const char **end,
                       guint       *group,
                       gsize       *error_offset,
                       GError     **error)
{
  const char *name = p + 2;
  const char *q = name;
  gsize offset = p - self->reply;
  gboolean digits = TRUE;

  while (g_ascii_isalnum (*q) || *q == '_')
    {
      digits = digits && g_ascii_isdigit (*q);
      q++;
    }

  if (q == name || *q != '}')
    {
      guint column;

      *error_offset = offset;
      _sw_text_offset_to_position (self->reply, offset, NULL, &column);
      g_set_error (error, SW_RULE_ERROR, SW_RULE_ERROR_INVALID_REPLY,
                   /* Translators: keep “${”, “}” and “$\x7B” as they are */
                   _("Reply: “${” at column %u must be followed by a group name or number "
                     "and “}”; write $\\x7B for a literal “${”"),
                   column);
      return FALSE;
    }

  *end = q + 1;

  if (digits)
    {
      guint64 number = 0;

      /* Groups number at most 65535; more digits cannot be one. */
      for (const char *d = name; d < q && number <= G_MAXUINT16; d++)
        number = number * 10 + (*d - '0');

      if (number > self->capture_count)
        return set_group_error (self, p, *end - p, offset, error_offset, error);
      *group = (guint) number;
    }
  else
    {
      g_autofree char *copy = g_strndup (name, q - name);
      int number = pcre2_substring_number_from_name (self->code, (PCRE2_SPTR) copy);

      /* A name used twice with (?J) is ambiguous: refused as well. */
      if (number <= 0)
        return set_group_error (self, p, *end - p, offset, error_offset, error);
      *group = (guint) number;
    }

  return TRUE;
}

typedef struct
{
  gsize offset;
  gsize length;
  guint group;
} Reference;

/* A REGEX rule's text reply with references to captures: splits it into
 * literal parts, parsed for escapes, and groups. */
static gboolean
compile_reply_template (SwRule  *self,
                        gsize   *error_offset,
                        GError **error)
{
  g_autoptr(GArray) references = g_array_new (FALSE, FALSE, sizeof (Reference));
  g_autoptr(GBytes) probe_bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *probe = NULL;
  const char *reply = self->reply;
  const char *p = reply;
  gsize literal_start = 0;

  while (*p != '\0')
    {
      Reference ref;
      const char *end;

      if (p[0] == '\\' && p[1] == '\\')
        {
          p += 2;
          continue;
        }

      if (p[0] == '\\' && p[1] >= '1' && p[1] <= '9')
        {
          end = p + 2;
          ref.group = p[1] - '0';
          if (ref.group > self->capture_count)
            return set_group_error (self, p, 2, p - reply, error_offset, error);
        }
      else if (p[0] == '$' && p[1] == '{')
        {
          if (!parse_named_reference (self, p, &end, &ref.group, error_offset, error))
            return FALSE;
        }
      else
        {
          p++;
          continue;
        }

      ref.offset = p - reply;
      ref.length = end - p;
      g_array_append_val (references, ref);
      p = end;
    }

  if (references->len == 0)
    return FALSE;

  /* The escapes of the literal parts must stand on their own. With each
   * reference replaced by as many "_" (no escape letter, no hex digit), a
   * lone or unfinished escape before a reference fails as it should, and
   * the error's offset and column are those of the reply as typed. */
  probe = g_strdup (reply);
  for (guint i = 0; i < references->len; i++)
    {
      Reference *ref = &g_array_index (references, Reference, i);

      memset (probe + ref->offset, '_', ref->length);
    }

  probe_bytes = sw_escape_parse (probe, -1, self->encoding, error_offset, &local_error);
  if (probe_bytes == NULL)
    {
      g_propagate_error (error, field_error (SW_RULE_ERROR_INVALID_REPLY, local_error));
      return FALSE;
    }

  self->reply_parts = g_array_new (FALSE, TRUE, sizeof (ReplyPart));
  g_array_set_clear_func (self->reply_parts, reply_part_clear);

  for (guint i = 0; i <= references->len; i++)
    {
      gsize literal_end = i < references->len
                          ? g_array_index (references, Reference, i).offset
                          : strlen (reply);
      ReplyPart part = { NULL, 0 };

      if (literal_end > literal_start)
        {
          part.bytes = sw_escape_parse (reply + literal_start, literal_end - literal_start,
                                        self->encoding, NULL, NULL);
          g_assert (part.bytes != NULL);
          g_array_append_val (self->reply_parts, part);
        }

      if (i < references->len)
        {
          Reference *ref = &g_array_index (references, Reference, i);

          part.bytes = NULL;
          part.group = ref->group;
          g_array_append_val (self->reply_parts, part);
          literal_start = ref->offset + ref->length;
        }
    }

  return TRUE;
}

static gboolean
compile_reply (SwRule  *self,
               gsize   *error_offset,
               GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->match_kind == SW_MATCH_KIND_REGEX && self->reply_format == SW_PAYLOAD_FORMAT_TEXT)
    {
      if (compile_reply_template (self, error_offset, &local_error))
        return TRUE;
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  self->reply_bytes = sw_codec_encode (self->reply, self->reply_format, TRUE,
                                       SW_LINE_ENDING_NONE, self->encoding,
                                       error_offset, &local_error);
  if (self->reply_bytes == NULL)
    {
      g_propagate_error (error, field_error (SW_RULE_ERROR_INVALID_REPLY, local_error));
      return FALSE;
    }

  return TRUE;
}

static void
update_active (SwRule *self)
{
  gboolean active = self->enabled && self->compiled;

  if (self->active == active)
    return;

  self->active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

/* Compiles pattern and reply again after an edit. */
static void
compile (SwRule *self)
{
  g_autoptr(GError) error = NULL;
  gsize offset = 0;

  clear_compiled (self);

  if (self->pattern[0] == '\0')
    {
      set_empty_pattern_error (&error);
    }
  else
    {
      gboolean compiled;

      switch (self->match_kind)
        {
        case SW_MATCH_KIND_REGEX:
          compiled = compile_regex (self, &offset, &error);
          break;

        case SW_MATCH_KIND_HEX:
          compiled = compile_hex_pattern (self, &offset, &error);
          break;

        case SW_MATCH_KIND_CONTAINS:
        case SW_MATCH_KIND_EXACT:
        case SW_MATCH_KIND_STARTS_WITH:
        case SW_MATCH_KIND_ENDS_WITH:
        default:
          compiled = compile_text_pattern (self, &offset, &error);
          break;
        }

      if (compiled)
        self->compiled = compile_reply (self, &offset, &error);
    }

  if (!self->compiled)
    clear_compiled (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (error == NULL || error->code == SW_RULE_ERROR_EMPTY_PATTERN)
    take_error (self, g_steal_pointer (&error), -1, FALSE);
  else
    take_error (self, g_steal_pointer (&error), offset, FALSE);
  update_active (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Matching */

static void *
scratch_malloc (PCRE2_SIZE size,
                void       *data)
{
  SwRuleScratch *scratch = data;

  scratch->n_allocations++;

  return g_try_malloc (size);
}

static void
scratch_free (void *pointer,
              void *data)
{
  g_free (pointer);
}

/* Called before every item of a pattern that runs without JIT: checks
 * the clock every REGEX_CALLOUT_CHECK calls, which is often enough (a
 * step is at most one scan of the frame) and cheap. */
static int
regex_callout (pcre2_callout_block *block,
               void                *data)
{
  SwRuleScratch *scratch = data;
  gint64 now;

  if (++scratch->callouts % REGEX_CALLOUT_CHECK != 0)
    return 0;

  now = g_get_monotonic_time ();
  if (scratch->deadline == 0)
    scratch->deadline = now + REGEX_TIME_LIMIT_USEC;
  else if (now > scratch->deadline)
    return PCRE2_ERROR_MATCHLIMIT;

  return 0;
}

void
_sw_rule_scratch_init (SwRuleScratch *scratch)
{
  memset (scratch, 0, sizeof *scratch);

  scratch->encoding = SW_ENCODING_UTF8;
  scratch->text = g_string_sized_new (256);
  scratch->converter = (GIConv) -1;

  scratch->general = pcre2_general_context_create (scratch_malloc, scratch_free, scratch);
  scratch->match_context = pcre2_match_context_create (scratch->general);
  pcre2_set_match_limit (scratch->match_context, REGEX_MATCH_LIMIT);
  pcre2_set_depth_limit (scratch->match_context, REGEX_DEPTH_LIMIT);
  pcre2_set_heap_limit (scratch->match_context, REGEX_HEAP_LIMIT_KIB);
  pcre2_set_callout (scratch->match_context, regex_callout, scratch);

  /* NULL where the JIT is not built in: patterns then run without it. */
  scratch->jit_stack = pcre2_jit_stack_create (REGEX_JIT_STACK_START, REGEX_JIT_STACK_MAX,
                                               scratch->general);
  if (scratch->jit_stack != NULL)
    pcre2_jit_stack_assign (scratch->match_context, NULL, scratch->jit_stack);
}

void
_sw_rule_scratch_clear (SwRuleScratch *scratch)
{
  _sw_encoding_clear_converter (&scratch->converter);
  g_clear_pointer (&scratch->match_data, pcre2_match_data_free);
  g_clear_pointer (&scratch->jit_stack, pcre2_jit_stack_free);
  g_clear_pointer (&scratch->match_context, pcre2_match_context_free);
  g_clear_pointer (&scratch->general, pcre2_general_context_free);
  if (scratch->text != NULL)
    g_string_free (g_steal_pointer (&scratch->text), TRUE);
}

void
_sw_rule_scratch_set_encoding (SwRuleScratch *scratch,
                               SwEncoding     encoding)
{
  if (scratch->encoding == encoding)
    return;

  scratch->encoding = encoding;
  _sw_encoding_clear_converter (&scratch->converter);
}

void
_sw_rule_scratch_begin (SwRuleScratch *scratch,
                        const guint8  *frame,
                        gsize          length)
{
  scratch->frame = frame;
  scratch->length = length;
  scratch->decoded = FALSE;
}

/* Valid UTF-8, U+0000 included. */
static gboolean
is_utf8 (const guint8 *data,
         gsize         length)
{
  const char *p = (const char *) data;
  const char *end = p + length;

  while (!g_utf8_validate_len (p, end - p, &p))
    {
      if (*p != '\0')
        return FALSE;
      p++;
    }

  return TRUE;
}

static void
scratch_decode (SwRuleScratch *scratch)
{
  gsize allocated = scratch->text->allocated_len;
  gboolean had_converter = scratch->converter != (GIConv) -1;

  scratch->decoded = TRUE;

  if (scratch->encoding == SW_ENCODING_UTF8 && is_utf8 (scratch->frame, scratch->length))
    {
      scratch->subject = (const char *) scratch->frame;
      scratch->subject_length = scratch->length;
      return;
    }

  g_string_truncate (scratch->text, 0);
  _sw_encoding_decode_append_with (scratch->encoding, &scratch->converter,
                                   scratch->frame, scratch->length,
                                   SW_DECODE_FLAGS_RAW, scratch->text);
  scratch->subject = scratch->text->str;
  scratch->subject_length = scratch->text->len;

  if (scratch->text->allocated_len != allocated)
    scratch->n_allocations++;
  if (!had_converter && scratch->converter != (GIConv) -1)
    scratch->n_allocations++;
}

static gboolean
match_regex (SwRule        *self,
             SwRuleScratch *scratch)
{
  int rc;

  if (!scratch->decoded)
    scratch_decode (scratch);

  if (scratch->match_data == NULL || scratch->match_data_pairs <= self->capture_count)
    {
      g_clear_pointer (&scratch->match_data, pcre2_match_data_free);
      scratch->match_data_pairs = MAX (self->capture_count + 1, 10);
      scratch->match_data = pcre2_match_data_create (scratch->match_data_pairs,
                                                     scratch->general);
    }

  scratch->callouts = 0;
  scratch->deadline = 0;

  rc = pcre2_match (self->code, (PCRE2_SPTR) scratch->subject, scratch->subject_length,
                    0, PCRE2_NO_UTF_CHECK, scratch->match_data, scratch->match_context);
  if (rc > 0)
    {
      scratch->match_groups = rc;
      return TRUE;
    }

  switch (rc)
    {
    case PCRE2_ERROR_NOMATCH:
      return FALSE;

    case PCRE2_ERROR_MATCHLIMIT:
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
    case PCRE2_ERROR_JIT_STACKLIMIT:
    case PCRE2_ERROR_NOMEMORY:
      /* Once: the next frames allocate nothing. */
      if (self->error == NULL)
        take_error (self,
                    g_error_new_literal (SW_RULE_ERROR, SW_RULE_ERROR_MATCH_LIMIT,
                                         _("A frame took this regular expression too long, "
                                           "so it was stopped there and the frame did not match: "
                                           "simplify it (nested repeats such as (a+)+ are "
                                           "the usual cause)")),
                    -1, TRUE);
      return FALSE;

    default:
      g_debug ("PCRE2 error %d matching “%s”", rc, self->pattern);
      return FALSE;
    }
}

static inline gboolean
find_bytes (const guint8 *haystack,
            gsize         haystack_length,
            const guint8 *needle,
            gsize         needle_length)
{
  const guint8 *p = haystack;
  const guint8 *last;

  if (needle_length > haystack_length)
    return FALSE;
  if (needle_length == 0)
    return TRUE;

  /* memchr() finds the candidates (memmem() is not everywhere). */
  last = haystack + (haystack_length - needle_length);
  while (p <= last)
    {
      p = memchr (p, needle[0], last - p + 1);
      if (p == NULL)
        return FALSE;
      if (memcmp (p + 1, needle + 1, needle_length - 1) == 0)
        return TRUE;
      p++;
    }

  return FALSE;
}

static inline gboolean
match_masked (const guint8 *frame,
              const guint8 *bytes,
              const guint8 *mask,
              gsize         length)
{
  for (gsize i = 0; i < length; i++)
    {
      if ((frame[i] & mask[i]) != bytes[i])
        return FALSE;
    }

  return TRUE;
}

gboolean
_sw_rule_match (SwRule        *self,
                SwRuleScratch *scratch)
{
  const guint8 *frame = scratch->frame;
  gsize length = scratch->length;
  const guint8 *needle;
  gsize n;

  if (!self->active)
    return FALSE;

  if (self->match_kind == SW_MATCH_KIND_REGEX)
    return match_regex (self, scratch);

  needle = g_bytes_get_data (self->needle, &n);

  switch (self->match_kind)
    {
    case SW_MATCH_KIND_CONTAINS:
      return find_bytes (frame, length, needle, n);

    case SW_MATCH_KIND_EXACT:
      return length == n && memcmp (frame, needle, n) == 0;

    case SW_MATCH_KIND_STARTS_WITH:
      return length >= n && memcmp (frame, needle, n) == 0;

    case SW_MATCH_KIND_ENDS_WITH:
      return length >= n && memcmp (frame + length - n, needle, n) == 0;

    case SW_MATCH_KIND_HEX:
      if (length != n)
        return FALSE;
      if (self->mask == NULL)
        return memcmp (frame, needle, n) == 0;
      return match_masked (frame, needle, g_bytes_get_data (self->mask, NULL), n);

    case SW_MATCH_KIND_REGEX:
    default:
      g_assert_not_reached ();
    }
}

GBytes *
_sw_rule_build_reply (SwRule        *self,
                      SwRuleScratch *scratch)
{
  g_autoptr(GByteArray) reply = NULL;
  PCRE2_SIZE *ovector;

  if (self->reply_bytes != NULL)
    return g_bytes_ref (self->reply_bytes);

  g_assert (self->reply_parts != NULL);
  g_assert (self->match_kind == SW_MATCH_KIND_REGEX);

  ovector = pcre2_get_ovector_pointer (scratch->match_data);
  reply = g_byte_array_new ();

  for (guint i = 0; i < self->reply_parts->len; i++)
    {
      const ReplyPart *part = &g_array_index (self->reply_parts, ReplyPart, i);
      g_autoptr(GBytes) encoded = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *text;
      gsize length;

      if (part->bytes != NULL)
        {
          g_byte_array_append (reply, g_bytes_get_data (part->bytes, NULL),
                               g_bytes_get_size (part->bytes));
          continue;
        }

      /* A group that did not take part is empty. */
      if (part->group >= scratch->match_groups || ovector[2 * part->group] == PCRE2_UNSET)
        continue;

      text = scratch->subject + ovector[2 * part->group];
      length = ovector[2 * part->group + 1] - ovector[2 * part->group];

      if (scratch->encoding == SW_ENCODING_UTF8)
        {
          g_byte_array_append (reply, (const guint8 *) text, length);
          continue;
        }

      /* Decoded from this encoding, so it encodes back. */
      encoded = sw_encoding_encode (scratch->encoding, text, length, NULL, &local_error);
      if (encoded == NULL)
        {
          _sw_rule_set_reply_error (self, local_error);
          return NULL;
        }
      g_byte_array_append (reply, g_bytes_get_data (encoded, NULL), g_bytes_get_size (encoded));
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&reply));
}

/* The set's side */

gpointer
_sw_rule_get_owner (SwRule *self)
{
  return self->owner;
}

void
_sw_rule_attach (SwRule     *self,
                 gpointer    owner,
                 SwEncoding  encoding)
{
  g_assert (self->owner == NULL);

  self->owner = owner;
  _sw_rule_set_encoding (self, encoding);
}

void
_sw_rule_detach (SwRule *self)
{
  self->owner = NULL;
}

void
_sw_rule_set_encoding (SwRule     *self,
                       SwEncoding  encoding)
{
  if (self->encoding == encoding)
    return;

  self->encoding = encoding;
  compile (self);
}

void
_sw_rule_add_hit (SwRule *self)
{
  self->hits++;
}

void
_sw_rule_notify_hits (SwRule *self)
{
  _sw_notify_counter (G_OBJECT (self), &self->notified_hits, self->hits, properties[PROP_HITS]);
}

void
_sw_rule_reset_hits (SwRule *self)
{
  self->hits = 0;
  _sw_rule_notify_hits (self);
}

void
_sw_rule_set_reply_error (SwRule       *self,
                          const GError *cause)
{
  take_error (self, field_error (SW_RULE_ERROR_INVALID_REPLY, cause), -1, TRUE);
}

void
_sw_rule_clear_runtime_error (SwRule *self)
{
  if (self->runtime_error)
    take_error (self, NULL, -1, FALSE);
}

/* GObject */

static void
sw_rule_finalize (GObject *object)
{
  SwRule *self = SW_RULE (object);

  clear_compiled (self);
  g_clear_error (&self->error);
  g_free (self->pattern);
  g_free (self->reply);

  G_OBJECT_CLASS (sw_rule_parent_class)->finalize (object);
}

static void
sw_rule_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  SwRule *self = SW_RULE (object);

  switch (prop_id)
    {
    case PROP_PATTERN:
      g_value_set_string (value, self->pattern);
      break;

    case PROP_MATCH_KIND:
      g_value_set_enum (value, self->match_kind);
      break;

    case PROP_REPLY:
      g_value_set_string (value, self->reply);
      break;

    case PROP_REPLY_FORMAT:
      g_value_set_enum (value, self->reply_format);
      break;

    case PROP_DELAY:
      g_value_set_uint (value, self->delay);
      break;

    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    case PROP_HITS:
      g_value_set_uint64 (value, self->hits);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_rule_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  SwRule *self = SW_RULE (object);

  switch (prop_id)
    {
    case PROP_PATTERN:
      sw_rule_set_pattern (self, g_value_get_string (value));
      break;

    case PROP_MATCH_KIND:
      sw_rule_set_match_kind (self, g_value_get_enum (value));
      break;

    case PROP_REPLY:
      sw_rule_set_reply (self, g_value_get_string (value));
      break;

    case PROP_REPLY_FORMAT:
      sw_rule_set_reply_format (self, g_value_get_enum (value));
      break;

    case PROP_DELAY:
      sw_rule_set_delay (self, g_value_get_uint (value));
      break;

    case PROP_ENABLED:
      sw_rule_set_enabled (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_rule_class_init (SwRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sw_rule_finalize;
  object_class->get_property = sw_rule_get_property;
  object_class->set_property = sw_rule_set_property;

  /**
   * SwRule:pattern:
   *
   * What to match, as typed: text with escapes, a regular expression or
   * hex bytes with `??`, by #SwRule:match-kind.
   */
  properties[PROP_PATTERN] =
    g_param_spec_string ("pattern", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MATCH_KIND] =
    g_param_spec_enum ("match-kind", NULL, NULL,
                       SW_TYPE_MATCH_KIND, SW_MATCH_KIND_CONTAINS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SwRule:reply:
   *
   * What to answer, as typed: text with escapes (and references to
   * captures for a regular expression) or hex, by #SwRule:reply-format.
   */
  properties[PROP_REPLY] =
    g_param_spec_string ("reply", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REPLY_FORMAT] =
    g_param_spec_enum ("reply-format", NULL, NULL,
                       SW_TYPE_PAYLOAD_FORMAT, SW_PAYLOAD_FORMAT_TEXT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SwRule:delay:
   *
   * How long to wait before replying, in milliseconds.
   */
  properties[PROP_DELAY] =
    g_param_spec_uint ("delay", NULL, NULL,
                       0, SW_RULE_MAX_DELAY_MS, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SwRule:active:
   *
   * Whether the rule matches frames: enabled, with a pattern and a reply
   * that compile.
   */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SwRule:hits:
   *
   * How many frames the rule matched. It can change millions of times a
   * second, so its set notifies it at most four times a second (and on
   * sw_rule_set_flush_hits()).
   */
  properties[PROP_HITS] =
    g_param_spec_uint64 ("hits", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SwRule:error:
   *
   * Why the rule is off (#SW_RULE_ERROR, with a message for people), or
   * that a frame hit the match limit or the reply filter refused a reply
   * (the rule stays active then, until it is edited); %NULL when all is
   * well.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_rule_init (SwRule *self)
{
  self->pattern = g_strdup ("");
  self->reply = g_strdup ("");
  self->match_kind = SW_MATCH_KIND_CONTAINS;
  self->reply_format = SW_PAYLOAD_FORMAT_TEXT;
  self->enabled = TRUE;
  self->encoding = SW_ENCODING_UTF8;
  self->error_offset = -1;

  compile (self);
}

/* An edit of what compiles takes effect at once. */
static void
compile_and_notify (SwRule *self,
                    guint   prop)
{
  g_object_freeze_notify (G_OBJECT (self));
  compile (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_text (SwRule      *self,
          char       **field,
          const char  *text,
          guint        prop)
{
  if (text == NULL)
    text = "";

  if (g_strcmp0 (*field, text) == 0)
    return;

  g_free (*field);
  *field = g_strdup (text);
  compile_and_notify (self, prop);
}

/* API */

/**
 * sw_rule_new:
 *
 * A rule as a new row starts: enabled, `CONTAINS`, a text reply, and no
 * pattern yet (so not active).
 *
 * Returns: (transfer full): a new #SwRule
 */
SwRule *
sw_rule_new (void)
{
  return g_object_new (SW_TYPE_RULE, NULL);
}

const char *
sw_rule_get_pattern (SwRule *self)
{
  g_return_val_if_fail (SW_IS_RULE (self), NULL);

  return self->pattern;
}

void
sw_rule_set_pattern (SwRule     *self,
                     const char *pattern)
{
  g_return_if_fail (SW_IS_RULE (self));

  set_text (self, &self->pattern, pattern, PROP_PATTERN);
}

SwMatchKind
sw_rule_get_match_kind (SwRule *self)
{
  g_return_val_if_fail (SW_IS_RULE (self), SW_MATCH_KIND_CONTAINS);

  return self->match_kind;
}

void
sw_rule_set_match_kind (SwRule      *self,
                        SwMatchKind  match_kind)
{
  g_return_if_fail (SW_IS_RULE (self));
  g_return_if_fail (match_kind <= SW_MATCH_KIND_HEX);

  if (self->match_kind == match_kind)
    return;

  self->match_kind = match_kind;
  compile_and_notify (self, PROP_MATCH_KIND);
}

const char *
sw_rule_get_reply (SwRule *self)
{
  g_return_val_if_fail (SW_IS_RULE (self), NULL);

  return self->reply;
}

void
sw_rule_set_reply (SwRule     *self,
                   const char *reply)
{
  g_return_if_fail (SW_IS_RULE (self));

  set_text (self, &self->reply, reply, PROP_REPLY);
}

SwPayloadFormat
sw_rule_get_reply_format (SwRule *self)
{
  g_return_val_if_fail (SW_IS_RULE (self), SW_PAYLOAD_FORMAT_TEXT);

  return self->reply_format;
}

void
sw_rule_set_reply_format (SwRule          *self,
                          SwPayloadFormat  reply_format)
{
  g_return_if_fail (SW_IS_RULE (self));
  g_return_if_fail (reply_format <= SW_PAYLOAD_FORMAT_HEX);

  if (self->reply_format == reply_format)
    return;

  self->reply_format = reply_format;
  compile_and_notify (self, PROP_REPLY_FORMAT);
}

guint
sw_rule_get_delay (SwRule *self)
{
  g_return_val_if_fail (SW_IS_RULE (self), 0);

  return self->delay;
}

void
sw_rule_set_delay (SwRule *self,
                   guint   delay_ms)
{
  g_return_if_fail (SW_IS_RULE (self));
  g_return_if_fail (delay_ms <= SW_RULE_MAX_DELAY_MS);

  if (self->delay == delay_ms)
    return;

  self->delay = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY]);
}

gboolean
sw_rule_get_enabled (SwRule *self)
{
  g_return_val_if_fail (SW_IS_RULE (self), FALSE);

  return self->enabled;
}

void
sw_rule_set_enabled (SwRule   *self,
                     gboolean  enabled)
{
  g_return_if_fail (SW_IS_RULE (self));

  enabled = !!enabled;
  if (self->enabled == (guint) enabled)
    return;

  self->enabled = enabled;

  g_object_freeze_notify (G_OBJECT (self));
  update_active (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
sw_rule_get_active (SwRule *self)
{
  g_return_val_if_fail (SW_IS_RULE (self), FALSE);

  return self->active;
}

guint64
sw_rule_get_hits (SwRule *self)
{
  g_return_val_if_fail (SW_IS_RULE (self), 0);

  return self->hits;
}

/**
 * sw_rule_get_error:
 *
 * Returns: (transfer none) (nullable): why the rule is off, or that a
 *   frame hit the match limit
 */
const GError *
sw_rule_get_error (SwRule *self)
{
  g_return_val_if_fail (SW_IS_RULE (self), NULL);

  return self->error;
}

/**
 * sw_rule_get_error_offset:
 *
 * Where #SwRule:error points, in bytes: into the pattern for
 * %SW_RULE_ERROR_INVALID_PATTERN and %SW_RULE_ERROR_INVALID_REGEX, into
 * the reply for %SW_RULE_ERROR_INVALID_REPLY (when it is the text's
 * fault); -1 otherwise.
 *
 * Returns: a byte offset, or -1
 */
gssize
sw_rule_get_error_offset (SwRule *self)
{
  g_return_val_if_fail (SW_IS_RULE (self), -1);

  return self->error_offset;
}

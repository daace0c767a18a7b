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
#include "sw-matcher-private.h"
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
  SwMatcher        matcher;
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

/* Wraps an error of the escape, hex or encoding parser as "Reply: …"
 * (the pattern's are the matcher's). */
static GError *
field_error (SwRuleError   code,
             const GError *cause)
{
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
  _sw_matcher_clear (&self->matcher);
  g_clear_pointer (&self->reply_bytes, g_bytes_unref);
  g_clear_pointer (&self->reply_parts, g_array_unref);
  self->compiled = FALSE;
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

  if (self->matcher.capture_count == 0)
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

      if (number > self->matcher.capture_count)
        return set_group_error (self, p, *end - p, offset, error_offset, error);
      *group = (guint) number;
    }
  else
    {
      g_autofree char *copy = g_strndup (name, q - name);
      int number = pcre2_substring_number_from_name (self->matcher.code, (PCRE2_SPTR) copy);

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
          if (ref.group > self->matcher.capture_count)
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

  if (_sw_matcher_compile (&self->matcher, self->match_kind, self->pattern, self->encoding,
                           &offset, &error))
    self->compiled = compile_reply (self, &offset, &error);
  else if (g_error_matches (error, SW_RULE_ERROR, SW_RULE_ERROR_EMPTY_PATTERN))
    {
      /* In the rule's words. */
      g_clear_error (&error);
      set_empty_pattern_error (&error);
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


gboolean
_sw_rule_match (SwRule         *self,
                SwMatchScratch *scratch)
{
  if (!self->active)
    return FALSE;

  switch (_sw_matcher_match (&self->matcher, scratch))
    {
    case SW_MATCH_RESULT_YES:
      return TRUE;

    case SW_MATCH_RESULT_LIMIT:
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

    case SW_MATCH_RESULT_NO:
    default:
      return FALSE;
    }
}

GBytes *
_sw_rule_build_reply (SwRule        *self,
                      SwMatchScratch *scratch)
{
  g_autoptr(GByteArray) reply = NULL;
  PCRE2_SIZE *ovector;

  if (self->reply_bytes != NULL)
    return g_bytes_ref (self->reply_bytes);

  g_assert (self->reply_parts != NULL);
  g_assert (self->match_kind == SW_MATCH_KIND_REGEX);

  ovector = _sw_regex_get_ovector (&scratch->regex);
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

/* sw-rule-set.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-rule-set"

#include "config.h"

#include "sw-rule-set.h"

#include "sw-core-enums.h"
#include "sw-rule-private.h"
#include "sw-rule-set-private.h"

/**
 * SwRuleSet:
 *
 * A session's auto-reply rules, in order (a #GListModel of #SwRule), and
 * what runs frames through them: sw_rule_set_match().
 *
 * Hits change at network speed, so the set counts them at once but
 * notifies #SwRule:hits at most four times a second, from the main
 * context that was the thread-default when the set was made (or at once
 * with sw_rule_set_flush_hits()).
 *
 * Frames that no rule matches allocate nothing: the decoded text and
 * PCRE2's match data live in the set and are reused (they grow only for
 * a larger frame or after an edit of the rules).
 *
 * Used from one thread.
 */

/* As the traffic log's totals: a label that changes repaints. */
#define HITS_INTERVAL_USEC (G_USEC_PER_SEC / 4)

/* Keys of sw_rule_set_save(); each rule is an a{sv} of these. */
#define KEY_PATTERN      "pattern"
#define KEY_MATCH_KIND   "match-kind"
#define KEY_REPLY        "reply"
#define KEY_REPLY_FORMAT "reply-format"
#define KEY_DELAY        "delay"
#define KEY_ENABLED      "enabled"

struct _SwRuleSet
{
  GObject            parent_instance;

  GPtrArray         *rules;
  SwEncoding         encoding;
  guint              match_all : 1;
  guint              matching : 1;
  guint              hits_pending : 1;

  SwRuleReplyFilter  filter;
  gpointer           filter_data;
  GDestroyNotify     filter_destroy;

  SwMatchScratch     scratch;
  /* Changes when the rules or the encoding change: a reply function
   * that edits the set ends the match in progress. */
  guint64            generation;

  GMainContext      *context;
  GSource           *hits_source;
  gint64             last_hits_time;
};

static void sw_rule_set_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SwRuleSet, sw_rule_set, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      sw_rule_set_list_model_init))

enum
{
  PROP_0,
  PROP_MATCH_ALL,
  PROP_ENCODING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GListModel */

static GType
sw_rule_set_get_item_type (GListModel *model)
{
  return SW_TYPE_RULE;
}

static guint
sw_rule_set_get_n_items (GListModel *model)
{
  return SW_RULE_SET (model)->rules->len;
}

static gpointer
sw_rule_set_get_item (GListModel *model,
                      guint       position)
{
  SwRuleSet *self = SW_RULE_SET (model);

  if (position >= self->rules->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->rules, position));
}

static void
sw_rule_set_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sw_rule_set_get_item_type;
  iface->get_n_items = sw_rule_set_get_n_items;
  iface->get_item = sw_rule_set_get_item;
}

static void
items_changed (SwRuleSet *self,
               guint      position,
               guint      removed,
               guint      added)
{
  self->generation++;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Hits */

static gboolean
hits_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  g_source_set_ready_time (source, -1);

  return callback (user_data);
}

static GSourceFuncs hits_source_funcs = {
  NULL, NULL, hits_source_dispatch, NULL, NULL, NULL,
};

static gboolean
hits_source_cb (gpointer user_data)
{
  sw_rule_set_flush_hits (SW_RULE_SET (user_data));

  return G_SOURCE_CONTINUE;
}

/* Once per interval at most: the cost of a hit is a counter. */
static void
queue_hits_notify (SwRuleSet *self)
{
  gint64 due;

  if (self->hits_pending)
    return;

  self->hits_pending = TRUE;

  if (self->hits_source == NULL)
    {
      self->hits_source = g_source_new (&hits_source_funcs, sizeof (GSource));
      g_source_set_static_name (self->hits_source, "[sw-rule-set-hits]");
      g_source_set_callback (self->hits_source, hits_source_cb, self, NULL);
      g_source_attach (self->hits_source, self->context);
    }

  due = self->last_hits_time + HITS_INTERVAL_USEC;
  g_source_set_ready_time (self->hits_source, MAX (due, 0));
}

/* Matching */

static void
reply_to_match (SwRuleSet       *self,
                SwRule          *rule,
                SwRuleReplyFunc  func,
                gpointer         user_data)
{
  g_autoptr(GBytes) reply = NULL;

  _sw_rule_add_hit (rule);
  queue_hits_notify (self);

  reply = _sw_rule_build_reply (rule, &self->scratch);
  if (reply == NULL)
    return;

  if (self->filter != NULL)
    {
      g_autoptr(GBytes) raw = g_steal_pointer (&reply);
      g_autoptr(GError) error = NULL;

      reply = self->filter (raw, self->filter_data, &error);
      if (reply == NULL)
        {
          if (error == NULL)
            {
              g_critical ("The reply filter of %p returned no reply and no error", self);
              return;
            }
          _sw_rule_set_reply_error (rule, error);
          return;
        }
    }

  if (func != NULL)
    {
      g_autoptr(SwRuleSet) self_ref G_GNUC_UNUSED = g_object_ref (self);
      g_autoptr(SwRule) rule_ref G_GNUC_UNUSED = g_object_ref (rule);

      func (rule, reply, sw_rule_get_delay (rule), user_data);
    }
}

/**
 * sw_rule_set_match:
 * @frame: (array length=length): one frame
 * @func: (scope call) (nullable): called for each rule that matched
 *
 * Runs @frame through the active rules in order. Each rule that matches
 * counts a hit, and @func gets its reply (after the reply filter) and
 * delay; with #SwRuleSet:match-all %FALSE, the first match ends it. A
 * reply that does not encode or that the filter refuses is not sent: the
 * match counts, and the rule's error says why. If @func changes the
 * rules or the encoding, the rules after the current one are not tried.
 *
 * Returns: how many rules matched
 */
guint
sw_rule_set_match (SwRuleSet       *self,
                   const guint8    *frame,
                   gsize            length,
                   SwRuleReplyFunc  func,
                   gpointer         user_data)
{
  guint64 generation;
  guint matches = 0;

  g_return_val_if_fail (SW_IS_RULE_SET (self), 0);
  g_return_val_if_fail (frame != NULL || length == 0, 0);
  g_return_val_if_fail (!self->matching, 0);

  if (frame == NULL)
    frame = (const guint8 *) "";

  self->matching = TRUE;
  generation = self->generation;
  _sw_match_scratch_begin (&self->scratch, frame, length);

  for (guint i = 0; i < self->rules->len; i++)
    {
      SwRule *rule = g_ptr_array_index (self->rules, i);

      if (!_sw_rule_match (rule, &self->scratch))
        continue;

      matches++;
      reply_to_match (self, rule, func, user_data);

      if (!self->match_all || self->generation != generation)
        break;
    }

  self->matching = FALSE;

  return matches;
}

/* Editing */

static void
clear_filter (SwRuleSet *self)
{
  if (self->filter_destroy != NULL)
    self->filter_destroy (self->filter_data);

  self->filter = NULL;
  self->filter_data = NULL;
  self->filter_destroy = NULL;
}

static void
rule_removed (gpointer data)
{
  SwRule *rule = data;

  /* Hits counted since the last notification are not lost. */
  _sw_rule_notify_hits (rule);
  _sw_rule_detach (rule);
  g_object_unref (rule);
}

/* GObject */

static void
sw_rule_set_dispose (GObject *object)
{
  SwRuleSet *self = SW_RULE_SET (object);

  if (self->hits_source != NULL)
    {
      g_source_destroy (self->hits_source);
      g_clear_pointer (&self->hits_source, g_source_unref);
    }

  if (self->rules->len > 0)
    g_ptr_array_remove_range (self->rules, 0, self->rules->len);
  clear_filter (self);

  G_OBJECT_CLASS (sw_rule_set_parent_class)->dispose (object);
}

static void
sw_rule_set_finalize (GObject *object)
{
  SwRuleSet *self = SW_RULE_SET (object);

  g_ptr_array_unref (self->rules);
  _sw_match_scratch_clear (&self->scratch);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (sw_rule_set_parent_class)->finalize (object);
}

static void
sw_rule_set_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SwRuleSet *self = SW_RULE_SET (object);

  switch (prop_id)
    {
    case PROP_MATCH_ALL:
      g_value_set_boolean (value, self->match_all);
      break;

    case PROP_ENCODING:
      g_value_set_enum (value, self->encoding);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->rules->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_rule_set_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SwRuleSet *self = SW_RULE_SET (object);

  switch (prop_id)
    {
    case PROP_MATCH_ALL:
      sw_rule_set_set_match_all (self, g_value_get_boolean (value));
      break;

    case PROP_ENCODING:
      sw_rule_set_set_encoding (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_rule_set_class_init (SwRuleSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_rule_set_dispose;
  object_class->finalize = sw_rule_set_finalize;
  object_class->get_property = sw_rule_set_get_property;
  object_class->set_property = sw_rule_set_set_property;

  /**
   * SwRuleSet:match-all:
   *
   * Whether every rule that matches a frame replies, in order; %FALSE:
   * the first one only.
   */
  properties[PROP_MATCH_ALL] =
    g_param_spec_boolean ("match-all", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SwRuleSet:encoding:
   *
   * The session's encoding: of text patterns and replies, and of the text
   * that regular expressions see.
   */
  properties[PROP_ENCODING] =
    g_param_spec_enum ("encoding", NULL, NULL,
                       SW_TYPE_ENCODING, SW_ENCODING_UTF8,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_rule_set_init (SwRuleSet *self)
{
  self->rules = g_ptr_array_new_with_free_func (rule_removed);
  self->encoding = SW_ENCODING_UTF8;
  self->context = g_main_context_ref_thread_default ();
  _sw_match_scratch_init (&self->scratch);
}

/* API */

SwRuleSet *
sw_rule_set_new (void)
{
  return g_object_new (SW_TYPE_RULE_SET, NULL);
}

/**
 * sw_rule_set_add:
 * @rule: a rule that belongs to no set
 *
 * Appends @rule.
 */
void
sw_rule_set_add (SwRuleSet *self,
                 SwRule    *rule)
{
  g_return_if_fail (SW_IS_RULE_SET (self));

  sw_rule_set_insert (self, self->rules->len, rule);
}

/**
 * sw_rule_set_insert:
 * @position: where, at most the number of rules
 * @rule: a rule that belongs to no set
 */
void
sw_rule_set_insert (SwRuleSet *self,
                    guint      position,
                    SwRule    *rule)
{
  g_return_if_fail (SW_IS_RULE_SET (self));
  g_return_if_fail (SW_IS_RULE (rule));
  g_return_if_fail (_sw_rule_get_owner (rule) == NULL);
  g_return_if_fail (position <= self->rules->len);

  _sw_rule_attach (rule, self, self->encoding);
  g_ptr_array_insert (self->rules, position, g_object_ref (rule));
  items_changed (self, position, 0, 1);
}

void
sw_rule_set_remove (SwRuleSet *self,
                    guint      position)
{
  g_return_if_fail (SW_IS_RULE_SET (self));
  g_return_if_fail (position < self->rules->len);

  g_ptr_array_remove_index (self->rules, position);
  items_changed (self, position, 1, 0);
}

/**
 * sw_rule_set_move:
 * @from: the position of the rule to move
 * @to: its new position
 *
 * Moves a rule, shifting those in between by one.
 */
void
sw_rule_set_move (SwRuleSet *self,
                  guint      from,
                  guint      to)
{
  gpointer rule;

  g_return_if_fail (SW_IS_RULE_SET (self));
  g_return_if_fail (from < self->rules->len);
  g_return_if_fail (to < self->rules->len);

  if (from == to)
    return;

  rule = g_ptr_array_steal_index (self->rules, from);
  g_ptr_array_insert (self->rules, to, rule);
  items_changed (self, MIN (from, to), MAX (from, to) - MIN (from, to) + 1,
                 MAX (from, to) - MIN (from, to) + 1);
}

/**
 * sw_rule_set_find:
 * @position: (out) (optional): where @rule is
 *
 * Returns: whether @rule is in the set
 */
gboolean
sw_rule_set_find (SwRuleSet *self,
                  SwRule    *rule,
                  guint     *position)
{
  g_return_val_if_fail (SW_IS_RULE_SET (self), FALSE);
  g_return_val_if_fail (SW_IS_RULE (rule), FALSE);

  return g_ptr_array_find (self->rules, rule, position);
}

gboolean
sw_rule_set_get_match_all (SwRuleSet *self)
{
  g_return_val_if_fail (SW_IS_RULE_SET (self), FALSE);

  return self->match_all;
}

void
sw_rule_set_set_match_all (SwRuleSet *self,
                           gboolean   match_all)
{
  g_return_if_fail (SW_IS_RULE_SET (self));

  match_all = !!match_all;
  if (self->match_all == (guint) match_all)
    return;

  self->match_all = match_all;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MATCH_ALL]);
}

SwEncoding
sw_rule_set_get_encoding (SwRuleSet *self)
{
  g_return_val_if_fail (SW_IS_RULE_SET (self), SW_ENCODING_UTF8);

  return self->encoding;
}

/**
 * sw_rule_set_set_encoding:
 *
 * Sets the session's encoding; every rule compiles again for it.
 */
void
sw_rule_set_set_encoding (SwRuleSet  *self,
                          SwEncoding  encoding)
{
  g_return_if_fail (SW_IS_RULE_SET (self));
  g_return_if_fail ((guint) encoding < SW_N_ENCODINGS);

  if (self->encoding == encoding)
    return;

  self->encoding = encoding;
  self->generation++;
  _sw_match_scratch_set_encoding (&self->scratch, encoding);
  for (guint i = 0; i < self->rules->len; i++)
    _sw_rule_set_encoding (g_ptr_array_index (self->rules, i), encoding);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
}

/**
 * sw_rule_set_set_reply_filter:
 * @filter: (nullable): applied to every reply, such as the checksum
 * @user_data: for @filter
 * @destroy: (nullable): frees @user_data when the filter is replaced
 *
 * Sets what every reply goes through before it reaches the reply
 * function. A reply the filter refuses (it returns %NULL and sets its
 * error) is not sent and sets the rule's error; setting a filter clears
 * such errors.
 */
void
sw_rule_set_set_reply_filter (SwRuleSet         *self,
                              SwRuleReplyFilter  filter,
                              gpointer           user_data,
                              GDestroyNotify     destroy)
{
  g_return_if_fail (SW_IS_RULE_SET (self));

  clear_filter (self);
  self->filter = filter;
  self->filter_data = user_data;
  self->filter_destroy = destroy;

  for (guint i = 0; i < self->rules->len; i++)
    _sw_rule_clear_runtime_error (g_ptr_array_index (self->rules, i));
}

/**
 * sw_rule_set_flush_hits:
 *
 * Notifies #SwRule:hits now on every rule whose count changed since it
 * was last notified.
 */
void
sw_rule_set_flush_hits (SwRuleSet *self)
{
  g_return_if_fail (SW_IS_RULE_SET (self));

  self->hits_pending = FALSE;
  self->last_hits_time = g_get_monotonic_time ();
  if (self->hits_source != NULL)
    g_source_set_ready_time (self->hits_source, -1);

  for (guint i = 0; i < self->rules->len; i++)
    _sw_rule_notify_hits (g_ptr_array_index (self->rules, i));
}

/**
 * sw_rule_set_reset_hits:
 *
 * Sets every rule's hits back to 0.
 */
void
sw_rule_set_reset_hits (SwRuleSet *self)
{
  g_return_if_fail (SW_IS_RULE_SET (self));

  for (guint i = 0; i < self->rules->len; i++)
    _sw_rule_reset_hits (g_ptr_array_index (self->rules, i));
}

static const char *
enum_to_nick (GType type,
              gint  value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  g_assert (enum_value != NULL);

  return enum_value->value_nick;
}

static gboolean
enum_from_nick (GType       type,
                const char *nick,
                gint       *value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value_by_nick (klass, nick);

  if (enum_value == NULL)
    return FALSE;

  *value = enum_value->value;
  return TRUE;
}

/**
 * sw_rule_set_save:
 *
 * The rules for the session file: an `aa{sv}`, one dictionary per rule
 * with "pattern" and "reply" (s, as typed), "match-kind" and
 * "reply-format" (s, the enums' nicks such as "starts-with" and "hex"),
 * "delay" (u, ms) and "enabled" (b). Hits are not saved; match-all and
 * the encoding are the session's settings.
 *
 * Returns: (transfer full): the rules
 */
GVariant *
sw_rule_set_save (SwRuleSet *self)
{
  GVariantBuilder builder;

  g_return_val_if_fail (SW_IS_RULE_SET (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));

  for (guint i = 0; i < self->rules->len; i++)
    {
      SwRule *rule = g_ptr_array_index (self->rules, i);

      g_variant_builder_open (&builder, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&builder, "{sv}", KEY_PATTERN,
                             g_variant_new_string (sw_rule_get_pattern (rule)));
      g_variant_builder_add (&builder, "{sv}", KEY_MATCH_KIND,
                             g_variant_new_string (enum_to_nick (SW_TYPE_MATCH_KIND,
                                                                 sw_rule_get_match_kind (rule))));
      g_variant_builder_add (&builder, "{sv}", KEY_REPLY,
                             g_variant_new_string (sw_rule_get_reply (rule)));
      g_variant_builder_add (&builder, "{sv}", KEY_REPLY_FORMAT,
                             g_variant_new_string (enum_to_nick (SW_TYPE_PAYLOAD_FORMAT,
                                                                 sw_rule_get_reply_format (rule))));
      g_variant_builder_add (&builder, "{sv}", KEY_DELAY,
                             g_variant_new_uint32 (sw_rule_get_delay (rule)));
      g_variant_builder_add (&builder, "{sv}", KEY_ENABLED,
                             g_variant_new_boolean (sw_rule_get_enabled (rule)));
      g_variant_builder_close (&builder);
    }

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* A rule from one saved dictionary; what is missing, of another type or
 * out of range keeps the default of a new rule. */
static SwRule *
rule_from_variant (GVariant *dict)
{
  SwRule *rule = sw_rule_new ();
  const char *text;
  guint32 delay;
  gboolean enabled;
  gint value;

  if (g_variant_lookup (dict, KEY_MATCH_KIND, "&s", &text)
      && enum_from_nick (SW_TYPE_MATCH_KIND, text, &value))
    sw_rule_set_match_kind (rule, value);
  if (g_variant_lookup (dict, KEY_REPLY_FORMAT, "&s", &text)
      && enum_from_nick (SW_TYPE_PAYLOAD_FORMAT, text, &value))
    sw_rule_set_reply_format (rule, value);
  if (g_variant_lookup (dict, KEY_PATTERN, "&s", &text))
    sw_rule_set_pattern (rule, text);
  if (g_variant_lookup (dict, KEY_REPLY, "&s", &text))
    sw_rule_set_reply (rule, text);
  if (g_variant_lookup (dict, KEY_DELAY, "u", &delay))
    sw_rule_set_delay (rule, MIN (delay, SW_RULE_MAX_DELAY_MS));
  if (g_variant_lookup (dict, KEY_ENABLED, "b", &enabled))
    sw_rule_set_enabled (rule, enabled);

  return rule;
}

/**
 * sw_rule_set_restore:
 * @rules: what sw_rule_set_save() returned (a floating reference is
 *   taken)
 *
 * Replaces the rules with @rules. Unknown keys are ignored, and a key of
 * the wrong type or value keeps the default of a new rule.
 *
 * Returns: %FALSE, changing nothing, when @rules is not an `aa{sv}`
 */
gboolean
sw_rule_set_restore (SwRuleSet *self,
                     GVariant  *rules)
{
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(GPtrArray) old_rules = NULL;
  GVariantIter iter;
  GVariant *dict;
  guint removed;

  g_return_val_if_fail (SW_IS_RULE_SET (self), FALSE);
  g_return_val_if_fail (rules != NULL, FALSE);
  g_return_val_if_fail (!self->matching, FALSE);

  owned = g_variant_ref_sink (rules);
  if (!g_variant_is_of_type (owned, G_VARIANT_TYPE ("aa{sv}")))
    return FALSE;

  old_rules = g_steal_pointer (&self->rules);
  removed = old_rules->len;
  self->rules = g_ptr_array_new_with_free_func (rule_removed);

  g_variant_iter_init (&iter, owned);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    {
      SwRule *rule = rule_from_variant (dict);

      _sw_rule_attach (rule, self, self->encoding);
      g_ptr_array_add (self->rules, rule);
      g_variant_unref (dict);
    }

  g_clear_pointer (&old_rules, g_ptr_array_unref);
  items_changed (self, 0, removed, self->rules->len);

  return TRUE;
}

/* Test hooks */

guint64
_sw_rule_set_get_n_allocations (SwRuleSet *self)
{
  return self->scratch.regex.n_allocations;
}

const char *
_sw_rule_set_get_text_buffer (SwRuleSet *self)
{
  return self->scratch.text->str;
}

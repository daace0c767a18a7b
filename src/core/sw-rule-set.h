/* sw-rule-set.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-rule.h"

G_BEGIN_DECLS

#define SW_TYPE_RULE_SET (sw_rule_set_get_type ())

G_DECLARE_FINAL_TYPE (SwRuleSet, sw_rule_set, SW, RULE_SET, GObject)

/* Called for each rule that matched a frame, with its reply (filtered;
 * borrowed: take a reference to keep it) and its delay. */
typedef void     (*SwRuleReplyFunc)   (SwRule    *rule,
                                       GBytes    *reply,
                                       guint      delay_ms,
                                       gpointer   user_data);

/* Turns a reply into what goes on the wire (the session's checksum);
 * returns a new reference, or %NULL with @error set. */
typedef GBytes  *(*SwRuleReplyFilter) (GBytes    *reply,
                                       gpointer   user_data,
                                       GError   **error);

SwRuleSet  *sw_rule_set_new               (void);

void        sw_rule_set_add               (SwRuleSet          *self,
                                           SwRule             *rule);
void        sw_rule_set_insert            (SwRuleSet          *self,
                                           guint               position,
                                           SwRule             *rule);
void        sw_rule_set_remove            (SwRuleSet          *self,
                                           guint               position);
void        sw_rule_set_move              (SwRuleSet          *self,
                                           guint               from,
                                           guint               to);
gboolean    sw_rule_set_find              (SwRuleSet          *self,
                                           SwRule             *rule,
                                           guint              *position);

gboolean    sw_rule_set_get_match_all     (SwRuleSet          *self);
void        sw_rule_set_set_match_all     (SwRuleSet          *self,
                                           gboolean            match_all);
SwEncoding  sw_rule_set_get_encoding      (SwRuleSet          *self);
void        sw_rule_set_set_encoding      (SwRuleSet          *self,
                                           SwEncoding          encoding);

void        sw_rule_set_set_reply_filter  (SwRuleSet          *self,
                                           SwRuleReplyFilter   filter,
                                           gpointer            user_data,
                                           GDestroyNotify      destroy);

/* Runs @frame through the active rules, in order; returns how many
 * matched. Allocates nothing for a frame that no rule matches. */
guint       sw_rule_set_match             (SwRuleSet          *self,
                                           const guint8       *frame,
                                           gsize               length,
                                           SwRuleReplyFunc     func,
                                           gpointer            user_data);

/* Notifies SwRule:hits now on the rules whose count changed. */
void        sw_rule_set_flush_hits        (SwRuleSet          *self);
void        sw_rule_set_reset_hits        (SwRuleSet          *self);

/* The rules as aa{sv}, for the session file; restore replaces them. */
GVariant   *sw_rule_set_save              (SwRuleSet          *self);
gboolean    sw_rule_set_restore           (SwRuleSet          *self,
                                           GVariant           *rules);

G_END_DECLS

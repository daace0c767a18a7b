/* sw-rule-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-rule.h"

G_BEGIN_DECLS

#define SW_TYPE_RULE_ROW (sw_rule_row_get_type ())

G_DECLARE_FINAL_TYPE (SwRuleRow, sw_rule_row, SW, RULE_ROW, GtkWidget)

/* One rule of the rules panel, edited in place: every edit goes to the
 * rule at once. Its Move and Remove buttons act on the rule set of the
 * #SwRulesPanel it is in. */
GtkWidget *sw_rule_row_new      (void);

SwRule    *sw_rule_row_get_rule (SwRuleRow *self);
void       sw_rule_row_set_rule (SwRuleRow *self,
                                 SwRule    *rule);

G_END_DECLS

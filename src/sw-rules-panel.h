/* sw-rules-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-framing.h"
#include "sw-rule-set.h"

G_BEGIN_DECLS

#define SW_TYPE_RULES_PANEL (sw_rules_panel_get_type ())

G_DECLARE_FINAL_TYPE (SwRulesPanel, sw_rules_panel, SW, RULES_PANEL, GtkWidget)

/* A session's auto-reply rules, edited in place (an edit takes effect at
 * once), with the framing that cuts what arrives into the frames they
 * match. */
GtkWidget *sw_rules_panel_new         (void);

SwRuleSet *sw_rules_panel_get_rules   (SwRulesPanel *self);
void       sw_rules_panel_set_rules   (SwRulesPanel *self,
                                       SwRuleSet    *rules);
SwFraming *sw_rules_panel_get_framing (SwRulesPanel *self);
void       sw_rules_panel_set_framing (SwRulesPanel *self,
                                       SwFraming    *framing);

G_END_DECLS

/* sw-rule-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-rule-row"

#include "config.h"

#include "sw-rule-row.h"

#include <glib/gi18n.h>

#include "sw-rules-panel.h"
#include "sw-utils.h"

struct _SwRuleRow
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkDropDown    *match_drop_down;
  GtkEntry       *pattern_entry;
  GtkSwitch      *enabled_switch;
  GtkEntry       *reply_entry;
  GtkWidget      *reply_hex_button;
  GtkSpinButton  *delay_spin;
  GtkLabel       *hits_label;
  GtkWidget      *up_button;
  GtkWidget      *down_button;
  GtkLabel       *error_label;

  SwRule         *rule;
  /* A row is recycled for other rules: these follow the one it shows. */
  GBindingGroup  *bindings;
  GSignalGroup   *signals;
  /* The set of the panel the row is in, while it is in one. */
  SwRuleSet      *rules;
};

G_DEFINE_FINAL_TYPE (SwRuleRow, sw_rule_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RULE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
sw_rule_row_new (void)
{
  return g_object_new (SW_TYPE_RULE_ROW, NULL);
}

/* Where the rule is in its set, if the row is in a panel. */
static gboolean
sw_rule_row_find (SwRuleRow *self,
                  guint     *position)
{
  return self->rule != NULL && self->rules != NULL
         && sw_rule_set_find (self->rules, self->rule, position);
}

/* Up and Down, where the rule can go. */
static void
sw_rule_row_update_moves (SwRuleRow *self)
{
  guint position = 0;
  gboolean found = sw_rule_row_find (self, &position);
  guint n = self->rules != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->rules)) : 0;

  gtk_widget_set_sensitive (self->up_button, found && position > 0);
  gtk_widget_set_sensitive (self->down_button, found && position + 1 < n);
}

static void
sw_rule_row_move (SwRuleRow *self,
                  int        offset)
{
  guint position;
  GtkWidget *button = offset < 0 ? self->up_button : self->down_button;

  if (!sw_rule_row_find (self, &position)
      || (offset < 0 && position == 0)
      || (offset > 0 && position + 1 >= g_list_model_get_n_items (G_LIST_MODEL (self->rules))))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  sw_rule_set_move (self->rules, position, position + offset);

  /* At the end now: the focus goes to the way back. */
  if (!gtk_widget_get_sensitive (button))
    gtk_widget_grab_focus (offset < 0 ? self->down_button : self->up_button);
}

static void
up_clicked_cb (SwRuleRow *self)
{
  sw_rule_row_move (self, -1);
}

static void
down_clicked_cb (SwRuleRow *self)
{
  sw_rule_row_move (self, 1);
}

static void
remove_clicked_cb (SwRuleRow *self)
{
  guint position;

  if (sw_rule_row_find (self, &position))
    sw_rule_set_remove (self->rules, position);
}

/* Setting a tooltip asks the display where the pointer is: not when a
 * recycled row shows a rule like the last one. */
static void
set_hint (GtkEntry   *entry,
          const char *placeholder,
          const char *tooltip)
{
  if (g_strcmp0 (gtk_entry_get_placeholder_text (entry), placeholder) != 0)
    gtk_entry_set_placeholder_text (entry, placeholder);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (entry)), tooltip) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (entry), tooltip);
}

/* What the pattern is, by how it is matched. */
static void
sw_rule_row_update_hints (SwRuleRow *self)
{
  SwMatchKind kind = self->rule != NULL ? sw_rule_get_match_kind (self->rule) : SW_MATCH_KIND_CONTAINS;
  gboolean hex_reply = self->rule != NULL && sw_rule_get_reply_format (self->rule) == SW_PAYLOAD_FORMAT_HEX;
  const char *placeholder, *tooltip;

  switch (kind)
    {
    case SW_MATCH_KIND_REGEX:
      placeholder = _("Regular expression, such as ^GET (\\S+)");
      tooltip = _("A regular expression (PCRE2) for the frame as text; the reply can insert its groups: \\1, ${name}");
      break;

    case SW_MATCH_KIND_HEX:
      placeholder = _("Hex, such as 01 03 ?? ??");
      tooltip = _("The whole frame as bytes in hex; ?? matches any byte");
      break;

    case SW_MATCH_KIND_CONTAINS:
    case SW_MATCH_KIND_EXACT:
    case SW_MATCH_KIND_STARTS_WITH:
    case SW_MATCH_KIND_ENDS_WITH:
    default:
      placeholder = _("Pattern, such as PING");
      tooltip = _("Text to look for in each frame, with escapes such as \\r\\n and \\x00");
      break;
    }

  set_hint (self->pattern_entry, placeholder, tooltip);

  if (hex_reply)
    set_hint (self->reply_entry, _("Bytes, such as 4F 4B 0D 0A"),
              _("What is sent back to a matching frame, as bytes in hex"));
  else
    set_hint (self->reply_entry, _("Text, such as PONG\\r\\n"),
              _("What is sent back to a matching frame: text with escapes such as \\r\\n"));
}

static void
set_invalid (GtkWidget *widget,
             gboolean   invalid)
{
  if (invalid)
    {
      gtk_widget_add_css_class (widget, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (widget),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (widget, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

/* Why the rule is off, under it, and the field it is about marked. A
 * rule still waiting for its pattern is told so, not scolded. */
static void
sw_rule_row_update_error (SwRuleRow *self)
{
  const GError *error = self->rule != NULL ? sw_rule_get_error (self->rule) : NULL;
  gboolean waiting = g_error_matches (error, SW_RULE_ERROR, SW_RULE_ERROR_EMPTY_PATTERN);
  gboolean in_reply = g_error_matches (error, SW_RULE_ERROR, SW_RULE_ERROR_INVALID_REPLY);
  gboolean in_pattern = error != NULL && !waiting && !in_reply
                        && !g_error_matches (error, SW_RULE_ERROR, SW_RULE_ERROR_MATCH_LIMIT);

  gtk_label_set_text (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  if (waiting)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
    }

  set_invalid (GTK_WIDGET (self->pattern_entry), in_pattern);
  set_invalid (GTK_WIDGET (self->reply_entry), in_reply);
}

static gboolean
hits_to_label (GBinding     *binding,
               const GValue *from_value,
               GValue       *to_value,
               gpointer      user_data)
{
  guint64 hits = g_value_get_uint64 (from_value);
  g_autofree char *count = g_strdup_printf ("%'" G_GUINT64_FORMAT, hits);

  /* Translators: how many frames a rule matched, e.g. “12 hits” */
  g_value_take_string (to_value, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s hit", "%s hits", hits),
                                                  count));

  return TRUE;
}

/* The panel's set */

static void
rules_changed_cb (SwRuleRow *self)
{
  sw_rule_row_update_moves (self);
}

static void
sw_rule_row_root (GtkWidget *widget)
{
  SwRuleRow *self = SW_RULE_ROW (widget);
  GtkWidget *panel;

  GTK_WIDGET_CLASS (sw_rule_row_parent_class)->root (widget);

  panel = gtk_widget_get_ancestor (widget, SW_TYPE_RULES_PANEL);
  if (panel != NULL)
    {
      self->rules = g_object_ref (sw_rules_panel_get_rules (SW_RULES_PANEL (panel)));
      g_signal_connect_object (self->rules, "items-changed", G_CALLBACK (rules_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  sw_rule_row_update_moves (self);
}

static void
sw_rule_row_unroot (GtkWidget *widget)
{
  SwRuleRow *self = SW_RULE_ROW (widget);

  if (self->rules != NULL)
    g_signal_handlers_disconnect_by_data (self->rules, self);
  g_clear_object (&self->rules);

  GTK_WIDGET_CLASS (sw_rule_row_parent_class)->unroot (widget);
}

/* The row is its rule's pattern first. */
static gboolean
sw_rule_row_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (SW_RULE_ROW (widget)->pattern_entry));
}

/* Accessors */

SwRule *
sw_rule_row_get_rule (SwRuleRow *self)
{
  g_return_val_if_fail (SW_IS_RULE_ROW (self), NULL);

  return self->rule;
}

void
sw_rule_row_set_rule (SwRuleRow *self,
                      SwRule    *rule)
{
  g_return_if_fail (SW_IS_RULE_ROW (self));
  g_return_if_fail (rule == NULL || SW_IS_RULE (rule));

  if (!g_set_object (&self->rule, rule))
    return;

  g_binding_group_set_source (self->bindings, rule);
  g_signal_group_set_target (self->signals, rule);
  sw_rule_row_update_hints (self);
  sw_rule_row_update_error (self);
  sw_rule_row_update_moves (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RULE]);
}

/* GObject */

static void
sw_rule_row_dispose (GObject *object)
{
  SwRuleRow *self = SW_RULE_ROW (object);

  sw_clear_groups (&self->bindings, &self->signals);
  g_clear_object (&self->rule);

  gtk_widget_dispose_template (GTK_WIDGET (object), SW_TYPE_RULE_ROW);

  G_OBJECT_CLASS (sw_rule_row_parent_class)->dispose (object);
}

static void
sw_rule_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SwRuleRow *self = SW_RULE_ROW (object);

  switch (prop_id)
    {
    case PROP_RULE:
      g_value_set_object (value, self->rule);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_rule_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SwRuleRow *self = SW_RULE_ROW (object);

  switch (prop_id)
    {
    case PROP_RULE:
      sw_rule_row_set_rule (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_rule_row_class_init (SwRuleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_rule_row_dispose;
  object_class->get_property = sw_rule_row_get_property;
  object_class->set_property = sw_rule_row_set_property;

  widget_class->grab_focus = sw_rule_row_grab_focus;
  widget_class->root = sw_rule_row_root;
  widget_class->unroot = sw_rule_row_unroot;

  properties[PROP_RULE] =
    g_param_spec_object ("rule", NULL, NULL,
                         SW_TYPE_RULE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-rule-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SwRuleRow, match_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwRuleRow, pattern_entry);
  gtk_widget_class_bind_template_child (widget_class, SwRuleRow, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, SwRuleRow, reply_entry);
  gtk_widget_class_bind_template_child (widget_class, SwRuleRow, reply_hex_button);
  gtk_widget_class_bind_template_child (widget_class, SwRuleRow, delay_spin);
  gtk_widget_class_bind_template_child (widget_class, SwRuleRow, hits_label);
  gtk_widget_class_bind_template_child (widget_class, SwRuleRow, up_button);
  gtk_widget_class_bind_template_child (widget_class, SwRuleRow, down_button);
  gtk_widget_class_bind_template_child (widget_class, SwRuleRow, error_label);
  /* For gtk_widget_dispose_template() and the tests. */
  gtk_widget_class_bind_template_child_full (widget_class, "grid", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "remove_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, up_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, down_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rulerow");
}

static void
sw_rule_row_init (SwRuleRow *self)
{
  GBindingFlags flags = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "pattern", self->pattern_entry, "text", flags);
  g_binding_group_bind_full (self->bindings, "match-kind", self->match_drop_down, "selected", flags,
                             sw_enum_to_position, sw_position_to_enum, NULL, NULL);
  g_binding_group_bind (self->bindings, "reply", self->reply_entry, "text", flags);
  g_binding_group_bind_full (self->bindings, "reply-format", self->reply_hex_button, "active", flags,
                             sw_format_to_hex, sw_hex_to_format, NULL, NULL);
  g_binding_group_bind (self->bindings, "delay", gtk_spin_button_get_adjustment (self->delay_spin),
                        "value", flags);
  g_binding_group_bind (self->bindings, "enabled", self->enabled_switch, "active", flags);
  g_binding_group_bind_full (self->bindings, "hits", self->hits_label, "label", G_BINDING_SYNC_CREATE,
                             hits_to_label, NULL, NULL, NULL);

  self->signals = g_signal_group_new (SW_TYPE_RULE);
  g_signal_group_connect_swapped (self->signals, "notify::error",
                                  G_CALLBACK (sw_rule_row_update_error), self);
  g_signal_group_connect_swapped (self->signals, "notify::match-kind",
                                  G_CALLBACK (sw_rule_row_update_hints), self);
  g_signal_group_connect_swapped (self->signals, "notify::reply-format",
                                  G_CALLBACK (sw_rule_row_update_hints), self);

  sw_rule_row_update_hints (self);
  sw_rule_row_update_error (self);
  sw_rule_row_update_moves (self);
}

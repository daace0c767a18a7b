/* sw-rules-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-rules-panel"

#include "config.h"

#include "sw-rules-panel.h"

#include <glib/gi18n.h>

#include "sw-framing-editor.h"
#include "sw-rule-row.h"
#include "sw-utils.h"

struct _SwRulesPanel
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkLabel        *count_label;
  GtkStack        *stack;
  GtkListView     *list_view;
  GtkNoSelection  *selection;
  GtkMenuButton   *framing_button;
  SwFramingEditor *framing_editor;
  GtkLabel        *framing_error_label;
  GtkDropDown     *match_all_drop_down;

  SwRuleSet       *rules;
  GBindingGroup   *bindings;
  GSignalGroup    *framing_signals;

  /* A rule just added, whose pattern gets the focus once its row is. */
  SwRule          *focus_rule;
  guint            focus_source;
};

G_DEFINE_FINAL_TYPE (SwRulesPanel, sw_rules_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RULES,
  PROP_FRAMING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
sw_rules_panel_new (void)
{
  return g_object_new (SW_TYPE_RULES_PANEL, NULL);
}

static void
sw_rules_panel_update_count (SwRulesPanel *self)
{
  guint n = self->rules != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->rules)) : 0;
  g_autofree char *count = g_strdup_printf ("%u", n);

  gtk_label_set_text (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

/* The longest delimiter the Framing button shows whole, in characters. */
#define DELIMITER_SHOWN_MAX 12

/* The framing, in short, for its button. */
static char *
describe_framing (SwFraming *framing)
{
  g_autofree char *delimiter = NULL;
  const char *text;

  switch (sw_framing_get_mode (framing))
    {
    case SW_FRAMING_MODE_DELIMITER:
      text = sw_framing_get_delimiter (framing);
      if (g_utf8_strlen (text, -1) > DELIMITER_SHOWN_MAX)
        {
          const char *end = g_utf8_offset_to_pointer (text, DELIMITER_SHOWN_MAX);

          delimiter = g_strdup_printf ("%.*s…", (int) (end - text), text);
        }
      /* Translators: %s is the delimiter as typed, e.g. “Framing: \r\n” */
      return g_strdup_printf (_("Framing: %s"), delimiter != NULL ? delimiter : text);

    case SW_FRAMING_MODE_FIXED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Framing: %u byte each",
                                           "Framing: %u bytes each",
                                           sw_framing_get_fixed_length (framing)),
                              sw_framing_get_fixed_length (framing));

    case SW_FRAMING_MODE_LENGTH_FIELD:
      return g_strdup (_("Framing: length field"));

    case SW_FRAMING_MODE_IDLE_GAP:
      /* Translators: a frame ends after a pause of this many milliseconds */
      return g_strdup_printf (_("Framing: %u ms gap"), sw_framing_get_idle_gap_ms (framing));

    case SW_FRAMING_MODE_NONE:
    default:
      return g_strdup (_("Framing: none"));
    }
}

static void
framing_changed_cb (SwRulesPanel *self)
{
  SwFraming *framing = sw_framing_editor_get_framing (self->framing_editor);
  g_autofree char *label = NULL;
  g_autoptr(GError) error = NULL;

  if (framing == NULL)
    return;

  label = describe_framing (framing);
  gtk_menu_button_set_label (self->framing_button, label);

  sw_framing_validate (framing, &error);
  gtk_label_set_text (self->framing_error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->framing_error_label), error != NULL);
}

/* The row showing @rule, if the list made one. */
static SwRuleRow *
find_row (SwRulesPanel *self,
          SwRule       *rule)
{
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);

      if (SW_IS_RULE_ROW (row) && sw_rule_row_get_rule (SW_RULE_ROW (row)) == rule)
        return SW_RULE_ROW (row);
    }

  return NULL;
}

static gboolean
focus_new_rule (SwRulesPanel *self)
{
  SwRuleRow *row;

  if (self->focus_rule == NULL)
    return TRUE;

  row = find_row (self, self->focus_rule);
  if (row == NULL)
    return FALSE;

  gtk_widget_grab_focus (GTK_WIDGET (row));
  g_clear_object (&self->focus_rule);

  return TRUE;
}

static gboolean
focus_source_cb (gpointer user_data)
{
  SwRulesPanel *self = user_data;

  self->focus_source = 0;
  focus_new_rule (self);
  g_clear_object (&self->focus_rule);

  return G_SOURCE_REMOVE;
}

/* A new rule at the end: enabled, matching what contains its pattern,
 * replying with text; the person types its pattern first. */
static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SwRulesPanel *self = SW_RULES_PANEL (widget);
  g_autoptr(SwRule) rule = NULL;
  guint position;

  if (self->rules == NULL)
    return;

  rule = sw_rule_new ();
  position = g_list_model_get_n_items (G_LIST_MODEL (self->rules));
  sw_rule_set_add (self->rules, rule);

  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  g_set_object (&self->focus_rule, rule);
  /* The list makes the row when it lays out, which may be later. */
  if (!focus_new_rule (self) && self->focus_source == 0)
    self->focus_source = g_idle_add_full (G_PRIORITY_LOW, focus_source_cb, self, NULL);
}

/* Accessors */

/**
 * sw_rules_panel_get_rules:
 *
 * Returns: (transfer none) (nullable): the rules it edits
 */
SwRuleSet *
sw_rules_panel_get_rules (SwRulesPanel *self)
{
  g_return_val_if_fail (SW_IS_RULES_PANEL (self), NULL);

  return self->rules;
}

void
sw_rules_panel_set_rules (SwRulesPanel *self,
                          SwRuleSet    *rules)
{
  g_return_if_fail (SW_IS_RULES_PANEL (self));
  g_return_if_fail (rules == NULL || SW_IS_RULE_SET (rules));

  if (self->rules == rules)
    return;

  if (self->rules != NULL)
    g_signal_handlers_disconnect_by_data (self->rules, self);
  g_set_object (&self->rules, rules);
  if (rules != NULL)
    g_signal_connect_object (rules, "notify::n-items", G_CALLBACK (sw_rules_panel_update_count),
                             self, G_CONNECT_SWAPPED);

  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (rules));
  g_binding_group_set_source (self->bindings, rules);
  sw_rules_panel_update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RULES]);
}

/**
 * sw_rules_panel_get_framing:
 *
 * Returns: (transfer none) (nullable): the framing it edits
 */
SwFraming *
sw_rules_panel_get_framing (SwRulesPanel *self)
{
  g_return_val_if_fail (SW_IS_RULES_PANEL (self), NULL);

  return sw_framing_editor_get_framing (self->framing_editor);
}

void
sw_rules_panel_set_framing (SwRulesPanel *self,
                            SwFraming    *framing)
{
  g_return_if_fail (SW_IS_RULES_PANEL (self));
  g_return_if_fail (framing == NULL || SW_IS_FRAMING (framing));

  if (sw_framing_editor_get_framing (self->framing_editor) == framing)
    return;

  sw_framing_editor_set_framing (self->framing_editor, framing);
  g_signal_group_set_target (self->framing_signals, framing);
  framing_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMING]);
}

/* GObject */

static void
sw_rules_panel_dispose (GObject *object)
{
  SwRulesPanel *self = SW_RULES_PANEL (object);

  g_clear_handle_id (&self->focus_source, g_source_remove);
  g_clear_object (&self->focus_rule);
  sw_clear_groups (&self->bindings, &self->framing_signals);
  if (self->rules != NULL)
    g_signal_handlers_disconnect_by_data (self->rules, self);

  gtk_widget_dispose_template (GTK_WIDGET (object), SW_TYPE_RULES_PANEL);

  g_clear_object (&self->rules);

  G_OBJECT_CLASS (sw_rules_panel_parent_class)->dispose (object);
}

static void
sw_rules_panel_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SwRulesPanel *self = SW_RULES_PANEL (object);

  switch (prop_id)
    {
    case PROP_RULES:
      g_value_set_object (value, self->rules);
      break;

    case PROP_FRAMING:
      g_value_set_object (value, sw_rules_panel_get_framing (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_rules_panel_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SwRulesPanel *self = SW_RULES_PANEL (object);

  switch (prop_id)
    {
    case PROP_RULES:
      sw_rules_panel_set_rules (self, g_value_get_object (value));
      break;

    case PROP_FRAMING:
      sw_rules_panel_set_framing (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_rules_panel_class_init (SwRulesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_rules_panel_dispose;
  object_class->get_property = sw_rules_panel_get_property;
  object_class->set_property = sw_rules_panel_set_property;

  properties[PROP_RULES] =
    g_param_spec_object ("rules", NULL, NULL,
                         SW_TYPE_RULE_SET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRAMING] =
    g_param_spec_object ("framing", NULL, NULL,
                         SW_TYPE_FRAMING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SW_TYPE_FRAMING_EDITOR);
  g_type_ensure (SW_TYPE_RULE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-rules-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SwRulesPanel, count_label);
  gtk_widget_class_bind_template_child (widget_class, SwRulesPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, SwRulesPanel, list_view);
  gtk_widget_class_bind_template_child (widget_class, SwRulesPanel, selection);
  gtk_widget_class_bind_template_child (widget_class, SwRulesPanel, framing_button);
  gtk_widget_class_bind_template_child (widget_class, SwRulesPanel, framing_editor);
  gtk_widget_class_bind_template_child (widget_class, SwRulesPanel, framing_error_label);
  gtk_widget_class_bind_template_child (widget_class, SwRulesPanel, match_all_drop_down);
  /* The direct children, for gtk_widget_dispose_template(). */
  gtk_widget_class_bind_template_child_full (widget_class, "header_box", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "header_separator", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "settings_box", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "settings_separator", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "rules.add", NULL, add_action);

  gtk_widget_class_set_css_name (widget_class, "rulespanel");
}

static void
sw_rules_panel_init (SwRulesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sw_fix_mnemonic_names (GTK_WIDGET (self));

  self->bindings = g_binding_group_new ();
  g_binding_group_bind_full (self->bindings, "match-all", self->match_all_drop_down, "selected",
                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                             /* "All matches reply" is the second row. */
                             sw_boolean_to_position, sw_position_to_boolean, GUINT_TO_POINTER (1), NULL);

  self->framing_signals = g_signal_group_new (SW_TYPE_FRAMING);
  g_signal_group_connect_swapped (self->framing_signals, "changed", G_CALLBACK (framing_changed_cb), self);
  gtk_menu_button_set_label (self->framing_button, _("Framing: none"));

  sw_rules_panel_update_count (self);
}

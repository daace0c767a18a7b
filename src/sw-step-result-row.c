/* sw-step-result-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-step-result-row"

#include "config.h"

#include "sw-step-result-row.h"

#include <glib/gi18n.h>

#include "sw-step-summary.h"

struct _SwStepResultRow
{
  GtkListBoxRow  parent_instance;

  /* Template widgets */
  GtkImage      *state_image;
  GtkLabel      *title_label;
  GtkLabel      *state_label;
  GtkLabel      *reason_label;
  GtkLabel      *frame_label;

  SwStepResult  *result;
};

G_DEFINE_FINAL_TYPE (SwStepResultRow, sw_step_result_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_RESULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How each state shows: an icon, a word, a style. */
static const struct {
  const char *icon;
  const char *word;
  const char *css_class;
} states[] = {
  [SW_STEP_STATE_PENDING] = { "radio-symbolic", N_("Pending"), "dim-label" },
  [SW_STEP_STATE_RUNNING] = { "media-playback-start-symbolic", N_("Running"), "accent" },
  [SW_STEP_STATE_PASSED] = { "emblem-ok-symbolic", N_("Passed"), "success" },
  [SW_STEP_STATE_FAILED] = { "dialog-error-symbolic", N_("Failed"), "error" },
};

GtkWidget *
sw_step_result_row_new (SwStepResult *result)
{
  g_return_val_if_fail (SW_IS_STEP_RESULT (result), NULL);

  return g_object_new (SW_TYPE_STEP_RESULT_ROW, "result", result, NULL);
}

/**
 * sw_step_result_row_get_result:
 *
 * Returns: (transfer none): the result it shows
 */
SwStepResult *
sw_step_result_row_get_result (SwStepResultRow *self)
{
  g_return_val_if_fail (SW_IS_STEP_RESULT_ROW (self), NULL);

  return self->result;
}

/**
 * sw_step_result_row_describe:
 *
 * Returns: (transfer full): "Step 2, Passed: Expect … A frame matched.
 *   VALUE 42"
 */
char *
sw_step_result_row_describe (SwStepResultRow *self)
{
  GString *text;
  const char *reason;
  const char *frame;

  g_return_val_if_fail (SW_IS_STEP_RESULT_ROW (self), NULL);

  text = g_string_new (NULL);
  /* Translators: the first %s is a step's state (Passed…), the second what it does */
  g_string_append_printf (text, _("%s: %s"),
                          gtk_label_get_text (self->state_label),
                          gtk_label_get_text (self->title_label));
  reason = gtk_label_get_text (self->reason_label);
  if (*reason != '\0')
    g_string_append_printf (text, " — %s", reason);
  frame = gtk_widget_get_visible (GTK_WIDGET (self->frame_label)) ? gtk_label_get_text (self->frame_label) : "";
  if (*frame != '\0')
    g_string_append_printf (text, " — %s", frame);

  return g_string_free (text, FALSE);
}

static void
sw_step_result_row_update (SwStepResultRow *self)
{
  SwStepState state = sw_step_result_get_state (self->result);
  guint runs = sw_step_result_get_runs (self->result);
  g_autofree char *summary = sw_step_summary (sw_step_result_get_step (self->result));
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  const char *frame = sw_step_result_get_frame_text (self->result);

  if (runs > 1)
    /* Translators: a step of a sequence: its number, what it does, and how many times it ran */
    title = g_strdup_printf (_("%u. %s (×%u)"), sw_step_result_get_position (self->result) + 1, summary, runs);
  else
    /* Translators: a step of a sequence: its number and what it does */
    title = g_strdup_printf (_("%u. %s"), sw_step_result_get_position (self->result) + 1, summary);
  gtk_label_set_text (self->title_label, title);

  g_assert (state < G_N_ELEMENTS (states));
  gtk_image_set_from_icon_name (self->state_image, states[state].icon);
  gtk_label_set_text (self->state_label, _(states[state].word));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), states[i].css_class);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), states[state].css_class);

  gtk_label_set_text (self->reason_label, sw_step_result_get_reason (self->result));
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), *sw_step_result_get_reason (self->result) != '\0');
  gtk_label_set_text (self->frame_label, frame);
  gtk_widget_set_visible (GTK_WIDGET (self->frame_label), *frame != '\0');
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->frame_label), sw_step_result_get_frame_hex (self->result));

  description = sw_step_result_row_describe (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

/* GObject */

static void
sw_step_result_row_dispose (GObject *object)
{
  SwStepResultRow *self = SW_STEP_RESULT_ROW (object);

  if (self->result != NULL)
    g_signal_handlers_disconnect_by_data (self->result, self);
  g_clear_object (&self->result);

  gtk_widget_dispose_template (GTK_WIDGET (object), SW_TYPE_STEP_RESULT_ROW);

  G_OBJECT_CLASS (sw_step_result_row_parent_class)->dispose (object);
}

static void
sw_step_result_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SwStepResultRow *self = SW_STEP_RESULT_ROW (object);

  switch (prop_id)
    {
    case PROP_RESULT:
      g_value_set_object (value, self->result);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_step_result_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SwStepResultRow *self = SW_STEP_RESULT_ROW (object);

  switch (prop_id)
    {
    case PROP_RESULT:
      self->result = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_step_result_row_constructed (GObject *object)
{
  SwStepResultRow *self = SW_STEP_RESULT_ROW (object);

  G_OBJECT_CLASS (sw_step_result_row_parent_class)->constructed (object);

  g_signal_connect_object (self->result, "notify", G_CALLBACK (sw_step_result_row_update),
                           self, G_CONNECT_SWAPPED);
  sw_step_result_row_update (self);
}

static void
sw_step_result_row_class_init (SwStepResultRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sw_step_result_row_constructed;
  object_class->dispose = sw_step_result_row_dispose;
  object_class->get_property = sw_step_result_row_get_property;
  object_class->set_property = sw_step_result_row_set_property;

  properties[PROP_RESULT] =
    g_param_spec_object ("result", NULL, NULL,
                         SW_TYPE_STEP_RESULT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-step-result-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SwStepResultRow, state_image);
  gtk_widget_class_bind_template_child (widget_class, SwStepResultRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, SwStepResultRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, SwStepResultRow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, SwStepResultRow, frame_label);
}

static void
sw_step_result_row_init (SwStepResultRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

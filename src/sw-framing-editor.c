/* sw-framing-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-framing-editor"

#include "config.h"

#include "sw-framing-editor.h"

#include "sw-utils.h"

struct _SwFramingEditor
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkDropDown   *mode_drop_down;
  GtkStack      *stack;
  GtkEntry      *delimiter_entry;
  GtkWidget     *delimiter_hex_button;
  GtkWidget     *keep_delimiter_check;
  GtkSpinButton *fixed_length_spin;
  GtkSpinButton *length_offset_spin;
  GtkDropDown   *length_size_drop_down;
  GtkDropDown   *length_order_drop_down;
  GtkWidget     *includes_header_check;
  GtkSpinButton *length_adjust_spin;
  GtkSpinButton *idle_gap_spin;
  GtkWidget     *max_frame_size_grid;
  GtkSpinButton *max_frame_size_spin;
  GtkLabel      *error_label;

  SwFraming     *framing;
  GBindingGroup *bindings;
  GSignalGroup  *signals;
};

G_DEFINE_FINAL_TYPE (SwFramingEditor, sw_framing_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FRAMING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The stack's pages, by mode. */
static const char * const mode_pages[] = {
  [SW_FRAMING_MODE_NONE] = "none",
  [SW_FRAMING_MODE_DELIMITER] = "delimiter",
  [SW_FRAMING_MODE_FIXED] = "fixed",
  [SW_FRAMING_MODE_LENGTH_FIELD] = "length-field",
  [SW_FRAMING_MODE_IDLE_GAP] = "idle-gap",
};

/* The length field's sizes, by row of its drop-down. */
static const guint length_sizes[] = { 1, 2, 4 };

GtkWidget *
sw_framing_editor_new (void)
{
  return g_object_new (SW_TYPE_FRAMING_EDITOR, NULL);
}

/* The settings of the mode, and why they cannot frame, if so. */
static void
sw_framing_editor_update (SwFramingEditor *self)
{
  SwFramingMode mode = self->framing != NULL ? sw_framing_get_mode (self->framing) : SW_FRAMING_MODE_NONE;
  g_autoptr(GError) error = NULL;
  gboolean in_delimiter;

  g_assert (mode < G_N_ELEMENTS (mode_pages));

  gtk_stack_set_visible_child_name (self->stack, mode_pages[mode]);
  gtk_widget_set_visible (self->max_frame_size_grid, mode != SW_FRAMING_MODE_NONE);

  if (self->framing != NULL)
    sw_framing_validate (self->framing, &error);
  gtk_label_set_text (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);

  in_delimiter = g_error_matches (error, SW_FRAMING_ERROR, SW_FRAMING_ERROR_DELIMITER);
  if (in_delimiter)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->delimiter_entry), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->delimiter_entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->delimiter_entry), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->delimiter_entry), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static gboolean
size_to_position (GBinding     *binding,
                  const GValue *from_value,
                  GValue       *to_value,
                  gpointer      user_data)
{
  guint size = g_value_get_uint (from_value);

  for (guint i = 0; i < G_N_ELEMENTS (length_sizes); i++)
    if (length_sizes[i] == size)
      {
        g_value_set_uint (to_value, i);
        return TRUE;
      }

  return FALSE;
}

static gboolean
position_to_size (GBinding     *binding,
                  const GValue *from_value,
                  GValue       *to_value,
                  gpointer      user_data)
{
  guint position = g_value_get_uint (from_value);

  if (position >= G_N_ELEMENTS (length_sizes))
    return FALSE;

  g_value_set_uint (to_value, length_sizes[position]);

  return TRUE;
}

SwFraming *
sw_framing_editor_get_framing (SwFramingEditor *self)
{
  g_return_val_if_fail (SW_IS_FRAMING_EDITOR (self), NULL);

  return self->framing;
}

void
sw_framing_editor_set_framing (SwFramingEditor *self,
                               SwFraming       *framing)
{
  g_return_if_fail (SW_IS_FRAMING_EDITOR (self));
  g_return_if_fail (framing == NULL || SW_IS_FRAMING (framing));

  if (!g_set_object (&self->framing, framing))
    return;

  g_binding_group_set_source (self->bindings, framing);
  g_signal_group_set_target (self->signals, framing);
  sw_framing_editor_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMING]);
}

static void
sw_framing_editor_dispose (GObject *object)
{
  SwFramingEditor *self = SW_FRAMING_EDITOR (object);

  sw_clear_groups (&self->bindings, &self->signals);
  g_clear_object (&self->framing);

  gtk_widget_dispose_template (GTK_WIDGET (object), SW_TYPE_FRAMING_EDITOR);

  G_OBJECT_CLASS (sw_framing_editor_parent_class)->dispose (object);
}

static void
sw_framing_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SwFramingEditor *self = SW_FRAMING_EDITOR (object);

  switch (prop_id)
    {
    case PROP_FRAMING:
      g_value_set_object (value, self->framing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_framing_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SwFramingEditor *self = SW_FRAMING_EDITOR (object);

  switch (prop_id)
    {
    case PROP_FRAMING:
      sw_framing_editor_set_framing (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_framing_editor_class_init (SwFramingEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_framing_editor_dispose;
  object_class->get_property = sw_framing_editor_get_property;
  object_class->set_property = sw_framing_editor_set_property;

  properties[PROP_FRAMING] =
    g_param_spec_object ("framing", NULL, NULL,
                         SW_TYPE_FRAMING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-framing-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SwFramingEditor, mode_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwFramingEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, SwFramingEditor, delimiter_entry);
  gtk_widget_class_bind_template_child (widget_class, SwFramingEditor, delimiter_hex_button);
  gtk_widget_class_bind_template_child (widget_class, SwFramingEditor, keep_delimiter_check);
  gtk_widget_class_bind_template_child (widget_class, SwFramingEditor, fixed_length_spin);
  gtk_widget_class_bind_template_child (widget_class, SwFramingEditor, length_offset_spin);
  gtk_widget_class_bind_template_child (widget_class, SwFramingEditor, length_size_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwFramingEditor, length_order_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwFramingEditor, includes_header_check);
  gtk_widget_class_bind_template_child (widget_class, SwFramingEditor, length_adjust_spin);
  gtk_widget_class_bind_template_child (widget_class, SwFramingEditor, idle_gap_spin);
  gtk_widget_class_bind_template_child (widget_class, SwFramingEditor, max_frame_size_grid);
  gtk_widget_class_bind_template_child (widget_class, SwFramingEditor, max_frame_size_spin);
  gtk_widget_class_bind_template_child (widget_class, SwFramingEditor, error_label);
  /* The direct child not used here, for gtk_widget_dispose_template(). */
  gtk_widget_class_bind_template_child_full (widget_class, "mode_box", FALSE, 0);

  gtk_widget_class_set_css_name (widget_class, "framingeditor");
}

static void
bind_spin (GBindingGroup *bindings,
           const char    *property,
           GtkSpinButton *spin)
{
  g_binding_group_bind (bindings, property, gtk_spin_button_get_adjustment (spin), "value",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

static void
sw_framing_editor_init (SwFramingEditor *self)
{
  GBindingFlags flags = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;

  gtk_widget_init_template (GTK_WIDGET (self));
  sw_fix_mnemonic_names (GTK_WIDGET (self));

  self->bindings = g_binding_group_new ();
  g_binding_group_bind_full (self->bindings, "mode", self->mode_drop_down, "selected", flags,
                             sw_enum_to_position, sw_position_to_enum, NULL, NULL);
  g_binding_group_bind (self->bindings, "delimiter", self->delimiter_entry, "text", flags);
  g_binding_group_bind_full (self->bindings, "delimiter-format", self->delimiter_hex_button, "active", flags,
                             sw_format_to_hex, sw_hex_to_format, NULL, NULL);
  g_binding_group_bind (self->bindings, "keep-delimiter", self->keep_delimiter_check, "active", flags);
  bind_spin (self->bindings, "fixed-length", self->fixed_length_spin);
  bind_spin (self->bindings, "length-offset", self->length_offset_spin);
  g_binding_group_bind_full (self->bindings, "length-size", self->length_size_drop_down, "selected", flags,
                             size_to_position, position_to_size, NULL, NULL);
  /* Big endian is the first row. */
  g_binding_group_bind_full (self->bindings, "length-big-endian", self->length_order_drop_down, "selected",
                             flags, sw_boolean_to_position, sw_position_to_boolean, GUINT_TO_POINTER (0), NULL);
  g_binding_group_bind (self->bindings, "length-includes-header", self->includes_header_check, "active", flags);
  bind_spin (self->bindings, "length-adjust", self->length_adjust_spin);
  bind_spin (self->bindings, "idle-gap-ms", self->idle_gap_spin);
  bind_spin (self->bindings, "max-frame-size", self->max_frame_size_spin);

  self->signals = g_signal_group_new (SW_TYPE_FRAMING);
  g_signal_group_connect_swapped (self->signals, "changed", G_CALLBACK (sw_framing_editor_update), self);

  sw_framing_editor_update (self);
}

/* sw-checksum-calculator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-checksum-calculator"

#include "config.h"

#include "sw-checksum-calculator.h"

#include <glib/gi18n.h>

#include "sw-escape.h"
#include "sw-hex.h"
#include "sw-utils.h"

/* The rows: one algorithm of the catalogue and what it gives. */

#define SW_TYPE_CHECKSUM_VALUE (sw_checksum_value_get_type ())

G_DECLARE_FINAL_TYPE (SwChecksumValue, sw_checksum_value, SW, CHECKSUM_VALUE, GObject)

struct _SwChecksumValue
{
  GObject     parent_instance;

  SwChecksum  kind;
  char       *value;
  char       *bytes;
};

G_DEFINE_FINAL_TYPE (SwChecksumValue, sw_checksum_value, G_TYPE_OBJECT)

enum {
  VALUE_PROP_0,
  VALUE_PROP_NAME,
  VALUE_PROP_VALUE,
  VALUE_PROP_BYTES,
  N_VALUE_PROPS
};

static GParamSpec *value_properties[N_VALUE_PROPS];

static void
sw_checksum_value_finalize (GObject *object)
{
  SwChecksumValue *self = SW_CHECKSUM_VALUE (object);

  g_free (self->value);
  g_free (self->bytes);

  G_OBJECT_CLASS (sw_checksum_value_parent_class)->finalize (object);
}

static void
sw_checksum_value_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SwChecksumValue *self = SW_CHECKSUM_VALUE (object);

  switch (prop_id)
    {
    case VALUE_PROP_NAME:
      g_value_set_string (value, sw_checksum_get_name (self->kind));
      break;

    case VALUE_PROP_VALUE:
      g_value_set_string (value, self->value);
      break;

    case VALUE_PROP_BYTES:
      g_value_set_string (value, self->bytes);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_checksum_value_class_init (SwChecksumValueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sw_checksum_value_finalize;
  object_class->get_property = sw_checksum_value_get_property;

  value_properties[VALUE_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  value_properties[VALUE_PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  value_properties[VALUE_PROP_BYTES] =
    g_param_spec_string ("bytes", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_VALUE_PROPS, value_properties);
}

static void
sw_checksum_value_init (SwChecksumValue *self)
{
}

/* Shows the checksum of @data, or a dash without data. */
static void
sw_checksum_value_update (SwChecksumValue *self,
                          const guint8    *data,
                          gsize            length,
                          gboolean         have_data)
{
  g_autofree char *value = NULL;
  g_autofree char *bytes = NULL;

  if (have_data)
    {
      guint32 checksum = sw_checksum_compute (self->kind, data, length);

      value = g_strdup_printf ("0x%0*X", (int) sw_checksum_get_width (self->kind) * 2, checksum);
      bytes = sw_checksum_format_value (self->kind, sw_checksum_get_default_order (self->kind), checksum);
    }
  else
    {
      value = g_strdup ("—");
      bytes = g_strdup ("—");
    }

  if (g_strcmp0 (value, self->value) != 0)
    {
      g_free (self->value);
      self->value = g_steal_pointer (&value);
      g_object_notify_by_pspec (G_OBJECT (self), value_properties[VALUE_PROP_VALUE]);
    }
  if (g_strcmp0 (bytes, self->bytes) != 0)
    {
      g_free (self->bytes);
      self->bytes = g_steal_pointer (&bytes);
      g_object_notify_by_pspec (G_OBJECT (self), value_properties[VALUE_PROP_BYTES]);
    }
}

/* The calculator */

enum {
  FORMAT_HEX,
  FORMAT_TEXT,
};

struct _SwChecksumCalculator
{
  GtkWindow       parent_instance;

  /* Template widgets */
  GtkEntry       *input_entry;
  GtkDropDown    *format_drop_down;
  GtkLabel       *status_label;
  GListStore     *values;
  GtkListView    *values_view;

  SwEncoding      encoding;
};

G_DEFINE_FINAL_TYPE (SwChecksumCalculator, sw_checksum_calculator, GTK_TYPE_WINDOW)

static void
set_status (SwChecksumCalculator *self,
            const char           *text,
            gboolean              error)
{
  gtk_label_set_text (self->status_label, text);
  if (error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->input_entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static GBytes *
parse_input (SwChecksumCalculator  *self,
             GError               **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->input_entry));

  if (gtk_drop_down_get_selected (self->format_drop_down) == FORMAT_TEXT)
    return sw_escape_parse (text, -1, self->encoding, NULL, error);

  return sw_hex_parse (text, -1, NULL, error);
}

static void
update (SwChecksumCalculator *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data = NULL;
  gsize length = 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->values));

  if (*gtk_editable_get_text (GTK_EDITABLE (self->input_entry)) == '\0')
    set_status (self, _("Type or paste bytes, or select them in the traffic log."), FALSE);
  else if ((bytes = parse_input (self, &error)) == NULL)
    set_status (self, error->message, TRUE);
  else
    {
      g_autofree char *count = NULL;
      g_autofree char *status = NULL;

      data = g_bytes_get_data (bytes, &length);
      count = sw_format_count (length);
      status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: %s is a number of bytes. */
                                             "%s byte", "%s bytes", length),
                                count);
      set_status (self, status, FALSE);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwChecksumValue) value = g_list_model_get_item (G_LIST_MODEL (self->values), i);

      sw_checksum_value_update (value, data, length, bytes != NULL);
    }
}

/* Enter, or a double click, on a row copies its value. */
static void
values_view_activate_cb (SwChecksumCalculator *self,
                         guint                 position)
{
  g_autoptr(SwChecksumValue) value = g_list_model_get_item (G_LIST_MODEL (self->values), position);
  g_autofree char *status = NULL;

  if (value == NULL || value->value == NULL || !g_str_has_prefix (value->value, "0x"))
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), value->value);
  /* Translators: the first %s is a checksum's name, the second its value. */
  status = g_strdup_printf (_("Copied %s: %s"), sw_checksum_get_name (value->kind), value->value);
  set_status (self, status, FALSE);
}

static void
sw_checksum_calculator_class_init (SwChecksumCalculatorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (SW_TYPE_CHECKSUM_VALUE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-checksum-calculator.ui");
  gtk_widget_class_bind_template_child (widget_class, SwChecksumCalculator, input_entry);
  gtk_widget_class_bind_template_child (widget_class, SwChecksumCalculator, format_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwChecksumCalculator, status_label);
  gtk_widget_class_bind_template_child (widget_class, SwChecksumCalculator, values);
  gtk_widget_class_bind_template_child (widget_class, SwChecksumCalculator, values_view);

  /* A small window of its own: Escape closes it, as a dialog. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sw_checksum_calculator_init (SwChecksumCalculator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sw_fix_mnemonic_names (GTK_WIDGET (self));

  for (SwChecksum kind = SW_CHECKSUM_NONE + 1; kind < SW_N_CHECKSUMS; kind++)
    {
      g_autoptr(SwChecksumValue) value = g_object_new (SW_TYPE_CHECKSUM_VALUE, NULL);

      value->kind = kind;
      g_list_store_append (self->values, value);
    }

  g_signal_connect_swapped (self->input_entry, "changed", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->format_drop_down, "notify::selected", G_CALLBACK (update), self);
  g_signal_connect (self->format_drop_down, "mnemonic-activate", G_CALLBACK (sw_drop_down_mnemonic_activate), NULL);
  g_signal_connect_swapped (self->values_view, "activate", G_CALLBACK (values_view_activate_cb), self);
  update (self);
}

/**
 * sw_checksum_calculator_new:
 *
 * Returns: (transfer full): a calculator window, hidden
 */
GtkWidget *
sw_checksum_calculator_new (void)
{
  return g_object_new (SW_TYPE_CHECKSUM_CALCULATOR, NULL);
}

void
sw_checksum_calculator_set_bytes (SwChecksumCalculator *self,
                                  GBytes               *bytes)
{
  g_autofree char *hex = NULL;
  gsize length;
  const guint8 *data;

  g_return_if_fail (SW_IS_CHECKSUM_CALCULATOR (self));
  g_return_if_fail (bytes != NULL);

  data = g_bytes_get_data (bytes, &length);
  hex = sw_hex_format (data, length);
  gtk_drop_down_set_selected (self->format_drop_down, FORMAT_HEX);
  gtk_editable_set_text (GTK_EDITABLE (self->input_entry), hex);
}

/**
 * sw_checksum_calculator_dup_bytes:
 *
 * Returns: (transfer full) (nullable): the bytes typed
 */
GBytes *
sw_checksum_calculator_dup_bytes (SwChecksumCalculator *self)
{
  g_return_val_if_fail (SW_IS_CHECKSUM_CALCULATOR (self), NULL);

  return parse_input (self, NULL);
}

SwEncoding
sw_checksum_calculator_get_encoding (SwChecksumCalculator *self)
{
  g_return_val_if_fail (SW_IS_CHECKSUM_CALCULATOR (self), SW_ENCODING_UTF8);

  return self->encoding;
}

void
sw_checksum_calculator_set_encoding (SwChecksumCalculator *self,
                                     SwEncoding            encoding)
{
  g_return_if_fail (SW_IS_CHECKSUM_CALCULATOR (self));
  g_return_if_fail ((guint) encoding < SW_N_ENCODINGS);

  if (self->encoding == encoding)
    return;

  self->encoding = encoding;
  update (self);
}

const char *
sw_checksum_calculator_get_value (SwChecksumCalculator *self,
                                  SwChecksum            kind)
{
  g_autoptr(SwChecksumValue) value = NULL;

  g_return_val_if_fail (SW_IS_CHECKSUM_CALCULATOR (self), NULL);

  if (kind == SW_CHECKSUM_NONE || (guint) kind >= SW_N_CHECKSUMS)
    return NULL;

  value = g_list_model_get_item (G_LIST_MODEL (self->values), kind - 1);

  return value->value;
}

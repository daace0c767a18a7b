/* sw-checksum-button.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-checksum-button"

#include "config.h"

#include "sw-checksum-button.h"

#include <glib/gi18n.h>

#include "sw-core-enums.h"
#include "sw-utils.h"

/* As far as the spin buttons go. */
#define RANGE_MAX G_MAXINT

struct _SwChecksumButton
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkMenuButton *menu_button;
  GtkDropDown   *checksum_drop_down;
  GtkStringList *checksum_list;
  GtkDropDown   *byte_order_drop_down;
  GtkWidget     *byte_order_label;
  GtkWidget     *start_label;
  GtkWidget     *start_spin;
  GtkWidget     *end_trim_label;
  GtkWidget     *end_trim_spin;
  GtkWidget     *end_trim_unit;
  GtkLabel      *range_label;

  SwChecksum     checksum;
  SwByteOrder    byte_order;
  guint          start;
  guint          end_trim;
};

G_DEFINE_FINAL_TYPE (SwChecksumButton, sw_checksum_button, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHECKSUM,
  PROP_BYTE_ORDER,
  PROP_START,
  PROP_END_TRIM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
sw_checksum_button_new (void)
{
  return g_object_new (SW_TYPE_CHECKSUM_BUTTON, NULL);
}

/**
 * sw_checksum_describe:
 *
 * Returns: (transfer full): the algorithm's name, with the byte order
 *   when it has more than one byte
 */
char *
sw_checksum_describe (SwChecksum  checksum,
                      SwByteOrder byte_order)
{
  const char *name = sw_checksum_get_name (checksum);

  if (sw_checksum_get_width (checksum) < 2)
    return g_strdup (name);

  if (byte_order == SW_BYTE_ORDER_LITTLE_ENDIAN)
    /* Translators: a checksum sent least significant byte first, e.g. “CRC-16/MODBUS (LE)” */
    return g_strdup_printf (_("%s (LE)"), name);

  /* Translators: a checksum sent most significant byte first, e.g. “CRC-32 (BE)” */
  return g_strdup_printf (_("%s (BE)"), name);
}

/* What the range covers, in words. */
static char *
describe_range (SwChecksumButton *self)
{
  if (self->checksum == SW_CHECKSUM_NONE)
    return g_strdup (_("Nothing is added to the messages."));

  if (self->start == 0 && self->end_trim == 0)
    return g_strdup (_("Computed over the whole message and added after it."));

  if (self->end_trim == 0)
    return g_strdup_printf (_("Computed from byte %u to the end of the message and added after it."),
                            self->start);

  if (self->start == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Computed over the message without its last %u byte "
                                         "and added after it.",
                                         "Computed over the message without its last %u bytes "
                                         "and added after it.",
                                         self->end_trim),
                            self->end_trim);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: the first %u is a byte offset, the second a count of bytes */
                                       "Computed from byte %u, without the last %u byte, "
                                       "and added after the message.",
                                       "Computed from byte %u, without the last %u bytes, "
                                       "and added after the message.",
                                       self->end_trim),
                          self->start, self->end_trim);
}

/* The button says the choice; the popover what it does. */
static void
sw_checksum_button_update (SwChecksumButton *self)
{
  g_autofree char *choice = sw_checksum_describe (self->checksum, self->byte_order);
  g_autofree char *label = NULL;
  g_autofree char *range = describe_range (self);
  gboolean any = self->checksum != SW_CHECKSUM_NONE;
  gboolean ordered = sw_checksum_get_width (self->checksum) > 1;

  /* Translators: the button that picks the checksum of the messages, e.g. “Checksum: CRC-16/MODBUS (LE)” */
  label = g_strdup_printf (_("Checksum: %s"), choice);
  gtk_menu_button_set_label (self->menu_button, label);
  gtk_label_set_text (self->range_label, range);

  gtk_widget_set_sensitive (self->byte_order_label, ordered);
  gtk_widget_set_sensitive (GTK_WIDGET (self->byte_order_drop_down), ordered);
  gtk_widget_set_sensitive (self->start_label, any);
  gtk_widget_set_sensitive (self->start_spin, any);
  gtk_widget_set_sensitive (self->end_trim_label, any);
  gtk_widget_set_sensitive (self->end_trim_spin, any);
  gtk_widget_set_sensitive (self->end_trim_unit, any);
}

/* A person chose an algorithm: its usual byte order comes with it. */
static void
checksum_selected_cb (SwChecksumButton *self)
{
  guint selected = gtk_drop_down_get_selected (self->checksum_drop_down);

  if (selected >= SW_N_CHECKSUMS || selected == self->checksum)
    return;

  sw_checksum_button_set_checksum (self, selected);
  sw_checksum_button_set_byte_order (self, sw_checksum_get_default_order (selected));
}

/* Accessors */

SwChecksum
sw_checksum_button_get_checksum (SwChecksumButton *self)
{
  g_return_val_if_fail (SW_IS_CHECKSUM_BUTTON (self), SW_CHECKSUM_NONE);

  return self->checksum;
}

void
sw_checksum_button_set_checksum (SwChecksumButton *self,
                                 SwChecksum        checksum)
{
  g_return_if_fail (SW_IS_CHECKSUM_BUTTON (self));
  g_return_if_fail ((guint) checksum < SW_N_CHECKSUMS);

  if (self->checksum == checksum)
    return;

  self->checksum = checksum;
  gtk_drop_down_set_selected (self->checksum_drop_down, checksum);
  sw_checksum_button_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKSUM]);
}

SwByteOrder
sw_checksum_button_get_byte_order (SwChecksumButton *self)
{
  g_return_val_if_fail (SW_IS_CHECKSUM_BUTTON (self), SW_BYTE_ORDER_BIG_ENDIAN);

  return self->byte_order;
}

void
sw_checksum_button_set_byte_order (SwChecksumButton *self,
                                   SwByteOrder       byte_order)
{
  g_return_if_fail (SW_IS_CHECKSUM_BUTTON (self));
  g_return_if_fail (byte_order == SW_BYTE_ORDER_BIG_ENDIAN || byte_order == SW_BYTE_ORDER_LITTLE_ENDIAN);

  if (self->byte_order == byte_order)
    return;

  self->byte_order = byte_order;
  sw_checksum_button_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTE_ORDER]);
}

/* One end of the range. */
static void
set_bound (SwChecksumButton *self,
           guint            *bound,
           guint             value,
           guint             prop_id)
{
  value = MIN (value, RANGE_MAX);
  if (*bound == value)
    return;

  *bound = value;
  sw_checksum_button_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

guint
sw_checksum_button_get_start (SwChecksumButton *self)
{
  g_return_val_if_fail (SW_IS_CHECKSUM_BUTTON (self), 0);

  return self->start;
}

void
sw_checksum_button_set_start (SwChecksumButton *self,
                              guint             start)
{
  g_return_if_fail (SW_IS_CHECKSUM_BUTTON (self));

  set_bound (self, &self->start, start, PROP_START);
}

guint
sw_checksum_button_get_end_trim (SwChecksumButton *self)
{
  g_return_val_if_fail (SW_IS_CHECKSUM_BUTTON (self), 0);

  return self->end_trim;
}

void
sw_checksum_button_set_end_trim (SwChecksumButton *self,
                                 guint             end_trim)
{
  g_return_if_fail (SW_IS_CHECKSUM_BUTTON (self));

  set_bound (self, &self->end_trim, end_trim, PROP_END_TRIM);
}

/* GObject */

static void
sw_checksum_button_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SW_TYPE_CHECKSUM_BUTTON);

  G_OBJECT_CLASS (sw_checksum_button_parent_class)->dispose (object);
}

static void
sw_checksum_button_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SwChecksumButton *self = SW_CHECKSUM_BUTTON (object);

  switch (prop_id)
    {
    case PROP_CHECKSUM:
      g_value_set_enum (value, self->checksum);
      break;

    case PROP_BYTE_ORDER:
      g_value_set_enum (value, self->byte_order);
      break;

    case PROP_START:
      g_value_set_uint (value, self->start);
      break;

    case PROP_END_TRIM:
      g_value_set_uint (value, self->end_trim);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_checksum_button_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SwChecksumButton *self = SW_CHECKSUM_BUTTON (object);

  switch (prop_id)
    {
    case PROP_CHECKSUM:
      sw_checksum_button_set_checksum (self, g_value_get_enum (value));
      break;

    case PROP_BYTE_ORDER:
      sw_checksum_button_set_byte_order (self, g_value_get_enum (value));
      break;

    case PROP_START:
      sw_checksum_button_set_start (self, g_value_get_uint (value));
      break;

    case PROP_END_TRIM:
      sw_checksum_button_set_end_trim (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_checksum_button_class_init (SwChecksumButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_checksum_button_dispose;
  object_class->get_property = sw_checksum_button_get_property;
  object_class->set_property = sw_checksum_button_set_property;

  properties[PROP_CHECKSUM] =
    g_param_spec_enum ("checksum", NULL, NULL,
                       SW_TYPE_CHECKSUM, SW_CHECKSUM_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BYTE_ORDER] =
    g_param_spec_enum ("byte-order", NULL, NULL,
                       SW_TYPE_BYTE_ORDER, SW_BYTE_ORDER_BIG_ENDIAN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_START] =
    g_param_spec_uint ("start", NULL, NULL, 0, RANGE_MAX, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_END_TRIM] =
    g_param_spec_uint ("end-trim", NULL, NULL, 0, RANGE_MAX, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-checksum-button.ui");
  gtk_widget_class_bind_template_child (widget_class, SwChecksumButton, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SwChecksumButton, checksum_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwChecksumButton, checksum_list);
  gtk_widget_class_bind_template_child (widget_class, SwChecksumButton, byte_order_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwChecksumButton, byte_order_label);
  gtk_widget_class_bind_template_child (widget_class, SwChecksumButton, start_label);
  gtk_widget_class_bind_template_child (widget_class, SwChecksumButton, start_spin);
  gtk_widget_class_bind_template_child (widget_class, SwChecksumButton, end_trim_label);
  gtk_widget_class_bind_template_child (widget_class, SwChecksumButton, end_trim_spin);
  gtk_widget_class_bind_template_child (widget_class, SwChecksumButton, end_trim_unit);
  gtk_widget_class_bind_template_child (widget_class, SwChecksumButton, range_label);
  gtk_widget_class_bind_template_callback_full (widget_class, "drop_down_mnemonic_activate_cb",
                                                G_CALLBACK (sw_drop_down_mnemonic_activate));
  gtk_widget_class_bind_template_callback (widget_class, checksum_selected_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sw_checksum_button_init (SwChecksumButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sw_fix_mnemonic_names (GTK_WIDGET (self));

  /* "None", then the catalogue, in the order of the enum. */
  for (guint i = 0; i < SW_N_CHECKSUMS; i++)
    gtk_string_list_append (self->checksum_list, sw_checksum_get_name (i));
  gtk_drop_down_set_selected (self->checksum_drop_down, SW_CHECKSUM_NONE);

  g_object_bind_property_full (self, "byte-order",
                               self->byte_order_drop_down, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               sw_enum_to_position, sw_position_to_enum, NULL, NULL);

  sw_checksum_button_update (self);
}

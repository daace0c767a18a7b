/* sw-message-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-message-row"

#include "config.h"

#include "sw-message-row.h"

#include <glib/gi18n.h>

#include "sw-checksum-button.h"
#include "sw-messages-panel-private.h"

/* The most characters of a message its row shows. */
#define PREVIEW_CHARS_MAX 80

struct _SwMessageRow
{
  GtkListBoxRow  parent_instance;

  /* Template widgets */
  GtkLabel      *name_label;
  GtkLabel      *shortcut_label;
  GtkLabel      *preview_label;
  GtkMenuButton *menu_button;

  SwMessage     *message;
  guint          shortcut;
};

G_DEFINE_FINAL_TYPE (SwMessageRow, sw_message_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_MESSAGE,
  PROP_PLACEHOLDERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
sw_message_row_new (SwMessage *message)
{
  g_return_val_if_fail (SW_IS_MESSAGE (message), NULL);

  return g_object_new (SW_TYPE_MESSAGE_ROW, "message", message, NULL);
}

/**
 * sw_message_row_describe_payload:
 * @message: a message
 *
 * What the message sends, in short: its first line as typed, then what
 * is added to it, dimmed ("LOGIN admin \r\n + CRC-16/MODBUS (LE)").
 *
 * Returns: (transfer full): Pango markup
 */
char *
sw_message_row_describe_payload (SwMessage *message)
{
  const char *text = sw_message_get_text (message);
  const char *end = strchr (text, '\n');
  g_autofree char *first_line = g_strndup (text, end != NULL ? (gsize) (end - text) : strlen (text));
  g_autofree char *escaped = NULL;
  g_autoptr(GString) added = g_string_new (NULL);
  SwChecksum checksum;

  if (g_utf8_strlen (first_line, -1) > PREVIEW_CHARS_MAX || end != NULL)
    {
      char *cut = g_utf8_offset_to_pointer (first_line, MIN (g_utf8_strlen (first_line, -1), PREVIEW_CHARS_MAX));

      *cut = '\0';
      escaped = g_markup_printf_escaped ("%s…", first_line);
    }
  else
    escaped = g_markup_escape_text (first_line, -1);

  if (sw_message_get_format (message) == SW_PAYLOAD_FORMAT_TEXT)
    {
      static const char *const endings[] = { "", "\\n", "\\r", "\\r\\n" };

      if (sw_message_get_line_ending (message) < G_N_ELEMENTS (endings))
        g_string_append (added, endings[sw_message_get_line_ending (message)]);
    }

  if (sw_checksum_from_id (sw_message_get_checksum (message), &checksum) && checksum != SW_CHECKSUM_NONE)
    {
      SwByteOrder order = g_strcmp0 (sw_message_get_checksum_byte_order (message), "little") == 0
                          ? SW_BYTE_ORDER_LITTLE_ENDIAN : SW_BYTE_ORDER_BIG_ENDIAN;
      g_autofree char *name = sw_checksum_describe (checksum, order);

      g_string_append_printf (added, "%s+ %s", added->len > 0 ? " " : "", name);
    }

  if (sw_message_get_placeholders (message))
    /* Translators: after a saved message's text, says that its {{counter}}, {{time}}… are expanded */
    g_string_append_printf (added, "%s%s", added->len > 0 ? " · " : "", _("placeholders"));

  if (added->len == 0)
    return g_steal_pointer (&escaped);

  {
    g_autofree char *dimmed = g_markup_printf_escaped ("<span alpha=\"55%%\">%s</span>", added->str);

    return g_strconcat (escaped, *escaped != '\0' ? " " : "", dimmed, NULL);
  }
}

static void
sw_message_row_update (SwMessageRow *self)
{
  const char *name = sw_message_get_name (self->message);
  const char *note = sw_message_get_note (self->message);
  g_autofree char *preview = sw_message_row_describe_payload (self->message);
  g_autofree char *plain = NULL;
  g_autofree char *menu_name = NULL;
  g_autofree char *shortcut = NULL;
  g_autofree char *description = NULL;

  gtk_label_set_text (self->name_label, name);
  gtk_label_set_markup (self->preview_label, preview);
  plain = g_strdup (gtk_label_get_text (self->preview_label));

  if (self->shortcut > 0)
    {
      /* Translators: the keyboard shortcut that sends a saved message */
      shortcut = g_strdup_printf (_("Alt+%u"), self->shortcut);
      gtk_label_set_text (self->shortcut_label, shortcut);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->shortcut_label), self->shortcut > 0);

  /* The whole of what it sends, which the row may cut, and the note. */
  {
    g_autofree char *tooltip = *note != '\0' ? g_strdup_printf ("%s\n%s", plain, note) : g_strdup (plain);

    gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  }

  /* Translators: the accessible name of the menu button of a saved message */
  menu_name = g_strdup_printf (_("Actions for “%s”"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, menu_name,
                                  -1);

  description = *note != '\0' ? g_strdup_printf ("%s. %s", plain, note) : g_strdup (plain);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  if (shortcut != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS, shortcut,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS);
}

/* Actions: the panel does them */

static void
row_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  static const struct {
    const char      *name;
    SwMessageAction  action;
  } actions[] = {
    { "row.send", SW_MESSAGE_ACTION_SEND },
    { "row.edit", SW_MESSAGE_ACTION_EDIT },
    { "row.rename", SW_MESSAGE_ACTION_RENAME },
    { "row.move", SW_MESSAGE_ACTION_MOVE },
    { "row.export", SW_MESSAGE_ACTION_EXPORT },
    { "row.delete", SW_MESSAGE_ACTION_DELETE },
  };
  SwMessageRow *self = SW_MESSAGE_ROW (widget);
  GtkWidget *panel = gtk_widget_get_ancestor (widget, SW_TYPE_MESSAGES_PANEL);

  if (panel == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (action_name, actions[i].name))
      _sw_messages_panel_act (SW_MESSAGES_PANEL (panel), self->message, actions[i].action);
}

static void
popup_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_menu_button_popup (SW_MESSAGE_ROW (widget)->menu_button);
}

/* Accessors */

/**
 * sw_message_row_get_message:
 *
 * Returns: (transfer none): the message it shows
 */
SwMessage *
sw_message_row_get_message (SwMessageRow *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE_ROW (self), NULL);

  return self->message;
}

void
sw_message_row_set_shortcut (SwMessageRow *self,
                             guint         number)
{
  g_return_if_fail (SW_IS_MESSAGE_ROW (self));
  g_return_if_fail (number <= 9);

  if (self->shortcut == number)
    return;

  self->shortcut = number;
  sw_message_row_update (self);
}

/* GObject */

static void
sw_message_row_dispose (GObject *object)
{
  SwMessageRow *self = SW_MESSAGE_ROW (object);

  if (self->message != NULL)
    g_signal_handlers_disconnect_by_data (self->message, self);
  g_clear_object (&self->message);

  gtk_widget_dispose_template (GTK_WIDGET (object), SW_TYPE_MESSAGE_ROW);

  G_OBJECT_CLASS (sw_message_row_parent_class)->dispose (object);
}

static void
placeholders_changed_cb (SwMessageRow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACEHOLDERS]);
}

static void
sw_message_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SwMessageRow *self = SW_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_object (value, self->message);
      break;

    case PROP_PLACEHOLDERS:
      /* Asked for by its action before the message is set. */
      g_value_set_boolean (value, self->message != NULL && sw_message_get_placeholders (self->message));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_message_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SwMessageRow *self = SW_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      self->message = g_value_dup_object (value);
      break;

    case PROP_PLACEHOLDERS:
      if (self->message != NULL)
        sw_message_set_placeholders (self->message, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_message_row_constructed (GObject *object)
{
  SwMessageRow *self = SW_MESSAGE_ROW (object);

  G_OBJECT_CLASS (sw_message_row_parent_class)->constructed (object);

  g_signal_connect_object (self->message, "changed", G_CALLBACK (sw_message_row_update),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->message, "notify::placeholders", G_CALLBACK (placeholders_changed_cb),
                           self, G_CONNECT_SWAPPED);
  sw_message_row_update (self);
}

static void
sw_message_row_class_init (SwMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sw_message_row_constructed;
  object_class->dispose = sw_message_row_dispose;
  object_class->get_property = sw_message_row_get_property;
  object_class->set_property = sw_message_row_set_property;

  properties[PROP_MESSAGE] =
    g_param_spec_object ("message", NULL, NULL,
                         SW_TYPE_MESSAGE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * SwMessageRow:placeholders:
   *
   * Whether the message expands its placeholders: the row's menu
   * toggles it.
   */
  properties[PROP_PLACEHOLDERS] =
    g_param_spec_boolean ("placeholders", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SwMessageRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, SwMessageRow, shortcut_label);
  gtk_widget_class_bind_template_child (widget_class, SwMessageRow, preview_label);
  gtk_widget_class_bind_template_child (widget_class, SwMessageRow, menu_button);

  gtk_widget_class_install_action (widget_class, "row.send", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "row.edit", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "row.rename", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "row.move", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "row.export", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "row.delete", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "row.popup", NULL, popup_action);
  gtk_widget_class_install_property_action (widget_class, "row.placeholders", "placeholders");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "row.popup", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "row.popup", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "row.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "row.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "row.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "row.edit", NULL);
}

static void
sw_message_row_init (SwMessageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

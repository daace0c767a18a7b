/* sw-message-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-message-dialog"

#include "config.h"

#include "sw-message-dialog.h"

#include <glib/gi18n.h>

#include "sw-message-row.h"
#include "sw-utils.h"

struct _SwMessageDialog
{
  GtkWindow            parent_instance;

  /* Template widgets */
  GtkWidget           *apply_button;
  GtkLabel            *preview_label;
  GtkWidget           *preview_title_label;
  GtkWidget           *name_label;
  GtkEntry            *name_entry;
  GtkWidget           *group_label;
  GtkWidget           *group_box;
  GtkEntry            *group_entry;
  GtkMenuButton       *groups_button;
  GtkWidget           *note_label;
  GtkEntry            *note_entry;
  GtkCheckButton      *placeholders_check;
  GtkWidget           *placeholders_label;
  GtkLabel            *problem_label;

  SwMessageDialogMode  mode;
  SwMessageLibrary    *library;
  SwMessage           *message;
  gboolean             replaces;
};

G_DEFINE_FINAL_TYPE (SwMessageDialog, sw_message_dialog, GTK_TYPE_WINDOW)

enum {
  APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
trimmed (GtkEntry *entry,
         char    **copy)
{
  *copy = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  return *copy;
}

/* Whether the name can be used, and what the default button says. */
static void
sw_message_dialog_validate (SwMessageDialog *self)
{
  g_autofree char *name = NULL;
  g_autofree char *problem = NULL;
  const char *label;
  SwMessage *other = NULL;
  gboolean valid = TRUE;
  gboolean is_error = FALSE;

  self->replaces = FALSE;
  trimmed (self->name_entry, &name);

  if (self->mode != SW_MESSAGE_DIALOG_MOVE)
    {
      other = sw_message_library_find (self->library, name, NULL);
      if (*name == '\0')
        valid = FALSE;
      else if (other != NULL && other != self->message && self->mode == SW_MESSAGE_DIALOG_SAVE)
        {
          self->replaces = TRUE;
          /* Translators: %s is the name of a saved message */
          problem = g_strdup_printf (_("The library has a message called “%s”: saving replaces it."), name);
        }
      else if (other != NULL && other != self->message)
        {
          valid = FALSE;
          is_error = TRUE;
          /* Translators: %s is the name of a saved message */
          problem = g_strdup_printf (_("The library has a message called “%s” already."), name);
        }
    }

  switch (self->mode)
    {
    case SW_MESSAGE_DIALOG_RENAME:
      label = _("_Rename");
      break;

    case SW_MESSAGE_DIALOG_MOVE:
      label = C_("to a group", "_Move");
      break;

    case SW_MESSAGE_DIALOG_SAVE:
    default:
      label = self->replaces ? _("_Replace") : C_("message", "_Save");
      break;
    }

  sw_button_set_mnemonic_label (GTK_BUTTON (self->apply_button), label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.apply", valid);

  gtk_label_set_text (self->problem_label, problem);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->problem_label), "error");
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SwMessageDialog *self = SW_MESSAGE_DIALOG (widget);

  sw_message_dialog_validate (self);
  if (!gtk_widget_is_sensitive (self->apply_button))
    return;

  g_signal_emit (self, signals[APPLY], 0);
}

static void
group_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SwMessageDialog *self = SW_MESSAGE_DIALOG (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->group_entry), g_variant_get_string (parameter, NULL));
  gtk_widget_grab_focus (GTK_WIDGET (self->group_entry));
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* The groups of the library, for the button beside the entry. */
static void
sw_message_dialog_fill_groups (SwMessageDialog *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  GListModel *model = G_LIST_MODEL (self->library);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SwMessage) message = g_list_model_get_item (model, i);
      const char *group = sw_message_get_group (message);

      if (*group != '\0' && g_hash_table_add (seen, (gpointer) group))
        g_ptr_array_add (groups, (gpointer) group);
    }
  g_ptr_array_sort (groups, compare_groups);

  {
    g_autoptr(GMenuItem) item = g_menu_item_new (_("No Group"), NULL);

    g_menu_item_set_action_and_target (item, "dialog.group", "s", "");
    g_menu_append_item (menu, item);
  }
  for (guint i = 0; i < groups->len; i++)
    {
      /* A group's name is shown as it is: its underscores are no mnemonics. */
      g_auto(GStrv) parts = g_strsplit (groups->pdata[i], "_", -1);
      g_autofree char *label = g_strjoinv ("__", parts);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "dialog.group", "s", groups->pdata[i]);
      g_menu_append_item (menu, item);
    }

  gtk_menu_button_set_menu_model (self->groups_button, G_MENU_MODEL (menu));
}

/**
 * sw_message_dialog_new:
 * @parent: (nullable): the window it is for
 * @mode: what it asks
 * @library: the library the message is, or goes, in
 * @message: what fills it
 *
 * Returns: (transfer none): a new dialog, not shown yet
 */
SwMessageDialog *
sw_message_dialog_new (GtkWindow           *parent,
                       SwMessageDialogMode  mode,
                       SwMessageLibrary    *library,
                       SwMessage           *message)
{
  SwMessageDialog *self;
  gboolean name = mode != SW_MESSAGE_DIALOG_MOVE;
  gboolean group = mode != SW_MESSAGE_DIALOG_RENAME;
  gboolean rest = mode == SW_MESSAGE_DIALOG_SAVE;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (library), NULL);
  g_return_val_if_fail (SW_IS_MESSAGE (message), NULL);

  self = g_object_new (SW_TYPE_MESSAGE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->mode = mode;
  self->library = g_object_ref (library);
  self->message = g_object_ref (message);

  switch (mode)
    {
    case SW_MESSAGE_DIALOG_RENAME:
      gtk_window_set_title (GTK_WINDOW (self), _("Rename Message"));
      break;

    case SW_MESSAGE_DIALOG_MOVE:
      gtk_window_set_title (GTK_WINDOW (self), _("Move to Group"));
      break;

    case SW_MESSAGE_DIALOG_SAVE:
    default:
      gtk_window_set_title (GTK_WINDOW (self), _("Save Message"));
      break;
    }

  if (rest)
    {
      g_autofree char *preview = sw_message_row_describe_payload (message);

      gtk_label_set_markup (self->preview_label, preview);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->preview_label), rest);
  gtk_widget_set_visible (self->preview_title_label, rest);
  gtk_widget_set_visible (self->name_label, name);
  gtk_widget_set_visible (GTK_WIDGET (self->name_entry), name);
  gtk_widget_set_visible (self->group_label, group);
  gtk_widget_set_visible (self->group_box, group);
  gtk_widget_set_visible (self->note_label, rest);
  gtk_widget_set_visible (GTK_WIDGET (self->note_entry), rest);
  gtk_widget_set_visible (GTK_WIDGET (self->placeholders_check), rest);
  gtk_widget_set_visible (self->placeholders_label, rest);

  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), sw_message_get_name (message));
  gtk_editable_set_text (GTK_EDITABLE (self->group_entry), sw_message_get_group (message));
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), sw_message_get_note (message));
  gtk_check_button_set_active (self->placeholders_check, sw_message_get_placeholders (message));

  sw_message_dialog_fill_groups (self);
  g_signal_connect_swapped (self->name_entry, "changed", G_CALLBACK (sw_message_dialog_validate), self);
  sw_message_dialog_validate (self);

  gtk_widget_grab_focus (name ? GTK_WIDGET (self->name_entry) : GTK_WIDGET (self->group_entry));

  return self;
}

SwMessageDialogMode
sw_message_dialog_get_mode (SwMessageDialog *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE_DIALOG (self), SW_MESSAGE_DIALOG_SAVE);

  return self->mode;
}

/**
 * sw_message_dialog_get_message:
 *
 * Returns: (transfer none): the message it was filled from
 */
SwMessage *
sw_message_dialog_get_message (SwMessageDialog *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE_DIALOG (self), NULL);

  return self->message;
}

/* Without the spaces around it, as a name is kept. */
static const char *
field_text (SwMessageDialog *self,
            GtkEntry        *entry)
{
  char *text = NULL;

  trimmed (entry, &text);
  g_object_set_data_full (G_OBJECT (entry), "sw-trimmed", text, g_free);

  return text;
}

const char *
sw_message_dialog_get_name (SwMessageDialog *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE_DIALOG (self), NULL);

  return field_text (self, self->name_entry);
}

const char *
sw_message_dialog_get_group (SwMessageDialog *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE_DIALOG (self), NULL);

  return field_text (self, self->group_entry);
}

const char *
sw_message_dialog_get_note (SwMessageDialog *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->note_entry));
}

gboolean
sw_message_dialog_get_placeholders (SwMessageDialog *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE_DIALOG (self), FALSE);

  return gtk_check_button_get_active (self->placeholders_check);
}

gboolean
sw_message_dialog_get_replaces (SwMessageDialog *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE_DIALOG (self), FALSE);

  return self->replaces;
}

/* GObject */

static void
sw_message_dialog_dispose (GObject *object)
{
  SwMessageDialog *self = SW_MESSAGE_DIALOG (object);

  g_clear_object (&self->library);
  g_clear_object (&self->message);

  gtk_widget_dispose_template (GTK_WIDGET (object), SW_TYPE_MESSAGE_DIALOG);

  G_OBJECT_CLASS (sw_message_dialog_parent_class)->dispose (object);
}

static void
sw_message_dialog_class_init (SwMessageDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_message_dialog_dispose;

  /**
   * SwMessageDialog::apply:
   *
   * The default button was pressed with a valid name.
   */
  signals[APPLY] =
    g_signal_new ("apply",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-message-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SwMessageDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, SwMessageDialog, preview_label);
  gtk_widget_class_bind_template_child (widget_class, SwMessageDialog, preview_title_label);
  gtk_widget_class_bind_template_child (widget_class, SwMessageDialog, name_label);
  gtk_widget_class_bind_template_child (widget_class, SwMessageDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, SwMessageDialog, group_label);
  gtk_widget_class_bind_template_child (widget_class, SwMessageDialog, group_box);
  gtk_widget_class_bind_template_child (widget_class, SwMessageDialog, group_entry);
  gtk_widget_class_bind_template_child (widget_class, SwMessageDialog, groups_button);
  gtk_widget_class_bind_template_child (widget_class, SwMessageDialog, note_label);
  gtk_widget_class_bind_template_child (widget_class, SwMessageDialog, note_entry);
  gtk_widget_class_bind_template_child (widget_class, SwMessageDialog, placeholders_check);
  gtk_widget_class_bind_template_child (widget_class, SwMessageDialog, placeholders_label);
  gtk_widget_class_bind_template_child (widget_class, SwMessageDialog, problem_label);

  gtk_widget_class_install_action (widget_class, "dialog.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "dialog.group", "s", group_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sw_message_dialog_init (SwMessageDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sw_fix_mnemonic_names (GTK_WIDGET (self));
}

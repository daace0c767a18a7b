/* sw-sequence-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-sequence-editor"

#include "config.h"

#include "sw-sequence-editor.h"

#include <glib/gi18n.h>

#include "sw-step-summary.h"
#include "sw-utils.h"

/* The rows of the Send drop-down. */
typedef enum
{
  SEND_MODE_MESSAGE,
  SEND_MODE_TEXT,
  SEND_MODE_HEX,
} SendMode;

struct _SwSequenceEditor
{
  GtkWindow         parent_instance;

  /* Template widgets */
  GtkEntry         *name_entry;
  GtkEntry         *note_entry;
  GtkListBox       *steps_list;
  GtkLabel         *kind_label;
  GtkWidget        *step_name_grid;
  GtkEntry         *step_name_entry;
  GtkStack         *details_stack;
  GtkDropDown      *send_mode_drop_down;
  GtkWidget        *message_label;
  GtkDropDown      *message_drop_down;
  GtkLabel         *text_label;
  GtkEntry         *text_entry;
  GtkWidget        *line_ending_label;
  GtkDropDown      *line_ending_drop_down;
  GtkLabel         *send_hint_label;
  GtkDropDown      *match_drop_down;
  GtkEntry         *pattern_entry;
  GtkSpinButton    *timeout_spin;
  GtkDropDown      *unmet_drop_down;
  GtkWidget        *go_to_label;
  GtkEntry         *go_to_entry;
  GtkSpinButton    *duration_spin;
  GtkSpinButton    *count_spin;
  GtkEntry         *from_entry;
  GtkLabel         *error_label;

  SwMessageLibrary *library;
  /* The library's sequence (NULL for a new one), and the copy edited. */
  SwSequence       *original;
  SwSequence       *sequence;
  SwSequenceStep   *selected;
  /* The details follow the selected step and its own message. */
  GBindingGroup    *step_bindings;
  GBindingGroup    *payload_bindings;
  /* Filling the Send widgets from the step, not editing it. */
  gboolean          syncing;
};

G_DEFINE_FINAL_TYPE (SwSequenceEditor, sw_sequence_editor, GTK_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Steps */

static GtkWidget *
create_step_row (gpointer item,
                 gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);

  return label;
}

/* "2. Expect “OK” (contains) within 5000 ms" on every row: numbers move
 * as steps do. */
static void
refresh_rows (SwSequenceEditor *self)
{
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->steps_list, i)) != NULL; i++)
    {
      g_autofree char *summary = sw_step_summary (sw_sequence_get_step (self->sequence, i));
      /* Translators: a step of a sequence: its number and what it does */
      g_autofree char *text = g_strdup_printf (_("%u. %s"), i + 1, summary);

      gtk_label_set_text (GTK_LABEL (gtk_list_box_row_get_child (row)), text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
    }
}

static guint
selected_position (SwSequenceEditor *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->steps_list);

  return row != NULL ? (guint) gtk_list_box_row_get_index (row) : GTK_INVALID_LIST_POSITION;
}

static void
update_actions (SwSequenceEditor *self)
{
  guint position = selected_position (self);
  guint n = sw_sequence_get_n_steps (self->sequence);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.remove", position < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.move-up", position < n && position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.move-down", position + 1 < n);
}

/* The Send widgets, from the step: a saved message, or its own text or
 * hex. */
static void
sync_send (SwSequenceEditor *self)
{
  SwSequenceStep *step = self->selected;
  SwMessage *payload;
  const char *message;
  SendMode mode;
  guint position = GTK_INVALID_LIST_POSITION;
  g_autofree char *hint = NULL;

  if (step == NULL || sw_sequence_step_get_kind (step) != SW_STEP_KIND_SEND)
    return;

  payload = sw_sequence_step_get_payload (step);
  message = sw_sequence_step_get_message (step);
  if (*message != '\0')
    mode = SEND_MODE_MESSAGE;
  else if (sw_message_get_format (payload) == SW_PAYLOAD_FORMAT_HEX)
    mode = SEND_MODE_HEX;
  else
    mode = SEND_MODE_TEXT;

  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->send_mode_drop_down, mode);
  if (mode == SEND_MODE_MESSAGE)
    {
      sw_message_library_find (self->library, message, &position);
      if (sw_message_library_find (self->library, message, NULL) == NULL)
        /* Translators: %s is the name of a saved message */
        hint = g_strdup_printf (_("The library has no message called “%s”."), message);
      else
        hint = g_strdup (_("The message goes with its own options: format, line ending, checksum, placeholders."));
    }
  else if (mode == SEND_MODE_TEXT)
    hint = g_strdup (_("Escapes such as \\r\\n and \\x00 work."));
  gtk_drop_down_set_selected (self->message_drop_down, position);
  self->syncing = FALSE;

  gtk_widget_set_visible (self->message_label, mode == SEND_MODE_MESSAGE);
  gtk_widget_set_visible (GTK_WIDGET (self->message_drop_down), mode == SEND_MODE_MESSAGE);
  gtk_widget_set_visible (GTK_WIDGET (self->text_label), mode != SEND_MODE_MESSAGE);
  gtk_widget_set_visible (GTK_WIDGET (self->text_entry), mode != SEND_MODE_MESSAGE);
  gtk_label_set_text_with_mnemonic (self->text_label, mode == SEND_MODE_HEX ? _("_Bytes (hex)") : C_("sequence step", "_Text"));
  gtk_widget_set_visible (self->line_ending_label, mode == SEND_MODE_TEXT);
  gtk_widget_set_visible (GTK_WIDGET (self->line_ending_drop_down), mode == SEND_MODE_TEXT);
  gtk_label_set_text (self->send_hint_label, hint);
  gtk_widget_set_visible (GTK_WIDGET (self->send_hint_label), hint != NULL);
}

static void
send_mode_changed_cb (SwSequenceEditor *self)
{
  SwSequenceStep *step = self->selected;
  SendMode mode = gtk_drop_down_get_selected (self->send_mode_drop_down);

  if (self->syncing || step == NULL || sw_sequence_step_get_kind (step) != SW_STEP_KIND_SEND)
    return;

  if (mode == SEND_MODE_MESSAGE)
    {
      g_autoptr(SwMessage) first = g_list_model_get_item (G_LIST_MODEL (self->library), 0);
      SwMessage *chosen = gtk_drop_down_get_selected_item (self->message_drop_down);

      if (chosen == NULL)
        chosen = first;
      if (chosen != NULL)
        sw_sequence_step_set_message (step, sw_message_get_name (chosen));
    }
  else
    {
      sw_sequence_step_set_message (step, "");
      sw_message_set_format (sw_sequence_step_get_payload (step),
                             mode == SEND_MODE_HEX ? SW_PAYLOAD_FORMAT_HEX : SW_PAYLOAD_FORMAT_TEXT);
    }

  sync_send (self);
}

static void
message_chosen_cb (SwSequenceEditor *self)
{
  SwMessage *chosen = gtk_drop_down_get_selected_item (self->message_drop_down);

  if (self->syncing || self->selected == NULL || chosen == NULL)
    return;

  sw_sequence_step_set_message (self->selected, sw_message_get_name (chosen));
  sync_send (self);
}

static void
unmet_changed_cb (SwSequenceEditor *self)
{
  gboolean go_to = gtk_drop_down_get_selected (self->unmet_drop_down) == SW_UNMET_ACTION_GO_TO;

  gtk_widget_set_sensitive (self->go_to_label, go_to);
  gtk_widget_set_sensitive (GTK_WIDGET (self->go_to_entry), go_to);
}

static void
row_selected_cb (SwSequenceEditor *self)
{
  static const struct {
    const char *page;
    const char *title;
  } kinds[] = {
    [SW_STEP_KIND_SEND] = { "send", NC_("step kind", "Send") },
    [SW_STEP_KIND_EXPECT] = { "expect", NC_("step kind", "Expect") },
    [SW_STEP_KIND_WAIT] = { "wait", NC_("step kind", "Wait") },
    [SW_STEP_KIND_REPEAT] = { "repeat", NC_("step kind", "Repeat") },
  };
  guint position = selected_position (self);
  SwSequenceStep *step = NULL;

  if (position < sw_sequence_get_n_steps (self->sequence))
    step = sw_sequence_get_step (self->sequence, position);

  g_set_object (&self->selected, step);
  g_binding_group_set_source (self->step_bindings, step);
  g_binding_group_set_source (self->payload_bindings, step != NULL ? sw_sequence_step_get_payload (step) : NULL);

  gtk_widget_set_visible (self->step_name_grid, step != NULL);
  if (step != NULL)
    {
      SwStepKind kind = sw_sequence_step_get_kind (step);

      gtk_stack_set_visible_child_name (self->details_stack, kinds[kind].page);
      gtk_label_set_text (self->kind_label, g_dpgettext2 (GETTEXT_PACKAGE, "step kind", kinds[kind].title));
      sync_send (self);
    }
  else
    gtk_stack_set_visible_child_name (self->details_stack, "none");

  update_actions (self);
}

/* The first control of a step's details, where the person goes on. */
static GtkWidget *
first_detail (SwSequenceEditor *self,
              SwStepKind        kind)
{
  switch (kind)
    {
    case SW_STEP_KIND_SEND:
      return GTK_WIDGET (self->send_mode_drop_down);
    case SW_STEP_KIND_EXPECT:
      return GTK_WIDGET (self->pattern_entry);
    case SW_STEP_KIND_WAIT:
      return GTK_WIDGET (self->duration_spin);
    case SW_STEP_KIND_REPEAT:
    default:
      return GTK_WIDGET (self->count_spin);
    }
}

static void
add_step_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SwSequenceEditor *self = SW_SEQUENCE_EDITOR (widget);
  const char *kind_id = g_variant_get_string (parameter, NULL);
  g_autoptr(SwSequenceStep) step = NULL;
  g_autoptr(SwMessage) first = NULL;
  guint position = selected_position (self);

  if (g_str_equal (kind_id, "send"))
    {
      /* A saved message, when there is one, as most steps send one. */
      first = g_list_model_get_item (G_LIST_MODEL (self->library), 0);
      if (first != NULL)
        step = sw_sequence_step_new_send_message (sw_message_get_name (first));
      else
        step = sw_sequence_step_new_send_text ("", SW_PAYLOAD_FORMAT_TEXT);
    }
  else if (g_str_equal (kind_id, "expect"))
    step = sw_sequence_step_new_expect (SW_MATCH_KIND_CONTAINS, "", SW_STEP_DEFAULT_TIMEOUT_MS);
  else if (g_str_equal (kind_id, "wait"))
    step = sw_sequence_step_new_wait (1000);
  else if (g_str_equal (kind_id, "repeat"))
    step = sw_sequence_step_new_repeat (2, "");
  else
    g_return_if_reached ();

  /* After the selected step, or at the end. */
  position = position < sw_sequence_get_n_steps (self->sequence) ? position + 1 : sw_sequence_get_n_steps (self->sequence);
  sw_sequence_insert (self->sequence, position, step);
  sw_sequence_editor_select (self, position);
  gtk_widget_grab_focus (first_detail (self, sw_sequence_step_get_kind (step)));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SwSequenceEditor *self = SW_SEQUENCE_EDITOR (widget);
  guint position = selected_position (self);
  guint n = sw_sequence_get_n_steps (self->sequence);

  if (position >= n)
    return;

  sw_sequence_remove (self->sequence, position);
  if (n > 1)
    sw_sequence_editor_select (self, MIN (position, n - 2));
  else
    row_selected_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->steps_list));
  {
    GtkListBoxRow *row = gtk_list_box_get_selected_row (self->steps_list);

    if (row != NULL)
      gtk_widget_grab_focus (GTK_WIDGET (row));
  }
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwSequenceEditor *self = SW_SEQUENCE_EDITOR (widget);
  guint position = selected_position (self);
  guint n = sw_sequence_get_n_steps (self->sequence);
  gboolean up = g_str_equal (action_name, "editor.move-up");
  guint to;
  GtkListBoxRow *row;

  if (position >= n || (up && position == 0) || (!up && position + 1 >= n))
    return;

  to = up ? position - 1 : position + 1;
  sw_sequence_move (self->sequence, position, to);
  sw_sequence_editor_select (self, to);
  row = gtk_list_box_get_selected_row (self->steps_list);
  if (row != NULL && gtk_widget_has_focus (GTK_WIDGET (self->steps_list)) == FALSE)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

/* Saving */

static void
show_error (SwSequenceEditor *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
library_has (SwMessageLibrary *library,
             SwSequence       *sequence)
{
  GListModel *sequences = sw_message_library_get_sequences (library);

  for (guint i = 0; i < g_list_model_get_n_items (sequences); i++)
    {
      g_autoptr(SwSequence) item = g_list_model_get_item (sequences, i);

      if (item == sequence)
        return TRUE;
    }

  return FALSE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwSequenceEditor *self = SW_SEQUENCE_EDITOR (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  g_autoptr(GError) error = NULL;
  SwSequence *other;
  SwSequence *target;

  if (*name == '\0')
    {
      show_error (self, _("Give the sequence a name."));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
      return;
    }

  other = sw_message_library_find_sequence (self->library, name, NULL);
  /* The one edited may have gone: another window's save was loaded. */
  if (self->original != NULL && !library_has (self->library, self->original))
    g_clear_object (&self->original);
  if (other != NULL && other != self->original)
    {
      g_autofree char *message = g_strdup_printf (_("The library has a sequence called “%s” already."), name);

      show_error (self, message);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
      return;
    }

  sw_sequence_set_name (self->sequence, name);
  sw_sequence_set_note (self->sequence, gtk_editable_get_text (GTK_EDITABLE (self->note_entry)));
  if (!sw_sequence_validate (self->sequence, self->library, &error))
    {
      show_error (self, error->message);
      return;
    }

  if (self->original != NULL)
    {
      target = self->original;
      sw_sequence_set_name (target, name);
      sw_sequence_set_note (target, sw_sequence_get_note (self->sequence));
      while (sw_sequence_get_n_steps (target) > 0)
        sw_sequence_remove (target, 0);
      for (guint i = 0; i < sw_sequence_get_n_steps (self->sequence); i++)
        {
          g_autoptr(SwSequenceStep) step = sw_sequence_step_copy (sw_sequence_get_step (self->sequence, i));

          sw_sequence_append (target, step);
        }
    }
  else
    {
      target = self->sequence;
      sw_message_library_add_sequence (self->library, target);
    }

  g_signal_emit (self, signals[SAVED], 0, target);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Public API */

static char *
new_sequence_name (SwMessageLibrary *library)
{
  char *name = g_strdup (_("New Sequence"));

  for (guint i = 2; sw_message_library_find_sequence (library, name, NULL) != NULL; i++)
    {
      g_free (name);
      /* Translators: the name of a new sequence when “New Sequence” is taken */
      name = g_strdup_printf (_("New Sequence %u"), i);
    }

  return name;
}

/**
 * sw_sequence_editor_new:
 * @parent: (nullable): the window it is for
 * @library: where the sequence is kept, and its messages
 * @sequence: (nullable): a sequence of @library, or %NULL for a new one
 *
 * Returns: (transfer none): the editor, not shown yet
 */
SwSequenceEditor *
sw_sequence_editor_new (GtkWindow        *parent,
                        SwMessageLibrary *library,
                        SwSequence       *sequence)
{
  SwSequenceEditor *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (library), NULL);
  g_return_val_if_fail (sequence == NULL || SW_IS_SEQUENCE (sequence), NULL);

  self = g_object_new (SW_TYPE_SEQUENCE_EDITOR,
                       "transient-for", parent,
                       "title", sequence != NULL ? _("Edit Sequence") : _("New Sequence"),
                       NULL);
  self->library = g_object_ref (library);
  if (sequence != NULL)
    {
      self->original = g_object_ref (sequence);
      self->sequence = sw_sequence_copy (sequence);
    }
  else
    {
      g_autofree char *name = new_sequence_name (library);

      self->sequence = sw_sequence_new (name);
    }

  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), sw_sequence_get_name (self->sequence));
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), sw_sequence_get_note (self->sequence));
  gtk_drop_down_set_model (self->message_drop_down, G_LIST_MODEL (library));

  gtk_list_box_bind_model (self->steps_list, G_LIST_MODEL (self->sequence), create_step_row, NULL, NULL);
  g_signal_connect_object (self->sequence, "changed", G_CALLBACK (refresh_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sequence, "items-changed", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  refresh_rows (self);

  if (sw_sequence_get_n_steps (self->sequence) > 0)
    sw_sequence_editor_select (self, 0);
  else
    row_selected_cb (self);

  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));

  return self;
}

/**
 * sw_sequence_editor_get_sequence:
 *
 * Returns: (transfer none): the copy it edits
 */
SwSequence *
sw_sequence_editor_get_sequence (SwSequenceEditor *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE_EDITOR (self), NULL);

  return self->sequence;
}

/**
 * sw_sequence_editor_get_selected:
 *
 * Returns: (transfer none) (nullable): the step shown in detail
 */
SwSequenceStep *
sw_sequence_editor_get_selected (SwSequenceEditor *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE_EDITOR (self), NULL);

  return self->selected;
}

void
sw_sequence_editor_select (SwSequenceEditor *self,
                           guint             position)
{
  GtkListBoxRow *row;

  g_return_if_fail (SW_IS_SEQUENCE_EDITOR (self));

  row = gtk_list_box_get_row_at_index (self->steps_list, position);
  g_return_if_fail (row != NULL);

  gtk_list_box_select_row (self->steps_list, row);
  /* Selecting the row already selected says nothing. */
  row_selected_cb (self);
}

/* GObject */

static void
sw_sequence_editor_dispose (GObject *object)
{
  SwSequenceEditor *self = SW_SEQUENCE_EDITOR (object);

  if (self->step_bindings != NULL)
    g_binding_group_set_source (self->step_bindings, NULL);
  if (self->payload_bindings != NULL)
    g_binding_group_set_source (self->payload_bindings, NULL);
  g_clear_object (&self->step_bindings);
  g_clear_object (&self->payload_bindings);
  if (self->sequence != NULL)
    g_signal_handlers_disconnect_by_data (self->sequence, self);
  /* The widgets say nothing more as they go. */
  if (self->steps_list != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->steps_list, self);
      g_signal_handlers_disconnect_by_data (self->send_mode_drop_down, self);
      g_signal_handlers_disconnect_by_data (self->message_drop_down, self);
      g_signal_handlers_disconnect_by_data (self->unmet_drop_down, self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (object), SW_TYPE_SEQUENCE_EDITOR);

  g_clear_object (&self->selected);
  g_clear_object (&self->sequence);
  g_clear_object (&self->original);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (sw_sequence_editor_parent_class)->dispose (object);
}

static void
sw_sequence_editor_class_init (SwSequenceEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_sequence_editor_dispose;

  /**
   * SwSequenceEditor::saved:
   * @sequence: the library's sequence, as saved
   *
   * Save put the sequence into the library.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SW_TYPE_SEQUENCE);

  g_type_ensure (SW_TYPE_MESSAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-sequence-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, name_entry);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, note_entry);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, steps_list);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, kind_label);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, step_name_grid);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, step_name_entry);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, details_stack);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, send_mode_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, message_label);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, message_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, text_label);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, text_entry);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, line_ending_label);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, line_ending_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, send_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, match_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, pattern_entry);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, unmet_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, go_to_label);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, go_to_entry);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, count_spin);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, from_entry);
  gtk_widget_class_bind_template_child (widget_class, SwSequenceEditor, error_label);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.add-step", "s", add_step_action);
  gtk_widget_class_install_action (widget_class, "editor.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "editor.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "editor.move-down", NULL, move_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "editor.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "editor.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
}

static void
sw_sequence_editor_init (SwSequenceEditor *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  sw_fix_mnemonic_names (GTK_WIDGET (self));

  /* Delete removes a step from the list, not a character from an entry. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("editor.remove")));
  gtk_widget_add_controller (GTK_WIDGET (self->steps_list), shortcuts);

  g_signal_connect_swapped (self->steps_list, "selected-rows-changed", G_CALLBACK (row_selected_cb), self);
  g_signal_connect_swapped (self->send_mode_drop_down, "notify::selected", G_CALLBACK (send_mode_changed_cb), self);
  g_signal_connect_swapped (self->message_drop_down, "notify::selected", G_CALLBACK (message_chosen_cb), self);
  g_signal_connect_swapped (self->unmet_drop_down, "notify::selected", G_CALLBACK (unmet_changed_cb), self);
  g_signal_connect (self->send_mode_drop_down, "mnemonic-activate", G_CALLBACK (sw_drop_down_mnemonic_activate), NULL);
  g_signal_connect (self->message_drop_down, "mnemonic-activate", G_CALLBACK (sw_drop_down_mnemonic_activate), NULL);
  g_signal_connect (self->line_ending_drop_down, "mnemonic-activate", G_CALLBACK (sw_drop_down_mnemonic_activate), NULL);
  g_signal_connect (self->match_drop_down, "mnemonic-activate", G_CALLBACK (sw_drop_down_mnemonic_activate), NULL);
  g_signal_connect (self->unmet_drop_down, "mnemonic-activate", G_CALLBACK (sw_drop_down_mnemonic_activate), NULL);

  self->step_bindings = g_binding_group_new ();
  g_binding_group_bind (self->step_bindings, "name", self->step_name_entry, "text",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind_full (self->step_bindings, "match-kind", self->match_drop_down, "selected",
                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                             sw_enum_to_position, sw_position_to_enum, NULL, NULL);
  g_binding_group_bind (self->step_bindings, "pattern", self->pattern_entry, "text",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->step_bindings, "timeout", self->timeout_spin, "value",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind_full (self->step_bindings, "on-unmet", self->unmet_drop_down, "selected",
                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                             sw_enum_to_position, sw_position_to_enum, NULL, NULL);
  g_binding_group_bind (self->step_bindings, "go-to", self->go_to_entry, "text",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->step_bindings, "duration", self->duration_spin, "value",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->step_bindings, "count", self->count_spin, "value",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->step_bindings, "repeat-from", self->from_entry, "text",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  self->payload_bindings = g_binding_group_new ();
  g_binding_group_bind (self->payload_bindings, "text", self->text_entry, "text",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind_full (self->payload_bindings, "line-ending", self->line_ending_drop_down, "selected",
                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                             sw_enum_to_position, sw_position_to_enum, NULL, NULL);

  unmet_changed_cb (self);
}

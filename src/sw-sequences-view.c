/* sw-sequences-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-sequences-view"

#include "config.h"

#include "sw-sequences-view-private.h"

#include <glib/gi18n.h>

#include "sw-session-page-private.h"
#include "sw-step-result-row.h"
#include "sw-utils.h"

/* How often the time of a run under way is shown again. */
#define RUN_CLOCK_MS 200

struct _SwSequencesView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkDropDown        *sequence_drop_down;
  GtkLabel           *run_label;
  GtkStack           *results_stack;
  GtkLabel           *results_empty_label;
  GtkListBox         *results_list_box;
  GtkScrolledWindow  *results_scroller;

  SwMessageLibrary   *library;
  SwPlaceholderState *placeholders;
  SwSequenceEditor   *editor;

  SwSequenceRunner   *runner;
  GCancellable       *run_cancellable;
  guint               run_clock;
  /* The step to bring into view once the list has laid it out. */
  guint               follow_position;
  gboolean            following;
};

G_DEFINE_FINAL_TYPE (SwSequencesView, sw_sequences_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_PLACEHOLDERS,
  N_PROPS
};

enum {
  FEEDBACK,
  DELETED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GtkWidget *
sw_sequences_view_new (void)
{
  return g_object_new (SW_TYPE_SEQUENCES_VIEW, NULL);
}

static SwSequence *
selected_sequence (SwSequencesView *self)
{
  return gtk_drop_down_get_selected_item (self->sequence_drop_down);
}

static gboolean
get_running (SwSequencesView *self)
{
  return self->runner != NULL && sw_sequence_runner_get_running (self->runner);
}

static void
update_actions (SwSequencesView *self)
{
  gboolean running = get_running (self);
  gboolean chosen = selected_sequence (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sequences.run", chosen && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sequences.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sequences.new-sequence", self->library != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sequences.edit-sequence", chosen && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sequences.delete-sequence", chosen && !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sequence_drop_down), !running);

  if (self->runner == NULL)
    {
      gboolean any = self->library != NULL &&
                     g_list_model_get_n_items (sw_message_library_get_sequences (self->library)) > 0;

      gtk_label_set_text (self->results_empty_label,
                          any ? _("Run Sequence runs the chosen sequence over this session; each step shows "
                                  "here as it goes.")
                              : _("No sequences yet. New Sequence… in the menu beside makes one: send a "
                                  "message, expect an answer, wait, repeat."));
      gtk_stack_set_visible_child_name (self->results_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->results_stack, "results");
}

/* Running */

static GtkWidget *
create_result_row (gpointer item,
                   gpointer user_data)
{
  return sw_step_result_row_new (item);
}

static char *
format_duration (gint64 usec)
{
  double seconds = usec / (double) G_USEC_PER_SEC;

  /* Translators: a duration in seconds, such as “0.42 s” */
  return g_strdup_printf (_("%.2f s"), seconds);
}

static void
set_run_label (SwSequencesView *self,
               const char      *text,
               const char      *css_class)
{
  static const char *const classes[] = { "success", "error", "dim-label" };

  gtk_label_set_text (self->run_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_label), text);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->run_label), classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->run_label), css_class);
  gtk_widget_set_visible (GTK_WIDGET (self->run_label), text != NULL);
}

static gboolean
run_clock_cb (gpointer user_data)
{
  SwSequencesView *self = user_data;
  guint steps = sw_sequence_runner_get_steps_run (self->runner);
  g_autofree char *duration = format_duration (sw_sequence_runner_get_duration (self->runner));
  /* Translators: %u counts the steps begun so far, %s is how long the run has taken */
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "Running: %u step, %s",
                                                        "Running: %u steps, %s",
                                                        steps),
                                           steps, duration);

  set_run_label (self, text, NULL);

  return G_SOURCE_CONTINUE;
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(SwSequencesView) self = user_data;
  SwSequenceRunner *runner = SW_SEQUENCE_RUNNER (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;

  sw_sequence_runner_run_finish (runner, result, &error);
  /* Gone with the view, or replaced by another run. */
  if (runner != self->runner)
    return;

  g_clear_handle_id (&self->run_clock, g_source_remove);
  duration = format_duration (sw_sequence_runner_get_duration (runner));

  switch (sw_sequence_runner_get_result (runner))
    {
    case SW_RUN_RESULT_PASSED:
      /* Translators: %s is how long the run took, such as “0.42 s” */
      text = g_strdup_printf (_("Passed in %s"), duration);
      set_run_label (self, text, "success");
      break;

    case SW_RUN_RESULT_CANCELLED:
      /* Translators: %s is how long the run took, such as “0.42 s” */
      text = g_strdup_printf (_("Stopped after %s"), duration);
      set_run_label (self, text, "dim-label");
      break;

    case SW_RUN_RESULT_FAILED:
    default:
      /* Translators: the first %s is how long the run took, such as
       * “0.42 s”, the second why it failed */
      text = g_strdup_printf (C_("sequence run", "Failed after %s: %s"), duration,
                              error != NULL ? error->message : _("a step failed"));
      set_run_label (self, text, "error");
      break;
    }

  update_actions (self);
}

/* The list follows the run: the step that began or ended is in view,
 * as it is laid out after the change (after the frame is painted). */
static void
follow_cb (GdkFrameClock   *frame_clock,
           SwSequencesView *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->results_list_box, self->follow_position);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->results_scroller);
  graphene_rect_t bounds;

  g_signal_handlers_disconnect_by_func (frame_clock, follow_cb, self);
  self->following = FALSE;

  /* In the list's coordinates, which the adjustment scrolls. */
  if (row != NULL && gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self->results_list_box), &bounds))
    gtk_adjustment_clamp_page (adjustment, bounds.origin.y, bounds.origin.y + bounds.size.height);
}

static void
step_changed_cb (SwSequencesView *self,
                 SwStepResult    *result)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  self->follow_position = sw_step_result_get_position (result);
  if (self->following || frame_clock == NULL)
    return;

  self->following = TRUE;
  g_signal_connect_object (frame_clock, "after-paint", G_CALLBACK (follow_cb), self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self->results_list_box));
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SwSequencesView *self = SW_SEQUENCES_VIEW (widget);
  SwSessionPage *page = (SwSessionPage *) gtk_widget_get_ancestor (widget, SW_TYPE_SESSION_PAGE);
  SwSequence *sequence = selected_sequence (self);
  g_autoptr(GError) error = NULL;

  if (page == NULL || sequence == NULL || get_running (self))
    return;

  /* The run sends where Send would now: to the remote typed in a UDP
   * form, not to the one of the last send. */
  if (!_sw_session_page_prepare_send (page, &error))
    {
      /* Translators: %s says why, e.g. “Port must be 1–65535” */
      g_autofree char *text = g_strdup_printf (_("Not run: %s"), error->message);

      gtk_widget_error_bell (widget);
      set_run_label (self, text, "error");
      return;
    }

  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();
  /* Made now: what came before the run does not count. */
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_clear_object (&self->runner);
  self->runner = sw_sequence_runner_new (sw_session_page_get_engine (page),
                                         sw_session_page_get_framing (page),
                                         self->placeholders);
  gtk_list_box_bind_model (self->results_list_box, sw_sequence_runner_get_results (self->runner),
                           create_result_row, NULL, NULL);
  g_signal_connect_object (self->runner, "step-changed", G_CALLBACK (step_changed_cb), self, G_CONNECT_SWAPPED);

  sw_sequence_runner_run_async (self->runner, sequence, self->library, self->run_cancellable,
                                run_cb, g_object_ref (self));
  g_clear_handle_id (&self->run_clock, g_source_remove);
  self->run_clock = g_timeout_add (RUN_CLOCK_MS, run_clock_cb, self);
  run_clock_cb (self);
  update_actions (self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwSequencesView *self = SW_SEQUENCES_VIEW (widget);

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
}

/* Editing */

gboolean
_sw_sequences_view_choose (SwSequencesView *self,
                           const char      *name)
{
  guint position;

  g_return_val_if_fail (SW_IS_SEQUENCES_VIEW (self), FALSE);

  if (self->library == NULL || sw_message_library_find_sequence (self->library, name, &position) == NULL)
    return FALSE;

  gtk_drop_down_set_selected (self->sequence_drop_down, position);

  return TRUE;
}

static void
editor_saved_cb (SwSequencesView *self,
                 SwSequence      *sequence)
{
  g_autofree char *text = NULL;

  _sw_sequences_view_choose (self, sw_sequence_get_name (sequence));

  /* Translators: %s is the name of a sequence */
  text = g_strdup_printf (_("Saved the sequence “%s”."), sw_sequence_get_name (sequence));
  g_signal_emit (self, signals[FEEDBACK], 0, text);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwSequencesView *self = SW_SEQUENCES_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  SwSequence *sequence = NULL;

  if (self->library == NULL)
    return;

  if (g_str_equal (action_name, "sequences.edit-sequence"))
    {
      sequence = selected_sequence (self);
      if (sequence == NULL)
        return;
    }

  if (self->editor != NULL)
    gtk_window_destroy (GTK_WINDOW (self->editor));

  self->editor = sw_sequence_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->library, sequence);
  g_object_add_weak_pointer (G_OBJECT (self->editor), (gpointer *) &self->editor);
  g_signal_connect_object (self->editor, "saved", G_CALLBACK (editor_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->editor));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SwSequencesView *self = SW_SEQUENCES_VIEW (widget);
  g_autoptr(SwSequence) sequence = NULL;
  guint position;

  if (selected_sequence (self) == NULL)
    return;

  sequence = g_object_ref (selected_sequence (self));
  if (sw_message_library_find_sequence (self->library, sw_sequence_get_name (sequence), &position) != sequence)
    return;

  sw_message_library_remove_sequence (self->library, position);
  g_signal_emit (self, signals[DELETED], 0, sequence);
}

/* Accessors */

/**
 * sw_sequences_view_get_library:
 *
 * Returns: (transfer none) (nullable): the library of its sequences
 */
SwMessageLibrary *
sw_sequences_view_get_library (SwSequencesView *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCES_VIEW (self), NULL);

  return self->library;
}

void
sw_sequences_view_set_library (SwSequencesView  *self,
                               SwMessageLibrary *library)
{
  g_return_if_fail (SW_IS_SEQUENCES_VIEW (self));
  g_return_if_fail (library == NULL || SW_IS_MESSAGE_LIBRARY (library));

  if (self->library == library)
    return;

  if (self->library != NULL)
    g_signal_handlers_disconnect_by_data (sw_message_library_get_sequences (self->library), self);
  g_set_object (&self->library, library);
  if (library != NULL)
    g_signal_connect_object (sw_message_library_get_sequences (library), "items-changed",
                             G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);

  gtk_drop_down_set_model (self->sequence_drop_down,
                           library != NULL ? sw_message_library_get_sequences (library) : NULL);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY]);
}

/**
 * sw_sequences_view_get_placeholders:
 *
 * Returns: (transfer none) (nullable): the session's placeholder state
 */
SwPlaceholderState *
sw_sequences_view_get_placeholders (SwSequencesView *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCES_VIEW (self), NULL);

  return self->placeholders;
}

void
sw_sequences_view_set_placeholders (SwSequencesView    *self,
                                    SwPlaceholderState *placeholders)
{
  g_return_if_fail (SW_IS_SEQUENCES_VIEW (self));
  g_return_if_fail (placeholders == NULL || SW_IS_PLACEHOLDER_STATE (placeholders));

  if (g_set_object (&self->placeholders, placeholders))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACEHOLDERS]);
}

SwSequenceEditor *
_sw_sequences_view_get_editor (SwSequencesView *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCES_VIEW (self), NULL);

  return self->editor;
}

SwSequenceRunner *
_sw_sequences_view_get_runner (SwSequencesView *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCES_VIEW (self), NULL);

  return self->runner;
}

/* GObject */

static void
sw_sequences_view_dispose (GObject *object)
{
  SwSequencesView *self = SW_SEQUENCES_VIEW (object);

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_handle_id (&self->run_clock, g_source_remove);
  if (self->following && gtk_widget_get_frame_clock (GTK_WIDGET (self)) != NULL)
    g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (GTK_WIDGET (self)), follow_cb, self);
  /* A run that ends after this finds no runner and stops there. */
  g_clear_object (&self->runner);
  if (self->editor != NULL)
    gtk_window_destroy (GTK_WINDOW (self->editor));

  if (self->library != NULL)
    g_signal_handlers_disconnect_by_data (sw_message_library_get_sequences (self->library), self);
  if (self->sequence_drop_down != NULL)
    g_signal_handlers_disconnect_by_data (self->sequence_drop_down, self);

  gtk_widget_dispose_template (GTK_WIDGET (object), SW_TYPE_SEQUENCES_VIEW);

  g_clear_object (&self->library);
  g_clear_object (&self->placeholders);
  g_clear_object (&self->run_cancellable);

  G_OBJECT_CLASS (sw_sequences_view_parent_class)->dispose (object);
}

static void
sw_sequences_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SwSequencesView *self = SW_SEQUENCES_VIEW (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;

    case PROP_PLACEHOLDERS:
      g_value_set_object (value, self->placeholders);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_sequences_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SwSequencesView *self = SW_SEQUENCES_VIEW (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      sw_sequences_view_set_library (self, g_value_get_object (value));
      break;

    case PROP_PLACEHOLDERS:
      sw_sequences_view_set_placeholders (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_sequences_view_class_init (SwSequencesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_sequences_view_dispose;
  object_class->get_property = sw_sequences_view_get_property;
  object_class->set_property = sw_sequences_view_set_property;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL,
                         SW_TYPE_MESSAGE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACEHOLDERS] =
    g_param_spec_object ("placeholders", NULL, NULL,
                         SW_TYPE_PLACEHOLDER_STATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwSequencesView::feedback:
   * @text: what was done, in a sentence
   */
  signals[FEEDBACK] =
    g_signal_new ("feedback",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * SwSequencesView::deleted:
   * @sequence: the sequence Delete took out of the library
   */
  signals[DELETED] =
    g_signal_new ("deleted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SW_TYPE_SEQUENCE);

  g_type_ensure (SW_TYPE_SEQUENCE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-sequences-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SwSequencesView, sequence_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SwSequencesView, run_label);
  gtk_widget_class_bind_template_child (widget_class, SwSequencesView, results_stack);
  gtk_widget_class_bind_template_child (widget_class, SwSequencesView, results_empty_label);
  gtk_widget_class_bind_template_child (widget_class, SwSequencesView, results_list_box);
  gtk_widget_class_bind_template_child (widget_class, SwSequencesView, results_scroller);
  /* The direct children, for gtk_widget_dispose_template(). */
  gtk_widget_class_bind_template_child_full (widget_class, "controls_box", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "results_separator", FALSE, 0);

  gtk_widget_class_set_css_name (widget_class, "sequencesview");

  gtk_widget_class_install_action (widget_class, "sequences.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "sequences.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "sequences.new-sequence", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "sequences.edit-sequence", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "sequences.delete-sequence", NULL, delete_action);
}

static void
sw_sequences_view_init (SwSequencesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sw_fix_mnemonic_names (GTK_WIDGET (self));

  g_signal_connect_swapped (self->sequence_drop_down, "notify::selected", G_CALLBACK (update_actions), self);
  update_actions (self);
}

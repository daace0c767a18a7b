/* sw-sequence.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-sequence"

#include "config.h"

#include "sw-sequence.h"

#include <glib/gi18n-lib.h>

#include "sw-core-private.h"
#include "sw-matcher-private.h"
#include "sw-message-library.h"

/* Longest step name quoted whole in a message, in characters. */
#define QUOTE_MAX 32

struct _SwSequence
{
  GObject    parent_instance;

  char      *name;
  char      *note;
  GPtrArray *steps;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SwSequence, sw_sequence, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (sw-sequence-error-quark, sw_sequence_error)

enum {
  PROP_0,
  PROP_NAME,
  PROP_NOTE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GType
list_model_get_item_type (GListModel *model)
{
  return SW_TYPE_SEQUENCE_STEP;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return SW_SEQUENCE (model)->steps->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  SwSequence *self = SW_SEQUENCE (model);

  if (position >= self->steps->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->steps, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static void
emit_changed (SwSequence *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
set_string (SwSequence  *self,
            char       **field,
            const char  *value,
            guint        prop_id)
{
  if (_sw_object_set_string (G_OBJECT (self), field, value != NULL ? value : "", properties[prop_id]))
    emit_changed (self);
}

static void
release_step (gpointer data,
              gpointer user_data)
{
  g_signal_handlers_disconnect_by_data (data, user_data);
}

static void
sw_sequence_dispose (GObject *object)
{
  SwSequence *self = (SwSequence *) object;

  g_ptr_array_foreach (self->steps, release_step, self);
  g_ptr_array_set_size (self->steps, 0);

  G_OBJECT_CLASS (sw_sequence_parent_class)->dispose (object);
}

static void
sw_sequence_finalize (GObject *object)
{
  SwSequence *self = (SwSequence *) object;

  g_free (self->name);
  g_free (self->note);
  g_ptr_array_unref (self->steps);

  G_OBJECT_CLASS (sw_sequence_parent_class)->finalize (object);
}

static void
sw_sequence_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SwSequence *self = SW_SEQUENCE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_sequence_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SwSequence *self = SW_SEQUENCE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      sw_sequence_set_name (self, g_value_get_string (value));
      break;

    case PROP_NOTE:
      sw_sequence_set_note (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_sequence_class_init (SwSequenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sw_sequence_dispose;
  object_class->finalize = sw_sequence_finalize;
  object_class->get_property = sw_sequence_get_property;
  object_class->set_property = sw_sequence_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwSequence::changed:
   *
   * The name, the note, the steps or a step changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
sw_sequence_init (SwSequence *self)
{
  self->name = g_strdup ("");
  self->note = g_strdup ("");
  self->steps = g_ptr_array_new_with_free_func (g_object_unref);
}

SwSequence *
sw_sequence_new (const char *name)
{
  return g_object_new (SW_TYPE_SEQUENCE, "name", name, NULL);
}

/**
 * sw_sequence_copy:
 *
 * Returns: (transfer full): a sequence with the name, note and copies of
 *   the steps of @self
 */
SwSequence *
sw_sequence_copy (SwSequence *self)
{
  SwSequence *copy;

  g_return_val_if_fail (SW_IS_SEQUENCE (self), NULL);

  copy = g_object_new (SW_TYPE_SEQUENCE, "name", self->name, "note", self->note, NULL);
  for (guint i = 0; i < self->steps->len; i++)
    {
      g_autoptr(SwSequenceStep) step = sw_sequence_step_copy (g_ptr_array_index (self->steps, i));

      sw_sequence_append (copy, step);
    }

  return copy;
}

gboolean
sw_sequence_equal (SwSequence *a,
                   SwSequence *b)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (a), FALSE);
  g_return_val_if_fail (SW_IS_SEQUENCE (b), FALSE);

  if (!g_str_equal (a->name, b->name) || !g_str_equal (a->note, b->note) ||
      a->steps->len != b->steps->len)
    return FALSE;

  for (guint i = 0; i < a->steps->len; i++)
    if (!sw_sequence_step_equal (g_ptr_array_index (a->steps, i), g_ptr_array_index (b->steps, i)))
      return FALSE;

  return TRUE;
}

const char *
sw_sequence_get_name (SwSequence *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), NULL);

  return self->name;
}

void
sw_sequence_set_name (SwSequence *self,
                      const char *name)
{
  g_return_if_fail (SW_IS_SEQUENCE (self));

  set_string (self, &self->name, name, PROP_NAME);
}

const char *
sw_sequence_get_note (SwSequence *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), NULL);

  return self->note;
}

void
sw_sequence_set_note (SwSequence *self,
                      const char *note)
{
  g_return_if_fail (SW_IS_SEQUENCE (self));

  set_string (self, &self->note, note, PROP_NOTE);
}

guint
sw_sequence_get_n_steps (SwSequence *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), 0);

  return self->steps->len;
}

/**
 * sw_sequence_get_step:
 *
 * Returns: (transfer none): the step at @position
 */
SwSequenceStep *
sw_sequence_get_step (SwSequence *self,
                      guint       position)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), NULL);
  g_return_val_if_fail (position < self->steps->len, NULL);

  return g_ptr_array_index (self->steps, position);
}

void
sw_sequence_append (SwSequence     *self,
                    SwSequenceStep *step)
{
  g_return_if_fail (SW_IS_SEQUENCE (self));

  sw_sequence_insert (self, self->steps->len, step);
}

void
sw_sequence_insert (SwSequence     *self,
                    guint           position,
                    SwSequenceStep *step)
{
  g_return_if_fail (SW_IS_SEQUENCE (self));
  g_return_if_fail (SW_IS_SEQUENCE_STEP (step));
  g_return_if_fail (position <= self->steps->len);
  g_return_if_fail (!g_ptr_array_find (self->steps, step, NULL));

  g_signal_connect_swapped (step, "changed", G_CALLBACK (emit_changed), self);
  g_ptr_array_insert (self->steps, position, g_object_ref (step));

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  emit_changed (self);
}

void
sw_sequence_remove (SwSequence *self,
                    guint       position)
{
  g_return_if_fail (SW_IS_SEQUENCE (self));
  g_return_if_fail (position < self->steps->len);

  release_step (g_ptr_array_index (self->steps, position), self);
  g_ptr_array_remove_index (self->steps, position);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  emit_changed (self);
}

void
sw_sequence_move (SwSequence *self,
                  guint       from,
                  guint       to)
{
  gpointer step;

  g_return_if_fail (SW_IS_SEQUENCE (self));
  g_return_if_fail (from < self->steps->len);
  g_return_if_fail (to < self->steps->len);

  if (from == to)
    return;

  step = g_ptr_array_steal_index (self->steps, from);
  g_ptr_array_insert (self->steps, to, step);

  g_list_model_items_changed (G_LIST_MODEL (self), MIN (from, to), ABS ((int) from - (int) to) + 1,
                              ABS ((int) from - (int) to) + 1);
  emit_changed (self);
}

/**
 * sw_sequence_find_step:
 * @name: a step name
 * @position: (out) (optional): where the step is
 *
 * Returns: (transfer none) (nullable): the first step called @name
 */
SwSequenceStep *
sw_sequence_find_step (SwSequence *self,
                       const char *name,
                       guint      *position)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (*name == '\0')
    return NULL;

  for (guint i = 0; i < self->steps->len; i++)
    {
      SwSequenceStep *step = g_ptr_array_index (self->steps, i);

      if (g_str_equal (sw_sequence_step_get_name (step), name))
        {
          if (position != NULL)
            *position = i;
          return step;
        }
    }

  return NULL;
}

static char *
quote (const char *text)
{
  return _sw_text_quote (text, -1, QUOTE_MAX);
}

char *
sw_sequence_describe_step (SwSequence *self,
                           guint       position)
{
  const char *name;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (SW_IS_SEQUENCE (self), NULL);
  g_return_val_if_fail (position < self->steps->len, NULL);

  name = sw_sequence_step_get_name (g_ptr_array_index (self->steps, position));
  if (*name == '\0')
    /* Translators: a step of a sequence; %u counts from 1 */
    return g_strdup_printf (_("Step %u"), position + 1);

  shown = quote (name);
  /* Translators: a step of a sequence; %u counts from 1, %s is its name */
  return g_strdup_printf (_("Step %u (“%s”)"), position + 1, shown);
}

/* Validation */

static gboolean
check_message (SwSequence  *self,
               guint        position,
               SwMessage   *message,
               const char  *name,
               GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *step = NULL;

  bytes = sw_message_encode_with_checksum (message, NULL, &local_error);
  if (bytes != NULL)
    return TRUE;

  step = sw_sequence_describe_step (self, position);
  if (name != NULL)
    {
      g_autofree char *shown = quote (name);

      g_set_error (error, SW_SEQUENCE_ERROR, SW_SEQUENCE_ERROR_INVALID_MESSAGE,
                   /* Translators: the first %s is a step (“Step 2”), the
                    * second a message's name, the last what is wrong */
                   _("%s: the message “%s” cannot be sent: %s"),
                   step, shown, local_error->message);
    }
  else
    g_set_error (error, SW_SEQUENCE_ERROR, SW_SEQUENCE_ERROR_INVALID_MESSAGE,
                 /* Translators: the first %s is a step (“Step 2”), the last
                  * what is wrong */
                 _("%s: what it sends cannot be sent: %s"),
                 step, local_error->message);
  return FALSE;
}

static gboolean
check_send (SwSequence        *self,
            guint              position,
            SwSequenceStep    *step,
            SwMessageLibrary  *library,
            GError           **error)
{
  const char *name = sw_sequence_step_get_message (step);
  SwMessage *message;

  if (*name == '\0')
    return check_message (self, position, sw_sequence_step_get_payload (step), NULL, error);

  message = library != NULL ? sw_message_library_find (library, name, NULL) : NULL;
  if (message == NULL)
    {
      g_autofree char *where = sw_sequence_describe_step (self, position);
      g_autofree char *shown = quote (name);

      g_set_error (error, SW_SEQUENCE_ERROR, SW_SEQUENCE_ERROR_UNKNOWN_MESSAGE,
                   /* Translators: the first %s is a step (“Step 2”), the
                    * second a message's name */
                   _("%s sends the message “%s”, which is not in the library"),
                   where, shown);
      return FALSE;
    }

  return check_message (self, position, message, name, error);
}

static gboolean
check_expect (SwSequence      *self,
              guint            position,
              SwSequenceStep  *step,
              GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *where = NULL;
  SwMatcher matcher = { 0 };
  const char *pattern = sw_sequence_step_get_pattern (step);
  gboolean compiled;

  /* Empty: any frame. */
  if (*pattern == '\0')
    return TRUE;

  compiled = _sw_matcher_compile (&matcher, sw_sequence_step_get_match_kind (step), pattern,
                                  sw_sequence_step_get_encoding (step), NULL, &local_error);
  _sw_matcher_clear (&matcher);
  if (compiled)
    return TRUE;

  where = sw_sequence_describe_step (self, position);
  g_set_error (error, SW_SEQUENCE_ERROR, SW_SEQUENCE_ERROR_INVALID_PATTERN,
               /* Translators: the first %s is a step (“Step 2”), the second
                * what is wrong with its pattern */
               _("%s: %s"), where, local_error->message);
  return FALSE;
}

static gboolean
check_step_reference (SwSequence  *self,
                      guint        position,
                      const char  *target,
                      gboolean     repeat,
                      GError     **error)
{
  g_autofree char *where = NULL;
  g_autofree char *shown = NULL;
  guint found;

  if (repeat && *target == '\0')
    return TRUE;

  if (sw_sequence_find_step (self, target, &found) != NULL && (!repeat || found < position))
    return TRUE;

  where = sw_sequence_describe_step (self, position);
  shown = quote (target);

  if (!repeat && *target == '\0')
    g_set_error (error, SW_SEQUENCE_ERROR, SW_SEQUENCE_ERROR_UNKNOWN_STEP,
                 /* Translators: %s is a step (“Step 2”) */
                 _("%s goes to another step when it is not met, but does not say which: "
                   "give the step a name and choose it"),
                 where);
  else if (!repeat)
    g_set_error (error, SW_SEQUENCE_ERROR, SW_SEQUENCE_ERROR_UNKNOWN_STEP,
                 /* Translators: the first %s is a step (“Step 2”), the second
                  * the name of the step it goes to */
                 _("%s goes to the step “%s”, but no step has that name"),
                 where, shown);
  else if (sw_sequence_find_step (self, target, NULL) != NULL)
    g_set_error (error, SW_SEQUENCE_ERROR, SW_SEQUENCE_ERROR_UNKNOWN_STEP,
                 /* Translators: the first %s is a step (“Step 2”), the second
                  * the name of another step */
                 _("%s repeats from the step “%s”, which does not come before it"),
                 where, shown);
  else
    g_set_error (error, SW_SEQUENCE_ERROR, SW_SEQUENCE_ERROR_UNKNOWN_STEP,
                 /* Translators: the first %s is a step (“Step 2”), the second
                  * the name of the step it repeats from */
                 _("%s repeats from the step “%s”, but no step has that name"),
                 where, shown);
  return FALSE;
}

/**
 * sw_sequence_validate:
 * @library: (nullable): the library the Send steps take messages from;
 *   %NULL for none (a step that names a message is then at fault)
 * @error: return location for a #SW_SEQUENCE_ERROR
 *
 * Checks what can be checked before a run, in the order of the steps.
 *
 * Returns: %TRUE when the sequence can run
 */
gboolean
sw_sequence_validate (SwSequence        *self,
                      SwMessageLibrary  *library,
                      GError           **error)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), FALSE);
  g_return_val_if_fail (library == NULL || SW_IS_MESSAGE_LIBRARY (library), FALSE);

  for (guint i = 0; i < self->steps->len; i++)
    {
      SwSequenceStep *step = g_ptr_array_index (self->steps, i);
      const char *name = sw_sequence_step_get_name (step);
      guint first;

      if (sw_sequence_find_step (self, name, &first) != NULL && first < i)
        {
          g_autofree char *shown = quote (name);

          g_set_error (error, SW_SEQUENCE_ERROR, SW_SEQUENCE_ERROR_DUPLICATE_STEP,
                       /* Translators: %u are step numbers counted from 1, %s their name */
                       _("Steps %u and %u are both called “%s”: give each step its own name"),
                       first + 1, i + 1, shown);
          return FALSE;
        }

      switch (sw_sequence_step_get_kind (step))
        {
        case SW_STEP_KIND_SEND:
          if (!check_send (self, i, step, library, error))
            return FALSE;
          break;

        case SW_STEP_KIND_EXPECT:
          if (!check_expect (self, i, step, error))
            return FALSE;
          if (sw_sequence_step_get_on_unmet (step) == SW_UNMET_ACTION_GO_TO &&
              !check_step_reference (self, i, sw_sequence_step_get_go_to (step), FALSE, error))
            return FALSE;
          break;

        case SW_STEP_KIND_REPEAT:
          if (!check_step_reference (self, i, sw_sequence_step_get_repeat_from (step), TRUE, error))
            return FALSE;
          break;

        case SW_STEP_KIND_WAIT:
        default:
          break;
        }
    }

  return TRUE;
}

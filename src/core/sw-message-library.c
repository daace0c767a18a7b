/* sw-message-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-message-library"

#include "config.h"

#include "sw-message-library-private.h"

#include <string.h>

#include "sw-library-document-private.h"

/*
 * The library is a list of messages kept in one JSON document (see
 * sw-library-document-private.h); reading and writing it, and watching
 * it, are in sw-message-library-file.c.
 */

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SwMessageLibrary, sw_message_library, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (sw-library-error-quark, sw_library_error)

enum {
  PROP_0,
  PROP_FILE,
  PROP_MODIFIED,
  N_PROPS
};

enum {
  MESSAGE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GType
list_model_get_item_type (GListModel *model)
{
  return SW_TYPE_MESSAGE;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return SW_MESSAGE_LIBRARY (model)->messages->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  SwMessageLibrary *self = SW_MESSAGE_LIBRARY (model);

  if (position >= self->messages->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->messages, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static void
set_generation (SwMessageLibrary *self,
                guint64           generation,
                guint64           saved_generation)
{
  gboolean was_modified = self->generation != self->saved_generation;

  self->generation = generation;
  self->saved_generation = saved_generation;

  if (was_modified != (generation != saved_generation))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
mark_modified (SwMessageLibrary *self)
{
  set_generation (self, self->generation + 1, self->saved_generation);
}

static void
on_message_changed (SwMessage        *message,
                    SwMessageLibrary *self)
{
  mark_modified (self);
  g_signal_emit (self, signals[MESSAGE_CHANGED], 0, message);
}

static void
take_message (SwMessageLibrary *self,
              guint             position,
              SwMessage        *message)
{
  g_signal_connect_object (message, "changed", G_CALLBACK (on_message_changed), self, 0);
  g_ptr_array_insert (self->messages, position, message);
}

static void
remove_messages (SwMessageLibrary *self,
                 guint             position,
                 guint             n_messages)
{
  for (guint i = position; i < position + n_messages; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->messages, i),
                                          on_message_changed, self);

  g_ptr_array_remove_range (self->messages, position, n_messages);
}

static void
on_sequence_changed (SwMessageLibrary *self)
{
  mark_modified (self);
}

static void
watch_sequence (SwMessageLibrary *self,
                SwSequence       *sequence)
{
  g_signal_connect_swapped (sequence, "changed", G_CALLBACK (on_sequence_changed), self);
}

static void
release_sequences (SwMessageLibrary *self)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sequences)); i++)
    {
      g_autoptr(SwSequence) sequence = g_list_model_get_item (G_LIST_MODEL (self->sequences), i);

      g_signal_handlers_disconnect_by_func (sequence, on_sequence_changed, self);
    }
}

static void
sw_message_library_dispose (GObject *object)
{
  SwMessageLibrary *self = (SwMessageLibrary *) object;

  _sw_message_library_stop_watching (self);
  remove_messages (self, 0, self->messages->len);
  release_sequences (self);
  g_list_store_remove_all (self->sequences);

  G_OBJECT_CLASS (sw_message_library_parent_class)->dispose (object);
}

static void
sw_message_library_finalize (GObject *object)
{
  SwMessageLibrary *self = (SwMessageLibrary *) object;

  g_assert (g_queue_is_empty (&self->saves));

  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_object (&self->sequences);
  g_clear_pointer (&self->known_contents, g_bytes_unref);

  G_OBJECT_CLASS (sw_message_library_parent_class)->finalize (object);
}

static void
sw_message_library_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SwMessageLibrary *self = SW_MESSAGE_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_MODIFIED:
      g_value_set_boolean (value, sw_message_library_get_modified (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_message_library_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SwMessageLibrary *self = SW_MESSAGE_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_message_library_constructed (GObject *object)
{
  SwMessageLibrary *self = (SwMessageLibrary *) object;

  G_OBJECT_CLASS (sw_message_library_parent_class)->constructed (object);

  if (self->file == NULL)
    self->file = sw_message_library_get_default_file ();
}

static void
sw_message_library_class_init (SwMessageLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sw_message_library_constructed;
  object_class->dispose = sw_message_library_dispose;
  object_class->finalize = sw_message_library_finalize;
  object_class->get_property = sw_message_library_get_property;
  object_class->set_property = sw_message_library_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwMessageLibrary::message-changed:
   * @message: the message
   *
   * A property of a message of the library changed.
   */
  signals[MESSAGE_CHANGED] =
    g_signal_new ("message-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SW_TYPE_MESSAGE);
}

static void
sw_message_library_init (SwMessageLibrary *self)
{
  self->messages = g_ptr_array_new_with_free_func (g_object_unref);
  self->sequences = g_list_store_new (SW_TYPE_SEQUENCE);
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->saves);
}

/**
 * sw_message_library_get_default_file:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/socket-workbench/library.json`
 */
GFile *
sw_message_library_get_default_file (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "socket-workbench",
                                            "library.json", NULL);

  return g_file_new_for_path (path);
}

/**
 * sw_message_library_new:
 * @file: (nullable): where the library is kept; %NULL for the default
 *
 * Returns: (transfer full): an empty library; load it to read @file
 */
SwMessageLibrary *
sw_message_library_new (GFile *file)
{
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);

  return g_object_new (SW_TYPE_MESSAGE_LIBRARY, "file", file, NULL);
}

GFile *
sw_message_library_get_file (SwMessageLibrary *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (self), NULL);

  return self->file;
}

gboolean
sw_message_library_get_modified (SwMessageLibrary *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (self), FALSE);

  return self->generation != self->saved_generation;
}

GPtrArray *
_sw_message_library_dup_sequences (SwMessageLibrary *self)
{
  GListModel *model = G_LIST_MODEL (self->sequences);
  GPtrArray *sequences = g_ptr_array_new_full (g_list_model_get_n_items (model), g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (sequences, g_list_model_get_item (model, i));

  return sequences;
}

void
_sw_message_library_reset (SwMessageLibrary *self,
                           GPtrArray        *messages,
                           GPtrArray        *sequences)
{
  guint removed = self->messages->len;

  remove_messages (self, 0, removed);
  for (guint i = 0; i < messages->len; i++)
    take_message (self, i, g_object_ref (g_ptr_array_index (messages, i)));

  release_sequences (self);
  for (guint i = 0; i < sequences->len; i++)
    watch_sequence (self, g_ptr_array_index (sequences, i));
  g_list_store_splice (self->sequences, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sequences)),
                       sequences->pdata, sequences->len);
  set_generation (self, self->generation + 1, self->generation + 1);

  if (removed > 0 || messages->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, messages->len);
}

void
_sw_message_library_mark_saved (SwMessageLibrary *self,
                                guint64           generation)
{
  set_generation (self, self->generation, generation);
}

/* Editing */

/* Whether a message (or with @sequences, a sequence) other than the one
 * at @except is called @name. */
static gboolean
name_taken (SwMessageLibrary *self,
            gboolean          sequences,
            const char       *name,
            guint             except)
{
  if (sequences)
    {
      guint position;

      return sw_message_library_find_sequence (self, name, &position) != NULL && position != except;
    }

  for (guint i = 0; i < self->messages->len; i++)
    if (i != except && g_str_equal (sw_message_get_name (g_ptr_array_index (self->messages, i)), name))
      return TRUE;

  return FALSE;
}

static char *
unique_name (SwMessageLibrary *self,
             gboolean          sequences,
             const char       *name,
             guint             except)
{
  g_autofree char *base = NULL;
  const char *open;
  guint64 n = 2;

  if (!name_taken (self, sequences, name, except))
    return g_strdup (name);

  /* "Ping (2)" taken goes on as "Ping (3)", not "Ping (2) (2)". */
  open = strrchr (name, '(');
  if (open != NULL && open > name && open[-1] == ' ' && g_str_has_suffix (open, ")"))
    {
      g_autofree char *digits = g_strndup (open + 1, strlen (open) - 2);
      guint64 number;

      if (g_ascii_string_to_unsigned (digits, 10, 2, G_MAXUINT32, &number, NULL))
        {
          base = g_strndup (name, open - 1 - name);
          n = number + 1;
        }
    }
  if (base == NULL)
    base = g_strdup (name);

  for (;; n++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s (%" G_GUINT64_FORMAT ")", base, n);

      if (!name_taken (self, sequences, candidate, except))
        return g_steal_pointer (&candidate);
    }
}

/**
 * sw_message_library_unique_name:
 * @name: a name
 *
 * Returns: (transfer full): @name if no message has it, else the first
 *   of "@name (2)", "@name (3)"… that none has
 */
char *
sw_message_library_unique_name (SwMessageLibrary *self,
                                const char       *name)
{
  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return unique_name (self, FALSE, name, G_MAXUINT);
}

static void
ensure_unique_name (SwMessageLibrary *self,
                    SwMessage        *message,
                    guint             except)
{
  g_autofree char *name = unique_name (self, FALSE, sw_message_get_name (message), except);

  sw_message_set_name (message, name);
}

/**
 * sw_message_library_add:
 * @message: a message not in the library, with a name
 *
 * Appends @message, renamed "name (2)" and so on when its name is taken.
 */
void
sw_message_library_add (SwMessageLibrary *self,
                        SwMessage        *message)
{
  guint position;

  g_return_if_fail (SW_IS_MESSAGE_LIBRARY (self));
  g_return_if_fail (SW_IS_MESSAGE (message));
  g_return_if_fail (*sw_message_get_name (message) != '\0');
  g_return_if_fail (!g_ptr_array_find (self->messages, message, NULL));

  ensure_unique_name (self, message, G_MAXUINT);
  position = self->messages->len;
  take_message (self, position, g_object_ref (message));
  mark_modified (self);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

void
sw_message_library_remove (SwMessageLibrary *self,
                           guint             position)
{
  g_return_if_fail (SW_IS_MESSAGE_LIBRARY (self));
  g_return_if_fail (position < self->messages->len);

  remove_messages (self, position, 1);
  mark_modified (self);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/**
 * sw_message_library_move:
 * @from: the position of a message
 * @to: the position it gets
 */
void
sw_message_library_move (SwMessageLibrary *self,
                         guint             from,
                         guint             to)
{
  gpointer message;

  g_return_if_fail (SW_IS_MESSAGE_LIBRARY (self));
  g_return_if_fail (from < self->messages->len);
  g_return_if_fail (to < self->messages->len);

  if (from == to)
    return;

  message = g_ptr_array_steal_index (self->messages, from);
  g_ptr_array_insert (self->messages, to, message);
  mark_modified (self);

  g_list_model_items_changed (G_LIST_MODEL (self), MIN (from, to), ABS ((int) from - (int) to) + 1,
                              ABS ((int) from - (int) to) + 1);
}

/**
 * sw_message_library_replace:
 * @position: the position of a message
 * @message: what takes its place
 *
 * Puts @message in place of the one at @position, renamed when another
 * message has its name.
 */
void
sw_message_library_replace (SwMessageLibrary *self,
                            guint             position,
                            SwMessage        *message)
{
  g_return_if_fail (SW_IS_MESSAGE_LIBRARY (self));
  g_return_if_fail (position < self->messages->len);
  g_return_if_fail (SW_IS_MESSAGE (message));
  g_return_if_fail (*sw_message_get_name (message) != '\0');

  if (g_ptr_array_index (self->messages, position) == message)
    return;
  g_return_if_fail (!g_ptr_array_find (self->messages, message, NULL));

  ensure_unique_name (self, message, position);
  remove_messages (self, position, 1);
  take_message (self, position, g_object_ref (message));
  mark_modified (self);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

/**
 * sw_message_library_find:
 * @name: a name
 * @position: (out) (optional): where the message is
 *
 * Returns: (transfer none) (nullable): the message called @name
 */
SwMessage *
sw_message_library_find (SwMessageLibrary *self,
                         const char       *name,
                         guint            *position)
{
  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->messages->len; i++)
    {
      SwMessage *message = g_ptr_array_index (self->messages, i);

      if (g_str_equal (sw_message_get_name (message), name))
        {
          if (position != NULL)
            *position = i;
          return message;
        }
    }

  return NULL;
}

/**
 * sw_message_library_search:
 * @query: words to look for
 *
 * Returns: (transfer full): a list of the messages whose name or group
 *   holds every word of @query, in the library's order, following its
 *   changes
 */
GListModel *
sw_message_library_search (SwMessageLibrary *self,
                           const char       *query)
{
  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return _sw_message_search_new (self, query);
}

/* Sequences */

/**
 * sw_message_library_get_sequences:
 *
 * Returns: (transfer none): the sequences, a #GListModel of #SwSequence
 */
GListModel *
sw_message_library_get_sequences (SwMessageLibrary *self)
{
  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (self), NULL);

  return G_LIST_MODEL (self->sequences);
}

/**
 * sw_message_library_add_sequence:
 * @sequence: a sequence not in the library, with a name
 *
 * Appends @sequence, renamed "name (2)" and so on when its name is taken.
 */
void
sw_message_library_add_sequence (SwMessageLibrary *self,
                                 SwSequence       *sequence)
{
  g_autofree char *name = NULL;

  g_return_if_fail (SW_IS_MESSAGE_LIBRARY (self));
  g_return_if_fail (SW_IS_SEQUENCE (sequence));
  g_return_if_fail (*sw_sequence_get_name (sequence) != '\0');
  g_return_if_fail (!g_list_store_find (self->sequences, sequence, NULL));

  name = unique_name (self, TRUE, sw_sequence_get_name (sequence), G_MAXUINT);
  sw_sequence_set_name (sequence, name);
  watch_sequence (self, sequence);
  g_list_store_append (self->sequences, sequence);
  mark_modified (self);
}

void
sw_message_library_remove_sequence (SwMessageLibrary *self,
                                    guint             position)
{
  g_autoptr(SwSequence) sequence = NULL;

  g_return_if_fail (SW_IS_MESSAGE_LIBRARY (self));
  g_return_if_fail (position < g_list_model_get_n_items (G_LIST_MODEL (self->sequences)));

  sequence = g_list_model_get_item (G_LIST_MODEL (self->sequences), position);
  g_signal_handlers_disconnect_by_func (sequence, on_sequence_changed, self);
  g_list_store_remove (self->sequences, position);
  mark_modified (self);
}

/**
 * sw_message_library_find_sequence:
 * @name: a name
 * @position: (out) (optional): where the sequence is
 *
 * Returns: (transfer none) (nullable): the sequence called @name
 */
SwSequence *
sw_message_library_find_sequence (SwMessageLibrary *self,
                                  const char       *name,
                                  guint            *position)
{
  GListModel *model;

  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  model = G_LIST_MODEL (self->sequences);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SwSequence) sequence = g_list_model_get_item (model, i);

      if (g_str_equal (sw_sequence_get_name (sequence), name))
        {
          if (position != NULL)
            *position = i;
          /* The store holds it. */
          return sequence;
        }
    }

  return NULL;
}

/* Import and export */

/**
 * sw_message_library_export:
 * @messages: (array length=n_messages) (nullable): messages to export;
 *   %NULL for the whole library
 * @n_messages: how many
 *
 * Returns: (transfer full): the app's JSON document of @messages
 */
GBytes *
sw_message_library_export (SwMessageLibrary  *self,
                           SwMessage *const  *messages,
                           guint              n_messages)
{
  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (self), NULL);

  if (messages == NULL)
    {
      g_autoptr(GPtrArray) sequences = _sw_message_library_dup_sequences (self);

      return _sw_library_document_write ((SwMessage *const *) self->messages->pdata,
                                         self->messages->len,
                                         (SwSequence *const *) sequences->pdata, sequences->len);
    }

  return _sw_library_document_write (messages, n_messages, NULL, 0);
}

static guint
add_imported (SwMessageLibrary *self,
              GPtrArray        *messages)
{
  guint position = self->messages->len;

  for (guint i = 0; i < messages->len; i++)
    {
      SwMessage *message = g_ptr_array_index (messages, i);
      SwMessage *same_name = sw_message_library_find (self, sw_message_get_name (message), NULL);

      /* Importing a file twice adds nothing the second time. */
      if (same_name != NULL && sw_message_equal (same_name, message))
        continue;

      ensure_unique_name (self, message, G_MAXUINT);
      take_message (self, self->messages->len, g_object_ref (message));
    }

  if (self->messages->len > position)
    {
      mark_modified (self);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, self->messages->len - position);
    }

  return self->messages->len - position;
}

/**
 * sw_message_library_import:
 * @data: (array length=length): the file's contents
 * @length: their size
 * @format: the kind of file
 * @n_added: (out) (optional): how many messages were added
 * @error: return location for a #GError
 *
 * Appends the messages of an export of this app or of Packet Sender.
 * Nothing is added unless the whole file is valid. A message equal to
 * one of the same name in the library is not added again; one whose
 * name is taken is renamed "name (2)". The sequences of a library file
 * are not imported.
 *
 * Returns: %TRUE when the file was valid
 */
gboolean
sw_message_library_import (SwMessageLibrary  *self,
                           const char        *data,
                           gsize              length,
                           SwImportFormat     format,
                           guint             *n_added,
                           GError           **error)
{
  g_autoptr(GPtrArray) messages = NULL;
  guint added;

  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  messages = _sw_import_parse (data, length, format, error);
  if (messages == NULL)
    return FALSE;

  added = add_imported (self, messages);
  if (n_added != NULL)
    *n_added = added;

  return TRUE;
}

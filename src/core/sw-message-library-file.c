/* sw-message-library-file.c: reading, writing and watching the file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-message-library"

#include "config.h"

#include "sw-message-library-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sw-library-document-private.h"

/*
 * The file is the truth that windows share:
 *
 *  - A save writes a snapshot taken when it is asked for, in a worker
 *    thread, through a temporary file renamed over the old one; saves run
 *    one after the other. Before writing, the worker reads what is there:
 *    a file it cannot read, or one a newer version wrote, is not saved
 *    over (the error says so), and a file that already holds the snapshot
 *    is left alone.
 *  - After a load, a file monitor watches the file. A change (another
 *    window's save) is read once things settle; when the bytes differ
 *    from the ones last loaded or saved here, the library takes them:
 *    the last save wins, and a save of our own is never read back.
 */

/* Changes are read this long after the last event about them. */
#define RELOAD_DELAY_MS 100

static void schedule_reload (SwMessageLibrary *self);

void
_sw_message_library_set_write_hook (SwMessageLibrary    *self,
                                    SwWriteProgressFunc  hook,
                                    gpointer             user_data)
{
  g_return_if_fail (SW_IS_MESSAGE_LIBRARY (self));

  self->write_hook = hook;
  self->write_hook_data = user_data;
}

void
_sw_message_library_stop_watching (SwMessageLibrary *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
}

/* Reading the file */

typedef struct
{
  GBytes            *contents;  /* NULL: there is no file */
  SwLibraryDocument *document;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->contents, g_bytes_unref);
  g_clear_pointer (&result->document, _sw_library_document_free);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadResult, load_result_free)

/* Runs in a worker thread. */
static LoadResult *
read_library_file (GFile         *file,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(LoadResult) result = g_new0 (LoadResult, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  char *data = NULL;
  gsize length = 0;

  if (g_file_load_contents (file, cancellable, &data, &length, NULL, &local_error))
    {
      result->contents = g_bytes_new_take (data, length);
      result->document = _sw_library_document_parse (data, length, &local_error);
      if (result->document != NULL)
        return g_steal_pointer (&result);
    }
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return g_steal_pointer (&result);

  name = g_file_get_parse_name (file);
  g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                              /* Translators: %s is a file; the reason follows */
                              _("Could not read the message library “%s”: "), name);
  return NULL;
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  GError *error = NULL;
  LoadResult *result;

  result = read_library_file (file, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

/* Makes the library what @result says: no file is an empty library
 * unless @keep_without_file. */
static void
apply_load (SwMessageLibrary *self,
            LoadResult       *result,
            gboolean          keep_without_file)
{
  g_autoptr(GPtrArray) none = NULL;

  g_clear_pointer (&self->known_contents, g_bytes_unref);
  if (result->contents != NULL)
    self->known_contents = g_bytes_ref (result->contents);

  if (result->document != NULL)
    {
      _sw_message_library_reset (self, result->document->messages, result->document->sequences);
      return;
    }

  if (keep_without_file)
    return;

  none = g_ptr_array_new ();
  _sw_message_library_reset (self, none, none);
}

static void
on_monitor_changed (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    SwMessageLibrary  *self)
{
  if (event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT || event == G_FILE_MONITOR_EVENT_UNMOUNTED)
    return;

  schedule_reload (self);
}

static void
start_monitor (SwMessageLibrary *self)
{
  g_autoptr(GError) error = NULL;

  if (self->monitor != NULL)
    return;

  self->monitor = g_file_monitor_file (self->file, G_FILE_MONITOR_NONE, NULL, &error);
  if (self->monitor == NULL)
    {
      /* The library works; it just does not see other windows' saves. */
      g_debug ("Not watching the message library: %s", error->message);
      return;
    }

  g_signal_connect (self->monitor, "changed", G_CALLBACK (on_monitor_changed), self);
}

static void
busy_begin (SwMessageLibrary *self)
{
  self->busy++;
}

static void
busy_end (SwMessageLibrary *self)
{
  g_assert (self->busy > 0);

  /* A change seen meanwhile is read now that the file is ours to read. */
  if (--self->busy == 0 && self->reload_pending)
    {
      self->reload_pending = FALSE;
      schedule_reload (self);
    }
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SwMessageLibrary) self = user_data;
  g_autoptr(LoadResult) load = NULL;
  g_autoptr(GError) error = NULL;

  load = g_task_propagate_pointer (G_TASK (result), &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (load == NULL)
        /* Half written by a program that does not write atomically, or
         * broken by hand: keep what we have; a later change is read again. */
        g_debug ("Not reloading the message library: %s", error->message);
      else if (load->contents == NULL)
        /* Removed: what we have is written again at the next save. */
        g_clear_pointer (&self->known_contents, g_bytes_unref);
      else if (self->known_contents == NULL ||
               !g_bytes_equal (load->contents, self->known_contents))
        apply_load (self, load, TRUE);
    }

  busy_end (self);
}

static gboolean
reload_timeout (gpointer user_data)
{
  SwMessageLibrary *self = user_data;
  g_autoptr(GTask) task = NULL;

  self->reload_source = 0;

  if (self->busy > 0)
    {
      self->reload_pending = TRUE;
      return G_SOURCE_REMOVE;
    }

  busy_begin (self);
  task = g_task_new (NULL, self->cancellable, reload_cb, g_object_ref (self));
  g_task_set_source_tag (task, reload_timeout);
  g_task_set_task_data (task, g_object_ref (self->file), g_object_unref);
  g_task_run_in_thread (task, read_thread);

  return G_SOURCE_REMOVE;
}

static void
schedule_reload (SwMessageLibrary *self)
{
  g_clear_handle_id (&self->reload_source, g_source_remove);
  self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_timeout, self);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SwMessageLibrary *self = g_task_get_source_object (task);
  g_autoptr(LoadResult) load = NULL;
  GError *error = NULL;

  load = g_task_propagate_pointer (G_TASK (result), &error);
  if (load != NULL)
    apply_load (self, load, FALSE);
  busy_end (self);

  if (load == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * sw_message_library_load_async:
 * @self: a #SwMessageLibrary
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the library is loaded
 * @user_data: data for @callback
 *
 * Reads the library's file in a worker thread and makes the library
 * what it holds (no file yet: empty), then watches it for changes.
 */
void
sw_message_library_load_async (SwMessageLibrary    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) read_task = NULL;

  g_return_if_fail (SW_IS_MESSAGE_LIBRARY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_message_library_load_async);

  start_monitor (self);
  busy_begin (self);

  read_task = g_task_new (self, cancellable, load_cb, g_steal_pointer (&task));
  g_task_set_source_tag (read_task, sw_message_library_load_async);
  g_task_set_task_data (read_task, g_object_ref (self->file), g_object_unref);
  g_task_run_in_thread (read_task, read_thread);
}

gboolean
sw_message_library_load_finish (SwMessageLibrary  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_message_library_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sw_message_library_load:
 *
 * sw_message_library_load_async(), blocking.
 *
 * Returns: %TRUE when the library was read (or there was no file)
 */
gboolean
sw_message_library_load (SwMessageLibrary  *self,
                         GCancellable      *cancellable,
                         GError           **error)
{
  g_autoptr(LoadResult) load = NULL;

  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  start_monitor (self);

  load = read_library_file (self->file, cancellable, error);
  if (load == NULL)
    return FALSE;

  apply_load (self, load, FALSE);
  return TRUE;
}

/* Writing the file */

typedef struct
{
  GFile               *file;
  GBytes              *contents;
  GError              *error;       /* why it cannot be saved */
  guint64              generation;
  SwWriteProgressFunc  hook;
  gpointer             hook_data;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->contents, g_bytes_unref);
  g_clear_error (&data->error);
  g_free (data);
}

static SaveData *
save_data_new (SwMessageLibrary *self)
{
  SaveData *data = g_new0 (SaveData, 1);
  g_autoptr(GPtrArray) sequences = _sw_message_library_dup_sequences (self);

  data->file = g_object_ref (self->file);
  data->contents = _sw_library_document_write ((SwMessage *const *) self->messages->pdata,
                                               self->messages->len,
                                               (SwSequence *const *) sequences->pdata, sequences->len);
  data->generation = self->generation;

  /* What the file could not be read back with. */
  for (guint i = 0; i < self->messages->len && data->error == NULL; i++)
    if (*sw_message_get_name (g_ptr_array_index (self->messages, i)) == '\0')
      {
        g_autofree char *place = _sw_json_describe_place (SW_JSON_PLACE_MESSAGE, i, NULL);

        data->error = g_error_new (SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID,
                                   _("%s has no name"), place);
      }
  data->hook = self->write_hook;
  data->hook_data = self->write_hook_data;

  return data;
}

/* Whether @data may replace what @file holds now; *@etag is what it
 * must still be when replaced. */
static gboolean
check_save_over (SaveData      *data,
                 char         **etag,
                 gboolean      *unchanged,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(SwLibraryDocument) document = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  *etag = NULL;
  *unchanged = FALSE;

  if (!g_file_load_contents (data->file, cancellable, &contents, &length, etag, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (length == g_bytes_get_size (data->contents) &&
      memcmp (contents, g_bytes_get_data (data->contents, NULL), length) == 0)
    {
      *unchanged = TRUE;
      return TRUE;
    }

  name = g_file_get_parse_name (data->file);
  document = _sw_library_document_parse (contents, length, &local_error);
  if (document == NULL)
    {
      g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_UNREADABLE,
                   /* Translators: the first %s is a file, the second why it
                    * cannot be read */
                   _("The message library “%s” cannot be read (%s). It was not saved "
                     "over, so nothing in it is lost; move it away to start a new library."),
                   name, local_error->message);
      return FALSE;
    }

  if (document->version > SW_LIBRARY_VERSION)
    {
      g_set_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_NEWER_VERSION,
                   /* Translators: %s is a file */
                   _("The message library “%s” was written by a newer version of "
                     "Socket Workbench. It was not saved over, so nothing in it is "
                     "lost; update Socket Workbench to change it."),
                   name);
      return FALSE;
    }

  return TRUE;
}

/* Runs in a worker thread (or the caller's, for a blocking save). */
static gboolean
write_library_file (SaveData      *data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *etag = NULL;
  gboolean unchanged;

  g_autofree char *name = NULL;

  if (data->error != NULL)
    {
      g_propagate_error (error, g_error_copy (data->error));
      return FALSE;
    }

  if (check_save_over (data, &etag, &unchanged, cancellable, &local_error) &&
      (unchanged ||
       _sw_file_replace_atomically (data->file, etag, data->contents, data->hook, data->hook_data,
                                    cancellable, &local_error)))
    return TRUE;

  /* Those say which file already. */
  if (local_error->domain == SW_LIBRARY_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  name = g_file_get_parse_name (data->file);
  g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                              /* Translators: %s is a file; the reason follows */
                              _("Could not save the message library to “%s”: "), name);
  return FALSE;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (write_library_file (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
saved (SwMessageLibrary *self,
       SaveData         *data)
{
  g_clear_pointer (&self->known_contents, g_bytes_unref);
  self->known_contents = g_bytes_ref (data->contents);
  _sw_message_library_mark_saved (self, data->generation);
}

static void start_next_save (SwMessageLibrary *self);

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SwMessageLibrary *self = SW_MESSAGE_LIBRARY (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  self->saving = FALSE;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      saved (self, g_task_get_task_data (task));
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_error (task, error);

  busy_end (self);
  start_next_save (self);
}

static void
start_next_save (SwMessageLibrary *self)
{
  g_autoptr(GTask) write_task = NULL;
  GTask *task;

  if (self->saving || g_queue_is_empty (&self->saves))
    return;

  task = g_queue_pop_head (&self->saves);
  self->saving = TRUE;
  busy_begin (self);

  write_task = g_task_new (self, g_task_get_cancellable (task), save_cb, task);
  g_task_set_source_tag (write_task, sw_message_library_save_async);
  g_task_set_task_data (write_task, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (write_task, write_thread);
}

/**
 * sw_message_library_save_async:
 * @self: a #SwMessageLibrary
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the library is saved
 * @user_data: data for @callback
 *
 * Writes the library as it is now, in a worker thread, after the saves
 * asked for before. A failed or cancelled save leaves the file as it
 * was; so does a file that cannot be read as a library or that a newer
 * version wrote (#SW_LIBRARY_ERROR_UNREADABLE, #SW_LIBRARY_ERROR_NEWER_VERSION).
 */
void
sw_message_library_save_async (SwMessageLibrary    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SW_IS_MESSAGE_LIBRARY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_message_library_save_async);
  g_task_set_task_data (task, save_data_new (self), (GDestroyNotify) save_data_free);

  g_queue_push_tail (&self->saves, task);
  start_next_save (self);
}

gboolean
sw_message_library_save_finish (SwMessageLibrary  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_message_library_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sw_message_library_save:
 *
 * sw_message_library_save_async(), blocking; not to be mixed with
 * asynchronous saves under way.
 *
 * Returns: %TRUE when the library was written
 */
gboolean
sw_message_library_save (SwMessageLibrary  *self,
                         GCancellable      *cancellable,
                         GError           **error)
{
  SaveData *data;
  gboolean ok;

  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  data = save_data_new (self);
  busy_begin (self);
  ok = write_library_file (data, cancellable, error);
  if (ok)
    saved (self, data);
  busy_end (self);
  save_data_free (data);

  return ok;
}

/**
 * sw_message_library_export_file_async:
 * @messages: (array length=n_messages) (nullable): messages to export;
 *   %NULL for the whole library
 * @n_messages: how many
 * @file: where to write them
 *
 * Writes sw_message_library_export() to @file, atomically.
 */
void
sw_message_library_export_file_async (SwMessageLibrary    *self,
                                      SwMessage *const    *messages,
                                      guint                n_messages,
                                      GFile               *file,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *name = NULL;
  g_autofree char *prefix = NULL;

  g_return_if_fail (SW_IS_MESSAGE_LIBRARY (self));
  g_return_if_fail (G_IS_FILE (file));

  contents = sw_message_library_export (self, messages, n_messages);
  name = g_file_get_parse_name (file);
  /* Translators: %s is a file; the reason follows */
  prefix = g_strdup_printf (_("Could not export the messages to “%s”: "), name);
  _sw_file_replace_async (file, contents, 0, prefix, self, sw_message_library_export_file_async,
                          cancellable, callback, user_data);
}

gboolean
sw_message_library_export_file_finish (SwMessageLibrary  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_message_library_export_file_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
import_file_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SwMessageLibrary *self = g_task_get_source_object (task);
  SwImportFormat format = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autofree char *contents = NULL;
  GError *error = NULL;
  gsize length = 0;
  guint n_added = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error) ||
      !sw_message_library_import (self, contents, length, format, &n_added, &error))
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (object));

      /* Translators: %s is a file; the reason follows */
      g_prefix_error (&error, _("Could not import “%s”: "), name);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_int (task, n_added);
}

/**
 * sw_message_library_import_file_async:
 * @file: an export of this app or of Packet Sender
 * @format: the kind of file
 *
 * Reads @file and imports it with sw_message_library_import().
 */
void
sw_message_library_import_file_async (SwMessageLibrary    *self,
                                      GFile               *file,
                                      SwImportFormat       format,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SW_IS_MESSAGE_LIBRARY (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_message_library_import_file_async);
  g_task_set_task_data (task, GINT_TO_POINTER (format), NULL);

  g_file_load_contents_async (file, cancellable, import_file_cb, task);
}

gboolean
sw_message_library_import_file_finish (SwMessageLibrary  *self,
                                       GAsyncResult      *result,
                                       guint             *n_added,
                                       GError           **error)
{
  gssize added;

  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_message_library_import_file_async,
                        FALSE);

  added = g_task_propagate_int (G_TASK (result), error);
  if (added < 0)
    return FALSE;

  if (n_added != NULL)
    *n_added = added;

  return TRUE;
}

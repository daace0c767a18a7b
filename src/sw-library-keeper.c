/* sw-library-keeper.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-library-keeper"

#include "config.h"

#include "sw-library-keeper.h"

/*
 * Every window of the app edits one library object, so a change shows
 * in every session at once; another process's change comes in through
 * the library's own watch of its file. The keeper writes each edit out:
 * the library snapshots itself when a save is asked for and runs saves
 * one after the other, so an edit made during a save is written by the
 * next one.
 */

struct _SwLibraryKeeper
{
  GObject           parent_instance;

  SwMessageLibrary *library;
  GCancellable     *cancellable;
  char             *error;

  gboolean          loaded;
  gboolean          saving;
  /* An edit came during a save. */
  gboolean          save_pending;
};

G_DEFINE_FINAL_TYPE (SwLibraryKeeper, sw_library_keeper, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_LOADED,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void sw_library_keeper_save (SwLibraryKeeper *self);

static void
set_error (SwLibraryKeeper *self,
           const GError    *error)
{
  const char *message = error != NULL ? error->message : NULL;

  if (g_strcmp0 (self->error, message) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SwLibraryKeeper) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean saved;

  saved = sw_message_library_save_finish (SW_MESSAGE_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  set_error (self, error);

  /* A failed save is tried again at the next edit, not in a loop. */
  if (self->save_pending || (saved && sw_message_library_get_modified (self->library)))
    sw_library_keeper_save (self);
}

static void
sw_library_keeper_save (SwLibraryKeeper *self)
{
  self->save_pending = FALSE;

  if (!self->loaded || !sw_message_library_get_modified (self->library))
    return;

  if (self->saving)
    {
      self->save_pending = TRUE;
      return;
    }

  self->saving = TRUE;
  sw_message_library_save_async (self->library, self->cancellable, save_cb, g_object_ref (self));
}

static void
edited_cb (SwLibraryKeeper *self)
{
  if (self->saving)
    self->save_pending = TRUE;
  else
    sw_library_keeper_save (self);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SwLibraryKeeper) self = user_data;
  g_autoptr(GError) error = NULL;

  sw_message_library_load_finish (SW_MESSAGE_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_error (self, error);
  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

  sw_library_keeper_save (self);
}

/**
 * sw_library_keeper_new:
 * @library: the library to keep
 *
 * Starts loading @library from its file.
 *
 * Returns: (transfer full): the keeper of @library
 */
SwLibraryKeeper *
sw_library_keeper_new (SwMessageLibrary *library)
{
  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (library), NULL);

  return g_object_new (SW_TYPE_LIBRARY_KEEPER, "library", library, NULL);
}

/**
 * sw_library_keeper_get_library:
 *
 * Returns: (transfer none): the library it keeps
 */
SwMessageLibrary *
sw_library_keeper_get_library (SwLibraryKeeper *self)
{
  g_return_val_if_fail (SW_IS_LIBRARY_KEEPER (self), NULL);

  return self->library;
}

gboolean
sw_library_keeper_get_loaded (SwLibraryKeeper *self)
{
  g_return_val_if_fail (SW_IS_LIBRARY_KEEPER (self), FALSE);

  return self->loaded;
}

const char *
sw_library_keeper_get_error (SwLibraryKeeper *self)
{
  g_return_val_if_fail (SW_IS_LIBRARY_KEEPER (self), NULL);

  return self->error;
}

void
sw_library_keeper_flush (SwLibraryKeeper *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SW_IS_LIBRARY_KEEPER (self));

  /* A save under way may start the next one when it ends. */
  while (self->saving)
    g_main_context_iteration (NULL, TRUE);

  if (!self->loaded || !sw_message_library_get_modified (self->library))
    return;

  sw_message_library_save (self->library, NULL, &error);
  set_error (self, error);
}

static void
sw_library_keeper_constructed (GObject *object)
{
  SwLibraryKeeper *self = SW_LIBRARY_KEEPER (object);

  G_OBJECT_CLASS (sw_library_keeper_parent_class)->constructed (object);

  g_signal_connect_object (self->library, "notify::modified", G_CALLBACK (edited_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->library, "items-changed", G_CALLBACK (edited_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->library, "message-changed", G_CALLBACK (edited_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sw_message_library_get_sequences (self->library), "items-changed",
                           G_CALLBACK (edited_cb), self, G_CONNECT_SWAPPED);

  sw_message_library_load_async (self->library, self->cancellable, load_cb, g_object_ref (self));
}

static void
sw_library_keeper_dispose (GObject *object)
{
  SwLibraryKeeper *self = SW_LIBRARY_KEEPER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->library != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->library, self);
      g_signal_handlers_disconnect_by_data (sw_message_library_get_sequences (self->library), self);
    }
  g_clear_object (&self->library);

  G_OBJECT_CLASS (sw_library_keeper_parent_class)->dispose (object);
}

static void
sw_library_keeper_finalize (GObject *object)
{
  SwLibraryKeeper *self = SW_LIBRARY_KEEPER (object);

  g_clear_object (&self->cancellable);
  g_free (self->error);

  G_OBJECT_CLASS (sw_library_keeper_parent_class)->finalize (object);
}

static void
sw_library_keeper_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SwLibraryKeeper *self = SW_LIBRARY_KEEPER (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_library_keeper_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SwLibraryKeeper *self = SW_LIBRARY_KEEPER (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_library_keeper_class_init (SwLibraryKeeperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sw_library_keeper_constructed;
  object_class->dispose = sw_library_keeper_dispose;
  object_class->finalize = sw_library_keeper_finalize;
  object_class->get_property = sw_library_keeper_get_property;
  object_class->set_property = sw_library_keeper_set_property;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL,
                         SW_TYPE_MESSAGE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SwLibraryKeeper:error:
   *
   * Why the last load or save failed, for a person to read; %NULL when
   * it worked.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_library_keeper_init (SwLibraryKeeper *self)
{
  self->cancellable = g_cancellable_new ();
}

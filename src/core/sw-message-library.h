/* sw-message-library.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-message.h"
#include "sw-sequence.h"

G_BEGIN_DECLS

#define SW_LIBRARY_ERROR (sw_library_error_quark ())

typedef enum
{
  /* Not JSON, or not the document expected; the message says where. */
  SW_LIBRARY_ERROR_INVALID,
  /* The file on disk was written by a newer version: not saved over. */
  SW_LIBRARY_ERROR_NEWER_VERSION,
  /* The file on disk cannot be read as a library: not saved over. */
  SW_LIBRARY_ERROR_UNREADABLE,
} SwLibraryError;

typedef enum
{
  SW_IMPORT_FORMAT_AUTO,           /* an object: the app's; an array: Packet Sender's */
  SW_IMPORT_FORMAT_LIBRARY,
  SW_IMPORT_FORMAT_PACKET_SENDER,
} SwImportFormat;

#define SW_TYPE_MESSAGE_LIBRARY (sw_message_library_get_type ())

G_DECLARE_FINAL_TYPE (SwMessageLibrary, sw_message_library, SW, MESSAGE_LIBRARY, GObject)

GQuark            sw_library_error_quark             (void);

/* $XDG_DATA_HOME/socket-workbench/library.json */
GFile            *sw_message_library_get_default_file (void);

/* A library kept in @file (nothing is read until a load). */
SwMessageLibrary *sw_message_library_new             (GFile             *file);
GFile            *sw_message_library_get_file        (SwMessageLibrary  *self);
/* Whether there are changes a save has not written yet. */
gboolean          sw_message_library_get_modified    (SwMessageLibrary  *self);

/* Reads the file (none yet: an empty library) and watches it: when
 * another process or window changes it, the library reloads and emits
 * items-changed. On error the messages stay as they were. */
void              sw_message_library_load_async      (SwMessageLibrary  *self,
                                                      GCancellable      *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer           user_data);
gboolean          sw_message_library_load_finish     (SwMessageLibrary  *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);
gboolean          sw_message_library_load            (SwMessageLibrary  *self,
                                                      GCancellable      *cancellable,
                                                      GError           **error);

/* Writes the library atomically: a failed or cancelled save leaves the
 * file as it was. A file written by a newer version, or one that cannot
 * be read as a library, is not saved over (SW_LIBRARY_ERROR_NEWER_VERSION,
 * SW_LIBRARY_ERROR_UNREADABLE). Saves run one after the other. */
void              sw_message_library_save_async      (SwMessageLibrary  *self,
                                                      GCancellable      *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer           user_data);
gboolean          sw_message_library_save_finish     (SwMessageLibrary  *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);
gboolean          sw_message_library_save            (SwMessageLibrary  *self,
                                                      GCancellable      *cancellable,
                                                      GError           **error);

/* Editing. Every message has a name (a library with a nameless one is
 * not saved: SW_LIBRARY_ERROR_INVALID), and names are kept unique: add,
 * replace and import rename a message whose name is taken to "name (2)",
 * "name (3)"…, as sw_message_library_unique_name() says. */
char             *sw_message_library_unique_name     (SwMessageLibrary  *self,
                                                      const char        *name);
void              sw_message_library_add             (SwMessageLibrary  *self,
                                                      SwMessage         *message);
void              sw_message_library_remove          (SwMessageLibrary  *self,
                                                      guint              position);
void              sw_message_library_move            (SwMessageLibrary  *self,
                                                      guint              from,
                                                      guint              to);
void              sw_message_library_replace         (SwMessageLibrary  *self,
                                                      guint              position,
                                                      SwMessage         *message);
/* The message named @name (exactly), or %NULL; *@position is its place. */
SwMessage        *sw_message_library_find            (SwMessageLibrary  *self,
                                                      const char        *name,
                                                      guint             *position);

/* A live list of the messages whose name or group contains every word
 * of @query, ignoring case; "" gives all of them. */
GListModel       *sw_message_library_search          (SwMessageLibrary  *self,
                                                      const char        *query);

/* The sequences, a #GListModel of #SwSequence that follows the library
 * (loads, reloads, edits). Their names are kept unique as messages'
 * are; an edit of a sequence or of its steps makes the library modified. */
GListModel       *sw_message_library_get_sequences   (SwMessageLibrary  *self);
void              sw_message_library_add_sequence    (SwMessageLibrary  *self,
                                                      SwSequence        *sequence);
void              sw_message_library_remove_sequence (SwMessageLibrary  *self,
                                                      guint              position);
/* The sequence named @name (exactly), or %NULL; *@position is its place. */
SwSequence       *sw_message_library_find_sequence   (SwMessageLibrary  *self,
                                                      const char        *name,
                                                      guint             *position);

/* The app's JSON of @messages (%NULL: the whole library, sequences
 * included). */
GBytes           *sw_message_library_export          (SwMessageLibrary  *self,
                                                      SwMessage *const  *messages,
                                                      guint              n_messages);
/* Appends the messages of @data (the app's JSON or Packet Sender's
 * export), or nothing with @error set when any of it is not valid. A
 * message equal to one of the same name already here is skipped; a
 * name already taken is renamed. *@n_added says how many were added. */
gboolean          sw_message_library_import          (SwMessageLibrary  *self,
                                                      const char        *data,
                                                      gsize              length,
                                                      SwImportFormat     format,
                                                      guint             *n_added,
                                                      GError           **error);

/* The same, with files (written atomically, read whole). */
void              sw_message_library_export_file_async  (SwMessageLibrary  *self,
                                                         SwMessage *const  *messages,
                                                         guint              n_messages,
                                                         GFile             *file,
                                                         GCancellable      *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer           user_data);
gboolean          sw_message_library_export_file_finish (SwMessageLibrary  *self,
                                                         GAsyncResult      *result,
                                                         GError           **error);
void              sw_message_library_import_file_async  (SwMessageLibrary  *self,
                                                         GFile             *file,
                                                         SwImportFormat     format,
                                                         GCancellable      *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer           user_data);
gboolean          sw_message_library_import_file_finish (SwMessageLibrary  *self,
                                                         GAsyncResult      *result,
                                                         guint             *n_added,
                                                         GError           **error);

G_END_DECLS

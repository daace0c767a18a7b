/* sw-message-library-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sw-core-private.h"
#include "sw-message-library.h"

G_BEGIN_DECLS

struct _SwMessageLibrary
{
  GObject              parent_instance;

  GFile               *file;
  GPtrArray           *messages;
  GListStore          *sequences;

  /* Edits since the library was last loaded or saved. */
  guint64              generation;
  guint64              saved_generation;

  GCancellable        *cancellable;
  GFileMonitor        *monitor;
  /* What the file held when last loaded or saved here; NULL: nothing. */
  GBytes              *known_contents;
  guint                reload_source;
  gboolean             reload_pending;
  /* Loads, saves and reloads under way. */
  guint                busy;

  GQueue               saves;
  gboolean             saving;

  SwWriteProgressFunc  write_hook;
  gpointer             write_hook_data;
};

/* The sequences as an array (a new one, of references), for writing. */
GPtrArray  *_sw_message_library_dup_sequences  (SwMessageLibrary     *self);

/* Test hook: called in the writing thread after each piece of a save. */
void        _sw_message_library_set_write_hook (SwMessageLibrary     *self,
                                                SwWriteProgressFunc   hook,
                                                gpointer              user_data);

/* Makes the library hold @messages and @sequences, unmodified. */
void        _sw_message_library_reset          (SwMessageLibrary     *self,
                                                GPtrArray            *messages,
                                                GPtrArray            *sequences);
/* A save of the library as it was at @generation is done. */
void        _sw_message_library_mark_saved     (SwMessageLibrary     *self,
                                                guint64               generation);
/* Stops reloads and the monitor, for dispose. */
void        _sw_message_library_stop_watching  (SwMessageLibrary     *self);

/* The live search of sw_message_library_search(). */
GListModel *_sw_message_search_new             (SwMessageLibrary     *library,
                                                const char           *query);

G_END_DECLS

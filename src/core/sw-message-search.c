/* sw-message-search.c: the live result of sw_message_library_search()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-message-search"

#include "config.h"

#include "sw-message-library-private.h"

#include <string.h>

#define SW_TYPE_MESSAGE_SEARCH (sw_message_search_get_type ())

G_DECLARE_FINAL_TYPE (SwMessageSearch, sw_message_search, SW, MESSAGE_SEARCH, GObject)

struct _SwMessageSearch
{
  GObject           parent_instance;

  SwMessageLibrary *library;
  char            **words;    /* case-folded */
  GPtrArray        *matches;  /* SwMessage, in the library's order */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SwMessageSearch, sw_message_search, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
list_model_get_item_type (GListModel *model)
{
  return SW_TYPE_MESSAGE;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return SW_MESSAGE_SEARCH (model)->matches->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  SwMessageSearch *self = SW_MESSAGE_SEARCH (model);

  if (position >= self->matches->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->matches, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

/* Text compared without case, and with "é" typed either way equal. */
static char *
fold (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normalized != NULL ? normalized : text, -1);
}

static gboolean
matches (SwMessageSearch *self,
         SwMessage       *message)
{
  g_autofree char *name = NULL;
  g_autofree char *group = NULL;

  if (self->words[0] == NULL)
    return TRUE;

  name = fold (sw_message_get_name (message));
  group = fold (sw_message_get_group (message));

  for (guint i = 0; self->words[i] != NULL; i++)
    if (strstr (name, self->words[i]) == NULL && strstr (group, self->words[i]) == NULL)
      return FALSE;

  return TRUE;
}

/* Filters the whole library again and tells what changed as one span:
 * the matches before and after it stay. */
static void
refilter (SwMessageSearch *self)
{
  g_autoptr(GPtrArray) old = self->matches;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->library));
  guint prefix = 0;
  guint suffix = 0;

  self->matches = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwMessage) message = g_list_model_get_item (G_LIST_MODEL (self->library), i);

      if (matches (self, message))
        g_ptr_array_add (self->matches, g_steal_pointer (&message));
    }

  while (prefix < old->len && prefix < self->matches->len &&
         old->pdata[prefix] == self->matches->pdata[prefix])
    prefix++;
  while (suffix < old->len - prefix && suffix < self->matches->len - prefix &&
         old->pdata[old->len - 1 - suffix] == self->matches->pdata[self->matches->len - 1 - suffix])
    suffix++;

  if (prefix + suffix < old->len || prefix + suffix < self->matches->len)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old->len - prefix - suffix,
                                self->matches->len - prefix - suffix);
}

static void
sw_message_search_finalize (GObject *object)
{
  SwMessageSearch *self = (SwMessageSearch *) object;

  g_signal_handlers_disconnect_by_data (self->library, self);
  g_clear_object (&self->library);
  g_clear_pointer (&self->words, g_strfreev);
  g_clear_pointer (&self->matches, g_ptr_array_unref);

  G_OBJECT_CLASS (sw_message_search_parent_class)->finalize (object);
}

static void
sw_message_search_class_init (SwMessageSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sw_message_search_finalize;
}

static void
sw_message_search_init (SwMessageSearch *self)
{
  self->matches = g_ptr_array_new_with_free_func (g_object_unref);
}

GListModel *
_sw_message_search_new (SwMessageLibrary *library,
                        const char       *query)
{
  SwMessageSearch *self;
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;
  GPtrArray *kept = g_ptr_array_new ();

  g_return_val_if_fail (SW_IS_MESSAGE_LIBRARY (library), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  self = g_object_new (SW_TYPE_MESSAGE_SEARCH, NULL);
  self->library = g_object_ref (library);

  folded = fold (query);
  words = g_strsplit_set (folded, " \t\n\r", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_ptr_array_add (kept, g_strdup (words[i]));
  g_ptr_array_add (kept, NULL);
  self->words = (char **) g_ptr_array_free (kept, FALSE);

  g_signal_connect_swapped (library, "items-changed", G_CALLBACK (refilter), self);
  g_signal_connect_swapped (library, "message-changed", G_CALLBACK (refilter), self);
  refilter (self);

  return G_LIST_MODEL (self);
}

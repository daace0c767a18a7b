/* fuzz-library-import.c: the message library's readers on any bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole input is a file given to the library loader, to the import
 * of the app's JSON and to the import of Packet Sender's export.
 * - Each either fails with a SW_LIBRARY_ERROR_INVALID whose message is
 *   readable (valid UTF-8, not empty) and adds nothing to the library,
 *   or gives messages;
 * - messages, exported in the app's JSON and read back, are equal to
 *   what was read, and so are the document's sequences;
 * - the library's own import adds exactly what the reader gave.
 */

#include "config.h"

#include <string.h>

#include "sw-library-document-private.h"
#include "sw-message-library-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

/* A failed g_return_if_fail() is a finding too. */
__attribute__((constructor))
static void
fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

static void
assert_invalid (const GError *error)
{
  g_assert_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID);
  g_assert_true (error->message[0] != '\0');
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* Exports @messages and reads them back. */
static void
assert_round_trip (GPtrArray *messages,
                   GPtrArray *sequences)
{
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(SwLibraryDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  exported = _sw_library_document_write ((SwMessage *const *) messages->pdata, messages->len,
                                         sequences != NULL ? (SwSequence *const *) sequences->pdata : NULL,
                                         sequences != NULL ? sequences->len : 0);
  document = _sw_library_document_parse (g_bytes_get_data (exported, NULL),
                                         g_bytes_get_size (exported), &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  g_assert_cmpint (document->version, ==, SW_LIBRARY_VERSION);
  g_assert_cmpuint (document->messages->len, ==, messages->len);

  for (guint i = 0; i < messages->len; i++)
    g_assert_true (sw_message_equal (g_ptr_array_index (messages, i),
                                     g_ptr_array_index (document->messages, i)));

  if (sequences != NULL)
    {
      g_assert_cmpuint (document->sequences->len, ==, sequences->len);
      for (guint i = 0; i < sequences->len; i++)
        g_assert_true (sw_sequence_equal (g_ptr_array_index (sequences, i),
                                          g_ptr_array_index (document->sequences, i)));
    }
}

static void
check_import (const guint8   *data,
              size_t          size,
              SwImportFormat  format)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) library_error = NULL;
  guint n_added = G_MAXUINT;

  messages = _sw_import_parse ((const char *) data, size, format, &error);
  if (messages == NULL)
    assert_invalid (error);
  else
    {
      g_assert_no_error (error);
      assert_round_trip (messages, NULL);

      for (guint i = 0; i < messages->len; i++)
        {
          SwMessage *message = g_ptr_array_index (messages, i);

          g_assert_true (sw_message_get_name (message)[0] != '\0');
          if (format == SW_IMPORT_FORMAT_PACKET_SENDER)
            g_assert_cmpint (sw_message_get_format (message), ==, SW_PAYLOAD_FORMAT_HEX);
        }
    }

  /* The library takes all of it or nothing. */
  if (sw_message_library_import (library, (const char *) data, size, format, &n_added,
                                 &library_error))
    {
      g_assert_nonnull (messages);
      g_assert_cmpuint (n_added, ==, g_list_model_get_n_items (G_LIST_MODEL (library)));
      g_assert_cmpuint (n_added, <=, messages->len);
    }
  else
    {
      g_assert_null (messages);
      assert_invalid (library_error);
      g_assert_cmpstr (library_error->message, ==, error->message);
      g_assert_cmpuint (n_added, ==, G_MAXUINT);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SwLibraryDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  /* The library file, as the loader reads it. */
  document = _sw_library_document_parse ((const char *) data, size, &error);
  if (document == NULL)
    assert_invalid (error);
  else
    {
      g_assert_no_error (error);
      g_assert_cmpint (document->version, >=, 1);
      g_assert_nonnull (document->sequences);
      assert_round_trip (document->messages, document->sequences);
    }

  check_import (data, size, SW_IMPORT_FORMAT_PACKET_SENDER);
  check_import (data, size, SW_IMPORT_FORMAT_LIBRARY);
  check_import (data, size, SW_IMPORT_FORMAT_AUTO);

  return 0;
}

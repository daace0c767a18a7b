/* test-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#ifdef G_OS_UNIX
# include <errno.h>
# include <signal.h>
# include <sys/resource.h>
#endif

#include "sw-library-document-private.h"
#include "sw-message-library-private.h"
#include "sw-test-util.h"

#define WAIT_MS 5000

/* A folder of its own for each test, removed at the end. */
typedef struct
{
  char  *dir;
  char  *path;
  GFile *file;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("sw-library-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "library.json", NULL);
  fixture->file = g_file_new_for_path (fixture->path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (fixture->dir);

  g_clear_object (&fixture->file);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The names in the folder, sorted, joined by spaces. */
static char *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static SwMessage *
message_get (GListModel *model,
             guint       position)
{
  g_autoptr(SwMessage) message = g_list_model_get_item (model, position);

  g_assert_nonnull (message);
  return message; /* The model holds a reference. */
}

static char *
model_names (GListModel *model)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_string_append_printf (names, "%s%s", i > 0 ? "|" : "", sw_message_get_name (message_get (model, i)));

  return g_string_free (names, FALSE);
}

/* A message with no default left. */
static SwMessage *
full_message (const char *name)
{
  return g_object_new (SW_TYPE_MESSAGE,
                       "name", name,
                       "group", "Modbus 设备",
                       "note", "Two lines\nof “note”",
                       "text", "读 {{counter:04}}\\r\\n\t\"quoted\"",
                       "format", SW_PAYLOAD_FORMAT_TEXT,
                       "escapes", FALSE,
                       "line-ending", SW_LINE_ENDING_CRLF,
                       "encoding", SW_ENCODING_GB18030,
                       "placeholders", TRUE,
                       "checksum", "crc16-modbus",
                       "checksum-byte-order", "little",
                       "checksum-start", 2,
                       "checksum-end-trim", 1,
                       "protocol", "udp",
                       "host", "192.168.1.50",
                       "port", 502,
                       "repeat-interval", 1500,
                       NULL);
}

static void
assert_models_equal (GListModel *a,
                     GListModel *b)
{
  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    g_assert_true (sw_message_equal (message_get (a, i), message_get (b, i)));
}

typedef struct
{
  guint n_emissions;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
on_items_changed (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  record->n_emissions++;
  record->position = position;
  record->removed = removed;
  record->added = added;
}

static void
assert_items_changed (ItemsChanged *record,
                      guint         position,
                      guint         removed,
                      guint         added)
{
  g_assert_cmpuint (record->n_emissions, ==, 1);
  g_assert_cmpuint (record->position, ==, position);
  g_assert_cmpuint (record->removed, ==, removed);
  g_assert_cmpuint (record->added, ==, added);
  memset (record, 0, sizeof *record);
}

static void
load (SwMessageLibrary *library)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sw_message_library_load_async (library, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, WAIT_MS, "the library to load");
  sw_message_library_load_finish (library, result, &error);
  g_assert_no_error (error);
}

static gboolean
save (SwMessageLibrary  *library,
      GCancellable      *cancellable,
      GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sw_message_library_save_async (library, cancellable, sw_test_store_result, &result);
  sw_test_wait_result (&result, WAIT_MS, "the library to save");

  return sw_message_library_save_finish (library, result, error);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

/* SwMessage */

static void
test_message_properties (void)
{
  g_autoptr(SwMessage) message = sw_message_new ("Ping");
  g_autoptr(SwMessage) copy = NULL;
  guint notified = 0;
  guint changed = 0;

  g_assert_cmpstr (sw_message_get_name (message), ==, "Ping");
  g_assert_cmpstr (sw_message_get_group (message), ==, "");
  g_assert_cmpint (sw_message_get_format (message), ==, SW_PAYLOAD_FORMAT_TEXT);
  g_assert_true (sw_message_get_escapes (message));
  g_assert_false (sw_message_get_placeholders (message));
  g_assert_cmpstr (sw_message_get_checksum (message), ==, "none");
  g_assert_cmpstr (sw_message_get_checksum_byte_order (message), ==, "big");
  g_assert_cmpstr (sw_message_get_protocol (message), ==, "");
  g_assert_cmpuint (sw_message_get_port (message), ==, 0);

  g_signal_connect (message, "notify::text", G_CALLBACK (on_notify), &notified);
  g_signal_connect (message, "changed", G_CALLBACK (on_notify), &changed);

  sw_message_set_text (message, "hello");
  sw_message_set_text (message, "hello");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);

  /* One "changed" for a batch. */
  g_object_set (message, "text", "bye", "port", 7, "host", "example.com", NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpuint (changed, ==, 2);

  /* Nothing for a value it has. */
  g_object_set (message, "port", 7, "escapes", TRUE, NULL);
  g_assert_cmpuint (changed, ==, 2);

  sw_message_set_checksum (message, "");
  g_assert_cmpstr (sw_message_get_checksum (message), ==, "none");

  copy = sw_message_copy (message);
  g_assert_true (sw_message_equal (copy, message));
  sw_message_set_checksum_end_trim (copy, 2);
  g_assert_false (sw_message_equal (copy, message));

  g_clear_object (&copy);
  copy = full_message ("Full");
  g_assert_true (sw_message_equal (copy, copy));
  {
    g_autoptr(SwMessage) again = sw_message_copy (copy);

    g_assert_true (sw_message_equal (again, copy));
  }
}

/* Load and save */

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (fixture->file);
  g_autoptr(SwMessageLibrary) reloaded = sw_message_library_new (fixture->file);
  g_autoptr(SwMessage) hex = sw_message_new ("Read");
  g_autoptr(SwMessage) full = full_message ("Everything");
  g_autoptr(SwSequence) sequence = sw_sequence_new ("Login");
  g_autoptr(SwSequenceStep) step = sw_sequence_step_new_send_message ("Read");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *saved_again = NULL;
  JsonObject *object;
  guint modified_notified = 0;

  g_assert_true (g_file_equal (sw_message_library_get_file (library), fixture->file));
  g_signal_connect (library, "notify::modified", G_CALLBACK (on_notify), &modified_notified);

  /* No file yet: an empty library, and no error. */
  load (library);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);
  g_assert_false (sw_message_library_get_modified (library));

  g_object_set (hex, "format", SW_PAYLOAD_FORMAT_HEX, "text", "01 03 00 00 00 02", NULL);
  sw_message_library_add (library, hex);
  sw_message_library_add (library, full);
  sw_sequence_append (sequence, step);
  sw_message_library_add_sequence (library, sequence);
  g_assert_true (sw_message_library_get_modified (library));
  g_assert_cmpuint (modified_notified, ==, 1);

  g_assert_true (save (library, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (sw_message_library_get_modified (library));
  g_assert_cmpuint (modified_notified, ==, 2);

  /* A versioned document, in the folder asked for. */
  contents = read_file (fixture->path);
  root = json_from_string (contents, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "socket-workbench-library");
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "messages")), ==, 2);

  load (reloaded);
  assert_models_equal (G_LIST_MODEL (library), G_LIST_MODEL (reloaded));
  g_assert_cmpuint (g_list_model_get_n_items (sw_message_library_get_sequences (reloaded)), ==, 1);
  g_assert_true (sw_sequence_equal (sequence, sw_message_library_find_sequence (reloaded, "Login", NULL)));

  /* Saved again unchanged, the file is the same, byte for byte. */
  g_assert_true (sw_message_library_save (reloaded, NULL, &error));
  g_assert_no_error (error);
  saved_again = read_file (fixture->path);
  g_assert_cmpstr (saved_again, ==, contents);

  /* The default place. */
  {
    g_autoptr(GFile) file = sw_message_library_get_default_file ();
    g_autofree char *path = g_file_get_path (file);
    g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "socket-workbench",
                                                  "library.json", NULL);

    g_assert_cmpstr (path, ==, expected);
  }
}

static void
test_editing (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (fixture->file);
  GListModel *model = G_LIST_MODEL (library);
  g_autoptr(SwMessage) a = sw_message_new ("A");
  g_autoptr(SwMessage) b = sw_message_new ("B");
  g_autoptr(SwMessage) c = sw_message_new ("A");
  g_autoptr(SwMessage) d = sw_message_new ("A (2)");
  g_autoptr(SwMessage) e = sw_message_new ("E");
  g_autofree char *names = NULL;
  g_autofree char *unique = NULL;
  ItemsChanged record = { 0 };
  guint message_changed = 0;
  guint position = 0;

  g_signal_connect (library, "items-changed", G_CALLBACK (on_items_changed), &record);
  g_signal_connect (library, "message-changed", G_CALLBACK (on_notify), &message_changed);
  g_assert_true (g_list_model_get_item_type (model) == SW_TYPE_MESSAGE);

  sw_message_library_add (library, a);
  assert_items_changed (&record, 0, 0, 1);
  sw_message_library_add (library, b);
  assert_items_changed (&record, 1, 0, 1);

  /* Names stay unique. */
  sw_message_library_add (library, c);
  assert_items_changed (&record, 2, 0, 1);
  g_assert_cmpstr (sw_message_get_name (c), ==, "A (2)");
  sw_message_library_add (library, d);
  g_assert_cmpstr (sw_message_get_name (d), ==, "A (3)");
  unique = sw_message_library_unique_name (library, "A (2)");
  g_assert_cmpstr (unique, ==, "A (4)");
  g_clear_pointer (&unique, g_free);
  unique = sw_message_library_unique_name (library, "Z");
  g_assert_cmpstr (unique, ==, "Z");
  memset (&record, 0, sizeof record);

  g_assert_true (sw_message_library_find (library, "B", &position) == b);
  g_assert_cmpuint (position, ==, 1);
  g_assert_null (sw_message_library_find (library, "b", NULL));

  sw_message_library_move (library, 0, 2);
  assert_items_changed (&record, 0, 3, 3);
  names = model_names (model);
  g_assert_cmpstr (names, ==, "B|A (2)|A|A (3)");
  g_clear_pointer (&names, g_free);

  sw_message_library_move (library, 3, 1);
  assert_items_changed (&record, 1, 3, 3);
  names = model_names (model);
  g_assert_cmpstr (names, ==, "B|A (3)|A (2)|A");
  g_clear_pointer (&names, g_free);

  /* Replacing keeps the name unless another message has it. */
  sw_message_set_name (e, "A");
  sw_message_library_replace (library, 3, e);
  assert_items_changed (&record, 3, 1, 1);
  g_assert_cmpstr (sw_message_get_name (e), ==, "A");
  g_assert_true (message_get (model, 3) == e);

  sw_message_library_remove (library, 0);
  assert_items_changed (&record, 0, 1, 0);
  names = model_names (model);
  g_assert_cmpstr (names, ==, "A (3)|A (2)|A");
  g_clear_pointer (&names, g_free);

  /* A change in a message is a change in the library… */
  g_assert_true (sw_message_library_save (library, NULL, NULL));
  g_assert_false (sw_message_library_get_modified (library));
  sw_message_set_text (c, "new");
  g_assert_cmpuint (message_changed, ==, 1);
  g_assert_true (sw_message_library_get_modified (library));

  /* …unless the message left it. */
  message_changed = 0;
  sw_message_set_text (b, "gone");
  sw_message_set_text (a, "replaced");
  g_assert_cmpuint (message_changed, ==, 0);
  g_assert_cmpuint (record.n_emissions, ==, 0);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (fixture->file);
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) modbus = NULL;
  g_autoptr(GListModel) read = NULL;
  g_autoptr(GListModel) accents = NULL;
  g_autoptr(SwMessage) added = NULL;
  g_autofree char *names = NULL;
  ItemsChanged record = { 0 };
  const char *const messages[][2] = {
    { "Read coils", "Modbus" },
    { "Write coil", "Modbus" },
    { "Hello", "" },
    { "Read temperature", "Sensors" },
    { "Écho", "Tests" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autoptr(SwMessage) message = sw_message_new (messages[i][0]);

      sw_message_set_group (message, messages[i][1]);
      sw_message_library_add (library, message);
    }

  all = sw_message_library_search (library, "  ");
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 5);

  /* The group or the name, without case. */
  modbus = sw_message_library_search (library, "MODBUS");
  names = model_names (modbus);
  g_assert_cmpstr (names, ==, "Read coils|Write coil");
  g_clear_pointer (&names, g_free);

  /* Every word, each in the name or the group. */
  read = sw_message_library_search (library, "read  modbus");
  names = model_names (read);
  g_assert_cmpstr (names, ==, "Read coils");
  g_clear_pointer (&names, g_free);

  accents = sw_message_library_search (library, "écho");
  names = model_names (accents);
  g_assert_cmpstr (names, ==, "Écho");
  g_clear_pointer (&names, g_free);

  /* It follows the library: a new message that matches… */
  g_signal_connect (modbus, "items-changed", G_CALLBACK (on_items_changed), &record);
  added = sw_message_new ("Read registers");
  sw_message_set_group (added, "modbus");
  sw_message_library_add (library, added);
  assert_items_changed (&record, 2, 0, 1);

  /* …one that no longer does… */
  sw_message_set_group (message_get (G_LIST_MODEL (library), 1), "Other");
  assert_items_changed (&record, 1, 1, 0);
  names = model_names (modbus);
  g_assert_cmpstr (names, ==, "Read coils|Read registers");
  g_clear_pointer (&names, g_free);

  /* …and a change elsewhere says nothing. */
  sw_message_set_text (message_get (G_LIST_MODEL (library), 2), "hi");
  g_assert_cmpuint (record.n_emissions, ==, 0);

  sw_message_library_remove (library, 0);
  assert_items_changed (&record, 0, 1, 0);
}

/* Atomic writes */

/* A library of @n_messages of 1 KiB each. */
static void
fill (SwMessageLibrary *library,
      guint             n_messages)
{
  g_autofree char *text = g_strnfill (1024, 'x');

  for (guint i = 0; i < n_messages; i++)
    {
      g_autofree char *name = g_strdup_printf ("Message %u", i);
      g_autoptr(SwMessage) message = sw_message_new (name);

      sw_message_set_text (message, text);
      sw_message_library_add (library, message);
    }
}

static void
test_atomic_file_size (void)
{
#ifdef G_OS_UNIX
  if (g_test_subprocess ())
    {
      Fixture fixture;
      g_autoptr(SwMessageLibrary) library = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *listing = NULL;
      struct rlimit limit;

      fixture_set_up (&fixture, NULL);
      library = sw_message_library_new (fixture.file);
      fill (library, 8);
      g_assert_true (sw_message_library_save (library, NULL, &error));
      g_assert_no_error (error);
      before = read_file (fixture.path);

      /* Files may not grow past 64 KiB: the write of 200 KiB fails
       * part way, with EFBIG instead of a signal. */
      signal (SIGXFSZ, SIG_IGN);
      limit.rlim_cur = limit.rlim_max = 64 * 1024;
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      fill (library, 200);
      g_assert_false (save (library, NULL, &error));
      /* EFBIG, which GIO has no code of its own for. */
      g_assert_nonnull (error);
      g_assert_true (error->domain == G_IO_ERROR);
      g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
      g_assert_nonnull (strstr (error->message, "Could not save the message library to"));
      g_assert_true (sw_message_library_get_modified (library));

      after = read_file (fixture.path);
      g_assert_cmpstr (after, ==, before);
      listing = list_dir (fixture.dir);
      g_assert_cmpstr (listing, ==, "library.json");

      fixture_tear_down (&fixture, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
#else
  g_test_skip ("RLIMIT_FSIZE is POSIX");
#endif
}

static void
cancel_after_first_piece (gsize    written,
                          gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
count_pieces (gsize    written,
              gpointer user_data)
{
  g_atomic_int_inc ((int *) user_data);
}

static void
test_atomic_cancel (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (fixture->file);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *listing = NULL;
  int written = 0;

  fill (library, 4);
  g_assert_true (save (library, NULL, &error));
  before = read_file (fixture->path);

  /* Cancelled before it starts. */
  fill (library, 100);
  g_cancellable_cancel (cancelled);
  g_assert_false (save (library, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled in the middle of the write. */
  _sw_message_library_set_write_hook (library, cancel_after_first_piece, cancellable);
  g_assert_false (save (library, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  after = read_file (fixture->path);
  g_assert_cmpstr (after, ==, before);
  listing = list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "library.json");
  g_assert_true (sw_message_library_get_modified (library));

  /* The next save writes it all. */
  _sw_message_library_set_write_hook (library, count_pieces, &written);
  g_assert_true (save (library, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_atomic_int_get (&written), >, 1);
  g_clear_pointer (&after, g_free);
  after = read_file (fixture->path);
  g_assert_cmpuint (strlen (after), >, 100 * 1024);
}

static void
test_saves_in_order (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (fixture->file);
  g_autoptr(SwMessageLibrary) reloaded = sw_message_library_new (fixture->file);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;

  fill (library, 50);
  sw_message_library_save_async (library, NULL, sw_test_store_result, &first);
  fill (library, 1);
  sw_message_library_save_async (library, NULL, sw_test_store_result, &second);

  sw_test_wait_result (&second, WAIT_MS, "the second save");
  g_assert_nonnull (first);
  g_assert_true (sw_message_library_save_finish (library, first, &error));
  g_assert_true (sw_message_library_save_finish (library, second, &error));
  g_assert_no_error (error);
  g_assert_false (sw_message_library_get_modified (library));

  load (reloaded);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 51);
}

/* Files this version does not write */

static void
test_newer_version (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (fixture->file);
  g_autoptr(SwMessage) added = sw_message_new ("Added here");
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  const char *newer =
    "{\n"
    "  \"format\": \"socket-workbench-library\",\n"
    "  \"version\": 2,\n"
    "  \"colour\": \"blue\",\n"
    "  \"messages\": [\n"
    "    { \"name\": \"Kept\", \"text\": \"hi\", \"tags\": [\"new\"] },\n"
    "    { \"name\": \"Skipped\", \"format\": \"base64\", \"text\": \"aGk=\" },\n"
    "    \"not a message\"\n"
    "  ],\n"
    "  \"sequences\": { \"now\": \"an object\" }\n"
    "}\n";

  write_file (fixture->path, newer);

  /* What this version understands… */
  load (library);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 1);
  g_assert_cmpstr (sw_message_get_text (message_get (G_LIST_MODEL (library), 0)), ==, "hi");

  /* …and no save over it. */
  sw_message_library_add (library, added);
  g_assert_false (save (library, NULL, &error));
  g_assert_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_NEWER_VERSION);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_clear_error (&error);
  g_assert_false (sw_message_library_save (library, NULL, &error));
  g_assert_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_NEWER_VERSION);

  after = read_file (fixture->path);
  g_assert_cmpstr (after, ==, newer);
  g_assert_true (sw_message_library_get_modified (library));
}

static void
test_unreadable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (fixture->file);
  g_autoptr(SwMessage) kept = sw_message_new ("Kept");
  g_autoptr(SwMessage) added = sw_message_new ("Added");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  const char *broken = "{ \"format\": \"socket-workbench-library\", \"version\": 1, \"mess";

  sw_message_library_add (library, kept);
  write_file (fixture->path, broken);

  /* An error that says where, and the messages stay… */
  sw_message_library_load_async (library, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, WAIT_MS, "the library to load");
  g_assert_false (sw_message_library_load_finish (library, result, &error));
  g_assert_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Could not read the message library"));
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 1);

  /* …but do not replace what could not be read. */
  sw_message_library_add (library, added);
  g_assert_false (save (library, NULL, &error));
  g_assert_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "move it away"));
  after = read_file (fixture->path);
  g_assert_cmpstr (after, ==, broken);

  /* Moved away, the library is saved. */
  g_clear_error (&error);
  g_assert_cmpint (g_remove (fixture->path), ==, 0);
  g_assert_true (save (library, NULL, &error));
  g_assert_no_error (error);
}

static void
test_nameless (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (fixture->file);
  g_autoptr(SwMessage) first = sw_message_new ("First");
  g_autoptr(SwMessage) second = sw_message_new ("Second");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  sw_message_library_add (library, first);
  sw_message_library_add (library, second);
  g_assert_true (save (library, NULL, &error));
  before = read_file (fixture->path);

  /* A file it could not read back is not written. */
  sw_message_set_name (second, "");
  g_assert_false (save (library, NULL, &error));
  g_assert_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Message 2 has no name");
  g_clear_error (&error);
  g_assert_false (sw_message_library_save (library, NULL, &error));
  g_assert_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID);
  after = read_file (fixture->path);
  g_assert_cmpstr (after, ==, before);
}

typedef struct
{
  const char *json;
  const char *expected;
} InvalidCase;

static void
test_invalid_documents (void)
{
  static const InvalidCase cases[] = {
    { "", "The file is empty" },
    { "{ \"format\": ", "not valid JSON" },
    { "[]", "not a Socket Workbench library: an object was expected" },
    { "{ \"format\": \"other\", \"version\": 1 }", "“format” is not" },
    { "{ \"format\": \"socket-workbench-library\" }", "“version”" },
    { "{ \"format\": \"socket-workbench-library\", \"version\": 0 }", "“version”" },
    { "{ \"format\": \"socket-workbench-library\", \"version\": 1, \"messages\": {} }",
      "“messages” is not a list" },
    { "{ \"format\": \"socket-workbench-library\", \"version\": 1, \"sequences\": 3 }",
      "“sequences” is not a list" },
    { "{ \"format\": \"socket-workbench-library\", \"version\": 1, \"messages\": [ 3 ] }",
      "Message 1 is not a message" },
    { "{ \"format\": \"socket-workbench-library\", \"version\": 1, \"messages\": [ {} ] }",
      "Message 1 has no name" },
    { "{ \"format\": \"socket-workbench-library\", \"version\": 1, \"messages\": "
      "[ { \"name\": \"A\" }, { \"name\": \"B\", \"format\": \"base64\" } ] }",
      "Message 2 (“B”): “format” must be “text”, “hex”, not “base64”" },
    { "{ \"format\": \"socket-workbench-library\", \"version\": 1, \"messages\": "
      "[ { \"name\": \"A\", \"destination\": { \"port\": 70000 } } ] }",
      "Message 1 (“A”): “port” must be a whole number from 0 to 65535, not “70000”" },
    { "{ \"format\": \"socket-workbench-library\", \"version\": 1, \"messages\": "
      "[ { \"name\": \"A\", \"escapes\": \"yes\" } ] }",
      "Message 1 (“A”): “escapes” must be true or false" },
    { "{ \"format\": \"socket-workbench-library\", \"version\": 1, \"messages\": "
      "[ { \"name\": \"A\", \"encoding\": \"ebcdic\" } ] }",
      "“encoding” must be “utf-8”, “gb18030”" },
    { "{ \"format\": \"socket-workbench-library\", \"version\": 1, \"messages\": "
      "[ { \"name\": \"A\", \"checksum\": [] } ] }",
      "Message 1 (“A”): “checksum” must be an object" },
    { "{ \"format\": \"socket-workbench-library\", \"version\": 1, \"messages\": "
      "[ { \"name\": \"A\", \"checksum\": { \"start\": -1 } } ] }",
      "“start” must be a whole number" },
    { "{ \"format\": \"socket-workbench-library\", \"version\": 1, \"messages\": "
      "[ { \"name\": 12 } ] }",
      "Message 1: “name” must be text" },
  };

  g_autofree char *brackets = g_strnfill (100000, '[');
  g_autofree char *deep = g_strconcat ("{ \"format\": \"socket-workbench-library\", \"version\": 1, "
                                       "\"sequences\": [", brackets, NULL);

  for (guint i = 0; i <= G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SwMessageLibrary) library = sw_message_library_new (NULL);
      g_autoptr(GError) error = NULL;
      ItemsChanged record = { 0 };
      guint n_added = 42;
      /* Last, one that would overflow the parser's stack. */
      InvalidCase c = i < G_N_ELEMENTS (cases) ? cases[i]
                                               : (InvalidCase) { deep, "more than 256 levels deep" };

      g_test_message ("%.200s", c.json);
      g_signal_connect (library, "items-changed", G_CALLBACK (on_items_changed), &record);
      g_assert_false (sw_message_library_import (library, c.json, strlen (c.json),
                                                 SW_IMPORT_FORMAT_LIBRARY, &n_added, &error));
      g_assert_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, c.expected));
      g_assert_cmpuint (n_added, ==, 42);
      g_assert_cmpuint (record.n_emissions, ==, 0);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);
    }
}

/* Other windows */

static gboolean
has_n_items (gpointer data)
{
  gpointer *args = data;

  return g_list_model_get_n_items (args[0]) == GPOINTER_TO_UINT (args[1]);
}

static void
wait_n_items (SwMessageLibrary *library,
              guint             n_items)
{
  gpointer args[] = { library, GUINT_TO_POINTER (n_items) };

  sw_test_wait (has_n_items, args, WAIT_MS, "the library to reload");
}

static void
test_monitor (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (fixture->file);
  g_autoptr(SwMessageLibrary) other = sw_message_library_new (fixture->file);
  g_autoptr(SwMessage) first = sw_message_new ("First");
  g_autoptr(SwMessage) second = sw_message_new ("Second");
  g_autoptr(SwMessage) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  ItemsChanged record = { 0 };

  sw_message_library_add (library, first);
  g_assert_true (save (library, NULL, &error));
  load (library);
  load (other);
  g_signal_connect (library, "items-changed", G_CALLBACK (on_items_changed), &record);

  /* Another window saves: this one reloads. */
  sw_message_library_add (other, second);
  g_assert_true (save (other, NULL, &error));
  g_assert_no_error (error);
  wait_n_items (library, 2);
  assert_items_changed (&record, 0, 1, 2);
  names = model_names (G_LIST_MODEL (library));
  g_assert_cmpstr (names, ==, "First|Second");
  g_clear_pointer (&names, g_free);
  g_assert_false (sw_message_library_get_modified (library));

  /* Its own save is not read back: the messages stay the same objects. */
  kept = g_list_model_get_item (G_LIST_MODEL (library), 0);
  sw_message_set_text (kept, "changed here");
  g_assert_true (save (library, NULL, &error));
  sw_test_run_for (500);
  g_assert_cmpuint (record.n_emissions, ==, 0);
  g_assert_true (message_get (G_LIST_MODEL (library), 0) == kept);

  /* Any program's change, not only ours. */
  write_file (fixture->path,
              "{ \"format\": \"socket-workbench-library\", \"version\": 1,"
              "  \"messages\": [ { \"name\": \"By hand\" } ] }");
  wait_n_items (library, 1);
  names = model_names (G_LIST_MODEL (library));
  g_assert_cmpstr (names, ==, "By hand");
  g_clear_pointer (&names, g_free);

  /* A broken or removed file leaves the messages as they are. */
  memset (&record, 0, sizeof record);
  write_file (fixture->path, "{ half");
  sw_test_run_for (500);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 1);
  g_assert_cmpuint (g_remove (fixture->path), ==, 0);
  sw_test_run_for (500);
  g_assert_cmpuint (record.n_emissions, ==, 0);
}

/* Import and export */

static void
test_export_import (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (fixture->file);
  g_autoptr(SwMessageLibrary) other = sw_message_library_new (NULL);
  g_autoptr(GBytes) selection = NULL;
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSequence) sequence = sw_sequence_new ("S");
  g_autofree char *names = NULL;
  SwMessage *chosen[2];
  ItemsChanged record = { 0 };
  guint n_added = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("M%u", i);
      g_autoptr(SwMessage) message = full_message (name);

      sw_message_library_add (library, message);
    }
  sw_message_library_add_sequence (library, sequence);

  chosen[0] = message_get (G_LIST_MODEL (library), 2);
  chosen[1] = message_get (G_LIST_MODEL (library), 0);
  selection = sw_message_library_export (library, chosen, 2);

  g_signal_connect (other, "items-changed", G_CALLBACK (on_items_changed), &record);
  g_assert_true (sw_message_library_import (other, g_bytes_get_data (selection, NULL),
                                            g_bytes_get_size (selection),
                                            SW_IMPORT_FORMAT_AUTO, &n_added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 2);
  assert_items_changed (&record, 0, 0, 2);
  g_assert_true (sw_message_equal (message_get (G_LIST_MODEL (other), 0), chosen[0]));
  g_assert_true (sw_message_equal (message_get (G_LIST_MODEL (other), 1), chosen[1]));

  /* Again: nothing new. */
  g_assert_true (sw_message_library_import (other, g_bytes_get_data (selection, NULL),
                                            g_bytes_get_size (selection),
                                            SW_IMPORT_FORMAT_LIBRARY, &n_added, &error));
  g_assert_cmpuint (n_added, ==, 0);
  g_assert_cmpuint (record.n_emissions, ==, 0);

  /* A message of a name taken, but different: renamed. */
  sw_message_set_note (message_get (G_LIST_MODEL (other), 0), "edited");
  g_assert_true (sw_message_library_import (other, g_bytes_get_data (selection, NULL),
                                            g_bytes_get_size (selection),
                                            SW_IMPORT_FORMAT_LIBRARY, &n_added, &error));
  g_assert_cmpuint (n_added, ==, 1);
  names = model_names (G_LIST_MODEL (other));
  g_assert_cmpstr (names, ==, "M2|M0|M2 (2)");
  g_clear_pointer (&names, g_free);

  /* The whole library carries the sequences; a selection has none. */
  whole = sw_message_library_export (library, NULL, 0);
  {
    g_autoptr(SwLibraryDocument) document = NULL;
    g_autoptr(SwLibraryDocument) selected = NULL;

    document = _sw_library_document_parse (g_bytes_get_data (whole, NULL),
                                           g_bytes_get_size (whole), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (document->messages->len, ==, 3);
    g_assert_cmpuint (document->sequences->len, ==, 1);

    selected = _sw_library_document_parse (g_bytes_get_data (selection, NULL),
                                           g_bytes_get_size (selection), &error);
    g_assert_cmpuint (selected->sequences->len, ==, 0);
  }
}

static void
test_files (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (fixture->file);
  g_autoptr(SwMessageLibrary) other = sw_message_library_new (NULL);
  g_autofree char *path = g_build_filename (fixture->dir, "export.json", NULL);
  g_autofree char *missing_path = g_build_filename (fixture->dir, "missing.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwMessage) message = full_message ("Exported");
  guint n_added = 0;

  sw_message_library_add (library, message);
  sw_message_library_export_file_async (library, NULL, 0, file, NULL, sw_test_store_result, &result);
  sw_test_wait_result (&result, WAIT_MS, "the export");
  g_assert_true (sw_message_library_export_file_finish (library, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  sw_message_library_import_file_async (other, file, SW_IMPORT_FORMAT_AUTO, NULL,
                                        sw_test_store_result, &result);
  sw_test_wait_result (&result, WAIT_MS, "the import");
  g_assert_true (sw_message_library_import_file_finish (other, result, &n_added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 1);
  assert_models_equal (G_LIST_MODEL (library), G_LIST_MODEL (other));
  g_clear_object (&result);

  sw_message_library_import_file_async (other, missing, SW_IMPORT_FORMAT_AUTO, NULL,
                                        sw_test_store_result, &result);
  sw_test_wait_result (&result, WAIT_MS, "the import");
  g_assert_false (sw_message_library_import_file_finish (other, result, &n_added, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.json"));
}

/* Packet Sender */

static void
test_packet_sender_sample (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "packetsender-packets.json", NULL);
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint n_added = 0;
  const struct {
    const char *name;
    const char *hex;
    const char *protocol;
    const char *host;
    guint       port;
    guint       repeat_interval;
    const char *bytes;
    gsize       n_bytes;
  } expected[] = {
    { "Binary with zero", "AA 55 00 5C FF", "tcp", "10.0.0.7", 9000, 0, "\xaa\x55\x00\x5c\xff", 5 },
    { "TLS ping", "70 69 6E 67 0A", "tls", "example.com", 443, 0, "ping\n", 5 },
    { "Sensor hello", "68 65 6C 6C 6F 0D 0A", "udp", "255.255.255.255", 7788, 1500, "hello\r\n", 7 },
    { "Modbus read 2 registers", "01 03 00 00 00 02 C4 0B", "tcp", "192.168.1.50", 502, 0,
      "\x01\x03\x00\x00\x00\x02\xc4\x0b", 8 },
  };

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  /* Recognised as Packet Sender's without being told. */
  g_assert_true (sw_message_library_import (library, contents, length, SW_IMPORT_FORMAT_AUTO,
                                            &n_added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SwMessage *message = message_get (G_LIST_MODEL (library), i);
      g_autoptr(GBytes) bytes = NULL;

      g_assert_cmpstr (sw_message_get_name (message), ==, expected[i].name);
      g_assert_cmpint (sw_message_get_format (message), ==, SW_PAYLOAD_FORMAT_HEX);
      g_assert_cmpstr (sw_message_get_text (message), ==, expected[i].hex);
      g_assert_cmpstr (sw_message_get_protocol (message), ==, expected[i].protocol);
      g_assert_cmpstr (sw_message_get_host (message), ==, expected[i].host);
      g_assert_cmpuint (sw_message_get_port (message), ==, expected[i].port);
      g_assert_cmpuint (sw_message_get_repeat_interval (message), ==, expected[i].repeat_interval);
      /* Everything else is Packet Sender's default. */
      g_assert_cmpstr (sw_message_get_note (message), ==, "");
      g_assert_cmpstr (sw_message_get_group (message), ==, "");

      bytes = sw_message_encode (message, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       expected[i].bytes, expected[i].n_bytes);
    }
}

static SwMessageLibrary *
import_packet_sender (const char *json,
                      GError    **error)
{
  g_autoptr(SwMessageLibrary) library = sw_message_library_new (NULL);

  if (!sw_message_library_import (library, json, strlen (json), SW_IMPORT_FORMAT_PACKET_SENDER,
                                  NULL, error))
    return NULL;

  return g_steal_pointer (&library);
}

static void
test_packet_sender_variants (void)
{
  g_autoptr(SwMessageLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  SwMessage *message;

  library = import_packet_sender (
    "[\n"
    "  { \"name\": \"Numbers\", \"hexstring\": \"0102\", \"port\": 9000, \"repeat\": \"2\","
    "    \"tcporudp\": \"udp\", \"toip\": \"::1\", \"fromport\": 0, \"sendresponse\": \" 0 \" },\n"
    "  { \"name\": \"\", \"hexstring\": \"not even hex\" },\n"
    "  { \"hexstring\": \"AA\" },\n"
    "  { \"name\": \"Status\", \"hexstring\": \"\", \"tcporudp\": \"HTTP GET\","
    "    \"requestpath\": \"/status\", \"toip\": \"device.local\", \"port\": \"80\" },\n"
    "  { \"name\": \"Upload\", \"hexstring\": \"7B 7D\", \"tcporudp\": \"HTTPS POST\","
    "    \"requestpath\": \"/api\", \"port\": \"443\", \"repeat\": 0.25 },\n"
    "  { \"name\": \"Odd\", \"hexstring\": \"FF\", \"tcporudp\": \"DTLS\", \"fromip\": \"10.0.0.2\","
    "    \"fromport\": \"5000\", \"sendresponse\": \"1\", \"errorstring\": \"timed out\","
    "    \"fromip\": \"10.0.0.2\", \"unknown\": [1] },\n"
    "  { \"name\": \"Minimal\" }\n"
    "]", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 5);

  message = message_get (G_LIST_MODEL (library), 0);
  g_assert_cmpstr (sw_message_get_protocol (message), ==, "udp");
  g_assert_cmpuint (sw_message_get_port (message), ==, 9000);
  g_assert_cmpuint (sw_message_get_repeat_interval (message), ==, 2000);
  g_assert_cmpstr (sw_message_get_note (message), ==, "");

  message = message_get (G_LIST_MODEL (library), 1);
  g_assert_cmpstr (sw_message_get_name (message), ==, "Status");
  g_assert_cmpstr (sw_message_get_protocol (message), ==, "tcp");
  g_assert_cmpuint (sw_message_get_port (message), ==, 80);
  g_assert_cmpstr (sw_message_get_note (message), ==, "HTTP GET /status");

  message = message_get (G_LIST_MODEL (library), 2);
  g_assert_cmpstr (sw_message_get_protocol (message), ==, "tls");
  g_assert_cmpuint (sw_message_get_repeat_interval (message), ==, 250);
  g_assert_cmpstr (sw_message_get_note (message), ==, "HTTPS POST /api");

  message = message_get (G_LIST_MODEL (library), 3);
  g_assert_cmpstr (sw_message_get_protocol (message), ==, "");
  g_assert_cmpstr (sw_message_get_note (message), ==,
                   "From Packet Sender: tcporudp = DTLS\n"
                   "From Packet Sender: fromip = 10.0.0.2\n"
                   "From Packet Sender: fromport = 5000\n"
                   "From Packet Sender: sendresponse = 1\n"
                   "From Packet Sender: errorstring = timed out");

  message = message_get (G_LIST_MODEL (library), 4);
  g_assert_cmpstr (sw_message_get_text (message), ==, "");
  g_assert_cmpint (sw_message_get_format (message), ==, SW_PAYLOAD_FORMAT_HEX);
  g_clear_object (&library);

  /* An empty export is valid, and adds nothing. */
  library = import_packet_sender ("[]", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);
}

static void
test_packet_sender_malformed (void)
{
  /* The valid first entry is never imported when a later one is not. */
#define GOOD "{ \"name\": \"Good\", \"hexstring\": \"01\", \"port\": \"1\" }, "
  static const InvalidCase cases[] = {
    { "", "The file is empty" },
    { "[ " GOOD, "not valid JSON" },
    { "\xff\xfe[]", "not valid JSON" },
    { "{ \"name\": \"x\" }", "not a Packet Sender export: a list of packets was expected" },
    { "\"packets\"", "not a Packet Sender export" },
    { "[ " GOOD "3 ]", "Entry 2 is not a packet" },
    { "[ " GOOD "[] ]", "Entry 2 is not a packet" },
    { "[ " GOOD "{ \"name\": 5 } ]", "Entry 2: “name” must be text" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"hexstring\": \"AA ZZ\" } ]",
      "Entry 2 (“Bad”): the hex is not valid: Invalid hex digit “Z” at column 4" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"hexstring\": \"ABC\" } ]",
      "Entry 2 (“Bad”): the hex is not valid: Odd number of hex digits" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"hexstring\": 12 } ]",
      "Entry 2 (“Bad”): “hexstring” must be text" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"port\": \"70000\" } ]",
      "Entry 2 (“Bad”): “port” must be a whole number from 0 to 65535, not “70000”" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"port\": 65536 } ]",
      "Entry 2 (“Bad”): “port” must be a whole number from 0 to 65535, not “65536”" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"port\": \"-1\" } ]", "“port” must be a whole number" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"port\": \"http\" } ]", "not “http”" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"port\": 80.5 } ]", "not “80.5”" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"port\": true } ]", "not “true”" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"port\": null } ]", "not “null”" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"fromport\": \"99999\" } ]", "“fromport” must be" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"sendresponse\": \"x\" } ]", "“sendresponse” must be" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"repeat\": -1 } ]",
      "Entry 2 (“Bad”): “repeat” must be a number of seconds from 0 to 4294967, not “-1”" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"repeat\": \"soon\" } ]", "not “soon”" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"repeat\": \"nan\" } ]", "not “nan”" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"repeat\": 1e300 } ]", "“repeat” must be" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"toip\": {} } ]", "“toip” must be text" },
    { "[ " GOOD "{ \"name\": \"Bad\", \"tcporudp\": 1 } ]", "“tcporudp” must be text" },
  };
#undef GOOD

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SwMessageLibrary) library = sw_message_library_new (NULL);
      g_autoptr(SwMessage) existing = sw_message_new ("Existing");
      g_autoptr(GError) error = NULL;
      ItemsChanged record = { 0 };
      guint n_added = 42;

      {
        g_autofree char *shown = g_strescape (cases[i].json, NULL);

        g_test_message ("%s", shown);
      }
      sw_message_library_add (library, existing);
      g_signal_connect (library, "items-changed", G_CALLBACK (on_items_changed), &record);

      g_assert_false (sw_message_library_import (library, cases[i].json, strlen (cases[i].json),
                                                 SW_IMPORT_FORMAT_PACKET_SENDER, &n_added, &error));
      g_assert_error (error, SW_LIBRARY_ERROR, SW_LIBRARY_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].expected));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));

      /* Nothing from it. */
      g_assert_cmpuint (n_added, ==, 42);
      g_assert_cmpuint (record.n_emissions, ==, 0);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sw/library/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/sw/library/message-properties", test_message_properties);
  ADD ("round-trip", test_round_trip);
  ADD ("editing", test_editing);
  ADD ("search", test_search);
  g_test_add_func ("/sw/library/atomic-file-size", test_atomic_file_size);
  ADD ("atomic-cancel", test_atomic_cancel);
  ADD ("saves-in-order", test_saves_in_order);
  ADD ("newer-version", test_newer_version);
  ADD ("unreadable", test_unreadable);
  ADD ("nameless", test_nameless);
  g_test_add_func ("/sw/library/invalid-documents", test_invalid_documents);
  ADD ("monitor", test_monitor);
  ADD ("export-import", test_export_import);
  ADD ("files", test_files);
  g_test_add_func ("/sw/library/packet-sender-sample", test_packet_sender_sample);
  g_test_add_func ("/sw/library/packet-sender-variants", test_packet_sender_variants);
  g_test_add_func ("/sw/library/packet-sender-malformed", test_packet_sender_malformed);

#undef ADD

  return g_test_run ();
}

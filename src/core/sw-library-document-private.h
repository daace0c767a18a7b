/* sw-library-document-private.h: the library's JSON, and importers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sw-message-library.h"
#include "sw-sequence.h"

G_BEGIN_DECLS

#define SW_LIBRARY_FORMAT  "socket-workbench-library"
#define SW_LIBRARY_VERSION 1

/*
 * {
 *   "format": "socket-workbench-library",
 *   "version": 1,
 *   "messages": [
 *     { "name": "Read", "group": "Modbus", "note": "", "text": "01 03 00 00 00 02",
 *       "format": "hex", "escapes": true, "line-ending": "none", "encoding": "utf-8",
 *       "placeholders": false,
 *       "checksum": { "id": "crc16-modbus", "byte-order": "little", "start": 0, "end-trim": 0 },
 *       "destination": { "protocol": "tcp", "host": "192.168.1.50", "port": 502 },
 *       "repeat-interval": 0 }
 *   ],
 *   "sequences": [
 *     { "name": "Login", "note": "",
 *       "steps": [
 *         { "kind": "send", "name": "", "message": "Login" },
 *         { "kind": "send", "name": "", "message": "",
 *           "payload": { (the keys of a message; its name is not used) } },
 *         { "kind": "expect", "name": "Check", "pattern": "^OK", "match-kind": "regex",
 *           "encoding": "utf-8", "timeout": 5000, "on-unmet": "go-to", "go-to": "Retry" },
 *         { "kind": "wait", "name": "", "duration": 500 },
 *         { "kind": "repeat", "name": "", "count": 3, "repeat-from": "" }
 *       ] }
 *   ]
 * }
 *
 * A message needs only its name, a sequence its name, a step its kind;
 * the other keys have the defaults of sw_message_new() and
 * sw_sequence_step_new(). A step has only the keys of its kind
 * ("payload" when "message" is empty, "go-to" with "on-unmet": "go-to").
 * Keys this version does not know are ignored.
 */
typedef struct
{
  gint64     version;
  GPtrArray *messages;   /* SwMessage */
  GPtrArray *sequences;  /* SwSequence */
} SwLibraryDocument;

/* Reads a library document. One written by a newer version gives what
 * this one understands: the messages it can read, the others skipped. */
SwLibraryDocument *_sw_library_document_parse    (const char         *data,
                                                  gsize               length,
                                                  GError            **error);
void               _sw_library_document_free     (SwLibraryDocument  *document);
/* Writes @messages and @sequences as a document. */
GBytes            *_sw_library_document_write    (SwMessage  *const  *messages,
                                                  guint               n_messages,
                                                  SwSequence *const  *sequences,
                                                  guint               n_sequences);

/* The messages of an import file in @format, or %NULL with @error set
 * naming the first thing that is not valid. */
GPtrArray         *_sw_import_parse              (const char         *data,
                                                  gsize               length,
                                                  SwImportFormat      format,
                                                  GError            **error);

/* Reads Packet Sender's export (a JSON array): a message per named
 * entry, or %NULL with @error naming the first entry that is not valid. */
GPtrArray         *_sw_packet_sender_read        (JsonNode           *root,
                                                  GError            **error);

/* Helpers the readers share. @place names the entry in errors (see
 * _sw_json_describe_place()). A missing key leaves *@value as it is. */
typedef enum
{
  SW_JSON_PLACE_MESSAGE,
  SW_JSON_PLACE_ENTRY,
  SW_JSON_PLACE_SEQUENCE,
} SwJsonPlace;

JsonNode          *_sw_json_parse                (const char         *data,
                                                  gsize               length,
                                                  GError            **error);
/* “Message 3 (“Ping”)” or “Entry 3”, counted from 1. */
char              *_sw_json_describe_place       (SwJsonPlace         kind,
                                                  guint               index,
                                                  const char         *name);
/* A value as people read it in an error: short, valid UTF-8. */
char              *_sw_json_describe_node        (JsonNode           *node);
gboolean           _sw_json_get_string           (JsonObject         *object,
                                                  const char         *key,
                                                  const char         *place,
                                                  const char        **value,
                                                  GError            **error);
/* A whole number from 0 to @maximum; with @accept_text, also written
 * as a string ("9000"). */
gboolean           _sw_json_get_uint             (JsonObject         *object,
                                                  const char         *key,
                                                  const char         *place,
                                                  guint               maximum,
                                                  gboolean            accept_text,
                                                  guint              *value,
                                                  GError            **error);

gboolean           _sw_json_get_boolean          (JsonObject         *object,
                                                  const char         *key,
                                                  const char         *place,
                                                  gboolean           *value,
                                                  GError            **error);
/* A string that is one of @ids; *@value is its index. */
gboolean           _sw_json_get_choice           (JsonObject         *object,
                                                  const char         *key,
                                                  const char         *place,
                                                  const char *const  *ids,
                                                  guint              *value,
                                                  GError            **error);
/* A member that is an object, or *@value %NULL when there is none. */
gboolean           _sw_json_get_object           (JsonObject         *object,
                                                  const char         *key,
                                                  const char         *place,
                                                  JsonObject        **value,
                                                  GError            **error);
/* "encoding", by the ids of sw_encoding_get_id(). */
gboolean           _sw_json_get_encoding         (JsonObject         *object,
                                                  const char         *place,
                                                  SwEncoding         *encoding,
                                                  GError            **error);
/* An element of a list of named objects (messages, sequences): its
 * object and name (not empty), and *@place naming it ("Message 3
 * (“Ping”)"); %NULL with @error set when it is not such an object. */
JsonObject        *_sw_json_read_named           (JsonNode           *node,
                                                  SwJsonPlace         kind,
                                                  guint               index,
                                                  const char        **name,
                                                  char              **place,
                                                  GError            **error);

/* A message's keys (all but "name") in @object, for a message called @name. */
SwMessage         *_sw_json_read_message         (JsonObject         *object,
                                                  const char         *place,
                                                  const char         *name,
                                                  GError            **error);
void               _sw_json_write_message        (SwMessage          *message,
                                                  JsonBuilder        *builder);
/* In sw-sequence-json.c. */
SwSequence        *_sw_json_read_sequence        (JsonNode           *node,
                                                  guint               index,
                                                  GError            **error);
void               _sw_json_write_sequence       (SwSequence         *sequence,
                                                  JsonBuilder        *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwLibraryDocument, _sw_library_document_free)

G_END_DECLS

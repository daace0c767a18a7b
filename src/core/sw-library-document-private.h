/* sw-library-document-private.h: the library's JSON, and importers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sw-message-library.h"

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
 *   "sequences": []
 * }
 *
 * A message needs only its name; the other keys have the defaults of
 * sw_message_new(). Keys this version does not know are ignored.
 */
typedef struct
{
  gint64     version;
  GPtrArray *messages;   /* SwMessage */
  JsonNode  *sequences;  /* an array, kept as read */
} SwLibraryDocument;

/* Reads a library document. One written by a newer version gives what
 * this one understands: the messages it can read, the others skipped. */
SwLibraryDocument *_sw_library_document_parse    (const char         *data,
                                                  gsize               length,
                                                  GError            **error);
void               _sw_library_document_free     (SwLibraryDocument  *document);
/* Writes @messages and @sequences (%NULL: none) as a document. */
GBytes            *_sw_library_document_write    (SwMessage *const   *messages,
                                                  guint               n_messages,
                                                  JsonNode           *sequences);

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwLibraryDocument, _sw_library_document_free)

G_END_DECLS

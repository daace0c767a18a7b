/* sw-connection-framer-private.h: frames per connection, for whatever
 * reads an engine's frames (auto-reply rules, sequence expectations)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-connection.h"
#include "sw-framing.h"

G_BEGIN_DECLS

/* @length is the frame as the view shows it: without its delimiter when
 * the framing strips it. @data is valid during the call only. */
typedef void (*SwConnectionFrameFunc) (SwConnection *connection,
                                       const guint8 *data,
                                       gsize         length,
                                       gpointer      user_data);

typedef struct _SwConnectionFramer SwConnectionFramer;

/* Cuts what each connection delivers into frames with @framing: a
 * framer per stream, made on the first data and forgotten when the
 * connection closes; each UDP datagram is a frame as it is. Idle-gap
 * frames end from a timer of the thread-default main context. A change
 * of @framing starts every stream afresh (half a frame is forgotten).
 * @func must not free the framer. */
SwConnectionFramer *_sw_connection_framer_new    (SwFraming             *framing,
                                                  SwConnectionFrameFunc  func,
                                                  gpointer               user_data);
void                _sw_connection_framer_free   (SwConnectionFramer    *self);
/* Bytes that arrived on @connection. */
void                _sw_connection_framer_push   (SwConnectionFramer    *self,
                                                  SwConnection          *connection,
                                                  GBytes                *bytes);
/* @connection ended: what is pending is a frame too, cut short. */
void                _sw_connection_framer_finish (SwConnectionFramer    *self,
                                                  SwConnection          *connection);
/* Forgets every stream's pending bytes. */
void                _sw_connection_framer_reset  (SwConnectionFramer    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwConnectionFramer, _sw_connection_framer_free)

G_END_DECLS

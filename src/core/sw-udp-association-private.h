/* sw-udp-association-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-engine.h"
#include "sw-udp-association.h"

G_BEGIN_DECLS

/* An association of @engine, whose send() with it sends to @remote. */
SwUdpAssociation *_sw_udp_association_new  (SwEngine         *engine,
                                            GSocketAddress   *local,
                                            GSocketAddress   *remote,
                                            gboolean          relay);
void              _sw_udp_association_used (SwUdpAssociation *self);

G_END_DECLS

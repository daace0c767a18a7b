/* sw-transfer-private.h: for SwTransfer's subclasses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-transfer.h"

G_BEGIN_DECLS

void        _sw_transfer_set_state (SwTransfer      *self,
                                    SwTransferState  state);
/* Ends it in @state, with @error (nullable) as why: one notification
 * of each. */
void        _sw_transfer_end       (SwTransfer      *self,
                                    SwTransferState  state,
                                    const GError    *error);
/* The file as events name it: "file.bin". */
const char *_sw_transfer_get_name  (SwTransfer      *self);

G_END_DECLS

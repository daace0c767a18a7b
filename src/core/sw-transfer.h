/* sw-transfer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sw-engine.h"

G_BEGIN_DECLS

/* Where a file going out (SwFileSender) or coming in (SwCapture) is. */
typedef enum
{
  SW_TRANSFER_STATE_IDLE,
  SW_TRANSFER_STATE_RUNNING,
  /* Every byte went out, or the capture stopped and its file is closed. */
  SW_TRANSFER_STATE_DONE,
  /* The error says why. */
  SW_TRANSFER_STATE_FAILED,
  SW_TRANSFER_STATE_CANCELLED,
} SwTransferState;

#define SW_TYPE_TRANSFER (sw_transfer_get_type ())

G_DECLARE_DERIVABLE_TYPE (SwTransfer, sw_transfer, SW, TRANSFER, GObject)

/* What a file streamed through an engine, either way, shows a person:
 * the engine, the file, where it is (#SwTransfer:state) and, once
 * failed, why (#SwTransfer:error). Each one runs once. */
struct _SwTransferClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer padding[4];
};

SwEngine        *sw_transfer_get_engine (SwTransfer *self);
GFile           *sw_transfer_get_file   (SwTransfer *self);
SwTransferState  sw_transfer_get_state  (SwTransfer *self);
/* Why it failed, in words. */
const GError    *sw_transfer_get_error  (SwTransfer *self);

G_END_DECLS

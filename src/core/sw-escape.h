/* sw-escape.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-encoding.h"

G_BEGIN_DECLS

#define SW_ESCAPE_ERROR (sw_escape_error_quark ())

typedef enum
{
  SW_ESCAPE_ERROR_UNKNOWN_ESCAPE,
  SW_ESCAPE_ERROR_INCOMPLETE_ESCAPE,
  SW_ESCAPE_ERROR_INVALID_HEX_ESCAPE,
} SwEscapeError;

GQuark  sw_escape_error_quark (void);

/* Turns text with \r \n \t \0 \\ \xNN escapes into bytes; literal text
 * between escapes is encoded with @encoding, escapes are raw bytes. */
GBytes *sw_escape_parse       (const char  *text,
                               gssize       length,
                               SwEncoding   encoding,
                               gsize       *error_offset,
                               GError     **error);

G_END_DECLS

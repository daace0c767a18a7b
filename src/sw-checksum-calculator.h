/* sw-checksum-calculator.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-checksum.h"
#include "sw-encoding.h"

G_BEGIN_DECLS

#define SW_TYPE_CHECKSUM_CALCULATOR (sw_checksum_calculator_get_type ())

G_DECLARE_FINAL_TYPE (SwChecksumCalculator, sw_checksum_calculator, SW, CHECKSUM_CALCULATOR, GtkWindow)

/* A small window showing every checksum of the catalogue for some bytes:
 * typed or pasted (hex, or text with escapes), or selected in a log. */
GtkWidget  *sw_checksum_calculator_new          (void);

/* Shows @bytes, in hex. */
void        sw_checksum_calculator_set_bytes    (SwChecksumCalculator *self,
                                                 GBytes               *bytes);
/* The bytes typed, or %NULL when they do not parse. */
GBytes     *sw_checksum_calculator_dup_bytes    (SwChecksumCalculator *self);
/* The encoding of text typed in it. */
SwEncoding  sw_checksum_calculator_get_encoding (SwChecksumCalculator *self);
void        sw_checksum_calculator_set_encoding (SwChecksumCalculator *self,
                                                 SwEncoding            encoding);
/* The value shown for @kind, as "0x4B37", or %NULL with none. */
const char *sw_checksum_calculator_get_value    (SwChecksumCalculator *self,
                                                 SwChecksum            kind);

G_END_DECLS

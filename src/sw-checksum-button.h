/* sw-checksum-button.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sw-checksum.h"

G_BEGIN_DECLS

#define SW_TYPE_CHECKSUM_BUTTON (sw_checksum_button_get_type ())

G_DECLARE_FINAL_TYPE (SwChecksumButton, sw_checksum_button, SW, CHECKSUM_BUTTON, GtkWidget)

/* A button showing a checksum choice ("Checksum: CRC-16/MODBUS (LE)")
 * whose popover picks the algorithm, its byte order and the range it
 * covers. Choosing an algorithm there preselects its customary byte
 * order; the properties themselves are independent. */
GtkWidget   *sw_checksum_button_new            (void);

SwChecksum   sw_checksum_button_get_checksum   (SwChecksumButton *self);
void         sw_checksum_button_set_checksum   (SwChecksumButton *self,
                                                SwChecksum        checksum);
SwByteOrder  sw_checksum_button_get_byte_order (SwChecksumButton *self);
void         sw_checksum_button_set_byte_order (SwChecksumButton *self,
                                                SwByteOrder       byte_order);
/* The first byte the checksum covers. */
guint        sw_checksum_button_get_start      (SwChecksumButton *self);
void         sw_checksum_button_set_start      (SwChecksumButton *self,
                                                guint             start);
/* How many bytes at the end it leaves out. */
guint        sw_checksum_button_get_end_trim   (SwChecksumButton *self);
void         sw_checksum_button_set_end_trim   (SwChecksumButton *self,
                                                guint             end_trim);

/* "CRC-16/MODBUS (LE)", "SUM8" or "None": the choice, in short. */
char        *sw_checksum_describe              (SwChecksum        checksum,
                                                SwByteOrder       byte_order);

G_END_DECLS

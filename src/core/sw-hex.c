/* sw-hex.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-hex"

#include "config.h"

#include "sw-hex.h"

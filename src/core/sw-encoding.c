/* sw-encoding.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-encoding"

#include "config.h"

#include "sw-encoding.h"

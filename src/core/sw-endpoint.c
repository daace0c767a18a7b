/* sw-endpoint.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-endpoint"

#include "config.h"

#include "sw-endpoint.h"

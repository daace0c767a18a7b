/* sw-core-private.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-core-private.h"

void
_sw_text_offset_to_position (const char *text,
                             gsize       offset,
                             guint      *line,
                             guint      *column)
{
  const char *p = text;
  const char *end = text + offset;
  guint l = 1;
  guint c = 1;

  g_assert (text != NULL);

  while (p < end && *p != '\0')
    {
      if (*p == '\n')
        {
          l++;
          c = 1;
          p++;
        }
      else
        {
          c++;
          p = g_utf8_next_char (p);
        }
    }

  if (line != NULL)
    *line = l;
  if (column != NULL)
    *column = c;
}

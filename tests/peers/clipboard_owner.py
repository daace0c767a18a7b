#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Another program's clipboard on the X display: offers SIZE bytes of
text ("B" repeated) as the CLIPBOARD and keeps it until killed.

Prints "OWNED" once it owns it, or "NO-GTK" and exits when this python
has no GTK 4 (run it with Debian's /usr/bin/python3 and gir1.2-gtk-4.0).
"""

import sys

try:
    import gi
    gi.require_version('Gtk', '4.0')
    gi.require_version('Gdk', '4.0')
    from gi.repository import Gdk, GLib, Gtk
except (ImportError, ValueError):
    print('NO-GTK', flush=True)
    sys.exit(0)

Gtk.init()
Gdk.Display.get_default().get_clipboard().set('B' * int(sys.argv[1]))
print('OWNED', flush=True)
GLib.MainLoop().run()

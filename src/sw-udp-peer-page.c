/* sw-udp-peer-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-udp-peer-page"

#include "config.h"

#include "sw-udp-peer-page.h"

struct _SwUdpPeerPage
{
  GtkWidget  parent_instance;

  GtkLabel  *heading;
};

G_DEFINE_FINAL_TYPE (SwUdpPeerPage, sw_udp_peer_page, GTK_TYPE_WIDGET)

GtkWidget *
sw_udp_peer_page_new (void)
{
  return g_object_new (SW_TYPE_UDP_PEER_PAGE, NULL);
}

static void
sw_udp_peer_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SW_TYPE_UDP_PEER_PAGE);

  G_OBJECT_CLASS (sw_udp_peer_page_parent_class)->dispose (object);
}

static void
sw_udp_peer_page_class_init (SwUdpPeerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_udp_peer_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-udp-peer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SwUdpPeerPage, heading);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
sw_udp_peer_page_init (SwUdpPeerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* sw-tcp-server-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-tcp-server-page"

#include "config.h"

#include "sw-tcp-server-page.h"

struct _SwTcpServerPage
{
  GtkWidget  parent_instance;

  GtkLabel  *heading;
};

G_DEFINE_FINAL_TYPE (SwTcpServerPage, sw_tcp_server_page, GTK_TYPE_WIDGET)

GtkWidget *
sw_tcp_server_page_new (void)
{
  return g_object_new (SW_TYPE_TCP_SERVER_PAGE, NULL);
}

static void
sw_tcp_server_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SW_TYPE_TCP_SERVER_PAGE);

  G_OBJECT_CLASS (sw_tcp_server_page_parent_class)->dispose (object);
}

static void
sw_tcp_server_page_class_init (SwTcpServerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_tcp_server_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sw-tcp-server-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SwTcpServerPage, heading);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
sw_tcp_server_page_init (SwTcpServerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

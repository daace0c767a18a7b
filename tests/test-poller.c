/* test-poller.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-poller.h"
#include "sw-test-util.h"

static void
test_backend (void)
{
  SwPoller *poller = _sw_poller_get_default ();
  const char *wanted = g_getenv ("SW_IO_BACKEND");

  /* The same poller for the same main context. */
  g_assert_true (poller == _sw_poller_get_default ());

#ifdef __linux__
  if (g_strcmp0 (wanted, "gsource") == 0)
    g_assert_cmpint (_sw_poller_get_backend (poller), ==, SW_POLLER_BACKEND_GSOURCE);
  else
    g_assert_cmpint (_sw_poller_get_backend (poller), ==, SW_POLLER_BACKEND_EPOLL);
#else
  g_assert_cmpint (_sw_poller_get_backend (poller), ==, SW_POLLER_BACKEND_GSOURCE);
#endif
}

typedef struct _Pair Pair;

typedef struct
{
  Pair  *pair;
  guint  index;
} Side;

struct _Pair
{
  SwPollerWatch *watches[2];
  guint          calls[2];
  Side           sides[2];
};

static void
ready_cb (GSocket      *socket,
          GIOCondition  condition,
          gpointer      user_data)
{
  Side *side = user_data;
  Pair *pair = side->pair;

  pair->calls[side->index]++;

  /* Whichever comes first destroys both: the other must not be called. */
  for (guint i = 0; i < 2; i++)
    g_clear_pointer (&pair->watches[i], _sw_poller_watch_destroy);
}

static gboolean
any_called (gpointer data)
{
  Pair *pair = data;

  return pair->calls[0] + pair->calls[1] > 0;
}

static GSocket *
bound_udp_socket (GSocketAddress **address)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  *address = g_socket_get_local_address (socket, NULL);

  return socket;
}

static void
test_destroy_from_callback (void)
{
  g_autoptr(GSocketAddress) address0 = NULL;
  g_autoptr(GSocketAddress) address1 = NULL;
  g_autoptr(GSocket) socket0 = bound_udp_socket (&address0);
  g_autoptr(GSocket) socket1 = bound_udp_socket (&address1);
  Pair pair = { { NULL, NULL }, { 0, 0 }, { { &pair, 0 }, { &pair, 1 } } };

  /* Both readable in the same turn. */
  g_socket_send_to (socket1, address0, "x", 1, NULL, NULL);
  g_socket_send_to (socket0, address1, "y", 1, NULL, NULL);
  sw_test_run_for (20);

  pair.watches[0] = _sw_poller_watch (_sw_poller_get_default (), socket0, G_IO_IN, ready_cb, &pair.sides[0]);
  pair.watches[1] = _sw_poller_watch (_sw_poller_get_default (), socket1, G_IO_IN, ready_cb, &pair.sides[1]);

  sw_test_wait (any_called, &pair, 5000, "a socket to be ready");
  sw_test_run_for (50);
  g_assert_cmpuint (pair.calls[0] + pair.calls[1], ==, 1);
}

static void
writable_cb (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  guint *calls = user_data;

  g_assert_true (condition & G_IO_OUT);
  (*calls)++;
}

static gboolean
called (gpointer data)
{
  return *(guint *) data > 0;
}

static void
test_condition_changes (void)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) socket = bound_udp_socket (&address);
  SwPollerWatch *watch;
  guint calls = 0;

  /* Nothing asked, nothing called. */
  watch = _sw_poller_watch (_sw_poller_get_default (), socket, 0, writable_cb, &calls);
  sw_test_run_for (50);
  g_assert_cmpuint (calls, ==, 0);

  /* A UDP socket is always writable. */
  _sw_poller_watch_set_condition (watch, G_IO_OUT);
  g_assert_cmpint (_sw_poller_watch_get_condition (watch), ==, G_IO_OUT);
  sw_test_wait (called, &calls, 5000, "writable");

  _sw_poller_watch_set_condition (watch, 0);
  sw_test_run_for (20);
  calls = 0;
  sw_test_run_for (50);
  g_assert_cmpuint (calls, ==, 0);

  _sw_poller_watch_destroy (watch);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/poller/backend", test_backend);
  g_test_add_func ("/sw/poller/destroy-from-callback", test_destroy_from_callback);
  g_test_add_func ("/sw/poller/condition-changes", test_condition_changes);

  return g_test_run ();
}

/* test-endpoint.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-endpoint.h"

#define NONE SW_ENDPOINT_FLAGS_NONE
#define ANY  SW_ENDPOINT_FLAGS_ALLOW_ANY_HOST
#define ZERO SW_ENDPOINT_FLAGS_ALLOW_PORT_ZERO

typedef struct
{
  const char      *host_text;
  const char      *port_text;
  SwEndpointFlags  flags;
  const char      *host;      /* NULL: any address */
  guint16          port;
  const char      *string;
} AcceptCase;

static const AcceptCase accept_cases[] = {
  /* Host and port in their own fields */
  { "example.com", "7000", NONE, "example.com", 7000, "example.com:7000" },
  { "  example.com\t", " 7000 ", NONE, "example.com", 7000, "example.com:7000" },
  { "\u00a0example.com\u00a0", "\u00a07000", NONE, "example.com", 7000, "example.com:7000" },
  { "EXAMPLE.com", "80", NONE, "EXAMPLE.com", 80, "EXAMPLE.com:80" },
  { "example.com.", "80", NONE, "example.com.", 80, "example.com.:80" },
  { "localhost", "1", NONE, "localhost", 1, "localhost:1" },
  { "localhost", "65535", NONE, "localhost", 65535, "localhost:65535" },
  { "localhost", "007", NONE, "localhost", 7, "localhost:7" },
  { "my_host.local", "22", NONE, "my_host.local", 22, "my_host.local:22" },
  { "a-b.example", "22", NONE, "a-b.example", 22, "a-b.example:22" },
  { "例子.测试", "80", NONE, "例子.测试", 80, "例子.测试:80" },
  { "127.0.0.1", "7000", NONE, "127.0.0.1", 7000, "127.0.0.1:7000" },
  { "0.0.0.0", "7000", ANY, "0.0.0.0", 7000, "0.0.0.0:7000" },
  /* Fullwidth digits normalize to an IPv4 address, which is kept. */
  { "１２７.０.０.１", "80", NONE, "127.0.0.1", 80, "127.0.0.1:80" },
  { "::1", "7000", NONE, "::1", 7000, "[::1]:7000" },
  { "::", "7000", ANY, "::", 7000, "[::]:7000" },
  { "::ffff:1.2.3.4", "80", NONE, "::ffff:1.2.3.4", 80, "[::ffff:1.2.3.4]:80" },
  { "2001:db8::1:7000", "80", NONE, "2001:db8::1:7000", 80, "[2001:db8::1:7000]:80" },
  { "[::1]", "7000", NONE, "::1", 7000, "[::1]:7000" },
  { "fe80::1%eth0", "7000", NONE, "fe80::1%eth0", 7000, "[fe80::1%eth0]:7000" },
  { "fe80::1%2", "7000", NONE, "fe80::1%2", 7000, "[fe80::1%2]:7000" },
  /* "host:port" in the host field */
  { "localhost:7000", NULL, NONE, "localhost", 7000, "localhost:7000" },
  { "192.168.1.5:80", "", NONE, "192.168.1.5", 80, "192.168.1.5:80" },
  { "[::1]:7000", NULL, NONE, "::1", 7000, "[::1]:7000" },
  { "[fe80::1%eth0]:7000", "", NONE, "fe80::1%eth0", 7000, "[fe80::1%eth0]:7000" },
  { "localhost:7000", "7000", NONE, "localhost", 7000, "localhost:7000" },
  { "localhost:7000", "07000", NONE, "localhost", 7000, "localhost:7000" },
  { "[::1]:7000", "7000", NONE, "::1", 7000, "[::1]:7000" },
  { "localhost:", "7000", NONE, "localhost", 7000, "localhost:7000" },
  { "[::1]:", "7000", NONE, "::1", 7000, "[::1]:7000" },
  /* Any address */
  { "", "7000", ANY, NULL, 7000, "*:7000" },
  { NULL, "7000", ANY, NULL, 7000, "*:7000" },
  { "   ", "7000", ANY, NULL, 7000, "*:7000" },
  { "7000", "", ANY, NULL, 7000, "*:7000" },
  { "7000", NULL, ANY, NULL, 7000, "*:7000" },
  { "7000", "7000", ANY, NULL, 7000, "*:7000" },
  { "*", "7000", ANY, NULL, 7000, "*:7000" },
  { ":7000", NULL, ANY, NULL, 7000, "*:7000" },
  { "*:7000", NULL, ANY, NULL, 7000, "*:7000" },
  /* Port 0 */
  { "", "0", ANY | ZERO, NULL, 0, "*:0" },
  { "0", NULL, ANY | ZERO, NULL, 0, "*:0" },
  { "localhost", "0", ZERO, "localhost", 0, "localhost:0" },
  { "[::1]:0", NULL, ZERO, "::1", 0, "[::1]:0" },
};

typedef struct
{
  const char      *host_text;
  const char      *port_text;
  SwEndpointFlags  flags;
  SwEndpointError  code;
  const char      *words[2];  /* must appear in the message */
} ErrorCase;

static const ErrorCase error_cases[] = {
  /* EMPTY_HOST */
  { "", "7000", NONE, SW_ENDPOINT_ERROR_EMPTY_HOST, { "Enter a host name or address", NULL } },
  { NULL, NULL, NONE, SW_ENDPOINT_ERROR_EMPTY_HOST, { "Enter a host name or address", NULL } },
  { " \t ", "7000", NONE, SW_ENDPOINT_ERROR_EMPTY_HOST, { "Enter a host name or address", NULL } },
  { "7000", "", NONE, SW_ENDPOINT_ERROR_EMPTY_HOST, { "Enter a host name or address", "“7000” is a port" } },
  { "7000", "7000", NONE, SW_ENDPOINT_ERROR_EMPTY_HOST, { "Enter a host name or address", "“7000” is a port" } },
  { ":7000", NULL, NONE, SW_ENDPOINT_ERROR_EMPTY_HOST, { "Enter a host name or address", NULL } },
  { "*", "7000", NONE, SW_ENDPOINT_ERROR_EMPTY_HOST, { "Enter a host name or address", "listening" } },
  { "*:7000", NULL, ZERO, SW_ENDPOINT_ERROR_EMPTY_HOST, { "Enter a host name or address", "listening" } },

  /* MISSING_PORT */
  { "localhost", NULL, NONE, SW_ENDPOINT_ERROR_MISSING_PORT, { "Enter a port number", NULL } },
  { "localhost", "  ", NONE, SW_ENDPOINT_ERROR_MISSING_PORT, { "Enter a port number", NULL } },
  { "localhost:", "", NONE, SW_ENDPOINT_ERROR_MISSING_PORT, { "Enter a port number", NULL } },
  { "[::1]", NULL, NONE, SW_ENDPOINT_ERROR_MISSING_PORT, { "Enter a port number", NULL } },
  { "[::1]:", NULL, NONE, SW_ENDPOINT_ERROR_MISSING_PORT, { "Enter a port number", NULL } },
  { "", "", ANY, SW_ENDPOINT_ERROR_MISSING_PORT, { "Enter a port number", NULL } },
  /* A valid address on its own: the last group is not a port */
  { "2001:db8::1:7000", NULL, NONE, SW_ENDPOINT_ERROR_MISSING_PORT, { "Enter a port number", NULL } },

  /* INVALID_PORT */
  { "localhost", "7x", NONE, SW_ENDPOINT_ERROR_INVALID_PORT, { "“7x” is not a port number", NULL } },
  { "localhost", "+80", NONE, SW_ENDPOINT_ERROR_INVALID_PORT, { "“+80”", "not a port number" } },
  { "localhost", "-1", NONE, SW_ENDPOINT_ERROR_INVALID_PORT, { "“-1”", "not a port number" } },
  { "localhost", "80 80", NONE, SW_ENDPOINT_ERROR_INVALID_PORT, { "“80 80”", "not a port number" } },
  { "localhost", "0x50", NONE, SW_ENDPOINT_ERROR_INVALID_PORT, { "“0x50”", "not a port number" } },
  { "localhost", "٨٠", NONE, SW_ENDPOINT_ERROR_INVALID_PORT, { "not a port number", NULL } },
  { "localhost", "\xff", NONE, SW_ENDPOINT_ERROR_INVALID_PORT, { "port", NULL } },
  { "localhost:http", NULL, NONE, SW_ENDPOINT_ERROR_INVALID_PORT, { "“http” is not a port number", NULL } },
  { "[::1]:80]", NULL, NONE, SW_ENDPOINT_ERROR_INVALID_PORT, { "“80]”", "not a port number" } },
  { "localhost:80", "8o", NONE, SW_ENDPOINT_ERROR_INVALID_PORT, { "“8o”", "not a port number" } },

  /* PORT_OUT_OF_RANGE */
  { "localhost", "0", NONE, SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE, { "Port must be 1–65535", NULL } },
  { "localhost", "000", NONE, SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE, { "Port must be 1–65535", NULL } },
  { "localhost", "65536", NONE, SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE, { "Port must be 1–65535", NULL } },
  { "localhost", "99999999999999999999999", NONE, SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE, { "Port must be 1–65535", NULL } },
  { "localhost:0", NULL, NONE, SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE, { "Port must be 1–65535", NULL } },
  { "0", NULL, ANY, SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE, { "Port must be 1–65535", NULL } },
  { "localhost", "65536", ZERO, SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE, { "Port must be 0–65535", NULL } },
  { "", "70000", ANY | ZERO, SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE, { "Port must be 0–65535", NULL } },

  /* CONFLICTING_PORT */
  { "192.168.1.5:80", "81", NONE, SW_ENDPOINT_ERROR_CONFLICTING_PORT,
    { "The address says port 80 but the port field says 81", NULL } },
  { "[::1]:7000", "7001", NONE, SW_ENDPOINT_ERROR_CONFLICTING_PORT, { "port 7000", "port field says 7001" } },
  { "localhost:0", "1", ZERO, SW_ENDPOINT_ERROR_CONFLICTING_PORT, { "port 0", "port field says 1" } },
  { "7000", "7001", ANY, SW_ENDPOINT_ERROR_CONFLICTING_PORT, { "port 7000", "port field says 7001" } },

  /* INVALID_HOST: brackets */
  { "[::1", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“[::1”", "closing bracket" } },
  { "[::1:80", NULL, NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "closing bracket", NULL } },
  { "::1]", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“::1]”", "without an opening" } },
  { "::1]:80", NULL, NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "without an opening", NULL } },
  { "[[::1]]", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "wrong place", NULL } },
  { "host[1]", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "wrong place", NULL } },
  { "[::1]x", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“[::1]x”", "can follow “]”" } },
  { "[::1]]:80", NULL, NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "can follow “]”", NULL } },
  { "[]", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "IPv6 address between the brackets", NULL } },
  { "[example.com]:80", NULL, NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "only for IPv6", "“[example.com]:80”" } },
  { "[1.2.3.4]", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "only for IPv6", NULL } },
  { "[::g]:80", NULL, NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“::g” is not a valid IPv6 address", NULL } },

  /* INVALID_HOST: spaces */
  { "exa mple.com", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“exa mple.com”", "space" } },
  { "localhost :80", NULL, NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "space", NULL } },
  { "[ ::1]", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "space", NULL } },
  { "exa\u00a0mple.com", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "space", NULL } },

  /* INVALID_HOST: IPv6 */
  { "::g", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“::g” is not a valid IPv6 address", NULL } },
  { "1:2:3:4:5:6:7:8:a", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“1:2:3:4:5:6:7:8:a” is not a valid IPv6 address", NULL } },
  { "1:2:3:4:5:6:7:8:9", NULL, NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "in brackets", "“[1:2:3:4:5:6:7:8]:9”" } },
  { "12345::1", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "not a valid IPv6 address", NULL } },
  { "1.2.3.4::", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "not a valid IPv6 address", NULL } },
  { "fe80::1%", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "network interface", NULL } },
  { "fe80::1%eth/0", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "network interface", NULL } },
  { "fe80::1%eth0%1", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "network interface", NULL } },
  { "::1%eth0:7000", NULL, NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "in brackets", "“[::1%eth0]:7000”" } },
  { "2001:db8::1:70000", NULL, NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "in brackets", "“[2001:db8::1]:70000”" } },
  { "localhost:80:90", NULL, NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "more than one “:”", "“host:port”" } },

  /* INVALID_HOST: names and numbers */
  { "999.1.1.1", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“999.1.1.1” is not a valid IPv4 address", NULL } },
  { "127.1", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "not a valid IPv4 address", NULL } },
  { "1.2.3.4.5:80", NULL, NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "not a valid IPv4 address", NULL } },
  { "0x7f.1", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“0x7f.1”", "only digits" } },
  { "example.123", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "only digits", NULL } },
  { "a..b", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“a..b”", "empty part" } },
  { ".example.com", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "empty part", NULL } },
  { ".", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "empty part", NULL } },
  { "-a.com", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“-a.com”", "“-”" } },
  { "a-.com", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“-”", NULL } },
  { "a/b", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“a/b” is not a valid host name", "“/”" } },
  { "a%b:80", NULL, NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“a%b”", "“%”" } },
  { "user@example.com", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“@”", NULL } },
  { "*.example.com", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“*”", NULL } },
  { "1.2.3.4%eth0", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“%”", NULL } },
  { "例子!.测试", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“!”", NULL } },
  { "localhost：7000", NULL, NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "“:”", NULL } },
  { "\xff", "80", NONE, SW_ENDPOINT_ERROR_INVALID_HOST, { "host", NULL } },
};

static void
check_endpoint (SwEndpoint *endpoint,
                const char *host,
                guint16     port,
                const char *string)
{
  g_autofree char *text = NULL;

  g_assert_nonnull (endpoint);
  g_assert_cmpstr (sw_endpoint_get_host (endpoint), ==, host);
  g_assert_cmpuint (sw_endpoint_get_port (endpoint), ==, port);

  text = sw_endpoint_to_string (endpoint);
  g_assert_cmpstr (text, ==, string);
}

static void
test_parse_accepts (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (accept_cases); i++)
    {
      const AcceptCase *c = &accept_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(SwEndpoint) endpoint = NULL;

      g_test_message ("%u: host “%s”, port “%s”", i, c->host_text, c->port_text);

      endpoint = sw_endpoint_parse (c->host_text, c->port_text, c->flags, &error);
      g_assert_no_error (error);
      check_endpoint (endpoint, c->host, c->port, c->string);

      /* Without an error location it works the same. */
      g_clear_pointer (&endpoint, sw_endpoint_unref);
      endpoint = sw_endpoint_parse (c->host_text, c->port_text, c->flags, NULL);
      check_endpoint (endpoint, c->host, c->port, c->string);
    }
}

/* What sw_endpoint_to_string() writes, sw_endpoint_parse() reads back. */
static void
test_parse_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (accept_cases); i++)
    {
      const AcceptCase *c = &accept_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(SwEndpoint) endpoint = NULL;

      g_test_message ("%u: “%s”", i, c->string);

      endpoint = sw_endpoint_parse (c->string, NULL, c->flags, &error);
      g_assert_no_error (error);
      check_endpoint (endpoint, c->host, c->port, c->string);
    }
}

static void
test_parse_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *c = &error_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(SwEndpoint) endpoint = NULL;

      g_test_message ("%u: host “%s”, port “%s”", i,
                      g_utf8_validate (c->host_text ? c->host_text : "", -1, NULL) ? c->host_text : "(bytes)",
                      g_utf8_validate (c->port_text ? c->port_text : "", -1, NULL) ? c->port_text : "(bytes)");

      endpoint = sw_endpoint_parse (c->host_text, c->port_text, c->flags, &error);
      g_assert_null (endpoint);
      g_assert_error (error, SW_ENDPOINT_ERROR, (int) c->code);
      g_test_message ("   → %s", error->message);
      g_assert_cmpint (sw_endpoint_error_is_port (error), ==,
                       c->code == SW_ENDPOINT_ERROR_MISSING_PORT ||
                       c->code == SW_ENDPOINT_ERROR_INVALID_PORT ||
                       c->code == SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE);

      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (strstr (error->message, "(null)"));
      for (guint j = 0; j < G_N_ELEMENTS (c->words); j++)
        {
          if (c->words[j] != NULL && strstr (error->message, c->words[j]) == NULL)
            g_error ("Message “%s” lacks “%s”", error->message, c->words[j]);
        }

      /* Failing without an error location is fine too. */
      g_assert_null (sw_endpoint_parse (c->host_text, c->port_text, c->flags, NULL));
    }
}

static void
test_parse_name_length (void)
{
  g_autofree char *label63 = g_strnfill (63, 'a');
  g_autofree char *label64 = g_strnfill (64, 'a');
  g_autofree char *host63 = g_strconcat (label63, ".example", NULL);
  g_autofree char *host64 = g_strconcat (label64, ".example", NULL);
  g_autofree char *d61 = g_strnfill (61, 'd');
  g_autofree char *d62 = g_strnfill (62, 'd');
  /* 3 × (63 + 1) + 61 = 253 */
  g_autofree char *name253 = g_strjoin (".", label63, label63, label63, d61, NULL);
  g_autofree char *name253_dot = g_strconcat (name253, ".", NULL);
  g_autofree char *name254 = g_strjoin (".", label63, label63, label63, d62, NULL);
  g_autoptr(SwEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (strlen (name253), ==, 253);
  g_assert_cmpuint (strlen (name254), ==, 254);

  endpoint = sw_endpoint_parse (host63, "80", NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_endpoint_get_host (endpoint), ==, host63);
  g_clear_pointer (&endpoint, sw_endpoint_unref);

  endpoint = sw_endpoint_parse (name253, "80", NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_endpoint_get_host (endpoint), ==, name253);
  g_clear_pointer (&endpoint, sw_endpoint_unref);

  /* The dot of a fully qualified name does not count. */
  endpoint = sw_endpoint_parse (name253_dot, "80", NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_endpoint_get_host (endpoint), ==, name253_dot);
  g_clear_pointer (&endpoint, sw_endpoint_unref);

  endpoint = sw_endpoint_parse (host64, "80", NONE, &error);
  g_assert_null (endpoint);
  g_assert_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST);
  g_assert_nonnull (strstr (error->message, "63 characters"));
  g_clear_error (&error);

  endpoint = sw_endpoint_parse (name254, "80", NONE, &error);
  g_assert_null (endpoint);
  g_assert_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST);
  g_assert_nonnull (strstr (error->message, "253 characters"));
  g_clear_error (&error);
}

/* The limits apply to the punycode form: these 22 CJK characters make
 * a 63-character label, 23 make one too long. */
static void
test_parse_idn_length (void)
{
  GString *label = g_string_new (NULL);
  g_autofree char *host22 = NULL;
  g_autofree char *host23 = NULL;
  g_autofree char *ascii = NULL;
  g_autoptr(SwEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 22; i++)
    g_string_append_unichar (label, 0x4e00 + i * 97);
  host22 = g_strconcat (label->str, ".example", NULL);
  g_string_append_unichar (label, 0x4e00 + 22 * 97);
  host23 = g_strconcat (label->str, ".example", NULL);
  g_string_free (label, TRUE);

  ascii = g_hostname_to_ascii (host22);
  g_assert_nonnull (ascii);
  g_assert_cmpuint (strchr (ascii, '.') - ascii, ==, 63);

  endpoint = sw_endpoint_parse (host22, "80", NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_endpoint_get_host (endpoint), ==, host22);
  g_clear_pointer (&endpoint, sw_endpoint_unref);

  endpoint = sw_endpoint_parse (host23, "80", NONE, &error);
  g_assert_null (endpoint);
  g_assert_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST);
  g_assert_nonnull (strstr (error->message, "63 characters"));
  g_clear_error (&error);

  endpoint = sw_endpoint_parse ("xn--例子.example", "80", NONE, &error);
  g_assert_null (endpoint);
  g_assert_error (error, SW_ENDPOINT_ERROR, SW_ENDPOINT_ERROR_INVALID_HOST);
  g_assert_nonnull (strstr (error->message, "“xn--”"));
}

static void
test_new (void)
{
  g_autoptr(SwEndpoint) name = sw_endpoint_new ("example.com", 80);
  g_autoptr(SwEndpoint) v6 = sw_endpoint_new ("::1", 443);
  g_autoptr(SwEndpoint) scoped = sw_endpoint_new ("fe80::1%eth0", 7000);
  g_autoptr(SwEndpoint) any = sw_endpoint_new (NULL, 0);

  check_endpoint (name, "example.com", 80, "example.com:80");
  check_endpoint (v6, "::1", 443, "[::1]:443");
  check_endpoint (scoped, "fe80::1%eth0", 7000, "[fe80::1%eth0]:7000");
  check_endpoint (any, NULL, 0, "*:0");
}

static void
test_new_guards (void)
{
  SwEndpoint *endpoint;

  g_test_expect_message ("sw-endpoint", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  endpoint = sw_endpoint_new ("", 80);
  g_test_assert_expected_messages ();
  g_assert_null (endpoint);

  g_test_expect_message ("sw-endpoint", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  endpoint = sw_endpoint_new ("[::1]", 80);
  g_test_assert_expected_messages ();
  g_assert_null (endpoint);
}

static void
test_inet_address (void)
{
  struct {
    const char     *host;
    GSocketFamily   family;
    const char     *address;  /* NULL: not a literal */
  } cases[] = {
    { "127.0.0.1", G_SOCKET_FAMILY_IPV4, "127.0.0.1" },
    { "0.0.0.0", G_SOCKET_FAMILY_IPV4, "0.0.0.0" },
    { "::1", G_SOCKET_FAMILY_IPV6, "::1" },
    { "[::1]", G_SOCKET_FAMILY_IPV6, "::1" },
    { "0:0:0:0:0:0:0:1", G_SOCKET_FAMILY_IPV6, "::1" },
    { "fe80::1%eth0", G_SOCKET_FAMILY_IPV6, "fe80::1" },
    { "[fe80::1%2]:80", G_SOCKET_FAMILY_IPV6, "fe80::1" },
    { "１２７.０.０.１", G_SOCKET_FAMILY_IPV4, "127.0.0.1" },
    { "example.com", G_SOCKET_FAMILY_INVALID, NULL },
    { "localhost", G_SOCKET_FAMILY_INVALID, NULL },
    { "例子.测试", G_SOCKET_FAMILY_INVALID, NULL },
    { "", G_SOCKET_FAMILY_INVALID, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SwEndpoint) endpoint = NULL;
      GInetAddress *address;

      g_test_message ("%u: “%s”", i, cases[i].host);

      endpoint = sw_endpoint_parse (cases[i].host, "80", ANY, &error);
      g_assert_no_error (error);
      address = sw_endpoint_get_inet_address (endpoint);

      if (cases[i].address == NULL)
        {
          g_assert_null (address);
        }
      else
        {
          g_autofree char *text = NULL;

          g_assert_true (G_IS_INET_ADDRESS (address));
          g_assert_cmpint (g_inet_address_get_family (address), ==, cases[i].family);
          text = g_inet_address_to_string (address);
          g_assert_cmpstr (text, ==, cases[i].address);
          /* Owned by the endpoint: the same object every time */
          g_assert_true (sw_endpoint_get_inet_address (endpoint) == address);
        }
    }
}

static void
check_inet_socket_address (GSocketConnectable *connectable,
                           GSocketFamily       family,
                           const char         *address,
                           guint16             port,
                           guint32             scope_id)
{
  GInetSocketAddress *inet;
  g_autofree char *text = NULL;

  g_assert_true (G_IS_INET_SOCKET_ADDRESS (connectable));
  inet = G_INET_SOCKET_ADDRESS (connectable);

  g_assert_cmpint (g_socket_address_get_family (G_SOCKET_ADDRESS (inet)), ==, family);
  g_assert_cmpuint (g_inet_socket_address_get_port (inet), ==, port);
  text = g_inet_address_to_string (g_inet_socket_address_get_address (inet));
  g_assert_cmpstr (text, ==, address);
  if (family == G_SOCKET_FAMILY_IPV6)
    g_assert_cmpuint (g_inet_socket_address_get_scope_id (inet), ==, scope_id);
}

static void
test_to_connectable (void)
{
  g_autoptr(SwEndpoint) v4 = sw_endpoint_parse ("127.0.0.1", "7000", NONE, NULL);
  g_autoptr(SwEndpoint) v6 = sw_endpoint_parse ("[::1]:7001", NULL, NONE, NULL);
  g_autoptr(SwEndpoint) scoped = sw_endpoint_parse ("[fe80::1%3]:7002", NULL, NONE, NULL);
  g_autoptr(SwEndpoint) name = sw_endpoint_parse ("example.com", "7003", NONE, NULL);
  g_autoptr(SwEndpoint) idn = sw_endpoint_parse ("例子.测试", "7004", NONE, NULL);
  g_autoptr(SwEndpoint) no_such_if = sw_endpoint_new ("fe80::1%sw-no-such-if", 7005);
  g_autoptr(SwEndpoint) any = sw_endpoint_parse ("", "7006", ANY, NULL);
  g_autoptr(GSocketConnectable) c_v4 = sw_endpoint_to_connectable (v4);
  g_autoptr(GSocketConnectable) c_v6 = sw_endpoint_to_connectable (v6);
  g_autoptr(GSocketConnectable) c_scoped = sw_endpoint_to_connectable (scoped);
  g_autoptr(GSocketConnectable) c_name = sw_endpoint_to_connectable (name);
  g_autoptr(GSocketConnectable) c_idn = sw_endpoint_to_connectable (idn);
  g_autoptr(GSocketConnectable) c_no_such_if = sw_endpoint_to_connectable (no_such_if);
  g_autoptr(GSocketConnectable) c_any = sw_endpoint_to_connectable (any);

  check_inet_socket_address (c_v4, G_SOCKET_FAMILY_IPV4, "127.0.0.1", 7000, 0);
  check_inet_socket_address (c_v6, G_SOCKET_FAMILY_IPV6, "::1", 7001, 0);
  check_inet_socket_address (c_scoped, G_SOCKET_FAMILY_IPV6, "fe80::1", 7002, 3);

  /* Names are resolved only when connecting. */
  g_assert_true (G_IS_NETWORK_ADDRESS (c_name));
  g_assert_cmpstr (g_network_address_get_hostname (G_NETWORK_ADDRESS (c_name)), ==, "example.com");
  g_assert_cmpuint (g_network_address_get_port (G_NETWORK_ADDRESS (c_name)), ==, 7003);

  g_assert_true (G_IS_NETWORK_ADDRESS (c_idn));
  g_assert_cmpstr (g_network_address_get_hostname (G_NETWORK_ADDRESS (c_idn)), ==, "例子.测试");
  g_assert_cmpuint (g_network_address_get_port (G_NETWORK_ADDRESS (c_idn)), ==, 7004);

  /* An interface that does not exist: connecting reports it. */
  g_assert_true (G_IS_NETWORK_ADDRESS (c_no_such_if));
  g_assert_cmpstr (g_network_address_get_hostname (G_NETWORK_ADDRESS (c_no_such_if)), ==,
                   "fe80::1%sw-no-such-if");

  /* Nothing to connect to */
  g_assert_null (c_any);
}

static void
check_socket_address_string (GSocketAddress *address,
                             const char     *expected)
{
  g_autofree char *text = sw_socket_address_to_string (address);

  g_assert_cmpstr (text, ==, expected);
}

static GSocketAddress *
inet_socket_address_new (const char *address_text,
                         guint16     port,
                         guint32     scope_id)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (address_text);

  g_assert_nonnull (address);

  return g_object_new (G_TYPE_INET_SOCKET_ADDRESS,
                       "address", address,
                       "port", (guint) port,
                       "scope-id", scope_id,
                       NULL);
}

/* A socket address GLib cannot describe (like a GUnixSocketAddress, which
 * core code does not know about) */
#define TEST_TYPE_SOCKET_ADDRESS (test_socket_address_get_type ())
G_DECLARE_FINAL_TYPE (TestSocketAddress, test_socket_address, TEST, SOCKET_ADDRESS, GSocketAddress)

struct _TestSocketAddress
{
  GSocketAddress parent_instance;
};

G_DEFINE_FINAL_TYPE (TestSocketAddress, test_socket_address, G_TYPE_SOCKET_ADDRESS)

static void
test_socket_address_class_init (TestSocketAddressClass *klass)
{
}

static void
test_socket_address_init (TestSocketAddress *self)
{
}

static void
test_socket_address_to_string (void)
{
  struct {
    const char *address;
    guint16     port;
    guint32     scope_id;
    const char *expected;
  } cases[] = {
    { "127.0.0.1", 7000, 0, "127.0.0.1:7000" },
    { "0.0.0.0", 0, 0, "0.0.0.0:0" },
    { "255.255.255.255", 65535, 0, "255.255.255.255:65535" },
    { "::1", 7000, 0, "[::1]:7000" },
    { "::", 7000, 0, "[::]:7000" },
    { "2001:db8::1", 443, 0, "[2001:db8::1]:443" },
    /* What a dual-stack socket reports for an IPv4 peer */
    { "::ffff:1.2.3.4", 7000, 0, "1.2.3.4:7000" },
    { "::ffff:192.168.1.5", 80, 0, "192.168.1.5:80" },
    /* Neither mapped nor v4: stays IPv6, however the platform writes it
     * (NULL: expect "[" + g_inet_address_to_string () + "]:80") */
    { "::1.2.3.4", 80, 0, NULL },
    { "::fffe:1.2.3.4", 80, 0, NULL },
    { "0:0:0:0:1:ffff:102:304", 80, 0, NULL },
    { "fe80::1", 7000, 0, "[fe80::1]:7000" },
    { "fe80::1", 7000, 2, "[fe80::1%2]:7000" },
    { "fe80::abcd:1", 1, 4294967295u, "[fe80::abcd:1%4294967295]:1" },
    { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535, 4294967295u,
      "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff%4294967295]:65535" },
  };
  g_autoptr(GSocketAddress) from_string = NULL;
  g_autoptr(GSocketAddress) other = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSocketAddress) address = NULL;
      g_autofree char *expected = NULL;

      address = inet_socket_address_new (cases[i].address, cases[i].port, cases[i].scope_id);

      if (cases[i].expected != NULL)
        {
          expected = g_strdup (cases[i].expected);
        }
      else
        {
          GInetAddress *inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
          g_autofree char *text = g_inet_address_to_string (inet);

          g_assert_cmpuint (g_inet_address_get_family (inet), ==, G_SOCKET_FAMILY_IPV6);
          expected = g_strdup_printf ("[%s]:%u", text, (guint) cases[i].port);
        }

      check_socket_address_string (address, expected);
    }

  /* The scope id as GLib parses it */
  from_string = g_inet_socket_address_new_from_string ("fe80::1%1", 7000);
  g_assert_nonnull (from_string);
  check_socket_address_string (from_string, "[fe80::1%1]:7000");

  other = g_object_new (TEST_TYPE_SOCKET_ADDRESS, NULL);
  check_socket_address_string (other, "TestSocketAddress");
}

static void
test_refcount (void)
{
  SwEndpoint *endpoint = sw_endpoint_parse ("127.0.0.1", "80", NONE, NULL);
  GInetAddress *address = sw_endpoint_get_inet_address (endpoint);
  GValue value = G_VALUE_INIT;
  SwEndpoint *copy;

  g_assert_nonnull (address);
  g_object_add_weak_pointer (G_OBJECT (address), (gpointer *) &address);

  g_assert_true (sw_endpoint_ref (endpoint) == endpoint);

  /* A boxed copy is another reference to the same, immutable value. */
  g_assert_true (g_type_is_a (SW_TYPE_ENDPOINT, G_TYPE_BOXED));
  copy = g_boxed_copy (SW_TYPE_ENDPOINT, endpoint);
  g_assert_true (copy == endpoint);
  g_boxed_free (SW_TYPE_ENDPOINT, copy);

  g_value_init (&value, SW_TYPE_ENDPOINT);
  g_value_set_boxed (&value, endpoint);
  g_assert_true (g_value_get_boxed (&value) == endpoint);

  sw_endpoint_unref (endpoint);
  g_assert_nonnull (address);
  g_value_unset (&value);
  g_assert_nonnull (address);

  {
    g_autoptr(SwEndpoint) scoped = sw_endpoint_ref (endpoint);

    g_assert_cmpuint (sw_endpoint_get_port (scoped), ==, 80);
  }
  g_assert_nonnull (address);

  /* The last reference frees the endpoint and what it owns. */
  sw_endpoint_unref (endpoint);
  g_assert_null (address);
}

static void
test_parse_uri (void)
{
  static const struct {
    const char       *uri;
    SwEndpointScheme  scheme;
    const char       *host;   /* NULL: any */
    guint16           port;
    const char       *again;  /* what sw_endpoint_to_uri() gives */
  } good[] = {
    { "tcp://127.0.0.1:7000", SW_ENDPOINT_SCHEME_TCP, "127.0.0.1", 7000, "tcp://127.0.0.1:7000" },
    { "TCP://Example.com:80/", SW_ENDPOINT_SCHEME_TCP, "Example.com", 80, "tcp://Example.com:80" },
    { "udp://[::1]:53", SW_ENDPOINT_SCHEME_UDP, "::1", 53, "udp://[::1]:53" },
    { "tls://[fe80::1%25eth0]:443", SW_ENDPOINT_SCHEME_TLS, "fe80::1%eth0", 443,
      "tls://[fe80::1%25eth0]:443" },
    { "udp://[fe80::1%eth0]:9", SW_ENDPOINT_SCHEME_UDP, "fe80::1%eth0", 9, "udp://[fe80::1%25eth0]:9" },
    { "tcp-listen://:7000", SW_ENDPOINT_SCHEME_TCP_LISTEN, NULL, 7000, "tcp-listen://*:7000" },
    { "tcp-listen://", SW_ENDPOINT_SCHEME_TCP_LISTEN, NULL, 0, "tcp-listen://*:0" },
    { "udp-bind://0.0.0.0:0", SW_ENDPOINT_SCHEME_UDP_BIND, "0.0.0.0", 0, "udp-bind://0.0.0.0:0" },
    { "udp-bind://[::]", SW_ENDPOINT_SCHEME_UDP_BIND, "::", 0, "udp-bind://[::]:0" },
    { "tcp-listen://*:8080", SW_ENDPOINT_SCHEME_TCP_LISTEN, NULL, 8080, "tcp-listen://*:8080" },
  };
  static const struct {
    const char *uri;
    int         code;
    const char *message;
  } bad[] = {
    { "127.0.0.1:7000", SW_ENDPOINT_ERROR_INVALID_URI, "is not an address this program understands" },
    { "http://example.com:80", SW_ENDPOINT_ERROR_INVALID_URI, "tcp://HOST:PORT, tls://HOST:PORT" },
    { "tcp://example.com:80/path", SW_ENDPOINT_ERROR_INVALID_URI, "has something after the port" },
    { "tcp://example.com", SW_ENDPOINT_ERROR_MISSING_PORT,
      "“tcp://example.com” has no port: write it as tcp://HOST:PORT" },
    { "udp://:53", SW_ENDPOINT_ERROR_EMPTY_HOST, "“udp://:53” has no host: write it as udp://HOST:PORT" },
    { "tcp://host:0", SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE, "Port must be 1–65535" },
    { "tcp-listen://:70000", SW_ENDPOINT_ERROR_PORT_OUT_OF_RANGE, "Port must be 0–65535" },
    { "tcp://::1:7000", SW_ENDPOINT_ERROR_INVALID_HOST, "put the IPv6 address in brackets" },
    { "tcp://[::1:7000", SW_ENDPOINT_ERROR_INVALID_HOST, "missing the closing bracket" },
    { "tcp://exa mple:1", SW_ENDPOINT_ERROR_INVALID_HOST, "contains a space" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(SwEndpoint) endpoint = NULL;
      g_autoptr(SwEndpoint) again = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = NULL;
      SwEndpointScheme scheme = G_MAXINT;
      SwEndpointScheme scheme_again = G_MAXINT;

      endpoint = sw_endpoint_parse_uri (good[i].uri, &scheme, &error);
      g_assert_no_error (error);
      g_assert_cmpint (scheme, ==, good[i].scheme);
      g_assert_cmpstr (sw_endpoint_get_host (endpoint), ==, good[i].host);
      g_assert_cmpuint (sw_endpoint_get_port (endpoint), ==, good[i].port);

      uri = sw_endpoint_to_uri (endpoint, scheme);
      g_assert_cmpstr (uri, ==, good[i].again);
      again = sw_endpoint_parse_uri (uri, &scheme_again, &error);
      g_assert_no_error (error);
      g_assert_cmpint (scheme_again, ==, scheme);
      g_assert_cmpstr (sw_endpoint_get_host (again), ==, good[i].host);
      g_assert_cmpuint (sw_endpoint_get_port (again), ==, good[i].port);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(SwEndpoint) endpoint = NULL;
      g_autoptr(GError) error = NULL;

      endpoint = sw_endpoint_parse_uri (bad[i].uri, NULL, &error);
      g_assert_null (endpoint);
      g_assert_error (error, SW_ENDPOINT_ERROR, bad[i].code);
      if (strstr (error->message, bad[i].message) == NULL)
        g_error ("%s: “%s” does not say “%s”", bad[i].uri, error->message, bad[i].message);
    }

  g_assert_cmpstr (sw_endpoint_scheme_to_string (SW_ENDPOINT_SCHEME_UDP_BIND), ==, "udp-bind");
  g_assert_true (sw_endpoint_scheme_is_local (SW_ENDPOINT_SCHEME_TCP_LISTEN));
  g_assert_false (sw_endpoint_scheme_is_local (SW_ENDPOINT_SCHEME_TLS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sw/endpoint/parse/accepts", test_parse_accepts);
  g_test_add_func ("/sw/endpoint/parse/round-trip", test_parse_round_trip);
  g_test_add_func ("/sw/endpoint/parse/errors", test_parse_errors);
  g_test_add_func ("/sw/endpoint/parse/name-length", test_parse_name_length);
  g_test_add_func ("/sw/endpoint/parse/idn-length", test_parse_idn_length);
  g_test_add_func ("/sw/endpoint/new", test_new);
  g_test_add_func ("/sw/endpoint/new-guards", test_new_guards);
  g_test_add_func ("/sw/endpoint/inet-address", test_inet_address);
  g_test_add_func ("/sw/endpoint/to-connectable", test_to_connectable);
  g_test_add_func ("/sw/endpoint/socket-address-to-string", test_socket_address_to_string);
  g_test_add_func ("/sw/endpoint/refcount", test_refcount);
  g_test_add_func ("/sw/endpoint/parse-uri", test_parse_uri);

  return g_test_run ();
}

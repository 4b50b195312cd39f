/* test-client-tls.c: TLS errors are errors
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-client-test-util.h"

static void
test_untrusted_certificate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "server", "test-tls-cert.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "server", "test-tls-key.pem", NULL);
  const char *args[] = { "--tls-cert", cert, "--tls-key", key, NULL };
  g_autofree char *saved = g_strdup (g_getenv ("ASAN_OPTIONS"));
  g_autofree char *options = g_strconcat (saved != NULL ? saved : "", saved != NULL ? ":" : "",
                                          "detect_leaks=0", NULL);
  g_autoptr(MpTestServer) server = NULL;
  g_autoptr(MpClient) client = NULL;
  g_autoptr(MpAccount) account = NULL;
  g_autoptr(GListModel) marketplaces = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *base = NULL;

  /* As in the server's TLS test: LeakSanitizer's exit-time scan trips over
   * the TLS backend's threads in the server.
   */
  g_setenv ("ASAN_OPTIONS", options, TRUE);
  server = mp_test_server_start (args, &error);
  if (saved != NULL)
    g_setenv ("ASAN_OPTIONS", saved, TRUE);
  else
    g_unsetenv ("ASAN_OPTIONS");
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (mp_test_server_get_url (server), "https://"));

  /* A self-signed certificate nobody trusts: refused, never ignored. */
  base = mp_test_server_get_base_url (server, "US");
  client = mp_client_new (base, "US", "demo-reseller", "Demo-Reseller-1", "demo-subscription-key");
  mp_client_login_async (client, NULL, mp_test_store_result, &result);
  account = mp_client_login_finish (client, mp_test_wait (&result), &error);
  g_assert_null (account);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_TLS);
  g_clear_error (&error);
  g_clear_object (&result);

  mp_client_list_marketplaces_async (mp_test_server_get_url (server), NULL, mp_test_store_result,
                                     &result);
  marketplaces = mp_client_list_marketplaces_finish (mp_test_wait (&result), &error);
  g_assert_null (marketplaces);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_TLS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client/tls/untrusted-certificate", test_untrusted_certificate);
  return g_test_run ();
}

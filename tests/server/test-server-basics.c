/* test-server-basics.c: start, stop, restart the real server
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "mp-server-test-util.h"

static void
test_start_stop (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) server = mp_test_server_start (NULL, &error);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(MpTestResponse) response = NULL;
  g_autofree char *url = NULL;
  g_autofree char *base = NULL;
  g_autofree char *db = NULL;
  const char *old_url;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (mp_test_server_get_url (server), "http://127.0.0.1:"));
  g_assert_cmpint (mp_test_server_get_pid (server), >, 0);
  base = mp_test_server_get_base_url (server, "US");
  g_assert_true (g_str_has_suffix (base, "/marketplace/US"));
  db = g_build_filename (mp_test_server_get_data_dir (server), "marketplace.db", NULL);
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));

  url = g_strconcat (mp_test_server_get_url (server), "/marketplaces", NULL);
  response = mp_test_request (session, "GET", url, NULL, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_nonnull (soup_message_headers_get_one (response->headers, "X-Correlation-ID"));
  g_assert_cmpstr (mp_test_string (mp_test_object (response), "data.0.code"), ==, "US");

  /* Clean exit on SIGTERM, then a restart on the same data */
  old_url = mp_test_server_get_url (server);
  g_assert_nonnull (old_url);
  mp_test_server_kill (server, SIGTERM);
  g_assert_true (mp_test_server_exited_cleanly (server));
  g_assert_true (mp_test_server_restart (server, &error));
  g_assert_no_error (error);
  g_clear_pointer (&response, mp_test_response_free);
  g_free (url);
  url = g_strconcat (mp_test_server_get_url (server), "/marketplaces", NULL);
  response = mp_test_request (session, "GET", url, NULL, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 200);

  /* SIGINT is a clean exit too */
  mp_test_server_kill (server, SIGINT);
  g_assert_true (mp_test_server_exited_cleanly (server));
}

static void
test_bad_binary (void)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--no-such-option", NULL };
  MpTestServer *server = mp_test_server_start (args, &error);

  g_assert_null (server);
  g_assert_nonnull (error);
}

static void
test_catalog_option (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mp-catalog-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "tiny.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  const char *tiny =
    "{\"marketplaces\": [{\"code\": \"NZ\", \"name\": \"New Zealand\", \"country\": \"NZ\","
    " \"currency\": \"NZD\", \"language\": \"en\"}]}";
  const char *missing_args[] = { "--catalog", "/nonexistent/catalog.json", NULL };
  const char *bad_args[] = { "--catalog", bad, NULL };
  const char *args[] = { "--catalog", path, NULL };
  MpTestServer *failed;
  g_autoptr(MpTestServer) server = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(MpTestResponse) response = NULL;
  g_autofree char *url = NULL;

  g_assert_true (g_file_set_contents (path, tiny, -1, NULL));
  g_assert_true (g_file_set_contents (bad, "{\"marketplaces\": [", -1, NULL));

  failed = mp_test_server_start (missing_args, &error);
  g_assert_null (failed);
  g_clear_error (&error);
  failed = mp_test_server_start (bad_args, &error);
  g_assert_null (failed);
  g_clear_error (&error);

  server = mp_test_server_start (args, &error);
  g_assert_no_error (error);
  url = g_strconcat (mp_test_server_get_url (server), "/marketplaces", NULL);
  response = mp_test_request (session, "GET", url, NULL, NULL, NULL);
  g_assert_cmpint (mp_test_int (mp_test_object (response), "pagination.total"), ==, 1);
  g_assert_cmpstr (mp_test_string (mp_test_object (response), "data.0.currency"), ==, "NZD");

  g_unlink (path);
  g_unlink (bad);
  g_rmdir (dir);
}

static void
test_refuse_public (void)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--listen", "0.0.0.0:0", NULL };
  MpTestServer *server = mp_test_server_start (args, &error);

  g_assert_null (server);
  g_assert_nonnull (error);
}

static gboolean
accept_any_certificate (SoupMessage          *msg,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              user_data)
{
  return TRUE;
}

static void
test_tls (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "server", "test-tls-cert.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "server", "test-tls-key.pem", NULL);
  const char *args[] = { "--tls-cert", cert, "--tls-key", key, NULL };
  g_autofree char *saved = g_strdup (g_getenv ("ASAN_OPTIONS"));
  g_autofree char *options = g_strconcat (saved != NULL ? saved : "", saved != NULL ? ":" : "",
                                          "detect_leaks=0", NULL);
  g_autoptr(MpTestServer) server = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;

  /* LeakSanitizer's exit-time scan crashes in the TLS backend's threads
   * (a sanitizer problem, not a leak): skip it for this one server.
   */
  g_setenv ("ASAN_OPTIONS", options, TRUE);
  server = mp_test_server_start (args, &error);
  if (saved != NULL)
    g_setenv ("ASAN_OPTIONS", saved, TRUE);
  else
    g_unsetenv ("ASAN_OPTIONS");
  session = soup_session_new ();
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (mp_test_server_get_url (server), "https://127.0.0.1:"));
  url = g_strconcat (mp_test_server_get_url (server), "/marketplaces", NULL);
  msg = soup_message_new ("GET", url);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/basics/start-stop", test_start_stop);
  g_test_add_func ("/server/basics/bad-arguments", test_bad_binary);
  g_test_add_func ("/server/basics/catalog-option", test_catalog_option);
  g_test_add_func ("/server/basics/refuse-public", test_refuse_public);
  g_test_add_func ("/server/basics/tls", test_tls);
  return g_test_run ();
}

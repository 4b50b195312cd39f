/* test-server-noext.c: --no-extensions behaves as plain SimpleAPI 1.15
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "mp-server-test-util.h"

static void
test_plain (void)
{
  const char *args[] = { "--no-extensions", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) server = mp_test_server_start (args, &error);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *base = NULL;
  g_autofree char *token = NULL;
  g_autofree char *u = NULL;
  g_autofree char *order_url = NULL;
  g_autoptr(MpTestResponse) r = NULL;
  g_autoptr(MpTestResponse) r2 = NULL;
  JsonObject *o;
  const char *body = "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"110\","
                     " \"products\": [{\"mpn\": \"FAB-OB-USER\", \"quantity\": 2}]}";

  g_assert_no_error (error);
  base = mp_test_server_get_base_url (server, "US");
  token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");

  /* no announcement, no extension endpoints */
  u = g_strconcat (base, "/plans/100", NULL);
  r = mp_test_request (session, "GET", u, token, NULL, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_null (soup_message_headers_get_one (r->headers, "X-Market-Panel-Extensions"));
  o = mp_test_object (r);
  g_assert_nonnull (mp_test_string (o, "name"));
  g_assert_nonnull (json_object_get_array_member (o, "subscriptionPeriods"));
  g_assert_false (json_object_has_member (o, "products"));
  g_assert_false (json_object_has_member (o, "audience"));
  g_assert_false (json_object_has_member (o, "termsAndConditions"));
  g_assert_false (json_object_has_member (o, "category"));
  g_clear_pointer (&r, mp_test_response_free);
  g_free (u);

  {
    const char *paths[] = { "/me", "/categories", NULL };
    guint i;

    for (i = 0; paths[i] != NULL; i++)
      {
        g_autofree char *p = g_strconcat (base, paths[i], NULL);

        r = mp_test_request (session, "GET", p, token, NULL, NULL);
        mp_test_assert_error (r, 404);
        g_clear_pointer (&r, mp_test_response_free);
      }
  }
  u = g_strconcat (mp_test_server_get_url (server), "/marketplaces", NULL);
  r = mp_test_request (session, "GET", u, NULL, NULL, NULL);
  mp_test_assert_error (r, 404);
  g_clear_pointer (&r, mp_test_response_free);
  g_free (u);

  /* no customer logins */
  {
    g_autofree char *token_url = g_strconcat (base, "/token", NULL);
    const char *basic = "Basic YWNtZS1hZG1pbjpEZW1vLUN1c3RvbWVyLTE="; /* acme-admin:Demo-Customer-1 */

    r = mp_test_request_full (session, "POST", token_url, basic, MP_DEMO_KEY, NULL, "{\"marketplace\": \"us\"}", 21, NULL);
    mp_test_assert_error (r, 401);
    g_clear_pointer (&r, mp_test_response_free);
  }

  /* a refusal carries no "refusal" member (an extension) */
  {
    g_autofree char *orders = g_strconcat (base, "/orders", NULL);
    g_autoptr(MpTestResponse) refused = mp_test_request (session, "POST", orders, token,
                                                         "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\","
                                                         " \"subscriptionPeriod\": {\"type\": \"month\", \"duration\": 3}}", NULL);

    mp_test_assert_error (refused, 400);
    g_assert_false (json_object_has_member (mp_test_object (refused), "refusal"));
  }

  /* no terms needed; Idempotency-Key ignored: two orders */
  u = g_strconcat (base, "/orders", NULL);
  r = mp_test_request (session, "POST", u, token, body, "Idempotency-Key", "k", NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_false (json_object_has_member (mp_test_object (r), "provisioning"));
  r2 = mp_test_request (session, "POST", u, token, body, "Idempotency-Key", "k", NULL);
  g_assert_cmpuint (r2->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "id"), !=, mp_test_string (mp_test_object (r2), "id"));

  /* Prefer: wait ignored */
  order_url = g_strconcat (u, "/", mp_test_string (mp_test_object (r2), "id"), NULL);
  g_clear_pointer (&r, mp_test_response_free);
  r = mp_test_request (session, "GET", order_url, token, NULL, "Prefer", "wait=30", NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_null (soup_message_headers_get_one (r->headers, "Preference-Applied"));
  g_clear_pointer (&r, mp_test_response_free);

  /* list rows as SimpleAPI has them: no resource lines, no totals */
  g_free (u);
  u = g_strconcat (base, "/subscriptions?limit=100", NULL);
  r = mp_test_request (session, "GET", u, token, NULL, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_nonnull (mp_test_string (mp_test_object (r), "data.0.id"));
  g_assert_null (mp_test_string (mp_test_object (r), "data.0.products.0.mpn"));
  g_assert_null (mp_test_string (mp_test_object (r), "data.0.totalPrice.amount"));
  g_clear_pointer (&r, mp_test_response_free);

  /* subscriptions without usage */
  g_free (u);
  u = g_strconcat (base, "/subscriptions/1000101", NULL);
  r = mp_test_request (session, "GET", u, token, NULL, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_nonnull (mp_test_string (mp_test_object (r), "products.0.mpn"));
  g_assert_cmpint (mp_test_int (mp_test_object (r), "products.0.usage"), ==, G_MININT64);
  g_clear_pointer (&r, mp_test_response_free);

  /* list rows without the list-row extension (products[] and totals) */
  g_free (u);
  u = g_strconcat (base, "/subscriptions?limit=5", NULL);
  r = mp_test_request (session, "GET", u, token, NULL, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_nonnull (mp_test_string (mp_test_object (r), "data.0.id"));
  g_assert_false (json_object_has_member (json_array_get_object_element (json_object_get_array_member (mp_test_object (r), "data"), 0),
                                          "products"));
  g_assert_false (json_object_has_member (json_array_get_object_element (json_object_get_array_member (mp_test_object (r), "data"), 0),
                                          "totalPrice"));

  mp_test_server_kill (server, SIGTERM);
  g_assert_true (mp_test_server_exited_cleanly (server));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/no-extensions/plain", test_plain);
  return g_test_run ();
}

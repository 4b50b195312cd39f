/* test-server-hardening.c: the real server probed as an attacker or a
 * clumsy integrator would (issue 13): odd JSON, odd paths, floods, shutdown
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "mp-server-test-util.h"

static MpTestServer *server;
static SoupSession *session;
static char *base;
static char *reseller_token;

static MpTestResponse *
call (const char *method,
      const char *path,
      const char *token,
      const char *body)
{
  g_autofree char *u = g_strconcat (base, path, NULL);

  return mp_test_request (session, method, u, token, body, NULL);
}

/* Item 4: json-glib cuts a string at an escaped NUL, so "us\u0000zz" would
 * be stored as "US": every such string is refused.
 */
static void
test_nul_escape (void)
{
  static const struct { const char *path; const char *body; } cases[] = {
    { "/customers",
      "{\"name\": \"Nul Ltd\", \"language\": \"en\", \"address\": {\"streetAddress\": \"a\","
      " \"postalCode\": \"1\", \"city\": \"c\", \"countryCode\": \"us\\u0000zz\"},"
      " \"contactPersons\": [{\"firstName\": \"a\", \"lastName\": \"b\", \"email\": \"a@b.c\","
      " \"phoneNumber\": \"1\"}]}" },
    { "/orders",
      "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"poNumber\": \"PO-1\\u0000hidden\","
      " \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"],"
      " \"products\": [{\"mpn\": \"FAB-OB-USER\", \"quantity\": 1}]}" },
    { "/orders/estimate",
      "{\"type\": \"sales\", \"customerId\": \"1000001\","
      " \"products\": [{\"mpn\": \"FAB-OB-USER\\u0000junk\", \"quantity\": 1}]}" },
    /* in a member name too */
    { "/orders/estimate",
      "{\"type\": \"sales\", \"customerId\": \"1000001\", \"po\\u0000Number\": \"x\","
      " \"products\": [{\"mpn\": \"FAB-OB-USER\", \"quantity\": 1}]}" },
  };
  g_autoptr(MpTestResponse) r = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      r = call ("POST", cases[i].path, reseller_token, cases[i].body);
      mp_test_assert_error (r, 400);
      g_assert_nonnull (strstr (mp_test_string (mp_test_object (r), "message"), "NUL"));
      g_clear_pointer (&r, mp_test_response_free);
    }

  /* An escaped backslash before "u0000" is no NUL: the estimate goes through. */
  r = call ("POST", "/orders/estimate", reseller_token,
            "{\"type\": \"sales\", \"customerId\": \"1000001\", \"poNumber\": \"a\\\\u0000\","
            " \"products\": [{\"mpn\": \"FAB-OB-USER\", \"quantity\": 1}]}");
  g_assert_cmpuint (r->status, ==, 200);
}

/* Item 5: PATCH /subscriptions/{id} keeps `attributes`. */
static void
test_subscription_attributes (void)
{
  g_autoptr(MpTestResponse) r = NULL;
  JsonObject *attributes;

  r = call ("PATCH", "/subscriptions/1000101", reseller_token,
            "{\"attributes\": {\"costCenter\": \"CC-7\", \"owner\": \"it\"}}");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "attributes.costCenter"), ==, "CC-7");
  g_clear_pointer (&r, mp_test_response_free);

  /* kept, on the detail and in the list */
  r = call ("GET", "/subscriptions/1000101", reseller_token, NULL);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "attributes.owner"), ==, "it");
  g_clear_pointer (&r, mp_test_response_free);
  r = call ("GET", "/subscriptions?limit=1000", reseller_token, NULL);
  {
    JsonArray *data = json_object_get_array_member (mp_test_object (r), "data");
    gboolean seen = FALSE;

    for (guint i = 0; i < json_array_get_length (data); i++)
      {
        JsonObject *s = json_array_get_object_element (data, i);

        if (g_strcmp0 (json_object_get_string_member (s, "id"), "1000101") == 0)
          {
            attributes = json_object_get_object_member (s, "attributes");
            g_assert_cmpstr (json_object_get_string_member (attributes, "costCenter"), ==, "CC-7");
            seen = TRUE;
          }
      }
    g_assert_true (seen);
  }
  g_clear_pointer (&r, mp_test_response_free);

  /* combined with renewalStatus: both take effect; the new map replaces the old */
  r = call ("PATCH", "/subscriptions/1000101", reseller_token,
            "{\"renewalStatus\": false, \"attributes\": {\"costCenter\": \"CC-8\"}}");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_false (mp_test_int (mp_test_object (r), "renewalStatus"));
  attributes = json_object_get_object_member (mp_test_object (r), "attributes");
  g_assert_cmpstr (json_object_get_string_member (attributes, "costCenter"), ==, "CC-8");
  g_assert_false (json_object_has_member (attributes, "owner"));
  g_clear_pointer (&r, mp_test_response_free);
  r = call ("PATCH", "/subscriptions/1000101", reseller_token, "{\"renewalStatus\": true}");
  g_assert_true (mp_test_int (mp_test_object (r), "renewalStatus"));
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "attributes.costCenter"), ==, "CC-8");
  g_clear_pointer (&r, mp_test_response_free);

  /* validated as a customer's attributes: strings only */
  r = call ("PATCH", "/subscriptions/1000101", reseller_token, "{\"attributes\": {\"n\": 5}}");
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = call ("PATCH", "/subscriptions/1000101", reseller_token, "{\"attributes\": [\"x\"]}");
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = call ("GET", "/subscriptions/1000101", reseller_token, NULL);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "attributes.costCenter"), ==, "CC-8");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = mp_test_server_start (NULL, &error);
  g_assert_no_error (error);
  session = soup_session_new ();
  base = mp_test_server_get_base_url (server, "US");
  reseller_token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");

  g_test_add_func ("/server/hardening/nul-escape", test_nul_escape);
  g_test_add_func ("/server/hardening/subscription-attributes", test_subscription_attributes);
  status = g_test_run ();

  g_free (reseller_token);
  g_free (base);
  g_object_unref (session);
  mp_test_server_free (server);
  return status;
}

/* test-server-authz.c: who may see and change what
 *
 * Every endpoint against every kind of caller: anonymous, customer A
 * (Acme), customer B (Globex), the reseller of both, and another reseller.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "mp-server-test-util.h"

enum { ANON, CUST_A, CUST_B, RESELLER, OTHER, N_WHO };

static const char *who_names[N_WHO] = { "anonymous", "customer A", "customer B", "reseller", "other reseller" };

static MpTestServer *server;
static SoupSession *session;
static char *base;
static char *tokens[N_WHO];

typedef struct
{
  const char *method;
  const char *path;
  const char *body;
  guint       expect[N_WHO];
} Case;

/* Acme (A) is 1000001 with subscription 1000101 and the sales order
 * 7000002; the reseller's own subscription is 1000100; Umbrella
 * (1000011) belongs to the other reseller.
 */
#define ACME_ESTIMATE "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"110\"}"
#define ACME_CHANGE "{\"type\": \"change\", \"subscriptionId\": \"1000101\", \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 60}]}"
#define NEW_CUSTOMER \
  "{\"name\": \"Pied Piper\", \"language\": \"en\"," \
  " \"address\": {\"streetAddress\": \"5230 Newell Road\", \"postalCode\": \"94303\", \"city\": \"Palo Alto\", \"countryCode\": \"US\"}," \
  " \"contactPersons\": [{\"firstName\": \"Richard\", \"lastName\": \"Hendricks\", \"email\": \"richard@piedpiper.example\", \"phoneNumber\": \"1##6505550199#\"}]}"

static const Case cases[] = {
  /*                                                               anon  A    B    R    O */
  { "GET",   "/me", NULL,                                          { 401, 200, 200, 200, 200 } },
  { "GET",   "/categories", NULL,                                  { 401, 200, 200, 200, 200 } },
  { "GET",   "/plans", NULL,                                       { 401, 200, 200, 200, 200 } },
  { "GET",   "/plans/100", NULL,                                   { 401, 200, 200, 200, 200 } },
  { "GET",   "/products", NULL,                                    { 401, 200, 200, 200, 200 } },
  { "GET",   "/customers", NULL,                                   { 401, 200, 200, 200, 200 } },
  { "POST",  "/customers", NEW_CUSTOMER,                           { 401, 403, 403, 200, 200 } },
  { "GET",   "/customers/1000001", NULL,                           { 401, 200, 404, 200, 404 } },
  { "PATCH", "/customers/1000001", "{\"taxRegId\": \"T-1\"}",      { 401, 200, 404, 200, 404 } },
  { "GET",   "/customers/1000011", NULL,                           { 401, 404, 404, 404, 200 } },
  { "GET",   "/customers/1000000", NULL,                           { 401, 404, 404, 404, 404 } },
  { "GET",   "/resellers", NULL,                                   { 401, 403, 403, 200, 200 } },
  { "GET",   "/resellers/1000000", NULL,                           { 401, 404, 404, 200, 404 } },
  { "GET",   "/resellers/1000000/customers", NULL,                 { 401, 404, 404, 200, 404 } },
  { "POST",  "/resellers/1000000/customers", NEW_CUSTOMER,         { 401, 404, 404, 200, 404 } },
  { "GET",   "/resellers/1000000/orders", NULL,                    { 401, 404, 404, 200, 404 } },
  { "GET",   "/subscriptions", NULL,                               { 401, 200, 200, 200, 200 } },
  { "GET",   "/subscriptions/1000101", NULL,                       { 401, 200, 404, 200, 404 } },
  { "PATCH", "/subscriptions/1000101", "{\"renewalStatus\": true}", { 401, 200, 404, 200, 404 } },
  { "GET",   "/subscriptions/1000100", NULL,                       { 401, 404, 404, 200, 404 } },
  { "GET",   "/subscriptions/1000107", NULL,                       { 401, 404, 404, 404, 200 } },
  { "GET",   "/orders", NULL,                                      { 401, 200, 200, 200, 200 } },
  { "GET",   "/orders/7000002", NULL,                              { 401, 200, 404, 200, 404 } },
  { "PATCH", "/orders/7000002", "{\"statusCode\": \"CL\"}",        { 401, 409, 404, 409, 404 } },
  { "POST",  "/orders/estimate", ACME_ESTIMATE,                    { 401, 200, 404, 200, 404 } },
  { "POST",  "/orders/estimate", ACME_CHANGE,                      { 401, 200, 404, 200, 404 } },
  { "POST",  "/orders", ACME_ESTIMATE,                             { 401, 400, 404, 400, 404 } },
};

static void
test_table (void)
{
  guint i, w;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    for (w = 0; w < N_WHO; w++)
      {
        g_autofree char *u = g_strconcat (base, cases[i].path, NULL);
        g_autoptr(MpTestResponse) r = mp_test_request (session, cases[i].method, u, tokens[w], cases[i].body, NULL);

        if (r->status != cases[i].expect[w])
          g_printerr ("%s %s as %s: expected %u, got %u: %s\n", cases[i].method, cases[i].path, who_names[w],
                      cases[i].expect[w], r->status, r->body);
        g_assert_cmpuint (r->status, ==, cases[i].expect[w]);
        if (r->status >= 400)
          mp_test_assert_error (r, r->status);
      }
}

/* Lists only ever hold what the caller may see. */
static void
check_list (const char   *path,
            const char   *member,
            int           who,
            const char  **allowed)
{
  g_autofree char *u = g_strconcat (base, path, NULL);
  g_autoptr(MpTestResponse) r = mp_test_request (session, "GET", u, tokens[who], NULL, NULL);
  JsonArray *data;
  guint i;

  g_assert_cmpuint (r->status, ==, 200);
  data = json_object_get_array_member (mp_test_object (r), "data");
  g_assert_cmpuint (json_array_get_length (data), >, 0);
  for (i = 0; i < json_array_get_length (data); i++)
    {
      const char *value = json_object_get_string_member (json_array_get_object_element (data, i), member);

      if (!g_strv_contains (allowed, value))
        g_printerr ("%s as %s lists %s %s\n", path, who_names[who], member, value);
      g_assert_true (g_strv_contains (allowed, value));
    }
}

static void
test_lists (void)
{
  const char *only_a[] = { "1000001", NULL };
  const char *only_b[] = { "1000002", NULL };
  const char *resellers[] = { "1000000", "1000001", "1000002", "1000003", NULL };
  /* the table test created 1000012 and 1000014 for the reseller, 1000013 for the other */
  const char *resellers_customers[] = { "1000001", "1000002", "1000003", "1000012", "1000014", NULL };
  const char *other[] = { "1000010", "1000011", NULL };
  const char *other_customers[] = { "1000011", "1000013", NULL };

  check_list ("/customers?limit=1000", "id", CUST_A, only_a);
  check_list ("/customers?limit=1000", "id", CUST_B, only_b);
  check_list ("/customers?limit=1000", "id", OTHER, other_customers);
  check_list ("/subscriptions?limit=1000", "customerId", CUST_A, only_a);
  check_list ("/subscriptions?limit=1000", "customerId", CUST_B, only_b);
  check_list ("/subscriptions?limit=1000", "customerId", RESELLER, resellers);
  check_list ("/subscriptions?limit=1000", "customerId", OTHER, other);
  check_list ("/orders?limit=1000", "customerId", CUST_A, only_a);
  check_list ("/orders?limit=1000", "customerId", CUST_B, only_b);
  check_list ("/orders?limit=1000", "customerId", RESELLER, resellers);
  check_list ("/orders?limit=1000", "customerId", OTHER, other);

  /* filters cannot widen the view */
  {
    g_autofree char *u = g_strconcat (base, "/subscriptions?customerId=1000001", NULL);
    g_autoptr(MpTestResponse) r = mp_test_request (session, "GET", u, tokens[CUST_B], NULL, NULL);

    g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 0);
  }
  {
    g_autofree char *u = g_strconcat (base, "/orders?customerId=1000001", NULL);
    g_autoptr(MpTestResponse) r = mp_test_request (session, "GET", u, tokens[OTHER], NULL, NULL);

    g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 0);
  }
  {
    g_autofree char *u = g_strconcat (base, "/customers?resellerId=1000000", NULL);
    g_autoptr(MpTestResponse) r = mp_test_request (session, "GET", u, tokens[OTHER], NULL, NULL);

    g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 0);
  }
  check_list ("/customers?limit=1000", "id", RESELLER, resellers_customers);
}

/* Orders placed by one caller for another's customer are refused, and
 * nothing is written.
 */
static void
test_orders (void)
{
  const char *body = "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"110\","
                     " \"acceptedTerms\": [\"tc-marketplace\", \"tc-fabrikam-vendor\"]}";
  const char *change = "{\"type\": \"change\", \"subscriptionId\": \"1000102\","
                       " \"products\": [{\"mpn\": \"FAB-OS-USER\", \"quantity\": 41}]}";
  g_autofree char *u = g_strconcat (base, "/orders", NULL);
  g_autofree char *count_url = g_strconcat (base, "/orders?limit=1", NULL);
  g_autoptr(MpTestResponse) before = mp_test_request (session, "GET", count_url, tokens[RESELLER], NULL, NULL);
  g_autoptr(MpTestResponse) after = NULL;
  gint64 total = mp_test_int (mp_test_object (before), "pagination.total");
  int w;

  for (w = 0; w < N_WHO; w++)
    {
      g_autoptr(MpTestResponse) r = mp_test_request (session, "POST", u, tokens[w], body, NULL);
      g_autoptr(MpTestResponse) c = NULL;
      guint expected = w == ANON ? 401 : (w == CUST_B || w == OTHER) ? 404 : 200;

      if (r->status != expected)
        g_printerr ("sales as %s: %u %s\n", who_names[w], r->status, r->body);
      g_assert_cmpuint (r->status, ==, expected);
      if (expected == 200)
        total++;
      /* a change order, once per caller that may: the second is a 409 */
      c = mp_test_request (session, "POST", u, tokens[w], change, NULL);
      expected = w == ANON ? 401 : (w == CUST_B || w == OTHER) ? 404 : w == CUST_A ? 200 : 409;
      if (c->status != expected)
        g_printerr ("change as %s: %u %s\n", who_names[w], c->status, c->body);
      g_assert_cmpuint (c->status, ==, expected);
      if (expected == 200)
        total++;
    }
  after = mp_test_request (session, "GET", count_url, tokens[RESELLER], NULL, NULL);
  g_assert_cmpint (mp_test_int (mp_test_object (after), "pagination.total"), ==, total);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status, w;

  g_test_init (&argc, &argv, NULL);
  server = mp_test_server_start (NULL, &error);
  g_assert_no_error (error);
  session = soup_session_new ();
  base = mp_test_server_get_base_url (server, "US");
  tokens[ANON] = NULL;
  tokens[CUST_A] = mp_test_login (session, base, "acme-admin", "Demo-Customer-1");
  tokens[CUST_B] = mp_test_login (session, base, "globex-admin", "Demo-Customer-2");
  tokens[RESELLER] = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");
  tokens[OTHER] = mp_test_login (session, base, "other-reseller", "Demo-Reseller-2");

  g_test_add_func ("/server/authz/table", test_table);
  g_test_add_func ("/server/authz/lists", test_lists);
  g_test_add_func ("/server/authz/orders", test_orders);
  status = g_test_run ();

  for (w = 0; w < N_WHO; w++)
    g_free (tokens[w]);
  g_free (base);
  g_object_unref (session);
  mp_test_server_free (server);
  return status;
}

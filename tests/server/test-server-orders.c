/* test-server-orders.c: the order lifecycle, estimates, idempotency,
 * Prefer: wait, the one-change-at-a-time rule and cancelling
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
static char *acme_token;

#define ACME_SALES \
  "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\"," \
  " \"subscriptionPeriod\": {\"type\": \"month\", \"duration\": 1}," \
  " \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"]," \
  " \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 10}, {\"mpn\": \"IDS-C-AT-BILL\", \"quantity\": 1}," \
  "  {\"mpn\": \"IDS-C-AT-QS\", \"quantity\": 1}]}"

static char *
url (const char *path)
{
  return g_strconcat (base, path, NULL);
}

static MpTestResponse *
post (const char *path,
      const char *token,
      const char *body)
{
  g_autofree char *u = url (path);

  return mp_test_request (session, "POST", u, token, body, NULL);
}

static MpTestResponse *
get (const char *path,
     const char *token)
{
  g_autofree char *u = url (path);

  return mp_test_request (session, "GET", u, token, NULL, NULL);
}

static char *
place (const char *token,
       const char *body)
{
  g_autoptr(MpTestResponse) r = post ("/orders", token, body);

  if (r->status != 200)
    g_printerr ("%s\n", r->body);
  g_assert_cmpuint (r->status, ==, 200);
  return g_strdup (mp_test_string (mp_test_object (r), "id"));
}

static gint64
count_subscriptions (const char *token,
                     const char *query)
{
  g_autofree char *path = g_strconcat ("/subscriptions?limit=1", query, NULL);
  g_autoptr(MpTestResponse) r = get (path, token);

  return mp_test_int (mp_test_object (r), "pagination.total");
}

static void
test_estimate_sales (void)
{
  g_autoptr(MpTestResponse) r = post ("/orders/estimate", reseller_token, ACME_SALES);
  JsonObject *o;

  g_assert_cmpuint (r->status, ==, 200);
  o = mp_test_object (r);
  /* 10 x 4.00 + 29.00 recurring, 199.00 QuickStart */
  g_assert_cmpstr (mp_test_string (o, "total.amount"), ==, "268.00");
  g_assert_cmpstr (mp_test_string (o, "total.currency"), ==, "USD");
  g_assert_cmpstr (mp_test_string (o, "monthlyTotal.amount"), ==, "69.00");
  g_assert_cmpstr (mp_test_string (o, "details.0.type"), ==, "recurring");
  g_assert_cmpstr (mp_test_string (o, "details.0.extendedPrice.amount"), ==, "40.00");
  g_assert_true (strstr (mp_test_string (o, "details.0.description"), "(1 Month(s) term) from ") != NULL);
  g_assert_cmpstr (mp_test_string (o, "details.2.type"), ==, "nonProvisioningItem");
  g_assert_cmpstr (mp_test_string (o, "details.2.unitPrice.amount"), ==, "199.00");
  g_clear_pointer (&r, mp_test_response_free);

  /* an estimate needs no terms and writes nothing */
  r = post ("/orders/estimate", reseller_token,
            "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\","
            " \"subscriptionPeriod\": {\"type\": \"year\", \"duration\": 1}}");
  g_assert_cmpuint (r->status, ==, 200);
  /* minimum seat count added: 1 x 44.00 */
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "total.amount"), ==, "44.00");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "monthlyTotal.amount"), ==, "3.67");
  g_clear_pointer (&r, mp_test_response_free);

  /* The monthly price is rounded once, on the total: 5 x 44.00 + 319.00 a
   * year is 539.00 / 12 = 44.9167 a month, 44.92 (per line it would be
   * 18.33 + 26.58 = 44.91).
   */
  r = post ("/orders/estimate", reseller_token,
            "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\","
            " \"subscriptionPeriod\": {\"type\": \"year\", \"duration\": 1},"
            " \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 5},"
            " {\"mpn\": \"IDS-C-AT-BILL\", \"quantity\": 1}]}");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "total.amount"), ==, "539.00");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "monthlyTotal.amount"), ==, "44.92");
}

static void
test_sales_lifecycle (void)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sub_path = NULL;
  g_autoptr(MpTestResponse) r = NULL;
  g_autoptr(MpTestResponse) done = NULL;
  gint64 before = count_subscriptions (reseller_token, "&customerId=1000001");
  JsonObject *o;

  r = post ("/orders", reseller_token, ACME_SALES);
  g_assert_cmpuint (r->status, ==, 200);
  o = mp_test_object (r);
  id = g_strdup (mp_test_string (o, "id"));
  g_assert_true (g_str_has_prefix (mp_test_string (o, "orderNumber"), "SO"));
  g_assert_cmpstr (mp_test_string (o, "status"), ==, "submitted");
  g_assert_cmpstr (mp_test_string (o, "type"), ==, "sales");
  g_assert_cmpstr (mp_test_string (o, "customerId"), ==, "1000001");
  g_assert_cmpstr (mp_test_string (o, "total.amount"), ==, "268.00");
  g_assert_null (mp_test_string (o, "provisioningDate"));
  g_assert_cmpint (mp_test_int (o, "provisioning.step"), ==, 0);
  g_assert_cmpstr (mp_test_string (o, "provisioning.steps.0"), ==, "Checking the order");
  g_assert_nonnull (soup_message_headers_get_one (r->headers, "ETag"));

  done = mp_test_wait_order (session, base, reseller_token, id, 20);
  o = mp_test_object (done);
  g_assert_cmpstr (mp_test_string (o, "status"), ==, "completed");
  g_assert_cmpstr (mp_test_string (o, "statusCode"), ==, "CP");
  g_assert_nonnull (mp_test_string (o, "provisioningDate"));
  g_assert_cmpint (mp_test_int (o, "provisioning.progress"), ==, 100);
  g_assert_nonnull (mp_test_string (o, "subscriptionId"));
  g_assert_cmpint (count_subscriptions (reseller_token, "&customerId=1000001"), ==, before + 1);

  /* the subscription has the ordered limits */
  sub_path = g_strconcat ("/subscriptions/", mp_test_string (o, "subscriptionId"), NULL);
  g_clear_pointer (&r, mp_test_response_free);
  r = get (sub_path, acme_token);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "status"), ==, "active");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "name"), ==, "IDSync - Connector for Customer");
  g_assert_cmpint (mp_test_int (mp_test_object (r), "products.0.quantity"), ==, 10);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "products.0.usage"), ==, 0);

  /* the order is listed first, and found by its filters */
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/orders", reseller_token);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "data.0.id"), ==, id);
  g_clear_pointer (&r, mp_test_response_free);
  path = g_strdup_printf ("/orders?orderNumber=%s", mp_test_string (o, "orderNumber"));
  r = get (path, reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 1);
  g_clear_pointer (&r, mp_test_response_free);
  g_free (path);
  path = g_strdup_printf ("/orders?subscriptionId=%s&status=completed&statusCode=CP", mp_test_string (o, "subscriptionId"));
  r = get (path, reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 1);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/orders?creationTimeFrom=2000-01-01T00:00:00Z&customerId=1000001&limit=1", reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), >=, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (mp_test_object (r), "data")), ==, 1);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/orders?creationTimeTo=2000-01-01T00:00:00Z", reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 0);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/orders?creationTimeFrom=last-week", reseller_token);
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/orders?status=done", reseller_token);
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/resellers/1000000/orders?limit=1", reseller_token);
  g_assert_cmpuint (r->status, ==, 200);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/orders/1", reseller_token);
  mp_test_assert_error (r, 404);
}

static void
test_customer_self_service (void)
{
  g_autofree char *id = NULL;
  g_autoptr(MpTestResponse) done = NULL;
  g_autoptr(MpTestResponse) r = NULL;

  /* customerId defaults to the customer's own */
  id = place (acme_token, "{\"type\": \"sales\", \"planId\": \"113\", \"acceptedTerms\": [\"tc-marketplace\"],"
                          " \"products\": [{\"mpn\": \"TSP-DB-USER\", \"quantity\": 3}]}");
  done = mp_test_wait_order (session, base, acme_token, id, 20);
  g_assert_cmpstr (mp_test_string (mp_test_object (done), "status"), ==, "completed");
  g_assert_cmpstr (mp_test_string (mp_test_object (done), "customerId"), ==, "1000001");

  /* reseller plans are for resellers */
  r = post ("/orders", acme_token, "{\"type\": \"sales\", \"planId\": \"100\","
                                   " \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"]}");
  mp_test_assert_error (r, 403);
}

static void
test_reseller_for_itself (void)
{
  g_autofree char *id = place (reseller_token,
                               "{\"type\": \"sales\", \"customerId\": \"1000000\", \"planId\": \"100\","
                               " \"subscriptionPeriod\": {\"type\": \"year\", \"duration\": 1},"
                               " \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"],"
                               " \"products\": [{\"mpn\": \"IDS-R-USERS\", \"quantity\": 5},"
                               "  {\"mpn\": \"IDS-R-CW-BILL\", \"quantity\": 1}, {\"mpn\": \"IDS-R-CW-QS\", \"quantity\": 1}]}");
  g_autoptr(MpTestResponse) done = mp_test_wait_order (session, base, reseller_token, id, 20);
  JsonObject *o = mp_test_object (done);

  g_assert_cmpstr (mp_test_string (o, "status"), ==, "completed");
  g_assert_cmpstr (mp_test_string (o, "customerId"), ==, "1000000");
  /* 5 x 33.00 + 539.00 + 299.00 */
  g_assert_cmpstr (mp_test_string (o, "total.amount"), ==, "1003.00");
  g_assert_cmpstr (mp_test_string (o, "provisioning.steps.3"), ==, "Setting up IDSync - ConnectWise Billing");
}

static void
test_order_validation (void)
{
  static const struct { guint status; const char *body; } cases[] = {
    { 400, "{\"customerId\": \"1000001\"}" },
    { 400, "{\"type\": \"renewal\", \"customerId\": \"1000001\"}" },
    { 400, "{\"type\": 7, \"customerId\": \"1000001\"}" },
    { 400, "{\"type\": \"sales\", \"planId\": \"101\"}" },
    { 400, "{\"type\": \"sales\", \"customerId\": 1.5, \"planId\": \"101\"}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"abc\", \"planId\": \"101\"}" },
    { 404, "{\"type\": \"sales\", \"customerId\": \"1000011\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"]}" },
    { 404, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"999\"}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\"}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"], \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": -1}]}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"], \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 2.5}]}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"], \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": \"ten\"}]}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"], \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 251}]}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"], \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 0}]}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"], \"products\": [{\"mpn\": \"IDS-C-AT-QS\", \"quantity\": 2}]}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"], \"products\": [{\"mpn\": \"NO-SUCH-MPN\", \"quantity\": 1}]}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"], \"products\": [{\"mpn\": \"FAB-OB-USER\", \"quantity\": 1}]}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"], \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 1}, {\"mpn\": \"IDS-C-USERS\", \"quantity\": 2}]}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"], \"subscriptionPeriod\": {\"type\": \"month\", \"duration\": 3}}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"], \"subscriptionPeriod\": {\"type\": \"fortnight\", \"duration\": 1}}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"180\", \"acceptedTerms\": [\"tc-marketplace\"], \"subscriptionPeriod\": {\"type\": \"year\", \"duration\": 1}}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\"]}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\"}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": \"all\"}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"], \"products\": {\"mpn\": \"IDS-C-USERS\"}}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"], \"products\": [\"IDS-C-USERS\"]}" },
    { 400, "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"], \"products\": [{\"quantity\": 1}]}" },
    { 400, "{\"type\": \"change\", \"customerId\": \"1000001\", \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 5}]}" },
    { 404, "{\"type\": \"change\", \"subscriptionId\": \"1000107\", \"products\": [{\"mpn\": \"FAB-OP-USER\", \"quantity\": 5}]}" },
    { 400, "{\"type\": \"change\", \"subscriptionId\": \"1000101\", \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 50}]}" },
    { 400, "{\"type\": \"change\", \"subscriptionId\": \"1000101\", \"customerId\": \"1000002\", \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 51}]}" },
    { 400, "{\"type\": \"change\", \"subscriptionId\": \"1000101\", \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 300}]}" },
    { 400, "{\"type\": \"change\", \"subscriptionId\": \"1000101\", \"products\": []}" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MpTestResponse) r = post ("/orders", reseller_token, cases[i].body);
      g_autoptr(MpTestResponse) e = post ("/orders/estimate", reseller_token, cases[i].body);

      if (r->status != cases[i].status)
        g_printerr ("case %u: %s\n", i, cases[i].body);
      mp_test_assert_error (r, cases[i].status);
      /* estimates check the same, except the terms */
      if (strstr (cases[i].body, "acceptedTerms\": [\"tc-marketplace\"]}") == NULL
          && strstr (cases[i].body, "\"planId\": \"101\"}") == NULL
          && strstr (cases[i].body, "\"acceptedTerms\": \"all\"") == NULL)
        mp_test_assert_error (e, cases[i].status);
    }
  /* the missing terms are named */
  {
    g_autoptr(MpTestResponse) r = post ("/orders", reseller_token,
                                        "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\"]}");

    g_assert_nonnull (strstr (mp_test_string (mp_test_object (r), "message"), "tc-idsync-vendor"));
  }
}

/* The error body's "refusal" member (docs/api.md): the rule that refused,
 * and what it concerns, for the client to point at the right step and
 * control without reading the English message.
 */
static void
test_refusal_member (void)
{
  static const struct { guint status; const char *rule; const char *subject; const char *body; } cases[] = {
    { 400, "terms", "tc-idsync-vendor",
      "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\"]}" },
    { 400, "period", NULL,
      "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\", \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"], \"subscriptionPeriod\": {\"type\": \"month\", \"duration\": 3}}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MpTestResponse) r = post ("/orders", reseller_token, cases[i].body);
      JsonObject *o;

      mp_test_assert_error (r, cases[i].status);
      o = mp_test_object (r);
      g_assert_cmpstr (mp_test_string (o, "refusal.rule"), ==, cases[i].rule);
      g_assert_cmpstr (mp_test_string (o, "refusal.subject"), ==, cases[i].subject);
    }

  /* a malformed request is refused without a rule */
  {
    g_autoptr(MpTestResponse) r = post ("/orders", reseller_token, "{\"customerId\": \"1000001\"}");

    mp_test_assert_error (r, 400);
    g_assert_false (json_object_has_member (mp_test_object (r), "refusal"));
  }
}

static void
test_change_and_conflict (void)
{
  g_autofree char *sales = place (reseller_token, ACME_SALES);
  g_autoptr(MpTestResponse) done = mp_test_wait_order (session, base, reseller_token, sales, 20);
  const char *sub = mp_test_string (mp_test_object (done), "subscriptionId");
  g_autofree char *change = g_strdup_printf ("{\"type\": \"change\", \"customerId\": \"1000001\", \"products\": ["
                                             "{\"mpn\": \"IDS-C-USERS\", \"quantity\": 15, \"subscriptionId\": \"%s\"}]}", sub);
  g_autofree char *down = g_strdup_printf ("{\"type\": \"change\", \"subscriptionId\": \"%s\", \"products\": ["
                                           "{\"mpn\": \"IDS-C-USERS\", \"quantity\": 12},"
                                           " {\"mpn\": \"IDS-C-CW-BILL\", \"quantity\": 1}]}", sub);
  g_autofree char *sub_path = g_strconcat ("/subscriptions/", sub, NULL);
  g_autoptr(MpTestResponse) r = NULL;
  g_autofree char *change_id = NULL;
  JsonObject *o;

  /* prorated estimate: a new subscription has the whole term left */
  r = post ("/orders/estimate", reseller_token, change);
  g_assert_cmpuint (r->status, ==, 200);
  o = mp_test_object (r);
  g_assert_cmpstr (mp_test_string (o, "details.0.type"), ==, "recurring");
  g_assert_cmpint (mp_test_int (o, "details.0.quantity"), ==, 5);
  g_assert_cmpstr (mp_test_string (o, "total.amount"), ==, "20.00");
  g_assert_nonnull (strstr (mp_test_string (o, "details.0.description"), " through "));
  g_clear_pointer (&r, mp_test_response_free);

  r = post ("/orders", reseller_token, change);
  g_assert_cmpuint (r->status, ==, 200);
  change_id = g_strdup (mp_test_string (mp_test_object (r), "id"));
  g_assert_true (g_str_has_prefix (mp_test_string (mp_test_object (r), "orderNumber"), "CH"));
  /* the line shows the signed difference */
  g_assert_cmpint (mp_test_int (mp_test_object (r), "products.0.quantity"), ==, 5);
  g_clear_pointer (&r, mp_test_response_free);

  /* one change at a time: 409 with the real service's message */
  r = post ("/orders", reseller_token, down);
  mp_test_assert_error (r, 409);
  g_assert_true (g_str_has_prefix (mp_test_string (mp_test_object (r), "message"),
                                   "Cannot Upgrade/Downgrade Resources for Subscription #"));
  /* the refusal names the order in the way, as a rule a client can route */
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "refusal.rule"), ==, "pendingChange");
  g_assert_true (g_str_has_prefix (mp_test_string (mp_test_object (r), "refusal.subject"), "CH"));
  g_clear_pointer (&r, mp_test_response_free);
  r = get (sub_path, reseller_token);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "pendingOrderId"), ==, change_id);
  g_clear_pointer (&r, mp_test_response_free);

  g_clear_pointer (&done, mp_test_response_free);
  done = mp_test_wait_order (session, base, reseller_token, change_id, 20);
  g_assert_cmpstr (mp_test_string (mp_test_object (done), "status"), ==, "completed");
  r = get (sub_path, reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "products.0.quantity"), ==, 15);
  g_assert_null (mp_test_string (mp_test_object (r), "pendingOrderId"));
  g_clear_pointer (&r, mp_test_response_free);

  /* now a downgrade with a new add-on is accepted; the line reads -3 */
  r = post ("/orders", reseller_token, down);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "products.0.quantity"), ==, -3);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "details.0.type"), ==, "downgrade");
  g_free (change_id);
  change_id = g_strdup (mp_test_string (mp_test_object (r), "id"));
  g_clear_pointer (&r, mp_test_response_free);
  g_clear_pointer (&done, mp_test_response_free);
  done = mp_test_wait_order (session, base, reseller_token, change_id, 20);
  r = get (sub_path, reseller_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "products.0.quantity"), ==, 12);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "products.3.mpn"), ==, "IDS-C-CW-BILL");
}

/* "12.34" in minor units. */
static gint64
minor_units (const char *amount)
{
  g_auto(GStrv) parts = g_strsplit (amount, ".", 2);
  gint64 minor = g_ascii_strtoll (parts[0], NULL, 10) * 100;

  g_assert_nonnull (parts[1]);
  return minor + g_ascii_strtoll (parts[1], NULL, 10);
}

/* The monthly price of SUB (an object of GET /subscriptions/{id}) with
 * MPN at QUANTITY, from its products' unit prices (of its term):
 * computed here, not by the server.
 */
static gint64
expected_monthly (JsonObject *sub,
                  const char *mpn,
                  gint64      quantity)
{
  JsonArray *products = json_object_get_array_member (sub, "products");
  const char *unit = mp_test_string (sub, "subscriptionPeriod.type");
  gint64 months = mp_test_int (sub, "subscriptionPeriod.duration") * (strcmp (unit, "year") == 0 ? 12 : 1);
  gint64 term = 0;

  g_assert_true (strcmp (unit, "year") == 0 || strcmp (unit, "month") == 0);
  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonObject *p = json_array_get_object_element (products, i);
      gint64 q = strcmp (json_object_get_string_member (p, "mpn"), mpn) == 0
                 ? quantity : json_object_get_int_member (p, "quantity");

      if (json_object_get_boolean_member_with_default (p, "oneTime", FALSE))
        continue;
      term += MAX (0, q - json_object_get_int_member (p, "includedQuantity"))
              * minor_units (json_object_get_string_member (json_object_get_object_member (p, "unitPrice"),
                                                             "amount"));
    }
  /* rounded half away from zero, once */
  return (term * 2 + months) / (2 * months);
}

static char *
format_minor (gint64 minor)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", minor / 100, (int) (minor % 100));
}

/* A change order's estimate gives the subscription's new monthly price
 * over all its products, the unchanged ones too.
 */
static void
test_estimate_change_monthly (void)
{
  g_autoptr(MpTestResponse) sub = get ("/subscriptions/1000101", acme_token);
  g_autoptr(MpTestResponse) r = NULL;
  g_autofree char *expected = NULL;

  g_assert_cmpuint (sub->status, ==, 200);
  g_assert_cmpint (mp_test_int (mp_test_object (sub), "products.0.quantity"), ==, 50);
  g_assert_cmpstr (mp_test_string (mp_test_object (sub), "products.1.mpn"), ==, "IDS-C-CW-BILL");
  r = post ("/orders/estimate", acme_token,
            "{\"type\": \"change\", \"subscriptionId\": \"1000101\","
            " \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 60}]}");
  g_assert_cmpuint (r->status, ==, 200);
  expected = format_minor (expected_monthly (mp_test_object (sub), "IDS-C-USERS", 60));
  /* (60 x 44.00 + 319.00) / 12 */
  g_assert_cmpstr (expected, ==, "246.58");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "subscriptionMonthlyTotal.amount"), ==, expected);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "subscriptionMonthlyTotal.currency"), ==, "USD");
  /* monthlyTotal stays the changed products' own */
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "monthlyTotal.amount"), ==, "220.00");
  g_clear_pointer (&r, mp_test_response_free);

  /* a QuickStart removed: the rest of the subscription's monthly price,
   * not 0
   */
  g_clear_pointer (&sub, mp_test_response_free);
  g_clear_pointer (&expected, g_free);
  sub = get ("/subscriptions/1000100", reseller_token);
  g_assert_cmpuint (sub->status, ==, 200);
  r = post ("/orders/estimate", reseller_token,
            "{\"type\": \"change\", \"subscriptionId\": \"1000100\","
            " \"products\": [{\"mpn\": \"IDS-R-AT-QS\", \"quantity\": 0}]}");
  g_assert_cmpuint (r->status, ==, 200);
  expected = format_minor (expected_monthly (mp_test_object (sub), "IDS-R-AT-QS", 0));
  g_assert_cmpstr (expected, !=, "0.00");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "subscriptionMonthlyTotal.amount"), ==, expected);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "monthlyTotal.amount"), ==, "0.00");
}

/* A seat cut below usage is refused with the rule and the MPN; one-time
 * services (no usage tracking) may go; after a change, usage is what it
 * was.
 */
static void
test_change_below_usage (void)
{
  g_autoptr(MpTestResponse) r = NULL;
  g_autofree char *id = NULL;
  JsonObject *o;

  /* IDS-C-USERS: 50, 42 in use */
  r = post ("/orders/estimate", acme_token,
            "{\"type\": \"change\", \"subscriptionId\": \"1000101\","
            " \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 10}]}");
  mp_test_assert_error (r, 400);
  o = mp_test_object (r);
  g_assert_nonnull (strstr (mp_test_string (o, "message"), "42 are in use"));
  g_assert_cmpstr (mp_test_string (o, "refusal.rule"), ==, "belowUsage");
  g_assert_cmpstr (mp_test_string (o, "refusal.subject"), ==, "IDS-C-USERS");
  g_clear_pointer (&r, mp_test_response_free);
  r = post ("/orders", acme_token,
            "{\"type\": \"change\", \"subscriptionId\": \"1000101\","
            " \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 41}]}");
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/subscriptions/1000101", acme_token);
  g_assert_null (mp_test_string (mp_test_object (r), "pendingOrderId"));
  g_clear_pointer (&r, mp_test_response_free);

  /* down to the usage itself is fine */
  r = post ("/orders/estimate", acme_token,
            "{\"type\": \"change\", \"subscriptionId\": \"1000101\","
            " \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 42}]}");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "details.0.type"), ==, "downgrade");
  g_clear_pointer (&r, mp_test_response_free);

  /* a one-time service in use may be removed (IDS-R-AT-QS: 1, 1 in use) */
  r = post ("/orders/estimate", reseller_token,
            "{\"type\": \"change\", \"subscriptionId\": \"1000100\","
            " \"products\": [{\"mpn\": \"IDS-R-AT-QS\", \"quantity\": 0}]}");
  g_assert_cmpuint (r->status, ==, 200);
  g_clear_pointer (&r, mp_test_response_free);

  /* 50 -> 60 completed: 42 still in use, not the new limit */
  id = place (acme_token,
              "{\"type\": \"change\", \"subscriptionId\": \"1000101\","
              " \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 60}]}");
  r = mp_test_wait_order (session, base, acme_token, id, 20);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "status"), ==, "completed");
  g_clear_pointer (&r, mp_test_response_free);
  r = get ("/subscriptions/1000101", acme_token);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "products.0.quantity"), ==, 60);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "products.0.usage"), ==, 42);
}

typedef struct
{
  GMainLoop  *loop;
  int         pending;
  int         ok;
  int         conflict;
  GHashTable *ids;
} Race;

static void
on_race_answer (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Race *race = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  g_assert_no_error (error);
  if (soup_message_get_status (msg) == 200)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      race->ok++;
      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                                 (gssize) g_bytes_get_size (body), NULL));
      g_hash_table_add (race->ids, g_strdup (json_object_get_string_member (
                          json_node_get_object (json_parser_get_root (parser)), "id")));
    }
  else if (soup_message_get_status (msg) == 409)
    race->conflict++;
  else
    g_error ("unexpected %u: %.*s", soup_message_get_status (msg), (int) g_bytes_get_size (body),
             (const char *) g_bytes_get_data (body, NULL));
  if (--race->pending == 0)
    g_main_loop_quit (race->loop);
}

/* Eight change orders for one subscription sent at once: one wins. */
static void
test_concurrent_changes (void)
{
  g_autoptr(SoupSession) async_session = soup_session_new_with_options ("max-conns-per-host", 16, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *u = url ("/orders");
  g_autofree char *authorization = g_strconcat ("Bearer ", reseller_token, NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Race race = { loop, 8, 0, 0, ids };
  int i;

  for (i = 0; i < 8; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", u);
      g_autofree char *body = g_strdup_printf ("{\"type\": \"change\", \"subscriptionId\": \"1000105\","
                                               " \"products\": [{\"mpn\": \"ADT-CB-DEVICE\", \"quantity\": %d}]}",
                                               20 + i);
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Subscription-Key", MP_DEMO_KEY);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      soup_session_send_and_read_async (async_session, msg, G_PRIORITY_DEFAULT, NULL, on_race_answer, &race);
    }
  g_main_loop_run (loop);
  g_assert_cmpint (race.ok, ==, 1);
  g_assert_cmpint (race.conflict, ==, 7);

  /* Eight copies of one order with one Idempotency-Key at once: one order. */
  race.pending = 8;
  race.ok = 0;
  g_hash_table_remove_all (ids);
  for (i = 0; i < 8; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", u);
      g_autoptr(GBytes) bytes = g_bytes_new_static (ACME_SALES, strlen (ACME_SALES));

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Subscription-Key", MP_DEMO_KEY);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", "race-key");
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      soup_session_send_and_read_async (async_session, msg, G_PRIORITY_DEFAULT, NULL, on_race_answer, &race);
    }
  g_main_loop_run (loop);
  g_assert_cmpint (race.ok, ==, 8);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 1);
}

static void
test_idempotency (void)
{
  g_autofree char *u = url ("/orders");
  g_autoptr(MpTestResponse) first = NULL;
  g_autoptr(MpTestResponse) again = NULL;
  g_autoptr(MpTestResponse) other = NULL;
  g_autoptr(MpTestResponse) found = NULL;
  const char *other_body = "{\"type\": \"sales\", \"customerId\": \"1000002\", \"planId\": \"110\", \"acceptedTerms\": "
                           "[\"tc-marketplace\", \"tc-fabrikam-vendor\"]}";

  first = mp_test_request (session, "POST", u, reseller_token, ACME_SALES, "Idempotency-Key", "key-1", NULL);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_null (soup_message_headers_get_one (first->headers, "Idempotency-Replayed"));
  again = mp_test_request (session, "POST", u, reseller_token, ACME_SALES, "Idempotency-Key", "key-1", NULL);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (again->headers, "Idempotency-Replayed"), ==, "true");
  g_assert_cmpstr (mp_test_string (mp_test_object (again), "id"), ==, mp_test_string (mp_test_object (first), "id"));
  other = mp_test_request (session, "POST", u, reseller_token, other_body, "Idempotency-Key", "key-1", NULL);
  mp_test_assert_error (other, 422);

  found = mp_test_request (session, "GET", u, reseller_token, NULL, NULL);
  mp_test_response_free (g_steal_pointer (&found));
  {
    g_autofree char *lookup = url ("/orders?idempotencyKey=key-1");

    found = mp_test_request (session, "GET", lookup, reseller_token, NULL, NULL);
    g_assert_cmpint (mp_test_int (mp_test_object (found), "pagination.total"), ==, 1);
    g_assert_cmpstr (mp_test_string (mp_test_object (found), "data.0.id"), ==, mp_test_string (mp_test_object (first), "id"));
  }
  /* keys are per caller: another login may use the same key */
  {
    g_autoptr(MpTestResponse) mine = mp_test_request (session, "POST", u, acme_token,
                                                      "{\"type\": \"sales\", \"planId\": \"110\", \"acceptedTerms\": "
                                                      "[\"tc-marketplace\", \"tc-fabrikam-vendor\"]}",
                                                      "Idempotency-Key", "key-1", NULL);

    g_assert_cmpuint (mine->status, ==, 200);
    g_assert_cmpstr (mp_test_string (mp_test_object (mine), "id"), !=, mp_test_string (mp_test_object (first), "id"));
  }
}

static void
test_cancel (void)
{
  const char *args[] = { "--provision-step-ms", "60000", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) slow = mp_test_server_start (args, &error);
  g_autofree char *slow_base = NULL;
  g_autofree char *token = NULL;
  g_autofree char *orders = NULL;
  g_autofree char *order_url = NULL;
  g_autoptr(MpTestResponse) r = NULL;
  g_autofree char *id = NULL;

  g_assert_no_error (error);
  slow_base = mp_test_server_get_base_url (slow, "US");
  token = mp_test_login (session, slow_base, "demo-reseller", "Demo-Reseller-1");
  orders = g_strconcat (slow_base, "/orders", NULL);
  r = mp_test_request (session, "POST", orders, token, ACME_SALES, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  id = g_strdup (mp_test_string (mp_test_object (r), "id"));
  order_url = g_strconcat (orders, "/", id, NULL);
  g_clear_pointer (&r, mp_test_response_free);

  r = mp_test_request (session, "PATCH", order_url, token, "{\"statusCode\": \"CP\"}", NULL);
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = mp_test_request (session, "PATCH", order_url, token, "{\"statusCode\": \"CL\"}", NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "status"), ==, "cancelled");
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "statusCode"), ==, "CL");
  g_clear_pointer (&r, mp_test_response_free);
  r = mp_test_request (session, "PATCH", order_url, token, "{\"statusCode\": \"CL\"}", NULL);
  mp_test_assert_error (r, 409);
  g_clear_pointer (&r, mp_test_response_free);

  /* a cancellation order terminates a subscription */
  {
    g_autofree char *quick_base = mp_test_server_get_base_url (server, "US");
    g_autofree char *cancel_id = place (reseller_token, "{\"type\": \"cancellation\", \"subscriptionId\": \"1000106\"}");
    g_autoptr(MpTestResponse) done = mp_test_wait_order (session, quick_base, reseller_token, cancel_id, 20);
    g_autoptr(MpTestResponse) sub = get ("/subscriptions/1000106", reseller_token);

    g_assert_cmpstr (mp_test_string (mp_test_object (done), "status"), ==, "completed");
    g_assert_cmpstr (mp_test_string (mp_test_object (sub), "status"), ==, "terminated");
    g_assert_cmpint (count_subscriptions (reseller_token, "&status=terminated"), ==, 1);
  }
}

static void
test_failing_product (void)
{
  g_autofree char *id = place (reseller_token,
                               "{\"type\": \"sales\", \"customerId\": \"1000003\", \"planId\": \"170\","
                               " \"acceptedTerms\": [\"tc-marketplace\"], \"products\": [{\"mpn\": \"OLD-ARC-USER\", \"quantity\": 4}]}");
  gint64 before = count_subscriptions (reseller_token, "&customerId=1000003");
  g_autoptr(MpTestResponse) done = mp_test_wait_order (session, base, reseller_token, id, 20);
  JsonObject *o = mp_test_object (done);

  g_assert_cmpstr (mp_test_string (o, "status"), ==, "error");
  g_assert_cmpstr (mp_test_string (o, "statusCode"), ==, "PF");
  g_assert_nonnull (strstr (mp_test_string (o, "errorMessage"), "Legacy Mail Archive"));
  g_assert_null (mp_test_string (o, "subscriptionId"));
  g_assert_cmpint (count_subscriptions (reseller_token, "&customerId=1000003"), ==, before);
}

static char *
place_on (const char  *server_base,
          const char  *token,
          char       **etag)
{
  g_autofree char *orders = g_strconcat (server_base, "/orders", NULL);
  g_autoptr(MpTestResponse) r = mp_test_request (session, "POST", orders, token, ACME_SALES, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  *etag = g_strdup (soup_message_headers_get_one (r->headers, "ETag"));
  return g_strconcat (orders, "/", mp_test_string (mp_test_object (r), "id"), NULL);
}

static void
test_prefer_wait (void)
{
  const char *never[] = { "--provision-step-ms", "600000", NULL };
  const char *medium[] = { "--provision-step-ms", "700", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) slow = mp_test_server_start (never, &error);
  g_autoptr(MpTestServer) stepping = NULL;
  g_autofree char *slow_base = NULL;
  g_autofree char *stepping_base = NULL;
  g_autofree char *token = NULL;
  g_autofree char *order_url = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(MpTestResponse) r = NULL;
  gint64 start, elapsed;

  g_assert_no_error (error);
  slow_base = mp_test_server_get_base_url (slow, "US");
  token = mp_test_login (session, slow_base, "demo-reseller", "Demo-Reseller-1");
  order_url = place_on (slow_base, token, &etag);

  /* nothing changes: the answer comes after the wait, unchanged */
  start = g_get_monotonic_time ();
  r = mp_test_request (session, "GET", order_url, token, NULL, "Prefer", "wait=1", "If-None-Match", etag, NULL);
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpint (elapsed, >=, 900 * 1000);
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Preference-Applied"), ==, "wait=1");
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "ETag"), ==, etag);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "status"), ==, "submitted");
  g_clear_pointer (&r, mp_test_response_free);

  /* a stale ETag answers at once */
  start = g_get_monotonic_time ();
  r = mp_test_request (session, "GET", order_url, token, NULL, "Prefer", "wait=30", "If-None-Match", "\"0-0\"", NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_clear_pointer (&r, mp_test_response_free);

  /* a change (here a cancel) answers a waiting request at once */
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", order_url);
    g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GError) timeout_error = NULL;
    g_autoptr(SoupSession) impatient = soup_session_new_with_options ("timeout", 1, NULL);

    /* first, a client that gives up while waiting does not upset the server */
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Subscription-Key", MP_DEMO_KEY);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Prefer", "wait=60");
    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match", etag);
    bytes = soup_session_send_and_read (impatient, msg, NULL, &timeout_error);
    g_assert_null (bytes);
    g_assert_nonnull (timeout_error);
  }
  r = mp_test_request (session, "GET", order_url, token, NULL, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_clear_pointer (&r, mp_test_response_free);
  mp_test_server_kill (slow, SIGTERM);
  g_assert_true (mp_test_server_exited_cleanly (slow));

  /* the next step comes within the wait: answered when it does */
  stepping = mp_test_server_start (medium, &error);
  g_assert_no_error (error);
  stepping_base = mp_test_server_get_base_url (stepping, "US");
  g_free (token);
  token = mp_test_login (session, stepping_base, "demo-reseller", "Demo-Reseller-1");
  g_free (order_url);
  g_free (etag);
  order_url = place_on (stepping_base, token, &etag);
  start = g_get_monotonic_time ();
  r = mp_test_request (session, "GET", order_url, token, NULL, "Prefer", "wait=30", "If-None-Match", etag, NULL);
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpint (elapsed, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "ETag"), !=, etag);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "status"), ==, "processing");
  g_clear_pointer (&r, mp_test_response_free);

  /* waiting on the main server until the end: a final order answers at once */
  {
    g_autofree char *id = place (reseller_token, ACME_SALES);
    g_autofree char *main_url = g_strconcat (base, "/orders/", id, NULL);

    r = mp_test_wait_order (session, base, reseller_token, id, 30);
    g_free (etag);
    etag = g_strdup (soup_message_headers_get_one (r->headers, "ETag"));
    g_clear_pointer (&r, mp_test_response_free);
    start = g_get_monotonic_time ();
    r = mp_test_request (session, "GET", main_url, reseller_token, NULL, "Prefer", "wait=30", "If-None-Match", etag, NULL);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
    g_assert_cmpstr (mp_test_string (mp_test_object (r), "status"), ==, "completed");
  }
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
  acme_token = mp_test_login (session, base, "acme-admin", "Demo-Customer-1");

  g_test_add_func ("/server/orders/estimate-sales", test_estimate_sales);
  g_test_add_func ("/server/orders/sales-lifecycle", test_sales_lifecycle);
  g_test_add_func ("/server/orders/customer-self-service", test_customer_self_service);
  g_test_add_func ("/server/orders/reseller-for-itself", test_reseller_for_itself);
  g_test_add_func ("/server/orders/validation", test_order_validation);
  g_test_add_func ("/server/orders/refusal-member", test_refusal_member);
  g_test_add_func ("/server/orders/change-and-conflict", test_change_and_conflict);
  g_test_add_func ("/server/orders/estimate-change-monthly", test_estimate_change_monthly);
  g_test_add_func ("/server/orders/change-below-usage", test_change_below_usage);
  g_test_add_func ("/server/orders/concurrent-changes", test_concurrent_changes);
  g_test_add_func ("/server/orders/idempotency", test_idempotency);
  g_test_add_func ("/server/orders/cancel", test_cancel);
  g_test_add_func ("/server/orders/failing-product", test_failing_product);
  g_test_add_func ("/server/orders/prefer-wait", test_prefer_wait);
  status = g_test_run ();

  g_free (reseller_token);
  g_free (acme_token);
  g_free (base);
  g_object_unref (session);
  mp_test_server_kill (server, SIGTERM);
  g_assert_true (mp_test_server_exited_cleanly (server));
  mp_test_server_free (server);
  return status;
}

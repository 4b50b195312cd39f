/* test-server-schedule.c: the demo clock, changes scheduled for the
 * renewal, renewals and expirations run by the clock (docs/api.md
 * "Scheduled changes and renewals")
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
      const char *body)
{
  g_autofree char *u = g_strconcat (base, path, NULL);

  return mp_test_request (session, method, u, reseller_token, body, NULL);
}

static MpTestResponse *
get_ok (const char *path)
{
  MpTestResponse *response = call ("GET", path, NULL);

  if (response->status != 200)
    g_printerr ("%s\n", response->body);
  g_assert_cmpuint (response->status, ==, 200);
  return response;
}

/* The product MPN of subscription SUB */
static JsonObject *
product_of (JsonObject *sub,
            const char *mpn)
{
  JsonArray *products = json_object_get_array_member (sub, "products");

  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonObject *p = json_array_get_object_element (products, i);

      if (strcmp (json_object_get_string_member (p, "mpn"), mpn) == 0)
        return p;
    }
  g_error ("no product %s", mpn);
}

static gint64
billable (JsonObject *product,
          gint64      quantity)
{
  return MAX (0, quantity - json_object_get_int_member (product, "includedQuantity"));
}

static gint64
unit_price (JsonObject *product)
{
  return mp_test_minor_units (json_object_get_string_member (json_object_get_object_member (product, "unitPrice"),
                                                             "amount"));
}

/* The recurring price of a whole term of SUB as it stands. */
static gint64
term_price (JsonObject *sub)
{
  JsonArray *products = json_object_get_array_member (sub, "products");
  gint64 total = 0;

  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonObject *p = json_array_get_object_element (products, i);

      if (json_object_get_boolean_member_with_default (p, "oneTime", FALSE))
        continue;
      total += billable (p, json_object_get_int_member (p, "quantity")) * unit_price (p);
    }
  return total;
}

static char *
schedule_body (const char *subscription_id,
               const char *mpn,
               gint64      quantity)
{
  return g_strdup_printf ("{\"type\": \"change\", \"subscriptionId\": \"%s\", \"scheduledOn\": \"renewal\","
                          " \"products\": [{\"mpn\": \"%s\", \"quantity\": %" G_GINT64_FORMAT "}]}",
                          subscription_id, mpn, quantity);
}

static GDate *
clock_today (void)
{
  g_autoptr(MpTestResponse) clock = get_ok ("/clock");

  return mp_test_parse_date (mp_test_string (mp_test_object (clock), "today"));
}

/* Moves the demo clock to DATE (not before today). */
static void
advance_to (const GDate *date)
{
  g_autoptr(GDate) today = clock_today ();
  g_autoptr(MpTestResponse) r = NULL;
  g_autofree char *body = NULL;
  g_autofree char *expected = mp_test_date_text (date);
  gint64 days = g_date_days_between (today, date);

  g_assert_cmpint (days, >, 0);
  body = g_strdup_printf ("{\"advanceDays\": %" G_GINT64_FORMAT "}", days);
  r = call ("POST", "/clock", body);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "today"), ==, expected);
}

/* Placed for the renewal: priced for a whole term from the renewal date,
 * waiting (submitted) with the date; the subscription names it; the line
 * quantity is the target total; one per subscription; cancellable.
 */
static void
test_schedule_and_cancel (void)
{
  g_autoptr(MpTestResponse) sub = get_ok ("/subscriptions/1000104");
  g_autoptr(MpTestResponse) estimate = NULL;
  g_autoptr(MpTestResponse) placed = NULL;
  g_autoptr(MpTestResponse) again = NULL;
  g_autoptr(MpTestResponse) list = NULL;
  g_autoptr(MpTestResponse) named = NULL;
  g_autoptr(MpTestResponse) cancelled = NULL;
  g_autoptr(MpTestResponse) after = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  JsonObject *s = mp_test_object (sub), *o, *p;
  const char *mpn, *renewal;
  gint64 quantity, expected;
  gboolean listed = FALSE;

  p = json_array_get_object_element (json_object_get_array_member (s, "products"), 0);
  mpn = json_object_get_string_member (p, "mpn");
  quantity = json_object_get_int_member (p, "quantity");
  renewal = mp_test_string (s, "renewalDate");
  body = schedule_body ("1000104", mpn, quantity + 3);
  /* a full term of 3 more, not prorated */
  expected = (billable (p, quantity + 3) - billable (p, quantity)) * unit_price (p);
  g_assert_cmpint (expected, >, 0);

  estimate = call ("POST", "/orders/estimate", body);
  g_assert_cmpuint (estimate->status, ==, 200);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (mp_test_object (estimate), "total.amount")), ==, expected);
  g_assert_cmpstr (mp_test_string (mp_test_object (estimate), "details.0.startDate"), ==, renewal);

  placed = call ("POST", "/orders", body);
  g_assert_cmpuint (placed->status, ==, 200);
  o = mp_test_object (placed);
  id = g_strdup (mp_test_string (o, "id"));
  g_assert_cmpstr (mp_test_string (o, "status"), ==, "submitted");
  g_assert_cmpstr (mp_test_string (o, "scheduledOn"), ==, "renewal");
  g_assert_cmpstr (mp_test_string (o, "scheduledDate"), ==, renewal);
  g_assert_cmpint (mp_test_int (o, "products.0.quantity"), ==, quantity + 3);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (o, "total.amount")), ==, expected);

  named = get_ok ("/subscriptions/1000104");
  g_assert_cmpstr (mp_test_string (mp_test_object (named), "scheduledOrderId"), ==, id);
  g_assert_null (mp_test_string (mp_test_object (named), "pendingOrderId"));
  g_assert_cmpint (mp_test_int (mp_test_object (named), "products.0.quantity"), ==, quantity);

  list = get_ok ("/orders?subscriptionId=1000104");
  for (guint i = 0; i < json_array_get_length (json_object_get_array_member (mp_test_object (list), "data")); i++)
    {
      JsonObject *row = json_array_get_object_element (json_object_get_array_member (mp_test_object (list), "data"), i);

      if (strcmp (json_object_get_string_member (row, "id"), id) == 0)
        {
          listed = TRUE;
          g_assert_cmpstr (json_object_get_string_member (row, "scheduledDate"), ==, renewal);
        }
    }
  g_assert_true (listed);

  /* one scheduled change per subscription */
  again = call ("POST", "/orders", body);
  mp_test_assert_error (again, 409);
  g_assert_cmpstr (mp_test_string (mp_test_object (again), "refusal.rule"), ==, "pendingChange");

  {
    g_autofree char *path = g_strconcat ("/orders/", id, NULL);

    cancelled = call ("PATCH", path, "{\"statusCode\": \"CL\"}");
  }
  g_assert_cmpuint (cancelled->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (cancelled), "status"), ==, "cancelled");
  after = get_ok ("/subscriptions/1000104");
  g_assert_null (mp_test_string (mp_test_object (after), "scheduledOrderId"));
}

/* The case: a subscription cancelled before its renewal. Its
 * scheduled change is cancelled with the reason, and none can be
 * scheduled on it any more.
 */
static void
test_cancelled_before_renewal (void)
{
  g_autoptr(MpTestResponse) sub = get_ok ("/subscriptions/1000105");
  g_autoptr(MpTestResponse) placed = NULL;
  g_autoptr(MpTestResponse) cancellation = NULL;
  g_autoptr(MpTestResponse) done = NULL;
  g_autoptr(MpTestResponse) scheduled = NULL;
  g_autoptr(MpTestResponse) refused = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  JsonObject *p;

  p = json_array_get_object_element (json_object_get_array_member (mp_test_object (sub), "products"), 0);
  body = schedule_body ("1000105", json_object_get_string_member (p, "mpn"),
                        json_object_get_int_member (p, "quantity") + 1);
  placed = call ("POST", "/orders", body);
  g_assert_cmpuint (placed->status, ==, 200);
  path = g_strconcat ("/orders/", mp_test_string (mp_test_object (placed), "id"), NULL);

  /* a scheduled change does not hold up a cancellation */
  cancellation = call ("POST", "/orders", "{\"type\": \"cancellation\", \"subscriptionId\": \"1000105\"}");
  g_assert_cmpuint (cancellation->status, ==, 200);
  done = mp_test_wait_order (session, base, reseller_token, mp_test_string (mp_test_object (cancellation), "id"), 20);
  g_assert_cmpstr (mp_test_string (mp_test_object (done), "status"), ==, "completed");

  scheduled = get_ok (path);
  g_assert_cmpstr (mp_test_string (mp_test_object (scheduled), "status"), ==, "cancelled");
  g_assert_cmpstr (mp_test_string (mp_test_object (scheduled), "cancellationReason"), ==,
                   "The subscription was cancelled before its renewal.");

  refused = call ("POST", "/orders", body);
  mp_test_assert_error (refused, 400);
}

/* Renewal off: nothing can be scheduled for a renewal that will not come. */
static void
test_not_renewing (void)
{
  g_autoptr(MpTestResponse) sub = get_ok ("/subscriptions/1000106");
  g_autoptr(MpTestResponse) refused = NULL;
  g_autofree char *body = NULL;
  JsonObject *p;

  g_assert_false (json_object_get_boolean_member (mp_test_object (sub), "renewalStatus"));
  p = json_array_get_object_element (json_object_get_array_member (mp_test_object (sub), "products"), 0);
  body = schedule_body ("1000106", json_object_get_string_member (p, "mpn"),
                        json_object_get_int_member (p, "quantity") + 1);
  refused = call ("POST", "/orders", body);
  mp_test_assert_error (refused, 400);
  g_assert_cmpstr (mp_test_string (mp_test_object (refused), "refusal.rule"), ==, "notRenewing");
  g_assert_cmpstr (mp_test_string (mp_test_object (refused), "refusal.subject"), ==,
                   mp_test_string (mp_test_object (sub), "renewalDate"));
}

/* The clock reaches the renewal date: the scheduled change is applied,
 * then a completed renewal order charges the new term, and the renewal
 * date moves one period. A subscription with renewal off ends.
 */
static void
test_renewal_by_clock (void)
{
  g_autoptr(MpTestResponse) sub = get_ok ("/subscriptions/1000102");
  g_autoptr(MpTestResponse) placed = NULL;
  g_autoptr(MpTestResponse) applied = NULL;
  g_autoptr(MpTestResponse) renewed = NULL;
  g_autoptr(MpTestResponse) orders = NULL;
  g_autoptr(MpTestResponse) ended = NULL;
  g_autoptr(MpTestResponse) ended_before = NULL;
  g_autoptr(GDate) renewal = NULL;
  g_autoptr(GDate) next = NULL;
  g_autoptr(GDate) end = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *next_text = NULL;
  JsonObject *s = mp_test_object (sub), *user, *r, *rn = NULL;
  JsonArray *data;
  gint64 quantity, expected;

  g_assert_cmpstr (mp_test_string (s, "subscriptionPeriod.type"), ==, "month");
  user = product_of (s, "FAB-OS-USER");
  quantity = json_object_get_int_member (user, "quantity");
  body = schedule_body ("1000102", "FAB-OS-USER", quantity + 5);
  placed = call ("POST", "/orders", body);
  g_assert_cmpuint (placed->status, ==, 200);
  path = g_strconcat ("/orders/", mp_test_string (mp_test_object (placed), "id"), NULL);

  /* the new term: every product at its quantity after the change */
  expected = term_price (s) + (billable (user, quantity + 5) - billable (user, quantity)) * unit_price (user);
  renewal = mp_test_parse_date (mp_test_string (s, "renewalDate"));
  next = g_date_copy (renewal);
  g_date_add_months (next, 1);
  next_text = mp_test_date_text (next);

  ended_before = get_ok ("/subscriptions/1000106");
  end = mp_test_parse_date (mp_test_string (mp_test_object (ended_before), "renewalDate"));
  g_assert_cmpint (g_date_compare (end, renewal), >, 0);

  advance_to (renewal);

  applied = get_ok (path);
  g_assert_cmpstr (mp_test_string (mp_test_object (applied), "status"), ==, "completed");
  renewed = get_ok ("/subscriptions/1000102");
  r = mp_test_object (renewed);
  g_assert_cmpint (json_object_get_int_member (product_of (r, "FAB-OS-USER"), "quantity"), ==, quantity + 5);
  g_assert_cmpstr (mp_test_string (r, "renewalDate"), ==, next_text);
  g_assert_cmpstr (mp_test_string (r, "status"), ==, "active");
  g_assert_null (mp_test_string (r, "scheduledOrderId"));

  orders = get_ok ("/orders?subscriptionId=1000102");
  data = json_object_get_array_member (mp_test_object (orders), "data");
  for (guint i = 0; i < json_array_get_length (data); i++)
    if (strcmp (json_object_get_string_member (json_array_get_object_element (data, i), "type"), "renewal") == 0)
      rn = json_array_get_object_element (data, i);
  g_assert_nonnull (rn);
  g_assert_cmpstr (mp_test_string (rn, "status"), ==, "completed");
  g_assert_cmpstr (mp_test_string (rn, "statusCode"), ==, "CP");
  g_assert_true (g_str_has_prefix (mp_test_string (rn, "orderNumber"), "RN"));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (rn, "products")), ==, 0);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (rn, "total.amount")), ==, expected);

  /* renewal off: terminated at its renewal date */
  g_assert_cmpstr (mp_test_string (mp_test_object (ended_before), "status"), ==, "active");
  advance_to (end);
  ended = get_ok ("/subscriptions/1000106");
  g_assert_cmpstr (mp_test_string (mp_test_object (ended), "status"), ==, "terminated");
}

/* Manual renewal where the plan allows it: estimated and placed like
 * other orders, a whole term at the subscription's prices, from its
 * renewal date; completed, the term moves on one period. Refused where the
 * plan renews at the end of the term only, and with products.
 */
static void
test_manual_renewal (void)
{
  g_autoptr(MpTestResponse) sub = get_ok ("/subscriptions/1000101");
  g_autoptr(MpTestResponse) other = get_ok ("/subscriptions/1000102");
  g_autoptr(MpTestResponse) estimate = NULL;
  g_autoptr(MpTestResponse) placed = NULL;
  g_autoptr(MpTestResponse) done = NULL;
  g_autoptr(MpTestResponse) renewed = NULL;
  g_autoptr(MpTestResponse) refused = NULL;
  g_autoptr(MpTestResponse) with_products = NULL;
  g_autoptr(GDate) next = NULL;
  g_autofree char *next_text = NULL;
  const char *body = "{\"type\": \"renewal\", \"subscriptionId\": \"1000101\"}";
  JsonObject *s = mp_test_object (sub), *o;
  gint64 expected = term_price (s);

  g_assert_true (json_object_get_boolean_member (s, "manualRenewal"));
  g_assert_false (json_object_get_boolean_member (mp_test_object (other), "manualRenewal"));
  g_assert_cmpstr (mp_test_string (s, "subscriptionPeriod.type"), ==, "year");
  next = mp_test_parse_date (mp_test_string (s, "renewalDate"));
  g_date_add_years (next, 1);
  next_text = mp_test_date_text (next);

  estimate = call ("POST", "/orders/estimate", body);
  g_assert_cmpuint (estimate->status, ==, 200);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (mp_test_object (estimate), "total.amount")), ==, expected);

  placed = call ("POST", "/orders", body);
  g_assert_cmpuint (placed->status, ==, 200);
  o = mp_test_object (placed);
  g_assert_cmpstr (mp_test_string (o, "type"), ==, "renewal");
  g_assert_true (g_str_has_prefix (mp_test_string (o, "orderNumber"), "RN"));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (o, "products")), ==, 0);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (o, "total.amount")), ==, expected);
  done = mp_test_wait_order (session, base, reseller_token, mp_test_string (o, "id"), 20);
  g_assert_cmpstr (mp_test_string (mp_test_object (done), "status"), ==, "completed");
  renewed = get_ok ("/subscriptions/1000101");
  g_assert_cmpstr (mp_test_string (mp_test_object (renewed), "renewalDate"), ==, next_text);
  g_assert_cmpstr (mp_test_string (mp_test_object (renewed), "status"), ==, "active");

  refused = call ("POST", "/orders", "{\"type\": \"renewal\", \"subscriptionId\": \"1000102\"}");
  mp_test_assert_error (refused, 400);
  g_assert_cmpstr (mp_test_string (mp_test_object (refused), "refusal.rule"), ==, "manualRenewal");
  g_assert_cmpstr (mp_test_string (mp_test_object (refused), "refusal.subject"), ==, "111");

  with_products = call ("POST", "/orders", "{\"type\": \"renewal\", \"subscriptionId\": \"1000101\","
                        " \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 1}]}");
  mp_test_assert_error (with_products, 400);
}

static void
test_clock_checks (void)
{
  g_autoptr(MpTestResponse) back = call ("POST", "/clock", "{\"advanceDays\": -1}");
  g_autoptr(MpTestResponse) text = call ("POST", "/clock", "{\"advanceDays\": \"1\"}");

  mp_test_assert_error (back, 400);
  g_assert_cmpstr (mp_test_string (mp_test_object (back), "refusal.subject"), ==, "advanceDays");
  mp_test_assert_error (text, 400);
}

/* --clock-offset-days without --demo-clock: dates start N days ahead, and
 * the clock cannot be moved over HTTP.
 */
static void
test_offset_flag (void)
{
  const char *args[] = { "--clock-offset-days", "40", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) other = mp_test_server_start (args, &error);
  g_autofree char *other_base = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *clock_url = NULL;
  g_autoptr(MpTestResponse) sub = NULL;
  g_autoptr(MpTestResponse) clock = NULL;
  g_autoptr(GDate) today = g_date_new ();
  g_autoptr(GDate) renewal = NULL;

  g_assert_no_error (error);
  other_base = mp_test_server_get_base_url (other, "US");
  token = mp_test_login (session, other_base, "demo-reseller", "Demo-Reseller-1");
  clock_url = g_strconcat (other_base, "/clock", NULL);
  clock = mp_test_request (session, "GET", clock_url, token, NULL, NULL);
  mp_test_assert_error (clock, 404);

  /* The seed puts renewals within the term that starts "today": with the
   * offset, every one is after the real date + 40 days less one term.
   */
  url = g_strconcat (other_base, "/subscriptions/1000102", NULL);
  sub = mp_test_request (session, "GET", url, token, NULL, NULL);
  g_assert_cmpuint (sub->status, ==, 200);
  renewal = mp_test_parse_date (mp_test_string (mp_test_object (sub), "renewalDate"));
  g_date_set_time_t (today, time (NULL));
  g_date_add_days (today, 40);
  g_assert_cmpint (g_date_compare (renewal, today), >, 0);
  mp_test_server_kill (other, SIGTERM);
  g_assert_true (mp_test_server_exited_cleanly (other));
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo-clock", NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = mp_test_server_start (args, &error);
  g_assert_no_error (error);
  session = soup_session_new ();
  base = mp_test_server_get_base_url (server, "US");
  reseller_token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");

  /* in this order: the last ones move the clock */
  g_test_add_func ("/server/schedule/schedule-and-cancel", test_schedule_and_cancel);
  g_test_add_func ("/server/schedule/cancelled-before-renewal", test_cancelled_before_renewal);
  g_test_add_func ("/server/schedule/not-renewing", test_not_renewing);
  g_test_add_func ("/server/schedule/manual-renewal", test_manual_renewal);
  g_test_add_func ("/server/schedule/clock-checks", test_clock_checks);
  g_test_add_func ("/server/schedule/renewal-by-clock", test_renewal_by_clock);
  g_test_add_func ("/server/schedule/offset-flag", test_offset_flag);
  status = g_test_run ();

  g_free (reseller_token);
  g_free (base);
  g_object_unref (session);
  mp_test_server_kill (server, SIGTERM);
  g_assert_true (mp_test_server_exited_cleanly (server));
  mp_test_server_free (server);
  return status;
}

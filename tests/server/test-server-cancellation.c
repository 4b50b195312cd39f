/* test-server-cancellation.c: cancellation orders, the plan's refund
 * window and its enforcement (docs/api.md "Cancellation")
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

/* The start of SUB's current term: its renewal date less one period,
 * computed here from the subscription, not read from the server.
 */
static GDate *
term_start (JsonObject *sub)
{
  GDate *start = mp_test_parse_date (mp_test_string (sub, "renewalDate"));
  const char *unit = mp_test_string (sub, "subscriptionPeriod.type");
  guint duration = (guint) mp_test_int (sub, "subscriptionPeriod.duration");

  if (strcmp (unit, "year") == 0)
    g_date_subtract_years (start, duration);
  else
    {
      g_assert_cmpstr (unit, ==, "month");
      g_date_subtract_months (start, duration);
    }
  return start;
}

/* The refund of cancelling SUB on TODAY: every product's billable
 * quantity times its unit price of the term, each line prorated to the
 * days left of the term (REMAINING of PERIOD days) and rounded half away
 * from zero; negative.
 */
static gint64
expected_refund (JsonObject *sub,
                 gint64      remaining,
                 gint64      period)
{
  JsonArray *products = json_object_get_array_member (sub, "products");
  gint64 refund = 0;

  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonObject *p = json_array_get_object_element (products, i);
      gint64 billable = MAX (0, json_object_get_int_member (p, "quantity")
                                - json_object_get_int_member (p, "includedQuantity"));
      gint64 line = billable * mp_test_minor_units (json_object_get_string_member (
                                 json_object_get_object_member (p, "unitPrice"), "amount"));

      if (json_object_get_boolean_member_with_default (p, "oneTime", FALSE))
        continue;
      refund += (line * remaining * 2 + period) / (2 * period);
    }
  return -refund;
}

static JsonObject *
estimate_cancellation (const char      *subscription_id,
                       MpTestResponse **response)
{
  g_autofree char *body = g_strdup_printf ("{\"type\": \"cancellation\", \"subscriptionId\": \"%s\"}",
                                           subscription_id);

  *response = call ("POST", "/orders/estimate", body);
  if ((*response)->status != 200)
    g_printerr ("%s\n", (*response)->body);
  g_assert_cmpuint ((*response)->status, ==, 200);
  return mp_test_object (*response);
}

/* Inside the refund window (plan 130: 14 days, then no refund): the
 * whole term's recurring price comes back; the rules are on the
 * subscription with their dates; placing it terminates the subscription
 * exactly once.
 */
static void
test_full_refund (void)
{
  g_autoptr(MpTestResponse) sub = call ("GET", "/subscriptions/1000105", NULL);
  g_autoptr(MpTestResponse) estimate = NULL;
  g_autoptr(MpTestResponse) placed = NULL;
  g_autoptr(MpTestResponse) done = NULL;
  g_autoptr(MpTestResponse) again = NULL;
  g_autoptr(MpTestResponse) after = NULL;
  g_autoptr(GDate) start = NULL;
  g_autoptr(GDate) until = NULL;
  g_autoptr(GDate) today = g_date_new ();
  JsonObject *s, *e;
  gint64 refund;

  g_assert_cmpuint (sub->status, ==, 200);
  s = mp_test_object (sub);
  start = term_start (s);
  until = mp_test_parse_date (mp_test_string (s, "cancellationPolicy.fullRefundUntil"));
  g_date_add_days (start, 14);
  g_assert_cmpint (g_date_compare (start, until), ==, 0);
  g_assert_cmpint (mp_test_int (s, "cancellationPolicy.refundDays"), ==, 14);
  g_assert_cmpstr (mp_test_string (s, "cancellationPolicy.afterRefundWindow"), ==, "none");
  g_date_set_time_t (today, time (NULL));
  g_assert_cmpint (g_date_compare (today, until), <=, 0);

  e = estimate_cancellation ("1000105", &estimate);
  refund = expected_refund (s, 1, 1);
  g_assert_cmpint (refund, <, 0);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (e, "total.amount")), ==, refund);
  g_assert_cmpstr (mp_test_string (e, "subscriptionMonthlyTotal.amount"), ==, "0.00");
  /* SimpleAPI's line type for what a cancellation gives back, over the term */
  g_assert_cmpstr (mp_test_string (e, "details.0.type"), ==, "cancellation");
  {
    g_autofree char *start_text = NULL;
    g_autoptr(GDate) first = term_start (s);

    start_text = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (first), g_date_get_month (first),
                                  g_date_get_day (first));
    g_assert_cmpstr (mp_test_string (e, "details.0.startDate"), ==, start_text);
  }

  placed = call ("POST", "/orders", "{\"type\": \"cancellation\", \"subscriptionId\": \"1000105\"}");
  g_assert_cmpuint (placed->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (placed), "type"), ==, "cancellation");
  g_assert_cmpint (mp_test_minor_units (mp_test_string (mp_test_object (placed), "total.amount")), ==, refund);
  done = mp_test_wait_order (session, base, reseller_token, mp_test_string (mp_test_object (placed), "id"), 20);
  g_assert_cmpstr (mp_test_string (mp_test_object (done), "status"), ==, "completed");

  after = call ("GET", "/subscriptions/1000105", NULL);
  g_assert_cmpstr (mp_test_string (mp_test_object (after), "status"), ==, "terminated");
  g_assert_null (json_object_get_member (mp_test_object (after), "cancellationPolicy"));

  /* exactly once: a terminated subscription is not cancelled again */
  again = call ("POST", "/orders", "{\"type\": \"cancellation\", \"subscriptionId\": \"1000105\"}");
  mp_test_assert_error (again, 400);
}

/* After the refund window of plan 110 (7 days, then prorated): the
 * unused days of the term come back.
 */
static void
test_prorated_refund (void)
{
  g_autoptr(MpTestResponse) sub = call ("GET", "/subscriptions/1000104", NULL);
  g_autoptr(MpTestResponse) estimate = NULL;
  g_autoptr(GDate) start = NULL;
  g_autoptr(GDate) end = NULL;
  g_autoptr(GDate) today = g_date_new ();
  JsonObject *s, *e;
  gint64 refund;

  g_assert_cmpuint (sub->status, ==, 200);
  s = mp_test_object (sub);
  g_assert_cmpstr (mp_test_string (s, "cancellationPolicy.afterRefundWindow"), ==, "prorated");
  start = term_start (s);
  end = mp_test_parse_date (mp_test_string (s, "renewalDate"));
  g_date_set_time_t (today, time (NULL));
  /* the seed puts this subscription past its window */
  g_assert_cmpint (g_date_days_between (start, today), >, 7);

  e = estimate_cancellation ("1000104", &estimate);
  refund = expected_refund (s, g_date_days_between (today, end), g_date_days_between (start, end));
  g_assert_cmpint (refund, <, 0);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (e, "total.amount")), ==, refund);
}

/* Plan 120 allows a cancellation only for 7 days: afterwards estimate
 * and order are refused with the rule and the last day.
 */
static void
test_window_closed (void)
{
  g_autoptr(MpTestResponse) sub = call ("GET", "/subscriptions/1000103", NULL);
  g_autoptr(MpTestResponse) r = NULL;
  g_autoptr(MpTestResponse) still = NULL;
  g_autoptr(GDate) until = NULL;
  g_autofree char *until_text = NULL;
  const char *paths[] = { "/orders/estimate", "/orders" };

  g_assert_cmpuint (sub->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (sub), "cancellationPolicy.afterRefundWindow"), ==, "refused");
  until = term_start (mp_test_object (sub));
  g_date_add_days (until, 7);
  until_text = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (until), g_date_get_month (until),
                                g_date_get_day (until));
  g_assert_cmpstr (mp_test_string (mp_test_object (sub), "cancellationPolicy.fullRefundUntil"), ==, until_text);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_clear_pointer (&r, mp_test_response_free);
      r = call ("POST", paths[i], "{\"type\": \"cancellation\", \"subscriptionId\": \"1000103\"}");
      mp_test_assert_error (r, 400);
      g_assert_cmpstr (mp_test_string (mp_test_object (r), "refusal.rule"), ==, "cancellationWindow");
      g_assert_cmpstr (mp_test_string (mp_test_object (r), "refusal.subject"), ==, until_text);
    }
  still = call ("GET", "/subscriptions/1000103", NULL);
  g_assert_cmpstr (mp_test_string (mp_test_object (still), "status"), ==, "active");
}

/* A plan without rules: cancelled any time, nothing refunded. */
static void
test_no_rules (void)
{
  g_autoptr(MpTestResponse) sub = call ("GET", "/subscriptions/1000106", NULL);
  g_autoptr(MpTestResponse) estimate = NULL;
  JsonObject *s;

  g_assert_cmpuint (sub->status, ==, 200);
  s = mp_test_object (sub);
  g_assert_cmpint (mp_test_int (s, "cancellationPolicy.refundDays"), ==, 0);
  g_assert_null (mp_test_string (s, "cancellationPolicy.fullRefundUntil"));
  g_assert_cmpstr (mp_test_string (s, "cancellationPolicy.afterRefundWindow"), ==, "none");
  g_assert_cmpstr (mp_test_string (estimate_cancellation ("1000106", &estimate), "total.amount"), ==, "0.00");
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

  g_test_add_func ("/server/cancellation/full-refund", test_full_refund);
  g_test_add_func ("/server/cancellation/prorated-refund", test_prorated_refund);
  g_test_add_func ("/server/cancellation/window-closed", test_window_closed);
  g_test_add_func ("/server/cancellation/no-rules", test_no_rules);
  status = g_test_run ();

  g_free (reseller_token);
  g_free (base);
  g_object_unref (session);
  mp_test_server_kill (server, SIGTERM);
  g_assert_true (mp_test_server_exited_cleanly (server));
  mp_test_server_free (server);
  return status;
}

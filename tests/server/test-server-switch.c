/* test-server-switch.c: plan and period switches (docs/api.md "Plan
 * switches") against the real server: the catalogue's planSwitches, the
 * estimate of each policy, provisioning, and the refusals.
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

static char *
date_text (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/* AMOUNT (minor units) for REMAINING of PERIOD days, rounded half up. */
static gint64
prorate (gint64 amount,
         gint64 remaining,
         gint64 period)
{
  gint64 magnitude = ABS (amount);

  magnitude = (magnitude * remaining * 2 + period) / (2 * period);
  return amount < 0 ? -magnitude : magnitude;
}

static JsonObject *
find_switch (JsonArray  *switches,
             gint64      plan_id,
             const char *period,
             const char *source)
{
  for (guint i = 0; i < json_array_get_length (switches); i++)
    {
      JsonObject *s = json_array_get_object_element (switches, i);

      if (json_object_get_int_member (s, "planId") == plan_id
          && g_strcmp0 (mp_test_string (s, "subscriptionPeriod.type"), period) == 0
          && g_strcmp0 (mp_test_string (s, "sourceSubscriptionPeriod.type"), source) == 0)
        return s;
    }
  return NULL;
}

/* GET /plans/{id}: the catalogue's switches, not every period of the plan */
static void
test_catalogue (void)
{
  g_autoptr(MpTestResponse) idsync = call ("GET", "/plans/100", NULL);
  g_autoptr(MpTestResponse) basic = call ("GET", "/plans/110", NULL);
  g_autoptr(MpTestResponse) premium = call ("GET", "/plans/112", NULL);
  JsonArray *switches;
  JsonObject *s;

  g_assert_cmpuint (idsync->status, ==, 200);
  switches = json_object_get_array_member (mp_test_object (idsync), "planSwitches");
  g_assert_cmpuint (json_array_get_length (switches), ==, 2);
  s = find_switch (switches, 100, "year", "month");
  g_assert_nonnull (s);
  g_assert_cmpstr (mp_test_string (s, "billingPolicy"), ==, "prorate_starting_new_subscription_period");
  g_assert_cmpstr (mp_test_string (s, "whenEffective"), ==, "immediately");
  s = find_switch (switches, 100, "month", "year");
  g_assert_nonnull (s);
  g_assert_cmpstr (mp_test_string (s, "billingPolicy"), ==, "no_refund");
  g_assert_cmpstr (mp_test_string (s, "whenEffective"), ==, "next_subscription_period");

  g_assert_cmpuint (basic->status, ==, 200);
  switches = json_object_get_array_member (mp_test_object (basic), "planSwitches");
  s = find_switch (switches, 111, "month", "month");
  g_assert_nonnull (s);
  g_assert_cmpstr (mp_test_string (s, "billingPolicy"), ==, "prorate_keeping_exp_date");

  g_assert_cmpuint (premium->status, ==, 200);
  switches = json_object_get_array_member (mp_test_object (premium), "planSwitches");
  g_assert_cmpuint (json_array_get_length (switches), ==, 0);
}

/* Fabrikam Office Basic -> Standard (1000104, 15 users, monthly),
 * prorate_keeping_exp_date, immediately: the unused part of Basic
 * refunded, Standard charged to the same renewal date; placed, the
 * subscription is on Standard with its 15 users and the same date.
 */
static void
test_upgrade_keeping_date (void)
{
  g_autoptr(MpTestResponse) sub = call ("GET", "/subscriptions/1000104", NULL);
  g_autoptr(MpTestResponse) estimate = NULL;
  g_autoptr(MpTestResponse) placed = NULL;
  g_autoptr(MpTestResponse) done = NULL;
  g_autoptr(MpTestResponse) after = NULL;
  g_autoptr(GDate) end = NULL;
  g_autoptr(GDate) start = NULL;
  g_autoptr(GDate) today = g_date_new ();
  const char *body = "{\"type\": \"change\", \"subscriptionId\": \"1000104\", \"planId\": 111,"
                     " \"subscriptionPeriod\": {\"type\": \"month\", \"duration\": 1}}";
  gint64 remaining, period, refund, charge;
  JsonObject *e, *s;

  g_assert_cmpuint (sub->status, ==, 200);
  s = mp_test_object (sub);
  g_assert_cmpint (mp_test_int (s, "products.0.quantity"), ==, 15);
  end = mp_test_parse_date (mp_test_string (s, "renewalDate"));
  start = g_date_copy (end);
  g_date_subtract_months (start, 1);
  g_date_set_time_t (today, time (NULL));
  remaining = g_date_days_between (today, end);
  period = g_date_days_between (start, end);
  /* Basic 6.00, Standard 12.50 a user a month */
  refund = prorate (-15 * 600, remaining, period);
  charge = prorate (15 * 1250, remaining, period);

  estimate = call ("POST", "/orders/estimate", body);
  if (estimate->status != 200)
    g_printerr ("%s\n", estimate->body);
  g_assert_cmpuint (estimate->status, ==, 200);
  e = mp_test_object (estimate);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (e, "total.amount")), ==, charge + refund);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (e, "subscriptionMonthlyTotal.amount")), ==, 15 * 1250);
  g_assert_cmpstr (mp_test_string (e, "planId"), ==, "111");
  g_assert_cmpstr (mp_test_string (e, "details.0.type"), ==, "recurring");
  g_assert_cmpstr (mp_test_string (e, "details.0.mpn"), ==, "FAB-OS-USER");
  g_assert_cmpint (mp_test_minor_units (mp_test_string (e, "details.0.extendedPrice.amount")), ==, charge);
  g_assert_cmpstr (mp_test_string (e, "details.1.type"), ==, "downgrade");
  g_assert_cmpstr (mp_test_string (e, "details.1.mpn"), ==, "FAB-OB-USER");
  g_assert_cmpint (mp_test_minor_units (mp_test_string (e, "details.1.extendedPrice.amount")), ==, refund);

  placed = call ("POST", "/orders", body);
  g_assert_cmpuint (placed->status, ==, 200);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (mp_test_object (placed), "total.amount")), ==, charge + refund);
  done = mp_test_wait_order (session, base, reseller_token, mp_test_string (mp_test_object (placed), "id"), 20);
  g_assert_cmpstr (mp_test_string (mp_test_object (done), "status"), ==, "completed");

  after = call ("GET", "/subscriptions/1000104", NULL);
  s = mp_test_object (after);
  g_assert_cmpint (mp_test_int (s, "planId"), ==, 111);
  g_assert_cmpstr (mp_test_string (s, "name"), ==, "Fabrikam Office Standard");
  g_assert_cmpstr (mp_test_string (s, "products.0.mpn"), ==, "FAB-OS-USER");
  g_assert_cmpint (mp_test_int (s, "products.0.quantity"), ==, 15);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (s, "products")), ==, 1);
  {
    g_autofree char *same = date_text (end);

    g_assert_cmpstr (mp_test_string (s, "renewalDate"), ==, same);
  }
}

/* IDSync for resellers 1-month -> 1-year (1000100),
 * prorate_starting_new_subscription_period: the unused part of the month
 * refunded, a full year charged from today; the one-time QuickStart is not
 * carried over; the renewal date moves a year ahead.
 */
static void
test_month_to_year (void)
{
  g_autoptr(MpTestResponse) sub = call ("GET", "/subscriptions/1000100", NULL);
  g_autoptr(MpTestResponse) estimate = NULL;
  g_autoptr(MpTestResponse) placed = NULL;
  g_autoptr(MpTestResponse) done = NULL;
  g_autoptr(MpTestResponse) after = NULL;
  g_autoptr(GDate) end = NULL;
  g_autoptr(GDate) start = NULL;
  g_autoptr(GDate) today = g_date_new ();
  g_autofree char *next_year = NULL;
  const char *body = "{\"type\": \"change\", \"subscriptionId\": \"1000100\", \"planId\": 100,"
                     " \"subscriptionPeriod\": {\"type\": \"year\", \"duration\": 1}}";
  gint64 remaining, period, refund, charge;
  JsonObject *e, *s;

  g_assert_cmpuint (sub->status, ==, 200);
  s = mp_test_object (sub);
  /* 25 users (3.00/month, 33.00/year), Autotask billing 1 (49.00, 539.00) */
  g_assert_cmpint (mp_test_int (s, "products.0.quantity"), ==, 25);
  g_assert_cmpstr (mp_test_string (s, "products.1.mpn"), ==, "IDS-R-AT-BILL");
  end = mp_test_parse_date (mp_test_string (s, "renewalDate"));
  start = g_date_copy (end);
  g_date_subtract_months (start, 1);
  g_date_set_time_t (today, time (NULL));
  remaining = g_date_days_between (today, end);
  period = g_date_days_between (start, end);
  refund = prorate (-25 * 300, remaining, period) + prorate (-4900, remaining, period);
  charge = 25 * 3300 + 53900;
  g_date_add_years (today, 1);
  next_year = date_text (today);

  estimate = call ("POST", "/orders/estimate", body);
  if (estimate->status != 200)
    g_printerr ("%s\n", estimate->body);
  g_assert_cmpuint (estimate->status, ==, 200);
  e = mp_test_object (estimate);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (e, "total.amount")), ==, charge + refund);
  /* (25 x 33.00 + 539.00) / 12 */
  g_assert_cmpint (mp_test_minor_units (mp_test_string (e, "subscriptionMonthlyTotal.amount")), ==,
                   ((25 * 3300 + 53900) * 2 + 12) / 24);
  g_assert_cmpstr (mp_test_string (e, "subscriptionPeriod.type"), ==, "year");

  placed = call ("POST", "/orders", body);
  g_assert_cmpuint (placed->status, ==, 200);
  done = mp_test_wait_order (session, base, reseller_token, mp_test_string (mp_test_object (placed), "id"), 20);
  g_assert_cmpstr (mp_test_string (mp_test_object (done), "status"), ==, "completed");
  after = call ("GET", "/subscriptions/1000100", NULL);
  s = mp_test_object (after);
  g_assert_cmpstr (mp_test_string (s, "subscriptionPeriod.type"), ==, "year");
  g_assert_cmpstr (mp_test_string (s, "renewalDate"), ==, next_year);
  g_assert_cmpint (mp_test_int (s, "products.0.quantity"), ==, 25);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (s, "products")), ==, 2);
}

/* Not among the plan's switches: refused with the rule, nothing placed. */
static void
test_not_a_switch (void)
{
  g_autoptr(MpTestResponse) r = call ("POST", "/orders/estimate",
                                      "{\"type\": \"change\", \"subscriptionId\": \"1000103\", \"planId\": 121,"
                                      " \"subscriptionPeriod\": {\"type\": \"year\", \"duration\": 1}}");

  mp_test_assert_error (r, 400);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "refusal.rule"), ==, "planSwitch");
}

/* Tailspin Docs Business with 5 users -> Enterprise (at least 10): the
 * carried amount is outside the target's bounds; the message names the
 * resource, the amount and the bounds. With 10 users asked for, it goes.
 */
static void
test_target_limits (void)
{
  g_autoptr(MpTestResponse) sale = call ("POST", "/orders",
                                         "{\"type\": \"sales\", \"customerId\": \"1000002\", \"planId\": 113,"
                                         " \"subscriptionPeriod\": {\"type\": \"month\", \"duration\": 1},"
                                         " \"acceptedTerms\": [\"tc-marketplace\"],"
                                         " \"products\": [{\"mpn\": \"TSP-DB-USER\", \"quantity\": 5}]}");
  g_autoptr(MpTestResponse) done = NULL;
  g_autoptr(MpTestResponse) r = NULL;
  g_autofree char *body = NULL;
  g_autofree char *bigger = NULL;
  const char *message;

  if (sale->status != 200)
    g_printerr ("%s\n", sale->body);
  g_assert_cmpuint (sale->status, ==, 200);
  done = mp_test_wait_order (session, base, reseller_token, mp_test_string (mp_test_object (sale), "id"), 20);
  g_assert_cmpstr (mp_test_string (mp_test_object (done), "status"), ==, "completed");
  body = g_strdup_printf ("{\"type\": \"change\", \"subscriptionId\": \"%s\", \"planId\": 114,"
                          " \"subscriptionPeriod\": {\"type\": \"month\", \"duration\": 1}}",
                          mp_test_string (mp_test_object (done), "subscriptionId"));
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&r, mp_test_response_free);
      r = call ("POST", i == 0 ? "/orders/estimate" : "/orders", body);
      mp_test_assert_error (r, 400);
      g_assert_cmpstr (mp_test_string (mp_test_object (r), "refusal.rule"), ==, "targetLimits");
      g_assert_cmpstr (mp_test_string (mp_test_object (r), "refusal.subject"), ==, "TSP-DE-USER");
      message = mp_test_string (mp_test_object (r), "message");
      g_assert_nonnull (strstr (message, "Tailspin Docs Enterprise users"));
      g_assert_nonnull (strstr (message, "has 5"));
      g_assert_nonnull (strstr (message, "between 10 and 5000"));
    }

  g_clear_pointer (&r, mp_test_response_free);
  bigger = g_strdup_printf ("{\"type\": \"change\", \"subscriptionId\": \"%s\", \"planId\": 114,"
                            " \"subscriptionPeriod\": {\"type\": \"month\", \"duration\": 1},"
                            " \"products\": [{\"mpn\": \"TSP-DE-USER\", \"quantity\": 10}]}",
                            mp_test_string (mp_test_object (done), "subscriptionId"));
  r = call ("POST", "/orders/estimate", bigger);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (mp_test_object (r), "subscriptionMonthlyTotal.amount")), ==,
                   10 * 1500);
}

/* Fabrikam Office Standard -> Basic with 5 archive add-ons: Basic has no
 * such resource, refused with its name. */
static void
test_no_counterpart (void)
{
  g_autoptr(MpTestResponse) r = call ("POST", "/orders/estimate",
                                      "{\"type\": \"change\", \"subscriptionId\": \"1000102\", \"planId\": 110,"
                                      " \"subscriptionPeriod\": {\"type\": \"month\", \"duration\": 1}}");

  mp_test_assert_error (r, 400);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "refusal.rule"), ==, "targetLimits");
  g_assert_nonnull (strstr (mp_test_string (mp_test_object (r), "message"), "Fabrikam extra archive"));
}

/* IDSync for customers 1-year -> 1-month (1000101) takes effect at the
 * next subscription period, no refund: nothing due now, the new recurring
 * total; placed, it waits for the renewal. */
static void
test_year_to_month_at_renewal (void)
{
  const char *body = "{\"type\": \"change\", \"subscriptionId\": \"1000101\", \"planId\": 101,"
                     " \"subscriptionPeriod\": {\"type\": \"month\", \"duration\": 1}}";
  g_autoptr(MpTestResponse) r = call ("POST", "/orders/estimate", body);
  JsonObject *e;

  if (r->status != 200)
    g_printerr ("%s\n", r->body);
  g_assert_cmpuint (r->status, ==, 200);
  e = mp_test_object (r);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (e, "total.amount")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (e, "details")), ==, 0);
  /* 50 users x 4.00 + ConnectWise billing 29.00 a month */
  g_assert_cmpint (mp_test_minor_units (mp_test_string (e, "subscriptionMonthlyTotal.amount")), ==, 50 * 400 + 2900);
  g_clear_pointer (&r, mp_test_response_free);

  /* Placed, it is a change scheduled for the renewal (docs/api.md
   * "Scheduled changes and renewals"). */
  {
    g_autoptr(MpTestResponse) sub = call ("GET", "/subscriptions/1000101", NULL);
    const char *renewal = mp_test_string (mp_test_object (sub), "renewalDate");

    r = call ("POST", "/orders", body);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (mp_test_string (mp_test_object (r), "scheduledOn"), ==, "renewal");
    g_assert_cmpstr (mp_test_string (mp_test_object (r), "scheduledDate"), ==, renewal);
    g_assert_cmpint (mp_test_minor_units (mp_test_string (mp_test_object (r), "total.amount")), ==, 0);
  }
}

static gint64
days_until (const char *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate *end = mp_test_parse_date (date);
  GDate today;
  gint64 days;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  days = g_date_days_between (&today, end);
  g_date_free (end);
  return days;
}

/* Apply at Renewal on a switch that could take effect now (Basic ->
 * Standard, 1000104), and one that takes effect at the next subscription
 * period anyway (IDSync 1-year -> 1-month, 1000101): nothing due now; the
 * demo clock reaching each renewal date moves the subscription to the
 * target plan and period, and the renewal charges the target's term. */
static void
test_scheduled_switches_run_at_renewal (void)
{
  const char *args[] = { "--demo-clock", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) own = mp_test_server_start (args, &error);
  g_autofree char *us = NULL;
  g_autofree char *token = NULL;
  g_autofree char *renewal_basic = NULL;
  g_autofree char *renewal_idsync = NULL;
  g_autofree char *path = NULL;
  MpTestResponse *r;

  g_assert_no_error (error);
  us = mp_test_server_get_base_url (own, "US");
  token = mp_test_login (session, us, "demo-reseller", "Demo-Reseller-1");
#define OWN(method, p, b) \
  mp_test_request (session, method, (path = (g_free (path), g_strconcat (us, p, NULL))), token, b, NULL)

  r = OWN ("GET", "/subscriptions/1000104", NULL);
  renewal_basic = g_strdup (mp_test_string (mp_test_object (r), "renewalDate"));
  g_assert_cmpint (mp_test_int (mp_test_object (r), "planId"), ==, 110);
  mp_test_response_free (r);
  r = OWN ("GET", "/subscriptions/1000101", NULL);
  renewal_idsync = g_strdup (mp_test_string (mp_test_object (r), "renewalDate"));
  mp_test_response_free (r);

  r = OWN ("POST", "/orders",
           "{\"type\": \"change\", \"subscriptionId\": \"1000104\", \"planId\": 111,"
           " \"subscriptionPeriod\": {\"type\": \"month\", \"duration\": 1}, \"scheduledOn\": \"renewal\"}");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "scheduledDate"), ==, renewal_basic);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (mp_test_object (r), "total.amount")), ==, 0);
  mp_test_response_free (r);
  r = OWN ("POST", "/orders",
           "{\"type\": \"change\", \"subscriptionId\": \"1000101\", \"planId\": 101,"
           " \"subscriptionPeriod\": {\"type\": \"month\", \"duration\": 1}}");
  g_assert_cmpuint (r->status, ==, 200);
  mp_test_response_free (r);

  /* Not yet: the day before the Basic one's renewal. */
  {
    g_autofree char *advance = g_strdup_printf ("{\"advanceDays\": %" G_GINT64_FORMAT "}",
                                                days_until (renewal_basic) - 1);

    if (days_until (renewal_basic) > 1)
      {
        r = OWN ("POST", "/clock", advance);
        g_assert_cmpuint (r->status, ==, 200);
        mp_test_response_free (r);
      }
    r = OWN ("GET", "/subscriptions/1000104", NULL);
    g_assert_cmpint (mp_test_int (mp_test_object (r), "planId"), ==, 110);
    mp_test_response_free (r);
  }
  /* Past both renewals. */
  {
    gint64 days = MAX (days_until (renewal_basic), days_until (renewal_idsync)) + 1;
    g_autofree char *advance = g_strdup_printf ("{\"advanceDays\": %" G_GINT64_FORMAT "}",
                                                days - MAX (days_until (renewal_basic) - 1, 0));

    r = OWN ("POST", "/clock", advance);
    g_assert_cmpuint (r->status, ==, 200);
    mp_test_response_free (r);
  }
  r = OWN ("GET", "/subscriptions/1000104", NULL);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "planId"), ==, 111);
  g_assert_null (mp_test_string (mp_test_object (r), "scheduledOrderId"));
  mp_test_response_free (r);
  r = OWN ("GET", "/subscriptions/1000101", NULL);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "planId"), ==, 101);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "subscriptionPeriod.type"), ==, "month");
  mp_test_response_free (r);
  /* The renewal after the switch charged a month of the target: 50 users
   * x 4.00 + ConnectWise billing 29.00. */
  r = OWN ("GET", "/orders?subscriptionId=1000101&limit=100", NULL);
  {
    JsonArray *data = json_object_get_array_member (mp_test_object (r), "data");
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (data); i++)
      {
        JsonObject *o = json_array_get_object_element (data, i);

        if (g_strcmp0 (json_object_get_string_member (o, "type"), "renewal") == 0)
          {
            g_assert_cmpint (mp_test_minor_units (json_object_get_string_member (json_object_get_object_member (o, "total"), "amount")),
                             ==, 50 * 400 + 2900);
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
  mp_test_response_free (r);
#undef OWN
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

  g_test_add_func ("/server/switch/catalogue", test_catalogue);
  g_test_add_func ("/server/switch/upgrade-keeping-date", test_upgrade_keeping_date);
  g_test_add_func ("/server/switch/month-to-year", test_month_to_year);
  g_test_add_func ("/server/switch/not-a-switch", test_not_a_switch);
  g_test_add_func ("/server/switch/target-limits", test_target_limits);
  g_test_add_func ("/server/switch/no-counterpart", test_no_counterpart);
  g_test_add_func ("/server/switch/year-to-month-at-renewal", test_year_to_month_at_renewal);
  g_test_add_func ("/server/switch/scheduled-run-at-renewal", test_scheduled_switches_run_at_renewal);
  status = g_test_run ();

  g_free (reseller_token);
  g_free (base);
  g_object_unref (session);
  mp_test_server_kill (server, SIGTERM);
  g_assert_true (mp_test_server_exited_cleanly (server));
  mp_test_server_free (server);
  return status;
}

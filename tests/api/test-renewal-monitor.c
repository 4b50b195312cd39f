/* test-renewal-monitor.c: the renewal rules and MpRenewalMonitor, on JSON
 * subscriptions and chosen days (no server, no display).
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-api.h"

/* A subscription as the server sends it, renewing on RENEWAL, with the
 * cancellation rules AFTER ("none", "prorated", "refused") and a refund
 * window through UNTIL (NULL: none); EXTRA is more JSON members or "".
 */
static MpSubscription *
subscription (const char *id,
              const char *status,
              gboolean    auto_renew,
              const char *renewal,
              const char *after,
              const char *until,
              const char *extra)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *policy = NULL;
  g_autofree char *json = NULL;
  MpSubscription *result;

  if (after != NULL)
    policy = g_strdup_printf (", \"cancellationPolicy\": {\"refundDays\": 7%s%s%s, \"afterRefundWindow\": \"%s\"}",
                              until != NULL ? ", \"fullRefundUntil\": \"" : "",
                              until != NULL ? until : "", until != NULL ? "\"" : "", after);
  json = g_strdup_printf ("{\"id\": \"%s\", \"name\": \"Plan %s\", \"customerId\": \"1000010\","
                          " \"status\": \"%s\", \"renewalStatus\": %s, \"renewalDate\": \"%s\","
                          " \"expirationDate\": \"%s\"%s%s}",
                          id, id, status, auto_renew ? "true" : "false", renewal, renewal,
                          policy != NULL ? policy : "", extra);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  result = mp_subscription_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  return result;
}

static GDate
day (const char *text)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, text);
  g_assert_true (g_date_valid (&d));
  return d;
}

static char *
day_text (const GDate *d)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (d), g_date_get_month (d), g_date_get_day (d));
}

static void
assert_last_day (MpSubscription *s,
                 const char     *expected)
{
  GDate last;
  g_autofree char *text = NULL;

  if (expected == NULL)
    {
      g_assert_false (mp_renewal_get_last_change_day (s, &last));
      return;
    }
  g_assert_true (mp_renewal_get_last_change_day (s, &last));
  text = day_text (&last);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_renews_within (void)
{
  GDate today = day ("2026-12-02");
  g_autoptr(MpSubscription) today_s = subscription ("1", "active", TRUE, "2026-12-02", NULL, NULL, "");
  g_autoptr(MpSubscription) in_30 = subscription ("2", "active", TRUE, "2027-01-01", NULL, NULL, "");
  g_autoptr(MpSubscription) in_31 = subscription ("3", "active", TRUE, "2027-01-02", NULL, NULL, "");
  g_autoptr(MpSubscription) in_90 = subscription ("4", "active", FALSE, "2027-03-02", NULL, NULL, "");
  g_autoptr(MpSubscription) past = subscription ("5", "active", TRUE, "2026-12-01", NULL, NULL, "");
  g_autoptr(MpSubscription) ended = subscription ("6", "terminated", FALSE, "2026-12-10", NULL, NULL, "");

  /* 2026-12-02 + 30 days is 2027-01-01, included; the 31st day is not. */
  g_assert_true (mp_renewal_renews_within (today_s, &today, 30));
  g_assert_true (mp_renewal_renews_within (in_30, &today, 30));
  g_assert_false (mp_renewal_renews_within (in_31, &today, 30));
  g_assert_true (mp_renewal_renews_within (in_31, &today, 60));
  /* 90 days: 29 (Dec) + 31 + 28 + 2 = 90. Auto-renew off still renews
   * on the list (it shows the state); only active ones do.
   */
  g_assert_false (mp_renewal_renews_within (in_90, &today, 60));
  g_assert_true (mp_renewal_renews_within (in_90, &today, 90));
  g_assert_false (mp_renewal_renews_within (past, &today, 90));
  g_assert_false (mp_renewal_renews_within (ended, &today, 90));
}

static void
test_last_change_day (void)
{
  GDate today = day ("2026-12-02");
  g_autoptr(MpSubscription) plain = subscription ("1", "active", TRUE, "2027-01-01", NULL, NULL, "");
  g_autoptr(MpSubscription) prorated = subscription ("2", "active", TRUE, "2026-12-20", "prorated", "2026-11-27", "");
  g_autoptr(MpSubscription) refused_open = subscription ("3", "active", TRUE, "2027-11-25", "refused", "2026-12-02", "");
  g_autoptr(MpSubscription) refused_closed = subscription ("4", "active", TRUE, "2027-11-01", "refused", "2026-11-08", "");
  g_autoptr(MpSubscription) refused_none = subscription ("5", "active", TRUE, "2027-11-01", "refused", NULL, "");
  g_autoptr(MpSubscription) renews_today = subscription ("6", "active", TRUE, "2026-12-02", "none", "2026-11-09", "");
  g_autoptr(MpSubscription) ended = subscription ("7", "terminated", FALSE, "2027-01-01", NULL, NULL, "");

  /* Through the day before the renewal, the plan allowing it. */
  assert_last_day (plain, "2026-12-31");
  g_assert_true (mp_renewal_is_window_open (plain, &today));
  assert_last_day (prorated, "2026-12-19");
  g_assert_true (mp_renewal_is_window_open (prorated, &today));
  /* A plan that refuses cancellations after its refund window: that
   * window, its last day included.
   */
  assert_last_day (refused_open, "2026-12-02");
  g_assert_true (mp_renewal_is_window_open (refused_open, &today));
  assert_last_day (refused_closed, "2026-11-08");
  g_assert_false (mp_renewal_is_window_open (refused_closed, &today));
  assert_last_day (refused_none, NULL);
  g_assert_false (mp_renewal_is_window_open (refused_none, &today));
  /* Renewing today: the window closed yesterday. */
  assert_last_day (renews_today, "2026-12-01");
  g_assert_false (mp_renewal_is_window_open (renews_today, &today));
  assert_last_day (ended, NULL);
  g_assert_false (mp_renewal_is_window_open (ended, &today));
}

static void
test_recurring_total (void)
{
  g_autoptr(MpSubscription) detailed = subscription ("1", "active", TRUE, "2027-01-01", NULL, NULL,
                                                     ", \"totalPrice\": {\"amount\": \"319.00\", \"currency\": \"USD\"}");
  /* A list row with products[] (3 x 12.50 above 2 included, one-time
   * QuickStart not charged again, 1 x 99.99): 3 x 12.50 + 99.99 = 137.49.
   */
  g_autoptr(MpSubscription) row = subscription ("2", "active", TRUE, "2027-01-01", NULL, NULL,
                                                ", \"products\": ["
                                                "{\"mpn\": \"A\", \"quantity\": 5, \"includedQuantity\": 2,"
                                                " \"unitPrice\": {\"amount\": \"12.50\", \"currency\": \"USD\"}},"
                                                "{\"mpn\": \"QS\", \"quantity\": 1, \"oneTime\": true,"
                                                " \"unitPrice\": {\"amount\": \"500.00\", \"currency\": \"USD\"}},"
                                                "{\"mpn\": \"B\", \"quantity\": 1,"
                                                " \"unitPrice\": {\"amount\": \"99.99\", \"currency\": \"USD\"}}]");
  g_autoptr(MpSubscription) bare = subscription ("3", "active", TRUE, "2027-01-01", NULL, NULL, "");
  MpMoney total, expected;

  g_assert_true (mp_renewal_get_recurring_total (detailed, &total));
  mp_money_init (&expected, 31900, "USD");
  g_assert_true (mp_money_equal (&total, &expected));

  g_assert_true (mp_renewal_get_recurring_total (row, &total));
  mp_money_init (&expected, 3 * 1250 + 9999, "USD");
  g_assert_true (mp_money_equal (&total, &expected));

  g_assert_false (mp_renewal_get_recurring_total (bare, &total));
}

static void
test_monitor (void)
{
  g_autoptr(MpRenewalMonitor) monitor = mp_renewal_monitor_new (7);
  g_autoptr(GListStore) store = g_list_store_new (MP_TYPE_SUBSCRIPTION);
  GDate today = day ("2026-12-02");
  g_autoptr(MpSubscription) closes_in_3 = subscription ("1", "active", TRUE, "2026-12-06", NULL, NULL, "");
  g_autoptr(MpSubscription) closes_today = subscription ("2", "active", TRUE, "2027-11-25", "refused", "2026-12-02", "");
  g_autoptr(MpSubscription) closes_in_7 = subscription ("3", "active", TRUE, "2026-12-10", NULL, NULL, "");
  g_autoptr(MpSubscription) auto_off = subscription ("4", "active", FALSE, "2026-12-05", NULL, NULL, "");
  g_autoptr(MpSubscription) closed = subscription ("5", "active", TRUE, "2027-11-01", "refused", "2026-11-08", "");
  g_autoptr(GPtrArray) due = NULL;
  g_auto(GStrv) sent = NULL;

  g_list_store_append (store, closes_in_7);
  g_list_store_append (store, closes_in_3);
  g_list_store_append (store, auto_off);
  g_list_store_append (store, closes_today);
  g_list_store_append (store, closed);

  g_assert_cmpuint (mp_renewal_monitor_get_days (monitor), ==, 7);
  mp_renewal_monitor_set_days (monitor, 0);
  g_assert_cmpuint (mp_renewal_monitor_get_days (monitor), ==, 1);
  mp_renewal_monitor_set_days (monitor, 99);
  g_assert_cmpuint (mp_renewal_monitor_get_days (monitor), ==, 30);

  /* Within 7 days: the window closes today (0 days left) and in 3 days
   * (2026-12-05); 2026-12-09 is 7 days away, outside; auto-renew off is
   * no commitment; a closed window is too late. Soonest first.
   */
  mp_renewal_monitor_set_days (monitor, 7);
  due = mp_renewal_monitor_check (monitor, G_LIST_MODEL (store), &today);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_true (g_ptr_array_index (due, 0) == closes_today);
  g_assert_true (g_ptr_array_index (due, 1) == closes_in_3);
  g_clear_pointer (&due, g_ptr_array_unref);

  mp_renewal_monitor_set_days (monitor, 8);
  due = mp_renewal_monitor_check (monitor, G_LIST_MODEL (store), &today);
  g_assert_cmpuint (due->len, ==, 3);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* Once warned, never again for the same window, also after a restart
   * (the keys go through the caller's storage).
   */
  mp_renewal_monitor_mark_sent (monitor, closes_today);
  mp_renewal_monitor_mark_sent (monitor, closes_in_3);
  sent = mp_renewal_monitor_get_sent (monitor, &today);
  g_assert_cmpuint (g_strv_length (sent), ==, 2);
  g_assert_cmpstr (sent[0], ==, "1:2026-12-05");
  g_assert_cmpstr (sent[1], ==, "2:2026-12-02");
  {
    g_autoptr(MpRenewalMonitor) restarted = mp_renewal_monitor_new (8);

    mp_renewal_monitor_set_sent (restarted, (const char * const *) sent);
    due = mp_renewal_monitor_check (restarted, G_LIST_MODEL (store), &today);
    g_assert_cmpuint (due->len, ==, 1);
    g_assert_true (g_ptr_array_index (due, 0) == closes_in_7);
    g_clear_pointer (&due, g_ptr_array_unref);
  }

  /* The next day, the window that closed the day before is forgotten. */
  {
    GDate tomorrow = day ("2026-12-03");
    g_auto(GStrv) kept = mp_renewal_monitor_get_sent (monitor, &tomorrow);

    g_assert_cmpuint (g_strv_length (kept), ==, 1);
    g_assert_cmpstr (kept[0], ==, "1:2026-12-05");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/renewals/renews-within", test_renews_within);
  g_test_add_func ("/renewals/last-change-day", test_last_change_day);
  g_test_add_func ("/renewals/recurring-total", test_recurring_total);
  g_test_add_func ("/renewals/monitor", test_monitor);

  return g_test_run ();
}

/* test-client-cancellation.c: a cancellation as an MpPurchase, and the
 * subscription's cancellation rules, against the real server
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-client-test-util.h"

static MpTestServer *server;

static void
wait_estimated (MpPurchase *purchase)
{
  while (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_ESTIMATING)
    g_main_context_iteration (NULL, TRUE);
}

static GDate *
parse_date (const char *text)
{
  GDate *date = g_date_new ();

  g_assert_nonnull (text);
  g_date_set_parse (date, text);
  g_assert_true (g_date_valid (date));
  return date;
}

/* The full refund of @subscription, from its plan's unit prices. */
static gint64
term_price (MpClient       *client,
            MpSubscription *subscription)
{
  g_autoptr(MpPlan) plan = mp_test_get_plan (client, mp_subscription_get_plan_id (subscription));

  return mp_test_cancellation_refund (subscription, plan, 1, 1);
}

/* Inside the window: the rules and their date, the estimate (a credit of
 * the whole term), placed once and followed until the subscription ends.
 */
static void
test_full_refund (void)
{
  g_autoptr(MpClient) client = mp_test_login (server, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpSubscription) subscription = mp_test_get_subscription (client, "1000105");
  g_autoptr(MpSubscription) after = NULL;
  g_autoptr(MpOrderDraft) draft = NULL;
  g_autoptr(MpPurchase) purchase = NULL;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) until = NULL;
  g_autoptr(GDate) expected = NULL;
  gint64 refund;

  g_assert_true (mp_subscription_has_cancellation_policy (subscription));
  g_assert_cmpstr (mp_subscription_get_after_refund_window (subscription), ==, "none");
  /* the demo plan: 14 days after the term's start (renewal less a month) */
  until = parse_date (mp_subscription_get_full_refund_until (subscription));
  expected = parse_date (mp_subscription_get_renewal_date (subscription));
  g_date_subtract_months (expected, 1);
  g_date_add_days (expected, 14);
  g_assert_cmpint (g_date_compare (until, expected), ==, 0);
  g_assert_true (mp_subscription_get_full_refund (subscription));
  g_assert_true (mp_subscription_can_cancel (subscription, NULL));

  draft = mp_order_draft_new_cancellation (subscription);
  g_assert_cmpint (mp_order_draft_get_kind (draft), ==, MP_ORDER_TYPE_CANCELLATION);
  g_assert_true (mp_order_draft_get_valid (draft));
  g_assert_cmpstr (mp_order_draft_get_customer_id (draft), ==, "1000002");
  purchase = mp_purchase_new (client, draft);
  wait_estimated (purchase);
  g_assert_cmpint (mp_purchase_get_state (purchase), ==, MP_PURCHASE_STATE_READY);
  refund = term_price (client, subscription);
  g_assert_cmpint (refund, >, 0);
  g_assert_cmpint (mp_purchase_get_due_now (purchase)->minor, ==, -refund);
  g_assert_true (mp_purchase_get_credit (purchase));
  g_assert_cmpint (mp_purchase_get_credit_amount (purchase)->minor, ==, refund);
  g_assert_nonnull (mp_purchase_get_recurring_total (purchase));
  g_assert_cmpint (mp_purchase_get_recurring_total (purchase)->minor, ==, 0);

  mp_purchase_place_async (purchase, NULL, mp_test_store_result, &result);
  order = mp_purchase_place_finish (purchase, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (mp_order_get_order_type (order), ==, MP_ORDER_TYPE_CANCELLATION);
  g_clear_object (&result);
  mp_client_watch_order_async (client, order, NULL, mp_test_store_result, &result);
  g_assert_true (mp_client_watch_order_finish (client, mp_test_wait (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);

  after = mp_test_get_subscription (client, "1000105");
  g_assert_cmpstr (mp_subscription_get_status (after), ==, "terminated");
  g_assert_false (mp_subscription_can_cancel (after, NULL));
}

/* Past a closed window: the draft says why before anything is sent, and
 * the server refuses it with the rule all the same.
 */
static void
test_window_closed (void)
{
  g_autoptr(MpClient) client = mp_test_login (server, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpSubscription) subscription = mp_test_get_subscription (client, "1000103");
  g_autoptr(MpOrderDraft) draft = NULL;
  g_autoptr(MpPurchase) purchase = NULL;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(MpSubscription) unruled = NULL;
  g_autoptr(MpOrderDraft) unruled_draft = NULL;
  g_autofree char *reason = NULL;
  const char *subject = NULL;

  g_assert_cmpstr (mp_subscription_get_after_refund_window (subscription), ==, "refused");
  g_assert_false (mp_subscription_get_full_refund (subscription));
  g_assert_false (mp_subscription_can_cancel (subscription, &reason));
  g_assert_nonnull (reason);

  draft = mp_order_draft_new_cancellation (subscription);
  g_assert_false (mp_order_draft_get_valid (draft));
  g_assert_cmpstr (mp_order_draft_get_reason (draft), ==, reason);
  purchase = mp_purchase_new (client, draft);
  g_assert_cmpint (mp_purchase_get_state (purchase), ==, MP_PURCHASE_STATE_IDLE);

  /* The same subscription as a server without the rules describes it:
   * the client lets it go, the demo server refuses with the rule.
   */
  parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser,
                                             "{\"id\": \"1000103\", \"customerId\": \"1000001\","
                                             " \"status\": \"active\"}", -1, &error));
  unruled = mp_subscription_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  g_assert_true (mp_subscription_can_cancel (unruled, NULL));
  unruled_draft = mp_order_draft_new_cancellation (unruled);
  g_assert_true (mp_order_draft_get_valid (unruled_draft));
  mp_client_place_order_async (client, unruled_draft, NULL, mp_test_store_result, &result);
  order = mp_client_place_order_finish (client, mp_test_wait (&result), &error);
  g_assert_null (order);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_VALIDATION);
  g_assert_cmpint (mp_client_error_get_refusal (error, &subject), ==, MP_REFUSAL_CANCELLATION_WINDOW);
  g_assert_cmpstr (subject, ==, mp_subscription_get_full_refund_until (subscription));
}

/* After the window of a prorated plan: a credit for the unused days,
 * less than the whole term.
 */
static void
test_prorated (void)
{
  g_autoptr(MpClient) client = mp_test_login (server, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpSubscription) subscription = mp_test_get_subscription (client, "1000104");
  g_autoptr(MpOrderDraft) draft = mp_order_draft_new_cancellation (subscription);
  g_autoptr(MpPurchase) purchase = mp_purchase_new (client, draft);
  g_autoptr(GDate) start = parse_date (mp_subscription_get_renewal_date (subscription));
  g_autoptr(GDate) end = parse_date (mp_subscription_get_renewal_date (subscription));
  g_autoptr(GDate) today = g_date_new ();
  g_autoptr(MpPlan) plan = NULL;
  gint64 term, remaining, period;

  g_assert_cmpstr (mp_subscription_get_after_refund_window (subscription), ==, "prorated");
  g_assert_false (mp_subscription_get_full_refund (subscription));
  g_assert_true (mp_subscription_can_cancel (subscription, NULL));
  g_date_subtract_months (start, 1);
  g_date_set_time_t (today, time (NULL));
  remaining = g_date_days_between (today, end);
  period = g_date_days_between (start, end);
  term = term_price (client, subscription);
  plan = mp_test_get_plan (client, mp_subscription_get_plan_id (subscription));
  wait_estimated (purchase);
  g_assert_cmpint (mp_purchase_get_state (purchase), ==, MP_PURCHASE_STATE_READY);
  g_assert_cmpint (mp_purchase_get_due_now (purchase)->minor, ==,
                   -mp_test_cancellation_refund (subscription, plan, remaining, period));
  g_assert_cmpint (mp_purchase_get_credit_amount (purchase)->minor, <, term);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = mp_test_start_server ("--provision-step-ms=50", NULL);

  g_test_add_func ("/client/cancellation/full-refund", test_full_refund);
  g_test_add_func ("/client/cancellation/window-closed", test_window_closed);
  g_test_add_func ("/client/cancellation/prorated", test_prorated);
  status = g_test_run ();

  mp_test_server_free (server);
  return status;
}

/* test-client-switch.c: plan and period switches as an MpPurchase, against
 * the real server: the plan's planSwitches, the switch draft with its
 * carried limits, the estimate (computed here from unit prices and dates),
 * provisioning, and the refusals.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "mp-client-test-util.h"

static MpTestServer *server;

static void
wait_estimated (MpPurchase *purchase)
{
  while (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_ESTIMATING)
    g_main_context_iteration (NULL, TRUE);
}

/* The unit price of @mpn on @plan for @unit ("month", "year"). */
static gint64
unit_price (MpPlan     *plan,
            const char *mpn,
            const char *unit)
{
  MpResource *r = mp_plan_find_resource (plan, mpn);
  g_autoptr(MpPeriod) period = mp_period_new (unit, 1);
  MpMoney setup, recurring;

  g_assert_nonnull (r);
  g_assert_true (mp_resource_get_price (r, period, &setup, &recurring));
  return recurring.minor;
}

/* GET /plans/{id}: planSwitches as MpPlanSwitch items with their enums */
static void
test_plan_switches (void)
{
  g_autoptr(MpClient) client = mp_test_login (server, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpPlan) plan = mp_test_get_plan (client, "100");
  g_autoptr(MpPeriod) month = mp_period_new ("month", 1);
  g_autoptr(MpPeriod) year = mp_period_new ("year", 1);
  GListModel *switches = mp_plan_get_switches (plan);
  MpPlanSwitch *s;

  g_assert_cmpuint (g_list_model_get_n_items (switches), ==, 2);
  s = mp_plan_find_switch (plan, "100", year, month);
  g_assert_nonnull (s);
  g_assert_cmpint (mp_plan_switch_get_billing_policy (s), ==,
                   MP_BILLING_POLICY_PRORATE_STARTING_NEW_SUBSCRIPTION_PERIOD);
  g_assert_cmpint (mp_plan_switch_get_when_effective (s), ==, MP_SWITCH_EFFECTIVE_IMMEDIATELY);
  s = mp_plan_find_switch (plan, "100", month, year);
  g_assert_nonnull (s);
  g_assert_cmpint (mp_plan_switch_get_billing_policy (s), ==, MP_BILLING_POLICY_NO_REFUND);
  g_assert_cmpint (mp_plan_switch_get_when_effective (s), ==, MP_SWITCH_EFFECTIVE_NEXT_SUBSCRIPTION_PERIOD);
  g_assert_null (mp_plan_find_switch (plan, "110", month, month));
}

/* Fabrikam Office Basic -> Standard on 1000104 (15 users, monthly): the
 * limits carried over, due now = Standard to the renewal date less the
 * unused Basic, the new recurring total; placed and followed, the
 * subscription is on Standard with 15 users.
 */
static void
test_upgrade (void)
{
  g_autoptr(MpClient) client = mp_test_login (server, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpSubscription) subscription = mp_test_get_subscription (client, "1000104");
  g_autoptr(MpSubscription) after = NULL;
  g_autoptr(MpPlan) basic = mp_test_get_plan (client, "110");
  g_autoptr(MpPlan) standard = mp_test_get_plan (client, "111");
  g_autoptr(MpOrderDraft) draft = NULL;
  g_autoptr(MpPurchase) purchase = NULL;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GDate) end = g_date_new ();
  g_autoptr(GDate) start = NULL;
  g_autoptr(GDate) today = g_date_new ();
  g_autofree char *renewal = g_strdup (mp_subscription_get_renewal_date (subscription));
  gint64 remaining, days, charge, refund;

  g_assert_nonnull (mp_plan_find_switch (basic, "111", mp_subscription_get_period (subscription),
                                         mp_subscription_get_period (subscription)));
  draft = mp_order_draft_new_switch (subscription, standard, mp_subscription_get_period (subscription));
  g_assert_cmpint (mp_order_draft_get_kind (draft), ==, MP_ORDER_TYPE_CHANGE);
  g_assert_true (mp_order_draft_get_valid (draft));
  g_assert_cmpint (mp_order_draft_get_quantity (draft, "FAB-OS-USER"), ==, 15);
  g_assert_cmpint (mp_order_draft_get_quantity (draft, "FAB-OS-ADDON"), ==, 0);

  g_date_set_parse (end, renewal);
  g_assert_true (g_date_valid (end));
  start = g_date_copy (end);
  g_date_subtract_months (start, 1);
  g_date_set_time_t (today, time (NULL));
  remaining = g_date_days_between (today, end);
  days = g_date_days_between (start, end);
  charge = mp_test_prorate (15 * unit_price (standard, "FAB-OS-USER", "month"), remaining, days);
  refund = mp_test_prorate (-15 * unit_price (basic, "FAB-OB-USER", "month"), remaining, days);

  purchase = mp_purchase_new (client, draft);
  wait_estimated (purchase);
  g_assert_cmpint (mp_purchase_get_state (purchase), ==, MP_PURCHASE_STATE_READY);
  g_assert_cmpint (mp_purchase_get_due_now (purchase)->minor, ==, charge + refund);
  g_assert_cmpint (mp_purchase_get_recurring_total (purchase)->minor, ==,
                   15 * unit_price (standard, "FAB-OS-USER", "month"));

  order = mp_test_place_and_follow (client, purchase);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
  after = mp_test_get_subscription (client, "1000104");
  g_assert_cmpstr (mp_subscription_get_plan_id (after), ==, "111");
  g_assert_cmpstr (mp_subscription_get_renewal_date (after), ==, renewal);
  {
    GListModel *lines = mp_subscription_get_resources (after);
    g_autoptr(MpSubscriptionResource) line = g_list_model_get_item (lines, 0);

    g_assert_cmpuint (g_list_model_get_n_items (lines), ==, 1);
    g_assert_cmpstr (mp_subscription_resource_get_mpn (line), ==, "FAB-OS-USER");
    g_assert_cmpint (mp_subscription_resource_get_quantity (line), ==, 15);
  }
}

/* Tailspin Docs Business with 1 user -> Enterprise (at least 10): the
 * draft says why and the client sends nothing; with 10 users it is valid.
 */
static void
test_target_limits (void)
{
  g_autoptr(MpClient) client = mp_test_login (server, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpOrderDraft) sale = mp_test_customer_draft (client, "113", "1000002");
  g_autoptr(MpPurchase) sale_purchase = NULL;
  g_autoptr(MpOrder) sale_order = NULL;
  g_autoptr(MpSubscription) subscription = NULL;
  g_autoptr(MpPlan) enterprise = mp_test_get_plan (client, "114");
  g_autoptr(MpOrderDraft) draft = NULL;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *subject = NULL;

  g_assert_cmpint (mp_order_draft_get_quantity (sale, "TSP-DB-USER"), ==, 1);
  sale_purchase = mp_purchase_new (client, sale);
  wait_estimated (sale_purchase);
  sale_order = mp_test_place_and_follow (client, sale_purchase);
  g_assert_cmpint (mp_order_get_status (sale_order), ==, MP_ORDER_STATUS_COMPLETED);
  subscription = mp_test_get_subscription (client, mp_order_get_subscription_id (sale_order));

  draft = mp_order_draft_new_switch (subscription, enterprise, mp_subscription_get_period (subscription));
  g_assert_false (mp_order_draft_get_valid (draft));
  g_assert_nonnull (strstr (mp_order_draft_get_reason (draft), "has 1"));
  g_assert_nonnull (strstr (mp_order_draft_get_reason (draft), "between 10 and 5000"));

  mp_client_place_order_async (client, draft, NULL, mp_test_store_result, &result);
  order = mp_client_place_order_finish (client, mp_test_wait (&result), &error);
  g_assert_null (order);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_VALIDATION);
  /* refused here, with the draft's reason, before anything is sent (the
   * server's own targetLimits refusal: tests/server/test-server-switch.c) */
  g_assert_cmpint (mp_client_error_get_refusal (error, &subject), ==, MP_REFUSAL_NONE);
  g_assert_nonnull (strstr (error->message, mp_order_draft_get_reason (draft)));
  g_clear_object (&subscription);
  subscription = mp_test_get_subscription (client, mp_order_get_subscription_id (sale_order));
  g_assert_null (mp_subscription_get_pending_order_id (subscription));

  mp_order_draft_set_quantity (draft, "TSP-DE-USER", 10);
  g_assert_true (mp_order_draft_get_valid (draft));
}

/* Standard with archive add-ons -> Basic: Basic has no such resource. */
static void
test_no_counterpart (void)
{
  g_autoptr(MpClient) client = mp_test_login (server, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpSubscription) subscription = mp_test_get_subscription (client, "1000102");
  g_autoptr(MpPlan) basic = mp_test_get_plan (client, "110");
  g_autoptr(MpOrderDraft) draft = mp_order_draft_new_switch (subscription, basic,
                                                             mp_subscription_get_period (subscription));

  g_assert_false (mp_order_draft_get_valid (draft));
  g_assert_nonnull (strstr (mp_order_draft_get_reason (draft), "Fabrikam extra archive"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = mp_test_start_server ("--provision-step-ms=50", NULL);

  g_test_add_func ("/client/switch/plan-switches", test_plan_switches);
  g_test_add_func ("/client/switch/upgrade", test_upgrade);
  g_test_add_func ("/client/switch/target-limits", test_target_limits);
  g_test_add_func ("/client/switch/no-counterpart", test_no_counterpart);
  status = g_test_run ();

  mp_test_server_free (server);
  return status;
}

/* test-client-schedule.c: a change scheduled for the renewal as an
 * MpPurchase, shown on MpOrder and MpSubscription, and cancelled, against
 * the real server
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

/* 3 more users of 1000102 at its renewal: a whole term of 3 users at the
 * plan's unit price, due at the renewal; the order waits with the date,
 * the subscription names it; cancelled, it is gone from the subscription.
 */
static void
test_scheduled_change (void)
{
  g_autoptr(MpClient) client = mp_test_login (server, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpSubscription) subscription = mp_test_get_subscription (client, "1000102");
  g_autoptr(MpSubscription) named = NULL;
  g_autoptr(MpSubscription) after = NULL;
  g_autoptr(MpPlan) plan = mp_test_get_plan (client, mp_subscription_get_plan_id (subscription));
  g_autoptr(MpOrderDraft) draft = mp_order_draft_new_change (subscription);
  g_autoptr(MpPurchase) purchase = NULL;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(MpOrder) cancelled = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MpResource *users = mp_plan_find_resource (plan, "FAB-OS-USER");
  MpMoney setup, recurring;
  gint64 quantity = mp_order_draft_get_quantity (draft, "FAB-OS-USER");
  gint64 expected;

  g_assert_nonnull (users);
  g_assert_true (mp_resource_get_price (users, mp_subscription_get_period (subscription), &setup, &recurring));
  expected = 3 * recurring.minor + 3 * setup.minor;

  mp_order_draft_set_quantity (draft, "FAB-OS-USER", quantity + 3);
  mp_order_draft_set_scheduled (draft, TRUE);
  purchase = mp_purchase_new (client, draft);
  wait_estimated (purchase);
  g_assert_cmpint (mp_purchase_get_state (purchase), ==, MP_PURCHASE_STATE_READY);
  /* not prorated: the whole term from the renewal date */
  g_assert_cmpint (mp_purchase_get_due_now (purchase)->minor, ==, expected);

  mp_purchase_place_async (purchase, NULL, mp_test_store_result, &result);
  order = mp_purchase_place_finish (purchase, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_true (mp_order_get_scheduled (order));
  g_assert_cmpstr (mp_order_get_scheduled_date (order), ==, mp_subscription_get_renewal_date (subscription));
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_SUBMITTED);
  g_assert_null (mp_order_get_cancellation_reason (order));

  named = mp_test_get_subscription (client, "1000102");
  g_assert_cmpstr (mp_subscription_get_scheduled_order_id (named), ==, mp_order_get_id (order));
  g_assert_null (mp_subscription_get_pending_order_id (named));

  g_clear_object (&result);
  mp_client_cancel_order_async (client, mp_order_get_id (order), NULL, mp_test_store_result, &result);
  cancelled = mp_client_cancel_order_finish (client, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (mp_order_get_status (cancelled), ==, MP_ORDER_STATUS_CANCELLED);
  after = mp_test_get_subscription (client, "1000102");
  g_assert_null (mp_subscription_get_scheduled_order_id (after));
}

/* Renewal off: the server's refusal has its rule. */
static void
test_not_renewing (void)
{
  g_autoptr(MpClient) client = mp_test_login (server, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpSubscription) subscription = mp_test_get_subscription (client, "1000106");
  g_autoptr(MpOrderDraft) draft = mp_order_draft_new_change (subscription);
  g_autoptr(MpSubscriptionResource) line = g_list_model_get_item (mp_subscription_get_resources (subscription), 0);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *mpn = mp_subscription_resource_get_mpn (line);

  g_assert_false (mp_subscription_get_auto_renew (subscription));
  mp_order_draft_set_quantity (draft, mpn, mp_order_draft_get_quantity (draft, mpn) + 1);
  mp_order_draft_set_scheduled (draft, TRUE);
  mp_order_draft_estimate_async (draft, client, NULL, mp_test_store_result, &result);
  g_assert_false (mp_order_draft_estimate_finish (draft, mp_test_wait (&result), &error));
  g_assert_nonnull (error);
  g_assert_cmpint (mp_client_error_get_refusal (error, NULL), ==, MP_REFUSAL_NOT_RENEWING);
}

/* Renewed ahead where the plan allows it (1000105, plan 130): one whole
 * term of every resource at its quantity, billable units above what is
 * included at the plan's recurring price; completed, the renewal date
 * moves one month. Not valid where the plan renews at the end only.
 */
static void
test_manual_renewal (void)
{
  g_autoptr(MpClient) client = mp_test_login (server, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpSubscription) subscription = mp_test_get_subscription (client, "1000105");
  g_autoptr(MpSubscription) other = mp_test_get_subscription (client, "1000102");
  g_autoptr(MpSubscription) after = NULL;
  g_autoptr(MpPlan) plan = mp_test_get_plan (client, mp_subscription_get_plan_id (subscription));
  g_autoptr(MpOrderDraft) draft = mp_order_draft_new_renewal (subscription);
  g_autoptr(MpOrderDraft) refused = mp_order_draft_new_renewal (other);
  g_autoptr(MpPurchase) purchase = NULL;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) next = g_date_new ();
  g_autofree char *next_text = NULL;
  GListModel *lines = mp_subscription_get_resources (subscription);
  gint64 expected = 0;

  g_assert_true (mp_subscription_get_manual_renewal (subscription));
  g_assert_false (mp_subscription_get_manual_renewal (other));
  g_assert_false (mp_order_draft_get_valid (refused));
  g_assert_nonnull (mp_order_draft_get_reason (refused));

  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(MpSubscriptionResource) line = g_list_model_get_item (lines, i);
      MpResource *resource = mp_plan_find_resource (plan, mp_subscription_resource_get_mpn (line));
      MpMoney setup, recurring;

      g_assert_nonnull (resource);
      g_assert_true (mp_resource_get_price (resource, mp_subscription_get_period (subscription), &setup, &recurring));
      expected += MAX (0, mp_subscription_resource_get_quantity (line) - mp_resource_get_included (resource))
                  * recurring.minor;
    }
  g_assert_cmpint (expected, >, 0);
  g_date_set_parse (next, mp_subscription_get_renewal_date (subscription));
  g_date_add_months (next, 1);
  next_text = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (next), g_date_get_month (next), g_date_get_day (next));

  g_assert_cmpint (mp_order_draft_get_kind (draft), ==, MP_ORDER_TYPE_RENEWAL);
  g_assert_true (mp_order_draft_get_valid (draft));
  purchase = mp_purchase_new (client, draft);
  wait_estimated (purchase);
  g_assert_cmpint (mp_purchase_get_state (purchase), ==, MP_PURCHASE_STATE_READY);
  g_assert_cmpint (mp_purchase_get_due_now (purchase)->minor, ==, expected);

  mp_purchase_place_async (purchase, NULL, mp_test_store_result, &result);
  order = mp_purchase_place_finish (purchase, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (mp_order_get_order_type (order), ==, MP_ORDER_TYPE_RENEWAL);
  g_clear_object (&result);
  mp_client_watch_order_async (client, order, NULL, mp_test_store_result, &result);
  g_assert_true (mp_client_watch_order_finish (client, mp_test_wait (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);

  after = mp_test_get_subscription (client, "1000105");
  g_assert_cmpstr (mp_subscription_get_renewal_date (after), ==, next_text);
  g_assert_cmpstr (mp_subscription_get_status (after), ==, "active");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = mp_test_start_server ("--demo-clock", NULL);
  g_test_add_func ("/client/schedule/scheduled-change", test_scheduled_change);
  g_test_add_func ("/client/schedule/not-renewing", test_not_renewing);
  g_test_add_func ("/client/schedule/manual-renewal", test_manual_renewal);
  status = g_test_run ();
  mp_test_server_free (server);
  return status;
}

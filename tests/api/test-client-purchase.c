/* test-client-purchase.c: MpPurchase against the real server
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "mp-client-test-util.h"

/* One server behind a counting proxy, shared by the tests that do not
 * stop it.
 */
static MpTestServer *shared_server;
static MpTestProxy *shared_proxy;

static MpTestProxy *
proxy (void)
{
  if (shared_server == NULL)
    {
      shared_server = mp_test_start_server (NULL, NULL);
      shared_proxy = mp_test_proxy_new (mp_test_server_get_url (shared_server));
    }
  return shared_proxy;
}

/* @timeout_s before any connection is made: libsoup keeps the timeout
 * of a connection from when it was opened.
 */
static MpClient *
login_through (MpTestProxy *through,
               guint        timeout_s)
{
  g_autofree char *base = mp_test_proxy_get_base_url (through, "US");
  MpClient *client = mp_client_new (base, "US", "demo-reseller", "Demo-Reseller-1",
                                    "demo-subscription-key");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MpAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  mp_client_set_retry_delay (client, 100);
  mp_client_set_timeout (client, timeout_s);
  mp_client_login_async (client, NULL, mp_test_store_result, &result);
  account = mp_client_login_finish (client, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  return client;
}

static void
wait_estimated (MpPurchase *purchase)
{
  while (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_ESTIMATING)
    g_main_context_iteration (NULL, TRUE);
}

static void
record_ready (MpPurchase *purchase,
              GParamSpec *pspec,
              GArray     *seen)
{
  if (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_READY)
    {
      gint64 minor = mp_purchase_get_due_now (purchase)->minor;

      g_array_append_val (seen, minor);
    }
}

static void
test_estimate_debounce (void)
{
  g_autoptr(MpClient) client = login_through (proxy (), 120);
  g_autoptr(MpOrderDraft) draft = mp_test_customer_draft (client, "101", "1000001");
  g_autoptr(MpPurchase) purchase = mp_purchase_new (client, draft);
  g_autoptr(GArray) ready = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint before = mp_test_proxy_count_requests (proxy (), "POST", "/orders/estimate");
  guint after;

  g_signal_connect (purchase, "notify::state", G_CALLBACK (record_ready), ready);
  g_assert_cmpint (mp_purchase_get_state (purchase), ==, MP_PURCHASE_STATE_ESTIMATING);

  /* A user typing: many changes, one estimate, of the last one. */
  for (gint64 q = 2; q <= 9; q++)
    mp_order_draft_set_quantity (draft, "IDS-C-USERS", q);
  wait_estimated (purchase);
  g_assert_cmpint (mp_purchase_get_state (purchase), ==, MP_PURCHASE_STATE_READY);
  after = mp_test_proxy_count_requests (proxy (), "POST", "/orders/estimate");
  g_assert_cmpuint (after - before, ==, 1);
  g_assert_cmpuint (ready->len, ==, 1);
  g_assert_cmpint (mp_purchase_get_due_now (purchase)->minor, ==, mp_test_sales_due_now (draft));
  g_assert_false (mp_purchase_get_credit (purchase));
  g_assert_null (mp_purchase_get_credit_amount (purchase));
  g_assert_cmpuint (g_list_model_get_n_items (mp_purchase_get_lines (purchase)), >, 0);
  g_assert_nonnull (mp_purchase_get_recurring_total (purchase));

  /* A new estimate cancels the one in flight: only the last one lands. */
  g_array_set_size (ready, 0);
  mp_order_draft_set_quantity (draft, "IDS-C-USERS", 10);
  mp_purchase_estimate (purchase);
  mp_order_draft_set_quantity (draft, "IDS-C-USERS", 11);
  mp_purchase_estimate (purchase);
  wait_estimated (purchase);
  g_assert_cmpint (mp_purchase_get_state (purchase), ==, MP_PURCHASE_STATE_READY);
  g_assert_cmpuint (ready->len, ==, 1);
  g_assert_cmpint (g_array_index (ready, gint64, 0), ==, mp_test_sales_due_now (draft));
  g_assert_cmpint (mp_purchase_get_due_now (purchase)->minor, ==, mp_test_sales_due_now (draft));
  g_assert_cmpuint (mp_test_proxy_count_requests (proxy (), "POST", "/orders/estimate") - after,
                    <=, 2);

  /* Not valid: no estimate, no request. */
  after = mp_test_proxy_count_requests (proxy (), "POST", "/orders/estimate");
  mp_order_draft_set_quantity (draft, "IDS-C-USERS", 0);
  g_assert_cmpint (mp_purchase_get_state (purchase), ==, MP_PURCHASE_STATE_IDLE);
  g_assert_null (mp_purchase_get_due_now (purchase));
  mp_order_draft_set_quantity (draft, "IDS-C-USERS", 5);
  wait_estimated (purchase);
  g_assert_cmpuint (mp_test_proxy_count_requests (proxy (), "POST", "/orders/estimate") - after,
                    ==, 1);
}

static void
check_change_recurring (MpClient   *client,
                        const char *subscription_id,
                        const char *mpn,
                        gint64      quantity)
{
  g_autoptr(MpSubscription) subscription = mp_test_get_subscription (client, subscription_id);
  g_autoptr(MpPlan) plan = mp_test_get_plan (client, mp_subscription_get_plan_id (subscription));
  g_autoptr(MpOrderDraft) draft = mp_order_draft_new_change (subscription);
  g_autoptr(MpPurchase) purchase = mp_purchase_new (client, draft);
  g_autofree char *shown = NULL;
  gint64 expected;

  mp_order_draft_set_quantity (draft, mpn, quantity);
  g_assert_true (mp_order_draft_get_valid (draft));
  wait_estimated (purchase);
  g_assert_cmpint (mp_purchase_get_state (purchase), ==, MP_PURCHASE_STATE_READY);
  g_assert_nonnull (mp_purchase_get_recurring_total (purchase));
  expected = mp_test_change_recurring_per_month (draft, plan);
  shown = mp_money_to_string (mp_purchase_get_recurring_total (purchase));
  g_test_message ("subscription %s, %s -> %" G_GINT64_FORMAT ": new recurring total %s a month",
                  subscription_id, mpn, quantity, shown);
  g_assert_cmpint (mp_purchase_get_recurring_total (purchase)->minor, ==, expected);
  /* More than the changed line alone. */
  g_assert_cmpint (expected, >, 0);
}

static void
test_change_recurring_total (void)
{
  g_autoptr(MpClient) client = login_through (proxy (), 120);

  /* 50 -> 60 users on a yearly subscription that also has a ConnectWise
   * integration: all of it, not the users alone.
   */
  check_change_recurring (client, "1000101", "IDS-C-USERS", 60);
  /* QuickStart (a one-time service) 1 -> 0: the rest still costs. */
  check_change_recurring (client, "1000100", "IDS-R-AT-QS", 0);
}

static void
test_change_credit (void)
{
  g_autoptr(MpClient) client = login_through (proxy (), 120);
  g_autoptr(MpSubscription) subscription = mp_test_get_subscription (client, "1000101");
  g_autoptr(MpOrderDraft) draft = mp_order_draft_new_change (subscription);
  g_autoptr(MpPurchase) purchase = mp_purchase_new (client, draft);
  GListModel *lines;
  gint64 sum = 0;

  /* A seat reduction is a credit, said so. */
  mp_order_draft_set_quantity (draft, "IDS-C-USERS", 45);
  wait_estimated (purchase);
  g_assert_cmpint (mp_purchase_get_state (purchase), ==, MP_PURCHASE_STATE_READY);
  lines = mp_purchase_get_lines (purchase);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(MpOrderLine) line = g_list_model_get_item (lines, i);

      sum += mp_order_line_get_extended_price (line)->minor;
    }
  g_assert_cmpint (sum, <, 0);
  g_assert_cmpint (mp_purchase_get_due_now (purchase)->minor, ==, sum);
  g_assert_true (mp_purchase_get_credit (purchase));
  g_assert_nonnull (mp_purchase_get_credit_amount (purchase));
  g_assert_cmpint (mp_purchase_get_credit_amount (purchase)->minor, ==, -sum);
}

static MpOrder *
place (MpPurchase    *purchase,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mp_purchase_place_async (purchase, NULL, mp_test_store_result, &result);
  return mp_purchase_place_finish (purchase, mp_test_wait (&result), error);
}

static void
test_place_once (void)
{
  g_autoptr(MpClient) client = login_through (proxy (), 120);
  g_autoptr(MpOrderDraft) draft = mp_test_customer_draft (client, "101", "1000002");
  g_autoptr(MpPurchase) purchase = mp_purchase_new (client, draft);
  g_autoptr(MpOrderDraft) again_draft = NULL;
  g_autoptr(MpPurchase) again = NULL;
  g_autoptr(GAsyncResult) first_result = NULL;
  g_autoptr(GAsyncResult) second_result = NULL;
  g_autoptr(MpOrder) first = NULL;
  g_autoptr(MpOrder) second = NULL;
  g_autoptr(MpOrder) third = NULL;
  g_autoptr(MpOrder) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_strdup (mp_purchase_get_idempotency_key (purchase));
  g_autofree char *po_number = NULL;
  guint posts = mp_test_proxy_count_requests (proxy (), "POST", "/orders");

  /* The key is fixed: editing the draft keeps it. */
  mp_order_draft_set_quantity (draft, "IDS-C-USERS", 3);
  g_assert_cmpstr (mp_order_draft_get_idempotency_key (draft), ==, key);
  po_number = g_strdup (mp_order_draft_get_effective_po_number (draft));

  /* A double click: two calls, one placement. */
  mp_purchase_place_async (purchase, NULL, mp_test_store_result, &first_result);
  mp_purchase_place_async (purchase, NULL, mp_test_store_result, &second_result);
  g_assert_true (mp_purchase_get_placing (purchase));
  first = mp_purchase_place_finish (purchase, mp_test_wait (&first_result), &error);
  g_assert_no_error (error);
  second = mp_purchase_place_finish (purchase, mp_test_wait (&second_result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mp_order_get_id (first), ==, mp_order_get_id (second));
  g_assert_true (mp_purchase_get_order (purchase) == first);
  g_assert_false (mp_purchase_get_placing (purchase));

  /* Once placed, placing again is the same order. */
  third = place (purchase, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mp_order_get_id (third), ==, mp_order_get_id (first));
  g_assert_cmpuint (mp_test_proxy_count_requests (proxy (), "POST", "/orders") - posts, ==, 1);

  /* A restarted app rebuilds the cart line's purchase with the stored key:
   * it finds the order instead of placing another.
   */
  again_draft = mp_test_customer_draft (client, "101", "1000002");
  mp_order_draft_set_quantity (again_draft, "IDS-C-USERS", 3);
  again = mp_purchase_new_with_key (client, again_draft, key);
  g_assert_cmpstr (mp_order_draft_get_effective_po_number (again_draft), ==, po_number);
  restored = place (again, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mp_order_get_id (restored), ==, mp_order_get_id (first));
  g_assert_cmpuint (mp_test_proxy_count_requests (proxy (), "POST", "/orders") - posts, ==, 1);
  g_assert_cmpuint (mp_test_count_orders_with_po (client, "1000002", po_number), ==, 1);
}

typedef struct
{
  MpOrder *order;
  gboolean reported;
} Placed;

static void
placed_cb (MpPurchase *purchase,
           MpOrder    *order,
           Placed     *placed)
{
  placed->order = g_object_ref (order);
  /* The purchase says it is placed when it tells. */
  placed->reported = mp_purchase_get_order (purchase) == order
                     && !mp_purchase_get_placing (purchase);
}

static void
test_view_goes_away (void)
{
  g_autoptr(MpClient) client = login_through (proxy (), 120);
  g_autoptr(MpOrderDraft) draft = mp_test_customer_draft (client, "101", "1000003");
  MpPurchase *purchase = mp_purchase_new (client, draft);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpOrder) none = NULL;
  g_autofree char *po_number = g_strdup (mp_order_draft_get_effective_po_number (draft));
  Placed placed = { NULL, FALSE };
  guint posts = mp_test_proxy_count_requests (proxy (), "POST", "/orders");

  g_object_add_weak_pointer (G_OBJECT (purchase), (gpointer *) &purchase);
  g_signal_connect (purchase, "placed", G_CALLBACK (placed_cb), &placed);

  /* The server's answer is held back; the view closes meanwhile. */
  mp_test_proxy_set_mode (proxy (), MP_TEST_PROXY_DELAY_AFTER);
  mp_purchase_place_async (purchase, cancellable, mp_test_store_result, &result);
  g_object_unref (purchase);
  g_assert_nonnull (purchase);  /* it keeps itself alive while placing */
  g_cancellable_cancel (cancellable);
  none = mp_purchase_place_finish (purchase, mp_test_wait (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (none);
  g_clear_object (&result);  /* the view's result held the purchase too */

  /* The placement goes on, and tells when it is done. */
  while (placed.order == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (placed.reported);
  g_assert_null (purchase);
  g_assert_cmpuint (mp_test_proxy_count_requests (proxy (), "POST", "/orders") - posts, ==, 1);
  g_assert_cmpuint (mp_test_count_orders_with_po (client, "1000003", po_number), ==, 1);
  g_assert_cmpstr (mp_order_get_po_number (placed.order), ==, po_number);
  g_clear_object (&placed.order);
}

static void
test_lost_answer (void)
{
  g_autoptr(MpTestServer) real = mp_test_start_server (NULL, NULL);
  g_autoptr(MpTestProxy) through = mp_test_proxy_new (mp_test_server_get_url (real));
  g_autoptr(MpClient) client = login_through (through, 1);
  g_autoptr(MpOrderDraft) draft = mp_test_customer_draft (client, "101", "1000001");
  g_autoptr(MpPurchase) purchase = mp_purchase_new (client, draft);
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(MpOrder) lost = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *po_number = g_strdup (mp_order_draft_get_effective_po_number (draft));
  guint posts, gets;

  /* The server stops answering past the client's timeout: the POST and
   * the lookup after it time out, the order's fate is unknown.
   */
  wait_estimated (purchase);  /* the buyer saw the figures */
  g_assert_cmpint (kill (mp_test_server_get_pid (real), SIGSTOP), ==, 0);
  lost = place (purchase, &error);
  g_assert_null (lost);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NETWORK);
  g_assert_null (mp_purchase_get_order (purchase));
  g_clear_error (&error);
  g_assert_cmpint (kill (mp_test_server_get_pid (real), SIGCONT), ==, 0);

  /* The server goes on and creates the order it had received. */
  while (mp_test_count_orders_with_po (client, "1000001", po_number) == 0)
    mp_test_sleep (100);

  /* Placing again looks it up first and places nothing. */
  posts = mp_test_proxy_count_requests (through, "POST", "/orders");
  gets = mp_test_proxy_count_requests (through, "GET", "/orders");
  order = place (purchase, &error);
  g_assert_no_error (error);
  g_assert_nonnull (order);
  g_assert_cmpstr (mp_order_get_po_number (order), ==, po_number);
  g_assert_cmpuint (mp_test_proxy_count_requests (through, "POST", "/orders"), ==, posts);
  g_assert_cmpuint (mp_test_proxy_count_requests (through, "GET", "/orders"), >, gets);
  g_assert_cmpuint (mp_test_count_orders_with_po (client, "1000001", po_number), ==, 1);
  g_assert_true (mp_purchase_get_order (purchase) == order);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/purchase/estimate-debounce", test_estimate_debounce);
  g_test_add_func ("/client/purchase/change-recurring-total", test_change_recurring_total);
  g_test_add_func ("/client/purchase/change-credit", test_change_credit);
  g_test_add_func ("/client/purchase/place-once", test_place_once);
  g_test_add_func ("/client/purchase/view-goes-away", test_view_goes_away);
  g_test_add_func ("/client/purchase/lost-answer", test_lost_answer);

  status = g_test_run ();
  g_clear_pointer (&shared_proxy, mp_test_proxy_free);
  g_clear_pointer (&shared_server, mp_test_server_free);
  return status;
}

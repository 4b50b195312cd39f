/* test-mirror.c: the local mirror against the real demo server
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "mp-api.h"
#include "mp-client-test-util.h"
#include "mp-mirror.h"
#include "mp-mirror-list.h"

#define RESELLER "demo-reseller"
#define PASSWORD "Demo-Reseller-1"

static char *cache_dir;

/* The highest "in-flight" a client reported. */
static void
record_in_flight (MpClient   *client,
                  GParamSpec *pspec,
                  guint      *max)
{
  *max = MAX (*max, mp_client_get_in_flight (client));
}

static void
refresh (MpMirror *mirror)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mp_mirror_refresh_async (mirror, NULL, mp_test_store_result, &result);
  g_assert_true (mp_mirror_refresh_finish (mirror, mp_test_wait (&result), &error));
  g_assert_no_error (error);
}

static void
wait_list (MpListSource *list)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* The rows the last write left in the database. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  mp_mirror_list_wait_async (MP_MIRROR_LIST (list), NULL, mp_test_store_result, &result);
  g_assert_true (mp_mirror_list_wait_finish (MP_MIRROR_LIST (list), mp_test_wait (&result),
                                             &error));
  g_assert_no_error (error);
}

/* What the server lists, through the live client. */
static guint
count_live (MpClient *client)
{
  g_autoptr(MpPagedList) live = mp_client_list_subscriptions (client, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (mp_test_wait_list (live, &error));
  g_assert_no_error (error);
  return g_list_model_get_n_items (G_LIST_MODEL (live));
}

static MpSubscription *
find_subscription (GListModel *list,
                   const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MpSubscription) subscription = g_list_model_get_item (list, i);

      if (g_strcmp0 (mp_subscription_get_id (subscription), id) == 0)
        return g_steal_pointer (&subscription);
    }
  return NULL;
}

static gint64
quantity_of (MpSubscription *subscription,
             const char     *mpn)
{
  MpSubscriptionResource *line = mp_subscription_find_resource (subscription, mpn);

  return line != NULL ? mp_subscription_resource_get_quantity (line) : -1;
}

/* Every row carries its resource lines and a total, and the lines add up
 * to the total (each line's extended price summed here).
 */
static void
assert_all_detailed (GListModel *list)
{
  guint n = g_list_model_get_n_items (list);

  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpSubscription) subscription = g_list_model_get_item (list, i);
      GListModel *lines = mp_subscription_get_resources (subscription);

      g_assert_cmpuint (g_list_model_get_n_items (lines), >, 0);
      g_assert_nonnull (mp_subscription_get_total_price (subscription));
    }
}

typedef struct
{
  guint signals;
  guint added;
  guint removed;
} Changes;

static void
count_changes (GListModel *list,
               guint       position,
               guint       removed,
               guint       added,
               Changes    *changes)
{
  changes->signals++;
  changes->added += added;
  changes->removed += removed;
}

static MpMirror *
new_mirror (MpClient *client,
            guint    *max_in_flight)
{
  MpMirror *mirror = mp_mirror_new (client);

  /* Fast enough for a test; the limits themselves are checked. */
  mp_request_budget_set_rate (mp_mirror_get_budget (mirror), 200.0);
  mp_request_budget_set_burst (mp_mirror_get_budget (mirror), 50);
  if (max_in_flight != NULL)
    g_signal_connect (client, "notify::in-flight", G_CALLBACK (record_in_flight), max_in_flight);
  return mirror;
}

/* With the list-row extension one pass fills it, no detail call. */
static void
test_fill_one_pass (void)
{
  g_autoptr(MpTestServer) server = mp_test_start_server (NULL, NULL);
  g_autoptr(MpClient) client = mp_test_login (server, RESELLER, PASSWORD);
  guint max_in_flight = 0;
  g_autoptr(MpMirror) mirror = new_mirror (client, &max_in_flight);
  g_autoptr(MpListSource) list = mp_mirror_list_new (mirror, MP_MIRROR_KIND_SUBSCRIPTIONS);
  g_autoptr(MpListSource) customers = mp_mirror_list_new (mirror, MP_MIRROR_KIND_CUSTOMERS);
  g_autoptr(MpListSource) orders = mp_mirror_list_new (mirror, MP_MIRROR_KIND_ORDERS);
  g_autoptr(MpListSource) plans = mp_mirror_list_new (mirror, MP_MIRROR_KIND_PLANS);
  guint live = count_live (client);

  wait_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_null (mp_list_source_get_updated (list));
  refresh (mirror);
  wait_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, live);
  assert_all_detailed (G_LIST_MODEL (list));
  g_assert_cmpuint (mp_mirror_get_detail_requests (mirror), ==, 0);
  g_assert_nonnull (mp_list_source_get_updated (list));
  g_assert_false (mp_list_source_get_loading (list));
  g_assert_null (mp_list_source_get_error (list));
  wait_list (customers);
  wait_list (orders);
  wait_list (plans);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (customers)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (orders)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plans)), >, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (plans)) == MP_TYPE_PLAN);
  g_assert_cmpuint (max_in_flight, <=, 4);
  g_signal_handlers_disconnect_by_func (client, record_in_flight, &max_in_flight);
}

/* Without it, one detail call per subscription, never more than 4 in
 * flight; a second refresh with nothing changed calls none.
 */
static void
test_fill_no_extensions (void)
{
  g_autoptr(MpTestServer) server = mp_test_start_server ("--no-extensions", NULL);
  g_autoptr(MpClient) client = mp_test_login (server, RESELLER, PASSWORD);
  guint max_in_flight = 0;
  g_autoptr(MpMirror) mirror = new_mirror (client, &max_in_flight);
  g_autoptr(MpListSource) list = mp_mirror_list_new (mirror, MP_MIRROR_KIND_SUBSCRIPTIONS);
  guint live = count_live (client);
  Changes changes = { 0, 0, 0 };
  guint details;

  refresh (mirror);
  wait_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, live);
  assert_all_detailed (G_LIST_MODEL (list));
  g_assert_cmpuint (mp_mirror_get_detail_requests (mirror), ==, live);
  g_assert_cmpuint (max_in_flight, >, 1);
  g_assert_cmpuint (max_in_flight, <=, 4);

  details = mp_mirror_get_detail_requests (mirror);
  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes), &changes);
  refresh (mirror);
  wait_list (list);
  g_assert_cmpuint (mp_mirror_get_detail_requests (mirror), ==, details);
  g_assert_cmpuint (changes.signals, ==, 0);
  assert_all_detailed (G_LIST_MODEL (list));
  g_signal_handlers_disconnect_by_func (client, record_in_flight, &max_in_flight);
}

static void
wait_estimated (MpPurchase *purchase)
{
  while (mp_purchase_get_state (purchase) != MP_PURCHASE_STATE_READY
         && mp_purchase_get_state (purchase) != MP_PURCHASE_STATE_FAILED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (mp_purchase_get_state (purchase), ==, MP_PURCHASE_STATE_READY);
}

/* A refresh picks up a changed seat count (an order placed through the
 * client) and a new subscription, reporting only those rows.
 */
static void
check_refresh_picks_up (const char *server_arg)
{
  g_autoptr(MpTestServer) server = mp_test_start_server (server_arg, NULL);
  g_autoptr(MpClient) client = mp_test_login (server, RESELLER, PASSWORD);
  g_autoptr(MpMirror) mirror = new_mirror (client, NULL);
  g_autoptr(MpListSource) list = mp_mirror_list_new (mirror, MP_MIRROR_KIND_SUBSCRIPTIONS);
  g_autoptr(MpSubscription) before = NULL;
  g_autoptr(MpSubscription) after = NULL;
  g_autoptr(MpSubscription) untouched = NULL;
  g_autoptr(MpSubscription) untouched_after = NULL;
  g_autoptr(MpSubscription) live = NULL;
  g_autoptr(MpOrderDraft) change = NULL;
  g_autoptr(MpPurchase) change_purchase = NULL;
  g_autoptr(MpOrderDraft) sale = NULL;
  g_autoptr(MpPurchase) sale_purchase = NULL;
  g_autoptr(MpOrder) change_order = NULL;
  g_autoptr(MpOrder) sale_order = NULL;
  Changes changes = { 0, 0, 0 };
  guint n;
  gint64 seats;

  refresh (mirror);
  wait_list (list);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  before = find_subscription (G_LIST_MODEL (list), "1000101");
  g_assert_nonnull (before);
  seats = quantity_of (before, "IDS-C-USERS");
  g_assert_cmpint (seats, >, 0);
  untouched = g_list_model_get_item (G_LIST_MODEL (list), n - 1);
  g_assert_cmpstr (mp_subscription_get_id (untouched), !=, "1000101");

  /* Seats + 10, and a new subscription. */
  live = mp_test_get_subscription (client, "1000101");
  change = mp_order_draft_new_change (live);
  mp_order_draft_set_quantity (change, "IDS-C-USERS", seats + 10);
  change_purchase = mp_purchase_new (client, change);
  wait_estimated (change_purchase);
  change_order = mp_test_place_and_follow (client, change_purchase);
  g_assert_cmpint (mp_order_get_status (change_order), ==, MP_ORDER_STATUS_COMPLETED);
  sale = mp_test_customer_draft (client, "101", "1000001");
  sale_purchase = mp_purchase_new (client, sale);
  wait_estimated (sale_purchase);
  sale_order = mp_test_place_and_follow (client, sale_purchase);
  g_assert_cmpint (mp_order_get_status (sale_order), ==, MP_ORDER_STATUS_COMPLETED);

  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes), &changes);
  refresh (mirror);
  wait_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n + 1);
  after = find_subscription (G_LIST_MODEL (list), "1000101");
  g_assert_nonnull (after);
  g_assert_cmpint (quantity_of (after, "IDS-C-USERS"), ==, seats + 10);
  assert_all_detailed (G_LIST_MODEL (list));
  /* By difference: the new row in, the changed row replaced (a row may be
   * replaced once more when its lines came by a later detail call), never
   * the whole list.
   */
  g_test_message ("%u items-changed, %u added, %u removed of %u rows", changes.signals,
                  changes.added, changes.removed, n + 1);
  g_assert_cmpuint (changes.added - changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, <=, 5);
  g_assert_cmpuint (changes.signals, <=, 5);
  /* An unchanged row keeps its object. */
  untouched_after = g_list_model_get_item (G_LIST_MODEL (list), n);
  g_assert_true (untouched_after == untouched);
}

static void
test_refresh_picks_up (void)
{
  check_refresh_picks_up (NULL);
}

static void
test_refresh_picks_up_no_extensions (void)
{
  check_refresh_picks_up ("--no-extensions");
}

/* A throttled server: 429s pause the budget and the refresh still
 * completes with every row detailed.
 */
static void
test_throttled (void)
{
  g_autoptr(MpTestServer) server = mp_test_start_server ("--no-extensions", "--rate-limit", "8",
                                                         NULL);
  g_autoptr(MpClient) client = mp_test_login (server, RESELLER, PASSWORD);
  guint max_in_flight = 0;
  g_autoptr(MpMirror) mirror = new_mirror (client, &max_in_flight);
  g_autoptr(MpListSource) list = mp_mirror_list_new (mirror, MP_MIRROR_KIND_SUBSCRIPTIONS);

  /* Far above what the server allows. */
  mp_request_budget_set_rate (mp_mirror_get_budget (mirror), 1000.0);
  refresh (mirror);
  wait_list (list);
  assert_all_detailed (G_LIST_MODEL (list));
  g_test_message ("%u requests, %u answered 429", mp_mirror_get_requests (mirror),
                  mp_request_budget_get_throttled (mp_mirror_get_budget (mirror)));
  g_assert_cmpuint (mp_request_budget_get_throttled (mp_mirror_get_budget (mirror)), >, 0);
  g_assert_cmpuint (max_in_flight, <=, 4);
  g_signal_handlers_disconnect_by_func (client, record_in_flight, &max_in_flight);
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* The file: where it lives, its modes, no secret in it, deleted on
 * sign-out; garbage in it is rebuilt, not fatal.
 */
static void
test_file (void)
{
  g_autoptr(MpTestServer) server = mp_test_start_server (NULL, NULL);
  g_autoptr(MpClient) client = mp_test_login (server, RESELLER, PASSWORD);
  g_autoptr(MpMirror) mirror = new_mirror (client, NULL);
  g_autofree char *path = g_strdup (mp_mirror_get_path (mirror));
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base_url = mp_test_server_get_base_url (server, "US");
  g_autofree char *other = mp_mirror_build_path (base_url, "US", "acme-admin");
  g_autofree char *other_marketplace = mp_mirror_build_path (base_url, "DE", RESELLER);
  g_autofree char *expected_dir = g_build_filename (cache_dir, "market-panel", "mirror", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpstr (dir, ==, expected_dir);
  g_assert_true (g_str_has_suffix (path, ".sqlite"));
  g_assert_cmpstr (path, !=, other);
  g_assert_cmpstr (path, !=, other_marketplace);
  refresh (mirror);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  if (g_stat (wal, &st) == 0)
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  {
    g_autofree char *contents = read_file (path);
    g_autofree char *wal_contents = NULL;

    g_assert_null (g_strstr_len (contents, -1, PASSWORD));
    g_assert_null (g_strstr_len (contents, -1, "demo-subscription-key"));
    if (g_file_test (wal, G_FILE_TEST_EXISTS))
      {
        wal_contents = read_file (wal);
        g_assert_null (g_strstr_len (wal_contents, -1, PASSWORD));
      }
  }
  g_clear_object (&mirror);

  /* Garbage: rebuilt, empty until refreshed. */
  g_assert_true (mp_mirror_delete_for_account (base_url, "US", RESELLER, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "This is not an SQLite database, just garbage. "
                                      "This is not an SQLite database, just garbage.", -1, NULL));
  mirror = new_mirror (client, NULL);
  {
    g_autoptr(MpListSource) list = mp_mirror_list_new (mirror, MP_MIRROR_KIND_SUBSCRIPTIONS);

    wait_list (list);
    g_assert_null (mp_list_source_get_error (list));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
    g_assert_cmpuint (mp_mirror_get_rebuilds (mirror), ==, 1);
    refresh (mirror);
    wait_list (list);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, count_live (client));
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  g_clear_object (&mirror);

  /* Sign-out. */
  g_assert_true (mp_mirror_delete_for_account (base_url, "US", RESELLER, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* A row the marketplace no longer lists is removed by the next complete
 * pass, and the list reports that row alone.
 */
static void
test_removed (void)
{
  g_autoptr(MpTestServer) server = mp_test_start_server (NULL, NULL);
  g_autoptr(MpClient) client = mp_test_login (server, RESELLER, PASSWORD);
  g_autoptr(MpMirror) mirror = new_mirror (client, NULL);
  g_autoptr(MpListSource) list = mp_mirror_list_new (mirror, MP_MIRROR_KIND_SUBSCRIPTIONS);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpSubscription) gone = NULL;
  Changes changes = { 0, 0, 0 };
  guint n;

  refresh (mirror);
  wait_list (list);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  /* A row of an older ID than any the server has: it sorts last. */
  g_assert_true (json_parser_load_from_data (parser, "[{\"id\": \"17\", \"name\": \"Gone\", "
                                             "\"customerId\": \"1000001\", \"status\": \"active\"}]",
                                             -1, &error));
  mp_mirror_store_async (mirror, MP_MIRROR_KIND_SUBSCRIPTIONS,
                         json_node_get_array (json_parser_get_root (parser)), FALSE, NULL,
                         mp_test_store_result, &result);
  g_assert_true (mp_mirror_store_finish (mirror, mp_test_wait (&result), &error));
  g_assert_no_error (error);
  wait_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n + 1);
  gone = g_list_model_get_item (G_LIST_MODEL (list), n);
  g_assert_cmpstr (mp_subscription_get_id (gone), ==, "17");
  g_assert_cmpstr (mp_subscription_get_name (gone), ==, "Gone");

  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes), &changes);
  refresh (mirror);
  wait_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  g_assert_cmpuint (changes.signals, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 0);
  /* It was planted without lines, yet gone before the detail calls. */
  g_assert_cmpuint (mp_mirror_get_detail_requests (mirror), ==, 0);
}

/* Sign-out stops a refresh: its callers, and those waiting for the next
 * one, hear of the cancellation and the rows stored so far stay.
 */
static void
test_cancel_refresh (void)
{
  g_autoptr(MpTestServer) server = mp_test_start_server ("--no-extensions", NULL);
  g_autoptr(MpClient) client = mp_test_login (server, RESELLER, PASSWORD);
  g_autoptr(MpMirror) mirror = new_mirror (client, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) next = NULL;
  g_autoptr(GError) error = NULL;

  mp_request_budget_set_rate (mp_mirror_get_budget (mirror), 2.0);
  mp_request_budget_set_burst (mp_mirror_get_budget (mirror), 1);
  mp_mirror_refresh_async (mirror, NULL, mp_test_store_result, &result);
  g_assert_true (mp_mirror_get_refreshing (mirror));
  while (mp_mirror_get_requests (mirror) < 2)
    g_main_context_iteration (NULL, TRUE);
  /* Asked for while it reads: the next refresh, cancelled with it. */
  mp_mirror_refresh_async (mirror, NULL, mp_test_store_result, &next);
  mp_mirror_cancel_refresh (mirror);
  g_assert_false (mp_mirror_refresh_finish (mirror, mp_test_wait (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (mp_mirror_refresh_finish (mirror, mp_test_wait (&next), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (mp_mirror_get_refreshing (mirror));
  g_assert_cmpuint (mp_request_budget_get_in_flight (mp_mirror_get_budget (mirror)), ==, 0);
  g_assert_cmpuint (mp_request_budget_get_waiting (mp_mirror_get_budget (mirror)), ==, 0);
  /* And a new one runs to the end. */
  mp_request_budget_set_rate (mp_mirror_get_budget (mirror), 1000.0);
  mp_request_budget_set_burst (mp_mirror_get_budget (mirror), 100);
  refresh (mirror);
}

/* A refresh asked for while another reads the marketplace (a list page
 * reloading after an order) is a new one: the running one may have read
 * the pages before the change. It used to join the running one, and the
 * new subscription stayed out of the list until a refresh after.
 */
static void
test_refresh_while_reading (void)
{
  g_autoptr(MpTestServer) server = mp_test_start_server ("--no-extensions", NULL);
  g_autoptr(MpClient) client = mp_test_login (server, RESELLER, PASSWORD);
  g_autoptr(MpMirror) mirror = new_mirror (client, NULL);
  g_autoptr(MpListSource) list = mp_mirror_list_new (mirror, MP_MIRROR_KIND_SUBSCRIPTIONS);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpOrderDraft) sale = NULL;
  g_autoptr(MpPurchase) sale_purchase = NULL;
  g_autoptr(MpOrder) sale_order = NULL;
  g_autoptr(MpSubscription) added = NULL;
  guint n_live;

  /* Slow: the detail calls of the first refresh take a while. */
  mp_request_budget_set_rate (mp_mirror_get_budget (mirror), 2.0);
  mp_request_budget_set_burst (mp_mirror_get_budget (mirror), 1);
  mp_mirror_refresh_async (mirror, NULL, mp_test_store_result, &first);
  /* Its list pages are all read once it asks for details. */
  while (mp_mirror_get_detail_requests (mirror) == 0)
    g_main_context_iteration (NULL, TRUE);

  sale = mp_test_customer_draft (client, "101", "1000001");
  sale_purchase = mp_purchase_new (client, sale);
  wait_estimated (sale_purchase);
  sale_order = mp_test_place_and_follow (client, sale_purchase);
  g_assert_cmpint (mp_order_get_status (sale_order), ==, MP_ORDER_STATUS_COMPLETED);
  n_live = count_live (client);

  mp_mirror_refresh_async (mirror, NULL, mp_test_store_result, &second);
  mp_request_budget_set_rate (mp_mirror_get_budget (mirror), 1000.0);
  mp_request_budget_set_burst (mp_mirror_get_budget (mirror), 100);
  g_assert_true (mp_mirror_refresh_finish (mirror, mp_test_wait (&first), &error));
  g_assert_no_error (error);
  /* The first ends; the second starts then and is still running. */
  g_assert_null (second);
  g_assert_true (mp_mirror_get_refreshing (mirror));
  g_assert_true (mp_mirror_refresh_finish (mirror, mp_test_wait (&second), &error));
  g_assert_no_error (error);
  g_assert_false (mp_mirror_get_refreshing (mirror));

  wait_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_live);
  added = find_subscription (G_LIST_MODEL (list), mp_order_get_subscription_id (sale_order));
  g_assert_nonnull (added);
}

/* The rows on screen get their details first. */
static void
test_prioritize (void)
{
  g_autoptr(MpTestServer) server = mp_test_start_server ("--no-extensions", NULL);
  g_autoptr(MpClient) client = mp_test_login (server, RESELLER, PASSWORD);
  g_autoptr(MpMirror) mirror = new_mirror (client, NULL);
  g_autoptr(MpListSource) list = NULL;
  g_autoptr(MpSubscription) first = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n;
  const char *ids[2] = { NULL, NULL };
  char *oldest;

  /* The oldest subscription would come last. */
  refresh (mirror);
  g_clear_object (&mirror);
  g_assert_true (mp_mirror_delete_for_account (mp_client_get_base_url (client), "US", RESELLER,
                                               &error));
  mirror = new_mirror (client, NULL);
  list = mp_mirror_list_new (mirror, MP_MIRROR_KIND_SUBSCRIPTIONS);
  mp_request_budget_set_max_in_flight (mp_mirror_get_budget (mirror), 1);
  n = (guint) count_live (client);
  {
    g_autoptr(MpPagedList) live = mp_client_list_subscriptions (client, NULL, NULL);

    g_assert_true (mp_test_wait_list (live, NULL));
    first = g_list_model_get_item (G_LIST_MODEL (live), n - 1);
  }
  oldest = g_strdup (mp_subscription_get_id (first));
  ids[0] = oldest;
  mp_mirror_prioritize (mirror, ids);
  mp_mirror_refresh_async (mirror, NULL, mp_test_store_result, &result);
  /* Until the first detail call is answered and stored. */
  while (mp_mirror_get_detail_requests (mirror) < 2)
    g_main_context_iteration (NULL, TRUE);
  mp_request_budget_set_rate (mp_mirror_get_budget (mirror), 0.01);
  {
    g_autoptr(GListModel) stored = NULL;
    g_autoptr(GAsyncResult) loaded = NULL;
    g_autoptr(MpSubscription) row = NULL;

    /* The second detail call is on the wire, so the first is stored. */
    while (mp_request_budget_get_in_flight (mp_mirror_get_budget (mirror)) > 0)
      g_main_context_iteration (NULL, TRUE);
    mp_test_sleep (200);
    mp_mirror_load_async (mirror, MP_MIRROR_KIND_SUBSCRIPTIONS, NULL, mp_test_store_result, &loaded);
    stored = mp_mirror_load_finish (mirror, mp_test_wait (&loaded), &error);
    g_assert_no_error (error);
    row = find_subscription (stored, oldest);
    g_assert_nonnull (row);
    g_assert_cmpuint (g_list_model_get_n_items (mp_subscription_get_resources (row)), >, 0);
  }
  mp_request_budget_set_rate (mp_mirror_get_budget (mirror), 1000.0);
  g_assert_true (mp_mirror_refresh_finish (mirror, mp_test_wait (&result), &error));
  g_assert_no_error (error);
  g_free (oldest);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  cache_dir = g_dir_make_tmp ("mp-mirror-test-XXXXXX", NULL);
  g_assert_nonnull (cache_dir);
  /* Before anything asks for it (GLib keeps the first answer). */
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpstr (g_get_user_cache_dir (), ==, cache_dir);

  g_test_add_func ("/mirror/fill-one-pass", test_fill_one_pass);
  g_test_add_func ("/mirror/fill-no-extensions", test_fill_no_extensions);
  g_test_add_func ("/mirror/refresh-picks-up", test_refresh_picks_up);
  g_test_add_func ("/mirror/refresh-picks-up-no-extensions", test_refresh_picks_up_no_extensions);
  g_test_add_func ("/mirror/throttled", test_throttled);
  g_test_add_func ("/mirror/file", test_file);
  g_test_add_func ("/mirror/prioritize", test_prioritize);
  g_test_add_func ("/mirror/removed", test_removed);
  g_test_add_func ("/mirror/cancel-refresh", test_cancel_refresh);
  g_test_add_func ("/mirror/refresh-while-reading", test_refresh_while_reading);

  status = g_test_run ();
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", cache_dir);

    (void) system (command);
  }
  g_free (cache_dir);
  return status;
}

/* test-client-server.c: the client against the real market-panel-server
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-client-private.h"
#include "mp-client-test-util.h"

/* One server with extensions for the tests that do not need flags. */
static MpTestServer *shared_server;

static MpTestServer *
server (void)
{
  if (shared_server == NULL)
    shared_server = mp_test_start_server (NULL, NULL);
  return shared_server;
}

static void
test_marketplaces (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) marketplaces = NULL;
  g_autofree char *expected = NULL;
  gboolean found = FALSE;

  mp_client_list_marketplaces_async (mp_test_server_get_url (server ()), NULL,
                                     mp_test_store_result, &result);
  marketplaces = mp_client_list_marketplaces_finish (mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (marketplaces), >=, 3);
  expected = mp_test_server_get_base_url (server (), "US");
  for (guint i = 0; i < g_list_model_get_n_items (marketplaces); i++)
    {
      g_autoptr(MpMarketplace) m = g_list_model_get_item (marketplaces, i);

      if (g_strcmp0 (mp_marketplace_get_code (m), "US") == 0)
        {
          found = TRUE;
          g_assert_cmpstr (mp_marketplace_get_currency (m), ==, "USD");
          g_assert_cmpstr (mp_marketplace_get_base_url (m), ==, expected);
        }
    }
  g_assert_true (found);
}

static MpAccount *
login (MpClient  *client,
       GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mp_client_login_async (client, NULL, mp_test_store_result, &result);
  return mp_client_login_finish (client, mp_test_wait (&result), error);
}

static void
test_login (void)
{
  g_autoptr(MpClient) reseller = mp_test_client_new (server (), "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpClient) customer = mp_test_client_new (server (), "acme-admin", "Demo-Customer-1");
  g_autoptr(MpClient) wrong = mp_test_client_new (server (), "demo-reseller", "wrong");
  g_autoptr(MpAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = login (reseller, &error);
  g_assert_no_error (error);
  g_assert_true (mp_account_is_reseller (account));
  g_assert_nonnull (mp_account_get_id (account));
  g_assert_cmpstr (mp_account_get_user (account), ==, "demo-reseller");
  g_assert_true (mp_client_get_has_extensions (reseller));
  g_assert_true (mp_client_get_account (reseller) == account);
  g_clear_object (&account);

  account = login (customer, &error);
  g_assert_no_error (error);
  g_assert_false (mp_account_is_reseller (account));
  g_assert_cmpstr (mp_account_get_name (account), ==, "Acme Corporation");
  g_clear_object (&account);

  account = login (wrong, &error);
  g_assert_null (account);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_nonnull (mp_client_error_get_correlation_id (error));
  g_assert_cmpuint (mp_client_error_get_status (error), ==, 401);
  g_assert_null (mp_client_get_account (wrong));
}

static void
test_login_bad_key (void)
{
  g_autofree char *base = mp_test_server_get_base_url (server (), "US");
  g_autoptr(MpClient) client = mp_client_new (base, "US", "demo-reseller", "Demo-Reseller-1", "nope");
  g_autoptr(MpClient) nowhere = mp_client_new ("http://127.0.0.1:1/marketplace/US", "US",
                                               "demo-reseller", "Demo-Reseller-1", "k");
  g_autoptr(MpClient) remote = mp_client_new ("http://api.example.com/marketplace/US", "US",
                                              "demo-reseller", "Demo-Reseller-1", "k");
  g_autoptr(GError) error = NULL;
  g_autoptr(MpAccount) account = NULL;

  account = login (client, &error);
  g_assert_null (account);
  g_assert_true (g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_UNAUTHORIZED)
                 || g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_FORBIDDEN));
  g_clear_error (&error);

  account = login (nowhere, &error);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NETWORK);
  g_clear_error (&error);

  /* Refused before any I/O. */
  account = login (remote, &error);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_FORBIDDEN);
  g_assert_cmpuint (mp_client_get_token_requests (remote), ==, 0);
}

static void
test_login_oauth (void)
{
  g_autoptr(MpClient) client = mp_test_client_new (server (), "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpClient) bad = mp_test_client_new (server (), "demo-reseller", "Demo-Reseller-1");
  g_autofree char *auth = g_strconcat (mp_test_server_get_url (server ()),
                                       "/auth/realms/us/protocol/openid-connect", NULL);
  g_autoptr(MpAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpPagedList) plans = NULL;

  mp_client_set_oauth (client, auth, "market-panel", "demo-client-secret");
  account = login (client, &error);
  g_assert_no_error (error);
  g_assert_true (mp_account_is_reseller (account));
  g_assert_nonnull (mp_account_get_id (account));
  g_assert_true (mp_client_get_has_extensions (client));
  plans = mp_client_list_plans (client, NULL, MP_AUDIENCE_ANY, NULL);
  g_assert_true (mp_test_wait_list (plans, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plans)), >, 0);
  g_clear_object (&account);

  mp_client_set_oauth (bad, auth, "market-panel", "wrong-secret");
  account = login (bad, &error);
  g_assert_null (account);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_UNAUTHORIZED);
}

static void
count_items_changed (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *count)
{
  (*count)++;
}

static void
test_lists (void)
{
  g_autoptr(MpClient) client = mp_test_login (server (), "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpPagedList) plans = NULL;
  g_autoptr(MpPagedList) customer_plans = NULL;
  g_autoptr(MpPagedList) searched = NULL;
  g_autoptr(MpPagedList) categories = NULL;
  g_autoptr(MpPagedList) customers = NULL;
  g_autoptr(MpPagedList) subscriptions = NULL;
  g_autoptr(MpPagedList) orders = NULL;
  g_autoptr(GError) error = NULL;
  guint changes = 0;

  mp_client_set_page_size (client, 3);
  plans = mp_client_list_plans (client, NULL, MP_AUDIENCE_ANY, NULL);
  g_assert_true (mp_paged_list_get_loading (plans));
  g_assert_cmpint (mp_paged_list_get_total (plans), ==, -1);
  g_assert_true (mp_paged_list_get_item_type (plans) == MP_TYPE_PLAN);
  g_signal_connect (plans, "items-changed", G_CALLBACK (count_items_changed), &changes);
  g_assert_true (mp_test_wait_list (plans, &error));
  g_assert_no_error (error);
  g_assert_false (mp_paged_list_get_loading (plans));
  g_assert_cmpint (mp_paged_list_get_total (plans), ==,
                   g_list_model_get_n_items (G_LIST_MODEL (plans)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plans)), >, 3);
  /* One items-changed per page of 3. */
  g_assert_cmpuint (changes, ==, (g_list_model_get_n_items (G_LIST_MODEL (plans)) + 2) / 3);

  mp_client_set_page_size (client, 100);
  customer_plans = mp_client_list_plans (client, NULL, MP_AUDIENCE_CUSTOMER, NULL);
  searched = mp_client_list_plans (client, NULL, MP_AUDIENCE_ANY, "idsync");
  categories = mp_client_list_categories (client);
  customers = mp_client_list_customers (client, NULL);
  subscriptions = mp_client_list_subscriptions (client, NULL, NULL);
  orders = mp_client_list_orders (client, NULL, NULL, NULL);
  g_assert_true (mp_test_wait_list (customer_plans, &error));
  g_assert_true (mp_test_wait_list (searched, &error));
  g_assert_true (mp_test_wait_list (categories, &error));
  g_assert_true (mp_test_wait_list (customers, &error));
  g_assert_true (mp_test_wait_list (subscriptions, &error));
  g_assert_true (mp_test_wait_list (orders, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (customer_plans)), <,
                    g_list_model_get_n_items (G_LIST_MODEL (plans)));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (customer_plans)); i++)
    {
      g_autoptr(MpPlan) plan = g_list_model_get_item (G_LIST_MODEL (customer_plans), i);

      g_assert_cmpint (mp_plan_get_audience (plan), ==, MP_AUDIENCE_CUSTOMER);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (searched)), >=, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (categories)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (customers)), >=, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (subscriptions)), >, 0);
  g_assert_true (mp_paged_list_get_item_type (orders) == MP_TYPE_ORDER);
}

static void
test_customer_scope (void)
{
  g_autoptr(MpClient) client = mp_test_login (server (), "acme-admin", "Demo-Customer-1");
  g_autoptr(MpPagedList) customers = mp_client_list_customers (client, NULL);
  g_autoptr(MpCustomer) self_customer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpCustomer) other = NULL;

  g_assert_true (mp_test_wait_list (customers, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (customers)), ==, 1);
  self_customer = g_list_model_get_item (G_LIST_MODEL (customers), 0);
  g_assert_cmpstr (mp_customer_get_name (self_customer), ==, "Acme Corporation");

  mp_client_get_customer_async (client, "1000002", NULL, mp_test_store_result, &result);
  other = mp_client_get_customer_finish (client, mp_test_wait (&result), &error);
  g_assert_null (other);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NOT_FOUND);
  g_assert_nonnull (mp_client_error_get_correlation_id (error));
}

static void
test_objects (void)
{
  g_autoptr(MpClient) client = mp_test_login (server (), "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpPlan) plan = mp_test_get_plan (client, "100");
  g_autoptr(MpPagedList) subscriptions = mp_client_list_subscriptions (client, "1000001", NULL);
  g_autoptr(MpSubscription) row = NULL;
  g_autoptr(MpSubscription) subscription = NULL;
  g_autoptr(MpCustomer) customer = NULL;
  g_autoptr(MpCustomer) created = NULL;
  g_autoptr(MpCustomer) draft_customer = mp_customer_new ();
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(MpPlan) missing = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (mp_plan_has_details (plan));
  g_assert_cmpuint (g_list_model_get_n_items (mp_plan_get_resources (plan)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (mp_plan_get_terms (plan)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (mp_plan_get_periods (plan)), >, 0);

  g_assert_true (mp_test_wait_list (subscriptions, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (subscriptions)), >, 0);
  row = g_list_model_get_item (G_LIST_MODEL (subscriptions), 0);
  g_assert_cmpstr (mp_subscription_get_customer_id (row), ==, "1000001");
  mp_client_get_subscription_async (client, mp_subscription_get_id (row), NULL,
                                    mp_test_store_result, &result);
  subscription = mp_client_get_subscription_finish (client, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mp_subscription_get_resources (subscription)), >, 0);
  g_clear_object (&result);

  mp_client_get_customer_async (client, "1000001", NULL, mp_test_store_result, &result);
  customer = mp_client_get_customer_finish (client, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mp_customer_get_name (customer), ==, "Acme Corporation");
  g_clear_object (&result);

  mp_client_get_plan_async (client, "999999", NULL, mp_test_store_result, &result);
  missing = mp_client_get_plan_finish (client, mp_test_wait (&result), &error);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  mp_client_get_order_async (client, "999999", NULL, mp_test_store_result, &result);
  order = mp_client_get_order_finish (client, mp_test_wait (&result), &error);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Creating a customer: refused without an address, then created. */
  mp_customer_set_name (draft_customer, "Test Customer");
  mp_client_create_customer_async (client, draft_customer, NULL, mp_test_store_result, &result);
  created = mp_client_create_customer_finish (client, mp_test_wait (&result), &error);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_VALIDATION);
  g_assert_cmpuint (strlen (error->message), >, 0);
  g_clear_error (&error);
  g_clear_object (&result);
  g_object_set (draft_customer,
                "street-address", "1 Main Street", "postal-code", "92612", "city", "Irvine",
                "country-code", "US", "language", "en", "first-name", "Test", "last-name", "User",
                "email", "test@example.com", "phone", "1##5551234#", NULL);
  mp_client_create_customer_async (client, draft_customer, NULL, mp_test_store_result, &result);
  created = mp_client_create_customer_finish (client, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (mp_customer_get_id (created));
  g_assert_cmpstr (mp_customer_get_name (created), ==, "Test Customer");
}

static void
test_more_calls (void)
{
  g_autoptr(MpClient) client = mp_test_login (server (), "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpPagedList) subscriptions = mp_client_list_subscriptions (client, "1000001", NULL);
  g_autoptr(MpPagedList) bad = mp_client_list_orders (client, NULL, NULL, "nonsense");
  g_autoptr(MpPagedList) orders = mp_client_list_orders (client, "1000001", NULL, NULL);
  g_autoptr(MpSubscription) row = NULL;
  g_autoptr(MpSubscription) renewed = NULL;
  g_autoptr(MpSubscription) missing = NULL;
  g_autoptr(MpOrder) listed = NULL;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean auto_renew;

  /* A list the server refuses: the error is on the list. */
  g_assert_false (mp_test_wait_list (bad, &error));
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_VALIDATION);
  g_assert_true (g_error_matches (mp_paged_list_get_error (bad), MP_CLIENT_ERROR,
                                  MP_CLIENT_ERROR_VALIDATION));
  g_assert_nonnull (mp_client_error_get_correlation_id (mp_paged_list_get_error (bad)));
  g_assert_false (mp_paged_list_get_loading (bad));
  g_clear_error (&error);

  /* Auto-renewal on and off. */
  g_assert_true (mp_test_wait_list (subscriptions, &error));
  row = g_list_model_get_item (G_LIST_MODEL (subscriptions), 0);
  auto_renew = mp_subscription_get_auto_renew (row);
  mp_client_set_auto_renew_async (client, mp_subscription_get_id (row), !auto_renew, NULL,
                                  mp_test_store_result, &result);
  renewed = mp_client_set_auto_renew_finish (client, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_true (mp_subscription_get_auto_renew (renewed) == !auto_renew);
  g_clear_object (&result);
  mp_client_set_auto_renew_async (client, "999999", TRUE, NULL, mp_test_store_result, &result);
  missing = mp_client_set_auto_renew_finish (client, mp_test_wait (&result), &error);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  /* An order from the list, then on its own. */
  g_assert_true (mp_test_wait_list (orders, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (orders)), >, 0);
  listed = g_list_model_get_item (G_LIST_MODEL (orders), 0);
  mp_client_get_order_async (client, mp_order_get_id (listed), NULL, mp_test_store_result, &result);
  order = mp_client_get_order_finish (client, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mp_order_get_id (order), ==, mp_order_get_id (listed));
  g_assert_cmpstr (mp_order_get_customer_id (order), ==, "1000001");
}

static void
test_token_refresh (void)
{
  g_autoptr(MpTestServer) short_server = mp_test_start_server ("--token-lifetime", "2", NULL);
  g_autoptr(MpClient) client = mp_test_login (short_server, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  GAsyncResult *slots[8] = { NULL, };

  g_assert_cmpuint (mp_client_get_token_requests (client), ==, 1);
  /* Past the lifetime: eight calls at once need one new token, not eight. */
  mp_test_sleep (2200);
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    mp_client_get_plan_async (client, "100", NULL, mp_test_store_result, &slots[i]);
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MpPlan) plan = mp_client_get_plan_finish (client, mp_test_wait (&slots[i]), &error);

      g_assert_no_error (error);
      g_assert_nonnull (plan);
      g_object_unref (slots[i]);
    }
  g_assert_cmpuint (mp_client_get_token_requests (client), ==, 2);
}

static void
test_token_401 (void)
{
  g_autoptr(MpTestServer) restartable = mp_test_start_server (NULL, NULL);
  g_autoptr(MpClient) client = NULL;
  g_autoptr(MpClient) after = NULL;
  g_autoptr(MpPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  client = mp_test_login (restartable, "demo-reseller", "Demo-Reseller-1");
  /* A restart forgets the tokens: the next call gets a 401, a new token,
   * and goes through. The URL may change, so a new client on the same
   * data is the best this test can do when it does.
   */
  g_assert_true (mp_test_server_restart (restartable, &error));
  g_assert_no_error (error);
  after = mp_test_client_new (restartable, "demo-reseller", "Demo-Reseller-1");
  plan = mp_test_get_plan (after, "100");
  g_assert_nonnull (plan);
  g_assert_cmpuint (mp_client_get_token_requests (after), ==, 1);
}

static void
count_cb (MpClient *client,
          GError   *error,
          guint    *count)
{
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NETWORK);
  (*count)++;
}

static gboolean
ping (MpClient  *client,
      GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mp_client_ping_async (client, NULL, mp_test_store_result, &result);
  return mp_client_ping_finish (client, mp_test_wait (&result), error);
}

/* The marketplace goes away ("network-error", the ping fails) and comes
 * back elsewhere: the same client goes on there, its token renewed.
 */
static void
test_marketplace_moved (void)
{
  g_autoptr(MpTestServer) restartable = mp_test_start_server (NULL, NULL);
  g_autoptr(MpClient) client = mp_test_login (restartable, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  guint network_errors = 0;

  g_signal_connect (client, "network-error", G_CALLBACK (count_cb), &network_errors);
  g_assert_true (ping (client, &error));
  g_assert_no_error (error);

  mp_test_server_kill (restartable, SIGKILL);
  g_assert_false (ping (client, &error));
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NETWORK);
  g_assert_cmpuint (network_errors, ==, 1);
  g_clear_error (&error);

  g_assert_true (mp_test_server_restart (restartable, &error));
  g_assert_no_error (error);
  base = mp_test_server_get_base_url (restartable, "US");
  mp_client_set_base_url (client, base);
  g_assert_cmpstr (mp_client_get_base_url (client), ==, base);
  g_assert_true (ping (client, &error));
  g_assert_no_error (error);
  plan = mp_test_get_plan (client, "100");
  g_assert_nonnull (plan);
  g_assert_cmpuint (network_errors, ==, 1);
}

static void
test_token_revoked (void)
{
  g_autoptr(MpTestProxy) proxy = mp_test_proxy_new (mp_test_server_get_url (server ()));
  g_autofree char *base = mp_test_proxy_get_base_url (proxy, "US");
  g_autoptr(MpClient) client = mp_client_new (base, "US", "demo-reseller", "Demo-Reseller-1",
                                              "demo-subscription-key");
  g_autoptr(MpAccount) account = NULL;
  g_autoptr(MpPlan) plan = NULL;
  g_autoptr(MpPlan) refused = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  account = login (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mp_client_get_token_requests (client), ==, 1);

  /* A 401 with a token believed good: a new token, and the call again. */
  mp_test_proxy_refuse_tokens (proxy, 1);
  plan = mp_test_get_plan (client, "100");
  g_assert_nonnull (plan);
  g_assert_cmpuint (mp_client_get_token_requests (client), ==, 2);

  /* A 401 again with the fresh token: that is an answer, not retried forever. */
  mp_test_proxy_refuse_tokens (proxy, 2);
  mp_client_get_plan_async (client, "100", NULL, mp_test_store_result, &result);
  refused = mp_client_get_plan_finish (client, mp_test_wait (&result), &error);
  g_assert_null (refused);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (mp_client_get_token_requests (client), ==, 3);
}

static void
track_in_flight (MpClient   *client,
                 GParamSpec *pspec,
                 guint      *max)
{
  *max = MAX (*max, mp_client_get_in_flight (client));
}

static void
test_in_flight_limit (void)
{
  g_autoptr(MpClient) client = mp_test_login (server (), "demo-reseller", "Demo-Reseller-1");
  GAsyncResult *slots[20] = { NULL, };
  guint max = 0;

  g_signal_connect (client, "notify::in-flight", G_CALLBACK (track_in_flight), &max);
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    mp_client_get_plan_async (client, i % 2 ? "100" : "101", NULL, mp_test_store_result, &slots[i]);
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MpPlan) plan = mp_client_get_plan_finish (client, mp_test_wait (&slots[i]), &error);

      g_assert_no_error (error);
      g_object_unref (slots[i]);
    }
  g_assert_cmpuint (max, ==, 4);
  g_assert_cmpuint (mp_client_get_in_flight (client), ==, 0);
}

static void
test_rate_limit (void)
{
  g_autoptr(MpTestServer) limited = mp_test_start_server ("--rate-limit", "5", NULL);
  g_autoptr(MpClient) client = mp_test_login (limited, "demo-reseller", "Demo-Reseller-1");
  GAsyncResult *slots[12] = { NULL, };

  /* More than the server takes per second: the 429s are retried after
   * Retry-After, and every call ends well.
   */
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    mp_client_get_plan_async (client, "100", NULL, mp_test_store_result, &slots[i]);
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MpPlan) plan = mp_client_get_plan_finish (client, mp_test_wait (&slots[i]), &error);

      g_assert_no_error (error);
      g_object_unref (slots[i]);
    }
}

static void
first_page_cb (MpPagedList *list,
               guint        position,
               guint        removed,
               guint        added,
               gint64      *first_page_us)
{
  if (*first_page_us == 0)
    *first_page_us = g_get_monotonic_time ();
}

static void
test_paging_100k (void)
{
  g_autoptr(MpTestServer) big = mp_test_start_server ("--seed-subscriptions", "100000", NULL);
  g_autoptr(MpClient) client = mp_test_login (big, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpPagedList) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, first_page_us = 0;
  guint changes = 0;
  guint tokens;

  mp_client_set_page_size (client, 1000);
  tokens = mp_client_get_token_requests (client);
  start = g_get_monotonic_time ();
  list = mp_client_list_subscriptions (client, NULL, NULL);
  g_signal_connect (list, "items-changed", G_CALLBACK (first_page_cb), &first_page_us);
  g_signal_connect (list, "items-changed", G_CALLBACK (count_items_changed), &changes);
  g_assert_true (mp_test_wait_list (list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >=, 100000);
  g_assert_cmpint (mp_paged_list_get_total (list), ==, g_list_model_get_n_items (G_LIST_MODEL (list)));
  /* A thousand rows per request. */
  g_assert_cmpuint (changes, ==, (g_list_model_get_n_items (G_LIST_MODEL (list)) + 999) / 1000);
  g_assert_cmpuint (mp_client_get_token_requests (client), ==, tokens);
  g_test_message ("first page after %" G_GINT64_FORMAT " ms, all %u rows after %" G_GINT64_FORMAT " ms",
                  (first_page_us - start) / 1000, g_list_model_get_n_items (G_LIST_MODEL (list)),
                  (g_get_monotonic_time () - start) / 1000);
}

static void
test_list_cancel (void)
{
  g_autoptr(MpClient) client = mp_test_login (server (), "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpPagedList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;

  mp_client_set_page_size (client, 1);
  list = mp_client_list_plans (client, NULL, MP_AUDIENCE_ANY, NULL);
  mp_paged_list_cancel (list);
  g_assert_false (mp_test_wait_list (list, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (mp_paged_list_get_loading (list));
  g_clear_error (&error);

  /* Reload starts over; cancelling a wait cancels only the wait. */
  mp_paged_list_reload (list);
  g_assert_true (mp_paged_list_get_loading (list));
  mp_paged_list_wait_async (list, cancellable, mp_test_store_result, &result);
  g_cancellable_cancel (cancellable);
  g_assert_false (mp_paged_list_wait_finish (list, mp_test_wait (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (mp_test_wait_list (list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 1);

  /* Dropping a list that is loading stops it. */
  g_clear_object (&list);
  list = mp_client_list_plans (client, NULL, MP_AUDIENCE_ANY, NULL);
  g_clear_object (&list);
  while (mp_client_get_in_flight (client) > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_cancel_queued (void)
{
  g_autoptr(MpClient) client = mp_test_login (server (), "demo-reseller", "Demo-Reseller-1");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GAsyncResult *slots[10] = { NULL, };
  guint cancelled = 0;

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    mp_client_get_plan_async (client, "100", i >= 5 ? cancellable : NULL, mp_test_store_result,
                              &slots[i]);
  g_cancellable_cancel (cancellable);
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MpPlan) plan = mp_client_get_plan_finish (client, mp_test_wait (&slots[i]), &error);

      if (i < 5)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          cancelled++;
        }
      g_object_unref (slots[i]);
    }
  g_assert_cmpuint (cancelled, ==, 5);
}

/* Orders */

static MpOrder *
place (MpClient      *client,
       MpOrderDraft  *draft,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mp_client_place_order_async (client, draft, NULL, mp_test_store_result, &result);
  return mp_client_place_order_finish (client, mp_test_wait (&result), error);
}

static gboolean
watch (MpClient      *client,
       MpOrder       *order,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mp_client_watch_order_async (client, order, cancellable, mp_test_store_result, &result);
  return mp_client_watch_order_finish (client, mp_test_wait (&result), error);
}

static void
record_progress (MpOrder    *order,
                 GParamSpec *pspec,
                 GArray     *seen)
{
  gint64 progress = mp_order_get_progress (order);

  g_array_append_val (seen, progress);
}

static void
test_order_flow (void)
{
  g_autoptr(MpClient) client = mp_test_login (server (), "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpOrderDraft) draft = mp_test_customer_draft (client, "101", "1000002");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GArray) progress = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(MpSubscription) subscription = NULL;
  g_autofree char *total = NULL;

  g_assert_true (mp_order_draft_get_valid (draft));
  mp_order_draft_set_quantity (draft, "IDS-C-USERS", 7);
  mp_order_draft_estimate_async (draft, client, NULL, mp_test_store_result, &result);
  g_assert_true (mp_order_draft_get_estimating (draft));
  g_assert_true (mp_order_draft_estimate_finish (draft, mp_test_wait (&result), &error));
  g_assert_no_error (error);
  g_assert_false (mp_order_draft_get_estimating (draft));
  g_assert_nonnull (mp_order_draft_get_total (draft));
  g_assert_nonnull (mp_order_draft_get_monthly_total (draft));
  g_assert_cmpuint (g_list_model_get_n_items (mp_order_draft_get_estimate_lines (draft)), >, 0);
  total = mp_money_to_string (mp_order_draft_get_total (draft));
  g_test_message ("estimate total %s", total);
  g_clear_object (&result);

  /* Editing the draft drops the estimate. */
  mp_order_draft_set_quantity (draft, "IDS-C-USERS", 8);
  g_assert_null (mp_order_draft_get_total (draft));

  order = place (client, draft, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mp_order_get_id (order));
  g_assert_cmpint (mp_order_get_order_type (order), ==, MP_ORDER_TYPE_SALES);
  g_assert_cmpstr (mp_order_get_customer_id (order), ==, "1000002");
  g_assert_cmpstr (mp_order_get_po_number (order), ==, mp_order_draft_get_effective_po_number (draft));

  g_signal_connect (order, "notify::progress", G_CALLBACK (record_progress), progress);
  g_assert_true (watch (client, order, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
  g_assert_cmpstr (mp_order_get_status_code (order), ==, "CP");
  g_assert_true (mp_order_get_final (order));
  g_assert_cmpuint (progress->len, >=, 1);
  g_assert_cmpint (g_array_index (progress, gint64, progress->len - 1), ==, 100);
  g_assert_nonnull (mp_order_get_subscription_id (order));

  mp_client_get_subscription_async (client, mp_order_get_subscription_id (order), NULL,
                                    mp_test_store_result, &result);
  subscription = mp_client_get_subscription_finish (client, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mp_subscription_get_customer_id (subscription), ==, "1000002");
}

static void
test_order_refused (void)
{
  g_autoptr(MpClient) client = mp_test_login (server (), "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpOrderDraft) draft = mp_test_customer_draft (client, "101", "1000002");
  g_autoptr(MpOrderDraft) invalid = mp_order_draft_new ();
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  /* Not valid: refused before any request. */
  order = place (client, invalid, &error);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Choose a service plan");
  g_clear_error (&error);

  /* The server refuses an unknown customer. */
  mp_order_draft_set_customer_id (draft, "999999");
  order = place (client, draft, &error);
  g_assert_null (order);
  g_assert_nonnull (error);
  g_assert_true (error->domain == MP_CLIENT_ERROR);
  g_assert_true (mp_client_error_get_retry_safe (error));
  g_assert_nonnull (mp_client_error_get_correlation_id (error));
}

static void
test_order_failed (void)
{
  g_autoptr(MpClient) client = mp_test_login (server (), "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpOrderDraft) draft = mp_test_customer_draft (client, "170", "1000003");
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (mp_order_draft_get_valid (draft));
  order = place (client, draft, &error);
  g_assert_no_error (error);
  g_assert_true (watch (client, order, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_ERROR);
  g_assert_cmpstr (mp_order_get_status_code (order), ==, "PF");
  g_assert_nonnull (mp_order_get_error_message (order));
}

static void
test_change_order (void)
{
  g_autoptr(MpClient) client = mp_test_login (server (), "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpOrderDraft) draft = mp_test_customer_draft (client, "101", "1000003");
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(MpOrder) change = NULL;
  g_autoptr(MpOrder) second = NULL;
  g_autoptr(MpSubscription) subscription = NULL;
  g_autoptr(MpOrderDraft) change_draft = NULL;
  g_autoptr(MpOrderDraft) second_draft = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before;

  order = place (client, draft, &error);
  g_assert_no_error (error);
  g_assert_true (watch (client, order, NULL, &error));
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);

  mp_client_get_subscription_async (client, mp_order_get_subscription_id (order), NULL,
                                    mp_test_store_result, &result);
  subscription = mp_client_get_subscription_finish (client, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  change_draft = mp_order_draft_new_change (subscription);
  before = mp_order_draft_get_quantity (change_draft, "IDS-C-USERS");
  mp_order_draft_set_quantity (change_draft, "IDS-C-USERS", before + 3);
  g_assert_true (mp_order_draft_get_valid (change_draft));
  mp_order_draft_estimate_async (change_draft, client, NULL, mp_test_store_result, &result);
  g_assert_true (mp_order_draft_estimate_finish (change_draft, mp_test_wait (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  change = place (client, change_draft, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mp_order_get_order_type (change), ==, MP_ORDER_TYPE_CHANGE);

  /* One change order at a time per subscription. */
  second_draft = mp_order_draft_new_change (subscription);
  mp_order_draft_set_quantity (second_draft, "IDS-C-USERS", before + 5);
  second = place (client, second_draft, &error);
  g_assert_null (second);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_true (watch (client, change, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mp_order_get_status (change), ==, MP_ORDER_STATUS_COMPLETED);
  g_clear_object (&subscription);
  mp_client_get_subscription_async (client, mp_order_get_subscription_id (order), NULL,
                                    mp_test_store_result, &result);
  subscription = mp_client_get_subscription_finish (client, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (mp_subscription_resource_get_quantity (
                     mp_subscription_find_resource (subscription, "IDS-C-USERS")), ==, before + 3);
}

static void
test_customer_buys (void)
{
  g_autoptr(MpClient) client = mp_test_login (server (), "globex-admin", "Demo-Customer-2");
  g_autoptr(MpOrderDraft) draft = mp_test_customer_draft (client, "101", NULL);
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = place (client, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mp_order_get_customer_id (order), ==,
                   mp_account_get_id (mp_client_get_account (client)));
  g_assert_true (watch (client, order, NULL, &error));
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
}

static void
test_reseller_buys_itself (void)
{
  g_autoptr(MpClient) client = mp_test_login (server (), "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpOrderDraft) draft = mp_test_customer_draft (client, "100", NULL);
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpPagedList) mine = NULL;
  MpAccount *account = mp_client_get_account (client);

  g_assert_true (mp_order_draft_get_valid (draft));
  order = place (client, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mp_order_get_customer_id (order), ==, mp_account_get_id (account));
  g_assert_true (watch (client, order, NULL, &error));
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);

  /* The new subscription is among the reseller's own. */
  mine = mp_client_list_subscriptions (client, mp_account_get_id (account), NULL);
  g_assert_true (mp_test_wait_list (mine, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (mine)), >, 0);
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_watch_cancel (void)
{
  g_autoptr(MpTestServer) slow = mp_test_start_server ("--provision-step-ms", "5000", NULL);
  g_autoptr(MpClient) client = mp_test_login (slow, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpOrderDraft) draft = mp_test_customer_draft (client, "101", "1000001");
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(MpOrder) cancelled = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  order = place (client, draft, &error);
  g_assert_no_error (error);
  g_timeout_add (300, cancel_soon, cancellable);
  start = g_get_monotonic_time ();
  g_assert_false (watch (client, order, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Cancelled at once, not at the end of the long poll. */
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, 2000);
  g_assert_false (mp_order_get_final (order));
  g_clear_error (&error);

  /* Still submitted: it can be cancelled on the server too. */
  mp_client_cancel_order_async (client, mp_order_get_id (order), NULL, mp_test_store_result, &result);
  cancelled = mp_client_cancel_order_finish (client, mp_test_wait (&result), &error);
  if (cancelled != NULL)
    {
      g_assert_cmpint (mp_order_get_status (cancelled), ==, MP_ORDER_STATUS_CANCELLED);
      g_assert_true (mp_order_get_final (cancelled));
    }
  else
    {
      /* Already processing: the server says no. */
      g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_CONFLICT);
    }
}

static void
test_plain_server (void)
{
  g_autoptr(MpTestServer) plain = mp_test_start_server ("--no-extensions", NULL);
  g_autoptr(MpClient) client = mp_test_client_new (plain, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpAccount) account = NULL;
  g_autoptr(MpPlan) plan = NULL;
  g_autoptr(MpOrderDraft) draft = NULL;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) marketplaces = NULL;

  account = login (client, &error);
  g_assert_no_error (error);
  g_assert_false (mp_client_get_has_extensions (client));
  g_assert_true (mp_account_is_reseller (account));
  g_assert_null (mp_account_get_id (account));

  /* No marketplace list without extensions. */
  mp_client_list_marketplaces_async (mp_test_server_get_url (plain), NULL, mp_test_store_result,
                                     &result);
  marketplaces = mp_client_list_marketplaces_finish (mp_test_wait (&result), &error);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  plan = mp_test_get_plan (client, "101");
  g_assert_false (mp_plan_has_details (plan));
  g_assert_cmpuint (g_list_model_get_n_items (mp_plan_get_terms (plan)), ==, 0);

  draft = mp_test_customer_draft (client, "101", "1000002");
  g_assert_true (mp_order_draft_get_valid (draft));
  order = place (client, draft, &error);
  g_assert_no_error (error);
  /* Polling, without Prefer: wait. */
  g_assert_true (watch (client, order, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
}

static void
lost_connection (gboolean extensions)
{
  g_autoptr(MpTestServer) real = mp_test_start_server (extensions ? NULL : "--no-extensions", NULL);
  g_autoptr(MpTestProxy) proxy = mp_test_proxy_new (mp_test_server_get_url (real));
  g_autofree char *base = mp_test_proxy_get_base_url (proxy, "US");
  g_autoptr(MpClient) client = mp_client_new (base, "US", "demo-reseller", "Demo-Reseller-1",
                                              "demo-subscription-key");
  g_autoptr(MpOrderDraft) draft = NULL;
  g_autoptr(MpOrderDraft) second = NULL;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(MpOrder) again = NULL;
  g_autoptr(MpAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = login (client, &error);
  g_assert_no_error (error);
  g_assert_true (mp_client_get_has_extensions (client) == extensions);

  /* The order is placed, the answer is lost: the client finds it. */
  draft = mp_test_customer_draft (client, "101", "1000001");
  mp_test_proxy_set_mode (proxy, MP_TEST_PROXY_DROP_AFTER);
  order = place (client, draft, &error);
  g_assert_no_error (error);
  g_assert_nonnull (order);
  g_assert_cmpuint (mp_test_proxy_get_dropped (proxy), ==, 1);
  g_assert_cmpstr (mp_order_get_po_number (order), ==, mp_order_draft_get_effective_po_number (draft));
  g_assert_cmpuint (mp_test_count_orders_with_po (client, "1000001",
                                                  mp_order_draft_get_effective_po_number (draft)), ==, 1);

  /* The order never arrives: a clear error, safe to try again. */
  second = mp_test_customer_draft (client, "101", "1000001");
  mp_test_proxy_set_mode (proxy, MP_TEST_PROXY_DROP_BEFORE);
  again = place (client, second, &error);
  g_assert_null (again);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NETWORK);
  g_assert_true (mp_client_error_get_retry_safe (error));
  g_clear_error (&error);
  g_assert_cmpuint (mp_test_count_orders_with_po (client, "1000001",
                                                  mp_order_draft_get_effective_po_number (second)), ==, 0);
  again = place (client, second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mp_test_count_orders_with_po (client, "1000001",
                                                  mp_order_draft_get_effective_po_number (second)), ==, 1);
}

static void
watch_through_proxy (gboolean extensions)
{
  g_autoptr(MpTestServer) real = mp_test_start_server ("--provision-step-ms", "300",
                                                       extensions ? NULL : "--no-extensions", NULL);
  g_autoptr(MpTestProxy) proxy = mp_test_proxy_new (mp_test_server_get_url (real));
  g_autofree char *base = mp_test_proxy_get_base_url (proxy, "US");
  g_autoptr(MpClient) client = mp_client_new (base, "US", "demo-reseller", "Demo-Reseller-1",
                                              "demo-subscription-key");
  g_autoptr(MpOrderDraft) draft = NULL;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(MpAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) progress = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint statuses = 0, gets, with_prefer;

  mp_client_set_retry_delay (client, 100);
  account = login (client, &error);
  g_assert_no_error (error);
  draft = mp_test_customer_draft (client, "101", "1000001");
  order = place (client, draft, &error);
  g_assert_no_error (error);
  g_signal_connect (order, "notify::progress", G_CALLBACK (record_progress), progress);
  g_signal_connect_swapped (order, "notify::status", G_CALLBACK (g_atomic_int_inc), &statuses);
  g_assert_true (watch (client, order, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
  g_assert_cmpuint (statuses, >=, 1);
  mp_test_proxy_get_order_gets (proxy, &gets, &with_prefer);
  g_test_message ("%s: %u GETs of the order, %u with Prefer: wait; %u progress changes",
                  extensions ? "extensions" : "plain", gets, with_prefer, progress->len);
  if (extensions)
    {
      /* Long polls only, about one answer per change, not a poll loop. */
      g_assert_cmpuint (with_prefer, ==, gets);
      g_assert_cmpuint (gets, <=, progress->len + 3);
      g_assert_cmpuint (progress->len, >=, 2);
    }
  else
    {
      g_assert_cmpuint (with_prefer, ==, 0);
      g_assert_cmpuint (gets, >=, 1);
      /* Backoff between unchanged answers, not a tight loop. */
      g_assert_cmpuint (gets, <=, 12);
    }
}

static void
test_watch_long_poll (void)
{
  watch_through_proxy (TRUE);
}

static void
test_watch_polling (void)
{
  watch_through_proxy (FALSE);
}

static void
test_timeout (void)
{
  g_autoptr(MpTestServer) real = mp_test_start_server (NULL, NULL);
  g_autoptr(MpTestProxy) proxy = mp_test_proxy_new (mp_test_server_get_url (real));
  g_autofree char *base = mp_test_proxy_get_base_url (proxy, "US");
  g_autoptr(MpClient) client = mp_client_new (base, "US", "demo-reseller", "Demo-Reseller-1",
                                              "demo-subscription-key");
  g_autoptr(MpOrderDraft) draft = NULL;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(MpAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = login (client, &error);
  g_assert_no_error (error);
  draft = mp_test_customer_draft (client, "101", "1000001");

  /* The order is placed but the answer comes after the client gave up. */
  mp_client_set_timeout (client, 1);
  mp_test_proxy_set_mode (proxy, MP_TEST_PROXY_DELAY_AFTER);
  order = place (client, draft, &error);
  g_assert_no_error (error);
  g_assert_nonnull (order);
  g_assert_cmpuint (mp_test_count_orders_with_po (client, "1000001",
                                                  mp_order_draft_get_effective_po_number (draft)), ==, 1);
  /* Let the proxy's late answer go before the proxy is freed. */
  mp_test_sleep (3200);
}

static void
test_lost_connection (void)
{
  lost_connection (TRUE);
}

static void
test_lost_connection_plain (void)
{
  lost_connection (FALSE);
}

static void
test_idempotent_replay (void)
{
  g_autoptr(MpClient) client = mp_test_login (server (), "demo-reseller", "Demo-Reseller-1");
  g_autoptr(MpOrderDraft) draft = mp_test_customer_draft (client, "101", "1000001");
  g_autoptr(MpOrder) first = NULL;
  g_autoptr(MpOrder) second = NULL;
  g_autoptr(GError) error = NULL;

  /* A double click: the same draft (same key, same body) gives one order. */
  first = place (client, draft, &error);
  g_assert_no_error (error);
  second = place (client, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mp_order_get_id (first), ==, mp_order_get_id (second));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/server/marketplaces", test_marketplaces);
  g_test_add_func ("/client/server/login", test_login);
  g_test_add_func ("/client/server/login-refused", test_login_bad_key);
  g_test_add_func ("/client/server/login-oauth", test_login_oauth);
  g_test_add_func ("/client/server/lists", test_lists);
  g_test_add_func ("/client/server/customer-scope", test_customer_scope);
  g_test_add_func ("/client/server/objects", test_objects);
  g_test_add_func ("/client/server/more-calls", test_more_calls);
  g_test_add_func ("/client/server/token-refresh", test_token_refresh);
  g_test_add_func ("/client/server/token-after-restart", test_token_401);
  g_test_add_func ("/client/server/token-revoked", test_token_revoked);
  g_test_add_func ("/client/server/marketplace-moved", test_marketplace_moved);
  g_test_add_func ("/client/server/in-flight-limit", test_in_flight_limit);
  g_test_add_func ("/client/server/rate-limit", test_rate_limit);
  g_test_add_func ("/client/server/paging-100k", test_paging_100k);
  g_test_add_func ("/client/server/list-cancel", test_list_cancel);
  g_test_add_func ("/client/server/cancel-queued", test_cancel_queued);
  g_test_add_func ("/client/server/order-flow", test_order_flow);
  g_test_add_func ("/client/server/order-refused", test_order_refused);
  g_test_add_func ("/client/server/order-failed", test_order_failed);
  g_test_add_func ("/client/server/change-order", test_change_order);
  g_test_add_func ("/client/server/customer-buys", test_customer_buys);
  g_test_add_func ("/client/server/reseller-buys-itself", test_reseller_buys_itself);
  g_test_add_func ("/client/server/watch-cancel", test_watch_cancel);
  g_test_add_func ("/client/server/plain-server", test_plain_server);
  g_test_add_func ("/client/server/watch-long-poll", test_watch_long_poll);
  g_test_add_func ("/client/server/watch-polling", test_watch_polling);
  g_test_add_func ("/client/server/lost-connection", test_lost_connection);
  g_test_add_func ("/client/server/timeout", test_timeout);
  g_test_add_func ("/client/server/lost-connection-plain", test_lost_connection_plain);
  g_test_add_func ("/client/server/idempotent-replay", test_idempotent_replay);

  status = g_test_run ();
  g_clear_pointer (&shared_server, mp_test_server_free);
  return status;
}

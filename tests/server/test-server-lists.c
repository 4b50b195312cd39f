/* test-server-lists.c: keyset paging of subscription lists and the
 * list-row extension, against the real server
 *
 * The reference for every page is the whole list in one answer at offset
 * 0 (no keyset involved), filtered here in the test; pages at random
 * offsets and limits, with and without filters, must be its slices, also
 * after subscriptions are added.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "mp-server-test-util.h"

#define SEEDED "700"

typedef struct
{
  const char *status;
  const char *customer;
  const char *from;
  const char *to;
} Filter;

static gboolean
matches (JsonObject   *row,
         const Filter *filter)
{
  const char *created = json_object_get_string_member (row, "creationDate");

  return (filter->status == NULL || strcmp (json_object_get_string_member (row, "status"), filter->status) == 0)
         && (filter->customer == NULL || strcmp (json_object_get_string_member (row, "customerId"), filter->customer) == 0)
         && (filter->from == NULL || strcmp (created, filter->from) >= 0)
         && (filter->to == NULL || strcmp (created, filter->to) <= 0);
}

static char *
filter_query (const Filter *filter)
{
  GString *query = g_string_new (NULL);

  if (filter->status != NULL)
    g_string_append_printf (query, "&status=%s", filter->status);
  if (filter->customer != NULL)
    g_string_append_printf (query, "&customerId=%s", filter->customer);
  if (filter->from != NULL)
    g_string_append_printf (query, "&creationDateFrom=%s", filter->from);
  if (filter->to != NULL)
    g_string_append_printf (query, "&creationDateTo=%s", filter->to);
  return g_string_free (query, FALSE);
}

/* The whole unfiltered list, newest first, in one answer at offset 0. */
static MpTestResponse *
whole_list (SoupSession *session,
            const char  *base,
            const char  *token)
{
  g_autofree char *u = g_strconcat (base, "/subscriptions?limit=1000", NULL);
  MpTestResponse *r = mp_test_request (session, "GET", u, token, NULL, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), <,  1000);
  return r;
}

static void
check_pages (SoupSession  *session,
             const char   *base,
             const char   *token,
             const Filter *filter,
             guint         rounds)
{
  g_autoptr(MpTestResponse) all = whole_list (session, base, token);
  JsonArray *rows = json_object_get_array_member (mp_test_object (all), "data");
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autofree char *query = filter_query (filter);
  guint i, round;

  for (i = 0; i < json_array_get_length (rows); i++)
    if (matches (json_array_get_object_element (rows, i), filter))
      g_ptr_array_add (expected, json_array_get_object_element (rows, i));

  for (round = 0; round < rounds; round++)
    {
      /* mostly within the list, sometimes at and past its end */
      gint64 offset = g_test_rand_int_range (0, (gint32) expected->len + 80);
      gint64 limit = round == 0 ? 1 : g_test_rand_int_range (1, 150);
      g_autofree char *u = NULL;
      g_autoptr(MpTestResponse) r = NULL;
      JsonArray *page;
      gint64 want;

      if (round == 1)
        offset = 0;
      u = g_strdup_printf ("%s/subscriptions?offset=%" G_GINT64_FORMAT "&limit=%" G_GINT64_FORMAT "%s",
                           base, offset, limit, query);
      r = mp_test_request (session, "GET", u, token, NULL, NULL);
      g_assert_cmpuint (r->status, ==, 200);
      g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, expected->len);
      g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.offset"), ==, offset);
      g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.limit"), ==, limit);
      page = json_object_get_array_member (mp_test_object (r), "data");
      want = CLAMP ((gint64) expected->len - offset, 0, limit);
      g_assert_cmpint (json_array_get_length (page), ==, want);
      for (i = 0; i < json_array_get_length (page); i++)
        {
          JsonObject *mine = json_array_get_object_element (page, i);
          JsonObject *theirs = g_ptr_array_index (expected, offset + i);

          g_assert_cmpstr (json_object_get_string_member (mine, "id"), ==,
                           json_object_get_string_member (theirs, "id"));
          g_assert_cmpstr (json_object_get_string_member (mine, "lastModifiedDate"), ==,
                           json_object_get_string_member (theirs, "lastModifiedDate"));
        }
    }
}

static void
check_all_filters (SoupSession *session,
                   const char  *base,
                   const char  *token)
{
  const Filter filters[] = {
    { NULL, NULL, NULL, NULL },
    { "active", NULL, NULL, NULL },
    { "terminated", NULL, NULL, NULL },
    { "hold", NULL, NULL, NULL },          /* no match */
    { NULL, "1000001", NULL, NULL },
    { NULL, "1000002", NULL, NULL },
    { "active", "1000003", NULL, NULL },
    { NULL, NULL, "2000-01-01", NULL },
    { NULL, NULL, NULL, "2000-01-01" },    /* no match */
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) early = g_date_time_add_days (now, -200);
  g_autoptr(GDateTime) late = g_date_time_add_days (now, -60);
  g_autofree char *from = g_date_time_format (early, "%Y-%m-%d");
  g_autofree char *to = g_date_time_format (late, "%Y-%m-%d");
  const Filter dated[] = {
    { NULL, NULL, from, to },
    { NULL, "1000002", from, NULL },
    { "active", NULL, NULL, to },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (filters); i++)
    check_pages (session, base, token, &filters[i], 12);
  for (i = 0; i < G_N_ELEMENTS (dated); i++)
    check_pages (session, base, token, &dated[i], 12);
}

/* Orders list pages at random offsets, unfiltered and filtered by
 * customer and by status: each the slice of the whole list filtered here,
 * with its total. */
static void
check_order_pages (SoupSession *session,
                   const char  *base,
                   const char  *token)
{
  const char *filters[][2] = {
    { NULL, NULL }, { "customerId", "1000001" }, { "customerId", "1000002" }, { "status", "completed" },
    { "status", "cancelled" },
  };
  g_autofree char *u = g_strconcat (base, "/orders?limit=1000", NULL);
  g_autoptr(MpTestResponse) all = mp_test_request (session, "GET", u, token, NULL, NULL);
  JsonArray *rows = json_object_get_array_member (mp_test_object (all), "data");

  g_assert_cmpuint (all->status, ==, 200);
  g_assert_cmpint (mp_test_int (mp_test_object (all), "pagination.total"), ==, json_array_get_length (rows));
  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      g_autoptr(GPtrArray) expected = g_ptr_array_new ();

      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *row = json_array_get_object_element (rows, i);

          if (filters[f][0] == NULL || g_strcmp0 (json_object_get_string_member (row, filters[f][0]),
                                                  filters[f][1]) == 0)
            g_ptr_array_add (expected, row);
        }
      for (guint round = 0; round < 10; round++)
        {
          gint64 offset = round == 0 ? 0 : g_test_rand_int_range (0, (gint32) expected->len + 3);
          gint64 limit = g_test_rand_int_range (1, 6);
          g_autofree char *page_url = g_strdup_printf ("%s/orders?offset=%" G_GINT64_FORMAT "&limit=%" G_GINT64_FORMAT
                                                       "%s%s%s%s", base, offset, limit,
                                                       filters[f][0] ? "&" : "", filters[f][0] ? filters[f][0] : "",
                                                       filters[f][0] ? "=" : "", filters[f][0] ? filters[f][1] : "");
          g_autoptr(MpTestResponse) r = mp_test_request (session, "GET", page_url, token, NULL, NULL);
          JsonArray *page;

          g_assert_cmpuint (r->status, ==, 200);
          g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, expected->len);
          page = json_object_get_array_member (mp_test_object (r), "data");
          g_assert_cmpint (json_array_get_length (page), ==, CLAMP ((gint64) expected->len - offset, 0, limit));
          for (guint i = 0; i < json_array_get_length (page); i++)
            {
              g_autofree char *mine = json_to_string (json_array_get_element (page, i), FALSE);
              JsonNode *node = json_node_init_object (json_node_alloc (), g_ptr_array_index (expected, offset + i));
              g_autofree char *theirs = json_to_string (node, FALSE);

              json_node_unref (node);
              g_assert_cmpstr (mine, ==, theirs);
            }
        }
    }
}

static void
place_and_wait (SoupSession *session,
                const char  *base,
                const char  *token,
                const char  *customer)
{
  g_autofree char *u = g_strconcat (base, "/orders", NULL);
  g_autofree char *body = g_strdup_printf ("{\"type\": \"sales\", \"customerId\": \"%s\", \"planId\": \"110\","
                                           " \"acceptedTerms\": [\"tc-marketplace\", \"tc-fabrikam-vendor\"],"
                                           " \"products\": [{\"mpn\": \"FAB-OB-USER\", \"quantity\": 3}]}", customer);
  g_autoptr(MpTestResponse) r = mp_test_request (session, "POST", u, token, body, NULL);
  g_autoptr(MpTestResponse) done = NULL;

  g_assert_cmpuint (r->status, ==, 200);
  done = mp_test_wait_order (session, base, token, mp_test_string (mp_test_object (r), "id"), 30);
  g_assert_cmpstr (mp_test_string (mp_test_object (done), "status"), ==, "completed");
}

static void
test_keyset_paging (void)
{
  const char *args[] = { "--seed-subscriptions", SEEDED, "--provision-step-ms", "20", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) server = mp_test_server_start (args, &error);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *base = NULL;
  g_autofree char *token = NULL;
  g_autofree char *acme = NULL;
  guint i;

  g_assert_no_error (error);
  base = mp_test_server_get_base_url (server, "US");
  token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");
  acme = mp_test_login (session, base, "acme-admin", "Demo-Customer-1");

  check_all_filters (session, base, token);
  check_order_pages (session, base, token);
  {
    const Filter none = { NULL, NULL, NULL, NULL };

    check_pages (session, base, acme, &none, 12);
  }
  /* rows added between pages: each new subscription shifts every page */
  for (i = 0; i < 3; i++)
    {
      place_and_wait (session, base, token, i % 2 == 0 ? "1000001" : "1000002");
      check_all_filters (session, base, token);
      check_order_pages (session, base, token);
    }
}

static gint64
cents (JsonObject *object,
       const char *member)
{
  JsonObject *money = json_object_get_object_member (object, member);

  return (gint64) (g_ascii_strtod (json_object_get_string_member (money, "amount"), NULL) * 100 + 0.5);
}

static char *
node_text (JsonObject *object,
           const char *member)
{
  return json_to_string (json_object_get_member (object, member), FALSE);
}

/* Every row of a list page carries the products[] and totals of
 * GET /subscriptions/{id}; the total is the sum of the lines' prices. */
static void
test_list_rows (void)
{
  const char *args[] = { "--seed-subscriptions", "150", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) server = mp_test_server_start (args, &error);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *base = NULL;
  g_autofree char *token = NULL;
  const char *pages[] = { "?limit=100", "?limit=100&offset=100", "?limit=40&status=active&customerId=1000001", NULL };
  guint p, i, j;

  g_assert_no_error (error);
  base = mp_test_server_get_base_url (server, "US");
  token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");
  for (p = 0; pages[p] != NULL; p++)
    {
      g_autofree char *u = g_strconcat (base, "/subscriptions", pages[p], NULL);
      g_autoptr(MpTestResponse) r = mp_test_request (session, "GET", u, token, NULL, NULL);
      JsonArray *rows;

      g_assert_cmpuint (r->status, ==, 200);
      rows = json_object_get_array_member (mp_test_object (r), "data");
      g_assert_cmpuint (json_array_get_length (rows), >, 0);
      for (i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *row = json_array_get_object_element (rows, i);
          g_autofree char *one = g_strconcat (base, "/subscriptions/", json_object_get_string_member (row, "id"), NULL);
          g_autoptr(MpTestResponse) detail = mp_test_request (session, "GET", one, token, NULL, NULL);
          JsonArray *lines = json_object_get_array_member (row, "products");
          g_autofree char *mine = NULL;
          g_autofree char *theirs = NULL;
          gint64 sum = 0;

          g_assert_cmpuint (detail->status, ==, 200);
          g_assert_nonnull (lines);
          mine = node_text (row, "products");
          theirs = node_text (mp_test_object (detail), "products");
          g_assert_cmpstr (mine, ==, theirs);
          g_assert_cmpint (cents (row, "totalPrice"), ==, cents (mp_test_object (detail), "totalPrice"));
          g_assert_cmpint (cents (row, "totalSubscriptionPrice"), ==,
                           cents (mp_test_object (detail), "totalSubscriptionPrice"));
          /* the total: the sum of (quantity - included) x unit price */
          for (j = 0; j < json_array_get_length (lines); j++)
            {
              JsonObject *line = json_array_get_object_element (lines, j);
              gint64 billed = MAX (0, json_object_get_int_member (line, "quantity")
                                      - json_object_get_int_member (line, "includedQuantity"));

              sum += json_object_get_boolean_member (line, "oneTime") ? 0 : billed * cents (line, "unitPrice");
            }
          g_assert_cmpint (cents (row, "totalPrice"), ==, sum);
        }
    }
}

static JsonObject *
row_by_id (MpTestResponse *page,
           const char     *id)
{
  JsonArray *rows = json_object_get_array_member (mp_test_object (page), "data");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (rows, i), "id"), id) == 0)
      return json_array_get_object_element (rows, i);
  return NULL;
}

/* Pages not in the page cache are written from the row cache where it
 * holds their rows: the same bytes as rendered, and never a row from
 * before a change. The same of the orders list, while an order moves on. */
static void
test_row_cache (void)
{
  const char *args[] = { "--no-page-cache", "--provision-step-ms", "20", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) server = mp_test_server_start (args, &error);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(MpTestResponse) first = NULL;
  g_autoptr(MpTestResponse) again = NULL;
  g_autoptr(MpTestResponse) placed = NULL;
  g_autoptr(MpTestResponse) done = NULL;
  g_autoptr(MpTestResponse) after = NULL;
  g_autoptr(MpTestResponse) detail = NULL;
  g_autoptr(MpTestResponse) orders_first = NULL;
  g_autoptr(MpTestResponse) orders_again = NULL;
  g_autoptr(MpTestResponse) orders_during = NULL;
  g_autoptr(MpTestResponse) orders_after = NULL;
  g_autoptr(MpTestResponse) orders_again2 = NULL;
  static const char * const order_members[] = {
    "status", "statusCode", "provisioningDate", "total", "products", "provisioning",
  };
  const char *order_id;
  g_autofree char *base = NULL;
  g_autofree char *token = NULL;
  g_autofree char *list = NULL;
  g_autofree char *orders = NULL;
  g_autofree char *body = NULL;
  g_autofree char *one = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;
  const char *id = NULL;
  const char *mpn = NULL;
  gint64 quantity = 0;
  JsonArray *rows;
  JsonObject *row;

  g_assert_no_error (error);
  base = mp_test_server_get_base_url (server, "US");
  token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");
  list = g_strconcat (base, "/subscriptions?limit=100", NULL);
  first = mp_test_request (session, "GET", list, token, NULL, NULL);
  again = mp_test_request (session, "GET", list, token, NULL, NULL);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpuint (first->length, ==, again->length);
  g_assert_cmpmem (first->body, first->length, again->body, again->length);

  /* A line of an active subscription that can take one more seat. */
  rows = json_object_get_array_member (mp_test_object (again), "data");
  for (guint i = 0; i < json_array_get_length (rows) && id == NULL; i++)
    {
      JsonObject *candidate = json_array_get_object_element (rows, i);
      JsonArray *lines = json_object_get_array_member (candidate, "products");

      if (g_strcmp0 (json_object_get_string_member (candidate, "status"), "active") != 0 ||
          !json_object_get_null_member (candidate, "pendingOrderId"))
        continue;
      for (guint j = 0; j < json_array_get_length (lines) && id == NULL; j++)
        {
          JsonObject *line = json_array_get_object_element (lines, j);
          gint64 q = json_object_get_int_member (line, "quantity");

          if (!json_object_get_boolean_member (line, "oneTime") &&
              q + 1 <= json_object_get_int_member (line, "maximumQuantity") &&
              q + 1 >= json_object_get_int_member (line, "minimumQuantity"))
            {
              id = json_object_get_string_member (candidate, "id");
              mpn = json_object_get_string_member (line, "mpn");
              quantity = q;
            }
        }
    }
  g_assert_nonnull (id);
  orders = g_strconcat (base, "/orders", NULL);
  body = g_strdup_printf ("{\"type\": \"change\", \"subscriptionId\": \"%s\","
                          " \"products\": [{\"mpn\": \"%s\", \"quantity\": %" G_GINT64_FORMAT "}]}",
                          id, mpn, quantity + 1);
  orders_first = mp_test_request (session, "GET", orders, token, NULL, NULL);
  orders_again = mp_test_request (session, "GET", orders, token, NULL, NULL);
  g_assert_cmpuint (orders_again->status, ==, 200);
  g_assert_cmpmem (orders_first->body, orders_first->length, orders_again->body, orders_again->length);
  placed = mp_test_request (session, "POST", orders, token, body, NULL);
  g_assert_cmpuint (placed->status, ==, 200);
  order_id = mp_test_string (mp_test_object (placed), "id");
  /* Listed at once, in progress. */
  orders_during = mp_test_request (session, "GET", orders, token, NULL, NULL);
  g_assert_nonnull (row_by_id (orders_during, order_id));
  g_assert_cmpstr (json_object_get_string_member (row_by_id (orders_during, order_id), "status"), !=, "completed");
  done = mp_test_wait_order (session, base, token, order_id, 30);
  g_assert_cmpstr (mp_test_string (mp_test_object (done), "status"), ==, "completed");

  /* The orders list, twice: the order's row as it is now, the same bytes. */
  orders_after = mp_test_request (session, "GET", orders, token, NULL, NULL);
  orders_again2 = mp_test_request (session, "GET", orders, token, NULL, NULL);
  g_assert_cmpmem (orders_after->body, orders_after->length, orders_again2->body, orders_again2->length);
  row = row_by_id (orders_after, order_id);
  g_assert_nonnull (row);
  for (guint i = 0; i < G_N_ELEMENTS (order_members); i++)
    {
      g_autofree char *listed = node_text (row, order_members[i]);
      g_autofree char *own = node_text (mp_test_object (done), order_members[i]);

      g_assert_cmpstr (listed, ==, own);
    }

  /* The same page again: the changed row as the subscription is now. */
  after = mp_test_request (session, "GET", list, token, NULL, NULL);
  g_assert_cmpuint (after->status, ==, 200);
  row = row_by_id (after, id);
  g_assert_nonnull (row);
  one = g_strconcat (base, "/subscriptions/", id, NULL);
  detail = mp_test_request (session, "GET", one, token, NULL, NULL);
  g_assert_cmpuint (detail->status, ==, 200);
  mine = node_text (row, "products");
  theirs = node_text (mp_test_object (detail), "products");
  g_assert_cmpstr (mine, ==, theirs);
  g_assert_true (strstr (mine, "\"quantity\":") != NULL);
  {
    JsonArray *lines = json_object_get_array_member (row, "products");
    gboolean seen = FALSE;

    for (guint j = 0; j < json_array_get_length (lines); j++)
      {
        JsonObject *line = json_array_get_object_element (lines, j);

        if (g_strcmp0 (json_object_get_string_member (line, "mpn"), mpn) == 0)
          {
            g_assert_cmpint (json_object_get_int_member (line, "quantity"), ==, quantity + 1);
            seen = TRUE;
          }
      }
    g_assert_true (seen);
  }
  g_assert_cmpstr (json_object_get_string_member (row, "lastModifiedDate"), ==,
                   mp_test_string (mp_test_object (detail), "lastModifiedDate"));
}

/* Every documented list filter has an index: no list query scans the
 * subscriptions or orders table or a whole index of it (EXPLAIN QUERY
 * PLAN on a stopped server's database; the WHERE clauses are the ones the
 * server builds, docs/api.md). */
static void
test_query_plans (void)
{
  const char *args[] = { "--seed-subscriptions", "2000", NULL };
  const char *who[] = { "s.reseller_id = 1", "s.customer_id = 1" };
  const char *subscription_filters[] = {
    "", " AND s.customer_id = 2", " AND s.status = 'hold'", " AND s.created >= '2026-01-01'",
    " AND s.created <= '2026-01-01'", " AND s.status = 'active' AND s.customer_id = 2 AND s.created >= '2026-01-01'",
  };
  const char *order_who[] = { "o.reseller_id = 1", "o.customer_id = 1" };
  const char *order_filters[] = {
    "", " AND o.customer_id = 2", " AND o.subscription_id = 3", " AND o.number = 'SO000001'",
    " AND o.status = 'error'", " AND o.status_code = 'NW'", " AND o.created >= '2026-01-01T00:00:00Z'",
    " AND o.idem_key = '1:k'",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) server = mp_test_server_start (args, &error);
  g_autofree char *path = NULL;
  sqlite3 *db = NULL;
  guint w, f;

  g_assert_no_error (error);
  mp_test_server_kill (server, SIGTERM);
  path = g_build_filename (mp_test_server_get_data_dir (server), "marketplace.db", NULL);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (w = 0; w < G_N_ELEMENTS (who); w++)
    for (f = 0; f < G_N_ELEMENTS (subscription_filters) + G_N_ELEMENTS (order_filters); f++)
      {
        gboolean orders = f >= G_N_ELEMENTS (subscription_filters);
        g_autofree char *sql = NULL;
        const char *tables[] = { "subscriptions s", "orders o" };
        guint i;

        for (i = 0; i < 3; i++)
          {
            sqlite3_stmt *stmt = NULL;

            g_free (sql);
            if (orders)
              sql = g_strdup_printf (i == 0 ? "EXPLAIN QUERY PLAN SELECT count (*) FROM orders o WHERE o.marketplace = 'US' AND %s%s"
                                            : "EXPLAIN QUERY PLAN SELECT o.id FROM orders o WHERE o.marketplace = 'US' AND %s%s"
                                              " ORDER BY o.created_ms DESC, o.id DESC LIMIT 10 OFFSET 5",
                                     order_who[w], order_filters[f - G_N_ELEMENTS (subscription_filters)]);
            else
              sql = g_strdup_printf (i == 0 ? "EXPLAIN QUERY PLAN SELECT s.id FROM %s WHERE s.marketplace = 'US' AND %s%s ORDER BY s.id DESC"
                                     : i == 1 ? "EXPLAIN QUERY PLAN SELECT s.id FROM %s WHERE s.marketplace = 'US' AND %s%s"
                                                " AND s.id <= 2000500 ORDER BY s.id DESC LIMIT 100 OFFSET 63"
                                              : "EXPLAIN QUERY PLAN SELECT count (*) FROM %s WHERE s.marketplace = 'US' AND %s%s",
                                     tables[0], who[w], subscription_filters[f]);
            g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
            while (sqlite3_step (stmt) == SQLITE_ROW)
              {
                const char *detail = (const char *) sqlite3_column_text (stmt, 3);

                g_test_message ("%s: %s", sql, detail);
                if (g_str_has_prefix (detail, "SCAN s") || g_str_has_prefix (detail, "SCAN o"))
                  g_error ("%s scans: %s", sql, detail);
              }
            sqlite3_finalize (stmt);
          }
      }
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/lists/keyset-paging", test_keyset_paging);
  g_test_add_func ("/server/lists/list-rows", test_list_rows);
  g_test_add_func ("/server/lists/row-cache", test_row_cache);
  g_test_add_func ("/server/lists/query-plans", test_query_plans);
  return g_test_run ();
}

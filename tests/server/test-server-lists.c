/* test-server-lists.c: list pages at any offset are the same rows as a
 * walk from the start, with keyset paging under SimpleAPI's offsets
 * (issue 12), also after the list changes
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "mp-server-test-util.h"

static SoupSession *session;

static GPtrArray *
page_ids (const char *base,
          const char *token,
          const char *filter,
          gint64      offset,
          gint64      limit,
          gint64     *total)
{
  g_autofree char *u = g_strdup_printf ("%s/subscriptions?offset=%" G_GINT64_FORMAT "&limit=%" G_GINT64_FORMAT "%s",
                                        base, offset, limit, filter);
  g_autoptr(MpTestResponse) r = mp_test_request (session, "GET", u, token, NULL, NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *data;

  g_assert_cmpuint (r->status, ==, 200);
  data = json_object_get_array_member (mp_test_object (r), "data");
  for (guint i = 0; i < json_array_get_length (data); i++)
    g_ptr_array_add (ids, g_strdup (json_object_get_string_member (json_array_get_object_element (data, i), "id")));
  if (total != NULL)
    *total = mp_test_int (mp_test_object (r), "pagination.total");
  return ids;
}

/* Every row once, from the start, in pages of 1000. */
static GPtrArray *
walk (const char *base,
      const char *token,
      const char *filter)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (g_free);
  gint64 total = 0;

  for (gint64 offset = 0; offset == 0 || offset < total; offset += 1000)
    {
      g_autoptr(GPtrArray) ids = page_ids (base, token, filter, offset, 1000, &total);

      for (guint i = 0; i < ids->len; i++)
        g_ptr_array_add (all, g_strdup (g_ptr_array_index (ids, i)));
    }
  g_assert_cmpuint (all->len, ==, total);
  return all;
}

static void
assert_pages (const char *base,
              const char *token,
              const char *filter,
              GPtrArray  *all,
              GRand      *rand)
{
  for (guint round = 0; round < 60; round++)
    {
      gint64 offset = g_rand_int_range (rand, 0, (gint32) all->len + 20);
      gint64 limit = g_rand_int_range (rand, 1, 300);
      g_autoptr(GPtrArray) ids = page_ids (base, token, filter, offset, limit, NULL);
      gint64 expected = CLAMP ((gint64) all->len - offset, 0, limit);

      g_assert_cmpint (ids->len, ==, expected);
      for (guint i = 0; i < ids->len; i++)
        g_assert_cmpstr (g_ptr_array_index (ids, i), ==, g_ptr_array_index (all, offset + i));
    }
}

static void
test_offsets (void)
{
  const char *args[] = { "--seed-subscriptions", "3000", "--provision-step-ms", "50", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) server = mp_test_server_start (args, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  g_autofree char *base = NULL;
  g_autofree char *token = NULL;
  g_autofree char *order_url = NULL;
  const char *filters[] = { "", "&status=active", "&customerId=1000001", "&creationDateFrom=2026-01-01" };

  g_assert_no_error (error);
  base = mp_test_server_get_base_url (server, "US");
  token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      g_autoptr(GPtrArray) all = walk (base, token, filters[f]);

      /* Twice: the second time every page starts from a known row. */
      assert_pages (base, token, filters[f], all, rand);
      assert_pages (base, token, filters[f], all, rand);
    }

  /* A new subscription shifts every row by one: no page may start from
   * where a row was before. */
  {
    g_autofree char *u = g_strconcat (base, "/orders", NULL);
    /* (walked before the order goes in, which may complete at once) */
    g_autoptr(GPtrArray) before = walk (base, token, "");
    g_autoptr(MpTestResponse) r = mp_test_request (session, "POST", u, token,
                                                   "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"130\","
                                                   " \"products\": [{\"mpn\": \"ADT-CB-DEVICE\", \"quantity\": 5}],"
                                                   " \"acceptedTerms\": [\"tc-marketplace\"]}",
                                                   NULL);
    g_autoptr(GPtrArray) after = NULL;
    gint64 total = before->len;

    g_assert_cmpuint (r->status, ==, 200);
    order_url = g_strconcat (u, "/", mp_test_string (mp_test_object (r), "id"), NULL);
    while (total == (gint64) before->len)
      {
        g_autoptr(MpTestResponse) o = mp_test_request (session, "GET", order_url, token, NULL, "Prefer", "wait=5", NULL);
        g_autoptr(GPtrArray) first = page_ids (base, token, "", 0, 1, &total);

        g_assert_cmpstr (mp_test_string (mp_test_object (o), "status"), !=, "error");
      }
    after = walk (base, token, "");
    g_assert_cmpuint (after->len, ==, before->len + 1);
    g_assert_cmpstr (g_ptr_array_index (after, 1), ==, g_ptr_array_index (before, 0));
    assert_pages (base, token, "", after, rand);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  session = soup_session_new ();
  g_test_add_func ("/server/lists/offsets", test_offsets);
  status = g_test_run ();
  g_object_unref (session);
  return status;
}

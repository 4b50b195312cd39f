/* test-server-restart.c: orders survive SIGKILL and finish exactly once
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "mp-server-test-util.h"

static SoupSession *session;

static MpTestResponse *
call (MpTestServer *server,
      const char   *method,
      const char   *path,
      const char   *token,
      const char   *body,
      const char   *key)
{
  g_autofree char *base = mp_test_server_get_base_url (server, "US");
  g_autofree char *u = g_strconcat (base, path, NULL);

  if (key != NULL)
    return mp_test_request (session, method, u, token, body, "Idempotency-Key", key, NULL);
  return mp_test_request (session, method, u, token, body, NULL);
}

static gint64
total (MpTestServer *server,
       const char   *token,
       const char   *path)
{
  g_autoptr(MpTestResponse) r = call (server, "GET", path, token, NULL, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return mp_test_int (mp_test_object (r), "pagination.total");
}

static char *
order_status (MpTestServer *server,
              const char   *token,
              const char   *id,
              gint64       *step)
{
  g_autofree char *path = g_strconcat ("/orders/", id, NULL);
  g_autoptr(MpTestResponse) r = call (server, "GET", path, token, NULL, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  if (step != NULL)
    *step = mp_test_int (mp_test_object (r), "provisioning.step");
  return g_strdup (mp_test_string (mp_test_object (r), "status"));
}

#define SALES_A \
  "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"110\", \"poNumber\": \"restart-a\"," \
  " \"acceptedTerms\": [\"tc-marketplace\", \"tc-fabrikam-vendor\"], \"products\": [{\"mpn\": \"FAB-OB-USER\", \"quantity\": 7}]}"
#define SALES_B \
  "{\"type\": \"sales\", \"customerId\": \"1000002\", \"planId\": \"150\", \"poNumber\": \"restart-b\"," \
  " \"acceptedTerms\": [\"tc-marketplace\"], \"products\": [{\"mpn\": \"WGT-PBX-LINE\", \"quantity\": 3}]}"
#define CHANGE \
  "{\"type\": \"change\", \"subscriptionId\": \"1000104\", \"products\": [{\"mpn\": \"FAB-OB-USER\", \"quantity\": 20}]}"

static void
test_kill_and_resume (void)
{
  const char *args[] = { "--provision-step-ms", "1000", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) server = mp_test_server_start (args, &error);
  g_autofree char *token = NULL;
  char *ids[3] = { NULL, NULL, NULL };
  const char *bodies[3] = { SALES_A, SALES_B, CHANGE };
  const char *keys[3] = { "restart-key-a", "restart-key-b", "restart-key-c" };
  gint64 subs_before, orders_before, step = 0;
  gint64 deadline;
  int i, kills;

  g_assert_no_error (error);
  {
    g_autofree char *base = mp_test_server_get_base_url (server, "US");

    token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");
  }
  subs_before = total (server, token, "/subscriptions?limit=1");
  orders_before = total (server, token, "/orders?limit=1");

  for (i = 0; i < 3; i++)
    {
      g_autoptr(MpTestResponse) r = call (server, "POST", "/orders", token, bodies[i], keys[i]);

      g_assert_cmpuint (r->status, ==, 200);
      ids[i] = g_strdup (mp_test_string (mp_test_object (r), "id"));
    }

  /* Kill it hard twice: once as soon as the first order is processing,
   * once a step later. Tokens are in the database and stay valid.
   */
  for (kills = 0; kills < 2; kills++)
    {
      deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
      for (;;)
        {
          g_autofree char *status = order_status (server, token, ids[0], &step);

          if (g_strcmp0 (status, "processing") == 0 && step >= kills + 1)
            break;
          g_assert_cmpstr (status, !=, "completed");
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_usleep (20 * 1000);
        }
      mp_test_server_kill (server, SIGKILL);
      g_assert_false (mp_test_server_exited_cleanly (server));
      g_assert_true (mp_test_server_restart (server, &error));
      g_assert_no_error (error);
    }

  /* Everything completes, once. */
  for (i = 0; i < 3; i++)
    {
      g_autofree char *base = mp_test_server_get_base_url (server, "US");
      g_autoptr(MpTestResponse) done = mp_test_wait_order (session, base, token, ids[i], 30);

      g_assert_cmpstr (mp_test_string (mp_test_object (done), "status"), ==, "completed");
      g_assert_cmpint (mp_test_int (mp_test_object (done), "provisioning.progress"), ==, 100);
    }
  g_assert_cmpint (total (server, token, "/subscriptions?limit=1"), ==, subs_before + 2);
  g_assert_cmpint (total (server, token, "/orders?limit=1"), ==, orders_before + 3);
  g_assert_cmpint (total (server, token, "/subscriptions?customerId=1000001&limit=1"), >=, 1);
  {
    g_autoptr(MpTestResponse) sub = call (server, "GET", "/subscriptions/1000104", token, NULL, NULL);

    g_assert_cmpint (mp_test_int (mp_test_object (sub), "products.0.quantity"), ==, 20);
    g_assert_null (mp_test_string (mp_test_object (sub), "pendingOrderId"));
  }

  /* The idempotency keys survive too. */
  for (i = 0; i < 3; i++)
    {
      g_autoptr(MpTestResponse) again = call (server, "POST", "/orders", token, bodies[i], keys[i]);

      g_assert_cmpuint (again->status, ==, 200);
      g_assert_cmpstr (mp_test_string (mp_test_object (again), "id"), ==, ids[i]);
    }
  g_assert_cmpint (total (server, token, "/orders?limit=1"), ==, orders_before + 3);

  /* and a clean stop after all this */
  mp_test_server_kill (server, SIGTERM);
  g_assert_true (mp_test_server_exited_cleanly (server));
  for (i = 0; i < 3; i++)
    g_free (ids[i]);
}

/* An order that was only submitted when the server died still runs. */
static void
test_resume_submitted (void)
{
  const char *args[] = { "--provision-step-ms", "1000", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) server = mp_test_server_start (args, &error);
  g_autofree char *token = NULL;
  g_autofree char *id = NULL;
  g_autofree char *status = NULL;

  g_assert_no_error (error);
  {
    g_autofree char *base = mp_test_server_get_base_url (server, "US");

    token = mp_test_login (session, base, "acme-admin", "Demo-Customer-1");
  }
  {
    g_autoptr(MpTestResponse) r = call (server, "POST", "/orders", token,
                                        "{\"type\": \"sales\", \"planId\": \"132\", \"acceptedTerms\": [\"tc-marketplace\"]}",
                                        NULL);

    g_assert_cmpuint (r->status, ==, 200);
    id = g_strdup (mp_test_string (mp_test_object (r), "id"));
  }
  mp_test_server_kill (server, SIGKILL);
  g_assert_true (mp_test_server_restart (server, &error));
  g_assert_no_error (error);
  status = order_status (server, token, id, NULL);
  g_assert_cmpstr (status, !=, "completed");
  {
    g_autofree char *base = mp_test_server_get_base_url (server, "US");
    g_autoptr(MpTestResponse) done = mp_test_wait_order (session, base, token, id, 30);

    g_assert_cmpstr (mp_test_string (mp_test_object (done), "status"), ==, "completed");
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  session = soup_session_new ();
  g_test_add_func ("/server/restart/kill-and-resume", test_kill_and_resume);
  g_test_add_func ("/server/restart/resume-submitted", test_resume_submitted);
  status = g_test_run ();
  g_object_unref (session);
  return status;
}

/* mp-client-test-util.c: helpers for the server-backed client tests
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-client-test-util.h"

void
mp_test_store_result (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

GAsyncResult *
mp_test_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static gboolean
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
mp_test_sleep (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_true, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

MpTestServer *
mp_test_start_server (const char *first_arg,
                      ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  MpTestServer *server;
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  server = mp_test_server_start ((const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_assert_nonnull (server);
  return server;
}

MpClient *
mp_test_client_new (MpTestServer *server,
                    const char   *user,
                    const char   *password)
{
  g_autofree char *base = mp_test_server_get_base_url (server, "US");
  MpClient *client = mp_client_new (base, "US", user, password, "demo-subscription-key");

  /* Fast backoff: the tests' servers answer at once. */
  mp_client_set_retry_delay (client, 50);
  return client;
}

MpClient *
mp_test_login (MpTestServer *server,
               const char   *user,
               const char   *password)
{
  MpClient *client = mp_test_client_new (server, user, password);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpAccount) account = NULL;

  mp_client_login_async (client, NULL, mp_test_store_result, &result);
  account = mp_client_login_finish (client, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  return client;
}

gboolean
mp_test_wait_list (MpPagedList  *list,
                   GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mp_paged_list_wait_async (list, NULL, mp_test_store_result, &result);
  return mp_paged_list_wait_finish (list, mp_test_wait (&result), error);
}

gpointer
mp_test_get_plan (MpClient   *client,
                  const char *plan_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MpPlan *plan;

  mp_client_get_plan_async (client, plan_id, NULL, mp_test_store_result, &result);
  plan = mp_client_get_plan_finish (client, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  return plan;
}

/* test-credentials.c: MpCredentials against a real Secret Service
 *
 * Run under dbus-run-session -- build-aux/keyring-run.sh (as CI does). With
 * MP_REQUIRE_KEYRING=1 a missing Secret Service fails the tests instead of
 * skipping them.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-credentials.h"

static const char *base_url;

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static gboolean
store (MpCredentials  *credentials,
       const char     *user,
       const char     *password,
       const char     *key,
       const char     *client_secret,
       GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  MpSecrets secrets = {
    .password = (char *) password,
    .subscription_key = (char *) key,
    .client_secret = (char *) client_secret,
  };

  mp_credentials_store_async (credentials, base_url, user, &secrets, NULL, store_result, &result);
  return mp_credentials_store_finish (credentials, wait_for (&result), error);
}

static MpSecrets *
lookup (MpCredentials *credentials,
        const char    *user)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MpSecrets *secrets;

  mp_credentials_lookup_async (credentials, base_url, user, NULL, store_result, &result);
  secrets = mp_credentials_lookup_finish (credentials, wait_for (&result), &error);
  g_assert_no_error (error);
  return secrets;
}

static void
clear (MpCredentials *credentials,
       const char    *user)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mp_credentials_clear_async (credentials, base_url, user, NULL, store_result, &result);
  g_assert_true (mp_credentials_clear_finish (credentials, wait_for (&result), &error));
  g_assert_no_error (error);
}

/* Skips (or, in CI, fails) when there is no Secret Service. */
static gboolean
have_keyring (MpCredentials *credentials)
{
  g_autoptr(GError) error = NULL;

  if (store (credentials, "probe", "probe", NULL, NULL, &error))
    {
      clear (credentials, "probe");
      return TRUE;
    }
  if (g_strcmp0 (g_getenv ("MP_REQUIRE_KEYRING"), "1") == 0)
    g_error ("No Secret Service, but MP_REQUIRE_KEYRING=1: %s", error->message);
  g_assert_error (error, MP_CREDENTIALS_ERROR, MP_CREDENTIALS_ERROR_NO_KEYRING);
  g_test_skip (error->message);
  return FALSE;
}

static void
test_store_lookup_replace_clear (void)
{
  g_autoptr(MpCredentials) credentials = mp_credentials_new ();
  g_autoptr(MpSecrets) secrets = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) users = NULL;

  if (!have_keyring (credentials))
    return;

  /* Nothing stored: NULL without an error. */
  secrets = lookup (credentials, "demo-reseller");
  g_assert_null (secrets);

  g_assert_true (store (credentials, "demo-reseller", "Demo-Reseller-1", "demo-subscription-key",
                        NULL, &error));
  g_assert_no_error (error);
  g_assert_true (store (credentials, "acme-admin", "Demo-Customer-1", "demo-subscription-key",
                        "demo-client-secret", &error));
  g_assert_no_error (error);

  secrets = lookup (credentials, "demo-reseller");
  g_assert_nonnull (secrets);
  g_assert_cmpstr (secrets->password, ==, "Demo-Reseller-1");
  g_assert_cmpstr (secrets->subscription_key, ==, "demo-subscription-key");
  g_assert_null (secrets->client_secret);
  g_clear_pointer (&secrets, mp_secrets_free);

  secrets = lookup (credentials, "acme-admin");
  g_assert_cmpstr (secrets->client_secret, ==, "demo-client-secret");
  g_clear_pointer (&secrets, mp_secrets_free);

  /* Replace: one item per login, the newest secrets. */
  g_assert_true (store (credentials, "demo-reseller", "Changed-Password-2", "other-key", NULL,
                        &error));
  secrets = lookup (credentials, "demo-reseller");
  g_assert_cmpstr (secrets->password, ==, "Changed-Password-2");
  g_assert_cmpstr (secrets->subscription_key, ==, "other-key");
  g_clear_pointer (&secrets, mp_secrets_free);

  mp_credentials_list_users_async (credentials, base_url, NULL, store_result, &result);
  users = mp_credentials_list_users_finish (credentials, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (users), ==, 2);
  g_assert_cmpstr (users[0], ==, "acme-admin");
  g_assert_cmpstr (users[1], ==, "demo-reseller");

  /* Clear, and clear again (nothing there: still fine). */
  clear (credentials, "demo-reseller");
  secrets = lookup (credentials, "demo-reseller");
  g_assert_null (secrets);
  clear (credentials, "demo-reseller");
  clear (credentials, "acme-admin");
}

static void
test_other_marketplace (void)
{
  g_autoptr(MpCredentials) credentials = mp_credentials_new ();
  g_autoptr(MpSecrets) secrets = NULL;
  g_autoptr(GError) error = NULL;
  const char *saved = base_url;

  if (!have_keyring (credentials))
    return;

  g_assert_true (store (credentials, "demo-reseller", "US-password", "k", NULL, &error));
  base_url = "http://127.0.0.1:9/marketplace/UK";
  secrets = lookup (credentials, "demo-reseller");
  g_assert_null (secrets);
  base_url = saved;
  clear (credentials, "demo-reseller");
}

static void
test_no_keyring (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(MpCredentials) credentials = mp_credentials_new ();
      g_autoptr(GError) error = NULL;

      /* No session bus, no display to autolaunch one. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
      g_unsetenv ("DISPLAY");
      g_assert_false (store (credentials, "demo-reseller", "pw", NULL, NULL, &error));
      g_assert_error (error, MP_CREDENTIALS_ERROR, MP_CREDENTIALS_ERROR_NO_KEYRING);
      g_assert_nonnull (strstr (error->message, "passwords will not be remembered"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *url = NULL;

  g_test_init (&argc, &argv, NULL);

  /* Each run its own marketplace, so that runs never see each other. */
  url = g_strdup_printf ("http://127.0.0.1:9/marketplace/T%u", g_random_int ());
  base_url = url;

  g_test_add_func ("/client/credentials/store-lookup-replace-clear", test_store_lookup_replace_clear);
  g_test_add_func ("/client/credentials/other-marketplace", test_other_marketplace);
  g_test_add_func ("/client/credentials/no-keyring", test_no_keyring);

  return g_test_run ();
}

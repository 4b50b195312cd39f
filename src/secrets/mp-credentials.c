/* mp-credentials.c: passwords and keys in the Secret Service
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-secrets"

#include "config.h"

#include "mp-credentials.h"

#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <string.h>

/* The secrets of one login are kept as one item whose secret is a small
 * JSON object {password, subscriptionKey, clientSecret}; the attributes say
 * whose it is (never anything secret).
 */
struct _MpCredentials
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (MpCredentials, mp_credentials, G_TYPE_OBJECT)
G_DEFINE_QUARK (mp-credentials-error-quark, mp_credentials_error)

static const SecretSchema *
get_schema (void)
{
  /* DONT_MATCH_NAME: gnome-keyring does not search locked keyrings by
   * schema name reliably; the attributes are specific enough.
   */
  static const SecretSchema schema = {
    .name = APP_ID_BASE ".Login",
    .flags = SECRET_SCHEMA_DONT_MATCH_NAME,
    .attributes = {
      { .name = "base-url", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = "user", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = "application", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = NULL, .type = 0 },
    },
  };

  return &schema;
}

#define MP_SECRET_SCHEMA (get_schema ())

/* Maps what libsecret says when there is no usable Secret Service. */
static GError *
map_error (GError *error)
{
  gboolean no_keyring =
    error->domain == G_DBUS_ERROR
    || (error->domain == G_IO_ERROR && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    || g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED)
    || g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (no_keyring)
    {
      g_debug ("No Secret Service: %s", error->message);
      return g_error_new_literal (MP_CREDENTIALS_ERROR, MP_CREDENTIALS_ERROR_NO_KEYRING,
                                  "No keyring is available: passwords will not be remembered");
    }
  return g_error_new (MP_CREDENTIALS_ERROR, MP_CREDENTIALS_ERROR_FAILED,
                      "The keyring failed: %s", error->message);
}

void
mp_secrets_free (MpSecrets *secrets)
{
  if (secrets == NULL)
    return;
  g_clear_pointer (&secrets->password, secret_password_free);
  g_clear_pointer (&secrets->subscription_key, secret_password_free);
  g_clear_pointer (&secrets->client_secret, secret_password_free);
  g_free (secrets);
}

static void
mp_credentials_class_init (MpCredentialsClass *klass)
{
}

static void
mp_credentials_init (MpCredentials *self)
{
}

MpCredentials *
mp_credentials_new (void)
{
  return g_object_new (MP_TYPE_CREDENTIALS, NULL);
}

/* Store */

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, map_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
mp_credentials_store_async (MpCredentials       *self,
                            const char          *base_url,
                            const char          *user,
                            const MpSecrets     *secrets,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *label = NULL;
  char *blob;

  g_return_if_fail (MP_IS_CREDENTIALS (self));
  g_return_if_fail (base_url != NULL && user != NULL && secrets != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_credentials_store_async);

  json_builder_begin_object (builder);
  add_member (builder, "password", secrets->password);
  add_member (builder, "subscriptionKey", secrets->subscription_key);
  add_member (builder, "clientSecret", secrets->client_secret);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  blob = json_generator_to_data (generator, NULL);
  label = g_strdup_printf ("Market Panel login %s at %s", user, base_url);
  secret_password_store (MP_SECRET_SCHEMA, SECRET_COLLECTION_DEFAULT, label, blob, cancellable,
                         store_cb, g_steal_pointer (&task),
                         "base-url", base_url, "user", user, "application", APP_ID_BASE, NULL);
  /* The builder's copies of the secrets are not reachable any more; wipe
   * the serialised one at least.
   */
  memset (blob, 0, strlen (blob));
  g_free (blob);
}

gboolean
mp_credentials_store_finish (MpCredentials  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mp_credentials_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Look up */

static char *
dup_secret (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MpSecrets) secrets = NULL;
  char *blob;
  JsonObject *root;

  blob = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, map_error (error));
      return;
    }
  if (blob == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  if (!json_parser_load_from_data (parser, blob, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      secret_password_free (blob);
      g_task_return_new_error (task, MP_CREDENTIALS_ERROR, MP_CREDENTIALS_ERROR_CORRUPT,
                               "The stored login cannot be read; enter the password again");
      return;
    }
  secret_password_free (blob);
  root = json_node_get_object (json_parser_get_root (parser));
  secrets = g_new0 (MpSecrets, 1);
  secrets->password = dup_secret (root, "password");
  secrets->subscription_key = dup_secret (root, "subscriptionKey");
  secrets->client_secret = dup_secret (root, "clientSecret");
  g_task_return_pointer (task, g_steal_pointer (&secrets), (GDestroyNotify) mp_secrets_free);
}

void
mp_credentials_lookup_async (MpCredentials       *self,
                             const char          *base_url,
                             const char          *user,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MP_IS_CREDENTIALS (self));
  g_return_if_fail (base_url != NULL && user != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_credentials_lookup_async);
  secret_password_lookup (MP_SECRET_SCHEMA, cancellable, lookup_cb, task,
                          "base-url", base_url, "user", user, "application", APP_ID_BASE, NULL);
}

MpSecrets *
mp_credentials_lookup_finish (MpCredentials  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mp_credentials_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Clear */

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to clear, which is fine. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_task_return_error (task, map_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
mp_credentials_clear_async (MpCredentials       *self,
                            const char          *base_url,
                            const char          *user,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MP_IS_CREDENTIALS (self));
  g_return_if_fail (base_url != NULL && user != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_credentials_clear_async);
  secret_password_clear (MP_SECRET_SCHEMA, cancellable, clear_cb, task,
                         "base-url", base_url, "user", user, "application", APP_ID_BASE, NULL);
}

gboolean
mp_credentials_clear_finish (MpCredentials  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mp_credentials_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* List users */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_free);
  GList *items;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, map_error (error));
      return;
    }
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);
      const char *user = g_hash_table_lookup (attributes, "user");

      if (user != NULL && !g_ptr_array_find_with_equal_func (users, user, g_str_equal, NULL))
        g_ptr_array_add (users, g_strdup (user));
    }
  g_list_free_full (items, g_object_unref);
  g_ptr_array_sort (users, compare_strings);
  g_ptr_array_add (users, NULL);
  g_task_return_pointer (task, g_ptr_array_steal (users, NULL), (GDestroyNotify) g_strfreev);
}

void
mp_credentials_list_users_async (MpCredentials       *self,
                                 const char          *base_url,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MP_IS_CREDENTIALS (self));
  g_return_if_fail (base_url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_credentials_list_users_async);
  secret_password_search (MP_SECRET_SCHEMA, SECRET_SEARCH_ALL, cancellable, search_cb, task,
                          "base-url", base_url, "application", APP_ID_BASE, NULL);
}

GStrv
mp_credentials_list_users_finish (MpCredentials  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mp_credentials_list_users_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* mp-session-registry.c: the sessions of one login, one per marketplace
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-session-registry"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "mp-session-registry.h"

/* The application owns one registry: the session signed in to, and one
 * session per other marketplace (region) the storefront opened with the
 * same login. A region's session is not the storefront's: switching back
 * leaves it open, following the orders placed there, and the window's
 * hold-on-close and notifications watch every session's orders through
 * mp_session_registry_get_active_orders() and "order-finished".
 *
 * The secrets for another region never pass through a page: the main
 * client copies its own (mp_client_new_for_marketplace()); only when it
 * has none to copy, or the region refuses them, does the caller ask the
 * user and hand them to mp_session_registry_open_async(), which gives them
 * straight to the new client.
 */
struct _MpSessionRegistry
{
  GObject              parent_instance;

  /* Owned References */
  GListStore          *sessions;       /* MpSession, the main one first */
  GtkFlattenListModel *active_orders;  /* every session's active orders */
  GHashTable          *pending;        /* upper-case code -> GPtrArray of GTask */
  GCancellable        *cancellable;    /* the logins of this sign-in */
};

G_DEFINE_FINAL_TYPE (MpSessionRegistry, mp_session_registry, G_TYPE_OBJECT)

enum {
  SIGNAL_ORDER_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gpointer
session_orders (gpointer item,
                gpointer user_data)
{
  g_autoptr(MpSession) session = item;

  return g_object_ref (mp_session_get_active_orders (session));
}

static void
mp_session_registry_dispose (GObject *object)
{
  MpSessionRegistry *self = MP_SESSION_REGISTRY (object);

  if (self->sessions != NULL)
    mp_session_registry_close (self);
  g_clear_object (&self->active_orders);
  g_clear_object (&self->sessions);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mp_session_registry_parent_class)->dispose (object);
}

static void
mp_session_registry_class_init (MpSessionRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mp_session_registry_dispose;

  /* An order followed by one of the sessions reached a final status. */
  signals[SIGNAL_ORDER_FINISHED] =
    g_signal_new ("order-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, MP_TYPE_SESSION, MP_TYPE_ORDER);
}

static void
mp_session_registry_init (MpSessionRegistry *self)
{
  GtkMapListModel *orders;

  self->sessions = g_list_store_new (MP_TYPE_SESSION);
  orders = gtk_map_list_model_new (g_object_ref (G_LIST_MODEL (self->sessions)), session_orders, NULL, NULL);
  self->active_orders = gtk_flatten_list_model_new (G_LIST_MODEL (orders));
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->cancellable = g_cancellable_new ();
}

MpSessionRegistry *
mp_session_registry_new (void)
{
  return g_object_new (MP_TYPE_SESSION_REGISTRY, NULL);
}

static void
order_finished_cb (MpSession         *session,
                   MpOrder           *order,
                   MpSessionRegistry *self)
{
  g_signal_emit (self, signals[SIGNAL_ORDER_FINISHED], 0, session, order);
}

static void
add_session (MpSessionRegistry *self,
             MpSession         *session)
{
  g_signal_connect_object (session, "order-finished", G_CALLBACK (order_finished_cb), self, 0);
  g_list_store_append (self->sessions, session);
}

/* Signing in: the sessions of an earlier login are closed, and SESSION
 * (of a logged-in client) becomes the main one.
 */
void
mp_session_registry_sign_in (MpSessionRegistry *self,
                             MpSession         *session)
{
  g_return_if_fail (MP_IS_SESSION_REGISTRY (self));
  g_return_if_fail (MP_IS_SESSION (session));

  mp_session_registry_close (self);
  add_session (self, session);
}

/* The session signed in to, or NULL when signed out. */
MpSession *
mp_session_registry_get_main (MpSessionRegistry *self)
{
  g_autoptr(MpSession) session = NULL;

  g_return_val_if_fail (MP_IS_SESSION_REGISTRY (self), NULL);

  session = g_list_model_get_item (G_LIST_MODEL (self->sessions), 0);
  return session;
}

static gboolean
is_of_marketplace (MpSession  *session,
                   const char *marketplace)
{
  const char *code = mp_client_get_marketplace (mp_session_get_client (session));

  return code != NULL && g_ascii_strcasecmp (code, marketplace) == 0;
}

static gboolean
knows_order (MpSession  *session,
             const char *order_id)
{
  return mp_session_lookup_order (session, order_id) != NULL;
}

static MpSession *
find (MpSessionRegistry *self,
      gboolean         (*match) (MpSession  *session,
                                 const char *what),
      const char        *what)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sessions));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

      if (match (session, what))
        return session;
    }
  return NULL;
}

/* The open session of marketplace code MARKETPLACE (any case), or NULL. */
MpSession *
mp_session_registry_lookup (MpSessionRegistry *self,
                            const char        *marketplace)
{
  g_return_val_if_fail (MP_IS_SESSION_REGISTRY (self), NULL);
  g_return_val_if_fail (marketplace != NULL, NULL);

  return find (self, is_of_marketplace, marketplace);
}

/* The session that knows order ORDER_ID (it placed or followed it), or
 * NULL.
 */
MpSession *
mp_session_registry_lookup_order (MpSessionRegistry *self,
                                  const char        *order_id)
{
  g_return_val_if_fail (MP_IS_SESSION_REGISTRY (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return find (self, knows_order, order_id);
}

/* The open sessions (MpSession), the main one first. */
GListModel *
mp_session_registry_get_sessions (MpSessionRegistry *self)
{
  g_return_val_if_fail (MP_IS_SESSION_REGISTRY (self), NULL);
  return G_LIST_MODEL (self->sessions);
}

static void
finish_pending (MpSessionRegistry *self,
                const char        *key,
                MpSession         *session,
                const GError      *error)
{
  g_autoptr(GPtrArray) tasks = NULL;
  gpointer stolen_key = NULL;
  gpointer stolen_tasks = NULL;

  if (!g_hash_table_steal_extended (self->pending, key, &stolen_key, &stolen_tasks))
    return;
  g_free (stolen_key);
  tasks = stolen_tasks;
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (session != NULL)
        g_task_return_pointer (task, g_object_ref (session), g_object_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MpSessionRegistry) self = user_data;
  g_autoptr(MpClient) client = MP_CLIENT (object);
  g_autoptr(MpAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_ascii_strup (mp_client_get_marketplace (client), -1);
  g_autoptr(MpSession) session = NULL;

  account = mp_client_login_finish (client, result, &error);
  /* A login of a sign-in since closed was cancelled, its callers told. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (account != NULL)
    {
      session = mp_session_new (client);
      add_session (self, session);
    }
  finish_pending (self, key, session, error);
}

/* Opens the session of MARKETPLACE with the login of the main session,
 * or returns the one already open. Without PASSWORD the main client's own
 * secrets are used; when it has none (or the marketplace refuses them) it
 * finishes with MP_CLIENT_ERROR_UNAUTHORIZED: ask the user, and call
 * again with their PASSWORD and SUBSCRIPTION_KEY, which go straight to
 * the new client.
 *
 * CANCELLABLE only detaches the callback: the login goes on, and its
 * session stays open (until mp_session_registry_close()).
 */
void
mp_session_registry_open_async (MpSessionRegistry   *self,
                                MpMarketplace       *marketplace,
                                const char          *password,
                                const char          *subscription_key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(MpClient) client = NULL;
  g_autofree char *key = NULL;
  MpSession *main_session;
  MpSession *session;
  MpClient *main_client;
  GPtrArray *waiting;

  g_return_if_fail (MP_IS_SESSION_REGISTRY (self));
  g_return_if_fail (MP_IS_MARKETPLACE (marketplace));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_session_registry_open_async);

  session = mp_session_registry_lookup (self, mp_marketplace_get_code (marketplace));
  if (session != NULL)
    {
      g_task_return_pointer (task, g_object_ref (session), g_object_unref);
      return;
    }
  main_session = mp_session_registry_get_main (self);
  if (main_session == NULL)
    {
      g_task_return_new_error (task, MP_CLIENT_ERROR, MP_CLIENT_ERROR_UNAUTHORIZED,
                               _("Not signed in"));
      return;
    }

  key = g_ascii_strup (mp_marketplace_get_code (marketplace), -1);
  waiting = g_hash_table_lookup (self->pending, key);
  if (waiting != NULL)
    {
      g_ptr_array_add (waiting, g_steal_pointer (&task));
      return;
    }

  main_client = mp_session_get_client (main_session);
  if (password != NULL)
    {
      client = mp_client_new (mp_marketplace_get_base_url (marketplace), mp_marketplace_get_code (marketplace),
                              mp_client_get_user (main_client), password, subscription_key);
      mp_client_set_page_size (client, mp_client_get_page_size (main_client));
    }
  else
    client = mp_client_new_for_marketplace (main_client, mp_marketplace_get_base_url (marketplace),
                                            mp_marketplace_get_code (marketplace));
  if (client == NULL)
    {
      g_task_return_new_error (task, MP_CLIENT_ERROR, MP_CLIENT_ERROR_UNAUTHORIZED,
                               /* Translators: %s is a marketplace's name, "United Kingdom". */
                               _("Signing in to %s needs your password"),
                               mp_marketplace_get_name (marketplace));
      return;
    }

  waiting = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiting, g_steal_pointer (&task));
  g_hash_table_insert (self->pending, g_steal_pointer (&key), waiting);
  mp_client_login_async (client, self->cancellable, login_cb, g_object_ref (self));
  g_steal_pointer (&client);
}

MpSession *
mp_session_registry_open_finish (MpSessionRegistry  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mp_session_registry_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The orders every session follows that are not final yet (items-changed
 * as they come and go).
 */
GListModel *
mp_session_registry_get_active_orders (MpSessionRegistry *self)
{
  g_return_val_if_fail (MP_IS_SESSION_REGISTRY (self), NULL);
  return G_LIST_MODEL (self->active_orders);
}

/* The demo marketplace came back at NEW_ROOT: every session of it goes on
 * there (see mp_session_marketplace_moved()).
 */
void
mp_session_registry_marketplace_moved (MpSessionRegistry *self,
                                       const char        *old_root,
                                       const char        *new_root)
{
  guint n;

  g_return_if_fail (MP_IS_SESSION_REGISTRY (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sessions));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

      mp_session_marketplace_moved (session, old_root, new_root);
    }
}

/* Signing out: every session stops following its orders and is dropped;
 * logins on their way are abandoned.
 */
void
mp_session_registry_close (MpSessionRegistry *self)
{
  guint n;

  g_return_if_fail (MP_IS_SESSION_REGISTRY (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->pending != NULL && g_hash_table_size (self->pending) > 0)
    {
      g_autoptr(GHashTable) pending = g_steal_pointer (&self->pending);
      GHashTableIter iter;
      gpointer tasks;

      self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
      g_hash_table_iter_init (&iter, pending);
      while (g_hash_table_iter_next (&iter, NULL, &tasks))
        for (guint i = 0; i < ((GPtrArray *) tasks)->len; i++)
          g_task_return_new_error (g_ptr_array_index ((GPtrArray *) tasks, i), G_IO_ERROR,
                                   G_IO_ERROR_CANCELLED, "Signed out");
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sessions));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

      g_signal_handlers_disconnect_by_data (session, self);
      mp_session_close (session);
    }
  g_list_store_remove_all (self->sessions);
}

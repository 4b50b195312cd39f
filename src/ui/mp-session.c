/* mp-session.c: one signed-in account and the orders it follows
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-session"

#include "config.h"

#include "mp-mirror-list.h"
#include "mp-session.h"

/* A session is what every page of the main window shares: the client, the
 * signed-in account, and the orders being followed to a final status.
 * Following lives here rather than in the provisioning page so that leaving
 * the page loses nothing: the order goes on being watched, the Orders
 * section shows it, and "order-finished" lets the application notify.
 */
struct _MpSession
{
  GObject       parent_instance;

  /* Owned References */
  MpClient     *client;
  GHashTable   *orders;         /* order id -> MpOrder */
  GListStore   *active_orders;  /* MpOrder not yet final, followed */
  GHashTable   *watching;       /* MpOrder whose watch is running */
  GHashTable   *numbers;        /* order id -> order number, or "" while asked */
  MpJournal    *journal;        /* what this app placed or cancelled */
  MpMirror     *mirror;         /* the local copy of the lists, on first use */
  char         *mirror_key;     /* NULL: the client's base URL */
  GHashTable   *customer_names; /* customer id -> name, for the journal */
  GCancellable *cancellable;
  GCancellable *probe_cancellable;
  guint         probe_id;
  guint         probe_attempt;
  gboolean      offline;
};

G_DEFINE_FINAL_TYPE (MpSession, mp_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ACCOUNT,
  PROP_OFFLINE,
  N_PROPS
};

enum {
  SIGNAL_ORDER_FINISHED,
  SIGNAL_CHANGED,
  SIGNAL_ORDER_NUMBER_KNOWN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* While the marketplace cannot be reached, it is asked again after a delay
 * that doubles from PROBE_FIRST_MS to PROBE_MAX_MS (and at once when the
 * network comes back). Orders stay followed meanwhile.
 */
#define PROBE_FIRST_MS 1000
#define PROBE_MAX_MS   30000
/* After this many unanswered probes (about ten minutes) the orders are no
 * longer followed: pages offer to follow them again, and a window closed
 * meanwhile lets the application end. Probing goes on.
 */
#define PROBE_GIVE_UP  24

/* One watch of an order; it does not keep the session alive. */
typedef struct
{
  GWeakRef  session;
  MpOrder  *order;
} Watch;

static void
watch_free (Watch *watch)
{
  g_weak_ref_clear (&watch->session);
  g_clear_object (&watch->order);
  g_free (watch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Watch, watch_free)

static void go_offline (MpSession *self);
static void watch (MpSession *self, MpOrder *order);
static void network_changed_cb (MpSession *self, gboolean available);

/* Errors after which the marketplace may well answer again. */
static gboolean
is_transient (const GError *error)
{
  return g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NETWORK) ||
         g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_SERVER) ||
         g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_RATE_LIMITED);
}

static void
remove_active (MpSession *self,
               MpOrder   *order)
{
  guint position;

  if (g_list_store_find (self->active_orders, order, &position))
    g_list_store_remove (self->active_orders, position);
}

/* Whether the session follows ORDER (it was not let go of meanwhile). */
static gboolean
is_active (MpSession *self,
           MpOrder   *order)
{
  return self->active_orders != NULL && g_list_store_find (self->active_orders, order, NULL);
}

static void
watch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Watch) watch = user_data;
  /* Whoever hears of the change may drop the last other reference to the
   * session (the window closing with its last order): kept until done.
   */
  g_autoptr(MpSession) self = g_weak_ref_get (&watch->session);
  MpOrder *order = watch->order;
  g_autoptr(GError) error = NULL;

  if (self != NULL && self->watching != NULL)
    g_hash_table_remove (self->watching, order);
  if (!mp_client_watch_order_finish (MP_CLIENT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (self != NULL && is_active (self, order) && is_transient (error))
        {
          /* The order goes on on the server: it stays followed, and its
           * watch starts again once the marketplace answers.
           */
          g_debug ("Lost contact while following order %s: %s", mp_order_get_id (order),
                   error->message);
          go_offline (self);
          return;
        }
      g_warning ("Stopped following order %s: %s", mp_order_get_id (order), error->message);
    }

  if (self == NULL || !is_active (self, order))
    return;

  remove_active (self, order);
  if (error == NULL)
    g_signal_emit (self, signals[SIGNAL_ORDER_FINISHED], 0, order);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
mp_session_dispose (GObject *object)
{
  MpSession *self = MP_SESSION (object);

  mp_session_close (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->probe_cancellable);
  g_clear_object (&self->active_orders);
  g_clear_pointer (&self->watching, g_hash_table_unref);
  g_clear_pointer (&self->orders, g_hash_table_unref);
  g_clear_pointer (&self->numbers, g_hash_table_unref);
  g_clear_object (&self->journal);
  if (self->mirror != NULL)
    mp_mirror_cancel_refresh (self->mirror);
  g_clear_object (&self->mirror);
  g_clear_pointer (&self->mirror_key, g_free);
  g_clear_pointer (&self->customer_names, g_hash_table_unref);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (mp_session_parent_class)->dispose (object);
}

static void
mp_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MpSession *self = MP_SESSION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, mp_session_get_account (self));
      break;

    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_session_class_init (MpSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mp_session_dispose;
  object_class->get_property = mp_session_get_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, MP_TYPE_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, MP_TYPE_ACCOUNT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* TRUE while the marketplace does not answer (a request failed for the
   * network or the server); FALSE again once it does, when the lists are
   * reloaded ("changed") and the orders followed again.
   */
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An order followed by the session reached a final status. */
  signals[SIGNAL_ORDER_FINISHED] =
    g_signal_new ("order-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MP_TYPE_ORDER);
  /* Something the lists show changed (an order was placed or finished):
   * pages reload what they show.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* mp_session_get_order_number() now knows the number of the order
   * whose ID is the argument.
   */
  signals[SIGNAL_ORDER_NUMBER_KNOWN] =
    g_signal_new ("order-number-known", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
mp_session_init (MpSession *self)
{
  self->orders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->active_orders = g_list_store_new (MP_TYPE_ORDER);
  self->watching = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  self->numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->customer_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
}

MpSession *
mp_session_new (MpClient *client)
{
  MpSession *self;

  g_return_val_if_fail (MP_IS_CLIENT (client), NULL);

  self = g_object_new (MP_TYPE_SESSION, NULL);
  self->client = g_object_ref (client);
  /* Per account and marketplace; the client is signed in. */
  self->journal = mp_journal_new_for_account (mp_client_get_base_url (client),
                                              mp_client_get_marketplace (client),
                                              mp_client_get_user (client) != NULL ? mp_client_get_user (client) : "");
  g_signal_connect_object (client, "network-error", G_CALLBACK (go_offline), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (network_changed_cb), self, G_CONNECT_SWAPPED);
  return self;
}

MpClient *
mp_session_get_client (MpSession *self)
{
  g_return_val_if_fail (MP_IS_SESSION (self), NULL);
  return self->client;
}

MpAccount *
mp_session_get_account (MpSession *self)
{
  g_return_val_if_fail (MP_IS_SESSION (self), NULL);
  return self->client != NULL ? mp_client_get_account (self->client) : NULL;
}

gboolean
mp_session_is_reseller (MpSession *self)
{
  MpAccount *account;

  g_return_val_if_fail (MP_IS_SESSION (self), FALSE);

  account = mp_session_get_account (self);
  return account != NULL && mp_account_is_reseller (account);
}

static void
watch (MpSession *self,
       MpOrder   *order)
{
  Watch *w;

  if (g_hash_table_contains (self->watching, order))
    return;
  g_hash_table_add (self->watching, g_object_ref (order));
  w = g_new0 (Watch, 1);
  g_weak_ref_init (&w->session, self);
  w->order = g_object_ref (order);
  mp_client_watch_order_async (self->client, order, self->cancellable, watch_cb, w);
}

/* The session's object for ORDER (ORDER itself when it was not known),
 * followed while not final.
 */
static MpOrder *
follow (MpSession *self,
        MpOrder   *order)
{
  MpOrder *known = g_hash_table_lookup (self->orders, mp_order_get_id (order));
  guint position;

  if (known == NULL)
    {
      known = order;
      g_hash_table_insert (self->orders, g_strdup (mp_order_get_id (order)), g_object_ref (order));
    }
  if (mp_order_get_final (known) || g_cancellable_is_cancelled (self->cancellable))
    return known;

  /* Also an order whose following stopped (it failed for good): asked
   * again, the session follows it again.
   */
  if (!g_list_store_find (self->active_orders, known, &position))
    g_list_store_append (self->active_orders, known);
  if (!self->offline)
    watch (self, known);
  return known;
}

/* Reachability */

static void probe (MpSession *self);

static gboolean
probe_timeout_cb (gpointer user_data)
{
  MpSession *self = user_data;

  self->probe_id = 0;
  probe (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_probe (MpSession *self)
{
  guint delay = PROBE_FIRST_MS;

  if (self->probe_id != 0 || self->probe_cancellable != NULL)
    return;
  for (guint i = 0; i < self->probe_attempt && delay < PROBE_MAX_MS; i++)
    delay *= 2;
  delay = MIN (delay, PROBE_MAX_MS);
  self->probe_attempt++;
  self->probe_id = g_timeout_add (delay, probe_timeout_cb, self);
  g_source_set_name_by_id (self->probe_id, "[mp] marketplace probe");
}

static void
set_offline (MpSession *self,
             gboolean   offline)
{
  if (self->offline == offline)
    return;
  self->offline = offline;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

/* A request failed for the network or the server: ask again until the
 * marketplace answers.
 */
static void
go_offline (MpSession *self)
{
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  set_offline (self, TRUE);
  schedule_probe (self);
}

static void
forget_active (MpSession *self)
{
  /* A watch still on its way then finds its order no longer followed. */
  g_list_store_remove_all (self->active_orders);
}

/* Lets go of every order still followed (they go on on the server). */
static void
stop_following (MpSession *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->active_orders));

  if (n == 0)
    return;
  g_message ("The marketplace has not answered for a long while; no longer following %u orders", n);
  forget_active (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MpSession) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n;

  if (!mp_client_ping_finish (MP_CLIENT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->probe_cancellable);
      if (is_transient (error))
        {
          g_debug ("The marketplace still does not answer: %s", error->message);
          set_offline (self, TRUE);
          if (self->probe_attempt == PROBE_GIVE_UP)
            stop_following (self);
          schedule_probe (self);
          return;
        }
      /* It answered, if only to refuse. */
    }
  g_clear_object (&self->probe_cancellable);

  g_debug ("The marketplace answers again");
  self->probe_attempt = 0;
  set_offline (self, FALSE);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->active_orders));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpOrder) order = g_list_model_get_item (G_LIST_MODEL (self->active_orders), i);

      watch (self, order);
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
probe (MpSession *self)
{
  if (self->probe_cancellable != NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  self->probe_cancellable = g_cancellable_new ();
  mp_client_ping_async (self->client, self->probe_cancellable, probe_cb, g_object_ref (self));
}

static void
network_changed_cb (MpSession *self,
                    gboolean   available)
{
  if (self->offline && available)
    mp_session_reconnect (self);
}

/* Asks the marketplace now whether it answers (the user asked to retry, or
 * the demo marketplace was started again); when it does, the orders are
 * followed again and the pages reload ("changed").
 */
void
mp_session_reconnect (MpSession *self)
{
  g_return_if_fail (MP_IS_SESSION (self));

  g_clear_handle_id (&self->probe_id, g_source_remove);
  self->probe_attempt = 0;
  probe (self);
}

/* The demo marketplace came back at NEW_ROOT instead of OLD_ROOT: the
 * client goes on there (its token is renewed if need be).
 */
void
mp_session_marketplace_moved (MpSession  *self,
                              const char *old_root,
                              const char *new_root)
{
  const char *base;

  g_return_if_fail (MP_IS_SESSION (self));

  base = mp_client_get_base_url (self->client);
  if (old_root != NULL && new_root != NULL && g_strcmp0 (old_root, new_root) != 0 &&
      g_str_has_prefix (base, old_root))
    {
      g_autofree char *moved = g_strconcat (new_root, base + strlen (old_root), NULL);

      g_debug ("The marketplace moved to %s", moved);
      mp_client_set_base_url (self->client, moved);
    }
  mp_session_reconnect (self);
}

/* Whether the marketplace did not answer the last time it was asked. */
gboolean
mp_session_get_offline (MpSession *self)
{
  g_return_val_if_fail (MP_IS_SESSION (self), FALSE);
  return self->offline;
}

/* Follows ORDER until it is final and returns the session's own object for
 * it: the same order tracked twice is watched once, and every page showing
 * it sees the same live object.
 */
MpOrder *
mp_session_track_order (MpSession *self,
                        MpOrder   *order)
{
  MpOrder *known;

  g_return_val_if_fail (MP_IS_SESSION (self), NULL);
  g_return_val_if_fail (MP_IS_ORDER (order), NULL);

  /* Only a new order changes what the lists show. */
  known = mp_session_lookup_order (self, mp_order_get_id (order));
  if (known != NULL)
    return follow (self, known);
  follow (self, order);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return order;
}

static void
append_entry (MpSession      *self,
              MpJournalEntry *entry)
{
  if (self->journal != NULL)
    mp_journal_append (self->journal, entry);
}

/* The journal gets the final status of an order this app placed. */
static void
order_status_cb (MpOrder    *order,
                 GParamSpec *pspec,
                 MpSession  *self)
{
  g_autoptr(MpJournalEntry) entry = NULL;

  if (!mp_order_get_final (order))
    return;
  g_signal_handlers_disconnect_by_func (order, order_status_cb, self);
  entry = mp_journal_entry_new_status (self->client, order);
  append_entry (self, entry);
}

/* A customer's name looked up for the journal entry of ORDER. */
typedef struct
{
  MpSession *session;
  MpOrder   *order;
} NameLookup;

static void
name_lookup_free (NameLookup *lookup)
{
  g_clear_object (&lookup->session);
  g_clear_object (&lookup->order);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NameLookup, name_lookup_free)

/* The name is journaled as a status of the order (the view folds it in). */
static void
customer_name_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(NameLookup) lookup = user_data;
  MpSession *self = lookup->session;
  g_autoptr(MpCustomer) customer = NULL;
  g_autoptr(MpJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  customer = mp_client_get_customer_finish (MP_CLIENT (object), result, &error);
  if (customer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not look up a customer's name for the journal: %s", error->message);
      return;
    }
  if (self->customer_names == NULL || mp_customer_get_name (customer) == NULL)
    return;
  g_hash_table_replace (self->customer_names, g_strdup (mp_customer_get_id (customer)),
                        g_strdup (mp_customer_get_name (customer)));
  entry = mp_journal_entry_new_status (self->client, lookup->order);
  mp_journal_entry_set_customer (entry, mp_customer_get_id (customer), mp_customer_get_name (customer));
  append_entry (self, entry);
}

/* ENTRY names its customer by ID only: the name when the session knows
 * it, else it is asked for (and journaled later, for ORDER).
 */
static void
name_customer (MpSession      *self,
               MpJournalEntry *entry,
               MpOrder        *order)
{
  const char *customer_id = mp_journal_entry_get_customer_id (entry);
  const char *name;
  NameLookup *lookup;

  if (customer_id == NULL || mp_journal_entry_get_customer_name (entry) != NULL)
    return;
  name = g_hash_table_lookup (self->customer_names, customer_id);
  if (name != NULL)
    {
      mp_journal_entry_set_customer (entry, customer_id, name);
      return;
    }
  /* A customer signed in knows only itself. */
  if (order == NULL || !mp_session_is_reseller (self))
    return;
  lookup = g_new0 (NameLookup, 1);
  lookup->session = g_object_ref (self);
  lookup->order = g_object_ref (order);
  mp_client_get_customer_async (self->client, customer_id, self->cancellable, customer_name_cb, lookup);
}

static void
purchase_placed_cb (MpPurchase *purchase,
                    MpOrder    *order,
                    MpSession  *self)
{
  g_autoptr(MpJournalEntry) entry = NULL;
  MpOrder *known;

  mp_session_track_order (self, order);
  known = mp_session_lookup_order (self, mp_order_get_id (order));
  if (known == NULL)
    known = order;
  entry = mp_journal_entry_new_placed (purchase, known);
  name_customer (self, entry, known);
  append_entry (self, entry);
  if (!mp_order_get_final (known))
    g_signal_connect_object (known, "notify::status", G_CALLBACK (order_status_cb), self, 0);
}

static void
purchase_refused_cb (MpPurchase   *purchase,
                     const GError *error,
                     MpSession    *self)
{
  g_autoptr(MpJournalEntry) entry = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  entry = mp_journal_entry_new_refused (purchase, error);
  name_customer (self, entry, NULL);
  append_entry (self, entry);
}

static void
session_unref_cb (gpointer  data,
                  GClosure *closure)
{
  g_object_unref (data);
}

/* Tracks the order PURCHASE places, once its "placed" says so: connected
 * for as long as the purchase lives, so that the session follows it even
 * when the view that placed it is gone. The journal records the placement
 * (with the estimate shown), the order's final status and every refusal.
 */
void
mp_session_track_purchase (MpSession  *self,
                           MpPurchase *purchase)
{
  g_return_if_fail (MP_IS_SESSION (self));
  g_return_if_fail (MP_IS_PURCHASE (purchase));

  /* Tracked twice, it is still journaled once. */
  if (g_object_get_data (G_OBJECT (purchase), "mp-session-tracked") == self)
    return;
  g_object_set_data (G_OBJECT (purchase), "mp-session-tracked", self);
  g_signal_connect_data (purchase, "placed", G_CALLBACK (purchase_placed_cb),
                         g_object_ref (self), session_unref_cb, 0);
  g_signal_connect_data (purchase, "refused", G_CALLBACK (purchase_refused_cb),
                         g_object_ref (self), session_unref_cb, 0);
}

/* Records in the journal that this app cancelled the order ORDER_ID (a
 * scheduled change withdrawn): CANCELLED is the order the server answered
 * with, or NULL and ERROR its refusal. ORDER_ID may be NULL when
 * CANCELLED is set.
 */
void
mp_session_record_cancel_order (MpSession    *self,
                                const char   *order_id,
                                MpOrder      *cancelled,
                                const GError *error)
{
  g_autoptr(MpJournalEntry) entry = NULL;
  MpJournalEntry *placed;
  MpOrder *known;

  g_return_if_fail (MP_IS_SESSION (self));
  g_return_if_fail (cancelled != NULL || error != NULL);

  if (order_id == NULL && cancelled != NULL)
    order_id = mp_order_get_id (cancelled);
  if (order_id == NULL)
    return;

  entry = mp_journal_entry_new (cancelled != NULL ? MP_JOURNAL_EVENT_WITHDRAWN : MP_JOURNAL_EVENT_REFUSED);
  mp_journal_entry_set_login (entry, mp_client_get_user (self->client));
  /* For whom and what, as journaled when this app placed it. */
  placed = self->journal != NULL ? mp_journal_lookup_order (self->journal, order_id) : NULL;
  if (placed != NULL)
    {
      mp_journal_entry_set_customer (entry, mp_journal_entry_get_customer_id (placed),
                                     mp_journal_entry_get_customer_name (placed));
      mp_journal_entry_set_plan (entry, mp_journal_entry_get_plan_id (placed),
                                 mp_journal_entry_get_plan_name (placed));
    }
  known = mp_session_lookup_order (self, order_id);
  if (cancelled != NULL || known != NULL)
    mp_journal_entry_set_from_order (entry, cancelled != NULL ? cancelled : known);
  else
    mp_journal_entry_set_order (entry, order_id, NULL);
  if (error != NULL)
    {
      mp_journal_entry_set_message (entry, error->message);
      if (error->domain == MP_CLIENT_ERROR)
        mp_journal_entry_add_correlation_id (entry, mp_client_error_get_correlation_id (error));
    }
  append_entry (self, entry);
}

/* The journal of this account and marketplace (opened at sign-in). */
MpJournal *
mp_session_get_journal (MpSession *self)
{
  g_return_val_if_fail (MP_IS_SESSION (self), NULL);
  return self->journal;
}

/* The local mirror of this account's lists (docs/mirror.md), opened when a
 * list first asks for it.
 */
MpMirror *
mp_session_get_mirror (MpSession *self)
{
  g_return_val_if_fail (MP_IS_SESSION (self), NULL);

  if (self->mirror == NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
      MpRequestBudget *budget;

      g_autofree char *path = mp_mirror_build_path (mp_session_get_mirror_key (self),
                                                    mp_client_get_marketplace (self->client),
                                                    mp_client_get_user (self->client));

      self->mirror = mp_mirror_new_for_path (self->client, path);
      budget = mp_mirror_get_budget (self->mirror);
      /* The client sends 4 requests at a time: one stays for the pages. */
      mp_request_budget_set_max_in_flight (budget, 3);
      g_settings_bind (settings, "mirror-request-rate", budget, "rate", G_SETTINGS_BIND_GET);
    }
  return self->mirror;
}

void
mp_session_set_mirror_key (MpSession  *self,
                           const char *key)
{
  g_return_if_fail (MP_IS_SESSION (self));
  g_return_if_fail (self->mirror == NULL);

  g_free (self->mirror_key);
  self->mirror_key = g_strdup (key);
}

const char *
mp_session_get_mirror_key (MpSession *self)
{
  g_return_val_if_fail (MP_IS_SESSION (self), NULL);

  return self->mirror_key != NULL ? self->mirror_key : mp_client_get_base_url (self->client);
}

/* The whole list of KIND (subscriptions, customers or orders) for a list
 * page: from the local copy, opened at once and refreshed in the
 * background, or, with the local-mirror setting off, straight from the
 * marketplace.
 */
MpListSource *
mp_session_open_list (MpSession    *self,
                      MpMirrorKind  kind)
{
  g_autoptr(GSettings) settings = NULL;
  MpListSource *list;

  g_return_val_if_fail (MP_IS_SESSION (self), NULL);
  g_return_val_if_fail (kind == MP_MIRROR_KIND_SUBSCRIPTIONS || kind == MP_MIRROR_KIND_CUSTOMERS ||
                        kind == MP_MIRROR_KIND_ORDERS, NULL);

  settings = g_settings_new (APP_ID_BASE);
  if (!g_settings_get_boolean (settings, "local-mirror"))
    {
      switch (kind)
        {
        case MP_MIRROR_KIND_CUSTOMERS:
          return MP_LIST_SOURCE (mp_client_list_customers (self->client, NULL));
        case MP_MIRROR_KIND_ORDERS:
          return MP_LIST_SOURCE (mp_client_list_orders (self->client, NULL, NULL, NULL));
        case MP_MIRROR_KIND_SUBSCRIPTIONS:
        case MP_MIRROR_KIND_PLANS:
        default:
          return MP_LIST_SOURCE (mp_client_list_subscriptions (self->client, NULL, NULL));
        }
    }
  list = mp_mirror_list_new (mp_session_get_mirror (self), kind);
  mp_list_source_reload (list);
  return list;
}

/* Like mp_session_track_order(), for an order a page found in progress on
 * the server: follows it without telling the pages (they have it already).
 * The list rows showing it then move with it, and reload when it is final.
 */
MpOrder *
mp_session_follow_order (MpSession *self,
                         MpOrder   *order)
{
  g_return_val_if_fail (MP_IS_SESSION (self), NULL);
  g_return_val_if_fail (MP_IS_ORDER (order), NULL);

  return follow (self, order);
}

MpOrder *
mp_session_lookup_order (MpSession  *self,
                         const char *order_id)
{
  g_return_val_if_fail (MP_IS_SESSION (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return g_hash_table_lookup (self->orders, order_id);
}

static void
order_number_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MpSession) self = user_data;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = mp_client_get_order_finish (MP_CLIENT (object), result, &error);
  if (order == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not look up an order's number: %s", error->message);
      return;
    }
  if (self->numbers == NULL)
    return;

  g_hash_table_replace (self->numbers, g_strdup (mp_order_get_id (order)),
                        g_strdup (mp_order_get_order_number (order)));
  g_signal_emit (self, signals[SIGNAL_ORDER_NUMBER_KNOWN], 0, mp_order_get_id (order));
}

/* The number users know order ORDER_ID by (e.g. "CH000013"): the server
 * names a subscription's pending order by ID only. Returns NULL when the
 * session does not know it yet; it then asks the server once and emits
 * "order-number-known" with the ID when it has the answer.
 */
const char *
mp_session_get_order_number (MpSession  *self,
                             const char *order_id)
{
  MpOrder *order;
  const char *number;

  g_return_val_if_fail (MP_IS_SESSION (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  order = g_hash_table_lookup (self->orders, order_id);
  if (order != NULL)
    return mp_order_get_order_number (order);

  number = g_hash_table_lookup (self->numbers, order_id);
  if (number != NULL)
    return *number != '\0' ? number : NULL;

  g_hash_table_insert (self->numbers, g_strdup (order_id), g_strdup (""));
  mp_client_get_order_async (self->client, order_id, self->cancellable,
                             order_number_cb, g_object_ref (self));
  return NULL;
}

/* The orders being followed, in the order they were placed. */
GListModel *
mp_session_get_active_orders (MpSession *self)
{
  g_return_val_if_fail (MP_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->active_orders);
}

/* Whether a change order this session follows is still open on
 * SUBSCRIPTION_ID. The server is the authority (it refuses a second one);
 * this only lets pages explain it before the user tries.
 */
gboolean
mp_session_has_pending_change (MpSession  *self,
                               const char *subscription_id)
{
  guint n;

  g_return_val_if_fail (MP_IS_SESSION (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->active_orders));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpOrder) order = g_list_model_get_item (G_LIST_MODEL (self->active_orders), i);

      /* A change scheduled for the renewal does not hold up another one. */
      if (mp_order_get_order_type (order) == MP_ORDER_TYPE_CHANGE && !mp_order_get_scheduled (order) &&
          g_strcmp0 (mp_order_get_subscription_id (order), subscription_id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Tells every page that the data it shows may be stale. */
void
mp_session_notify_changed (MpSession *self)
{
  g_return_if_fail (MP_IS_SESSION (self));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Stops following orders (signing out). */
void
mp_session_close (MpSession *self)
{
  g_return_if_fail (MP_IS_SESSION (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->probe_cancellable != NULL)
    g_cancellable_cancel (self->probe_cancellable);
  g_clear_handle_id (&self->probe_id, g_source_remove);
  if (self->active_orders != NULL)
    forget_active (self);
  if (self->mirror != NULL)
    mp_mirror_cancel_refresh (self->mirror);
}

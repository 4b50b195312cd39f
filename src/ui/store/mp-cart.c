/* mp-cart.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-cart"

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "mp-cart.h"

/* The cart is local state, not API data: it is kept as a small JSON file
 * of the user's data folder so that it survives closing the application.
 * It holds IDs, names, periods, quantities and each line's idempotency
 * key (so that a line placed just before a crash is found again, not
 * ordered twice) only: never a password, token or subscription key.
 * Writes go through g_file_replace_contents_async(), which writes a
 * temporary file and renames it over the old one, so a crash
 * never leaves half a cart; edits that come while a write is on its way
 * are written once it is done.
 */

struct _MpCartLine
{
  GObject     parent_instance;

  char       *plan_id;
  char       *plan_name;
  char       *period_unit;
  gint64      period_duration;
  char       *customer_id;
  char       *customer_name;
  char       *idempotency_key;
  GHashTable *quantities;   /* mpn -> gint64 * */
};

G_DEFINE_FINAL_TYPE (MpCartLine, mp_cart_line, G_TYPE_OBJECT)

enum {
  LINE_SIGNAL_CHANGED,
  LINE_N_SIGNALS
};

static guint line_signals[LINE_N_SIGNALS];

static void
mp_cart_line_finalize (GObject *object)
{
  MpCartLine *self = MP_CART_LINE (object);

  g_free (self->plan_id);
  g_free (self->plan_name);
  g_free (self->period_unit);
  g_free (self->customer_id);
  g_free (self->customer_name);
  g_free (self->idempotency_key);
  g_hash_table_unref (self->quantities);

  G_OBJECT_CLASS (mp_cart_line_parent_class)->finalize (object);
}

static void
mp_cart_line_class_init (MpCartLineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mp_cart_line_finalize;

  line_signals[LINE_SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mp_cart_line_init (MpCartLine *self)
{
  self->quantities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

MpCartLine *
mp_cart_line_new (const char *plan_id,
                  const char *plan_name,
                  MpPeriod   *period)
{
  MpCartLine *self;

  g_return_val_if_fail (plan_id != NULL, NULL);

  self = g_object_new (MP_TYPE_CART_LINE, NULL);
  self->plan_id = g_strdup (plan_id);
  self->plan_name = g_strdup (plan_name != NULL ? plan_name : plan_id);
  if (period != NULL)
    {
      self->period_unit = g_strdup (mp_period_get_unit_name (period));
      self->period_duration = mp_period_get_duration (period);
    }
  return self;
}

const char *
mp_cart_line_get_plan_id (MpCartLine *self)
{
  g_return_val_if_fail (MP_IS_CART_LINE (self), NULL);
  return self->plan_id;
}

const char *
mp_cart_line_get_plan_name (MpCartLine *self)
{
  g_return_val_if_fail (MP_IS_CART_LINE (self), NULL);
  return self->plan_name;
}

MpPeriod *
mp_cart_line_dup_period (MpCartLine *self)
{
  g_return_val_if_fail (MP_IS_CART_LINE (self), NULL);

  if (self->period_unit == NULL)
    return NULL;
  return mp_period_new (self->period_unit, self->period_duration);
}

void
mp_cart_line_set_period (MpCartLine *self,
                         MpPeriod   *period)
{
  g_return_if_fail (MP_IS_CART_LINE (self));

  if (period != NULL && g_strcmp0 (self->period_unit, mp_period_get_unit_name (period)) == 0 &&
      self->period_duration == mp_period_get_duration (period))
    return;
  g_free (self->period_unit);
  self->period_unit = period != NULL ? g_strdup (mp_period_get_unit_name (period)) : NULL;
  self->period_duration = period != NULL ? mp_period_get_duration (period) : 0;
  g_signal_emit (self, line_signals[LINE_SIGNAL_CHANGED], 0);
}

const char *
mp_cart_line_get_customer_id (MpCartLine *self)
{
  g_return_val_if_fail (MP_IS_CART_LINE (self), NULL);
  return self->customer_id;
}

const char *
mp_cart_line_get_customer_name (MpCartLine *self)
{
  g_return_val_if_fail (MP_IS_CART_LINE (self), NULL);
  return self->customer_name;
}

void
mp_cart_line_set_customer (MpCartLine *self,
                           const char *customer_id,
                           const char *customer_name)
{
  g_return_if_fail (MP_IS_CART_LINE (self));

  if (g_strcmp0 (self->customer_id, customer_id) == 0)
    return;
  g_free (self->customer_id);
  g_free (self->customer_name);
  self->customer_id = g_strdup (customer_id);
  self->customer_name = customer_id != NULL ? g_strdup (customer_name) : NULL;
  g_signal_emit (self, line_signals[LINE_SIGNAL_CHANGED], 0);
}

const char *
mp_cart_line_get_idempotency_key (MpCartLine *self)
{
  g_return_val_if_fail (MP_IS_CART_LINE (self), NULL);
  return self->idempotency_key;
}

void
mp_cart_line_set_idempotency_key (MpCartLine *self,
                                  const char *key)
{
  g_return_if_fail (MP_IS_CART_LINE (self));

  if (g_strcmp0 (self->idempotency_key, key) == 0)
    return;
  g_free (self->idempotency_key);
  self->idempotency_key = g_strdup (key);
  g_signal_emit (self, line_signals[LINE_SIGNAL_CHANGED], 0);
}

gint64
mp_cart_line_get_quantity (MpCartLine *self,
                           const char *mpn)
{
  gint64 *value;

  g_return_val_if_fail (MP_IS_CART_LINE (self), -1);

  value = g_hash_table_lookup (self->quantities, mpn);
  return value != NULL ? *value : -1;
}

void
mp_cart_line_set_quantity (MpCartLine *self,
                           const char *mpn,
                           gint64      quantity)
{
  gint64 *value;

  g_return_if_fail (MP_IS_CART_LINE (self));
  g_return_if_fail (mpn != NULL);

  value = g_hash_table_lookup (self->quantities, mpn);
  if (value != NULL && *value == quantity)
    return;
  value = g_new (gint64, 1);
  *value = quantity;
  g_hash_table_insert (self->quantities, g_strdup (mpn), value);
  g_signal_emit (self, line_signals[LINE_SIGNAL_CHANGED], 0);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char **
mp_cart_line_dup_mpns (MpCartLine *self)
{
  g_autofree const char **keys = NULL;
  GStrvBuilder *builder = g_strv_builder_new ();
  char **result;
  guint n;

  g_return_val_if_fail (MP_IS_CART_LINE (self), NULL);

  keys = (const char **) g_hash_table_get_keys_as_array (self->quantities, &n);
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (builder, keys[i]);
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  qsort (result, g_strv_length (result), sizeof (char *), compare_strings);
  return result;
}

/* The cart */

struct _MpCart
{
  GObject       parent_instance;

  char         *marketplace;
  char         *user;
  GListStore   *lines;
  GCancellable *cancellable;
  gboolean      loaded;
  gboolean      writing;
  gboolean      dirty;
};

static void mp_cart_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MpCart, mp_cart, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, mp_cart_list_model_init))

enum {
  PROP_0,
  PROP_LOADED,
  PROP_MARKETPLACE,
  PROP_USER,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GHashTable *carts;   /* "MARKETPLACE-user" -> MpCart (owned) */

static GType
mp_cart_get_item_type (GListModel *model)
{
  return MP_TYPE_CART_LINE;
}

static guint
mp_cart_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (MP_CART (model)->lines));
}

static gpointer
mp_cart_get_item (GListModel *model,
                  guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (MP_CART (model)->lines), position);
}

static void
mp_cart_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mp_cart_get_item_type;
  iface->get_n_items = mp_cart_get_n_items;
  iface->get_item = mp_cart_get_item;
}

/* A file name part that is safe whatever the user name holds. */
static char *
safe_name (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (out, g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.' ? *p : '_');
  if (out->str[0] == '.')
    out->str[0] = '_';
  return g_string_free (out, FALSE);
}

char *
mp_cart_get_path (MpCart *self)
{
  g_autofree char *marketplace = NULL;
  g_autofree char *user = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (MP_IS_CART (self), NULL);

  marketplace = safe_name (self->marketplace);
  user = safe_name (self->user);
  name = g_strdup_printf ("%s-%s.json", marketplace, user);
  return g_build_filename (g_get_user_data_dir (), "market-panel", "carts", name, NULL);
}

static JsonNode *
line_to_json (MpCartLine *line)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) mpns = mp_cart_line_dup_mpns (line);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "planId");
  json_builder_add_string_value (builder, line->plan_id);
  json_builder_set_member_name (builder, "planName");
  json_builder_add_string_value (builder, line->plan_name);
  if (line->period_unit != NULL)
    {
      json_builder_set_member_name (builder, "period");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, line->period_unit);
      json_builder_set_member_name (builder, "duration");
      json_builder_add_int_value (builder, line->period_duration);
      json_builder_end_object (builder);
    }
  if (line->customer_id != NULL)
    {
      json_builder_set_member_name (builder, "customerId");
      json_builder_add_string_value (builder, line->customer_id);
      json_builder_set_member_name (builder, "customerName");
      json_builder_add_string_value (builder, line->customer_name);
    }
  if (line->idempotency_key != NULL)
    {
      json_builder_set_member_name (builder, "idempotencyKey");
      json_builder_add_string_value (builder, line->idempotency_key);
    }
  json_builder_set_member_name (builder, "quantities");
  json_builder_begin_object (builder);
  for (guint i = 0; mpns[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, mpns[i]);
      json_builder_add_int_value (builder, mp_cart_line_get_quantity (line, mpns[i]));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static MpCartLine *
line_from_json (JsonObject *object)
{
  const char *plan_id = json_object_get_string_member_with_default (object, "planId", NULL);
  JsonObject *period = NULL;
  JsonObject *quantities = NULL;
  MpCartLine *line;

  if (plan_id == NULL)
    return NULL;
  line = g_object_new (MP_TYPE_CART_LINE, NULL);
  line->plan_id = g_strdup (plan_id);
  line->plan_name = g_strdup (json_object_get_string_member_with_default (object, "planName", plan_id));
  if (json_object_has_member (object, "period") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "period")))
    period = json_object_get_object_member (object, "period");
  if (period != NULL)
    {
      line->period_unit = g_strdup (json_object_get_string_member_with_default (period, "type", "month"));
      line->period_duration = json_object_get_int_member_with_default (period, "duration", 1);
    }
  line->customer_id = g_strdup (json_object_get_string_member_with_default (object, "customerId", NULL));
  line->customer_name = g_strdup (json_object_get_string_member_with_default (object, "customerName", NULL));
  line->idempotency_key = g_strdup (json_object_get_string_member_with_default (object, "idempotencyKey", NULL));
  if (json_object_has_member (object, "quantities") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "quantities")))
    quantities = json_object_get_object_member (object, "quantities");
  if (quantities != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (quantities);

      for (GList *l = members; l != NULL; l = l->next)
        {
          gint64 *value = g_new (gint64, 1);

          *value = json_object_get_int_member_with_default (quantities, l->data, 0);
          g_hash_table_insert (line->quantities, g_strdup (l->data), value);
        }
    }
  return line;
}

static void save (MpCart *self);

static void
replace_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MpCart) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_warning ("Could not save the cart to %s: %s", g_file_peek_path (G_FILE (object)), error->message);
  self->writing = FALSE;
  if (self->dirty)
    save (self);
}

static void
save (MpCart *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = mp_cart_get_path (self);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = NULL;
  char *text;
  gsize length;

  if (self->writing)
    {
      self->dirty = TRUE;
      return;
    }
  self->dirty = FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "marketplace");
  json_builder_add_string_value (builder, self->marketplace);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, self->user);
  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->lines)); i++)
    {
      g_autoptr(MpCartLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

      json_builder_add_value (builder, line_to_json (line));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);
  bytes = g_bytes_new_take (text, length);

  /* The folder is made at once: it is tiny and local, and the write that
   * follows is asynchronous.
   */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_warning ("Could not create %s", dir);

  self->writing = TRUE;
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                       NULL, replace_cb, g_object_ref (self));
}

static void
line_changed_cb (MpCart *self)
{
  save (self);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MpCart) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length;
  JsonNode *root;
  JsonArray *array = NULL;
  guint before = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
  guint added = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the cart: %s", error->message);
    }
  else if (!json_parser_load_from_data (parser, contents, length, &error))
    g_warning ("Ignoring a damaged cart file: %s", error->message);
  else if ((root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
           json_object_has_member (json_node_get_object (root), "lines") &&
           JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "lines")))
    array = json_object_get_array_member (json_node_get_object (root), "lines");

  /* Lines added before the file was read stay after the stored ones. */
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(MpCartLine) line = JSON_NODE_HOLDS_OBJECT (node) ? line_from_json (json_node_get_object (node)) : NULL;

      if (line == NULL)
        continue;
      g_signal_connect_object (line, "changed", G_CALLBACK (line_changed_cb), self, G_CONNECT_SWAPPED);
      g_list_store_insert (self->lines, added++, line);
    }
  self->loaded = TRUE;
  if (added > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  if (before > 0)
    save (self);
}

static void
mp_cart_finalize (GObject *object)
{
  MpCart *self = MP_CART (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->lines);
  g_free (self->marketplace);
  g_free (self->user);

  G_OBJECT_CLASS (mp_cart_parent_class)->finalize (object);
}

static void
mp_cart_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  MpCart *self = MP_CART (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_MARKETPLACE:
      g_value_set_string (value, self->marketplace);
      break;

    case PROP_USER:
      g_value_set_string (value, self->user);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->lines)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_cart_class_init (MpCartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_cart_finalize;
  object_class->get_property = mp_cart_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MARKETPLACE] =
    g_param_spec_string ("marketplace", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_cart_init (MpCart *self)
{
  self->lines = g_list_store_new (MP_TYPE_CART_LINE);
  self->cancellable = g_cancellable_new ();
}

MpCart *
mp_cart_get (const char *marketplace,
             const char *user)
{
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  MpCart *self;

  g_return_val_if_fail (marketplace != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);

  key = g_strdup_printf ("%s-%s", marketplace, user);
  if (carts == NULL)
    carts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self = g_hash_table_lookup (carts, key);
  if (self != NULL)
    return self;

  self = g_object_new (MP_TYPE_CART, NULL);
  self->marketplace = g_ascii_strup (marketplace, -1);
  self->user = g_strdup (user);
  g_hash_table_insert (carts, g_steal_pointer (&key), self);

  path = mp_cart_get_path (self);
  file = g_file_new_for_path (path);
  g_file_load_contents_async (file, self->cancellable, load_cb, g_object_ref (self));
  return self;
}

MpCart *
mp_cart_get_for_client (MpClient *client)
{
  g_return_val_if_fail (MP_IS_CLIENT (client), NULL);

  return mp_cart_get (mp_client_get_marketplace (client), mp_client_get_user (client));
}

void
mp_cart_forget_all (void)
{
  g_clear_pointer (&carts, g_hash_table_unref);
}

gboolean
mp_cart_get_loaded (MpCart *self)
{
  g_return_val_if_fail (MP_IS_CART (self), FALSE);
  return self->loaded;
}

const char *
mp_cart_get_marketplace (MpCart *self)
{
  g_return_val_if_fail (MP_IS_CART (self), NULL);
  return self->marketplace;
}

gboolean
mp_cart_get_saving (MpCart *self)
{
  g_return_val_if_fail (MP_IS_CART (self), FALSE);
  return self->writing || self->dirty;
}

void
mp_cart_add_line (MpCart     *self,
                  MpCartLine *line)
{
  guint n;

  g_return_if_fail (MP_IS_CART (self));
  g_return_if_fail (MP_IS_CART_LINE (line));

  g_signal_connect_object (line, "changed", G_CALLBACK (line_changed_cb), self, G_CONNECT_SWAPPED);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
  g_list_store_append (self->lines, line);
  g_list_model_items_changed (G_LIST_MODEL (self), n, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  /* Before the file is read, saving would overwrite it: load_cb saves. */
  if (self->loaded)
    save (self);
}

void
mp_cart_remove_line (MpCart     *self,
                     MpCartLine *line)
{
  guint position;

  g_return_if_fail (MP_IS_CART (self));

  if (!g_list_store_find (self->lines, line, &position))
    return;
  g_signal_handlers_disconnect_by_data (line, self);
  g_list_store_remove (self->lines, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (self->loaded)
    save (self);
}

void
mp_cart_clear (MpCart *self)
{
  guint n;

  g_return_if_fail (MP_IS_CART (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpCartLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

      g_signal_handlers_disconnect_by_data (line, self);
    }
  g_list_store_remove_all (self->lines);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (self->loaded)
    save (self);
}

/* mp-paged-list.c: a GListModel filled page by page from a SimpleAPI list
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-client"

#include "config.h"

#include "mp-paged-list.h"

#include "mp-client-private.h"

struct _MpPagedList
{
  GObject parent_instance;

  /* Owned */
  MpClient        *client;
  char            *path;
  char            *query;
  GPtrArray       *items;
  GError          *error;
  GCancellable    *cancellable;
  GList           *waiters;   /* Waiter* */

  GType            item_type;
  MpJsonParseFunc  parse;
  gint64           total;
  GQueue           pages;         /* Page*, in order, not appended yet */
  guint            page_size;
  gint64           next_offset;   /* of the next page to ask for */
  gboolean         loading;
  GDateTime       *updated;       /* when the last load finished whole */
};

static void mp_paged_list_list_model_init (GListModelInterface *iface);
static void mp_paged_list_list_source_init (MpListSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MpPagedList, mp_paged_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      mp_paged_list_list_model_init)
                               G_IMPLEMENT_INTERFACE (MP_TYPE_LIST_SOURCE,
                                                      mp_paged_list_list_source_init))

enum {
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_TOTAL,
  /* MpListSource's */
  PROP_LOADING,
  PROP_ERROR,
  PROP_UPDATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  MpPagedList *list;
  GTask       *task;
  GSource     *cancel_source;
} Waiter;


static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static void
finish_waiters (MpPagedList *self)
{
  GList *waiters = g_steal_pointer (&self->waiters);

  for (GList *l = waiters; l != NULL; l = l->next)
    {
      Waiter *waiter = l->data;

      if (self->error != NULL)
        g_task_return_error (waiter->task, g_error_copy (self->error));
      else
        g_task_return_boolean (waiter->task, TRUE);
      waiter_free (waiter);
    }
  g_list_free (waiters);
}

static void
set_loading (MpPagedList *self,
             gboolean     loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  if (!loading && self->error == NULL)
    {
      g_clear_pointer (&self->updated, g_date_time_unref);
      self->updated = g_date_time_new_now_local ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  if (!loading)
    finish_waiters (self);
}

static void
set_total (MpPagedList *self,
           gint64       total)
{
  if (self->total == total)
    return;
  self->total = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
}

static void page_free_cb (gpointer page);

/* Ends the current load: whatever is still on its way for it becomes
 * stale (another cancellable) and its pages are freed.
 */
static void
stop_load (MpPagedList *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_queue_clear_full (&self->pages, page_free_cb);
}

static void
fail (MpPagedList *self,
      GError      *error)
{
  stop_load (self);
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  set_loading (self, FALSE);
}

/* Loading. After the first page (which tells the total), up to WINDOW
 * pages are on their way at once: requested, and as soon as a page's bytes
 * are in, parsed (JSON and model objects) in a worker thread, so that the
 * main loop never parses. Parsed pages are appended strictly in order; the
 * window bounds the memory held by pages not appended yet.
 *
 * Requests and parses hold the list weakly: dropping the list cancels its
 * loading (in dispose) instead of keeping it alive until the end. Each
 * load has its own cancellable; answers for an older load (before a
 * reload) are dropped.
 */
#define WINDOW 3

typedef struct
{
  guint      offset;
  gboolean   parsed;
  GBytes    *body;
  guint      status;
  GPtrArray *items;
  gint64     total;
  GError    *error;
} Page;

typedef struct
{
  GWeakRef      list;
  GCancellable *cancellable;
  Page         *page;
} PageRequest;

/* What a worker thread needs; it never touches the list. */
typedef struct
{
  GBytes          *body;
  MpJsonParseFunc  parse;
  char            *path;
  guint            status;
  GPtrArray       *items;
  gint64           total;
} PageParse;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->body, g_bytes_unref);
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_clear_error (&page->error);
  g_free (page);
}

static void
page_free_cb (gpointer page)
{
  page_free (page);
}

static PageRequest *
page_request_new (MpPagedList *self,
                  Page        *page)
{
  PageRequest *req = g_new0 (PageRequest, 1);

  g_weak_ref_init (&req->list, self);
  req->cancellable = g_object_ref (self->cancellable);
  req->page = page;
  return req;
}

/* Returns the list if the request is still for its current load. */
static MpPagedList *
page_request_free (PageRequest *req)
{
  MpPagedList *self = g_weak_ref_get (&req->list);

  if (self != NULL && self->cancellable != req->cancellable)
    g_clear_object (&self);
  g_weak_ref_clear (&req->list);
  g_clear_object (&req->cancellable);
  g_free (req);
  return self;
}

static void
page_parse_free (PageParse *parse)
{
  g_clear_pointer (&parse->body, g_bytes_unref);
  g_clear_pointer (&parse->items, g_ptr_array_unref);
  g_free (parse->path);
  g_free (parse);
}

static void request_page (MpPagedList *self, guint offset);

static void
parse_page_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  PageParse *parse = task_data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  gconstpointer data;
  gsize size;
  JsonNode *root;
  JsonArray *array;
  guint n;

  data = g_bytes_get_data (parse->body, &size);
  if (!json_parser_load_from_data (parser, data, (gssize) size, &error))
    {
      g_autofree char *message = g_strdup_printf ("The marketplace sent a list that is not JSON: %s",
                                                   error->message);

      g_task_return_error (task, mp_client_error_new (MP_CLIENT_ERROR_BAD_RESPONSE, parse->status,
                                                      parse->path, NULL, message));
      return;
    }
  root = json_parser_get_root (parser);
  array = root && JSON_NODE_HOLDS_OBJECT (root)
          ? mp_json_get_array (json_node_get_object (root), "data") : NULL;
  if (array == NULL)
    {
      g_task_return_error (task, mp_client_error_new (MP_CLIENT_ERROR_BAD_RESPONSE, parse->status,
                                                      parse->path, NULL,
                                                      "The marketplace sent a list without “data”"));
      return;
    }
  parse->total = mp_json_get_int (mp_json_get_object (json_node_get_object (root), "pagination"),
                                  "total", -1);
  n = json_array_get_length (array);
  parse->items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gpointer item;

      if (g_task_return_error_if_cancelled (task))
        return;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_task_return_error (task, mp_client_error_new (MP_CLIENT_ERROR_BAD_RESPONSE,
                                                          parse->status, parse->path, NULL,
                                                          "The marketplace sent a list row that "
                                                          "is not an object"));
          return;
        }
      item = parse->parse (json_node_get_object (node), &error);
      if (item == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_ptr_array_add (parse->items, item);
    }
  g_task_return_boolean (task, TRUE);
}

/* Appends the parsed pages at the head, in order; then asks for more. */
static void
apply_pages (MpPagedList *self)
{
  Page *page;

  while ((page = g_queue_peek_head (&self->pages)) != NULL && page->parsed)
    {
      guint n, position;
      gint64 total;

      g_queue_pop_head (&self->pages);
      if (page->error != NULL)
        {
          fail (self, g_steal_pointer (&page->error));
          page_free (page);
          return;
        }
      n = page->items->len;
      position = self->items->len;
      g_ptr_array_extend_and_steal (self->items, g_steal_pointer (&page->items));
      total = page->total;
      /* No pagination object: a short page is the last one. */
      if (total < 0)
        total = n < self->page_size ? (gint64) self->items->len : -1;
      page_free (page);
      if (total >= 0)
        set_total (self, MAX (total, (gint64) self->items->len));
      if (n > 0)
        {
          g_list_model_items_changed (G_LIST_MODEL (self), position, 0, n);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
        }
      if (n == 0 || n < self->page_size || (total >= 0 && (gint64) self->items->len >= total))
        {
          /* The last page. Pages asked for beyond it (rows removed since the
           * total was read) are dropped with the cancellable.
           */
          set_total (self, self->items->len);
          stop_load (self);
          set_loading (self, FALSE);
          return;
        }
    }

  while (self->total >= 0 && g_queue_get_length (&self->pages) < WINDOW
         && self->next_offset < self->total)
    request_page (self, (guint) self->next_offset);
  /* Without a total, one page after the other. */
  if (self->total < 0 && g_queue_is_empty (&self->pages))
    request_page (self, (guint) self->next_offset);
}

static void
parse_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MpPagedList) self = NULL;
  PageRequest *req = user_data;
  PageParse *parse = g_task_get_task_data (G_TASK (result));
  Page *page = req->page;
  g_autoptr(GError) error = NULL;

  self = page_request_free (req);
  if (self == NULL)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    page->error = g_steal_pointer (&error);
  else
    {
      page->items = g_steal_pointer (&parse->items);
      page->total = parse->total;
    }
  page->parsed = TRUE;
  apply_pages (self);
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MpPagedList) self = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpResponse) response = NULL;
  g_autoptr(GTask) task = NULL;
  PageRequest *req = user_data;
  Page *page = req->page;
  PageParse *parse;

  response = mp_client_request_finish (MP_CLIENT (object), result, &error);
  self = page_request_free (req);
  if (self == NULL)
    return;
  if (response == NULL)
    {
      page->error = g_steal_pointer (&error);
      page->parsed = TRUE;
      apply_pages (self);
      return;
    }

  parse = g_new0 (PageParse, 1);
  parse->body = response->body ? g_bytes_ref (response->body) : g_bytes_new (NULL, 0);
  parse->parse = self->parse;
  parse->path = g_strdup (self->path);
  parse->status = response->status;
  parse->total = -1;
  task = g_task_new (NULL, self->cancellable, parse_done_cb, page_request_new (self, page));
  g_task_set_source_tag (task, page_cb);
  g_task_set_task_data (task, parse, (GDestroyNotify) page_parse_free);
  g_task_run_in_thread (task, parse_page_thread);
}

static void
request_page (MpPagedList *self,
              guint        offset)
{
  g_autofree char *offset_str = g_strdup_printf ("%u", offset);
  g_autofree char *limit = g_strdup_printf ("%u", self->page_size);
  g_autofree char *paging = mp_client_build_query ("offset", offset_str, "limit", limit, NULL);
  g_autofree char *path = NULL;
  Page *page = g_new0 (Page, 1);

  /* The query already has a "?" when there are filters. */
  if (self->query != NULL && *self->query != '\0')
    path = g_strdup_printf ("%s%s&%s", self->path, self->query, paging + 1);
  else
    path = g_strconcat (self->path, paging, NULL);
  page->offset = offset;
  page->total = -1;
  g_queue_push_tail (&self->pages, page);
  self->next_offset = (gint64) offset + self->page_size;
  mp_client_request_async (self->client, "GET", path, NULL, NULL,
                           MP_REQUEST_AUTH | MP_REQUEST_RETRY | MP_REQUEST_RAW, self->cancellable,
                           page_cb, page_request_new (self, page));
}

static void
start (MpPagedList *self)
{
  g_clear_error (&self->error);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_queue_clear_full (&self->pages, (GDestroyNotify) page_free);
  self->next_offset = 0;
  set_total (self, -1);
  set_loading (self, TRUE);
  request_page (self, 0);
}

/* GListModel */

static GType
mp_paged_list_get_item_type_impl (GListModel *model)
{
  return MP_PAGED_LIST (model)->item_type;
}

static guint
mp_paged_list_get_n_items (GListModel *model)
{
  return MP_PAGED_LIST (model)->items->len;
}

static gpointer
mp_paged_list_get_item (GListModel *model,
                        guint       position)
{
  MpPagedList *self = MP_PAGED_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
mp_paged_list_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mp_paged_list_get_item_type_impl;
  iface->get_n_items = mp_paged_list_get_n_items;
  iface->get_item = mp_paged_list_get_item;
}

/* MpListSource */

static gboolean
mp_paged_list_get_loading_impl (MpListSource *source)
{
  return MP_PAGED_LIST (source)->loading;
}

static const GError *
mp_paged_list_get_error_impl (MpListSource *source)
{
  return MP_PAGED_LIST (source)->error;
}

static GDateTime *
mp_paged_list_get_updated_impl (MpListSource *source)
{
  return MP_PAGED_LIST (source)->updated;
}

static void
mp_paged_list_list_source_init (MpListSourceInterface *iface)
{
  iface->get_loading = mp_paged_list_get_loading_impl;
  iface->get_error = mp_paged_list_get_error_impl;
  iface->get_updated = mp_paged_list_get_updated_impl;
  iface->reload = (void (*) (MpListSource *)) mp_paged_list_reload;
  iface->cancel = (void (*) (MpListSource *)) mp_paged_list_cancel;
}

/* GObject */

static void
mp_paged_list_dispose (GObject *object)
{
  MpPagedList *self = MP_PAGED_LIST (object);

  /* Waiters hold a reference, so none is left here; pages in flight only
   * hold the list weakly and are cancelled.
   */
  g_assert (self->waiters == NULL);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (mp_paged_list_parent_class)->dispose (object);
}

static void
mp_paged_list_finalize (GObject *object)
{
  MpPagedList *self = MP_PAGED_LIST (object);

  g_free (self->path);
  g_free (self->query);
  g_ptr_array_unref (self->items);
  g_queue_clear_full (&self->pages, (GDestroyNotify) page_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->updated, g_date_time_unref);

  G_OBJECT_CLASS (mp_paged_list_parent_class)->finalize (object);
}

static void
mp_paged_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MpPagedList *self = MP_PAGED_LIST (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, self->item_type);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_UPDATED:
      g_value_set_boxed (value, self->updated);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_paged_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MpPagedList *self = MP_PAGED_LIST (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      self->item_type = g_value_get_gtype (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_paged_list_class_init (MpPagedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mp_paged_list_dispose;
  object_class->finalize = mp_paged_list_finalize;
  object_class->get_property = mp_paged_list_get_property;
  object_class->set_property = mp_paged_list_set_property;

  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, PROP_LOADING, properties);
  /* "loading", "error" and "updated" are MpListSource's. */
  g_object_class_override_property (object_class, PROP_LOADING, "loading");
  g_object_class_override_property (object_class, PROP_ERROR, "error");
  g_object_class_override_property (object_class, PROP_UPDATED, "updated");
  properties[PROP_LOADING] = g_object_class_find_property (object_class, "loading");
  properties[PROP_ERROR] = g_object_class_find_property (object_class, "error");
  properties[PROP_UPDATED] = g_object_class_find_property (object_class, "updated");
}

static void
mp_paged_list_init (MpPagedList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->total = -1;
  self->item_type = G_TYPE_OBJECT;
}

/* Private API */

MpPagedList *
mp_paged_list_new (MpClient        *client,
                   const char      *path,
                   const char      *query,
                   GType            item_type,
                   MpJsonParseFunc  parse)
{
  MpPagedList *self;

  g_return_val_if_fail (MP_IS_CLIENT (client), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (parse != NULL, NULL);

  self = g_object_new (MP_TYPE_PAGED_LIST, "item-type", item_type, NULL);
  self->client = g_object_ref (client);
  self->path = g_strdup (path);
  self->query = g_strdup (query);
  self->parse = parse;
  self->page_size = mp_client_get_page_size (client);
  start (self);
  return self;
}

/* Public API */

GType
mp_paged_list_get_item_type (MpPagedList *self)
{
  g_return_val_if_fail (MP_IS_PAGED_LIST (self), G_TYPE_INVALID);
  return self->item_type;
}

gboolean
mp_paged_list_get_loading (MpPagedList *self)
{
  g_return_val_if_fail (MP_IS_PAGED_LIST (self), FALSE);
  return self->loading;
}

gint64
mp_paged_list_get_total (MpPagedList *self)
{
  g_return_val_if_fail (MP_IS_PAGED_LIST (self), -1);
  return self->total;
}

const GError *
mp_paged_list_get_error (MpPagedList *self)
{
  g_return_val_if_fail (MP_IS_PAGED_LIST (self), NULL);
  return self->error;
}

void
mp_paged_list_cancel (MpPagedList *self)
{
  g_return_if_fail (MP_IS_PAGED_LIST (self));

  if (!self->loading)
    return;
  /* page_cb sees the cancellation and stops with G_IO_ERROR_CANCELLED. */
  g_cancellable_cancel (self->cancellable);
}

void
mp_paged_list_reload (MpPagedList *self)
{
  guint removed;

  g_return_if_fail (MP_IS_PAGED_LIST (self));

  /* The old load's answer carries the old cancellable and is dropped. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  removed = self->items->len;
  g_ptr_array_set_size (self->items, 0);
  if (removed > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  self->loading = FALSE;
  start (self);
}

static gboolean
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Waiter *waiter = user_data;
  MpPagedList *self = waiter->list;

  self->waiters = g_list_remove (self->waiters, waiter);
  g_task_return_error_if_cancelled (waiter->task);
  g_source_unref (g_steal_pointer (&waiter->cancel_source));
  waiter_free (waiter);
  return G_SOURCE_REMOVE;
}

void
mp_paged_list_wait_async (MpPagedList         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Waiter *waiter;

  g_return_if_fail (MP_IS_PAGED_LIST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_paged_list_wait_async);
  if (!self->loading)
    {
      if (self->error != NULL)
        g_task_return_error (task, g_error_copy (self->error));
      else
        g_task_return_boolean (task, TRUE);
      return;
    }
  waiter = g_new0 (Waiter, 1);
  waiter->list = self;
  waiter->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source,
                             (GSourceFunc) (void (*) (void)) waiter_cancelled_cb, waiter, NULL);
      g_source_attach (waiter->cancel_source, g_task_get_context (waiter->task));
    }
  self->waiters = g_list_append (self->waiters, waiter);
}

gboolean
mp_paged_list_wait_finish (MpPagedList   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mp_paged_list_wait_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* mp-list-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-list-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mp-a11y.h"
#include "mp-filtered-list.h"
#include "mp-list-page.h"
#include "mp-page-util.h"

/* The rows come from an MpListSource that fills itself page by page (or
 * from the mirror). The column view's sorter runs through a
 * GtkSortListModel, incremental for a class that asks, so that sorting
 * 100,000 rows never freezes the main loop; search and the status filter
 * through an MpFilteredList above it, so that a keystroke never sorts.
 * Each row's search text is folded once, when the row comes in, and kept
 * on the row: a keystroke costs one strstr() per row (about 2 ms for
 * 100,000), and the filtered list reports the shown rows by difference, in
 * one change from the first row that differs to the last. Only the visible
 * rows are ever bound.
 */
typedef struct
{
  /* The subclass's template children */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkStack           *stack;
  AdwStatusPage      *error_page;
  GtkButton          *retry_button;
  GtkInfoBar         *info_bar;
  GtkLabel           *info_label;
  GtkColumnView      *column_view;
  GtkLabel           *count_label;

  /* Owned References */
  MpSession          *session;
  MpListSource       *list;
  MpFilteredList     *filter_model;
  GtkSingleSelection *selection;
  char               *search;       /* casefolded; NULL: none */
  guint               status;       /* the status filter's entry; 0: any */
  GQuark              folded_quark; /* each row's folded search text */
} MpListPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (MpListPage, mp_list_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  MpListPage *self = user_data;
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  return MP_LIST_PAGE_GET_CLASS (self)->filter (self, item, priv->status, priv->search);
}

/* ITEM's search text, folded: kept on the row (per class, as two pages may
 * search the same objects by different fields).
 */
static const char *
folded_search_text (MpListPage *self,
                    gpointer    item)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  const char *folded = g_object_get_qdata (item, priv->folded_quark);

  if (folded == NULL)
    {
      g_autofree char *text = MP_LIST_PAGE_GET_CLASS (self)->get_search_text (self, item);
      char *new_folded = g_utf8_casefold (text != NULL ? text : "", -1);

      g_object_set_qdata_full (item, priv->folded_quark, new_folded, g_free);
      folded = new_folded;
    }
  return folded;
}

/* New rows are folded as they come in, so that the first keystroke costs
 * no more than the next.
 */
static void
list_items_changed_cb (MpListPage *self,
                       guint       position,
                       guint       removed,
                       guint       added,
                       GListModel *list)
{
  if (MP_LIST_PAGE_GET_CLASS (self)->get_search_text == NULL)
    return;
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (list, i);

      folded_search_text (self, item);
    }
}

gboolean
mp_list_page_item_matches (MpListPage *self,
                           gpointer    item,
                           const char *search)
{
  g_return_val_if_fail (MP_IS_LIST_PAGE (self), FALSE);
  g_return_val_if_fail (MP_LIST_PAGE_GET_CLASS (self)->get_search_text != NULL, TRUE);

  return search == NULL || strstr (folded_search_text (self, item), search) != NULL;
}

static void
update_state (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  MpListPageClass *klass = MP_LIST_PAGE_GET_CLASS (self);
  const GError *error;
  g_autofree char *count = NULL;

  /* Disposing the column view unsorts the rows below the filter. */
  if (priv->list == NULL)
    return;
  error = mp_list_source_get_error (priv->list);
  if (!mp_page_show_list_state (priv->stack, priv->error_page, priv->list,
                                G_LIST_MODEL (priv->filter_model), FALSE))
    {
      gtk_label_set_text (priv->count_label, "");
      return;
    }

  /* Some rows are in, the rest failed to load. */
  if (error != NULL)
    {
      g_autofree char *text = klass->partial_error_text (self, error);

      gtk_label_set_text (priv->info_label, text);
    }
  gtk_info_bar_set_revealed (priv->info_bar, error != NULL);

  count = klass->count_text (self, g_list_model_get_n_items (G_LIST_MODEL (priv->filter_model)),
                             g_list_model_get_n_items (G_LIST_MODEL (priv->list)));
  gtk_label_set_text (priv->count_label, count);
}

static void
refilter (MpListPage     *self,
          MpFilterChange  change)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  /* The drop-down notifies while the template is being built. */
  if (priv->filter_model == NULL)
    return;
  mp_filtered_list_refilter (priv->filter_model, change);
  update_state (self);
}

static char *
casefold_stripped (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    return NULL;
  return g_utf8_casefold (stripped, -1);
}

static void
search_changed_cb (MpListPage     *self,
                   GtkSearchEntry *entry)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  g_autofree char *old = g_steal_pointer (&priv->search);
  MpFilterChange change = MP_FILTER_CHANGE_DIFFERENT;

  g_assert (MP_IS_LIST_PAGE (self));

  priv->search = casefold_stripped (gtk_editable_get_text (GTK_EDITABLE (entry)));
  if (g_strcmp0 (old, priv->search) == 0)
    return;
  /* Typing more only hides rows; deleting only shows rows: tell the model,
   * so that it refilters only what can change.
   */
  if (old == NULL || (priv->search != NULL && strstr (priv->search, old) != NULL))
    change = MP_FILTER_CHANGE_MORE_STRICT;
  else if (priv->search == NULL || strstr (old, priv->search) != NULL)
    change = MP_FILTER_CHANGE_LESS_STRICT;
  refilter (self, change);
}

static void
status_selected_cb (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  guint status = gtk_drop_down_get_selected (priv->status_dropdown);
  MpFilterChange change;

  g_assert (MP_IS_LIST_PAGE (self));

  if (status == GTK_INVALID_LIST_POSITION)
    status = 0;
  if (status == priv->status)
    return;
  change = priv->status == 0 ? MP_FILTER_CHANGE_MORE_STRICT
           : status == 0 ? MP_FILTER_CHANGE_LESS_STRICT
           : MP_FILTER_CHANGE_DIFFERENT;
  priv->status = status;
  refilter (self, change);
}

static void
retry_clicked_cb (MpListPage *self)
{
  g_assert (MP_IS_LIST_PAGE (self));

  MP_LIST_PAGE_GET_CLASS (self)->retry (self);
}

static void
info_bar_response_cb (MpListPage *self,
                      int         response)
{
  retry_clicked_cb (self);
}

static void
column_view_activate_cb (MpListPage *self,
                         guint       position)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  g_autoptr(GObject) item = NULL;

  g_assert (MP_IS_LIST_PAGE (self));

  item = g_list_model_get_item (G_LIST_MODEL (priv->selection), position);
  if (item != NULL && MP_LIST_PAGE_GET_CLASS (self)->activate != NULL)
    MP_LIST_PAGE_GET_CLASS (self)->activate (self, item);
}

static gboolean
mp_list_page_real_filter (MpListPage *self,
                          gpointer    item,
                          guint       status,
                          const char *search)
{
  MpListPageClass *klass = MP_LIST_PAGE_GET_CLASS (self);

  if (status > 0 && status < klass->n_status_values &&
      g_strcmp0 (klass->get_status (self, item), klass->status_values[status]) != 0)
    return FALSE;
  return search == NULL || mp_list_page_item_matches (self, item, search);
}

static void
mp_list_page_real_reload (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  mp_list_source_reload (priv->list);
  update_state (self);
}

static void
mp_list_page_real_retry (MpListPage *self)
{
  mp_list_page_reload (self);
}

/* An unsorted column view still hands the sort model a sorter, which then
 * sorts every new page of rows for nothing: give it the sorter only while
 * a column is sorted.
 */
static void
sorter_changed_cb (GtkSortListModel *sort_model,
                   GtkSorterChange   change,
                   GtkSorter        *sorter)
{
  gboolean sorted = gtk_sorter_get_order (sorter) != GTK_SORTER_ORDER_NONE;

  if (sorted != (gtk_sort_list_model_get_sorter (sort_model) != NULL))
    gtk_sort_list_model_set_sorter (sort_model, sorted ? sorter : NULL);
}

static void
add_columns (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  MpListPageClass *klass = MP_LIST_PAGE_GET_CLASS (self);

  for (guint i = 0; i < klass->n_columns; i++)
    {
      const MpListPageColumn *c = &klass->columns[i];
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) sorter = NULL;

      if (c->text != NULL)
        {
          mp_page_add_text_column (priv->column_view, _(c->title), c->text, c->compare, self,
                                   c->expand, c->numeric);
          continue;
        }
      column = gtk_column_view_column_new (_(c->title), klass->create_factory (self, c));
      gtk_column_view_column_set_expand (column, c->expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (c->compare != NULL)
        {
          sorter = GTK_SORTER (gtk_custom_sorter_new (c->compare, NULL, NULL));
          gtk_column_view_column_set_sorter (column, sorter);
        }
      gtk_column_view_append_column (priv->column_view, column);
    }
}

static void
mp_list_page_constructed (GObject *object)
{
  MpListPage *self = MP_LIST_PAGE (object);
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  MpListPageClass *klass = MP_LIST_PAGE_GET_CLASS (self);
  GtkSortListModel *sort_model;
  g_autofree char *quark_name = NULL;

  G_OBJECT_CLASS (mp_list_page_parent_class)->constructed (object);

  g_assert (priv->stack != NULL && priv->column_view != NULL);

  add_columns (self);
  /* Typing anywhere on the page searches. */
  mp_a11y_setup_search (priv->search_entry, GTK_WIDGET (self), GTK_WIDGET (priv->column_view));

  priv->list = MP_LIST_PAGE_GET_CLASS (self)->create_list (self);
  quark_name = g_strconcat ("mp-list-page-folded-", G_OBJECT_TYPE_NAME (self), NULL);
  priv->folded_quark = g_quark_from_string (quark_name);
  /* Before the models above, so that they see the rows folded. */
  g_signal_connect_object (priv->list, "items-changed", G_CALLBACK (list_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  list_items_changed_cb (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (priv->list)),
                         G_LIST_MODEL (priv->list));
  sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (priv->list)), NULL);
  g_signal_connect_object (gtk_column_view_get_sorter (priv->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), sort_model, G_CONNECT_SWAPPED);
  gtk_sort_list_model_set_incremental (sort_model, klass->incremental);
  /* Never incremental: an incremental model shows every row again and
   * takes them out in batches of 512, each a change of the column view.
   */
  priv->filter_model = mp_filtered_list_new (G_LIST_MODEL (sort_model), filter_func, self, NULL);
  g_object_unref (sort_model);
  priv->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (priv->filter_model)));
  gtk_single_selection_set_autoselect (priv->selection, FALSE);
  gtk_single_selection_set_can_unselect (priv->selection, TRUE);
  gtk_column_view_set_model (priv->column_view, GTK_SELECTION_MODEL (priv->selection));

  g_signal_connect_object (priv->list, "notify::loading", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->list, "notify::error", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->filter_model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->session, "changed", G_CALLBACK (mp_list_page_reload), self, G_CONNECT_SWAPPED);

  update_state (self);
}

static void
mp_list_page_dispose (GObject *object)
{
  MpListPage *self = MP_LIST_PAGE (object);
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  if (priv->list != NULL)
    mp_list_source_cancel (priv->list);

  gtk_widget_dispose_template (GTK_WIDGET (self), G_OBJECT_TYPE (self));

  g_clear_object (&priv->selection);
  g_clear_object (&priv->filter_model);
  g_clear_object (&priv->list);
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (mp_list_page_parent_class)->dispose (object);
}

static void
mp_list_page_finalize (GObject *object)
{
  MpListPage *self = MP_LIST_PAGE (object);
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  g_clear_pointer (&priv->search, g_free);

  G_OBJECT_CLASS (mp_list_page_parent_class)->finalize (object);
}

static void
mp_list_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MpListPage *self = MP_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, mp_list_page_get_session (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_list_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MpListPage *self = MP_LIST_PAGE (object);
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      priv->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_list_page_class_init (MpListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mp_list_page_constructed;
  object_class->dispose = mp_list_page_dispose;
  object_class->finalize = mp_list_page_finalize;
  object_class->get_property = mp_list_page_get_property;
  object_class->set_property = mp_list_page_set_property;

  klass->filter = mp_list_page_real_filter;
  klass->reload = mp_list_page_real_reload;
  klass->retry = mp_list_page_real_retry;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_list_page_init (MpListPage *self)
{
}

/**
 * mp_list_page_class_set_template_from_resource:
 * @klass: the class of a subclass
 * @resource_name: its template
 *
 * Sets the subclass's template, whose children and handlers the base
 * binds (see above); the subclass binds its own ones after this and calls
 * gtk_widget_init_template() in its init function.
 */
void
mp_list_page_class_set_template_from_resource (MpListPageClass *klass,
                                               const char      *resource_name)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_return_if_fail (MP_IS_LIST_PAGE_CLASS (klass));

  gtk_widget_class_set_template_from_resource (widget_class, resource_name);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, search_entry);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, status_dropdown);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, stack);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, error_page);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, retry_button);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, info_bar);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, info_label);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, column_view);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, info_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
}

const char *
mp_list_page_get_title (MpListPage *self)
{
  g_return_val_if_fail (MP_IS_LIST_PAGE (self), NULL);

  return MP_LIST_PAGE_GET_CLASS (self)->get_title (self);
}

MpSession *
mp_list_page_get_session (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  g_return_val_if_fail (MP_IS_LIST_PAGE (self), NULL);

  return priv->session;
}

/* The list of every item, filtered or not. */
MpListSource *
mp_list_page_get_list (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  g_return_val_if_fail (MP_IS_LIST_PAGE (self), NULL);

  return priv->list;
}

/* Loads the list again (F5, Retry, the session changed). */
void
mp_list_page_reload (MpListPage *self)
{
  g_return_if_fail (MP_IS_LIST_PAGE (self));

  MP_LIST_PAGE_GET_CLASS (self)->reload (self);
}

GListModel *
mp_list_page_get_shown (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  g_return_val_if_fail (MP_IS_LIST_PAGE (self), NULL);

  return G_LIST_MODEL (priv->selection);
}

GtkColumnView *
mp_list_page_get_column_view (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  g_return_val_if_fail (MP_IS_LIST_PAGE (self), NULL);

  return priv->column_view;
}

void
mp_list_page_refilter (MpListPage *self)
{
  g_return_if_fail (MP_IS_LIST_PAGE (self));
  refilter (self, MP_FILTER_CHANGE_DIFFERENT);
}

/* mp-service-step.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-service-step"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mp-a11y.h"
#include "mp-error-box.h"
#include "mp-page-util.h"
#include "mp-plan-item.h"
#include "mp-product-row.h"
#include "mp-service-step.h"
#include "mp-wizard-step.h"
#include "mp-wizard-util.h"

/* The list of available services (Buy More Services): one row per product
 * line, grouped under its category, listing its plans with their short
 * descriptions. Search filters as you type (names, descriptions, vendor,
 * category) and the category filter narrows to a branch of the category
 * tree. Choosing a product puts its preferred variant, fetched in detail,
 * into the draft.
 *
 * The list is a GtkListView over a filter model of MpPlanItems, one per
 * product line (its MpPlan list rows), sorted by category and name. Each
 * item folds its search text once; a keystroke only looks through it, and
 * tells the filter whether it narrows or widens the search, so that only
 * the rows concerned are checked again. A row shows its category above it
 * when it is the first of its category on the list as filtered: the
 * headers are set on the items whose neighbours changed.
 */
struct _MpServiceStep
{
  AdwBin             parent_instance;

  /* Template Widgets */
  GtkSearchEntry    *search_entry;
  GtkDropDown       *category_dropdown;
  GtkStack          *stack;
  GtkListView       *products_list;
  AdwStatusPage     *empty_page;
  MpErrorBox        *error_box;
  GtkSpinner        *spinner;

  /* Owned References */
  MpSession         *session;
  MpOrderDraft      *draft;
  char              *audience;
  char              *preferred_audience;
  MpPagedList       *plans;
  MpPagedList       *categories;
  GListStore        *products;       /* MpPlanItem, one per product line */
  GHashTable        *items;          /* product line id -> MpPlanItem (owned) */
  GtkFilterListModel *filtered;
  GtkCustomFilter   *filter;
  GHashTable        *parents;        /* category id -> parent id */
  GPtrArray         *category_ids;   /* dropdown position -> id (NULL = all) */
  GCancellable      *cancellable;
  GCancellable      *plan_cancellable;
  char              *folded_search;
  char              *category_filter;
  char              *chosen;         /* product line id */
  char              *pending_plan_id;
  char              *loading_id;

  /* State */
  guint              complete : 1;
};

static void mp_service_step_wizard_step_init (MpWizardStepInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MpServiceStep, mp_service_step, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (MP_TYPE_WIZARD_STEP, mp_service_step_wizard_step_init))

enum {
  PROP_0,
  PROP_SESSION,
  PROP_DRAFT,
  PROP_AUDIENCE,
  PROP_PREFERRED_AUDIENCE,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
product_line_id (MpPlan *plan)
{
  const char *id = mp_plan_get_product_line_id (plan);

  /* Without extensions every plan is its own product. */
  return id != NULL ? id : mp_plan_get_id (plan);
}

static const char *
product_line_name (MpPlan *plan)
{
  const char *name = mp_plan_get_product_line_name (plan);

  return name != NULL ? name : mp_plan_get_name (plan);
}

static void
update_complete (MpServiceStep *self)
{
  MpPlan *plan = mp_order_draft_get_plan (self->draft);
  gboolean complete = self->chosen != NULL && plan != NULL && self->loading_id == NULL &&
                      mp_plan_has_details (plan) && g_strcmp0 (product_line_id (plan), self->chosen) == 0;

  gtk_spinner_set_spinning (self->spinner, self->loading_id != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->loading_id != NULL);
  if (complete != self->complete)
    {
      self->complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
    }
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  MpServiceStep *self = user_data;
  GListModel *plans;
  guint n;

  if (!mp_plan_item_matches (item, self->folded_search))
    return FALSE;
  if (self->category_filter == NULL)
    return TRUE;
  plans = mp_plan_item_get_plans (item);
  n = g_list_model_get_n_items (plans);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpPlan) plan = g_list_model_get_item (plans, i);

      if (mp_category_tree_contains (self->parents, self->category_filter, mp_plan_get_category_id (plan)))
        return TRUE;
    }
  return FALSE;
}

/* The filtered list changed from @position on: the rows there, and the one
 * after them, show their category if it is not the one of the row before.
 */
static void
update_headers (MpServiceStep *self,
                guint          position,
                guint          removed,
                guint          added)
{
  GListModel *shown = G_LIST_MODEL (self->filtered);
  guint n = g_list_model_get_n_items (shown);
  g_autoptr(MpPlanItem) before = position > 0 ? g_list_model_get_item (shown, position - 1) : NULL;

  for (guint i = position; i < n && i <= position + added; i++)
    {
      g_autoptr(MpPlanItem) item = g_list_model_get_item (shown, i);
      const char *category = mp_plan_item_get_category_name (item);

      if (before != NULL && g_strcmp0 (category, mp_plan_item_get_category_name (before)) == 0)
        mp_plan_item_set_header (item, NULL);
      else
        mp_plan_item_set_header (item, category != NULL ? category : _("Other Services"));
      g_set_object (&before, item);
    }
}

static void
update_checks (MpServiceStep *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    mp_plan_item_set_chosen (item, g_strcmp0 (mp_plan_item_get_id (item), self->chosen) == 0);
}

/* Another search or category starts the list again from its top (the
 * list view's own action: it moves its anchor, where setting the
 * adjustment would look through a layout not yet redone).
 */
static void
scroll_to_top (MpServiceStep *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->products_list), "list.scroll-to-item", "u", 0);
}

static void
update_view (MpServiceStep *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  if (self->plans != NULL && mp_paged_list_get_loading (self->plans) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->products)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (n == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
  update_checks (self);
}

/* The plans (MpPlan) of product line @id. */
static GListModel *
find_product (MpServiceStep *self,
              const char    *id)
{
  MpPlanItem *item = id != NULL ? g_hash_table_lookup (self->items, id) : NULL;

  return item != NULL ? mp_plan_item_get_plans (item) : NULL;
}

/* For g_ptr_array_sort_with_data(): A and B point to MpPlanItems. */
static int
compare_products (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  MpPlanItem *ia = *(MpPlanItem * const *) a;
  MpPlanItem *ib = *(MpPlanItem * const *) b;
  int c = g_strcmp0 (mp_plan_item_get_category_name (ia), mp_plan_item_get_category_name (ib));

  return c != 0 ? c : g_strcmp0 (mp_plan_item_get_sort_key (ia), mp_plan_item_get_sort_key (ib));
}

/* Whether @item lists exactly @plans (the same MpPlan objects). */
static gboolean
same_plans (MpPlanItem *item,
            GPtrArray  *plans)
{
  GListModel *listed = mp_plan_item_get_plans (item);

  if (g_list_model_get_n_items (listed) != plans->len)
    return FALSE;
  for (guint i = 0; i < plans->len; i++)
    {
      g_autoptr(MpPlan) plan = g_list_model_get_item (listed, i);

      if (plan != g_ptr_array_index (plans, i))
        return FALSE;
    }
  return TRUE;
}

static void choose_product (MpServiceStep *self,
                            const char    *id,
                            const char    *plan_id);

static void
rebuild_products (MpServiceStep *self)
{
  GListModel *plans = G_LIST_MODEL (self->plans);
  guint n = g_list_model_get_n_items (plans);
  g_autoptr(GHashTable) by_line = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();   /* the first plan of each line, in order */
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTable *items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      MpPlan *plan = g_list_model_get_item (plans, i);
      GPtrArray *line = g_hash_table_lookup (by_line, product_line_id (plan));

      if (line == NULL)
        {
          line = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (by_line, (gpointer) product_line_id (plan), line);
          g_ptr_array_add (lines, plan);
        }
      g_ptr_array_add (line, plan);
    }

  /* A product line whose plans are the same keeps its item (and its
   * folded text): a page coming in makes only its own lines.
   */
  for (guint i = 0; i < lines->len; i++)
    {
      MpPlan *first = g_ptr_array_index (lines, i);
      const char *id = product_line_id (first);
      GPtrArray *line = g_hash_table_lookup (by_line, id);
      MpPlanItem *item = g_hash_table_lookup (self->items, id);

      if (item != NULL && same_plans (item, line))
        g_object_ref (item);
      else
        {
          g_autoptr(GListStore) store = g_list_store_new (MP_TYPE_PLAN);

          g_list_store_splice (store, 0, 0, line->pdata, line->len);
          item = mp_plan_item_new (id, product_line_name (first), mp_plan_get_vendor (first), G_LIST_MODEL (store));
          mp_plan_item_set_chosen (item, g_strcmp0 (id, self->chosen) == 0);
        }
      g_hash_table_insert (items, g_strdup (id), g_object_ref (item));
      g_ptr_array_add (products, item);
    }
  g_hash_table_unref (self->items);
  self->items = items;
  g_ptr_array_sort_with_data (products, compare_products, NULL);
  g_list_store_splice (self->products, 0, g_list_model_get_n_items (G_LIST_MODEL (self->products)),
                       products->pdata, products->len);
  update_view (self);

  if (self->pending_plan_id != NULL && !mp_paged_list_get_loading (self->plans))
    {
      g_autofree char *plan_id = g_steal_pointer (&self->pending_plan_id);

      for (guint i = 0; i < g_list_model_get_n_items (plans); i++)
        {
          g_autoptr(MpPlan) plan = g_list_model_get_item (plans, i);

          if (g_strcmp0 (mp_plan_get_id (plan), plan_id) == 0)
            choose_product (self, product_line_id (plan), plan_id);
        }
    }
}

static void
plans_items_changed_cb (MpServiceStep *self)
{
  /* The first page at once, then everything when the last page is in:
   * not one rebuild of the list per page of a large catalogue.
   */
  if (mp_paged_list_get_loading (self->plans) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->products)) > 0)
    return;
  rebuild_products (self);
}

static void
plans_error_cb (MpServiceStep *self)
{
  const GError *error = mp_paged_list_get_error (self->plans);

  if (error != NULL)
    mp_error_box_set_error (self->error_box, _("Could Not Load the Services"), error);
  update_view (self);
}

static void
rebuild_categories (MpServiceStep *self)
{
  GListModel *categories = G_LIST_MODEL (self->categories);
  guint n = g_list_model_get_n_items (categories);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GHashTable) depth = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_remove_all (self->parents);
  g_ptr_array_set_size (self->category_ids, 0);
  gtk_string_list_append (names, _("All Categories"));
  g_ptr_array_add (self->category_ids, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpCategory) c = g_list_model_get_item (categories, i);
      const char *parent = mp_category_get_parent_id (c);
      guint d = parent != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (depth, parent)) + 1 : 0;
      g_autofree char *indented = NULL;
      GString *prefix = g_string_new (NULL);

      if (parent != NULL)
        g_hash_table_insert (self->parents, g_strdup (mp_category_get_id (c)), g_strdup (parent));
      g_hash_table_insert (depth, (gpointer) mp_category_get_id (c), GUINT_TO_POINTER (d));
      for (guint j = 0; j < d; j++)
        g_string_append (prefix, "    ");
      indented = g_strconcat (prefix->str, mp_category_get_name (c), NULL);
      g_string_free (prefix, TRUE);
      gtk_string_list_append (names, indented);
      g_ptr_array_add (self->category_ids, g_strdup (mp_category_get_id (c)));
    }
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->category_dropdown, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->category_dropdown), n > 0);
}

static void
category_selected_cb (MpServiceStep *self)
{
  guint selected = gtk_drop_down_get_selected (self->category_dropdown);
  const char *id = selected < self->category_ids->len ? g_ptr_array_index (self->category_ids, selected) : NULL;

  /* Not yet constructed, or disposed. */
  if (self->filter == NULL || g_strcmp0 (id, self->category_filter) == 0)
    return;
  g_free (self->category_filter);
  self->category_filter = g_strdup (id);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  scroll_to_top (self);
  update_view (self);
}

static void
search_changed_cb (MpServiceStep *self)
{
  if (self->filter == NULL)
    return;
  mp_service_step_set_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
plan_fetched_cb (gpointer      user_data,
                 MpPlan       *plan,
                 const GError *error)
{
  MpServiceStep *self = user_data;

  g_clear_pointer (&self->loading_id, g_free);
  update_complete (self);
}

static void
choose_product (MpServiceStep *self,
                const char    *id,
                const char    *plan_id)
{
  GListModel *product = find_product (self, id);
  MpPlan *current = mp_order_draft_get_plan (self->draft);
  g_autoptr(MpPlan) wanted = NULL;
  guint n;

  if (product == NULL)
    return;

  g_free (self->chosen);
  self->chosen = g_strdup (id);
  update_checks (self);
  mp_error_box_clear (self->error_box);

  n = g_list_model_get_n_items (product);
  for (guint i = 0; i < n && wanted == NULL; i++)
    {
      g_autoptr(MpPlan) p = g_list_model_get_item (product, i);

      if (plan_id != NULL ? g_strcmp0 (mp_plan_get_id (p), plan_id) == 0
                          : current != NULL && g_strcmp0 (mp_plan_get_id (p), mp_plan_get_id (current)) == 0)
        wanted = g_object_ref (p);
    }
  for (guint i = 0; i < n && wanted == NULL; i++)
    {
      g_autoptr(MpPlan) p = g_list_model_get_item (product, i);

      if (mp_plan_get_audience (p) == mp_enum_from_nick (MP_TYPE_AUDIENCE, self->preferred_audience, MP_AUDIENCE_ANY))
        wanted = g_object_ref (p);
    }
  if (wanted == NULL)
    wanted = g_list_model_get_item (product, 0);

  if (current != NULL && mp_plan_has_details (current) &&
      g_strcmp0 (mp_plan_get_id (current), mp_plan_get_id (wanted)) == 0)
    {
      g_cancellable_cancel (self->plan_cancellable);
      g_clear_pointer (&self->loading_id, g_free);
      update_complete (self);
      return;
    }

  g_cancellable_cancel (self->plan_cancellable);
  g_clear_object (&self->plan_cancellable);
  self->plan_cancellable = g_cancellable_new ();
  g_free (self->loading_id);
  self->loading_id = g_strdup (mp_plan_get_id (wanted));
  update_complete (self);
  mp_wizard_fetch_plan (mp_session_get_client (self->session), self->draft, mp_plan_get_id (wanted),
                        self->error_box, self->plan_cancellable, plan_fetched_cb, self);
}

static void
row_activated_cb (MpServiceStep *self,
                  guint          position)
{
  g_autoptr(MpPlanItem) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (item != NULL)
    choose_product (self, mp_plan_item_get_id (item), NULL);
}

static void
shown_items_changed_cb (MpServiceStep *self,
                        guint          position,
                        guint          removed,
                        guint          added)
{
  update_headers (self, position, removed, added);
}

static void
mp_service_step_constructed (GObject *object)
{
  MpServiceStep *self = MP_SERVICE_STEP (object);
  MpClient *client;

  G_OBJECT_CLASS (mp_service_step_parent_class)->constructed (object);

  client = mp_session_get_client (self->session);
  self->products = g_list_store_new (MP_TYPE_PLAN_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->products)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (shown_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  {
    g_autoptr(GtkListItemFactory) factory = mp_product_row_factory_new (MP_PRODUCT_ROW_CHOICE);

    gtk_list_view_set_factory (self->products_list, factory);
    gtk_list_view_set_model (self->products_list,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)))));
  }

  self->plans = mp_client_list_plans (client, NULL, mp_enum_from_nick (MP_TYPE_AUDIENCE, self->audience, MP_AUDIENCE_ANY), NULL);
  g_signal_connect_object (self->plans, "items-changed", G_CALLBACK (plans_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plans, "notify::loading", G_CALLBACK (plans_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plans, "notify::error", G_CALLBACK (plans_error_cb), self, G_CONNECT_SWAPPED);
  if (mp_client_get_has_extensions (client))
    {
      self->categories = mp_client_list_categories (client);
      g_signal_connect_object (self->categories, "items-changed", G_CALLBACK (rebuild_categories), self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->draft, "notify::plan", G_CALLBACK (update_complete), self, G_CONNECT_SWAPPED);
  update_view (self);
}

static void
mp_service_step_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MpServiceStep *self = MP_SERVICE_STEP (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_DRAFT:
      g_value_set_object (value, self->draft);
      break;

    case PROP_AUDIENCE:
      g_value_set_string (value, self->audience);
      break;

    case PROP_PREFERRED_AUDIENCE:
      g_value_set_string (value, self->preferred_audience);
      break;

    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_service_step_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MpServiceStep *self = MP_SERVICE_STEP (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_DRAFT:
      self->draft = g_value_dup_object (value);
      break;

    case PROP_AUDIENCE:
      self->audience = g_value_dup_string (value);
      break;

    case PROP_PREFERRED_AUDIENCE:
      self->preferred_audience = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_service_step_dispose (GObject *object)
{
  MpServiceStep *self = MP_SERVICE_STEP (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->plan_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->plan_cancellable);
  if (self->products_list != NULL)
    gtk_list_view_set_model (self->products_list, NULL);
  if (self->plans != NULL)
    mp_paged_list_cancel (self->plans);
  if (self->categories != NULL)
    mp_paged_list_cancel (self->categories);
  g_clear_object (&self->plans);
  g_clear_object (&self->categories);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_SERVICE_STEP);
  g_clear_object (&self->products);
  g_clear_object (&self->draft);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_service_step_parent_class)->dispose (object);
}

static void
mp_service_step_finalize (GObject *object)
{
  MpServiceStep *self = MP_SERVICE_STEP (object);

  g_clear_pointer (&self->parents, g_hash_table_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->category_ids, g_ptr_array_unref);
  g_clear_pointer (&self->audience, g_free);
  g_clear_pointer (&self->preferred_audience, g_free);
  g_clear_pointer (&self->folded_search, g_free);
  g_clear_pointer (&self->category_filter, g_free);
  g_clear_pointer (&self->chosen, g_free);
  g_clear_pointer (&self->pending_plan_id, g_free);
  g_clear_pointer (&self->loading_id, g_free);

  G_OBJECT_CLASS (mp_service_step_parent_class)->finalize (object);
}

/* MpWizardStep */

static const char *
mp_service_step_get_title (MpWizardStep *step)
{
  return _("Choose a Service");
}

static void
mp_service_step_show_refusal (MpWizardStep *step,
                              const GError *error,
                              const char   *subject)
{
  MpServiceStep *self = MP_SERVICE_STEP (step);

  mp_error_box_set_error (self->error_box, _("The Marketplace Refused the Order"), error);
}

static void
mp_service_step_wizard_step_init (MpWizardStepInterface *iface)
{
  iface->get_title = mp_service_step_get_title;
  iface->show_refusal = mp_service_step_show_refusal;
}

static void
mp_service_step_class_init (MpServiceStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mp_service_step_constructed;
  object_class->dispose = mp_service_step_dispose;
  object_class->finalize = mp_service_step_finalize;
  object_class->get_property = mp_service_step_get_property;
  object_class->set_property = mp_service_step_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, MP_TYPE_ORDER_DRAFT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUDIENCE] =
    g_param_spec_string ("audience", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREFERRED_AUDIENCE] =
    g_param_spec_string ("preferred-audience", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, PROP_COMPLETE, properties);
  g_object_class_override_property (object_class, PROP_COMPLETE, "complete");
  properties[PROP_COMPLETE] = g_object_class_find_property (object_class, "complete");

  g_type_ensure (MP_TYPE_ERROR_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/wizard/mp-service-step.ui");
  gtk_widget_class_bind_template_child (widget_class, MpServiceStep, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MpServiceStep, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MpServiceStep, stack);
  gtk_widget_class_bind_template_child (widget_class, MpServiceStep, products_list);
  gtk_widget_class_bind_template_child (widget_class, MpServiceStep, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MpServiceStep, error_box);
  gtk_widget_class_bind_template_child (widget_class, MpServiceStep, spinner);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, category_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
mp_service_step_init (MpServiceStep *self)
{
  self->cancellable = g_cancellable_new ();
  self->parents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->category_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  mp_a11y_setup_search (self->search_entry, GTK_WIDGET (self), GTK_WIDGET (self->products_list));
  mp_a11y_set_list_enter_advances (GTK_WIDGET (self->products_list));
}

GtkWidget *
mp_service_step_new (MpSession    *session,
                     MpOrderDraft *draft,
                     const char   *audience,
                     const char   *preferred_audience)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (draft), NULL);
  return g_object_new (MP_TYPE_SERVICE_STEP,
                       "session", session,
                       "draft", draft,
                       "audience", audience,
                       "preferred-audience", preferred_audience,
                       NULL);
}

gboolean
mp_service_step_get_complete (MpServiceStep *self)
{
  g_return_val_if_fail (MP_IS_SERVICE_STEP (self), FALSE);
  return self->complete;
}

MpOrderDraft *
mp_service_step_get_draft (MpServiceStep *self)
{
  g_return_val_if_fail (MP_IS_SERVICE_STEP (self), NULL);
  return self->draft;
}

const char *
mp_service_step_get_product_line_id (MpServiceStep *self)
{
  g_return_val_if_fail (MP_IS_SERVICE_STEP (self), NULL);
  return self->chosen;
}

void
mp_service_step_choose_plan (MpServiceStep *self,
                             const char    *plan_id)
{
  GListModel *plans;

  g_return_if_fail (MP_IS_SERVICE_STEP (self));
  g_return_if_fail (plan_id != NULL);

  plans = G_LIST_MODEL (self->plans);
  if (!mp_paged_list_get_loading (self->plans))
    for (guint i = 0; i < g_list_model_get_n_items (plans); i++)
      {
        g_autoptr(MpPlan) plan = g_list_model_get_item (plans, i);

        if (g_strcmp0 (mp_plan_get_id (plan), plan_id) == 0)
          {
            choose_product (self, product_line_id (plan), plan_id);
            return;
          }
      }
  /* Not loaded yet: chosen when the list is in. */
  g_free (self->pending_plan_id);
  self->pending_plan_id = g_strdup (plan_id);
}

GListModel *
mp_service_step_get_variants (MpServiceStep *self)
{
  g_return_val_if_fail (MP_IS_SERVICE_STEP (self), NULL);
  return find_product (self, self->chosen);
}

void
mp_service_step_set_search (MpServiceStep *self,
                            const char    *text)
{
  g_autofree char *folded = NULL;
  GtkFilterChange change;

  g_return_if_fail (MP_IS_SERVICE_STEP (self));

  if (text != NULL && *text != '\0')
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      if (*stripped != '\0')
        folded = g_utf8_casefold (stripped, -1);
    }
  if (g_strcmp0 (folded, self->folded_search) == 0)
    return;
  /* A longer search keeps only rows the shorter one kept, and the other
   * way round: the filter checks again only the rows that may change.
   */
  if (self->folded_search == NULL || (folded != NULL && strstr (folded, self->folded_search) != NULL))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (folded == NULL || strstr (self->folded_search, folded) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;
  g_free (self->folded_search);
  self->folded_search = g_steal_pointer (&folded);
  /* Setting the text empties the entry first, and an empty search entry
   * says "search-changed" at once: not a search for everything between two.
   */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text != NULL ? text : "") != 0)
    {
      g_signal_handlers_block_by_func (self->search_entry, search_changed_cb, self);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
      g_signal_handlers_unblock_by_func (self->search_entry, search_changed_cb, self);
    }
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  scroll_to_top (self);
  update_view (self);
}

void
mp_service_step_set_category (MpServiceStep *self,
                              const char    *category_id)
{
  guint index;

  g_return_if_fail (MP_IS_SERVICE_STEP (self));

  for (index = 1; category_id != NULL && index < self->category_ids->len; index++)
    if (g_strcmp0 (g_ptr_array_index (self->category_ids, index), category_id) == 0)
      break;
  if (category_id == NULL)
    gtk_drop_down_set_selected (self->category_dropdown, 0);
  else if (index < self->category_ids->len)
    gtk_drop_down_set_selected (self->category_dropdown, index);
  else
    {
      /* The categories are not in yet: filter anyway. */
      g_free (self->category_filter);
      self->category_filter = g_strdup (category_id);
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
      update_view (self);
    }
}

guint
mp_service_step_get_n_shown (MpServiceStep *self)
{
  g_return_val_if_fail (MP_IS_SERVICE_STEP (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

GtkWidget *
mp_service_step_get_product_row (MpServiceStep *self,
                                 const char    *product_line_id)
{
  g_return_val_if_fail (MP_IS_SERVICE_STEP (self), NULL);
  return (GtkWidget *) mp_product_row_find (GTK_WIDGET (self->products_list), product_line_id);
}

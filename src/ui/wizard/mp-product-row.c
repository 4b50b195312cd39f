/* mp-product-row.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-product-row"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-product-row.h"

struct _MpProductRow
{
  GtkWidget          parent_instance;

  /* Children */
  GtkWidget         *box;
  GtkWidget         *header;
  GtkWidget         *title;
  GtkWidget         *subtitle;
  GtkWidget         *plans_box;
  GtkWidget         *suffix;

  /* Owned References */
  MpPlanItem        *item;

  MpProductRowStyle  style;
  gulong             header_id;
  gulong             chosen_id;
};

G_DEFINE_FINAL_TYPE (MpProductRow, mp_product_row, GTK_TYPE_WIDGET)

/* The list's row around the row (GtkListItemWidget): what a screen reader
 * and the keyboard see.
 */
static GtkWidget *
list_row (MpProductRow *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  if (parent != NULL && gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (parent)) == GTK_ACCESSIBLE_ROLE_LIST_ITEM)
    return parent;
  return NULL;
}

static void
update_header (MpProductRow *self)
{
  const char *header = self->item != NULL ? mp_plan_item_get_header (self->item) : NULL;

  gtk_label_set_text (GTK_LABEL (self->header), header != NULL ? header : "");
  gtk_widget_set_visible (self->header, header != NULL);
}

static void
update_chosen (MpProductRow *self)
{
  gboolean chosen = self->item != NULL && mp_plan_item_get_chosen (self->item);
  GtkWidget *row = list_row (self);

  if (self->style != MP_PRODUCT_ROW_CHOICE)
    return;
  /* The check mark says it on screen; the selected state says it to a screen reader. */
  gtk_widget_set_visible (self->suffix, chosen);
  if (row != NULL)
    gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_SELECTED, chosen, -1);
}

static GtkWidget *
caption_label (const char *text,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

/* One line a plan: its name and short description (two labels in a box). */
static GtkWidget *
plan_line_new (void)
{
  GtkWidget *plan_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *description = caption_label (NULL, "caption");

  gtk_widget_set_margin_start (plan_box, 12);
  gtk_widget_set_margin_top (plan_box, 4);
  gtk_widget_add_css_class (description, "dim-label");
  gtk_box_append (GTK_BOX (plan_box), caption_label (NULL, "caption-heading"));
  gtk_box_append (GTK_BOX (plan_box), description);
  return plan_box;
}

/* Each plan of the product with its short description. A recycled row
 * keeps its lines and only changes their text: scrolling binds rows at
 * every frame.
 */
static void
fill_plans (MpProductRow *self)
{
  GListModel *plans = self->item != NULL && self->style == MP_PRODUCT_ROW_CHOICE
                      ? mp_plan_item_get_plans (self->item) : NULL;
  guint n = plans != NULL ? g_list_model_get_n_items (plans) : 0;
  GtkWidget *line = gtk_widget_get_first_child (self->plans_box);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpPlan) plan = g_list_model_get_item (plans, i);
      const char *description = mp_plan_get_short_description (plan);
      GtkWidget *name_label, *description_label;

      if (line == NULL)
        {
          line = plan_line_new ();
          gtk_box_append (GTK_BOX (self->plans_box), line);
        }
      name_label = gtk_widget_get_first_child (line);
      description_label = gtk_widget_get_next_sibling (name_label);
      gtk_label_set_text (GTK_LABEL (name_label), mp_plan_get_name (plan));
      gtk_label_set_text (GTK_LABEL (description_label), description != NULL ? description : "");
      gtk_widget_set_visible (description_label, description != NULL);
      line = gtk_widget_get_next_sibling (line);
    }
  while (line != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (line);

      gtk_box_remove (GTK_BOX (self->plans_box), line);
      line = next;
    }
}

void
mp_product_row_set_item (MpProductRow *self,
                         MpPlanItem   *item)
{
  const char *subtitle;

  g_return_if_fail (MP_IS_PRODUCT_ROW (self));
  g_return_if_fail (item == NULL || MP_IS_PLAN_ITEM (item));

  if (self->item == item)
    return;
  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->header_id, self->item);
      g_clear_signal_handler (&self->chosen_id, self->item);
    }
  g_set_object (&self->item, item);
  /* Unbound (to be bound to another product line, or dropped): its
   * labels and plan lines stay as they are, so that the next product
   * line only changes their text.
   */
  if (item == NULL)
    return;
  self->header_id = g_signal_connect_object (item, "notify::header", G_CALLBACK (update_header), self,
                                             G_CONNECT_SWAPPED);
  self->chosen_id = g_signal_connect_object (item, "notify::chosen", G_CALLBACK (update_chosen), self,
                                             G_CONNECT_SWAPPED);

  subtitle = mp_plan_item_get_subtitle (item);
  gtk_label_set_text (GTK_LABEL (self->title), mp_plan_item_get_title (item));
  gtk_label_set_text (GTK_LABEL (self->subtitle), subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (self->subtitle, subtitle != NULL && *subtitle != '\0');
  fill_plans (self);
  update_header (self);
  update_chosen (self);
  /* Named after what it shows, for look-ups (tests) by ID. */
  gtk_widget_set_name (GTK_WIDGET (self), mp_plan_item_get_id (item));
  /* The list's row carries the name (one name, not the row's and its child's). */
  mp_a11y_name_list_row (GTK_WIDGET (self), mp_plan_item_get_title (item));
}

MpPlanItem *
mp_product_row_get_item (MpProductRow *self)
{
  g_return_val_if_fail (MP_IS_PRODUCT_ROW (self), NULL);
  return self->item;
}

static void
mp_product_row_dispose (GObject *object)
{
  MpProductRow *self = MP_PRODUCT_ROW (object);

  mp_product_row_set_item (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (mp_product_row_parent_class)->dispose (object);
}

static void
mp_product_row_class_init (MpProductRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_product_row_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mpproductrow");
}

static void
mp_product_row_init (MpProductRow *self)
{
}

GtkWidget *
mp_product_row_new (MpProductRowStyle style)
{
  MpProductRow *self = g_object_new (MP_TYPE_PRODUCT_ROW, NULL);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  self->style = style;
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->header = caption_label (NULL, "heading");
  gtk_widget_set_margin_top (self->header, 18);
  gtk_widget_set_margin_bottom (self->header, 6);
  gtk_widget_set_margin_start (self->header, 12);
  gtk_widget_set_visible (self->header, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->header);

  self->title = caption_label (NULL, style == MP_PRODUCT_ROW_CHOICE ? "heading" : "title");
  self->subtitle = caption_label (NULL, style == MP_PRODUCT_ROW_CHOICE ? "caption" : "subtitle");
  gtk_widget_add_css_class (self->subtitle, "dim-label");
  gtk_box_append (GTK_BOX (titles), self->title);
  gtk_box_append (GTK_BOX (titles), self->subtitle);
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_box_append (GTK_BOX (line), titles);

  if (style == MP_PRODUCT_ROW_CHOICE)
    {
      self->suffix = gtk_image_new_from_icon_name ("object-select-symbolic");
      gtk_widget_add_css_class (self->suffix, "accent");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->suffix), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Chosen"), -1);
      gtk_widget_set_visible (self->suffix, FALSE);
    }
  else
    self->suffix = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_widget_set_valign (self->suffix, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (line), self->suffix);

  self->plans_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (content), line);
  gtk_box_append (GTK_BOX (content), self->plans_box);
  gtk_widget_set_margin_top (content, 10);
  gtk_widget_set_margin_bottom (content, 10);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_widget_add_css_class (content, "mp-plan-row-content");
  gtk_box_append (GTK_BOX (self->box), content);
  return GTK_WIDGET (self);
}

/* The factory */

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, mp_product_row_new (GPOINTER_TO_INT (user_data)));
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  mp_product_row_set_item (MP_PRODUCT_ROW (gtk_list_item_get_child (list_item)),
                           gtk_list_item_get_item (list_item));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  mp_product_row_set_item (MP_PRODUCT_ROW (gtk_list_item_get_child (list_item)), NULL);
}

GtkListItemFactory *
mp_product_row_factory_new (MpProductRowStyle style)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (style));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  return factory;
}

MpProductRow *
mp_product_row_find (GtkWidget  *view,
                     const char *id)
{
  g_return_val_if_fail (GTK_IS_WIDGET (view), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (MP_IS_PRODUCT_ROW (row) && MP_PRODUCT_ROW (row)->item != NULL &&
          gtk_widget_get_child_visible (child) &&
          g_strcmp0 (mp_plan_item_get_id (MP_PRODUCT_ROW (row)->item), id) == 0)
        return MP_PRODUCT_ROW (row);
    }
  return NULL;
}

/* mp-page-util.h: formatting and list helpers shared by the pages
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-api.h"

G_BEGIN_DECLS

/* Returns the text of one cell for ITEM (a row of the model), owned. */
typedef char *(*MpCellTextFunc) (gpointer item,
                                 gpointer user_data);

char              *mp_page_format_date            (const char          *iso_date);
char              *mp_page_format_money           (const MpMoney       *money);
char              *mp_page_format_quantity        (gint64               quantity);
char              *mp_page_format_period          (MpPeriod            *period);
char              *mp_page_format_elapsed         (gint64               seconds);
char              *mp_page_format_estimate_line   (MpOrderLine         *line);
const char        *mp_page_subscription_status    (const char          *status);
const char        *mp_page_order_status           (MpOrderStatus        status);
char              *mp_page_order_status_text      (MpOrder             *order);
const char        *mp_page_order_type             (MpOrderType          order_type);
gint64             mp_page_subscription_seats     (MpSubscription      *subscription);
GtkColumnViewColumn *mp_page_add_text_column      (GtkColumnView       *column_view,
                                                   const char          *title,
                                                   MpCellTextFunc       text_func,
                                                   GCompareDataFunc     compare_func,
                                                   gpointer             user_data,
                                                   gboolean             expand,
                                                   gboolean             numeric);
void               mp_page_label_tooltip_when_cut (GtkLabel            *label);
void               mp_page_set_cell_tooltip       (GtkWidget           *widget,
                                                   const char          *text);
void               mp_page_copy_to_clipboard      (GtkWidget           *widget,
                                                   const char          *text);
char              *mp_page_join_search_fields     (const char * const  *fields,
                                                   guint                n_fields) G_GNUC_WARN_UNUSED_RESULT;
gboolean           mp_page_text_contains          (const char          *haystack,
                                                   const char          *folded_needle);
gboolean           mp_page_show_list_state        (GtkStack            *stack,
                                                   AdwStatusPage       *error_page,
                                                   MpListSource        *list,
                                                   GListModel          *shown,
                                                   gboolean             filtering);

/* Called with the detailed plan, or with the error; never once the
 * request was cancelled.
 */
typedef void (*MpPagePlanFunc)                    (gpointer             user_data,
                                                   MpPlan              *plan,
                                                   const GError        *error);
/* The one fetch of a plan in detail behind the storefront, the cart and
 * the wizard: @func unless @cancellable was cancelled, then @destroy (if
 * not NULL) on @user_data either way.
 */
void               mp_page_get_plan               (MpClient            *client,
                                                   const char          *plan_id,
                                                   GCancellable        *cancellable,
                                                   MpPagePlanFunc       func,
                                                   gpointer             user_data,
                                                   GDestroyNotify       destroy);

/* The "When" choice of a change (Change Resource Limits, Switch Plan):
 * names "Apply at Renewal (DATE)" and the two check buttons for screen
 * readers. TRUE when SUBSCRIPTION renews automatically on a known date, so
 * that "at renewal" can be offered.
 */
gboolean           mp_page_update_when_choice      (AdwActionRow        *renewal_row,
                                                   GtkCheckButton      *now_check,
                                                   GtkCheckButton      *renewal_check,
                                                   MpSubscription      *subscription);

G_END_DECLS

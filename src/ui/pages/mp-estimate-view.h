/* mp-estimate-view.h: the one widget that shows a purchase's estimate
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-api.h"

G_BEGIN_DECLS

#define MP_TYPE_ESTIMATE_VIEW (mp_estimate_view_get_type ())

G_DECLARE_FINAL_TYPE (MpEstimateView, mp_estimate_view, MP, ESTIMATE_VIEW, AdwBin)

GtkWidget  *mp_estimate_view_new             (MpPurchase     *purchase);
MpPurchase *mp_estimate_view_get_purchase    (MpEstimateView *self);
void        mp_estimate_view_set_purchase    (MpEstimateView *self,
                                              MpPurchase     *purchase);
gboolean    mp_estimate_view_get_show_recurring (MpEstimateView *self);
void        mp_estimate_view_set_show_recurring (MpEstimateView *self,
                                                 gboolean        show_recurring);

/* One read-only row for an order line, the same wherever lines are shown
 * (an estimate, a placed order, its provisioning): the line's name and
 * term, "Recurring · 5 × $3.00" (a change order's quantity signed), and
 * the line's price.
 */
GtkWidget  *mp_order_line_row_new            (MpOrderLine    *line,
                                              gboolean        change);

G_END_DECLS

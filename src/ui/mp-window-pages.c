/* mp-window-pages.c: which page each section and action shows
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-window"

#include "config.h"

#include "mp-customer-page.h"
#include "mp-customers-page.h"
#include "mp-journal-page.h"
#include "mp-limits-page.h"
#include "mp-switch-plan-page.h"
#include "mp-marketplace-page.h"
#include "mp-order-page.h"
#include "mp-orders-page.h"
#include "mp-overview-page.h"
#include "mp-provisioning-page.h"
#include "mp-renewals-page.h"
#include "mp-reports-page.h"
#include "mp-storefront-page.h"
#include "mp-subscription-page.h"
#include "mp-subscriptions-page.h"
#include "mp-window-private.h"

/* The content of section NAME for the signed-in session, or NULL to keep
 * its signed-out status page.
 */
GtkWidget *
_mp_window_create_section (MpWindow   *self,
                           const char *name)
{
  MpSession *session = mp_window_get_session (self);

  g_assert (MP_IS_WINDOW (self));
  g_assert (session != NULL);

  if (g_str_equal (name, "subscriptions"))
    return mp_subscriptions_page_new (session);
  if (g_str_equal (name, "orders"))
    return mp_orders_page_new (session);
  /* A reseller's customers' renewals; a customer's own. */
  if (g_str_equal (name, "renewals"))
    return mp_renewals_page_new (session);
  /* Customers are a reseller's; a customer's marketplace has no cart. */
  if (g_str_equal (name, "customers"))
    return mp_session_is_reseller (session) ? mp_customers_page_new (session) : NULL;
  if (g_str_equal (name, "marketplace"))
    return mp_session_is_reseller (session) ? mp_storefront_page_new (mp_window_get_sessions (self))
                                            : mp_marketplace_page_new (session);
  return NULL;
}

/* The drill-down page that the win.* action ACTION_NAME opens for ID. An
 * order that the session follows and that is not final opens on its
 * provisioning page; any other order on its details.
 */
GtkWidget *
_mp_window_create_page (MpWindow   *self,
                        const char *action_name,
                        const char *id)
{
  MpSession *session = mp_window_get_session (self);

  g_assert (MP_IS_WINDOW (self));
  g_assert (session != NULL);

  if (g_str_equal (action_name, "win.open-subscription"))
    return mp_subscription_page_new (session, id);

  if (g_str_equal (action_name, "win.open-customer"))
    return mp_customer_page_new (session, id);

  if (g_str_equal (action_name, "win.open-overview"))
    return mp_overview_page_new (session);

  if (g_str_equal (action_name, "win.change-limits"))
    return mp_limits_page_new (session, id);

  if (g_str_equal (action_name, "win.journal"))
    return mp_journal_page_new (session);

  if (g_str_equal (action_name, "win.switch-plan"))
    return mp_switch_plan_page_new (session, id);

  if (g_str_equal (action_name, "win.reports"))
    return mp_reports_page_new (session);

  if (g_str_equal (action_name, "win.open-order"))
    {
      /* The order may be another region's (placed from the storefront):
       * its page asks that region's session.
       */
      MpSession *following = mp_session_registry_lookup_order (mp_window_get_sessions (self), id);
      MpOrder *order;

      if (following != NULL)
        session = following;
      order = mp_session_lookup_order (session, id);

      if (order != NULL && !mp_order_get_final (order))
        return mp_provisioning_page_new (session, order);
      return mp_order_page_new (session, id);
    }

  g_warning ("No page for %s", action_name);
  return NULL;
}

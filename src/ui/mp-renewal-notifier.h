/* mp-renewal-notifier.h: desktop notifications before commitment windows close
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "mp-session-registry.h"

G_BEGIN_DECLS

#define MP_TYPE_RENEWAL_NOTIFIER (mp_renewal_notifier_get_type ())

G_DECLARE_FINAL_TYPE (MpRenewalNotifier, mp_renewal_notifier, MP, RENEWAL_NOTIFIER, GObject)

/* Sends NOTIFICATION with ID, about SUBSCRIPTION; the default sends it
 * through the application (g_application_send_notification()).
 */
typedef void (*MpRenewalNotifyFunc) (const char     *id,
                                     GNotification  *notification,
                                     MpSubscription *subscription,
                                     gpointer        user_data);

/* While the application runs, looks at the subscriptions of the main
 * session of SESSIONS when it signs in, when the settings change and every
 * hour, and sends one notification per subscription and commitment window
 * that closes within the "renewal-warning-days" of SETTINGS (while
 * "renewal-warnings" is on). Clicking it activates app.open-subscription
 * with the subscription's ID. What was sent is kept in
 * "renewal-warnings-sent", so that a restart does not send it again.
 *
 * Signals: "checked" (guint n_sent), after each look at the subscriptions.
 */
MpRenewalNotifier *mp_renewal_notifier_new             (GApplication        *application,
                                                        MpSessionRegistry   *sessions,
                                                        GSettings           *settings);
void               mp_renewal_notifier_set_notify_func (MpRenewalNotifier   *self,
                                                        MpRenewalNotifyFunc  func,
                                                        gpointer             user_data);
/* Looks at the subscriptions now (a look under way is dropped). */
void               mp_renewal_notifier_check           (MpRenewalNotifier   *self);

G_END_DECLS

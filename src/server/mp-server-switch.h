/* mp-server-switch.h: plan and period switches, private to the server
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mp-server-private.h"
#include "mp-server-pricing.h"
#include "mp-server-validate.h"

G_BEGIN_DECLS

/* Plan and period switches (mp-server-switch.c, docs/api.md "Plan
 * switches"): a change order with planId/subscriptionPeriod. The caller
 * fills the subscription's side; a resolved switch replaces the plan and
 * period with the target's and fills items and charges. */
typedef struct
{
  gint64      subscription_id;
  gint64      plan_id;          /* in: the subscription's; out: the target */
  char       *period_type;      /* owned */
  gint64      period_duration;
  GDate       expires;
  GArray     *items;            /* MpPriceItem, not owned */
  MpCharges  *charges;         /* out, owned by the caller */
  char       *when_effective;   /* out, owned */
} MpSwitchTarget;

gboolean    mp_server_switch_resolve (MpRequest      *req,
                                      MpOrderInput   *input,
                                      MpSwitchTarget *target);
gboolean    mp_server_switch_apply   (MpServer       *self,
                                      gint64          order_id,
                                      gint64          subscription_id,
                                      gint64          plan_id,
                                      const char     *period_type,
                                      gint64          period_duration,
                                      GError        **error);

G_END_DECLS

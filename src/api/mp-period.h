/* mp-period.h: a subscription period: {type, duration}
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mp-enums.h"
#include "mp-money.h"

G_BEGIN_DECLS

#define MP_TYPE_PERIOD (mp_period_get_type ())

G_DECLARE_FINAL_TYPE (MpPeriod, mp_period, MP, PERIOD, GObject)

MpPeriod    *mp_period_new_from_json (JsonObject  *object,
                                      GError     **error);
MpPeriodUnit mp_period_get_unit      (MpPeriod    *self);
const char  *mp_period_get_unit_name (MpPeriod    *self);
gint64       mp_period_get_duration  (MpPeriod    *self);
gboolean     mp_period_get_trial     (MpPeriod    *self);
gboolean     mp_period_get_active    (MpPeriod    *self);
MpPeriod    *mp_period_new           (const char  *unit,
                                      gint64       duration);
gboolean     mp_period_equal         (MpPeriod    *a,
                                      MpPeriod    *b);
gboolean     mp_period_matches_json  (MpPeriod    *self,
                                      JsonObject  *object);
gint64       mp_period_get_months    (MpPeriod    *self);
JsonNode    *mp_period_to_json       (MpPeriod    *self);

G_END_DECLS

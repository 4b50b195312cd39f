/* mp-api.h: the whole GTK-free marketplace library
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mp-account.h"
#include "mp-category.h"
#include "mp-client-error.h"
#include "mp-client.h"
#include "mp-csv-writer.h"
#include "mp-client-reports.h"
#include "mp-customer.h"
#include "mp-enums.h"
#include "mp-filtered-list.h"
#include "mp-journal-entry.h"
#include "mp-journal.h"
#include "mp-list-source.h"
#include "mp-marketplace.h"
#include "mp-money.h"
#include "mp-order-draft.h"
#include "mp-order-line.h"
#include "mp-order.h"
#include "mp-paged-list.h"
#include "mp-period.h"
#include "mp-plan.h"
#include "mp-plan-switch.h"
#include "mp-purchase.h"
#include "mp-renewal-monitor.h"
#include "mp-report.h"
#include "mp-resource.h"
#include "mp-subscription-resource.h"
#include "mp-subscription.h"
#include "mp-terms.h"

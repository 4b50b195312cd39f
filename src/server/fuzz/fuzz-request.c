/* fuzz-request.c: libFuzzer target for request body parsing and validation
 *
 * Feeds arbitrary bytes to the code every POST and PATCH body goes
 * through: the JSON parser with its size and depth limits, then the order
 * and customer validators. Nothing may crash, leak or misbehave.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "mp-server-validate.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(MpOrderInput) order = NULL;
  g_autoptr(MpCustomerInput) created = NULL;
  g_autoptr(MpCustomerInput) updated = NULL;

  root = mp_validate_parse_body ((const char *) data, size, &error);
  if (root == NULL)
    {
      g_assert (error != NULL && error->domain == MP_VALIDATE_ERROR);
      return 0;
    }
  order = mp_order_input_parse (root, NULL);
  created = mp_customer_input_parse (root, FALSE, NULL);
  updated = mp_customer_input_parse (root, TRUE, NULL);
  if (order != NULL)
    g_assert (order->type != NULL && order->lines != NULL && order->accepted_terms != NULL);
  if (created != NULL)
    g_assert (created->name != NULL && created->address_json != NULL && created->contacts_json != NULL);
  return 0;
}

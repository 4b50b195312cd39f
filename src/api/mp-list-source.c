/* mp-list-source.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-list-source.h"

G_DEFINE_INTERFACE (MpListSource, mp_list_source, G_TYPE_LIST_MODEL)

static void
mp_list_source_default_init (MpListSourceInterface *iface)
{
  g_object_interface_install_property (iface,
                                       g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                             G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
                                       g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                                                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                           G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
                                       g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME,
                                                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                           G_PARAM_STATIC_STRINGS));
}

gboolean
mp_list_source_get_loading (MpListSource *self)
{
  g_return_val_if_fail (MP_IS_LIST_SOURCE (self), FALSE);
  return MP_LIST_SOURCE_GET_IFACE (self)->get_loading (self);
}

const GError *
mp_list_source_get_error (MpListSource *self)
{
  g_return_val_if_fail (MP_IS_LIST_SOURCE (self), NULL);
  return MP_LIST_SOURCE_GET_IFACE (self)->get_error (self);
}

/* Returns: (transfer none) (nullable) */
GDateTime *
mp_list_source_get_updated (MpListSource *self)
{
  MpListSourceInterface *iface;

  g_return_val_if_fail (MP_IS_LIST_SOURCE (self), NULL);
  iface = MP_LIST_SOURCE_GET_IFACE (self);
  return iface->get_updated != NULL ? iface->get_updated (self) : NULL;
}

void
mp_list_source_reload (MpListSource *self)
{
  g_return_if_fail (MP_IS_LIST_SOURCE (self));
  MP_LIST_SOURCE_GET_IFACE (self)->reload (self);
}

void
mp_list_source_cancel (MpListSource *self)
{
  g_return_if_fail (MP_IS_LIST_SOURCE (self));
  MP_LIST_SOURCE_GET_IFACE (self)->cancel (self);
}

/* mp-resource-row.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-resource-row"

#include "config.h"

#include "mp-resource-row.h"

struct _MpResourceRow
{
  AdwActionRow   parent_instance;

  /* Unowned: a descendant of the row. */
  GtkSpinButton *spin;

  /* Owned References */
  MpResource    *resource;
};

G_DEFINE_FINAL_TYPE (MpResourceRow, mp_resource_row, ADW_TYPE_ACTION_ROW)

static void
mp_resource_row_finalize (GObject *object)
{
  MpResourceRow *self = MP_RESOURCE_ROW (object);

  g_clear_object (&self->resource);

  G_OBJECT_CLASS (mp_resource_row_parent_class)->finalize (object);
}

static void
mp_resource_row_class_init (MpResourceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_resource_row_finalize;
}

static void
mp_resource_row_init (MpResourceRow *self)
{
}

GtkWidget *
mp_resource_row_new (MpResource    *resource,
                     GtkSpinButton *spin)
{
  MpResourceRow *self;

  g_return_val_if_fail (MP_IS_RESOURCE (resource), NULL);
  g_return_val_if_fail (GTK_IS_SPIN_BUTTON (spin), NULL);

  self = g_object_new (MP_TYPE_RESOURCE_ROW, NULL);
  self->resource = g_object_ref (resource);
  self->spin = spin;
  return GTK_WIDGET (self);
}

MpResource *
mp_resource_row_get_resource (MpResourceRow *self)
{
  g_return_val_if_fail (MP_IS_RESOURCE_ROW (self), NULL);
  return self->resource;
}

GtkSpinButton *
mp_resource_row_get_spin (MpResourceRow *self)
{
  g_return_val_if_fail (MP_IS_RESOURCE_ROW (self), NULL);
  return self->spin;
}

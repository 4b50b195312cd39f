/* mp-error-box.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-error-box"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-api.h"
#include "mp-error-box.h"
#include "mp-page-util.h"

/* Errors from the marketplace are shown where they happened, with the
 * server's correlation ID selectable and copyable: it is what support asks
 * for.
 */
struct _MpErrorBox
{
  GtkWidget  parent_instance;

  /* Template Widgets */
  GtkLabel  *heading_label;
  GtkLabel  *message_label;
  GtkLabel  *correlation_label;
  GtkButton *copy_button;

  /* Owned */
  char      *message;
  char      *correlation_id;
};

G_DEFINE_FINAL_TYPE (MpErrorBox, mp_error_box, GTK_TYPE_WIDGET)

static void
copy_clicked_cb (MpErrorBox *self)
{
  g_autofree char *text = NULL;

  g_assert (MP_IS_ERROR_BOX (self));

  if (self->correlation_id != NULL)
    /* Translators: copied to the clipboard; %s are the error message and
     * the server's correlation ID.
     */
    text = g_strdup_printf (_("%s (reference: %s)"), self->message, self->correlation_id);
  else
    text = g_strdup (self->message);
  mp_page_copy_to_clipboard (GTK_WIDGET (self), text);
}

static void
mp_error_box_dispose (GObject *object)
{
  MpErrorBox *self = MP_ERROR_BOX (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_ERROR_BOX);
  /* A plain GtkWidget parent unparents its own children. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mp_error_box_parent_class)->dispose (object);
}

static void
mp_error_box_finalize (GObject *object)
{
  MpErrorBox *self = MP_ERROR_BOX (object);

  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->correlation_id, g_free);

  G_OBJECT_CLASS (mp_error_box_parent_class)->finalize (object);
}

static void
mp_error_box_class_init (MpErrorBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_error_box_dispose;
  object_class->finalize = mp_error_box_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-error-box.ui");
  gtk_widget_class_bind_template_child (widget_class, MpErrorBox, heading_label);
  gtk_widget_class_bind_template_child (widget_class, MpErrorBox, message_label);
  gtk_widget_class_bind_template_child (widget_class, MpErrorBox, correlation_label);
  gtk_widget_class_bind_template_child (widget_class, MpErrorBox, copy_button);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
mp_error_box_init (MpErrorBox *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_error_box_new (void)
{
  return g_object_new (MP_TYPE_ERROR_BOX, NULL);
}

void
mp_error_box_set_message (MpErrorBox *self,
                          const char *heading,
                          const char *message,
                          const char *correlation_id)
{
  g_return_if_fail (MP_IS_ERROR_BOX (self));

  g_free (self->message);
  self->message = g_strdup (message != NULL ? message : "");
  g_free (self->correlation_id);
  self->correlation_id = correlation_id != NULL && *correlation_id != '\0' ? g_strdup (correlation_id) : NULL;

  gtk_label_set_text (self->heading_label, heading);
  gtk_label_set_text (self->message_label, self->message);
  if (self->correlation_id != NULL)
    {
      /* Translators: %s is the correlation ID the server gave the error. */
      g_autofree char *text = g_strdup_printf (_("Reference: %s"), self->correlation_id);

      gtk_label_set_text (self->correlation_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->correlation_label), self->correlation_id != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

void
mp_error_box_set_error (MpErrorBox   *self,
                        const char   *heading,
                        const GError *error)
{
  g_return_if_fail (MP_IS_ERROR_BOX (self));
  g_return_if_fail (error != NULL);

  mp_error_box_set_message (self, heading, error->message,
                            mp_client_error_get_correlation_id (error));
}

void
mp_error_box_clear (MpErrorBox *self)
{
  g_return_if_fail (MP_IS_ERROR_BOX (self));

  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->correlation_id, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

const char *
mp_error_box_get_message (MpErrorBox *self)
{
  g_return_val_if_fail (MP_IS_ERROR_BOX (self), NULL);
  return self->message;
}

const char *
mp_error_box_get_correlation_id (MpErrorBox *self)
{
  g_return_val_if_fail (MP_IS_ERROR_BOX (self), NULL);
  return self->correlation_id;
}

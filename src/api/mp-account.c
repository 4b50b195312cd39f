/* mp-account.c: who is logged in: a reseller or a customer
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include "mp-account.h"

#include "mp-client-error.h"
#include "mp-json-private.h"

struct _MpAccount
{
  GObject parent_instance;

  MpRole  role;
  char   *id;
  char   *name;
  char   *reseller_id;
  char   *user;
};

G_DEFINE_FINAL_TYPE (MpAccount, mp_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROLE,
  PROP_ID,
  PROP_NAME,
  PROP_RESELLER_ID,
  PROP_USER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mp_account_finalize (GObject *object)
{
  MpAccount *self = (MpAccount *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->reseller_id);
  g_free (self->user);

  G_OBJECT_CLASS (mp_account_parent_class)->finalize (object);
}

static void
mp_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MpAccount *self = MP_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_RESELLER_ID:
      g_value_set_string (value, self->reseller_id);
      break;

    case PROP_USER:
      g_value_set_string (value, self->user);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_account_class_init (MpAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_account_finalize;
  object_class->get_property = mp_account_get_property;

  /* The account's type: reseller or customer */
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, MP_TYPE_ROLE, MP_ROLE_RESELLER,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* NULL when the server cannot tell (plain SimpleAPI) */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* For customers: their reseller */
  properties[PROP_RESELLER_ID] =
    g_param_spec_string ("reseller-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The login name */
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_account_init (MpAccount *self)
{
}

MpRole
mp_account_get_role (MpAccount *self)
{
  g_return_val_if_fail (MP_IS_ACCOUNT (self), MP_ROLE_RESELLER);

  return self->role;
}

const char *
mp_account_get_id (MpAccount *self)
{
  g_return_val_if_fail (MP_IS_ACCOUNT (self), NULL);

  return self->id;
}

const char *
mp_account_get_name (MpAccount *self)
{
  g_return_val_if_fail (MP_IS_ACCOUNT (self), NULL);

  return self->name;
}

const char *
mp_account_get_reseller_id (MpAccount *self)
{
  g_return_val_if_fail (MP_IS_ACCOUNT (self), NULL);

  return self->reseller_id;
}

const char *
mp_account_get_user (MpAccount *self)
{
  g_return_val_if_fail (MP_IS_ACCOUNT (self), NULL);

  return self->user;
}

/**
 * mp_account_new_from_json:
 *
 * Parses one account as the server sends it. Returns NULL with an
 * MP_CLIENT_ERROR_BAD_RESPONSE error when a required member is missing.
 */
MpAccount *
mp_account_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(MpAccount) self = g_object_new (MP_TYPE_ACCOUNT, NULL);
  g_autofree char *type = mp_json_dup_string (object, "type");
  int role = mp_enum_from_nick (MP_TYPE_ROLE, type, -1);

  if (role < 0)
    {
      mp_json_set_bad_response (error, "The server sent an account of unknown type “%s”",
                                type ? type : "");
      return NULL;
    }
  self->role = role;
  self->id = mp_json_dup_string (object, "id");
  self->name = mp_json_dup_string (object, "name");
  self->reseller_id = mp_json_dup_string (object, "resellerId");

  return g_steal_pointer (&self);
}

/* The account of a plain SimpleAPI server, which only knows reseller API
 * users: a reseller named after @user, without ID.
 */
MpAccount *
mp_account_new_reseller (const char *user)
{
  MpAccount *self = g_object_new (MP_TYPE_ACCOUNT, NULL);

  self->role = MP_ROLE_RESELLER;
  self->name = g_strdup (user);
  self->user = g_strdup (user);
  return self;
}

void
mp_account_set_user (MpAccount  *self,
                     const char *user)
{
  g_return_if_fail (MP_IS_ACCOUNT (self));

  if (mp_set_str (&self->user, user))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

gboolean
mp_account_is_reseller (MpAccount *self)
{
  g_return_val_if_fail (MP_IS_ACCOUNT (self), FALSE);

  return self->role == MP_ROLE_RESELLER;
}

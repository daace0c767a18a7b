/* sw-transfer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-transfer"

#include "config.h"

#include "sw-core-enums.h"
#include "sw-core-private.h"
#include "sw-transfer-private.h"

typedef struct
{
  SwEngine        *engine;
  GFile           *file;
  char            *name;
  SwTransferState  state;
  GError          *error;
} SwTransferPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SwTransfer, sw_transfer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_FILE,
  PROP_STATE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define PRIV(self) ((SwTransferPrivate *) sw_transfer_get_instance_private (self))

void
_sw_transfer_set_state (SwTransfer      *self,
                        SwTransferState  state)
{
  SwTransferPrivate *priv = PRIV (self);

  if (priv->state == state)
    return;

  priv->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_sw_transfer_end (SwTransfer      *self,
                  SwTransferState  state,
                  const GError    *error)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (error != NULL)
    _sw_set_last_error (G_OBJECT (self), &PRIV (self)->error, error, properties[PROP_ERROR]);
  _sw_transfer_set_state (self, state);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
_sw_transfer_get_name (SwTransfer *self)
{
  return PRIV (self)->name;
}

/**
 * sw_transfer_get_engine:
 *
 * Returns: (transfer none): the engine the file goes through
 */
SwEngine *
sw_transfer_get_engine (SwTransfer *self)
{
  g_return_val_if_fail (SW_IS_TRANSFER (self), NULL);

  return PRIV (self)->engine;
}

/**
 * sw_transfer_get_file:
 *
 * Returns: (transfer none): the file read or written
 */
GFile *
sw_transfer_get_file (SwTransfer *self)
{
  g_return_val_if_fail (SW_IS_TRANSFER (self), NULL);

  return PRIV (self)->file;
}

SwTransferState
sw_transfer_get_state (SwTransfer *self)
{
  g_return_val_if_fail (SW_IS_TRANSFER (self), SW_TRANSFER_STATE_IDLE);

  return PRIV (self)->state;
}

/**
 * sw_transfer_get_error:
 *
 * Returns: (nullable): why it failed
 */
const GError *
sw_transfer_get_error (SwTransfer *self)
{
  g_return_val_if_fail (SW_IS_TRANSFER (self), NULL);

  return PRIV (self)->error;
}

static void
sw_transfer_constructed (GObject *object)
{
  SwTransferPrivate *priv = PRIV (SW_TRANSFER (object));
  g_autofree char *parse_name = NULL;

  G_OBJECT_CLASS (sw_transfer_parent_class)->constructed (object);

  g_assert (SW_IS_ENGINE (priv->engine));
  g_assert (G_IS_FILE (priv->file));

  parse_name = g_file_get_parse_name (priv->file);
  priv->name = g_path_get_basename (parse_name);
}

static void
sw_transfer_finalize (GObject *object)
{
  SwTransferPrivate *priv = PRIV (SW_TRANSFER (object));

  g_clear_object (&priv->engine);
  g_clear_object (&priv->file);
  g_clear_error (&priv->error);
  g_free (priv->name);

  G_OBJECT_CLASS (sw_transfer_parent_class)->finalize (object);
}

static void
sw_transfer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SwTransferPrivate *priv = PRIV (SW_TRANSFER (object));

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, priv->engine);
      break;

    case PROP_FILE:
      g_value_set_object (value, priv->file);
      break;

    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, priv->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_transfer_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SwTransferPrivate *priv = PRIV (SW_TRANSFER (object));

  switch (prop_id)
    {
    case PROP_ENGINE:
      priv->engine = g_value_dup_object (value);
      break;

    case PROP_FILE:
      priv->file = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_transfer_class_init (SwTransferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sw_transfer_constructed;
  object_class->finalize = sw_transfer_finalize;
  object_class->get_property = sw_transfer_get_property;
  object_class->set_property = sw_transfer_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         SW_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       SW_TYPE_TRANSFER_STATE, SW_TRANSFER_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_transfer_init (SwTransfer *self)
{
}

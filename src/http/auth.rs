//! Who is calling, once proven (docs/api.md, "Authentication"): the typed
//! `Caller` every authenticated request carries, and what it may do. How each
//! API family proves it is in `authenticate`.

use super::error::ApiError;
use crate::domain::apikey::ApiKey;
use crate::domain::ids::{KeyId, TenantId, UserId};
use crate::domain::scope::{Scope, ScopeSet};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::Error;
use crate::service::grant::{Granted, Permission};
use crate::service::work::Principal;

/// Who is calling, proven.
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    pub tenant_id: TenantId,
    /// The environment an API key lives in; `None` for an admin token, which
    /// manages keys of both.
    pub environment: Option<Environment>,
    pub scopes: ScopeSet,
    pub user_id: Option<UserId>,
    pub read_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    ApiKey(KeyId),
    /// A person signed in to the approval console.
    User(UserId),
    AdminToken {
        tenant_id: TenantId,
        super_admin: bool,
    },
}

impl Actor {
    pub fn audit_type(&self) -> &'static str {
        match self {
            Actor::ApiKey(_) => "api_key",
            Actor::User(_) => "user",
            Actor::AdminToken { .. } => "admin_token",
        }
    }

    pub fn id(&self) -> String {
        match self {
            Actor::ApiKey(id) => id.to_string(),
            Actor::User(id) => id.to_string(),
            Actor::AdminToken { tenant_id, .. } => tenant_id.to_string(),
        }
    }

    /// The namespace of this actor's idempotency keys.
    pub fn idempotency_scope(&self) -> String {
        format!("{}:{}", self.audit_type(), self.id())
    }
}

impl Caller {
    pub fn of_key(key: &ApiKey) -> Caller {
        Caller {
            actor: Actor::ApiKey(key.id.clone()),
            tenant_id: key.tenant_id.clone(),
            environment: Some(key.environment),
            scopes: key.granted(),
            user_id: key.user_id.clone(),
            read_only: key.read_only,
        }
    }

    /// The books an API key sees: its tenant in its environment.
    pub fn partition(&self) -> Result<Partition, Error> {
        let environment = self.environment.ok_or_else(|| {
            Error::Internal("an admin token reached an endpoint of one environment".into())
        })?;
        Ok(Partition {
            tenant_id: self.tenant_id.clone(),
            environment,
        })
    }

    /// Who acts, for the unit of work.
    pub fn principal(&self) -> Principal {
        match &self.actor {
            Actor::ApiKey(id) => Principal::ApiKey {
                id: id.clone(),
                user_id: self.user_id.clone(),
            },
            Actor::User(id) => Principal::User(id.clone()),
            Actor::AdminToken { tenant_id, .. } => Principal::AdminToken(tenant_id.clone()),
        }
    }

    /// The caller's grant of `S`, which the service function needing it
    /// demands (403 unless the caller holds it).
    pub fn require<S: Permission>(&self) -> Result<Granted<S>, ApiError> {
        self.holds(S::SCOPE)?;
        Granted::check(&self.scopes).ok_or_else(|| {
            Error::Internal(format!("scope {} held but not granted", S::SCOPE)).into()
        })
    }

    /// 403 unless the caller holds `scope`.
    pub fn holds(&self, scope: Scope) -> Result<(), ApiError> {
        if self.scopes.contains(scope) {
            Ok(())
        } else if self.read_only && !scope.is_read() {
            Err(ApiError::forbidden(
                "missing_scope",
                format!("this API key is read-only; '{scope}' needs a read-write key"),
            ))
        } else {
            Err(ApiError::forbidden(
                "missing_scope",
                format!("this API key lacks the '{scope}' scope"),
            ))
        }
    }
}

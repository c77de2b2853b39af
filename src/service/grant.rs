//! Permissions as values (docs/architecture.md, "Service layer"): a service
//! function that needs a scope takes a `Granted<S>` for it, which only a
//! check of the caller's scopes (or the operator's own authority at the CLI)
//! produces. A write path that forgets its check does not compile.

use crate::domain::scope::{Scope, ScopeSet};
use std::marker::PhantomData;

/// A scope known at compile time.
pub trait Permission {
    const SCOPE: Scope;
}

/// Proof that the acting principal holds the scope `S`.
#[derive(Debug)]
pub struct Granted<S: Permission>(PhantomData<S>);

impl<S: Permission> Granted<S> {
    /// The grant, if `scopes` holds `S`.
    pub fn check(scopes: &ScopeSet) -> Option<Granted<S>> {
        scopes.contains(S::SCOPE).then_some(Granted(PhantomData))
    }

    /// The operator at the machine holds every scope: whoever can run the CLI
    /// can open the data directory (docs/security.md).
    pub fn operator() -> Granted<S> {
        Granted(PhantomData)
    }

    /// A person signed in to the console with their password: what they may
    /// do is decided by their role, checked by the action itself (approvers
    /// by `domain::activity::cast`).
    pub fn signed_in() -> Granted<S> {
        Granted(PhantomData)
    }
}

/// Proof that the acting principal administers the tenant `tenant_id`: its
/// admin token, the super-admin's, or the operator at the CLI.
#[derive(Debug)]
pub struct TenantAdmin {
    tenant_id: String,
}

impl TenantAdmin {
    /// Made by the admin API once the token is seen to reach `tenant_id`,
    /// and by the CLI for the operator.
    pub fn vouched(tenant_id: String) -> TenantAdmin {
        TenantAdmin { tenant_id }
    }

    pub fn tenant_id(&self) -> &str {
        &self.tenant_id
    }
}

/// Proof that the acting principal is the super-admin: the base tenant's
/// admin token, or the operator at the CLI. Only it makes subwallets.
#[derive(Debug)]
pub struct SuperAdmin(());

impl SuperAdmin {
    /// Made by the admin API once the token is seen to be the base tenant's,
    /// and by the CLI for the operator.
    pub fn vouched() -> SuperAdmin {
        SuperAdmin(())
    }
}

macro_rules! permissions {
    ($($name:ident),* $(,)?) => {
        $(
            #[derive(Debug)]
            pub struct $name;
            impl Permission for $name {
                const SCOPE: Scope = Scope::$name;
            }
        )*
    };
}

permissions!(
    TransfersCreate,
    WithdrawalsCreate,
    ApprovalsWrite,
    AddressBookWrite,
    UsersWrite,
    WalletsCreate,
    VaultsWrite,
    SandboxWrite,
    Signer,
    WebhooksWrite,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_needs_its_scope() {
        let scopes = ScopeSet::from_iter([Scope::TransfersCreate]);
        assert!(Granted::<TransfersCreate>::check(&scopes).is_some());
        assert!(Granted::<WithdrawalsCreate>::check(&scopes).is_none());
    }
}

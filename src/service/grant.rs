//! Permissions as values (docs/architecture.md, "Service layer"): a service
//! function that needs a scope takes a `Granted<S>` for it, which only a
//! check of the caller's scopes (or the operator's own authority at the CLI)
//! produces. A write path that forgets its check does not compile.
//!
//! Who may mint each capability (enforced by `only_the_edges_mint` below,
//! since Rust cannot make a constructor visible to two sibling modules only):
//!
//! | capability | minted by | after |
//! | --- | --- | --- |
//! | `Granted<S>` (`check`) | `http::auth` (`Caller::require`) | the request was authenticated and its key holds `S` |
//! | `Granted<S>` (`signed_in`) | `http::console` page handlers | the pipeline found the console session (`Session`) |
//! | `Granted<S>` (`operator`) | unit tests only (`#[cfg(test)]`) | nothing: the CLI needs no scoped grant |
//! | `TenantAdmin` | `http::admin`, `http::console::people`, `cli`; `SuperAdmin::administers` | the admin token reaches the tenant; the session's user is its admin; the operator opened the data dir |
//! | `SuperAdmin` | `http::admin`, `cli` | the token is the base tenant's; the operator opened (or `init`s) the data dir |
//!
//! Any other module that calls one fails `cargo test --lib`: add a real
//! authentication step, not a line to the table.

use crate::domain::ids::TenantId;
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
    /// The grant, if `scopes` holds `S`: for `http::auth`, with the
    /// authenticated caller's scopes.
    pub(crate) fn check(scopes: &ScopeSet) -> Option<Granted<S>> {
        scopes.contains(S::SCOPE).then_some(Granted(PhantomData))
    }

    /// The operator at the machine holds every scope: whoever can run the CLI
    /// can open the data directory (docs/security.md). Only tests use it: the
    /// CLI's commands need no scoped grant.
    #[cfg(test)]
    pub(crate) fn operator() -> Granted<S> {
        Granted(PhantomData)
    }

    /// A person signed in to the console with their password: what they may
    /// do is decided by their role, checked by the action itself (approvers
    /// by `domain::activity::cast`). For `http::console` handlers, which
    /// cannot run without the session.
    pub(crate) fn signed_in() -> Granted<S> {
        Granted(PhantomData)
    }
}

/// Proof that the acting principal administers the tenant `tenant_id`: its
/// admin token, the super-admin's, or the operator at the CLI.
#[derive(Debug)]
pub struct TenantAdmin {
    tenant_id: TenantId,
}

impl TenantAdmin {
    /// Made by the admin API once the token is seen to reach `tenant_id`, by
    /// the console for a signed-in admin of the tenant, and by the CLI for the
    /// operator; the super-admin's is `SuperAdmin::administers`.
    pub(crate) fn vouched(tenant_id: TenantId) -> TenantAdmin {
        TenantAdmin { tenant_id }
    }

    pub fn tenant_id(&self) -> &TenantId {
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
    pub(crate) fn vouched() -> SuperAdmin {
        SuperAdmin(())
    }

    /// The super-admin administers every tenant (its subwallets, and the base
    /// tenant `init` makes).
    pub fn administers(&self, tenant_id: TenantId) -> TenantAdmin {
        TenantAdmin { tenant_id }
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

    /// The mints of the table in the module's comment, and where each may be
    /// called (a path prefix below `src/`); test files may call any.
    const MINTS: [(&str, &[&str]); 5] = [
        ("Granted::check(", &["http/auth.rs"]),
        ("::signed_in()", &["http/console/"]),
        ("::operator()", &[]),
        (
            "TenantAdmin::vouched(",
            &[
                "http/admin.rs",
                "http/console/people.rs",
                "cli/",
                "service/provision.rs",
            ],
        ),
        ("SuperAdmin::vouched(", &["http/admin.rs", "cli/"]),
    ];

    fn sources(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src/ is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }

    #[test]
    fn only_the_edges_mint() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        let mut forged = Vec::new();
        for file in files {
            let name = file
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let is_test = name.ends_with("tests.rs") || name == "service/grant.rs";
            let text = std::fs::read_to_string(&file).unwrap();
            for (mint, allowed) in MINTS {
                let mints = text.contains(mint)
                    || (mint == "Granted::check(" && text.contains(">::check("));
                if mints && !is_test && !allowed.iter().any(|a| name.starts_with(a)) {
                    forged.push(format!("{name}: {mint}"));
                }
            }
        }
        assert!(
            forged.is_empty(),
            "capabilities minted outside the edges: {forged:?}"
        );
    }
}

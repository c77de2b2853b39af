//! Scopes and roles (docs/api.md, "Authentication"). A key holds a `ScopeSet`: the union of its roles'
//! bundles and its explicit scopes.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    AssetsRead,
    VaultsRead,
    VaultsWrite,
    WalletsRead,
    WalletsCreate,
    TransactionsRead,
    TransfersCreate,
    WithdrawalsCreate,
    AddressBookRead,
    AddressBookWrite,
    WebhooksRead,
    WebhooksWrite,
    UsersRead,
    UsersWrite,
    ApprovalsWrite,
    AuditRead,
    SandboxWrite,
    Signer,
}

impl Scope {
    pub const ALL: [Scope; 18] = [
        Scope::AssetsRead,
        Scope::VaultsRead,
        Scope::VaultsWrite,
        Scope::WalletsRead,
        Scope::WalletsCreate,
        Scope::TransactionsRead,
        Scope::TransfersCreate,
        Scope::WithdrawalsCreate,
        Scope::AddressBookRead,
        Scope::AddressBookWrite,
        Scope::WebhooksRead,
        Scope::WebhooksWrite,
        Scope::UsersRead,
        Scope::UsersWrite,
        Scope::ApprovalsWrite,
        Scope::AuditRead,
        Scope::SandboxWrite,
        Scope::Signer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::AssetsRead => "assets:read",
            Scope::VaultsRead => "vaults:read",
            Scope::VaultsWrite => "vaults:write",
            Scope::WalletsRead => "wallets:read",
            Scope::WalletsCreate => "wallets:create",
            Scope::TransactionsRead => "transactions:read",
            Scope::TransfersCreate => "transfers:create",
            Scope::WithdrawalsCreate => "withdrawals:create",
            Scope::AddressBookRead => "address_book:read",
            Scope::AddressBookWrite => "address_book:write",
            Scope::WebhooksRead => "webhooks:read",
            Scope::WebhooksWrite => "webhooks:write",
            Scope::UsersRead => "users:read",
            Scope::UsersWrite => "users:write",
            Scope::ApprovalsWrite => "approvals:write",
            Scope::AuditRead => "audit:read",
            Scope::SandboxWrite => "sandbox:write",
            Scope::Signer => "signer",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|scope| scope.as_str() == s)
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }

    pub fn is_read(self) -> bool {
        self.as_str().ends_with(":read")
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Viewer,
    Auditor,
    Operator,
    Treasurer,
    Signer,
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Viewer,
        Role::Auditor,
        Role::Operator,
        Role::Treasurer,
        Role::Signer,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Auditor => "auditor",
            Role::Operator => "operator",
            Role::Treasurer => "treasurer",
            Role::Signer => "signer",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == s)
    }

    pub fn scopes(self) -> ScopeSet {
        let reads_but_audit = ScopeSet::from_iter(
            Scope::ALL
                .into_iter()
                .filter(|s| s.is_read() && *s != Scope::AuditRead),
        );
        match self {
            Role::Viewer => reads_but_audit,
            Role::Auditor => reads_but_audit.with(Scope::AuditRead),
            Role::Operator => reads_but_audit
                .with(Scope::VaultsWrite)
                .with(Scope::WalletsCreate)
                .with(Scope::TransfersCreate),
            Role::Treasurer => Role::Operator
                .scopes()
                .with(Scope::WithdrawalsCreate)
                .with(Scope::AddressBookWrite),
            Role::Signer => ScopeSet::EMPTY.with(Scope::Signer),
            Role::Admin => ScopeSet::from_iter(Scope::ALL),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScopeSet(u32);

impl ScopeSet {
    pub const EMPTY: ScopeSet = ScopeSet(0);

    pub fn with(self, scope: Scope) -> ScopeSet {
        ScopeSet(self.0 | scope.bit())
    }

    pub fn union(self, other: ScopeSet) -> ScopeSet {
        ScopeSet(self.0 | other.0)
    }

    pub fn contains(self, scope: Scope) -> bool {
        self.0 & scope.bit() != 0
    }

    /// What a key grants: its roles' bundles plus its explicit scopes.
    pub fn granted(roles: &[Role], scopes: &[Scope]) -> ScopeSet {
        roles
            .iter()
            .map(|r| r.scopes())
            .chain(scopes.iter().map(|s| ScopeSet::EMPTY.with(*s)))
            .fold(ScopeSet::EMPTY, ScopeSet::union)
    }

    /// Keeps only read scopes: what a read-only key may use.
    pub fn read_only(self) -> ScopeSet {
        ScopeSet::from_iter(
            Scope::ALL
                .into_iter()
                .filter(|s| s.is_read() && self.contains(*s)),
        )
    }

    pub fn iter(self) -> impl Iterator<Item = Scope> {
        Scope::ALL.into_iter().filter(move |s| self.contains(*s))
    }
}

impl FromIterator<Scope> for ScopeSet {
    fn from_iter<I: IntoIterator<Item = Scope>>(iter: I) -> Self {
        iter.into_iter().fold(ScopeSet::EMPTY, ScopeSet::with)
    }
}

/// Parses a list of role names, naming the first unknown one and the valid ones.
pub fn parse_roles<S: AsRef<str>>(names: &[S]) -> Result<Vec<Role>, String> {
    let valid = || Role::ALL.map(Role::as_str).join(", ");
    names
        .iter()
        .map(|n| {
            Role::parse(n.as_ref())
                .ok_or_else(|| format!("unknown role '{}' (roles: {})", n.as_ref(), valid()))
        })
        .collect()
}

/// Parses a list of scope names, naming the first unknown one and the valid ones.
pub fn parse_scopes<S: AsRef<str>>(names: &[S]) -> Result<Vec<Scope>, String> {
    let valid = || Scope::ALL.map(Scope::as_str).join(" ");
    names
        .iter()
        .map(|n| {
            Scope::parse(n.as_ref())
                .ok_or_else(|| format!("unknown scope '{}' (scopes: {})", n.as_ref(), valid()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_round_trips_through_its_name() {
        for s in Scope::ALL {
            assert_eq!(Scope::parse(s.as_str()), Some(s));
        }
        assert_eq!(Scope::parse("vaults:delete"), None);
    }

    #[test]
    fn viewer_reads_everything_but_audit() {
        let v = Role::Viewer.scopes();
        assert!(v.contains(Scope::VaultsRead));
        assert!(v.contains(Scope::UsersRead));
        assert!(!v.contains(Scope::AuditRead));
        assert!(!v.contains(Scope::VaultsWrite));
        assert!(!v.contains(Scope::Signer));
        assert!(Role::Auditor.scopes().contains(Scope::AuditRead));
    }

    #[test]
    fn role_bundles_nest_as_specified() {
        let op = Role::Operator.scopes();
        assert!(op.contains(Scope::TransfersCreate));
        assert!(!op.contains(Scope::WithdrawalsCreate));
        let tr = Role::Treasurer.scopes();
        assert!(tr.contains(Scope::TransfersCreate));
        assert!(tr.contains(Scope::WithdrawalsCreate));
        assert!(tr.contains(Scope::AddressBookWrite));
        assert!(!tr.contains(Scope::WebhooksWrite));
        assert_eq!(
            Role::Signer.scopes().iter().collect::<Vec<_>>(),
            [Scope::Signer]
        );
        assert_eq!(Role::Admin.scopes().iter().count(), Scope::ALL.len());
    }

    #[test]
    fn granted_is_union_and_read_only_strips_writes() {
        let g = ScopeSet::granted(&[Role::Signer], &[Scope::VaultsWrite, Scope::VaultsRead]);
        assert!(g.contains(Scope::Signer) && g.contains(Scope::VaultsWrite));
        let ro = g.read_only();
        assert!(ro.contains(Scope::VaultsRead));
        assert!(!ro.contains(Scope::VaultsWrite) && !ro.contains(Scope::Signer));
    }

    #[test]
    fn parse_lists_name_the_bad_entry() {
        assert_eq!(
            parse_roles(&["viewer", "boss"]),
            Err(
                "unknown role 'boss' (roles: viewer, auditor, operator, treasurer, signer, admin)"
                    .into()
            )
        );
        assert_eq!(parse_scopes(&["vaults:read"]), Ok(vec![Scope::VaultsRead]));
    }
}

//! What a person deciding a request needs to see (docs/console.md): the
//! object in words (amount, asset, vault, destination and its label, or the
//! change to a user), who asked, the rule that matched, who decided what, and
//! whether this person may decide, judged by the same `activity::cast` the
//! vote itself runs.

use crate::clock::Timestamp;
use crate::domain::activity::{self, Activity, Approval, Ballot, Credential, Vote};
use crate::domain::asset::Assets;
use crate::domain::ids::{
    ActivityId, AddressBookEntryId, TenantId, TransactionId, TypedId, UserId, VaultId,
};
use crate::domain::money::format_amount;
use crate::domain::policy::{Decision, Policy, Request};
use crate::domain::tenancy::Partition;
use crate::domain::transaction::Transaction;
use crate::domain::user::{PasswordSource, User};
use crate::domain::Error;
use crate::service::policies;
use crate::store;
use rusqlite::Connection;

/// The object of a request, as a person reads it.
#[derive(Debug, Clone)]
pub enum Subject {
    Withdrawal {
        tx: Box<Transaction>,
        amount: String,
        fee: String,
        vault: String,
        wallet: String,
        /// The address-book label of the destination.
        label: Option<String>,
    },
    Wallet {
        asset: String,
        vault: String,
        vault_id: String,
        label: Option<String>,
    },
    AddressEntry {
        asset: String,
        address: String,
        label: String,
    },
    UserChange {
        /// Who the change is about ("Ann <ann@example.com>").
        who: String,
        change: String,
    },
    /// The live policy document that would replace the one in force.
    PolicyChange { policy: Box<Policy> },
    /// The object is gone (a refused wallet or user is removed).
    Gone,
}

/// A decision with the decider's name.
#[derive(Debug, Clone)]
pub struct Decided {
    pub approval: Approval,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Briefing {
    pub partition: Partition,
    pub activity: Activity,
    pub subject: Subject,
    /// The initiating user's email, when a user asked.
    pub initiator_email: Option<String>,
    pub decisions: Vec<Decided>,
    /// The policy rule that asked for approvals, in words.
    pub rule: Option<String>,
}

impl Briefing {
    pub fn approvals_so_far(&self) -> usize {
        self.decisions
            .iter()
            .filter(|d| d.approval.decision == Vote::Approve.decision())
            .count()
    }

    /// Whether `user` may cast `vote` now, and if not why: the check the vote
    /// itself makes, so the page never offers what would be refused.
    pub fn may(&self, user: &User, vote: Vote, now: Timestamp) -> Result<(), Error> {
        let approvals: Vec<Approval> = self.decisions.iter().map(|d| d.approval.clone()).collect();
        let ballot = Ballot {
            voter: user,
            credential: Credential::Password {
                at_cli: user.password_set_by == Some(PasswordSource::Cli),
            },
            vote,
        };
        activity::cast(
            &self.activity,
            self.partition.environment,
            &approvals,
            ballot,
            now,
        )
        .map(|_| ())
    }
}

/// What a briefing reads: the connection, the configured assets and the
/// books the activity is in.
struct Reader<'a> {
    conn: &'a Connection,
    assets: &'a Assets,
    p: Partition,
}

/// Missing objects are `Gone`; other errors stay errors.
fn or_gone(r: Result<Subject, Error>) -> Result<Subject, Error> {
    match r {
        Err(Error::NotFound { .. }) => Ok(Subject::Gone),
        other => other,
    }
}

impl Reader<'_> {
    fn name_of(&self, user_id: &UserId) -> Result<String, Error> {
        match store::users::get(self.conn, &self.p.tenant_id, user_id) {
            Ok(u) => Ok(u.name),
            Err(Error::NotFound { .. }) => Ok("a removed user".into()),
            Err(e) => Err(e),
        }
    }

    fn vault_name(&self, id: Option<&VaultId>) -> Result<String, Error> {
        let Some(id) = id else {
            return Ok(String::new());
        };
        match store::vaults::get(self.conn, &self.p, id) {
            Ok(v) => Ok(v.name),
            Err(Error::NotFound { .. }) => Ok(id.to_string()),
            Err(e) => Err(e),
        }
    }

    fn subject(&self, a: &Activity) -> Result<Subject, Error> {
        let (conn, assets, p) = (self.conn, self.assets, &self.p);
        let id = a.object_id.as_str();
        or_gone(match a.object_type.as_str() {
            "transaction" => (|| {
                let tx = store::transactions::get(conn, p, &TransactionId::from_stored(id.into()))?;
                let decimals = assets.of_stored(&tx.asset_id)?.decimals;
                let wallet = match tx.details.source_wallet_id() {
                    Some(w) => store::wallets::get(conn, p, w)?
                        .label
                        .unwrap_or_else(|| format!("{} wallet", tx.asset_id)),
                    None => String::new(),
                };
                let label = match tx.details.address_book_entry_id() {
                    Some(e) => Some(store::address_book::get(conn, p, e)?.label),
                    None => None,
                };
                Ok(Subject::Withdrawal {
                    amount: format_amount(tx.amount, decimals),
                    fee: format_amount(tx.fee, decimals),
                    vault: self.vault_name(tx.details.source_vault_id())?,
                    wallet,
                    label,
                    tx: Box::new(tx),
                })
            })(),
            "wallet" => store::wallets::get(conn, p, id).and_then(|w| {
                Ok(Subject::Wallet {
                    vault: self.vault_name(Some(&w.vault_id))?,
                    vault_id: w.vault_id.into(),
                    asset: w.asset_id,
                    label: w.label,
                })
            }),
            "address_book_entry" => {
                let id = AddressBookEntryId::from_stored(id.into());
                store::address_book::get(conn, p, &id).map(|e| Subject::AddressEntry {
                    asset: e.asset_id,
                    address: e.address,
                    label: e.label,
                })
            }
            "user" => store::users::change(conn, &a.id).and_then(|(user_id, change)| {
                let who = match store::users::get(conn, &p.tenant_id, &user_id) {
                    Ok(u) => format!("{} <{}>", u.name, u.email),
                    Err(Error::NotFound { .. }) => "a user no longer on file".into(),
                    Err(e) => return Err(e),
                };
                Ok(Subject::UserChange {
                    who,
                    change: change.describe(),
                })
            }),
            "policy" => store::policies::held_change(conn, &a.id).and_then(|text| {
                let doc: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_str(&text)
                        .map_err(|e| Error::Internal(format!("held policy {}: {e}", a.id)))?;
                let (rules, velocity_limits) = crate::domain::policy::parse_document(&doc, assets)?;
                Ok(Subject::PolicyChange {
                    policy: Box::new(Policy {
                        version: 0,
                        rules,
                        velocity_limits,
                        updated_at: None,
                    }),
                })
            }),
            _ => Ok(Subject::Gone),
        })
    }

    /// The rule of the activity's policy version that asked for approvals.
    fn rule(&self, a: &Activity, subject: &Subject) -> Result<Option<String>, Error> {
        let assets = self.assets;
        if a.action.is_governance() {
            return Ok(Some(
                "a change to who can approve needs the quorum of the strictest live rule".into(),
            ));
        }
        let Some(version) = a.policy_version.filter(|v| *v > 0) else {
            return Ok(None);
        };
        let Some(policy) = policies::at_version(self.conn, &self.p, version, assets)? else {
            return Ok(None);
        };
        let request = match subject {
            Subject::Withdrawal { tx, .. } => Request {
                action: a.action,
                asset_id: &tx.asset_id,
                vault_id: tx.details.source_vault_id().map(VaultId::as_str),
                amount: Some((tx.amount, assets.of_stored(&tx.asset_id)?.decimals)),
            },
            Subject::Wallet {
                asset, vault_id, ..
            } => Request {
                action: a.action,
                asset_id: asset,
                vault_id: Some(vault_id),
                amount: None,
            },
            Subject::AddressEntry { asset, .. } => Request {
                action: a.action,
                asset_id: asset,
                vault_id: None,
                amount: None,
            },
            Subject::UserChange { .. } | Subject::PolicyChange { .. } | Subject::Gone => {
                return Ok(None)
            }
        };
        Ok(match policy.decide(&request) {
            (Decision::RequireApprovals { approvals, role }, Some(r)) => Some(format!(
                "\u{201c}{}\u{201d} (policy version {version}): {approvals} approval{} by {}s",
                r.name,
                if approvals == 1 { "" } else { "s" },
                role.as_str()
            )),
            _ => None,
        })
    }

    fn briefing(self, a: Activity) -> Result<Briefing, Error> {
        let subject = self.subject(&a)?;
        let rule = self.rule(&a, &subject)?;
        let initiator_email = match a.initiator.kind {
            // A user initiator's id is the user's, as the activity recorded it.
            "User" => match store::users::get(
                self.conn,
                &self.p.tenant_id,
                &UserId::from_stored(a.initiator.id.clone()),
            ) {
                Ok(u) => Some(u.email),
                Err(Error::NotFound { .. }) => None,
                Err(e) => return Err(e),
            },
            _ => None,
        };
        let decisions = store::activities::approvals(self.conn, &a.id)?
            .into_iter()
            .map(|approval| {
                Ok(Decided {
                    name: self.name_of(&approval.user_id)?,
                    approval,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Briefing {
            partition: self.p,
            activity: a,
            subject,
            initiator_email,
            decisions,
            rule,
        })
    }
}

/// The briefing on activity `id` of the tenant.
pub fn brief(
    conn: &Connection,
    assets: &Assets,
    tenant_id: &TenantId,
    id: &ActivityId,
) -> Result<Briefing, Error> {
    let (p, a) = store::activities::get_in_tenant(conn, tenant_id, id)?;
    Reader { conn, assets, p }.briefing(a)
}

/// The tenant's pending requests (newest first), or its decided ones (most
/// recently closed first), briefed.
pub fn list(
    conn: &Connection,
    assets: &Assets,
    tenant_id: &TenantId,
    pending: bool,
) -> Result<Vec<Briefing>, Error> {
    let found = if pending {
        store::activities::pending_in_tenant(conn, tenant_id, 100)?
    } else {
        store::activities::decided_in_tenant(conn, tenant_id, 100)?
    };
    found
        .into_iter()
        .map(|(p, a)| Reader { conn, assets, p }.briefing(a))
        .collect()
}

//! The approval policy in force, replacing it, and judging a request by it:
//! the one gate that wallet creation, address-book additions and withdrawals
//! pass (docs/api.md, "Consensus").

use crate::domain::asset::{Asset, Assets};
use crate::domain::ids::{ActivityId, TenantId, TypedId, VaultId};
use crate::domain::money::{format_amount, Amount};
use crate::domain::policy::{self, Decision, Policy, Request};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::user::UserRole;
use crate::domain::Error;
use crate::service::work::Work;
use crate::store::{self, policies::StoredPolicy};
use serde_json::{Map, Value};

/// What a request needs before it takes effect, as the policy said when it
/// was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requirement {
    pub approvals: u32,
    pub role: UserRole,
    pub policy_version: i64,
}

/// Stored documents name assets that may since have been disabled; they
/// still load (a request for a disabled asset is refused elsewhere).
fn any_configured(assets: &Assets) -> Assets {
    Assets::new(
        assets
            .all()
            .iter()
            .cloned()
            .map(|mut a| {
                a.enabled = true;
                a
            })
            .collect(),
    )
}

/// The policy in force; version 0 with no rules before the first `PUT`.
pub fn current(
    conn: &rusqlite::Connection,
    p: &Partition,
    assets: &Assets,
) -> Result<Policy, Error> {
    let Some(stored) = store::policies::current(conn, p)? else {
        return Ok(Policy::default());
    };
    parse_stored(&stored, assets)
}

/// The policy as it was at `version` (0 or a version never written: none).
pub fn at_version(
    conn: &rusqlite::Connection,
    p: &Partition,
    version: i64,
    assets: &Assets,
) -> Result<Option<Policy>, Error> {
    match store::policies::at_version(conn, p, version)? {
        Some(stored) => parse_stored(&stored, assets).map(Some),
        None => Ok(None),
    }
}

fn parse_stored(stored: &StoredPolicy, assets: &Assets) -> Result<Policy, Error> {
    let doc: Map<String, Value> = serde_json::from_str(&stored.document).map_err(|e| {
        Error::Internal(format!(
            "policy version {} is not JSON: {e}",
            stored.version
        ))
    })?;
    let (rules, velocity_limits) = policy::parse_document(&doc, &any_configured(assets))
        .map_err(|e| Error::Internal(format!("policy version {}: {e}", stored.version)))?;
    Ok(Policy {
        version: stored.version,
        rules,
        velocity_limits,
        updated_at: Some(stored.created_at),
    })
}

/// The quorum a change to who decides in `tenant_id` (its users, or its live
/// policy) waits for: the strictest of the tenant's **live** policy, whichever
/// environment the change came from, since users serve both. `None` when no
/// live rule requires approvals (docs/security.md, "Who can approve").
pub fn governance_requirement(
    conn: &rusqlite::Connection,
    tenant_id: &TenantId,
    assets: &Assets,
) -> Result<Option<Requirement>, Error> {
    let live = Partition {
        tenant_id: tenant_id.clone(),
        environment: Environment::Live,
    };
    let policy = current(conn, &live, assets)?;
    Ok(policy
        .strictest_quorum()
        .map(|(approvals, role)| Requirement {
            approvals,
            role,
            policy_version: policy.version,
        }))
}

/// Replaces the whole document with a new version.
pub fn replace(work: &Work, assets: &Assets, doc: &Map<String, Value>) -> Result<Policy, Error> {
    let (conn, p, now) = (work.conn, &work.p, work.now);
    let (rules, velocity_limits) = check(work, assets, doc)?;
    let previous = store::policies::current(conn, p)?.map_or(0, |s| s.version);
    let policy = Policy {
        version: previous + 1,
        rules,
        velocity_limits,
        updated_at: Some(now),
    };
    store::policies::insert(
        conn,
        p,
        &StoredPolicy {
            version: policy.version,
            document: policy::render_document(&policy, assets).to_string(),
            created_at: now,
        },
    )?;
    Ok(policy)
}

/// A document's rules and limits, refused (400 naming the field) unless it
/// parses and its vault ids name vaults of the partition.
pub fn check(
    work: &Work,
    assets: &Assets,
    doc: &Map<String, Value>,
) -> Result<(Vec<policy::Rule>, Vec<policy::VelocityLimit>), Error> {
    let (rules, velocity_limits) = policy::parse_document(doc, assets)?;
    let vaults = rules
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r.vault_id
                .as_ref()
                .map(|v| (format!("rules[{i}].vaultId"), v))
        })
        .chain(velocity_limits.iter().enumerate().filter_map(|(i, l)| {
            l.vault_id
                .as_ref()
                .map(|v| (format!("velocityLimits[{i}].vaultId"), v))
        }));
    for (field, vault_id) in vaults {
        // Canonical already: the document's parser checked it.
        let id = VaultId::from_stored(vault_id.clone());
        if let Err(Error::NotFound { .. }) = store::vaults::get(work.conn, &work.p, &id) {
            return Err(Error::field(
                field,
                format!("no vault with id '{vault_id}'"),
            ));
        }
    }
    Ok((rules, velocity_limits))
}

/// `{version, rules, velocityLimits, updatedAt, activityId}`; `activityId`
/// names the activity a held change waits on (docs/security.md).
pub fn render(policy: &Policy, assets: &Assets, held_by: Option<&str>) -> Value {
    let mut v = policy::render_document(policy, assets);
    v["version"] = Value::from(policy.version);
    v["updatedAt"] = policy
        .updated_at
        .map_or(Value::Null, |t| Value::from(t.to_rfc3339()));
    v["activityId"] = held_by.map_or(Value::Null, Value::from);
    v
}

/// Judges a request by the first matching rule: `Err` 422 `policy_blocked`
/// when blocked, `Some` when it must wait for approvals.
pub fn gate(policy: &Policy, request: &Request) -> Result<Option<Requirement>, Error> {
    match policy.decide(request) {
        (Decision::Allow, _) => Ok(None),
        (Decision::Block, rule) => Err(Error::refused(
            "policy_blocked",
            format!(
                "the policy rule '{}' blocks this {}",
                rule.map_or("", |r| r.name.as_str()),
                request.action.as_str()
            ),
        )),
        (Decision::RequireApprovals { approvals, role }, _) => Ok(Some(Requirement {
            approvals,
            role,
            policy_version: policy.version,
        })),
    }
}

/// Marks an object the policy holds for approvals: it takes its `pending`
/// status and the id of the activity that will hold it (the one preassigned,
/// or a new one; `requests` records the activity under that id). Says
/// whether it was held.
pub fn hold_if_required<S>(
    requirement: Option<&Requirement>,
    status: &mut S,
    pending: S,
    activity_id: &mut Option<ActivityId>,
) -> bool {
    if requirement.is_none() {
        return false;
    }
    *status = pending;
    activity_id.get_or_insert_with(ActivityId::mint);
    true
}

/// Refuses a withdrawal (422 `velocity_limit_exceeded`) that would take the
/// vault's withdrawals of the asset in a limit's window over its amount.
pub fn check_velocity(
    work: &Work,
    policy: &Policy,
    vault_id: &str,
    asset: &Asset,
    amount: Amount,
) -> Result<(), Error> {
    let (conn, p, now) = (work.conn, &work.p, work.now);
    for limit in policy.limits_for(&asset.id, vault_id) {
        let already = store::transactions::withdrawn_since(
            conn,
            p,
            vault_id,
            &asset.id,
            limit.window_start(now),
        )?;
        if !limit.allows(already, amount) {
            return Err(Error::refused(
                "velocity_limit_exceeded",
                format!(
                    "vault {vault_id} may withdraw at most {} {} per {} h; {} already counts in the window",
                    format_amount(limit.amount, asset.decimals),
                    asset.id,
                    limit.window_hours,
                    format_amount(already, asset.decimals)
                ),
            ));
        }
    }
    Ok(())
}

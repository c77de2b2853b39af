//! Changing the live policy while it requires approvals: the new document
//! waits, as a `policy_change` activity, for the approvers of the policy in
//! force, so that no single credential can loosen the rules that bind it
//! (docs/security.md, "Who can approve").

use crate::domain::activity::Activity;
use crate::domain::ids::ActivityId;
use crate::domain::policy::Policy;
use crate::domain::tenancy::Environment;
use crate::domain::Error;
use crate::service::grant::{Granted, UsersWrite};
use crate::service::ledger::Ledger;
use crate::service::work::Work;
use crate::service::{policies, requests};
use crate::store;
use serde_json::{Map, Value};

/// What became of a new document.
#[derive(Debug)]
pub enum Proposed {
    /// In force now.
    Applied(Policy),
    /// Waiting for approvals; `current` stays in force until then.
    Held { current: Policy, activity: Activity },
}

/// A new document for the work's books: checked at once (a bad one is
/// refused, never held), then in force, or held when the books are live and
/// their tenant's live policy requires approvals for anything.
pub fn propose(
    ledger: &Ledger,
    work: &Work,
    _: &Granted<UsersWrite>,
    doc: &Map<String, Value>,
) -> Result<Proposed, Error> {
    let (conn, p, now) = (work.conn, &work.p, work.now);
    let assets = &ledger.assets;
    let requirement = match p.environment {
        Environment::Live => policies::governance_requirement(conn, &p.tenant_id, assets)?,
        Environment::Test => None,
    };
    let Some(requirement) = requirement else {
        return Ok(Proposed::Applied(policies::replace(work, assets, doc)?));
    };
    policies::check(work, assets, doc)?;
    let activity = requests::policy_change(ledger, work, requirement)?;
    store::policies::hold_change(
        conn,
        &activity.id,
        &Value::Object(doc.clone()).to_string(),
        now,
    )?;
    Ok(Proposed::Held {
        current: policies::current(conn, p, assets)?,
        activity,
    })
}

/// An approved `policy_change` takes effect as the next version.
pub fn carry_out(ledger: &Ledger, work: &Work, activity_id: &ActivityId) -> Result<Policy, Error> {
    let conn = work.conn;
    let text = store::policies::held_change(conn, activity_id)?;
    let doc: Map<String, Value> = serde_json::from_str(&text)
        .map_err(|e| Error::Internal(format!("held policy {activity_id} is not JSON: {e}")))?;
    policies::replace(work, &ledger.assets, &doc)
}

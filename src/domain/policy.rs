//! Approval policies (docs/api.md, "Consensus"): ordered rules, the first match decides, and
//! velocity limits per vault and asset over a rolling window. Pure: the store
//! supplies the document and the amounts already spent, the caller `now`.

use super::activity::Action;
use super::money::Amount;
use super::user::UserRole;
use crate::clock::Timestamp;
pub use document::{parse_document, render_document};

mod document;

/// Thresholds are kept at this many decimals (the most any asset has), so a
/// rule without an asset can be compared with any asset's amounts.
const THRESHOLD_DECIMALS: u32 = 18;
pub const MAX_RULES: usize = 100;
pub const MAX_VELOCITY_LIMITS: usize = 100;
pub const MAX_APPROVALS: u32 = 20;
pub const MAX_WINDOW_HOURS: u32 = 24 * 366;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    RequireApprovals { approvals: u32, role: UserRole },
    Block,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub name: String,
    pub action: Action,
    pub asset_id: Option<String>,
    pub vault_id: Option<String>,
    /// Whole units at `THRESHOLD_DECIMALS`, as given.
    pub min_amount: Option<Amount>,
    pub max_amount: Option<Amount>,
    pub decision: Decision,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VelocityLimit {
    pub asset_id: String,
    pub vault_id: Option<String>,
    /// Atomic units of the asset.
    pub amount: Amount,
    pub window_hours: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Policy {
    /// 0 until the first `PUT /v1/policies`.
    pub version: i64,
    pub rules: Vec<Rule>,
    pub velocity_limits: Vec<VelocityLimit>,
    pub updated_at: Option<Timestamp>,
}

/// What is being asked: withdrawals have an amount (atomic units at the
/// asset's `decimals`); address-book entries have no vault.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub action: Action,
    pub asset_id: &'a str,
    pub vault_id: Option<&'a str>,
    pub amount: Option<(Amount, u32)>,
}

/// A threshold in the asset's atomic units, rounded up: `amount >= min` and
/// `amount < max` then hold exactly even when the threshold has more decimals
/// than the asset.
fn threshold_at(threshold: Amount, decimals: u32) -> i128 {
    let t = threshold.atomic();
    if decimals >= THRESHOLD_DECIMALS {
        let scale = 10i128.pow((decimals - THRESHOLD_DECIMALS).min(30));
        t.saturating_mul(scale)
    } else {
        let scale = 10i128.pow(THRESHOLD_DECIMALS - decimals);
        t / scale + i128::from(t % scale != 0)
    }
}

impl Rule {
    fn matches(&self, r: &Request) -> bool {
        if self.action != r.action {
            return false;
        }
        if self.asset_id.as_deref().is_some_and(|a| a != r.asset_id) {
            return false;
        }
        if let Some(vault) = &self.vault_id {
            if r.vault_id != Some(vault.as_str()) {
                return false;
            }
        }
        if self.min_amount.is_none() && self.max_amount.is_none() {
            return true;
        }
        // A rule with an amount threshold only applies to requests with an amount.
        let Some((amount, decimals)) = r.amount else {
            return false;
        };
        let a = amount.atomic();
        self.min_amount
            .is_none_or(|min| a >= threshold_at(min, decimals))
            && self
                .max_amount
                .is_none_or(|max| a < threshold_at(max, decimals))
    }
}

impl Policy {
    /// The quorum a change to who can approve needs: the most approvals any
    /// rule requires, from admins if one such rule asks for admins. `None`
    /// when no rule requires approvals (nothing waits for approvers, so who
    /// they are decides nothing yet).
    pub fn strictest_quorum(&self) -> Option<(u32, UserRole)> {
        let required = self.rules.iter().filter_map(|r| match r.decision {
            Decision::RequireApprovals { approvals, role } => Some((approvals, role)),
            Decision::Allow | Decision::Block => None,
        });
        required.fold(None, |best, (n, role)| match best {
            Some((m, _)) if m > n => best,
            Some((m, UserRole::Admin)) if m == n => best,
            _ => Some((n, role)),
        })
    }

    /// The first matching rule's decision; `Allow` when none matches.
    pub fn decide(&self, r: &Request) -> (Decision, Option<&Rule>) {
        match self.rules.iter().find(|rule| rule.matches(r)) {
            Some(rule) => (rule.decision, Some(rule)),
            None => (Decision::Allow, None),
        }
    }

    /// The velocity limits that apply to a withdrawal of `asset_id` from `vault_id`.
    pub fn limits_for<'a>(
        &'a self,
        asset_id: &'a str,
        vault_id: &'a str,
    ) -> impl Iterator<Item = &'a VelocityLimit> + 'a {
        self.velocity_limits.iter().filter(move |l| {
            l.asset_id == asset_id && l.vault_id.as_deref().is_none_or(|v| v == vault_id)
        })
    }
}

impl VelocityLimit {
    /// The start of the rolling window that ends at `now`.
    pub fn window_start(&self, now: Timestamp) -> Timestamp {
        now.plus_seconds(-i64::from(self.window_hours) * 3600)
    }

    /// A withdrawal of `amount` is allowed while what the window already holds
    /// plus it stays at or under the limit.
    pub fn allows(&self, already: Amount, amount: Amount) -> bool {
        already
            .checked_add(amount)
            .is_some_and(|total| total.atomic() <= self.amount.atomic())
    }
}

#[cfg(test)]
mod tests;

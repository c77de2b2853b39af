//! Approval policies (docs/api.md, "Consensus"): ordered rules, the first match decides, and
//! velocity limits per vault and asset over a rolling window. Pure: the store
//! supplies the document and the amounts already spent, the caller `now`.

use super::activity::Action;
use super::asset::Assets;
use super::money::{format_amount, parse_amount, parse_positive_amount, Amount};
use super::user::UserRole;
use super::Error;
use crate::clock::Timestamp;
use serde_json::{json, Map, Value};

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

fn field_err(field: &str, message: impl Into<String>) -> Error {
    Error::field(field, message)
}

fn take_object(v: &Value, field: &str) -> Result<Map<String, Value>, Error> {
    v.as_object()
        .cloned()
        .ok_or_else(|| field_err(field, "must be an object"))
}

fn opt_str(m: &mut Map<String, Value>, prefix: &str, name: &str) -> Result<Option<String>, Error> {
    match m.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(field_err(&format!("{prefix}.{name}"), "must be a string")),
    }
}

fn req_str(m: &mut Map<String, Value>, prefix: &str, name: &str) -> Result<String, Error> {
    opt_str(m, prefix, name)?.ok_or_else(|| field_err(&format!("{prefix}.{name}"), "is required"))
}

fn opt_u32(m: &mut Map<String, Value>, prefix: &str, name: &str) -> Result<Option<u32>, Error> {
    match m.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| field_err(&format!("{prefix}.{name}"), "must be a whole number")),
    }
}

fn finish(m: Map<String, Value>, prefix: &str) -> Result<(), Error> {
    match m.keys().next() {
        Some(k) => Err(field_err(&format!("{prefix}.{k}"), "is not a known field")),
        None => Ok(()),
    }
}

fn parse_rule(v: &Value, prefix: &str, assets: &Assets) -> Result<Rule, Error> {
    let mut m = take_object(v, prefix)?;
    let name = req_str(&mut m, prefix, "name")?;
    if name.trim().is_empty() || name.chars().count() > 200 {
        return Err(field_err(
            &format!("{prefix}.name"),
            "must be 1 to 200 characters",
        ));
    }
    let action_text = req_str(&mut m, prefix, "action")?;
    // Changes to who can approve take the strictest rule's quorum; a rule of
    // their own could only lower it (docs/security.md, "Who can approve").
    let action = Action::parse(&action_text)
        .filter(|a| !a.is_governance())
        .ok_or_else(|| {
            field_err(
                &format!("{prefix}.action"),
                "must be one of withdrawal, wallet_create, address_book_create",
            )
        })?;
    let asset_id = opt_str(&mut m, prefix, "assetId")?;
    if let Some(a) = &asset_id {
        assets.enabled(&format!("{prefix}.assetId"), a)?;
    }
    let vault_id = opt_str(&mut m, prefix, "vaultId")?
        .map(|v| {
            crate::domain::ids::canonical_uuid(&v)
                .ok_or_else(|| field_err(&format!("{prefix}.vaultId"), "must be a vault id"))
        })
        .transpose()?;
    if vault_id.is_some() && action == Action::AddressBookCreate {
        return Err(field_err(
            &format!("{prefix}.vaultId"),
            "address-book entries belong to no vault; leave vaultId null",
        ));
    }
    let threshold = |m: &mut Map<String, Value>, name: &str| -> Result<Option<Amount>, Error> {
        let field = format!("{prefix}.{name}");
        opt_str(m, prefix, name)?
            .map(|s| {
                if let Some(a) = &asset_id {
                    let decimals = assets.enabled(&field, a)?.decimals;
                    parse_amount(&s, decimals).map_err(|e| field_err(&field, e.to_string()))?;
                }
                parse_amount(&s, THRESHOLD_DECIMALS).map_err(|e| field_err(&field, e.to_string()))
            })
            .transpose()
    };
    let min_amount = threshold(&mut m, "minAmount")?;
    let max_amount = threshold(&mut m, "maxAmount")?;
    if (min_amount.is_some() || max_amount.is_some()) && action != Action::Withdrawal {
        return Err(field_err(
            &format!("{prefix}.minAmount"),
            "amount thresholds apply to withdrawals only",
        ));
    }
    if let (Some(min), Some(max)) = (min_amount, max_amount) {
        if min.atomic() >= max.atomic() {
            return Err(field_err(
                &format!("{prefix}.maxAmount"),
                "must be more than minAmount",
            ));
        }
    }
    let decision_text = req_str(&mut m, prefix, "decision")?;
    let approvals = opt_u32(&mut m, prefix, "approvals")?;
    let role_text = opt_str(&mut m, prefix, "approverRole")?;
    let decision = match decision_text.as_str() {
        "RequireApprovals" => {
            let approvals = approvals.ok_or_else(|| {
                field_err(
                    &format!("{prefix}.approvals"),
                    "is required with RequireApprovals",
                )
            })?;
            if approvals == 0 || approvals > MAX_APPROVALS {
                return Err(field_err(
                    &format!("{prefix}.approvals"),
                    format!("must be 1 to {MAX_APPROVALS}"),
                ));
            }
            let role = match role_text.as_deref() {
                None | Some("approver") => UserRole::Approver,
                Some("admin") => UserRole::Admin,
                Some(_) => {
                    return Err(field_err(
                        &format!("{prefix}.approverRole"),
                        "must be approver or admin",
                    ))
                }
            };
            Decision::RequireApprovals { approvals, role }
        }
        "Allow" | "Block" => {
            if approvals.is_some() || role_text.is_some() {
                return Err(field_err(
                    &format!("{prefix}.approvals"),
                    "approvals and approverRole go with RequireApprovals only",
                ));
            }
            if decision_text == "Allow" {
                Decision::Allow
            } else {
                Decision::Block
            }
        }
        _ => {
            return Err(field_err(
                &format!("{prefix}.decision"),
                "must be one of Allow, RequireApprovals, Block",
            ))
        }
    };
    finish(m, prefix)?;
    Ok(Rule {
        name,
        action,
        asset_id,
        vault_id,
        min_amount,
        max_amount,
        decision,
    })
}

fn parse_limit(v: &Value, prefix: &str, assets: &Assets) -> Result<VelocityLimit, Error> {
    let mut m = take_object(v, prefix)?;
    let asset_id = req_str(&mut m, prefix, "assetId")?;
    let decimals = assets
        .enabled(&format!("{prefix}.assetId"), &asset_id)?
        .decimals;
    let vault_id = opt_str(&mut m, prefix, "vaultId")?
        .map(|v| {
            crate::domain::ids::canonical_uuid(&v)
                .ok_or_else(|| field_err(&format!("{prefix}.vaultId"), "must be a vault id"))
        })
        .transpose()?;
    let amount_text = req_str(&mut m, prefix, "amount")?;
    let amount = parse_positive_amount(&amount_text, decimals)
        .map_err(|e| field_err(&format!("{prefix}.amount"), e.to_string()))?;
    let window_hours = opt_u32(&mut m, prefix, "windowHours")?.unwrap_or(24);
    if window_hours == 0 || window_hours > MAX_WINDOW_HOURS {
        return Err(field_err(
            &format!("{prefix}.windowHours"),
            format!("must be 1 to {MAX_WINDOW_HOURS}"),
        ));
    }
    finish(m, prefix)?;
    Ok(VelocityLimit {
        asset_id,
        vault_id,
        amount,
        window_hours,
    })
}

fn list<'a>(v: Option<&'a Value>, field: &str, max: usize) -> Result<&'a [Value], Error> {
    match v {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) if items.len() <= max => Ok(items),
        Some(Value::Array(_)) => Err(field_err(field, format!("may hold at most {max} items"))),
        Some(_) => Err(field_err(field, "must be an array")),
    }
}

/// Parses a policy document `{rules, velocityLimits}` (as `PUT` receives it
/// and as it is stored), naming the field of any error (`rules[2].minAmount`).
pub fn parse_document(
    doc: &Map<String, Value>,
    assets: &Assets,
) -> Result<(Vec<Rule>, Vec<VelocityLimit>), Error> {
    if let Some(k) = doc
        .keys()
        .find(|k| !matches!(k.as_str(), "rules" | "velocityLimits"))
    {
        return Err(field_err(k, "is not a known field"));
    }
    let rules = list(doc.get("rules"), "rules", MAX_RULES)?
        .iter()
        .enumerate()
        .map(|(i, v)| parse_rule(v, &format!("rules[{i}]"), assets))
        .collect::<Result<Vec<_>, _>>()?;
    let limits = list(
        doc.get("velocityLimits"),
        "velocityLimits",
        MAX_VELOCITY_LIMITS,
    )?
    .iter()
    .enumerate()
    .map(|(i, v)| parse_limit(v, &format!("velocityLimits[{i}]"), assets))
    .collect::<Result<Vec<_>, _>>()?;
    Ok((rules, limits))
}

/// The document's JSON, as `GET` shows it and as it is stored.
pub fn render_document(p: &Policy, assets: &Assets) -> Value {
    let threshold = |a: Option<Amount>| a.map(|a| format_amount(a, THRESHOLD_DECIMALS));
    let rules: Vec<Value> = p
        .rules
        .iter()
        .map(|r| {
            let (decision, approvals, role) = match r.decision {
                Decision::Allow => ("Allow", None, None),
                Decision::Block => ("Block", None, None),
                Decision::RequireApprovals { approvals, role } => {
                    ("RequireApprovals", Some(approvals), Some(role.as_str()))
                }
            };
            json!({
                "name": r.name,
                "action": r.action.as_str(),
                "assetId": r.asset_id,
                "vaultId": r.vault_id,
                "minAmount": threshold(r.min_amount),
                "maxAmount": threshold(r.max_amount),
                "decision": decision,
                "approvals": approvals,
                "approverRole": role,
            })
        })
        .collect();
    let limits: Vec<Value> = p
        .velocity_limits
        .iter()
        .map(|l| {
            let decimals = assets.get(&l.asset_id).map_or(0, |a| a.decimals);
            json!({
                "assetId": l.asset_id,
                "vaultId": l.vault_id,
                "amount": format_amount(l.amount, decimals),
                "windowHours": l.window_hours,
            })
        })
        .collect();
    json!({"rules": rules, "velocityLimits": limits})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::asset::Asset;

    fn assets() -> Assets {
        let asset = |id: &str, decimals| Asset {
            id: id.into(),
            symbol: id.into(),
            name: id.into(),
            network: "sandbox".into(),
            format: crate::domain::asset::AddressFormat::Evm,
            contract: None,
            decimals,
            required_confirmations: 1,
            withdrawal_fee: Amount::ZERO,
            enabled: true,
            explorer: crate::domain::asset::Explorers {
                live: String::new(),
                test: String::new(),
            },
        };
        Assets::new(vec![asset("BTC", 8), asset("ETH", 18), asset("USDC", 6)])
    }

    fn policy(doc: Value) -> Policy {
        let (rules, velocity_limits) = parse_document(doc.as_object().unwrap(), &assets()).unwrap();
        Policy {
            version: 1,
            rules,
            velocity_limits,
            updated_at: None,
        }
    }

    fn withdrawal<'a>(asset: &'a str, vault: &'a str, amount: i128, dp: u32) -> Request<'a> {
        Request {
            action: Action::Withdrawal,
            asset_id: asset,
            vault_id: Some(vault),
            amount: Some((Amount::from_atomic(amount), dp)),
        }
    }

    const V1: &str = "0190a5a0-0000-7000-8000-000000000001";
    const V2: &str = "0190a5a0-0000-7000-8000-000000000002";

    #[test]
    fn first_match_wins_and_no_match_allows() {
        let p = policy(json!({"rules": [
            {"name": "big", "action": "withdrawal", "assetId": "BTC", "minAmount": "1",
             "decision": "RequireApprovals", "approvals": 2},
            {"name": "all btc", "action": "withdrawal", "assetId": "BTC", "decision": "Block"},
        ]}));
        let two = Decision::RequireApprovals {
            approvals: 2,
            role: UserRole::Approver,
        };
        assert_eq!(p.decide(&withdrawal("BTC", V1, 100_000_000, 8)).0, two);
        assert_eq!(
            p.decide(&withdrawal("BTC", V1, 99_999_999, 8)).0,
            Decision::Block
        );
        assert_eq!(p.decide(&withdrawal("ETH", V1, 1, 18)).0, Decision::Allow);
        assert!(p.decide(&withdrawal("ETH", V1, 1, 18)).1.is_none());
    }

    #[test]
    fn min_is_inclusive_and_max_exclusive() {
        let p = policy(json!({"rules": [
            {"name": "band", "action": "withdrawal", "minAmount": "0.5", "maxAmount": "2",
             "decision": "Block"},
        ]}));
        let blocked =
            |atomic, dp| p.decide(&withdrawal("BTC", V1, atomic, dp)).0 == Decision::Block;
        assert!(blocked(50_000_000, 8));
        assert!(!blocked(49_999_999, 8));
        assert!(blocked(199_999_999, 8));
        assert!(!blocked(200_000_000, 8));
        // The same rule in another asset's units.
        assert!(blocked(500_000, 6));
        assert!(!blocked(2_000_000, 6));
    }

    #[test]
    fn thresholds_finer_than_the_asset_round_up() {
        let p = policy(json!({"rules": [
            {"name": "fine", "action": "withdrawal", "minAmount": "0.0000005",
             "decision": "Block"},
        ]}));
        // 0.000001 USDC (1 atomic) >= 0.0000005; 0 would not be.
        assert_eq!(p.decide(&withdrawal("USDC", V1, 1, 6)).0, Decision::Block);
        assert_eq!(threshold_at(Amount::from_atomic(500_000_000_000), 6), 1);
        assert_eq!(threshold_at(Amount::from_atomic(1_000_000_000_000), 6), 1);
        assert_eq!(threshold_at(Amount::from_atomic(1_000_000_000_001), 6), 2);
    }

    #[test]
    fn action_vault_and_asset_filter() {
        let p = policy(json!({"rules": [
            {"name": "v1 wallets", "action": "wallet_create", "vaultId": V1,
             "decision": "RequireApprovals", "approvals": 1, "approverRole": "admin"},
            {"name": "book", "action": "address_book_create", "assetId": "ETH",
             "decision": "Block"},
        ]}));
        let wallet = |vault| Request {
            action: Action::WalletCreate,
            asset_id: "BTC",
            vault_id: Some(vault),
            amount: None,
        };
        assert_eq!(
            p.decide(&wallet(V1)).0,
            Decision::RequireApprovals {
                approvals: 1,
                role: UserRole::Admin
            }
        );
        assert_eq!(p.decide(&wallet(V2)).0, Decision::Allow);
        let book = |asset| Request {
            action: Action::AddressBookCreate,
            asset_id: asset,
            vault_id: None,
            amount: None,
        };
        assert_eq!(p.decide(&book("ETH")).0, Decision::Block);
        assert_eq!(p.decide(&book("BTC")).0, Decision::Allow);
        assert_eq!(p.decide(&withdrawal("BTC", V1, 1, 8)).0, Decision::Allow);
    }

    #[test]
    fn velocity_limits_apply_per_vault_and_allow_up_to_the_amount() {
        let p = policy(json!({"velocityLimits": [
            {"assetId": "BTC", "vaultId": null, "amount": "1.0", "windowHours": 24},
            {"assetId": "BTC", "vaultId": V2, "amount": "0.1"},
        ]}));
        assert_eq!(p.limits_for("BTC", V1).count(), 1);
        assert_eq!(p.limits_for("BTC", V2).count(), 2);
        assert_eq!(p.limits_for("ETH", V1).count(), 0);
        let l = &p.velocity_limits[0];
        let btc = |x| Amount::from_atomic(x);
        assert!(l.allows(btc(60_000_000), btc(40_000_000)));
        assert!(!l.allows(btc(60_000_000), btc(40_000_001)));
        assert_eq!(p.velocity_limits[1].window_hours, 24);
        let now = Timestamp::from_millis(100 * 3_600_000);
        assert_eq!(l.window_start(now), Timestamp::from_millis(76 * 3_600_000));
    }

    #[test]
    fn documents_are_checked_field_by_field() {
        let bad =
            |doc: Value, field: &str| match parse_document(doc.as_object().unwrap(), &assets()) {
                Err(Error::InvalidField { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{field}: {other:?}"),
            };
        bad(
            json!({"rules": [{"name": "x", "action": "mint", "decision": "Allow"}]}),
            "rules[0].action",
        );
        bad(
            json!({"rules": [{"name": "x", "action": "user_change", "decision": "Allow"}]}),
            "rules[0].action",
        );
        bad(
            json!({"rules": [{"name": "x", "action": "withdrawal", "decision": "RequireApprovals"}]}),
            "rules[0].approvals",
        );
        bad(
            json!({"rules": [{"name": "x", "action": "withdrawal", "decision": "Allow", "approvals": 1}]}),
            "rules[0].approvals",
        );
        bad(
            json!({"rules": [{"name": "x", "action": "withdrawal", "assetId": "BTC", "minAmount": "0.000000001", "decision": "Block"}]}),
            "rules[0].minAmount",
        );
        bad(
            json!({"rules": [{"name": "x", "action": "withdrawal", "minAmount": "2", "maxAmount": "1", "decision": "Block"}]}),
            "rules[0].maxAmount",
        );
        bad(
            json!({"rules": [{"name": "x", "action": "withdrawal", "decision": "Block", "extra": 1}]}),
            "rules[0].extra",
        );
        bad(
            json!({"velocityLimits": [{"assetId": "DOGE", "amount": "1"}]}),
            "velocityLimits[0].assetId",
        );
        bad(
            json!({"velocityLimits": [{"assetId": "BTC", "amount": "0"}]}),
            "velocityLimits[0].amount",
        );
        bad(json!({"rules": {}}), "rules");
        bad(json!({"other": []}), "other");
    }

    #[test]
    fn user_changes_take_the_strictest_quorum() {
        assert_eq!(Policy::default().strictest_quorum(), None);
        let rule = |n: u32, role: &str| {
            json!({"name": "r", "action": "withdrawal", "decision": "RequireApprovals",
                   "approvals": n, "approverRole": role})
        };
        let p = policy(json!({"rules": [
            {"name": "no", "action": "withdrawal", "decision": "Block"},
            rule(2, "approver"), rule(3, "approver"), rule(1, "admin"),
        ]}));
        assert_eq!(p.strictest_quorum(), Some((3, UserRole::Approver)));
        let p =
            policy(json!({"rules": [rule(3, "approver"), rule(3, "admin"), rule(3, "approver")]}));
        assert_eq!(p.strictest_quorum(), Some((3, UserRole::Admin)));
        let blocks_only =
            policy(json!({"rules": [{"name": "no", "action": "withdrawal", "decision": "Block"}]}));
        assert_eq!(blocks_only.strictest_quorum(), None);
    }

    #[test]
    fn documents_round_trip() {
        let p = policy(json!({"rules": [
            {"name": "big", "action": "withdrawal", "assetId": "BTC", "minAmount": "1.5",
             "maxAmount": null, "decision": "RequireApprovals", "approvals": 2,
             "approverRole": "approver"},
        ], "velocityLimits": [{"assetId": "BTC", "vaultId": null, "amount": "1.0", "windowHours": 24}]}));
        let doc = render_document(&p, &assets());
        assert_eq!(doc["rules"][0]["minAmount"], "1.5");
        assert_eq!(doc["velocityLimits"][0]["amount"], "1");
        let again = policy(doc);
        assert_eq!(again.rules, p.rules);
        assert_eq!(again.velocity_limits, p.velocity_limits);
    }
}

//! The policy document (docs/api.md, "Consensus"): the JSON a `PUT /v1/policies`
//! sends, read strictly into a `Policy` (every problem names its field), and
//! rendered back.

use super::{
    Decision, Policy, Rule, VelocityLimit, MAX_APPROVALS, MAX_RULES, MAX_VELOCITY_LIMITS,
    MAX_WINDOW_HOURS, THRESHOLD_DECIMALS,
};
use crate::domain::activity::Action;
use crate::domain::asset::Assets;
use crate::domain::money::{format_amount, parse_amount, parse_positive_amount, Amount};
use crate::domain::user::UserRole;
use crate::domain::Error;
use serde_json::{json, Map, Value};

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

//! Pages of what governs the money (docs/console.md, "Governance"): the
//! policy in words, the webhook endpoint (admins redeliver), the audit log.
//! The address book and the people have pages of their own
//! (`address_book_pages`, `people_pages`).

use super::overview_pages::env_switch;
use super::pages::{esc, page, table, td, Flash};
use crate::domain::activity::Action;
use crate::domain::asset::Assets;
use crate::domain::money::format_amount;
use crate::domain::policy::{Decision, Policy, Rule};
use crate::domain::tenancy::Environment;
use crate::domain::user::UserRole;
use crate::store::webhooks::{Delivery, DeliveryStatus, Endpoint};
use serde_json::Value;

/// Thresholds are stored at 18 decimals (domain::policy).
const THRESHOLD_DECIMALS: u32 = 18;

fn action_words(a: Action) -> &'static str {
    match a {
        Action::Withdrawal => "Withdrawals",
        Action::WalletCreate => "New wallets",
        Action::AddressBookCreate => "New address-book entries",
        Action::UserChange => "Changes to who can approve",
        Action::PolicyChange => "Changes to the live policy",
    }
}

/// A rule as a sentence: "Withdrawals of BTC from vault … of at least 1 and
/// under 10 need 2 approvals by approvers."
pub fn rule_words(r: &Rule, vault_name: &dyn Fn(&str) -> String) -> String {
    let mut s = action_words(r.action).to_string();
    if let Some(asset) = &r.asset_id {
        s += &format!(" of {asset}");
    }
    if let Some(v) = &r.vault_id {
        s += &format!(" from vault {}", vault_name(v));
    }
    let amount = |a| format_amount(a, THRESHOLD_DECIMALS);
    match (r.min_amount, r.max_amount) {
        (Some(min), Some(max)) => {
            s += &format!(" of at least {} and under {}", amount(min), amount(max))
        }
        (Some(min), None) => s += &format!(" of at least {}", amount(min)),
        (None, Some(max)) => s += &format!(" under {}", amount(max)),
        (None, None) => {}
    }
    s += &match r.decision {
        Decision::Allow => " go ahead at once.".to_string(),
        Decision::Block => " are refused.".to_string(),
        Decision::RequireApprovals { approvals, role } => format!(
            " need {approvals} approval{} by {}.",
            if approvals == 1 { "" } else { "s" },
            match role {
                UserRole::Admin => "admins",
                _ => "approvers (or admins)",
            }
        ),
    };
    s
}

pub fn policy(
    p: &Policy,
    env: Environment,
    vault_name: &dyn Fn(&str) -> String,
    assets: &Assets,
    csrf: &str,
) -> String {
    let mut body = env_switch(env, "/console/policies");
    if p.version == 0 {
        body += "<p>No policy is set: every request takes effect at once.</p>";
    } else {
        body += &format!(
            "<p>Version {}. Rules are tried in order; the first that matches decides; \
                          a request no rule matches goes ahead at once.</p><ol>",
            p.version
        );
        for r in &p.rules {
            body += &format!(
                "<li><strong>{}</strong>: {}</li>",
                esc(&r.name),
                esc(&rule_words(r, vault_name))
            );
        }
        body += "</ol>";
        if !p.velocity_limits.is_empty() {
            body += "<h2>Velocity limits</h2><ul>";
            for l in &p.velocity_limits {
                body += &format!(
                    "<li>At most {} {} withdrawn {} per {} hours.</li>",
                    esc(&assets.of_stored(&l.asset_id).map_or_else(
                        |_| l.amount.atomic().to_string(),
                        |a| format_amount(l.amount, a.decimals)
                    )),
                    esc(&l.asset_id),
                    match &l.vault_id {
                        Some(v) => format!("from vault {}", esc(&vault_name(v))),
                        None => "from each vault".into(),
                    },
                    l.window_hours
                );
            }
            body += "</ul>";
        }
    }
    body += "<p class=\"note\">A change to who can approve needs the quorum of the strictest live rule.</p>";
    page("Policy", Some(csrf), Some(env), &body)
}

/// The endpoint and its recent deliveries. Those who may redeliver (admins)
/// get a Redeliver button on every delivery that is no longer pending.
pub fn webhooks(
    endpoint: Option<&Endpoint>,
    deliveries: &[Delivery],
    env: Environment,
    csrf: &str,
    may_redeliver: bool,
    flash: &Flash,
) -> String {
    let mut body = env_switch(env, "/console/webhooks");
    body += &flash.render();
    match endpoint {
        None => body += "<p>No webhook endpoint is set.</p>",
        Some(e) => {
            body += &format!(
                "<p>Endpoint <code>{}</code>, sent {}.</p>",
                esc(&e.url),
                match &e.subscribed_event_types {
                    None => "every event".to_string(),
                    Some(t) => esc(&t.join(", ")),
                }
            )
        }
    }
    body += "<h2>Recent deliveries</h2>";
    let rows: String = deliveries
        .iter()
        .map(|d| {
            let action = if !may_redeliver {
                String::new()
            } else if d.status == DeliveryStatus::Pending {
                "<td></td>".to_string()
            } else {
                format!(
                    "<td><form class=\"inline\" method=\"post\" \
                     action=\"/console/webhooks/deliveries/{}/redeliver\">\
                     <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">\
                     <input type=\"hidden\" name=\"env\" value=\"{}\">\
                     <button type=\"submit\">Redeliver</button></form></td>",
                    esc(&d.id),
                    esc(csrf),
                    env.as_str()
                )
            };
            format!(
                "<tr>{}{}{}{}{}{action}</tr>",
                td(&d.created_at.to_rfc3339()),
                td(&d.event_type),
                td(d.status.as_str()),
                td(&d.attempt_count.to_string()),
                td(&d
                    .last_error
                    .clone()
                    .or(d.last_status_code.map(|c| format!("HTTP {c}")))
                    .unwrap_or_default())
            )
        })
        .collect();
    body += &if deliveries.is_empty() {
        "<p>None yet.</p>".to_string()
    } else if may_redeliver {
        table(
            &["When", "Event", "Status", "Attempts", "Last answer", ""],
            &rows,
        )
    } else {
        table(
            &["When", "Event", "Status", "Attempts", "Last answer"],
            &rows,
        )
    };
    if may_redeliver {
        body += "<p class=\"note\">Redeliver sends the same event again, with the same id, \
                 as <code>POST /v1/webhooks/deliveries/{id}/redeliver</code> does.</p>";
    }
    page("Webhooks", Some(csrf), Some(env), &body)
}

pub fn audit(
    records: &[(Value, String)],
    env: Environment,
    query_string: &str,
    more: bool,
    csrf: &str,
) -> String {
    let mut body = env_switch(env, "/console/audit");
    body += &format!(
        "<p><a class=\"button\" href=\"/console/audit.csv?{}\" download>Download CSV</a></p>",
        esc(query_string)
    );
    let rows: String = records
        .iter()
        .map(|(r, actor)| {
            let s = |k: &str| r[k].as_str().unwrap_or("").to_string();
            format!(
                "<tr>{}{}{}{}</tr>",
                td(&s("createdAt")),
                td(actor),
                td(&s("action")),
                td(&format!("{} {}", s("objectType"), s("objectId")))
            )
        })
        .collect();
    body += &table(&["When", "Who", "Action", "Object"], &rows);
    if more {
        body += "<p class=\"note\">Only the newest are shown; the CSV has them all.</p>";
    }
    page("Audit log", Some(csrf), Some(env), &body)
}

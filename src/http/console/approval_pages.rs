//! Pages of requests that wait for consensus: the list, the history, one
//! request with everything an approver needs to decide, and the confirmation
//! of a rejection (docs/console.md, "Approvals").

use super::pages::{ago, env_badge, error_line, esc, expiry_words, page};
use crate::clock::Timestamp;
use crate::domain::activity::ActivityStatus;
use crate::domain::ids::UserId;
use crate::service::briefing::{Briefing, Subject};

/// What the viewer may do on a request: `Err` carries why not, in words.
pub struct Offer {
    pub approve: Result<(), String>,
    pub reject: Result<(), String>,
    /// A fresh two-factor code is asked with the decision.
    pub code: bool,
}

/// One line saying what is asked, e.g. "Withdraw 1.5 BTC to “Cold store”".
pub fn headline(b: &Briefing) -> String {
    match &b.subject {
        Subject::Withdrawal {
            tx, amount, label, ..
        } => format!(
            "Withdraw {amount} {} to {}",
            tx.asset_id,
            label.as_deref().map_or_else(
                || short(tx.details.destination_address().unwrap_or("?")),
                |l| format!("\u{201c}{l}\u{201d}")
            )
        ),
        Subject::Wallet { asset, vault, .. } => format!("New {asset} wallet in vault {vault}"),
        Subject::AddressEntry { asset, label, .. } => {
            format!("Add \u{201c}{label}\u{201d} ({asset}) to the address book")
        }
        Subject::UserChange { who, change } => format!("Change {who}: {change}"),
        Subject::PolicyChange { policy } => format!(
            "Replace the live policy ({} rule{})",
            policy.rules.len(),
            if policy.rules.len() == 1 { "" } else { "s" }
        ),
        Subject::Gone => format!("{} (object removed)", b.activity.action.as_str()),
    }
}

fn short(address: &str) -> String {
    if address.chars().count() > 16 {
        let head: String = address.chars().take(8).collect();
        let tail: String = address
            .chars()
            .rev()
            .take(6)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("{head}…{tail}")
    } else {
        address.to_string()
    }
}

fn progress(b: &Briefing) -> String {
    format!(
        "{} of {} approvals",
        b.approvals_so_far(),
        b.activity.required_approvals
    )
}

fn initiator(b: &Briefing) -> String {
    let i = &b.activity.initiator;
    match (&b.initiator_email, i.kind) {
        (Some(email), _) => format!("{} ({email})", i.name),
        (None, "ApiKey") => format!("API key \u{201c}{}\u{201d}", i.name),
        (None, _) => i.name.clone(),
    }
}

fn subject_rows(b: &Briefing) -> String {
    let row = |k: &str, v: &str| {
        format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            esc(k),
            esc(v)
        )
    };
    match &b.subject {
        Subject::Withdrawal {
            tx,
            amount,
            fee,
            vault,
            wallet,
            label,
        } => {
            let mut rows = format!(
                "<tr><th scope=\"row\">Amount</th><td class=\"amount\">{} {}</td></tr>",
                esc(amount),
                esc(&tx.asset_id)
            );
            rows += &row("Network fee", &format!("{fee} {}", tx.asset_id));
            rows += &row("From", &format!("vault {vault}, {wallet}"));
            let to = tx.details.destination_address().unwrap_or("");
            rows += &row(
                "To",
                &match label {
                    Some(l) => format!("\u{201c}{l}\u{201d} (address book): {to}"),
                    None => to.to_string(),
                },
            );
            if let Some(tag) = tx.details.destination_tag() {
                rows += &row("Destination tag", tag);
            }
            rows += &row("Note", tx.note.as_deref().unwrap_or("(none)"));
            rows += &row("Withdrawal status", tx.status.as_str());
            rows
        }
        Subject::Wallet {
            asset,
            vault,
            label,
            ..
        } => {
            row("Change", &format!("open a new {asset} wallet"))
                + &row("Vault", vault)
                + &row("Label", label.as_deref().unwrap_or("(none)"))
        }
        Subject::AddressEntry {
            asset,
            address,
            label,
        } => {
            row("Change", "add an address that withdrawals may be sent to")
                + &row("Label", label)
                + &row("Asset", asset)
                + &row("Address", address)
        }
        Subject::UserChange { who, change } => row("User", who) + &row("Change", change),
        Subject::PolicyChange { policy } => {
            let mut rows = row("Change", "replace the live policy with these rules");
            if policy.rules.is_empty() {
                rows += &row("Rules", "none: every request would take effect at once");
            }
            for (i, r) in policy.rules.iter().enumerate() {
                rows += &row(
                    &format!("Rule {}: {}", i + 1, r.name),
                    &super::governance_pages::rule_words(r, &|v: &str| v.to_string()),
                );
            }
            rows
        }
        Subject::Gone => row("Object", "removed after the request was closed"),
    }
}

fn decisions(b: &Briefing, viewer_id: &UserId, now: Timestamp) -> String {
    if b.decisions.is_empty() {
        return "<p>No decisions yet.</p>".into();
    }
    let items: String = b
        .decisions
        .iter()
        .map(|d| {
            let who = if d.approval.user_id == *viewer_id {
                format!("{} (you)", d.name)
            } else {
                d.name.clone()
            };
            format!(
                "<li><strong>{}</strong> {} <time datetime=\"{}\">{}</time>{}</li>",
                esc(&who),
                esc(&d.approval.decision.to_lowercase()),
                esc(&d.approval.created_at.to_rfc3339()),
                esc(&ago(d.approval.created_at, now)),
                d.approval
                    .comment
                    .as_deref()
                    .map_or(String::new(), |c| format!(": \u{201c}{}\u{201d}", esc(c)))
            )
        })
        .collect();
    format!("<ul>{items}</ul>")
}

fn code_field(offer: &Offer, id: &str) -> String {
    if !offer.code {
        return String::new();
    }
    format!(
        "<label for=\"code-{id}\">Code from your authenticator app</label>\
         <input id=\"code-{id}\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" \
         pattern=\"[0-9]{{6}}\" maxlength=\"6\" required>"
    )
}

/// The decision forms the viewer may use, or why they may not decide.
fn actions(b: &Briefing, offer: &Offer, csrf: &str, comment: &str) -> String {
    let id = esc(&b.activity.id);
    if b.activity.status != ActivityStatus::Pending {
        return String::new();
    }
    let (approve, reject) = (offer.approve.is_ok(), offer.reject.is_ok());
    if !approve && !reject {
        let why = offer.approve.as_ref().err().map_or("", String::as_str);
        return format!(
            "<p class=\"note\">You cannot decide this request: {}</p>",
            esc(why)
        );
    }
    let mut out = format!(
        "<h2>Your decision</h2><form method=\"post\" action=\"/console/activities/{id}/approve\">\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">\
         <label for=\"comment\">Comment (optional)</label>\
         <textarea id=\"comment\" name=\"comment\" maxlength=\"1000\" rows=\"2\">{}</textarea>{}<p>",
        esc(csrf),
        esc(comment),
        code_field(offer, "decide")
    );
    if approve {
        out += "<button class=\"approve\" type=\"submit\">Approve</button> ";
    }
    if reject {
        out += &format!(
            "<button class=\"reject\" type=\"submit\" formaction=\"/console/activities/{id}/reject\" formnovalidate>Reject…</button>"
        );
    }
    out += "</p></form>";
    if let Err(why) = &offer.approve {
        out += &format!("<p class=\"note\">You cannot approve: {}</p>", esc(why));
    }
    out
}

/// One request with its full context.
pub fn activity(
    b: &Briefing,
    offer: &Offer,
    viewer_id: &UserId,
    csrf: &str,
    now: Timestamp,
    comment: &str,
    error: Option<&str>,
) -> String {
    let a = &b.activity;
    let row = |k: &str, v: &str| {
        format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            esc(k),
            esc(v)
        )
    };
    let mut rows = subject_rows(b);
    rows += &row("Requested by", &initiator(b));
    rows += &row("Requested", &ago(a.created_at, now));
    if let Some(rule) = &b.rule {
        rows += &row("Policy rule", rule);
    }
    rows += &row("Status", a.status.as_str());
    rows += &row("Progress", &progress(b));
    if let (Some(t), ActivityStatus::Pending) = (a.expires_at, a.status) {
        rows += &row("Expiry", &expiry_words(t, now));
    }
    page(
        &headline(b),
        Some(csrf),
        Some(b.partition.environment),
        &format!(
            "{}<table>{rows}</table><h2>Decisions</h2>{}{}\
             <p><a href=\"/console\">All waiting requests</a> · <a href=\"/console/history\">History</a></p>",
            error_line(error),
            decisions(b, viewer_id, now),
            actions(b, offer, csrf, comment),
        ),
    )
}

/// Asks again before a rejection, which closes the request for everyone.
pub fn confirm_reject(
    b: &Briefing,
    csrf: &str,
    comment: &str,
    offer: &Offer,
    error: Option<&str>,
) -> String {
    let id = esc(&b.activity.id);
    page(
        "Reject this request?",
        Some(csrf),
        Some(b.partition.environment),
        &format!(
            "{}<p><strong>{}</strong></p><p>One rejection closes the request for everyone; \
             it cannot be undone.</p>\
             <form method=\"post\" action=\"/console/activities/{id}/reject\">\
             <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">\
             <input type=\"hidden\" name=\"confirm\" value=\"yes\">\
             <label for=\"comment\">Comment (optional)</label>\
             <textarea id=\"comment\" name=\"comment\" maxlength=\"1000\" rows=\"2\">{}</textarea>{}\
             <p><button class=\"danger\" type=\"submit\">Yes, reject</button> \
             <a class=\"button\" href=\"/console/activities/{id}\">No, go back</a></p></form>",
            error_line(error),
            esc(&headline(b)),
            esc(csrf),
            esc(comment),
            code_field(offer, "reject")
        ),
    )
}

fn rows(list: &[Briefing], now: Timestamp) -> String {
    list.iter()
        .map(|b| {
            let a = &b.activity;
            let state = if a.status == ActivityStatus::Pending {
                progress(b)
            } else {
                format!("{} {}", a.status.as_str(), ago(a.updated_at, now))
            };
            format!(
                "<li><a href=\"/console/activities/{}\"><span class=\"row\"><span>{} {}</span>\
                 <span>{}</span></span><span class=\"row note\"><span>by {} · {}</span></span></a></li>",
                esc(&a.id),
                env_badge(b.partition.environment),
                esc(&headline(b)),
                esc(&state),
                esc(&a.initiator.name),
                esc(&ago(a.created_at, now)),
            )
        })
        .collect()
}

/// The requests waiting for decisions.
pub fn pending(list: &[Briefing], csrf: &str, now: Timestamp) -> String {
    let body = if list.is_empty() {
        "<p>Nothing waiting. New requests appear here.</p>".to_string()
    } else {
        format!("<ul class=\"requests\">{}</ul>", rows(list, now))
    };
    page("Waiting for approval", Some(csrf), None, &body)
}

/// Requests decided or expired.
pub fn history(list: &[Briefing], csrf: &str, now: Timestamp) -> String {
    let body = if list.is_empty() {
        "<p>No request has been decided yet.</p>".to_string()
    } else {
        format!("<ul class=\"requests\">{}</ul>", rows(list, now))
    };
    page("Decided requests", Some(csrf), None, &body)
}

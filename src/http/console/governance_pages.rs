//! Pages of who and what governs the money (docs/console.md, "Governance"):
//! the address book, the policy in words, users and API keys with their roles
//! explained (admins disable users and revoke keys there), the webhook
//! endpoint (admins redeliver), the audit log.

use super::overview_pages::env_switch;
use super::pages::{esc, page};
use crate::domain::activity::Action;
use crate::domain::address_book::{AddressBookEntry, EntryStatus};
use crate::domain::apikey::ApiKey;
use crate::domain::asset::Assets;
use crate::domain::money::format_amount;
use crate::domain::policy::{Decision, Policy, Rule};
use crate::domain::tenancy::Environment;
use crate::domain::user::{User, UserRole, UserStatus};
use crate::store::webhooks::{Delivery, DeliveryStatus, Endpoint};
use serde_json::Value;

/// Thresholds are stored at 18 decimals (domain::policy).
const THRESHOLD_DECIMALS: u32 = 18;

fn table(head: &[&str], rows: &str) -> String {
    let th: String = head
        .iter()
        .map(|h| format!("<th scope=\"col\">{}</th>", esc(h)))
        .collect();
    format!("<div class=\"scroll\"><table class=\"list\"><thead><tr>{th}</tr></thead><tbody>{rows}</tbody></table></div>")
}

fn td(v: &str) -> String {
    format!("<td>{}</td>", esc(v))
}

/// What the last change to the address book did, shown after its redirect.
pub enum Notice {
    Added {
        label: String,
    },
    Waiting {
        label: String,
        approvals: u32,
        activity_id: String,
    },
    Removed,
}

/// The add form of a user who may change the address book: the enabled
/// assets to choose from, the values to show again and why they were refused.
pub struct BookForm<'a> {
    pub assets: Vec<String>,
    /// asset, address, tag, label.
    pub values: [&'a str; 4],
    pub error: Option<&'a str>,
}

fn notice_line(n: &Notice) -> String {
    let text = match n {
        Notice::Added { label } => format!("Added \u{201c}{}\u{201d}.", esc(label)),
        Notice::Waiting {
            label,
            approvals,
            activity_id,
        } => format!(
            "\u{201c}{}\u{201d} is waiting for {approvals} approval{}: \
             <a href=\"/console/activities/{id}\">see the request</a>. \
             Withdrawals to it are refused until then.",
            esc(label),
            if *approvals == 1 { "" } else { "s" },
            id = esc(activity_id)
        ),
        Notice::Removed => "Removed from the address book.".to_string(),
    };
    format!("<p class=\"notice\" role=\"status\">{text}</p>")
}

fn add_form(env: Environment, csrf: &str, f: &BookForm) -> String {
    let [asset, address, tag, label] = f.values;
    let options: String = f
        .assets
        .iter()
        .map(|a| {
            format!(
                "<option value=\"{v}\"{}>{v}</option>",
                if a == asset { " selected" } else { "" },
                v = esc(a)
            )
        })
        .collect();
    let field = |id: &str, name: &str, value: &str, extra: &str| {
        format!(
            "<label for=\"{id}\">{name}</label>\
             <input id=\"{id}\" name=\"{id}\" value=\"{}\"{extra}>",
            esc(value)
        )
    };
    format!(
        "<h2>Add an address</h2>{}\
         <form method=\"post\" action=\"/console/address-book\">\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">\
         <input type=\"hidden\" name=\"env\" value=\"{}\">\
         <label for=\"asset\">Asset</label><select id=\"asset\" name=\"asset\" required>{options}</select>\
         {}{}{}\
         <p class=\"note\">The policy decides whether the address can be used at once or \
         waits for approvals, as through the API.</p>\
         <p><button type=\"submit\">Add to the {} address book</button></p></form>",
        super::pages::error_line(f.error),
        esc(csrf),
        env.as_str(),
        field(
            "address",
            "Address",
            address,
            " required autocomplete=\"off\" spellcheck=\"false\""
        ),
        field("tag", "Tag or memo (optional)", tag, " maxlength=\"100\""),
        field("label", "Label", label, " required maxlength=\"200\""),
        env.as_str()
    )
}

/// The address book of one environment. `form` is there only for those who
/// may change it: they get the add form and a Remove button per active entry.
pub fn address_book(
    entries: &[AddressBookEntry],
    env: Environment,
    csrf: &str,
    notice: Option<&Notice>,
    form: Option<&BookForm>,
) -> String {
    let writes = form.is_some();
    let rows: String = entries
        .iter()
        .map(|e| {
            let remove = if writes && e.status == EntryStatus::Active {
                format!(
                    "<td><form class=\"inline\" method=\"post\" action=\"/console/address-book/{}/remove\">\
                     <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">\
                     <input type=\"hidden\" name=\"env\" value=\"{}\">\
                     <button class=\"reject\" type=\"submit\">Remove\u{2026}</button></form></td>",
                    esc(&e.id),
                    esc(csrf),
                    env.as_str()
                )
            } else if writes {
                "<td></td>".to_string()
            } else {
                String::new()
            };
            format!(
                "<tr>{}{}<td><code>{}</code></td>{}{}{remove}</tr>",
                td(&e.label),
                td(&e.asset_id),
                esc(&e.address),
                td(e.tag.as_deref().unwrap_or("")),
                td(e.status.as_str())
            )
        })
        .collect();
    let mut body = env_switch(env, "/console/address-book");
    if let Some(n) = notice {
        body += &notice_line(n);
    }
    body += &if entries.is_empty() {
        "<p>No addresses yet. Withdrawals go only to addresses in the book.</p>".to_string()
    } else if writes {
        table(&["Label", "Asset", "Address", "Tag", "Status", ""], &rows)
    } else {
        table(&["Label", "Asset", "Address", "Tag", "Status"], &rows)
    };
    match form {
        Some(f) => body += &add_form(env, csrf, f),
        None => {
            body += "<p class=\"note\">Admins and approvers add and remove addresses.</p>";
        }
    }
    page("Address book", Some(csrf), Some(env), &body)
}

/// Asks again before an entry is removed.
pub fn confirm_remove(
    e: &AddressBookEntry,
    env: Environment,
    csrf: &str,
    error: Option<&str>,
) -> String {
    page(
        "Remove this address?",
        Some(csrf),
        Some(env),
        &format!(
            "{}<p><strong>\u{201c}{}\u{201d}</strong> ({}): <code>{}</code></p>\
             <p>Withdrawals to this address will be refused from now on. Adding it \
             again goes through the policy, and may need approvals.</p>\
             <form method=\"post\" action=\"/console/address-book/{}/remove\">\
             <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">\
             <input type=\"hidden\" name=\"env\" value=\"{}\">\
             <input type=\"hidden\" name=\"confirm\" value=\"yes\">\
             <p><button class=\"danger\" type=\"submit\">Yes, remove</button> \
             <a class=\"button\" href=\"/console/address-book?env={}\">No, go back</a></p></form>",
            super::pages::error_line(error),
            esc(&e.label),
            esc(&e.asset_id),
            esc(&e.address),
            esc(&e.id),
            esc(csrf),
            env.as_str(),
            env.as_str()
        ),
    )
}

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

fn role_words(r: UserRole) -> &'static str {
    match r {
        UserRole::Admin => "decides any request, including those reserved to admins",
        UserRole::Approver => "approves or rejects requests",
        UserRole::Auditor => "reads everything, including the audit log; decides nothing",
        UserRole::Viewer => "reads balances and requests; decides nothing",
    }
}

/// What the last change on a page did, or why it was refused.
#[derive(Debug, Default)]
pub struct Flash {
    pub notice: Option<String>,
    pub error: Option<String>,
}

impl Flash {
    fn render(&self) -> String {
        let mut out = String::new();
        if let Some(n) = &self.notice {
            out += &format!("<p class=\"notice\" role=\"status\">{}</p>", esc(n));
        }
        out + &super::pages::error_line(self.error.as_deref())
    }
}

/// A one-button form that leads to a confirmation page.
fn ask_button(action: &str, csrf: &str, label: &str) -> String {
    format!(
        "<td><form class=\"inline\" method=\"post\" action=\"{}\">\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">\
         <button class=\"reject\" type=\"submit\">{}\u{2026}</button></form></td>",
        esc(action),
        esc(csrf),
        esc(label)
    )
}

/// Users and keys. `admin` is the signed-in admin's id: they get a Disable
/// button on every other active user and a Revoke button on every live key.
pub fn users(
    list: &[(User, bool)],
    keys: &[ApiKey],
    name_of: &dyn Fn(&str) -> String,
    csrf: &str,
    admin: Option<&str>,
    flash: &Flash,
) -> String {
    let rows: String = list
        .iter()
        .map(|(u, two_factor)| {
            let action = match admin {
                Some(me) if u.id != me && u.status == UserStatus::Active => {
                    ask_button(&format!("/console/users/{}/disable", u.id), csrf, "Disable")
                }
                Some(me) if u.id == me => td("you"),
                Some(_) => "<td></td>".to_string(),
                None => String::new(),
            };
            format!(
                "<tr>{}{}<td><strong>{}</strong>: {}</td>{}{}{action}</tr>",
                td(&u.name),
                td(&u.email),
                esc(u.role.as_str()),
                esc(role_words(u.role)),
                td(u.status.as_str()),
                td(if *two_factor { "on" } else { "off" })
            )
        })
        .collect();
    let mut body = flash.render();
    body += &if admin.is_some() {
        table(
            &["Name", "Email", "Role", "Status", "Two-factor", ""],
            &rows,
        )
    } else {
        table(&["Name", "Email", "Role", "Status", "Two-factor"], &rows)
    };
    body += "<h2>API keys</h2>";
    let rows: String = keys
        .iter()
        .map(|k| {
            let roles: Vec<&str> = k.roles.iter().map(|r| r.as_str()).collect();
            let action = match admin {
                Some(_) if k.revoked_at.is_none() => {
                    ask_button(&format!("/console/keys/{}/revoke", k.id), csrf, "Revoke")
                }
                Some(_) => "<td></td>".to_string(),
                None => String::new(),
            };
            format!(
                "<tr>{}<td><span class=\"badge {}\">{}</span></td>{}{}{}{action}</tr>",
                td(&k.name),
                k.environment.as_str(),
                esc(k.environment.as_str()),
                td(&roles.join(", ")),
                td(&k.user_id.as_deref().map(name_of).unwrap_or_default()),
                td(if k.revoked_at.is_some() {
                    "revoked"
                } else if k.read_only {
                    "read-only"
                } else {
                    "active"
                })
            )
        })
        .collect();
    body += &if admin.is_some() {
        table(&["Name", "Books", "Roles", "Acts as", "State", ""], &rows)
    } else {
        table(&["Name", "Books", "Roles", "Acts as", "State"], &rows)
    };
    body += if admin.is_some() {
        "<p class=\"note\">A key that acts as a user makes that user the initiator of what it \
         requests. Keys are made with the CLI or the admin API. Disabling a user and revoking a \
         key act at once; enabling a user again goes through the API, and may need approvals.</p>"
    } else {
        "<p class=\"note\">A key that acts as a user makes that user the initiator of what it \
         requests. Keys are made and revoked with the CLI or the admin API; admins also disable \
         users and revoke keys here.</p>"
    };
    page("Users and keys", Some(csrf), None, &body)
}

fn confirm_form(action: &str, csrf: &str, yes: &str) -> String {
    format!(
        "<form method=\"post\" action=\"{}\">\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">\
         <input type=\"hidden\" name=\"confirm\" value=\"yes\">\
         <p><button class=\"danger\" type=\"submit\">{}</button> \
         <a class=\"button\" href=\"/console/users\">No, go back</a></p></form>",
        esc(action),
        esc(csrf),
        esc(yes)
    )
}

/// Asks again before a user is disabled.
pub fn confirm_disable(u: &User, csrf: &str) -> String {
    page(
        "Disable this user?",
        Some(csrf),
        None,
        &format!(
            "<p><strong>{}</strong> &lt;{}&gt;, {}.</p>\
             <p>They are signed out of the console at once, cannot sign in, and their \
             votes and those of keys bound to them are refused, in both environments. \
             Enabling them again goes through the API and may need approvals; their \
             tenure as an approver starts again then.</p>{}",
            esc(&u.name),
            esc(&u.email),
            esc(u.role.as_str()),
            confirm_form(
                &format!("/console/users/{}/disable", u.id),
                csrf,
                "Yes, disable"
            )
        ),
    )
}

/// Asks again before a key is revoked.
pub fn confirm_revoke(k: &ApiKey, acts_as: Option<&str>, csrf: &str) -> String {
    page(
        "Revoke this API key?",
        Some(csrf),
        Some(k.environment),
        &format!(
            "<p>The key <strong>\u{201c}{}\u{201d}</strong> ({} books{}).</p>\
             <p>Every request signed with it is refused from now on \
             (<code>api_key_revoked</code>). A revoked key cannot be restored; make a new \
             one with the CLI or the admin API.</p>{}",
            esc(&k.name),
            k.environment.as_str(),
            acts_as
                .map(|n| format!(", acts as {}", esc(n)))
                .unwrap_or_default(),
            confirm_form(
                &format!("/console/keys/{}/revoke", k.id),
                csrf,
                "Yes, revoke"
            )
        ),
    )
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

//! The people page (docs/console.md, "People, keys and webhooks"): users and
//! API keys with their roles explained; admins disable users and revoke keys,
//! each after a confirmation page.

use super::pages::{esc, page, table, td, Flash};
use crate::domain::apikey::ApiKey;
use crate::domain::ids::UserId;
use crate::domain::user::{User, UserRole, UserStatus};

fn role_words(r: UserRole) -> &'static str {
    match r {
        UserRole::Admin => "decides any request, including those reserved to admins",
        UserRole::Approver => "approves or rejects requests",
        UserRole::Auditor => "reads everything, including the audit log; decides nothing",
        UserRole::Viewer => "reads balances and requests; decides nothing",
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
    admin: Option<&UserId>,
    flash: &Flash,
) -> String {
    let rows: String = list
        .iter()
        .map(|(u, two_factor)| {
            let action = match admin {
                Some(me) if u.id != *me && u.status == UserStatus::Active => {
                    ask_button(&format!("/console/users/{}/disable", u.id), csrf, "Disable")
                }
                Some(me) if u.id == *me => td("you"),
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

//! The console's server-rendered HTML: small, no scripts, every value escaped.

use crate::domain::activity::{Activity, Approval};
use crate::domain::tenancy::Partition;

/// Escapes text for HTML element content and double-quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>{} · Coffer</title>\
         <style>body{{font-family:sans-serif;max-width:46em;margin:2em auto;padding:0 1em}}\
         th{{text-align:left;padding-right:1em}}.error{{color:#a00}}</style></head>\
         <body><h1>{}</h1>\n{}\n</body></html>\n",
        esc(title),
        esc(title),
        body
    )
}

fn error_line(error: Option<&str>) -> String {
    error.map_or(String::new(), |e| {
        format!("<p class=\"error\" role=\"alert\">{}</p>", esc(e))
    })
}

pub fn login(csrf: &str, next: &str, error: Option<&str>) -> String {
    page(
        "Sign in",
        &format!(
            "{}<form method=\"post\" action=\"/console/login\">\
             <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">\
             <input type=\"hidden\" name=\"next\" value=\"{}\">\
             <p><label>Email <input type=\"email\" name=\"email\" required autocomplete=\"username\"></label></p>\
             <p><label>Password <input type=\"password\" name=\"password\" required autocomplete=\"current-password\"></label></p>\
             <p><button type=\"submit\">Sign in</button></p></form>",
            error_line(error),
            esc(csrf),
            esc(next)
        ),
    )
}

fn logout_form(csrf: &str) -> String {
    format!(
        "<form method=\"post\" action=\"/console/logout\">\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">\
         <button type=\"submit\">Sign out</button></form>",
        esc(csrf)
    )
}

pub fn activity(
    p: &Partition,
    a: &Activity,
    change: Option<&str>,
    approvals: &[Approval],
    csrf: &str,
    error: Option<&str>,
) -> String {
    let row = |k: &str, v: &str| format!("<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(v));
    let mut rows = String::new();
    rows.push_str(&row("Action", a.action.as_str()));
    rows.push_str(&row("Status", a.status.as_str()));
    rows.push_str(&row("Environment", p.environment.as_str()));
    rows.push_str(&row(
        "Requested by",
        &format!(
            "{} ({} {})",
            a.initiator.name, a.initiator.kind, a.initiator.id
        ),
    ));
    rows.push_str(&row(
        "Object",
        &format!("{} {}", a.object_type, a.object_id),
    ));
    if let Some(change) = change {
        rows.push_str(&row("Change", change));
    }
    rows.push_str(&row(
        "Approvals",
        &format!(
            "{} of {} needed",
            approvals
                .iter()
                .filter(|x| x.decision == "Approved")
                .count(),
            a.required_approvals
        ),
    ));
    rows.push_str(&row("Created", &a.created_at.to_rfc3339()));
    if let Some(t) = a.expires_at {
        rows.push_str(&row("Expires", &t.to_rfc3339()));
    }
    let decisions: String = approvals
        .iter()
        .map(|ap| {
            format!(
                "<li>{} {} at {}{}</li>",
                esc(&ap.user_id),
                esc(&ap.decision),
                esc(&ap.created_at.to_rfc3339()),
                ap.comment
                    .as_deref()
                    .map_or(String::new(), |c| format!(": {}", esc(c)))
            )
        })
        .collect();
    let forms = if a.status == crate::domain::activity::ActivityStatus::Pending {
        ["approve", "reject"]
            .iter()
            .map(|verb| {
                format!(
                    "<form method=\"post\" action=\"/console/activities/{}/{verb}\">\
                     <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">\
                     <p><label>Comment <input type=\"text\" name=\"comment\" maxlength=\"1000\"></label> \
                     <button type=\"submit\">{}</button></p></form>",
                    esc(&a.id),
                    esc(csrf),
                    if *verb == "approve" { "Approve" } else { "Reject" }
                )
            })
            .collect::<String>()
    } else {
        String::new()
    };
    page(
        &format!("Activity {}", a.id),
        &format!(
            "{}<table>{rows}</table><h2>Decisions</h2><ul>{decisions}</ul>{forms}\
             <p><a href=\"/console/activities\">All pending requests</a></p>{}",
            error_line(error),
            logout_form(csrf)
        ),
    )
}

pub fn pending(list: &[(Partition, Activity)], csrf: &str) -> String {
    let items: String = list
        .iter()
        .map(|(p, a)| {
            format!(
                "<li><a href=\"/console/activities/{}\">{} ({}) by {}</a></li>",
                esc(&a.id),
                esc(a.action.as_str()),
                esc(p.environment.as_str()),
                esc(&a.initiator.name)
            )
        })
        .collect();
    page(
        "Pending requests",
        &format!("<ul>{items}</ul>{}", logout_form(csrf)),
    )
}

/// A page for a request the console cannot serve (not found, refused).
pub fn message(title: &str, text: &str) -> String {
    page(title, &format!("<p>{}</p>", esc(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}

//! The console's page shell and shared pieces: server-rendered HTML, no
//! scripts, every value escaped. Built for a phone as much as a desk
//! (docs/console.md, "Accessibility"): one `<main>`, labelled fields, 44 px
//! touch targets and a visible focus ring.

use crate::clock::Timestamp;
use crate::domain::tenancy::Environment;
pub use crate::http::html::{esc, message, page};

/// A small badge naming the environment of a row.
pub fn env_badge(e: Environment) -> String {
    format!(
        "<span class=\"badge {}\">{}</span>",
        e.as_str(),
        match e {
            Environment::Live => "LIVE",
            Environment::Test => "TEST",
        }
    )
}

pub fn error_line(error: Option<&str>) -> String {
    error.map_or(String::new(), |e| {
        format!("<p class=\"error\" role=\"alert\">{}</p>", esc(e))
    })
}

/// A span of time in words: "2 days", "3 hours", "a minute".
pub fn span_words(secs: i64) -> String {
    let secs = secs.abs();
    let (n, unit) = match secs {
        s if s < 60 => return "less than a minute".into(),
        s if s < 3600 => (s / 60, "minute"),
        s if s < 86_400 => (s / 3600, "hour"),
        s => (s / 86_400, "day"),
    };
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// "3 hours ago" for a moment before `now`.
pub fn ago(t: Timestamp, now: Timestamp) -> String {
    format!("{} ago", span_words(now.unix_seconds() - t.unix_seconds()))
}

/// "expires in 2 days" / "expired 1 hour ago".
pub fn expiry_words(t: Timestamp, now: Timestamp) -> String {
    let left = t.unix_seconds() - now.unix_seconds();
    if left > 0 {
        format!("expires in {}", span_words(left))
    } else {
        format!("expired {} ago", span_words(left))
    }
}

/// Every page that is not in the navigation bar.
pub fn more(csrf: &str) -> String {
    let links = [
        (
            "/console/address-book",
            "Address book",
            "where withdrawals may go",
        ),
        (
            "/console/policies",
            "Policy",
            "which requests need approvals, in words",
        ),
        ("/console/users", "People and keys", "who may do what"),
        (
            "/console/webhooks",
            "Webhooks",
            "notifications sent to your systems (admins, auditors)",
        ),
        (
            "/console/audit",
            "Audit log",
            "every change, with CSV export (admins, auditors)",
        ),
        ("/console/2fa", "Two-factor", "the code you decide with"),
    ];
    let items: String = links
        .iter()
        .map(|(href, title, what)| {
            format!("<li><a href=\"{href}\"><strong>{title}</strong><br><span class=\"note\">{what}</span></a></li>")
        })
        .collect();
    page(
        "More",
        Some(csrf),
        None,
        &format!("<ul class=\"requests\">{items}</ul>"),
    )
}

/// An SVG QR code of `text`, or nothing if it does not fit one.
pub fn qr(text: &str) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(180, 180)
            .build(),
        Err(_) => String::new(),
    }
}

/// A table with a header row, scrolling sideways on a narrow screen.
pub fn table(head: &[&str], rows: &str) -> String {
    let th: String = head
        .iter()
        .map(|h| format!("<th scope=\"col\">{}</th>", esc(h)))
        .collect();
    format!("<div class=\"scroll\"><table class=\"list\"><thead><tr>{th}</tr></thead><tbody>{rows}</tbody></table></div>")
}

/// One cell, escaped.
pub fn td(v: &str) -> String {
    format!("<td>{}</td>", esc(v))
}

/// What the last change on a page did, or why it was refused.
#[derive(Debug, Default)]
pub struct Flash {
    pub notice: Option<String>,
    pub error: Option<String>,
}

impl Flash {
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Some(n) = &self.notice {
            out += &format!("<p class=\"notice\" role=\"status\">{}</p>", esc(n));
        }
        out + &error_line(self.error.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_as_words() {
        assert_eq!(span_words(30), "less than a minute");
        assert_eq!(span_words(61), "1 minute");
        assert_eq!(span_words(2 * 86_400 + 5), "2 days");
        let now = Timestamp::from_millis(1_000_000_000);
        assert_eq!(
            expiry_words(now.plus_seconds(72 * 3600 - 10), now),
            "expires in 2 days"
        );
        assert_eq!(
            expiry_words(now.plus_seconds(-7200), now),
            "expired 2 hours ago"
        );
        assert_eq!(ago(now.plus_seconds(-180), now), "3 minutes ago");
    }
}

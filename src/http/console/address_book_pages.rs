//! The address book page (docs/console.md, "Address book"): the entries of
//! one environment, the add form for those who may change it, the notice
//! after a change, and the confirmation before a removal.

use super::overview_pages::env_switch;
use super::pages::{esc, page, table, td};
use crate::domain::address_book::{AddressBookEntry, EntryStatus};
use crate::domain::ids::ActivityId;
use crate::domain::tenancy::Environment;

/// What the last change to the address book did, shown after its redirect.
pub enum Notice {
    Added {
        label: String,
    },
    Waiting {
        label: String,
        approvals: u32,
        activity_id: ActivityId,
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

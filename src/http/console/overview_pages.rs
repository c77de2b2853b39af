//! Pages of what a firm holds (docs/console.md, "Overview"): balances per
//! asset and per vault, wallets with deposit addresses (and a QR code), and
//! transactions with filters, a detail page and CSV export.

use super::pages::{ago, esc, page, qr};
use crate::clock::Timestamp;
use crate::domain::money::format_amount;
use crate::domain::tenancy::Environment;
use crate::service::overview::{AssetTotals, Overview};
use serde_json::Value;

/// Links to the same page in the other environment.
pub fn env_switch(env: Environment, path: &str) -> String {
    let other = match env {
        Environment::Live => Environment::Test,
        Environment::Test => Environment::Live,
    };
    format!(
        "<p>Showing the <strong>{}</strong> books. <a href=\"{path}?env={}\">Show {} instead</a></p>",
        env.as_str(),
        other.as_str(),
        other.as_str()
    )
}

fn totals_table(totals: &[AssetTotals]) -> String {
    if totals.is_empty() {
        return "<p>No wallets yet.</p>".into();
    }
    let rows: String = totals
        .iter()
        .map(|t| {
            let f = |a| esc(&format_amount(a, t.decimals));
            format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&t.asset_id),
                f(t.total),
                f(t.available),
                f(t.pending),
                f(t.locked)
            )
        })
        .collect();
    format!(
        "<div class=\"scroll\"><table class=\"totals\"><thead><tr><th scope=\"col\">Asset</th><th scope=\"col\">Total</th>\
         <th scope=\"col\">Available</th><th scope=\"col\">Pending</th><th scope=\"col\">Locked</th></tr></thead>\
         <tbody>{rows}</tbody></table></div>"
    )
}

pub fn overview(o: &Overview, env: Environment, csrf: &str) -> String {
    let mut body = env_switch(env, "/console/overview");
    body += "<h2>Balances across all vaults</h2>";
    body += &totals_table(&o.totals);
    body += "<p><a href=\"/console/transactions?env=";
    body += env.as_str();
    body += "\">Transactions</a></p>";
    for v in &o.vaults {
        body += &format!(
            "<h2>Vault {} <span class=\"note\">({})</span></h2>",
            esc(&v.vault.name),
            esc(v.vault.status.as_str())
        );
        body += &totals_table(&v.totals);
        for w in &v.wallets {
            body += &format!(
                "<h3>{} wallet{}</h3><p>Status {}</p>",
                esc(&w.asset_id),
                w.label
                    .as_deref()
                    .map_or(String::new(), |l| format!(" \u{201c}{}\u{201d}", esc(l))),
                esc(w.status.as_str())
            );
            if let Some(address) = &w.deposit_address {
                body += &format!(
                    "<p>Deposit address: <code class=\"address\">{}</code></p>\
                     <details><summary>QR code</summary><div role=\"img\" aria-label=\"QR code of the deposit address\">{}</div></details>",
                    esc(address),
                    qr(address)
                );
            }
            body += &format!(
                "<p><a href=\"/console/transactions?env={}&amp;walletId={}\">Transactions of this wallet</a></p>",
                env.as_str(),
                esc(&w.id)
            );
        }
    }
    page("Overview", Some(csrf), Some(env), &body)
}

fn s(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The filter form: the API's own parameter names.
fn filters(env: Environment, query: &[(String, String)], assets: &[String]) -> String {
    let current = |name: &str| {
        query
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let select = |name: &str, label: &str, options: &[String]| {
        let opts: String = std::iter::once(String::new())
            .chain(options.iter().cloned())
            .map(|o| {
                format!(
                    "<option value=\"{v}\"{sel}>{t}</option>",
                    v = esc(&o),
                    sel = if o == current(name) { " selected" } else { "" },
                    t = if o.is_empty() { "any".into() } else { esc(&o) }
                )
            })
            .collect();
        format!("<label for=\"f-{name}\">{label}</label><select id=\"f-{name}\" name=\"{name}\">{opts}</select>")
    };
    let kinds = ["Deposit", "Transfer", "Withdrawal"].map(String::from);
    let statuses: Vec<String> = crate::domain::transaction::Status::ALL
        .iter()
        .map(|s| s.as_str().to_string())
        .collect();
    let wallet = current("walletId");
    format!(
        "<form method=\"get\" action=\"/console/transactions\"><input type=\"hidden\" name=\"env\" value=\"{}\">\
         {}{}{}{}<p><button type=\"submit\">Filter</button></p></form>",
        env.as_str(),
        select("kind", "Kind", &kinds),
        select("status", "Status", &statuses),
        select("assetId", "Asset", assets),
        if wallet.is_empty() {
            String::new()
        } else {
            format!("<input type=\"hidden\" name=\"walletId\" value=\"{}\">", esc(wallet))
        }
    )
}

/// Links to the next page (older rows) and back to the newest, as query strings.
pub struct Paging {
    pub older: Option<String>,
    pub newest: Option<String>,
}

/// Transactions as rendered by the API, newest first.
#[allow(clippy::too_many_arguments)]
pub fn transactions(
    rows: &[Value],
    paging: &Paging,
    env: Environment,
    query: &[(String, String)],
    query_string: &str,
    assets: &[String],
    csrf: &str,
    now: Timestamp,
) -> String {
    let mut body = env_switch(env, "/console/transactions");
    body += &filters(env, query, assets);
    body += &format!(
        "<p><a class=\"button\" href=\"/console/transactions.csv?{}\" download>Download CSV of this list</a></p>",
        esc(query_string)
    );
    if rows.is_empty() {
        body += "<p>No transactions match.</p>";
    } else {
        let items: String = rows
            .iter()
            .map(|t| {
                let at = Timestamp::parse_rfc3339(&s(&t["createdAt"])).unwrap_or(now);
                format!(
                    "<li><a href=\"/console/transactions/{}\"><span class=\"row\"><span class=\"amount\">{} {} {}</span>\
                     <span>{}</span></span><span class=\"row note\"><span>{}</span><span>{}</span></span></a></li>",
                    esc(&s(&t["id"])),
                    esc(&s(&t["kind"])),
                    esc(&s(&t["amount"])),
                    esc(&s(&t["assetId"])),
                    esc(&s(&t["status"])),
                    esc(&s(&t["destinationAddress"])),
                    esc(&ago(at, now)),
                )
            })
            .collect();
        body += &format!("<ul class=\"requests\">{items}</ul>");
    }
    let link = |qs: &Option<String>, text: &str| {
        qs.as_ref().map_or(String::new(), |q| {
            format!(
                "<a class=\"button\" href=\"/console/transactions?{}\">{text}</a> ",
                esc(q)
            )
        })
    };
    body += &format!(
        "<p>{}{}</p>",
        link(&paging.newest, "Newest"),
        link(&paging.older, "Older")
    );
    page("Transactions", Some(csrf), Some(env), &body)
}

/// One transaction, every field the API shows.
pub fn transaction(t: &Value, env: Environment, csrf: &str) -> String {
    let rows: String = t
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| {
                    format!(
                        "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                        esc(k),
                        esc(&s(v))
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    page(
        &format!("{} of {} {}", s(&t["kind"]), s(&t["amount"]), s(&t["assetId"])),
        Some(csrf),
        Some(env),
        &format!(
            "<table>{rows}</table><p><a href=\"/console/transactions?env={}\">All transactions</a></p>",
            env.as_str()
        ),
    )
}

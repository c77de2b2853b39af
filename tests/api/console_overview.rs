//! The console's overview (docs/console.md, "Overview"): balances per asset
//! and vault, deposit addresses with QR codes, and transactions whose CSV is
//! what the API lists for the same filter.

use crate::console_approvals::{scene, signed_in};
use crate::ledger::{fund, wallet};

/// The rows of a CSV without quoting (the test data has no commas).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}

#[test]
fn console_overview_balances_and_transactions_csv_equal_the_api() {
    let s = scene(&[]);
    let api = &s.api;
    let eth = wallet(api, &api.vault("Operations"), "ETH");
    fund(api, &eth, "3.25");
    let ann = signed_in(&s.server, "ann");

    // Live by default, with a way to the test books.
    let live = ann.get("/console/overview").text;
    assert!(
        live.contains("LIVE — real money") && live.contains("No wallets yet."),
        "{live}"
    );
    assert!(live.contains("href=\"/console/overview?env=test\""));
    let page = ann.get("/console/overview?env=test").text;
    // BTC: 2 funded, 1.5 + fee locked by the pending withdrawal.
    let wallets = api.get("/v1/wallets?assetId=BTC").expect(200).body;
    let b = &wallets["data"][0]["balance"];
    let row = format!(
        "<th scope=\"row\">BTC</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
        b["total"].as_str().unwrap(),
        b["available"].as_str().unwrap(),
        b["pending"].as_str().unwrap(),
        b["locked"].as_str().unwrap()
    );
    assert!(page.contains(&row), "{row} in {page}");
    assert!(
        page.contains("<th scope=\"row\">ETH</th><td>3.25</td><td>3.25</td>"),
        "{page}"
    );
    assert!(page.contains("Vault Treasury") && page.contains("Vault Operations"));
    let address = api.get(&format!("/v1/wallets/{eth}")).expect(200).body["depositAddress"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(page.contains(&address) && page.contains("<svg"), "{page}");

    // The CSV of a filter is what the API lists for it.
    for filter in [
        "",
        "&kind=Deposit",
        "&assetId=ETH",
        "&status=PendingApproval&kind=Withdrawal",
    ] {
        let csv = ann.get(&format!("/console/transactions.csv?env=test{filter}"));
        assert_eq!(csv.status, 200, "{}", csv.text);
        assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
        let rows = csv_rows(&csv.text);
        let listed = api
            .get(&format!("/v1/transactions?limit=100{filter}"))
            .expect(200)
            .body["data"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(rows.len(), listed.len() + 1, "{filter}: {}", csv.text);
        let head = &rows[0];
        for (row, t) in rows[1..].iter().zip(&listed) {
            for (name, value) in head.iter().zip(row) {
                let want = match &t[name.as_str()] {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                assert_eq!(value, &want, "{filter}: {name}");
            }
        }
    }
    // The HTML listing offers the same filter for download, and a detail page.
    let list = ann
        .get("/console/transactions?env=test&kind=Deposit&status=")
        .text;
    assert!(
        list.contains("/console/transactions.csv?env=test&amp;kind=Deposit"),
        "{list}"
    );
    let first = api.get("/v1/transactions?kind=Deposit").expect(200).body["data"][0].clone();
    let id = first["id"].as_str().unwrap();
    assert!(list.contains(&format!("/console/transactions/{id}")));
    // Keyset pages: after the newest, the rest, with a way back.
    let all = api.get("/v1/transactions").expect(200).body["data"].clone();
    let (newest, second) = (
        all[0]["id"].as_str().unwrap(),
        all[1]["id"].as_str().unwrap(),
    );
    let older = ann
        .get(&format!("/console/transactions?env=test&after={newest}"))
        .text;
    assert!(
        !older.contains(&format!("/console/transactions/{newest}\"")),
        "{older}"
    );
    assert!(
        older.contains(&format!("/console/transactions/{second}\"")),
        "{older}"
    );
    assert!(older.contains(">Newest</a>"), "{older}");
    let detail = ann.get(&format!("/console/transactions/{id}")).text;
    assert!(
        detail.contains(first["amount"].as_str().unwrap()),
        "{detail}"
    );
    assert!(detail.contains("TEST — sandbox"), "{detail}");
}

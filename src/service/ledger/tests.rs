//! The money paths of the ledger service over an in-memory database, each
//! call in a savepoint as the writer runs it: a refused movement changes
//! nothing, an accepted one moves exactly its amount with balanced journals.

use super::*;
use crate::domain::ids::new_id;
use crate::domain::money::WholeAmount;
use crate::keyring::MasterKey;
use crate::service::work::{Origin, Principal};
use crate::store::verify::{verify, Verified};

pub(super) struct Books {
    pub(super) conn: Connection,
    pub(super) ledger: Ledger,
    pub(super) master: MasterKey,
    pub(super) p: Partition,
    pub(super) now: Timestamp,
}

impl Books {
    pub(super) fn new() -> Books {
        let conn = crate::store::tests::memory();
        let dir = std::env::temp_dir().join(format!("coffer-ledger-unit-{}", new_id()));
        std::fs::create_dir_all(&dir).unwrap();
        let master = MasterKey::create(&dir.join("master.key")).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        let now = Timestamp::from_millis(1_700_000_000_000);
        let p = Partition {
            tenant_id: crate::domain::ids::TenantId::mint(),
            environment: Environment::Test,
        };
        let by = Principal::Cli("test");
        let opening = Work::new(&conn, p.clone(), now, by, Origin::default());
        crate::service::tenants::create_base(&opening, &master).unwrap();
        Books {
            conn,
            ledger: Ledger {
                assets: crate::config::Config::default().assets(),
                chains: Chains::default(),
                activity_ttl_ms: 60_000,
            },
            master,
            p,
            now,
        }
    }

    /// Runs `job` as the writer does: in a savepoint, undone if it fails.
    pub(super) fn job<T>(&self, job: impl FnOnce(&Self) -> Result<T, Error>) -> Result<T, Error> {
        self.conn.execute_batch("SAVEPOINT job").unwrap();
        let result = job(self);
        let end = if result.is_ok() {
            "RELEASE job"
        } else {
            "ROLLBACK TO job; RELEASE job"
        };
        self.conn.execute_batch(end).unwrap();
        result
    }

    /// A unit of work over the test's connection, by the operator.
    pub(super) fn work(&self) -> Work<'_> {
        self.work_by(Principal::Cli("test"))
    }

    /// A unit of work over the test's connection, by `by`.
    pub(super) fn work_by(&self, by: Principal) -> Work<'_> {
        Work::new(&self.conn, self.p.clone(), self.now, by, Origin::default())
    }

    /// A wallet of `asset` in a vault of its own.
    pub(super) fn wallet(&self, asset: &str) -> Wallet {
        let vault = Vault {
            id: VaultId::mint(),
            external_id: None,
            name: format!("{asset} {}", new_id()),
            metadata: serde_json::Map::new(),
            status: VaultStatus::Active,
            created_at: self.now,
            updated_at: self.now,
        };
        store::vaults::insert(&self.conn, &self.p, &vault).unwrap();
        self.ledger
            .create_wallet(&self.work(), &vault.id, asset, None, None)
            .unwrap()
            .0
    }

    pub(super) fn fund(&self, wallet: &Wallet, whole: &str) {
        let asset = self.ledger.asset(&wallet.asset_id).unwrap();
        let amount = WholeAmount::parse(whole)
            .unwrap()
            .scale(asset.decimals)
            .unwrap();
        // A deposit reported with all its confirmations needs that many blocks.
        store::sandbox::mine(
            &self.conn,
            &self.p.tenant_id,
            i64::from(asset.required_confirmations),
        )
        .unwrap();
        let confirmations = i64::from(asset.required_confirmations);
        // Recorded pending, then credited by the follow step at its depth,
        // as the chain worker does.
        self.job(|b| {
            let work = b.work();
            let t = b
                .ledger
                .sandbox_deposit(&work, wallet, amount, confirmations)?;
            b.ledger.follow(&work, t, confirmations)
        })
        .unwrap();
    }

    pub(super) fn available(&self, wallet: &Wallet) -> Amount {
        store::wallets::get(&self.conn, &self.p, &wallet.id)
            .unwrap()
            .balance
            .available
    }

    fn transfer(&self, from: &Wallet, to: &Wallet, amount: &str) -> Result<Transaction, Error> {
        let amount = WholeAmount::field("amount", amount)?;
        self.job(|b| {
            b.ledger.transfer(
                &b.work(),
                &Granted::operator(),
                TransferRequest {
                    source_wallet_id: from.id.clone(),
                    destination_wallet_id: to.id.clone(),
                    amount: amount.clone(),
                    note: None,
                },
            )
        })
    }

    pub(super) fn verified(&self) -> Verified {
        verify(&self.conn).unwrap().expect("the books verify")
    }
}

pub(super) fn units(atomic: i128) -> Amount {
    Amount::checked_from_atomic(atomic).unwrap()
}

#[test]
fn a_transfer_moves_exactly_its_amount_and_the_books_balance() {
    let b = Books::new();
    let (a, c) = (b.wallet("USDC"), b.wallet("USDC"));
    b.fund(&a, "10");
    assert_eq!(b.available(&a), units(10_000_000));
    let t = b.transfer(&a, &c, "2.5").unwrap();
    assert_eq!(t.status, Status::Completed);
    assert_eq!(b.available(&a), units(7_500_000));
    assert_eq!(b.available(&c), units(2_500_000));
    b.verified();
}

#[test]
fn an_overdraft_is_refused_naming_the_shortfall_and_changes_nothing() {
    let b = Books::new();
    let (a, c) = (b.wallet("USDC"), b.wallet("USDC"));
    b.fund(&a, "10");
    let before = b.verified();
    let refused = b.transfer(&a, &c, "10.000001").unwrap_err();
    match refused {
        Error::Refused { code, message } => {
            assert_eq!(code, "insufficient_funds");
            assert!(
                message.contains("has 10 USDC available; this needs 10.000001 USDC"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(b.available(&a), units(10_000_000));
    assert_eq!(b.available(&c), Amount::ZERO);
    assert_eq!(
        b.verified(),
        before,
        "no entry, account or transaction was left behind"
    );
}

#[test]
fn assets_must_match_and_amounts_must_fit_the_asset() {
    let b = Books::new();
    let (usdc, btc) = (b.wallet("USDC"), b.wallet("BTC"));
    b.fund(&usdc, "1");
    let mismatch = b.transfer(&usdc, &btc, "0.5").unwrap_err();
    assert!(
        matches!(
            mismatch,
            Error::Refused {
                code: "asset_mismatch",
                ..
            }
        ),
        "{mismatch:?}"
    );
    let other = b.wallet("USDC");
    for bad in ["0", "-1", "0.0000001", "1e3", ""] {
        let e = b.transfer(&usdc, &other, bad).unwrap_err();
        assert!(matches!(e, Error::InvalidField { .. }), "{bad}: {e:?}");
    }
    b.verified();
}

#[test]
fn a_transfer_nobody_subscribes_to_runs_fourteen_statements() {
    use rusqlite::trace::{TraceEvent, TraceEventCodes};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let mut b = Books::new();
    let (a, c) = (b.wallet("USDC"), b.wallet("USDC"));
    b.fund(&a, "10");
    let ran = std::sync::Arc::new(AtomicUsize::new(0));
    let counted = std::sync::Arc::clone(&ran);
    let count = move |event: TraceEvent| {
        // Trigger programs report themselves as `-- …`: part of a statement.
        if matches!(event, TraceEvent::Stmt(_, sql) if !sql.starts_with("--")) {
            counted.fetch_add(1, Ordering::Relaxed);
        }
    };
    b.conn
        .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(count))
        .unwrap();
    b.transfer(&a, &c, "1").unwrap();
    b.conn
        .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, None::<fn(TraceEvent)>)
        .unwrap();
    // Two wallet reads (row and balances), the vault, the transaction and
    // its id's lag (a write only when it is the largest yet), two postings
    // (balance update and entry each), one subscription check per event:
    // fourteen, with the job's savepoint and release around them
    // (docs/performance.md, "The write path").
    assert_eq!(ran.load(Ordering::Relaxed), 2 + 14);
}

#[test]
fn a_transfer_announces_both_balances_as_a_read_after_it_shows_them() {
    let b = Books::new();
    b.conn
        .execute(
            "INSERT INTO webhook_endpoints (tenant_id, environment, url, secret_salt, created_at, updated_at)
             VALUES (?1, 'test', 'https://example.com/hook', 's', 0, 0)",
            [&b.p.tenant_id],
        )
        .unwrap();
    let (a, c) = (b.wallet("USDC"), b.wallet("USDC"));
    b.fund(&a, "10");
    b.transfer(&a, &c, "2.5").unwrap();
    let announced: Vec<serde_json::Value> = b
        .conn
        .prepare(
            "SELECT payload FROM events WHERE type = 'balance.updated' ORDER BY seq DESC LIMIT 2",
        )
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|p| serde_json::from_str(&p.unwrap()).unwrap())
        .collect();
    assert_eq!(announced.len(), 2);
    let asset = b.ledger.asset("USDC").unwrap();
    for (event, wallet) in announced.iter().rev().zip([&a, &c]) {
        let read = store::wallets::get(&b.conn, &b.p, &wallet.id).unwrap();
        assert_eq!(event["data"], views::wallet(&read, asset));
    }
}

#[test]
fn a_created_to_filter_finds_a_transfer_minted_long_after_its_clock_reading() {
    use crate::domain::page::PageRequest;
    use crate::store::transactions::TransactionFilter;
    let b = Books::new();
    let lag = |b: &Books| -> i64 {
        b.conn
            .query_row("SELECT ms FROM transaction_id_lag", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(lag(&b), 0, "a new database has seen no lag");
    let (from, to) = (b.wallet("BTC"), b.wallet("BTC"));
    b.fund(&from, "1");
    let t = b.transfer(&from, &to, "0.1").unwrap();
    // The books' clock reads 2023 and the id was minted today: the largest
    // lag grows to cover it, and the id bound of a time filter with it.
    assert!(lag(&b) >= Timestamp::now().millis() - b.now.millis() - 60_000);
    let page_of = |created_to: i64| {
        let filter = TransactionFilter {
            created_to: Some(Timestamp::from_millis(created_to)),
            ..TransactionFilter::default()
        };
        let page = PageRequest {
            limit: 100,
            cursor: None,
        };
        store::transactions::list(&b.conn, &b.p, &filter, &page).unwrap()
    };
    assert!(page_of(b.now.millis() + 1)
        .items
        .iter()
        .any(|x| x.id == t.id));
    assert!(page_of(b.now.millis()).items.iter().all(|x| x.id != t.id));
}

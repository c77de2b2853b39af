//! What a firm holds, for the console's overview (docs/console.md,
//! "Overview"): balances per asset across a partition and per vault, the
//! vaults with their wallets, and whole listings of transactions for export.

use crate::domain::asset::Assets;
use crate::domain::money::Amount;
use crate::domain::page::{Cursor, Page, PageRequest, MAX_LIMIT};
use crate::domain::tenancy::Partition;
use crate::domain::transaction::Transaction;
use crate::domain::vault::Vault;
use crate::domain::wallet::Wallet;
use crate::domain::Error;
use crate::store;
use crate::store::transactions::TransactionFilter;
use rusqlite::Connection;

/// At most this many rows in one export or overview listing.
pub const MAX_ROWS: usize = 50_000;

/// Sums of one asset's balances.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetTotals {
    pub asset_id: String,
    pub decimals: u32,
    pub total: Amount,
    pub available: Amount,
    pub pending: Amount,
    pub locked: Amount,
}

#[derive(Debug, Clone)]
pub struct VaultHoldings {
    pub vault: Vault,
    pub wallets: Vec<Wallet>,
    pub totals: Vec<AssetTotals>,
}

#[derive(Debug, Clone)]
pub struct Overview {
    pub totals: Vec<AssetTotals>,
    pub vaults: Vec<VaultHoldings>,
}

/// Every item of a paged listing, newest first, up to `MAX_ROWS`; `true`
/// when more were left out.
pub fn all<T>(
    id: impl Fn(&T) -> String,
    mut page: impl FnMut(&PageRequest) -> Result<Page<T>, Error>,
) -> Result<(Vec<T>, bool), Error> {
    let mut out = Vec::new();
    let mut request = PageRequest {
        limit: MAX_LIMIT,
        cursor: None,
    };
    loop {
        let got = page(&request)?;
        let last = got.items.last().map(&id);
        out.extend(got.items);
        if out.len() >= MAX_ROWS {
            out.truncate(MAX_ROWS);
            return Ok((out, true));
        }
        match last.filter(|_| got.more) {
            Some(last) => request.cursor = Some(Cursor::After(last)),
            None => return Ok((out, false)),
        }
    }
}

fn add(a: Amount, b: Amount) -> Result<Amount, Error> {
    a.checked_add(b)
        .ok_or_else(|| Error::Internal("a balance sum overflows".into()))
}

fn totals<'a>(
    assets: &Assets,
    wallets: impl Iterator<Item = &'a Wallet>,
) -> Result<Vec<AssetTotals>, Error> {
    let mut out: Vec<AssetTotals> = Vec::new();
    for w in wallets {
        let i = match out.iter().position(|t| t.asset_id == w.asset_id) {
            Some(i) => i,
            None => {
                out.push(AssetTotals {
                    asset_id: w.asset_id.clone(),
                    decimals: assets.of_stored(&w.asset_id)?.decimals,
                    total: Amount::ZERO,
                    available: Amount::ZERO,
                    pending: Amount::ZERO,
                    locked: Amount::ZERO,
                });
                out.len() - 1
            }
        };
        let t = &mut out[i];
        t.total = add(t.total, w.balance.total())?;
        t.available = add(t.available, w.balance.available)?;
        t.pending = add(t.pending, w.balance.pending)?;
        t.locked = add(t.locked, w.balance.locked)?;
    }
    out.sort_by(|a, b| a.asset_id.cmp(&b.asset_id));
    Ok(out)
}

/// The partition's holdings.
pub fn overview(conn: &Connection, assets: &Assets, p: &Partition) -> Result<Overview, Error> {
    let (vaults, _) = all(
        |v: &Vault| v.id.to_string(),
        |r| store::vaults::list(conn, p, &Default::default(), r),
    )?;
    let (wallets, _) = all(
        |w: &Wallet| w.id.to_string(),
        |r| store::wallets::list(conn, p, &Default::default(), r),
    )?;
    let vaults = vaults
        .into_iter()
        .map(|vault| {
            let mine: Vec<Wallet> = wallets
                .iter()
                .filter(|w| w.vault_id == vault.id)
                .cloned()
                .collect();
            Ok(VaultHoldings {
                totals: totals(assets, mine.iter())?,
                wallets: mine,
                vault,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(Overview {
        totals: totals(assets, wallets.iter())?,
        vaults,
    })
}

/// Every transaction matching `filter`, newest first, as the API lists them
/// page by page; `true` when more than `MAX_ROWS` matched.
pub fn transactions(
    conn: &Connection,
    p: &Partition,
    filter: &TransactionFilter,
) -> Result<(Vec<Transaction>, bool), Error> {
    all(
        |t: &Transaction| t.id.to_string(),
        |r| store::transactions::list(conn, p, filter, r),
    )
}

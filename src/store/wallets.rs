//! Wallets and their deposit addresses.

use super::is_unique_violation;
use super::ledger::wallet_balance;
use super::query::{one_in_partition, ListQuery};
use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::domain::ids::{new_id, TenantId, VaultId, WalletId};
use crate::domain::page::{Cursor, Page, PageRequest};
use crate::domain::tenancy::Partition;
pub use crate::domain::wallet::DepositAddress;
use crate::domain::wallet::{Balance, Wallet, WalletStatus};
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension, Row};

const SELECT: &str =
    "SELECT id, vault_id, asset_id, label, status, deposit_address, created_at, updated_at, activity_id FROM wallets";

fn from_row(r: &Row) -> rusqlite::Result<Wallet> {
    let status: String = r.get(4)?;
    Ok(Wallet {
        id: r.get(0)?,
        vault_id: r.get(1)?,
        asset_id: r.get(2)?,
        label: r.get(3)?,
        status: WalletStatus::parse(&status).unwrap_or(WalletStatus::PendingApproval),
        deposit_address: r.get(5)?,
        balance: Balance::default(),
        created_at: Timestamp::from_millis(r.get(6)?),
        updated_at: Timestamp::from_millis(r.get(7)?),
        activity_id: r.get(8)?,
    })
}

fn with_balance(conn: &Connection, mut w: Wallet) -> Result<Wallet, Error> {
    w.balance = wallet_balance(conn, &w.id)?;
    Ok(w)
}

pub fn insert(conn: &Connection, p: &Partition, w: &Wallet) -> Result<(), Error> {
    exec(conn,
        "INSERT INTO wallets (id, tenant_id, environment, vault_id, asset_id, label, status, deposit_address, created_at, updated_at, activity_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            w.id,
            p.tenant_id,
            p.environment.as_str(),
            w.vault_id,
            w.asset_id,
            w.label,
            w.status.as_str(),
            w.deposit_address,
            w.created_at.millis(),
            w.updated_at.millis(),
            w.activity_id
        ],
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            Error::conflict("wallet_exists", format!("the vault already has a {} wallet", w.asset_id))
        } else {
            e.into()
        }
    })?;
    Ok(())
}

/// The wallet with this id in the partition, with its balance.
pub fn get(conn: &Connection, p: &Partition, id: &str) -> Result<Wallet, Error> {
    let wallet = one_in_partition(conn, SELECT, p, id, "wallet", from_row)?;
    with_balance(conn, wallet)
}

/// The ids of every wallet of a vault, pending or not (a list of the vault's
/// transactions walks each one's index).
pub fn ids_in_vault(conn: &Connection, vault_id: &VaultId) -> Result<Vec<WalletId>, Error> {
    let mut stmt = conn.prepare_cached("SELECT id FROM wallets WHERE vault_id = ? ORDER BY id")?;
    let ids = stmt
        .query_map([vault_id], |r| r.get(0))?
        .collect::<Result<Vec<WalletId>, _>>()?;
    Ok(ids)
}

#[derive(Debug, Clone, Default)]
pub struct WalletFilter {
    pub vault_id: Option<String>,
    pub asset_id: Option<String>,
}

pub fn list(
    conn: &Connection,
    p: &Partition,
    filter: &WalletFilter,
    page: &PageRequest,
) -> Result<Page<Wallet>, Error> {
    let page = ListQuery::in_partition(SELECT, p)
        .and_maybe("vault_id = ?", filter.vault_id.clone())
        .and_maybe("asset_id = ?", filter.asset_id.clone())
        .page(conn, "id", page, from_row)?;
    let more = page.more;
    let items = page
        .items
        .into_iter()
        .map(|w| with_balance(conn, w))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page { items, more })
}

pub fn add_address(
    conn: &Connection,
    network: &str,
    address: &str,
    wallet_id: &str,
    derivation_index: Option<u32>,
    now: Timestamp,
) -> Result<DepositAddress, Error> {
    let a = DepositAddress {
        id: new_id(),
        network: network.to_string(),
        address: address.to_string(),
        wallet_id: wallet_id.to_string(),
        created_at: now,
        derivation_index,
    };
    exec(conn,
        "INSERT INTO deposit_addresses (id, network, address, wallet_id, created_at, derivation_index)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![a.id, a.network, a.address, a.wallet_id, a.created_at.millis(), a.derivation_index],
    )?;
    Ok(a)
}

/// The xpub child index of a deposit address (its signer's derivation path),
/// `None` for a pool or sandbox address.
pub fn derivation_index(
    conn: &Connection,
    network: &str,
    address: &str,
) -> Result<Option<u32>, Error> {
    Ok(query_one(
        conn,
        "SELECT derivation_index FROM deposit_addresses WHERE network = ?1 AND address = ?2",
        params![network, address],
        |r| r.get::<_, Option<u32>>(0),
    )
    .optional()?
    .flatten())
}

pub fn list_addresses(
    conn: &Connection,
    wallet_id: &str,
    page: &PageRequest,
) -> Result<Page<DepositAddress>, Error> {
    ListQuery::new(
        "SELECT id, network, address, wallet_id, created_at, derivation_index FROM deposit_addresses",
    )
        .and("wallet_id = ?", wallet_id.to_string())
        .page(conn, "id", page, address_from_row)
}

/// The partition's wallet that owns a deposit address on a network.
pub fn by_address(
    conn: &Connection,
    p: &Partition,
    network: &str,
    address: &str,
) -> Result<Option<Wallet>, Error> {
    let sql = format!(
        "{SELECT} WHERE id = (SELECT wallet_id FROM deposit_addresses WHERE network = ?1 AND address = ?2)
           AND tenant_id = ?3 AND environment = ?4"
    );
    let wallet = query_one(
        conn,
        &sql,
        params![network, address, p.tenant_id, p.environment.as_str()],
        from_row,
    )
    .optional()?;
    wallet.map(|w| with_balance(conn, w)).transpose()
}

/// Saves an opened wallet: its status, first deposit address and `updated_at`.
pub fn activate(conn: &Connection, w: &Wallet) -> Result<(), Error> {
    exec(
        conn,
        "UPDATE wallets SET status = ?2, deposit_address = ?3, updated_at = ?4 WHERE id = ?1",
        params![
            w.id,
            w.status.as_str(),
            w.deposit_address,
            w.updated_at.millis()
        ],
    )?;
    Ok(())
}

/// Removes a wallet still awaiting approval (it has nothing attached yet).
pub fn delete_pending(conn: &Connection, id: &str) -> Result<(), Error> {
    exec(
        conn,
        "DELETE FROM wallets WHERE id = ?1 AND status = 'PendingApproval'",
        params![id],
    )?;
    Ok(())
}

/// A deposit address with its wallet (and the wallet's balance).
#[derive(Debug, Clone, PartialEq)]
pub struct OwnedAddress {
    pub address: DepositAddress,
    pub wallet: Wallet,
}

#[derive(Debug, Clone, Default)]
pub struct AddressFilter {
    pub wallet_id: Option<String>,
    pub asset_id: Option<String>,
}

const SELECT_OWNED: &str =
    "SELECT d.id, d.network, d.address, d.wallet_id, d.created_at, d.derivation_index
     FROM deposit_addresses d JOIN wallets w ON w.id = d.wallet_id";

fn address_from_row(r: &Row) -> rusqlite::Result<DepositAddress> {
    Ok(DepositAddress {
        id: r.get(0)?,
        network: r.get(1)?,
        address: r.get(2)?,
        wallet_id: r.get(3)?,
        created_at: Timestamp::from_millis(r.get(4)?),
        derivation_index: r.get(5)?,
    })
}

fn owned(
    conn: &Connection,
    p: &Partition,
    rows: Vec<DepositAddress>,
) -> Result<Vec<OwnedAddress>, Error> {
    let mut wallets: std::collections::HashMap<String, Wallet> = std::collections::HashMap::new();
    rows.into_iter()
        .map(|address| {
            let wallet = match wallets.get(&address.wallet_id) {
                Some(w) => w.clone(),
                None => {
                    let w = get(conn, p, &address.wallet_id)?;
                    wallets.insert(w.id.to_string(), w.clone());
                    w
                }
            };
            Ok(OwnedAddress { address, wallet })
        })
        .collect()
}

/// The partition's deposit address `address`, whatever its network.
pub fn owned_address(
    conn: &Connection,
    p: &Partition,
    address: &str,
) -> Result<OwnedAddress, Error> {
    let sql =
        format!("{SELECT_OWNED} WHERE d.address = ?1 AND w.tenant_id = ?2 AND w.environment = ?3");
    let row = query_one(
        conn,
        &sql,
        params![address, p.tenant_id, p.environment.as_str()],
        address_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("address", address))?;
    owned(conn, p, vec![row])?
        .pop()
        .ok_or_else(|| Error::not_found("address", address))
}

/// The partition's deposit addresses, newest first. This page's cursors are
/// the addresses themselves (as the Coinbase API pages them), not row ids; an
/// address that is not the partition's is a 400 naming the cursor.
pub fn list_owned_addresses(
    conn: &Connection,
    p: &Partition,
    f: &AddressFilter,
    page: &PageRequest,
) -> Result<Page<OwnedAddress>, Error> {
    let row_id = |name: &str, address: &str| -> Result<String, Error> {
        owned_address(conn, p, address)
            .map(|a| a.address.id)
            .map_err(|e| match e {
                // Only a missing address is the client's mistake; a failing
                // database stays a fault of ours.
                Error::NotFound { .. } => {
                    Error::field(name, "is not an address of this organization")
                }
                other => other,
            })
    };
    let by_id = PageRequest {
        limit: page.limit,
        cursor: match &page.cursor {
            None => None,
            Some(Cursor::After(a)) => Some(Cursor::After(row_id("after", a)?)),
            Some(Cursor::Before(a)) => Some(Cursor::Before(row_id("before", a)?)),
        },
    };
    let rows = ListQuery::new(SELECT_OWNED)
        .and("w.tenant_id = ?", p.tenant_id.clone())
        .and("w.environment = ?", p.environment.as_str())
        .and_maybe("d.wallet_id = ?", f.wallet_id.clone())
        .and_maybe("w.asset_id = ?", f.asset_id.clone())
        .page(conn, "d.id", &by_id, address_from_row)?;
    Ok(Page {
        more: rows.more,
        items: owned(conn, p, rows.items)?,
    })
}

/// The wallet, in whichever partition of `env`, that owns a deposit address on
/// a network (for a chain scanner, which sees addresses before tenants).
pub fn owner_in_environment(
    conn: &Connection,
    env: crate::domain::tenancy::Environment,
    network: &str,
    address: &str,
) -> Result<Option<(Partition, Wallet)>, Error> {
    let found: Option<(TenantId, String)> = query_one(
        conn,
        "SELECT w.tenant_id, w.id FROM deposit_addresses d JOIN wallets w ON w.id = d.wallet_id
          WHERE d.network = ?1 AND d.address = ?2 AND w.environment = ?3",
        params![network, address, env.as_str()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?;
    let Some((tenant_id, wallet_id)) = found else {
        return Ok(None);
    };
    let p = Partition {
        tenant_id,
        environment: env,
    };
    let wallet = get(conn, &p, &wallet_id)?;
    Ok(Some((p, wallet)))
}

//! Money movement: wallets, deposits, transfers, withdrawals and every step of
//! their lives. Each public function runs inside one write job, so a movement,
//! its ledger entries, its balance caches and its outbox events commit together.

use crate::chain::{sandbox, Chains};
use crate::clock::Timestamp;
use crate::domain::activity::Action;
use crate::domain::address_book::validate_address;
use crate::domain::asset::{Asset, Assets};
use crate::domain::ids::new_id;
use crate::domain::ledger::Journal;
use crate::domain::money::Amount;
use crate::domain::policy::Request;
use crate::domain::tenancy::Partition;
use crate::domain::transaction::{Kind, Status, Transaction};
use crate::domain::vault::{Vault, VaultStatus};
use crate::domain::wallet::{Balance, Wallet, WalletStatus};
use crate::domain::Error;
use crate::service::policies::{self, Requirement};
use crate::store::{self, wallets::DepositAddress};
use crate::views;
use rusqlite::Connection;

/// The name of the vault made for wallets that name none.
const DEFAULT_VAULT_NAME: &str = "Default";

/// What money movement needs besides the database.
pub struct Ledger {
    pub assets: Assets,
    pub chains: Chains,
    /// How long a request waits for approvals before it expires.
    pub activity_ttl_ms: i64,
}

fn emit_transaction(
    conn: &Connection,
    p: &Partition,
    asset: &Asset,
    t: &Transaction,
    event: &str,
    now: Timestamp,
) -> Result<(), Error> {
    store::events::append(conn, p, event, views::transaction(t, asset), now).map(|_| ())
}

fn emit_balance(
    conn: &Connection,
    p: &Partition,
    asset: &Asset,
    wallet_id: &str,
    now: Timestamp,
) -> Result<(), Error> {
    let wallet = store::wallets::get(conn, p, wallet_id)?;
    store::events::append(
        conn,
        p,
        "balance.updated",
        views::wallet(&wallet, asset),
        now,
    )
    .map(|_| ())
}

/// A transaction of `asset` with no history yet, its id minted on the writer.
fn blank(kind: Kind, status: Status, asset: &Asset, amount: Amount, now: Timestamp) -> Transaction {
    Transaction::new(
        new_id(),
        kind,
        status,
        (&asset.id, &asset.network),
        amount,
        now,
    )
}

impl Ledger {
    pub fn asset(&self, id: &str) -> Result<&Asset, Error> {
        self.assets.of_stored(id)
    }

    /// The partition's default vault, made on first use: where wallets that
    /// name no vault (the Coinbase-compatible API's) go.
    pub fn default_vault(
        &self,
        conn: &Connection,
        p: &Partition,
        now: Timestamp,
    ) -> Result<String, Error> {
        if let Some(id) = store::vaults::default_vault(conn, p)? {
            return Ok(id);
        }
        let vault = Vault {
            id: new_id(),
            external_id: None,
            name: DEFAULT_VAULT_NAME.into(),
            metadata: serde_json::Map::new(),
            status: VaultStatus::Active,
            created_at: now,
            updated_at: now,
        };
        store::vaults::insert(conn, p, &vault)?;
        store::vaults::set_default_vault(conn, p, &vault.id)?;
        Ok(vault.id)
    }

    /// Opens a wallet for an asset in a vault, with its first deposit address;
    /// or, when the policy wants approvals, records it `PendingApproval` with
    /// no address and no accounts until `activate_wallet`.
    #[allow(clippy::too_many_arguments)]
    pub fn create_wallet(
        &self,
        conn: &Connection,
        p: &Partition,
        vault_id: &str,
        asset_id: &str,
        label: Option<String>,
        activity_id: Option<String>,
        now: Timestamp,
    ) -> Result<(Wallet, Option<Requirement>), Error> {
        let asset = self.assets.enabled("assetId", asset_id)?;
        let vault = store::vaults::get(conn, p, vault_id)?;
        if vault.status == VaultStatus::Archived {
            return Err(Error::conflict(
                "vault_archived",
                "an archived vault takes no new wallets",
            ));
        }
        // Refused before anything is recorded when the asset has no chain here.
        self.chains.adapter(p.environment, asset)?;
        let policy = policies::current(conn, p, &self.assets)?;
        let requirement = policies::gate(
            &policy,
            &Request {
                action: Action::WalletCreate,
                asset_id: &asset.id,
                vault_id: Some(&vault.id),
                amount: None,
            },
        )?;
        let mut wallet = Wallet {
            id: new_id(),
            vault_id: vault.id,
            asset_id: asset.id.clone(),
            label,
            status: WalletStatus::Active,
            deposit_address: None,
            balance: Balance::default(),
            activity_id,
            created_at: now,
            updated_at: now,
        };
        if requirement.is_some() {
            wallet.status = WalletStatus::PendingApproval;
            wallet.activity_id.get_or_insert_with(new_id);
            store::wallets::insert(conn, p, &wallet)?;
            return Ok((wallet, requirement));
        }
        store::wallets::insert(conn, p, &wallet)?;
        let wallet = self.open_wallet(conn, p, wallet, asset, now)?;
        Ok((wallet, None))
    }

    /// Gives a wallet its ledger accounts and first deposit address, makes it
    /// `Active` and announces it.
    fn open_wallet(
        &self,
        conn: &Connection,
        p: &Partition,
        mut wallet: Wallet,
        asset: &Asset,
        now: Timestamp,
    ) -> Result<Wallet, Error> {
        let adapter = self.chains.adapter(p.environment, asset)?;
        store::ledger::open_wallet_accounts(conn, p, &wallet.id, &asset.id)?;
        let address = self.new_address(conn, p, &wallet, asset, adapter, now)?;
        wallet.deposit_address = Some(address.address);
        wallet.status = WalletStatus::Active;
        wallet.updated_at = now;
        store::wallets::activate(conn, &wallet)?;
        store::events::append(
            conn,
            p,
            "wallet.created",
            views::wallet(&wallet, asset),
            now,
        )?;
        Ok(wallet)
    }

    /// An approved wallet request: the pending wallet opens.
    pub fn activate_wallet(
        &self,
        conn: &Connection,
        p: &Partition,
        wallet_id: &str,
        now: Timestamp,
    ) -> Result<Wallet, Error> {
        let wallet = store::wallets::get(conn, p, wallet_id)?;
        if wallet.status != WalletStatus::PendingApproval {
            return Err(Error::conflict(
                "wallet_not_pending",
                format!("wallet {wallet_id} is not awaiting approval"),
            ));
        }
        let asset = self.asset(&wallet.asset_id)?;
        self.open_wallet(conn, p, wallet, asset, now)
    }

    /// A rejected or expired wallet request: the pending wallet (which has no
    /// address, accounts or history) is removed, freeing its asset's slot.
    pub fn discard_wallet(&self, conn: &Connection, wallet_id: &str) -> Result<(), Error> {
        store::wallets::delete_pending(conn, wallet_id)
    }

    fn new_address(
        &self,
        conn: &Connection,
        p: &Partition,
        wallet: &Wallet,
        asset: &Asset,
        adapter: &dyn crate::chain::ChainAdapter,
        now: Timestamp,
    ) -> Result<DepositAddress, Error> {
        let counter = format!(
            "address:{}:{}:{}",
            p.tenant_id,
            p.environment.as_str(),
            asset.network
        );
        if adapter.uses_address_pool() {
            let address = store::chain::pool_take(conn, p, &asset.network, &wallet.id)?
                .ok_or_else(|| {
                    Error::refused(
                        "address_pool_empty",
                        format!(
                            "no unused {} address is left in the pool; import more with `coffer addresses import`",
                            asset.network
                        ),
                    )
                })?;
            return store::wallets::add_address(conn, &asset.network, &address, &wallet.id, now);
        }
        let index = store::meta::next_counter(conn, &counter)?;
        let address = adapter.deposit_address(&asset.network, p, index)?;
        store::wallets::add_address(conn, &asset.network, &address, &wallet.id, now)
    }

    /// Another deposit address for a wallet.
    pub fn add_address(
        &self,
        conn: &Connection,
        p: &Partition,
        wallet_id: &str,
        now: Timestamp,
    ) -> Result<DepositAddress, Error> {
        let wallet = usable_wallet(conn, p, wallet_id)?;
        let asset = self.asset(&wallet.asset_id)?;
        let adapter = self.chains.adapter(p.environment, asset)?;
        self.new_address(conn, p, &wallet, asset, adapter, now)
    }

    /// A simulated incoming deposit (test environment): `Confirming` with the
    /// amount pending until the worker sees enough confirmations.
    pub fn sandbox_deposit(
        &self,
        conn: &Connection,
        p: &Partition,
        wallet: &Wallet,
        amount: Amount,
        confirmations: i64,
        now: Timestamp,
    ) -> Result<Transaction, Error> {
        refuse_if_pending(wallet)?;
        let asset = self.asset(&wallet.asset_id)?;
        let mut t = blank(Kind::Deposit, Status::Confirming, asset, amount, now);
        let height = store::sandbox::height(conn, &p.tenant_id)?;
        if confirmations > height {
            return Err(Error::field(
                "confirmations",
                format!("cannot exceed the sandbox height ({height}); mine blocks first"),
            ));
        }
        t.destination_address = wallet.deposit_address.clone();
        t.source_address = Some(sandbox::external_sender(&asset.network, &t.id));
        t.tx_hash = Some(sandbox::deposit_hash(&asset.network, &t.id));
        if confirmations > 0 {
            t.included_height = Some(height - confirmations + 1);
            t.confirmations = confirmations;
        }
        self.record_deposit(conn, p, asset, wallet, t, now)
    }

    /// A deposit a live chain's scanner found in a block: `Confirming` with
    /// the amount pending until the block is deep enough.
    pub fn chain_deposit(
        &self,
        conn: &Connection,
        p: &Partition,
        wallet: &Wallet,
        d: ChainDeposit,
        now: Timestamp,
    ) -> Result<Transaction, Error> {
        let asset = self.asset(&wallet.asset_id)?;
        let mut t = blank(Kind::Deposit, Status::Confirming, asset, d.amount, now);
        t.destination_address = Some(d.to);
        t.source_address = Some(d.from);
        t.tx_hash = Some(d.tx_hash);
        t.included_height = Some(d.height);
        t.confirmations = d.confirmations;
        self.record_deposit(conn, p, asset, wallet, t, now)
    }

    /// Saves a new incoming deposit to a wallet with its amount pending.
    fn record_deposit(
        &self,
        conn: &Connection,
        p: &Partition,
        asset: &Asset,
        wallet: &Wallet,
        mut t: Transaction,
        now: Timestamp,
    ) -> Result<Transaction, Error> {
        t.destination_vault_id = Some(wallet.vault_id.clone());
        t.destination_wallet_id = Some(wallet.id.clone());
        t.required_confirmations = i64::from(asset.required_confirmations);
        store::transactions::insert(conn, p, &t)?;
        store::ledger::post(
            conn,
            p,
            &Journal::deposit_seen(p, &asset.id, &wallet.id, t.amount)?,
            &t.id,
            now,
        )?;
        emit_transaction(conn, p, asset, &t, "transaction.created", now)?;
        emit_balance(conn, p, asset, &wallet.id, now)?;
        Ok(t)
    }

    /// A deposit whose block left the chain before it was credited: `Failed`,
    /// its pending amount released.
    pub fn drop_deposit(
        &self,
        conn: &Connection,
        p: &Partition,
        mut t: Transaction,
        reason: &str,
        now: Timestamp,
    ) -> Result<Transaction, Error> {
        let asset = self.asset(&t.asset_id)?;
        let wallet_id = t.destination_wallet_id.clone().unwrap_or_default();
        t.transition(Status::Failed, now)?;
        t.failure_reason = Some(reason.to_string());
        store::transactions::update(conn, &t)?;
        store::ledger::post(
            conn,
            p,
            &Journal::deposit_dropped(p, &asset.id, &wallet_id, t.amount)?,
            &t.id,
            now,
        )?;
        emit_transaction(conn, p, asset, &t, "transaction.status.updated", now)?;
        emit_balance(conn, p, asset, &wallet_id, now)?;
        Ok(t)
    }

    /// An instant, atomic move between two wallets of the same asset.
    pub fn transfer(
        &self,
        conn: &Connection,
        p: &Partition,
        r: TransferRequest,
        now: Timestamp,
    ) -> Result<Transaction, Error> {
        let source = usable_wallet(conn, p, &r.source_wallet_id)?;
        let destination = usable_wallet(conn, p, &r.destination_wallet_id)?;
        if source.id == destination.id {
            return Err(Error::field(
                "destinationWalletId",
                "must differ from sourceWalletId",
            ));
        }
        if source.asset_id != destination.asset_id {
            return Err(Error::refused(
                "asset_mismatch",
                format!(
                    "the source holds {} but the destination holds {}",
                    source.asset_id, destination.asset_id
                ),
            ));
        }
        let asset = self.asset(&source.asset_id)?;
        let amount = parse_amount_field(&r.amount, asset)?;
        refuse_if_frozen(conn, p, &source.vault_id)?;
        let mut t = blank(Kind::Transfer, Status::Completed, asset, amount, now);
        t.source_vault_id = Some(source.vault_id.clone());
        t.destination_vault_id = Some(destination.vault_id.clone());
        t.source_wallet_id = Some(source.id.clone());
        t.destination_wallet_id = Some(destination.id.clone());
        t.note = r.note;
        store::transactions::insert(conn, p, &t)?;
        store::ledger::post(
            conn,
            p,
            &Journal::transfer(&asset.id, &source.id, &destination.id, amount)?,
            &t.id,
            now,
        )?;
        emit_transaction(conn, p, asset, &t, "transaction.created", now)?;
        emit_balance(conn, p, asset, &source.id, now)?;
        emit_balance(conn, p, asset, &destination.id, now)?;
        Ok(t)
    }

    /// A withdrawal to an active address-book entry: checks and locks amount +
    /// fee in one step (the conditional update in `ledger::post` is what makes
    /// an overdraft impossible under any concurrency). This is the one place
    /// where outgoing rules (vault state, address book, approval policies and
    /// velocity limits) are applied. A withdrawal the policy wants approved is
    /// created `PendingApproval`, its funds locked all the same.
    pub fn withdraw(
        &self,
        conn: &Connection,
        p: &Partition,
        w: WithdrawalRequest,
        now: Timestamp,
    ) -> Result<(Transaction, Option<Requirement>), Error> {
        let source = usable_wallet(conn, p, &w.source_wallet_id)?;
        let asset = self.asset(&source.asset_id)?;
        let amount = parse_amount_field(&w.amount, asset)?;
        self.chains
            .adapter(p.environment, asset)?
            .withdrawals_supported()?;
        let entry = match (&w.address_book_entry_id, &w.destination_address) {
            (Some(id), _) => {
                let entry = store::address_book::get(conn, p, id)
                    .map_err(|_| not_in_address_book(&format!("entry {id}")))?;
                if entry.status != crate::domain::address_book::EntryStatus::Active {
                    return Err(not_in_address_book(&format!("entry {id}")));
                }
                entry
            }
            (None, Some(address)) => {
                let normalised = validate_address(&asset.network, p.environment, address)
                    .map_err(|e| rename_field(e, "destinationAddress"))?;
                store::address_book::find_active(
                    conn,
                    p,
                    &asset.id,
                    &normalised,
                    w.destination_tag.as_deref(),
                )?
                .ok_or_else(|| not_in_address_book(&normalised))?
            }
            (None, None) => {
                return Err(Error::field(
                    "destinationAddress",
                    "give destinationAddress or addressBookEntryId",
                ))
            }
        };
        if entry.asset_id != asset.id {
            return Err(Error::refused(
                "asset_mismatch",
                format!(
                    "the address-book entry is for {} but the wallet holds {}",
                    entry.asset_id, asset.id
                ),
            ));
        }
        refuse_if_frozen(conn, p, &source.vault_id)?;
        let policy = policies::current(conn, p, &self.assets)?;
        let requirement = policies::gate(
            &policy,
            &Request {
                action: Action::Withdrawal,
                asset_id: &asset.id,
                vault_id: Some(&source.vault_id),
                amount: Some((amount, asset.decimals)),
            },
        )?;
        policies::check_velocity(conn, p, &policy, &source.vault_id, asset, amount, now)?;
        let status = match requirement {
            Some(_) => Status::PendingApproval,
            None => Status::Submitted,
        };
        let mut t = blank(Kind::Withdrawal, status, asset, amount, now);
        t.fee = asset.withdrawal_fee;
        t.source_vault_id = Some(source.vault_id.clone());
        t.source_wallet_id = Some(source.id.clone());
        t.source_address = source.deposit_address.clone();
        t.destination_address = Some(entry.address.clone());
        t.destination_tag = entry.tag.clone();
        t.address_book_entry_id = Some(entry.id.clone());
        t.required_confirmations = i64::from(asset.required_confirmations);
        t.note = w.note;
        t.activity_id = w.activity_id;
        if requirement.is_some() {
            t.activity_id.get_or_insert_with(new_id);
        }
        store::transactions::insert(conn, p, &t)?;
        let hold = Journal::withdrawal_locked(&asset.id, &source.id, t.amount_and_fee()?)?;
        store::ledger::post(conn, p, &hold, &t.id, now)?;
        emit_transaction(conn, p, asset, &t, "transaction.created", now)?;
        emit_balance(conn, p, asset, &source.id, now)?;
        Ok((t, requirement))
    }

    /// An approved withdrawal goes on: PendingApproval → PendingSignature, its
    /// unsigned payload built for the signer (the chain worker takes it on).
    /// What may have changed while it waited is checked again: a frozen vault
    /// or a deleted address-book entry refuses the approval (422), leaving the
    /// request pending for a rejection.
    pub fn approve_withdrawal(
        &self,
        conn: &Connection,
        p: &Partition,
        id: &str,
        now: Timestamp,
    ) -> Result<Transaction, Error> {
        let t = store::transactions::get(conn, p, id)?;
        if t.status != Status::PendingApproval {
            return Err(Error::conflict(
                "not_pending_approval",
                format!(
                    "transaction {id} is {} and awaits no approval",
                    t.status.as_str()
                ),
            ));
        }
        refuse_if_frozen(conn, p, t.source_vault_id.as_deref().unwrap_or_default())?;
        let entry_id = t.address_book_entry_id.as_deref().unwrap_or_default();
        let entry_active = store::address_book::get(conn, p, entry_id)
            .is_ok_and(|e| e.status == crate::domain::address_book::EntryStatus::Active);
        if !entry_active {
            return Err(not_in_address_book(&format!("entry {entry_id}")));
        }
        self.request_signature(conn, p, t, now)
    }

    /// A rejected (→ `Rejected`) or expired (→ `Cancelled`) withdrawal that
    /// was awaiting approval: its hold is released.
    pub fn refuse_withdrawal(
        &self,
        conn: &Connection,
        p: &Partition,
        id: &str,
        to: Status,
        reason: &str,
        now: Timestamp,
    ) -> Result<Transaction, Error> {
        let mut t = store::transactions::get(conn, p, id)?;
        if t.status != Status::PendingApproval {
            return Ok(t);
        }
        t.transition(to, now)?;
        t.failure_reason = Some(reason.to_string());
        self.release(conn, p, &t, now)?;
        Ok(t)
    }

    /// Cancels a withdrawal not yet handed to the network, releasing its hold.
    pub fn cancel(
        &self,
        conn: &Connection,
        p: &Partition,
        id: &str,
        now: Timestamp,
    ) -> Result<Transaction, Error> {
        let mut t = store::transactions::get(conn, p, id)?;
        if t.kind != Kind::Withdrawal || !t.status.cancellable() {
            return Err(Error::conflict(
                "not_cancellable",
                format!(
                    "a {} in status {} cannot be cancelled",
                    t.kind.as_str(),
                    t.status.as_str()
                ),
            ));
        }
        let was_awaiting_approval = t.status == Status::PendingApproval;
        t.transition(Status::Cancelled, now)?;
        self.release(conn, p, &t, now)?;
        if let (true, Some(activity_id)) = (was_awaiting_approval, &t.activity_id) {
            crate::service::approvals::close_cancelled(conn, p, activity_id, now)?;
        }
        Ok(t)
    }

    /// Saves a final failed or cancelled withdrawal and gives its hold back.
    fn release(
        &self,
        conn: &Connection,
        p: &Partition,
        t: &Transaction,
        now: Timestamp,
    ) -> Result<(), Error> {
        let asset = self.asset(&t.asset_id)?;
        let wallet_id = t.source_wallet_id.as_deref().unwrap_or_default();
        store::transactions::update(conn, t)?;
        store::ledger::post(
            conn,
            p,
            &Journal::withdrawal_released(&asset.id, wallet_id, t.amount_and_fee()?)?,
            &t.id,
            now,
        )?;
        emit_transaction(conn, p, asset, t, "transaction.status.updated", now)?;
        emit_balance(conn, p, asset, wallet_id, now)
    }

    /// Moves a transaction to `to` with whatever `change` sets, and announces it.
    fn advance(
        &self,
        conn: &Connection,
        p: &Partition,
        mut t: Transaction,
        to: Status,
        now: Timestamp,
        change: impl FnOnce(&mut Transaction),
    ) -> Result<Transaction, Error> {
        t.transition(to, now)?;
        change(&mut t);
        store::transactions::update(conn, &t)?;
        emit_transaction(
            conn,
            p,
            self.asset(&t.asset_id)?,
            &t,
            "transaction.status.updated",
            now,
        )?;
        Ok(t)
    }

    /// Submitted → PendingSignature: the unsigned payload is built for the signer.
    pub fn request_signature(
        &self,
        conn: &Connection,
        p: &Partition,
        t: Transaction,
        now: Timestamp,
    ) -> Result<Transaction, Error> {
        let unsigned = self
            .chains
            .adapter(p.environment, self.asset(&t.asset_id)?)?
            .unsigned_withdrawal(&t)?;
        self.advance(conn, p, t, Status::PendingSignature, now, |t| {
            t.unsigned_payload = Some(unsigned)
        })
    }

    /// PendingSignature → Broadcasting with a signature the adapter accepts.
    pub fn attach_signature(
        &self,
        conn: &Connection,
        p: &Partition,
        id: &str,
        signed: &str,
        now: Timestamp,
    ) -> Result<Transaction, Error> {
        let t = store::transactions::get(conn, p, id)?;
        if t.kind != Kind::Withdrawal || t.status != Status::PendingSignature {
            return Err(Error::conflict(
                "not_awaiting_signature",
                format!("transaction {id} is not awaiting a signature"),
            ));
        }
        let unsigned = t.unsigned_payload.clone().unwrap_or_default();
        self.chains
            .adapter(p.environment, self.asset(&t.asset_id)?)?
            .check_signed(&unsigned, signed)?;
        let signed = signed.to_string();
        self.advance(conn, p, t, Status::Broadcasting, now, |t| {
            t.signed_payload = Some(signed)
        })
    }

    /// Broadcasting → Confirming once the network has the transaction.
    pub fn broadcast(
        &self,
        conn: &Connection,
        p: &Partition,
        t: Transaction,
        now: Timestamp,
    ) -> Result<Transaction, Error> {
        let signed = t.signed_payload.clone().unwrap_or_default();
        let hash = self
            .chains
            .adapter(p.environment, self.asset(&t.asset_id)?)?
            .broadcast(&t, &signed)?;
        self.advance(conn, p, t, Status::Confirming, now, |t| {
            t.tx_hash = Some(hash)
        })
    }

    /// Records a transaction's new confirmation count and settles it once it has
    /// enough: a deposit is credited, a withdrawal leaves the books.
    pub fn follow(
        &self,
        conn: &Connection,
        p: &Partition,
        mut t: Transaction,
        confirmations: i64,
        now: Timestamp,
    ) -> Result<Transaction, Error> {
        t.confirmations = confirmations;
        if confirmations < t.required_confirmations {
            t.updated_at = now;
            store::transactions::update(conn, &t)?;
            return Ok(t);
        }
        let asset = self.asset(&t.asset_id)?;
        let (journal, wallet_id) = match t.kind {
            Kind::Deposit => {
                let wallet = t.destination_wallet_id.clone().unwrap_or_default();
                (
                    Journal::deposit_credited(&asset.id, &wallet, t.amount)?,
                    wallet,
                )
            }
            _ => {
                let wallet = t.source_wallet_id.clone().unwrap_or_default();
                (
                    Journal::withdrawal_settled(p, &asset.id, &wallet, t.amount, t.fee)?,
                    wallet,
                )
            }
        };
        let t = self.advance(conn, p, t, Status::Completed, now, |_| ())?;
        store::ledger::post(conn, p, &journal, &t.id, now)?;
        emit_balance(conn, p, asset, &wallet_id, now)?;
        Ok(t)
    }
}

/// A deposit as a chain scanner saw it.
#[derive(Debug, Clone)]
pub struct ChainDeposit {
    pub amount: Amount,
    pub tx_hash: String,
    pub from: String,
    /// The deposit address it was sent to (EIP-55 form).
    pub to: String,
    pub height: i64,
    pub confirmations: i64,
}

/// A transfer as the API asked for it.
#[derive(Debug, Clone)]
pub struct TransferRequest {
    pub source_wallet_id: String,
    pub destination_wallet_id: String,
    pub amount: String,
    pub note: Option<String>,
}

/// A withdrawal as the API asked for it.
#[derive(Debug, Clone)]
pub struct WithdrawalRequest {
    pub source_wallet_id: String,
    pub destination_address: Option<String>,
    pub address_book_entry_id: Option<String>,
    pub destination_tag: Option<String>,
    pub amount: String,
    pub note: Option<String>,
    /// The activity the withdrawal was requested under, if any.
    pub activity_id: Option<String>,
}

fn parse_amount_field(text: &str, asset: &Asset) -> Result<Amount, Error> {
    crate::domain::money::parse_positive_amount(text, asset.decimals)
        .map_err(|e| Error::field("amount", e.to_string()))
}

/// A wallet that exists and is not awaiting approval (409 otherwise).
fn usable_wallet(conn: &Connection, p: &Partition, id: &str) -> Result<Wallet, Error> {
    let wallet = store::wallets::get(conn, p, id)?;
    refuse_if_pending(&wallet)?;
    Ok(wallet)
}

fn refuse_if_pending(wallet: &Wallet) -> Result<(), Error> {
    if wallet.status == WalletStatus::PendingApproval {
        return Err(Error::conflict(
            "wallet_pending_approval",
            format!(
                "wallet {} awaits approval and cannot be used yet",
                wallet.id
            ),
        ));
    }
    Ok(())
}

fn refuse_if_frozen(conn: &Connection, p: &Partition, vault_id: &str) -> Result<(), Error> {
    let vault = store::vaults::get(conn, p, vault_id)?;
    if vault.status == VaultStatus::Active {
        Ok(())
    } else {
        Err(Error::refused(
            "vault_frozen",
            format!(
                "vault {} is {} and sends nothing out",
                vault.id,
                vault.status.as_str()
            ),
        ))
    }
}

fn not_in_address_book(what: &str) -> Error {
    Error::refused(
        "address_not_in_address_book",
        format!("{what} is not an active address-book entry; add it to the address book first"),
    )
}

fn rename_field(e: Error, field: &str) -> Error {
    match e {
        Error::InvalidField { code, message, .. } => Error::field_code(code, field, message),
        other => other,
    }
}

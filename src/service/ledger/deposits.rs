//! Incoming deposits, simulated (sandbox) or seen on a chain, and their drop on a reorg.

use super::*;
use crate::domain::money::WholeAmount;

/// Where a simulated deposit goes: a wallet by id, or a deposit address.
pub enum DepositTarget {
    Wallet(WalletId),
    Address(String),
}

impl Ledger {
    /// A simulated deposit of `amount` (in whole units) to `to`, already
    /// `confirmations` deep; the chain worker follows it from there.
    pub fn simulate_deposit(
        &self,
        work: &Work,
        _: &Granted<SandboxWrite>,
        to: DepositTarget,
        amount: &WholeAmount,
        confirmations: i64,
    ) -> Result<Transaction, Error> {
        let (conn, p) = (work.conn, &work.p);
        let wallet = match to {
            DepositTarget::Wallet(id) => store::wallets::get(conn, p, &id)?,
            DepositTarget::Address(address) => self.wallet_at(work, &address)?,
        };
        let asset = self.asset(&wallet.asset_id)?;
        let amount = amount.scale(asset.decimals)?;
        let t = self.sandbox_deposit(work, &wallet, amount, confirmations)?;
        work.wake_chain();
        Ok(t)
    }

    /// The wallet whose deposit address `address` is, on any network.
    fn wallet_at(&self, work: &Work, address: &str) -> Result<Wallet, Error> {
        let mut networks: Vec<&str> = self
            .assets
            .all()
            .iter()
            .map(|a| a.network.as_str())
            .collect();
        networks.dedup();
        for network in networks {
            if let Some(wallet) = store::wallets::by_address(work.conn, &work.p, network, address)?
            {
                return Ok(wallet);
            }
        }
        Err(Error::not_found("deposit address", address))
    }

    /// Mines `count` sandbox blocks; the chain worker then follows what they
    /// confirm. Answers the new height.
    pub fn mine(&self, work: &Work, _: &Granted<SandboxWrite>, count: i64) -> Result<i64, Error> {
        let height = store::sandbox::mine(work.conn, &work.p.tenant_id, count)?;
        work.wake_chain();
        Ok(height)
    }

    /// A simulated incoming deposit (test environment): `Confirming` with the
    /// amount pending until the worker sees enough confirmations.
    pub fn sandbox_deposit(
        &self,
        work: &Work,
        wallet: &Wallet,
        amount: Amount,
        confirmations: i64,
    ) -> Result<Transaction, Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        refuse_if_pending(wallet)?;
        let asset = self.asset(&wallet.asset_id)?;
        let height = store::sandbox::height(conn, &p.tenant_id)?;
        if confirmations > height {
            return Err(Error::field(
                "confirmations",
                format!("cannot exceed the sandbox height ({height}); mine blocks first"),
            ));
        }
        let deposit = |id: &str| {
            Details::Deposit(Deposit {
                vault_id: wallet.vault_id.clone(),
                wallet_id: wallet.id.clone(),
                from: Some(sandbox::external_sender(asset.format, id)),
                to: wallet.deposit_address.clone(),
                chain: OnChain {
                    tx_hash: Some(sandbox::deposit_hash(asset.format, id)),
                    included_height: (confirmations > 0).then(|| height - confirmations + 1),
                },
            })
        };
        let mut t = blank(deposit, Status::Confirming, asset, amount, now);
        if confirmations > 0 {
            t.confirmations = confirmations;
        }
        self.record_deposit(work, asset, wallet, t)
    }

    /// A deposit a live chain's scanner found in a block: `Confirming` with
    /// the amount pending until the block is deep enough.
    pub fn chain_deposit(
        &self,
        work: &Work,
        wallet: &Wallet,
        d: ChainDeposit,
    ) -> Result<Transaction, Error> {
        let now = work.now;
        let asset = self.asset(&wallet.asset_id)?;
        let details = Details::Deposit(Deposit {
            vault_id: wallet.vault_id.clone(),
            wallet_id: wallet.id.clone(),
            from: Some(d.from),
            to: Some(d.to),
            chain: OnChain {
                tx_hash: Some(d.tx_hash),
                included_height: Some(d.height),
            },
        });
        let mut t = blank(|_| details, Status::Confirming, asset, d.amount, now);
        t.confirmations = d.confirmations;
        self.record_deposit(work, asset, wallet, t)
    }

    /// Saves a new incoming deposit to `wallet` with its amount pending.
    fn record_deposit(
        &self,
        work: &Work,
        asset: &Asset,
        wallet: &Wallet,
        mut t: Transaction,
    ) -> Result<Transaction, Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        t.required_confirmations = i64::from(asset.required_confirmations);
        store::transactions::insert(conn, p, &t)?;
        store::ledger::post(
            conn,
            p,
            &Journal::deposit_seen(p, &asset.id, &wallet.id, t.amount)?,
            &t.id,
            now,
        )?;
        emit_transaction(work, asset, &t, "transaction.created")?;
        emit_balance(work, asset, &wallet.id)?;
        Ok(t)
    }

    /// A deposit whose block left the chain before it was credited: `Failed`,
    /// its pending amount released.
    pub fn drop_deposit(
        &self,
        work: &Work,
        mut t: Transaction,
        reason: &str,
    ) -> Result<Transaction, Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        let asset = self.asset(&t.asset_id)?;
        let wallet_id = t.wallet_id().to_string();
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
        emit_transaction(work, asset, &t, "transaction.status.updated")?;
        emit_balance(work, asset, &wallet_id)?;
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

//! Incoming deposits, simulated (sandbox) or seen on a chain, and their drop on a reorg.

use super::*;

/// Where a simulated deposit goes: a wallet by id, or a deposit address.
pub enum DepositTarget {
    Wallet(String),
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
        amount: &str,
        confirmations: i64,
    ) -> Result<Transaction, Error> {
        let (conn, p) = (work.conn, &work.p);
        let wallet = match to {
            DepositTarget::Wallet(id) => store::wallets::get(conn, p, &id)?,
            DepositTarget::Address(address) => self.wallet_at(work, &address)?,
        };
        let asset = self.asset(&wallet.asset_id)?;
        let amount = parse_amount_field(amount, asset)?;
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
        let mut t = blank(Kind::Deposit, Status::Confirming, asset, amount, now);
        let height = store::sandbox::height(conn, &p.tenant_id)?;
        if confirmations > height {
            return Err(Error::field(
                "confirmations",
                format!("cannot exceed the sandbox height ({height}); mine blocks first"),
            ));
        }
        t.destination_address = wallet.deposit_address.clone();
        t.source_address = Some(sandbox::external_sender(asset.format, &t.id));
        t.tx_hash = Some(sandbox::deposit_hash(asset.format, &t.id));
        if confirmations > 0 {
            t.included_height = Some(height - confirmations + 1);
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
        let mut t = blank(Kind::Deposit, Status::Confirming, asset, d.amount, now);
        t.destination_address = Some(d.to);
        t.source_address = Some(d.from);
        t.tx_hash = Some(d.tx_hash);
        t.included_height = Some(d.height);
        t.confirmations = d.confirmations;
        self.record_deposit(work, asset, wallet, t)
    }

    /// Saves a new incoming deposit to a wallet with its amount pending.
    fn record_deposit(
        &self,
        work: &Work,
        asset: &Asset,
        wallet: &Wallet,
        mut t: Transaction,
    ) -> Result<Transaction, Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
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

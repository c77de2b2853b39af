//! Money leaving a wallet: transfers, withdrawals, their approval, refusal and cancel.

use super::*;
use crate::domain::money::WholeAmount;

impl Ledger {
    /// An instant, atomic move between two wallets of the same asset.
    pub fn transfer(
        &self,
        work: &Work,
        _: &Granted<TransfersCreate>,
        r: TransferRequest,
    ) -> Result<Transaction, Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        let mut source = usable_wallet(conn, p, &r.source_wallet_id)?;
        let mut destination = usable_wallet(conn, p, &r.destination_wallet_id)?;
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
        let amount = r.amount.scale(asset.decimals)?;
        refuse_if_frozen(conn, p, &source.vault_id)?;
        let details = Details::Transfer(Transfer {
            source_vault_id: source.vault_id.clone(),
            source_wallet_id: source.id.clone(),
            destination_vault_id: destination.vault_id.clone(),
            destination_wallet_id: destination.id.clone(),
        });
        let mut t = blank(|_| details, Status::Completed, asset, amount, now);
        t.note = r.note;
        store::transactions::insert(conn, p, &t)?;
        store::ledger::post(
            conn,
            p,
            &Journal::transfer(&asset.id, &source.id, &destination.id, amount)?,
            &t.id,
            now,
        )
        .map_err(|e| with_shortfall(conn, p, asset, &source.id, amount, e))?;
        emit_transaction(work, asset, &t, "transaction.created")?;
        // The journal moved exactly `amount` between the two available
        // balances read above, in this same transaction.
        let moved = || Error::Internal("a transfer moved a balance out of range".into());
        source.balance.available = source
            .balance
            .available
            .checked_sub(amount)
            .ok_or_else(moved)?;
        destination.balance.available = destination
            .balance
            .available
            .checked_add(amount)
            .ok_or_else(moved)?;
        emit_wallet(work, asset, &source)?;
        emit_wallet(work, asset, &destination)?;
        Ok(t)
    }

    /// A withdrawal to an active address-book entry: checks and locks amount +
    /// fee in one step (the conditional update in `ledger::post` is what makes
    /// an overdraft impossible under any concurrency). This is the one place
    /// where outgoing rules (vault state, address book, approval policies and
    /// velocity limits) are applied. A withdrawal the policy wants approved is
    /// created `PendingApproval`, its funds locked all the same.
    pub(crate) fn withdraw(
        &self,
        work: &Work,
        w: WithdrawalRequest,
    ) -> Result<(Transaction, Option<Requirement>), Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        let source = usable_wallet(conn, p, &w.source_wallet_id)?;
        let asset = self.asset(&source.asset_id)?;
        let amount = w.amount.scale(asset.decimals)?;
        self.chains
            .adapter(p.environment, asset)?
            .withdrawals_supported()?;
        let entry = match (&w.address_book_entry_id, &w.destination_address) {
            // The body's id is matched as given: anything but a stored id
            // (junk, another case) is simply not in the address book.
            (Some(id), _) => AddressBookEntryId::parse(id.as_str())
                .ok()
                .filter(|entry_id| entry_id == id)
                .map(|entry_id| active_entry(conn, p, &entry_id))
                .transpose()?
                .flatten()
                .ok_or_else(|| not_in_address_book(&format!("entry {id}")))?,
            (None, Some(address)) => {
                let normalised = validate_address(asset.format, p.environment, address)
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
        policies::check_velocity(work, &policy, &source.vault_id, asset, amount)?;
        let details = Details::Withdrawal(Withdrawal {
            vault_id: source.vault_id.clone(),
            wallet_id: source.id.clone(),
            address_book_entry_id: entry.id.clone(),
            from: source.deposit_address.clone(),
            to: entry.address.clone(),
            tag: entry.tag.clone(),
            chain: OnChain::default(),
            unsigned_payload: None,
            signed_payload: None,
        });
        let mut t = blank(|_| details, Status::Submitted, asset, amount, now);
        t.fee = asset.withdrawal_fee;
        t.required_confirmations = i64::from(asset.required_confirmations);
        t.note = w.note;
        t.activity_id = w.activity_id;
        policies::hold_if_required(
            requirement.as_ref(),
            &mut t.status,
            Status::PendingApproval,
            &mut t.activity_id,
        );
        store::transactions::insert(conn, p, &t)?;
        let needed = t.amount_and_fee()?;
        let hold = Journal::withdrawal_locked(&asset.id, &source.id, needed)?;
        store::ledger::post(conn, p, &hold, &t.id, now)
            .map_err(|e| with_shortfall(conn, p, asset, &source.id, needed, e))?;
        emit_transaction(work, asset, &t, "transaction.created")?;
        emit_balance(work, asset, &source.id)?;
        Ok((t, requirement))
    }

    /// An approved withdrawal goes on: PendingApproval → PendingSignature, its
    /// unsigned payload built for the signer (the chain worker takes it on).
    /// What may have changed while it waited is checked again: a frozen vault
    /// or a deleted address-book entry refuses the approval (422), leaving the
    /// request pending for a rejection.
    pub fn approve_withdrawal(
        &self,
        work: &Work,
        id: &TransactionId,
    ) -> Result<Transaction, Error> {
        let (conn, p) = (work.conn, &work.p);
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
        let w = t.details.withdrawal().ok_or_else(|| {
            Error::Internal(format!(
                "transaction {id} awaits approval but is no withdrawal"
            ))
        })?;
        refuse_if_frozen(conn, p, &w.vault_id)?;
        let entry_id = &w.address_book_entry_id;
        if active_entry(conn, p, entry_id)?.is_none() {
            return Err(not_in_address_book(&format!("entry {entry_id}")));
        }
        match p.environment {
            // The chain worker's EVM sender builds the signer request (it
            // needs the node: nonce, gas, fees) and fills in the payload.
            Environment::Live => self.advance(work, t, Status::PendingSignature, |_| Ok(())),
            Environment::Test => self.request_signature(work, t),
        }
    }

    /// A rejected (→ `Rejected`) or expired (→ `Cancelled`) withdrawal that
    /// was awaiting approval: its hold is released.
    pub fn refuse_withdrawal(
        &self,
        work: &Work,
        id: &TransactionId,
        to: Status,
        reason: &str,
    ) -> Result<Transaction, Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        let mut t = store::transactions::get(conn, p, id)?;
        if t.status != Status::PendingApproval {
            return Ok(t);
        }
        t.transition(to, now)?;
        t.failure_reason = Some(reason.to_string());
        self.release(work, &t)?;
        Ok(t)
    }

    /// Cancels a withdrawal not yet handed to the network, releasing its hold;
    /// says whether it was awaiting approval (its activity then closes: see
    /// `requests::cancel_withdrawal`).
    pub(crate) fn cancel(
        &self,
        work: &Work,
        id: &TransactionId,
    ) -> Result<(Transaction, bool), Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        let mut t = store::transactions::get(conn, p, id)?;
        if t.kind() != Kind::Withdrawal || !t.status.cancellable() {
            return Err(Error::conflict(
                "not_cancellable",
                format!(
                    "a {} in status {} cannot be cancelled",
                    t.kind().as_str(),
                    t.status.as_str()
                ),
            ));
        }
        let was_awaiting_approval = t.status == Status::PendingApproval;
        t.transition(Status::Cancelled, now)?;
        self.release(work, &t)?;
        self.cancel_unsigned_requests(work, &t.id)?;
        Ok((t, was_awaiting_approval))
    }

    /// Saves a final failed or cancelled withdrawal and gives its hold back.
    pub(super) fn release(&self, work: &Work, t: &Transaction) -> Result<(), Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        let asset = self.asset(&t.asset_id)?;
        let wallet_id = t.wallet_id();
        store::transactions::update(conn, t)?;
        store::ledger::post(
            conn,
            p,
            &Journal::withdrawal_released(&asset.id, wallet_id, t.amount_and_fee()?)?,
            &t.id,
            now,
        )?;
        emit_transaction(work, asset, t, "transaction.status.updated")?;
        emit_balance(work, asset, wallet_id)
    }
}

/// The address-book entry `id` if it exists and is active; `None` if it does
/// not (a client's mistake), an error only when the database fails (a fault of
/// ours, never reported as the client's).
fn active_entry(
    conn: &Connection,
    p: &Partition,
    id: &AddressBookEntryId,
) -> Result<Option<crate::domain::address_book::AddressBookEntry>, Error> {
    match store::address_book::get(conn, p, id) {
        Ok(entry) => {
            Ok((entry.status == crate::domain::address_book::EntryStatus::Active).then_some(entry))
        }
        Err(Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A transfer as the API asked for it.
#[derive(Debug, Clone)]
pub struct TransferRequest {
    pub source_wallet_id: WalletId,
    pub destination_wallet_id: WalletId,
    pub amount: WholeAmount,
    pub note: Option<String>,
}

/// A withdrawal as the API asked for it.
#[derive(Debug, Clone)]
pub struct WithdrawalRequest {
    pub source_wallet_id: WalletId,
    pub destination_address: Option<String>,
    pub address_book_entry_id: Option<String>,
    pub destination_tag: Option<String>,
    pub amount: WholeAmount,
    pub note: Option<String>,
    /// The activity the withdrawal was requested under, if any.
    pub activity_id: Option<ActivityId>,
}

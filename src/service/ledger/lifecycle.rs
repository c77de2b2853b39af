//! A withdrawal's steps after its creation: signature, broadcast, confirmations.

use super::*;
use crate::domain::signer_request::SignerRequest;

/// What a signature from the external signer completed.
pub enum Signed {
    /// A live EVM signer request (docs/evm.md, "Withdrawals").
    Request(SignerRequest),
    /// A sandbox withdrawal (test environment).
    Transaction(Transaction),
}

impl Ledger {
    /// A signature from the external signer, for a live signer request or a
    /// sandbox withdrawal; the chain worker broadcasts it.
    pub fn sign(
        &self,
        work: &Work,
        _: &Granted<Signer>,
        id: &str,
        signed: &str,
    ) -> Result<Signed, Error> {
        let done = match work.p.environment {
            Environment::Live => {
                let id = SignerRequestId::parse(id)?;
                Signed::Request(self.attach_request_signature(work, &id, signed)?)
            }
            Environment::Test => {
                let id = TransactionId::parse(id)?;
                Signed::Transaction(self.attach_signature(work, &id, signed)?)
            }
        };
        work.wake_chain();
        Ok(done)
    }

    /// Moves a transaction to `to` with whatever `change` sets, and announces it.
    pub(super) fn advance(
        &self,
        work: &Work,
        mut t: Transaction,
        to: Status,
        change: impl FnOnce(&mut Transaction) -> Result<(), Error>,
    ) -> Result<Transaction, Error> {
        let (conn, now) = (work.conn, work.now);
        t.transition(to, now)?;
        change(&mut t)?;
        store::transactions::update(conn, &t)?;
        emit_transaction(
            work,
            self.asset(&t.asset_id)?,
            &t,
            "transaction.status.updated",
        )?;
        Ok(t)
    }

    /// Submitted → PendingSignature: the unsigned payload is built for the signer.
    pub fn request_signature(&self, work: &Work, t: Transaction) -> Result<Transaction, Error> {
        let p = &work.p;
        let unsigned = self
            .chains
            .adapter(p.environment, self.asset(&t.asset_id)?)?
            .unsigned_withdrawal(&t)?;
        self.advance(work, t, Status::PendingSignature, |t| {
            t.withdrawal_mut()?.unsigned_payload = Some(unsigned);
            Ok(())
        })
    }

    /// PendingSignature → Broadcasting with a signature the adapter accepts.
    pub fn attach_signature(
        &self,
        work: &Work,
        id: &TransactionId,
        signed: &str,
    ) -> Result<Transaction, Error> {
        let (conn, p) = (work.conn, &work.p);
        let t = store::transactions::get(conn, p, id)?;
        if t.kind() != Kind::Withdrawal || t.status != Status::PendingSignature {
            return Err(Error::conflict(
                "not_awaiting_signature",
                format!("transaction {id} is not awaiting a signature"),
            ));
        }
        let unsigned = t.unsigned_payload().unwrap_or_default().to_string();
        self.chains
            .adapter(p.environment, self.asset(&t.asset_id)?)?
            .check_signed(&unsigned, signed)?;
        let signed = signed.to_string();
        self.advance(work, t, Status::Broadcasting, |t| {
            t.withdrawal_mut()?.signed_payload = Some(signed);
            Ok(())
        })
    }

    /// Broadcasting → Confirming once the network has the transaction.
    pub fn broadcast(&self, work: &Work, t: Transaction) -> Result<Transaction, Error> {
        let p = &work.p;
        let signed = t.signed_payload().unwrap_or_default().to_string();
        let hash = self
            .chains
            .adapter(p.environment, self.asset(&t.asset_id)?)?
            .broadcast(&t, &signed)?;
        self.advance(work, t, Status::Confirming, |t| {
            t.chain_mut()?.tx_hash = Some(hash);
            Ok(())
        })
    }

    /// Records a transaction's new confirmation count and settles it once it has
    /// enough: a deposit is credited, a withdrawal leaves the books.
    pub fn follow(
        &self,
        work: &Work,
        mut t: Transaction,
        confirmations: i64,
    ) -> Result<Transaction, Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        t.confirmations = confirmations;
        if confirmations < t.required_confirmations {
            t.updated_at = now;
            store::transactions::update(conn, &t)?;
            return Ok(t);
        }
        let asset = self.asset(&t.asset_id)?;
        let wallet_id = t.wallet_id().to_string();
        let journal = match t.kind() {
            Kind::Deposit => Journal::deposit_credited(&asset.id, &wallet_id, t.amount)?,
            _ => Journal::withdrawal_settled(p, &asset.id, &wallet_id, t.amount, t.fee)?,
        };
        let t = self.advance(work, t, Status::Completed, |_| Ok(()))?;
        store::ledger::post(conn, p, &journal, &t.id, now)?;
        emit_balance(work, asset, &wallet_id)?;
        Ok(t)
    }
}

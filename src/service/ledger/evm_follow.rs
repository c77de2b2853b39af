//! Live EVM withdrawals, second half (docs/evm.md, "Withdrawals"): a signed
//! request accepted by the node, then followed by its receipt until it is
//! deep enough to be final. Then, in one write job: the gas really spent is
//! booked, the other requests of its nonce are cancelled, and the
//! withdrawal completes (status 1) or fails with its funds released (status
//! 0, a revert, whose gas is still the tenant's to pay).

use super::*;
use crate::chain::evm_send::Receipt;
use crate::domain::signer_request::{Purpose, RequestStatus, SignerRequest};

impl Ledger {
    /// Native coin that reached a tenant's gas station (seen by the
    /// scanner): the tenant's gas money grows. Booked under the chain
    /// transaction's hash.
    pub fn gas_station_funded(
        &self,
        work: &Work,
        network: &str,
        amount: Amount,
        tx_hash: &str,
    ) -> Result<(), Error> {
        let native = self.native_asset(network)?;
        let journal = Journal::gas_funded(&work.p, &native.id, amount)?;
        store::ledger::post(work.conn, &work.p, &journal, tx_hash, work.now)
    }

    /// Signed → Broadcast once the node took the raw transaction; its
    /// withdrawal goes Broadcasting → Confirming (or, for a replacement,
    /// follows the new hash).
    pub fn mark_broadcast(&self, work: &Work, id: &SignerRequestId, tip: i64) -> Result<(), Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        let mut r = store::signer_requests::get(conn, p, id)?;
        if r.status != RequestStatus::Signed {
            return Ok(());
        }
        r.status = RequestStatus::Broadcast;
        r.broadcast_height = Some(tip);
        r.updated_at = now;
        store::signer_requests::update(conn, &r)?;
        let Some(t_id) = &r.transaction_id else {
            return Ok(());
        };
        let mut t = store::transactions::get(conn, p, t_id)?;
        match t.status {
            Status::Broadcasting => {
                self.advance(work, t, Status::Confirming, |t| {
                    t.chain_mut()?.tx_hash = r.tx_hash.clone();
                    Ok(())
                })?;
            }
            Status::Confirming => {
                let w = t.withdrawal_mut()?;
                w.chain.tx_hash = r.tx_hash.clone();
                w.signed_payload = r.signed_payload.clone();
                t.updated_at = now;
                store::transactions::update(conn, &t)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Records what the node's receipt says of a broadcast request
    /// (`None`: not in the chain, perhaps after a reorganisation) and, once
    /// it is `required` blocks deep under the scanner's `cursor`, settles it.
    pub fn follow_request(
        &self,
        work: &Work,
        id: &SignerRequestId,
        receipt: Option<&Receipt>,
        cursor: i64,
    ) -> Result<(), Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        let mut r = store::signer_requests::get(conn, p, id)?;
        if !matches!(r.status, RequestStatus::Broadcast | RequestStatus::Replaced) {
            return Ok(());
        }
        let included = receipt.map(|x| x.block_number);
        let confirmations = included.map_or(0, |h| (cursor - h + 1).max(0));
        if r.included_height != included {
            r.included_height = included;
            r.updated_at = now;
            store::signer_requests::update(conn, &r)?;
        }
        let mut withdrawal = match &r.transaction_id {
            Some(t_id) => Some(store::transactions::get(conn, p, t_id)?),
            None => None,
        };
        let required = match &withdrawal {
            Some(t) => t.required_confirmations,
            None => i64::from(self.native_asset(&r.network)?.required_confirmations),
        };
        if let Some(t) = withdrawal
            .as_mut()
            .filter(|t| t.status == Status::Confirming)
        {
            // The withdrawal shows the request the chain has (or, with none
            // mined, keeps what it showed: a reorganisation sends it back to
            // zero confirmations, still Confirming). Settling below starts
            // from this updated withdrawal.
            let shown = included.is_some() || t.tx_hash() == r.tx_hash.as_deref();
            let changed = t.included_height() != included
                || t.confirmations != confirmations
                || t.tx_hash() != r.tx_hash.as_deref();
            if shown && changed {
                let w = t.withdrawal_mut()?;
                w.chain = OnChain {
                    tx_hash: r.tx_hash.clone(),
                    included_height: included,
                };
                w.signed_payload = r.signed_payload.clone();
                t.confirmations = confirmations;
                t.updated_at = now;
                store::transactions::update(conn, t)?;
            }
        }
        match receipt {
            Some(receipt) if confirmations >= required.max(1) => {
                self.settle_request(work, r, receipt, withdrawal, confirmations)
            }
            _ => Ok(()),
        }
    }

    /// The chain's final word on a request: gas booked, the other requests
    /// of its nonce cancelled, its withdrawal completed or failed.
    fn settle_request(
        &self,
        work: &Work,
        mut r: SignerRequest,
        receipt: &Receipt,
        withdrawal: Option<Transaction>,
        confirmations: i64,
    ) -> Result<(), Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        let cost = receipt
            .cost()
            .and_then(|c| i128::try_from(c).ok())
            .and_then(Amount::checked_from_atomic)
            .ok_or_else(|| Error::Internal(format!("request {}: gas cost overflows", r.id)))?;
        r.status = match receipt.success {
            true => RequestStatus::Mined,
            false => RequestStatus::Reverted,
        };
        r.gas_charged = Some(cost);
        r.updated_at = now;
        store::signer_requests::update(conn, &r)?;
        let native = self.native_asset(&r.network)?;
        let charged = Journal::gas_charged(p, &native.id, r.gas_reserved, cost)?;
        store::ledger::post(conn, p, &charged, &r.id, now)?;
        for other in store::signer_requests::same_nonce(conn, &r.network, &r.from, r.nonce)? {
            if other.id != r.id {
                self.cancel_request(work, other)?;
            }
        }
        let Some(t) = withdrawal.filter(|t| t.status == Status::Confirming) else {
            return Ok(());
        };
        if r.purpose != Purpose::Withdrawal {
            return Ok(());
        }
        let failure = match (receipt.success, &self.asset(&t.asset_id)?.contract) {
            (false, _) => Some(
                "the transaction reverted on chain (receipt status 0); nothing was sent, \
                 the network fee was paid by the tenant",
            ),
            (true, Some(contract)) => {
                let (from, to) = (
                    t.details.source_address().unwrap_or_default(),
                    t.details.destination_address().unwrap_or_default(),
                );
                (!receipt.moved(contract, from, to, t.amount.atomic())).then(|| {
                    log::error!(
                        "withdrawal {}: {} succeeded without logging the transfer of its \
                         amount; failed, an operator should look at {}",
                        t.id,
                        contract,
                        r.tx_hash.as_deref().unwrap_or_default()
                    );
                    "the token contract reported success but logged no transfer of this \
                     amount to the destination; the network fee was paid by the tenant"
                })
            }
            (true, None) => None,
        };
        match failure {
            None => self.follow(work, t, confirmations).map(|_| ()),
            Some(reason) => {
                let mut t = t;
                t.transition(Status::Failed, now)?;
                t.confirmations = confirmations;
                t.failure_reason = Some(reason.into());
                self.release(work, &t)
            }
        }
    }
}

impl Ledger {
    /// The nonce of a request was used, for good, by a transaction Coffer did
    /// not build: every request of that nonce is cancelled (their gas given
    /// back); a withdrawal already broadcast fails with its hold released,
    /// one not yet signed gets a new request.
    pub fn nonce_taken(&self, work: &Work, id: &SignerRequestId) -> Result<(), Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        let r = store::signer_requests::get(conn, p, id)?;
        let group = store::signer_requests::same_nonce(conn, &r.network, &r.from, r.nonce)?;
        // Mined after all (seen by the follow step since): not lost.
        let settled = |g: &SignerRequest| {
            g.included_height.is_some()
                || matches!(g.status, RequestStatus::Mined | RequestStatus::Reverted)
        };
        if group.iter().any(settled) {
            return Ok(());
        }
        for g in group {
            if let Some(t_id) = g.transaction_id.clone() {
                let mut t = store::transactions::get(conn, p, &t_id)?;
                match t.status {
                    Status::Broadcasting | Status::Confirming => {
                        t.transition(Status::Failed, now)?;
                        t.failure_reason = Some(format!(
                            "nonce {} of {} was used by another transaction; this \
                             withdrawal was never mined",
                            g.nonce, g.from
                        ));
                        self.release(work, &t)?;
                    }
                    // Never signed: built again with a nonce still free.
                    Status::PendingSignature => {
                        t.withdrawal_mut()?.unsigned_payload = None;
                        t.updated_at = now;
                        store::transactions::update(conn, &t)?;
                    }
                    _ => {}
                }
            }
            self.cancel_request(work, g)?;
        }
        Ok(())
    }
}

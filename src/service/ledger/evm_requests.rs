//! Live EVM withdrawals, first half (docs/evm.md, "Withdrawals"): building
//! signer requests (nonce, gas reservation), taking their signatures back,
//! replacing a stuck one and cancelling one nobody signed. Node facts are
//! read by the chain worker outside the write job and passed in (`Quote`),
//! so a slow node never holds the writer.

use super::*;
use crate::chain::eth::decode_signed;
use crate::chain::evm_send::{eip1559, Fees};
use crate::crypto::{hex, unhex};
use crate::domain::signer_request::{Purpose, RequestStatus, SignerRequest};

/// What the node said about a transaction about to be built.
#[derive(Debug, Clone, Copy)]
pub struct Quote {
    pub chain_id: u64,
    /// Transactions the sender has had mined: no nonce below it is usable.
    pub mined_nonce: u64,
    pub gas: u64,
    pub fees: Fees,
}

/// An outgoing call: where, how much native value, which calldata.
#[derive(Debug, Clone)]
pub struct Call {
    pub from: String,
    /// The BIP-32 index of `from`, when Coffer derived it (`None` for a pool
    /// address): the request's `derivationPath`.
    pub derivation_index: Option<u32>,
    pub to: String,
    pub value: u128,
    pub data: Vec<u8>,
}

/// A live withdrawal the sender must build a signer request for:
/// `Submitted`, or approved (`PendingSignature`) with no payload yet.
pub fn awaits_request(t: &Transaction) -> bool {
    t.status == Status::Submitted
        || (t.status == Status::PendingSignature && t.unsigned_payload().is_none())
}

fn wei_amount(wei: u128) -> Result<Amount, Error> {
    i128::try_from(wei)
        .ok()
        .and_then(Amount::checked_from_atomic)
        .ok_or_else(|| Error::Internal(format!("{wei} wei is past the largest amount")))
}

fn signature_mismatch(message: String) -> Error {
    Error::refused("signature_mismatch", message)
}

impl Ledger {
    /// The native coin of an EVM network: what gas is paid in.
    pub fn native_asset(&self, network: &str) -> Result<&Asset, Error> {
        let evm = self
            .chains
            .evm()
            .iter()
            .find(|e| e.network.name == network)
            .ok_or_else(|| Error::Internal(format!("network {network} is not configured")))?;
        self.asset(&evm.network.native_asset)
    }

    /// Records a new signer request and reserves its gas on the tenant's gas
    /// account. The nonce is the first one neither the chain nor Coffer has
    /// used; the caller made sure the sender has nothing else in flight.
    fn new_request(
        &self,
        work: &Work,
        (purpose, network, transaction_id): (Purpose, &str, Option<TransactionId>),
        call: Call,
        quote: Quote,
    ) -> Result<SignerRequest, Error> {
        let now = work.now;
        let nonce = quote.mined_nonce.max(store::signer_requests::next_nonce(
            work.conn, network, &call.from,
        )?);
        let reserved = u128::from(quote.gas)
            .checked_mul(quote.fees.max_fee_per_gas)
            .ok_or_else(|| Error::Internal("gas reservation overflows".into()))?;
        let r = SignerRequest {
            id: SignerRequestId::mint(),
            network: network.to_string(),
            purpose,
            transaction_id,
            replaces: None,
            status: RequestStatus::PendingSignature,
            chain_id: quote.chain_id,
            from: call.from,
            derivation_index: call.derivation_index,
            to: call.to,
            value: call.value,
            data: call.data,
            nonce,
            gas: quote.gas,
            max_fee_per_gas: quote.fees.max_fee_per_gas,
            max_priority_fee_per_gas: quote.fees.max_priority_fee_per_gas,
            gas_reserved: wei_amount(reserved)?,
            signed_payload: None,
            tx_hash: None,
            broadcast_height: None,
            included_height: None,
            gas_charged: None,
            created_at: now,
            updated_at: now,
        };
        self.insert_request(work, &r)?;
        Ok(r)
    }

    fn insert_request(&self, work: &Work, r: &SignerRequest) -> Result<(), Error> {
        let (conn, p) = (work.conn, &work.p);
        store::signer_requests::insert(conn, p, r)?;
        let native = self.native_asset(&r.network)?;
        let hold = Journal::gas_reserved(p, &native.id, r.gas_reserved)?;
        store::ledger::post(conn, p, &hold, &r.id, work.now)
    }

    /// Submitted → PendingSignature for a live withdrawal (or an approved one
    /// already there): its signer request is built. `None` (nothing changed) when the withdrawal moved on
    /// meanwhile or its address already has a transaction in flight.
    pub fn build_withdrawal(
        &self,
        work: &Work,
        id: &TransactionId,
        call: Call,
        quote: Quote,
    ) -> Result<Option<SignerRequest>, Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        let mut t = store::transactions::get(conn, p, id)?;
        if t.kind() != Kind::Withdrawal || !awaits_request(&t) {
            return Ok(None);
        }
        if store::signer_requests::busy(conn, &t.network, &call.from)? {
            return Ok(None);
        }
        let network = t.network.clone();
        let purpose = (Purpose::Withdrawal, network.as_str(), Some(t.id.clone()));
        let r = self.new_request(work, purpose, call, quote)?;
        let unsigned = format!("0x{}", hex(&eip1559(&r)?.unsigned_payload()));
        if t.status == Status::Submitted {
            self.advance(work, t, Status::PendingSignature, |t| {
                t.withdrawal_mut()?.unsigned_payload = Some(unsigned);
                Ok(())
            })?;
        } else {
            t.withdrawal_mut()?.unsigned_payload = Some(unsigned);
            t.updated_at = now;
            store::transactions::update(conn, &t)?;
        }
        Ok(Some(r))
    }

    /// A gas top-up from the tenant's gas station, not tied to any
    /// customer's transaction. `None` when the station is busy.
    pub fn build_gas_topup(
        &self,
        work: &Work,
        network: &str,
        call: Call,
        quote: Quote,
    ) -> Result<Option<SignerRequest>, Error> {
        let conn = work.conn;
        if store::signer_requests::busy(conn, network, &call.from)?
            || store::signer_requests::busy(conn, network, &call.to)?
        {
            return Ok(None);
        }
        let purpose = (Purpose::GasTopup, network, None);
        self.new_request(work, purpose, call, quote).map(Some)
    }

    /// A signed raw transaction for a request: decoded, its sender recovered,
    /// every field compared with the request (422 `signature_mismatch`
    /// naming the first that differs); kept for the worker to broadcast.
    pub fn attach_request_signature(
        &self,
        work: &Work,
        id: &SignerRequestId,
        signed: &str,
    ) -> Result<SignerRequest, Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        let mut r = store::signer_requests::get(conn, p, id)?;
        if r.status != RequestStatus::PendingSignature {
            return Err(Error::conflict(
                "not_awaiting_signature",
                format!(
                    "signer request {id} is {} and awaits no signature",
                    r.status.as_str()
                ),
            ));
        }
        let raw = signed
            .strip_prefix("0x")
            .and_then(unhex)
            .ok_or_else(|| Error::field("signedPayload", "must be 0x-prefixed hex"))?;
        let decoded = decode_signed(&raw)
            .map_err(|e| signature_mismatch(format!("the signed payload is refused: {e}")))?;
        let from = r
            .from
            .parse()
            .map_err(|_| Error::Internal(format!("signer request {id}: bad `from`")))?;
        if let Some(reason) = decoded.mismatch(&eip1559(&r)?, from) {
            return Err(signature_mismatch(reason));
        }
        let raw = format!("0x{}", hex(&raw));
        let hash = format!("0x{}", hex(&decoded.hash));
        r.status = RequestStatus::Signed;
        r.signed_payload = Some(raw.clone());
        r.tx_hash = Some(hash.clone());
        r.updated_at = now;
        store::signer_requests::update(conn, &r)?;
        if let Some(t_id) = &r.transaction_id {
            let t = store::transactions::get(conn, p, t_id)?;
            if t.status == Status::PendingSignature {
                self.advance(work, t, Status::Broadcasting, |t| {
                    let w = t.withdrawal_mut()?;
                    w.signed_payload = Some(raw);
                    w.chain.tx_hash = Some(hash);
                    Ok(())
                })?;
            }
        }
        Ok(r)
    }

    /// A request that was broadcast and is stuck or dropped gets a successor
    /// with the same nonce and higher fees, for the signer to sign. The old
    /// one stays followed: whichever the chain mines wins, and the nonce
    /// makes sure only one can.
    pub fn replace_request(
        &self,
        work: &Work,
        id: &SignerRequestId,
        fees: Fees,
    ) -> Result<Option<SignerRequest>, Error> {
        let (conn, now) = (work.conn, work.now);
        let mut old = store::signer_requests::get(conn, &work.p, id)?;
        if old.status != RequestStatus::Broadcast || old.included_height.is_some() {
            return Ok(None);
        }
        let reserved = u128::from(old.gas)
            .checked_mul(fees.max_fee_per_gas)
            .ok_or_else(|| Error::Internal("gas reservation overflows".into()))?;
        let new = SignerRequest {
            id: SignerRequestId::mint(),
            replaces: Some(old.id.clone()),
            status: RequestStatus::PendingSignature,
            max_fee_per_gas: fees.max_fee_per_gas,
            max_priority_fee_per_gas: fees.max_priority_fee_per_gas,
            gas_reserved: wei_amount(reserved)?,
            signed_payload: None,
            tx_hash: None,
            broadcast_height: None,
            included_height: None,
            gas_charged: None,
            created_at: now,
            updated_at: now,
            ..old.clone()
        };
        old.status = RequestStatus::Replaced;
        old.updated_at = now;
        store::signer_requests::update(conn, &old)?;
        self.insert_request(work, &new)?;
        Ok(Some(new))
    }

    /// Ends a request that will never be mined, giving its gas back.
    pub(super) fn cancel_request(&self, work: &Work, mut r: SignerRequest) -> Result<(), Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        if !r.status.is_open() {
            return Ok(());
        }
        r.status = RequestStatus::Cancelled;
        r.updated_at = now;
        store::signer_requests::update(conn, &r)?;
        let native = self.native_asset(&r.network)?;
        let back = Journal::gas_released(p, &native.id, r.gas_reserved)?;
        store::ledger::post(conn, p, &back, &r.id, now)
    }

    /// A withdrawal cancelled before broadcast: its unsigned request goes too.
    pub(super) fn cancel_unsigned_requests(
        &self,
        work: &Work,
        transaction_id: &str,
    ) -> Result<(), Error> {
        for r in store::signer_requests::of_transaction(work.conn, transaction_id)? {
            if r.status == RequestStatus::PendingSignature {
                self.cancel_request(work, r)?;
            }
        }
        Ok(())
    }
}

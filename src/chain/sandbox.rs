//! The built-in simulated chain of the test environment. Addresses are derived
//! deterministically and are valid on their network (regtest bech32 for
//! bitcoin, EIP-55 for ethereum); blocks are mined with `POST /v1/sandbox/blocks`.
//!
//! Its "signature" of an unsigned payload is `hex(sha256("sandbox-signature:" +
//! payload))`: the simulated signer computes it, and a test acting as an
//! external signer can too.

use super::ChainAdapter;
use crate::crypto::{hex, sha256, sha256_hex};
use crate::domain::address::{btc_segwit_v0_address, evm_address_from_bytes};
use crate::domain::asset::{AddressFormat, Asset};
use crate::domain::tenancy::Partition;
use crate::domain::transaction::Transaction;
use crate::domain::Error;
use serde_json::json;

#[derive(Default)]
pub struct Sandbox;

/// The simulated signer.
pub fn sign(unsigned: &str) -> String {
    sha256_hex(format!("sandbox-signature:{unsigned}").as_bytes())
}

fn twenty_bytes(seed: &str) -> [u8; 20] {
    let digest = sha256(seed.as_bytes());
    let mut out = [0u8; 20];
    out.copy_from_slice(&digest[..20]);
    out
}

impl ChainAdapter for Sandbox {
    fn deposit_address(&self, asset: &Asset, p: &Partition, index: i64) -> Result<String, Error> {
        let seed = format!(
            "coffer-sandbox\n{}\n{}\n{index}",
            asset.network, p.tenant_id
        );
        Ok(address(asset.format, &twenty_bytes(&seed)))
    }

    fn unsigned_withdrawal(&self, tx: &Transaction) -> Result<String, Error> {
        Ok(json!({
            "chain": "sandbox",
            "network": tx.network,
            "transactionId": tx.id,
            "asset": tx.asset_id,
            "from": tx.details.source_address(),
            "to": tx.details.destination_address(),
            "tag": tx.details.destination_tag(),
            "amountAtomic": tx.amount.atomic().to_string(),
            "feeAtomic": tx.fee.atomic().to_string(),
        })
        .to_string())
    }

    fn check_signed(&self, unsigned: &str, signed: &str) -> Result<(), Error> {
        if crate::crypto::constant_time_eq(sign(unsigned).as_bytes(), signed.as_bytes()) {
            Ok(())
        } else {
            Err(Error::refused(
                "invalid_signature",
                "the signed payload does not match the request",
            ))
        }
    }

    fn broadcast(&self, tx: &Transaction, signed: &str) -> Result<String, Error> {
        let hash = hex(&sha256(format!("{}\n{signed}", tx.id).as_bytes()));
        // Bitcoin writes transaction ids bare, EVM chains with 0x.
        Ok(match tx.details.destination_address() {
            Some(to) if to.starts_with("0x") => format!("0x{hash}"),
            _ => hash,
        })
    }
}

/// A sandbox address of `format` made from 20 bytes.
fn address(format: AddressFormat, bytes: &[u8; 20]) -> String {
    match format {
        AddressFormat::Bitcoin => btc_segwit_v0_address("bcrt", bytes),
        AddressFormat::Evm => evm_address_from_bytes(bytes),
    }
}

/// A made-up sender for simulated deposits.
pub fn external_sender(format: AddressFormat, seed: &str) -> String {
    address(
        format,
        &twenty_bytes(&format!("coffer-sandbox-sender\n{seed}")),
    )
}

/// A made-up hash for a simulated deposit.
pub fn deposit_hash(format: AddressFormat, seed: &str) -> String {
    let h = sha256_hex(format!("coffer-sandbox-deposit\n{seed}").as_bytes());
    match format {
        AddressFormat::Evm => format!("0x{h}"),
        AddressFormat::Bitcoin => h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::address_book::validate_address;
    use crate::domain::tenancy::Environment;

    #[test]
    fn addresses_are_deterministic_and_valid_on_their_network() {
        let p = Partition {
            tenant_id: crate::domain::ids::TypedId::from_stored("t1".into()),
            environment: Environment::Test,
        };
        let assets = crate::config::Config::default().assets();
        let (btc_asset, eth_asset) = (assets.get("BTC").unwrap(), assets.get("ETH").unwrap());
        let btc = Sandbox.deposit_address(btc_asset, &p, 0).unwrap();
        assert!(btc.starts_with("bcrt1q"), "{btc}");
        assert_eq!(btc, Sandbox.deposit_address(btc_asset, &p, 0).unwrap());
        assert_ne!(btc, Sandbox.deposit_address(btc_asset, &p, 1).unwrap());
        assert!(validate_address(btc_asset.format, Environment::Test, &btc).is_ok());
        let eth = Sandbox.deposit_address(eth_asset, &p, 0).unwrap();
        assert_eq!(
            validate_address(eth_asset.format, Environment::Test, &eth).unwrap(),
            eth
        );
    }

    #[test]
    fn only_the_sandbox_signature_passes() {
        assert!(Sandbox.check_signed("payload", &sign("payload")).is_ok());
        assert!(Sandbox.check_signed("payload", &sign("other")).is_err());
    }
}

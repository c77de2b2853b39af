//! Chain adapters (docs/evm.md): how Coffer, which holds no keys, talks to a chain.
//! Deposit addresses, unsigned withdrawals for the external signer, signature
//! checks and broadcast go through this trait; confirmations are followed by
//! the chain worker, and deposits on live chains are found by scanners.

pub mod erc20;
pub mod eth;
pub mod evm;
pub mod evm_send;
pub mod sandbox;
pub mod scanner;
pub mod sender;
pub mod status;
pub mod worker;

use crate::domain::asset::Asset;
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::transaction::Transaction;
use crate::domain::Error;

pub trait ChainAdapter: Send + Sync {
    /// Whether deposit addresses come from the tenant (its registered account
    /// xpub, or an imported pool) rather than from `deposit_address`.
    fn addresses_from_tenant(&self) -> bool {
        false
    }
    /// The `index`-th deposit address of a partition for an asset.
    fn deposit_address(&self, asset: &Asset, p: &Partition, index: i64) -> Result<String, Error>;
    /// Refuses (422) before anything is recorded when the adapter cannot send.
    fn withdrawals_supported(&self) -> Result<(), Error> {
        Ok(())
    }
    /// The payload the external signer signs for a withdrawal.
    fn unsigned_withdrawal(&self, tx: &Transaction) -> Result<String, Error>;
    /// Whether `signed` is a valid signature of `unsigned` (422 when not).
    fn check_signed(&self, unsigned: &str, signed: &str) -> Result<(), Error>;
    /// Hands a signed withdrawal to the network; returns its transaction hash.
    fn broadcast(&self, tx: &Transaction, signed: &str) -> Result<String, Error>;
}

/// The adapters of this appliance: the sandbox for the test environment; an
/// EVM adapter for each configured live network.
#[derive(Default)]
pub struct Chains {
    sandbox: sandbox::Sandbox,
    evm: Vec<evm::EvmAdapter>,
}

impl Chains {
    pub fn new(evm: Vec<evm::EvmAdapter>) -> Chains {
        Chains {
            sandbox: sandbox::Sandbox,
            evm,
        }
    }

    /// The live EVM adapters, one per configured network.
    pub fn evm(&self) -> &[evm::EvmAdapter] {
        &self.evm
    }

    /// The adapter that moves `asset` in an environment (422
    /// `chain_unavailable` when there is none).
    pub fn adapter(&self, env: Environment, asset: &Asset) -> Result<&dyn ChainAdapter, Error> {
        match env {
            Environment::Test => Ok(&self.sandbox),
            Environment::Live => match self.evm.iter().find(|evm| evm.serves(asset)) {
                Some(evm) => Ok(evm),
                None => Err(Error::refused(
                    "chain_unavailable",
                    format!(
                        "no chain adapter is configured for {} on {} in the live environment",
                        asset.id, asset.network
                    ),
                )),
            },
        }
    }
}

//! Chain adapters (SPEC §11): how Coffer, which holds no keys, talks to a chain.
//! Deposit addresses, unsigned withdrawals for the external signer, signature
//! checks and broadcast go through this trait; confirmations are followed by
//! the chain worker, and deposits on live chains are found by scanners.

pub mod eth;
pub mod evm;
pub mod sandbox;
pub mod scanner;
pub mod worker;

use crate::domain::asset::Asset;
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::transaction::Transaction;
use crate::domain::Error;

pub trait ChainAdapter: Send + Sync {
    /// Whether deposit addresses come from an imported pool
    /// (`coffer addresses import`) rather than from `deposit_address`.
    fn uses_address_pool(&self) -> bool {
        false
    }
    /// The `index`-th deposit address of a partition on a network.
    fn deposit_address(&self, network: &str, p: &Partition, index: i64) -> Result<String, Error>;
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

/// The adapters of this appliance: the sandbox for the test environment; the
/// EVM adapter for live ETH when `[evm] rpc_url` is set.
pub struct Chains {
    sandbox: sandbox::Sandbox,
    evm: Option<evm::EvmAdapter>,
}

impl Default for Chains {
    fn default() -> Self {
        Chains::new(None)
    }
}

impl Chains {
    pub fn new(evm: Option<evm::EvmAdapter>) -> Chains {
        Chains {
            sandbox: sandbox::Sandbox,
            evm,
        }
    }

    /// The live EVM adapter, when configured.
    pub fn evm(&self) -> Option<&evm::EvmAdapter> {
        self.evm.as_ref()
    }

    /// The adapter that moves `asset` in an environment (422
    /// `chain_unavailable` when there is none).
    pub fn adapter(&self, env: Environment, asset: &Asset) -> Result<&dyn ChainAdapter, Error> {
        match env {
            Environment::Test => Ok(&self.sandbox),
            Environment::Live => match &self.evm {
                Some(evm) if evm.serves(asset) => Ok(evm),
                _ => Err(Error::refused(
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

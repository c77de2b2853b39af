//! Chain adapters (SPEC §11): how Coffer, which holds no keys, talks to a chain.
//! Deposit addresses, unsigned withdrawals for the external signer, signature
//! checks and broadcast go through this trait; confirmations are followed by
//! the chain worker.

pub mod sandbox;
pub mod worker;

use crate::domain::tenancy::{Environment, Partition};
use crate::domain::transaction::Transaction;
use crate::domain::Error;

pub trait ChainAdapter: Send + Sync {
    /// The `index`-th deposit address of a partition on a network.
    fn deposit_address(&self, network: &str, p: &Partition, index: i64) -> Result<String, Error>;
    /// The payload the external signer signs for a withdrawal.
    fn unsigned_withdrawal(&self, tx: &Transaction) -> Result<String, Error>;
    /// Whether `signed` is a valid signature of `unsigned` (422 when not).
    fn check_signed(&self, unsigned: &str, signed: &str) -> Result<(), Error>;
    /// Hands a signed withdrawal to the network; returns its transaction hash.
    fn broadcast(&self, tx: &Transaction, signed: &str) -> Result<String, Error>;
}

/// The adapters of this appliance: the sandbox for the test environment; live
/// chains get theirs with the EVM and Bitcoin adapters.
pub struct Chains {
    sandbox: sandbox::Sandbox,
}

impl Default for Chains {
    fn default() -> Self {
        Chains {
            sandbox: sandbox::Sandbox,
        }
    }
}

impl Chains {
    pub fn for_environment(&self, env: Environment) -> Result<&dyn ChainAdapter, Error> {
        match env {
            Environment::Test => Ok(&self.sandbox),
            Environment::Live => Err(Error::refused(
                "chain_unavailable",
                "no chain adapter is configured for the live environment yet",
            )),
        }
    }
}

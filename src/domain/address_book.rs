//! The address book: the only destinations withdrawals may go to.

use super::address::{validate_btc_address, validate_evm_address, BtcNetwork};
use super::asset::AddressFormat;
use super::ids::{ActivityId, AddressBookEntryId};
use super::tenancy::Environment;
use super::wire::wire_names;
use super::Error;
use crate::clock::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryStatus {
    Active,
    PendingApproval,
    Deleted,
}

wire_names!(EntryStatus {
    Active => "Active",
    PendingApproval => "PendingApproval",
    Deleted => "Deleted",
});

/// Longest destination tag (memo) and label an entry may have.
pub const MAX_TAG_CHARS: usize = 100;
pub const MAX_LABEL_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct AddressBookEntry {
    pub id: AddressBookEntryId,
    pub asset_id: String,
    pub network: String,
    pub address: String,
    pub tag: Option<String>,
    pub label: String,
    pub status: EntryStatus,
    /// The activity an entry awaiting approval was requested under.
    pub activity_id: Option<ActivityId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Checks an address by its network's rules, mainnet for live and
/// testnet/regtest for test; returns its normalised form.
pub fn validate_address(
    format: AddressFormat,
    env: Environment,
    address: &str,
) -> Result<String, Error> {
    let invalid =
        |e: &dyn std::fmt::Display| Error::field_code("invalid_address", "address", e.to_string());
    match format {
        AddressFormat::Bitcoin => {
            let net = match env {
                Environment::Live => BtcNetwork::Mainnet,
                Environment::Test => BtcNetwork::Testnet,
            };
            validate_btc_address(address, net).map_err(|e| invalid(&e))
        }
        AddressFormat::Evm => validate_evm_address(address).map_err(|e| invalid(&e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitcoin_addresses_follow_the_environment() {
        let main = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
        assert!(validate_address(AddressFormat::Bitcoin, Environment::Live, main).is_ok());
        let err = validate_address(AddressFormat::Bitcoin, Environment::Test, main).unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidField {
                code: "invalid_address",
                ..
            }
        ));
        assert!(validate_address(
            AddressFormat::Bitcoin,
            Environment::Test,
            "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"
        )
        .is_ok());
    }

    #[test]
    fn evm_checksums_are_enforced_and_normalised() {
        let lower = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed";
        assert_eq!(
            validate_address(AddressFormat::Evm, Environment::Live, lower).unwrap(),
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
        );
        assert!(validate_address(
            AddressFormat::Evm,
            Environment::Live,
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"
        )
        .is_err());
    }
}

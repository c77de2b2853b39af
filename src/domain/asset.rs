//! Assets the appliance custodies, as configured (SPEC §6 `GET /v1/assets`).

use super::money::Amount;

#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    pub id: String,
    pub symbol: String,
    pub name: String,
    pub network: String,
    pub decimals: u32,
    pub required_confirmations: u32,
    pub withdrawal_fee: Amount,
    pub enabled: bool,
}

impl Asset {
    pub fn status(&self) -> &'static str {
        if self.enabled {
            "Active"
        } else {
            "Disabled"
        }
    }
}

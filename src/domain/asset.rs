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

/// The configured assets, in configuration order.
#[derive(Debug, Clone, Default)]
pub struct Assets(Vec<Asset>);

impl Assets {
    pub fn new(assets: Vec<Asset>) -> Assets {
        Assets(assets)
    }

    pub fn all(&self) -> &[Asset] {
        &self.0
    }

    pub fn get(&self, id: &str) -> Option<&Asset> {
        self.0.iter().find(|a| a.id == id)
    }

    /// An enabled asset, or 400 naming `field`.
    pub fn enabled(&self, field: &str, id: &str) -> Result<&Asset, super::Error> {
        self.get(id)
            .filter(|a| a.enabled)
            .ok_or_else(|| super::Error::field(field, format!("'{id}' is not an enabled asset")))
    }

    /// The asset of a stored object; its absence means the config lost an asset
    /// that objects still use.
    pub fn of_stored(&self, id: &str) -> Result<&Asset, super::Error> {
        self.get(id).ok_or_else(|| {
            super::Error::Internal(format!("asset {id} is used but no longer configured"))
        })
    }
}

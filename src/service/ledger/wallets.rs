//! Wallets: opening them (at once or after approval) and their deposit addresses.

use super::*;
use crate::chain::eth::AccountXpub;
use crate::domain::asset::AddressFormat;

impl Ledger {
    /// The partition's default vault, made on first use: where wallets that
    /// name no vault (the Coinbase-compatible API's) go.
    pub fn default_vault(&self, work: &Work) -> Result<VaultId, Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        if let Some(id) = store::vaults::default_vault(conn, p)? {
            return Ok(id);
        }
        let vault = Vault {
            id: VaultId::mint(),
            external_id: None,
            name: DEFAULT_VAULT_NAME.into(),
            metadata: serde_json::Map::new(),
            status: VaultStatus::Active,
            created_at: now,
            updated_at: now,
        };
        store::vaults::insert(conn, p, &vault)?;
        store::vaults::set_default_vault(conn, p, &vault.id)?;
        Ok(vault.id)
    }

    /// Opens a wallet for an asset in a vault, with its first deposit address;
    /// or, when the policy wants approvals, records it `PendingApproval` with
    /// no address and no accounts until `activate_wallet`.
    pub fn create_wallet(
        &self,
        work: &Work,
        vault_id: &VaultId,
        asset_id: &str,
        label: Option<String>,
        activity_id: Option<ActivityId>,
    ) -> Result<(Wallet, Option<Requirement>), Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        let asset = self.assets.enabled("assetId", asset_id)?;
        let vault = store::vaults::get(conn, p, vault_id)?;
        if vault.status == VaultStatus::Archived {
            return Err(Error::conflict(
                "vault_archived",
                "an archived vault takes no new wallets",
            ));
        }
        // Refused before anything is recorded when the asset has no chain here.
        self.chains.adapter(p.environment, asset)?;
        let policy = policies::current(conn, p, &self.assets)?;
        let requirement = policies::gate(
            &policy,
            &Request {
                action: Action::WalletCreate,
                asset_id: &asset.id,
                vault_id: Some(&vault.id),
                amount: None,
            },
        )?;
        let mut wallet = Wallet {
            id: WalletId::mint(),
            vault_id: vault.id,
            asset_id: asset.id.clone(),
            label,
            status: WalletStatus::Active,
            deposit_address: None,
            balance: Balance::default(),
            activity_id,
            created_at: now,
            updated_at: now,
        };
        let held = policies::hold_if_required(
            requirement.as_ref(),
            &mut wallet.status,
            WalletStatus::PendingApproval,
            &mut wallet.activity_id,
        );
        if held {
            store::wallets::insert(conn, p, &wallet)?;
            return Ok((wallet, requirement));
        }
        store::wallets::insert(conn, p, &wallet)?;
        let wallet = self.open_wallet(work, wallet, asset)?;
        Ok((wallet, None))
    }

    /// Gives a wallet its ledger accounts and first deposit address, makes it
    /// `Active` and announces it.
    fn open_wallet(&self, work: &Work, mut wallet: Wallet, asset: &Asset) -> Result<Wallet, Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        let adapter = self.chains.adapter(p.environment, asset)?;
        store::ledger::open_wallet_accounts(conn, p, &wallet.id, &asset.id)?;
        let address = self.new_address(work, &wallet, asset, adapter)?;
        wallet.deposit_address = Some(address.address);
        wallet.status = WalletStatus::Active;
        wallet.updated_at = now;
        store::wallets::activate(conn, &wallet)?;
        work.emit("wallet.created", views::wallet(&wallet, asset))?;
        Ok(wallet)
    }

    /// An approved wallet request: the pending wallet opens.
    pub fn activate_wallet(&self, work: &Work, wallet_id: &WalletId) -> Result<Wallet, Error> {
        let wallet = store::wallets::get(work.conn, &work.p, wallet_id)?;
        if wallet.status != WalletStatus::PendingApproval {
            return Err(Error::conflict(
                "wallet_not_pending",
                format!("wallet {wallet_id} is not awaiting approval"),
            ));
        }
        let asset = self.asset(&wallet.asset_id)?;
        self.open_wallet(work, wallet, asset)
    }

    /// A rejected or expired wallet request: the pending wallet (which has no
    /// address, accounts or history) is removed, freeing its asset's slot.
    pub fn discard_wallet(&self, work: &Work, wallet_id: &WalletId) -> Result<(), Error> {
        store::wallets::delete_pending(work.conn, wallet_id)
    }

    fn new_address(
        &self,
        work: &Work,
        wallet: &Wallet,
        asset: &Asset,
        adapter: &dyn crate::chain::ChainAdapter,
    ) -> Result<DepositAddress, Error> {
        let (conn, p, now) = (work.conn, &work.p, work.now);
        let counter = format!(
            "address:{}:{}:{}",
            p.tenant_id,
            p.environment.as_str(),
            asset.network
        );
        let network = &asset.network;
        if adapter.addresses_from_tenant() {
            // The tenant's account xpub first (the next external child), else
            // its imported pool (docs/evm.md, "Deposit addresses").
            // A child the tenant made its gas station is skipped: a
            // customer's coins never share an address with the tenant's gas.
            while let Some((xpub, index)) = store::xpubs::take_index(conn, &p.tenant_id, network)? {
                let address = AccountXpub::parse(&xpub)
                    .and_then(|x| x.address(index))
                    .map_err(|e| Error::Internal(format!("registered xpub of {network}: {e}")))?
                    .to_string();
                if store::chain::gas_station_owner(conn, network, &address)?.is_some() {
                    continue;
                }
                return store::wallets::add_address(
                    conn,
                    network,
                    &address,
                    &wallet.id,
                    Some(index),
                    now,
                );
            }
            let address =
                store::chain::pool_take(conn, p, network, &wallet.id)?.ok_or_else(|| {
                    Error::refused(
                        "address_pool_empty",
                        format!(
                            "no account xpub is registered for {network} and no unused address is \
                             left in its pool: register one with `coffer xpub set` (or the admin \
                             API), or import addresses with `coffer addresses import`"
                        ),
                    )
                })?;
            return store::wallets::add_address(conn, network, &address, &wallet.id, None, now);
        }
        let index = store::meta::next_counter(conn, &counter)?;
        let address = adapter.deposit_address(asset, p, index)?;
        store::wallets::add_address(conn, network, &address, &wallet.id, None, now)
    }

    /// Another deposit address for a wallet.
    pub fn add_address(
        &self,
        work: &Work,
        _: &Granted<WalletsCreate>,
        wallet_id: &WalletId,
    ) -> Result<DepositAddress, Error> {
        let (conn, p) = (work.conn, &work.p);
        let wallet = usable_wallet(conn, p, wallet_id)?;
        let asset = self.asset(&wallet.asset_id)?;
        let adapter = self.chains.adapter(p.environment, asset)?;
        // Live EVM withdrawals spend from the wallet's one address; coins on
        // a second one could never be sent (docs/evm.md, "Where the coins sit").
        if p.environment == Environment::Live && asset.format == AddressFormat::Evm {
            return Err(Error::refused(
                "single_address_network",
                format!(
                    "a live {} wallet has one deposit address: withdrawals are sent from it, \
                     and EVM addresses are reused by design",
                    asset.network
                ),
            ));
        }
        self.new_address(work, &wallet, asset, adapter)
    }
}

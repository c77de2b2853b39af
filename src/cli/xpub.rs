//! `coffer xpub set --network N XPUB [--tenant ID] [--json]`: registers a
//! tenant's account xpub, from which its live wallets on that network take
//! their deposit addresses (docs/evm.md, "Deposit addresses").

use super::{env_var, tenant, Failure, TenantFlag};
use crate::config::Config;
use crate::domain::tenancy::{Environment, Partition};
use crate::service::grant::TenantAdmin;
use crate::service::work::{self, Act, NoWorkers};
use crate::service::{provision, xpubs};
use serde_json::json;

#[derive(clap::Subcommand)]
pub enum Action {
    /// Register the tenant's account xpub (m/44'/60'/0', from `coffer-signer
    /// xpub`) for network N; set once
    Set {
        /// A configured EVM network ([[networks]] name)
        #[arg(long, value_name = "N")]
        network: String,
        /// The account xpub (xpub…)
        #[arg(value_name = "XPUB")]
        xpub: String,
        #[command(flatten)]
        tenant: TenantFlag,
        /// Print the registration as JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(action: Action, config: Config) -> Result<(), Failure> {
    let Action::Set {
        network,
        xpub: text,
        tenant: given_tenant,
        json: json_out,
    } = action;
    let network = super::network(&config, network)?;
    let opened = provision::open(config.data_dir(), 1, &env_var)?;
    let tenant_id = tenant(given_tenant, &opened)?;
    let configured: Vec<&str> = config.networks.iter().map(|n| n.name.as_str()).collect();
    let xpub = xpubs::check(&configured, &network, &text, "xpub")?;
    let p = Partition {
        tenant_id: tenant_id.clone(),
        environment: Environment::Live,
    };
    let registered = work::run(
        &opened.store,
        &NoWorkers,
        Act::cli("xpub", p),
        move |work| {
            let admin = TenantAdmin::vouched(tenant_id);
            let registered = xpubs::register(work, &admin, &network, &xpub)?;
            // Registering the same xpub again changes nothing and is not recorded.
            if registered.new {
                work.audit("xpub.set", Some(("xpub", network)), None)?;
            }
            Ok(registered)
        },
    )?;
    if json_out {
        println!(
            "{}",
            json!({
                "network": registered.network,
                "xpub": registered.xpub,
                "firstAddress": registered.first_address,
                "firstPath": registered.first_path,
                "new": registered.new,
            })
        );
    } else {
        println!(
            "{} xpub for {}; its first deposit address is {} ({}): compare it with \
             `coffer-signer address --key-file F --index 0`",
            if registered.new {
                "registered the"
            } else {
                "already registered: the"
            },
            registered.network,
            registered.first_address,
            registered.first_path
        );
    }
    Ok(())
}

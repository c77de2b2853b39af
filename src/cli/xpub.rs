//! `coffer xpub set --network N XPUB [--tenant ID] [--json]`: registers a
//! tenant's account xpub, from which its live wallets on that network take
//! their deposit addresses (docs/evm.md, "Deposit addresses").

use super::args::Args;
use super::{env_var, tenant, Failure};
use crate::config::Config;
use crate::domain::tenancy::{Environment, Partition};
use crate::service::grant::TenantAdmin;
use crate::service::work::{self, Act, NoWorkers};
use crate::service::{provision, xpubs};
use serde_json::json;

pub fn run(mut args: Args, config: Config) -> Result<(), Failure> {
    if args.next().as_deref() != Some("set") {
        return Err(Failure::Usage("xpub needs: set --network N XPUB".into()));
    }
    let network = args.value("network")?.ok_or("--network is required")?;
    let json_out = args.switch("json");
    let text = args.next().ok_or("the account xpub (xpub…) is required")?;
    let opened = provision::open(config.data_dir(), 1, &env_var)?;
    let tenant_id = tenant(&mut args, &opened)?;
    args.finish()?;
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

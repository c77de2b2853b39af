//! `coffer tenants create|list`: tenants (the admin API calls them subwallets).

use super::args::Args;
use super::{base_tenant, env_var, Failure};
use crate::config::Config;
use crate::domain::tenancy::{Environment, Partition};
use crate::service::grant::SuperAdmin;
use crate::service::provision;
use crate::service::tenants;
use crate::service::work::{self, Act, Books, NoWorkers};
use crate::store;
use serde_json::json;

pub fn run(mut args: Args, config: Config) -> Result<(), Failure> {
    let action = args.next().unwrap_or_default();
    // The command line is checked before the data dir is opened.
    if !matches!(action.as_str(), "create" | "list") {
        return Err(Failure::Usage("tenants needs one of: create, list".into()));
    }
    let opened = provision::open(config.data_dir(), 1, &env_var)?;
    match action.as_str() {
        "create" => {
            let name = args.value("name")?.ok_or("--name is required")?;
            let label = args.value("label")?;
            let json_out = args.switch("json");
            args.finish()?;
            // The base tenant's operator makes subwallets.
            let p = Partition {
                tenant_id: base_tenant(&opened)?,
                environment: Environment::Live,
            };
            let master = opened.master;
            let act = Act::cli("tenants", p);
            let created = work::run(&opened.store, &NoWorkers, act, move |work| {
                let created =
                    tenants::create_subwallet(work, &SuperAdmin::vouched(), &master, &name, label)?;
                let id = created.tenant.id.clone();
                work.audit(
                    "tenant.create",
                    Some(("tenant", id.clone())),
                    Some(Books::tenant(&id)),
                )?;
                Ok(created)
            })?;
            let out = json!({
                "tenantId": created.tenant.id,
                "name": created.tenant.name,
                "adminToken": created.admin_token.expose(),
            });
            if json_out {
                println!("{out}");
            } else {
                println!(
                    "tenant id    {}\nadmin token  {}",
                    created.tenant.id,
                    created.admin_token.expose()
                );
            }
            Ok(())
        }
        _ => {
            args.finish()?;
            for t in opened.store.read(store::tenants::list_subwallets)? {
                println!("{}  {}", t.id, t.name);
            }
            Ok(())
        }
    }
}

//! `coffer tenants create|list`: tenants (the admin API calls them subwallets).

use super::{base_tenant, env_var, Failure};
use crate::config::Config;
use crate::domain::tenancy::{Environment, Partition};
use crate::service::grant::SuperAdmin;
use crate::service::provision;
use crate::service::tenants;
use crate::service::work::{self, Act, Books, NoWorkers};
use crate::store;
use serde_json::json;

#[derive(clap::Subcommand)]
pub enum Action {
    /// Another tenant (subwallet) with its own books and admin token
    Create {
        /// The tenant's name
        #[arg(long, value_name = "N")]
        name: String,
        /// A label for it
        #[arg(long, value_name = "L")]
        label: Option<String>,
        /// Print the tenant and its admin token as JSON
        #[arg(long)]
        json: bool,
    },
    /// The tenants made with `create` or the admin API
    List,
}

pub fn run(action: Action, config: Config) -> Result<(), Failure> {
    let opened = provision::open(config.data_dir(), 1, &env_var)?;
    match action {
        Action::Create {
            name,
            label,
            json: json_out,
        } => {
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
                    Some(("tenant", id.to_string())),
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
        Action::List => {
            for t in opened.store.read(store::tenants::list_subwallets)? {
                println!("{}  {}", t.id, t.name);
            }
            Ok(())
        }
    }
}

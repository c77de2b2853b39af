//! `coffer tenants create|list`: tenants (the admin API calls them subwallets).

use super::{env_var, Failure};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::audit::AuditEntry;
use crate::service::provision;
use crate::service::tenants;
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
            let now = Timestamp::now();
            let master = opened.master;
            let created = opened.store.write(move |conn| {
                let created = tenants::create(conn, &master, &name, label, false, now)?;
                let audit = AuditEntry {
                    tenant_id: Some(created.tenant.id.clone()),
                    actor_type: "cli".into(),
                    actor_id: "tenants".into(),
                    action: "tenant.create".into(),
                    object_type: Some("tenant".into()),
                    object_id: Some(created.tenant.id.clone()),
                    ..AuditEntry::default()
                };
                store::audit::append(conn, &audit, now)?;
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

//! `coffer tenants create|list`: tenants (the admin API calls them subwallets).

use super::args::Args;
use super::{env_var, Failure};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::audit::AuditEntry;
use crate::service::provision;
use crate::service::tenants;
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
        _ => {
            args.finish()?;
            for t in opened.store.read(store::tenants::list_subwallets)? {
                println!("{}  {}", t.id, t.name);
            }
            Ok(())
        }
    }
}

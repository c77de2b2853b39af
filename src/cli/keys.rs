//! `coffer keys create|list|revoke`: key management from the operator's shell.

use super::args::Args;
use super::{base_tenant, env_var, tenant, Failure};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::apikey::{ApiKey, KeyBinding};
use crate::domain::page::PageRequest;
use crate::domain::scope::{parse_roles, parse_scopes};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::user::normalize_email;
use crate::service::grant::TenantAdmin;
use crate::service::keys::{self, NewKey};
use crate::service::provision::{self, Opened};
use crate::service::work::{self, Act, Books, NoWorkers};
use crate::store;
use crate::store::users::UserFilter;
use serde_json::json;

pub fn run(mut args: Args, config: Config) -> Result<(), Failure> {
    let action = args.next().unwrap_or_default();
    // The command line is checked before the data dir is opened.
    if !matches!(action.as_str(), "create" | "list" | "revoke") {
        return Err(Failure::Usage(
            "keys needs one of: create, list, revoke".into(),
        ));
    }
    let opened = provision::open(config.data_dir(), 1, &env_var)?;
    match action.as_str() {
        "create" => create(args, opened),
        "list" => list(args, &opened),
        _ => revoke(args, &opened),
    }
}

fn render(k: &ApiKey, now: Timestamp) -> serde_json::Value {
    json!({
        "keyId": k.id,
        "name": k.name,
        "tenantId": k.tenant_id,
        "environment": k.environment.as_str(),
        "roles": k.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        "scopes": k.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        "ipAllowlist": k.ip_allowlist,
        "readOnly": k.read_only,
        "status": k.state(now).as_str(),
        "expiresAt": k.expires_at.map(Timestamp::to_rfc3339),
        "createdAt": k.created_at.to_rfc3339(),
    })
}

fn create(mut args: Args, opened: Opened) -> Result<(), Failure> {
    let tenant_id = tenant(&mut args, &opened)?;
    let name = args.value("name")?.ok_or("--name is required")?;
    let roles = parse_roles(&args.list("roles")?)?;
    let scopes = parse_scopes(&args.list("scopes")?)?;
    let ip_allowlist = args.list("ip-allow")?;
    let expires_at = match args.value("expires")? {
        None => None,
        Some(text) => Some(
            Timestamp::parse_rfc3339(&text)
                .ok_or(format!("--expires '{text}' is not an RFC 3339 time"))?,
        ),
    };
    let environment = match args.value("env")? {
        None => Environment::Test,
        Some(e) => {
            Environment::parse(&e).ok_or(format!("--env must be test or live, not '{e}'"))?
        }
    };
    let read_only = args.switch("read-only");
    let user_email = args.value("user")?;
    let json_out = args.switch("json");
    args.finish()?;
    let user_id = match user_email {
        None => None,
        Some(email) => Some(user_by_email(&opened, &tenant_id, &email)?),
    };
    let new = NewKey {
        scopes,
        ip_allowlist,
        expires_at,
        read_only,
        user_id,
        ..NewKey::of_roles(environment, &name, roles, KeyBinding::Cli)
    };
    let now = Timestamp::now();
    let Opened { store, master } = opened;
    let admin = TenantAdmin::vouched(tenant_id.clone());
    let prepared = keys::prepare(&master, &admin, new, now)?;
    let p = Partition {
        tenant_id,
        environment,
    };
    // The key's times and the change's are one reading.
    let act = Act {
        now,
        ..Act::cli("keys", p)
    };
    let created = work::run(&store, &NoWorkers, act, move |work| {
        let created = keys::create(work, &admin, &master, prepared)?;
        work.audit(
            "api_key.create",
            Some(("api_key", created.key.id.clone())),
            None,
        )?;
        Ok(created)
    })?;
    let mut out = render(&created.key, now);
    out["secret"] = json!(created.secret.expose());
    out["passphrase"] = json!(created.passphrase.expose());
    if json_out {
        println!("{out}");
    } else {
        println!(
            "key id      {}\nsecret      {}\npassphrase  {}\n(the secret and the passphrase are shown once)",
            created.key.id,
            created.secret.expose(),
            created.passphrase.expose()
        );
    }
    Ok(())
}

/// The id of the tenant's user with this email, for `--user`.
fn user_by_email(opened: &Opened, tenant_id: &str, email: &str) -> Result<String, Failure> {
    let email = normalize_email("--user", email)?;
    let filter = UserFilter {
        email: Some(email.clone()),
        ..UserFilter::default()
    };
    let page = opened
        .store
        .read(|conn| store::users::list(conn, tenant_id, &filter, &PageRequest::default()))?;
    page.items.into_iter().next().map(|u| u.id).ok_or_else(|| {
        Failure::Runtime(format!("no user with email {email} in tenant {tenant_id}"))
    })
}

fn list(mut args: Args, opened: &Opened) -> Result<(), Failure> {
    let json_out = args.switch("json");
    let tenant_id = args.value("tenant")?;
    args.finish()?;
    let now = Timestamp::now();
    let all = opened
        .store
        .read(|conn| store::keys::list(conn, tenant_id.as_deref()))?;
    if json_out {
        let rendered: Vec<_> = all.iter().map(|k| render(k, now)).collect();
        println!("{}", json!(rendered));
    } else {
        println!("{:36}  {:8}  {:24}  ROLES", "KEY ID", "STATE", "NAME");
        for k in &all {
            let roles: Vec<_> = k.roles.iter().map(|r| r.as_str()).collect();
            println!(
                "{:36}  {:8}  {:24}  {}",
                k.id,
                k.state(now).as_str(),
                k.name,
                roles.join(",")
            );
        }
    }
    Ok(())
}

fn revoke(mut args: Args, opened: &Opened) -> Result<(), Failure> {
    let given_tenant = args.value("tenant")?;
    let target = args.next().ok_or("keys revoke needs a key name or id")?;
    args.finish()?;
    // A key id names one key in any tenant (`keys list` shows them all), so it
    // is revoked wherever it lives; a name is looked up in --tenant or the base.
    let tenant_id = match given_tenant {
        Some(id) => id,
        None => match opened.store.read(|conn| store::keys::get(conn, &target))? {
            Some(key) => key.tenant_id,
            None => base_tenant(opened)?,
        },
    };
    let admin = TenantAdmin::vouched(tenant_id.clone());
    // Keys are revoked by name across both environments: the record names the
    // revoked key's own.
    let p = Partition {
        tenant_id,
        environment: Environment::Live,
    };
    let revoked = work::run(
        &opened.store,
        &NoWorkers,
        Act::cli("keys", p),
        move |work| {
            let key = keys::revoke(work, &admin, &target)?;
            let books = Books {
                tenant_id: Some(key.tenant_id.clone()),
                environment: Some(key.environment),
            };
            work.audit(
                "api_key.revoke",
                Some(("api_key", key.id.clone())),
                Some(books),
            )?;
            Ok(key)
        },
    )?;
    println!("revoked {} ({})", revoked.id, revoked.name);
    Ok(())
}

//! `coffer keys create|list|revoke`: key management from the operator's shell.

use super::args::one_of;
use super::{base_tenant, env_var, given_tenant, tenant, Failure, TenantFlag};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::apikey::{ApiKey, KeyBinding};
use crate::domain::ids::{KeyId, TypedId, UserId};
use crate::domain::page::PageRequest;
use crate::domain::scope::{Role, Scope};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::user::normalize_email;
use crate::service::grant::TenantAdmin;
use crate::service::keys::{self, NewKey};
use crate::service::provision::{self, Opened};
use crate::service::work::{self, Act, Books, NoWorkers};
use crate::store;
use crate::store::users::UserFilter;
use serde_json::json;

#[derive(clap::Subcommand)]
pub enum Action {
    /// A new API key; its secret and passphrase are shown once
    Create(CreateArgs),
    /// Every key of every tenant with its state (never a secret)
    List(ListArgs),
    /// Revoke a key (effective on its next request)
    Revoke(RevokeArgs),
}

#[derive(clap::Args)]
pub struct CreateArgs {
    /// The key's name, unique in its tenant
    #[arg(long, value_name = "N")]
    name: String,
    /// Roles, comma-separated; each a bundle of scopes (docs/api.md, "Authentication")
    #[arg(long, value_name = "ROLE,..", value_delimiter = ',',
          value_parser = one_of(&Role::ALL, Role::as_str).described(role_scopes))]
    roles: Vec<Role>,
    /// Scopes, comma-separated, on top of the roles'
    #[arg(long, value_name = "SCOPE,..", value_delimiter = ',',
          value_parser = one_of(&Scope::ALL, Scope::as_str))]
    scopes: Vec<Scope>,
    /// Only requests from these networks (CIDR, comma-separated)
    #[arg(long = "ip-allow", value_name = "CIDR,..", value_delimiter = ',',
          value_parser = trimmed)]
    ip_allow: Vec<String>,
    /// When the key stops working (RFC 3339)
    #[arg(long, value_name = "RFC3339", value_parser = rfc3339)]
    expires: Option<Timestamp>,
    /// The environment the key acts in
    #[arg(long, value_name = "ENV", default_value = "test",
          value_parser = one_of(&Environment::ALL, Environment::as_str))]
    env: Environment,
    #[command(flatten)]
    tenant: TenantFlag,
    /// Bind the key to this user of the tenant: it votes as them
    #[arg(long, value_name = "EMAIL")]
    user: Option<String>,
    /// Refuse every request that changes anything
    #[arg(long = "read-only")]
    read_only: bool,
    /// Print the key as JSON
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ListArgs {
    /// Only this tenant's keys (default: every tenant's)
    #[command(flatten)]
    tenant: TenantFlag,
    /// Print the keys as JSON
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct RevokeArgs {
    /// The key's id (in any tenant), or its name (in --tenant, default the base tenant)
    #[arg(value_name = "NAME_OR_ID")]
    target: String,
    #[command(flatten)]
    tenant: TenantFlag,
}

/// What a role grants, for `--help`: the domain's own bundle.
fn role_scopes(role: Role) -> String {
    let scopes = role.scopes();
    if Scope::ALL.iter().all(|s| scopes.contains(*s)) {
        return "every scope".into();
    }
    let names: Vec<&str> = scopes.iter().map(Scope::as_str).collect();
    names.join(" ")
}

/// A list entry without the spaces around it (`a, b`), as `--roles` reads.
fn trimmed(text: &str) -> Result<String, std::convert::Infallible> {
    Ok(text.trim().to_string())
}

fn rfc3339(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse_rfc3339(text).ok_or_else(|| format!("'{text}' is not an RFC 3339 time"))
}

pub fn run(action: Action, config: Config) -> Result<(), Failure> {
    let opened = provision::open(config.data_dir(), 1, &env_var)?;
    match action {
        Action::Create(args) => create(args, opened),
        Action::List(args) => list(args, &opened),
        Action::Revoke(args) => revoke(args, &opened),
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

fn create(args: CreateArgs, opened: Opened) -> Result<(), Failure> {
    let tenant_id = tenant(args.tenant, &opened)?;
    let CreateArgs {
        name,
        roles,
        scopes,
        ip_allow: ip_allowlist,
        expires: expires_at,
        env: environment,
        read_only,
        user: user_email,
        json: json_out,
        ..
    } = args;
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
            Some(("api_key", created.key.id.to_string())),
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
fn user_by_email(opened: &Opened, tenant_id: &str, email: &str) -> Result<UserId, Failure> {
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

fn list(args: ListArgs, opened: &Opened) -> Result<(), Failure> {
    let tenant_id = given_tenant(args.tenant, opened)?;
    let json_out = args.json;
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

fn revoke(args: RevokeArgs, opened: &Opened) -> Result<(), Failure> {
    let given_tenant = given_tenant(args.tenant, opened)?;
    let target = args.target;
    // A key id names one key in any tenant (`keys list` shows them all), so it
    // is revoked wherever it lives; a name is looked up in --tenant or the base.
    let tenant_id = match given_tenant {
        Some(id) => id,
        // A name is no key id, or one no key has.
        None => match KeyId::parse(target.as_str())
            .ok()
            .map(|id| opened.store.read(|conn| store::keys::get(conn, &id)))
            .transpose()?
            .flatten()
        {
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
                Some(("api_key", key.id.to_string())),
                Some(books),
            )?;
            Ok(key)
        },
    )?;
    println!("revoked {} ({})", revoked.id, revoked.name);
    Ok(())
}

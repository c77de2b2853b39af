//! `coffer users add|passwd|list|reset-2fa`: the people of a tenant, from the operator's
//! shell. This is the break-glass path (docs/security.md, "Who can approve"):
//! whoever runs it holds the box, so it acts at once, under any policy, and
//! every change is audited as the CLI's. A password set here decides live
//! requests on the console; one set through the API does not.

use super::args::one_of;
use super::{env_var, tenant, Failure, TenantFlag};
use crate::config::Config;
use crate::crypto::hash_password;
use crate::domain::ids::TenantId;
use crate::domain::page::{PageRequest, MAX_LIMIT};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::user::{normalize_email, validate_password, UserRole};
use crate::domain::Error;
use crate::service::provision::{self, Opened};
use crate::service::second_factor;
use crate::service::users::{self, NewUser, UserAdmin};
use crate::service::work::{self, Act, Books, NoWorkers, Work};
use crate::store::{self, users::UserFilter};
use crate::views;

#[derive(clap::Subcommand)]
pub enum Action {
    /// A new user of the tenant
    Add(AddArgs),
    /// Set a user's console password (argon2id) from a file
    Passwd(PasswdArgs),
    /// The tenant's users
    List(ListArgs),
    /// Remove a user's console two-factor (a lost phone)
    #[command(name = "reset-2fa")]
    ResetTwoFactor(ResetArgs),
}

#[derive(clap::Args)]
pub struct AddArgs {
    /// The user's name
    #[arg(long, value_name = "N")]
    name: String,
    /// The user's email, unique in the tenant
    #[arg(long, value_name = "E")]
    email: String,
    /// What the user may do (docs/security.md, "Who can approve")
    #[arg(long, value_name = "ROLE", value_parser = one_of(&UserRole::ALL, UserRole::as_str))]
    role: UserRole,
    #[command(flatten)]
    tenant: TenantFlag,
    /// A file holding the console password (never on the command line)
    #[arg(long = "password-file", value_name = "F")]
    password_file: Option<String>,
    /// Print the user as JSON
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct PasswdArgs {
    /// The user's email
    #[arg(long, value_name = "E")]
    email: String,
    /// A file holding the new password (never on the command line)
    #[arg(long = "password-file", value_name = "F")]
    password_file: String,
    #[command(flatten)]
    tenant: TenantFlag,
}

#[derive(clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    tenant: TenantFlag,
    /// Print the users as JSON
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ResetArgs {
    /// The user's email
    #[arg(long, value_name = "E")]
    email: String,
    #[command(flatten)]
    tenant: TenantFlag,
}

pub fn run(action: Action, config: Config) -> Result<(), Failure> {
    let opened = provision::open(config.data_dir(), 1, &env_var)?;
    match action {
        Action::Add(args) => add(args, opened),
        Action::Passwd(args) => passwd(args, opened),
        Action::List(args) => list(args, &opened),
        Action::ResetTwoFactor(args) => reset_second_factor(args, opened),
    }
}

/// The password in a file, without the line end an editor adds.
fn read_password(path: &str) -> Result<String, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Runtime(format!("cannot read --password-file {path}: {e}")))?;
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}

fn add(args: AddArgs, opened: Opened) -> Result<(), Failure> {
    let tenant_id = tenant(args.tenant, &opened)?;
    let AddArgs {
        name, email, role, ..
    } = args;
    let password = args
        .password_file
        .map(|path| read_password(&path))
        .transpose()?;
    let json_out = args.json;
    let new = NewUser::prepare(&name, &email, role, password.as_deref())?;
    let user = change(&opened, tenant_id, move |work, tenant_id| {
        let user = users::create(work, &UserAdmin::cli(tenant_id), new)?.user;
        Ok((("user.create", user.id.to_string()), user))
    })?;
    if json_out {
        println!("{}", views::user(&user));
    } else {
        println!("user id  {}\nemail    {}", user.id, user.email);
    }
    Ok(())
}

/// Sets a user's console password from a file (never from the command line,
/// where other users of the machine could read it).
fn passwd(args: PasswdArgs, opened: Opened) -> Result<(), Failure> {
    let tenant_id = tenant(args.tenant, &opened)?;
    let (email, path) = (args.email, args.password_file);
    let password = read_password(&path)?;
    let email = normalize_email("--email", &email)?;
    validate_password("--password-file", &password)?;
    let hash = hash_password(&password).map_err(Failure::Runtime)?;
    let id = change(&opened, tenant_id, move |work, tenant_id| {
        let id = users::set_password_at_cli(work, tenant_id, &email, hash)?.id;
        Ok((("user.password", id.to_string()), id))
    })?;
    println!("password set for user {id}");
    Ok(())
}

/// Removes a user's second factor so they can set it up again (a lost
/// phone): the operator's recovery path, audited as the CLI's.
fn reset_second_factor(args: ResetArgs, opened: Opened) -> Result<(), Failure> {
    let tenant_id = tenant(args.tenant, &opened)?;
    let email = args.email;
    let email = normalize_email("--email", &email)?;
    let (id, had) = change(&opened, tenant_id, move |work, tenant_id| {
        let (id, had) = second_factor::reset(work, tenant_id, &email)?;
        Ok((("user.second_factor_reset", id.to_string()), (id, had)))
    })?;
    if had {
        println!("two-factor removed for user {id}; they set it up again on the console");
    } else {
        println!("user {id} had no two-factor set up");
    }
    Ok(())
}

/// A change by `coffer users` to a user of `tenant_id` (users belong to a
/// tenant, not to an environment): `job` names the action and the user it
/// changed, for the audit record.
fn change<T: Send + 'static>(
    opened: &Opened,
    tenant_id: TenantId,
    job: impl FnOnce(&Work, &TenantId) -> Result<((&'static str, String), T), Error> + Send + 'static,
) -> Result<T, Failure> {
    let p = Partition {
        tenant_id,
        environment: Environment::Live,
    };
    let changed = work::run(&opened.store, &NoWorkers, Act::cli("users", p), |work| {
        let tenant_id = work.p.tenant_id.clone();
        let ((action, user_id), value) = job(work, &tenant_id)?;
        let books = Some(Books::tenant(&tenant_id));
        work.audit(action, Some(("user", user_id)), books)?;
        Ok(value)
    })?;
    Ok(changed)
}

fn list(args: ListArgs, opened: &Opened) -> Result<(), Failure> {
    let tenant_id = tenant(args.tenant, opened)?;
    let json_out = args.json;
    let mut all = Vec::new();
    let mut request = PageRequest {
        limit: MAX_LIMIT,
        cursor: None,
    };
    loop {
        let page = opened
            .store
            .read(|conn| store::users::list(conn, &tenant_id, &UserFilter::default(), &request))?;
        let last = page.items.last().map(|u| u.id.to_string());
        all.extend(page.items);
        match last.filter(|_| page.more) {
            Some(id) => request.cursor = Some(crate::domain::page::Cursor::After(id)),
            None => break,
        }
    }
    if json_out {
        let rendered: Vec<_> = all.iter().map(views::user).collect();
        println!("{}", serde_json::Value::Array(rendered));
    } else {
        println!("{:36}  {:8}  {:8}  EMAIL", "USER ID", "STATUS", "ROLE");
        for u in &all {
            println!(
                "{:36}  {:8}  {:8}  {}",
                u.id,
                u.status.as_str(),
                u.role.as_str(),
                u.email
            );
        }
    }
    Ok(())
}

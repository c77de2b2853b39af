//! `coffer users add|passwd|list|reset-2fa`: the people of a tenant, from the operator's
//! shell. This is the break-glass path (docs/security.md, "Who can approve"):
//! whoever runs it holds the box, so it acts at once, under any policy, and
//! every change is audited as the CLI's. A password set here decides live
//! requests on the console; one set through the API does not.

use super::args::Args;
use super::{env_var, tenant, Failure};
use crate::config::Config;
use crate::crypto::hash_password;
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

pub fn run(mut args: Args, config: Config) -> Result<(), Failure> {
    let action = args.next().unwrap_or_default();
    // The command line is checked before the data dir is opened.
    if !matches!(action.as_str(), "add" | "passwd" | "list" | "reset-2fa") {
        return Err(Failure::Usage(
            "users needs one of: add, passwd, list, reset-2fa".into(),
        ));
    }
    let opened = provision::open(config.data_dir(), 1, &env_var)?;
    match action.as_str() {
        "add" => add(args, opened),
        "passwd" => passwd(args, opened),
        "list" => list(args, &opened),
        _ => reset_second_factor(args, opened),
    }
}

/// The password in a file, without the line end an editor adds.
fn read_password(path: &str) -> Result<String, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Runtime(format!("cannot read --password-file {path}: {e}")))?;
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}

fn add(mut args: Args, opened: Opened) -> Result<(), Failure> {
    let tenant_id = tenant(&mut args, &opened)?;
    let name = args.value("name")?.ok_or("--name is required")?;
    let email = args.value("email")?.ok_or("--email is required")?;
    let role_name = args.value("role")?.ok_or("--role is required")?;
    let role = UserRole::parse(&role_name)
        .ok_or_else(|| format!("--role must be {}, not '{role_name}'", UserRole::EXPECTED))?;
    let password = args
        .value("password-file")?
        .map(|path| read_password(&path))
        .transpose()?;
    let json_out = args.switch("json");
    args.finish()?;
    let new = NewUser::prepare(&name, &email, role, password.as_deref())?;
    let user = change(&opened, tenant_id, move |work, tenant_id| {
        let user = users::create(work.conn, &UserAdmin::cli(tenant_id), new, work.now)?.user;
        Ok((("user.create", user.id.clone()), user))
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
fn passwd(mut args: Args, opened: Opened) -> Result<(), Failure> {
    let tenant_id = tenant(&mut args, &opened)?;
    let email = args.value("email")?.ok_or("--email is required")?;
    let path = args
        .value("password-file")?
        .ok_or("--password-file is required")?;
    args.finish()?;
    let password = read_password(&path)?;
    let email = normalize_email("--email", &email)?;
    validate_password("--password-file", &password)?;
    let hash = hash_password(&password).map_err(Failure::Runtime)?;
    let id = change(&opened, tenant_id, move |work, tenant_id| {
        let id = users::set_password_at_cli(work.conn, tenant_id, &email, hash, work.now)?.id;
        Ok((("user.password", id.clone()), id))
    })?;
    println!("password set for user {id}");
    Ok(())
}

/// Removes a user's second factor so they can set it up again (a lost
/// phone): the operator's recovery path, audited as the CLI's.
fn reset_second_factor(mut args: Args, opened: Opened) -> Result<(), Failure> {
    let tenant_id = tenant(&mut args, &opened)?;
    let email = args.value("email")?.ok_or("--email is required")?;
    args.finish()?;
    let email = normalize_email("--email", &email)?;
    let (id, had) = change(&opened, tenant_id, move |work, tenant_id| {
        let (id, had) = second_factor::reset(work, tenant_id, &email)?;
        Ok((("user.second_factor_reset", id.clone()), (id, had)))
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
    tenant_id: String,
    job: impl FnOnce(&Work, &str) -> Result<((&'static str, String), T), Error> + Send + 'static,
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

fn list(mut args: Args, opened: &Opened) -> Result<(), Failure> {
    let tenant_id = tenant(&mut args, opened)?;
    let json_out = args.switch("json");
    args.finish()?;
    let mut all = Vec::new();
    let mut request = PageRequest {
        limit: MAX_LIMIT,
        cursor: None,
    };
    loop {
        let page = opened
            .store
            .read(|conn| store::users::list(conn, &tenant_id, &UserFilter::default(), &request))?;
        let last = page.items.last().map(|u| u.id.clone());
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

//! The subwallet and API-key admin API (docs/api.md, "Admin API"), authenticated by
//! admin tokens. A subwallet is a tenant with its own books. The base tenant's
//! token (the super-admin) manages every subwallet and every tenant's keys; a
//! subwallet's own token manages that subwallet's keys and nothing else.

use super::auth::Actor;
use super::context::{Ctx, Written};
use super::error::ApiError;
use super::reply::Reply;
use super::router::Route;
use super::App;
use crate::clock::Timestamp;
use crate::domain::apikey::KeyBinding;
use crate::domain::ids::{TenantId, TypedId, UserId};
use crate::domain::scope::{parse_roles, parse_scopes};
use crate::domain::tenancy::Environment;
use crate::domain::Error;
use crate::http::openapi::describe::{array, created, nullable, obj, ok, r, string, uuid};
use crate::keyring::MasterKey;
use crate::service::grant::{SuperAdmin, TenantAdmin};
use crate::service::keys::{self, NewKey};
use crate::service::{tenants, xpubs};
use crate::store::{self, tenants::Tenant};
use serde_json::{json, Map, Value};
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route::admin("POST", "/api/subwallet/create", create_subwallet)
            .doc(
                created(
                    "Create a subwallet: a tenant with its own books (super-admin)",
                    r("Subwallet"),
                )
                .body(obj(
                    &[("wallet_name", string()), ("label", nullable(string()))],
                    &["wallet_name"],
                )),
            )
            .audited("subwallet.create")
            .with_secrets(&["token"], reissue_token),
        Route::admin("GET", "/api/subwallets", list_subwallets)
            .doc(ok("Every subwallet (super-admin)", array(r("Subwallet")))),
        Route::admin("GET", "/api/subwallets/{wallet_id}", fetch_subwallet)
            .doc(ok("One subwallet (super-admin)", r("Subwallet"))),
        Route::admin("POST", "/api/apikey/create", create_key)
            .doc(
                ok(
                    "Create an API key; its secrets are shown once",
                    r("ApiKeyCreated"),
                )
                .body(r("ApiKeyCreate")),
            )
            .audited("api_key.create")
            .with_secrets(&["api_secret", "passphrase"], reissue_key_secrets),
        Route::admin("POST", "/api/apikey/revoke", revoke_key)
            .doc(
                ok(
                    "Revoke an API key by name",
                    obj(&[("status", string())], &["status"]),
                )
                .body(obj(
                    &[("wallet_id", string()), ("name", string())],
                    &["wallet_id", "name"],
                )),
            )
            .audited("api_key.revoke"),
        Route::admin("POST", "/api/xpub/set", set_xpub)
            .doc(
                ok(
                    "Register a tenant's account xpub (m/44'/60'/0') for an EVM network; \
                    its live wallets there derive their deposit addresses from it",
                    obj(
                        &[
                            ("wallet_id", uuid()),
                            ("network", string()),
                            ("xpub", string()),
                            ("first_address", string()),
                            ("first_path", string()),
                        ],
                        &[
                            "wallet_id",
                            "network",
                            "xpub",
                            "first_address",
                            "first_path",
                        ],
                    ),
                )
                .body(obj(
                    &[
                        ("wallet_id", nullable(string())),
                        ("network", string()),
                        ("xpub", string()),
                    ],
                    &["network", "xpub"],
                )),
            )
            .audited("xpub.set"),
    ]
}

/// Registers a tenant's account xpub for an EVM network (docs/evm.md,
/// "Deposit addresses"): the caller's own tenant, or `wallet_id` for the
/// super-admin. Once set it cannot be replaced (409 `xpub_already_set`).
fn set_xpub(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut body = ctx.json()?;
    let wallet_id = body.optional_str("wallet_id")?;
    let network = body.required_str("network")?;
    let text = body.required_str("xpub")?;
    body.finish()?;
    let admin = target_wallet(ctx, wallet_id)?;
    let configured: Vec<&str> = ctx
        .app
        .ledger
        .chains
        .evm()
        .iter()
        .map(|e| e.network.name.as_str())
        .collect();
    let xpub = xpubs::check(&configured, &network, &text, "xpub")?;
    ctx.write(move |work| {
        let r = xpubs::register(work, &admin, &network, &xpub)?;
        let tenant_id = admin.tenant_id().clone();
        let reply = Reply::ok(&json!({
            "wallet_id": tenant_id,
            "network": r.network,
            "xpub": r.xpub,
            "first_address": r.first_address,
            "first_path": r.first_path,
        }));
        Ok(Written::new(reply, "xpub", r.network).in_books(tenant_id, Some(Environment::Live)))
    })
}

/// The calling token's tenant and whether it is the super-admin's.
fn token_of(ctx: &Ctx) -> Result<(TenantId, bool), ApiError> {
    match &ctx.caller()?.actor {
        Actor::AdminToken {
            tenant_id,
            super_admin,
        } => Ok((tenant_id.clone(), *super_admin)),
        Actor::ApiKey(_) | Actor::User(_) => {
            Err(Error::Internal("an API key reached an admin endpoint".into()).into())
        }
    }
}

/// 403 unless the caller is the super-admin: subwallets are the base tenant's to manage.
fn require_super_admin(ctx: &Ctx) -> Result<SuperAdmin, ApiError> {
    if token_of(ctx)?.1 {
        Ok(SuperAdmin::vouched())
    } else {
        Err(ApiError::forbidden(
            "super_admin_only",
            "only the super-admin (the base tenant's token) manages subwallets",
        ))
    }
}

/// The tenant whose keys a request manages, as the caller's grant to
/// administer it: `wallet_id` when given, else the caller's own. Another
/// tenant is out of a subwallet token's sight: 404, as for an id that does
/// not exist.
fn target_wallet(ctx: &Ctx, wallet_id: Option<String>) -> Result<TenantAdmin, ApiError> {
    let (own, super_admin) = token_of(ctx)?;
    let Some(given) = wallet_id else {
        return Ok(TenantAdmin::vouched(own));
    };
    match TenantId::parse(given.as_str()) {
        Ok(id) if super_admin || id == own => Ok(TenantAdmin::vouched(id)),
        _ => Err(Error::not_found("wallet", given).into()),
    }
}

fn subwallet_view(master: &MasterKey, t: &Tenant) -> Value {
    json!({
        "wallet_id": t.id,
        "token": master.admin_token(&t.id, &t.admin_token_salt).expose(),
        "label": t.label,
    })
}

fn create_subwallet(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let granted = require_super_admin(ctx)?;
    let mut body = ctx.json()?;
    let name = body.required_str("wallet_name")?;
    let label = body.optional_str("label")?;
    body.finish()?;
    let master = Arc::clone(&ctx.app.master);
    ctx.write(move |work| {
        let created = tenants::create_subwallet(work, &granted, &master, &name, label)?;
        let t = created.tenant;
        let reply = Reply::created(&json!({
            "wallet_id": t.id,
            "token": created.admin_token.expose(),
            "label": t.label,
        }));
        Ok(Written::new(reply, "tenant", t.id.clone()).in_books(t.id, None))
    })
}

fn field<'m>(fields: &'m Map<String, Value>, name: &str) -> Result<&'m str, Error> {
    fields
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| Error::Internal(format!("stored answer has no {name}")))
}

/// A replayed subwallet creation: the token derived again (never stored).
fn reissue_token(app: &App, fields: &mut Map<String, Value>) -> Result<(), Error> {
    let id = field(fields, "wallet_id")?.to_string();
    let tenant = app
        .store
        .read(|conn| store::tenants::get(conn, &id))?
        .ok_or_else(|| Error::Internal(format!("replayed subwallet {id} is gone")))?;
    let token = app.master.admin_token(&tenant.id, &tenant.admin_token_salt);
    fields.insert("token".into(), json!(token.expose()));
    Ok(())
}

/// A replayed key creation: its secret and passphrase derived again.
fn reissue_key_secrets(app: &App, fields: &mut Map<String, Value>) -> Result<(), Error> {
    let key_id = field(fields, "key_id")?.to_string();
    fields.insert(
        "api_secret".into(),
        json!(app.master.api_secret(&key_id).expose()),
    );
    fields.insert(
        "passphrase".into(),
        json!(app.master.passphrase(&key_id).expose()),
    );
    Ok(())
}

fn list_subwallets(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    require_super_admin(ctx)?;
    ctx.query()?.finish()?;
    let all = ctx.app.store.read(store::tenants::list_subwallets)?;
    let master = &ctx.app.master;
    let rendered = all.iter().map(|t| subwallet_view(master, t)).collect();
    Ok(Reply::ok(&Value::Array(rendered)))
}

fn fetch_subwallet(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    require_super_admin(ctx)?;
    ctx.query()?.finish()?;
    let id: TenantId = ctx.path("wallet_id")?;
    let tenant = ctx
        .app
        .store
        .read(|conn| store::tenants::get(conn, &id))?
        .filter(|t| !t.is_base)
        .ok_or_else(|| Error::not_found("wallet", id.to_string()))?;
    Ok(Reply::ok(&subwallet_view(&ctx.app.master, &tenant)))
}

fn list_field<T>(
    value: Option<Vec<String>>,
    field: &str,
    parse: impl Fn(&[String]) -> Result<Vec<T>, String>,
) -> Result<Vec<T>, Error> {
    parse(&value.unwrap_or_default()).map_err(|e| Error::field(field, e))
}

fn create_key(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut body = ctx.json()?;
    let wallet_id = body.optional_str("wallet_id")?;
    let name = body.required_str("name")?;
    let roles = list_field(body.optional_str_list("roles")?, "roles", parse_roles)?;
    let scopes = list_field(body.optional_str_list("scopes")?, "scopes", parse_scopes)?;
    let ip_allowlist = body.optional_str_list("ip_allowlist")?.unwrap_or_default();
    let expires_at = body
        .optional_str("expires_at")?
        .map(|t| {
            Timestamp::parse_rfc3339(&t)
                .ok_or_else(|| Error::field("expires_at", "must be an ISO-8601 (RFC 3339) time"))
        })
        .transpose()?;
    let user_id = body
        .optional_str("user_id")?
        .map(UserId::parse)
        .transpose()?;
    let environment = match body.optional_str("environment")? {
        None => Environment::Test,
        Some(e) => Environment::parse(&e)
            .ok_or_else(|| Error::field("environment", "must be test or live"))?,
    };
    let read_only = body.optional_bool("read_only")?.unwrap_or(false);
    body.finish()?;
    let admin = target_wallet(ctx, wallet_id)?;
    let new = NewKey {
        scopes,
        ip_allowlist,
        expires_at,
        read_only,
        user_id,
        ..NewKey::of_roles(environment, &name, roles, KeyBinding::AdminApi)
    };
    let master = Arc::clone(&ctx.app.master);
    let now = ctx.now;
    let prepared = keys::prepare(&master, &admin, new, now)?;
    ctx.write(move |work| {
        let created = keys::create(work, &admin, &master, prepared)?;
        let key = &created.key;
        let reply = Reply::ok(&json!({
            "api_key": key.id,
            "key_id": key.id,
            "name": key.name,
            "status": key.state(now).as_str(),
            "expires_at": key.expires_at.map(Timestamp::to_rfc3339),
            "api_secret": created.secret.expose(),
            "passphrase": created.passphrase.expose(),
        }));
        Ok(Written::new(reply, "api_key", key.id.clone())
            .in_books(key.tenant_id.clone(), Some(key.environment)))
    })
}

fn revoke_key(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut body = ctx.json()?;
    let wallet_id = body.required_str("wallet_id")?;
    let name = body.required_str("name")?;
    body.finish()?;
    let admin = target_wallet(ctx, Some(wallet_id))?;
    ctx.write(move |work| {
        let key = keys::revoke(work, &admin, &name)?;
        Ok(
            Written::new(Reply::ok(&json!({"status": "revoked"})), "api_key", key.id)
                .in_books(key.tenant_id, Some(key.environment)),
        )
    })
}

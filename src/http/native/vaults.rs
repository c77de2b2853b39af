//! Vaults: one per end customer (docs/api.md, "Native API").

use crate::domain::ids::VaultId;
use crate::domain::scope::Scope;
use crate::domain::vault::{
    validate_metadata, validate_name, NewVault, VaultPatch, VaultStatus, MAX_EXTERNAL_ID_CHARS,
    MAX_NAME_CHARS,
};
use crate::domain::Error;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::openapi::describe::{created, ok, page, r, PAGING};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::service::grant::VaultsWrite;
use crate::service::vaults;
use crate::store::{self, vaults::VaultFilter};
use crate::views;

pub fn routes() -> Vec<Route> {
    vec![
        Route::native("POST", "/v1/vaults", Scope::VaultsWrite, create)
            .doc(created("Create a vault", r("Vault")).body(r("VaultCreate")))
            .audited("vault.create"),
        Route::native("GET", "/v1/vaults", Scope::VaultsRead, list).doc(
            ok("List vaults", page(r("Vault")))
                .query(&["status", "externalId"])
                .query(PAGING),
        ),
        Route::native("GET", "/v1/vaults/{id}", Scope::VaultsRead, fetch)
            .doc(ok("Fetch a vault", r("Vault"))),
        Route::native("PATCH", "/v1/vaults/{id}", Scope::VaultsWrite, update)
            .doc(ok("Rename, re-tag, freeze or archive a vault", r("Vault")).body(r("VaultPatch")))
            .audited("vault.update"),
    ]
}

const STATUSES: &str = "one of Active, Frozen, Archived";

fn create(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut body = ctx.json()?;
    let name = validate_name("name", &body.required_str("name")?, MAX_NAME_CHARS)?;
    let external_id = body
        .optional_str("externalId")?
        .map(|e| validate_name("externalId", &e, MAX_EXTERNAL_ID_CHARS))
        .transpose()?;
    let metadata = validate_metadata(body.optional_object("metadata")?.unwrap_or_default())?;
    body.finish()?;
    let new = NewVault {
        name,
        external_id,
        metadata,
    };
    let granted = ctx.caller()?.require::<VaultsWrite>()?;
    ctx.write(move |work| {
        let vault = vaults::create(work, &granted, new)?;
        Ok(Written::new(
            Reply::created(&views::vault(&vault)),
            "vault",
            vault.id,
        ))
    })
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let filter = VaultFilter {
        status: query.take_parsed("status", VaultStatus::parse, STATUSES)?,
        external_id: query.take("externalId"),
    };
    let page_request = query.page()?;
    query.finish()?;
    let page = ctx.read(|conn, p| store::vaults::list(conn, p, &filter, &page_request))?;
    Ok(Reply::page(
        &page_request,
        &page,
        |v| v.id.to_string(),
        views::vault,
    ))
}

fn fetch(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path::<VaultId>("id")?;
    ctx.query()?.finish()?;
    let vault = ctx.read(|conn, p| store::vaults::get(conn, p, &id))?;
    Ok(Reply::ok(&views::vault(&vault)))
}

fn update(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path::<VaultId>("id")?;
    let mut body = ctx.json()?;
    let patch = VaultPatch {
        name: body
            .optional_str("name")?
            .map(|n| validate_name("name", &n, MAX_NAME_CHARS))
            .transpose()?,
        metadata: body
            .optional_object("metadata")?
            .map(validate_metadata)
            .transpose()?,
        status: match body.optional_str("status")? {
            None => None,
            Some(s) => Some(
                VaultStatus::parse(&s)
                    .ok_or_else(|| Error::field("status", format!("must be {STATUSES}")))?,
            ),
        },
    };
    body.finish()?;
    if patch == VaultPatch::default() {
        return Err(Error::bad_request(
            "empty_update",
            "give at least one of name, metadata, status",
        )
        .into());
    }
    let granted = ctx.caller()?.require::<VaultsWrite>()?;
    ctx.write(move |work| {
        let vault = vaults::update(work, &granted, &id, patch)?;
        Ok(Written::new(
            Reply::ok(&views::vault(&vault)),
            "vault",
            vault.id,
        ))
    })
}

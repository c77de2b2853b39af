//! The address book: the allow-list of withdrawal destinations (docs/api.md, "Native API").

use crate::domain::ids::AddressBookEntryId;
use crate::domain::scope::Scope;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::openapi::describe::{created, no_content, ok, page, r, PAGING};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::service::address_book::{self, NewEntry};
use crate::service::grant::AddressBookWrite;
use crate::service::requests::{self, Record};
use crate::store::{self, address_book::EntryFilter};
use crate::views;

pub fn routes() -> Vec<Route> {
    vec![
        Route::native("POST", "/v1/address-book", Scope::AddressBookWrite, create)
            .doc(
                created("Add an allowed destination", r("AddressBookEntry"))
                    .body(r("AddressBookCreate")),
            )
            .audited("address_book.create"),
        Route::native("GET", "/v1/address-book", Scope::AddressBookRead, list).doc(
            ok("List the address book", page(r("AddressBookEntry")))
                .query(&["assetId", "address"])
                .query(PAGING),
        ),
        Route::native(
            "GET",
            "/v1/address-book/{id}",
            Scope::AddressBookRead,
            fetch,
        )
        .doc(ok("Fetch an address-book entry", r("AddressBookEntry"))),
        Route::native(
            "DELETE",
            "/v1/address-book/{id}",
            Scope::AddressBookWrite,
            delete,
        )
        .doc(no_content("Remove an address-book entry"))
        .audited("address_book.delete"),
    ]
}

fn create(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut body = ctx.json()?;
    let asset_id = body.required_str("assetId")?;
    let address = body.required_str("address")?;
    let tag = body.optional_str("tag")?;
    let label = body.required_str("label")?;
    body.finish()?;
    let partition = ctx.partition()?;
    let new = NewEntry::validated(
        &ctx.app.ledger.assets,
        partition.environment,
        &asset_id,
        &address,
        tag,
        &label,
    )?;
    let granted = ctx.caller()?.require::<AddressBookWrite>()?;
    let ledger = std::sync::Arc::clone(&ctx.app.ledger);
    ctx.write(move |work| {
        let (_, entry) =
            requests::add_address_book_entry(&ledger, work, &granted, new, Record::WhenPending)?;
        Ok(Written::new(
            Reply::created(&views::address_book_entry(&entry)),
            "address_book_entry",
            entry.id,
        ))
    })
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let filter = EntryFilter {
        asset_id: query.take("assetId"),
        address: query.take("address"),
        ..EntryFilter::default()
    };
    let page_request = query.page()?;
    query.finish()?;
    let page = ctx.read(|conn, p| store::address_book::list(conn, p, &filter, &page_request))?;
    Ok(Reply::page(
        &page_request,
        &page,
        |e| e.id.to_string(),
        views::address_book_entry,
    ))
}

fn fetch(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path::<AddressBookEntryId>("id")?;
    ctx.query()?.finish()?;
    let entry = ctx.read(|conn, p| store::address_book::get(conn, p, &id))?;
    Ok(Reply::ok(&views::address_book_entry(&entry)))
}

fn delete(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path::<AddressBookEntryId>("id")?;
    let granted = ctx.caller()?.require::<AddressBookWrite>()?;
    ctx.write(move |work| {
        let entry = address_book::remove(work, &granted, &id)?;
        Ok(Written::new(
            Reply::no_content(),
            "address_book_entry",
            entry.id,
        ))
    })
}

//! The address book: the destinations withdrawals may go to. `name` is the
//! entry's label and `account_identifier` its destination tag or memo.

use super::{currency_filter, enabled_currency, Console};
use crate::domain::address_book::{
    validate_address, AddressBookEntry, MAX_LABEL_CHARS, MAX_TAG_CHARS,
};
use crate::domain::scope::Scope;
use crate::domain::vault::validate_name;
use crate::domain::Error;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::openapi::describe::{ok, page, r, PAGING};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::service::address_book::NewEntry;
use crate::service::grant::AddressBookWrite;
use crate::service::requests;
use crate::store::{self, address_book::EntryFilter};
use serde_json::{json, Map, Value};

pub fn routes() -> Vec<Route> {
    vec![
        Route::coinbase("GET", "/api/v1/address_book", Scope::AddressBookRead, list).doc(
            ok("The address book", page(r("CbAddressBookEntry")))
                .query(&["currency", "account_identifier", "name", "address"])
                .query(PAGING),
        ),
        Route::coinbase(
            "POST",
            "/api/v1/address_book",
            Scope::AddressBookWrite,
            create,
        )
        .doc(
            ok("Add an address (an activity)", r("CbAddressBookRequested"))
                .body(r("CbAddressBookCreate")),
        )
        .audited("address_book.create"),
    ]
}

/// As in the seed, an entry without a tag has no `account_identifier` key.
fn render(e: &AddressBookEntry) -> Value {
    let mut v = Map::new();
    v.insert("id".into(), json!(e.id));
    v.insert("address".into(), json!(e.address));
    v.insert("name".into(), json!(e.label));
    v.insert("created_at".into(), json!(e.created_at.to_rfc3339()));
    v.insert("updated_at".into(), json!(e.updated_at.to_rfc3339()));
    v.insert("currency".into(), json!(e.asset_id));
    if let Some(tag) = &e.tag {
        v.insert("account_identifier".into(), json!(tag));
    }
    Value::Object(v)
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let filter = EntryFilter {
        asset_id: currency_filter(&ctx.app.ledger, &mut query)?,
        address: query.take("address"),
        tag: query.take("account_identifier"),
        label: query.take("name"),
    };
    let page_request = query.page()?;
    query.finish()?;
    let partition = ctx.partition()?;
    let page = ctx
        .app
        .store
        .read(|conn| store::address_book::list(conn, &partition, &filter, &page_request))?;
    Ok(Reply::page(
        &page_request,
        &page,
        |e| e.id.to_string(),
        render,
    ))
}

fn create(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut body = ctx.json()?;
    // The seed's own example spells the field "curency"; a client that copied
    // it is understood (one of the two, not both).
    let symbol = match (
        body.optional_str("currency")?,
        body.optional_str("curency")?,
    ) {
        (Some(c), None) | (None, Some(c)) => c,
        (None, None) => return Err(Error::field("currency", "is required").into()),
        (Some(_), Some(_)) => {
            return Err(
                Error::field("curency", "give currency only (curency is its misspelling)").into(),
            )
        }
    };
    let name = validate_name("name", &body.required_str("name")?, MAX_LABEL_CHARS)?;
    let address = body.required_str("address")?;
    let tag = body
        .optional_str("account_identifier")?
        .map(|t| validate_name("account_identifier", &t, MAX_TAG_CHARS))
        .transpose()?;
    body.finish()?;
    let partition = ctx.partition()?;
    let asset = enabled_currency(&ctx.app.ledger, &symbol)?.clone();
    let address = validate_address(asset.format, partition.environment, &address)?;
    let new = NewEntry {
        asset,
        address,
        tag,
        label: name,
    };
    let granted = ctx.caller()?.require::<AddressBookWrite>()?;
    let console = Console::of(ctx);
    let ledger = std::sync::Arc::clone(&ctx.app.ledger);
    ctx.write(move |work| {
        let (activity, entry) = requests::add_address_book_entry(
            &ledger,
            work,
            &granted,
            new,
            requests::Record::Always,
        )?;
        let activity = requests::always(activity)?;
        let mut answer = Map::new();
        answer.insert("activity_id".into(), json!(activity.id));
        if let Some(tag) = &entry.tag {
            answer.insert("account_identifier".into(), json!(tag));
        }
        answer.insert("currency".into(), json!(entry.asset_id));
        answer.insert("approval_url".into(), json!(console.activity(&activity.id)));
        answer.insert("name".into(), json!(entry.label));
        Ok(Written::new(
            Reply::ok(&Value::Object(answer)),
            "address_book_entry",
            entry.id,
        ))
    })
}

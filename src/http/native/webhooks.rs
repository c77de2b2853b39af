//! The tenant+environment's webhook endpoint and its delivery log (docs/api.md, "Webhooks").

use crate::domain::ids::DeliveryId;
use crate::domain::public_ip::is_public;
use crate::domain::scope::Scope;
use crate::domain::tenancy::Environment;
use crate::domain::webhook::{validate_event_types, EndpointUrl, UrlRules};
use crate::domain::Error;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::openapi::describe::{
    doc, no_content, obj, ok, page, r, string, time, uuid, PAGING,
};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::service::grant::WebhooksWrite;
use crate::service::webhook_endpoint;
use crate::store::{self, webhooks::DeliveryFilter, webhooks::DeliveryStatus, webhooks::Endpoint};
use crate::views;
use serde_json::{json, Value};
use std::net::ToSocketAddrs;
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route::native("GET", "/v1/webhooks/outbound", Scope::WebhooksRead, fetch)
            .doc(ok("The webhook endpoint", r("WebhookEndpoint"))),
        Route::native(
            "PUT",
            "/v1/webhooks/outbound",
            Scope::WebhooksWrite,
            configure,
        )
        .doc(ok("Set the webhook endpoint", r("WebhookEndpoint")).body(r("WebhookEndpointSet")))
        .audited("webhook.configure"),
        Route::native(
            "DELETE",
            "/v1/webhooks/outbound",
            Scope::WebhooksWrite,
            remove,
        )
        .doc(no_content("Remove the webhook endpoint"))
        .audited("webhook.delete"),
        Route::native(
            "POST",
            "/v1/webhooks/outbound/rotate-secret",
            Scope::WebhooksWrite,
            rotate,
        )
        .doc(ok("A new signing secret", r("WebhookEndpoint")))
        .audited("webhook.rotate_secret"),
        Route::native(
            "POST",
            "/v1/webhooks/outbound/test",
            Scope::WebhooksWrite,
            test_event,
        )
        .doc(doc(
            "Send a webhook.test event",
            202,
            obj(
                &[("id", uuid()), ("type", string()), ("createdAt", time())],
                &["id", "type", "createdAt"],
            ),
        ))
        .audited("webhook.test"),
        Route::native(
            "GET",
            "/v1/webhooks/deliveries",
            Scope::WebhooksRead,
            list_deliveries,
        )
        .doc(
            ok("The delivery log", page(r("WebhookDelivery")))
                .query(&["status", "eventType", "eventId"])
                .query(PAGING),
        ),
        Route::native(
            "GET",
            "/v1/webhooks/deliveries/{id}",
            Scope::WebhooksRead,
            fetch_delivery,
        )
        .doc(ok("A delivery with its attempts", r("WebhookDelivery"))),
        Route::native(
            "POST",
            "/v1/webhooks/deliveries/{id}/redeliver",
            Scope::WebhooksWrite,
            redeliver,
        )
        .doc(ok("Queue a finished delivery again", r("WebhookDelivery")))
        .audited("webhook.redeliver"),
    ]
}

/// The endpoint as the API shows it; the secret only when it is new.
fn render(endpoint: Option<&Endpoint>, secret: Option<&str>) -> Value {
    match endpoint {
        None => {
            json!({"url": null, "signingSecret": null, "subscribedEventTypes": null, "isConfigured": false})
        }
        Some(e) => json!({
            "url": e.url,
            "signingSecret": secret,
            "subscribedEventTypes": e.subscribed_event_types,
            "isConfigured": true,
            "createdAt": e.created_at.to_rfc3339(),
            "updatedAt": e.updated_at.to_rfc3339(),
        }),
    }
}

fn fetch(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    ctx.query()?.finish()?;
    let endpoint = ctx.read(store::webhooks::endpoint)?;
    Ok(Reply::ok(&render(endpoint.as_ref(), None)))
}

/// The live environment may not point its webhooks at this network's insides.
fn check_target(url: &EndpointUrl, env: Environment, rules: UrlRules) -> Result<(), Error> {
    if env == Environment::Test || rules.allow_private_targets_live {
        return Ok(());
    }
    let addresses: Vec<_> = (url.host.as_str(), url.port)
        .to_socket_addrs()
        .map_err(|_| Error::field("url", format!("the host '{}' cannot be resolved", url.host)))?
        .collect();
    if addresses.is_empty() || addresses.iter().any(|a| !is_public(a.ip())) {
        return Err(Error::field(
            "url",
            "must not point at a loopback, private or other special-purpose address in the live environment",
        ));
    }
    Ok(())
}

fn configure(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut body = ctx.json()?;
    let url = body.required_str("url")?;
    let types = body
        .optional_str_list("subscribedEventTypes")?
        .map(validate_event_types)
        .transpose()?;
    body.finish()?;
    let partition = ctx.partition()?;
    let settings = &ctx.app.config.webhooks;
    let rules = UrlRules {
        allow_http_live: settings.allow_http_live,
        allow_private_targets_live: settings.allow_private_targets_live,
    };
    let parsed = EndpointUrl::parse(&url, partition.environment, rules)?;
    check_target(&parsed, partition.environment, rules)?;
    let granted = ctx.caller()?.require::<WebhooksWrite>()?;
    let master = Arc::clone(&ctx.app.master);
    ctx.write(move |work| {
        let (endpoint, new_secret) =
            webhook_endpoint::configure(work, &granted, parsed.url, types)?;
        let secret = new_secret.then(|| webhook_endpoint::secret(&master, work, &endpoint));
        let reply = Reply::ok(&render(Some(&endpoint), secret.as_deref()));
        Ok(Written::new(
            reply,
            "webhook_endpoint",
            partition.environment.as_str(),
        ))
    })
}

fn remove(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let granted = ctx.caller()?.require::<WebhooksWrite>()?;
    ctx.write(move |work| {
        webhook_endpoint::remove(work, &granted)?;
        Ok(Written::new(
            Reply::no_content(),
            "webhook_endpoint",
            work.p.environment.as_str(),
        ))
    })
}

fn rotate(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    ctx.no_fields()?;
    let granted = ctx.caller()?.require::<WebhooksWrite>()?;
    let master = Arc::clone(&ctx.app.master);
    ctx.write(move |work| {
        let endpoint = webhook_endpoint::rotate(work, &granted)?;
        let secret = webhook_endpoint::secret(&master, work, &endpoint);
        let reply = Reply::ok(&render(Some(&endpoint), Some(&secret)));
        Ok(Written::new(
            reply,
            "webhook_endpoint",
            work.p.environment.as_str(),
        ))
    })
}

fn test_event(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    ctx.no_fields()?;
    let granted = ctx.caller()?.require::<WebhooksWrite>()?;
    ctx.write(move |work| {
        let id = webhook_endpoint::send_test(work, &granted)?;
        let reply = Reply::json(
            202,
            &json!({"id": id, "type": "webhook.test", "createdAt": work.now.to_rfc3339()}),
        );
        Ok(Written::new(reply, "event", id))
    })
}

fn list_deliveries(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let filter = DeliveryFilter {
        status: query.take_parsed(
            "status",
            DeliveryStatus::parse,
            "one of Pending, Delivered, Failed",
        )?,
        event_type: query.take("eventType"),
        event_id: query.take("eventId"),
    };
    let page_request = query.page()?;
    query.finish()?;
    let page = ctx.read(|conn, p| store::webhooks::list(conn, p, &filter, &page_request))?;
    Ok(Reply::page(
        &page_request,
        &page,
        |d| d.id.to_string(),
        |d| views::delivery(d, None),
    ))
}

fn fetch_delivery(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path::<DeliveryId>("id")?;
    ctx.query()?.finish()?;
    let (delivery, attempts) = ctx.read(|conn, p| {
        let d = store::webhooks::get(conn, p, &id)?;
        let attempts = store::webhooks::attempts(conn, &d.id)?;
        Ok((d, attempts))
    })?;
    Ok(Reply::ok(&views::delivery(&delivery, Some(&attempts))))
}

fn redeliver(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path::<DeliveryId>("id")?;
    ctx.no_fields()?;
    let granted = ctx.caller()?.require::<WebhooksWrite>()?;
    ctx.write(move |work| {
        let (d, attempts) = webhook_endpoint::redeliver(work, &granted, &id)?;
        Ok(Written::new(
            Reply::ok(&views::delivery(&d, Some(&attempts))),
            "webhook_delivery",
            d.id,
        ))
    })
}

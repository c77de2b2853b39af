//! What admins change on the governance pages (docs/console.md, "People,
//! keys and webhooks"): disable a user, revoke an API key, redeliver a
//! webhook. Each goes through the same service call as the API (`PATCH
//! /v1/users/{id}` with `{"status":"Disabled"}`, `POST /api/apikey/revoke`
//! and `coffer keys revoke`, `POST /v1/webhooks/deliveries/{id}/redeliver`)
//! and is audited under the API's action names, the actor being the user.
//! Admins only: everyone else gets a 403 page. Disabling and revoking ask
//! first (`confirm=yes`); every change answers 303 back to its page.

use super::governance::{render_users, render_webhooks, Done};
use super::pages::message;
use super::pages::Flash;
use super::people_pages as pages;
use super::{csrf_ok, form, html, redirect, sign_in_as, status_of};
use crate::domain::ids::{DeliveryId, KeyId, TypedId, UserId};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::user::{UserPatch, UserRole, UserStatus};
use crate::domain::Error;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::reply::Reply;
use crate::http::session::Session;
use crate::service::grant::{Granted, TenantAdmin, WebhooksWrite};
use crate::service::users::{self, UserAdmin};
use crate::service::{keys, webhook_endpoint};
use crate::store;
use std::sync::Arc;

const USERS: &str = "/console/users";
const EXPIRED: &str = "The form expired; try again.";

fn not_for_your_role() -> Reply {
    html(
        403,
        message(
            "Not for your role",
            "Only admins disable users, revoke keys and redeliver webhooks; ask one of them.",
        ),
    )
}

/// The signed-in admin and the form, or where to go instead: a 403 page for
/// other roles.
fn admin(ctx: &Ctx, s: Session) -> Result<(Session, crate::http::query::Query), Reply> {
    let form = form(ctx).map_err(|e| html(400, message("Bad request", &e.to_string())))?;
    if s.user.role != UserRole::Admin {
        return Err(not_for_your_role());
    }
    Ok((s, form))
}

macro_rules! admin_or_return {
    ($ctx:expr, $session:expr) => {
        match admin($ctx, $session) {
            Ok(found) => found,
            Err(reply) => return Ok(reply),
        }
    };
}

/// The users page again, saying why the change was refused.
fn users_refused(ctx: &Ctx, s: &Session, status: u16, why: String) -> Result<Reply, ApiError> {
    render_users(ctx, s, status, &Done::Nothing, Some(why))
}

pub(super) fn disable_user(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let (s, mut form) = admin_or_return!(ctx, s);
    if !csrf_ok(&s.csrf, form.take("csrf_token").as_deref()) {
        return users_refused(ctx, &s, 403, EXPIRED.into());
    }
    let gone = "There is no such user.".to_string();
    let Ok(id) = UserId::parse(ctx.param("id")) else {
        return users_refused(ctx, &s, 404, gone);
    };
    let user = match ctx
        .app
        .store
        .read(|conn| store::users::get(conn, &s.tenant_id, &id))
    {
        Ok(u) => u,
        Err(Error::NotFound { .. }) => return users_refused(ctx, &s, 404, gone),
        Err(e) => return Err(e.into()),
    };
    if user.id == s.user_id {
        let why = "You cannot disable yourself; ask another admin.";
        return users_refused(ctx, &s, 403, why.into());
    }
    if user.status != UserStatus::Active {
        let why = format!("{} is not active; there is nothing to disable.", user.name);
        return users_refused(ctx, &s, 409, why);
    }
    if form.take("confirm").as_deref() != Some("yes") {
        return Ok(html(200, pages::confirm_disable(&user, &s.csrf)));
    }
    // Audited in the live books, as the API's change (made with a live key).
    sign_in_as(ctx, &s.tenant_id, &s.user_id, Some(Environment::Live));
    let who = UserAdmin::console_admin(&s.tenant_id, &s.user_id, Arc::clone(&ctx.app.ledger));
    let patch = UserPatch {
        status: Some(UserStatus::Disabled),
        ..UserPatch::default()
    };
    let result = ctx.write(move |work| {
        let user = users::update(work, &who, &id, patch)?.user;
        let to = redirect(&format!("{USERS}?disabled={}", user.id));
        Ok(Written::new(to, "user", user.id))
    });
    match result {
        Err(ApiError::Domain(e)) if status_of(&e).is_some() => {
            let status = status_of(&e).unwrap_or(409);
            users_refused(ctx, &s, status, format!("Not disabled: {e}"))
        }
        other => other,
    }
}

pub(super) fn revoke_key(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let (s, mut form) = admin_or_return!(ctx, s);
    if !csrf_ok(&s.csrf, form.take("csrf_token").as_deref()) {
        return users_refused(ctx, &s, 403, EXPIRED.into());
    }
    let found = match KeyId::parse(ctx.param("id")) {
        Ok(id) => ctx.app.store.read(|conn| store::keys::get(conn, &id))?,
        // Junk is a key that does not exist.
        Err(_) => None,
    };
    let key = match found {
        Some(k) if k.tenant_id == s.tenant_id => k,
        _ => return users_refused(ctx, &s, 404, "There is no such API key.".into()),
    };
    if key.revoked_at.is_some() {
        let why = format!("The key \u{201c}{}\u{201d} is already revoked.", key.name);
        return users_refused(ctx, &s, 409, why);
    }
    if form.take("confirm").as_deref() != Some("yes") {
        let acts_as = match &key.user_id {
            Some(u) => ctx
                .app
                .store
                .read(|conn| store::users::get(conn, &s.tenant_id, u))
                .ok()
                .map(|u| u.name),
            None => None,
        };
        return Ok(html(
            200,
            pages::confirm_revoke(&key, acts_as.as_deref(), &s.csrf),
        ));
    }
    sign_in_as(ctx, &s.tenant_id, &s.user_id, None);
    // A signed-in admin of the tenant (`admin_or_return!`) administers it.
    let admin = TenantAdmin::vouched(s.tenant_id.clone());
    let result = ctx.write(move |work| {
        // The admin API's and the CLI's call.
        let key = keys::revoke(work, &admin, &key.id)?;
        let to = redirect(&format!("{USERS}?revoked={}", key.id));
        Ok(Written::new(to, "api_key", key.id).in_books(key.tenant_id, Some(key.environment)))
    });
    match result {
        Err(ApiError::Domain(e)) if status_of(&e).is_some() => {
            let status = status_of(&e).unwrap_or(409);
            users_refused(ctx, &s, status, format!("Not revoked: {e}"))
        }
        other => other,
    }
}

pub(super) fn redeliver(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let (s, mut form) = admin_or_return!(ctx, s);
    let env = match form.take("env").as_deref() {
        Some("test") => Environment::Test,
        _ => Environment::Live,
    };
    let p = Partition {
        tenant_id: s.tenant_id.clone(),
        environment: env,
    };
    let refused = |ctx: &Ctx, status: u16, why: String| {
        let flash = Flash {
            notice: None,
            error: Some(why),
        };
        render_webhooks(ctx, &s, &p, status, flash)
    };
    if !csrf_ok(&s.csrf, form.take("csrf_token").as_deref()) {
        return refused(ctx, 403, EXPIRED.into());
    }
    let Ok(id) = DeliveryId::parse(ctx.param("id")) else {
        return refused(ctx, 404, "There is no such delivery in these books.".into());
    };
    sign_in_as(ctx, &s.tenant_id, &s.user_id, Some(env));
    // A signed-in admin (`admin_or_return!`) manages the webhooks.
    let granted = Granted::<WebhooksWrite>::signed_in();
    let result = ctx.write(move |work| {
        // The API's call: the delivery goes back to Pending, due now.
        let (d, _) = webhook_endpoint::redeliver(work, &granted, &id)?;
        let to = redirect(&format!(
            "/console/webhooks?env={}&redelivered=1",
            env.as_str()
        ));
        Ok(Written::new(to, "webhook_delivery", d.id))
    });
    match result {
        Err(ApiError::Domain(e)) if status_of(&e).is_some() => {
            let status = status_of(&e).unwrap_or(409);
            refused(ctx, status, format!("Not redelivered: {e}"))
        }
        other => other,
    }
}

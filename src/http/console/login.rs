//! Signing in and out of the console. Failed sign-ins have their own budget
//! per address, apart from signed API requests (docs/console.md, "Sign-in").

use super::pages::{error_line, esc, page};
use super::{cookie, csrf_ok, form, html, redirect, safe_next, set_cookie, sign_in_as};
use crate::crypto::{random_token, verify_password};
use crate::domain::user::normalize_email;
use crate::domain::Error;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::reply::Reply;
use crate::http::session::{Session, LOGIN_COOKIE, SESSION_COOKIE, SESSION_SECS};
use crate::service::users;
use crate::store;

fn login_html(csrf: &str, next: &str, error: Option<&str>) -> String {
    page(
        "Sign in",
        None,
        None,
        &format!(
            "{}<form method=\"post\" action=\"/console/login\">\
             <input type=\"hidden\" name=\"csrf_token\" value=\"{}\">\
             <input type=\"hidden\" name=\"next\" value=\"{}\">\
             <label for=\"email\">Email</label>\
             <input id=\"email\" type=\"email\" name=\"email\" required autocomplete=\"username\">\
             <label for=\"password\">Password</label>\
             <input id=\"password\" type=\"password\" name=\"password\" required autocomplete=\"current-password\">\
             <p><button type=\"submit\">Sign in</button></p></form>",
            error_line(error),
            esc(csrf),
            esc(next)
        ),
    )
}

fn login_page(ctx: &Ctx, status: u16, next: &str, error: Option<&str>) -> Result<Reply, ApiError> {
    let nonce = random_token(32).map_err(|e| Error::Internal(format!("no randomness: {e}")))?;
    let csrf = ctx.app.master.console_token("login", &nonce);
    Ok(html(status, login_html(&csrf, next, error))
        .with_header("Set-Cookie", set_cookie(ctx, LOGIN_COOKIE, &nonce, 3600)))
}

pub(super) fn login_form(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let next = safe_next(query.take("next"));
    login_page(ctx, 200, &next, None)
}

pub(super) fn login(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let ip = ctx.ip.to_string();
    let mut form = form(ctx)?;
    let next = safe_next(form.take("next"));
    if let Some(info) = ctx.app.console_login_limiter.exhausted(&ip, ctx.now) {
        let wait = info.retry_after_secs(ctx.now);
        return Ok(html(
            429,
            page(
                "Too many attempts",
                None,
                None,
                &format!(
                    "<p>Too many failed sign-ins from your network address in the last minute, \
                     so sign-in is paused for it; try again in {wait} seconds.</p>\
                     <p><a href=\"/console/login?next={}\">Back to sign-in</a></p>",
                    esc(&super::url_encode(&next))
                ),
            ),
        )
        .with_header("Retry-After", wait.to_string()));
    }
    let expected = cookie(ctx, LOGIN_COOKIE).map(|n| ctx.app.master.console_token("login", &n));
    if !expected.is_some_and(|e| csrf_ok(&e, form.take("csrf_token").as_deref())) {
        return login_page(
            ctx,
            403,
            &next,
            Some("The form expired; please sign in again."),
        );
    }
    let email = form.take("email").unwrap_or_default();
    let password = form.take("password").unwrap_or_default();
    let found = match normalize_email("email", &email) {
        Ok(email) => ctx
            .app
            .store
            .read(|conn| store::users::with_email_in_any_tenant(conn, &email))?,
        Err(_) => Vec::new(),
    };
    let Some((tenant_id, user)) = users::sign_in(found, &password, verify_password) else {
        let _ = ctx.app.console_login_limiter.hit(&ip, ctx.now);
        return login_page(ctx, 401, &next, Some("Wrong email or password."));
    };
    let token = ctx.app.console_sessions.open(&user, &tenant_id, ctx.now)?;
    sign_in_as(ctx, &tenant_id, &user.id, None);
    let reply = redirect(&next).with_header(
        "Set-Cookie",
        set_cookie(ctx, SESSION_COOKIE, &token, SESSION_SECS),
    );
    ctx.write(move |_| Ok(Written::new(reply, "user", user.id)))
}

pub(super) fn logout(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let Session {
        user_id,
        tenant_id,
        token,
        csrf,
        ..
    } = s;
    if !csrf_ok(&csrf, form(ctx)?.take("csrf_token").as_deref()) {
        return Ok(html(
            403,
            super::pages::message("Refused", "The form expired; reload the page."),
        ));
    }
    ctx.app.console_sessions.close(&token);
    sign_in_as(ctx, &tenant_id, &user_id, None);
    let reply = redirect("/console/login")
        .with_header("Set-Cookie", set_cookie(ctx, SESSION_COOKIE, "", 0));
    ctx.write(move |_| Ok(Written::new(reply, "user", user_id)))
}

/// Signing out without a session: the sign-in form.
pub(super) fn signed_out(_: &mut Ctx) -> Result<Reply, ApiError> {
    Ok(redirect("/console/login"))
}

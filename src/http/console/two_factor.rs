//! Setting up the second factor a user decides with (docs/console.md,
//! "Two-factor"): start (a new secret), show the `otpauth://` URI and the
//! secret, confirm with a code. Resetting is the operator's, at the CLI.

use super::pages::{error_line, esc, page};
use super::{csrf_ok, form, html, redirect, sign_in_as};
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::reply::Reply;
use crate::http::session::Session;
use crate::service::second_factor;
use crate::store;
use std::sync::Arc;

fn render(ctx: &Ctx, s: &Session, status: u16, error: Option<&str>) -> Result<Reply, ApiError> {
    let enrolment = ctx
        .app
        .store
        .read(|conn| store::totp::get(conn, &s.user_id))?;
    let csrf = esc(&s.csrf);
    let body = match enrolment {
        Some(e) if e.confirmed_at.is_some() => {
            "<p>Two-factor is <strong>on</strong>: approving or \
             rejecting asks for a code from your authenticator app.</p>\
             <p>Lost the phone? An administrator resets it on the server with \
             <code>coffer users reset-2fa --email YOUR-EMAIL</code>; then set it up again here.</p>"
                .to_string()
        }
        Some(e) => {
            let (secret, uri) = second_factor::show(&ctx.app.master, &s.user, &e.salt);
            format!(
                "<p>Add this account to your authenticator app (any app that speaks TOTP), \
                 then enter the code it shows.</p>\
                 <div role=\"img\" aria-label=\"QR code of the link for the app\">{code}</div>\
                 <p>Link for the app: <a href=\"{uri}\">{uri_text}</a></p>\
                 <p>Or type the secret: <code id=\"secret\">{secret}</code></p>\
                 <form method=\"post\" action=\"/console/2fa/confirm\">\
                 <input type=\"hidden\" name=\"csrf_token\" value=\"{csrf}\">\
                 <label for=\"code\">Code from the app</label>\
                 <input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" \
                 pattern=\"[0-9]{{6}}\" maxlength=\"6\" required>\
                 <p><button type=\"submit\">Turn on two-factor</button></p></form>",
                code = super::pages::qr(&uri),
                uri = esc(&uri),
                uri_text = esc(&uri),
                secret = esc(&secret),
            )
        }
        None => format!(
            "<p>Two-factor is <strong>off</strong>. Live requests are decided only with it; \
             once on, every decision asks for a fresh code.</p>\
             <form method=\"post\" action=\"/console/2fa/start\">\
             <input type=\"hidden\" name=\"csrf_token\" value=\"{csrf}\">\
             <p><button type=\"submit\">Set up two-factor</button></p></form>"
        ),
    };
    Ok(html(
        status,
        page(
            "Two-factor",
            Some(&s.csrf),
            None,
            &format!("{}{body}", error_line(error)),
        ),
    ))
}

pub(super) fn show(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    render(ctx, &s, 200, None)
}

pub(super) fn start(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    if !csrf_ok(&s.csrf, form(ctx)?.take("csrf_token").as_deref()) {
        return render(ctx, &s, 403, Some("The form expired; try again."));
    }
    sign_in_as(ctx, &s.tenant_id, &s.user_id, None);
    let user_id = s.user_id.clone();
    let result = ctx.write(move |work| {
        second_factor::begin(work, &user_id)?;
        Ok(Written::new(redirect("/console/2fa"), "user", user_id))
    });
    match result {
        Err(ApiError::Domain(e @ crate::domain::Error::Conflict { .. })) => {
            render(ctx, &s, 409, Some(&e.to_string()))
        }
        other => other,
    }
}

pub(super) fn confirm(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let mut form = form(ctx)?;
    if !csrf_ok(&s.csrf, form.take("csrf_token").as_deref()) {
        return render(ctx, &s, 403, Some("The form expired; try again."));
    }
    let code = form.take("code").unwrap_or_default();
    if let Some(wait) = super::codes_exhausted(ctx, &s.user_id) {
        let why = format!("Too many wrong codes; try again in {wait} seconds.");
        return render(ctx, &s, 429, Some(&why));
    }
    sign_in_as(ctx, &s.tenant_id, &s.user_id, None);
    let master = Arc::clone(&ctx.app.master);
    let user_id = s.user_id.clone();
    let result = ctx.write(move |work| {
        second_factor::confirm(work, &master, &user_id, &code)?;
        Ok(Written::new(redirect("/console/2fa"), "user", user_id))
    });
    match result {
        Err(ApiError::Domain(
            e @ (crate::domain::Error::Conflict { .. } | crate::domain::Error::Forbidden { .. }),
        )) => {
            super::code_failed(ctx, &s.user_id);
            render(ctx, &s, 400, Some(&e.to_string()))
        }
        other => other,
    }
}

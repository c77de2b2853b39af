//! The console's routes (docs/console.md): every page but the sign-in form
//! needs a session, which the pipeline checks before the page runs; a request
//! without one goes to the sign-in form, coming back to where `SignedOut` says.

use super::{address_book, approvals, governance, login, overview, people, two_factor};
use crate::http::native::{audit_log, transactions};
use crate::http::openapi::describe::html_page;
use crate::http::router::{Route, SignedOut};

pub fn routes() -> Vec<Route> {
    vec![
        Route::console_public("GET", "/", super::to_console)
            .doc(html_page("Redirects to the console", 303)),
        Route::console("GET", "/console", approvals::pending).doc(html_page(
            "The console's home: requests waiting for approval",
            200,
        )),
        Route::console_public("GET", "/console/login", login::login_form).doc(
            html_page(
                "The approval console's sign-in form (sets the login cookie)",
                200,
            )
            .query(&["next"]),
        ),
        Route::console_public("POST", "/console/login", login::login)
            .doc(html_page(
                "Sign in with email, password and csrf_token (a form); 303 with \
                the session cookie",
                303,
            ))
            .audited("console.login"),
        Route::console("POST", "/console/logout", login::logout)
            .doc(html_page(
                "Sign out (form with csrf_token); 303 to the sign-in form",
                303,
            ))
            .audited("console.logout")
            .signed_out(SignedOut::With(login::signed_out)),
        Route::console("GET", "/console/activities", approvals::pending)
            .doc(html_page("The requests waiting for approval", 200)),
        Route::console("GET", "/console/history", approvals::history).doc(html_page(
            "Requests decided or expired, most recent first",
            200,
        )),
        Route::console("GET", "/console/activities/{id}", approvals::show).doc(
            html_page(
                "A request with its full context, decisions and the forms the \
                user may use",
                200,
            )
            .query(&["comment"]),
        ),
        Route::console(
            "POST",
            "/console/activities/{id}/approve",
            approvals::approve,
        )
        .doc(html_page(
            "Approve as the signed-in user (form: csrf_token, comment, code \
            when two-factor applies)",
            303,
        ))
        .audited("activity.approve")
        .signed_out(SignedOut::With(approvals::signed_out)),
        Route::console("POST", "/console/activities/{id}/reject", approvals::reject)
            .doc(html_page(
                "Reject as the signed-in user (form: csrf_token, comment, code; \
                confirm=yes, else a confirmation page)",
                303,
            ))
            .audited("activity.reject")
            .signed_out(SignedOut::With(approvals::signed_out)),
        Route::console("GET", "/console/overview", overview::show).doc(
            html_page(
                "Balances per asset and per vault, wallets and deposit addresses",
                200,
            )
            .query(&["env"]),
        ),
        Route::console("GET", "/console/transactions", overview::transactions).doc(
            html_page("Transactions with the API's filters", 200)
                .query(&["env"])
                .query(transactions::FILTERS),
        ),
        Route::console(
            "GET",
            "/console/transactions.csv",
            overview::transactions_csv,
        )
        .doc(
            html_page(
                "CSV of the filtered transactions (what GET /v1/transactions \
                lists)",
                200,
            )
            .media("text/csv")
            .query(&["env"])
            .query(transactions::FILTERS),
        ),
        Route::console("GET", "/console/transactions/{id}", overview::transaction)
            .doc(html_page("One transaction", 200)),
        Route::console("GET", "/console/more", governance::more).doc(html_page(
            "Links to the pages not in the navigation bar",
            200,
        )),
        Route::console("GET", "/console/address-book", address_book::show).doc(
            html_page(
                "The address book, with the add form and Remove buttons for \
                admins and approvers",
                200,
            )
            .query(&["env", "added", "removed"]),
        ),
        Route::console("POST", "/console/address-book", address_book::add)
            .doc(html_page(
                "Add an entry as POST /v1/address-book does, the signed-in user initiating \
                (form: csrf_token, env, asset, address, tag, label)",
                303,
            ))
            .audited("address_book.create")
            .signed_out(SignedOut::Then("/console/address-book")),
        Route::console(
            "POST",
            "/console/address-book/{id}/remove",
            address_book::remove,
        )
        .doc(html_page(
            "Remove an active entry as DELETE /v1/address-book/{id} does \
            (form: csrf_token, env; confirm=yes, else a confirmation page)",
            303,
        ))
        .audited("address_book.delete")
        .signed_out(SignedOut::Then("/console/address-book")),
        Route::console("GET", "/console/policies", governance::policy)
            .doc(html_page("The approval policy in words", 200).query(&["env"])),
        Route::console("GET", "/console/users", governance::users).doc(
            html_page(
                "Users with their roles explained, and (for admins and auditors) API keys; \
                admins get Disable and Revoke buttons",
                200,
            )
            .query(&["disabled", "revoked"]),
        ),
        Route::console("POST", "/console/users/{id}/disable", people::disable_user)
            .doc(html_page(
                "Disable another user as PATCH /v1/users/{id} {\"status\":\"Disabled\"} does \
                (admins; form: csrf_token; confirm=yes, else a confirmation page)",
                303,
            ))
            .audited("user.update")
            .signed_out(SignedOut::Then("/console/users")),
        Route::console("POST", "/console/keys/{id}/revoke", people::revoke_key)
            .doc(html_page(
                "Revoke an API key as POST /api/apikey/revoke does \
                (admins; form: csrf_token; confirm=yes, else a confirmation page)",
                303,
            ))
            .audited("api_key.revoke")
            .signed_out(SignedOut::Then("/console/users")),
        Route::console("GET", "/console/webhooks", governance::webhooks).doc(
            html_page(
                "The webhook endpoint and recent deliveries (admins, auditors); \
                admins get Redeliver buttons",
                200,
            )
            .query(&["env", "redelivered"]),
        ),
        Route::console(
            "POST",
            "/console/webhooks/deliveries/{id}/redeliver",
            people::redeliver,
        )
        .doc(html_page(
            "Send a delivery again as POST /v1/webhooks/deliveries/{id}/redeliver does \
            (admins; form: csrf_token, env)",
            303,
        ))
        .audited("webhook.redeliver")
        .signed_out(SignedOut::Then("/console/webhooks")),
        Route::console("GET", "/console/audit", governance::audit).doc(
            html_page("The audit log (admins, auditors)", 200)
                .query(&["env"])
                .query(audit_log::FILTERS),
        ),
        Route::console("GET", "/console/audit.csv", governance::audit_csv).doc(
            html_page(
                "CSV of the filtered audit log (what GET /v1/audit-log lists)",
                200,
            )
            .media("text/csv")
            .query(&["env"])
            .query(audit_log::FILTERS),
        ),
        Route::console("GET", "/console/2fa", two_factor::show)
            .doc(html_page("The signed-in user's two-factor set-up", 200)),
        Route::console("POST", "/console/2fa/start", two_factor::start)
            .doc(html_page(
                "Begin two-factor set-up with a new secret (form: csrf_token)",
                303,
            ))
            .audited("user.second_factor_begin"),
        Route::console("POST", "/console/2fa/confirm", two_factor::confirm)
            .doc(html_page(
                "Confirm two-factor with a code (form: csrf_token, code)",
                303,
            ))
            .audited("user.second_factor_confirm"),
    ]
}

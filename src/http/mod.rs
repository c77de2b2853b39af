//! The HTTP layer: parse, authenticate, call the domain, render.

mod admin;
mod auth;
mod body;
mod coinbase;
mod console;
mod context;
mod error;
mod idempotency;
pub mod metrics;
mod native;
mod openapi;
mod passphrases;
#[cfg(test)]
mod proptests;
mod query;
mod ratelimit;
mod replay;
mod reply;
mod router;
pub mod server;

use crate::chain::worker::ChainWorker;
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::cidr::IpAllowList;
use crate::keyring::MasterKey;
use crate::metrics::Metrics;
use crate::service::ledger::Ledger;
use crate::store::Store;
use crate::webhooks::WebhookWorker;
use context::Ctx;
use error::ApiError;
use idempotency::{Begin, Handling, InFlight};
use passphrases::PassphraseCache;
use ratelimit::FixedWindow;
use replay::ReplayGuard;
use reply::Reply;
use router::{Api, Route, Router};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The money-moving services and the background workers the server runs.
pub struct Workers {
    pub ledger: Arc<Ledger>,
    pub chain_worker: ChainWorker,
    pub webhooks: WebhookWorker,
}

/// Everything a request handler may use; shared by the worker threads.
pub struct App {
    pub config: Config,
    pub store: Store,
    pub master: Arc<MasterKey>,
    pub webhooks: WebhookWorker,
    pub ledger: Arc<Ledger>,
    pub chain_worker: ChainWorker,
    /// The registry `/metrics` renders; other parts register their own metrics.
    pub metrics: Arc<Metrics>,
    http_metrics: metrics::HttpMetrics,
    shutting_down: Arc<AtomicBool>,
    router: Router,
    key_limiter: FixedWindow,
    failed_auth_limiter: FixedWindow,
    /// Failed console sign-ins per address: a budget of their own, so signed
    /// API requests from the same address neither spend nor exhaust it.
    console_login_limiter: FixedWindow,
    /// Wrong second-factor codes per user: few, since a code has a million values.
    second_factor_limiter: FixedWindow,
    replay_guard: ReplayGuard,
    passphrases: PassphraseCache,
    console_sessions: console::Sessions,
    in_flight: InFlight,
    handling: Handling,
    /// Parsed from `trusted_proxies` (validated when the config loaded).
    trusted_proxies: IpAllowList,
}

impl App {
    pub fn new(
        config: Config,
        store: Store,
        master: Arc<MasterKey>,
        workers: Workers,
        metrics: Arc<Metrics>,
        now: Timestamp,
    ) -> Result<App, crate::domain::Error> {
        let Workers {
            ledger,
            chain_worker,
            webhooks,
        } = workers;
        let shutting_down = Arc::new(AtomicBool::new(false));
        metrics::register_collectors(&metrics, store.clone(), Arc::clone(&shutting_down));
        metrics::register_webhook_collector(&metrics, store.clone(), Arc::clone(&webhooks.stats));
        metrics::register_chain_collector(&metrics, Arc::clone(&ledger));
        let trusted_proxies = IpAllowList::parse(&config.trusted_proxies).unwrap_or_default();
        // Signatures a previous run let through stay refused after a restart.
        let seen =
            store.read(|conn| crate::store::signatures::unexpired(conn, now.unix_seconds()))?;
        Ok(App {
            trusted_proxies,
            http_metrics: metrics::HttpMetrics::register(&metrics),
            metrics,
            shutting_down,
            ledger,
            chain_worker,
            webhooks,
            key_limiter: FixedWindow::per_minute(config.limits.per_key_per_minute),
            failed_auth_limiter: FixedWindow::per_minute(
                config.limits.failed_auth_per_ip_per_minute,
            ),
            console_login_limiter: FixedWindow::per_minute(
                config.limits.failed_auth_per_ip_per_minute,
            ),
            second_factor_limiter: FixedWindow::per_minute(console::WRONG_CODES_PER_MINUTE),
            config,
            store,
            master,
            router: Router::new(routes()),
            replay_guard: ReplayGuard::seeded(seen),
            passphrases: PassphraseCache::default(),
            console_sessions: console::Sessions::default(),
            in_flight: InFlight::default(),
            handling: Handling::default(),
        })
    }

    /// From now on `/health` answers 503 and writes are refused with 503.
    pub fn begin_shutdown(&self) {
        self.shutting_down.store(true, Ordering::SeqCst);
    }

    pub fn shutting_down(&self) -> bool {
        self.shutting_down.load(Ordering::SeqCst)
    }
}

/// The route table: each resource module lists its own routes.
pub fn routes() -> Vec<Route> {
    [
        native::health::routes(),
        openapi::routes(),
        metrics::routes(),
        native::assets::routes(),
        native::vaults::routes(),
        native::wallets::routes(),
        native::transactions::routes(),
        native::address_book::routes(),
        native::sandbox::routes(),
        native::signer::routes(),
        native::webhooks::routes(),
        native::audit_log::routes(),
        native::users::routes(),
        native::activities::routes(),
        native::policies::routes(),
        coinbase::currencies::routes(),
        coinbase::addresses::routes(),
        coinbase::wallets::routes(),
        coinbase::transactions::routes(),
        coinbase::users::routes(),
        coinbase::address_book::routes(),
        admin::routes(),
        console::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Authenticates per the route's API family, applies idempotency, runs the handler.
/// Returns the answer and the key id for the access log.
fn handle(ctx: &mut Ctx) -> (Reply, Option<String>) {
    let api = ctx.route.api;
    let mut rate = None;
    let app = ctx.app;
    let _handling = ctx
        .header("x-signature")
        .filter(|_| ctx.route.is_mutating())
        .map(|signature| app.handling.enter(signature));
    let result = (|| {
        if ctx.route.is_mutating() && app.shutting_down() {
            return Err(ApiError::Domain(crate::domain::Error::Unavailable(
                "the server is shutting down".into(),
            )));
        }
        let authenticated = match api {
            Api::Public | Api::Console => None,
            Api::Native => Some(auth::native(ctx)?),
            Api::Coinbase => Some(auth::coinbase(ctx)?),
            Api::Admin => Some(auth::admin(ctx)?),
        };
        let replayed = authenticated.is_some_and(|a| {
            rate = Some(a.rate);
            ctx.caller = Some(a.caller);
            ctx.signature = a.fresh_signature;
            a.replayed
        });
        if let (Some(scope), Some(caller)) = (ctx.route.scope, &ctx.caller) {
            caller.holds(scope)?;
        }
        let actor = ctx.caller.as_ref().map(|c| c.actor.idempotency_scope());
        let begin = match &actor {
            Some(actor) => idempotency::begin(ctx, actor, replayed)?,
            None => Begin::Plain,
        };
        match begin {
            Begin::Replay(reply) => Ok(reply),
            Begin::Plain => (ctx.route.handler)(ctx),
            Begin::Fresh(claim, _in_flight) => {
                ctx.claim = Some(claim);
                (ctx.route.handler)(ctx)
            }
        }
    })();
    ctx.record_unused_signature();
    let mut reply = result.unwrap_or_else(|e| error::render(&e, api, &ctx.request_id));
    if let Some(rate) = rate {
        reply = rate.annotate(reply);
    }
    let key_id = ctx.caller.as_ref().map(|c| c.actor.id());
    (reply, key_id)
}

//! What every request may use, shared by the HTTP worker threads: the
//! configuration, the store, the master key, the services and workers, and the
//! HTTP layer's own state (rate limits, the replay guard, console sessions).

use super::metrics::{self, HttpMetrics};
use super::passphrases::PassphraseCache;
use super::ratelimit::FixedWindow;
use super::replay::ReplayGuard;
use super::session::Sessions;
use crate::chain::worker::ChainWorker;
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::cidr::IpAllowList;
use crate::keyring::MasterKey;
use crate::metrics::Metrics;
use crate::service::ledger::Ledger;
use crate::store::Store;
use crate::webhooks::WebhookWorker;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Wrong two-factor codes a user may enter per minute on the console.
const WRONG_CODES_PER_MINUTE: u32 = 5;

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
    pub(super) http_metrics: HttpMetrics,
    pub(super) shutting_down: Arc<AtomicBool>,
    pub(super) key_limiter: FixedWindow,
    pub(super) failed_auth_limiter: FixedWindow,
    /// Failed console sign-ins per address: a budget of their own, so signed
    /// API requests from the same address neither spend nor exhaust it.
    pub(super) console_login_limiter: FixedWindow,
    /// Wrong second-factor codes per user: few, since a code has a million values.
    pub(super) second_factor_limiter: FixedWindow,
    pub(super) replay_guard: ReplayGuard,
    pub(super) passphrases: PassphraseCache,
    pub(super) console_sessions: Sessions,
    /// Parsed from `trusted_proxies` (validated when the config loaded).
    pub(super) trusted_proxies: IpAllowList,
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
            http_metrics: HttpMetrics::register(&metrics),
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
            second_factor_limiter: FixedWindow::per_minute(WRONG_CODES_PER_MINUTE),
            config,
            store,
            master,
            replay_guard: ReplayGuard::seeded(seen),
            passphrases: PassphraseCache::default(),
            console_sessions: Sessions::default(),
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

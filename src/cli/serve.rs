//! `coffer serve` and `coffer init`.

use super::{env_var, Failure};
use crate::chain::evm::{EvmAdapter, EvmNetwork};
use crate::chain::{worker::ChainWorker, Chains};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::control;
use crate::domain::webhook::UrlRules;
use crate::http::{server, App, Workers};
use crate::keyring::write_private_file;
use crate::metrics::Metrics;
use crate::retention::{self, RetentionWorker};
use crate::service::grant::SuperAdmin;
use crate::service::ledger::Ledger;
use crate::service::provision::{self, CREDENTIALS_FILE};
use crate::webhooks::{Settings, WebhookWorker};
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub fn init(json: bool, config: Config) -> Result<(), Failure> {
    let made = provision::init(
        SuperAdmin::vouched(),
        config.data_dir(),
        config.read_connections,
        &env_var,
    )?;
    if json {
        println!("{}", made.to_json());
    } else {
        let j = made.to_json();
        println!("Initialised {}", config.data_dir);
        println!(
            "  tenant id          {}",
            j["tenantId"].as_str().unwrap_or("")
        );
        println!(
            "  super-admin token  {}",
            j["superAdminToken"].as_str().unwrap_or("")
        );
        println!(
            "  test API key id    {}",
            j["apiKey"]["keyId"].as_str().unwrap_or("")
        );
        println!(
            "  test API secret    {}",
            j["apiKey"]["secret"].as_str().unwrap_or("")
        );
        println!("These secrets are shown once. Keep master.key safe: without it the database is useless.");
    }
    Ok(())
}

/// How long a shutdown waits for requests in flight before it goes on without
/// them (systemd's `TimeoutStopSec` must be longer).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

pub fn serve(config: &Config) -> Result<(), Failure> {
    // Installed first, so a SIGTERM during start-up is kept and handled (as a
    // clean shutdown) once the server is up, instead of killing it half-way.
    let mut signals = Signals::new([SIGTERM, SIGINT])
        .map_err(|e| Failure::Runtime(format!("cannot install signal handlers: {e}")))?;
    // Bind first: a port in use must not leave a fresh data dir, master key
    // and credentials behind.
    let listening = server::bind(&config.listen, server::limits(&config.limits))?;
    let data_dir = config.data_dir();
    if !provision::is_initialised(data_dir) {
        let made = provision::init(
            SuperAdmin::vouched(),
            data_dir,
            config.read_connections,
            &env_var,
        )?;
        let path = data_dir.join(CREDENTIALS_FILE);
        let text = serde_json::to_string_pretty(&made.to_json()).unwrap_or_default();
        write_private_file(&path, text.as_bytes())?;
        log::info!(
            "initialised {}; first credentials written to {}",
            data_dir.display(),
            path.display()
        );
    }
    let opened = provision::open(data_dir, config.read_connections, &env_var)?;
    let ledger = Arc::new(Ledger {
        assets: config.assets(),
        chains: Chains::new(evm_adapters(config)),
        activity_ttl_ms: config.consensus.activity_ttl_ms(),
    });
    let interval = Duration::from_millis(u64::from(config.chain.poll_interval_ms));
    let worker = ChainWorker::start(
        opened.store.clone(),
        Arc::clone(&ledger),
        config.sandbox.auto_sign,
        interval,
    )?;
    let master = Arc::new(opened.master);
    let retention = RetentionWorker::start(
        opened.store.clone(),
        retention::Settings {
            webhook_ms: (config.webhooks.retention_days * 86_400_000.0) as i64,
        },
    )?;
    let webhooks = WebhookWorker::start(
        opened.store.clone(),
        Arc::clone(&master),
        webhook_settings(config),
    )?;
    let mut app_config = config.clone();
    if app_config.public_url.is_empty() {
        // Links (approval_url) are never built from a request's Host header,
        // which the caller controls: without public_url, the bound address.
        app_config.public_url = format!("http://{}", listening.addr);
    }
    let app = Arc::new(App::new(
        app_config,
        opened.store,
        master,
        Workers {
            ledger,
            chain_worker: worker,
            webhooks,
        },
        Arc::new(Metrics::new()),
        Timestamp::now(),
    )?);
    // `coffer backup` and `coffer verify` on this box find the server here.
    let control = control::listen(data_dir, app.store.clone())
        .map_err(|e| log::warn!("no control socket ({e}): `coffer backup` will copy directly"))
        .ok();
    let addr = listening.addr;
    let running = server::start(listening, Arc::clone(&app), config.workers);
    log::info!("coffer listening on http://{addr}");
    log::info!("console: {}/console", app.config.public_url);
    let credentials = data_dir.join(CREDENTIALS_FILE);
    if credentials.exists() {
        log::warn!(
            "the first credentials are still in {}: move them somewhere safe and delete the file",
            credentials.display()
        );
    }
    // Tests and scripts read the bound address (useful with port 0) from stdout.
    println!("coffer listening on http://{addr}");

    let signal = signals.forever().next();
    let name = match signal {
        Some(SIGTERM) => "SIGTERM",
        Some(SIGINT) => "SIGINT",
        _ => "a stop signal",
    };
    log::info!("{name} received: shutting down (send it again to exit at once)");
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            log::warn!("second stop signal: exiting without finishing the shutdown");
            std::process::exit(1);
        }
    });
    // From here a backup copies directly (after the writer's last checkpoint).
    drop(control);
    shutdown(&app, running, &retention);
    Ok(())
}

/// An adapter for each configured network, with its native asset (the config
/// checked there is exactly one).
fn evm_adapters(config: &Config) -> Vec<EvmAdapter> {
    let assets = config.assets();
    config
        .networks
        .iter()
        .map(|n| {
            let on_network = || assets.all().iter().filter(|a| a.network == n.name);
            let native = on_network()
                .find(|a| a.contract.is_none())
                .map(|a| a.id.clone())
                .unwrap_or_default();
            let tokens = on_network()
                .filter_map(|a| Some((a.contract.clone()?, a.id.clone())))
                .collect();
            EvmAdapter::new(EvmNetwork {
                name: n.name.clone(),
                rpc_url: n.rpc_url.clone(),
                chain_id: n.chain_id,
                start_block: n.start_block,
                native_asset: native,
                tokens,
            })
        })
        .collect()
}

fn webhook_settings(config: &Config) -> Settings {
    let w = &config.webhooks;
    Settings {
        timeout: Duration::from_secs(u64::from(w.timeout_secs)),
        retry_base_secs: w.retry_base_secs,
        retry_cap_secs: f64::from(w.retry_max_delay_secs),
        give_up_after: Duration::from_secs(u64::from(w.give_up_after_hours) * 3600),
        senders: w.senders,
        in_flight_per_endpoint: w.in_flight_per_endpoint,
        poll_interval: Duration::from_millis(u64::from(w.poll_interval_ms)),
        rules: UrlRules {
            allow_http_live: w.allow_http_live,
            allow_private_targets_live: w.allow_private_targets_live,
        },
    }
}

/// Refuse new writes and report unhealthy, let requests in flight finish
/// (bounded), stop the chain worker between two steps and the webhook dispatcher
/// (undelivered events stay queued in the database), then stop the writer and
/// checkpoint the WAL, so the database file alone holds every commit.
fn shutdown(app: &App, running: server::Running, retention: &RetentionWorker) {
    app.begin_shutdown();
    let started = Instant::now();
    if running.stop(SHUTDOWN_GRACE) {
        log::info!("HTTP requests drained");
    }
    app.chain_worker.stop();
    app.webhooks.stop();
    retention.stop();
    match app.store.close() {
        Ok(c) if c.complete => log::info!(
            "WAL checkpointed ({} frames) in {} ms; coffer stopped",
            c.checkpointed_frames,
            started.elapsed().as_millis()
        ),
        Ok(c) => log::warn!(
            "WAL checkpoint incomplete: a reader held it ({} of {} frames copied); \
             the rest stays in the WAL, where it is just as durable",
            c.checkpointed_frames,
            c.wal_frames
        ),
        Err(e) => log::error!("WAL checkpoint failed: {e} (committed data stays in the WAL)"),
    }
}

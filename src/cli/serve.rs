//! `coffer serve` and `coffer init`.

use super::args::Args;
use super::{env_var, Failure};
use crate::chain::{worker::ChainWorker, Chains};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::webhook::UrlRules;
use crate::http::{server, App};
use crate::keyring::write_private_file;
use crate::service::ledger::Ledger;
use crate::service::provision::{self, CREDENTIALS_FILE};
use crate::webhooks::{Settings, WebhookWorker};
use std::sync::Arc;
use std::time::Duration;

pub fn init(mut args: Args, config: Config) -> Result<(), Failure> {
    let json = args.switch("json");
    args.finish()?;
    let made = provision::init(config.data_dir(), config.read_connections, &env_var)?;
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

pub fn serve(config: &Config) -> Result<(), Failure> {
    let data_dir = config.data_dir();
    if !provision::is_initialised(data_dir) {
        let made = provision::init(data_dir, config.read_connections, &env_var)?;
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
    let listening = server::bind(&config.listen)?;
    let ledger = Arc::new(Ledger {
        assets: config.assets(),
        chains: Chains::default(),
    });
    let interval = Duration::from_millis(u64::from(config.chain.poll_interval_ms));
    let worker = ChainWorker::start(
        opened.store.clone(),
        Arc::clone(&ledger),
        config.sandbox.auto_sign,
        interval,
    )?;
    let master = Arc::new(opened.master);
    let webhooks = WebhookWorker::start(
        opened.store.clone(),
        Arc::clone(&master),
        webhook_settings(config),
    )?;
    let app = Arc::new(App::new(
        config.clone(),
        opened.store,
        master,
        ledger,
        worker,
        webhooks,
        Timestamp::now(),
    ));
    log::info!("coffer listening on http://{}", listening.addr);
    // Tests and scripts read the bound address (useful with port 0) from stdout.
    println!("coffer listening on http://{}", listening.addr);
    server::run(&listening, app, config.workers);
    Ok(())
}

fn webhook_settings(config: &Config) -> Settings {
    let w = &config.webhooks;
    Settings {
        timeout: Duration::from_secs(u64::from(w.timeout_secs)),
        retry_base_secs: w.retry_base_secs,
        retry_cap_secs: f64::from(w.retry_max_delay_secs),
        give_up_after: Duration::from_secs(u64::from(w.give_up_after_hours) * 3600),
        senders: w.senders,
        poll_interval: Duration::from_millis(u64::from(w.poll_interval_ms)),
        rules: UrlRules {
            allow_http_live: w.allow_http_live,
            allow_private_targets_live: w.allow_private_targets_live,
        },
    }
}

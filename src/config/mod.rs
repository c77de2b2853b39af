//! Configuration: defaults < TOML file < `COFFER_*` environment < command-line flags.
//! Unknown keys and unparsable values are errors, all reported in one pass, and
//! loading never writes anything.

mod chains;
mod layers;
mod sections;
#[cfg(test)]
mod tests;

use crate::domain::asset::Assets;
use crate::domain::cidr::IpAllowList;
pub use chains::{AssetConfig, NetworkConfig};
use layers::{apply_env, check_known_keys, overlay, read_table, unusable_keys};
pub use sections::{Auth, Chain, Consensus, Limits, Sandbox, Webhooks};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where the database, master key and first credentials live.
    pub data_dir: String,
    pub listen: String,
    /// The URL clients reach this server at (scheme, host, optional port),
    /// used in links such as `approval_url`; empty: `http://` + the address `serve`
    /// is bound to (never the request's Host header, which the caller controls).
    pub public_url: String,
    /// Threads answering HTTP requests.
    pub workers: u32,
    /// Read-only SQLite connections shared by the workers.
    pub read_connections: u32,
    /// Reverse proxies (CIDRs) whose `X-Forwarded-For` names the real client;
    /// empty: the TCP peer is the client and the header is ignored.
    pub trusted_proxies: Vec<String>,
    pub limits: Limits,
    pub auth: Auth,
    pub sandbox: Sandbox,
    pub chain: Chain,
    pub webhooks: Webhooks,
    pub consensus: Consensus,
    /// The live chains (docs/evm.md); none: live wallets are refused with 422
    /// `chain_unavailable`.
    pub networks: Vec<NetworkConfig>,
    pub assets: Vec<AssetConfig>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: "./coffer-data".into(),
            listen: "127.0.0.1:8080".into(),
            public_url: String::new(),
            workers: 8,
            read_connections: 4,
            trusted_proxies: Vec::new(),
            limits: Limits::default(),
            auth: Auth::default(),
            sandbox: Sandbox::default(),
            chain: Chain::default(),
            networks: Vec::new(),
            webhooks: Webhooks::default(),
            consensus: Consensus::default(),
            assets: chains::default_assets(),
        }
    }
}

/// Values given on the command line; they win over everything else.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub config: Option<PathBuf>,
    pub data_dir: Option<String>,
    pub listen: Option<String>,
}

/// Every problem found while loading, one line each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub Vec<String>);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

impl Config {
    /// Loads the layered configuration. `env` looks up an environment variable.
    pub fn load(
        flags: &Flags,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut errors = Vec::new();
        let mut merged =
            Table::try_from(Config::default()).map_err(|e| ConfigError(vec![e.to_string()]))?;

        let config_path = flags
            .config
            .clone()
            .or_else(|| env("COFFER_CONFIG").map(PathBuf::from));
        if let Some(path) = config_path {
            match read_table(&path) {
                Ok(mut file) => {
                    if let Some(toml::Value::Table(evm)) = file.remove("evm") {
                        errors.push(chains::evm_section_replaced(&evm));
                    }
                    check_known_keys(&merged, &file, "", &mut errors);
                    overlay(&mut merged, file);
                }
                Err(e) => errors.push(e),
            }
        }
        apply_env(&mut merged, "COFFER", env, &mut errors);
        if let Some(dir) = &flags.data_dir {
            merged.insert("data_dir".into(), Value::String(dir.clone()));
        }
        if let Some(listen) = &flags.listen {
            merged.insert("listen".into(), Value::String(listen.clone()));
        }
        // A value that could not be used left the default in place, so the rest is
        // still checked: every problem is reported in one pass, each naming its key.
        match Value::Table(merged.clone()).try_into::<Config>() {
            Ok(config) => match config.validate() {
                Ok(()) if errors.is_empty() => Ok(config),
                Ok(()) => Err(ConfigError(errors)),
                Err(ConfigError(more)) => {
                    errors.extend(more);
                    Err(ConfigError(errors))
                }
            },
            Err(e) => {
                let defaults = Table::try_from(Config::default())
                    .map_err(|e| ConfigError(vec![e.to_string()]))?;
                let culprits = unusable_keys(&defaults, &merged);
                if culprits.is_empty() {
                    errors.push(format!("config: {}", e.message()));
                }
                errors.extend(culprits);
                Err(ConfigError(errors))
            }
        }
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let mut errors = Vec::new();
        if self.listen.parse::<SocketAddr>().is_err() {
            errors.push(format!(
                "listen: '{}' is not an address such as 127.0.0.1:8080",
                self.listen
            ));
        }
        if self.data_dir.is_empty() {
            errors.push("data_dir: must not be empty".into());
        }
        let base = self.webhooks.retry_base_secs;
        if !(base.is_finite() && base > 0.0 && base <= 86_400.0) {
            errors.push("webhooks.retry_base_secs: must be more than 0 and at most 86400".into());
        }
        if let Err(e) = IpAllowList::parse(&self.trusted_proxies) {
            errors.push(format!("trusted_proxies: {e}"));
        }
        let w = &self.webhooks;
        if w.in_flight_per_endpoint == 0 || w.in_flight_per_endpoint > w.senders.max(1) {
            errors.push(format!(
                "webhooks.in_flight_per_endpoint: must be at least 1 and at most webhooks.senders ({})",
                w.senders.max(1)
            ));
        }
        let days = self.webhooks.retention_days;
        if !(days.is_finite() && days > 0.0 && days <= 3660.0) {
            errors.push("webhooks.retention_days: must be more than 0 and at most 3660".into());
        }
        let ttl = self.consensus.activity_ttl_hours;
        if !(ttl.is_finite() && ttl > 0.0 && ttl <= 24.0 * 366.0) {
            errors
                .push("consensus.activity_ttl_hours: must be more than 0 and at most 8784".into());
        }
        let url = &self.public_url;
        let well_formed = url.strip_prefix("https://").or(url.strip_prefix("http://"));
        if !url.is_empty()
            && (well_formed.is_none_or(str::is_empty)
                || url.ends_with('/')
                || url.chars().any(|c| c.is_whitespace() || c.is_control()))
        {
            errors.push(format!(
                "public_url: '{url}' is not a URL such as https://custody.example.com (no trailing slash)"
            ));
        }
        for (key, value) in [
            ("workers", self.workers),
            ("read_connections", self.read_connections),
            ("limits.per_key_per_minute", self.limits.per_key_per_minute),
            (
                "limits.failed_auth_per_ip_per_minute",
                self.limits.failed_auth_per_ip_per_minute,
            ),
            ("limits.max_connections", self.limits.max_connections),
            ("limits.idle_timeout_secs", self.limits.idle_timeout_secs),
            ("limits.head_timeout_secs", self.limits.head_timeout_secs),
            ("limits.body_timeout_secs", self.limits.body_timeout_secs),
            ("limits.write_timeout_secs", self.limits.write_timeout_secs),
            (
                "auth.timestamp_tolerance_secs",
                self.auth.timestamp_tolerance_secs,
            ),
        ] {
            if value == 0 {
                errors.push(format!("{key}: must be at least 1"));
            }
        }
        let (_, chain_errors) =
            chains::resolve(&self.networks, &self.assets, &self.sandbox.explorer);
        errors.extend(chain_errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ConfigError(errors))
        }
    }

    pub fn data_dir(&self) -> &Path {
        Path::new(&self.data_dir)
    }

    /// The configured assets (validated when the config loaded).
    pub fn assets(&self) -> Assets {
        Assets::new(chains::resolve(&self.networks, &self.assets, &self.sandbox.explorer).0)
    }
}

//! Tenants and environments (docs/api.md, "Partitions"): every object lives in exactly one partition.

use super::ids::TenantId;
use super::wire::wire_names;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Environment {
    Test,
    Live,
}

wire_names!(Environment {
    Test => "test",
    Live => "live",
});

impl Environment {
    /// The prefix of this environment's API key ids.
    pub fn key_prefix(self) -> &'static str {
        match self {
            Environment::Test => "ck_test_",
            Environment::Live => "ck_live_",
        }
    }

    /// The environment a key id belongs to, read from its prefix.
    pub fn of_key_id(key_id: &str) -> Option<Environment> {
        [Environment::Test, Environment::Live]
            .into_iter()
            .find(|env| key_id.starts_with(env.key_prefix()))
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The books a caller may see: one tenant, one environment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Partition {
    pub tenant_id: TenantId,
    pub environment: Environment,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_prefix_names_the_environment() {
        assert_eq!(
            Environment::of_key_id("ck_test_abc"),
            Some(Environment::Test)
        );
        assert_eq!(
            Environment::of_key_id("ck_live_abc"),
            Some(Environment::Live)
        );
        assert_eq!(Environment::of_key_id("ck_prod_abc"), None);
    }
}

//! Property tests of the pure domain code: money, ledger journals, the
//! withdrawal state machine and keyset pagination. Hand-picked examples sit
//! beside each module; these generate the cases nobody thought of, and shrink a
//! failure to its smallest input. Case counts are kept modest so the whole
//! module runs in a few seconds of `cargo test`.
mod ledger;
mod money;
mod paging;
mod withdrawal;

use proptest::prelude::*;
use proptest::test_runner::RngSeed;

/// 512 cases from a fixed seed, so `cargo test` is reproducible and never
/// flakes; `PROPTEST_RNG_SEED=<n>` (or `random`) and `PROPTEST_CASES=<n>`
/// explore further by hand. A failure prints its minimal input, which belongs
/// in an example test beside the code, so no regression files are written.
pub(crate) fn config() -> ProptestConfig {
    let defaults = ProptestConfig::default();
    let rng_seed = match std::env::var("PROPTEST_RNG_SEED") {
        Ok(_) => defaults.rng_seed,
        Err(_) => RngSeed::Fixed(0x0c0f_fe70),
    };
    let cases = match std::env::var("PROPTEST_CASES") {
        Ok(_) => defaults.cases,
        Err(_) => 512,
    };
    ProptestConfig {
        cases,
        rng_seed,
        failure_persistence: None,
        ..defaults
    }
}

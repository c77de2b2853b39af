//! The command line: init, keys, check-config, call.

use crate::support::{coffer, TempDir};

#[test]
fn check_config_names_unknown_keys() {
    let dir = TempDir::new("config");
    let path = dir.path().join("coffer.toml");
    std::fs::write(&path, "colour = \"blue\"\n[limits]\nper_hour = 1\n").unwrap();
    let out = coffer(&["check-config", "--config", path.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown config key 'colour'"), "{err}");
    assert!(
        err.contains("unknown config key 'limits.per_hour'"),
        "{err}"
    );
}

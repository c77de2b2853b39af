use super::*;
use std::collections::HashMap;

fn load_with(
    file: Option<&str>,
    vars: &[(&str, &str)],
    flags: Flags,
) -> Result<Config, ConfigError> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut flags = flags;
    let dir = std::env::temp_dir().join(format!(
        "coffer-config-test-{}",
        crate::domain::ids::new_id()
    ));
    if let Some(text) = file {
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("coffer.toml");
        std::fs::write(&path, text).unwrap();
        flags.config = Some(path);
    }
    let result = Config::load(&flags, &|k| vars.get(k).cloned());
    let _ = std::fs::remove_dir_all(&dir);
    result
}

#[test]
fn defaults_then_file_then_env_then_flags() {
    let c = load_with(None, &[], Flags::default()).unwrap();
    assert_eq!(c.listen, "127.0.0.1:8080");
    assert_eq!(c.limits.per_key_per_minute, 120);
    assert_eq!(c.assets().all().len(), 4);

    let file = "listen = \"127.0.0.1:9000\"\n[limits]\nper_key_per_minute = 10\n";
    let c = load_with(Some(file), &[], Flags::default()).unwrap();
    assert_eq!(
        (c.listen.as_str(), c.limits.per_key_per_minute),
        ("127.0.0.1:9000", 10)
    );

    let c = load_with(
        Some(file),
        &[("COFFER_LIMITS_PER_KEY_PER_MINUTE", "7")],
        Flags::default(),
    )
    .unwrap();
    assert_eq!(c.limits.per_key_per_minute, 7);

    let flags = Flags {
        listen: Some("127.0.0.1:1".into()),
        ..Flags::default()
    };
    let c = load_with(Some(file), &[("COFFER_LISTEN", "127.0.0.1:2")], flags).unwrap();
    assert_eq!(c.listen, "127.0.0.1:1");
}

#[test]
fn the_example_file_lists_the_defaults() {
    let text = include_str!("../../config.example.toml");
    let example: Table = text.parse().unwrap();
    let mut defaults = Table::try_from(Config::default()).unwrap();
    // No networks by default; the example shows one in comments.
    assert_eq!(defaults.remove("networks"), Some(Value::Array(Vec::new())));
    assert_eq!(
        example, defaults,
        "config.example.toml and Config::default() differ"
    );
}

#[test]
fn the_activity_ttl_takes_fractions_and_must_be_positive() {
    let c = load_with(
        None,
        &[("COFFER_CONSENSUS_ACTIVITY_TTL_HOURS", "0.001")],
        Flags::default(),
    )
    .unwrap();
    assert_eq!(c.consensus.activity_ttl_ms(), 3600);
    assert_eq!(
        Config::default().consensus.activity_ttl_ms(),
        72 * 3_600_000
    );
    let err = load_with(
        None,
        &[("COFFER_CONSENSUS_ACTIVITY_TTL_HOURS", "0")],
        Flags::default(),
    )
    .unwrap_err();
    assert!(
        err.0[0].starts_with("consensus.activity_ttl_hours"),
        "{err}"
    );
}

#[test]
fn the_webhook_window_is_between_one_and_the_senders() {
    let window = |senders: &str, window: &str| {
        load_with(
            None,
            &[
                ("COFFER_WEBHOOKS_SENDERS", senders),
                ("COFFER_WEBHOOKS_IN_FLIGHT_PER_ENDPOINT", window),
            ],
            Flags::default(),
        )
    };
    assert_eq!(window("4", "4").unwrap().webhooks.in_flight_per_endpoint, 4);
    for (senders, bad) in [("16", "0"), ("4", "5")] {
        let err = window(senders, bad).unwrap_err();
        assert_eq!(
            err.0,
            vec![format!(
                "webhooks.in_flight_per_endpoint: must be at least 1 and at most webhooks.senders ({senders})"
            )]
        );
    }
}

#[test]
fn every_unknown_key_is_named() {
    let err = load_with(
        Some("colour = 1\n[limits]\nper_hour = 3\n[nope]\n"),
        &[],
        Flags::default(),
    )
    .unwrap_err();
    assert!(
        err.0.contains(&"unknown config key 'colour'".to_string()),
        "{err}"
    );
    assert!(
        err.0
            .contains(&"unknown config key 'limits.per_hour'".to_string()),
        "{err}"
    );
    assert!(
        err.0.contains(&"unknown config key 'nope'".to_string()),
        "{err}"
    );
}

#[test]
fn bad_values_are_named() {
    let err = load_with(None, &[("COFFER_WORKERS", "many")], Flags::default()).unwrap_err();
    assert_eq!(
        err.0,
        vec!["COFFER_WORKERS: 'many' is not a whole number".to_string()]
    );
    // Type errors in the file name their keys, all of them, with the
    // environment's, in one pass.
    let file = "workers = -5\n[limits]\nper_key_per_minute = \"lots\"\n";
    let err = load_with(
        Some(file),
        &[("COFFER_READ_CONNECTIONS", "x")],
        Flags::default(),
    )
    .unwrap_err();
    let text = err.to_string();
    for expected in [
        "COFFER_READ_CONNECTIONS: 'x' is not a whole number",
        "workers: invalid value: integer `-5`, expected a whole number from 0",
        "limits.per_key_per_minute: invalid type: string \"lots\"",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    let err = load_with(Some("listen = \"nowhere\"\n"), &[], Flags::default()).unwrap_err();
    assert!(err.0[0].starts_with("listen:"), "{err}");
    for bad in [
        "custody.example.com",
        "https://",
        "https://x.example/",
        "ftp://x",
    ] {
        let err = load_with(None, &[("COFFER_PUBLIC_URL", bad)], Flags::default()).unwrap_err();
        assert!(err.0[0].starts_with("public_url:"), "{bad}: {err}");
    }
    let ok = load_with(
        None,
        &[("COFFER_PUBLIC_URL", "https://c.example:8443")],
        Flags::default(),
    );
    assert_eq!(ok.unwrap().public_url, "https://c.example:8443");
    let assets = "[[assets]]\nid = \"BTC\"\nname = \"B\"\nnetwork = \"bitcoin\"\ndecimals = 8\nrequired_confirmations = 1\nwithdrawal_fee = \"0.000000001\"\n";
    let err = load_with(Some(assets), &[], Flags::default()).unwrap_err();
    assert!(err.0[0].starts_with("assets.BTC.withdrawal_fee"), "{err}");
}

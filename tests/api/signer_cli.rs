//! The reference offline signer, `coffer-signer`, as an operator runs it:
//! a key file on disk, the account xpub and addresses on stdout. The
//! expected values are the published ones for the BIP-39 test mnemonic
//! "abandon … about", not computed by Coffer's code.

use crate::support::TempDir;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SIGNER: &str = env!("CARGO_BIN_EXE_coffer-signer");
const ABANDON: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
/// m/44'/60'/0' of that mnemonic, as hardware and software wallets export it.
const ACCOUNT_XPUB: &str = "xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHPFsBngh5GFZaM6si3yZdUsT8ddYM3PwnATt";
/// Its master xprv (BIP-32 root), as published with SLIP-0132.
const MASTER_XPRV: &str = "xprv9s21ZrQH143K3GJpoapnV8SFfukcVBSfeCficPSGfubmSFDxo1kuHnLisriDvSnRRuL2Qrg5ggqHKNVpxR86QEC8w35uxmGoggxtQTPvfUu";

fn signer(args: &[&str]) -> Output {
    Command::new(SIGNER).args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "coffer-signer failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn key_file(dir: &Path, name: &str, text: &str, mode: u32) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path
}

#[test]
fn prints_the_account_xpub_and_addresses_of_a_mnemonic() {
    let dir = TempDir::new("signer");
    let key = key_file(dir.path(), "key", &format!("{ABANDON}\n"), 0o600);
    let key = key.to_str().unwrap();

    let out = signer(&["xpub", "--key-file", key]);
    assert_eq!(stdout(&out), format!("{ACCOUNT_XPUB}\n"));
    let json: Value =
        serde_json::from_str(&stdout(&signer(&["xpub", "--key-file", key, "--json"]))).unwrap();
    assert_eq!(json["xpub"], ACCOUNT_XPUB);
    assert_eq!(json["derivationPath"], "m/44'/60'/0'");

    for (index, want) in [
        ("0", "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"),
        ("1", "0x6Fac4D18c912343BF86fa7049364Dd4E424Ab9C0"),
    ] {
        let out = signer(&["address", "--key-file", key, "--index", index]);
        assert_eq!(stdout(&out), format!("{want}\n"));
    }
    let json: Value = serde_json::from_str(&stdout(&signer(&[
        "address",
        "--key-file",
        key,
        "--index",
        "1",
        "--json",
    ])))
    .unwrap();
    assert_eq!(
        json["address"],
        "0x6Fac4D18c912343BF86fa7049364Dd4E424Ab9C0"
    );
    assert_eq!(json["derivationPath"], "m/44'/60'/0'/0/1");

    // The same wallet from its master xprv.
    let xprv = key_file(dir.path(), "xprv", MASTER_XPRV, 0o600);
    let out = signer(&["xpub", "--key-file", xprv.to_str().unwrap()]);
    assert_eq!(stdout(&out), format!("{ACCOUNT_XPUB}\n"));

    // A passphrase opens another wallet.
    let pass = key_file(dir.path(), "pass", "TREZOR\n", 0o600);
    let out = signer(&[
        "xpub",
        "--key-file",
        key,
        "--passphrase-file",
        pass.to_str().unwrap(),
    ]);
    let other = stdout(&out);
    assert!(
        other.starts_with("xpub6") && other != format!("{ACCOUNT_XPUB}\n"),
        "{other}"
    );
}

#[test]
fn refuses_a_key_file_others_can_read_and_bad_keys() {
    let dir = TempDir::new("signer-refuse");
    let open = key_file(dir.path(), "open", ABANDON, 0o644);
    let out = signer(&["xpub", "--key-file", open.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("mode 0644") && err.contains("chmod 600"),
        "{err}"
    );
    assert!(!err.contains("abandon"), "the error shows the key: {err}");

    let typo = key_file(
        dir.path(),
        "typo",
        &ABANDON.replace("about", "abandon"),
        0o600,
    );
    let out = signer(&["xpub", "--key-file", typo.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("mnemonic"), "{err}");
    assert!(!err.contains("abandon"), "the error shows the key: {err}");

    let xpub = key_file(dir.path(), "xpub", ACCOUNT_XPUB, 0o600);
    let out = signer(&["xpub", "--key-file", xpub.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("public key"), "{}", stderr(&out));

    let good = key_file(dir.path(), "good", ABANDON, 0o600);
    let good = good.to_str().unwrap();
    for args in [
        vec!["xpub"],
        vec!["address", "--key-file", good],
        vec!["address", "--key-file", good, "--index", "2147483648"],
        vec!["xpub", "--key-file", good, "--colour", "blue"],
        vec!["sign"],
    ] {
        assert_eq!(signer(&args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn explains_itself_per_command_and_refuses_typos_in_a_few_lines() {
    let out = signer(&["--version"]);
    assert_eq!(
        stdout(&out),
        format!("coffer-signer {}\n", env!("CARGO_PKG_VERSION"))
    );
    for flag in ["--help", "-h"] {
        let help = stdout(&signer(&["sign", flag]));
        assert!(help.contains("Usage: coffer-signer sign"), "{help}");
        for own in ["--key-file", "--id", "--search", "--dry-run"] {
            assert!(help.contains(own), "{flag}: no {own} in {help}");
        }
        assert!(!help.contains("--index"), "{help}");
    }
    assert!(stdout(&signer(&["--help"])).contains("COFFER_KEY_ID"));

    let out = signer(&["xpub", "--key-fil", "k"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("a similar argument exists: '--key-file'"),
        "{err}"
    );
    assert!(!err.contains("Usage:"), "{err}");
    let out = signer(&["address", "--key-file", "k", "--index", "2147483648"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("0..2147483648"), "{}", stderr(&out));
    let out = signer(&["sing"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("'sign'"), "{}", stderr(&out));
}

use super::*;
use crate::crypto::{hex, unhex};

const ABANDON: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
/// Its master key (BIP-39 seed, no passphrase), as published with SLIP-0132.
const ABANDON_MASTER: &str = "xprv9s21ZrQH143K3GJpoapnV8SFfukcVBSfeCficPSGfubmSFDxo1kuHnLisriDvSnRRuL2Qrg5ggqHKNVpxR86QEC8w35uxmGoggxtQTPvfUu";
/// SLIP-0132: its bitcoin account xpub, m/44'/0'/0'.
const ABANDON_BTC_ACCOUNT: &str = "xpub6BosfCnifzxcFwrSzQiqu2DBVTshkCXacvNsWGYJVVhhawA7d4R5WSWGFNbi8Aw6ZRc1brxMyWMzG3DSSSSoekkudhUd9yLb6qx39T9nMdj";
/// Its Ethereum account xpub, m/44'/60'/0', as wallets export it.
const ABANDON_ETH_ACCOUNT: &str = "xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHPFsBngh5GFZaM6si3yZdUsT8ddYM3PwnATt";
/// The first Ethereum address every wallet shows for it (m/44'/60'/0'/0/0),
/// and its secret key.
const ABANDON_0: &str = "0x9858EfFD232B4033E47d90003D41EC34EcaEda94";
const ABANDON_0_SECRET: &str = "1ab42cc412b618bdea3a599e3c9bae199ebf030895b039e9db1e30dafb12b727";

// BIP-32 test vector 1.
const V1_SEED: &str = "000102030405060708090a0b0c0d0e0f";
const V1_M_XPRV: &str = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";
const V1_M_XPUB: &str = "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8";
/// m/0'/1/2': depth 3 but child 2'.
const V1_0H_1_2H_XPRV: &str = "xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM";
/// m/0'/1/2'/2/1000000000.
const V1_LEAF_XPRV: &str = "xprvA41z7zogVVwxVSgdKUHDy1SKmdb533PjDz7J6N6mV6uS3ze1ai8FHa8kmHScGpWmj4WggLyQjgPie1rFSruoUihUZREPSL39UNdE3BBDu76";
/// m/0' (depth 1).
const V1_0H_XPRV: &str = "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7";

fn secret_hex(key: &SecretKey) -> String {
    hex(&key.ecdsa().to_bytes())
}

#[test]
fn bip32_vector1_private_derivation() {
    let master = XPrv::new(unhex(V1_SEED).unwrap()).unwrap();
    assert_eq!(master.to_string(Prefix::XPRV).as_str(), V1_M_XPRV);
    assert_eq!(master.public_key().to_string(Prefix::XPUB), V1_M_XPUB);
    let hardened = derive_private(&master, &[0], true).unwrap();
    assert_eq!(hardened.to_string(Prefix::XPRV).as_str(), V1_0H_XPRV);
    let path = "m/0'/1/2'/2/1000000000".parse().unwrap();
    let leaf = XPrv::derive_from_path(unhex(V1_SEED).unwrap(), &path).unwrap();
    assert_eq!(leaf.to_string(Prefix::XPRV).as_str(), V1_LEAF_XPRV);
}

#[test]
fn xprv_key_files_are_the_master_or_the_account_key() {
    // The master key of vector 1 derives an account; m/0' and m/0'/1/2' do not.
    let from_master = AccountKey::from_xprv(V1_M_XPRV).unwrap();
    assert_eq!(from_master.xpub().0.attrs().depth, 3);
    assert!(matches!(
        AccountKey::from_xprv(V1_0H_XPRV),
        Err(KeyError::WrongDepth { depth: 1, .. })
    ));
    assert_eq!(
        AccountKey::from_xprv(V1_0H_1_2H_XPRV).unwrap_err(),
        KeyError::WrongAccount
    );
    assert_eq!(
        AccountKey::from_xprv(V1_M_XPUB).unwrap_err(),
        KeyError::PublicNotPrivate
    );
    // The account key itself, given as an xprv, is taken as it is.
    let account = from_master.0.to_string(Prefix::XPRV);
    let again = AccountKey::from_xprv(&account).unwrap();
    assert_eq!(again.xpub(), from_master.xpub());
}

#[test]
fn abandon_mnemonic_gives_the_published_first_ethereum_address() {
    let account = AccountKey::from_mnemonic(ABANDON, "").unwrap();
    let key = account.secret_key(0).unwrap();
    assert_eq!(secret_hex(&key), ABANDON_0_SECRET);
    assert_eq!(key.address().to_string(), ABANDON_0);
    // Public derivation from the xpub agrees with private derivation.
    let xpub = account.xpub();
    assert_eq!(xpub.address(0).unwrap().to_string(), ABANDON_0);
    for i in [1, 2, 17, 1_000_000] {
        assert_eq!(
            xpub.address(i).unwrap(),
            account.secret_key(i).unwrap().address()
        );
    }
    assert_eq!(
        xpub.address(1).unwrap().to_string(),
        "0x6Fac4D18c912343BF86fa7049364Dd4E424Ab9C0"
    );
    assert_eq!(xpub.to_string(), ABANDON_ETH_ACCOUNT);
    // The xpub text parses back to the same account.
    assert_eq!(AccountXpub::parse(&xpub.to_string()).unwrap(), xpub);
}

#[test]
fn abandon_mnemonic_matches_its_published_master_and_bitcoin_account() {
    let words = bip39::Mnemonic::parse(ABANDON).unwrap();
    let master = XPrv::new(words.to_seed("")).unwrap();
    assert_eq!(master.to_string(Prefix::XPRV).as_str(), ABANDON_MASTER);
    let btc = derive_private(&master, &[44, 0, 0], true).unwrap();
    assert_eq!(
        btc.public_key().to_string(Prefix::XPUB),
        ABANDON_BTC_ACCOUNT
    );
    // A key file holding that master xprv is the same signer as the words.
    assert_eq!(
        AccountKey::from_xprv(ABANDON_MASTER).unwrap().xpub(),
        AccountKey::from_mnemonic(ABANDON, "").unwrap().xpub()
    );
}

#[test]
fn a_passphrase_gives_another_wallet_and_is_normalised() {
    // BIP-39's reference vectors use the passphrase "TREZOR".
    let trezor = AccountKey::from_mnemonic(ABANDON, "TREZOR").unwrap();
    let seed = bip39::Mnemonic::parse(ABANDON).unwrap().to_seed("TREZOR");
    assert_eq!(
        hex(&seed),
        "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04"
    );
    let plain = AccountKey::from_mnemonic(ABANDON, "").unwrap();
    assert_ne!(trezor.xpub(), plain.xpub());
    // "é" composed (NFC) and decomposed (NFD) are one passphrase (NFKD).
    assert_eq!(
        AccountKey::from_mnemonic(ABANDON, "caf\u{e9}")
            .unwrap()
            .xpub(),
        AccountKey::from_mnemonic(ABANDON, "cafe\u{301}")
            .unwrap()
            .xpub()
    );
}

#[test]
fn key_text_is_words_or_an_xprv() {
    let want = AccountKey::from_mnemonic(ABANDON, "").unwrap().xpub();
    let messy = format!("\n  {}\t\n", ABANDON.replace(' ', "  "));
    assert_eq!(
        AccountKey::from_key_text(&messy, None).unwrap().xpub(),
        want
    );
    let xprv = format!("{ABANDON_MASTER}\n");
    assert_eq!(AccountKey::from_key_text(&xprv, None).unwrap().xpub(), want);
    assert_eq!(
        AccountKey::from_key_text(&xprv, Some("x")).unwrap_err(),
        KeyError::PassphraseWithXprv
    );
    let refused = |text: &str| AccountKey::from_key_text(text, None).unwrap_err();
    // Bad checksum, unknown word, too few words.
    for bad in [
        &ABANDON.replace("about", "abandon"),
        &ABANDON.replace("about", "aboutt"),
        &ABANDON.replacen("abandon ", "", 1),
    ] {
        assert!(matches!(refused(bad), KeyError::Mnemonic(_)), "{bad}");
    }
    assert_eq!(refused(V1_M_XPUB), KeyError::PublicNotPrivate);
    assert_eq!(refused("abandon"), KeyError::Malformed);
}

#[test]
fn secrets_never_print() {
    let account = AccountKey::from_mnemonic(ABANDON, "").unwrap();
    let key = account.secret_key(0).unwrap();
    let shown = format!("{account:?} {key:?}");
    assert_eq!(shown, "[redacted] [redacted]");
    assert!(KeyError::Mnemonic("x".into()).to_string().len() < 100);
}

use super::*;
use crate::crypto::{hex, unhex};

fn bytes(h: &str) -> Vec<u8> {
    unhex(h.trim_start_matches("0x")).unwrap()
}

fn addr(s: &str) -> Address {
    s.parse().unwrap()
}

/// The "abandon … about" key at m/44'/60'/0'/0/0 and its address.
const ABANDON_0_SECRET: &str = "1ab42cc412b618bdea3a599e3c9bae199ebf030895b039e9db1e30dafb12b727";
const ABANDON_0: &str = "0x9858EfFD232B4033E47d90003D41EC34EcaEda94";

fn abandon_key() -> SecretKey {
    SecretKey::from_bytes(&bytes(ABANDON_0_SECRET).try_into().unwrap()).unwrap()
}

fn withdrawal() -> Eip1559Tx {
    Eip1559Tx {
        chain_id: 1,
        nonce: 7,
        max_priority_fee_per_gas: 1_000_000_000,
        max_fee_per_gas: 30_000_000_000,
        gas: 21_000,
        to: addr("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
        value: U256::from(1_500_000_000_000_000_000u128),
        data: Vec::new(),
    }
}

/// The secp256k1 group order n.
fn order() -> U256 {
    "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
        .parse()
        .unwrap()
}

/// Ethereum mainnet transaction 0x0ec0b6a2…ee0 (an EIP-1559 call, used as a
/// vector by reth and alloy): its fields and signature.
fn mainnet_vector() -> (Eip1559Tx, U256, U256) {
    let tx = Eip1559Tx {
        chain_id: 1,
        nonce: 0x42,
        max_priority_fee_per_gas: 0x3b9aca00,
        max_fee_per_gas: 0x4a817c800,
        gas: 44386,
        to: addr("0x6069a6c32cf691f5982febae4faf8a6f3ab2f0f6"),
        value: U256::ZERO,
        data: bytes("a22cb4650000000000000000000000005eee75727d804a2b13038928d36f8b188945a57a0000000000000000000000000000000000000000000000000000000000000000"),
    };
    let r = "0x840cfc572845f5786e702984c2a582528cad4b49b2a10b9db1be7fca90058565"
        .parse()
        .unwrap();
    let s = "0x25e7109ceb98168d95b09b18bbf6b685130e0562f233877d492b94eee0c5b6d1"
        .parse()
        .unwrap();
    (tx, r, s)
}

#[test]
fn mainnet_eip1559_vector_has_its_hash_and_sender() {
    let (tx, r, s) = mainnet_vector();
    let raw = tx.envelope(Some((false, &r, &s)));
    // The hash the chain knows it by: our encoding is byte for byte theirs.
    assert_eq!(
        hex(&keccak256(&raw)),
        "0ec0b6a2df4d87424e5f6ad2a654e27aaeb7dac20ae9e8385cc09087ad532ee0"
    );
    let signed = decode_signed(&raw).unwrap();
    assert_eq!(signed.tx, tx);
    assert_eq!(
        signed.sender.to_string(),
        "0xDD6B8b3dC6B7AD97db52F08a275FF4483e024CEa"
    );
    assert_eq!(signed.hash, keccak256(&raw));
    assert_eq!(signed.mismatch(&tx, signed.sender), None);
}

#[test]
fn unsigned_payload_is_type_2_rlp_with_an_empty_access_list() {
    let tx = Eip1559Tx {
        chain_id: 1,
        nonce: 0,
        max_priority_fee_per_gas: 1_000_000_000,
        max_fee_per_gas: 2_000_000_000,
        gas: 21_000,
        to: Address([0x11; 20]),
        value: U256::from(1_000_000_000_000_000_000u64),
        data: Vec::new(),
    };
    // Worked by hand: 0x02, a 47-byte list (0xef), chainId 1, nonce 0 (0x80),
    // two 4-byte fees, gas 0x5208, 20-byte to, 8-byte value, empty data
    // (0x80) and the empty access list (0xc0).
    let want = format!(
        "02ef0180843b9aca00847735940082520894{}880de0b6b3a764000080c0",
        "11".repeat(20)
    );
    assert_eq!(hex(&tx.unsigned_payload()), want);
    assert_eq!(tx.signing_hash(), keccak256(&bytes(&want)));
}

#[test]
fn sign_then_decode_round_trips_with_a_value_past_2_pow_64() {
    let key = abandon_key();
    assert_eq!(key.address().to_string(), ABANDON_0);
    let mut tx = withdrawal();
    // 123456789012.345678901234567890 ETH: past u64 and past 2^96.
    tx.value = "123456789012345678901234567890".parse().unwrap();
    assert!(tx.value > U256::from(u64::MAX));
    tx.data = bytes("a9059cbb");
    let raw = sign(&tx, &key).unwrap();
    assert_eq!(raw[0], 0x02);
    let signed = decode_signed(&raw).unwrap();
    assert_eq!(signed.tx, tx);
    assert_eq!(
        signed.tx.value.to_string(),
        "123456789012345678901234567890"
    );
    assert_eq!(signed.sender.to_string(), ABANDON_0);
    assert_eq!(signed.hash, keccak256(&raw));
    // RFC 6979: the same transaction signs to the same bytes.
    assert_eq!(sign(&tx, &key).unwrap(), raw);
    // Past 2^128 too: nothing on the way narrows the value.
    tx.value = U256::from_be_bytes([0xab; 32]);
    let signed = decode_signed(&sign(&tx, &key).unwrap()).unwrap();
    assert_eq!(signed.tx.value, U256::from_be_bytes([0xab; 32]));
}

#[test]
fn a_wrong_chain_id_or_field_or_sender_is_a_mismatch() {
    let key = abandon_key();
    let signed = decode_signed(&sign(&withdrawal(), &key).unwrap()).unwrap();
    let from = addr(ABANDON_0);
    assert_eq!(signed.mismatch(&withdrawal(), from), None);

    let on_goerli = Eip1559Tx {
        chain_id: 5,
        ..withdrawal()
    };
    assert_eq!(
        signed.mismatch(&on_goerli, from).as_deref(),
        Some("chainId differs from the signer request")
    );
    let other_value = Eip1559Tx {
        value: U256::from(1u64),
        ..withdrawal()
    };
    assert_eq!(
        signed.mismatch(&other_value, from).as_deref(),
        Some("value differs from the signer request")
    );
    let someone = addr("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    assert!(signed
        .mismatch(&withdrawal(), someone)
        .unwrap()
        .starts_with("signed by 0x9858EfFD232B4033E47d90003D41EC34EcaEda94"));

    let base = withdrawal();
    let variants: [(Eip1559Tx, &str); 8] = [
        (
            Eip1559Tx {
                chain_id: 2,
                ..base.clone()
            },
            "chainId",
        ),
        (
            Eip1559Tx {
                nonce: 8,
                ..base.clone()
            },
            "nonce",
        ),
        (
            Eip1559Tx {
                max_priority_fee_per_gas: 2,
                ..base.clone()
            },
            "maxPriorityFeePerGas",
        ),
        (
            Eip1559Tx {
                max_fee_per_gas: 2,
                ..base.clone()
            },
            "maxFeePerGas",
        ),
        (
            Eip1559Tx {
                gas: 21_001,
                ..base.clone()
            },
            "gas",
        ),
        (
            Eip1559Tx {
                to: Address([0; 20]),
                ..base.clone()
            },
            "to",
        ),
        (
            Eip1559Tx {
                value: U256::ZERO,
                ..base.clone()
            },
            "value",
        ),
        (
            Eip1559Tx {
                data: vec![0],
                ..base.clone()
            },
            "data",
        ),
    ];
    for (other, field) in variants {
        assert_eq!(base.first_difference(&other), Some(field));
    }
}

#[test]
fn every_flipped_bit_is_refused_or_changes_what_was_signed() {
    let key = abandon_key();
    let tx = withdrawal();
    let raw = sign(&tx, &key).unwrap();
    for i in 0..raw.len() {
        for bit in [0x01u8, 0x80] {
            let mut bad = raw.clone();
            bad[i] ^= bit;
            if let Ok(signed) = decode_signed(&bad) {
                assert!(
                    signed.mismatch(&tx, key.address()).is_some(),
                    "byte {i} bit {bit:#x} still matches"
                );
            }
        }
    }
}

/// An RLP string item.
fn item(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    payload.encode(&mut out);
    out
}

/// `0x02 || list(items)` from already encoded items.
fn typed_list(items: &[Vec<u8>]) -> Vec<u8> {
    let body = items.concat();
    let mut out = vec![TYPE_EIP1559];
    Header {
        list: true,
        payload_length: body.len(),
    }
    .encode(&mut out);
    out.extend(body);
    out
}

/// The 12 encoded items of the signed `withdrawal()`.
fn signed_items() -> Vec<Vec<u8>> {
    let raw = sign(&withdrawal(), &abandon_key()).unwrap();
    let mut buf = &raw[1..];
    Header::decode(&mut buf).unwrap();
    let mut items = Vec::new();
    while !buf.is_empty() {
        let before = buf;
        let h = Header::decode(&mut buf).unwrap();
        buf = &buf[h.payload_length..];
        items.push(before[..before.len() - buf.len()].to_vec());
    }
    assert_eq!(items.len(), 12);
    assert_eq!(typed_list(&items), raw);
    items
}

fn refusal(items: &[Vec<u8>]) -> TxError {
    decode_signed(&typed_list(items)).unwrap_err()
}

#[test]
fn other_types_and_framing_errors_are_refused() {
    let raw = sign(&withdrawal(), &abandon_key()).unwrap();
    assert_eq!(decode_signed(&[]), Err(TxError::Empty));
    for (first, what) in [
        (0xf8, "legacy"),
        (0x01, "EIP-2930"),
        (0x03, "EIP-4844"),
        (0x04, "EIP-7702"),
        (0x05, "unknown"),
    ] {
        let mut other = raw.clone();
        other[0] = first;
        let e = decode_signed(&other).unwrap_err();
        assert!(matches!(e, TxError::WrongType(_)), "{e}");
        assert!(e.to_string().contains(what), "{e}");
    }
    let mut trailing = raw.clone();
    trailing.push(0);
    assert_eq!(decode_signed(&trailing), Err(TxError::TrailingBytes(1)));
    assert_eq!(
        decode_signed(&raw[..raw.len() - 1]),
        Err(TxError::Rlp {
            field: "the transaction list",
            error: alloy_rlp::Error::InputTooShort
        })
    );
    // A string where the list belongs.
    assert!(matches!(
        decode_signed(&[0x02, 0x82, 0x01, 0x02]),
        Err(TxError::Rlp { .. })
    ));
}

#[test]
fn non_canonical_and_unexpected_fields_are_refused() {
    let good = signed_items();
    let with = |at: usize, value: Vec<u8>| {
        let mut items = good.clone();
        items[at] = value;
        items
    };
    let rlp = |e: &TxError| match e {
        TxError::Rlp { field, error } => (*field, *error),
        other => panic!("{other}"),
    };
    // nonce 7 as a one-byte string, then with a leading zero.
    let e = refusal(&with(1, vec![0x81, 0x07]));
    assert_eq!(rlp(&e), ("nonce", alloy_rlp::Error::NonCanonicalSingleByte));
    let e = refusal(&with(1, vec![0x82, 0x00, 0x07]));
    assert_eq!(rlp(&e), ("nonce", alloy_rlp::Error::LeadingZero));
    // One byte of data spelled with a long-form length.
    let e = refusal(&with(7, vec![0xb8, 0x01, 0xff]));
    assert_eq!(rlp(&e), ("data", alloy_rlp::Error::NonCanonicalSize));
    assert_eq!(refusal(&with(5, item(&[]))), TxError::ContractCreation);
    assert_eq!(refusal(&with(5, item(&[1; 19]))), TxError::BadAddress);
    assert_eq!(
        refusal(&with(8, vec![0xc1, 0xc0])),
        TxError::AccessListNotEmpty
    );
    let e = refusal(&with(8, vec![0x80]));
    assert_eq!(rlp(&e), ("accessList", alloy_rlp::Error::UnexpectedString));
    assert_eq!(refusal(&with(9, vec![0x02])), TxError::BadYParity(2));
    assert_eq!(refusal(&with(10, vec![0x80])), TxError::BadSignature);
    let mut extra = good.clone();
    extra.push(vec![0x80]);
    assert_eq!(refusal(&extra), TxError::TooManyFields);
    let e = refusal(&good[..11]);
    assert_eq!(rlp(&e), ("s", alloy_rlp::Error::InputTooShort));
}

#[test]
fn the_high_s_twin_of_a_valid_signature_is_refused() {
    let items = signed_items();
    let s = U256::decode(&mut &items[11][..]).unwrap();
    let y = items[9][0] == 0x01;
    // (r, n - s) with the other parity verifies for the same key: EIP-2
    // refuses it so that one transaction has one encoding.
    use k256::elliptic_curve::PrimeField;
    let scalar = |v: U256| {
        Option::<k256::Scalar>::from(k256::Scalar::from_repr(v.to_be_bytes().into())).unwrap()
    };
    let high = U256::from_be_bytes((-scalar(s)).to_bytes().into());
    assert!(s < high && high < order());
    let mut twin = items.clone();
    twin[9] = if y { vec![0x80] } else { vec![0x01] };
    twin[11] = item(high.trimmed());
    assert_eq!(refusal(&twin), TxError::HighS);
}

//! Bech32 (BIP-173) and bech32m (BIP-350) strings, and the segwit addresses
//! built on them. Only what address validation and the sandbox's address
//! generation need: no error localisation.

const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const GENERATORS: [u32; 5] = [
    0x3b6a_57b2,
    0x2650_8e6d,
    0x1ea1_19fa,
    0x3d42_33dd,
    0x2a14_62b3,
];
const MAX_LENGTH: usize = 90;
const CHECKSUM_LENGTH: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Variant {
    Bech32,
    Bech32m,
}

impl Variant {
    const fn constant(self) -> u32 {
        match self {
            Variant::Bech32 => 1,
            Variant::Bech32m => 0x2bc8_30a3,
        }
    }
}

fn polymod(values: impl Iterator<Item = u8>) -> u32 {
    let mut chk: u32 = 1;
    for v in values {
        let top = chk >> 25;
        chk = ((chk & 0x01ff_ffff) << 5) ^ u32::from(v);
        for (i, g) in GENERATORS.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

fn hrp_expand(hrp: &[u8]) -> impl Iterator<Item = u8> + '_ {
    hrp.iter()
        .map(|b| b >> 5)
        .chain(std::iter::once(0))
        .chain(hrp.iter().map(|b| b & 31))
}

/// Decodes any bech32 or bech32m string into its lowercase HRP, its 5-bit data
/// values without the checksum, and the checksum variant that matched.
pub(super) fn decode(s: &str) -> Option<(String, Vec<u8>, Variant)> {
    let bytes = s.as_bytes();
    // The 33..=126 range also guarantees ASCII, so byte offsets are char offsets.
    if bytes.len() > MAX_LENGTH || !bytes.iter().all(|b| (33..=126).contains(b)) {
        return None;
    }
    let has_lower = bytes.iter().any(u8::is_ascii_lowercase);
    let has_upper = bytes.iter().any(u8::is_ascii_uppercase);
    if has_lower && has_upper {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let sep = lower.rfind('1')?;
    if sep == 0 || sep + 1 + CHECKSUM_LENGTH > lower.len() {
        return None;
    }
    let (hrp, rest) = lower.split_at(sep);
    let data = rest
        .bytes()
        .skip(1)
        .map(|c| CHARSET.iter().position(|&x| x == c).map(|p| p as u8))
        .collect::<Option<Vec<u8>>>()?;
    let residue = polymod(hrp_expand(hrp.as_bytes()).chain(data.iter().copied()));
    let variant = [Variant::Bech32, Variant::Bech32m]
        .into_iter()
        .find(|v| v.constant() == residue)?;
    let payload_len = data.len() - CHECKSUM_LENGTH;
    let mut data = data;
    data.truncate(payload_len);
    Some((hrp.to_string(), data, variant))
}

/// Encodes without validating: callers pass a lowercase HRP, and anything
/// else gives a string that [`decode`] refuses rather than a panic.
pub(super) fn encode(hrp: &str, data: &[u8], variant: Variant) -> String {
    let residue = polymod(
        hrp_expand(hrp.as_bytes())
            .chain(data.iter().copied())
            .chain([0u8; CHECKSUM_LENGTH]),
    ) ^ variant.constant();
    let checksum = (0..CHECKSUM_LENGTH).map(|i| ((residue >> (5 * (5 - i))) & 31) as u8);
    let mut out = String::with_capacity(hrp.len() + 1 + data.len() + CHECKSUM_LENGTH);
    out.push_str(hrp);
    out.push('1');
    for v in data.iter().copied().chain(checksum) {
        out.push(char::from(CHARSET[usize::from(v & 31)]));
    }
    out
}

/// Regroups bits (8 -> 5 to encode, 5 -> 8 to decode). Decoding refuses more
/// than `from - 1` bits of padding or non-zero padding, as BIP-173 requires.
fn convert_bits(data: &[u8], from: u32, to: u32, pad: bool) -> Option<Vec<u8>> {
    let mut acc: u32 = 0;
    let mut bits: u32 = 0;
    let max_value: u32 = (1 << to) - 1;
    let mut out = Vec::with_capacity(data.len() * from as usize / to as usize + 1);
    for &value in data {
        let value = u32::from(value);
        if value >> from != 0 {
            return None;
        }
        acc = (acc << from) | value;
        bits += from;
        while bits >= to {
            bits -= to;
            out.push(((acc >> bits) & max_value) as u8);
        }
        // Keep only the bits not yet emitted, so acc never overflows.
        acc &= (1 << bits) - 1;
    }
    if pad {
        if bits > 0 {
            out.push(((acc << (to - bits)) & max_value) as u8);
        }
    } else if bits >= from || acc != 0 {
        return None;
    }
    Some(out)
}

/// Decodes a segwit address for one expected HRP into (version, program),
/// enforcing BIP-141 program lengths and the BIP-350 variant per version.
pub(super) fn decode_segwit(expected_hrp: &str, s: &str) -> Option<(u8, Vec<u8>)> {
    let (hrp, data, variant) = decode(s)?;
    if hrp != expected_hrp {
        return None;
    }
    let (&version, program5) = data.split_first()?;
    if version > 16 {
        return None;
    }
    let program = convert_bits(program5, 5, 8, false)?;
    if !(2..=40).contains(&program.len()) {
        return None;
    }
    if version == 0 && program.len() != 20 && program.len() != 32 {
        return None;
    }
    let expected_variant = if version == 0 {
        Variant::Bech32
    } else {
        Variant::Bech32m
    };
    (variant == expected_variant).then_some((version, program))
}

/// Encodes a segwit address with the variant its version calls for. Does not
/// check the version or program length: [`decode_segwit`] is the judge.
pub(super) fn encode_segwit(hrp: &str, version: u8, program: &[u8]) -> String {
    let variant = if version == 0 {
        Variant::Bech32
    } else {
        Variant::Bech32m
    };
    let mut data = vec![version];
    // 8 -> 5 with padding cannot fail: every input byte fits in 8 bits.
    data.extend(convert_bits(program, 8, 5, true).unwrap_or_default());
    encode(hrp, &data, variant)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    // BIP-173 and BIP-350 "valid" string lists.
    const VALID_BECH32: &[&str] = &[
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl",
    ];
    const VALID_BECH32M: &[&str] = &[
        "A1LQFN3A",
        "a1lqfn3a",
        "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
        "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
        "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
        "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
        "?1v759aa",
    ];

    #[test]
    fn accepts_the_bip_valid_strings_with_the_right_variant() {
        for (list, want) in [
            (VALID_BECH32, Variant::Bech32),
            (VALID_BECH32M, Variant::Bech32m),
        ] {
            for s in list {
                let (hrp, _, variant) = decode(s).unwrap_or_else(|| panic!("{s}"));
                assert_eq!(variant, want, "{s}");
                let sep = s.rfind('1').unwrap();
                assert_eq!(hrp, s[..sep].to_ascii_lowercase());
                // Flipping one bit of the first data character must break it.
                let mut flipped = s.as_bytes().to_vec();
                flipped[sep + 1] ^= 1;
                assert_eq!(decode(std::str::from_utf8(&flipped).unwrap()), None, "{s}");
            }
        }
        let (hrp, data, _) = decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw").unwrap();
        assert_eq!(hrp, "abcdef");
        assert_eq!(data, (0u8..32).collect::<Vec<_>>());
    }

    #[test]
    fn refuses_the_bip_invalid_strings() {
        for s in [
            // BIP-173
            " 1nwldj5",
            "\u{7f}1axkwrx",
            "\u{80}1eym55h",
            "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
            "pzry9x0s0muk",
            "1pzry9x0s0muk",
            "x1b4n0q5v",
            "li1dgmt3",
            "de1lg7wt\u{ff}",
            "A1G7SGD8",
            "10a06t8",
            "1qzzfhee",
            // BIP-350
            " 1xj0phk",
            "\u{7f}1g6xzxy",
            "\u{80}1vctc34",
            "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
            "qyrz8wqd2c9m",
            "1qyrz8wqd2c9m",
            "y1b0jsk6g",
            "lt1igcx5c0",
            "in1muywd",
            "mm1crxm3i",
            "au1s5cgom",
            "M1VUXWEZ",
            "16plkw9",
            "1p2gdwpf",
        ] {
            assert_eq!(decode(s), None, "{s:?}");
        }
    }

    #[test]
    fn encode_inverts_decode() {
        for s in VALID_BECH32.iter().chain(VALID_BECH32M) {
            let (hrp, data, variant) = decode(s).unwrap();
            assert_eq!(encode(&hrp, &data, variant), s.to_ascii_lowercase());
        }
    }

    #[test]
    fn converts_bits_both_ways() {
        let bytes = [0x75, 0x1e, 0x76, 0xe8, 0x19];
        let five = convert_bits(&bytes, 8, 5, true).unwrap();
        assert_eq!(five, [14, 20, 15, 7, 13, 26, 0, 25]);
        assert_eq!(convert_bits(&five, 5, 8, false).unwrap(), bytes);
        // Two bytes need four 5-bit groups, the last carrying 4 padding bits.
        let five = convert_bits(&[0x75, 0x1e], 8, 5, true).unwrap();
        assert_eq!(five, [14, 20, 15, 0]);
        assert_eq!(convert_bits(&five, 5, 8, false).unwrap(), [0x75, 0x1e]);
        // A non-zero padding bit, and a whole spare group, are refused.
        assert_eq!(convert_bits(&[14, 20, 15, 1], 5, 8, false), None);
        assert_eq!(convert_bits(&[0], 5, 8, false), None);
        assert_eq!(convert_bits(&[0; 6], 5, 8, false), None);
        assert_eq!(convert_bits(&[0; 5], 5, 8, false).unwrap(), [0, 0, 0]);
        assert_eq!(convert_bits(&[32], 5, 8, false), None);
    }

    #[test]
    fn segwit_round_trip_picks_the_variant_by_version() {
        let program = [0x75u8; 32];
        let v0 = encode_segwit("bc", 0, &program);
        assert_eq!(decode(&v0).unwrap().2, Variant::Bech32);
        assert_eq!(decode_segwit("bc", &v0), Some((0, program.to_vec())));
        let v1 = encode_segwit("tb", 1, &program);
        assert_eq!(decode(&v1).unwrap().2, Variant::Bech32m);
        assert_eq!(decode_segwit("tb", &v1), Some((1, program.to_vec())));
        assert_eq!(decode_segwit("bc", &v1), None);
    }

    #[test]
    fn segwit_encoding_of_invalid_inputs_does_not_decode() {
        // BIP-350's INVALID_ADDRESS_ENC list: the encoder does not judge, the decoder does.
        for (hrp, version, len) in [
            ("BC", 0u8, 20usize),
            ("bc", 0, 21),
            ("bc", 17, 32),
            ("bc", 1, 1),
            ("bc", 16, 41),
        ] {
            let s = encode_segwit(hrp, version, &vec![0; len]);
            assert_eq!(decode_segwit("bc", &s), None, "{hrp} {version} {len}");
        }
    }
}

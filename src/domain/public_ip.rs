//! Which addresses a live webhook may reach: public unicast only. The tables
//! are the IANA IPv4 and IPv6 Special-Purpose Address Registries (plus
//! multicast and the deprecated blocks), and IPv6 forms that carry an IPv4
//! address (mapped, NAT64, 6to4) are judged by the address they carry, so
//! `[::ffff:127.0.0.1]` and `[64:ff9b::7f00:1]` are the loopback they are
//! (docs/security.md, "Webhook targets").
//!
//! Why a table here rather than a crate: the crates we checked (`ip_network`'s
//! `is_global`, `iprfc`) miss the IPv6 translation forms and IPv4 multicast,
//! which is exactly what an attacker reaches for.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// IPv4 blocks no live webhook may target: (network, prefix length).
const IPV4_SPECIAL: &[([u8; 4], u8)] = &[
    ([0, 0, 0, 0], 8),       // "this network"
    ([10, 0, 0, 0], 8),      // private use
    ([100, 64, 0, 0], 10),   // shared address space (CGNAT)
    ([127, 0, 0, 0], 8),     // loopback
    ([169, 254, 0, 0], 16),  // link local
    ([172, 16, 0, 0], 12),   // private use
    ([192, 0, 0, 0], 24),    // IETF protocol assignments
    ([192, 0, 2, 0], 24),    // documentation (TEST-NET-1)
    ([192, 88, 99, 0], 24),  // deprecated 6to4 relay anycast
    ([192, 168, 0, 0], 16),  // private use
    ([198, 18, 0, 0], 15),   // benchmarking
    ([198, 51, 100, 0], 24), // documentation (TEST-NET-2)
    ([203, 0, 113, 0], 24),  // documentation (TEST-NET-3)
    ([224, 0, 0, 0], 4),     // multicast
    ([240, 0, 0, 0], 4),     // reserved, and the limited broadcast address
];

/// IPv6 blocks no live webhook may target, after the IPv4-carrying forms
/// below were judged by their IPv4 address.
const IPV6_SPECIAL: &[(u128, u8)] = &[
    (0, 96),                      // unspecified, loopback, IPv4-compatible (deprecated)
    (0x0064_ff9b_0001 << 80, 48), // local-use IPv4/IPv6 translation
    (0x0100 << 112, 64),          // discard-only
    (0x2001 << 112, 23),          // IETF protocol assignments (Teredo, benchmarking, ORCHID)
    (0x2001_0db8 << 96, 32),      // documentation
    (0x3fff << 112, 20),          // documentation
    (0x5f00 << 112, 16),          // segment routing SIDs
    (0xfc00 << 112, 7),           // unique local
    (0xfe80 << 112, 10),          // link local
    (0xfec0 << 112, 10),          // site local (deprecated)
    (0xff00 << 112, 8),           // multicast
];

/// True for an address a live webhook may be delivered to.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match carried_ipv4(v6) {
            Some(v4) => is_public_v4(v4),
            None => !IPV6_SPECIAL
                .iter()
                .any(|&(net, len)| in_prefix(u128::from(v6), net, len, 128)),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let ip = u32::from(ip);
    !IPV4_SPECIAL
        .iter()
        .any(|&(net, len)| in_prefix(u128::from(ip), u128::from(u32::from_be_bytes(net)), len, 32))
}

/// The IPv4 address an IPv6 address stands for: IPv4-mapped
/// (`::ffff:0:0/96`), the NAT64 well-known prefix (`64:ff9b::/96`), or 6to4
/// (`2002::/16`, the address in bits 16 to 48).
fn carried_ipv4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let bits = u128::from(ip);
    let low32 = Ipv4Addr::from((bits & 0xffff_ffff) as u32);
    if in_prefix(bits, 0xffff << 32, 96, 128) || in_prefix(bits, 0x0064_ff9b << 96, 96, 128) {
        return Some(low32);
    }
    if in_prefix(bits, 0x2002 << 112, 16, 128) {
        return Some(Ipv4Addr::from(((bits >> 80) & 0xffff_ffff) as u32));
    }
    None
}

/// Whether the top `len` bits of `ip` equal those of `net`, in a `width`-bit space.
fn in_prefix(ip: u128, net: u128, len: u8, width: u32) -> bool {
    let shift = width - u32::from(len);
    let mask = if shift >= 128 { 0 } else { u128::MAX << shift };
    (ip & mask) == (net & mask)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(ip: &str) -> bool {
        is_public(ip.parse().unwrap())
    }

    #[test]
    fn special_purpose_addresses_are_not_public() {
        for special in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.1.1",
            "100.64.0.1",
            "0.0.0.0",
            "192.0.0.8",
            "192.0.2.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
            "64:ff9b::7f00:1",
            "64:ff9b::a00:1",
            "64:ff9b:1::1",
            "2002:7f00:1::1",
            "2002:c0a8:101::",
            "100::1",
            "2001::1",
            "2001:2::1",
            "2001:db8::1",
            "3fff::1",
            "5f00::1",
            "fd00::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "ff0e::1",
        ] {
            assert!(!public(special), "{special} must not be public");
        }
    }

    #[test]
    fn ordinary_addresses_are_public() {
        for ip in [
            "93.184.216.34",
            "8.8.8.8",
            "1.1.1.1",
            "198.17.255.255",
            "198.20.0.0",
            "223.255.255.255",
            "2606:4700::1111",
            "2a00:1450:4001::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert!(public(ip), "{ip} is public");
        }
    }
}

use super::*;

fn cidr(s: &str) -> Cidr {
    s.parse().unwrap()
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn kind(s: &str) -> CidrErrorKind {
    s.parse::<Cidr>().unwrap_err().kind
}

#[test]
fn parses_and_prints_canonically() {
    for (input, canonical) in [
        ("10.0.0.0/8", "10.0.0.0/8"),
        ("10.1.2.3/8", "10.0.0.0/8"),
        ("192.168.1.77/24", "192.168.1.0/24"),
        ("1.2.3.4", "1.2.3.4/32"),
        ("1.2.3.4/32", "1.2.3.4/32"),
        ("0.0.0.0/0", "0.0.0.0/0"),
        ("255.255.255.255/0", "0.0.0.0/0"),
        ("172.16.0.0/12", "172.16.0.0/12"),
        ("172.31.255.255/12", "172.16.0.0/12"),
        ("2001:db8::/32", "2001:db8::/32"),
        ("2001:DB8:0:0:0:0:0:1/32", "2001:db8::/32"),
        ("2001:db8::1", "2001:db8::1/128"),
        ("::/0", "::/0"),
        ("ffff::1/0", "::/0"),
        ("::1", "::1/128"),
        ("fe80::1234/10", "fe80::/10"),
        ("2001:db8:abcd:12ff::/63", "2001:db8:abcd:12fe::/63"),
        ("::ffff:10.0.0.1/120", "::ffff:10.0.0.0/120"),
    ] {
        assert_eq!(cidr(input).to_string(), canonical, "{input}");
    }
    let c = cidr("10.1.2.3/8");
    assert_eq!(c.network(), ip("10.0.0.0"));
    assert_eq!(c.prefix_len(), 8);
}

#[test]
fn refuses_garbage_with_a_reason() {
    assert_eq!(kind(""), CidrErrorKind::Empty);
    assert_eq!(
        kind("1.2.3.4/33"),
        CidrErrorKind::PrefixOutOfRange { max: 32 }
    );
    assert_eq!(
        kind("1.2.3.4/255"),
        CidrErrorKind::PrefixOutOfRange { max: 32 }
    );
    assert_eq!(
        kind("1.2.3.4/256"),
        CidrErrorKind::PrefixOutOfRange { max: 32 }
    );
    assert_eq!(kind("::/129"), CidrErrorKind::PrefixOutOfRange { max: 128 });
    assert_eq!(kind("fe80::1%eth0"), CidrErrorKind::ZoneNotAllowed);
    assert_eq!(kind("fe80::1%1/64"), CidrErrorKind::ZoneNotAllowed);
    for bad_prefix in [
        "1.2.3.4/",
        "1.2.3.4/+8",
        "1.2.3.4/-1",
        "1.2.3.4/08",
        "1.2.3.4/8 ",
        "1.2.3.4/8/8",
        "1.2.3.4/x",
        "::/ 64",
        "10.0.0.0/٨",
    ] {
        assert_eq!(kind(bad_prefix), CidrErrorKind::BadPrefix, "{bad_prefix:?}");
    }
    for bad_address in [
        "localhost",
        "1.2.3",
        "1.2.3.4.5",
        "256.0.0.0/8",
        "01.2.3.4",
        " 1.2.3.4",
        "1.2.3.4 ",
        "[::1]",
        "[::1]/128",
        "::g",
        "/8",
        "10.0.0.0 /8",
        "1.2.3.4:80",
        "*",
    ] {
        assert_eq!(
            kind(bad_address),
            CidrErrorKind::BadAddress,
            "{bad_address:?}"
        );
    }
}

#[test]
fn matches_edges_exactly() {
    let net = cidr("10.0.0.0/8");
    assert!(net.contains(ip("10.0.0.0")));
    assert!(net.contains(ip("10.255.255.255")));
    assert!(!net.contains(ip("11.0.0.0")));
    assert!(!net.contains(ip("9.255.255.255")));

    let host = cidr("203.0.113.7/32");
    assert!(host.contains(ip("203.0.113.7")));
    assert!(!host.contains(ip("203.0.113.6")));
    assert!(!host.contains(ip("203.0.113.8")));

    let any4 = cidr("0.0.0.0/0");
    assert!(any4.contains(ip("0.0.0.0")) && any4.contains(ip("255.255.255.255")));
    assert!(!any4.contains(ip("2001:db8::1")));

    let host6 = cidr("2001:db8::7/128");
    assert!(host6.contains(ip("2001:db8::7")));
    assert!(!host6.contains(ip("2001:db8::8")));

    let net6 = cidr("2001:db8::/32");
    assert!(net6.contains(ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")));
    assert!(!net6.contains(ip("2001:db9::")));

    let any6 = cidr("::/0");
    assert!(any6.contains(ip("::")) && any6.contains(ip("ffff::1")));
    assert!(!any6.contains(ip("1.2.3.4")));
}

#[test]
fn ipv4_mapped_clients_match_ipv4_entries() {
    let net = cidr("192.0.2.0/24");
    assert!(net.contains(ip("::ffff:192.0.2.10")));
    assert!(!net.contains(ip("::ffff:192.0.3.10")));
    assert!(cidr("0.0.0.0/0").contains(ip("::ffff:8.8.8.8")));
    // The deprecated IPv4-compatible form (::a.b.c.d) is not IPv4, nor is ::1.
    assert!(!net.contains(ip("::192.0.2.10")));
    assert!(!cidr("0.0.0.1/32").contains(ip("::1")));
    // A mapped entry still matches the mapped client literally.
    assert!(cidr("::ffff:0:0/96").contains(ip("::ffff:192.0.2.10")));
}

#[test]
fn allow_list_semantics() {
    let empty = IpAllowList::parse::<String>(&[]).unwrap();
    assert!(empty.is_empty());
    assert!(empty.allows(ip("1.2.3.4")) && empty.allows(ip("::1")));
    assert_eq!(empty, IpAllowList::default());

    let entries = vec![
        "10.0.0.0/8".to_string(),
        "2001:db8::/32".to_string(),
        "198.51.100.9".to_string(),
    ];
    let list = IpAllowList::parse(&entries).unwrap();
    assert!(!list.is_empty());
    assert_eq!(list.entries().len(), 3);
    assert_eq!(list.entries()[2].to_string(), "198.51.100.9/32");
    for allowed in [
        "10.9.8.7",
        "2001:db8::42",
        "198.51.100.9",
        "::ffff:10.1.1.1",
    ] {
        assert!(list.allows(ip(allowed)), "{allowed}");
    }
    for refused in [
        "11.0.0.1",
        "2001:db9::1",
        "198.51.100.10",
        "127.0.0.1",
        "::1",
    ] {
        assert!(!list.allows(ip(refused)), "{refused}");
    }
}

#[test]
fn allow_list_errors_name_the_bad_entry() {
    let err = IpAllowList::parse(&["10.0.0.0/8", "1.2.3.4/33", "nonsense"]).unwrap_err();
    assert_eq!(err.index, Some(1));
    assert_eq!(err.input, "1.2.3.4/33");
    assert_eq!(err.kind, CidrErrorKind::PrefixOutOfRange { max: 32 });
    assert_eq!(
        err.to_string(),
        "entry 1 (\"1.2.3.4/33\") has a prefix length above 32"
    );

    let err = IpAllowList::parse(&["::1", "fe80::1%eth0"]).unwrap_err();
    assert_eq!(err.index, Some(1));
    assert_eq!(err.kind, CidrErrorKind::ZoneNotAllowed);

    let err = "bad\nentry".parse::<Cidr>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"bad\\nentry\" is not an IPv4 or IPv6 address or CIDR block"
    );

    let long = "x".repeat(10_000);
    let err = IpAllowList::parse(&[long.as_str()]).unwrap_err();
    assert_eq!(err.input.len(), MAX_QUOTED_CHARS);
    assert_eq!(err.index, Some(0));
}

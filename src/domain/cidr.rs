//! IP allow-lists for API keys: CIDR blocks, IPv4 and IPv6.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// A network: an address with its host bits cleared, and a prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Host bits in `addr` are cleared, so "10.1.2.3/8" becomes "10.0.0.0/8".
    pub fn new(addr: IpAddr, prefix: u8) -> Result<Cidr, CidrErrorKind> {
        let max = max_prefix(addr);
        if prefix > max {
            return Err(CidrErrorKind::PrefixOutOfRange { max });
        }
        let network = match addr {
            IpAddr::V4(a) => IpAddr::V4(Ipv4Addr::from(u32::from(a) & v4_mask(prefix))),
            IpAddr::V6(a) => IpAddr::V6(Ipv6Addr::from(u128::from(a) & v6_mask(prefix))),
        };
        Ok(Cidr { network, prefix })
    }

    pub fn network(&self) -> IpAddr {
        self.network
    }

    pub fn prefix_len(&self) -> u8 {
        self.prefix
    }

    /// An IPv4-mapped IPv6 client (`::ffff:1.2.3.4`, what a dual-stack socket
    /// reports for an IPv4 peer) is matched as the IPv4 address it carries.
    /// Plain IPv4 clients never match IPv6 entries, so `::/0` means "any
    /// IPv6 client", not "everyone".
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => self.contains_v4(net, ip),
            (IpAddr::V4(net), IpAddr::V6(ip)) => ip
                .to_ipv4_mapped()
                .is_some_and(|ip| self.contains_v4(net, ip)),
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                u128::from(ip) & v6_mask(self.prefix) == u128::from(net)
            }
            (IpAddr::V6(_), IpAddr::V4(_)) => false,
        }
    }

    fn contains_v4(&self, net: Ipv4Addr, ip: Ipv4Addr) -> bool {
        u32::from(ip) & v4_mask(self.prefix) == u32::from(net)
    }
}

fn max_prefix(addr: IpAddr) -> u8 {
    match addr {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    }
}

// checked_shl, because a /0 mask would shift by the full width.
fn v4_mask(prefix: u8) -> u32 {
    u32::MAX
        .checked_shl(32u32.saturating_sub(u32::from(prefix)))
        .unwrap_or(0)
}

fn v6_mask(prefix: u8) -> u128 {
    u128::MAX
        .checked_shl(128u32.saturating_sub(u32::from(prefix)))
        .unwrap_or(0)
}

impl FromStr for Cidr {
    type Err = CidrError;

    /// "10.0.0.0/8", "2001:db8::/32", or a bare address for a single host.
    fn from_str(s: &str) -> Result<Cidr, CidrError> {
        parse_cidr(s).map_err(|kind| CidrError::new(s, None, kind))
    }
}

fn parse_cidr(s: &str) -> Result<Cidr, CidrErrorKind> {
    if s.is_empty() {
        return Err(CidrErrorKind::Empty);
    }
    let (addr_part, prefix_part) = match s.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix)),
        None => (s, None),
    };
    if addr_part.contains('%') {
        return Err(CidrErrorKind::ZoneNotAllowed);
    }
    // std's parser is strict already: no whitespace, no brackets, no octal-looking
    // "010.0.0.1", no shortened "10.1".
    let addr = IpAddr::from_str(addr_part).map_err(|_| CidrErrorKind::BadAddress)?;
    let prefix = match prefix_part {
        None => max_prefix(addr),
        Some(p) => parse_prefix(p).ok_or(CidrErrorKind::BadPrefix)?,
    };
    Cidr::new(addr, prefix)
}

/// Plain decimal digits only: `u8::from_str` would also take "+8", and
/// leading zeros are refused for the same reason std refuses them in octets.
fn parse_prefix(p: &str) -> Option<u8> {
    let canonical =
        !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p == "0" || !p.starts_with('0'));
    if canonical {
        // Out-of-range numbers are kept apart from garbage by saturating at 255.
        Some(p.parse::<u8>().unwrap_or(u8::MAX))
    } else {
        None
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CidrErrorKind {
    Empty,
    BadAddress,
    BadPrefix,
    PrefixOutOfRange { max: u8 },
    ZoneNotAllowed,
}

impl fmt::Display for CidrErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CidrErrorKind::Empty => f.write_str("is empty"),
            CidrErrorKind::BadAddress => {
                f.write_str("is not an IPv4 or IPv6 address or CIDR block")
            }
            CidrErrorKind::BadPrefix => f.write_str("has a prefix length that is not a number"),
            CidrErrorKind::PrefixOutOfRange { max } => {
                write!(f, "has a prefix length above {max}")
            }
            CidrErrorKind::ZoneNotAllowed => {
                f.write_str("has an IPv6 zone (%...), which is not allowed")
            }
        }
    }
}

/// A refused CIDR string, quoting it (truncated) and, within a list, its
/// 0-based position, so the message points at the culprit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CidrError {
    pub input: String,
    pub index: Option<usize>,
    pub kind: CidrErrorKind,
}

/// Enough to recognise an entry; a megabyte of garbage is not echoed back.
const MAX_QUOTED_CHARS: usize = 64;

impl CidrError {
    fn new(input: &str, index: Option<usize>, kind: CidrErrorKind) -> CidrError {
        CidrError {
            input: input.chars().take(MAX_QUOTED_CHARS).collect(),
            index,
            kind,
        }
    }
}

impl fmt::Display for CidrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Debug quoting escapes control characters a client may have sent.
        match self.index {
            Some(i) => write!(f, "entry {i} ({:?}) {}", self.input, self.kind),
            None => write!(f, "{:?} {}", self.input, self.kind),
        }
    }
}

impl std::error::Error for CidrError {}

/// The networks an API key may be used from; empty means unrestricted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IpAllowList(Vec<Cidr>);

impl IpAllowList {
    /// Parses every entry, failing on the first bad one with its position.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<IpAllowList, CidrError> {
        entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                parse_cidr(e.as_ref()).map_err(|k| CidrError::new(e.as_ref(), Some(i), k))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(IpAllowList)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn entries(&self) -> &[Cidr] {
        &self.0
    }

    pub fn allows(&self, ip: IpAddr) -> bool {
        self.0.is_empty() || self.0.iter().any(|c| c.contains(ip))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

//! Object ids: UUIDv7, time-ordered, so keyset pagination by id is newest-first by
//! creation. Ids are minted inside the single writer so their order is commit order.

use uuid::Uuid;

mod typed;
pub use typed::{
    ActivityId, AddressBookEntryId, DeliveryId, KeyId, SignerRequestId, TenantId, TransactionId,
    TypedId, UserId, VaultId, WalletId,
};

pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}

/// The smallest UUIDv7 minted at Unix millisecond `ms` or later: every id
/// made at `ms` sorts at or after it, every id made before sorts before it.
/// Lets a time filter become a bound on the id index (docs/performance.md).
pub fn first_id_at(ms: i64) -> String {
    let ms = u64::try_from(ms).unwrap_or(0) & 0xffff_ffff_ffff;
    format!(
        "{:08x}-{:04x}-7000-8000-000000000000",
        ms >> 16,
        ms & 0xffff
    )
}

/// The Unix millisecond a UUIDv7 was minted at; None for other ids.
pub fn minted_at(id: &str) -> Option<i64> {
    let uuid = Uuid::try_parse(id).ok()?;
    if uuid.get_version_num() != 7 {
        return None;
    }
    let bytes = uuid.as_bytes();
    Some(
        bytes[..6]
            .iter()
            .fold(0i64, |ms, b| (ms << 8) | i64::from(*b)),
    )
}

/// A canonical (lowercase, hyphenated) UUID, or None. Used to reject junk ids before
/// they reach a query, and to make `ABC…` and `abc…` the same id.
pub fn canonical_uuid(s: &str) -> Option<String> {
    if s.len() != 36 {
        return None;
    }
    Uuid::try_parse(s).ok().map(|u| u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_v7_id_tells_when_it_was_minted() {
        let before = crate::clock::Timestamp::now().millis();
        let minted = minted_at(&new_id()).unwrap();
        let after = crate::clock::Timestamp::now().millis();
        assert!(
            before <= minted && minted <= after,
            "{before} {minted} {after}"
        );
        assert_eq!(minted_at(&first_id_at(1_234_567)), Some(1_234_567));
        assert_eq!(minted_at("6f1c7d2a-3b4e-4c5d-8e9f-0a1b2c3d4e5f"), None);
        assert_eq!(minted_at("junk"), None);
    }

    #[test]
    fn new_ids_are_increasing() {
        let a = new_id();
        let b = new_id();
        assert!(b > a, "{b} should sort after {a}");
        assert_eq!(canonical_uuid(&a).as_deref(), Some(a.as_str()));
    }

    #[test]
    fn first_id_at_sorts_between_milliseconds() {
        let a = new_id();
        let ms = i64::from_str_radix(&a[..8], 16).unwrap() << 16
            | i64::from_str_radix(&a[9..13], 16).unwrap();
        assert!(first_id_at(ms) <= a, "{} <= {a}", first_id_at(ms));
        assert!(first_id_at(ms + 1) > a);
        assert_eq!(
            canonical_uuid(&first_id_at(ms)).as_deref(),
            Some(first_id_at(ms).as_str())
        );
    }

    #[test]
    fn canonical_uuid_refuses_other_shapes() {
        assert_eq!(canonical_uuid("not-a-uuid"), None);
        assert_eq!(canonical_uuid("0190b3f2a1b27c3d8e4f5a6b7c8d9e0f"), None);
        assert_eq!(
            canonical_uuid("0190B3F2-A1B2-7C3D-8E4F-5A6B7C8D9E0F").as_deref(),
            Some("0190b3f2-a1b2-7c3d-8e4f-5a6b7c8d9e0f")
        );
    }
}

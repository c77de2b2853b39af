//! Object ids: UUIDv7, time-ordered, so keyset pagination by id is newest-first by
//! creation. Ids are minted inside the single writer so their order is commit order.

use uuid::Uuid;

pub fn new_id() -> String {
    Uuid::now_v7().to_string()
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
    fn new_ids_are_increasing() {
        let a = new_id();
        let b = new_id();
        assert!(b > a, "{b} should sort after {a}");
        assert_eq!(canonical_uuid(&a).as_deref(), Some(a.as_str()));
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

//! Typed ids for the objects money paths pass around (docs/architecture.md,
//! "Typed values at the edge"): a wallet id cannot be given where a vault id
//! is wanted, and an id from a request is a canonical UUID before it reaches
//! the service. The store reads and writes them as TEXT
//! (`store/ids.rs`).

use super::{canonical_uuid, new_id};
use crate::domain::tenancy::Environment;
use crate::domain::Error;
use std::fmt;

/// What every typed id can do; lets the edge parse any of them alike.
pub trait TypedId: Sized {
    /// The object's name in a 404 ("no wallet with id …").
    const WHAT: &'static str;

    /// An id the server made or stored itself, trusted as it is.
    fn from_stored(id: String) -> Self;

    fn as_str(&self) -> &str;

    /// The canonical form of a request's id, or `None` when the text cannot
    /// be one. Most ids are UUIDs; an API key's id is its environment's
    /// prefix and a random part.
    fn canonical(text: &str) -> Option<String> {
        canonical_uuid(text)
    }

    /// An id from a request: its canonical form, or a 404 naming the object
    /// (junk is an object that does not exist, docs/api.md).
    fn parse(text: impl Into<String>) -> Result<Self, Error> {
        let text = text.into();
        match Self::canonical(&text) {
            Some(id) => Ok(Self::from_stored(id)),
            None => Err(Error::not_found(Self::WHAT, text)),
        }
    }
}

macro_rules! typed_id {
    // A UUIDv7 id, minted on the writer.
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        typed_id!($(#[$doc])* $name, $what, {});

        impl $name {
            /// A new id, minted on the writer (time-ordered: see `new_id`).
            pub fn mint() -> Self {
                $name(new_id())
            }
        }
    };
    // An id of another shape, recognised by `canonical`.
    ($(#[$doc:meta])* $name:ident, $what:literal, canonical = $canonical:path) => {
        typed_id!($(#[$doc])* $name, $what, {
            fn canonical(text: &str) -> Option<String> {
                $canonical(text)
            }
        });
    };
    ($(#[$doc:meta])* $name:ident, $what:literal, {$($extra:item)*}) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl TypedId for $name {
            const WHAT: &'static str = $what;

            fn from_stored(id: String) -> Self {
                $name(id)
            }

            fn as_str(&self) -> &str {
                &self.0
            }

            $($extra)*
        }

        /// Reads as the id's text, so `&id` goes where a `&str` is wanted.
        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }
    };
}

typed_id!(
    /// A wallet's id.
    WalletId,
    "wallet"
);
typed_id!(
    /// A vault's id.
    VaultId,
    "vault"
);
typed_id!(
    /// A deposit's, transfer's or withdrawal's id.
    TransactionId,
    "transaction"
);
typed_id!(
    /// An address-book entry's id.
    AddressBookEntryId,
    "address book entry"
);
typed_id!(
    /// An activity's id: a request that may wait for approvals.
    ActivityId,
    "activity"
);
typed_id!(
    /// A user's id: a person of a tenant (console, approvals).
    UserId,
    "user"
);
typed_id!(
    /// A signer request's id: a transaction for the external signer to sign.
    SignerRequestId,
    "signer request"
);
typed_id!(
    /// A webhook delivery's id: one event sent (and resent) to the endpoint.
    DeliveryId,
    "webhook delivery"
);
typed_id!(
    /// A tenant's id: the base tenant or a subwallet, whose books are its own
    /// (the admin API calls it a wallet: `wallet_id`).
    TenantId,
    "wallet"
);
typed_id!(
    /// An API key's id: its environment's prefix and a random part
    /// (`domain::apikey::new_key_id`), not a UUID.
    KeyId,
    "API key",
    canonical = key_id_text
);

/// A key id is recognised by its environment's prefix; the rest is looked up.
fn key_id_text(text: &str) -> Option<String> {
    Environment::of_key_id(text).map(|_| text.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_request_id_is_canonical_or_not_found() {
        let id = WalletId::parse("0190B3F2-A1B2-7C3D-8E4F-5A6B7C8D9E0F").unwrap();
        assert_eq!(id.as_str(), "0190b3f2-a1b2-7c3d-8e4f-5a6b7c8d9e0f");
        assert_eq!(
            VaultId::parse("junk"),
            Err(Error::not_found("vault", "junk"))
        );
        assert_eq!(
            TransactionId::parse(""),
            Err(Error::not_found("transaction", ""))
        );
    }

    #[test]
    fn a_key_id_is_known_by_its_prefix() {
        assert_eq!(KeyId::parse("ck_test_abc").unwrap().as_str(), "ck_test_abc");
        assert_eq!(
            KeyId::parse("0190b3f2-a1b2-7c3d-8e4f-5a6b7c8d9e0f"),
            Err(Error::not_found(
                "API key",
                "0190b3f2-a1b2-7c3d-8e4f-5a6b7c8d9e0f"
            ))
        );
    }

    #[test]
    fn minted_ids_are_canonical_and_render_as_text() {
        let id = TransactionId::mint();
        assert_eq!(TransactionId::parse(id.to_string()).unwrap(), id);
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            format!("\"{}\"", id.as_str())
        );
    }
}

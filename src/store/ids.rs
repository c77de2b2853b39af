//! Typed ids (`domain::ids`) as SQL TEXT, so the store takes and returns
//! them (docs/architecture.md, "Typed values at the edge").

use crate::domain::ids::{
    ActivityId, AddressBookEntryId, DeliveryId, KeyId, SignerRequestId, TenantId, TransactionId,
    TypedId, UserId, VaultId, WalletId,
};
use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

macro_rules! sql_text_id {
    ($($name:ident),*) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                String::column_result(value).map($name::from_stored)
            }
        }
    )*};
}

sql_text_id!(
    WalletId,
    VaultId,
    TransactionId,
    AddressBookEntryId,
    ActivityId,
    UserId,
    KeyId,
    SignerRequestId,
    DeliveryId,
    TenantId
);

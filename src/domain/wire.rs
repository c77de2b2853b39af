//! Domain enums by their names on the wire (the APIs, the database, the
//! OpenAPI document): one list per enum gives its `ALL`, `as_str` and `parse`,
//! so the names are written once and the OpenAPI document lists exactly the
//! values the server speaks.

/// `wire_names!(VaultStatus { Active => "Active", Frozen => "Frozen", … })`.
/// `as_str` matches exhaustively, so every variant is listed and `ALL` is
/// complete.
macro_rules! wire_names {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: [$ty; [$($name),+].len()] = [$($ty::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)+
                }
            }

            pub fn parse(s: &str) -> Option<$ty> {
                match s {
                    $($name => Some($ty::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

pub(crate) use wire_names;

//! Property tests of the request parsers: whatever a client sends as a query
//! string or a body, parsing and taking fields answers `Ok` or a field error,
//! never a panic (a panic in a handler thread is a dropped connection and a
//! 500 at best).

use super::body::JsonBody;
use super::query::Query;
use crate::domain::proptests::config;
use proptest::prelude::*;
use serde_json::Value;

/// Query strings built from the characters that matter to the parser.
fn query_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,80}",
        "([a-zA-Z]{1,8}(=[a-zA-Z0-9%+&=._-]{0,12})?&?){0,8}",
        "(limit|before|after|status|walletId|createdFrom)=[%0-9a-fA-F+-]{0,40}",
        "[%&=+]{0,30}",
    ]
}

/// Arbitrary JSON values, nested a little.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "\\PC{0,20}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map("[a-zA-Z]{1,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Takes every field every way a handler might, ignoring the answers.
fn take_everything(mut body: JsonBody, names: &[String]) {
    for name in names {
        let _ = body.optional_str(name);
        let _ = body.required_str(name);
        let _ = body.optional_object(name);
        let _ = body.optional_bool(name);
        let _ = body.optional_str_list(name);
        let _ = body.take_raw(name);
    }
    let _ = body.finish();
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn query_strings_never_panic(q in query_string()) {
        if let Ok(mut query) = Query::parse(&q) {
            let _ = query.take_id::<crate::domain::ids::WalletId>("walletId");
            let _ = query.take_time("createdFrom");
            let _ = query.take_parsed("status", |s| (s == "x").then_some(()), "x");
            let _ = query.page();
            let _ = query.take("other");
            let _ = query.finish();
        }
    }

    #[test]
    fn page_parameters_are_validated_not_trusted(limit in any::<i64>(), cursor in "\\PC{0,40}") {
        let q = format!("limit={limit}&after={}", cursor.replace(['&', '%', '+', '='], ""));
        if let Ok(page) = Query::parse(&q).and_then(|mut q| q.page()) {
            prop_assert!((1..=100).contains(&page.limit));
            prop_assert_eq!(i64::from(page.limit), limit);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_body_parser(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        if let Ok(body) = JsonBody::parse(&bytes) {
            take_everything(body, &["a".to_string(), "name".to_string()]);
        }
    }

    #[test]
    fn json_bodies_parse_iff_objects_and_fields_never_panic(v in json_value()) {
        let bytes = serde_json::to_vec(&v).unwrap();
        let parsed = JsonBody::parse(&bytes);
        prop_assert_eq!(parsed.is_ok(), v.is_object());
        if let (Ok(body), Value::Object(map)) = (parsed, &v) {
            let names: Vec<String> = map.keys().cloned().collect();
            take_everything(body, &names);
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow(depth in 1usize..50_000) {
        let body = format!("{{\"a\":{}1{}}}", "[".repeat(depth), "]".repeat(depth));
        let parsed = JsonBody::parse(body.as_bytes());
        // serde_json's recursion limit (128) refuses anything deeper.
        if depth <= 100 {
            prop_assert!(parsed.is_ok());
        } else if depth > 128 {
            prop_assert!(parsed.is_err());
        }
    }
}

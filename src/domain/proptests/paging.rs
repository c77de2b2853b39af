//! Keyset pagination, against an in-memory table of time-ordered ids.

use super::config;
use crate::domain::page::{links, Cursor, Page, PageRequest};
use proptest::prelude::*;

/// What the store's keyset query returns: `limit + 1` rows in walking order.
fn fetch(table: &[u64], request: &PageRequest) -> Vec<u64> {
    let take = request.limit as usize + 1;
    let cursor = |c: &str| c.parse::<u64>().unwrap();
    match &request.cursor {
        None => table.iter().rev().take(take).copied().collect(),
        Some(Cursor::After(c)) => {
            let c = cursor(c);
            table
                .iter()
                .rev()
                .filter(|id| **id < c)
                .take(take)
                .copied()
                .collect()
        }
        Some(Cursor::Before(c)) => {
            let c = cursor(c);
            table
                .iter()
                .filter(|id| **id > c)
                .take(take)
                .copied()
                .collect()
        }
    }
}

/// A random table of distinct ascending ids (ascending = older first).
fn id_table() -> impl Strategy<Value = Vec<u64>> {
    proptest::collection::btree_set(1u64..1_000_000, 0..120).prop_map(|s| s.into_iter().collect())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn walking_after_lists_every_id_once_newest_first(
        mut table in id_table(),
        limits in proptest::collection::vec(1u32..=12, 1..200),
        // New objects arrive during the first steps only: a walk towards the
        // newest end cannot finish while they arrive faster than it reads.
        inserts in proptest::collection::vec(0usize..4, 0..40),
    ) {
        let original: Vec<u64> = table.iter().rev().copied().collect();
        let mut next_id = 1_000_000;
        let mut seen = Vec::new();
        let mut request = PageRequest { limit: limits[0], cursor: None };
        for step in 0.. {
            prop_assert!(step <= original.len(), "the walk does not end");
            let page = Page::from_rows(fetch(&table, &request), &request);
            let (_, after) = links(&request, &page, |id| id.to_string());
            prop_assert!(page.items.windows(2).all(|w| w[0] > w[1]), "not newest first");
            seen.extend(page.items.iter().copied());
            // New objects arrive between two page loads.
            for _ in 0..inserts.get(step).copied().unwrap_or(0) {
                table.push(next_id);
                next_id += 1;
            }
            match after {
                None => break,
                Some(a) => {
                    request = PageRequest {
                        limit: limits[(step + 1) % limits.len()],
                        cursor: Some(Cursor::After(a)),
                    }
                }
            }
        }
        prop_assert_eq!(seen, original);
    }

    #[test]
    fn walking_before_from_the_oldest_reaches_every_newer_id_once(
        mut table in id_table().prop_filter("needs a start", |t| !t.is_empty()),
        limits in proptest::collection::vec(1u32..=12, 1..200),
        // New objects arrive during the first steps only: a walk towards the
        // newest end cannot finish while they arrive faster than it reads.
        inserts in proptest::collection::vec(0usize..4, 0..40),
    ) {
        let oldest = table[0];
        let mut last_fetch_len = table.len();
        let mut next_id = 1_000_000;
        let mut seen = Vec::new();
        let mut request = PageRequest {
            limit: limits[0],
            cursor: Some(Cursor::Before(oldest.to_string())),
        };
        for step in 0.. {
            prop_assert!(step <= 121 + 3 * 40, "the walk does not end");
            let page = Page::from_rows(fetch(&table, &request), &request);
            let (before, _) = links(&request, &page, |id| id.to_string());
            prop_assert!(page.items.windows(2).all(|w| w[0] > w[1]), "not newest first");
            // Pages come newest-first, the walk goes newer: prepend.
            seen.splice(0..0, page.items.iter().copied());
            last_fetch_len = table.len();
            for _ in 0..inserts.get(step).copied().unwrap_or(0) {
                table.push(next_id);
                next_id += 1;
            }
            match before {
                None => break,
                Some(b) => {
                    request = PageRequest {
                        limit: limits[(step + 1) % limits.len()],
                        cursor: Some(Cursor::Before(b)),
                    }
                }
            }
        }
        // Everything newer than the start that existed when the last page
        // was read (so also what arrived during the walk), exactly once.
        let expected: Vec<u64> = table[..last_fetch_len]
            .iter()
            .rev()
            .copied()
            .filter(|id| *id > oldest)
            .collect();
        prop_assert_eq!(seen, expected);
    }
}

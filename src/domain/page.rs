//! Cursor pagination (docs/api.md, "Conventions"): keyset over time-ordered ids, newest first.

/// Where a page starts, relative to an object id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// Objects older than this id (the next page when walking down).
    After(String),
    /// Objects newer than this id.
    Before(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: u32,
    pub cursor: Option<Cursor>,
}

pub const DEFAULT_LIMIT: u32 = 25;
pub const MAX_LIMIT: u32 = 100;

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest {
            limit: DEFAULT_LIMIT,
            cursor: None,
        }
    }
}

/// One page, newest first, and whether more objects lie beyond it in the
/// direction the cursor walked.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub more: bool,
}

/// The `before`/`after` cursors to show with a page: `after` is the last item when
/// older objects remain, `before` the first item when newer ones exist; null means
/// there is nothing more in that direction.
pub fn links<T>(
    request: &PageRequest,
    page: &Page<T>,
    id: impl Fn(&T) -> String,
) -> (Option<String>, Option<String>) {
    let first = page.items.first().map(&id);
    let last = page.items.last().map(&id);
    match request.cursor {
        None => (None, last.filter(|_| page.more)),
        Some(Cursor::After(_)) => (first, last.filter(|_| page.more)),
        Some(Cursor::Before(_)) => (first.filter(|_| page.more), last),
    }
}

impl<T> Page<T> {
    /// Builds a page from rows fetched with `limit + 1` in walking order: the extra
    /// row only says that more exist. `Before` pages are fetched oldest-first and
    /// turned around here so that every page reads newest first.
    pub fn from_rows(mut rows: Vec<T>, request: &PageRequest) -> Page<T> {
        let limit = request.limit as usize;
        let more = rows.len() > limit;
        rows.truncate(limit);
        if matches!(request.cursor, Some(Cursor::Before(_))) {
            rows.reverse();
        }
        Page { items: rows, more }
    }

    /// Pages through a short fixed list (such as configured assets) in its own
    /// order; the cursor names an item of the list.
    pub fn from_slice<'a>(
        items: &'a [T],
        request: &PageRequest,
        id: impl Fn(&T) -> &str,
    ) -> Page<&'a T> {
        let position = |cursor: &str| items.iter().position(|item| id(item) == cursor);
        let limit = request.limit as usize;
        let (start, end) = match &request.cursor {
            None => (0, items.len()),
            Some(Cursor::After(c)) => (position(c).map_or(items.len(), |p| p + 1), items.len()),
            Some(Cursor::Before(c)) => (0, position(c).unwrap_or(0)),
        };
        let window = items.get(start..end).unwrap_or_default();
        let (taken, more) = match request.cursor {
            Some(Cursor::Before(_)) => (
                window
                    .get(window.len().saturating_sub(limit)..)
                    .unwrap_or_default(),
                window.len() > limit,
            ),
            _ => (
                window.get(..limit.min(window.len())).unwrap_or_default(),
                window.len() > limit,
            ),
        };
        Page {
            items: taken.iter().collect(),
            more,
        }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            more: self.more,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(limit: u32, cursor: Option<Cursor>) -> PageRequest {
        PageRequest { limit, cursor }
    }

    #[test]
    fn first_page_points_after_only_when_more_remain() {
        let r = req(2, None);
        let page = Page::from_rows(vec![9, 8, 7], &r);
        assert_eq!(page.items, vec![9, 8]);
        assert_eq!(
            links(&r, &page, |i| i.to_string()),
            (None, Some("8".into()))
        );
        let last = Page::from_rows(vec![9], &r);
        assert_eq!(links(&r, &last, |i| i.to_string()), (None, None));
    }

    #[test]
    fn slices_page_in_their_own_order() {
        let items = ["a", "b", "c", "d"];
        let page = Page::from_slice(&items, &req(2, None), |s| s);
        assert_eq!((page.items, page.more), (vec![&"a", &"b"], true));
        let page = Page::from_slice(&items, &req(2, Some(Cursor::After("b".into()))), |s| s);
        assert_eq!((page.items, page.more), (vec![&"c", &"d"], false));
        let page = Page::from_slice(&items, &req(2, Some(Cursor::Before("d".into()))), |s| s);
        assert_eq!((page.items, page.more), (vec![&"b", &"c"], true));
    }

    #[test]
    fn before_pages_read_newest_first() {
        let r = req(2, Some(Cursor::Before("5".into())));
        let page = Page::from_rows(vec![6, 7, 8], &r);
        assert_eq!(page.items, vec![7, 6]);
        assert_eq!(
            links(&r, &page, |i| i.to_string()),
            (Some("7".into()), Some("6".into()))
        );
    }
}

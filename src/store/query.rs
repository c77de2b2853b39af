//! A small builder for filtered list queries with keyset pagination, so every
//! list endpoint pages the same way: `id < ?` newest first, never OFFSET.

use super::query_one;
use crate::domain::page::{Cursor, Page, PageRequest};
use crate::domain::tenancy::Partition;
use crate::domain::Error;
use rusqlite::types::ToSql;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

/// The row of `select` (`SELECT … FROM table`, optionally with `WHERE …`
/// conditions already) with this id in the partition; another partition's row
/// is as absent as a missing one (404 naming `what`).
pub fn one_in_partition<T>(
    conn: &Connection,
    select: &str,
    p: &Partition,
    id: &str,
    what: &'static str,
    map: impl FnOnce(&Row) -> rusqlite::Result<T>,
) -> Result<T, Error> {
    let joiner = if select.contains(" WHERE ") {
        "AND"
    } else {
        "WHERE"
    };
    let sql = format!("{select} {joiner} id = ?1 AND tenant_id = ?2 AND environment = ?3");
    query_one(
        conn,
        &sql,
        params![id, p.tenant_id, p.environment.as_str()],
        map,
    )
    .optional()?
    .ok_or_else(|| Error::not_found(what, id))
}

pub struct ListQuery {
    select: String,
    conditions: String,
    params: Vec<Box<dyn ToSql>>,
    either: Option<Either>,
}

/// A filter that is one of several conditions, each served by its own index:
/// the page is the union of one index walk per condition, each bounded by the
/// page size, so a page costs the same for a quiet or a busy object at any
/// depth (docs/performance.md, "Lists").
struct Either {
    /// (index, condition with one `?`) per alternative.
    alternatives: &'static [(&'static str, &'static str)],
    /// The 1-based number of the parameter the alternatives share.
    param: usize,
}

impl ListQuery {
    /// `select` is `SELECT … FROM table`; conditions are added with `and`.
    pub fn new(select: &str) -> ListQuery {
        ListQuery {
            select: select.to_string(),
            conditions: "1 = 1".into(),
            params: Vec::new(),
            either: None,
        }
    }

    /// `select` restricted to one partition's rows.
    pub fn in_partition(select: &str, p: &Partition) -> ListQuery {
        ListQuery::new(select)
            .and("tenant_id = ?", p.tenant_id.clone())
            .and("environment = ?", p.environment.as_str())
    }

    /// Adds `AND condition`, whose one `?` is bound to `value`.
    pub fn and(mut self, condition: &str, value: impl ToSql + 'static) -> ListQuery {
        self.conditions.push_str(" AND ");
        self.conditions.push_str(condition);
        self.params.push(Box::new(value));
        self
    }

    /// Adds `AND condition` when `value` is given.
    pub fn and_maybe<V: ToSql + 'static>(self, condition: &str, value: Option<V>) -> ListQuery {
        match value {
            Some(v) => self.and(condition, v),
            None => self,
        }
    }

    /// Adds `AND condition` with two `?`, both bound to `value`, when it is given.
    pub fn and_pair<V: ToSql + Clone + 'static>(
        mut self,
        condition: &str,
        value: Option<V>,
    ) -> ListQuery {
        if let Some(v) = value {
            self.conditions.push_str(" AND ");
            self.conditions.push_str(condition);
            self.params.push(Box::new(v.clone()));
            self.params.push(Box::new(v));
        }
        self
    }

    /// When `value` is given, rows must meet one of `alternatives` (an index
    /// and a condition whose one `?` is `value`); `select` must name the
    /// table alone, for `INDEXED BY`. One such filter per query.
    pub fn and_either<V: ToSql + 'static>(
        mut self,
        alternatives: &'static [(&'static str, &'static str)],
        value: Option<V>,
    ) -> ListQuery {
        if let Some(v) = value {
            self.params.push(Box::new(v));
            self.either = Some(Either {
                alternatives,
                param: self.params.len(),
            });
        }
        self
    }

    /// Adds `AND column IN (?, …)` when `values` is not empty.
    pub fn and_in<V: ToSql + 'static>(mut self, column: &str, values: Vec<V>) -> ListQuery {
        if values.is_empty() {
            return self;
        }
        let marks = vec!["?"; values.len()].join(", ");
        self.conditions
            .push_str(&format!(" AND {column} IN ({marks})"));
        for v in values {
            self.params.push(Box::new(v));
        }
        self
    }

    /// Runs the query for one page; `id_column` must be the time-ordered id.
    pub fn page<T>(
        self,
        conn: &Connection,
        id_column: &str,
        request: &PageRequest,
        map: impl FnMut(&Row) -> rusqlite::Result<T>,
    ) -> Result<Page<T>, Error> {
        let query = match &request.cursor {
            None => self,
            Some(Cursor::After(id)) => self.and(&format!("{id_column} < ?"), id.clone()),
            Some(Cursor::Before(id)) => self.and(&format!("{id_column} > ?"), id.clone()),
        };
        let order = match request.cursor {
            Some(Cursor::Before(_)) => "ASC",
            _ => "DESC",
        };
        let tail = format!(
            "ORDER BY {id_column} {order} LIMIT {}",
            u64::from(request.limit) + 1
        );
        let sql = query.render(&tail);
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(query.params.iter()), map)?
            .collect::<Result<Vec<T>, _>>()?;
        Ok(Page::from_rows(rows, request))
    }

    /// The SQL, parameters numbered (`?1`, `?2`, …) so that every branch of
    /// a union binds the same ones.
    fn render(&self, tail: &str) -> String {
        let mut n = 0;
        let mut conditions = String::with_capacity(self.conditions.len() + 16);
        for c in self.conditions.chars() {
            if c == '?' {
                n += 1;
                // The shared parameter of `and_either` is not in the text.
                if self.either.as_ref().is_some_and(|e| e.param == n) {
                    n += 1;
                }
                conditions.push_str(&format!("?{n}"));
            } else {
                conditions.push(c);
            }
        }
        let select = &self.select;
        match &self.either {
            None => format!("{select} WHERE {conditions} {tail}"),
            Some(either) => {
                let branches: Vec<String> = either
                    .alternatives
                    .iter()
                    .map(|(index, condition)| {
                        let condition = condition.replace('?', &format!("?{}", either.param));
                        format!(
                            "SELECT * FROM ({select} INDEXED BY {index} WHERE {conditions} AND {condition} {tail})"
                        )
                    })
                    .collect();
                format!("{} {tail}", branches.join(" UNION "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_numbered_and_shared_by_the_union() {
        let plain = ListQuery::new("SELECT id FROM t")
            .and("a = ?", 1)
            .and("b = ?", 2)
            .render("LIMIT 3");
        assert_eq!(
            plain,
            "SELECT id FROM t WHERE 1 = 1 AND a = ?1 AND b = ?2 LIMIT 3"
        );
        const EITHER: &[(&str, &str)] = &[("t_x", "x = ?"), ("t_y", "y = ?")];
        let union = ListQuery::new("SELECT id FROM t")
            .and("a = ?", 1)
            .and_either(EITHER, Some("w"))
            .and("b = ?", 2)
            .render("LIMIT 3");
        assert_eq!(
            union,
            "SELECT * FROM (SELECT id FROM t INDEXED BY t_x WHERE 1 = 1 AND a = ?1 AND b = ?3 AND x = ?2 LIMIT 3) \
             UNION SELECT * FROM (SELECT id FROM t INDEXED BY t_y WHERE 1 = 1 AND a = ?1 AND b = ?3 AND y = ?2 LIMIT 3) \
             LIMIT 3"
        );
    }
}

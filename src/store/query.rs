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
    any_of: Option<Vec<Alternative>>,
}

/// A filter that is one of several conditions, each served by its own index:
/// the page is the union of one index walk per condition, each bounded by the
/// page size, so a page costs the same for a quiet or a busy object at any
/// depth (docs/performance.md, "Lists").
pub struct Alternative {
    /// The index that serves `condition`, for `INDEXED BY`.
    pub index: &'static str,
    /// A condition with one `?`, bound to `value`.
    pub condition: &'static str,
    pub value: Box<dyn ToSql>,
}

impl Alternative {
    pub fn new(index: &'static str, condition: &'static str, value: impl ToSql + 'static) -> Self {
        Alternative {
            index,
            condition,
            value: Box::new(value),
        }
    }
}

impl ListQuery {
    /// `select` is `SELECT … FROM table`; conditions are added with `and`.
    pub fn new(select: &str) -> ListQuery {
        ListQuery {
            select: select.to_string(),
            conditions: "1 = 1".into(),
            params: Vec::new(),
            any_of: None,
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

    /// Rows must meet one of `alternatives` (none: no row does); `select`
    /// must name the table alone, for `INDEXED BY`. One such filter per query.
    pub fn and_any_of(mut self, alternatives: Vec<Alternative>) -> ListQuery {
        self.any_of = Some(alternatives);
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
        let alternatives = query.any_of.iter().flatten().map(|a| &a.value);
        let rows = stmt
            .query_map(
                params_from_iter(query.params.iter().chain(alternatives)),
                map,
            )?
            .collect::<Result<Vec<T>, _>>()?;
        Ok(Page::from_rows(rows, request))
    }

    /// The SQL, parameters numbered (`?1`, `?2`, …) so that every branch of
    /// a union binds the same ones; each alternative's own value comes after
    /// all the others.
    fn render(&self, tail: &str) -> String {
        let mut n = 0;
        let mut conditions = String::with_capacity(self.conditions.len() + 16);
        for c in self.conditions.chars() {
            if c == '?' {
                n += 1;
                conditions.push_str(&format!("?{n}"));
            } else {
                conditions.push(c);
            }
        }
        let select = &self.select;
        match &self.any_of {
            None => format!("{select} WHERE {conditions} {tail}"),
            Some(alternatives) if alternatives.is_empty() => {
                format!("{select} WHERE 0 AND {conditions} {tail}")
            }
            Some(alternatives) => {
                let branches: Vec<String> = alternatives
                    .iter()
                    .zip(n + 1..)
                    .map(|(a, param)| {
                        let condition = a.condition.replace('?', &format!("?{param}"));
                        let index = a.index;
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
    fn parameters_are_numbered_shared_by_the_union_and_alternatives_last() {
        let plain = ListQuery::new("SELECT id FROM t")
            .and("a = ?", 1)
            .and("b = ?", 2)
            .render("LIMIT 3");
        assert_eq!(
            plain,
            "SELECT id FROM t WHERE 1 = 1 AND a = ?1 AND b = ?2 LIMIT 3"
        );
        let union = ListQuery::new("SELECT id FROM t")
            .and("a = ?", 1)
            .and_any_of(vec![
                Alternative::new("t_x", "x = ?", "w"),
                Alternative::new("t_y", "y = ?", "v"),
            ])
            .and("b = ?", 2)
            .render("LIMIT 3");
        assert_eq!(
            union,
            "SELECT * FROM (SELECT id FROM t INDEXED BY t_x WHERE 1 = 1 AND a = ?1 AND b = ?2 AND x = ?3 LIMIT 3) \
             UNION SELECT * FROM (SELECT id FROM t INDEXED BY t_y WHERE 1 = 1 AND a = ?1 AND b = ?2 AND y = ?4 LIMIT 3) \
             LIMIT 3"
        );
        let none = ListQuery::new("SELECT id FROM t")
            .and("a = ?", 1)
            .and_any_of(Vec::new())
            .render("LIMIT 3");
        assert_eq!(
            none,
            "SELECT id FROM t WHERE 0 AND 1 = 1 AND a = ?1 LIMIT 3"
        );
    }
}

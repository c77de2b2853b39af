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
    sql: String,
    params: Vec<Box<dyn ToSql>>,
}

impl ListQuery {
    /// `select` is `SELECT … FROM table`; conditions are added with `and`.
    pub fn new(select: &str) -> ListQuery {
        ListQuery {
            sql: format!("{select} WHERE 1 = 1"),
            params: Vec::new(),
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
        self.sql.push_str(" AND ");
        self.sql.push_str(condition);
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
            self.sql.push_str(" AND ");
            self.sql.push_str(condition);
            self.params.push(Box::new(v.clone()));
            self.params.push(Box::new(v));
        }
        self
    }

    /// Adds `AND column IN (?, …)` when `values` is not empty.
    pub fn and_in<V: ToSql + 'static>(mut self, column: &str, values: Vec<V>) -> ListQuery {
        if values.is_empty() {
            return self;
        }
        let marks = vec!["?"; values.len()].join(", ");
        self.sql.push_str(&format!(" AND {column} IN ({marks})"));
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
        let sql = format!(
            "{} ORDER BY {id_column} {order} LIMIT {}",
            query.sql,
            u64::from(request.limit) + 1
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(query.params.iter()), map)?
            .collect::<Result<Vec<T>, _>>()?;
        Ok(Page::from_rows(rows, request))
    }
}

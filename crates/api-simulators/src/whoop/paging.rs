//! Collection query parameters (`limit`, `start`, `end`, `nextToken`) and keyset paging.
//!
//! Records are ordered newest first by (start, id). The `next_token` is an opaque encoding of
//! the last record's key, so pages stay consistent when records change between requests (a
//! night scored late does not shift later pages). The caller is expected to repeat `start`
//! and `end` with the token, as with WHOOP.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};

use super::records::Page;

pub(crate) const DEFAULT_LIMIT: u32 = 10;
pub(crate) const MAX_LIMIT: u32 = 25;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Cursor {
    start_ms: i64,
    key: String,
}

#[derive(Debug)]
pub(crate) struct CollectionQuery {
    limit: u32,
    start: Option<DateTime<Utc>>,
    end: DateTime<Utc>,
    cursor: Option<Cursor>,
}

/// A rejected query: the message for the 400 body.
#[derive(Debug)]
pub(crate) struct BadQuery {
    pub message: String,
}

fn bad(message: impl Into<String>) -> BadQuery {
    BadQuery {
        message: message.into(),
    }
}

/// `start`/`end` are ISO-8601 date-times with an offset or `Z`; anything else (a bare date,
/// a `+` that arrived as a space because the client did not encode it) is a 400.
fn parse_instant(name: &str, v: &str) -> Result<DateTime<Utc>, BadQuery> {
    DateTime::parse_from_rfc3339(v)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| bad(format!("{name} must be an ISO-8601 date-time, got {v:?}")))
}

fn encode_token(kind: &str, c: &Cursor) -> String {
    URL_SAFE_NO_PAD.encode(format!("{kind}|{}|{}", c.start_ms, c.key))
}

fn decode_token(kind: &str, token: &str) -> Option<Cursor> {
    let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(token).ok()?).ok()?;
    let mut parts = raw.splitn(3, '|');
    (parts.next()? == kind).then_some(())?;
    let start_ms = parts.next()?.parse().ok()?;
    let key = parts.next()?.to_string();
    Some(Cursor { start_ms, key })
}

impl CollectionQuery {
    /// Parses the raw query string. `limit_seen` receives any numeric `limit`, valid or not.
    pub fn parse(
        raw: Option<&str>,
        kind: &str,
        now: DateTime<Utc>,
        limit_seen: &mut Option<u32>,
    ) -> Result<Self, BadQuery> {
        let pairs: Vec<(String, String)> =
            url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .into_owned()
                .collect();
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        let limit = match get("limit") {
            None => DEFAULT_LIMIT,
            Some(v) => {
                let n: i64 = v
                    .parse()
                    .map_err(|_| bad(format!("limit must be an integer, got {v:?}")))?;
                *limit_seen = Some(n.clamp(0, u32::MAX as i64) as u32);
                if !(1..=MAX_LIMIT as i64).contains(&n) {
                    return Err(bad(format!("limit must be between 1 and {MAX_LIMIT}")));
                }
                n as u32
            }
        };
        let start = get("start")
            .map(|v| parse_instant("start", v))
            .transpose()?;
        let end = match get("end") {
            Some(v) => parse_instant("end", v)?,
            None => now,
        };
        let cursor = match get("nextToken") {
            None | Some("") => None,
            Some(t) => Some(decode_token(kind, t).ok_or_else(|| bad("nextToken is invalid"))?),
        };
        Ok(CollectionQuery {
            limit,
            start,
            end,
            cursor,
        })
    }

    /// One page of `items` (each with its sort time and a tie-break key that orders like the
    /// id). Filter: `start <= time < end`; order: newest first.
    pub fn page<T>(&self, kind: &str, mut items: Vec<(DateTime<Utc>, String, T)>) -> Page<T> {
        items.retain(|(t, _, _)| self.start.is_none_or(|s| *t >= s) && *t < self.end);
        items.sort_by(|a, b| (b.0, &b.1).cmp(&(a.0, &a.1)));
        if let Some(c) = &self.cursor {
            items.retain(|(t, k, _)| (t.timestamp_millis(), k) < (c.start_ms, &c.key));
        }
        let more = items.len() > self.limit as usize;
        items.truncate(self.limit as usize);
        let next_token = more.then(|| items.last()).flatten().map(|(t, k, _)| {
            encode_token(
                kind,
                &Cursor {
                    start_ms: t.timestamp_millis(),
                    key: k.clone(),
                },
            )
        });
        Page {
            records: items.into_iter().map(|(_, _, r)| r).collect(),
            next_token,
        }
    }
}

/// Tie-break key for integer ids that sorts like the number (ids are positive).
pub(crate) fn int_key(id: i64) -> String {
    format!("{id:020}")
}

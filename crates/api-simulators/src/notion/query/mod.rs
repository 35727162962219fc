//! `POST /v1/data_sources/{id}/query`: filter, sort, paginate the data source's pages.

pub mod filter;
pub mod paginate;
pub mod sort;

use serde_json::Value;

use super::errors::ApiError;
use super::render::render_page;
use super::store::{DataSource, Page, Store};
use filter::Ctx;

/// One page of results (rendered) and the cursor to the next, validating the whole body
/// before looking at any row.
/// `lag`: a page created less than this long ago (the server's clock) isn't found yet, as
/// Notion's index lags its writes.
pub fn run(
    store: &Store,
    ds: &DataSource,
    body: &Value,
    only: Option<&[String]>,
    lag: std::time::Duration,
) -> Result<(Vec<Value>, Option<String>), ApiError> {
    let size = paginate::page_size(body)?;
    let cursor = paginate::start_cursor(body)?;
    let pred = match body.get("filter") {
        None | Some(Value::Null) => None,
        Some(f) => Some(filter::compile(ds, f, store.clock.now())?),
    };
    let sorts = sort::parse(ds, body.get("sorts"))?;
    let ctx = Ctx { ds };
    let mut pages: Vec<&Page> = store
        .pages_of(&ds.id)
        .into_iter()
        .filter(|p| !p.in_trash)
        .filter(|p| indexed(p, store.clock.now(), lag))
        .filter(|p| pred.as_ref().is_none_or(|f| f(&ctx, p)))
        .collect();
    sort::apply(&ctx, &mut pages, &sorts);
    let window = paginate::paginate(pages, |p| p.id.clone(), cursor.as_deref(), size)?;
    let results = window
        .items
        .iter()
        .map(|p| render_page(ds, p, only))
        .collect();
    Ok((results, window.next_cursor))
}

/// Whether a query finds `page` yet.
fn indexed(page: &Page, now: chrono::DateTime<chrono::Utc>, lag: std::time::Duration) -> bool {
    match chrono::Duration::from_std(lag) {
        Ok(lag) => page.created + lag <= now,
        Err(_) => false,
    }
}

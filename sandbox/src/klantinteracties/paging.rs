//! Paging as Open Klant does it (vng-api-common `DynamicPageSizePagination`
//! over DRF's `PageNumberPagination`, research §3):
//!
//! - `page` is 1-based, `last` means the last page, an empty value page 1;
//!   a page that does not exist (past the end, zero, negative, not a number)
//!   is 404 "Ongeldige pagina.", but page 1 of an empty result is a page;
//! - `pageSize` defaults to 100 and is capped at 500; a value that is not a
//!   positive whole number silently means the default;
//! - the body is `{count, next, previous, results}` with absolute links built
//!   from the request's host that keep the other parameters (sorted and
//!   encoded as Python's `urlencode` does), `previous` of page 2 has no `page`.

use std::ops::Range;

use serde_json::{json, Value};

use super::query::Query;
use crate::python::quote_plus;

/// `pageSize` when none (or a bad one) is given.
pub(crate) const DEFAULT_PAGE_SIZE: usize = 100;
/// The largest `pageSize`; larger values are capped to it.
pub(crate) const MAX_PAGE_SIZE: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PageRequest {
    Number(u64),
    Last,
    Invalid,
}

/// The page a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Paging {
    page: PageRequest,
    /// Results per page, after defaulting and capping.
    pub(crate) size: usize,
}

/// One page of a result: its number and the positions it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Page {
    pub(crate) number: u64,
    pub(crate) range: Range<usize>,
    pub(crate) count: usize,
    pub(crate) size: usize,
}

/// Python's `int()` on a query value: surrounding blanks and a sign allowed.
/// `Err(())` when it is no whole number; huge numbers saturate.
fn python_int(value: &str) -> Result<i128, ()> {
    let v = value.trim();
    let (negative, digits) = match v.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(());
    }
    let magnitude = digits.parse::<i128>().unwrap_or(i128::MAX);
    Ok(if negative { -magnitude } else { magnitude })
}

impl Paging {
    /// Reads `page` and `pageSize` (last values).
    pub(crate) fn read(query: &Query) -> Paging {
        let size = query
            .last("pageSize")
            .and_then(|v| python_int(v).ok())
            .filter(|n| *n > 0)
            .map_or(DEFAULT_PAGE_SIZE, |n| {
                usize::try_from(n.min(MAX_PAGE_SIZE as i128)).unwrap_or(MAX_PAGE_SIZE)
            });
        let page = match query.last("page") {
            None | Some("") => PageRequest::Number(1),
            Some("last") => PageRequest::Last,
            Some(v) => match python_int(v) {
                Ok(n) if n >= 1 => {
                    u64::try_from(n).map_or(PageRequest::Invalid, PageRequest::Number)
                }
                _ => PageRequest::Invalid,
            },
        };
        Paging { page, size }
    }

    /// The page of a result of `count` items, or `None` when the page does
    /// not exist (answer 404).
    pub(crate) fn page(&self, count: usize) -> Option<Page> {
        let pages = count.div_ceil(self.size).max(1) as u64;
        let number = match self.page {
            PageRequest::Number(n) if n <= pages => n,
            PageRequest::Last => pages,
            _ => return None,
        };
        let start = usize::try_from(number - 1).ok()?.checked_mul(self.size)?;
        let end = start.saturating_add(self.size).min(count);
        Some(Page {
            number,
            range: start..end.max(start),
            count,
            size: self.size,
        })
    }
}

/// The request's URL with `page` set to `page` (or removed for `None`), the
/// other parameters kept, sorted by name, as DRF's `replace_query_param`.
fn link(base: &str, path: &str, query: &Query, page: Option<u64>) -> String {
    let mut names: Vec<&str> = Vec::new();
    for (k, _) in query.pairs() {
        if k != "page" && !names.contains(&k.as_str()) {
            names.push(k);
        }
    }
    if page.is_some() {
        names.push("page");
    }
    names.sort_unstable();
    let page_value = page.map(|p| p.to_string()).unwrap_or_default();
    let parts: Vec<String> = names
        .iter()
        .flat_map(|name| {
            let values: Vec<&str> = if *name == "page" {
                vec![page_value.as_str()]
            } else {
                query.all(name).collect()
            };
            values
                .into_iter()
                .map(move |v| format!("{}={}", quote_plus(name), quote_plus(v)))
        })
        .collect();
    let base = base.trim_end_matches('/');
    if parts.is_empty() {
        format!("{base}{path}")
    } else {
        format!("{base}{path}?{}", parts.join("&"))
    }
}

/// The paginated body: `{count, next, previous, results}`.
pub(crate) fn envelope(
    page: &Page,
    results: Vec<Value>,
    base: &str,
    path: &str,
    query: &Query,
) -> Value {
    let next =
        (page.range.end < page.count).then(|| link(base, path, query, Some(page.number + 1)));
    let previous = (page.number > 1).then(|| {
        let target = page.number - 1;
        link(base, path, query, (target > 1).then_some(target))
    });
    json!({
        "count": page.count,
        "next": next,
        "previous": previous,
        "results": results,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paging(q: &str) -> Paging {
        Paging::read(&Query::parse(Some(q)))
    }

    #[test]
    fn page_size_defaults_and_caps() {
        assert_eq!(paging("").size, 100);
        assert_eq!(paging("pageSize=7").size, 7);
        assert_eq!(paging("pageSize=1000").size, 500);
        assert_eq!(paging("pageSize=99999999999999999999999999").size, 500);
        assert_eq!(paging("pageSize=0").size, 100);
        assert_eq!(paging("pageSize=-5").size, 100);
        assert_eq!(paging("pageSize=tien").size, 100);
    }

    #[test]
    fn pages_past_the_end_do_not_exist_but_page_one_always_does() {
        assert_eq!(paging("page=1").page(0).map(|p| p.range), Some(0..0));
        assert_eq!(paging("page=2").page(0), None);
        assert_eq!(
            paging("page=2&pageSize=10").page(15).map(|p| p.range),
            Some(10..15)
        );
        assert_eq!(paging("page=3&pageSize=10").page(15), None);
        assert_eq!(
            paging("page=last&pageSize=10").page(15).map(|p| p.number),
            Some(2)
        );
        for bad in ["0", "-1", "een", "1.5", "99999999999999999999999999"] {
            assert_eq!(paging(&format!("page={bad}")).page(5), None, "{bad}");
        }
        assert_eq!(paging("page=").page(5).map(|p| p.number), Some(1));
    }

    #[test]
    fn links_keep_sorted_parameters_and_drop_page_one() {
        let q = Query::parse(Some("pageSize=2&expand=a,b&page=2&soortPartij=persoon"));
        let page = Paging::read(&q).page(5).expect("page 2 exists");
        let body = envelope(&page, vec![], "http://h", "/p", &q);
        assert_eq!(
            body["next"],
            "http://h/p?expand=a%2Cb&page=3&pageSize=2&soortPartij=persoon"
        );
        assert_eq!(
            body["previous"],
            "http://h/p?expand=a%2Cb&pageSize=2&soortPartij=persoon"
        );
    }
}

//! Page-number pagination as vng-api-common's `DynamicPageSizePagination`
//! (Django REST framework) does it: `page` (1-based, or `last`) and
//! `pageSize` (default 100, at most 500; a value that is not a positive
//! whole number falls back to the default), absolute `next`/`previous`
//! links built from the request URL with its parameters sorted, and 404
//! for a page that does not exist.

use crate::python::quote_plus;

/// The query string of a request, parameters in the order sent.
#[derive(Debug, Clone, Default)]
pub(crate) struct Query(Vec<(String, String)>);

impl Query {
    /// Parses a raw query string (`None` when the URL had none).
    pub(crate) fn parse(raw: Option<&str>) -> Query {
        Query(
            url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The value of a parameter; the last one when it is repeated (as
    /// Django's `QueryDict.get`).
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The value of a filter parameter, its name matched as the real service
    /// matches it (recorded on 0.7.4): camelCase read as snake_case, then
    /// case-insensitively (`isGeldig`, `is_geldig`, `CODE`, `TABEL__CODE`;
    /// not `ISGELDIG`), the value with surrounding whitespace trimmed.
    pub(crate) fn filter(&self, key: &str) -> Option<&str> {
        let want = snake(key);
        self.0
            .iter()
            .rev()
            .find(|(k, _)| snake(k) == want)
            .map(|(_, v)| v.trim())
    }

    /// The query with `key` set to `value` (or removed), encoded as Python's
    /// `urlencode(sorted(parse_qs(query).items()), doseq=True)`: sorted by
    /// key, repeated values kept in order.
    fn with(&self, key: &str, value: Option<String>) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .0
            .iter()
            .filter(|(k, _)| k != key)
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        if let Some(v) = &value {
            pairs.push((key, v.as_str()));
        }
        // A stable sort keeps the order of repeated values of one key.
        pairs.sort_by(|a, b| a.0.cmp(b.0));
        pairs
            .iter()
            .map(|(k, v)| format!("{}={}", quote_plus(k), quote_plus(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// `isGeldig` → `is_geldig`: an underscore before each capital that follows
/// a lower-case letter or digit, then all in lower case.
fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_uppercase() && previous_lower {
            out.push('_');
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        out.extend(c.to_lowercase());
    }
    out
}

/// The default and the largest page size.
pub(crate) const DEFAULT_PAGE_SIZE: usize = 100;
pub(crate) const MAX_PAGE_SIZE: usize = 500;

/// One page of a list.
#[derive(Debug)]
pub(crate) struct Page<'a, T> {
    pub(crate) count: usize,
    pub(crate) next: Option<String>,
    pub(crate) previous: Option<String>,
    pub(crate) results: Vec<&'a T>,
}

/// The requested page does not exist (or `page` is not a number): the
/// caller answers 404 "Ongeldige pagina.".
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct InvalidPage;

/// Cuts the page the query asks for out of `items`; `url` is the absolute
/// URL of the request without its query.
pub(crate) fn paginate<'a, T>(
    items: &[&'a T],
    query: &Query,
    url: &str,
) -> Result<Page<'a, T>, InvalidPage> {
    let size = query
        .get("pageSize")
        .and_then(|s| s.trim().parse::<i64>().ok())
        .filter(|n| *n > 0)
        .map(|n| (n as usize).min(MAX_PAGE_SIZE))
        .unwrap_or(DEFAULT_PAGE_SIZE);
    let count = items.len();
    let pages = count.max(1).div_ceil(size);
    let number = match query.get("page") {
        // An empty `page=` is the first page (recorded on 0.7.4).
        None | Some("") => 1,
        Some("last") => pages,
        Some(s) => s
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=pages).contains(n))
            .ok_or(InvalidPage)?,
    };
    let start = (number - 1) * size;
    let results = items.iter().skip(start).take(size).copied().collect();
    let link = |page: Option<usize>| {
        format!("{url}?{}", query.with("page", page.map(|p| p.to_string())))
            .trim_end_matches('?')
            .to_string()
    };
    Ok(Page {
        count,
        next: (number < pages).then(|| link(Some(number + 1))),
        // Page 1 is linked without a `page` parameter, as DRF does.
        previous: (number > 1).then(|| link((number > 2).then_some(number - 1))),
        results,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(
        n: usize,
        raw: &str,
    ) -> Result<(usize, Option<String>, Option<String>, usize), InvalidPage> {
        let items: Vec<usize> = (0..n).collect();
        let refs: Vec<&usize> = items.iter().collect();
        let p = paginate(&refs, &Query::parse(Some(raw)), "http://h/api/v1/items")?;
        Ok((p.count, p.next, p.previous, p.results.len()))
    }

    #[test]
    fn links_are_absolute_sorted_and_drop_page_one() {
        let (count, next, previous, len) =
            page(250, "tabel__code=LAND&pageSize=100&page=2").unwrap();
        assert_eq!((count, len), (250, 100));
        assert_eq!(
            next.as_deref(),
            Some("http://h/api/v1/items?page=3&pageSize=100&tabel__code=LAND")
        );
        assert_eq!(
            previous.as_deref(),
            Some("http://h/api/v1/items?pageSize=100&tabel__code=LAND")
        );
    }

    #[test]
    fn page_size_is_capped_and_bad_sizes_fall_back() {
        assert_eq!(page(900, "pageSize=1000").unwrap().3, 500);
        assert_eq!(page(900, "pageSize=0").unwrap().3, 100);
        assert_eq!(page(900, "pageSize=x").unwrap().3, 100);
    }

    #[test]
    fn pages_past_the_end_or_not_numbers_are_invalid() {
        assert_eq!(page(10, "page=2"), Err(InvalidPage));
        assert_eq!(page(10, "page=0"), Err(InvalidPage));
        assert_eq!(page(10, "page=een"), Err(InvalidPage));
        assert_eq!(page(0, "page=1").unwrap().0, 0);
        assert_eq!(page(250, "page=last").unwrap().3, 50);
    }

    #[test]
    fn filter_names_are_read_as_snake_case_in_any_case() {
        let q = Query::parse(Some("CODE=%20KANAAL%20&is_geldig=true&ISGELDIG=false"));
        assert_eq!(q.filter("code"), Some("KANAAL"));
        assert_eq!(q.filter("isGeldig"), Some("true"));
        assert_eq!(q.filter("tabel__code"), None);
        assert_eq!(page(10, "page=").unwrap().3, 10);
    }

    #[test]
    fn values_are_encoded_as_python_does() {
        let (_, next, _, _) = page(200, "code=a b*~&x=%C3%A9").unwrap();
        assert_eq!(
            next.as_deref(),
            Some("http://h/api/v1/items?code=a+b%2A~&page=2&x=%C3%A9")
        );
    }
}

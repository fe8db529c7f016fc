//! The complexity model checked against `limits.max_complexity`: every
//! field costs 1; a list field multiplies what is below it by its page size
//! ([`page_cost`]: `first`, or the default page) or, for a relation without
//! paging, by [`RELATION_FANOUT`] ([`relation_cost`]). The GraphQL fields
//! name these in `#[graphql(complexity = ...)]`.
//!
//! A list whose confidential members are left out costs the call that
//! fetches the confidentiality flags ([`GUARD_FLAGS`], `guarded_page_cost`,
//! `guarded_relation_cost`): one per field, whatever the page size, as the
//! guards in `graphql::guard` fetch them (once per request for a caller
//! without the reading ability, nothing for one with it; the complexity
//! does not know the caller, so it counts the call for everyone).

/// A paged list without `first` is costed as this many items.
pub const DEFAULT_PAGE: usize = 20;
/// A relation list without paging (a partij's betrokkenen, a contact's
/// interne taken) is costed as this many items.
pub const RELATION_FANOUT: usize = 5;

/// What fetching the confidentiality flags of a list costs.
pub const GUARD_FLAGS: usize = 1;

/// [`page_cost`] of a list whose members a guard may leave out.
pub fn guarded_page_cost(first: Option<i32>, child_complexity: usize) -> usize {
    page_cost(first, child_complexity).saturating_add(GUARD_FLAGS)
}

/// [`relation_cost`] of a relation whose members a guard may leave out.
pub fn guarded_relation_cost(child_complexity: usize) -> usize {
    relation_cost(child_complexity).saturating_add(GUARD_FLAGS)
}

/// The complexity of a paged list field: `first` (or [`DEFAULT_PAGE`]) times
/// what is selected below it.
pub fn page_cost(first: Option<i32>, child_complexity: usize) -> usize {
    let page = first.map_or(DEFAULT_PAGE, |f| usize::try_from(f).unwrap_or(0).max(1));
    items_cost(page, child_complexity)
}

/// The complexity of a relation list without paging.
pub fn relation_cost(child_complexity: usize) -> usize {
    items_cost(RELATION_FANOUT, child_complexity)
}

/// The complexity of a list of `items` known from the arguments (the BSNs
/// of `personen`).
pub fn items_cost(items: usize, child_complexity: usize) -> usize {
    items.saturating_mul(child_complexity).saturating_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_costs_follow_the_page_size() {
        assert_eq!(page_cost(Some(5), 3), 16);
        assert_eq!(page_cost(None, 3), DEFAULT_PAGE * 3 + 1);
        assert_eq!(page_cost(Some(-1), 3), 4);
        assert_eq!(page_cost(Some(i32::MAX), usize::MAX), usize::MAX);
        assert_eq!(relation_cost(2), RELATION_FANOUT * 2 + 1);
        assert_eq!(items_cost(3, 2), 7);
        assert_eq!(guarded_page_cost(Some(5), 3), 17);
        assert_eq!(guarded_relation_cost(2), RELATION_FANOUT * 2 + 2);
    }
}

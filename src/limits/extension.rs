//! The async-graphql extension of the checked schema (`graphql::build`):
//! the checks of [`super::document`] when the document is parsed, the depth
//! and complexity after validation, so a refused query costs no register
//! call. The own depth and complexity checks replace async-graphql's
//! `limit_depth` and `limit_complexity`, whose errors do not say which
//! limit was hit; the schema without extensions (`graphql::build_unchecked`)
//! keeps those, and [`hit_builtin_limit`] tells when a request must be run
//! again here for the refusal that names the limit.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{ServerError, ServerResult, ValidationResult, Variables};

use super::document::{self, NESTING_SLACK};
use super::request_error;
use crate::auth::rules::{self, Denied};
use crate::auth::Principal;
use crate::config::LimitsConfig;

/// How the GraphQL layer words an authorization refusal (`FORBIDDEN`,
/// naming the ability): introspection needs `introspectie`.
pub type Forbidden = fn(Denied) -> async_graphql::Error;

/// The extension factory, built from `[limits]`.
pub struct QueryLimits {
    config: Arc<LimitsConfig>,
    forbidden: Forbidden,
}

impl QueryLimits {
    pub fn new(config: &LimitsConfig, forbidden: Forbidden) -> QueryLimits {
        QueryLimits {
            config: Arc::new(config.clone()),
            forbidden,
        }
    }

    /// The parser's own recursion limit: at least async-graphql's default,
    /// and no lower than what the nesting check lets through.
    pub fn recursive_depth(config: &LimitsConfig) -> usize {
        (config.max_depth + NESTING_SLACK).max(32)
    }
}

impl ExtensionFactory for QueryLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(LimitsExtension {
            config: self.config.clone(),
            forbidden: self.forbidden,
        })
    }
}

struct LimitsExtension {
    config: Arc<LimitsConfig>,
    forbidden: Forbidden,
}

#[async_graphql::async_trait::async_trait]
impl Extension for LimitsExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let limits = &self.config;
        document::check_text(query, limits).map_err(|r| r.error())?;
        // The parser's and async-graphql's own recursion limits (reached
        // through nested fragments) are the depth limit too.
        let parsed = next.run(ctx, query, variables).await.map_err(|e| {
            if e.message.to_ascii_lowercase().contains("recursion") {
                document::too_deep(limits).error()
            } else {
                e
            }
        })?;
        document::check_aliases(&parsed, limits).map_err(|r| r.error())?;
        if document::uses_introspection(&parsed) {
            let principal = rules::or_nobody(ctx.data_opt::<Principal>());
            rules::introspection(principal).map_err(|d| request_error((self.forbidden)(d)))?;
        }
        Ok(parsed)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        let limits = &self.config;
        if result.depth > limits.max_depth {
            return Err(vec![document::too_deep(limits).error()]);
        }
        if result.complexity > limits.max_complexity {
            return Err(vec![super::Refusal::new(
                "limits.max_complexity",
                format!(
                    "the query's complexity is {}; limits.max_complexity is {}",
                    result.complexity, limits.max_complexity
                ),
            )
            .error()]);
        }
        tracing::debug!(
            depth = result.depth,
            complexity = result.complexity,
            "query within limits"
        );
        Ok(result)
    }
}

/// Whether an answer is async-graphql's own refusal at the depth,
/// complexity or recursion limit (`graphql::build_unchecked` sets them as
/// the checked schema has them); the checked schema then gives the refusal
/// that names the limit.
pub fn hit_builtin_limit(response: &async_graphql::Response) -> bool {
    response.errors.iter().any(|e| {
        e.message == "Query is too complex."
            || e.message == "Query is nested too deep."
            || e.message.to_ascii_lowercase().contains("recursion")
    })
}

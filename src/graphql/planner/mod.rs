//! The planner: which register calls a GraphQL request makes, chosen per
//! request by the modelled cost of each call (DESIGN.md decision 3).

pub mod cost;
pub mod klantbeeld;

pub use cost::{CallCost, CostModel};

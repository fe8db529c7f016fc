//! Typed clients for the registers the gateway federates, over one shared
//! HTTP layer.

//! Startup detail

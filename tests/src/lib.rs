//! Shared models and helpers for restlax's integration tests.

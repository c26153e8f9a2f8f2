//! The one integration test binary (one link step keeps builds cheap on two cores).
//!
//! `cli` runs the real `folio` binary in an isolated environment; `snapshots` pins the export
//! of every sample; `layout_props` checks layout invariants at every width and export
//! idempotence on generated documents; `html` takes saved web pages through all of them;
//! `trust` runs two real folio processes side by side and throws hostile commands and files at
//! them (issue 19); `markdown_export` checks that markdown export writes no live HTML.

pub mod capture;
mod cli;
mod common;
mod config;
mod corpus;
mod e2e;
mod eval;
mod export_props;
pub mod hostile;
mod html;
mod layout_props;
mod markdown_export;
mod quadratic;
mod screens;
mod search;
mod snapshots;
mod state;
mod trust;
mod trust_cli;

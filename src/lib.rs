//! folio
pub mod document;

//! youai's rules, with no HTTP and no SQL: input validation, the area tree's shape, and who may
//! do what where.

pub mod access;
pub mod validate;

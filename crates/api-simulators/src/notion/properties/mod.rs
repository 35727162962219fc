//! Property values: parsing what clients write, computing what pages show.

pub mod dates;
pub mod formula;
pub mod rich_text;
pub mod validate;
pub mod values;

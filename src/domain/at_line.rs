//! "line 7: " in messages about a file, or nothing when the line is unknown:
//! one wording for config, calendar, rule and template errors.

use std::fmt;

pub struct AtLine(pub Option<usize>);

impl fmt::Display for AtLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(n) => write!(f, "line {n}: "),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AtLine;

    #[test]
    fn names_the_line_only_when_known() {
        assert_eq!(format!("{}x", AtLine(Some(7))), "line 7: x");
        assert_eq!(format!("{}x", AtLine(None)), "x");
    }
}

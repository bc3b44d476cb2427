//! Text that came from the server, made safe to print: at most [`Shown::MAX_CHARS`] characters,
//! control characters (a forged "newline + fake log line", terminal escapes) written as escapes.
//! The value itself is kept whole where it is stored; only its display is bounded.

use core::fmt;

/// Displays server text bounded and without control characters.
pub(crate) struct Shown<'a>(pub(crate) &'a str);

impl Shown<'_> {
    /// The most characters shown.
    pub(crate) const MAX_CHARS: usize = 200;
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, c) in self.0.chars().enumerate() {
            if index == Self::MAX_CHARS {
                return f.write_str("…");
            }
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use alloc::format;
    use alloc::string::String;

    use super::*;

    #[test]
    fn control_characters_are_escaped_and_long_text_is_cut() {
        assert_eq!(format!("{}", Shown("ok")), "ok");
        assert_eq!(
            format!("{}", Shown("bad\nERROR fake line\u{1b}[31m")),
            "bad\\nERROR fake line\\u{1b}[31m"
        );
        let long: String = core::iter::repeat_n('x', 500).collect();
        let shown = format!("{}", Shown(&long));
        assert_eq!(shown.chars().count(), Shown::MAX_CHARS + 1);
        assert!(shown.ends_with('…'));
    }
}

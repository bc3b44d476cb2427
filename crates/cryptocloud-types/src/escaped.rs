//! Outside text inside an error message: shown as it is, except for what could forge or hide
//! text on a terminal or in a log.

use core::fmt::{self, Write};

/// Text from outside (a body, a caller's input) as `Display` shows it: `\\`, control characters (ESC, line breaks, U+0085,
/// the C1 range), and the invisible characters that reorder or hide text (line and paragraph
/// separators, bidirectional marks, overrides and isolates, zero-width characters, tags) written
/// as `\u{…}` escapes; everything else as it is. A short list rather than Unicode's tables, which
/// would cost a microcontroller 3 KiB.
pub(crate) struct Escaped<'a>(pub(crate) &'a str);

impl Escaped<'_> {
    fn hides_or_reorders(c: char) -> bool {
        c.is_control()
            || matches!(
                u32::from(c),
                0xAD | 0x061C
                    | 0x180E
                    | 0x200B..=0x200F
                    | 0x2028..=0x202E
                    | 0x2060..=0x206F
                    | 0xFEFF
                    | 0xFFF9..=0xFFFB
                    | 0xE0000..=0xE007F
            )
    }
}

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c == '\\' {
                f.write_str("\\\\")?;
            } else if Self::hides_or_reorders(c) {
                write!(f, "\\u{{{:x}}}", u32::from(c))?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;

    use super::*;

    #[test]
    fn outside_text_is_shown_escaped() {
        let shown = |text: &str| Escaped(text).to_string();
        assert_eq!(shown("HS512 \"ok\" é"), "HS512 \"ok\" é");
        assert_eq!(shown("a\\u{1b}b"), "a\\\\u{1b}b");
        assert_eq!(
            shown("\u{1b}[2J\r\n\u{85}\u{9b}\u{2028}\u{2029}\u{202e}\u{2066}\u{200b}\u{e0041}"),
            "\\u{1b}[2J\\u{d}\\u{a}\\u{85}\\u{9b}\\u{2028}\\u{2029}\\u{202e}\\u{2066}\\u{200b}\\u{e0041}"
        );
    }
}

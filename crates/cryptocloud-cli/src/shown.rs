//! Text from outside (a postback body, an API answer, an error that quotes either) as the tool
//! prints it: characters that move the cursor, end a line or hide text on a terminal (ESC, CR,
//! U+2028, U+0085, bidirectional overrides…) are escaped as Rust escapes them (`\u{1b}`), and
//! long text is cut, so that a sender can neither draw a line of its own nor flood the screen.

use std::fmt::{self, Write};

use serde::Serialize;

/// The most characters of one quoted value (an order id, a status, a raw entry).
pub(crate) const VALUE: usize = 120;

/// The most characters of one message line (an error, a refusal).
pub(crate) const LINE: usize = 400;

/// `text` escaped and cut to `max` characters.
pub(crate) fn shown(text: &str, max: usize) -> String {
    Shown { text, max }.to_string()
}

/// `text` escaped and cut to `max` characters, written as it is formatted.
pub(crate) struct Shown<'a> {
    pub(crate) text: &'a str,
    pub(crate) max: usize,
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.text.chars().count();
        if count <= self.max {
            return escaped(f, self.text.chars());
        }
        // The middle goes: a message's end ("… more than once") says as much as its start.
        let tail = self.max / 4;
        let head = self.max - tail;
        escaped(f, self.text.chars().take(head))?;
        write!(f, "…({} characters cut)…", count - head - tail)?;
        escaped(f, self.text.chars().skip(count - tail))
    }
}

fn escaped(f: &mut fmt::Formatter<'_>, text: impl Iterator<Item = char>) -> fmt::Result {
    for c in text {
        // The standard library's escape keeps what prints as itself; quotes need no escape.
        if matches!(c, '"' | '\'' | '\\') {
            f.write_char(c)?;
        } else {
            write!(f, "{}", c.escape_debug())?;
        }
    }
    Ok(())
}

/// `value` as JSON whose strings hold nothing a terminal acts on: what [`Shown`] escapes is
/// written as a `\uXXXX` escape instead (serde_json escapes only U+0000 to U+001F), so the data
/// read back is exact.
pub(crate) fn json_text(value: &impl Serialize, pretty: bool) -> Result<String, serde_json::Error> {
    let text = if pretty {
        serde_json::to_string_pretty(value)?
    } else {
        serde_json::to_string(value)?
    };
    if !text.chars().any(acts_on_a_terminal) {
        return Ok(text);
    }
    let mut safe = String::with_capacity(text.len() + 32);
    for c in text.chars() {
        if acts_on_a_terminal(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                // Writing to a String cannot fail.
                let _ = write!(safe, "\\u{unit:04x}");
            }
        } else {
            safe.push(c);
        }
    }
    Ok(safe)
}

/// Characters left in serde_json's output that a terminal may act on: DEL and the non-ASCII
/// ones the standard library's escape does not keep as they are.
fn acts_on_a_terminal(c: char) -> bool {
    c == '\u{7f}' || (!c.is_ascii() && c.escape_debug().nth(1).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_moves_the_cursor_or_hides_text_is_escaped() {
        assert_eq!(
            shown("a\u{1b}[2K\rb\u{2028}c\u{85}d\u{202e}e\nf\tg", VALUE),
            "a\\u{1b}[2K\\rb\\u{2028}c\\u{85}d\\u{202e}e\\nf\\tg"
        );
        assert_eq!(
            shown("Zoë's \"order\" C:\\x 東京", VALUE),
            "Zoë's \"order\" C:\\x 東京"
        );
    }

    #[test]
    fn json_keeps_the_data_and_escapes_what_a_terminal_acts_on() {
        let text = "x\u{2028}y\u{85}z\u{1b}é😀\u{7f}";
        let json = json_text(&serde_json::json!({"order": text}), false).unwrap();
        assert_eq!(json, r#"{"order":"x\u2028y\u0085z\u001bé😀\u007f"}"#);
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["order"], text);
    }

    #[test]
    fn long_text_loses_its_middle() {
        assert_eq!(shown("abcdéfghij", 8), "abcdéf…(2 characters cut)…ij");
        assert_eq!(shown("abc", 3), "abc");
        assert_eq!(shown("", 0), "");
    }
}

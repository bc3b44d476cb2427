//! The reading position in a JSON text, and what can be read there: whitespace, a key, a value
//! (containers checked and skipped without recursion), a number, a string decoded or skipped.

use alloc::borrow::Cow;
use alloc::string::String;

use super::{SyntaxError, Value};

/// Containers nested deeper than this are refused (serde_json's limit is 128 too).
const MAX_DEPTH: u32 = 128;

pub(super) struct Cursor<'a> {
    text: &'a str,
    pub(super) at: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(text: &'a str, at: usize) -> Cursor<'a> {
        Cursor { text, at }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    pub(super) fn error(&self, expected: &'static str) -> SyntaxError {
        SyntaxError {
            expected,
            at: self.at,
        }
    }

    pub(super) fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    pub(super) fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    pub(super) fn expect(&mut self, byte: u8, expected: &'static str) -> Result<(), SyntaxError> {
        self.skip_whitespace();
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.error(expected))
        }
    }

    /// After a value in a container: `,` (false) or the container's `close` (true).
    pub(super) fn separator(&mut self, close: u8) -> Result<bool, SyntaxError> {
        self.skip_whitespace();
        if self.eat(b',') {
            Ok(false)
        } else if self.eat(close) {
            Ok(true)
        } else if close == b'}' {
            Err(self.error("`,` or `}`"))
        } else {
            Err(self.error("`,` or `]`"))
        }
    }

    /// A member's key and its `:`.
    pub(super) fn key(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.skip_whitespace();
        if self.peek() != Some(b'"') {
            return Err(self.error("a string key"));
        }
        let key = self.string()?;
        self.expect(b':', "`:`")?;
        Ok(key)
    }

    /// One value, of any kind; containers are checked and skipped.
    pub(super) fn value(&mut self) -> Result<Value<'a>, SyntaxError> {
        self.skip_whitespace();
        if self.peek() == Some(b'"') {
            return self.string().map(Value::Text);
        }
        let start = self.at;
        self.skip_value()?;
        Ok(Value::Json(
            self.text.get(start..self.at).unwrap_or_default(),
        ))
    }

    /// Skips one value without recursion: `open` holds one bit per open container, set for an
    /// object, so that bad input cannot exhaust a small stack.
    fn skip_value(&mut self) -> Result<(), SyntaxError> {
        let mut open: u128 = 0;
        let mut depth = 0_u32;
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'{' | b'[') if depth == MAX_DEPTH => {
                    return Err(self.error("at most 128 nested objects and arrays"));
                }
                Some(bracket @ (b'{' | b'[')) => {
                    self.at += 1;
                    let is_object = bracket == b'{';
                    open = (open << 1) | u128::from(is_object);
                    depth += 1;
                    self.skip_whitespace();
                    if !self.eat(if is_object { b'}' } else { b']' }) {
                        if is_object {
                            self.skip_key()?;
                        }
                        continue;
                    }
                    open >>= 1;
                    depth -= 1;
                }
                Some(b'"') => self.skip_string()?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b't') => self.literal("true")?,
                Some(b'f') => self.literal("false")?,
                Some(b'n') => self.literal("null")?,
                _ => return Err(self.error("a JSON value")),
            }
            // A value ended: close what it ends, or go on to the container's next value.
            loop {
                if depth == 0 {
                    return Ok(());
                }
                let in_object = open & 1 == 1;
                if !self.separator(if in_object { b'}' } else { b']' })? {
                    if in_object {
                        self.skip_key()?;
                    }
                    break;
                }
                open >>= 1;
                depth -= 1;
            }
        }
    }

    fn skip_key(&mut self) -> Result<(), SyntaxError> {
        self.skip_whitespace();
        if self.peek() != Some(b'"') {
            return Err(self.error("a string key"));
        }
        self.skip_string()?;
        self.expect(b':', "`:`")
    }

    fn literal(&mut self, word: &'static str) -> Result<(), SyntaxError> {
        let end = self.at + word.len();
        if self.text.as_bytes().get(self.at..end) == Some(word.as_bytes()) {
            self.at = end;
            Ok(())
        } else {
            Err(self.error("a JSON value"))
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, as JSON writes numbers.
    fn number(&mut self) -> Result<(), SyntaxError> {
        self.eat(b'-');
        if !self.eat(b'0') && self.digits() == 0 {
            return Err(self.error("a digit"));
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.error("a digit after `.`"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return Err(self.error("an exponent"));
            }
        }
        Ok(())
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    /// A string from its opening quote, decoded; borrowed when it has no escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.at += 1;
        let start = self.at;
        let mut decoded: Option<String> = None;
        let mut run_start = start;
        loop {
            match self.peek() {
                None => return Err(self.error("the end of the string")),
                Some(b'"') => {
                    let run = self.text.get(run_start..self.at).unwrap_or_default();
                    self.at += 1;
                    return Ok(match decoded {
                        Some(mut text) => {
                            text.push_str(run);
                            Cow::Owned(text)
                        }
                        None => Cow::Borrowed(run),
                    });
                }
                Some(b'\\') => {
                    let text = decoded.get_or_insert_with(String::new);
                    text.push_str(self.text.get(run_start..self.at).unwrap_or_default());
                    self.at += 1;
                    let c = self.escape()?;
                    text.push(c);
                    run_start = self.at;
                }
                Some(0..=0x1f) => return Err(self.error("no control character in a string")),
                Some(_) => self.at += 1,
            }
        }
    }

    /// A string from its opening quote, checked and skipped.
    fn skip_string(&mut self) -> Result<(), SyntaxError> {
        self.at += 1;
        loop {
            match self.peek() {
                None => return Err(self.error("the end of the string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape()?;
                }
                Some(0..=0x1f) => return Err(self.error("no control character in a string")),
                Some(_) => self.at += 1,
            }
        }
    }

    /// The character an escape after its `\` stands for.
    fn escape(&mut self) -> Result<char, SyntaxError> {
        let byte = self.peek();
        self.at += 1;
        Ok(match byte {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let first = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    // A high surrogate: its low half must follow as `\uDC00`–`\uDFFF`.
                    if !(self.eat(b'\\') && self.eat(b'u')) {
                        return Err(self.error("the low half of a surrogate pair"));
                    }
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.error("the low half of a surrogate pair"));
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    first
                };
                return char::from_u32(code)
                    .ok_or_else(|| self.error("a character, not half of one"));
            }
            _ => {
                self.at -= 1;
                return Err(self.error("an escape such as `\\n` or `\\u00e9`"));
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .filter(|digits| digits.bytes().all(|byte| byte.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("four hexadecimal digits"))?;
        let code =
            u32::from_str_radix(digits, 16).map_err(|_| self.error("four hexadecimal digits"))?;
        self.at += 4;
        Ok(code)
    }
}

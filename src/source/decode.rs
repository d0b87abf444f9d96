//! Bytes to text: BOM, then strict UTF-8, then strict GB18030; CR and CRLF become `\n`.

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8};

use super::{MAX_LINE_CHARS, MAX_LINES};

/// Decoded text and the encoding it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text with `\n` line endings and no BOM.
    pub text: String,
    /// Name of the encoding, e.g. `UTF-8`, `GB18030`, `UTF-16LE`.
    pub encoding: &'static str,
    /// Number of lines, as an editor counts them (a final newline starts no line).
    pub lines: u32,
}

/// Why bytes are not a usable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// 1-based line of the problem, when there is one.
    pub line: Option<usize>,
    /// What was expected and what was found.
    pub message: String,
}

impl DecodeError {
    fn whole(message: impl Into<String>) -> Self {
        DecodeError {
            line: None,
            message: message.into(),
        }
    }

    fn at(line: usize, message: impl Into<String>) -> Self {
        DecodeError {
            line: Some(line),
            message: message.into(),
        }
    }
}

/// Decodes a source text.
///
/// A BOM decides the encoding; without one, bytes that are valid UTF-8 are UTF-8 and others
/// are tried as GB18030. Decoding is strict: bytes invalid in the chosen encoding are an error,
/// never replacement characters. Empty text, NUL and other binary control characters, overlong
/// lines and too many lines are errors.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::whole(
            "the file is empty; expected a plan's text",
        ));
    }
    let (text, encoding) = match Encoding::for_bom(bytes) {
        Some((enc, bom_len)) => {
            let body = &bytes[bom_len..];
            let text = enc
                .decode_without_bom_handling_and_without_replacement(body)
                .ok_or_else(|| {
                    DecodeError::at(
                        malformed_line(enc, body),
                        format!(
                            "the file starts with a {} BOM but is not valid {} (invalid bytes on this line)",
                            enc.name(),
                            enc.name()
                        ),
                    )
                })?;
            (text.into_owned(), enc.name())
        }
        None => match std::str::from_utf8(bytes) {
            Ok(t) => (t.to_string(), UTF_8.name()),
            Err(utf8) => {
                let text = GB18030
                    .decode_without_bom_handling_and_without_replacement(bytes)
                    .ok_or_else(|| neither(bytes, utf8.valid_up_to()))?;
                (text.into_owned(), "GB18030")
            }
        },
    };
    let text = normalise_line_endings(&text);
    let lines = check_text(&text)?;
    Ok(Decoded {
        text,
        encoding,
        lines,
    })
}

/// The error for bytes that are neither UTF-8 nor GB18030, at the line where the encoding that
/// read further failed (the likelier one to be meant); the message gives both lines.
fn neither(bytes: &[u8], utf8_valid: usize) -> DecodeError {
    let utf8_line = line_at(&String::from_utf8_lossy(
        bytes.get(..utf8_valid).unwrap_or(bytes),
    ));
    let gb_line = malformed_line(GB18030, bytes);
    let which = if utf8_line == gb_line {
        "invalid bytes in both on this line".to_string()
    } else {
        format!("invalid UTF-8 from line {utf8_line}, invalid GB18030 from line {gb_line}")
    };
    DecodeError::at(
        utf8_line.max(gb_line),
        format!("the bytes are neither UTF-8 nor GB18030 text (and there is no BOM): {which}"),
    )
}

/// The 1-based line of the first bytes that are malformed in `enc` (1 if none are found).
fn malformed_line(enc: &'static Encoding, bytes: &[u8]) -> usize {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len());
    let mut out = String::with_capacity(capacity);
    let mut rest = bytes;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut out, true);
        rest = rest.get(read..).unwrap_or_default();
        match result {
            DecoderResult::Malformed(..) => return line_at(&out),
            DecoderResult::InputEmpty => return 1,
            DecoderResult::OutputFull => out.reserve(rest.len().saturating_mul(3).max(16)),
        }
    }
}

/// The 1-based line on which text that follows `before` starts (CRLF, CR and LF end a line).
fn line_at(before: &str) -> usize {
    let bytes = before.as_bytes();
    let breaks = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    breaks + 1
}

/// CRLF and lone CR become `\n`.
fn normalise_line_endings(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

// The line count fits `Decoded::lines` whenever the text is accepted.
const _: () = assert!(MAX_LINES <= u32::MAX as usize);

/// Refuses text that is blank, binary, or has lines too long or too many to be a plan's;
/// returns its number of lines.
fn check_text(text: &str) -> Result<u32, DecodeError> {
    if text.trim().is_empty() {
        return Err(DecodeError::whole(
            "the file has no text; expected a plan's text",
        ));
    }
    // As an editor counts: a final newline does not start another line.
    let lines = text.matches('\n').count() + usize::from(!text.ends_with('\n'));
    if lines > MAX_LINES {
        return Err(DecodeError::whole(format!(
            "text has {lines} lines; plandoc reads texts up to {MAX_LINES} lines"
        )));
    }
    for (i, line) in text.split('\n').enumerate() {
        let n = i + 1;
        if let Some(c) = line.chars().find(|c| is_binary_control(*c)) {
            let what = if c == '\0' {
                "a NUL byte".to_string()
            } else {
                format!("the control character U+{:04X}", u32::from(c))
            };
            return Err(DecodeError::at(
                n,
                format!("found {what}; expected text (is this a binary file?)"),
            ));
        }
        // Counting bytes first keeps the common case cheap.
        if line.len() > MAX_LINE_CHARS && line.chars().count() > MAX_LINE_CHARS {
            return Err(DecodeError::at(
                n,
                format!(
                    "line is {} characters long; plandoc reads lines up to {MAX_LINE_CHARS}",
                    line.chars().count()
                ),
            ));
        }
    }
    Ok(u32::try_from(lines).unwrap_or(u32::MAX))
}

/// Control characters that never occur in an exported text (TAB, LF, FF are fine).
fn is_binary_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\u{c}')) && (c as u32) < 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_and_crlf_are_settled() {
        let d = decode(b"\xEF\xBB\xBFa\r\nb\rc").unwrap();
        assert_eq!(d.text, "a\nb\nc");
        assert_eq!(d.lines, 3);
        assert_eq!(decode(b"a\r\nb\r\n").unwrap().lines, 2);
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn gb18030_is_tried_when_not_utf8() {
        let (bytes, _, _) = GB18030.encode("第一章 规划背景");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "第一章 规划背景");
        assert_eq!(d.encoding, "GB18030");
    }

    #[test]
    fn utf16_with_bom_decodes() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "前言\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "前言\n");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn empty_nul_and_binary_are_refused() {
        assert!(decode(b"").is_err());
        assert!(decode(b"  \n \n").is_err());
        let e = decode(b"a\nb\0c").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("NUL"));
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").is_err());
    }

    #[test]
    fn undecodable_bytes_are_an_error_not_replacement() {
        assert!(decode(b"\xff\xff\xff\x80\x80").is_err());
    }

    #[test]
    fn undecodable_bytes_name_their_line() {
        // UTF-8 text with a bad byte on line 3 (CRLF, lone CR and LF all end lines).
        let mut bytes = "前言\r\n序\r甲".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xff\xff\n\xe4\xb9\x99");
        let e = decode(&bytes).unwrap_err();
        assert_eq!(e.line, Some(3), "{}", e.message);
        // GB18030 text with a bad byte on line 4: the GB18030 failure is further on.
        let mut gb = GB18030.encode("第一章 规划\n甲\n乙\n").0.into_owned();
        gb.extend_from_slice(b"\xff\xff\n");
        let e = decode(&gb).unwrap_err();
        assert_eq!(e.line, Some(4), "{}", e.message);
        assert!(
            e.message.contains("UTF-8 from line 1") && e.message.contains("GB18030 from line 4")
        );
        // A BOM'd text: UTF-8 and UTF-16.
        let mut bom = b"\xEF\xBB\xBFa\nb\n".to_vec();
        bom.extend_from_slice(b"c\xff\n");
        assert_eq!(decode(&bom).unwrap_err().line, Some(3));
        let mut u16 = vec![0xFF, 0xFE];
        for u in "a\nb\n".encode_utf16() {
            u16.extend_from_slice(&u.to_le_bytes());
        }
        u16.extend_from_slice(&0xDC00u16.to_le_bytes()); // a lone low surrogate
        assert_eq!(decode(&u16).unwrap_err().line, Some(3));
    }
}

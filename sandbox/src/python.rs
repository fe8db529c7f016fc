//! What the registers' Python does and Rust spells otherwise, written once for
//! every sandbox register: Open Klant and Referentielijsten are both Django
//! REST framework applications, which build their paging links with Python's
//! `urlencode`.

/// Python's `urllib.parse.quote_plus`: letters, digits and `_.-~` stay,
/// a space becomes `+`, every other byte `%XX`.
pub(crate) fn quote_plus(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::quote_plus;

    #[test]
    fn quote_plus_keeps_what_python_keeps() {
        assert_eq!(quote_plus("aZ09_.-~"), "aZ09_.-~");
        assert_eq!(quote_plus("a b/c*é"), "a+b%2Fc%2A%C3%A9");
    }
}

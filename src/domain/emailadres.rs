//! E-mail address as Open Klant accepts it.

use std::fmt;

use super::ParseError;

/// An e-mail address that Open Klant (Django's `EmailValidator`) accepts: a
/// local part of dot-separated atoms (letters, digits and
/// `!#$%&'*+/=?^_`{|}~-`) or a quoted string, `@`, and a domain of
/// dot-separated labels (letters, digits, inner hyphens; at most 63
/// characters) ending in a top-level label of two or more characters, or an
/// IP address in brackets. Surrounding spaces are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Emailadres(String);

impl Emailadres {
    pub fn parse(input: &str) -> Result<Emailadres, ParseError> {
        let s = input.trim();
        let refuse = || {
            ParseError(format!(
                "{input:?} is not an e-mail address Open Klant accepts (name@domain.tld)"
            ))
        };
        let (local, domain) = s.rsplit_once('@').ok_or_else(refuse)?;
        if !(local_part(local) && (domain_name(domain) || ip_literal(domain))) {
            return Err(refuse());
        }
        Ok(Emailadres(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Emailadres {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn local_part(local: &str) -> bool {
    const SPECIALS: &str = "!#$%&'*+/=?^_`{|}~-";
    let atom = |a: &str| {
        !a.is_empty()
            && a.chars()
                .all(|c| c.is_ascii_alphanumeric() || SPECIALS.contains(c))
    };
    if let Some(inner) = local.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        // A quoted string: printable ASCII, with `"` and `\` escaped.
        let mut escaped = false;
        return inner.chars().all(|c| {
            let ok = c.is_ascii() && !c.is_ascii_control() && (escaped || c != '"');
            escaped = !escaped && c == '\\';
            ok
        }) && !escaped;
    }
    local.split('.').all(atom)
}

fn domain_name(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label = |l: &str| {
        (1..=63).contains(&l.len())
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    match labels.split_last() {
        Some((tld, rest)) if !rest.is_empty() => {
            rest.iter().all(|l| label(l))
                && (2..=63).contains(&tld.len())
                && tld.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !tld.ends_with('-')
        }
        _ => false,
    }
}

fn ip_literal(domain: &str) -> bool {
    domain
        .strip_prefix('[')
        .and_then(|d| d.strip_suffix(']'))
        .is_some_and(|ip| ip.parse::<std::net::IpAddr>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::Emailadres;

    #[test]
    fn accepted_addresses() {
        for ok in [
            "anton@example.nl",
            " a.van.oostrum@tietjerksteradeel.nl ",
            "kcc+terugbellen@gemeente-x.nl",
            "\"a b\"@example.com",
            "x@[127.0.0.1]",
            "x@sub.domain.museum",
        ] {
            assert!(Emailadres::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refused_addresses() {
        for bad in [
            "anton",
            "anton@",
            "@example.nl",
            "anton@example",
            "anton@example.n",
            "a..b@example.nl",
            ".a@example.nl",
            "a b@example.nl",
            "anton@-example.nl",
            "anton@example-.nl",
            "x@[999.1.1.1]",
            "anton@exa_mple.nl",
        ] {
            assert!(Emailadres::parse(bad).is_err(), "{bad}");
        }
    }
}

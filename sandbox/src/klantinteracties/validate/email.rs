//! E-mail addresses and URLs as Django's `EmailValidator` and
//! `URLValidator` judge them.

use std::net::IpAddr;
use std::sync::LazyLock;

use regex::Regex;

use super::{pattern, Check, Invalid};

/// An e-mail address as Django 4.2's `EmailValidator` judges it: a dot-atom
/// or quoted local part, and a domain of dotted labels with a TLD of at
/// least two characters (after IDNA encoding), an IP literal in brackets, or
/// `localhost`.
pub(crate) fn email(value: &str) -> Check {
    let refuse = || Err(Invalid::because("Voer een geldig e-mailadres in."));
    if value.is_empty() || value.len() > 320 {
        return refuse();
    }
    let Some((user, domain)) = value.rsplit_once('@') else {
        return refuse();
    };
    if !email_user(user) {
        return refuse();
    }
    if domain == "localhost" || email_domain(domain) {
        return Ok(());
    }
    // Django retries an internationalised domain in its punycode form.
    match url::Host::parse(domain) {
        Ok(url::Host::Domain(ascii)) if ascii != domain && email_domain(&ascii) => Ok(()),
        _ => refuse(),
    }
}

fn email_user(user: &str) -> bool {
    static DOT_ATOM: LazyLock<Regex> = LazyLock::new(|| {
        pattern(r"(?i)^[\-!#$%&'*+/=?\^_`\{\}|~0-9A-Z]+(\.[\-!#$%&'*+/=?\^_`\{\}|~0-9A-Z]+)*\z")
    });
    static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
        pattern(
            r#"(?i)^"([\x01-\x08\x0b\x0c\x0e-\x1f!#-\[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*"\z"#,
        )
    });
    DOT_ATOM.is_match(user) || QUOTED.is_match(user)
}

fn email_domain(domain: &str) -> bool {
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        pattern(r"(?i)^((?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+)(?:[A-Z0-9-]{2,63})\z")
    });
    static LITERAL: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)^\[([A-F0-9:.]+)\]\z"));
    // Django's pattern forbids a TLD ending in '-' with a look-behind.
    if NAME.is_match(domain) && !domain.ends_with('-') {
        return true;
    }
    LITERAL
        .captures(domain)
        .and_then(|c| c.get(1))
        .is_some_and(|ip| ip.as_str().parse::<IpAddr>().is_ok())
}

/// A URL as Django's `URLValidator` accepts it for a `URLField`
/// (`hoofdOnderwerpType`): http(s) or ftp(s), with a host that is a dotted
/// name, an IP address or `localhost`.
pub(crate) fn url(value: &str) -> Check {
    let refuse = || Err(Invalid::because("Voer een geldige URL in."));
    let Ok(parsed) = url::Url::parse(value) else {
        return refuse();
    };
    if !matches!(parsed.scheme(), "http" | "https" | "ftp" | "ftps") || value.contains(' ') {
        return refuse();
    }
    match parsed.host() {
        Some(url::Host::Domain(d)) if d == "localhost" || d.contains('.') => Ok(()),
        Some(url::Host::Ipv4(_)) | Some(url::Host::Ipv6(_)) => Ok(()),
        _ => refuse(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(check: Check) -> bool {
        check.is_ok()
    }

    #[test]
    fn email_as_django() {
        for good in [
            "anton@example.com",
            "a.b+c@sub.example.nl",
            "\"quoted..name\"@example.com",
            "\"quoted\\ name\"@example.com",
            "x@localhost",
            "x@[127.0.0.1]",
            "x@[::1]",
            "info@bücher.de",
            "o'brien@example.ie",
        ] {
            assert!(ok(email(good)), "{good}");
        }
        for bad in [
            "",
            "plain",
            "@example.com",
            "a@",
            "a@example",
            "a@example.c",
            "a@example.com-",
            "a@-example.com",
            "a..b@example.com",
            ".a@example.com",
            "a b@example.com",
            "a@exa mple.com",
            "a@[999.1.1.1]",
            "jörg@example.com",
            "\"quoted name\"@example.com",
        ] {
            assert!(!ok(email(bad)), "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(320));
        assert!(!ok(email(&long)));
    }

    #[test]
    fn url_as_django() {
        assert!(ok(url("https://catalogi.example.nl/api/v1/zaaktypen/1")));
        assert!(ok(url("http://localhost:8000/x")));
        assert!(!ok(url("catalogi.example.nl/zaaktypen/1")));
        assert!(!ok(url("mailto:a@example.com")));
        assert!(!ok(url("https://intranet/x")));
    }
}

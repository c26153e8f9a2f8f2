//! Fetching a page over HTTP(S): only `http` and `https`, redirects followed up to a limit, a
//! timeout, a cap on the body, no cookies or credentials, a user agent naming folio.

use std::time::Duration;

use ureq::ResponseExt;

use crate::error::Error;

/// The most redirects followed.
const REDIRECTS: u32 = 5;

/// A page as the server gave it.
#[derive(Debug, Clone)]
pub struct Page {
    /// The address it came from, after redirects.
    pub url: String,
    /// The body.
    pub bytes: Vec<u8>,
    /// The media type (`text/html`), lower-cased, when the server said.
    pub mime: Option<String>,
    /// The character set the server named, when it did.
    pub charset: Option<String>,
}

/// The user agent folio sends.
pub fn user_agent() -> String {
    format!(
        "folio/{} (a terminal reader of articles)",
        env!("CARGO_PKG_VERSION")
    )
}

/// Whether `url` is one folio fetches: `http://` or `https://` and a host.
pub fn check_url(url: &str) -> Result<(), Error> {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') => Ok(()),
        _ => Err(Error::Fetch {
            url: url.to_string(),
            reason: "only http:// and https:// addresses are fetched".into(),
        }),
    }
}

/// Fetches `url` within `timeout`, refusing a body over `most` bytes.
pub fn fetch(url: &str, timeout: Duration, most: u64) -> Result<Page, Error> {
    check_url(url)?;
    let fail = |reason: String| Error::Fetch {
        url: url.to_string(),
        reason,
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(REDIRECTS)
        .user_agent(user_agent())
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .get(url.trim())
        .call()
        .map_err(|e| fail(describe(&e, timeout)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(fail(
            format!(
                "the server answered {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )
            .trim_end()
            .to_string(),
        ));
    }
    let final_url = response.get_uri().to_string();
    check_url(&final_url).map_err(|_| fail(format!("redirected to '{final_url}'")))?;
    let (mime, charset) = {
        let body = response.body();
        (
            body.mime_type().map(str::to_ascii_lowercase),
            body.charset().map(str::to_ascii_lowercase),
        )
    };
    let bytes = response
        .body_mut()
        .with_config()
        .limit(most)
        .read_to_vec()
        .map_err(|e| fail(describe(&e, timeout)))?;
    Ok(Page {
        url: final_url,
        bytes,
        mime,
        charset,
    })
}

/// A fetch error in a few plain words.
fn describe(e: &ureq::Error, timeout: Duration) -> String {
    match e {
        ureq::Error::Timeout(_) => format!("no answer within {} s", timeout.as_secs()),
        ureq::Error::HostNotFound => "cannot find the host (offline, or no such name)".into(),
        ureq::Error::ConnectionFailed => "cannot connect to the server".into(),
        ureq::Error::BodyExceedsLimit(n) => {
            format!("the page is larger than {} MiB", n / (1024 * 1024))
        }
        ureq::Error::TooManyRedirects => format!("more than {REDIRECTS} redirects"),
        ureq::Error::RedirectFailed => "a redirect led nowhere".into(),
        ureq::Error::Io(io) => network(io),
        other => {
            let text = other.to_string();
            if text.to_ascii_lowercase().contains("tls") || text.contains("certificate") {
                format!("a secure connection failed: {text}")
            } else {
                text
            }
        }
    }
}

/// An I/O error met on the network. The resolver's failures come back as
/// uncategorised I/O errors whose text is the C library's, so they are
/// recognised by the words every libc uses.
fn network(io: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let text = io.to_string().to_ascii_lowercase();
    match io.kind() {
        ErrorKind::ConnectionRefused => "the server refused the connection".into(),
        ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => {
            "the server closed the connection".into()
        }
        ErrorKind::TimedOut => "the connection timed out".into(),
        // What the TLS layer reports on a stream it cannot read (a server that does not speak
        // TLS, a broken handshake, a bad certificate) reaches here as invalid data.
        ErrorKind::InvalidData => format!("a secure connection failed ({io})"),
        _ if text.contains("lookup")
            || text.contains("name or service")
            || text.contains("nodename")
            || text.contains("no address") =>
        {
            "cannot find the host (offline, or no such name)".into()
        }
        _ => crate::error::describe(io),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_are_fetched() {
        assert!(check_url("https://example.org/a").is_ok());
        assert!(check_url("HTTP://example.org").is_ok());
        for bad in [
            "file:///etc/passwd",
            "ftp://x/y",
            "javascript:alert(1)",
            "https://",
            "/x",
        ] {
            let e = check_url(bad).unwrap_err().to_string();
            assert!(e.contains("only http"), "{bad}: {e}");
        }
    }
}

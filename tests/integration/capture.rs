//! `folio add` against a web server of the test's own on 127.0.0.1 (no network): pages,
//! redirects, errors, a slow server, a huge body, another character set, a second add.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::time::Duration;

use crate::common::{root, run, stderr};

/// A server answering a few paths; it runs until the test process ends.
pub fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    format!("http://{addr}")
}

fn answer(mut stream: std::net::TcpStream) {
    let mut request = [0u8; 4096];
    let n = stream.read(&mut request).unwrap_or(0);
    let request = String::from_utf8_lossy(&request[..n]);
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let news = std::fs::read(root().join("tests/fixtures/html/harbour-ferry.html"))
        .expect("the news fixture");
    let latin = b"<html><head><title>Caf\xe9 notes</title></head><body><article>\
        <h1>Caf\xe9 notes</h1><p>A first paragraph about the caf\xe9 on the corner, long enough \
        to be read as the article. It goes on for a while, with more words.</p>\
        <p>A second paragraph, also long enough to count as prose in an article.</p>\
        </article></body></html>"
        .to_vec();
    let (status, headers, body): (&str, String, Vec<u8>) = match path.as_str() {
        "/news" => (
            "200 OK",
            "Content-Type: text/html; charset=utf-8\r\n".into(),
            news,
        ),
        "/moved" => (
            "301 Moved Permanently",
            "Location: /news\r\n".into(),
            Vec::new(),
        ),
        "/latin" => (
            "200 OK",
            "Content-Type: text/html; charset=iso-8859-1\r\n".into(),
            latin,
        ),
        "/pictured" => (
            "200 OK",
            "Content-Type: text/html\r\n".into(),
            b"<html><head><title>A pictured walk</title></head><body><article>\
              <h1>A pictured walk</h1><p>The path leaves the village by the mill and climbs \
              for an hour through beech woods before it reaches the ridge and the view.</p>\
              <img src=\"/img/ridge.png\" alt=\"The ridge at dusk\">\
              <p>From the ridge the way down is steeper, and slower, than the way up was; see <a href=\"/walks\">more walks</a>.</p>\
              </article></body></html>"
                .to_vec(),
        ),
        "/img/ridge.png" => (
            "200 OK",
            "Content-Type: image/png\r\n".into(),
            b"\x89PNG not really".to_vec(),
        ),
        "/menu" => (
            "200 OK",
            "Content-Type: text/html\r\n".into(),
            b"<html><body><nav><a href=\"/a\">Home</a> <a href=\"/b\">About</a></nav>\
              </body></html>"
                .to_vec(),
        ),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(4));
            ("200 OK", "Content-Type: text/html\r\n".into(), news)
        }
        "/huge" => (
            "200 OK",
            "Content-Type: text/html\r\n".into(),
            b"<p>x</p>".repeat(17 * 1024 * 1024 / 8 + 1),
        ),
        _ => (
            "404 Not Found",
            "Content-Type: text/plain\r\n".into(),
            b"no".to_vec(),
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// Every file in `dir`, hidden ones included, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn add(dir: &Path, args: &[&str]) -> std::process::Output {
    let to = dir.display().to_string();
    let mut all = vec!["add", "--to", &to];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn a_page_is_saved_with_its_front_matter_and_a_second_add_is_reported() {
    let server = serve();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = add(
        dir.path(),
        &["--tag", "ferries", "--keep-html", &format!("{server}/news")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let name = "the-night-ferry-returns-to-vellmark-harbour.md";
    assert_eq!(
        files(dir.path()),
        [
            ".the-night-ferry-returns-to-vellmark-harbour.html".to_string(),
            name.to_string()
        ]
    );
    let text = std::fs::read_to_string(dir.path().join(name)).expect("saved");
    for expected in [
        "title = \"The night ferry returns to Vellmark harbour\"",
        "authors = [\"Mara Lindqvist\", \"Tomás Ferreira\"]",
        "date = \"2024-05-02",
        "source = \"https://ledger.example.org/news/2024/05/night-ferry-returns\"",
        "\"ferries\"",
        "saved = \"20",
    ] {
        assert!(text.contains(expected), "{expected} missing:\n{text}");
    }
    assert!(
        !text.contains("<script") && !text.contains("track("),
        "{text}"
    );
    // The saved file reads back as the same article.
    let json = crate::common::stdout(&run(&[
        "export",
        "--format",
        "json",
        &dir.path().join(name).display().to_string(),
    ]));
    assert!(
        json.contains("\"title\": \"The night ferry returns to Vellmark harbour\""),
        "{json}"
    );
    // The same article again (through a redirect): reported, not saved twice.
    let again = add(dir.path(), &[&format!("{server}/moved")]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already saved"),
        "{}",
        stderr(&again)
    );
    assert_eq!(files(dir.path()).len(), 2);
    // --force refreshes it in place.
    let forced = add(dir.path(), &["--force", &format!("{server}/moved")]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(stderr(&forced).contains("refreshed"));
    assert_eq!(files(dir.path()).len(), 2);
}

#[test]
fn failures_say_why_in_one_line_each_and_leave_nothing_behind() {
    let server = serve();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = add(
        dir.path(),
        &[
            "--timeout",
            "1",
            &format!("{server}/missing"),
            &format!("{server}/slow"),
            &format!("{server}/huge"),
            "ftp://example.org/x",
            "http://folio-test.invalid/",
            // TLS spoken to a server that answers in plain HTTP.
            &format!("{}/news", server.replace("http://", "https://")),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 6, "{err}");
    assert!(lines[0].contains("404 Not Found"), "{err}");
    assert!(lines[1].contains("no answer within 1 s"), "{err}");
    assert!(lines[2].contains("larger than 16 MiB"), "{err}");
    assert!(lines[3].contains("only http"), "{err}");
    assert!(
        lines[4].contains("cannot find the host") || lines[4].contains("connect"),
        "{err}"
    );
    assert!(lines[5].contains("a secure connection failed"), "{err}");
    assert!(files(dir.path()).is_empty(), "{:?}", files(dir.path()));
}

#[test]
fn a_page_in_another_character_set_and_a_paste_of_the_sample() {
    let server = serve();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = add(dir.path(), &[&format!("{server}/latin")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("café-notes.md")).expect("saved");
    assert!(text.contains("title = \"Café notes\""), "{text}");
    assert!(text.contains("the café on the corner"), "{text}");
    assert!(
        text.contains(&format!("source = \"{server}/latin\"")),
        "{text}"
    );
    // A paste of the sample: kept exactly, named from its title.
    let seed =
        std::fs::read(root().join("articles/neither-surrender-nor-peace.txt")).expect("seed");
    let mut child = crate::common::folio()
        .args(["add", "--to", &dir.path().display().to_string(), "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("folio runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&seed)
        .expect("paste");
    let out = child.wait_with_output().expect("folio ends");
    assert!(out.status.success(), "{}", stderr(&out));
    let saved = dir
        .path()
        .join("neither-surrender-nor-peace-khamenei-opts-for-strategic-delay.txt");
    assert_eq!(std::fs::read(&saved).expect("saved paste"), seed);
    // --print writes to standard output, nothing to the library.
    let empty = tempfile::tempdir().expect("tempdir");
    let out = add(empty.path(), &["--print", &format!("{server}/latin")]);
    assert!(crate::common::stdout(&out).contains("the café on the corner"));
    assert!(files(empty.path()).is_empty());
}

#[test]
fn images_are_stored_beside_the_article_only_when_asked_and_strict_refuses_a_non_article() {
    let server = serve();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = add(dir.path(), &["--images", &format!("{server}/pictured")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("a-pictured-walk.md")).expect("saved");
    assert!(text.contains("a-pictured-walk_images/01.png"), "{text}");
    assert!(!text.contains(&format!("{server}/img")), "{text}");
    let stored = files(&dir.path().join("a-pictured-walk_images"));
    assert_eq!(stored.len(), 1, "{stored:?}");
    // Without --images the picture stays a link to its address.
    let plain = tempfile::tempdir().expect("tempdir");
    let out = add(plain.path(), &[&format!("{server}/pictured")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(plain.path().join("a-pictured-walk.md")).expect("saved");
    assert!(text.contains(&format!("{server}/img/ridge.png")), "{text}");
    // Links point where the page pointed.
    assert!(text.contains(&format!("{server}/walks")), "{text}");
    assert_eq!(files(plain.path()), vec!["a-pictured-walk.md".to_string()]);
    // A page of links only: refused with --strict, nothing written.
    let strict = tempfile::tempdir().expect("tempdir");
    let out = add(strict.path(), &["--strict", &format!("{server}/menu")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("holds no article"),
        "{}",
        stderr(&out)
    );
    assert!(files(strict.path()).is_empty());
}

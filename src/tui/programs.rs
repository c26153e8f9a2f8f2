//! Other programs folio starts: a shell command fed the text of a section, and the editor.
//! A file name never reaches a program as an option: the editor gets an absolute path.
//!
//! A command whose output goes to a popup runs in a process group of its own, so stopping it
//! stops what it started too, and so that, were it to read the terminal after all, the
//! terminal stops it instead of handing it folio's keys. Its output is kept up to
//! [`OUTPUT_CAP`]; past that it is stopped and the popup says so.

use std::io::{self, Read};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::error::Error;

/// The most output kept of a command shown in a popup (stdout and stderr together).
pub const OUTPUT_CAP: usize = 8 * 1024 * 1024;

/// How long a stopped command has between SIGTERM and SIGKILL.
const GRACE: Duration = Duration::from_secs(1);

/// What a command shown in a popup left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    /// How it ended, in words ("exit 0", "stopped", "output cut at 8 MiB, stopped").
    pub status: String,
    /// What it printed (stdout, then stderr), made safe to show.
    pub text: String,
}

fn shell_command(command: &str) -> (String, std::process::Command) {
    let shell = std::env::var("SHELL")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "/bin/sh".into());
    let mut cmd = std::process::Command::new(&shell);
    cmd.arg("-c").arg(command).stdin(Stdio::piped());
    (shell, cmd)
}

fn start(shell: &str, cmd: &mut std::process::Command, input: &str) -> Result<Child, Error> {
    let mut child = cmd.spawn().map_err(|e| Error::Run {
        program: shell.to_string(),
        reason: format!("could not be started: {}", crate::error::describe(&e)),
    })?;
    if let Some(mut stdin) = child.stdin.take() {
        let input = input.to_string();
        // A command that stops reading early (head, grep -q) closes the pipe: not an error.
        std::thread::spawn(move || {
            let _ = io::Write::write_all(&mut stdin, input.as_bytes());
        });
    }
    Ok(child)
}

fn status_words(status: ExitStatus) -> String {
    match status.code() {
        Some(0) => "exit 0".to_string(),
        Some(127) => "exit 127 (command not found)".to_string(),
        Some(code) => format!("exit {code}"),
        None => "killed by a signal".to_string(),
    }
}

/// Reads `pipe` on a thread while `budget` lasts; sets `cut` when there was more.
fn drain(
    pipe: Option<impl Read + Send + 'static>,
    budget: &Arc<AtomicUsize>,
    cut: &Arc<AtomicBool>,
) -> JoinHandle<Vec<u8>> {
    let (budget, cut) = (Arc::clone(budget), Arc::clone(cut));
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let Some(mut pipe) = pipe else {
            return kept;
        };
        let mut buf = vec![0; 64 * 1024];
        loop {
            let n = match pipe.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let left = budget
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |b| {
                    Some(b.saturating_sub(n))
                })
                .unwrap_or(0);
            kept.extend_from_slice(&buf[..n.min(left)]);
            if n > left {
                // Dropping the pipe here lets a command that goes on writing fail on it.
                cut.store(true, Ordering::Relaxed);
                break;
            }
        }
        kept
    })
}

/// Sends `signal` to the command's process group (what it started included); a group that is
/// already gone is no error.
fn signal_group(child: &Child, signal: rustix::process::Signal) {
    let pid = rustix::process::Pid::from_child(child);
    let _ = rustix::process::kill_process_group(pid, signal);
}

/// Runs `command` through `$SHELL -c` with `input` on its standard input and its output
/// captured, until it ends, or `stop` is set (the user pressed esc), or it has printed more
/// than [`OUTPUT_CAP`].
pub fn run_captured(command: &str, input: &str, stop: &AtomicBool) -> Result<Captured, Error> {
    let (shell, mut cmd) = shell_command(command);
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut child = start(&shell, &mut cmd, input)?;
    let budget = Arc::new(AtomicUsize::new(OUTPUT_CAP));
    let cut = Arc::new(AtomicBool::new(false));
    let out = drain(child.stdout.take(), &budget, &cut);
    let err = drain(child.stderr.take(), &budget, &cut);
    let mut ended = None;
    let mut signalled: Option<Instant> = None;
    let mut killed = false;
    loop {
        if ended.is_none() {
            ended = child.try_wait().map_err(|e| Error::Run {
                program: shell.clone(),
                reason: crate::error::describe(&e),
            })?;
        }
        // Done when it has ended and its output is closed (what it started may hold it open).
        if ended.is_some() && out.is_finished() && err.is_finished() {
            break;
        }
        if stop.load(Ordering::Relaxed) || cut.load(Ordering::Relaxed) {
            match signalled {
                None => {
                    signal_group(&child, rustix::process::Signal::TERM);
                    signalled = Some(Instant::now());
                }
                Some(at) if at.elapsed() >= GRACE && !killed => {
                    signal_group(&child, rustix::process::Signal::KILL);
                    killed = true;
                }
                Some(_) => {}
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut text = String::from_utf8_lossy(&out.join().unwrap_or_default()).into_owned();
    text.push_str(&String::from_utf8_lossy(&err.join().unwrap_or_default()));
    let status = if cut.load(Ordering::Relaxed) {
        format!("output cut at {} MiB, stopped", OUTPUT_CAP / (1024 * 1024))
    } else if stop.load(Ordering::Relaxed) {
        "stopped".to_string()
    } else {
        ended.map_or_else(|| "ended".to_string(), status_words)
    };
    Ok(Captured {
        status,
        text: crate::document::sanitize_code(&text),
    })
}

/// Runs `command` through `$SHELL -c` with `input` on its standard input and the terminal to
/// itself; with `pause`, waits for Enter afterwards so its output can be read. Its exit status
/// in words.
pub fn run_in_terminal(command: &str, input: &str, pause: bool) -> Result<String, Error> {
    let (shell, mut cmd) = shell_command(command);
    let mut child = start(&shell, &mut cmd, input)?;
    let status = child.wait().map_err(|e| Error::Run {
        program: shell.clone(),
        reason: crate::error::describe(&e),
    })?;
    let words = status_words(status);
    if pause {
        let mut out = io::stdout();
        let _ = io::Write::write_all(
            &mut out,
            format!(
                "\r\n[folio] '{}' {words}; press Enter to return to folio ",
                crate::document::sanitize_inline(command)
            )
            .as_bytes(),
        );
        let _ = io::Write::flush(&mut out);
        let _ = io::stdin().read_line(&mut String::new());
    }
    Ok(words)
}

/// The command that opens `url`: `$BROWSER` (its first entry when it lists several, split as
/// a shell would; `%s` stands for the address, else it comes last), else the desktop's opener
/// (`open` on macOS, `xdg-open` elsewhere). The address is one argument, never an option: it
/// starts with a scheme (`https:`) or is an absolute path.
pub fn opener_command(browser: Option<&str>, url: &str) -> Result<std::process::Command, Error> {
    let words = match browser.map(str::trim).filter(|b| !b.is_empty()) {
        Some(browser) => {
            let first = browser.split(':').next().unwrap_or(browser);
            shell_words::split(first)
                .map_err(|e| Error::Invalid(format!("cannot read $BROWSER '{browser}': {e}")))?
        }
        None if cfg!(target_os = "macos") => vec!["open".to_string()],
        None => vec!["xdg-open".to_string()],
    };
    let (program, args) = words
        .split_first()
        .ok_or_else(|| Error::Invalid("$BROWSER names no program".into()))?;
    let mut cmd = std::process::Command::new(program);
    let mut placed = false;
    for arg in args {
        if arg.contains("%s") {
            cmd.arg(arg.replace("%s", url));
            placed = true;
        } else {
            cmd.arg(arg);
        }
    }
    if !placed {
        cmd.arg(url);
    }
    Ok(cmd)
}

/// Opens `url` and leaves the opener running (a browser outlives folio); `wait` for one that
/// has the terminal.
pub fn open_url(browser: Option<&str>, url: &str, wait: bool) -> Result<(), Error> {
    let mut cmd = opener_command(browser, url)?;
    let program = cmd.get_program().to_string_lossy().into_owned();
    let failed = |e: &io::Error| Error::Run {
        program: program.clone(),
        reason: format!("could not be started: {}", crate::error::describe(e)),
    };
    if wait {
        cmd.status().map_err(|e| failed(&e))?;
        return Ok(());
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| failed(&e))?;
    // Reaped when it ends, so it never lingers as a zombie.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// Opens `path` in `$VISUAL` or `$EDITOR` (else vi) at `line`.
pub fn run_editor(path: &Path, line: usize) -> Result<(), Error> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "vi".into());
    let mut cmd = editor_command(&editor, path, line)?;
    let program = cmd.get_program().to_string_lossy().into_owned();
    let status = cmd.status().map_err(|e| Error::Run {
        program: program.clone(),
        reason: format!("could not be started: {}", crate::error::describe(&e)),
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::Run {
            program,
            reason: format!("exited with {status}"),
        })
    }
}

/// The editor's command line: its own words (split as a shell would), `+LINE`, then the path
/// made absolute, so that no file name (`+!cmd`, `-c…`) can ever be read by the editor as an
/// option or command.
pub fn editor_command(
    editor: &str,
    path: &Path,
    line: usize,
) -> Result<std::process::Command, Error> {
    let words = shell_words::split(editor)
        .map_err(|e| Error::Invalid(format!("cannot read the editor command '{editor}': {e}")))?;
    let (program, args) = words
        .split_first()
        .map_or(("vi", &[][..]), |(p, a)| (p.as_str(), a));
    let path = std::path::absolute(path).unwrap_or_else(|_| Path::new(".").join(path));
    let mut cmd = std::process::Command::new(program);
    cmd.args(args).arg(format!("+{line}")).arg(path);
    Ok(cmd)
}

#[cfg(test)]
mod tests {
    use super::editor_command;
    use std::path::Path;

    fn args(editor: &str, path: &str) -> Vec<String> {
        let cmd = editor_command(editor, Path::new(path), 12).unwrap();
        std::iter::once(cmd.get_program())
            .chain(cmd.get_args())
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn a_file_name_never_reaches_the_editor_as_a_command_or_option() {
        for name in [
            "+!touch PWNED;.md",
            "-c!touch PWNED.md",
            "--cmd=x.md",
            "notes.md",
        ] {
            let got = args("vim -u NONE", name);
            assert_eq!(&got[..3], ["vim", "-u", "NONE"]);
            assert_eq!(got[3], "+12");
            assert!(got[4].starts_with('/'), "{name}: {got:?}");
            assert!(got[4].ends_with(name), "{name}: {got:?}");
            assert_eq!(got.len(), 5);
        }
    }

    #[test]
    fn the_opener_is_browser_with_the_address_as_one_argument() {
        let argv = |browser: Option<&str>, url: &str| {
            let cmd = super::opener_command(browser, url).unwrap();
            std::iter::once(cmd.get_program())
                .chain(cmd.get_args())
                .map(|a| a.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            argv(Some("firefox --new-tab"), "https://a.example/x y"),
            ["firefox", "--new-tab", "https://a.example/x y"]
        );
        assert_eq!(
            argv(Some("w3m %s -dump:lynx"), "https://a/"),
            ["w3m", "https://a/", "-dump"]
        );
        let desktop = argv(None, "https://a/");
        assert_eq!(desktop.len(), 2);
        assert!(super::opener_command(Some("'unclosed"), "x").is_err());
    }

    #[test]
    fn the_editor_command_is_split_as_a_shell_splits_it() {
        assert_eq!(args("nano", "/tmp/a.md"), ["nano", "+12", "/tmp/a.md"]);
        assert_eq!(
            args("'/opt/my editor/bin/ed' --wait", "/a.md"),
            ["/opt/my editor/bin/ed", "--wait", "+12", "/a.md"]
        );
        assert!(editor_command("vim 'unclosed", Path::new("a"), 1).is_err());
    }

    #[test]
    fn output_past_the_cap_is_cut_and_the_command_stopped() {
        use std::sync::atomic::AtomicBool;
        // 20 MB from a command that would go on a while after printing it.
        let stop = AtomicBool::new(false);
        let cmd = "head -c 20000000 /dev/zero | tr '\\0' x; sleep 30";
        let got = super::run_captured(cmd, "", &stop).unwrap();
        assert!(got.status.contains("cut at 8 MiB"), "{}", got.status);
        assert!(got.text.len() <= super::OUTPUT_CAP, "{}", got.text.len());
        let got = super::run_captured("wc -c", "four", &stop).unwrap();
        assert_eq!((got.status.as_str(), got.text.trim()), ("exit 0", "4"));
    }

    #[test]
    fn a_stopped_command_ends_with_what_it_started() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("left");
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let flag = std::sync::Arc::clone(&stop);
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            flag.store(true, Ordering::Relaxed);
        });
        // A pipeline: the shell, `sleep` and `cat`; all of them go.
        let cmd = format!("sleep 30 | cat; touch '{}'", marker.display());
        let got = super::run_captured(&cmd, "", &stop).unwrap();
        assert_eq!(got.status, "stopped");
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(!marker.exists(), "the shell went on after the stop");
    }
}

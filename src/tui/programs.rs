//! Other programs folio starts: a shell command fed the text of a section, and the editor.
//! A file name never reaches a program as an option: the editor gets an absolute path.

use std::io;
use std::path::Path;
use std::process::Stdio;

use crate::error::Error;

/// Runs `command` through `$SHELL -c` with `input` on its standard input. With `capture`, its
/// output (stdout, then stderr, made safe to show) comes back; either way, its exit status in
/// words.
pub fn run_piped(command: &str, input: &str, capture: bool) -> Result<(String, String), Error> {
    let shell = std::env::var("SHELL")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "/bin/sh".into());
    let mut cmd = std::process::Command::new(&shell);
    cmd.arg("-c").arg(command).stdin(Stdio::piped());
    if capture {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    }
    let failed = |e: &io::Error| Error::Run {
        program: shell.clone(),
        reason: format!("could not be started: {}", crate::error::describe(e)),
    };
    let mut child = cmd.spawn().map_err(|e| failed(&e))?;
    if let Some(mut stdin) = child.stdin.take() {
        let input = input.to_string();
        // A command that stops reading early (head, grep -q) closes the pipe: not an error.
        std::thread::spawn(move || {
            let _ = io::Write::write_all(&mut stdin, input.as_bytes());
        });
    }
    let output = child.wait_with_output().map_err(|e| failed(&e))?;
    let status = match output.status.code() {
        Some(0) => "exit 0".to_string(),
        Some(127) => "exit 127 (command not found)".to_string(),
        Some(code) => format!("exit {code}"),
        None => "killed by a signal".to_string(),
    };
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    Ok((status, crate::document::sanitize_code(&text)))
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
}

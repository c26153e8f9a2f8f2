//! A piped command: where it runs, and stopping it while it runs.
//!
//! folio cannot know what a program will do, and a program that reads the terminal while
//! folio reads it too splits the keys between them (a password typed for `sudo` would land in
//! folio's key handling). So a command gets the terminal unless every program in it is known
//! only to read its input and print ([`NO_TERMINAL`]) and it reads nothing else (no `<`, no
//! command substitution): those run in the background with their output captured for a popup,
//! and `esc` or `ctrl+c` ([`RUNNING_KEYS`]) stops one. Anything else has the terminal to
//! itself; when it ends folio waits for Enter so its output can be read, except after a pager
//! or an editor, which have nothing left to show.

use super::{App, Command};
use crate::config::keys::{Chord, Key};

/// A command running in the background for the output popup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Running {
    /// The command line.
    pub command: String,
    /// The user asked to stop it; its end is reported as stopped.
    pub stopping: bool,
}

/// The keys that stop a running command, and the hint the status line gives for them.
pub const RUNNING_KEYS: &[(&str, &str)] = &[("esc", "stop"), ("ctrl+c", "stop")];

/// Programs known to read only their standard input and files named to them, and to write
/// only to their standard output and error: they never need the terminal.
pub const NO_TERMINAL: &[&str] = &[
    "awk",
    "b2sum",
    "base64",
    "cat",
    "cksum",
    "column",
    "comm",
    "cut",
    "echo",
    "egrep",
    "espeak",
    "espeak-ng",
    "expand",
    "false",
    "fgrep",
    "fmt",
    "fold",
    "gawk",
    "grep",
    "head",
    "hexdump",
    "iconv",
    "jq",
    "mawk",
    "md5sum",
    "nawk",
    "nl",
    "od",
    "pandoc",
    "paste",
    "pr",
    "printf",
    "rev",
    "rg",
    "sed",
    "seq",
    "sha1sum",
    "sha256sum",
    "sha512sum",
    "shuf",
    "sleep",
    "sort",
    "strings",
    "tac",
    "tail",
    "tr",
    "true",
    "unexpand",
    "uniq",
    "wc",
    "xxd",
    "yes",
];

/// Pagers and editors: they take the terminal and leave nothing on it worth reading after.
const PAGERS_AND_EDITORS: [&str; 20] = [
    "less", "more", "most", "vi", "vim", "nvim", "nano", "emacs", "micro", "hx", "helix", "man",
    "w3m", "lynx", "links", "elinks", "bat", "view", "mg", "kak",
];

/// Whether `program` (a name or a path) is a pager, an editor or a browser that draws in the
/// terminal, so it needs the terminal to itself.
pub fn is_viewer(program: &str) -> bool {
    let first = program.split_whitespace().next().unwrap_or("");
    let name = first.rsplit('/').next().unwrap_or(first);
    PAGERS_AND_EDITORS.contains(&name)
}

/// Where a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// It has the terminal (folio steps aside); otherwise its output goes to a popup.
    pub terminal: bool,
    /// With the terminal: folio waits for Enter after it, so its output can be read.
    pub pause: bool,
}

/// The program each simple command of `command` starts (its first word, after any
/// `NAME=value`, without its folder), or `None` when the command reads from somewhere folio
/// cannot see: an input redirection, a command substitution, a subshell or group, a
/// backslash or an unclosed quote.
pub fn programs(command: &str) -> Option<Vec<String>> {
    let mut programs = Vec::new();
    let mut word = String::new();
    let mut first = true;
    let mut quote: Option<char> = None;
    let mut quoted = false;
    let mut chars = command.chars().peekable();
    let mut end_word = |word: &mut String, quoted: &mut bool, first: &mut bool| {
        if *first && (!word.is_empty() || *quoted) {
            let assignment = word.split_once('=').is_some_and(|(name, _)| {
                !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')
            });
            if !assignment {
                let name = word.rsplit('/').next().unwrap_or(word);
                programs.push(name.to_string());
                *first = false;
            }
        }
        word.clear();
        *quoted = false;
    };
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('\''), '\'') | (Some('"'), '"') => quote = None,
            (Some('\''), _) => word.push(c),
            (Some(_), '`' | '\\') | (None, '`' | '\\' | '<' | '(' | ')' | '{' | '}') => {
                return None;
            }
            (Some(_) | None, '$') if chars.peek() == Some(&'(') => return None,
            (Some(_), _) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                quoted = true;
            }
            (None, '>') => {
                // An output redirection (`> file`, `2>&1`): a number before it names a
                // descriptor, and its target is not a program.
                if word.chars().all(|c| c.is_ascii_digit()) {
                    word.clear();
                }
                end_word(&mut word, &mut quoted, &mut first);
                while chars.next_if(|&n| n == '>' || n == '&').is_some() {}
                while chars.next_if(|n| n.is_whitespace()).is_some() {}
                while chars
                    .next_if(|n| !n.is_whitespace() && !"|;&".contains(*n))
                    .is_some()
                {}
            }
            (None, '|' | ';' | '&' | '\n') => {
                end_word(&mut word, &mut quoted, &mut first);
                first = true;
            }
            (None, c) if c.is_whitespace() => end_word(&mut word, &mut quoted, &mut first),
            (None, c) => word.push(c),
        }
    }
    if quote.is_some() {
        return None;
    }
    end_word(&mut word, &mut quoted, &mut first);
    Some(programs)
}

/// Where `command` runs: written with a leading `!`, or naming a pager, an editor or the
/// user's `pager`, or anything not known to leave the terminal alone, it gets the terminal.
pub fn placement(command: &str, pager: Option<&str>) -> Placement {
    let forced = command.trim_start().starts_with('!');
    let command = command.trim_start().trim_start_matches('!');
    let pager = pager
        .and_then(|p| p.split_whitespace().next())
        .map(|p| p.rsplit('/').next().unwrap_or(p));
    let programs = programs(command);
    let viewer = programs.as_ref().is_some_and(|p| {
        p.last().is_some_and(|last| {
            PAGERS_AND_EDITORS.contains(&last.as_str()) || Some(last.as_str()) == pager
        })
    });
    let quiet = programs
        .as_ref()
        .is_some_and(|p| !p.is_empty() && p.iter().all(|p| NO_TERMINAL.contains(&p.as_str())));
    if forced || viewer || !quiet {
        Placement {
            terminal: true,
            pause: !viewer,
        }
    } else {
        Placement {
            terminal: false,
            pause: false,
        }
    }
}

/// The keys that stop a running command and what they do, as the status line says it.
pub fn stop_hint() -> String {
    let keys: Vec<&str> = RUNNING_KEYS.iter().map(|(k, _)| *k).collect();
    let hint = RUNNING_KEYS.first().map_or("stop", |(_, h)| *h);
    format!("{}: {hint}", keys.join("/"))
}

/// The status line while a command runs: what runs, and the keys that stop it.
pub fn running_status(command: &str) -> String {
    format!("running '{command}'… {}", stop_hint())
}

impl App {
    /// Whether `key` stops the running command, and if so, stops it.
    pub(super) fn stop_key(&mut self, key: Key) -> bool {
        let Some(running) = &mut self.running else {
            return false;
        };
        let stops = RUNNING_KEYS
            .iter()
            .any(|(k, _)| Chord::parse(k).is_ok_and(|chord| chord == key));
        if stops {
            running.stopping = true;
            self.status = Some(format!("stopping '{}'…", running.command));
            self.emit(Command::StopPipe);
        }
        stops
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_programs_of_a_command_line() {
        let p = |c: &str| programs(c);
        let v = |names: &[&str]| Some(names.iter().map(|s| (*s).to_string()).collect());
        assert_eq!(p("wc -w"), v(&["wc"]));
        assert_eq!(p("grep -c 'a|b' | /usr/bin/wc -l"), v(&["grep", "wc"]));
        assert_eq!(
            p("LC_ALL=C sort; uniq -c && head -3"),
            v(&["sort", "uniq", "head"])
        );
        assert_eq!(p("awk '{print $1}' > out.txt 2>&1"), v(&["awk"]));
        assert_eq!(p("tr a b >>log | cat"), v(&["tr", "cat"]));
        assert_eq!(p("\"wc\" -w"), v(&["wc"]));
        for reads_elsewhere in [
            "read x </dev/tty",
            "cat $(ls)",
            "echo `id`",
            "echo \"$(id)\"",
            "(cat)",
            "{ cat; }",
            "echo 'unclosed",
            "cat \\\n",
        ] {
            assert_eq!(p(reads_elsewhere), None, "{reads_elsewhere}");
        }
    }

    #[test]
    fn only_commands_known_to_leave_the_terminal_alone_go_to_a_popup() {
        let popup = Placement {
            terminal: false,
            pause: false,
        };
        let terminal = |pause| Placement {
            terminal: true,
            pause,
        };
        for cmd in [
            "wc -w",
            "grep -c Iran | wc -l",
            "yes",
            "sort | uniq -c",
            "sleep 30",
        ] {
            assert_eq!(placement(cmd, None), popup, "{cmd}");
        }
        for cmd in ["less", "/usr/bin/vim -", "grep x | less", "mypager -R"] {
            assert_eq!(placement(cmd, Some("mypager")), terminal(false), "{cmd}");
        }
        for cmd in [
            "!wc -w",
            "read x </dev/tty; echo $x",
            "fzf",
            "sudo tee /etc/x",
            "sh",
            "python3 summarise.py",
            "wc -w | fzf",
            "",
        ] {
            assert_eq!(placement(cmd, None), terminal(true), "{cmd}");
        }
    }

    #[test]
    fn esc_or_ctrl_c_stops_a_running_command_and_only_that() {
        use crate::app::{Input, Mode, Msg};
        let mut app = crate::app::tests::open_article("# T\n\nWords.\n\n## One\n\nMore.\n");
        let press = |app: &mut App, k: &str| app.update(Msg::Key(Chord::parse(k).unwrap()));
        app.update(Msg::Action(crate::action::Action::Pipe));
        for c in "yes".chars() {
            app.update(Msg::Input(Input::Char(c)));
        }
        let cmds = app.update(Msg::Input(Input::Enter));
        assert!(
            cmds.iter()
                .any(|c| matches!(c, Command::Pipe(r) if !r.terminal))
        );
        assert!(app.running.is_some());
        assert!(
            app.status
                .as_deref()
                .is_some_and(|s| s.contains("esc/ctrl+c: stop"))
        );
        // Another command waits for this one.
        app.update(Msg::Action(crate::action::Action::Pipe));
        for c in "wc".chars() {
            app.update(Msg::Input(Input::Char(c)));
        }
        let cmds = app.update(Msg::Input(Input::Enter));
        assert!(!cmds.iter().any(|c| matches!(c, Command::Pipe(_))));
        // ctrl+c stops the command; it does not quit folio.
        let cmds = press(&mut app, "ctrl+c");
        assert_eq!(cmds, [Command::StopPipe]);
        app.update(Msg::Piped {
            title: "section | yes — stopped".into(),
            text: "y\ny\n".into(),
        });
        assert_eq!(app.mode, Mode::Browse, "no popup for a stopped command");
        assert!(app.running.is_none());
        assert!(app.status.as_deref().is_some_and(|s| s.contains("stopped")));
        // With nothing running, the keys do what they always did.
        assert!(press(&mut app, "ctrl+c").contains(&Command::Quit));
    }
}

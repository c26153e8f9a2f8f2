//! The shell: the one event loop, the terminal, threads, files and processes. It decides
//! nothing: terminal events and the results of background work become [`Msg`]s for
//! [`App::update`], and the [`Command`]s that come back are carried out here.
//!
//! The terminal is restored on every way out: normal quit, error, panic (the hook is installed
//! before raw mode is entered) and SIGTERM/SIGHUP/SIGINT. Signals are handled on their own
//! thread, which has the state saved, restores the terminal and exits: the event loop cannot
//! be relied on to notice a flag, because crossterm's `poll` spins without returning once the
//! terminal is gone.

mod pictures;
mod programs;
mod scan;
mod watch;

use std::io::{self, BufWriter, Stdout};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::{App, Command, Msg, Ran};
use crate::config::keys::{Chord, KeyCode, Mods};
use crate::config::{Config, Keymap, PipeConfig, ReaderConfig};
use crate::error::Error;
use crate::library::{self, Limits, ScanOptions};
use crate::state::{Saver, StateFile, file::Loaded};
use crate::ui::{Theme, draw, draw_with_pictures};

pub use programs::{Captured, OUTPUT_CAP, editor_command, run_captured, run_in_terminal};

/// What the reader needs from the config, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Colours.
    pub theme: Theme,
    /// Keys.
    pub keymap: Keymap,
    /// Reader options.
    pub reader: ReaderConfig,
    /// Named pipes.
    pub pipes: Vec<PipeConfig>,
    /// What a scan picks up.
    pub scan: ScanOptions,
    /// What is opened.
    pub limits: Limits,
    /// Where summaries of the library are cached between runs, if anywhere.
    pub cache: Option<PathBuf>,
    /// The user's pager (`$PAGER`).
    pub pager: Option<String>,
    /// The user's browser (`$BROWSER`), for links.
    pub browser: Option<String>,
    /// Write links as terminal hyperlinks (OSC 8).
    pub hyperlinks: bool,
    /// How pictures of local images are shown, if at all.
    pub pictures: Option<ratatui_image::picker::ProtocolType>,
    /// Where `a` saves articles (`[library] inbox`).
    pub inbox: Option<PathBuf>,
}

/// Whether this terminal shows OSC 8 hyperlinks, from what it says of itself. Inside tmux or
/// screen they need setting up, so not there.
fn hyperlinks_supported(var: impl Fn(&str) -> Option<String>) -> bool {
    if var("TMUX").is_some() || var("STY").is_some() {
        return false;
    }
    let known_program = var("TERM_PROGRAM").is_some_and(|p| {
        ["iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper", "rio"].contains(&p.as_str())
    });
    let known_term = var("TERM").is_some_and(|t| {
        ["kitty", "foot", "alacritty", "ghostty", "wezterm"]
            .iter()
            .any(|k| t.contains(k))
    });
    let vte = var("VTE_VERSION")
        .and_then(|v| v.parse::<u32>().ok())
        .is_some_and(|v| v >= 5000);
    known_program
        || known_term
        || vte
        || [
            "KITTY_WINDOW_ID",
            "WT_SESSION",
            "KONSOLE_VERSION",
            "WEZTERM_EXECUTABLE",
        ]
        .iter()
        .any(|v| var(v).is_some())
}

impl Settings {
    /// Resolves a (validated) config; `color` false drops colours.
    pub fn new(config: &Config, color: bool) -> Self {
        let theme = Theme::build(&config.theme, color)
            .unwrap_or_else(|_| Theme::preset(crate::config::theme::Preset::Mono));
        Self {
            theme,
            keymap: config.keymap(),
            reader: config.reader.clone(),
            pipes: config.pipe.clone(),
            // One name per article file, whatever the link that leads to it: its key.
            scan: ScanOptions {
                resolve_links: true,
                ..ScanOptions::from(&config.library)
            },
            limits: Limits::from(&config.library),
            cache: None,
            inbox: config.library.inbox.clone(),
            pager: std::env::var("PAGER").ok().filter(|p| !p.trim().is_empty()),
            browser: std::env::var("BROWSER")
                .ok()
                .filter(|b| !b.trim().is_empty()),
            pictures: pictures::protocol(config.reader.images, color, |name| {
                std::env::var(name).ok().filter(|v| !v.is_empty())
            }),
            hyperlinks: match config.reader.hyperlinks {
                crate::config::Hyperlinks::Always => true,
                crate::config::Hyperlinks::Never => false,
                crate::config::Hyperlinks::Auto => {
                    hyperlinks_supported(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
                }
            },
        }
    }
}

/// Puts the terminal back as it was; safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Saves the state and exits on SIGTERM, SIGHUP and SIGINT, from a thread of its own. While
/// another program has the terminal (`lent`), SIGINT is that program's: ctrl+c there stops it,
/// not folio.
fn handle_signals(saver: Saver, lent: Arc<AtomicBool>) -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ])?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if signal == signal_hook::consts::SIGINT && lent.load(Ordering::Relaxed) {
                continue;
            }
            saver.flush();
            restore();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

/// Runs the reader over the articles under `roots` until the user quits or a signal arrives.
/// The library is scanned and summarised in the background; the first frame shows as soon as
/// the rows on screen are known.
pub fn run(
    roots: Vec<PathBuf>,
    open_first: bool,
    settings: &Settings,
    (file, loaded): (StateFile, Loaded),
) -> Result<(), Error> {
    // Articles are known by their canonical path (the key of their reading state and summary):
    // the same name in two folders is never the same article.
    let roots: Vec<PathBuf> = roots.into_iter().map(|r| library::canonical(&r)).collect();
    crate::document::markdown::set_parse_threads(1);
    let background = std::sync::mpsc::channel();
    let tx = Mutex::new(background.0.clone());
    let saver = Saver::start(file, move |e| {
        let _ = lock(&tx).send(Msg::SaveFailed(e));
    });
    let lent = Arc::new(AtomicBool::new(false));
    handle_signals(saver.clone(), Arc::clone(&lent)).map_err(Error::Output)?;
    install_panic_hook();
    let indexer = start_indexer(&settings.limits, &background.0, settings.cache.clone());
    enable_raw_mode().map_err(Error::Output)?;
    let setup = execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture);
    let result = setup.map_err(Error::Output).and_then(|()| {
        let terminal = Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(
            1 << 16,
            io::stdout(),
        )))
        .map_err(Error::Output)?;
        let size = terminal.size().map_err(Error::Output)?;
        let mut app = App::new(Vec::new(), roots, (size.width, size.height))
            .with_config(settings.reader.clone(), settings.keymap.clone())
            .with_pipes(settings.pipes.clone(), settings.pager.clone())
            .with_opener(settings.browser.clone())
            .with_images(settings.pictures.is_some())
            .with_inbox(settings.inbox.clone())
            .with_remembered(loaded.articles);
        app.status = loaded.note;
        let mut shell = Shell {
            terminal,
            settings,
            background,
            indexer,
            saver: saver.clone(),
            clock: Instant::now(),
            decoder: settings
                .pictures
                .map(|p| pictures::Decoder::new(p, settings.limits.max_file_size)),
            lent,
            stop: None,
        };
        let start = app.start(open_first);
        shell.carry_out(start);
        shell.first_entries(&mut app, open_first);
        shell.event_loop(app).map_err(Error::Output)
    });
    saver.flush();
    restore();
    result
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Index workers: one per core (at most four), handing summaries to the event loop.
fn start_indexer(
    limits: &Limits,
    tx: &Sender<Msg>,
    cache: Option<PathBuf>,
) -> library::index::Indexer {
    let tx = Mutex::new(tx.clone());
    let sink: Arc<library::index::Sink> = Arc::new(move |batch| {
        let _ = lock(&tx).send(Msg::Indexed(batch));
    });
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    library::index::Indexer::with_cache(limits.clone(), threads.min(4), &sink, cache)
}

/// What the event loop works with besides the app.
struct Shell<'a> {
    terminal: Terminal<CrosstermBackend<BufWriter<Stdout>>>,
    settings: &'a Settings,
    /// Messages from background work (scans, summaries, searches, commands, the saver).
    background: (Sender<Msg>, Receiver<Msg>),
    /// Workers summarising the library.
    indexer: library::index::Indexer,
    /// The thread writing the state file.
    saver: Saver,
    /// Where [`Msg::Tick`] and [`Msg::Changed`] times count from.
    clock: Instant,
    /// Decodes pictures of local images, when the terminal can show them.
    decoder: Option<pictures::Decoder>,
    /// Another program has the terminal (the signal thread leaves ctrl+c to it).
    lent: Arc<AtomicBool>,
    /// Set to stop the piped command running in the background.
    stop: Option<Arc<AtomicBool>>,
}

/// At start, how long to wait for the scan to find enough articles to fill the screen, and for
/// the index workers to summarise those on screen.
const FIRST_ROWS_WAIT: Duration = Duration::from_millis(30);

/// With files named on the command line, how long to wait for the first to open before the
/// first frame.
const FIRST_ARTICLE_WAIT: Duration = Duration::from_secs(5);

/// How often the clock ticks while nothing happens.
const TICK: Duration = Duration::from_millis(100);

impl Shell<'_> {
    /// Waits (briefly) until the scan has found enough to fill the list, or the first article
    /// has opened when files were named, so the first frame is not an empty one.
    fn first_entries(&mut self, app: &mut App, open_first: bool) {
        let start = Instant::now();
        let rows = usize::from(app.size.1);
        let (limit, ready): (Duration, fn(&App, usize) -> bool) = if open_first {
            (FIRST_ARTICLE_WAIT, |app, _| app.reader.is_some())
        } else {
            (FIRST_ROWS_WAIT, |app, rows| {
                (app.scan == crate::app::Scan::Finished || app.entries.len() >= rows)
                    && app.pending_in_view().is_empty()
            })
        };
        while !ready(app, rows) {
            let Some(left) = limit.checked_sub(start.elapsed()) else {
                break;
            };
            match self.background.1.recv_timeout(left) {
                Ok(msg) => {
                    let cmds = app.update(msg);
                    if self.carry_out(cmds) {
                        return;
                    }
                }
                Err(_) => break,
            }
        }
    }

    fn now(&self) -> u64 {
        u64::try_from(self.clock.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn event_loop(&mut self, mut app: App) -> io::Result<()> {
        let mut milestones = Milestones::default();
        let changed = Arc::new(std::sync::atomic::AtomicBool::new(false));
        watch::watch_in_background(
            &app.roots,
            self.settings.scan.recursive,
            Arc::clone(&changed),
        );
        // Whether something may have changed on screen since the last frame.
        let mut changed_screen = true;
        let mut settle = crate::pages::Settle::default();
        loop {
            if changed_screen {
                self.frame(&app)?;
                milestones.after_frame(&app);
            }
            let msg = self.next_msg(&changed)?;
            // A tick that finds nothing due changes nothing: no frame for it (a frame with no
            // change still writes to the terminal, ten times a second).
            let mut idle = matches!(msg, Msg::Tick(_));
            let mut cmds = app.update(msg);
            idle &= cmds.is_empty();
            // Take everything else that is waiting before drawing again.
            while let Ok(msg) = self.background.1.try_recv() {
                idle = false;
                if self.carry_out(cmds) {
                    return Ok(());
                }
                cmds = app.update(msg);
            }
            changed_screen = !idle;
            let now = std::time::Instant::now();
            if idle {
                settle.idle(now);
            } else {
                settle.busy(now);
            }
            if self.carry_out(cmds) {
                return Ok(());
            }
        }
    }

    /// Draws a frame of `app`, pictures and terminal hyperlinks included.
    fn frame(&mut self, app: &App) -> io::Result<()> {
        let theme = &self.settings.theme;
        match &self.decoder {
            Some(decoder) => {
                let mut shown = decoder
                    .pictures
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                self.terminal
                    .draw(|frame| draw_with_pictures(app, theme, &mut shown, frame))?;
            }
            None => {
                self.terminal.draw(|frame| draw(app, theme, frame))?;
            }
        }
        if self.settings.hyperlinks {
            self.write_hyperlinks(app)?;
        }
        Ok(())
    }

    /// The next thing that happened: background work, a change on disk, a terminal event,
    /// or else a tick of the clock.
    fn next_msg(&mut self, changed: &std::sync::atomic::AtomicBool) -> io::Result<Msg> {
        loop {
            if let Ok(msg) = self.background.1.try_recv() {
                return Ok(msg);
            }
            if changed.swap(false, std::sync::atomic::Ordering::Relaxed) {
                return Ok(Msg::Changed(self.now()));
            }
            if !event::poll(TICK)? {
                return Ok(Msg::Tick(self.now()));
            }
            if let Some(msg) = to_msg(&event::read()?) {
                return Ok(msg);
            }
        }
    }

    /// Writes the links on screen again over their own cells, as terminal hyperlinks: the
    /// same text in the same style, so the screen looks the same and the links can be clicked.
    fn write_hyperlinks(&mut self, app: &App) -> io::Result<()> {
        let links = crate::ui::hyperlinks(app, &self.settings.theme);
        if links.is_empty() {
            return Ok(());
        }
        let out = self.terminal.backend_mut();
        io::Write::write_all(out, crate::ui::hyperlink_sequences(&links).as_bytes())?;
        io::Write::flush(out)
    }

    /// Carries out commands in order; true when the app asked to quit.
    fn carry_out(&mut self, cmds: Vec<Command>) -> bool {
        let mut quit = false;
        for cmd in cmds {
            quit |= self.execute(cmd);
        }
        quit
    }

    /// Gives the terminal to another program, and takes it back afterwards.
    fn suspended<T>(&mut self, run: impl FnOnce() -> T) -> T {
        restore();
        self.lent.store(true, Ordering::Relaxed);
        let result = run();
        self.lent.store(false, Ordering::Relaxed);
        let _ = enable_raw_mode();
        let _ = execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture);
        let _ = self.terminal.clear();
        result
    }

    /// Runs `work` on a thread and sends what it returns to the event loop.
    fn spawn(&self, work: impl FnOnce() -> Msg + Send + 'static) {
        let tx = self.background.0.clone();
        std::thread::spawn(move || {
            let _ = tx.send(work());
        });
    }

    /// Carries out one command; true for [`Command::Quit`].
    fn execute(&mut self, cmd: Command) -> bool {
        let limits = self.settings.limits.clone();
        match cmd {
            Command::Quit => return true,
            Command::Open {
                entry,
                path,
                extent,
                purpose,
            } => self.spawn(move || Msg::Opened {
                entry,
                result: library::open(&path, &limits, extent).map(Box::new),
                at: crate::state::now(),
                purpose,
            }),
            Command::Reread(path) => self.spawn(move || {
                Msg::Reloaded(library::open(&path, &limits, library::Extent::Preview).map(Box::new))
            }),
            Command::Scan { roots, again } => {
                scan::start(
                    roots,
                    self.settings.scan.clone(),
                    again,
                    self.background.0.clone(),
                );
            }
            Command::Index {
                jobs,
                urgent,
                replace,
            } => {
                if replace {
                    self.indexer.clear();
                }
                if urgent {
                    self.indexer.hurry(jobs);
                } else {
                    self.indexer.push(jobs);
                }
            }
            Command::Prepare(job) => self.spawn(move || job.run()),
            Command::SearchLibrary {
                query,
                regex,
                files,
            } => self.spawn(move || {
                let result = library::search::search_files(&files, &query, regex, &limits);
                Msg::Searched {
                    query,
                    regex,
                    result,
                }
            }),
            Command::Pipe(request) => self.pipe(request),
            Command::Capture { url, to } => self.spawn(move || {
                use crate::library::capture::{self, Input, Options};
                let result = capture::add(&Input::Url(url.clone()), &Options::new(to));
                Msg::Captured { url, result }
            }),
            Command::StopPipe => {
                if let Some(stop) = &self.stop {
                    stop.store(true, Ordering::Relaxed);
                }
            }
            Command::Copy(text) => copy(&text),
            Command::LoadImage(path) => {
                if let Some(decoder) = &self.decoder {
                    decoder.load(path, &self.background.0);
                }
            }
            Command::OpenUrl { url, terminal } => {
                let browser = self.settings.browser.clone();
                let result = if terminal {
                    self.suspended(|| programs::open_url(browser.as_deref(), &url, true))
                } else {
                    programs::open_url(browser.as_deref(), &url, false)
                };
                if let Err(e) = result {
                    let _ = self.background.0.send(Msg::Ran {
                        what: Ran::Pipe,
                        result: Err(e),
                    });
                }
            }
            Command::Edit { path, offset } => {
                // Lines are counted in the file's bytes, as editors count them.
                let line = library::line_of_offset(&path, offset);
                let result = self.suspended(|| programs::run_editor(&path, line));
                let _ = self.background.0.send(Msg::Ran {
                    what: Ran::Editor,
                    result: result.map(|()| String::new()),
                });
            }
            Command::Save { changes, urgent } => self.saver.send(changes, urgent),
            Command::KeepSummaries(summaries) => {
                if let Some(path) = &self.settings.cache {
                    // Losing the cache only costs time at the next start.
                    let _ = library::index::Cache::save(
                        path,
                        summaries.iter().map(|(p, s)| (p.as_path(), s)),
                    );
                }
            }
        }
        false
    }

    fn pipe(&mut self, request: crate::app::PipeRequest) {
        let command = request.command.clone();
        if request.terminal {
            let result =
                self.suspended(|| run_in_terminal(&command, &request.input, request.pause));
            let _ = self.background.0.send(Msg::Ran {
                what: Ran::Pipe,
                result: result.map(|status| format!("'{command}' {status}")),
            });
        } else {
            let stop = Arc::new(AtomicBool::new(false));
            self.stop = Some(Arc::clone(&stop));
            self.spawn(move || {
                let (title, text) = match run_captured(&command, &request.input, &stop) {
                    Ok(got) => (
                        format!("{} | {command} — {}", request.what, got.status),
                        got.text,
                    ),
                    Err(e) => (format!("'{command}' failed: {e}"), String::new()),
                };
                Msg::Piped { title, text }
            });
        }
    }
}

/// OSC 52: the terminal (or tmux) puts the text on the clipboard, even over SSH.
fn copy(text: &str) {
    let sequence = format!("\u{1b}]52;c;{}\u{7}", crate::app::base64(text.as_bytes()));
    let mut out = io::stdout();
    let _ = io::Write::write_all(&mut out, sequence.as_bytes());
    let _ = io::Write::flush(&mut out);
}

/// What `FOLIO_TRACE` reports, each once: the first frame, the library fully found and fully
/// summarised, the first article on screen, and a big article shown whole after its preview.
#[derive(Default)]
struct Milestones {
    noted: Vec<&'static str>,
}

impl Milestones {
    fn after_frame(&mut self, app: &App) {
        if !crate::trace::enabled() {
            return;
        }
        let finished = app.scan == crate::app::Scan::Finished;
        let reader = app.reader.as_ref();
        let preparing =
            reader.is_some_and(|r| matches!(r.readiness, crate::app::Readiness::Preparing { .. }));
        let seen_preparing = self.noted.contains(&"article preview");
        for (what, now) in [
            ("first frame", true),
            ("library found", finished),
            ("library summarised", finished && app.unsummarised == 0),
            ("article shown", reader.is_some()),
            ("article preview", preparing),
            (
                "article whole",
                seen_preparing && !preparing && reader.is_some(),
            ),
        ] {
            if now && !self.noted.contains(&what) {
                self.noted.push(what);
                crate::trace::mark(what);
            }
        }
    }
}

/// The app's key of a terminal key event; Shift is folded into the character for printable
/// keys and Shift+Tab arrives as BackTab.
pub fn key_of(event: crossterm::event::KeyEvent) -> Option<Chord> {
    use crossterm::event::{KeyCode as K, KeyModifiers as M};
    let mut mods = Mods::NONE;
    if event.modifiers.contains(M::CONTROL) {
        mods = mods.with(Mods::CTRL);
    }
    if event.modifiers.contains(M::ALT) {
        mods = mods.with(Mods::ALT);
    }
    let shift = event.modifiers.contains(M::SHIFT);
    let code = match event.code {
        K::Char(c) => KeyCode::Char(c),
        K::BackTab => {
            mods = mods.with(Mods::SHIFT);
            KeyCode::Tab
        }
        K::Enter => KeyCode::Enter,
        K::Esc => KeyCode::Esc,
        K::Tab => KeyCode::Tab,
        K::Backspace => KeyCode::Backspace,
        K::Delete => KeyCode::Delete,
        K::Insert => KeyCode::Insert,
        K::Up => KeyCode::Up,
        K::Down => KeyCode::Down,
        K::Left => KeyCode::Left,
        K::Right => KeyCode::Right,
        K::Home => KeyCode::Home,
        K::End => KeyCode::End,
        K::PageUp => KeyCode::PageUp,
        K::PageDown => KeyCode::PageDown,
        K::F(n) => KeyCode::F(n),
        _ => return None,
    };
    if shift && !matches!(code, KeyCode::Char(_)) {
        mods = mods.with(Mods::SHIFT);
    }
    Some(Chord {
        code,
        modifiers: mods,
    })
}

/// The message of a terminal event, if it means anything.
fn to_msg(event: &Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_of(*key).map(Msg::Key),
        Event::Resize(w, h) => Some(Msg::Resized(*w, *h)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => Some(Msg::Wheel {
                column: mouse.column,
                row: mouse.row,
                down: mouse.kind == MouseEventKind::ScrollDown,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click {
                column: mouse.column,
                row: mouse.row,
            }),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode as K, KeyEvent, KeyModifiers as M};

    #[test]
    fn hyperlinks_go_to_terminals_that_say_they_show_them() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_string())
            }
        };
        assert!(hyperlinks_supported(env(&[("TERM", "xterm-kitty")])));
        assert!(hyperlinks_supported(env(&[("VTE_VERSION", "7200")])));
        assert!(!hyperlinks_supported(env(&[("TERM", "xterm-256color")])));
        assert!(!hyperlinks_supported(env(&[
            ("TERM", "xterm-kitty"),
            ("TMUX", "/tmp/t,1,0")
        ])));
    }

    #[test]
    fn terminal_keys_become_the_apps_keys() {
        let k = |code, m| key_of(KeyEvent::new(code, m)).unwrap();
        assert_eq!(k(K::Char('G'), M::SHIFT), Chord::parse("G").unwrap());
        assert_eq!(k(K::BackTab, M::SHIFT), Chord::parse("shift+tab").unwrap());
        assert_eq!(k(K::Char('d'), M::CONTROL), Chord::parse("ctrl+d").unwrap());
        assert_eq!(k(K::F(1), M::NONE), Chord::parse("f1").unwrap());
        assert_eq!(k(K::Up, M::NONE), Chord::parse("up").unwrap());
        assert_eq!(k(K::Char(' '), M::NONE), Chord::parse("space").unwrap());
    }
}

//! The one event loop: terminal events become [`Msg`]s, [`Command`]s are carried out here.
//!
//! The terminal is restored on every way out: normal quit, error, panic (the hook is installed
//! before raw mode is entered) and SIGTERM/SIGHUP/SIGINT. Signals are handled on their own
//! thread, which restores the terminal and exits: the event loop cannot be relied on to notice
//! a flag, because crossterm's `poll` spins without returning once the terminal is gone.

use std::io::{self, BufWriter, Stdout};
use std::path::PathBuf;

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::action::Action;
use crate::app::{App, Command, Entry, EntryStatus, Input, Msg};
use crate::config::keys::Resolved;
use crate::config::{Config, Keymap, ReaderConfig};
use crate::library;
use crate::state::Store;
use crate::ui::{Theme, draw};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
    pub pipes: Vec<crate::config::PipeConfig>,
    /// What a rescan picks up (for reloads and the live library).
    pub scan: library::ScanOptions,
    /// Where summaries of the library are cached between runs, if anywhere.
    pub cache: Option<PathBuf>,
}

impl Settings {
    /// Resolves a (validated) config; `color` false drops colours.
    pub fn new(config: &Config, color: bool) -> Self {
        let theme = config
            .theme
            .build(color)
            .unwrap_or_else(|_| Theme::preset(crate::config::theme::Preset::Mono));
        let lib = &config.library;
        Self {
            theme,
            keymap: config.keymap(),
            reader: config.reader.clone(),
            pipes: config.pipe.clone(),
            scan: library::ScanOptions {
                extensions: lib.extensions.clone(),
                recursive: lib.recursive,
                ignore: lib.ignore.clone(),
                respect_gitignore: lib.respect_gitignore,
            },
            cache: None,
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

/// Builds the list entries for a set of files, loading each for its title and outline.
pub fn entries(files: Vec<PathBuf>, limits: &library::Limits) -> Vec<Entry> {
    files
        .into_iter()
        .map(|path| match library::load(&path, limits) {
            Ok(loaded) => Entry::ready(path, &loaded.doc),
            Err(e) => Entry::failed(path, e.to_string()),
        })
        .collect()
}

/// Runs the reader over the articles under `roots` until the user quits or a signal arrives.
/// The library is scanned and summarised in the background; the first frame shows as soon as
/// the rows on screen are known.
pub fn run(
    roots: Vec<PathBuf>,
    open_first: bool,
    settings: &Settings,
    limits: &library::Limits,
    store: Store,
) -> io::Result<()> {
    let store = Arc::new(Mutex::new(store));
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ])?;
    let for_signals = Arc::clone(&store);
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            // The main loop keeps the store current; save it, then leave.
            if let Ok(mut store) = for_signals.lock() {
                let _ = store.save();
            }
            restore();
            std::process::exit(128 + signal);
        }
    });
    install_panic_hook();
    let background = std::sync::mpsc::channel();
    scan_in_background(
        &roots,
        &settings.scan,
        background.0.clone(),
        Scanning::First,
    );
    let indexer = start_indexer(limits, &background.0, settings.cache.clone());
    enable_raw_mode()?;
    let setup = execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture);
    let result = setup.and_then(|()| {
        let terminal = Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(
            1 << 16,
            io::stdout(),
        )))?;
        let size = terminal.size()?;
        let remembered = lock(&store)
            .articles()
            .map(|a| (a.path.clone(), a.clone()))
            .collect();
        let mut app = App::new(Vec::new(), roots, (size.width, size.height))
            .with_config(settings.reader.clone(), settings.keymap.clone())
            .with_remembered(remembered);
        app.scan = crate::app::Scan::Running { to_end: false };
        app.pipes.clone_from(&settings.pipes);
        app.status = lock(&store).note.take();
        let mut shell = Shell {
            terminal,
            limits,
            scan: &settings.scan,
            background,
            indexer,
        };
        shell.first_entries(&mut app, open_first);
        let app = event_loop(&mut shell, app, open_first, &settings.theme, &store)?;
        if let Some(path) = &settings.cache {
            // Losing the cache only costs time at the next start.
            let summaries = app
                .entries
                .iter()
                .filter_map(|e| Some((e.path.as_path(), e.summary()?)));
            let _ = library::index::Cache::save(path, summaries);
        }
        Ok(())
    });
    let saved = lock(&store).save();
    restore();
    if let Err(e) = saved {
        eprintln!("folio: {e}");
    }
    result
}

/// Which scan: the first streams entries as they are found; later ones replace the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scanning {
    First,
    Again,
}

/// Entries are handed to the list at least this often while the first scan runs.
const FOUND_EVERY: Duration = Duration::from_millis(15);

/// The first batch goes as soon as it holds this many entries: more than a screen's rows.
const FIRST_BATCH: usize = 100;

/// Scans `roots` on a thread, sending [`Msg::Found`] batches (first scan) or one
/// [`Msg::Rescanned`] (later scans).
fn scan_in_background(
    roots: &[PathBuf],
    options: &library::ScanOptions,
    tx: Sender<Msg>,
    which: Scanning,
) {
    let roots = roots.to_vec();
    let options = options.clone();
    std::thread::spawn(move || {
        let mut batch = Vec::new();
        let mut since = Instant::now();
        let mut first = true;
        let mut all = Vec::new();
        let _ = library::scan_each(&roots, &options, &mut |found| {
            match which {
                Scanning::First => {
                    batch.push(match found {
                        library::Found::File(path) => Entry::pending(path),
                        library::Found::Problem(e) => failed_entry(&e),
                    });
                    // The first screenful goes at once; then a batch at a time.
                    if (first && batch.len() >= FIRST_BATCH) || since.elapsed() >= FOUND_EVERY {
                        first = false;
                        since = Instant::now();
                        let entries = std::mem::take(&mut batch);
                        if tx
                            .send(Msg::Found {
                                entries,
                                done: false,
                            })
                            .is_err()
                        {
                            return std::ops::ControlFlow::Break(());
                        }
                    }
                }
                Scanning::Again => all.push(match found {
                    library::Found::File(path) => {
                        let stamp = library::index::stamp(&path).ok_or_else(|| {
                            format!(
                                "{}: cannot read",
                                crate::document::sanitize_inline(&path.display().to_string())
                            )
                        });
                        (path, stamp)
                    }
                    library::Found::Problem(e) => {
                        let entry = failed_entry(&e);
                        let EntryStatus::Failed(reason) = entry.status else {
                            unreachable!("failed_entry makes failed entries")
                        };
                        (entry.path, Err(reason))
                    }
                }),
            }
            std::ops::ControlFlow::Continue(())
        });
        let _ = tx.send(match which {
            Scanning::First => Msg::Found {
                entries: batch,
                done: true,
            },
            Scanning::Again => Msg::Rescanned(all),
        });
    });
}

/// A list entry for a folder that could not be read (a symlink loop, no permission).
fn failed_entry(e: &crate::error::Error) -> Entry {
    let path = e
        .path()
        .map_or_else(PathBuf::new, std::path::Path::to_path_buf);
    Entry::failed(path, e.to_string())
}

/// Index workers: one per core, handing summaries to the event loop.
fn start_indexer(
    limits: &library::Limits,
    tx: &Sender<Msg>,
    cache: Option<PathBuf>,
) -> library::index::Indexer {
    let tx = Mutex::new(tx.clone());
    let sink: Arc<library::index::Sink> = Arc::new(move |batch| {
        let _ = lock_any(&tx).send(Msg::Indexed(batch));
    });
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    library::index::Indexer::with_cache(limits.clone(), threads.min(4), &sink, cache)
}

fn lock_any<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn lock(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    // A panic while holding the lock leaves the data as it was: still worth saving.
    store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Copies what the app remembers into the store, and saves when it is time.
fn sync(app: &mut App, store: &Mutex<Store>, last_save: &mut Instant, now: bool) {
    let mut store = lock(store);
    for key in app.touched.drain(..) {
        match app.remembered.get(&key) {
            Some(state) => store.put(state.clone()),
            None => store.forget(&key),
        }
    }
    if let Some(state) = app.snapshot() {
        store.put(state);
    }
    if store.dirty() && (now || last_save.elapsed() >= AUTOSAVE) {
        if let Err(e) = store.save() {
            app.status = Some(e);
        }
        *last_save = Instant::now();
    }
}

/// While reading, the state is saved at most this often (and on every switch and on quit).
const AUTOSAVE: Duration = Duration::from_secs(3);

/// What the event loop works with besides the app.
struct Shell<'a> {
    terminal: Terminal<CrosstermBackend<BufWriter<Stdout>>>,
    limits: &'a library::Limits,
    scan: &'a library::ScanOptions,
    /// Messages from background work (scans, summaries, searches, piped commands).
    background: (Sender<Msg>, Receiver<Msg>),
    /// Workers summarising the library.
    indexer: library::index::Indexer,
}

/// Rows on screen are summarised before a frame only when their file is at most this big.
const SUMMARY_IN_VIEW_MAX: u64 = 256 * 1024;

/// At start, how long to wait for the scan to find enough articles to fill the screen.
const FIRST_ROWS_WAIT: Duration = Duration::from_millis(30);

impl Shell<'_> {
    /// Waits (briefly) until the scan has found enough to fill the list, or everything when
    /// files were named (the first one opens).
    fn first_entries(&mut self, app: &mut App, open_first: bool) {
        let start = Instant::now();
        let rows = usize::from(app.size.1);
        while matches!(app.scan, crate::app::Scan::Running { .. })
            && (open_first || app.entries.len() < rows)
        {
            let left = FIRST_ROWS_WAIT.saturating_sub(start.elapsed());
            let wait = if open_first {
                Duration::from_secs(5)
            } else {
                left
            };
            match self.background.1.recv_timeout(wait) {
                Ok(msg) => {
                    self.take(app, msg);
                }
                Err(_) => break,
            }
        }
        app.select_last_opened();
    }

    /// Applies a message from background work, feeding new entries to the index workers.
    fn take(&mut self, app: &mut App, msg: Msg) -> Command {
        let first_new = app.entries.len();
        let rescan = matches!(msg, Msg::Rescanned(_));
        if rescan {
            self.indexer.clear();
        }
        let found = matches!(msg, Msg::Found { .. });
        let cmd = app.update(msg);
        if found || rescan {
            let from = if rescan { 0 } else { first_new };
            self.indexer.push(
                app.entries[from.min(app.entries.len())..]
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| matches!(e.status, EntryStatus::Pending))
                    .map(|(i, e)| (from + i, e.path.clone())),
            );
        }
        cmd
    }

    /// Summarises the rows on screen that the workers have not reached yet (big files are
    /// left to the workers, so a frame never waits long).
    fn summarise_in_view(&self, app: &mut App) {
        let pending: Vec<_> = app
            .pending_in_view()
            .into_iter()
            .filter(|(_, path)| {
                std::fs::metadata(path).is_ok_and(|m| m.len() <= SUMMARY_IN_VIEW_MAX)
            })
            .collect();
        if pending.is_empty() {
            return;
        }
        let batch = pending
            .into_iter()
            .map(|(i, path)| {
                let summary = library::index::summarize(&path, self.limits);
                (i, path, summary)
            })
            .collect();
        app.update(Msg::Indexed(batch));
    }
}

/// How long the library must be quiet after a change before it is read again.
const DEBOUNCE: Duration = Duration::from_millis(200);

fn event_loop(
    shell: &mut Shell<'_>,
    mut app: App,
    open_first: bool,
    theme: &Theme,
    store: &Mutex<Store>,
) -> io::Result<App> {
    let mut last_save = Instant::now();
    let mut milestones = Milestones::default();
    if open_first && let Some(entry) = app.entries.first() {
        let cmd = Command::Load(0, entry.path.clone());
        if shell.execute(&mut app, cmd) {
            sync(&mut app, store, &mut last_save, true);
            return Ok(app);
        }
        shell.start_jobs(&mut app);
    }
    // Watch the library; events only set a flag, the reload waits for a quiet moment. Setting
    // up the watches walks every folder (half a second for 100,000 articles), so it happens
    // on a thread that then keeps the watcher alive.
    let changed = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (roots, recursive, flag) = (
        app.roots.clone(),
        shell.scan.recursive,
        Arc::clone(&changed),
    );
    std::thread::spawn(move || {
        let _watcher = watch(&roots, recursive, flag);
        loop {
            std::thread::park();
        }
    });
    let mut last_change: Option<Instant> = None;
    // Keys typed so far of a multi-key binding such as "g g".
    let mut pending = Vec::new();
    loop {
        shell.summarise_in_view(&mut app);
        shell.terminal.draw(|frame| draw(&app, theme, frame))?;
        milestones.after_frame(&app);
        let msg = loop {
            if let Ok(msg) = shell.background.1.try_recv() {
                // Take everything that is waiting before drawing again.
                let mut cmd = shell.take(&mut app, msg);
                while cmd == Command::None
                    && let Ok(msg) = shell.background.1.try_recv()
                {
                    cmd = shell.take(&mut app, msg);
                }
                if shell.execute(&mut app, cmd) {
                    sync(&mut app, store, &mut last_save, true);
                    return Ok(app);
                }
                shell.start_jobs(&mut app);
                break None;
            }
            if changed.swap(false, std::sync::atomic::Ordering::Relaxed) {
                last_change = Some(Instant::now());
            }
            if last_change.is_some_and(|t| t.elapsed() >= DEBOUNCE) {
                last_change = None;
                shell.reload(&mut app);
                // The reload went through `app.update` already; this only refits and redraws.
                break Some(Msg::Resized(app.size.0, app.size.1));
            }
            if !event::poll(Duration::from_millis(100))? {
                if last_save.elapsed() >= AUTOSAVE {
                    // Idle: a good moment to save what reading changed.
                    sync(&mut app, store, &mut last_save, false);
                }
                continue;
            }
            if let Some(msg) = to_msg(&app, &mut pending, &event::read()?) {
                break Some(msg);
            }
        };
        let Some(msg) = msg else {
            continue;
        };
        let cmd = app.update(msg);
        let switching = matches!(cmd, Command::Load(..));
        let quit = shell.execute(&mut app, cmd);
        shell.start_jobs(&mut app);
        sync(&mut app, store, &mut last_save, switching || quit);
        if quit {
            return Ok(app);
        }
    }
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

/// Watches the library folders; a change sets `changed`. `None` when watching is impossible
/// (the reader then still works, with `r` to reload).
fn watch(
    roots: &[PathBuf],
    recursive: bool,
    changed: Arc<std::sync::atomic::AtomicBool>,
) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher;
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !e.kind.is_access()) {
            changed.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    })
    .ok()?;
    let mode = if recursive {
        notify::RecursiveMode::Recursive
    } else {
        notify::RecursiveMode::NonRecursive
    };
    for root in roots {
        let _ = watcher.watch(root, mode);
    }
    Some(watcher)
}

impl Shell<'_> {
    /// Reads an article; a big one is parsed only as far as a preview, the rest is left to a
    /// background job (see `app::prepare`).
    fn load(&self, path: &std::path::Path) -> Result<Box<crate::app::Opened>, String> {
        let source = library::read(path, self.limits).map_err(|e| e.to_string())?;
        let end = crate::app::preview_end(&source.text, source.format);
        let (doc, whole, parse_note) = if end < source.text.len() {
            let doc = crate::document::parse(&source.text[..end], source.format, &source.name);
            let whole = crate::app::Whole {
                text: Arc::from(source.text),
                format: source.format,
                name: source.name,
            };
            (doc, Some(whole), None)
        } else {
            let (doc, note) =
                crate::document::parse_with_note(&source.text, source.format, &source.name);
            (doc, None, note)
        };
        let note = match (source.note, parse_note) {
            (Some(a), Some(b)) => Some(format!("{a}; {b}")),
            (a, b) => a.or(b),
        };
        Ok(Box::new(crate::app::Opened {
            doc,
            info: source.info,
            now: crate::state::now(),
            note,
            whole,
        }))
    }

    /// Starts the background work the app asked for.
    fn start_jobs(&self, app: &mut App) {
        for job in app.jobs.drain(..) {
            let tx = self.background.0.clone();
            std::thread::spawn(move || {
                let _ = tx.send(job.run());
            });
        }
    }

    /// Scans the library again (in the background) and reloads the open article in place.
    fn reload(&mut self, app: &mut App) {
        scan_in_background(
            &app.roots,
            self.scan,
            self.background.0.clone(),
            Scanning::Again,
        );
        let open = app
            .reader
            .as_ref()
            .and_then(|r| app.entries.get(r.entry))
            .map(|e| e.path.clone());
        if let Some(path) = open {
            match self.load(&path) {
                Ok(opened) => {
                    app.update(Msg::Reloaded(opened));
                }
                Err(e) => app.status = Some(e),
            }
        }
    }

    /// Gives the terminal to another program, and takes it back afterwards.
    fn suspended<T>(&mut self, run: impl FnOnce() -> T) -> io::Result<T> {
        restore();
        let result = run();
        enable_raw_mode()?;
        execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
        self.terminal.clear()?;
        Ok(result)
    }

    /// Carries out a command; true when the app should exit.
    fn execute(&mut self, app: &mut App, cmd: Command) -> bool {
        match cmd {
            Command::None => false,
            Command::Quit => true,
            Command::Load(index, path) => {
                let result = self.load(&path);
                let next = app.update(Msg::Opened(index, result));
                self.execute(app, next)
            }
            Command::Copy(text) => {
                // OSC 52: the terminal (or tmux) puts the text on the clipboard, even over SSH.
                let sequence = format!("\u{1b}]52;c;{}\u{7}", crate::app::base64(text.as_bytes()));
                let mut out = io::stdout();
                let _ = io::Write::write_all(&mut out, sequence.as_bytes());
                let _ = io::Write::flush(&mut out);
                false
            }
            Command::Pipe(request) => {
                if needs_terminal(&request.command) {
                    let command = request.command.trim_start_matches('!').to_string();
                    let status = self.suspended(|| run_piped(&command, &request.input, false));
                    app.status = Some(match status {
                        Ok(Ok((status, _))) => format!("'{command}' {status}"),
                        Ok(Err(e)) => format!("'{command}' failed: {e}"),
                        Err(e) => format!("'{command}' failed: {e}"),
                    });
                } else {
                    let tx = self.background.0.clone();
                    app.status = Some(format!("running '{}'…", request.command));
                    std::thread::spawn(move || {
                        let (title, text) = match run_piped(&request.command, &request.input, true)
                        {
                            Ok((status, output)) => (
                                format!("{} | {} — {status}", request.what, request.command),
                                output,
                            ),
                            Err(e) => (format!("'{}' failed: {e}", request.command), String::new()),
                        };
                        let _ = tx.send(Msg::Piped { title, text });
                    });
                }
                false
            }
            Command::Edit { path, offset } => {
                // Lines are counted in the file's bytes, as editors count them.
                let line = std::fs::read(&path).map_or(1, |b| {
                    b[..offset.min(b.len())].split(|&c| c == b'\n').count()
                });
                let result = self.suspended(|| run_editor(&path, line));
                match result {
                    Ok(Ok(())) => match self.load(&path) {
                        Ok(opened) => {
                            app.update(Msg::Reloaded(opened));
                        }
                        Err(e) => app.status = Some(e),
                    },
                    Ok(Err(e)) => app.status = Some(e),
                    Err(e) => app.status = Some(e.to_string()),
                }
                false
            }
            Command::Reload => {
                self.reload(app);
                app.status = Some("reloaded".into());
                false
            }
            Command::SearchLibrary(search) => {
                let tx = self.background.0.clone();
                let limits = self.limits.clone();
                std::thread::spawn(move || {
                    let _ = tx.send(Msg::Searched(search.run(&limits)));
                });
                false
            }
        }
    }
}

/// Programs that need the terminal rather than having their output shown in a popup; a
/// command starting with `!` always gets the terminal.
fn needs_terminal(command: &str) -> bool {
    if command.trim_start().starts_with('!') {
        return true;
    }
    let first = command.split_whitespace().next().unwrap_or("");
    let program = first.rsplit('/').next().unwrap_or(first);
    let mut interactive = vec![
        "less", "more", "most", "vi", "vim", "nvim", "nano", "emacs", "micro", "hx", "helix",
        "man", "w3m", "lynx", "bat", "view", "mg", "kak",
    ];
    let pager = std::env::var("PAGER").unwrap_or_default();
    interactive.push(pager.split_whitespace().next().unwrap_or(""));
    interactive.iter().any(|p| !p.is_empty() && *p == program)
}

/// Runs `$SHELL -c command` with `input` on its standard input. With `capture`, returns what
/// it printed (stdout, then stderr); otherwise it prints to the terminal.
fn run_piped(command: &str, input: &str, capture: bool) -> Result<(String, String), String> {
    use std::process::Stdio;
    let shell = std::env::var("SHELL")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "/bin/sh".into());
    let mut cmd = std::process::Command::new(&shell);
    cmd.arg("-c").arg(command).stdin(Stdio::piped());
    if capture {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {shell}: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        let input = input.to_string();
        // A command that stops reading early (head, grep -q) closes the pipe: not an error.
        std::thread::spawn(move || {
            let _ = io::Write::write_all(&mut stdin, input.as_bytes());
        });
    }
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
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

/// Opens `path` in `$VISUAL` or `$EDITOR` (else vi) at `line`.
fn run_editor(path: &std::path::Path, line: usize) -> Result<(), String> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "vi".into());
    let mut cmd = editor_command(&editor, path, line);
    let program = cmd.get_program().to_string_lossy().into_owned();
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start '{program}': {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("'{program}' exited with {status}"))
    }
}

/// The editor's command line: its own words, `+LINE`, then the path made absolute, so that
/// no file name (`+!cmd`, `-c…`) can ever be read by the editor as an option or command.
fn editor_command(editor: &str, path: &std::path::Path, line: usize) -> std::process::Command {
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let path = std::path::absolute(path).unwrap_or_else(|_| std::path::Path::new(".").join(path));
    let mut cmd = std::process::Command::new(program);
    cmd.args(words).arg(format!("+{line}")).arg(path);
    cmd
}

fn to_msg(app: &App, pending: &mut Vec<crate::config::keys::Chord>, event: &Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release && app.typing() => {
            typed(*key).map(Msg::Input)
        }
        // Help closes on any key, bound or not (and `q` still quits).
        Event::Key(key)
            if key.kind != KeyEventKind::Release && app.overlay == crate::app::Overlay::Help =>
        {
            pending.clear();
            let quit = app.keymap.resolve(pending, *key) == Resolved::Action(Action::Quit);
            Some(Msg::Action(if quit { Action::Quit } else { Action::Close }))
        }
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            match app.keymap.resolve(pending, *key) {
                Resolved::Action(action) => Some(Msg::Action(action)),
                Resolved::Pending | Resolved::Unbound => None,
            }
        }
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

/// A key typed into a prompt: text editing keys are fixed, not bindable.
fn typed(key: crossterm::event::KeyEvent) -> Option<Input> {
    use crossterm::event::{KeyCode, KeyModifiers};
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Enter => Some(Input::Enter),
        KeyCode::Esc => Some(Input::Esc),
        KeyCode::Backspace => Some(Input::Backspace),
        KeyCode::Char('r') if ctrl => Some(Input::ToggleRegex),
        KeyCode::Char('u') if ctrl => Some(Input::Clear),
        KeyCode::Char('c') if ctrl => Some(Input::Esc),
        KeyCode::Char(c) if !ctrl => Some(Input::Char(c)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::editor_command;
    use std::path::Path;

    fn args(editor: &str, path: &str) -> Vec<String> {
        let cmd = editor_command(editor, Path::new(path), 12);
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
    fn an_absolute_path_is_passed_as_it_is() {
        assert_eq!(args("nano", "/tmp/a.md"), ["nano", "+12", "/tmp/a.md"]);
    }
}

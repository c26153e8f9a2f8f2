//! The one event loop: terminal events become [`Msg`]s, [`Command`]s are carried out here.
//!
//! The terminal is restored on every way out: normal quit, error, panic (the hook is installed
//! before raw mode is entered) and SIGTERM/SIGHUP/SIGINT. Signals are handled on their own
//! thread, which restores the terminal and exits: the event loop cannot be relied on to notice
//! a flag, because crossterm's `poll` spins without returning once the terminal is gone.

use std::io::{self, Stdout};
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
use crate::app::{App, Command, Entry, Input, Msg};
use crate::config::keys::Resolved;
use crate::config::{Config, Keymap, ReaderConfig};
use crate::library;
use crate::state::Store;
use crate::ui::{Theme, draw};
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
}

impl Settings {
    /// Resolves a (validated) config; `color` false drops colours.
    pub fn new(config: &Config, color: bool) -> Self {
        let theme = config
            .theme
            .build(color)
            .unwrap_or_else(|_| Theme::preset(crate::config::theme::Preset::Mono));
        Self {
            theme,
            keymap: config.keymap(),
            reader: config.reader.clone(),
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

/// Runs the reader until the user quits or a signal arrives.
pub fn run(
    entries: Vec<Entry>,
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
    enable_raw_mode()?;
    let setup = execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture);
    let result = setup.and_then(|()| {
        let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        let size = terminal.size()?;
        let remembered = lock(&store)
            .articles()
            .map(|a| (a.path.clone(), a.clone()))
            .collect();
        let mut app = App::new(entries, roots, (size.width, size.height))
            .with_config(settings.reader.clone(), settings.keymap.clone())
            .with_remembered(remembered);
        app.select_last_opened();
        app.status = lock(&store).note.take();
        event_loop(
            &mut terminal,
            app,
            open_first,
            &settings.theme,
            limits,
            &store,
        )
    });
    let saved = lock(&store).save();
    restore();
    if let Err(e) = saved {
        eprintln!("folio: {e}");
    }
    result
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

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    mut app: App,
    open_first: bool,
    theme: &Theme,
    limits: &library::Limits,
    store: &Mutex<Store>,
) -> io::Result<()> {
    let mut last_save = Instant::now();
    if open_first && let Some(entry) = app.entries.first() {
        let cmd = Command::Load(0, entry.path.clone());
        if execute(&mut app, cmd, limits) {
            sync(&mut app, store, &mut last_save, true);
            return Ok(());
        }
    }
    // Keys typed so far of a multi-key binding such as "g g".
    let mut pending = Vec::new();
    loop {
        terminal.draw(|frame| draw(&app, theme, frame))?;
        let msg = loop {
            if !event::poll(AUTOSAVE)? {
                // Idle: a good moment to save what reading changed.
                sync(&mut app, store, &mut last_save, false);
                continue;
            }
            if let Some(msg) = to_msg(&app, &mut pending, &event::read()?) {
                break msg;
            }
        };
        let cmd = app.update(msg);
        let switching = matches!(cmd, Command::Load(..));
        let quit = execute(&mut app, cmd, limits);
        sync(&mut app, store, &mut last_save, switching || quit);
        if quit {
            return Ok(());
        }
    }
}

/// Carries out a command; true when the app should exit.
fn execute(app: &mut App, cmd: Command, limits: &library::Limits) -> bool {
    match cmd {
        Command::None => false,
        Command::Quit => true,
        Command::Load(index, path) => {
            let result = library::load(&path, limits)
                .map(|loaded| {
                    Box::new(crate::app::Opened {
                        doc: loaded.doc,
                        info: loaded.info,
                        now: crate::state::now(),
                        note: loaded.note,
                    })
                })
                .map_err(|e| e.to_string());
            let next = app.update(Msg::Opened(index, result));
            execute(app, next, limits)
        }
    }
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

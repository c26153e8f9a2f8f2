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

use crate::app::{App, Command, Entry, EntryStatus, Msg};
use crate::library;
use crate::ui::{Theme, draw};

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
pub fn entries(files: Vec<PathBuf>) -> Vec<Entry> {
    files
        .into_iter()
        .map(|path| match library::load(&path) {
            Ok(loaded) => Entry::ready(path, &loaded.doc),
            Err(e) => Entry {
                path,
                status: EntryStatus::Failed(e.to_string()),
            },
        })
        .collect()
}

/// Runs the reader until the user quits or a signal arrives.
pub fn run(entries: Vec<Entry>, roots: Vec<PathBuf>, open_first: bool) -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            restore();
            std::process::exit(128 + signal);
        }
    });
    install_panic_hook();
    enable_raw_mode()?;
    let setup = execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture);
    let result = setup.and_then(|()| {
        let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        event_loop(&mut terminal, entries, roots, open_first)
    });
    restore();
    result
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    entries: Vec<Entry>,
    roots: Vec<PathBuf>,
    open_first: bool,
) -> io::Result<()> {
    let size = terminal.size()?;
    let mut app = App::new(entries, roots, (size.width, size.height));
    let theme = Theme::from_env();
    if open_first && let Some(entry) = app.entries.first() {
        let cmd = Command::Load(0, entry.path.clone());
        if execute(&mut app, cmd) {
            return Ok(());
        }
    }
    loop {
        terminal.draw(|frame| draw(&app, theme, frame))?;
        let msg = loop {
            if let Some(msg) = to_msg(&app, &event::read()?) {
                break msg;
            }
        };
        let cmd = app.update(msg);
        if execute(&mut app, cmd) {
            return Ok(());
        }
    }
}

/// Carries out a command; true when the app should exit.
fn execute(app: &mut App, cmd: Command) -> bool {
    match cmd {
        Command::None => false,
        Command::Quit => true,
        Command::Load(index, path) => {
            let result = library::load(&path)
                .map(|loaded| Box::new(loaded.doc))
                .map_err(|e| e.to_string());
            let next = app.update(Msg::Opened(index, result));
            execute(app, next)
        }
    }
}

fn to_msg(app: &App, event: &Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            app.keymap.action(*key).map(Msg::Action)
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

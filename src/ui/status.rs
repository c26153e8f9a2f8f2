//! The status bar: notes, the prompt, the reader's position and the key hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{Theme, fit};
use crate::action::Action;
use crate::app::{App, Focus, Mode, Reader, View};

/// The reader's status: a breadcrumb, and the position (section, percent, time left). The
/// breadcrumb gives way first when space is short.
fn status_text(app: &App, reader: &Reader, width: usize) -> String {
    let title = reader.doc.meta.title.as_deref().unwrap_or("");
    let total = reader.doc.outline.len();
    let progress = app.progress();
    let minutes = reader.doc.reading_minutes() as f64 * (1.0 - progress);
    let mut position = Vec::new();
    let section = app.current_section().map(|i| {
        position.push(format!("§ {}/{total}", i + 1));
        reader.doc.outline[i].text.clone()
    });
    position.push(format!("{:.0}%", progress * 100.0));
    position.push(format!("{} min left", minutes.ceil() as usize));
    let position = position.join("  ");
    let room = width.saturating_sub(position.width() + 2);
    if room < 8 {
        return position;
    }
    // The section name matters more than the title: the title is cut first.
    let crumb = match section {
        Some(section) => {
            let section = fit(&section, room);
            let title_room = room.saturating_sub(section.width() + 3);
            if title_room >= 6 {
                format!("{} › {section}", fit(title, title_room))
            } else {
                section
            }
        }
        None => fit(title, room),
    };
    format!("{crumb}  {position}")
}

/// `[k/N query]` for the search in the open article.
fn match_count(app: &App) -> Option<String> {
    let find = app.reader.as_ref()?.find.as_ref()?;
    if let Err(e) = &find.matcher {
        return Some(format!("[{e}]"));
    }
    let k = find.current.map_or(0, |i| i + 1);
    let more = if find.hits.len() >= crate::search::MAX_HITS {
        "+"
    } else {
        ""
    };
    Some(format!("[{k}/{}{more} {}]", find.hits.len(), find.query))
}

/// The status line over the list: how many articles, and how far finding and summarising
/// them has got.
fn library_text(app: &App) -> String {
    let n = app.entries.len();
    // When the list is too narrow to show the filter in its title, it shows here.
    if let Some(f) = &app.filter
        && !app
            .panes()
            .list
            .is_some_and(|l| super::list::title_shows_filter(app, usize::from(l.width)))
    {
        return format!("filter: {}  ({} of {n})", f.query, f.matches.len());
    }
    match (app.scan, app.unsummarised) {
        (crate::app::Scan::Running { .. }, _) => format!("{n} articles found so far…"),
        (crate::app::Scan::Finished, 0) => format!("{n} articles"),
        (crate::app::Scan::Finished, left) => {
            format!("{n} articles (reading titles: {left} to go)")
        }
    }
}

pub(super) fn draw_status(app: &App, theme: &Theme, frame: &mut Frame, rect: Rect) {
    let width = usize::from(rect.width);
    if let Mode::Prompt(prompt) = &app.mode {
        frame.render_widget(Paragraph::new(prompt_line(app, prompt, width)), rect);
        return;
    }
    if let Mode::Follow(follow) = &app.mode {
        let what = match follow.purpose {
            crate::app::FollowPurpose::Open => "follow",
            crate::app::FollowPurpose::Copy => "copy link",
        };
        let text = format!(
            " {what}: type a label ({} on screen)  {}█   [esc: cancel]",
            follow.labels.len(),
            follow.typed
        );
        let padded = format!("{text}{}", " ".repeat(width.saturating_sub(text.width())));
        frame.render_widget(Paragraph::new(Line::styled(padded, theme.status())), rect);
        return;
    }
    if let Mode::Visual(sel) = &app.mode {
        let words = app.reader.as_ref().map_or(0, |r| r.selection_words(sel));
        let text = format!(
            " select: {words} word{}   [j/k line; )/( sentence; }}/{{ paragraph; H highlight; \
             n note; y copy; esc cancel]",
            if words == 1 { "" } else { "s" }
        );
        let text = super::fit(&text, width);
        let padded = format!("{text}{}", " ".repeat(width.saturating_sub(text.width())));
        frame.render_widget(Paragraph::new(Line::styled(padded, theme.status())), rect);
        return;
    }
    if let Mode::Awaiting(awaiting) = app.mode {
        let what = match awaiting {
            crate::app::Awaiting::SetMark => "set mark: type a letter",
            crate::app::Awaiting::JumpMark => "jump to mark: type a letter (' for back)",
        };
        let padded = format!(
            " {what}{}",
            " ".repeat(width.saturating_sub(what.width() + 1))
        );
        frame.render_widget(Paragraph::new(Line::styled(padded, theme.status())), rect);
        return;
    }
    let count = match_count(app);
    let hints = key_hints(app);
    // The key hints keep their room on terminals of 80 columns and more; the breadcrumb and
    // notes take the rest.
    let room = if width >= 80 {
        width.saturating_sub(hints.width() + 4)
    } else {
        width.saturating_sub(2)
    };
    let room = room.saturating_sub(count.as_ref().map_or(0, |c| c.width() + 2));
    let mut left = match (&app.status, &app.reader, app.view) {
        (Some(note), _, _) => note.clone(),
        (None, Some(reader), View::Reader | View::ReaderWithList) => status_text(app, reader, room),
        (None, _, _) => library_text(app),
    };
    if let Some(count) = count {
        left = format!("{count}  {left}");
    }
    if let Some(fetching) = app.captures.note() {
        left = format!("{fetching}  {left}");
    }
    let left = fit(&left, width);
    let gap = width.saturating_sub(left.width() + hints.width() + 1);
    let text = if left.width() + hints.width() + 2 <= width {
        format!(" {left}{}{hints}", " ".repeat(gap))
    } else {
        format!(" {left}")
    };
    let text = fit(&text, width);
    let padded = format!("{text}{}", " ".repeat(width.saturating_sub(text.width())));
    frame.render_widget(Paragraph::new(Line::styled(padded, theme.status())), rect);
}

/// The prompt: what is typed, its hints (from the prompt key table) and for a search the
/// match count; the end of a long line stays in view.
fn prompt_line(app: &App, prompt: &crate::app::Prompt, width: usize) -> Line<'static> {
    let (text, flag) = prompt.display();
    let mut line = format!("{text}█");
    if line.width() + flag.width() <= width {
        line.push_str(&flag);
    }
    if let (crate::app::Prompt::Find { .. }, Some(count)) = (prompt, match_count(app)) {
        line.push_str("  ");
        line.push_str(&count);
    }
    let skip = line.width().saturating_sub(width);
    let shown: String = line.chars().skip(skip).collect();
    Line::raw(format!(
        "{shown}{}",
        " ".repeat(width.saturating_sub(shown.width()))
    ))
}

/// The key hints for the focused pane, from the keymap.
fn key_hints(app: &App) -> String {
    let key = |a: Action| app.keymap.key_for(a).unwrap_or_default();
    match app.focus {
        Focus::List if app.view == View::Library => format!(
            "{} read  {} filter  {} sort  {} quit  {} help",
            key(Action::Open),
            key(Action::SearchForward),
            key(Action::CycleSort),
            key(Action::Back),
            key(Action::Help)
        ),
        Focus::List => format!(
            "{} open  {} filter  {} reader  {} help",
            key(Action::Open),
            key(Action::SearchForward),
            key(Action::FocusNext),
            key(Action::Help)
        ),
        Focus::Reader => format!(
            "{}/{} section  {} outline  {} find  {} back  {} help",
            key(Action::NextHeading),
            key(Action::PrevHeading),
            key(Action::ToggleOutline),
            key(Action::SearchForward),
            key(Action::Back),
            key(Action::Help)
        ),
        Focus::Outline => format!(
            "{} jump  {} pane  {} help",
            key(Action::Open),
            key(Action::FocusNext),
            key(Action::Help)
        ),
    }
}

//! The list filling in: entries streamed from the scan, summaries from the index workers,
//! results of library-wide searches.

use std::path::PathBuf;

use super::search::{fuzzy_filter, results};
use super::{App, Command, Entry, EntryStatus, Filter, Listed, Mode, Scan, Sort};
use crate::error::Error;
use crate::library::index::Indexed;
use crate::library::search::ArticleHits;

impl App {
    /// Appends entries found by the scan (they come in list order for [`Sort::Path`]).
    pub(super) fn found(&mut self, entries: Vec<Entry>, done: bool) {
        let first_new = self.entries.len();
        // Until the user opens or filters, or moves to an article never opened, the list keeps
        // looking for the article read last.
        let on_opened = self
            .selected_entry()
            .and_then(|i| self.entries[i].path.to_str())
            .is_some_and(|p| self.remembered.contains_key(p));
        let untouched =
            (self.selected == 0 || on_opened) && self.reader.is_none() && self.filter.is_none();
        let before = self.selected_entry();
        self.unsummarised += entries
            .iter()
            .filter(|e| matches!(e.status, EntryStatus::Pending))
            .count();
        self.entries.extend(entries);
        self.measure_titles(first_new);
        self.index_pending(first_new, false);
        let to_end = matches!(self.scan, Scan::Running { to_end: true });
        self.scan = if done {
            Scan::Finished
        } else {
            Scan::Running { to_end }
        };
        self.list_changed(first_new, before);
        if self.opening == Some(0)
            && self.reader.is_none()
            && !self.entries.is_empty()
            && first_new == 0
        {
            // Files named on the command line: the first opens as soon as it is found.
            self.open_entry(0);
        }
        if to_end {
            self.selected = self.visible().len().saturating_sub(1);
            return;
        }
        if untouched {
            let best = |i: usize| {
                let path = self.entries[i].path.to_str()?;
                Some(self.remembered.get(path)?.last_opened)
            };
            let current = self.selected_entry().and_then(best);
            if let Some((when, entry)) = (first_new..self.entries.len())
                .filter_map(|i| Some((best(i)?, i)))
                .max()
                && current.is_none_or(|c| when > c)
            {
                self.selected = self.visible().iter().position(|&i| i == entry).unwrap_or(0);
            }
        }
    }

    /// Takes in summaries; those of entries that have since gone are dropped.
    pub(super) fn indexed(&mut self, batch: Vec<Indexed>) {
        let before = self.selected_entry();
        let mut changed = false;
        for (index, path, summary) in batch {
            if self.entries.get(index).is_none_or(|e| e.path != path) {
                continue;
            }
            self.set_status(
                index,
                match summary {
                    Ok(summary) => EntryStatus::Ready(summary),
                    Err(e) => EntryStatus::Failed(e.to_string()),
                },
            );
            changed = true;
        }
        if changed && (self.sort != Sort::Path || self.filter.is_some()) {
            self.list_changed(self.entries.len(), before);
        } else if changed {
            self.haystacks = std::cell::OnceCell::new();
        }
    }

    /// Replaces the list with a new scan, keeping the summaries of unchanged files.
    pub(super) fn rescanned(&mut self, files: Vec<Listed>) {
        // The old list keeps its paths (`replace_entries` finds the selected and open articles
        // by path in it); only the statuses move over.
        let mut known: std::collections::HashMap<PathBuf, EntryStatus> = self
            .entries
            .iter_mut()
            .map(|e| {
                let status = std::mem::replace(&mut e.status, EntryStatus::Pending);
                (e.path.clone(), status)
            })
            .collect();
        let entries = files
            .into_iter()
            .map(|(path, stamp)| match stamp {
                Err(reason) => Entry::failed(path, reason),
                Ok(stamp) => {
                    let status = match known.remove(&path) {
                        Some(EntryStatus::Ready(summary)) if summary.stamp == stamp => {
                            EntryStatus::Ready(summary)
                        }
                        _ => EntryStatus::Pending,
                    };
                    Entry { path, status }
                }
            })
            .collect();
        self.replace_entries(entries);
        self.select_arrival();
        self.measure_titles(0);
        self.forget_previews();
        self.hurried.clear();
        let jobs = self.pending_jobs(0);
        self.emit(Command::Index {
            jobs,
            urgent: false,
            replace: true,
        });
    }

    /// Entries from `from` on that wait for a summary, as index jobs.
    fn pending_jobs(&self, from: usize) -> Vec<(usize, PathBuf)> {
        self.entries[from.min(self.entries.len())..]
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e.status, EntryStatus::Pending))
            .map(|(i, e)| (from + i, e.path.clone()))
            .collect()
    }

    /// Asks for the summaries of the entries from `from` on that have none.
    fn index_pending(&mut self, from: usize, urgent: bool) {
        let jobs = self.pending_jobs(from);
        if !jobs.is_empty() {
            self.emit(Command::Index {
                jobs,
                urgent,
                replace: false,
            });
        }
    }

    /// Sends the rows on screen that still wait for their summary to the front of the queue
    /// (after every update: scrolling, filtering and resizing change what is on screen).
    pub(super) fn hurry_rows_in_view(&mut self) {
        let jobs: Vec<(usize, PathBuf)> = self
            .pending_in_view()
            .into_iter()
            .filter(|(i, _)| !self.hurried.contains(i))
            .collect();
        if jobs.is_empty() {
            return;
        }
        self.hurried.extend(jobs.iter().map(|(i, _)| *i));
        self.emit(Command::Index {
            jobs,
            urgent: true,
            replace: false,
        });
    }

    /// Sets what is known of an entry, counting those still waiting for a summary.
    pub(super) fn set_status(&mut self, index: usize, status: EntryStatus) {
        let Some(entry) = self.entries.get_mut(index) else {
            return;
        };
        let was = matches!(entry.status, EntryStatus::Pending);
        let now = matches!(status, EntryStatus::Pending);
        entry.status = status;
        let title = unicode_width::UnicodeWidthStr::width(entry.title().as_ref())
            .min(usize::from(self.options.list_width));
        self.widest_title = self
            .widest_title
            .max(u16::try_from(title).unwrap_or(u16::MAX));
        match (was, now) {
            (true, false) => self.unsummarised = self.unsummarised.saturating_sub(1),
            (false, true) => self.unsummarised += 1,
            _ => {}
        }
    }

    /// Takes in an entry just added at the end of the list (an article a link led to).
    pub(super) fn list_changed_at_end(&mut self) {
        let first_new = self.entries.len().saturating_sub(1);
        let before = self.selected_entry();
        self.measure_titles(first_new);
        if matches!(self.entries[first_new].status, EntryStatus::Pending) {
            self.unsummarised += 1;
        }
        self.list_changed(first_new, before);
        self.index_pending(first_new, true);
    }

    /// Keeps order, filter and selection right after entries from `first_new` on were added
    /// or summaries changed.
    fn list_changed(&mut self, first_new: usize, before: Option<usize>) {
        self.haystacks = std::cell::OnceCell::new();
        if self.sort == Sort::Path {
            self.order.extend(first_new..self.entries.len());
        } else {
            self.resort();
        }
        if let Some(f) = &self.filter {
            let query = f.query.clone();
            let matches = fuzzy_filter(self, &query);
            self.filter = Some(Filter { query, matches });
        }
        if let Some(entry) = before {
            self.selected = self
                .visible()
                .iter()
                .position(|&i| i == entry)
                .unwrap_or(self.selected);
        }
        self.selected = self.selected.min(self.visible().len().saturating_sub(1));
    }

    /// Entries on screen in the list that have no summary yet: they go to the front of the
    /// index workers' queue, so the rows in view never wait behind the rest of the library.
    pub fn pending_in_view(&self) -> Vec<(usize, PathBuf)> {
        let visible = self.visible();
        // A row per line at the most: before their summaries, rows are a title and a detail.
        let rows = self.rows_in_view();
        let end = (rows.start + self.list_inner().map_or(0, |r| usize::from(r.height)))
            .max(rows.end)
            .min(visible.len());
        visible[rows.start.min(end)..end]
            .iter()
            .filter(|&&i| matches!(self.entries[i].status, EntryStatus::Pending))
            .map(|&i| (i, self.entries[i].path.clone()))
            .collect()
    }

    /// Shows the results of a library-wide search.
    pub(super) fn searched(
        &mut self,
        query: &str,
        regex: bool,
        result: Result<Vec<ArticleHits>, Error>,
    ) {
        match result.map(|found| results(query, regex, found.into_iter())) {
            Ok(results) if results.articles == 0 => {
                self.status = Some(format!("no article contains: {}", results.query));
            }
            Ok(results) => {
                self.status = None;
                self.mode = Mode::Results(Box::new(results));
            }
            Err(e) => self.status = Some(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Msg;
    use crate::library::index::Summary;
    use crate::state::ArticleState;

    fn summary(title: &str, stamp: (u64, u64)) -> Summary {
        Summary {
            title: title.into(),
            authors: "".into(),
            minutes: 1,
            sections: 0,
            date: None,
            stamp,
            partial: false,
        }
    }

    fn pending(names: &[&str]) -> Vec<Entry> {
        names
            .iter()
            .map(|n| Entry::pending(PathBuf::from(n)))
            .collect()
    }

    #[test]
    fn found_entries_stream_in_and_summaries_fill_them() {
        let mut app = App::new(vec![], vec![], (120, 40));
        app.scan = Scan::Running { to_end: false };
        app.update(Msg::Found {
            entries: pending(&["a.md", "b.md"]),
            done: false,
        });
        assert_eq!(app.visible().as_ref(), [0, 1]);
        assert_eq!(app.unsummarised, 2);
        assert_eq!(
            app.entries[1].title(),
            "b.md",
            "the file name until summarised"
        );
        assert_eq!(app.pending_in_view().len(), 2);
        app.update(Msg::Found {
            entries: pending(&["c.md"]),
            done: true,
        });
        assert_eq!(app.scan, Scan::Finished);
        assert_eq!(app.visible().as_ref(), [0, 1, 2]);
        assert_eq!(app.selected, 0);
        app.update(Msg::Indexed(vec![
            (1, PathBuf::from("b.md"), Ok(summary("Bee", (1, 1)))),
            (
                2,
                PathBuf::from("c.md"),
                Err(crate::error::Error::Invalid("c.md: unreadable".into())),
            ),
            // A summary for an entry that has gone is dropped.
            (0, PathBuf::from("gone.md"), Ok(summary("Gone", (1, 1)))),
        ]));
        assert_eq!(app.entries[1].title(), "Bee");
        assert!(matches!(app.entries[2].status, EntryStatus::Failed(_)));
        assert!(matches!(app.entries[0].status, EntryStatus::Pending));
        assert_eq!(app.unsummarised, 1);
        assert_eq!(app.pending_in_view(), [(0, PathBuf::from("a.md"))]);
    }

    #[test]
    fn after_g_the_selection_keeps_to_the_end_while_articles_stream_in() {
        let mut app = App::new(vec![], vec![], (120, 40));
        app.scan = Scan::Running { to_end: false };
        let found = |app: &mut App, names: &[&str], done| {
            app.update(Msg::Found {
                entries: pending(names),
                done,
            });
        };
        found(&mut app, &["a.md", "b.md"], false);
        app.update(Msg::Action(crate::action::Action::Bottom));
        assert_eq!(app.selected, 1);
        found(&mut app, &["c.md", "d.md"], false);
        assert_eq!(app.selected, 3);
        // Moving away stops following.
        app.update(Msg::Action(crate::action::Action::Up));
        found(&mut app, &["e.md"], true);
        assert_eq!(app.selected, 2);
    }

    #[test]
    fn the_article_read_last_is_selected_when_it_streams_in() {
        let mut app = App::new(vec![], vec![], (120, 40));
        let state = |path: &str, last_opened| ArticleState {
            path: path.into(),
            last_opened,
            ..ArticleState::default()
        };
        app.remembered.insert("b.md".into(), state("b.md", 5));
        app.remembered.insert("d.md".into(), state("d.md", 9));
        app.update(Msg::Found {
            entries: pending(&["a.md", "b.md"]),
            done: false,
        });
        assert_eq!(app.selected, 1);
        app.update(Msg::Found {
            entries: pending(&["c.md", "d.md"]),
            done: true,
        });
        assert_eq!(app.selected, 3, "d.md was opened more recently");
    }

    #[test]
    fn a_rescan_keeps_summaries_of_unchanged_files_only() {
        let mut app = App::new(
            vec![
                Entry {
                    path: "a.md".into(),
                    status: EntryStatus::Ready(summary("A", (10, 100))),
                },
                Entry {
                    path: "b.md".into(),
                    status: EntryStatus::Ready(summary("B", (10, 100))),
                },
            ],
            vec![],
            (120, 40),
        );
        app.update(Msg::Rescanned(vec![
            (PathBuf::from("a.md"), Ok((10, 100))),
            (PathBuf::from("b.md"), Ok((11, 200))),
            (PathBuf::from("c.md"), Ok((1, 1))),
            (PathBuf::from("loop"), Err("symbolic link loop".into())),
        ]));
        assert_eq!(app.entries[0].title(), "A");
        assert!(matches!(app.entries[1].status, EntryStatus::Pending));
        assert!(matches!(app.entries[2].status, EntryStatus::Pending));
        assert!(matches!(app.entries[3].status, EntryStatus::Failed(_)));
        assert_eq!(app.unsummarised, 2);
    }
}

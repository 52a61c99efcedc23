//! Loose files are stored in the order the walk lists them (name order),
//! whichever decode worker finishes first, so an import repeats exactly:
//! the same ids, and of two identical files it is always the first by name
//! that is imported and the second that is the duplicate. Archive entries
//! are stored as they come, so an archive walked by one worker never holds
//! the others up.
//!
//! Each loose file gets a ticket as a worker takes it. The writer holds a
//! finished file back until every file before it is stored ([`Reorder`]),
//! and a worker waits before taking a ticket more than [`WINDOW`] ahead of
//! the writer ([`Queue`]), so that at most that many finished files wait:
//! memory stays flat whatever the input.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Condvar, Mutex, PoisonError};

use super::walk;

/// How many loose files workers may take beyond the first one the writer
/// still waits for.
pub const WINDOW: usize = 16;

/// The files to decode, handed out in order, with a ticket for each loose
/// file.
pub struct Queue {
    files: Mutex<Files>,
    progress: Mutex<Progress>,
    advanced: Condvar,
}

struct Files {
    paths: std::vec::IntoIter<PathBuf>,
    next_ticket: usize,
}

struct Progress {
    /// The ticket of the first loose file the writer has not stored.
    next: usize,
    /// A worker stopped holding a ticket: nobody waits any more.
    abandoned: bool,
}

impl Queue {
    /// A queue of `paths`, in this order.
    pub fn new(paths: Vec<PathBuf>) -> Self {
        Queue {
            files: Mutex::new(Files {
                paths: paths.into_iter(),
                next_ticket: 0,
            }),
            progress: Mutex::new(Progress {
                next: 0,
                abandoned: false,
            }),
            advanced: Condvar::new(),
        }
    }

    /// The next file, with its ticket if it is a loose file (`None` for an
    /// archive, by its name); `None` when every file is taken. Waits while
    /// the ticket would be [`WINDOW`] or more ahead of the writer.
    pub fn take(&self) -> Option<(PathBuf, Option<usize>)> {
        let (path, ticket) = {
            let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
            let path = files.paths.next()?;
            let ticket = (!walk::is_archive_name(&path)).then(|| {
                files.next_ticket += 1;
                files.next_ticket - 1
            });
            (path, ticket)
        };
        if let Some(ticket) = ticket {
            let mut progress = self.progress.lock().unwrap_or_else(PoisonError::into_inner);
            while ticket >= progress.next + WINDOW && !progress.abandoned {
                progress = self
                    .advanced
                    .wait(progress)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        }
        Some((path, ticket))
    }

    /// The writer has stored (or passed over) every loose file before
    /// ticket `next`.
    pub fn advance(&self, next: usize) {
        let mut progress = self.progress.lock().unwrap_or_else(PoisonError::into_inner);
        progress.next = next;
        self.advanced.notify_all();
    }

    /// A worker stopped early (it panicked), maybe holding a ticket that
    /// will never come in: let the others go on without waiting.
    pub fn abandon(&self) {
        let mut progress = self.progress.lock().unwrap_or_else(PoisonError::into_inner);
        progress.abandoned = true;
        self.advanced.notify_all();
    }
}

/// The writer's side: puts what comes in with tickets back in ticket order.
#[derive(Debug)]
pub struct Reorder<T> {
    next: usize,
    /// Arrived early, by ticket; `None` for a turn without a value.
    waiting: BTreeMap<usize, Option<T>>,
}

impl<T> Default for Reorder<T> {
    fn default() -> Self {
        Reorder {
            next: 0,
            waiting: BTreeMap::new(),
        }
    }
}

impl<T> Reorder<T> {
    /// Takes the outcome of ticket `ticket` (`None`: that turn brought
    /// nothing of its own) and returns every value now in order, first
    /// first.
    pub fn accept(&mut self, ticket: usize, value: Option<T>) -> Vec<T> {
        self.waiting.insert(ticket, value);
        let mut ready = Vec::new();
        while let Some(value) = self.waiting.remove(&self.next) {
            self.next += 1;
            ready.extend(value);
        }
        ready
    }

    /// The first ticket not in yet.
    pub fn next(&self) -> usize {
        self.next
    }

    /// What still waits when nothing more will come (a worker stopped
    /// early), in ticket order.
    pub fn rest(self) -> Vec<T> {
        self.waiting.into_values().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_out_in_ticket_order() {
        let mut order = Reorder::default();
        assert_eq!(order.accept(1, Some("b")), Vec::<&str>::new());
        assert_eq!(order.accept(2, None), Vec::<&str>::new());
        assert_eq!(order.accept(0, Some("a")), vec!["a", "b"]);
        assert_eq!(order.next(), 3);
        assert_eq!(order.accept(4, Some("e")), Vec::<&str>::new());
        assert_eq!(order.rest(), vec!["e"]);
    }

    #[test]
    fn loose_files_get_tickets_and_archives_none() {
        let queue = Queue::new(vec![
            PathBuf::from("export.zip"),
            PathBuf::from("a.fit"),
            PathBuf::from("b.gpx"),
        ]);
        assert_eq!(queue.take(), Some((PathBuf::from("export.zip"), None)));
        assert_eq!(queue.take(), Some((PathBuf::from("a.fit"), Some(0))));
        assert_eq!(queue.take(), Some((PathBuf::from("b.gpx"), Some(1))));
        assert_eq!(queue.take(), None);
    }

    #[test]
    fn workers_wait_for_the_writer_beyond_the_window() {
        let paths = (0..WINDOW + 2)
            .map(|i| PathBuf::from(format!("{i:03}.fit")))
            .collect();
        let queue = Queue::new(paths);
        for _ in 0..WINDOW {
            assert!(queue.take().is_some());
        }
        std::thread::scope(|scope| {
            let late = scope.spawn(|| queue.take());
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert!(!late.is_finished(), "took a ticket beyond the window");
            queue.advance(1);
            let taken = late.join().expect("the worker");
            assert_eq!(taken.and_then(|t| t.1), Some(WINDOW));
        });
        queue.abandon();
        assert_eq!(queue.take().and_then(|t| t.1), Some(WINDOW + 1));
    }
}

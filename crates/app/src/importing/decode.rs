//! The decoding side of an import: worker threads take files off a shared
//! queue, read and decode them (walking archives entry by entry), and send
//! each decoded activity (its samples already encoded for storage), or the
//! reason it failed, to the single writer, a loose file with its ticket
//! (see `order`). The channel is bounded, so memory holds a few activities
//! at a time whatever the size of the input.

use std::fs::File;
use std::io::{BufReader, Read};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::mpsc::SyncSender;

use backstride_formats::activity::{DecodeError, Decoded, decode, visit_archive};
use backstride_store::samples::Encoded;
use backstride_store::{ContentHash, MultisportLeg};

use super::order::Queue;

/// One activity file's outcome, ready for the writer.
pub struct Item {
    /// Where it came from: a path, or `archive.zip!/entry.fit`.
    pub source: String,
    /// What identifies the bytes: the same file twice is stored once.
    pub hash: ContentHash,
    /// The decoded activity, or why not.
    pub result: Result<Decoded, Refusal>,
    /// The activity's samples, encoded for storage here rather than by
    /// the single writer; `None` for a dry run or a failed file.
    pub samples: Option<Encoded>,
    /// The leg of a multisport recording this is (see [`Item::into_legs`]).
    pub multisport: Option<MultisportLeg>,
}

impl Item {
    /// One item an activity to store: a file with several activities (a
    /// multisport recording's legs, a TCX history) gives one item each, in
    /// time order. The first keeps the file's hash, source and problems;
    /// each further one is named `source [leg 2/5]` and gets a hash of its
    /// own derived from the file's, so that importing the file again finds
    /// every leg stored. Legs of a multisport recording are linked.
    pub fn into_legs(mut self) -> Vec<Item> {
        let Ok(decoded) = &mut self.result else {
            return vec![self];
        };
        if decoded.legs.is_empty() {
            return vec![self];
        }
        let legs = std::mem::take(&mut decoded.legs);
        let linked = decoded.multisport;
        let count = legs.len() + 1;
        let file = self.hash;
        let link = |leg: usize| {
            linked.then(|| MultisportLeg {
                file_sha256: file,
                leg: u32::try_from(leg).unwrap_or(u32::MAX),
            })
        };
        let (format, gzipped, mislabelled) = (decoded.format, decoded.gzipped, decoded.mislabelled);
        let title = decoded.title.clone();
        let source = self.source.clone();
        let mut items = Vec::with_capacity(count);
        self.multisport = link(0);
        self.source = format!("{source} [leg 1/{count}]");
        items.push(self);
        for (i, activity) in (1..).zip(legs) {
            let mut seed = file.as_bytes().to_vec();
            seed.extend_from_slice(format!("#leg {i}").as_bytes());
            items.push(Item {
                source: format!("{source} [leg {}/{count}]", i + 1),
                hash: ContentHash::of(&seed),
                result: Ok(Decoded {
                    activity,
                    legs: Vec::new(),
                    multisport: linked,
                    format,
                    gzipped,
                    title: title.clone(),
                    mislabelled,
                    problems: vec![format!(
                        "leg {} of {count} in {source}, whose problems are listed with leg 1",
                        i + 1
                    )],
                }),
                samples: None,
                multisport: link(i),
            });
        }
        items
    }
}

/// Why a file gave no activity: a failure, or a file that is fine but is
/// not an activity (settings, a planned route...), which is skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The reason, for the report.
    pub reason: String,
    /// Whether the file is simply not an activity (not a failure).
    pub not_an_activity: bool,
}

impl Refusal {
    /// A failure.
    pub fn failed(reason: String) -> Self {
        Refusal {
            reason,
            not_an_activity: false,
        }
    }

    /// The refusal for a decoding error.
    pub fn of(err: &DecodeError) -> Self {
        Refusal {
            reason: err.to_string(),
            not_an_activity: err.is_not_an_activity(),
        }
    }
}

/// What a worker does besides decoding.
#[derive(Debug, Clone, Copy)]
pub struct Work {
    /// Encode the samples for storage (not needed for a dry run).
    pub encode: bool,
}

/// What a worker sends.
pub enum Message {
    /// An activity file was read: a loose file, with its ticket, or an
    /// archive entry (`None`: stored as it comes).
    Item(Option<usize>, Box<Item>),
    /// The loose file with this ticket sent nothing with it: it was an
    /// archive after all, whose entries went as archive entries do.
    Done(usize),
}

fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = vec![0_u8; 4];
    let n = File::open(path)?.read(&mut head)?;
    head.truncate(n);
    Ok(head)
}

/// Sends an item (with its ticket, if it has one), encoding its samples
/// first when asked to. `false` when the writer has gone away.
fn send_item(tx: &SyncSender<Message>, work: Work, ticket: Option<usize>, mut item: Item) -> bool {
    if work.encode
        && let Ok(decoded) = &item.result
    {
        item.samples = Some(Encoded::new(&decoded.activity.samples));
    }
    tx.send(Message::Item(ticket, Box::new(item))).is_ok()
}

/// Decodes one input path (a loose file has a ticket) and sends what it
/// holds. Returns false when the writer has gone away (the import was
/// stopped).
fn process(path: &Path, ticket: Option<usize>, tx: &SyncSender<Message>, work: Work) -> bool {
    let source = path.display().to_string();
    let send = |item: Item| send_item(tx, work, ticket, item);
    // Unreadable files are never stored: any hash will do.
    let unreadable = |e: std::io::Error| Item {
        source: source.clone(),
        hash: ContentHash::of(source.as_bytes()),
        result: Err(Refusal::failed(format!("cannot read: {e}"))),
        samples: None,
        multisport: None,
    };
    // A zip is walked entry by entry, never read whole; anything else
    // (whatever its name) is one activity file, and decode names the problem.
    match read_head(path) {
        Err(e) => return send(unreadable(e)),
        Ok(head) if head.starts_with(b"PK\x03\x04") => {
            // Its entries go unordered; then its turn is over.
            return process_archive(path, &source, tx, work)
                && ticket.is_none_or(|t| tx.send(Message::Done(t)).is_ok());
        }
        Ok(_) => {}
    }
    let read = crate::limits::read(
        path,
        backstride_formats::activity::MAX_FILE_BYTES,
        "an activity file",
    );
    match read {
        Ok(bytes) => {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let result = decode(name, &bytes).map_err(|e| Refusal::of(&e));
            send(Item {
                source: source.clone(),
                hash: ContentHash::of(&bytes),
                result,
                samples: None,
                multisport: None,
            })
        }
        Err(crate::limits::ReadError::Io(e)) => send(unreadable(e)),
        // Too large, or a folder: never stored, any hash will do.
        Err(e) => send(Item {
            source: source.clone(),
            hash: ContentHash::of(source.as_bytes()),
            result: Err(Refusal::failed(e.to_string())),
            samples: None,
            multisport: None,
        }),
    }
}

fn process_archive(path: &Path, source: &str, tx: &SyncSender<Message>, work: Work) -> bool {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            let item = Item {
                source: source.to_owned(),
                hash: ContentHash::of(b""),
                result: Err(Refusal::failed(format!("cannot read: {e}"))),
                samples: None,
                multisport: None,
            };
            return send_item(tx, work, None, item);
        }
    };
    let mut alive = true;
    let walked = visit_archive(BufReader::new(file), |entry| {
        let item = Item {
            source: format!("{source}!/{}", entry.name),
            // Entries that could not be read are never stored: any hash will do.
            hash: entry.sha256.map_or_else(
                || ContentHash::of(entry.name.as_bytes()),
                ContentHash::from_bytes,
            ),
            result: entry.result.map_err(|e| Refusal::of(&e)),
            samples: None,
            multisport: None,
        };
        alive = send_item(tx, work, None, item);
        if alive {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    });
    match walked {
        Ok(stats) if stats.activities == 0 && alive => {
            let item = Item {
                source: source.to_owned(),
                hash: ContentHash::of(source.as_bytes()),
                result: Err(Refusal::failed(
                    "the archive holds no activity files".to_owned(),
                )),
                samples: None,
                multisport: None,
            };
            send_item(tx, work, None, item)
        }
        // Files beside the activities (an export's JSON summaries, CSV,
        // media): one line for them all, not a failure.
        Ok(stats) if stats.skipped > 0 && alive => {
            let n = stats.skipped;
            let item = Item {
                source: source.to_owned(),
                hash: ContentHash::of(source.as_bytes()),
                result: Err(Refusal {
                    reason: format!(
                        "{n} {} in the archive {} not activity files (JSON summaries, CSV, XML, media...): not imported",
                        if n == 1 { "file" } else { "files" },
                        if n == 1 { "is" } else { "are" },
                    ),
                    not_an_activity: true,
                }),
                samples: None,
                multisport: None,
            };
            send_item(tx, work, None, item)
        }
        Ok(_) => alive,
        Err(e) => {
            let item = Item {
                source: source.to_owned(),
                hash: ContentHash::of(b""),
                result: Err(Refusal::of(&e)),
                samples: None,
                multisport: None,
            };
            send_item(tx, work, None, item)
        }
    }
}

/// Runs a decode worker until the queue is empty or the writer stops.
pub fn worker(queue: &Queue, tx: SyncSender<Message>, work: Work) {
    let _abandon = AbandonOnPanic(queue);
    while let Some((path, ticket)) = queue.take() {
        if !process(&path, ticket, &tx, work) {
            return;
        }
    }
}

/// Tells the queue when a worker panics, so that the others do not wait
/// for the ticket it held.
struct AbandonOnPanic<'q>(&'q Queue);

impl Drop for AbandonOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.abandon();
        }
    }
}

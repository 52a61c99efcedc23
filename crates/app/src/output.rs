//! Standard output that never panics and never changes the exit code: a
//! reader that stops reading (`backstride history | head`) closes the
//! pipe, and what is left to print is dropped quietly, so the command ends
//! with its own status (3 stays 3 when a red flag stands). `print!` and
//! `println!` panic on a closed pipe (exit 101), so the app writes through
//! these functions instead. Files and the store are written before any
//! output, so a closed pipe costs nothing but the text.

use std::io::{ErrorKind, Write};

/// Writes `text` to standard output through `anstream`, which keeps
/// colours on a terminal and strips them elsewhere. A closed pipe is not an
/// error; other write errors are.
pub fn text(text: &str) -> std::io::Result<()> {
    quiet_on_closed_pipe(anstream::stdout().write_all(text.as_bytes()))
}

/// Writes `text` to standard output as it is (JSON, Markdown, HTML).
pub fn plain(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    quiet_on_closed_pipe(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// Success for a closed pipe: the reader has what it wanted.
pub fn quiet_on_closed_pipe(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

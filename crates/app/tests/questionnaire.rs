//! The interactive assessment driven through a real pseudo-terminal
//! (rexpect): an emergency "yes" shows its instruction at once and asks
//! nothing more, and stopping the safety questions (Ctrl-C, Esc) prints the
//! advice, saves nothing and fails.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use rexpect::process::WaitStatus;
use rexpect::session::{Options, PtySession, spawn_with_options};

fn backstride(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_backstride"));
    cmd.env("BACKSTRIDE_DATA_DIR", data)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    cmd
}

/// `backstride assess` on a pseudo-terminal.
fn interactive(data: &Path) -> PtySession {
    let mut cmd = backstride(data);
    cmd.arg("assess");
    let options = Options::new()
        .timeout_ms(Some(10_000))
        .strip_ansi_escape_codes(true);
    match spawn_with_options(cmd, options) {
        Ok(p) => p,
        Err(e) => panic!("cannot start on a pseudo-terminal: {e}"),
    }
}

/// Waits for the end of output and the exit code (killing the program if
/// it has not ended 20 s later, so a hang fails instead of blocking).
fn finish(p: &mut PtySession) -> (String, i32) {
    let rest = p.exp_eof().unwrap_or_default();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        match p.process().status() {
            Some(WaitStatus::Exited(_, code)) => return (rest, code),
            Some(WaitStatus::StillAlive) | None if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => {
                let _ = p.process_mut().exit();
                panic!("did not exit normally: {other:?}; output: {rest}");
            }
        }
    }
}

/// Answers the yes/no question on screen once its prompt is drawn.
fn answer(p: &mut PtySession, key: &str) {
    expect(p, "[y or n]");
    // Keys typed while the prompt is still switching the terminal to raw
    // mode can be lost, as they could be for a person typing ahead.
    std::thread::sleep(std::time::Duration::from_millis(300));
    p.send(key).expect("send");
    p.flush().expect("flush");
    std::thread::sleep(std::time::Duration::from_millis(200));
    p.send("\r").expect("send");
    p.flush().expect("flush");
}

fn expect(p: &mut PtySession, needle: &str) -> String {
    match p.exp_string(needle) {
        Ok(before) => before,
        Err(e) => panic!("`{needle}` never came: {e}"),
    }
}

/// A plain run without a terminal, for what is stored afterwards.
fn plain(data: &Path, args: &[&str]) -> (String, String, i32) {
    let out = backstride(data)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run backstride");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn an_emergency_yes_shows_the_instruction_and_asks_nothing_more() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let mut p = interactive(&data);
    expect(&mut p, "saddle");
    answer(&mut p, "y");
    expect(&mut p, "999/112/911");
    let (rest, code) = finish(&mut p);
    assert_eq!(code, 3, "{rest}");
    assert!(!rest.contains("Your age"), "kept asking: {rest}");
    assert!(!rest.contains("bladder"), "kept asking: {rest}");
}

#[test]
fn an_emergency_yes_is_saved_with_the_earlier_answers_and_stops_the_plan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let example = common::example("lower-back.toml");
    let example = example.to_string_lossy();
    let (_, err, code) = plain(&data, &["assess", "--answers", &example]);
    assert_eq!(code, 0, "{err}");
    let (_, _, code) = plain(&data, &["plan", "--weeks", "2"]);
    assert_eq!(code, 0, "the earlier answers give a plan");

    let mut p = interactive(&data);
    expect(&mut p, "saddle");
    answer(&mut p, "n");
    expect(&mut p, "bladder");
    answer(&mut p, "y");
    expect(&mut p, "999/112/911");
    let (rest, code) = finish(&mut p);
    assert_eq!(code, 3, "{rest}");
    assert!(!rest.contains("Your age"), "kept asking: {rest}");

    // Saved as an answers file would be: the next plan is stopped.
    let (out, err, code) = plain(&data, &["plan", "--weeks", "2"]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(out.contains("999/112/911"), "{out}");
}

#[test]
fn ctrl_c_during_the_safety_questions_gives_the_advice_and_saves_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let mut p = interactive(&data);
    expect(&mut p, "[y or n]");
    std::thread::sleep(std::time::Duration::from_millis(300));
    p.send_control('c').expect("send");
    let (rest, code) = finish(&mut p);
    assert_ne!(code, 0, "{rest}");
    assert_eq!(code, 2, "{rest}");
    assert!(rest.contains("nothing was saved"), "{rest}");
    assert!(rest.contains("999/112/911"), "{rest}");
    assert!(rest.contains("see a doctor today"), "{rest}");
    // Nothing half-answered was kept.
    let (_, err, code) = plain(&data, &["plan", "--weeks", "2"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no answers given"), "{err}");
}

#[test]
fn esc_during_the_safety_questions_gives_the_advice_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let mut p = interactive(&data);
    expect(&mut p, "saddle");
    answer(&mut p, "n");
    expect(&mut p, "bladder");
    expect(&mut p, "[y or n]");
    std::thread::sleep(std::time::Duration::from_millis(500));
    p.send("\x1b").expect("send");
    p.flush().expect("flush");
    let (rest, code) = finish(&mut p);
    assert_eq!(code, 2, "{rest}");
    assert!(rest.contains("nothing was saved"), "{rest}");
    assert!(rest.contains("999/112/911"), "{rest}");
}

#[test]
fn a_number_question_hints_what_to_type_instead_of_invalid_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let mut p = interactive(&data);
    // Every safety question answered no, up to the first number question.
    loop {
        match p.exp_regex(r"\[y or n\]|Your age\?") {
            Ok((_, m)) if m.contains("Your age") => break,
            Ok(_) => {
                std::thread::sleep(std::time::Duration::from_millis(300));
                p.send("n").expect("send");
                p.flush().expect("flush");
                std::thread::sleep(std::time::Duration::from_millis(200));
                p.send("\r").expect("send");
                p.flush().expect("flush");
            }
            Err(e) => panic!("the age question never came: {e}"),
        }
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    p.send("thirty\r").expect("send");
    p.flush().expect("flush");
    expect(&mut p, "type a whole number, like 3");
    let _ = p.send_control('c');
    let _ = finish(&mut p);
}

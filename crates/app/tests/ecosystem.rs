//! Habits of a well-kept command-line tool (issue 14, item 12): shell
//! completions and manual pages that name every subcommand, and a history
//! that reads as words ("lower back, after run 1").

mod common;

use std::fs;

use common::Run;

/// The subcommands `backstride --help` lists (without `help`).
fn subcommands() -> Vec<String> {
    let done = Run::new(&["--help"]).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let listed: Vec<String> = done
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|name| name != "help")
        .collect();
    for expected in ["assess", "plan", "import", "history", "completions", "man"] {
        assert!(
            listed.iter().any(|n| n == expected),
            "{expected} in {listed:?}"
        );
    }
    listed
}

#[test]
fn completions_name_every_subcommand_in_each_shell() {
    let names = subcommands();
    for (shell, marker) in [
        ("bash", "complete -F _backstride"),
        ("zsh", "#compdef backstride"),
        ("fish", "complete -c backstride"),
        ("elvish", "edit:completion:arg-completer[backstride]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let done = Run::new(&["completions", shell]).run();
        assert_eq!(done.code, 0, "{shell}: {}", done.stderr);
        assert!(done.stdout.contains(marker), "{shell}: {}", done.stdout);
        for name in &names {
            assert!(done.stdout.contains(name.as_str()), "{shell} misses {name}");
        }
        // Flags of a subcommand are completed too.
        assert!(done.stdout.contains("--ics"), "{shell} misses plan --ics");
    }
    let done = Run::new(&["completions", "tcsh"]).run();
    assert_eq!(done.code, 2, "an unknown shell is a usage error");
    assert!(done.stderr.contains("bash"), "{}", done.stderr);
}

#[test]
fn the_manual_page_names_every_subcommand_and_pages_are_written_for_each() {
    let names = subcommands();
    let done = Run::new(&["man"]).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(
        done.stdout.starts_with(".ie"),
        "roff: {}",
        &done.stdout[..80.min(done.stdout.len())]
    );
    assert!(done.stdout.contains(".TH backstride 1"), "{}", done.stdout);
    assert!(
        done.stdout.contains("not a medical device"),
        "{}",
        done.stdout
    );
    for name in &names {
        assert!(
            done.stdout
                .contains(&format!("backstride\\-{}", name.replace('-', "\\-")))
                || done.stdout.contains(&format!("\\fB{name}\\fR")),
            "the page names {name}"
        );
    }

    let run = Run::new(&["man", "--out-dir"]);
    let dir = run.path("man1");
    let done = run.arg(&dir).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(dir.join("backstride.1").is_file());
    for name in &names {
        let page = dir.join(format!("backstride-{name}.1"));
        let text = fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        assert!(text.contains(".TH"), "{}", page.display());
    }
    assert!(
        dir.join("backstride-log-pain.1").is_file(),
        "nested subcommands too"
    );
}

/// A short GPX run on 1 March 2026.
fn gpx_run() -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"test\" \
         xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><type>running</type><trkseg>\n",
    );
    for i in 0..120u32 {
        s.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"-0.1\"><time>2026-03-01T07:{:02}:{:02}Z</time></trkpt>\n",
            51.5 + f64::from(i) * 0.00003,
            i / 60,
            i % 60
        ));
    }
    s.push_str("</trkseg></trk></gpx>\n");
    s
}

#[test]
fn history_says_pain_in_words() {
    let run = Run::new(&["import"]);
    let file = run.path("run.gpx");
    fs::write(&file, gpx_run()).expect("write");
    let imported = run.arg(&file).run();
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let mut dir = imported.dir;
    for args in [
        vec![
            "log",
            "pain",
            "--region",
            "lower-back",
            "--nrs",
            "3",
            "--when",
            "after",
            "--activity",
            "1",
            "--at",
            "2026-03-01T09:00",
        ],
        vec![
            "log",
            "pain",
            "--region",
            "upper-back",
            "--nrs",
            "2",
            "--when",
            "next-morning",
            "--at",
            "2026-03-02T07:00",
        ],
    ] {
        let done = args
            .iter()
            .fold(Run::new(&[]).in_dir(dir), |r, a| r.arg(a))
            .run();
        assert_eq!(done.code, 0, "{}", done.stderr);
        dir = done.dir;
    }
    let history = Run::new(&["history"]).in_dir(dir).run();
    assert_eq!(history.code, 0, "{}", history.stderr);
    let out = &history.stdout;
    assert!(out.contains("pain 3/10, lower back, after run 1"), "{out}");
    assert!(
        out.contains("pain 2/10, upper back, the morning after a run"),
        "{out}"
    );
    assert!(
        !out.contains("lower_back") && !out.contains("after activity"),
        "{out}"
    );
}

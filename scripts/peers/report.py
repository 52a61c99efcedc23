"""Print the side-by-side table of scripts/compare-parsers.sh.

Reads the JSON written by parse-timing (Rust) and parse_peers.py (Python),
and optionally the import hook's figures, and prints per-format totals,
files/s and the ratio Python seconds / Rust seconds for the same files.

Usage: report.py RUST_JSON PYTHON_JSON [--import IMPORT_JSON] [--target 30]
"""

import argparse
import json
import os
import platform


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def rate(files, seconds):
    return files / seconds if seconds > 0 else float("inf")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rust")
    ap.add_argument("python", nargs="?")
    ap.add_argument("--import", dest="import_json")
    ap.add_argument("--target", type=float, default=30.0)
    args = ap.parse_args()
    with open(args.rust) as f:
        rust = json.load(f)
    py = None
    if args.python and os.path.exists(args.python):
        with open(args.python) as f:
            py = json.load(f)

    rf = rust["formats"]
    files = sum(b["files"] for b in rf.values())
    samples = sum(b["samples"] for b in rf.values())
    mb = rust["bytes_on_disk"] / 1e6
    print()
    print(f"Corpus: {files} activities ("
          + ", ".join(f"{k} {v['files']}" for k, v in sorted(rf.items()))
          + f"), {mb:.0f} MB on disk, {samples / 1e6:.2f} M samples")
    print(f"Machine: {cpu_model()}, {os.cpu_count()} logical CPUs; both sides single-threaded, "
          "same files, same run")
    print()
    head = (f"{'format':<6} {'files':>6} {'samples':>10} | {'Rust s':>8} {'files/s':>8} | "
            f"{'Python peer':<18} {'s':>8} {'files/s':>8} | {'ratio':>7}  {'same samples':<12}")
    print(head)
    print("-" * len(head))
    rust_total = py_total = 0.0
    rust_files = py_files = 0
    verdicts = []
    for kind in sorted(rf):
        r = rf[kind]
        rust_total += r["seconds"]
        rust_files += r["files"]
        line = (f"{kind:<6} {r['files']:>6} {r['samples']:>10} | {r['seconds']:>8.2f} "
                f"{rate(r['files'], r['seconds']):>8.1f} | ")
        p = (py or {}).get("formats", {}).get(kind)
        if p:
            peer = py.get("peers", {}).get(kind, "?")
            ratio = p["seconds"] / r["seconds"] if r["seconds"] > 0 else float("inf")
            same = "yes" if (p["samples"] == r["samples"] and p["files"] == r["files"]) else \
                f"NO ({p['files']} files, {p['samples']})"
            py_total += p["seconds"]
            py_files += p["files"]
            line += (f"{peer:<18} {p['seconds']:>8.2f} {rate(p['files'], p['seconds']):>8.1f} | "
                     f"{ratio:>6.1f}x  {same:<12}")
            verdicts.append((kind, ratio))
        else:
            line += f"{'(not run)':<18} {'':>8} {'':>8} | {'':>7}"
        print(line)
    print("-" * len(head))
    line = (f"{'all':<6} {rust_files:>6} {samples:>10} | {rust_total:>8.2f} "
            f"{rate(rust_files, rust_total):>8.1f} | ")
    if py_files:
        line += (f"{'Python, all peers':<18} {py_total:>8.2f} {rate(py_files, py_total):>8.1f} | "
                 f"{py_total / rust_total:>6.1f}x")
    print(line)
    print()
    print(f"Rust wall clock for the whole corpus (walk, read, unzip, gunzip, decode): "
          f"{rust['wall_seconds']:.2f} s = {rate(files, rust['wall_seconds']):.0f} files/s, "
          f"{mb / rust['wall_seconds']:.0f} MB/s on disk")
    if py:
        print(f"Python wall clock: {py['wall_seconds']:.2f} s = "
              f"{rate(py_files, py['wall_seconds']):.1f} files/s")
    if rust.get("failures") or (py and py.get("failures")):
        print(f"Failures: Rust {rust.get('failures', 0)}, Python {py.get('failures', 0) if py else '-'}"
              " (see the log above)")
    if verdicts:
        met = [k for k, x in verdicts if x >= args.target]
        missed = [f"{k} {x:.1f}x" for k, x in verdicts if x < args.target]
        print(f"Target >= {args.target:.0f}x faster than the Python peer: "
              + (f"met for {', '.join(met)}" if met else "met for none")
              + (f"; NOT met for {', '.join(missed)}" if missed else ""))
    print()
    print("What each side does per file: read it (from disk or out of the zip), gunzip if needed,")
    print("parse. Rust (backstride_formats::activity::decode / visit_archive) also builds the")
    print("domain Activity: samples, laps, distance (haversine for GPX), moving time, ascent,")
    print("HR and cadence summaries. Python: fitdecode keeps record fields and session distance;")
    print("gpxpy keeps points plus hr/cad from the Garmin extension (no distance computed);")
    print("tcxreader builds its trackpoints, laps and min/max/avg stats.")

    if args.import_json and os.path.exists(args.import_json):
        with open(args.import_json) as f:
            imp = json.load(f)
        print()
        if imp.get("ran"):
            print(f"Full import (backstride import, SQLite): {imp['seconds']:.2f} s "
                  f"(target < 10 s), peak RSS {imp['peak_rss_mb']:.0f} MB (target < 300 MB), "
                  f"exit code {imp['exit_code']}")
        else:
            print(f"Full import: skipped ({imp.get('reason', 'not available')})")


if __name__ == "__main__":
    main()

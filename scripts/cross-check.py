"""Compares what Backstride stores for each activity file with independent
readers: fitdecode (FIT), gpxpy (GPX) and tcxreader (TCX).

Usage: cross-check.py TOTALS.tsv FILE...   (TOTALS.tsv from `activity-totals`)

Prints a Markdown table of every quantity that differs by more than 0.1 %
(or 1 s / 1 m), and a line for each file where the outcome differs (one
reader fails where the other reads). Exit status 0: the table is for people
to read and explain; nothing here fails a build.
"""

import math
import sys
import warnings
from collections import defaultdict

warnings.simplefilter("ignore")


def ours(tsv):
    rows = defaultdict(list)
    with open(tsv, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            path, leg, outcome = cols[0], int(cols[1]), cols[2]
            if outcome == "ok":
                rows[path].append({
                    "leg": leg, "sport": cols[3], "start": cols[4][:19].replace("T", " "),
                    "elapsed": float(cols[5]), "moving": float(cols[6]),
                    "distance": float(cols[7]), "samples": int(cols[8]),
                })
            else:
                rows[path].append({"leg": leg, "outcome": outcome, "reason": cols[9]})
    return rows


def fit_theirs(path):
    import fitdecode
    sessions, laps, records, file_type = [], [], 0, None
    with fitdecode.FitReader(path, check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            get = lambda k: frame.get_value(k, fallback=None)
            if frame.name == "file_id":
                file_type = get("type")
            elif frame.name == "session":
                sessions.append({"sport": (str(get("sport")), str(get("sub_sport"))),
                                 "start": get("start_time"),
                                 "elapsed": get("total_elapsed_time"),
                                 "moving": get("total_moving_time") or get("total_timer_time"),
                                 "distance": get("total_distance")})
            elif frame.name == "lap":
                laps.append({"elapsed": get("total_elapsed_time"), "distance": get("total_distance")})
            elif frame.name == "record":
                records += 1
    if file_type not in (None, "activity"):
        return {"skipped": f"file type {file_type}"}
    legs = []
    for s in sorted(sessions, key=lambda s: str(s["start"])):
        if legs and legs[-1]["sport"] == s["sport"]:
            for k in ("elapsed", "moving", "distance"):
                legs[-1][k] = (legs[-1][k] or 0) + (s[k] or 0)
        else:
            legs.append(dict(s))
    for leg in legs:
        if hasattr(leg["start"], "strftime"):
            leg["start"] = leg["start"].strftime("%Y-%m-%d %H:%M:%S")
    if len(legs) == 1:
        legs[0]["samples"] = records
    return {"legs": legs}


def gpx_theirs(path):
    import gpxpy
    with open(path, encoding="utf-8") as f:
        g = gpxpy.parse(f)
    points = [p for t in g.tracks for s in t.segments for p in s.points]
    timed = [p for p in points if p.time]
    if not timed:
        return {"skipped": "no timed points"}
    bounds = g.get_time_bounds()
    return {"legs": [{
        "start": bounds.start_time.strftime("%Y-%m-%d %H:%M:%S"),
        "elapsed": g.get_duration(),
        "moving": g.get_moving_data().moving_time,
        "distance": g.length_2d(),
        "samples": len(timed),
    }]}


def tcx_theirs(path):
    from tcxreader.tcxreader import TCXReader
    e = TCXReader().read(path)
    return {"legs": [{
        "start": e.start_time.strftime("%Y-%m-%d %H:%M:%S"),
        "elapsed": e.duration,
        "moving": None,
        "distance": e.distance,
        "samples": len(e.trackpoints),
    }]}


def theirs(path):
    lower = path.lower()
    try:
        if lower.endswith(".fit"):
            return "fitdecode", fit_theirs(path)
        if lower.endswith(".gpx"):
            return "gpxpy", gpx_theirs(path)
        if lower.endswith(".tcx"):
            return "tcxreader", tcx_theirs(path)
    except Exception as err:  # a reader's refusal is an outcome too
        return reader_name(lower), {"error": f"{type(err).__name__}: {err}"[:120]}
    return None, None


def reader_name(lower):
    return {"fit": "fitdecode", "gpx": "gpxpy", "tcx": "tcxreader"}[lower.rsplit(".", 1)[-1]]


def differs(a, b, unit_floor):
    if a is None or b is None:
        return False
    if isinstance(a, str) or isinstance(b, str):
        return a != b
    return abs(a - b) > max(unit_floor, 0.001 * max(abs(a), abs(b)))


def main():
    mine = ours(sys.argv[1])
    print("| file | leg | quantity | Backstride | reader | independent | diff |")
    print("|---|---|---|---|---|---|---|")
    same = 0
    for path in sys.argv[2:]:
        name = path.rsplit("/", 1)[-1]
        reader, result = theirs(path)
        if reader is None:
            continue
        rows = mine.get(path, [])
        ok_rows = [r for r in rows if "outcome" not in r]
        if "error" in result or "skipped" in result:
            what = result.get("error") or "skipped: " + result["skipped"]
            our = "; ".join(r.get("reason") or f"{len(ok_rows)} activit(ies)" for r in rows[:1])
            status = rows[0].get("outcome", "ok") if rows else "?"
            if status == "skipped" and "skipped" in result:
                same += 1
                continue
            print(f"| {name} | - | outcome | {status}: {our[:90]} | {reader} | {what[:90]} | |")
            continue
        if not ok_rows:
            print(f"| {name} | - | outcome | {rows[0].get('outcome')}: {rows[0].get('reason', '')[:90]} | {reader} | reads it | |")
            continue
        legs = result["legs"]
        if len(legs) != len(ok_rows):
            print(f"| {name} | - | legs | {len(ok_rows)} | {reader} | {len(legs)} | |")
        for r, t in zip(ok_rows, legs):
            for key, floor in (("start", 0), ("elapsed", 1.0), ("moving", 1.0), ("distance", 1.0), ("samples", 0)):
                a, b = r[key], t.get(key)
                if differs(a, b, floor):
                    pct = "" if isinstance(a, str) else f"{100 * (a - b) / b:+.2f} %" if b else ""
                    print(f"| {name} | {r['leg']} | {key} | {a if isinstance(a, str) else round(a, 2)} | {reader} | {b if isinstance(b, str) else round(b, 2)} | {pct} |")
                else:
                    same += 1
    print(f"\n{same} quantities agree within 0.1 % (or 1 s / 1 m).")


if __name__ == "__main__":
    main()

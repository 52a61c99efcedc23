"""Parse a Backstride benchmark corpus with Python's usual libraries.

The Python side of scripts/compare-parsers.sh: walks the corpus exactly as
parse-timing does (sorted paths; loose .fit/.gpx/.tcx, optionally .gz; every
.zip entry by entry) and parses each activity with the established peer:

- FIT: fitdecode (FitReader over the bytes, CRC checked as by default), keeping
  per record: timestamp, position (degrees), altitude, heart rate, cadence,
  distance, speed; the session's total distance.
- GPX: gpxpy.parse, keeping per point: lat, lon, elevation, time, and heart
  rate and cadence from Garmin's TrackPointExtension.
- TCX: tcxreader's TCXReader().read (which builds trackpoints with position,
  altitude, distance, HR, cadence and TPX extensions, and computes lap and
  exercise min/max/avg stats itself).

Timed per file: reading it (from disk or out of the zip), gunzip where
.gz, and parsing. Writes one JSON document in the schema parse-timing uses.

Usage: parse_peers.py CORPUS --json OUT [--formats fit,gpx,tcx]
"""

import argparse
import gzip
import io
import json
import os
import sys
import time
import zipfile

import fitdecode
import gpxpy
from tcxreader.tcxreader import TCXReader

SEMICIRCLE = 180.0 / 2**31


def kind_of(name):
    """FIT, GPX, TCX or None, from a file name (a trailing .gz ignored)."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    for ext, kind in ((".fit", "FIT"), (".gpx", "GPX"), (".tcx", "TCX")):
        if lower.endswith(ext):
            return kind
    return None


def parse_fit(data):
    """(samples, distance_m) of a FIT file, with fitdecode."""
    samples = []
    distance = 0.0
    with fitdecode.FitReader(io.BytesIO(data)) as fit:
        for frame in fit:
            if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                continue
            if frame.name == "record":
                lat = frame.get_value("position_lat", fallback=None)
                lon = frame.get_value("position_long", fallback=None)
                samples.append(
                    (
                        frame.get_value("timestamp", fallback=None),
                        lat * SEMICIRCLE if lat is not None else None,
                        lon * SEMICIRCLE if lon is not None else None,
                        frame.get_value("enhanced_altitude", fallback=None)
                        or frame.get_value("altitude", fallback=None),
                        frame.get_value("heart_rate", fallback=None),
                        frame.get_value("cadence", fallback=None),
                        frame.get_value("distance", fallback=None),
                        frame.get_value("enhanced_speed", fallback=None)
                        or frame.get_value("speed", fallback=None),
                    )
                )
            elif frame.name == "session":
                distance += frame.get_value("total_distance", fallback=0.0) or 0.0
    return len(samples), distance


def parse_gpx(data):
    """(samples, distance_m) of a GPX file, with gpxpy (distance not computed)."""
    gpx = gpxpy.parse(data.decode("utf-8"))
    samples = []
    for track in gpx.tracks:
        for segment in track.segments:
            for p in segment.points:
                hr = cad = None
                for ext in p.extensions:
                    for child in ext:
                        tag = child.tag.rsplit("}", 1)[-1]
                        if tag == "hr":
                            hr = int(child.text)
                        elif tag == "cad":
                            cad = int(child.text)
                samples.append((p.time, p.latitude, p.longitude, p.elevation, hr, cad))
    return len(samples), 0.0


def parse_tcx(data):
    """(samples, distance_m) of a TCX file, with tcxreader."""
    exercise = TCXReader().read(io.BytesIO(data), only_gps=False)
    return len(exercise.trackpoints), float(exercise.distance or 0.0)


PARSERS = {"FIT": parse_fit, "GPX": parse_gpx, "TCX": parse_tcx}


class Totals:
    def __init__(self):
        self.formats = {}
        self.failures = []
        self.bytes_on_disk = 0

    def add(self, kind, name, load, in_zip):
        """Times load() (which returns the file's bytes) plus the parse."""
        bucket = self.formats.setdefault(
            kind,
            {"files": 0, "gzipped": 0, "in_zip": 0, "failed": 0,
             "samples": 0, "distance_m": 0.0, "seconds": 0.0},
        )
        t0 = time.perf_counter()
        try:
            data = load()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
                bucket["gzipped"] += 1
            samples, distance = PARSERS[kind](data)
            bucket["samples"] += samples
            bucket["distance_m"] += distance
        except Exception as err:  # a peer's failure is reported, not fatal
            bucket["failed"] += 1
            self.failures.append(f"{name}: {type(err).__name__}: {err}")
        bucket["seconds"] += time.perf_counter() - t0
        bucket["files"] += 1
        bucket["in_zip"] += int(in_zip)


def walk(corpus):
    out = []
    for root, _dirs, files in os.walk(corpus):
        out.extend(os.path.join(root, f) for f in files)
    return sorted(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--json", required=True)
    ap.add_argument("--formats", default="fit,gpx,tcx",
                    help="comma-separated subset of fit,gpx,tcx to parse")
    args = ap.parse_args()
    wanted = {f.strip().upper() for f in args.formats.split(",") if f.strip()}

    totals = Totals()
    started = time.perf_counter()
    for path in walk(args.corpus):
        if path.lower().endswith(".zip"):
            totals.bytes_on_disk += os.path.getsize(path)
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    kind = kind_of(info.filename)
                    if kind in wanted and not info.is_dir():
                        totals.add(kind, f"{path}!/{info.filename}",
                                   lambda i=info: zf.read(i), True)
            continue
        kind = kind_of(path)
        if kind not in wanted:
            continue
        totals.bytes_on_disk += os.path.getsize(path)

        def load(p=path):
            with open(p, "rb") as f:
                return f.read()

        totals.add(kind, path, load, False)
    wall = time.perf_counter() - started

    versions = {
        "FIT": "fitdecode " + getattr(fitdecode, "__version__", "?"),
        "GPX": "gpxpy " + getattr(gpxpy, "__version__", "?"),
        "TCX": "tcxreader",
    }
    try:
        from importlib.metadata import version
        versions["TCX"] = "tcxreader " + version("tcxreader")
    except Exception:
        pass
    doc = {
        "tool": f"Python {sys.version.split()[0]}",
        "peers": versions,
        "wall_seconds": wall,
        "bytes_on_disk": totals.bytes_on_disk,
        "failures": len(totals.failures),
        "formats": totals.formats,
    }
    with open(args.json, "w") as f:
        json.dump(doc, f, indent=1)
    for kind, b in sorted(totals.formats.items()):
        print(f"{kind} ({versions[kind]}): {b['files']} files, {b['samples']} samples, "
              f"{b['seconds']:.3f} s, {b['failed']} failed")
    for failure in totals.failures[:20]:
        print("failed:", failure, file=sys.stderr)


if __name__ == "__main__":
    main()

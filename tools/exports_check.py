#!/usr/bin/env python3
"""The exports as a researcher loads them (CTest `exports_python`).

Runs `crosscheck analyze --format csv|csv-values|gkg|ucdp` on the seeds
(examples/border-clash) and on reports written to break CSV (commas, quotes,
line breaks, HTML, formulas, an escape sequence), and reads each with
Python's csv module and, when it is installed, pandas. Checks the column
names README lists, the killed conflict of the seeds as two csv-values rows
(58 and 23, with reports and independent lineages as the JSON has them), and
that every claim's text read back from the CSV is the JSON's text.

Without pandas the pandas part is skipped with a message (the csv module
part always runs). Exit 0 on success, 1 on a failed check.
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

CSV_COLUMNS = ["id", "doc", "story", "type", "value", "low", "high", "qualifier", "vague", "unit", "subject",
               "subject_side", "category", "source", "source_kind", "source_side", "modality", "unverified",
               "in_headline", "additive", "when", "where", "separate_event", "span_begin", "span_end", "text",
               "sentence_begin", "sentence_end", "sentence"]
VALUES_COLUMNS = ["story", "type", "subject_side", "unit", "subject", "status", "conflict_kind", "value", "low",
                  "high", "qualifier", "reported", "superseded", "reports", "independent", "original_sources",
                  "modalities", "derived_from", "claims", "docs", "estimate_low", "estimate_best", "estimate_high",
                  "estimate_high_open"]
GKG_COLUMNS = ["GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME",
               "V2DOCUMENTIDENTIFIER", "V1COUNTS", "V2.1COUNTS"]
UCDP_COLUMNS = ["story", "side_a", "side_b", "side_other", "deaths_a", "deaths_b", "deaths_other",
                "deaths_civilians", "deaths_unknown", "best", "low", "high", "high_open", "status_a", "status_b",
                "status_unknown", "conflict", "number_of_sources", "source_article"]

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)


def run(binary, fmt, paths):
    out = subprocess.run([binary, "analyze", "-q", "--format", fmt] + paths, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, check=False)
    check(out.returncode == 0, f"--format {fmt} exit {out.returncode}: {out.stderr.decode(errors='replace')}")
    return out.stdout


def read_csv(data):
    """Rows of an RFC 4180 export as dicts (the csv module, its default dialect)."""
    text = data.decode("utf-8")  # the exports are UTF-8: this fails otherwise
    check(text.endswith("\r\n"), "CSV rows end in CRLF")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_gkg(data):
    """Rows of the GKG export: tab-separated without quoting, as GDELT's files."""
    text = data.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE))


def guarded(s):
    """What a CSV text field holds for text s: a leading formula character gets a '."""
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def printable(s):
    """Control characters other than TAB, CR and LF become U+FFFD, as the exports write them."""
    return "".join("\ufffd" if (ord(c) < 0x20 and c not in "\t\r\n") or 0x7F <= ord(c) <= 0x9F else c for c in s)


def check_seeds(binary, seeds):
    data = {fmt: run(binary, fmt, [seeds]) for fmt in ("json", "csv", "csv-values", "gkg", "ucdp")}
    report = json.loads(data["json"])

    claims = read_csv(data["csv"])
    check(list(claims[0].keys()) == CSV_COLUMNS, f"csv columns: {list(claims[0].keys())}")
    check(len(claims) == len(report["claims"]), f"csv has {len(claims)} rows for {len(report['claims'])} claims")
    for row, claim in zip(claims, report["claims"]):
        check(row["id"] == claim["id"] and row["text"] == claim["text"] and row["sentence"] == claim["sentence"],
              f"csv row {row['id']} is the JSON's claim")
        check(int(row["span_begin"]) == claim["span"][0] and int(row["span_end"]) == claim["span"][1],
              f"csv row {row['id']} span")

    values = read_csv(data["csv-values"])
    check(list(values[0].keys()) == VALUES_COLUMNS, f"csv-values columns: {list(values[0].keys())}")
    killed = [r for r in values if r["type"] == "killed" and r["subject_side"] == "Pakistan"]
    slot = next(s for s in report["stories"][0]["slots"] if s["type"] == "killed" and s["subject_side"] == "Pakistan")
    check([r["value"] for r in killed] == ["58", "23"], f"killed/Pakistan values {[r['value'] for r in killed]}")
    for row, value in zip(killed, slot["values"]):
        check(row["status"] == slot["status"] == "conflict", "killed/Pakistan is a conflict")
        check(int(row["reports"]) == value["reports"] and int(row["independent"]) == value["independent"],
              f"value {row['value']}: reports {row['reports']}, independent {row['independent']} as in the JSON")
    check([(r["reports"], r["independent"]) for r in killed] == [("5", "1"), ("1", "1")],
          "58: 5 reports, 1 independent; 23: 1 report, 1 independent")

    gkg = read_gkg(data["gkg"])
    check(list(gkg[0].keys()) == GKG_COLUMNS, f"gkg columns: {list(gkg[0].keys())}")
    check(len(gkg) == len(report["documents"]), "gkg: one row per document")
    first = gkg[0]["V2.1COUNTS"].split(";")[0].split("#")
    check(len(first) == 11 and first[:3] == ["KILL", "58", "Pakistani soldiers"] and first[10] == "69",
          f"gkg first count {first}")

    ucdp = read_csv(data["ucdp"])
    check(list(ucdp[0].keys()) == UCDP_COLUMNS, f"ucdp columns: {list(ucdp[0].keys())}")
    row = ucdp[0]
    check((row["side_a"], row["deaths_a"], row["side_b"], row["deaths_b"]) == ("Pakistan", "23", "Afghanistan", "9"),
          f"ucdp sides {row}")
    check((row["best"], row["low"], row["high"], row["conflict"]) == ("32", "32", "67", "true"), f"ucdp totals {row}")
    return data


HOSTILE = [
    {"id": "=cmd|' /C calc'!A0", "outlet": "@Outlet, \"Inc\"", "url": "https://www.example.com/a,b",
     "published": "2026-03-01T14:30:00+05:00",
     "text": "Clash <img src=x onerror=alert(1)> At The Post\n\n"
             "Police said 8 soldiers were killed, \"officials\" said, in the attack.\n"
             "=HYPERLINK(\"http://evil\") The army said 5 soldiers\u001b were killed in Kabul\u001b[2J.\n"
             "-5 Officials said 3 soldiers were wounded;#, and 2 more soldiers were killed.\n"},
    {"id": "b\tc", "text": "+Rebels said 12 fighters were killed on Sunday, \"all\tof them\", @once.\n"},
]


def check_hostile(binary, tmp):
    path = os.path.join(tmp, "hostile.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for record in HOSTILE:
            f.write(json.dumps(record) + "\n")
    report = json.loads(run(binary, "json", [path]))
    claims = read_csv(run(binary, "csv", [path]))
    check(len(report["claims"]) == 5, f"hostile reports give claims ({len(report['claims'])})")
    check(len(claims) == len(report["claims"]), "hostile csv: one row per claim")
    for row, claim in zip(claims, report["claims"]):
        for key in ("doc", "text", "sentence", "subject", "source"):
            want = guarded(printable(claim[key] or ""))
            check(row[key] == want, f"hostile csv {claim['id']} {key}: {row[key]!r} != {want!r}")
    for fmt in ("csv-values", "ucdp"):
        rows = read_csv(run(binary, fmt, [path]))
        check(len(rows) >= 1 and all(None not in r for r in rows), f"hostile {fmt} rows have their columns")
    gkg = read_gkg(run(binary, "gkg", [path]))
    check(len(gkg) == 2 and all(None not in r for r in gkg), "hostile gkg: two rows of seven columns")
    check(gkg[0]["GKGRECORDID"] == "'=cmd|' /C calc'!A0" and gkg[0]["V2.1DATE"] == "20260301093000",
          f"hostile gkg row {gkg[0]}")
    for row in gkg:
        for count in filter(None, row["V2.1COUNTS"].split(";")):
            check(len(count.split("#")) == 11, f"gkg count has 11 fields: {count!r}")
    return path


def check_pandas(binary, seeds, data, hostile):
    try:
        import pandas as pd
    except ImportError:
        print("pandas is not installed: skipping the pandas part (apt-get install python3-pandas)")
        return
    values = pd.read_csv(io.BytesIO(data["csv-values"]))
    check(list(values.columns) == VALUES_COLUMNS, "pandas csv-values columns")
    killed = values[(values["type"] == "killed") & (values["subject_side"] == "Pakistan")]
    check(killed["value"].tolist() == [58, 23], f"pandas killed values {killed['value'].tolist()}")
    check(killed["reports"].tolist() == [5, 1] and killed["independent"].tolist() == [1, 1],
          "pandas killed reports and independent")
    claims = pd.read_csv(io.BytesIO(data["csv"]))
    check(len(claims) == len(json.loads(data["json"])["claims"]) and list(claims.columns) == CSV_COLUMNS,
          "pandas csv shape")
    ucdp = pd.read_csv(io.BytesIO(data["ucdp"]))
    check(ucdp.loc[0, "deaths_a"] == 23 and ucdp.loc[0, "best"] == 32 and bool(ucdp.loc[0, "conflict"]),
          "pandas ucdp row")
    gkg = pd.read_csv(io.BytesIO(data["gkg"]), sep="\t", quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False)
    check(list(gkg.columns) == GKG_COLUMNS and len(gkg) == 5, "pandas gkg shape")
    hostile_claims = pd.read_csv(io.BytesIO(run(binary, "csv", [hostile])), dtype=str, keep_default_na=False)
    report = json.loads(run(binary, "json", [hostile]))
    check(hostile_claims["text"].tolist() == [guarded(printable(c["text"])) for c in report["claims"]],
          "pandas reads the hostile claims' texts back")
    print(f"pandas {pd.__version__}: the exports load")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the crosscheck executable")
    parser.add_argument("--seeds", required=True, help="examples/border-clash")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = check_seeds(args.binary, args.seeds)
        hostile = check_hostile(args.binary, tmp)
        check_pandas(args.binary, args.seeds, data, hostile)
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    print("exports: csv, csv-values, gkg and ucdp read back with the csv module")
    return 0


if __name__ == "__main__":
    sys.exit(main())

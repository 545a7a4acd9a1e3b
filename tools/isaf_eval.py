#!/usr/bin/env python3
"""ISAF press releases: crosscheck's per-release killed/detained minimums against the gold.

Runs `crosscheck analyze --group none --format json` on
../shared/data/isaf-press-releases-killcapture/test.jsonl (724 real releases) and counts a
release as right when the story's totals.killed.low equals gold min_killed AND
totals.detained.low equals gold min_captured (a missing total is 0).
Exits 77 (CTest skip) when the data is absent; 1 when accuracy is below --min-accuracy.
"""
import argparse, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data", "isaf-press-releases-killcapture", "test.jsonl")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--binary", required=True, help="path to the crosscheck binary")
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--min-accuracy", type=float, default=0.0)
    ap.add_argument("--show-errors", type=int, default=0, help="print N mismatching releases")
    args = ap.parse_args()
    if not os.path.exists(args.data):
        print(f"SKIP: ISAF data not found at {args.data} (it lives in ../shared, outside the repo)")
        return 77
    rows = [json.loads(l) for l in open(args.data, encoding="utf-8") if l.strip()]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for i, r in enumerate(rows):
            f.write(json.dumps({"id": f"r{i}", "text": r["text"]}) + "\n")
        path = f.name
    try:
        out = subprocess.run([args.binary, "analyze", "--group", "none", "--format", "json", "--compact", path],
                             capture_output=True, text=True, check=False)
    finally:
        os.unlink(path)
    if out.returncode not in (0, 1):
        print(out.stderr, file=sys.stderr)
        return 1
    result = json.loads(out.stdout)
    story_of = {s["docs"][0]: s for s in result["stories"]}
    ok = ok_killed = ok_detained = 0
    errors = []
    for i, r in enumerate(rows):
        totals = story_of.get(f"r{i}", {}).get("totals", {})
        killed = totals.get("killed", {}).get("low", 0)
        detained = totals.get("detained", {}).get("low", 0)
        gk, gc = r["gold"]["min_killed"], r["gold"]["min_captured"]
        ok_killed += killed == gk
        ok_detained += detained == gc
        if killed == gk and detained == gc:
            ok += 1
        else:
            errors.append((i, killed, gk, detained, gc))
    n = len(rows)
    print(f"releases: {n}")
    print(f"killed.low == min_killed:     {ok_killed}/{n} = {ok_killed / n:.3f}")
    print(f"detained.low == min_captured: {ok_detained}/{n} = {ok_detained / n:.3f}")
    print(f"both right:                   {ok}/{n} = {ok / n:.3f}")
    for i, k, gk, d, gc in errors[: args.show_errors]:
        print(f"--- r{i}: killed {k} (gold {gk}), detained {d} (gold {gc})\n{rows[i]['text'][:1200]}\n")
    worst = min(ok_killed, ok_detained) / n
    if worst < args.min_accuracy:
        print(f"FAIL: accuracy {worst:.3f} below {args.min_accuracy}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

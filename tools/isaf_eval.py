#!/usr/bin/env python3
"""ISAF press releases: crosscheck's per-release killed/detained minimums against the gold.

Runs `crosscheck analyze --group none --format json` on
../shared/data/isaf-press-releases-killcapture/test.jsonl (724 real releases) and counts a
release as right when the story's totals.killed.low equals gold min_killed AND
totals.detained.low equals gold min_captured (a missing total is 0).
--folds K scores a K-fold cross-validation of the counts model (extract/counts.h), which
is trained on these releases too: for each fold, count_train (--train-binary) trains on
gva-dev and the other folds' releases, and crosscheck reads the held-out releases with
that model (--counts-model). Without --folds the compiled-in model is scored, which saw
every release: figures on training data, for regressions only.
The releases are also scored in two halves by the FNV-1a hash of "r<row>" (counts_eval.fold_of,
2 folds): the dev half (even hash) is the one whose errors are examined when tuning the rules
(--show-errors prints only its releases unless --errors-from all), the test half is only scored,
so its figure is the held-out one.
Exits 77 (CTest skip) when the data is absent; 1 when accuracy is below --min-accuracy or both
right below --min-both.
"""
import argparse, json, os, sys, tempfile

import counts_eval

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data", "isaf-press-releases-killcapture", "test.jsonl")
GVA = os.path.join(HERE, "..", "..", "shared", "data", "gva-dev")


def read_totals(binary, rows, ids, counts, model=None):
    """{release id: story totals} read by crosscheck from rows[i] for i in ids."""
    result = counts_eval.analyze(binary, [{"id": f"r{i}", "text": rows[i]["text"]} for i in ids], counts, model)
    return {s["docs"][0]: s.get("totals", {}) for s in result["stories"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--binary", required=True, help="path to the crosscheck binary")
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--min-accuracy", type=float, default=0.0, help="bar for the worse of killed and detained right")
    ap.add_argument("--min-both", type=float, default=0.0, help="bar for both right")
    ap.add_argument("--counts", choices=["rules", "model"], default="rules",
                    help="crosscheck's --counts (default rules; --folds always scores the model)")
    ap.add_argument("--folds", type=int, default=0, help="K-fold cross-validation (needs --train-binary)")
    ap.add_argument("--train-binary", help="path to count_train (with --folds)")
    ap.add_argument("--gva", default=GVA, help="gva-dev, the counts model's other training set (with --folds)")
    ap.add_argument("--show-errors", type=int, default=0, help="print N mismatching releases")
    ap.add_argument("--errors-from", choices=["dev", "test", "all"], default="dev",
                    help="the half whose mismatches --show-errors prints (default dev: keep the test half unseen)")
    args = ap.parse_args()
    if not os.path.exists(args.data):
        print(f"SKIP: ISAF data not found at {args.data} (it lives in ../shared, outside the repo)")
        return 77
    rows = [json.loads(l) for l in open(args.data, encoding="utf-8") if l.strip()]
    totals = {}
    if args.folds > 1:
        if not args.train_binary:
            ap.error("--folds needs --train-binary")
        with tempfile.TemporaryDirectory() as tmp:
            for k in range(args.folds):
                model = os.path.join(tmp, f"fold{k}.model")
                counts_eval.train(args.train_binary, model, k, args.folds, gva=args.gva, isaf=args.data)
                held = [i for i in range(len(rows)) if counts_eval.fold_of(f"r{i}", args.folds) == k]
                totals.update(read_totals(args.binary, rows, held, "model", model))
    else:
        totals = read_totals(args.binary, rows, range(len(rows)), args.counts)
    story_of = {d: {"totals": t} for d, t in totals.items()}
    halves = {"dev": [0, 0, 0, 0], "test": [0, 0, 0, 0]}  # releases, killed, detained, both right
    ok = ok_killed = ok_detained = 0
    errors = []
    for i, r in enumerate(rows):
        totals = story_of.get(f"r{i}", {}).get("totals", {})
        killed = totals.get("killed", {}).get("low", 0)
        detained = totals.get("detained", {}).get("low", 0)
        gk, gc = r["gold"]["min_killed"], r["gold"]["min_captured"]
        half = halves["dev" if counts_eval.fold_of(f"r{i}", 2) == 0 else "test"]
        right = (killed == gk, detained == gc, killed == gk and detained == gc)
        half[0] += 1
        for j, x in enumerate(right):
            half[j + 1] += x
        ok_killed += right[0]
        ok_detained += right[1]
        if right[2]:
            ok += 1
        elif args.errors_from in ("all", "dev" if half is halves["dev"] else "test"):
            errors.append((i, killed, gk, detained, gc))
    n = len(rows)
    print(f"releases: {n}")
    print(f"killed.low == min_killed:     {ok_killed}/{n} = {ok_killed / n:.3f}")
    print(f"detained.low == min_captured: {ok_detained}/{n} = {ok_detained / n:.3f}")
    print(f"both right:                   {ok}/{n} = {ok / n:.3f}")
    for name, (m, k, d, b) in halves.items():
        print(f"{name} half ({m}): killed {k / m:.3f}, detained {d / m:.3f}, both {b}/{m} = {b / m:.3f}")
    for i, k, gk, d, gc in errors[: args.show_errors]:
        print(f"--- r{i}: killed {k} (gold {gk}), detained {d} (gold {gc})\n{rows[i]['text'][:1200]}\n")
    if ok / n < args.min_both:
        print(f"FAIL: both right {ok / n:.3f} below {args.min_both}")
        return 1
    worst = min(ok_killed, ok_detained) / n
    if worst < args.min_accuracy:
        print(f"FAIL: accuracy {worst:.3f} below {args.min_accuracy}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""gva-dev: crosscheck's per-article killed and injured totals against the Gun Violence Archive.

Runs `crosscheck analyze --group none --counts model --format json` on ../shared/data/gva-dev (1,759 US
local-news articles, one per incident; the headline is the article's title) and counts an
article as right when the story's totals.killed.best equals the incident's num_killed and
totals.wounded.best equals num_injured (a missing total is 0).

--folds K scores a K-fold cross-validation: the articles are split by incident id (hash,
so the folds do not depend on file order; count_train computes the same); for each fold the counts model is trained with
`count_train` on the other folds (plus the ISAF releases, when present) and crosscheck reads the held-out fold with that model (--counts-model). No
article is ever scored by a model that saw it. Without --folds the compiled-in model is
scored, which was trained on all of gva-dev: figures on training data, for regressions only.

--baseline regex scores the ten-line regular expression instead (no binary needed).
Exits 77 (CTest skip) when the data is absent; 1 when a rate is below its --min-* bar.
"""
import argparse, json, os, re, sys, tempfile

import counts_eval

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data", "gva-dev")
ISAF = os.path.join(HERE, "..", "..", "shared", "data", "isaf-press-releases-killcapture", "test.jsonl")

NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
       "ten": 10}
N = r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b"
REGEX_KILLED = re.compile(N + r"(?:\W+\w+){0,3}?\W+(?:killed|dead)\b", re.I)
SCORE = "totals"
COUNTS = "model"
REGEX_INJURED = re.compile(N + r"(?:\W+\w+){0,3}?\W+(?:injured|wounded|hurt)\b", re.I)


def regex_count(rx, text):
    values = [NUM.get(m.group(1).lower()) or int(m.group(1)) for m in rx.finditer(text)]
    return max(values) if values else 0


def load(data):
    incidents = {}
    with open(os.path.join(data, "incidents.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            incidents[r["incident_id"]] = r
    docs = []
    with open(os.path.join(data, "documents.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            docs.append(d)
    return incidents, docs


def run_crosscheck(binary, docs, model=None):
    """{doc_id: (killed, wounded)} read by crosscheck from `docs`."""
    records = [{"id": d["doc_id"], "text": d["title"] + "\n\n" + d["content"]} for d in docs]
    result = counts_eval.analyze(binary, records, COUNTS, model)
    read = {}
    for s in result["stories"]:
        t = s.get("totals", {})
        read[s["docs"][0]] = (t.get("killed", {}).get("best", 0), t.get("wounded", {}).get("best", 0))
    if SCORE == "claims":
        largest = {}
        for c in result["claims"]:
            if c["type"] in ("killed", "wounded") and not c["when"] and c["value"] is not None:
                k = (c["doc"], c["type"])
                largest[k] = max(largest.get(k, 0), c["value"])
        read = {d: (largest.get((d, "killed"), 0), largest.get((d, "wounded"), 0)) for d in read}
    return read


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", help="path to the crosscheck binary")
    ap.add_argument("--train-binary", help="path to count_train (with --folds)")
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--isaf", default=ISAF, help="ISAF releases, the counts model's other training set (with --folds)")
    ap.add_argument("--folds", type=int, default=0, help="K-fold cross-validation (needs --train-binary)")
    ap.add_argument("--baseline", choices=["regex"], help="score the regular-expression baseline instead")
    ap.add_argument("--min-killed", type=float, default=0.0)
    ap.add_argument("--min-injured", type=float, default=0.0)
    ap.add_argument("--min-both", type=float, default=0.0)
    ap.add_argument("--counts", choices=["model", "rules"], default="model",
                    help="crosscheck's --counts: the learned counts model (default) or the rules alone")
    ap.add_argument("--score", choices=["totals", "claims"], default="totals",
                    help="totals: the story's totals (default); claims: the largest killed and wounded claim "
                         "of the article (to tell reading from reconciling)")
    ap.add_argument("--show-errors", type=int, default=0, help="print N mismatching articles")
    args = ap.parse_args()
    global SCORE, COUNTS
    SCORE = args.score
    COUNTS = args.counts
    if args.folds > 1 and COUNTS != "model":
        ap.error("--folds cross-validates the counts model: drop --counts rules")
    if not os.path.exists(os.path.join(args.data, "documents.jsonl")):
        print(f"SKIP: gva-dev not found at {args.data} (it lives in ../shared, outside the repo)")
        return 77
    incidents, docs = load(args.data)
    read = {}
    if args.baseline == "regex":
        for d in docs:
            text = d["title"] + "\n\n" + d["content"]
            read[d["doc_id"]] = (regex_count(REGEX_KILLED, text), regex_count(REGEX_INJURED, text))
    elif args.folds > 1:
        if not args.binary or not args.train_binary:
            ap.error("--folds needs --binary and --train-binary")
        with tempfile.TemporaryDirectory() as tmp:
            for k in range(args.folds):
                model = os.path.join(tmp, f"fold{k}.model")
                counts_eval.train(args.train_binary, model, k, args.folds, gva=args.data, isaf=args.isaf)
                held = [d for d in docs if counts_eval.fold_of(d["incident_id"], args.folds) == k]
                read.update(run_crosscheck(args.binary, held, model))
                print(f"fold {k + 1}/{args.folds}: {len(held)} articles", file=sys.stderr)
    else:
        if not args.binary:
            ap.error("--binary is required")
        read = run_crosscheck(args.binary, docs)
    n = ok_k = ok_i = ok = 0
    errors = []
    for d in docs:
        g = incidents[d["incident_id"]]
        k, i = read.get(d["doc_id"], (0, 0))
        gk, gi = g["num_killed"], g["num_injured"]
        n += 1
        ok_k += k == gk
        ok_i += i == gi
        ok += k == gk and i == gi
        if not (k == gk and i == gi):
            errors.append((d, k, gk, i, gi))
    what = "regex baseline" if args.baseline else (
        f"{args.folds}-fold cross-validation" if args.folds > 1 else
        "rules alone" if args.counts == "rules" else "compiled-in model (trained on these articles)")
    print(f"gva-dev articles: {n} ({what})")
    print(f"killed right:  {ok_k}/{n} = {ok_k / n:.3f}")
    print(f"injured right: {ok_i}/{n} = {ok_i / n:.3f}")
    print(f"both right:    {ok}/{n} = {ok / n:.3f}")
    for d, k, gk, i, gi in errors[: args.show_errors]:
        print(f"--- {d['doc_id']}: killed {k} (gold {gk}), injured {i} (gold {gi})\n"
              f"{d['title']}\n{d['content'][:1500]}\n")
    for name, rate, bar in (("killed", ok_k / n, args.min_killed), ("injured", ok_i / n, args.min_injured),
                            ("both", ok / n, args.min_both)):
        if rate < bar:
            print(f"FAIL: {name} right {rate:.3f} below {bar}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

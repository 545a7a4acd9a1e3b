#!/usr/bin/env python3
"""ECB+ story clustering: crosscheck's stories against the gold event clusters.

Feeds the 982 real news documents of ../shared/data/ecbplus/documents.jsonl (43 topics, each
holding two similar seminal events; gold cluster = the `subtopic` field, e.g. "1_ecb" vs
"1_plus") in file order, ALL topics together, and scores the stories with B-cubed
precision/recall/F1 and the adjusted Rand index (ARI).

Two modes, the same documents and scores:
  --mode analyze (the acceptance): `crosscheck analyze --group auto --format json` on the
      documents as one JSON Lines file; a document's story is the `stories[]` entry listing it.
      --binary is the crosscheck executable.
  --mode cluster (default, for tuning): crosscheck_cluster_tool, which prints id<TAB>story and
      takes ClusterOptions as flags. --binary is that tool.

The clustering defaults were tuned on the odd-numbered topics; the even-numbered topics are
held out. Scores are printed for all documents and, restricted to each half, for both halves
(the clustering itself always sees every document fed). `--topics odd|even` feeds only one half.
Exits 77 (CTest skip) when the data is absent; 1 when B-cubed F1 (all documents fed) is below
--min-f1. Extra arguments after `--` go to the tool (e.g. `-- --threshold 0.3`).
"""
import argparse, json, os, subprocess, sys, tempfile, time
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data", "ecbplus", "documents.jsonl")


def bcubed(pred, gold):
    """B-cubed precision, recall, F1 over the documents keyed in both dicts."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for d in gold:
        by_pred[pred[d]].add(d)
        by_gold[gold[d]].add(d)
    p = r = 0.0
    for d in gold:
        common = len(by_pred[pred[d]] & by_gold[gold[d]])
        p += common / len(by_pred[pred[d]])
        r += common / len(by_gold[gold[d]])
    p, r = p / len(gold), r / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ari(pred, gold):
    """Adjusted Rand index (Hubert & Arabie) from the contingency table."""
    def pairs(n):
        return n * (n - 1) / 2
    cells = Counter((pred[d], gold[d]) for d in gold)
    a = Counter(pred[d] for d in gold)
    b = Counter(gold[d] for d in gold)
    index = sum(pairs(n) for n in cells.values())
    sa, sb = sum(pairs(n) for n in a.values()), sum(pairs(n) for n in b.values())
    expected = sa * sb / pairs(len(gold))
    top = (sa + sb) / 2
    return (index - expected) / (top - expected) if top != expected else 1.0


def run_tool(binary, docs, extra, mode):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d["doc_id"], "text": d["text"]}) + "\n")
        path = f.name
    try:
        if mode == "analyze":
            cmd = [binary, "analyze", "--group", "auto", "--format", "json", "--compact", "-q", path] + extra
        else:
            cmd = [binary, path] + extra
        start = time.monotonic()
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        seconds = time.monotonic() - start
    finally:
        os.unlink(path)
    if mode == "analyze":
        if out.returncode not in (0, 1):  # 1: analysed, with warnings about some input
            sys.exit(f"crosscheck analyze failed ({out.returncode}): {out.stderr}")
        pred = {}
        for story in json.loads(out.stdout)["stories"]:
            for d in story["docs"]:
                pred[d] = story["id"]
        return pred, f"crosscheck analyze --group auto: {len(docs)} documents in {seconds:.1f} s (wall)"
    if out.returncode != 0:
        sys.exit(f"cluster tool failed ({out.returncode}): {out.stderr}")
    pred = dict(line.split("\t")[:2] for line in out.stdout.splitlines() if line)
    return pred, out.stderr.strip()


def report(name, pred, gold, docs):
    sub = {d["doc_id"]: gold[d["doc_id"]] for d in docs}
    p, r, f = bcubed(pred, sub)
    a = ari(pred, sub)
    stories = len({pred[d] for d in sub})
    print(f"{name:<22} docs {len(sub):4d}  stories {stories:4d} (gold {len(set(sub.values()))})  "
          f"B3 P {p:.3f}  R {r:.3f}  F1 {f:.3f}  ARI {a:.3f}")
    return f


def main():
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True, help="crosscheck (--mode analyze) or crosscheck_cluster_tool")
    ap.add_argument("--mode", choices=["analyze", "cluster"], default="cluster",
                    help="analyze: stories of `crosscheck analyze --group auto`; cluster: the cluster tool")
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--topics", choices=["all", "odd", "even"], default="all", help="which topics to feed")
    ap.add_argument("--min-f1", type=float, default=0.0)
    ap.add_argument("--quiet", action="store_true", help="print only the F1 of the documents fed")
    args = ap.parse_args(argv)
    if not os.path.exists(args.data):
        print(f"SKIP: ECB+ data not found at {args.data} (it lives in ../shared, outside the repo)")
        return 77
    docs = [json.loads(l) for l in open(args.data, encoding="utf-8") if l.strip()]
    if args.topics != "all":
        docs = [d for d in docs if d["topic"] % 2 == (1 if args.topics == "odd" else 0)]
    gold = {d["doc_id"]: d["subtopic"] for d in docs}
    pred, timing = run_tool(args.binary, docs, extra, args.mode)
    missing = [d for d in gold if d not in pred]
    if missing:
        sys.exit(f"{args.mode}: no story for {len(missing)} documents, e.g. {missing[0]}")
    if args.quiet:
        print(f"{bcubed(pred, gold)[2]:.4f}")
        return 0
    print(timing)
    f1 = report(f"fed ({args.topics} topics)", pred, gold, docs)
    if args.topics == "all":
        report("  odd topics (tuned)", pred, gold, [d for d in docs if d["topic"] % 2 == 1])
        report("  even topics (held out)", pred, gold, [d for d in docs if d["topic"] % 2 == 0])
    if f1 < args.min_f1:
        print(f"FAIL: B-cubed F1 {f1:.3f} below {args.min_f1}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

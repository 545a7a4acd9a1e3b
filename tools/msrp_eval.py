#!/usr/bin/env python3
"""Microsoft Research Paraphrase Corpus: how well the link stage's sentence score separates
paraphrases from non-paraphrases (ROC AUC), as a check on rewrite detection.

Scores every pair of ../shared/data/news-paraphrase-sts/msrp/msr-para-<split>.tsv with
`crosscheck_link_tool score` (link/link.h SentenceSimilarity) and reports the ROC AUC, the
accuracy at the best cut on the training split applied to this split, and the share of pairs
above LinkOptions::min_sentence_similarity.
Exits 77 (CTest skip) when the data is absent; 1 when the AUC is below --min-auc.
"""
import argparse, csv, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data", "news-paraphrase-sts", "msrp")


def read_pairs(path):
    labels, lines = [], []
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)  # header: Quality, #1 ID, #2 ID, #1 String, #2 String
        for r in rows:
            if len(r) < 5:
                continue
            labels.append(int(r[0]))
            lines.append(r[3].replace("\t", " ") + "\t" + r[4].replace("\t", " "))
    return labels, lines


def score(binary, lines):
    out = subprocess.run([binary, "score"], input="\n".join(lines) + "\n", capture_output=True,
                         text=True, check=True).stdout.split()
    assert len(out) == len(lines), (len(out), len(lines))
    return [float(x) for x in out]


def auc(labels, scores):
    """Mann-Whitney U / (n_pos * n_neg), ties counted as half."""
    ranked = sorted(zip(scores, labels))
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mean_rank = (i + j + 1) / 2.0  # ranks are 1-based
        rank_sum += mean_rank * sum(1 for k in range(i, j) if ranked[k][1] == 1)
        i = j
    pos = sum(labels)
    neg = len(labels) - pos
    return (rank_sum - pos * (pos + 1) / 2.0) / (pos * neg)


def best_cut(labels, scores):
    best = (0.0, 0.5)
    for t in sorted(set(scores)):
        acc = sum((s >= t) == (l == 1) for s, l in zip(scores, labels)) / len(labels)
        best = max(best, (acc, t))
    return best[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--binary", required=True, help="path to crosscheck_link_tool")
    ap.add_argument("--data", default=DATA, help="directory holding msr-para-{train,test}.tsv")
    ap.add_argument("--split", default="test", choices=["train", "val", "test"])
    ap.add_argument("--min-auc", type=float, default=0.0)
    ap.add_argument("--sentence-threshold", type=float, default=0.5,
                    help="LinkOptions::min_sentence_similarity, to report how many pairs it admits")
    args = ap.parse_args()
    path = os.path.join(args.data, f"msr-para-{args.split}.tsv")
    if not os.path.exists(path):
        print(f"SKIP: MSRP data not found at {path} (it lives in ../shared, outside the repo)")
        return 77
    labels, lines = read_pairs(path)
    scores = score(args.binary, lines)
    a = auc(labels, scores)
    pos = sum(labels)
    print(f"MSRP {args.split}: {len(labels)} pairs ({pos} paraphrases, {len(labels) - pos} not)")
    print(f"ROC AUC of SentenceSimilarity: {a:.4f}")
    train = os.path.join(args.data, "msr-para-train.tsv")
    if args.split != "train" and os.path.exists(train):
        tl, tlines = read_pairs(train)
        cut = best_cut(tl, score(args.binary, tlines))
        acc = sum((s >= cut) == (l == 1) for s, l in zip(scores, labels)) / len(labels)
        print(f"accuracy at the training split's best cut ({cut:.3f}): {acc:.4f} "
              f"(majority class: {max(pos, len(labels) - pos) / len(labels):.4f})")
    t = args.sentence_threshold
    above_p = sum(1 for s, l in zip(scores, labels) if l == 1 and s >= t) / pos
    above_n = sum(1 for s, l in zip(scores, labels) if l == 0 and s >= t) / (len(labels) - pos)
    print(f"pairs scoring >= {t}: {above_p:.1%} of paraphrases, {above_n:.1%} of non-paraphrases")
    if a < args.min_auc:
        print(f"FAIL: AUC {a:.4f} < {args.min_auc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

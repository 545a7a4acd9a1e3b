#!/usr/bin/env python3
"""Story clustering cost against corpus size, on corpora scaled from ECB+.

Copy c of the 982 ECB+ documents keeps the common words (those in at least 5% of the
documents) and rewrites every other word with a suffix of letters naming the copy
("Teixeira" -> "Teixeirabq"), so each copy holds 86 new stories that share the common
vocabulary of the others, as unrelated news stories do. Documents are fed copy after copy.
Prints documents, stories, the clustering rate (Add alone, from crosscheck_cluster_tool's
timing; CPU time is the figure to read on a loaded machine) and peak memory for each size: flat
rates mean the per-document cost does not grow with the number of stories. Sizes must be given
in increasing order. Exits 77 when ../shared/data/ecbplus is absent.
"""
import argparse, json, os, re, resource, subprocess, sys, tempfile
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data", "ecbplus", "documents.jsonl")
WORD = re.compile(r"[A-Za-z]+")


def suffix(c):
    s = ""
    c += 26  # at least two letters
    while c:
        c, r = divmod(c, 26)
        s += chr(ord("a") + r)
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--binary", required=True, help="path to crosscheck_cluster_tool")
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--copies", default="1,10,50", help="corpus sizes, in copies of ECB+")
    args = ap.parse_args()
    if not os.path.exists(args.data):
        print(f"SKIP: ECB+ data not found at {args.data} (it lives in ../shared, outside the repo)")
        return 77
    docs = [json.loads(l) for l in open(args.data, encoding="utf-8") if l.strip()]
    df = Counter(w for d in docs for w in {m.lower() for m in WORD.findall(d["text"])})
    common = {w for w, n in df.items() if n >= 0.05 * len(docs)}
    for copies in (int(c) for c in args.copies.split(",")):
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
            for c in range(copies):
                tag = suffix(c)
                rewrite = lambda m: m.group(0) if m.group(0).lower() in common else m.group(0) + tag
                for d in docs:
                    f.write(json.dumps({"id": f"{d['doc_id']}#{c}", "text": WORD.sub(rewrite, d["text"])}) + "\n")
            path = f.name
        try:
            out = subprocess.run([args.binary, path], capture_output=True, text=True, check=True)
        finally:
            os.unlink(path)
        # Largest child so far: sizes grow, so this is the run just done.
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"{copies:3d} x ECB+: {out.stderr.strip()}; peak memory {peak:.0f} MiB (documents included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

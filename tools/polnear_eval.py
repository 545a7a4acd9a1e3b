#!/usr/bin/env python3
"""Quote speakers of crosscheck against PolNeAR (political news attribution relations).

Runs quotes_tool on the articles of one PolNeAR split (default: dev) and compares
its quotations and speakers with the hand-annotated attributions. Exits 77 when
the corpus (../shared/data/polnear, relative to the repository) is absent, 1 when
the headline figure is below --min-headline, 0 otherwise.

What is scored
--------------
Gold: the attributions (brat standoff: Source, Cue, Content spans in characters)
whose content is a quotation in quote marks: the content begins with an opening
mark (“ " ‘ ' '' «) and ends with a closing mark (” " ’ ' '' »), either inside
the content span or right next to it in the text (annotators sometimes leave the
marks or a final comma out). Only attributions with a Source are scored
(Attribution-no-source has nobody to find). Articles annotated by several
annotators use the first annotation file in name order.

Match: a crosscheck quote matches the gold attribution whose content it overlaps
most (spans converted from bytes to characters).

Right speaker: a crosscheck speaker is right for a gold attribution when
  (a) its speaker_span (the mention the attribution rests on: "he", "Trump",
      "the campaign") overlaps the gold Source span, or
  (b) the gold Source ends in a name (last word capitalised and not a pronoun,
      possessive 's dropped: "Trump", "Hillary Clinton's spokesman Brian Fallon"
      ends in "Fallon") and the resolved speaker name ends in the same word
      ("Brian Fallon"); "the Clinton campaign" ends in "campaign", so it never
      matches "Hillary Clinton" this way.
(a) checks the mention, not what a pronoun was resolved to: PolNeAR has no
coreference in dev, so "he" resolved to the wrong person still counts as right
when the mention is the annotated one.

Figures
-------
precision  of crosscheck quotes with a speaker that match a gold quoted
           attribution, the share whose speaker is right.
recall     of gold quoted attributions, the share "found and right": at least one
           crosscheck quote overlaps the content and every overlapping quote
           carries a right speaker (a three-paragraph quotation needs its speaker
           on all three paragraphs). This is the headline figure of issue 3.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys

OPEN_MARKS = ("''", "“", '"', "‘", "'", "«", "``")
CLOSE_MARKS = ("''", "”", '"', "’", "'", "»")
TRAILING = ",.;:!?—–- \t\n"
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "who"}


def repo_root():
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_spans(field):
    """'Content 12 30;40 52' -> ('Content', [(12, 30), (40, 52)])."""
    kind, rest = field.split(" ", 1)
    return kind, [tuple(int(x) for x in frag.split()) for frag in rest.split(";")]


def read_annotations(path):
    """Attribution events of one .ann file: [{source, cue, content}] as span lists."""
    spans, events = {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if parts[0].startswith("T") and len(parts) >= 2:
                spans[parts[0]] = parse_spans(parts[1])
            elif parts[0].startswith("E") and len(parts) >= 2:
                events.append(parts[1].split())
    out = []
    for args in events:
        roles = dict(a.split(":", 1) for a in args)
        event = {role.lower(): spans[t][1] for role, t in roles.items() if t in spans}
        kind = args[0].split(":", 1)[0]
        if "content" in event:
            event["no_source"] = kind == "Attribution-no-source" or "source" not in event
            out.append(event)
    return out


def starts_quoted(text, begin):
    """True when a quotation opens at `begin` (or right before it)."""
    return text[begin:].lstrip().startswith(OPEN_MARKS) or text[:begin].endswith(OPEN_MARKS)


def ends_quoted(text, end):
    """True when a quotation closes at `end` (or right after it, past punctuation)."""
    if text[:end].rstrip().rstrip(TRAILING).rstrip().endswith(CLOSE_MARKS):
        return True
    return text[end:end + 3].lstrip(",.?!;: ").startswith(CLOSE_MARKS)


def is_quoted(text, content):
    first, last = content[0], content[-1]
    return starts_quoted(text, first[0]) and ends_quoted(text, last[1])


def byte_to_char(text):
    """List mapping each byte offset of text's UTF-8 encoding to a character offset."""
    out = []
    for i, ch in enumerate(text):
        out.extend([i] * len(ch.encode("utf-8")))
    out.append(len(text))
    return out


def overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def overlap_any(span, frags):
    return sum(overlap(span, f) for f in frags)


def last_name_word(s):
    """Last word of a name-like phrase ("Brian Fallon" -> "fallon"), or None."""
    s = re.sub(r"\([^)]*\)", " ", s)  # "Sen. Tim Kaine (D-Va.)"
    words = re.findall(r"[A-Za-z][A-Za-z.\-’']*", s)
    if not words:
        return None
    w = re.sub(r"(['’]s|['’])$", "", words[-1]).rstrip(".")
    if not w or not w[0].isupper() or w.lower() in PRONOUNS:
        return None
    return w.lower()


def speaker_right(q, gold, text, b2c):
    source = gold.get("source") or []
    if q.get("speaker_span"):
        a, b = q["speaker_span"]
        if overlap_any((b2c[a], b2c[b]), source) > 0:
            return True
    gold_name = last_name_word(" ".join(text[a:b] for a, b in source))
    speaker = q.get("speaker") or ""
    return gold_name is not None and bool(speaker) and last_name_word(speaker) == gold_name


def load_split(root, split):
    texts, golds = {}, {}
    for name in sorted(os.listdir(os.path.join(root, split, "text"))):
        if name.endswith(".txt"):
            with open(os.path.join(root, split, "text", name), encoding="utf-8", newline="") as f:
                texts[name[:-4]] = f.read()
    for name in sorted(os.listdir(os.path.join(root, split, "attributions"))):
        doc = name.rsplit("_", 1)[0]
        if name.endswith(".ann") and doc in texts and doc not in golds:
            golds[doc] = read_annotations(os.path.join(root, split, "attributions", name))
    return texts, golds


def run_tool(binary, directory):
    proc = subprocess.run([binary, directory], capture_output=True, text=True, encoding="utf-8")
    if proc.returncode not in (0, 1):
        sys.exit(f"polnear_eval: {binary} failed ({proc.returncode}): {proc.stderr[-500:]}")
    sys.stderr.write(proc.stderr)
    quotes = collections.defaultdict(list)
    for line in proc.stdout.splitlines():
        q = json.loads(line)
        quotes[q["doc"]].append(q)
    return quotes


def short(s, n=110):
    s = " ".join(s.split())
    return s if len(s) <= n else s[:n - 1] + "…"


def evaluate(texts, golds, quotes, show_errors):
    stats = collections.Counter()
    errors = []
    for doc, text in texts.items():
        b2c = byte_to_char(text)
        quoted = [g for g in golds.get(doc, []) if is_quoted(text, g["content"])]
        stats["gold_quoted_all"] += len(quoted)
        scored = [g for g in quoted if not g["no_source"]]
        stats["gold"] += len(scored)
        verdicts = collections.defaultdict(list)  # gold index -> [(quote, right)]
        for q in quotes.get(doc, []):
            span = (b2c[q["span"][0]], b2c[q["span"][1]])
            best, best_overlap = None, 0
            for i, g in enumerate(scored):
                o = overlap_any(span, g["content"])
                if o > best_overlap:
                    best, best_overlap = i, o
            if best is None:
                continue
            right = bool(q.get("speaker")) and speaker_right(q, scored[best], text, b2c)
            verdicts[best].append((q, right))
            if q.get("speaker"):
                stats["matched_with_speaker"] += 1
                stats["matched_right"] += right
        for i, g in enumerate(scored):
            v = verdicts.get(i, [])
            ok = bool(v) and all(right for _, right in v)
            stats["covered"] += bool(v)
            stats["found_right"] += ok
            if not ok and show_errors:
                source = " | ".join(text[a:b] for a, b in g["source"])
                content = " … ".join(text[a:b] for a, b in g["content"])
                got = "; ".join(
                    f"{q.get('speaker')!r} via {short(text[b2c[q['speaker_span'][0]]:b2c[q['speaker_span'][1]]], 40)!r}"
                    f" cue={q.get('cue')!r}" if q.get("speaker_span") else f"{q.get('speaker')!r}"
                    for q, right in v if not right) or "no crosscheck quote"
                errors.append(f"{doc} @{g['content'][0][0]}\n  gold  {source!r}: {short(content)}\n  got   {got}")
    return stats, errors


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.path.join(repo_root(), "build", "quotes_tool"))
    ap.add_argument("--data", default=os.path.join(repo_root(), "..", "shared", "data", "polnear"))
    ap.add_argument("--split", default="dev", help="dev (the acceptance figure) or train (for error analysis)")
    ap.add_argument("--min-headline", type=float, default=0.0, help="fail below this recall")
    ap.add_argument("--errors", action="store_true", help="list every gold quotation not found right")
    args = ap.parse_args()
    split_dir = os.path.join(args.data, args.split)
    if not os.path.isdir(os.path.join(split_dir, "text")):
        print(f"polnear_eval: skipped: no PolNeAR {args.split} split at {os.path.normpath(split_dir)}")
        return 77
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"polnear_eval: no quotes_tool at {args.binary} (build crosscheck_quotes_tool; --binary)")
    texts, golds = load_split(args.data, args.split)
    quotes = run_tool(args.binary, os.path.join(split_dir, "text"))
    stats, errors = evaluate(texts, golds, quotes, args.errors)
    for e in errors:
        print(e)
    gold, matched = stats["gold"], stats["matched_with_speaker"]
    precision = stats["matched_right"] / matched if matched else 0.0
    recall = stats["found_right"] / gold if gold else 0.0
    print(f"PolNeAR {args.split}: {len(texts)} articles, {stats['gold_quoted_all']} quoted attributions, "
          f"{gold} with a source")
    print(f"  covered by a crosscheck quote: {stats['covered']}/{gold} = {stats['covered'] / max(gold, 1):.3f}")
    print(f"  precision (quotes with a speaker, right): {stats['matched_right']}/{matched} = {precision:.3f}")
    print(f"  recall    (gold found and right):         {stats['found_right']}/{gold} = {recall:.3f}")
    print(f"  speaker found and right: {100 * recall:.1f}% (bar {100 * args.min_headline:.1f}%)")
    return 0 if recall >= args.min_headline else 1


if __name__ == "__main__":
    sys.exit(main())

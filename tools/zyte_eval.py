#!/usr/bin/env python3
"""Main-text extraction on the Zyte article-extraction benchmark (181 pages).

Runs html_tool (tools/html_tool.cc: ingest/html.h's ReadHtml) on every page of
../shared/data/zyte-article-extraction/html/ in one process, writes the
predictions in the benchmark's format ({id: {"articleBody": body}}, the body
being the extracted text after the headline) and scores them with the
benchmark's own evaluate.py: its F1 / precision / recall on all pages, and on
two halves split by a hash of the file name ("tune": the half the extractor's
weights were tuned on; "held-out": the other half, looked at only to report).
Also reports the wall time and peak memory (max RSS) of the html_tool run.

--compare also scores, on the same pages: readability-lxml (python3-readability,
run and timed here) and the benchmark's stored outputs (baseline-outputs/*.json:
Readability.js and trafilatura as the benchmark ran them); --readability-js DIR
runs Readability.js + jsdom from DIR/node_modules and times it.
Exits 77 (CTest skip) when the data is absent; 1 when F1 on all pages is below --min-f1.
"""
import argparse, hashlib, importlib.util, json, os, resource, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data", "zyte-article-extraction")


def half(page_id):
    """'tune' or 'held-out', from the first byte of md5(file name)."""
    return "tune" if hashlib.md5((page_id + ".html").encode()).digest()[0] % 2 == 0 else "held-out"


def load_evaluate(data):
    spec = importlib.util.spec_from_file_location("zyte_evaluate", os.path.join(data, "evaluate.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def score(ev, truth, pred, ids):
    m = ev.evaluate({k: truth[k] for k in ids}, {k: pred[k] for k in ids}, 100)
    return m


def run_timed(cmd, **kw):
    """(completed process, (wall s, CPU s = user + system), peak RSS MB) of one child.
    CPU time is what the comparison uses: wall time swings with the machine's load."""
    timer = ["/usr/bin/time", "-f", "TIMES %U %S %M"] if os.path.exists("/usr/bin/time") else []
    t = time.time()
    p = subprocess.run(timer + cmd, capture_output=True, text=True, **kw)
    wall = time.time() - t
    cpu = rss = None
    for line in reversed(p.stderr.strip().splitlines()):
        if line.startswith("TIMES "):
            u, s, m = line.split()[1:4]
            cpu, rss = float(u) + float(s), int(m) / 1024
            break
    return p, (wall, cpu), rss


def crosscheck_predictions(binary, pages):
    p, secs, rss = run_timed([binary] + pages)
    pred = {}
    for line in p.stdout.splitlines():
        j = json.loads(line)
        pred[j["id"]] = {"articleBody": j.get("body", "")}
    return pred, secs, rss, [json.loads(l) for l in p.stdout.splitlines()]


READABILITY_LXML = r'''
import glob, json, os, sys, lxml.html, readability
out = {}
for f in sys.argv[2:]:
    d = readability.Document(open(f, encoding="utf8").read())
    body = lxml.html.fromstring(d.summary(html_partial=True)).text_content()
    out[os.path.basename(f)[:-5]] = {"articleBody": body}
json.dump(out, open(sys.argv[1], "w"))
'''

READABILITY_JS = r'''
const fs = require("fs"), path = require("path");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");
const out = {};
for (const f of process.argv.slice(3)) {
  let body = "";
  try {  // jsdom throws on some pages' CSS: such a page scores as empty
    const dom = new JSDOM(fs.readFileSync(f, "utf8"), { virtualConsole: new VirtualConsole() });
    const a = new Readability(dom.window.document).parse();
    body = a ? a.textContent : "";
    dom.window.close();
  } catch (e) {
    process.stderr.write(`${path.basename(f)}: ${String(e).slice(0, 100)}\n`);
  }
  out[path.basename(f).slice(0, -5)] = { articleBody: body };
}
fs.writeFileSync(process.argv[2], JSON.stringify(out));
'''


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True, help="path to html_tool")
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--min-f1", type=float, default=0.0)
    ap.add_argument("--compare", action="store_true", help="also score readability-lxml and the stored baselines")
    ap.add_argument("--readability-js", help="a directory whose node_modules has jsdom and @mozilla/readability")
    ap.add_argument("--worst", type=int, default=0, help="print the N pages with the lowest F1 (tune half only)")
    ap.add_argument("--save", help="write crosscheck's predictions here")
    args = ap.parse_args()
    truth_path = os.path.join(args.data, "ground-truth.json")
    if not os.path.exists(truth_path):
        print(f"skipped: {truth_path} is absent (../shared/data is not part of a clone)")
        return 77
    ev = load_evaluate(args.data)
    truth = json.load(open(truth_path, encoding="utf8"))
    ids = sorted(truth)
    pages = [os.path.join(args.data, "html", k + ".html") for k in ids]
    halves = {"all": ids, "tune": [k for k in ids if half(k) == "tune"],
              "held-out": [k for k in ids if half(k) == "held-out"]}

    systems = {}
    pred, secs, rss, rows = crosscheck_predictions(args.binary, pages)
    for k in ids:
        pred.setdefault(k, {"articleBody": ""})
    systems["crosscheck"] = (pred, secs, rss)
    if args.save:
        json.dump(pred, open(args.save, "w"), ensure_ascii=False)
    if args.compare:
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "rl.json")
            p, s, r = run_timed(["/usr/bin/python3", "-c", READABILITY_LXML, out] + pages)
            if p.returncode == 0:
                systems["readability-lxml"] = (json.load(open(out)), s, r)
            else:
                print("readability-lxml failed:", p.stderr[-500:], file=sys.stderr)
            if args.readability_js:
                js = os.path.join(tmp, "rjs.js")
                open(js, "w").write(READABILITY_JS)
                out = os.path.join(tmp, "rjs.json")
                env = dict(os.environ, NODE_PATH=os.path.join(args.readability_js, "node_modules"))
                p, s, r = run_timed(["node", js, out] + pages, env=env)
                if p.returncode == 0:
                    systems["Readability.js (run here)"] = (json.load(open(out)), s, r)
                else:
                    print("Readability.js failed:", p.stderr[-500:], file=sys.stderr)
        for name in sorted(os.listdir(os.path.join(args.data, "baseline-outputs"))):
            if name.endswith(".json"):
                p, _ = ev.load_prediction(__import__("pathlib").Path(args.data, "baseline-outputs", name))
                systems[name[:-5] + " (stored output)"] = (p, None, None)

    print(f"{'system':<28} {'pages':<9} {'F1':>6} {'prec':>6} {'recall':>6}  {'wall s':>7} {'CPU s':>7} {'peak MB':>8}")
    result = {}
    for name, (p, s, r) in systems.items():
        for h, hids in halves.items():
            m = score(ev, truth, p, hids)
            result[(name, h)] = m
            ts = (f"{s[0]:7.2f} " + (f"{s[1]:7.2f}" if s[1] is not None else " " * 7)
                  if s is not None and h == "all" else " " * 15)
            rs = f"{r:8.1f}" if r is not None and h == "all" else " " * 8
            print(f"{name:<28} {h + ' ' + str(len(hids)):<9} {m['f1']:6.4f} {m['precision']:6.4f} "
                  f"{m['recall']:6.4f}  {ts} {rs}")
    if args.worst:
        scored = []
        for k in halves["tune"]:
            tp, fp, fn = ev.string_shingle_matching(true=truth[k]["articleBody"], pred=pred[k]["articleBody"])
            pr = tp / (tp + fp) if tp + fp else 0
            rc = tp / (tp + fn) if tp + fn else 0
            f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0
            scored.append((f1, pr, rc, k))
        for f1, pr, rc, k in sorted(scored)[:args.worst]:
            print(f"  {f1:.3f} p={pr:.3f} r={rc:.3f} {k} {truth[k].get('url', '')}")
    f1 = result[("crosscheck", "all")]["f1"]
    if f1 < args.min_f1:
        print(f"FAIL: F1 {f1:.3f} < {args.min_f1}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

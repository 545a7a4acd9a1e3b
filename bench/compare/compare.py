#!/usr/bin/env python3
"""Side-by-side benchmark: crosscheck against compromise, wink-nlp and a regex baseline.

Run by bench/compare/run.sh (which builds crosscheck and installs the npm packages first);
see docs/PERFORMANCE.md, "Side by side", for what is measured and why.

Inputs, the same JSON Lines ({"id","text"}) for every tool:
  seeds     examples/border-clash/*.txt, scored against tests/data/border-clash.gold.json
  news      the 1,700 distinct real articles of docs/PERFORMANCE.md (crosscheck_bench_write_corpus
            --growth 1700: ECB+, ISAF, Reuters, gva-dev), speed only; skipped with a message when
            ../shared/data is absent
  isaf      ../shared/data/isaf-press-releases-killcapture/test.jsonl (724 releases, gold
            min_killed / min_captured), skipped with a message when absent

Speed is CPU time (user+sys) on one core. Node peers time their own extraction loop inside the
process (start-up and library load excluded; warm passes after one cold pass). Native commands
(crosscheck, wc -w, xxhsum) are run REPS times each with getrusage per child; the median CPU time of
the same command on a minimal input (one tiny document, or an empty file) is subtracted as
start-up. Writes OUT/results.json and prints Markdown tables.
"""
import argparse, collections, json, os, re, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
ISAF = os.path.join(REPO, "..", "shared", "data", "isaf-press-releases-killcapture", "test.jsonl")
GOLD = os.path.join(REPO, "tests", "data", "border-clash.gold.json")
SEEDS = os.path.join(REPO, "examples", "border-clash")
PEERS = ["compromise", "wink", "regex"]
FLOOR_BYTES = 64 << 20


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- inputs

def write_jsonl(path, docs):
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n")


def write_txt(path, docs):
    # Texts separated by a blank line, as crosscheck_bench_write_corpus writes them.
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(d["text"] + "\n\n")


def prepare(out, bench_dir, news_docs):
    sets = {}
    seeds = [{"id": n[:-4], "text": open(os.path.join(SEEDS, n), encoding="utf-8").read()}
             for n in sorted(os.listdir(SEEDS)) if n.endswith(".txt")]
    sets["seeds"] = seeds
    jsonl = os.path.join(out, "news.jsonl")
    made = subprocess.run([os.path.join(bench_dir, "bench", "crosscheck_bench_write_corpus"), "--growth",
                           str(news_docs), jsonl], stderr=subprocess.PIPE, text=True)
    if made.returncode == 0:
        sets["news"] = [json.loads(l) for l in open(jsonl, encoding="utf-8") if l.strip()]
    else:
        log(f"SKIP news: {made.stderr.strip()}")
    if os.path.exists(ISAF):
        rows = [json.loads(l) for l in open(ISAF, encoding="utf-8") if l.strip()]
        sets["isaf"] = [{"id": f"r{i}", "text": r["text"], "gold": r["gold"]} for i, r in enumerate(rows)]
    else:
        log(f"SKIP isaf: data not found at {os.path.normpath(ISAF)} (it lives in ../shared, outside the repo)")
    for name, docs in sets.items():
        write_jsonl(os.path.join(out, f"{name}.jsonl"), docs)
        write_txt(os.path.join(out, f"{name}.txt"), docs)
    write_jsonl(os.path.join(out, "tiny.jsonl"), [{"id": "t", "text": "x"}])
    open(os.path.join(out, "empty.txt"), "w").close()
    return sets


# ---------------------------------------------------------------- timing of native commands

def run_cpu(cmd, stdout_path=os.devnull, env=None):
    """Runs cmd once; returns (cpu seconds user+sys, wall seconds, exit code) from wait4."""
    with open(stdout_path, "wb") as out:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    return ru.ru_utime + ru.ru_stime, wall, p.returncode


def median_cpu(cmd, reps, env=None):
    runs = [run_cpu(cmd, env=env) for _ in range(reps)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def time_native(name, cmd_on, full, minimal, reps, env=None):
    """Median CPU of cmd_on(full) minus median CPU of cmd_on(minimal)."""
    cpu, wall = median_cpu(cmd_on(full), reps, env)
    cpu0, wall0 = median_cpu(cmd_on(minimal), reps, env)
    return {"cpu_s": cpu - cpu0, "startup_cpu_s": cpu0, "raw_cpu_s": cpu, "wall_s": wall - wall0}


# ---------------------------------------------------------------- tools

def run_crosscheck(binary, out, sets, reps):
    res = {}
    for name in sets:
        path = os.path.join(out, f"{name}.jsonl")
        # One thread, as the peers run: CPU time summed over threads would count the pool's overhead.
        cmd = lambda p: [binary, "analyze", "--group", "none", "--format", "json", "--compact", "-j", "1", p]
        result_path = os.path.join(out, f"{name}.crosscheck.json")
        _, _, rc = run_cpu(cmd(path), stdout_path=result_path)
        if rc not in (0, 1):
            sys.exit(f"crosscheck failed on {path} (exit {rc})")
        timing = time_native("crosscheck", cmd, path, os.path.join(out, "tiny.jsonl"), reps) if name != "seeds" else None
        res[name] = {"timing": timing, "output": json.load(open(result_path, encoding="utf-8"))}
        log(f"crosscheck {name}: {timing}")
    return res


def run_peer(tool, out, sets, min_seconds):
    res = {}
    for name in sets:
        dst = os.path.join(out, f"{name}.{tool}.json")
        # seeds are only scored; a short timing run is enough there.
        subprocess.run(["node", os.path.join(HERE, "peers.js"), tool, os.path.join(out, f"{name}.jsonl"), dst,
                        str(0.2 if name == "seeds" else min_seconds)], check=True)
        r = json.load(open(dst, encoding="utf-8"))
        warm = statistics.median(w["cpu_s"] for w in r["warm"])
        r["timing"] = {"cpu_s": warm, "cold_cpu_s": r["cold"]["cpu_s"], "wall_s": statistics.median(w["wall_s"] for w in r["warm"]),
                       "passes": len(r["warm"]), "load_ms": r["load_ms"]}
        res[name] = r
        log(f"{tool} {name}: {r['timing']}")
    return res


def run_floors(out, sets, reps):
    empty = os.path.join(out, "empty.txt")
    res = {}
    for name in sets:
        if name == "seeds":
            continue
        # The set's text repeated to >= FLOOR_BYTES, so that the floors run long enough
        # (xxhsum reads 3 MB in under 1 ms, less than its own start-up) to be timed.
        src = open(os.path.join(out, f"{name}.txt"), "rb").read()
        repeat = -(-FLOOR_BYTES // len(src))
        path = os.path.join(out, f"{name}.floor.txt")
        with open(path, "wb") as w:
            for _ in range(repeat):
                w.write(src)
        f = {"_repeat": repeat, "_docs": len(sets[name]) * repeat}
        f["xxhsum -H64"] = time_native("xxhsum", lambda p: ["xxhsum", "-H64", p], path, empty, reps)
        f["xxhsum -H3"] = time_native("xxhsum", lambda p: ["xxhsum", "-H3", p], path, empty, reps)
        for loc in ("C.UTF-8", "C"):
            env = dict(os.environ, LC_ALL=loc)
            f[f"wc -w ({loc})"] = time_native("wc", lambda p: ["wc", "-w", p], path, empty, reps, env)
        f["_bytes"] = os.path.getsize(path)
        os.remove(path)
        res[name] = f
        log(f"floors {name}: {f}")
    return res


def run_stages(bench_dir, out, min_time, reps):
    dst = os.path.join(out, "stages.json")
    subprocess.run([os.path.join(bench_dir, "bench", "crosscheck_bench"),
                    "--benchmark_filter=^BM_(Clean|Segment|Quantities)$|^BM_Analyze/1700$",
                    f"--benchmark_min_time={min_time}", f"--benchmark_repetitions={reps}",
                    f"--benchmark_out={dst}", "--benchmark_out_format=json"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    res = {}
    for b in json.load(open(dst))["benchmarks"]:
        if b.get("aggregate_name", "median" if reps == 1 else None) != "median":
            continue
        name = b["run_name"]
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
        res[name] = {"cpu_s": b["cpu_time"] * scale, "bytes_per_second": b["bytes_per_second"],
                     "items_per_second": b["items_per_second"]}
    log(f"stages: {res}")
    return res


# ---------------------------------------------------------------- quality

def aggregate(values, how):
    if not values:
        return 0
    if how == "sum":
        return sum(values)
    if how == "max":
        return max(values)
    return sum(set(values))  # "sum of distinct values": a restated figure counts once


def peer_counts(result, cls, assign, how, vague):
    vals = [f["value"] for f in result["figures"]
            if f["cls"] == cls and (assign == "all" or f["nearest"]) and (vague or not f.get("word"))]
    return aggregate(vals, how)


def isaf_quality_peer(tool, docs, results, vague):
    """Best procedure per field (most favourable to the peer); returns accuracies and the procedure."""
    by_id = {r["id"]: r for r in results}
    best = {}
    for field, cls, gold_key in (("killed", "killed", "min_killed"), ("detained", "capture", "min_captured")):
        options = []
        for assign in (("nearest", "all") if tool != "regex" else ("nearest",)):
            for how in ("sum", "max", "distinct"):
                ok = sum(peer_counts(by_id[d["id"]], cls, assign, how, vague) == d["gold"][gold_key] for d in docs)
                options.append((ok, assign, how))
        ok, assign, how = max(options)
        best[field] = {"right": ok, "procedure": f"{assign}/{how}", "assign": assign, "how": how}
    both = sum(peer_counts(by_id[d["id"]], "killed", best["killed"]["assign"], best["killed"]["how"], vague) == d["gold"]["min_killed"]
               and peer_counts(by_id[d["id"]], "capture", best["detained"]["assign"], best["detained"]["how"], vague) == d["gold"]["min_captured"]
               for d in docs)
    return {"n": len(docs), "killed": best["killed"], "detained": best["detained"], "both": both}


def isaf_quality_crosscheck(docs, output):
    # As tools/isaf_eval.py: the story's totals.<type>.low, a missing total is 0.
    story_of = {s["docs"][0]: s for s in output["stories"]}
    k = d_ = both = 0
    for d in docs:
        totals = story_of.get(d["id"], {}).get("totals", {})
        ok_k = totals.get("killed", {}).get("low", 0) == d["gold"]["min_killed"]
        ok_d = totals.get("detained", {}).get("low", 0) == d["gold"]["min_captured"]
        k += ok_k
        d_ += ok_d
        both += ok_k and ok_d
    return {"n": len(docs), "killed": {"right": k, "procedure": "totals.killed.low"},
            "detained": {"right": d_, "procedure": "totals.detained.low"}, "both": both}


def gold_claims():
    gold = json.load(open(GOLD, encoding="utf-8"))
    claims = collections.Counter()
    for c in gold["claims"]:
        claims[(c["doc"], c["type"], c["value"] if c["value"] is not None else c.get("vague"))] += 1
    return claims, gold["entities"]["person"]


# The peers' trigger classes stand for these gold claim types ("capture" verbs are used for both
# people, detained, and posts, captured: the peers cannot tell them apart, so either counts).
PEER_TYPES = {"killed": ["killed"], "wounded": ["wounded"], "capture": ["captured", "detained"],
              "destroyed": ["destroyed"], "length": ["length"]}


def multiset_found(gold, found):
    hit = sum(min(n, found[k]) for k, n in gold.items())
    return hit, sum(found.values())


def seeds_quality_peer(results, vague):
    gold, people = gold_claims()
    found = collections.Counter()
    for r in results:
        for f in r["figures"]:
            if f.get("word") and not vague:
                continue
            value = f["word"].removesuffix(" of") if f.get("word") else f["value"]
            for t in PEER_TYPES[f["cls"]]:
                found[(r["id"], t, value)] += 1
            if f.get("both") and f["cls"] == "killed":
                found[(r["id"], "killed_or_wounded", value)] += 1
    hit, emitted = multiset_found(gold, found)
    cands = [c for r in results for c in r["people"]]
    return {"claims": hit, "claims_gold": sum(gold.values()), "figures_emitted": emitted,
            "people": people_found(people, cands), "people_gold": len(people), "people_candidates": len(cands)}


def seeds_quality_crosscheck(output):
    gold, people = gold_claims()
    found = collections.Counter()
    for c in output["claims"]:
        v = c["value"] if c["value"] is not None else (c["qualifier"] or "").removesuffix(" of")
        found[(c["doc"], c["type"], v)] += 1
    hit, emitted = multiset_found(gold, found)
    cands = [p["name"] for p in output.get("people", [])]
    return {"claims": hit, "claims_gold": sum(gold.values()), "figures_emitted": emitted,
            "people": people_found(people, cands), "people_gold": len(people), "people_candidates": len(cands)}


def norm(s):
    return " " + re.sub(r"[^a-z]+", " ", re.sub(r"['’]s\b", "", s.lower())).strip() + " "


def people_found(gold, candidates):
    cands = [norm(c) for c in candidates]
    return sum(any(norm(g) in c for c in cands) for g in gold)


# ---------------------------------------------------------------- report

def fmt_rate(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench-dir", default=os.path.join(REPO, "build-bench"))
    ap.add_argument("--out", default=os.path.join(REPO, "build-bench", "compare"))
    ap.add_argument("--news-docs", type=int, default=1700)
    ap.add_argument("--reps", type=int, default=5, help="runs of each native command (median)")
    ap.add_argument("--min-seconds", type=float, default=3.0, help="warm CPU seconds per node peer and input")
    ap.add_argument("--stage-min-time", type=float, default=1.0)
    ap.add_argument("--stage-reps", type=int, default=3)
    ap.add_argument("--tools", default="crosscheck,compromise,wink,regex,floors,stages")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    tools = args.tools.split(",")

    sets = prepare(args.out, args.bench_dir, args.news_docs)
    res = {"sets": {k: {"docs": len(v), "bytes": sum(len(d["text"].encode()) for d in v)} for k, v in sets.items()},
           "loadavg": os.getloadavg(), "nproc": os.cpu_count()}
    if "crosscheck" in tools:
        res["crosscheck"] = run_crosscheck(os.path.join(args.bench_dir, "crosscheck"), args.out, sets, args.reps)
    for t in PEERS:
        if t in tools:
            res[t] = run_peer(t, args.out, sets, args.min_seconds)
    if "floors" in tools:
        res["floors"] = run_floors(args.out, sets, max(args.reps, 20))
    if "stages" in tools:
        res["stages"] = run_stages(args.bench_dir, args.out, args.stage_min_time, args.stage_reps)
    res["loadavg_end"] = os.getloadavg()

    # Quality
    quality = {}
    for t in ["crosscheck"] + PEERS:
        if t not in res:
            continue
        variants = [(t, False)] if t != "regex" else [("regex", False), ("regex+vague", True)]
        for label, vague in variants:
            q = {}
            if t == "crosscheck":
                q["seeds"] = seeds_quality_crosscheck(res[t]["seeds"]["output"])
                if "isaf" in sets:
                    q["isaf"] = isaf_quality_crosscheck(sets["isaf"], res[t]["isaf"]["output"])
            else:
                q["seeds"] = seeds_quality_peer(res[t]["seeds"]["results"], vague)
                if "isaf" in sets:
                    q["isaf"] = isaf_quality_peer(t, sets["isaf"], res[t]["isaf"]["results"], vague)
            quality[label] = q
    res["quality"] = quality

    # Strip bulky outputs before saving.
    for t in ["crosscheck"] + PEERS:
        for name in res.get(t, {}):
            res[t][name].pop("output", None)
            res[t][name].pop("results", None)
    json.dump(res, open(os.path.join(args.out, "results.json"), "w"), indent=1)
    print_report(res, sets)


def print_report(res, sets):
    speed_sets = [s for s in ("news", "isaf") if s in sets]
    print(f"\nload average at start / end: {res['loadavg'][0]:.2f} / {res['loadavg_end'][0]:.2f} on {res['nproc']} CPUs\n")
    print("### Speed (documents/s per core, CPU time)\n")
    print("| tool | " + " | ".join(f"{s} ({res['sets'][s]['docs']} docs, {res['sets'][s]['bytes'] / 1e6:.2f} MB)" for s in speed_sets)
          + " | start-up / load (excluded) |")
    print("|---|" + "---:|" * len(speed_sets) + "---|")
    rates = {}
    for t in ["crosscheck"] + PEERS:
        if t not in res:
            continue
        cells = []
        for s in speed_sets:
            tm = res[t][s]["timing"]
            r = res["sets"][s]["docs"] / tm["cpu_s"]
            rates[(t, s)] = r
            cells.append(f"{fmt_rate(r)} ({res['sets'][s]['bytes'] / tm['cpu_s'] / 1e6:.2f} MB/s)")
        tm = res[t][speed_sets[0]]["timing"]
        extra = (f"{tm['startup_cpu_s'] * 1e3:.0f} ms CPU process start-up" if t == "crosscheck"
                 else f"{tm['load_ms']:.0f} ms library load; cold pass {res['sets'][speed_sets[0]]['docs'] / tm['cold_cpu_s']:,.0f} docs/s")
        print(f"| {t} | " + " | ".join(cells) + f" | {extra} |")
    if "floors" in res:
        for f in ("wc -w (C.UTF-8)", "wc -w (C)", "xxhsum -H64", "xxhsum -H3"):
            cells = []
            for s in speed_sets:
                tm = res["floors"][s][f]
                cells.append(f"{fmt_rate(res['floors'][s]['_docs'] / tm['cpu_s'])} ({res['floors'][s]['_bytes'] / tm['cpu_s'] / 1e6:,.0f} MB/s)")
            print(f"| `{f}` floor | " + " | ".join(cells) + f" | {res['floors'][speed_sets[0]][f]['startup_cpu_s'] * 1e3:.1f} ms start-up |")

    print("\n### Quality\n")
    print("| tool | seeds: gold claims found (type+value) | figures emitted | seeds: gold people found | person candidates | ISAF killed = gold | ISAF detained = gold | ISAF both | ISAF procedure (killed; detained) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for label, q in res["quality"].items():
        s = q["seeds"]
        row = f"| {label} | {s['claims']}/{s['claims_gold']} | {s['figures_emitted']} | {s['people']}/{s['people_gold']} | {s['people_candidates']} |"
        if "isaf" in q:
            i = q["isaf"]
            n = i["n"]
            row += (f" {i['killed']['right'] / n:.1%} | {i['detained']['right'] / n:.1%} | {i['both'] / n:.1%} |"
                    f" {i['killed']['procedure']}; {i['detained']['procedure']} |")
        else:
            row += " – | – | – | – |"
        print(row)

    if "crosscheck" in res:
        print("\n### crosscheck vs each peer\n")
        print("| peer | speed ratio " + " | ".join(speed_sets) + " | seeds claims (cc vs peer) | seeds people | ISAF killed | ISAF detained |")
        print("|---|" + "---:|" * len(speed_sets) + "---:|---:|---:|---:|")
        qc = res["quality"]["crosscheck"]
        for label, q in res["quality"].items():
            if label == "crosscheck":
                continue
            t = label.split("+")[0]
            cells = [f"{rates[('crosscheck', s)] / rates[(t, s)]:.2f}×" for s in speed_sets]
            row = f"| {label} | " + " | ".join(cells)
            row += f" | {qc['seeds']['claims']} vs {q['seeds']['claims']} | {qc['seeds']['people']} vs {q['seeds']['people']} |"
            if "isaf" in q:
                n = q["isaf"]["n"]
                row += (f" {qc['isaf']['killed']['right'] / n:.1%} vs {q['isaf']['killed']['right'] / n:.1%} |"
                        f" {qc['isaf']['detained']['right'] / n:.1%} vs {q['isaf']['detained']['right'] / n:.1%} |")
            else:
                row += " – | – |"
            print(row)

    if "stages" in res and "floors" in res and "news" in res["floors"]:
        # The stage benchmarks read the real-news corpus of bench/real_corpus.h (the stages 1,000
        # articles, BM_Analyze 1,700): MB/s as each benchmark counts its own bytes.
        st = res["stages"]
        print("\n### Stages vs floors (real news: the stages on 1,000 articles, BM_Analyze on 1,700; "
              "floors on the news set's bytes)\n")
        print("| what | CPU per 1,000 docs | MB/s | × slower than `wc -w` (C.UTF-8) | × slower than `xxhsum -H64` |")
        print("|---|---:|---:|---:|---:|")
        fl = res["floors"]["news"]
        wc = fl["_bytes"] / fl["wc -w (C.UTF-8)"]["cpu_s"] / 1e6
        xx = fl["_bytes"] / fl["xxhsum -H64"]["cpu_s"] / 1e6
        stages = ("BM_Clean", "BM_Segment", "BM_Quantities")
        rows = [(k, st[k]["bytes_per_second"] / 1e6, 1e3 / st[k]["items_per_second"]) for k in stages]
        # The three stages one after another on the same documents: their times add up.
        rows.append(("clean+segment+numbers", 1 / sum(1 / r[1] for r in rows), sum(r[2] for r in rows)))
        if "BM_Analyze/1700" in st:
            a = st["BM_Analyze/1700"]
            rows.append(("BM_Analyze/1700 (whole pipeline)", a["bytes_per_second"] / 1e6, 1e3 / a["items_per_second"]))
        for k, mbs, per_1000 in rows:
            print(f"| {k} | {per_1000 * 1e3:.1f} ms | {mbs:.1f} | {wc / mbs:.1f}× | {xx / mbs:.0f}× |")
        for f in ("wc -w (C.UTF-8)", "wc -w (C)", "xxhsum -H64", "xxhsum -H3"):
            cpu = fl[f]["cpu_s"]
            print(f"| `{f}` | | {fl['_bytes'] / cpu / 1e6:,.0f} | | |")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Side-by-side benchmark, run by hand (not in CI): crosscheck against compromise, wink-nlp and a
# plain regex baseline on the same documents, plus the wc -w / xxhsum floors and crosscheck's
# clean/segment/numbers stages. See docs/PERFORMANCE.md, "Side by side".
#
#   bench/compare/run.sh [compare.py options]     e.g. --reps 10 --min-seconds 5
#
# Needs: cmake and a C++ toolchain with the project's dependencies (make deps), node + npm,
# python3, xxhsum (Debian package xxhash), coreutils wc. The ISAF part needs
# ../shared/data/isaf-press-releases-killcapture/test.jsonl beside the repo and is skipped with a
# message when it is absent. Results: build-bench/compare/results.json and Markdown on stdout.
# Optional: PROFILE=1 also records a perf profile of the clean/segment/numbers stages.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${BUILD_DIR:-$repo/build-bench}"
cd "$repo"

for tool in cmake node npm python3 xxhsum wc; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found (xxhsum: apt-get install xxhash)" >&2; exit 2; }
done

# crosscheck, Release, in its own build directory.
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" -j2 --target crosscheck_cli crosscheck_bench crosscheck_bench_write_corpus

# npm packages, pinned in package-lock.json, installed into bench/compare/node_modules.
if [[ ! -d "$here/node_modules/compromise" || ! -d "$here/node_modules/wink-nlp" || ! -d "$here/node_modules/wink-eng-lite-web-model" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

[[ -f "$repo/../shared/data/isaf-press-releases-killcapture/test.jsonl" ]] ||
  echo "run.sh: ISAF data not found at ../shared/data/isaf-press-releases-killcapture/test.jsonl: skipping the ISAF columns" >&2

echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src 2>/dev/null || echo ' + working-tree edits in src/'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$here/compare.py" --bench-dir "$build" --out "$build/compare" "$@"

if [[ "${PROFILE:-0}" == 1 ]]; then
  out="$build/compare"
  # No hardware counters in this VM: sample the cpu-clock software event, DWARF call graphs.
  for b in Clean Segment Quantities; do
    perf record -q -e cpu-clock -F 1999 --call-graph dwarf,16384 -o "$out/$b.perf.data" -- \
      "$build/bench/crosscheck_bench" "--benchmark_filter=^BM_$b\$" --benchmark_min_time=2 >/dev/null 2>&1
    echo "== perf, BM_$b: self time by symbol"
    perf report -i "$out/$b.perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null |
      grep -E '^ +[0-9.]+%' | sed -E 's/ {2,}/ /g' | cut -c1-150 | head -15
  done
  # Instruction counts (load-independent): one BM_Quantities pass, whose set-up runs Clean and
  # Segment once per document, so the inclusive counts of Clean, Segment and FindQuantities are
  # one pass each over the corpus; and the floors on the same bytes.
  valgrind --tool=callgrind --callgrind-out-file="$out/q.callgrind" "$build/bench/crosscheck_bench" \
    '--benchmark_filter=^BM_Quantities$' --benchmark_min_time=0 >/dev/null 2>&1
  echo "== callgrind, instructions (Ir) for one pass over $(stat -c %s "$out/bench.txt") bytes"
  callgrind_annotate --inclusive=yes "$out/q.callgrind" 2>/dev/null | sed -E 's/ \[\/.*\]//' |
    grep -E 'crosscheck::(Clean|Segment|FindQuantities)\(|MatchPhrase|Lexicon::Find|::Role\(|ParseNumber|TokenizeInto|PushToken|SimpleFilteredSentenceBreakIterator::next|RE2::PartialMatchN|re2::RE2::Init' |
    cut -c1-140
  for run in "C.UTF-8 wc -w" "C wc -w" "C xxhsum -H64"; do
    read -r loc cmd <<<"$run"
    for f in "$out/bench.txt" "$out/empty.txt"; do
      printf 'LC_ALL=%-8s %-12s %-10s ' "$loc" "$cmd" "$(basename "$f")"
      LC_ALL=$loc valgrind --tool=callgrind --callgrind-out-file=/dev/null $cmd "$f" 2>&1 >/dev/null | grep -o 'Collected : [0-9]*'
    done
  done
fi

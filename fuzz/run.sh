#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a while.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# SECONDS (default 60) is the time per target; TARGETs default to all of them
# (names as in fuzz/CMakeLists.txt, e.g. fuzz_claims).
#
# The build goes to build-fuzz/ (CROSSCHECK_FUZZ=ON, no benchmarks). The whole
# library is compiled with -fsanitize=fuzzer-no-link,address,undefined via
# CMAKE_CXX_FLAGS; the fuzz targets add -fsanitize=fuzzer at link time.
# Each target fuzzes a scratch corpus, build-fuzz/corpus/<target>/, seeded
# from fuzz/corpus/<target>/ and fuzz/regressions/<target>/ (the repo's corpus
# is never written). Crash inputs land in build-fuzz/artifacts/<target>/ and
# the full logs in build-fuzz/logs/<target>.log.
#
# Environment:
#   FUZZ_JOBS=N        run N targets at once (default 1)
#   FUZZ_EXTRA=D1:D2   extra read-only input directories given to every target
#   FUZZ_KEEP_GOING=1  do not stop at the first crash (libFuzzer -fork=1
#                      -ignore_crashes=1): every crash input is saved
#   FUZZ_SANITIZE_EXTRA extra flags for the library, e.g.
#                      "-fno-sanitize=float-cast-overflow" to fuzz past a
#                      known, not yet fixed finding (a changed value rebuilds)
#   CXX                clang++ to use (default clang++-14, else clang++)
#
# Exit status: 0 when no target crashed, 1 when one did, 2 on a build failure.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$ROOT/build-fuzz"
SECONDS_PER_TARGET=${1:-60}
shift || true
# Every target listed in fuzz/CMakeLists.txt (CROSSCHECK_FUZZ_TARGETS), so a
# new target is fuzzed by `make fuzz` without editing this script.
mapfile -t ALL_TARGETS < <(sed -n '/^set(CROSSCHECK_FUZZ_TARGETS/,/)/p' "$ROOT/fuzz/CMakeLists.txt" | grep -oE 'fuzz_[a-z_]+')
if [ $# -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi
JOBS=${FUZZ_JOBS:-1}

if ! [[ "$SECONDS_PER_TARGET" =~ ^[0-9]+$ ]] || [ "$SECONDS_PER_TARGET" -lt 1 ]; then
  echo "usage: fuzz/run.sh [SECONDS] [TARGET...]" >&2
  exit 2
fi

if [ -z "${CXX:-}" ]; then
  if command -v clang++-14 >/dev/null; then CXX=clang++-14; else CXX=clang++; fi
fi
SAN_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer ${FUZZ_SANITIZE_EXTRA:-}"
MODE_ARGS=()
if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then MODE_ARGS=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1); fi

mkdir -p "$BUILD"
echo "== configuring $BUILD with $CXX"
if ! cmake -S "$ROOT" -B "$BUILD" \
    -DCMAKE_CXX_COMPILER="$CXX" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS="$SAN_FLAGS" \
    -DCROSSCHECK_FUZZ=ON -DCROSSCHECK_BENCH=OFF >"$BUILD/configure.log" 2>&1; then
  cat "$BUILD/configure.log" >&2
  echo "cmake configure failed" >&2
  exit 2
fi
echo "== building ${TARGETS[*]}"
if ! cmake --build "$BUILD" -j"$(nproc)" --target "${TARGETS[@]}" >"$BUILD/build.log" 2>&1; then
  grep -E "error|Error" "$BUILD/build.log" | head -40 >&2
  echo "build failed; full log in $BUILD/build.log" >&2
  exit 2
fi

mkdir -p "$BUILD/logs"
# A dictionary of the lexicon phrases (numbers, qualifiers, triggers, ...)
# steers mutations toward the words the parsers look for.
DICT_ARGS=()
if command -v python3 >/dev/null; then
  python3 - "$ROOT/data/lexicon" "$BUILD/lexicon.dict" <<'PY' && DICT_ARGS=(-dict="$BUILD/lexicon.dict")
import pathlib, sys
keys = set()
for tsv in sorted(pathlib.Path(sys.argv[1]).glob("*.tsv")):
    for line in tsv.read_bytes().splitlines():
        if not line.strip() or line.startswith(b"#"):
            continue
        key = line.split(b"\t")[0].strip()
        if key and len(key) <= 64 and tsv.name != "boilerplate.tsv":
            keys.add(key)
with open(sys.argv[2], "w") as out:
    for k in sorted(keys):
        esc = "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else "\\x%02X" % b for b in k)
        out.write('"%s"\n' % esc)
PY
fi
EXTRA_DIRS=()
if [ -n "${FUZZ_EXTRA:-}" ]; then
  IFS=: read -r -a EXTRA_DIRS <<<"$FUZZ_EXTRA"
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_one() {
  local t=$1
  local corpus="$BUILD/corpus/$t" artifacts="$BUILD/artifacts/$t/" log="$BUILD/logs/$t.log"
  mkdir -p "$corpus" "$artifacts"
  # Seeds are copied in; what the fuzzer found in earlier runs is kept.
  cp -f "$ROOT/fuzz/corpus/$t"/* "$corpus"/ 2>/dev/null || true
  if [ -d "$ROOT/fuzz/regressions/$t" ]; then cp -f "$ROOT/fuzz/regressions/$t"/* "$corpus"/ 2>/dev/null || true; fi
  "$BUILD/fuzz/$t" -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -timeout=30 \
    -print_final_stats=1 "${MODE_ARGS[@]}" "${DICT_ARGS[@]}" -artifact_prefix="$artifacts" "$corpus" "${EXTRA_DIRS[@]}" >"$log" 2>&1
  echo $? >"$BUILD/logs/$t.rc"
}

start=$(date +%s)
echo "== fuzzing each target for ${SECONDS_PER_TARGET}s (${JOBS} at a time)"
running=0
for t in "${TARGETS[@]}"; do
  if [ ! -x "$BUILD/fuzz/$t" ]; then echo "no such target: $t" >&2; exit 2; fi
  rm -f "$BUILD/logs/$t.rc"
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
done
wait

status=0
printf '\n%-20s %12s %8s %8s  %s\n' target executions exec/s corpus result
for t in "${TARGETS[@]}"; do
  log="$BUILD/logs/$t.log"
  rc=$(cat "$BUILD/logs/$t.rc" 2>/dev/null || echo "?")
  execs=$(grep 'stat::number_of_executed_units:' "$log" | tail -1 | awk '{print $2}')
  # -fork mode prints no final stats: take the count of its last status line.
  [ -z "$execs" ] && execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  persec=$(grep 'stat::average_exec_per_sec:' "$log" | tail -1 | awk '{print $2}')
  units=$(find "$BUILD/corpus/$t" -type f | wc -l)
  crashes=$(find "$BUILD/artifacts/$t" -type f -newermt "@$start" 2>/dev/null | sort)
  if [ "$rc" = "0" ] && [ -z "$crashes" ]; then
    result="ok"
  else
    result="CRASH (exit $rc)"
    status=1
  fi
  printf '%-20s %12s %8s %8s  %s\n' "$t" "${execs:-?}" "${persec:-?}" "$units" "$result"
  if [ "$result" != "ok" ]; then
    for f in $crashes; do echo "    input: $f"; done
    grep -m1 -E "ERROR: |runtime error|fuzz invariant failed|deadly signal" "$log" | sed 's/^/    /'
    echo "    log: $log"
  fi
done
echo "== done in $(( $(date +%s) - start ))s"
exit $status

#!/usr/bin/env bash
# The tagger on CoNLL-2003 eng.testa: entity F1 of `crosscheck tag --conll`
# scored by conlleval.pl, and POS accuracy (tag_train --evaluate). Fails when
# either is below its bar; skips (exit 77) when ../shared/data is absent.
# Also prints entity F1 on eng.testa recased as headlines (every token's
# first letter in capitals; every token in capitals), without a bar.
# Usage: tag_eval.sh CROSSCHECK TAG_TRAIN MIN_F1 MIN_POS [DATA_DIR]
set -euo pipefail
bin=$1 train=$2 min_f1=$3 min_pos=$4
here=$(cd "$(dirname "$0")" && pwd)
data=${5:-$here/../../shared/data/conll2003-en}
if [ ! -f "$data/eng.testa" ] || [ ! -f "$data/conlleval.pl" ]; then
  echo "SKIP: CoNLL-2003 not found at $data (it lives in ../shared, outside the repo)"
  exit 77
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$bin" tag --conll "$data/eng.testa" > "$out"
score=$(perl "$data/conlleval.pl" < "$out" | sed -n 2p)
echo "NER (conlleval): $score"
f1=$(sed 's/.*FB1: *//' <<< "$score")
"$train" --evaluate "$here/../data/models/tagger.model" --dev "$data/eng.testa" --min-pos "$min_pos"
for casing in title upper; do
  awk -v c="$casing" 'NF == 0 || /^-DOCSTART-/ { print; next }
    { $1 = c == "upper" ? toupper($1) : toupper(substr($1, 1, 1)) substr($1, 2); print }' "$data/eng.testa" |
    "$bin" tag --conll - | perl "$data/conlleval.pl" | sed -n 2p | sed "s/^/NER on eng.testa in $casing case: /"
done
awk -v f="$f1" -v m="$min_f1" 'BEGIN { if (f / 100 < m) { print "NER F1 " f / 100 " < " m; exit 1 } }'

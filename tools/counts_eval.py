"""What tools/gva_eval.py and tools/isaf_eval.py share: running `crosscheck analyze` on
records with one story per record, and the cross-validation folds count_train uses."""
import json, os, subprocess, sys, tempfile


def fold_of(key, k):
    """FNV-1a 64 of `key` (an incident or release id), modulo k: count_train's FoldOf."""
    h = 1469598103934665603
    for c in key.encode():
        h = ((h ^ c) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h % k


def analyze(binary, records, counts, model=None):
    """crosscheck's JSON analysis of `records` ({"id", "text"} each), --group none."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
        path = f.name
    cmd = [binary, "analyze", "--group", "none", "--format", "json", "--compact", "--counts", counts, path]
    if model:
        cmd[2:2] = ["--counts-model", model]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    finally:
        os.unlink(path)
    if out.returncode not in (0, 1):
        sys.exit(f"crosscheck failed ({out.returncode}): {out.stderr[:2000]}")
    return json.loads(out.stdout)


def train(train_binary, model, fold, folds, gva=None, isaf=None):
    """Trains a counts model on every fold but `fold` of `folds`."""
    cmd = [train_binary, "--exclude-fold", f"{fold}/{folds}", "-o", model, "--gva", gva]
    if isaf and os.path.exists(isaf):
        cmd += ["--isaf", isaf]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

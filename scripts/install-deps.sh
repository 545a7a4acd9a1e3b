#!/usr/bin/env bash
# Installs the Debian packages crosscheck builds with, when missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -euo pipefail
PKGS=(cmake g++ make pkg-config python3 libicu-dev libre2-dev nlohmann-json3-dev
      libcli11-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev libstemmer-dev libxxhash-dev libsqlite3-dev
      libgumbo-dev libsimdjson-dev zlib1g-dev libcurl4-openssl-dev libexpat1-dev libcpp-httplib-dev
      python3-pandas)  # pandas: the exports' test reads them with it too (skipped without it)
# `make train` also reads the gazetteers' sources (not needed to build or run).
[ "${1:-}" = train ] && PKGS+=(iso-codes wordnet-base perl)
# tools/gen_knowledge.py regenerates data/knowledge/ from these (not needed to build or run).
[ "${1:-}" = knowledge ] && PKGS+=(iso-codes wordnet-base libgeonames0)
# `make test`'s browser tests (tests/browser): Debian's Chromium, and Node with
# npm for playwright-core (a Node already on the machine, with its npm, is used
# as it is). chromium-driver is there for WebDriver clients; playwright does not need it.
if [ "${1:-}" = browser ]; then
  PKGS+=(chromium chromium-driver)
  command -v node >/dev/null || PKGS+=(nodejs)
  command -v npm >/dev/null || PKGS+=(npm)
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "crosscheck: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "crosscheck: missing packages; run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

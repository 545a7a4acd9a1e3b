#!/usr/bin/env python3
"""Regenerates data/knowledge/*.tsv, the place and demonym tables of src/entity/.

Sources (Debian packages; `scripts/install-deps.sh knowledge` installs them):
  iso-codes     /usr/share/iso-codes/json/iso_3166-1.json, iso_3166-2.json
                countries and their subdivisions (LGPL-2.1+)
  wordnet-base  /usr/share/wordnet/data.noun, data.adj (WordNet 3.0 licence)
                country synonyms (America = United States), demonyms from
                adjective pertainyms (Pakistani -> Pakistan), instance nouns of
                places with the country they are part of (Khyber Pass -> PK)
  libgeonames0  cities of 15,000 people or more with coordinates (GeoNames,
                CC BY 4.0), read through the library's C API with ctypes

The tables are committed so that neither the build nor the binary needs these
packages; rerun this script after a Debian upgrade and review the diff:
    python3 tools/gen_knowledge.py [--out data/knowledge]
"""
import argparse
import ctypes
import ctypes.util
import json
import os
import sys
import unicodedata

ISO = "/usr/share/iso-codes/json"
WORDNET = "/usr/share/wordnet"


def fold(s):
    """Lower case, diacritics removed: the key names are compared by."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.lower().replace("_", " ").split())


def clean(s):
    return " ".join(s.replace("\t", " ").split())


# ---------------------------------------------------------------- WordNet
class WordNet:
    def __init__(self, root):
        self.noun = self._read(os.path.join(root, "data.noun"))
        self.adj = self._read(os.path.join(root, "data.adj"))

    @staticmethod
    def _read(path):
        out = {}
        with open(path, encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                head = line.split(" | ")[0].split()
                off, lexfile, _pos, wcnt = head[0], head[1], head[2], int(head[3], 16)
                lemmas = []
                i = 4
                for _ in range(wcnt):
                    w = head[i]
                    if "(" in w:  # adjective markers: "(a)", "(p)", "(ip)"
                        w = w[: w.index("(")]
                    lemmas.append(w.replace("_", " "))
                    i += 2
                pcnt = int(head[i])
                i += 1
                ptrs = []
                for _ in range(pcnt):
                    sym, target, tpos, st = head[i : i + 4]
                    ptrs.append((sym, target, tpos, int(st, 16)))
                    i += 4
                out[off] = (lexfile, lemmas, ptrs)
        return out


# ---------------------------------------------------------------- GeoNames
def geonames_cities():
    name = ctypes.util.find_library("geonames") or "libgeonames.so.0"
    try:
        g = ctypes.CDLL(name)
    except OSError:
        sys.exit("gen_knowledge: libgeonames0 is not installed (scripts/install-deps.sh knowledge)")
    g.geonames_get_n_cities.restype = ctypes.c_int
    g.geonames_get_city.restype = ctypes.c_void_p
    g.geonames_get_city.argtypes = [ctypes.c_int]
    g.geonames_city_free.argtypes = [ctypes.c_void_p]
    for f in ("name", "state", "country_code"):
        fn = getattr(g, "geonames_city_get_" + f)
        fn.restype, fn.argtypes = ctypes.c_char_p, [ctypes.c_void_p]
    for f in ("latitude", "longitude"):
        fn = getattr(g, "geonames_city_get_" + f)
        fn.restype, fn.argtypes = ctypes.c_double, [ctypes.c_void_p]
    g.geonames_city_get_population.restype = ctypes.c_uint
    g.geonames_city_get_population.argtypes = [ctypes.c_void_p]
    for i in range(g.geonames_get_n_cities()):
        c = g.geonames_get_city(i)
        yield (g.geonames_city_get_name(c).decode(), g.geonames_city_get_country_code(c).decode(),
               g.geonames_city_get_state(c).decode(), g.geonames_city_get_latitude(c),
               g.geonames_city_get_longitude(c), g.geonames_city_get_population(c))
        g.geonames_city_free(c)


# Instance hypernyms that make a WordNet synset a country rather than, say,
# the US state of Georgia.
COUNTRY_KINDS = ("country", "kingdom", "republic", "sultanate", "emirate", "principality",
                 "monarchy", "state", "island", "city state", "dependency", "nation")


def is_country_synset(wn, off):
    for sym, target, tpos, _ in wn.noun[off][2]:
        if sym == "@i" and tpos == "n":
            kind = wn.noun[target][1][0].lower()
            if kind.endswith(COUNTRY_KINDS) and "american state" not in kind:
                return True
    return False


ORGANIZATION, MOVEMENT, RELIGION = "08008335", "08464601", "08081668"


def organization_names(wn):
    """Capitalised noun.group lemmas whose hypernyms reach an organisation or a
    movement without passing through a religion (sects are MISC, as in CoNLL)."""
    memo = {}

    def kind(off):
        if off in (ORGANIZATION, MOVEMENT, RELIGION):
            return off
        if off not in memo:
            memo[off] = None
            ups = [t for (sym, t, tpos, _st) in wn.noun[off][2] if sym in ("@", "@i") and tpos == "n"]
            found = [kind(t) for t in ups]
            memo[off] = RELIGION if RELIGION in found else next((k for k in found if k), None)
        return memo[off]

    lower = {l for (_lf, ls, _p) in wn.noun.values() for l in ls if not l[:1].isupper()}
    elsewhere = {l for (lf, ls, _p) in wn.noun.values() if lf != "14" for l in ls}
    names = set()
    for off, (lexfile, lemmas, _ptrs) in wn.noun.items():
        if lexfile != "14" or kind(off) not in (ORGANIZATION, MOVEMENT):
            continue
        names.update(l for l in lemmas if l[:1].isupper() and l.lower() not in lower and len(l) > 2
                     and not l.endswith("ism") and l not in elsewhere)
    return names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="data/knowledge")
    args = ap.parse_args()

    countries = json.load(open(os.path.join(ISO, "iso_3166-1.json"), encoding="utf-8"))["3166-1"]
    subdivisions = json.load(open(os.path.join(ISO, "iso_3166-2.json"), encoding="utf-8"))["3166-2"]
    wn = WordNet(WORDNET)

    # Countries: iso names, then the WordNet synset that shares one of them.
    by_name = {}
    for c in countries:
        for k in ("name", "official_name", "common_name"):
            if k in c:
                by_name.setdefault(fold(c[k]), c["alpha_2"])
    synset_country = {}
    for off, (lexfile, lemmas, _) in wn.noun.items():
        if lexfile != "15":
            continue
        codes = {by_name[fold(l)] for l in lemmas if fold(l) in by_name}
        if len(codes) == 1 and is_country_synset(wn, off):
            synset_country[off] = codes.pop()
    wn_lemmas = {}
    for off, code in synset_country.items():
        wn_lemmas.setdefault(code, []).extend(wn.noun[off][1])

    place_rows = []  # name, kind, country, code, lat, lon, population
    short = {}
    for c in countries:
        code = c["alpha_2"]
        names = [c.get("common_name"), c["name"], c.get("official_name")] + wn_lemmas.get(code, [])
        display = c.get("common_name") or (wn_lemmas[code][0] if code in wn_lemmas else None)
        if not display:
            display = c["name"].split(",")[0] if "," in c["name"] else c["name"]
        short[code] = display
        seen = set()
        for n in [display] + names:
            if not n or fold(n) in seen or "," in n or not n[:1].isupper():
                continue
            seen.add(fold(n))
            place_rows.append((clean(n), "country", code, code, "", "", ""))

    # Subdivisions; "Sindh Province" from GeoNames finds "Sindh".
    sub_by_name = {}
    for s in subdivisions:
        country = s["code"].split("-")[0]
        place_rows.append((clean(s["name"]), "subdivision", country, s["code"], "", "", ""))
        sub_by_name.setdefault((country, fold(s["name"])), s["code"])

    def subdivision_of(country, state):
        f = fold(state)
        for suffix in ("", " province", " region", " state", " district", " governorate", " oblast"):
            if f.endswith(suffix) and (country, f[: len(f) - len(suffix)]) in sub_by_name:
                return sub_by_name[(country, f[: len(f) - len(suffix)])]
        return ""

    city_keys = set()
    for name, country, state, lat, lon, pop in geonames_cities():
        place_rows.append((clean(name), "city", country, subdivision_of(country, state),
                           "%.5f" % lat, "%.5f" % lon, str(pop)))
        city_keys.add((fold(name), country))

    # WordNet places (instance nouns) that GeoNames lacks, with their country
    # from part holonyms: "Khyber Pass" is part of Pakistan.
    def countries_of(start):
        # Breadth first up the part holonyms; every country at the least depth.
        frontier, seen = [start], {start}
        for _ in range(6):
            found = sorted({synset_country[o] for o in frontier if o in synset_country})
            if found:
                return found
            nxt = []
            for o in frontier:
                for sym, target, tpos, _ in wn.noun[o][2]:
                    if sym == "#p" and tpos == "n" and target not in seen:
                        seen.add(target)
                        nxt.append(target)
            frontier = nxt
        return []

    for off, (lexfile, lemmas, ptrs) in wn.noun.items():
        if lexfile not in ("15", "17") or off in synset_country:
            continue
        kinds = [wn.noun[t][1][0].lower() for s, t, p, _ in ptrs if s == "@i" and p == "n"]
        if not kinds:
            continue
        for country in countries_of(off):
            for l in lemmas:
                if not l[:1].isupper() or (fold(l), country) in city_keys:
                    continue
                place_rows.append((clean(l), kinds[0], country, "", "", "", ""))

    # Demonyms: adjective pertainyms (then derivations) that point at a country:
    # the target lemma when the pointer names one ("Chinese" -> "China", not
    # "Taiwan", which shares its synset), else the synset.
    for code, lemmas in wn_lemmas.items():
        for l in lemmas:
            by_name.setdefault(fold(l), code)

    def pointed_country(target, t):
        kinds = [wn.noun[x][1][0].lower() for s, x, p, _ in wn.noun[target][2] if s == "@i" and p == "n"]
        if any("american state" in k for k in kinds):
            return None
        if t > 0:
            return by_name.get(fold(wn.noun[target][1][t - 1]))
        return synset_country.get(target)

    demonyms = {}
    for off, (_lexfile, lemmas, ptrs) in wn.adj.items():
        for sym in ("\\", "+"):
            for s, target, tpos, st in ptrs:
                if s != sym or tpos != "n":
                    continue
                src, t = st >> 8, st & 0xFF
                code = pointed_country(target, t)
                if not code:
                    continue
                for i, l in enumerate(lemmas):
                    if (src == 0 or src == i + 1) and l[:1].isupper():
                        demonyms.setdefault(l, code)
    # Plural nouns of the same word ("Pakistanis", "Afghans").
    noun_lemmas = {l for (_lf, ls, _p) in wn.noun.values() for l in ls}
    for d, code in list(demonyms.items()):
        if d in noun_lemmas and not d.endswith(("s", "sh", "ch", "ese")) and " " not in d:
            demonyms.setdefault(d + "s", code)

    places = {r[0].lower() for r in place_rows}
    organizations = {n for n in organization_names(wn) if n.lower() not in places}

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "places.tsv"), "w", encoding="utf-8") as f:
        f.write("# Places: countries and subdivisions (iso-codes), cities of 15,000+ people with\n"
                "# coordinates (GeoNames via Debian's libgeonames0, CC BY 4.0: geonames.org), WordNet 3.0\n"
                "# place instances with the country they are part of. Generated by\n"
                "# tools/gen_knowledge.py; do not edit. Read by src/entity/knowledge.cc.\n"
                "# Columns: name <TAB> kind (country|subdivision|city|WordNet kind) <TAB> ISO 3166-1\n"
                "# alpha-2 <TAB> ISO code (alpha-2 for countries, 3166-2 for subdivisions and the\n"
                "# subdivision of a city when known) <TAB> latitude <TAB> longitude <TAB> population.\n")
        for r in place_rows:
            f.write("\t".join(r) + "\n")
    with open(os.path.join(args.out, "countries.tsv"), "w", encoding="utf-8") as f:
        f.write("# Short names of countries (iso-codes common_name, else WordNet's first synonym, else\n"
                "# the ISO name). Generated by tools/gen_knowledge.py; do not edit.\n"
                "# Columns: ISO 3166-1 alpha-2 <TAB> short name.\n")
        for code in sorted(short):
            f.write("%s\t%s\n" % (code, short[code]))
    with open(os.path.join(args.out, "demonyms.tsv"), "w", encoding="utf-8") as f:
        f.write("# Demonyms: WordNet 3.0 adjectives whose pertainym (or derivation) is a country, and\n"
                "# their plural nouns. Generated by tools/gen_knowledge.py; do not edit.\n"
                "# Columns: demonym <TAB> ISO 3166-1 alpha-2.\n")
        for d in sorted(demonyms):
            f.write("%s\t%s\n" % (d, demonyms[d]))
    with open(os.path.join(args.out, "organizations.tsv"), "w", encoding="utf-8") as f:
        f.write("# Organisations: WordNet 3.0 capitalised group nouns under organization.n.01 or\n"
                "# movement.n.03 (\"Taliban\", \"Hamas\", \"NATO\"): not religions or sects, \"-isms\",\n"
                "# names of two letters, places (\"Washington\"), names WordNet also gives another\n"
                "# kind of noun (\"Europe\") or has in lower case (\"Army\"). Generated by\n"
                "# tools/gen_knowledge.py; do not edit. Columns: name.\n")
        for name in sorted(organizations):
            f.write(name + "\n")
    print("places %d, countries %d, demonyms %d, organizations %d"
          % (len(place_rows), len(short), len(demonyms), len(organizations)), file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env node
// Peer extractors for the side-by-side benchmark (bench/compare/run.sh).
//
//   node peers.js TOOL IN.jsonl OUT.json [MIN_SECONDS]
//
// TOOL is compromise, wink or regex. IN.jsonl has one {"id","text"} per line.
// The tool's own work (parse the document; numbers, sentences, people) is
// timed inside this process with process.cpuUsage(), so node start-up and
// loading the libraries are left out (load time is reported separately).
// One cold pass (includes JIT warm-up), then warm passes until MIN_SECONDS of
// CPU time have been spent (at least one). Turning the extracted numbers into
// typed figures (the counting procedure below) runs after the clock stops:
// that favours the peers.
//
// OUT.json: {tool, docs, bytes, load_ms, cold: {cpu_s, wall_s}, warm: [{cpu_s,
// wall_s}...], results: [{id, figures: [{cls, value, word, sentence,
// nearest}], people: [..], candidates}]}.
//
// Counting procedure (the same for compromise and wink; see
// docs/PERFORMANCE.md, "Side by side"): a figure is a number the tool found
// (cardinals only: dates, years, ordinals, percentages and money dropped)
// inside a sentence the tool found that contains a trigger word. A number is
// emitted once for every trigger class in its sentence, and `nearest` marks
// the class whose trigger word is closest to it; the scorer picks the
// assignment and aggregation (sum or max) that score best.
'use strict';
const fs = require('fs');

// Trigger classes: word stems of crosscheck's data/lexicon/triggers.tsv,
// matched case-insensitively as whole words.
const TRIGGERS = {
  killed: /\b(?:kill|kills|killed|killing|dead|died|death|deaths|slain|fatalities|lost|losing)\b/gi,
  wounded: /\b(?:wounded|wounding|injured|injuring|injuries|hurt)\b/gi,
  capture: /\b(?:detained|detaining|detain|detention|arrested|arresting|arrest|arrests|apprehended|captured|capturing|capture|seized|seizing|seize)\b/gi,
  destroyed: /\b(?:destroyed|destroying|destroy)\b/gi,
  length: /\b(?:kilometre|kilometres|kilometer|kilometers|km|mile|miles)\b/gi,
};

const SMALL = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70,
  eighty: 80, ninety: 90, a: 1, an: 1, dozen: 12,
};
const SCALE = { hundred: 100, thousand: 1000, million: 1e6 };

// "2,611" / "twenty-three" / "a dozen" / "three hundred" -> number, or null.
function wordsToNumber(s) {
  const t = s.toLowerCase().replace(/[^a-z0-9,.\- ]/g, '').trim();
  if (/^\d[\d,]*(\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''));
  let total = 0, cur = 0, any = false;
  for (const w of t.split(/[\s-]+/)) {
    if (w in SMALL) { cur += SMALL[w]; any = true; }
    else if (w in SCALE) { cur = (cur || 1) * SCALE[w]; if (SCALE[w] >= 1000) { total += cur; cur = 0; } any = true; }
    else if (/^\d[\d,]*$/.test(w)) { cur += Number(w.replace(/,/g, '')); any = true; }
    else if (w !== 'and' && w !== '') return null;
  }
  return any ? total + cur : null;
}

// A 4-digit number without separators between 1900 and 2100 is taken as a year.
function isYear(text, value) {
  return /^\d{4}$/.test(text.trim().replace(/[^\d]/g, '')) && !/,/.test(text) && value >= 1900 && value <= 2100;
}

// --- the tools: text -> {sentences: [[start, end)], numbers: [[start, end, value, text]], people: [...], candidates}

function loadCompromise() {
  const nlp = require('compromise');
  return (text) => {
    const doc = nlp(text);
    const sentences = doc.sentences().json({ offset: true, terms: false, text: false })
      .map((s) => [s.offset.start, s.offset.start + s.offset.length]);
    const numbers = [];
    for (const n of doc.numbers().json({ offset: true })) {
      const tags = new Set(n.terms.flatMap((t) => t.tags));
      if (tags.has('Date') || tags.has('Year') || tags.has('Ordinal') || tags.has('Percent') || tags.has('Money')) continue;
      const value = n.number && typeof n.number.num === 'number' ? n.number.num : null;
      if (value === null || !(value > 0)) continue;
      numbers.push([n.offset.start, n.offset.start + n.offset.length, value, n.text]);
    }
    const people = doc.people().out('array');
    return { sentences, numbers, people, candidates: people.length };
  };
}

function loadWink() {
  const winkNLP = require('wink-nlp');
  const model = require('wink-eng-lite-web-model');
  const nlp = winkNLP(model);
  const its = nlp.its;
  return (text) => {
    const doc = nlp.readDoc(text);
    // wink gives token indices; offsets come from each token's preceding spaces and value.
    const values = doc.tokens().out(its.value);
    const spaces = doc.tokens().out(its.precedingSpaces);
    const pos = doc.tokens().out(its.pos);
    const start = new Array(values.length), end = new Array(values.length);
    let at = 0;
    for (let i = 0; i < values.length; ++i) {
      at += spaces[i].length;
      start[i] = at;
      at += values[i].length;
      end[i] = at;
    }
    const sentences = doc.sentences().out(its.span).map(([a, b]) => [start[a], end[b]]);
    const numbers = [];
    const spans = doc.entities().out(its.span), details = doc.entities().out(its.detail);
    for (let k = 0; k < spans.length; ++k) {
      if (details[k].type !== 'CARDINAL') continue;
      const value = wordsToNumber(details[k].value);
      if (value === null || !(value > 0)) continue;
      numbers.push([start[spans[k][0]], end[spans[k][1]], value, details[k].value]);
    }
    // The lite model has no PERSON entity; the most favourable stand-in is every
    // run of two or more proper nouns (PROPN) in a row.
    const people = [];
    for (let i = 0; i < values.length;) {
      let j = i;
      while (j < values.length && pos[j] === 'PROPN' && (j === i || spaces[j].length > 0 && spaces[j] !== '\n')) ++j;
      if (j - i >= 2) people.push(values.slice(i, j).join(' '));
      i = j > i ? j : i + 1;
    }
    return { sentences, numbers, people, candidates: people.length };
  };
}

// Plain regex baseline: "<N> [up to 4 words] [was/were ...] <verb>" and
// "<verb> [up to 3 words] <N>". N is digits, a number word, "a"/"an", or one of
// crosscheck's vague words (data/lexicon/vague.tsv), flagged `word` so the
// scorer can leave them out ("regex") or use them ("regex+vague").
function loadRegex() {
  const vague = {};
  const vaguePath = require('path').join(__dirname, '..', '..', 'data', 'lexicon', 'vague.tsv');
  for (const line of fs.readFileSync(vaguePath, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [phrase, low] = line.split('\t');
    vague[phrase] = Number(low);
  }
  const vagueAlt = Object.keys(vague).sort((a, b) => b.length - a.length).map((p) => p.replace(/ /g, '\\s+')).join('|');
  const words = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\\s+dozen|dozen';
  const num = `(\\d[\\d,]*|(?:${words})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|an?|${vagueAlt})`;
  const verbs = {
    killed: 'killed|dead|died|slain',
    wounded: 'wounded|injured|hurt',
    capture: 'detained|arrested|captured|apprehended|seized',
  };
  const verbActive = {
    killed: 'killed|killing|kill|lost|losing',
    wounded: 'wounded|injured|wounding|injuring',
    capture: 'detained|arrested|captured|apprehended|seized|detaining|arresting|capturing|seizing',
  };
  // Words between the number and the verb may not be a conjunction or another verb
  // ("killed 58 soldiers and injured 30" must not read 58 as injured).
  const gap = "(?!(?:and|or|but|while|after|killed|wounded|injured|detained|arrested|captured)\\b)";
  const res = [];
  for (const cls of Object.keys(verbs)) {
    res.push([cls, new RegExp(`\\b${num}\\s+(?:${gap}[A-Za-z'-]+\\s+){0,4}?(?:(?:were|was|have\\s+been|had\\s+been|has\\s+been|are|is|being|reportedly|also)\\s+){0,2}(?:${verbs[cls]})\\b`, 'gi')]);
    res.push([cls, new RegExp(`\\b(?:${verbActive[cls]})\\s+(?:${gap}[A-Za-z'-]+\\s+){0,3}?${num}\\s+[A-Za-z]`, 'gi')]);
  }
  return (text) => {
    const figures = [];
    for (const [cls, re] of res) {
      re.lastIndex = 0;
      let m;
      while ((m = re.exec(text)) !== null) {
        const raw = m[1].toLowerCase().replace(/\s+/g, ' ');
        let value = raw in vague ? vague[raw] : wordsToNumber(raw);
        if (value === null || isYear(raw, value)) continue;
        figures.push({ cls, value, word: raw in vague ? raw : null, at: m.index, nearest: true });
        re.lastIndex = m.index + 1;  // allow overlapping matches ("two ... killed and three ... detained")
      }
    }
    return { figures };
  };
}

// Typed figures from a tool's sentences and numbers (untimed; see header).
function figuresOf(text, out) {
  if (out.figures) {
    // regex: one figure per match position and class; overlapping matches of one
    // class at the same number are kept once.
    const seen = new Set();
    return out.figures.filter((f) => { const k = f.cls + ':' + f.at; if (seen.has(k)) return false; seen.add(k); return true; });
  }
  const figures = [];
  out.sentences.forEach(([s, e], si) => {
    const sentence = text.slice(s, e);
    const triggers = [];
    for (const [cls, re] of Object.entries(TRIGGERS)) {
      re.lastIndex = 0;
      let m;
      while ((m = re.exec(sentence)) !== null) triggers.push([cls, s + m.index, s + m.index + m[0].length]);
    }
    if (!triggers.length) return;
    for (const [ns, ne, value, raw] of out.numbers) {
      if (ns < s || ns >= e || isYear(raw, value)) continue;
      let best = null, bestDist = Infinity;
      for (const [cls, ts, te] of triggers) {
        const d = te <= ns ? ns - te : ts - ne;
        if (d < bestDist) { bestDist = d; best = cls; }
      }
      for (const cls of new Set(triggers.map((t) => t[0]))) {
        figures.push({ cls, value, word: null, sentence: si, nearest: cls === best, both: triggers.some((t) => t[0] === 'killed') && triggers.some((t) => t[0] === 'wounded') });
      }
    }
  });
  return figures;
}

function cpuSeconds(start) {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
}

function main() {
  const [tool, input, output, minSecondsArg] = process.argv.slice(2);
  const minSeconds = Number(minSecondsArg || 2);
  const loaders = { compromise: loadCompromise, wink: loadWink, regex: loadRegex };
  if (!loaders[tool] || !input || !output) {
    console.error('usage: node peers.js compromise|wink|regex IN.jsonl OUT.json [MIN_SECONDS]');
    process.exit(2);
  }
  const docs = fs.readFileSync(input, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const t0 = process.hrtime.bigint();
  const extract = loaders[tool]();
  const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;

  const pass = () => {
    const c = process.cpuUsage(), w = process.hrtime.bigint();
    const outs = new Array(docs.length);
    for (let i = 0; i < docs.length; ++i) outs[i] = extract(docs[i].text);
    return { outs, cpu_s: cpuSeconds(c), wall_s: Number(process.hrtime.bigint() - w) / 1e9 };
  };
  const cold = pass();
  const warm = [];
  let spent = 0;
  while (warm.length < 1 || spent < minSeconds) {
    const p = pass();
    warm.push({ cpu_s: p.cpu_s, wall_s: p.wall_s });
    spent += p.cpu_s;
  }
  const results = docs.map((d, i) => ({
    id: d.id,
    figures: figuresOf(d.text, cold.outs[i]),
    people: cold.outs[i].people || [],
    candidates: cold.outs[i].candidates || 0,
  }));
  const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d.text, 'utf8'), 0);
  fs.writeFileSync(output, JSON.stringify({
    tool, docs: docs.length, bytes, load_ms: loadMs,
    cold: { cpu_s: cold.cpu_s, wall_s: cold.wall_s }, warm, results,
  }));
}

main();

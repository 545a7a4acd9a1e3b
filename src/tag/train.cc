#include "tag/train.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <span>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "tag/features.h"
#include "tag/model.h"

namespace crosscheck {

using namespace tag_internal;

namespace {

// Deterministic on every platform (std::shuffle and the std distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() { return Mix(s_++, 0x5851F42D4C957F2Dull); }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Next() % i]);
  }

 private:
  uint64_t s_;
};

Result<std::string> ReadFile(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return Status::Error("cannot read " + p.string() + "; install the Debian package that provides it");
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// Country and subdivision names from iso-codes. Names with a comma or a
// parenthesis ("Korea, Republic of") are official forms never seen in text.
Status AddIsoCodes(const std::string& dir, Gazetteer& gaz) {
  const std::array<std::pair<const char*, const char*>, 3> files = {
      {{"iso_3166-1.json", "3166-1"}, {"iso_3166-3.json", "3166-3"}, {"iso_3166-2.json", "3166-2"}}};
  for (const auto& [file, key] : files) {
    Result<std::string> text = ReadFile(std::filesystem::path(dir) / file);
    if (!text.ok()) return text.status();
    nlohmann::json j = nlohmann::json::parse(text.value(), nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains(key)) return Status::Error(dir + "/" + file + ": not iso-codes JSON");
    uint16_t flag = std::string_view(key) == "3166-2" ? kSubdivision : kCountry;
    for (const auto& e : j[key]) {
      for (const char* field : {"name", "common_name", "official_name"}) {
        if (!e.contains(field) || !e[field].is_string()) continue;
        std::string name = e[field].get<std::string>();
        if (name.find_first_of(",(") == std::string::npos) gaz.Add(name, flag);
      }
    }
  }
  return Status();
}

uint16_t WordNetFlag(std::string_view word, int lex_file, bool noun) {
  bool capital = std::any_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!capital) return kCommon;
  if (noun && lex_file == 15) return kWnLocation;  // lexicographer file noun.location
  if (noun && lex_file == 18) return kWnPerson;    // noun.person
  if (noun && lex_file == 14) return kWnGroup;     // noun.group
  return kWnProper;
}

// WordNet lemmas: lower-case ones are ordinary words (kCommon, single words
// only), capitalised ones are names, sorted by their lexicographer file.
Status AddWordNet(const std::string& dir, Gazetteer& gaz) {
  for (const char* pos : {"noun", "verb", "adj", "adv"}) {
    Result<std::string> text = ReadFile(std::filesystem::path(dir) / ("data." + std::string(pos)));
    if (!text.ok()) return text.status();
    std::istringstream in(text.value());
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == ' ') continue;  // licence header
      std::istringstream f(line);
      std::string offset, type, count_hex;
      int lex_file = 0;
      f >> offset >> lex_file >> type >> count_hex;
      int count = static_cast<int>(std::strtol(count_hex.c_str(), nullptr, 16));
      for (int k = 0; k < count && f; ++k) {
        std::string word, lex_id;
        f >> word >> lex_id;
        if (size_t paren = word.find('('); paren != std::string::npos) word.resize(paren);  // adj "(a)"
        std::replace(word.begin(), word.end(), '_', ' ');
        uint16_t flag = WordNetFlag(word, lex_file, std::string_view(pos) == "noun");
        if (flag == kCommon && word.find(' ') != std::string::npos) continue;
        gaz.Add(word, flag);
      }
    }
  }
  return Status();
}

// IOB1 -> IOB2 (chunks) or BILOU (entities), the schemes decoded internally.
std::vector<std::string> Recode(const std::vector<std::string>& iob1, bool bilou) {
  const size_t n = iob1.size();
  auto type = [&](size_t i) { return iob1[i].size() > 2 ? iob1[i].substr(2) : std::string(); };
  std::vector<std::string> out(n);
  for (size_t i = 0; i < n; ++i) {
    std::string t = type(i);
    if (t.empty()) { out[i] = "O"; continue; }
    bool starts = iob1[i][0] == 'B' || i == 0 || type(i - 1) != t;
    bool ends = i + 1 == n || type(i + 1) != t || iob1[i + 1][0] == 'B';
    char p = starts ? 'B' : 'I';
    if (bilou) p = starts && ends ? 'U' : starts ? 'B' : ends ? 'L' : 'I';
    out[i] = std::string(1, p) + "-" + t;
  }
  return out;
}

std::string Recase(const std::string& w, bool upper, Rng& rng) {
  std::string out = w;
  if (upper) {
    for (char& c : out) if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  } else if (!out.empty() && out[0] >= 'a' && out[0] <= 'z' && (out.size() >= 4 || rng.Uniform() < 0.5)) {
    out[0] = static_cast<char>(out[0] - 'a' + 'A');  // headline style: short words only sometimes
  }
  return out;
}

// The training sentences plus Title Case and CAPITALS copies of some.
std::vector<ConllSentence> Augment(const std::vector<ConllSentence>& train, const TrainOptions& o) {
  std::vector<ConllSentence> out = train;
  Rng rng(o.seed);
  for (const ConllSentence& s : train) {
    if (s.words.size() < 3) continue;
    for (bool upper : {false, true}) {
      if (rng.Uniform() >= (upper ? o.upper_copies : o.title_copies)) continue;
      ConllSentence c = s;
      for (std::string& w : c.words) w = Recase(w, upper, rng);
      out.push_back(std::move(c));
    }
  }
  return out;
}

// Averaged perceptron weights for one task, rows created on first update.
// Averaging is lazy (Daume 2006): avg = w - u / t, u accumulating t * delta.
class PerceptronTable {
 public:
  explicit PerceptronTable(int classes) : classes_(classes) {}
  int classes() const { return classes_; }

  void Score(std::span<const uint64_t> feats, float* scores) const {
    for (uint64_t f : feats) {
      auto it = rows_.find(f);
      if (it == rows_.end()) continue;
      const float* w = &w_[it->second * classes_];
      for (int c = 0; c < classes_; ++c) scores[c] += w[c];
    }
  }
  void Update(std::span<const uint64_t> feats, int gold, int guess, double t) {
    for (uint64_t f : feats) {
      auto [it, fresh] = rows_.emplace(f, rows_.size());
      if (fresh) { w_.resize(w_.size() + classes_, 0); u_.resize(u_.size() + classes_, 0); }
      size_t r = it->second * classes_;
      w_[r + gold] += 1; u_[r + gold] += t;
      w_[r + guess] -= 1; u_[r + guess] -= t;
    }
  }
  // Averaged weights per feature.
  std::map<uint64_t, std::vector<float>> Averaged(double t) const {
    std::map<uint64_t, std::vector<float>> out;
    for (const auto& [f, row] : rows_) {
      std::vector<float>& v = out[f];
      v.resize(classes_);
      for (int c = 0; c < classes_; ++c) {
        v[c] = static_cast<float>(w_[row * classes_ + c] - u_[row * classes_ + c] / t);
      }
    }
    return out;
  }

 private:
  int classes_;
  std::unordered_map<uint64_t, size_t> rows_;
  std::vector<float> w_;
  std::vector<double> u_;
};

// A training sentence ready for one task: per word the features that do not
// depend on the task's own tags, and the gold tag.
struct TaskSentence {
  SentenceInfo info;
  std::vector<uint32_t> begin;  // features of word i: feats[begin[i], begin[i + 1])
  std::vector<uint64_t> feats;
  std::vector<uint8_t> gold;
};

uint8_t ClassOf(const std::vector<std::string>& classes, const std::string& label) {
  return static_cast<uint8_t>(std::lower_bound(classes.begin(), classes.end(), label) - classes.begin());
}

struct Corpus {
  std::array<std::vector<std::string>, kTasks> classes;
  std::vector<std::array<std::vector<uint8_t>, kTasks>> gold;  // per sentence, per task
  std::vector<std::vector<std::string>> words;
};

Corpus Label(const std::vector<ConllSentence>& sentences) {
  Corpus c;
  std::array<std::set<std::string>, kTasks> seen;
  std::vector<std::array<std::vector<std::string>, kTasks>> labels;
  for (const ConllSentence& s : sentences) {
    std::array<std::vector<std::string>, kTasks> l = {s.pos, Recode(s.chunk, false), Recode(s.ner, true)};
    for (int t = 0; t < kTasks; ++t) seen[t].insert(l[t].begin(), l[t].end());
    labels.push_back(std::move(l));
    c.words.push_back(s.words);
  }
  for (int t = 0; t < kTasks; ++t) c.classes[t].assign(seen[t].begin(), seen[t].end());
  for (const auto& l : labels) {
    std::array<std::vector<uint8_t>, kTasks> g;
    for (int t = 0; t < kTasks; ++t) for (const std::string& x : l[t]) g[t].push_back(ClassOf(c.classes[t], x));
    c.gold.push_back(std::move(g));
  }
  return c;
}

std::vector<TaskSentence> Prepare(const Corpus& c, const Gazetteer& gaz, int task) {
  std::vector<TaskSentence> out(c.words.size());
  for (size_t s = 0; s < c.words.size(); ++s) {
    std::vector<std::string_view> words(c.words[s].begin(), c.words[s].end());
    TaskSentence& ts = out[s];
    Describe(words, gaz, ts.info);
    ts.gold = c.gold[s][task];
    for (size_t i = 0; i < words.size(); ++i) {
      ts.begin.push_back(static_cast<uint32_t>(ts.feats.size()));
      WordFeatures(ts.info, i, ts.feats, task == 2 ? kAllWordFeatures | kEntityFeatures : kAllWordFeatures);
      // Chunks read the POS tags; NER reads neither (model version 2): on
      // eng.testa they were worth 0.2 F1 and cost half the tagging time.
      if (task == 1) PosFeatures(ts.info, c.gold[s][0], i, ts.feats);
    }
    ts.begin.push_back(static_cast<uint32_t>(ts.feats.size()));
  }
  return out;
}

// Trains one task; returns the averaged weights. Greedy decoding with the
// predicted previous tags, as when tagging.
std::map<uint64_t, std::vector<float>> TrainTask(std::vector<TaskSentence>& data, int task, int classes,
                                                 const TrainOptions& o) {
  PerceptronTable table(classes);
  std::vector<size_t> order(data.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  Rng rng(o.seed + static_cast<uint64_t>(task));
  double t = 1;
  std::vector<uint64_t> feats;
  std::vector<float> scores(classes);
  std::vector<uint8_t> tags;
  for (int epoch = 0; epoch < o.epochs; ++epoch) {
    rng.Shuffle(order);
    size_t right = 0, total = 0;
    for (size_t s : order) {
      TaskSentence& ts = data[s];
      tags.assign(ts.gold.size(), 0);
      for (size_t i = 0; i < ts.gold.size(); ++i, t += 1) {
        feats.assign(ts.feats.begin() + ts.begin[i], ts.feats.begin() + ts.begin[i + 1]);
        HistoryFeatures(ts.info, task, tags, i, feats);
        std::fill(scores.begin(), scores.end(), 0.f);
        table.Score(feats, scores.data());
        int guess = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
        if (guess != ts.gold[i]) table.Update(feats, ts.gold[i], guess, t);
        right += guess == ts.gold[i];
        ++total;
        tags[i] = static_cast<uint8_t>(guess);
      }
    }
    if (o.progress) {
      o.progress("task " + std::to_string(task) + " epoch " + std::to_string(epoch + 1) + ": training accuracy " +
                 std::to_string(static_cast<double>(right) / static_cast<double>(total)));
    }
  }
  return table.Averaged(t);
}

// Quantises one task's weights to int16 (scale from the largest weight) and
// adds the non-zero ones to `merged` with global class ids.
void Quantise(const std::map<uint64_t, std::vector<float>>& w, int offset,
              std::map<uint64_t, std::vector<WeightEntry>>& merged) {
  float max = 0;
  for (const auto& [f, v] : w) for (float x : v) max = std::max(max, std::fabs(x));
  const float scale = max > 0 ? 32767.f / max : 1.f;
  for (const auto& [f, v] : w) {
    for (size_t c = 0; c < v.size(); ++c) {
      long q = std::lround(v[c] * scale);
      if (q != 0) merged[f].push_back(WeightEntry{static_cast<uint8_t>(offset + c), static_cast<int16_t>(q)});
    }
  }
}

}  // namespace

Result<std::vector<ConllSentence>> ParseConll(std::string_view text, std::string_view name) {
  std::vector<ConllSentence> out(1);
  size_t line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      if (!out.back().words.empty()) out.emplace_back();
      continue;
    }
    std::istringstream cols{std::string(line)};
    std::string w, p, c, n;
    if (!(cols >> w >> p >> c >> n)) {
      return Status::Error(std::string(name) + ":" + std::to_string(line_no) +
                           ": expected 4 columns (token POS chunk NER)");
    }
    if (w == "-DOCSTART-") continue;
    ConllSentence& s = out.back();
    s.words.push_back(w); s.pos.push_back(p); s.chunk.push_back(c); s.ner.push_back(n);
  }
  if (out.back().words.empty()) out.pop_back();
  if (out.empty()) return Status::Error(std::string(name) + ": no sentences");
  return out;
}

Result<std::string> TrainTagger(const std::vector<ConllSentence>& train, const TrainOptions& options) {
  Gazetteer gaz;
  if (Status s = AddIsoCodes(options.iso_codes_dir, gaz); !s.ok()) return s;
  if (Status s = AddWordNet(options.wordnet_dir, gaz); !s.ok()) return s;
  Corpus corpus = Label(Augment(train, options));
  for (int t = 0; t < kTasks; ++t) {
    if (corpus.classes[t].size() > 80) return Status::Error("more than 80 tags in one column; is this CoNLL-2003?");
  }
  std::map<uint64_t, std::vector<WeightEntry>> merged;
  int offset = 0;
  for (int task = 0; task < kTasks; ++task) {
    std::vector<TaskSentence> data = Prepare(corpus, gaz, task);
    int classes = static_cast<int>(corpus.classes[task].size());
    Quantise(TrainTask(data, task, classes, options), offset, merged);
    offset += classes;
  }
  std::vector<std::pair<uint64_t, std::vector<WeightEntry>>> weights(merged.begin(), merged.end());
  return SerializeModel(corpus.classes, gaz, weights);
}

}  // namespace crosscheck

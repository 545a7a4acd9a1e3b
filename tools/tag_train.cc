// Trains the tagger model (`make train`): reads CoNLL-2003 eng.train, writes
// data/models/tagger.model and, given --dev, prints POS accuracy and entity
// F1 on it (the same counting as conlleval.pl: exact entity spans and types).
// With --evaluate MODEL it only evaluates (tools/tag_eval.sh) and, given
// --min-pos, exits 1 when POS accuracy is lower.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "tag/tagger.h"
#include "tag/train.h"

namespace {

using crosscheck::ConllSentence;

crosscheck::Result<std::vector<ConllSentence>> ReadConll(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return crosscheck::Status::Error("cannot read " + path + " (CoNLL-2003 lives in ../shared/data/conll2003-en)");
  std::ostringstream s;
  s << f.rdbuf();
  return crosscheck::ParseConll(s.str(), path);
}

std::vector<std::string> Iob1(std::span<const crosscheck::WordTags> tags) {
  std::vector<std::string> out;
  for (const auto& t : tags) out.emplace_back(t.ner);
  return out;
}

// Entity spans of an IOB1 column as "begin:end:type" strings.
std::vector<std::string> Spans(const std::vector<std::string>& ner) {
  std::vector<std::string> out;
  size_t start = 0;
  std::string type;
  for (size_t i = 0; i <= ner.size(); ++i) {
    std::string t = i < ner.size() && ner[i].size() > 2 ? ner[i].substr(2) : "";
    bool cont = !t.empty() && t == type && ner[i][0] == 'I';
    if (!type.empty() && !cont) out.push_back(std::to_string(start) + ":" + std::to_string(i) + ":" + type);
    if (!cont) { type = t; start = i; }
  }
  return out;
}

// Returns POS accuracy.
double Evaluate(const crosscheck::Tagger& tagger, const std::vector<ConllSentence>& dev) {
  size_t words = 0, pos_right = 0, found = 0, gold = 0, correct = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (const ConllSentence& s : dev) {
    std::vector<std::string_view> w(s.words.begin(), s.words.end());
    std::vector<crosscheck::WordTags> tags = tagger.Tag(w);
    for (size_t i = 0; i < w.size(); ++i) pos_right += tags[i].pos == s.pos[i];
    words += w.size();
    std::vector<std::string> g = Spans(s.ner), p = Spans(Iob1(tags));
    gold += g.size();
    found += p.size();
    for (const std::string& x : p) correct += std::find(g.begin(), g.end(), x) != g.end();
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double prec = found ? double(correct) / found : 0, rec = gold ? double(correct) / gold : 0;
  std::printf("dev: %zu words, POS accuracy %.4f, NER precision %.4f recall %.4f F1 %.4f, %.0f words/s\n", words,
              double(pos_right) / words, prec, rec, prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0,
              words / secs);
  return double(pos_right) / words;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Trains crosscheck's POS/chunk/NER tagger on CoNLL-2003"};
  std::string train_path, dev_path, evaluate_path, out_path = "data/models/tagger.model";
  double min_pos = 0;
  crosscheck::TrainOptions options;
  auto* train_opt = app.add_option("--train", train_path, "CoNLL-2003 training file (eng.train)");
  app.add_option("--evaluate", evaluate_path, "Evaluate this model file on --dev instead of training")
      ->excludes(train_opt);
  app.add_option("--min-pos", min_pos, "With --evaluate: exit 1 below this POS accuracy");
  app.add_option("--dev", dev_path, "CoNLL-2003 file to evaluate on after training (eng.testa)");
  app.add_option("-o,--out", out_path, "Model file to write")->capture_default_str();
  app.add_option("--epochs", options.epochs, "Training epochs")->capture_default_str();
  app.add_option("--title-copies", options.title_copies, "Share of sentences copied in Title Case")->capture_default_str();
  app.add_option("--upper-copies", options.upper_copies, "Share of sentences copied in CAPITALS")->capture_default_str();
  app.add_option("--iso-codes", options.iso_codes_dir, "iso-codes JSON directory")->capture_default_str();
  app.add_option("--wordnet", options.wordnet_dir, "WordNet dict directory (wordnet-base)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  options.progress = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  if (!evaluate_path.empty()) {
    auto tagger = crosscheck::Tagger::Load(evaluate_path);
    auto dev = ReadConll(dev_path);
    if (!tagger.ok() || !dev.ok()) {
      std::cerr << "tag_train: " << (tagger.ok() ? dev.status() : tagger.status()).message() << "\n";
      return 1;
    }
    return Evaluate(tagger.value(), dev.value()) >= min_pos ? 0 : 1;
  }
  if (train_path.empty()) { std::cerr << "tag_train: give --train FILE or --evaluate MODEL\n"; return 2; }

  auto train = ReadConll(train_path);
  if (!train.ok()) { std::cerr << "tag_train: " << train.status().message() << "\n"; return 1; }
  auto model = crosscheck::TrainTagger(train.value(), options);
  if (!model.ok()) { std::cerr << "tag_train: " << model.status().message() << "\n"; return 1; }
  std::ofstream out(out_path, std::ios::binary);
  out << model.value();
  if (!out.flush()) { std::cerr << "tag_train: cannot write " << out_path << "\n"; return 1; }
  std::fprintf(stderr, "wrote %s (%zu bytes)\n", out_path.c_str(), model.value().size());
  if (dev_path.empty()) return 0;
  auto dev = ReadConll(dev_path);
  if (!dev.ok()) { std::cerr << "tag_train: " << dev.status().message() << "\n"; return 1; }
  auto tagger = crosscheck::Tagger::FromBytes(model.value(), out_path);
  if (!tagger.ok()) { std::cerr << "tag_train: " << tagger.status().message() << "\n"; return 1; }
  Evaluate(tagger.value(), dev.value());
  return 0;
}

// count_train: trains the counts model (extract/counts.h) from gva-dev's
// article-level totals and writes data/models/counts.model; with --folds K
// it prints K-fold cross-validated figures of the model alone (its totals as
// DecodeTotals reads them) instead. `make train-claims` runs it; tools/gva_eval.py
// scores the whole pipeline, fold by fold, with --exclude-fold models.
//
//   count_train --gva ../shared/data/gva-dev -o data/models/counts.model
//   count_train --gva ../shared/data/gva-dev --folds 5
//   count_train --gva ../shared/data/gva-dev --exclude-fold 2/5 -o fold2.model
#include <cstdio>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "clean/cleaner.h"
#include "extract/attribution.h"
#include "extract/claims.h"
#include "extract/count_train.h"
#include "extract/counts.h"
#include "text/segment.h"

namespace {

struct Article {
  std::string incident;
  crosscheck::CountExample example;
  std::vector<std::string> contexts;  // per candidate, for --show-errors
};

// The fold of an incident: FNV-1a 64 of its id, modulo K (tools/gva_eval.py
// computes the same).
size_t FoldOf(const std::string& incident, size_t k) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : incident) { h ^= c; h *= 1099511628211ull; }
  return static_cast<size_t>(h % k);
}

bool ReadJsonl(const std::string& path, std::vector<nlohmann::json>& out) {
  std::ifstream f(path);
  if (!f) return false;
  std::string line;
  while (std::getline(f, line)) {
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return true;
}

crosscheck::CountExample Example(const crosscheck::Document& doc, std::vector<std::string>* contexts) {
  crosscheck::SegmentedText seg = crosscheck::Segment(doc.text, crosscheck::Clean(doc));
  crosscheck::People people = crosscheck::People::Find(doc.text, seg);
  std::vector<crosscheck::Claim> rules = crosscheck::ExtractClaims(doc, seg, people);
  std::vector<crosscheck::CountCandidate> candidates = crosscheck::FindCountCandidates(doc.text, seg, rules);
  crosscheck::CountExample e;
  e.features = crosscheck::CountFeatures(seg, candidates, rules);
  for (size_t i = 0; i < candidates.size(); ++i) {
    e.values.push_back(candidates[i].value);
    if (contexts) {
      const auto& toks = seg.tokens;
      const auto& c = candidates[i];
      size_t a = toks[c.first_token].span.begin, b = toks[c.end_token - 1].span.end;
      size_t from = a > 60 ? a - 60 : 0;
      std::string ctx = doc.text.substr(from, a - from) + "[[" + doc.text.substr(a, b - a) + "]]" +
                        doc.text.substr(b, 60);
      for (char& ch : ctx) if (ch == '\n') ch = ' ';
      contexts->push_back(c.kind + " " + ctx);
    }
  }
  return e;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Train the counts model of crosscheck from gva-dev (README, \"Counts model\")"};
  std::string gva, isaf, output, exclude;
  size_t folds = 0, show_errors = 0;
  crosscheck::CountTrainOptions options;
  app.add_option("--gva", gva, "The gva-dev directory (documents.jsonl, incidents.jsonl)")->required();
  app.add_option("--isaf", isaf, "Also train on these ISAF releases (test.jsonl: killed and detained)");
  app.add_option("-o,--output", output, "Write the model here");
  app.add_option("--folds", folds, "Print K-fold cross-validated figures of the model alone");
  app.add_option("--exclude-fold", exclude, "k/K: train without fold k of K (for tools/gva_eval.py --folds)");
  app.add_option("--show-errors", show_errors, "With --folds: print N held-out articles read wrong");
  app.add_option("--epochs", options.epochs, "Passes over the articles")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (output.empty() && folds < 2) {
    std::cerr << "count_train: give -o FILE or --folds K (K >= 2)\n";
    return 2;
  }
  std::vector<nlohmann::json> docs, incidents;
  if (!ReadJsonl(gva + "/documents.jsonl", docs) || !ReadJsonl(gva + "/incidents.jsonl", incidents)) {
    std::cerr << "count_train: cannot read " << gva << "/documents.jsonl and incidents.jsonl\n";
    return 3;
  }
  std::map<std::string, const nlohmann::json*> by_id;
  for (const auto& i : incidents) by_id[i["incident_id"].get<std::string>()] = &i;
  size_t skip_fold = 0, of = 0;
  if (!exclude.empty() && std::sscanf(exclude.c_str(), "%zu/%zu", &skip_fold, &of) != 2) {
    std::cerr << "count_train: --exclude-fold takes k/K, e.g. 2/5\n";
    return 2;
  }
  std::vector<Article> articles;
  for (const auto& d : docs) {
    const std::string incident = d["incident_id"].get<std::string>();
    auto it = by_id.find(incident);
    if (it == by_id.end()) continue;
    if (of > 1 && FoldOf(incident, of) == skip_fold) continue;
    crosscheck::Document doc;
    doc.id = d["doc_id"].get<std::string>();
    doc.text = d["title"].get<std::string>() + "\n\n" + d["content"].get<std::string>();
    Article a;
    a.incident = incident;
    a.example = Example(doc, show_errors ? &a.contexts : nullptr);
    a.example.killed = (*it->second)["num_killed"].get<double>();
    a.example.wounded = (*it->second)["num_injured"].get<double>();
    articles.push_back(std::move(a));
  }
  // ISAF releases: killed and detained (min_killed, min_captured), no wounded.
  // Their folds are by release number, as tools/isaf_eval.py --folds takes them.
  size_t gva_articles = articles.size();
  if (!isaf.empty()) {
    std::vector<nlohmann::json> releases;
    if (!ReadJsonl(isaf, releases)) {
      std::cerr << "count_train: cannot read " << isaf << "\n";
      return 3;
    }
    for (size_t r = 0; r < releases.size(); ++r) {
      const std::string id = "r" + std::to_string(r);
      if (of > 1 && FoldOf(id, of) == skip_fold) continue;
      crosscheck::Document doc;
      doc.id = id;
      doc.text = releases[r]["text"].get<std::string>();
      Article a;
      a.incident = id;
      a.example = Example(doc, show_errors ? &a.contexts : nullptr);
      a.example.killed = releases[r]["gold"]["min_killed"].get<double>();
      a.example.detained = releases[r]["gold"]["min_captured"].get<double>();
      articles.push_back(std::move(a));
    }
  }
  std::cerr << "count_train: " << gva_articles << " gva-dev articles, " << articles.size() - gva_articles
            << " ISAF releases\n";
  if (folds >= 2) {
    size_t n = 0, killed = 0, wounded = 0, both = 0, shown = 0, reach_k = 0, reach_w = 0, reach = 0;
    for (size_t k = 0; k < folds; ++k) {
      std::vector<crosscheck::CountExample> train;
      for (const Article& a : articles) {
        if (FoldOf(a.incident, folds) != k) train.push_back(a.example);
      }
      crosscheck::CountModel model = crosscheck::TrainCountModel(train, options);
      for (size_t ai = 0; ai < gva_articles; ++ai) {
        const Article& a = articles[ai];
        if (FoldOf(a.incident, folds) != k) continue;
        std::vector<crosscheck::CountCandidate> c(a.example.values.size());
        for (size_t i = 0; i < c.size(); ++i) c[i].value = a.example.values[i];
        std::vector<crosscheck::CountRole> roles = crosscheck::PredictRoles(model, a.example);
        crosscheck::CountTotals t = crosscheck::DecodeTotals(c, roles);
        const double gk = *a.example.killed, gw = *a.example.wounded;
        if (shown < show_errors && (t.killed != gk || t.wounded != gw)) {
          ++shown;
          std::printf("=== %s: read %g killed %g wounded; gold %g %g\n", a.incident.c_str(), t.killed, t.wounded, gk, gw);
          for (size_t i = 0; i < roles.size(); ++i) {
            std::printf("  %-17s %s\n", std::string(crosscheck::CountRoleName(roles[i])).c_str(),
                        a.contexts[i].c_str());
          }
        }
        ++n;
        {
          const auto& v = a.example.values;
          auto has = [&](double x) { return std::find(v.begin(), v.end(), x) != v.end(); };
          bool rk = gk == 0 || has(gk);
          bool rw = gw == 0 || has(gw) || (gk > 0 && has(gk + gw));
          reach_k += rk; reach_w += rw; reach += rk && rw;
        }
        killed += t.killed == gk;
        wounded += t.wounded == gw;
        both += t.killed == gk && t.wounded == gw;
      }
    }
    std::printf("%zu-fold cross-validation, model alone, %zu articles\n", folds, n);
    std::printf("killed right:  %.3f\ninjured right: %.3f\nboth right:    %.3f\n", double(killed) / n,
                double(wounded) / n, double(both) / n);
    std::printf("reachable (a candidate states the gold figure): killed %.3f, injured %.3f, both %.3f\n",
                double(reach_k) / n, double(reach_w) / n, double(reach) / n);
  }
  if (!output.empty()) {
    std::vector<crosscheck::CountExample> train;
    for (const Article& a : articles) train.push_back(a.example);
    crosscheck::CountModel model = crosscheck::TrainCountModel(train, options);
    std::ofstream f(output, std::ios::binary);
    f << model.Serialize();
    if (!f) {
      std::cerr << "count_train: cannot write " << output << "\n";
      return 3;
    }
    std::cerr << "count_train: " << model.size() << " weight rows written to " << output << "\n";
  }
  return 0;
}

// cluster_tool: clusters JSON Lines (or text) reports into stories and prints
// one "id<TAB>story" line per document, in input order. Timing goes to stderr.
// Used by tools/ecb_eval.py; options override ClusterOptions for tuning.
#include <chrono>
#include <ctime>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cluster/cluster.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

void AddOptions(CLI::App& app, crosscheck::ClusterOptions& o) {
  app.add_option("--threshold", o.threshold, "join a story at or above this similarity");
  app.add_option("--term-weight", o.term_weight);
  app.add_option("--entity-weight", o.entity_weight);
  app.add_option("--time-weight", o.time_weight);
  app.add_option("--place-penalty", o.place_penalty);
  app.add_option("--actor-penalty", o.actor_penalty);
  app.add_option("--actors", o.actors);
  app.add_option("--date-penalty", o.date_penalty);
  app.add_option("--max-date-gap-days", o.max_date_gap_days);
  app.add_option("--far-date-penalty", o.far_date_penalty);
  app.add_option("--far-date-gap-days", o.far_date_gap_days);
  app.add_option("--headline-boost", o.headline_boost);
  app.add_option("--index-terms", o.index_terms);
  app.add_option("--max-postings-read", o.max_postings_read);
  app.add_option("--max-candidates", o.max_candidates);
  app.add_option("--max-story-features", o.max_story_features);
  app.add_option("--max-report-features", o.max_report_features);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Clusters reports into stories; prints id<TAB>story per document"};
  std::vector<std::string> paths;
  crosscheck::ClusterOptions options;
  app.add_option("paths", paths, "JSON Lines files, text files or directories")->required();
  AddOptions(app, options);
  CLI11_PARSE(app, argc, argv);

  auto t0 = Clock::now();
  crosscheck::IngestResult in = crosscheck::ReadInputs(paths, {});
  for (const auto& d : in.diagnostics) std::cerr << d.file << ":" << d.line << ": " << d.message << "\n";
  auto clusterer = crosscheck::Clusterer::Create(options);
  if (!clusterer.ok()) {
    std::cerr << "cluster_tool: " << clusterer.status().message() << "\n";
    return 2;
  }
  auto t1 = Clock::now();
  double add_seconds = 0, add_cpu = 0;
  size_t candidates = 0;
  for (const crosscheck::Document& doc : in.documents) {
    crosscheck::CleanDocument clean = crosscheck::Clean(doc);
    crosscheck::SegmentedText seg = crosscheck::Segment(doc.text, clean);
    auto a = Clock::now();
    std::clock_t c = std::clock();
    crosscheck::StoryId story = clusterer.value().Add(doc, clean, seg);
    add_cpu += static_cast<double>(std::clock() - c) / CLOCKS_PER_SEC;
    add_seconds += Seconds(a, Clock::now());
    const crosscheck::ClusterDecision& why = clusterer.value().last_decision();
    candidates += why.candidates;
    std::cout << doc.id << "\t" << story << "\t" << (why.opened ? "new" : "joined") << "\t"
              << why.best_similarity << "\n";
  }
  auto t2 = Clock::now();
  size_t n = in.documents.size();
  double total = Seconds(t1, t2);
  std::cerr << "cluster_tool: " << n << " documents, " << clusterer.value().story_count()
            << " stories; read " << Seconds(t0, t1) << " s; clean+segment+cluster " << total << " s ("
            << (total > 0 ? n / total : 0) << " docs/s); Add alone " << add_seconds << " s ("
            << (add_seconds > 0 ? n / add_seconds : 0) << " docs/s), CPU " << add_cpu << " s ("
            << (add_cpu > 0 ? n / add_cpu : 0) << " docs/s); " << (n ? double(candidates) / n : 0)
            << " candidate stories scored per document\n";
  return n == 0 ? 3 : 0;
}

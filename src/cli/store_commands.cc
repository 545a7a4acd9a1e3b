#include "cli/store_commands.h"

#include <unistd.h>

#include <iostream>

#include "cli/common.h"
#include "store/store.h"

namespace crosscheck::cli {

StoreCommands::StoreCommands(CLI::App& app) {
  add_ = app.add_subcommand(
      "add", "Analyse reports into a store (created if missing): each report once (by URL or content hash), "
             "committed in transactions; then `crosscheck report --db FILE`");
  add_->add_option("--db", db_, "The store: an SQLite file (README, \"Store\")")->required();
  add_->add_option("paths", paths_, "Files, directories, URLs or - (stdin): every input kind analyze reads")->required();
  add_->add_option("-g,--group", group_,
                   "Stories: auto, all, none or field:NAME, as for analyze; fixed by the store's first add")
      ->capture_default_str();
  add_->add_option("--counts", counts_, "Casualty counts by the rules or the counts model, as for analyze")
      ->check(CLI::IsMember({"rules", "model"}))->capture_default_str();
  add_->add_option("--counts-model", counts_model_, "A counts model file instead of the built-in one");
  add_->add_option("-j,--threads", threads_, "Threads (default 0: one per core); the result is the same for any number")
      ->check(CLI::NonNegativeNumber);
  add_->add_option("--commit-every", commit_every_,
                   "Reports per transaction: a crash loses at most the few batches not yet committed, never half a report")
      ->check(CLI::Range(size_t{1}, size_t{1} << 30))->capture_default_str();
  add_->add_flag("-q,--quiet", quiet_, "No progress line");
  AddMaxDocumentBytes(add_, ingest_);
  AddFetchOptions(add_, ingest_);

  report_ = app.add_subcommand("report", "Print what `analyze` prints for every report in a store, in the order added");
  report_->add_option("--db", db_, "The store written by `crosscheck add`")->required();
  report_->add_option("--story", story_, "Only this story (\"s3\"): its slots, values and sources");
  report_->add_option("-f,--format", format_, FormatHelp())
      ->check(CLI::IsMember(Formats()))->capture_default_str();
  report_->add_option("-o,--output", output_, "Write the report to FILE instead of stdout");
  report_->add_option("--color", color_, "Colour in the text report")
      ->check(CLI::IsMember({"auto", "always", "never"}))->capture_default_str();
  report_->add_flag("--compact", compact_, "One-line JSON");
}

std::optional<int> StoreCommands::Run() {
  if (add_->parsed()) return RunAdd();
  if (report_->parsed()) return RunReport();
  return std::nullopt;
}

int StoreCommands::RunAdd() {
  if (!ValidGroup(group_)) {
    std::cerr << "crosscheck: --group must be auto, all, none or field:NAME (got \"" << group_ << "\")\n";
    return kUsage;
  }
  AnalyzeOptions options;
  options.reconcile.group = group_;
  options.threads = threads_;
  std::optional<CountModel> counts;
  if (!ChooseCounts(counts_, counts_model_, counts, options)) return kUsage;
  IngestResult in = ReadInputs(paths_, ingest_);
  for (const Diagnostic& d : in.diagnostics) PrintDiagnostic(d);
  if (in.documents.empty()) {
    std::cerr << "crosscheck: no document could be read; nothing to add\n";
    return kFailed;
  }
  Result<std::unique_ptr<Store>> store = Store::Open(db_, Store::Mode::kReadWrite);
  if (!store.ok()) {
    std::cerr << "crosscheck: " << store.status().message() << "\n";
    return kFailed;
  }
  if (!quiet_ && isatty(STDERR_FILENO) && in.documents.size() >= 200) options.progress = ProgressLine("reports");
  const size_t read = in.documents.size();
  Result<AddResult> added = store.value()->Add(std::move(in.documents), options, commit_every_);
  if (!added.ok()) {
    std::cerr << "crosscheck: " << added.status().message() << "\n";
    return kFailed;
  }
  const AddResult& r = added.value();
  // The first ten skipped reports by name, then how many more: adding a whole
  // feed or archive again must not bury the other diagnostics.
  constexpr size_t kNamedSkips = 10;
  for (size_t i = 0; i < r.skipped_ids.size() && i < kNamedSkips; ++i) {
    std::cerr << "crosscheck: already stored: " << r.skipped_ids[i] << "\n";
  }
  if (r.skipped_ids.size() > kNamedSkips) {
    std::cerr << "crosscheck: already stored: " << r.skipped_ids.size() - kNamedSkips << " more\n";
  }
  // As ReadInputs warns of a duplicate id in one input.
  for (const std::string& renamed : r.renamed) {
    std::cerr << "crosscheck: warning: an earlier report has the id; stored as " << renamed << "\n";
  }
  if (!quiet_) {
    std::cerr << "crosscheck: " << db_ << ": " << r.added << " of " << read << " reports added, " << r.skipped
              << " already stored, " << r.reread << " earlier reports re-read; " << r.stored << " in the store\n";
  }
  return in.diagnostics.empty() && r.renamed.empty() ? kOk : kPartial;
}

int StoreCommands::RunReport() {
  Result<std::unique_ptr<Store>> store = Store::Open(db_, Store::Mode::kReadOnly);
  if (!store.ok()) {
    std::cerr << "crosscheck: " << store.status().message() << "\n";
    return kFailed;
  }
  Result<Analysis> loaded = store.value()->Load();
  if (!loaded.ok()) {
    std::cerr << "crosscheck: " << loaded.status().message() << "\n";
    return kFailed;
  }
  Analysis& a = loaded.value();
  if (a.documents.empty()) {
    std::cerr << "crosscheck: " << db_ << ": no reports stored yet (crosscheck add --db " << db_ << " PATH...)\n";
    return kFailed;
  }
  if (!story_.empty()) {
    std::vector<Story> kept;
    for (Story& s : a.stories) {
      if (s.id == story_) kept.push_back(std::move(s));
    }
    if (kept.empty()) {
      std::cerr << "crosscheck: " << db_ << ": no story " << story_ << " (stories s1 to s" << a.stories.size()
                << ")\n";
      return kUsage;
    }
    a.stories = std::move(kept);
  }
  for (const std::string& w : a.warnings) std::cerr << "crosscheck: warning: " << w << "\n";
  if (!Print(a, format_, compact_, UseColor(color_, output_), output_)) return kFailed;
  return a.warnings.empty() ? kOk : kPartial;
}

}  // namespace crosscheck::cli

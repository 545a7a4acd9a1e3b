// crosscheck command line. The only place that prints or exits.
//
// Exit codes (README, "Exit codes"):
//   0  every input analysed, no diagnostics
//   1  results written, but some input was skipped or repaired (see stderr)
//   2  usage error
//   3  nothing could be analysed, or the output could not be written
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "base/utf8.h"
#include "cli/text_command.h"
#include "ingest/reader.h"
#include "clean/cleaner.h"
#include "extract/counts.h"
#include "report/analysis.h"
#include "tag/tagger.h"
#include "text/segment.h"
#include "report/report.h"
#include "cli/common.h"
#include "cli/huge_pages.h"
#include "cli/serve_command.h"
#include "cli/store_commands.h"

namespace {

using namespace crosscheck::cli;  // exit codes, Write, formats (cli/common.h)
using crosscheck::Diagnostic;

struct AnalyzeArgs {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::string group = "auto";
  std::string color = "auto";
  bool compact = false;
  bool quiet = false;
  size_t threads = 0;  // 0: one per core
  std::string counts = "rules";  // rules | model
  std::string counts_model;      // a counts model file instead of the built-in one (make train-claims)
  crosscheck::IngestOptions ingest;
};

int RunAnalyze(const AnalyzeArgs& args) {
  if (!ValidGroup(args.group)) {
    std::cerr << "crosscheck: --group must be auto, all, none or field:NAME (got \"" << args.group << "\")\n";
    return kUsage;
  }
  crosscheck::IngestResult in = crosscheck::ReadInputs(args.paths, args.ingest);
  for (const Diagnostic& d : in.diagnostics) PrintDiagnostic(d);
  if (in.documents.empty()) {
    std::cerr << "crosscheck: no document could be read; nothing to analyse\n";
    return kFailed;
  }
  crosscheck::AnalyzeOptions options;
  options.reconcile.group = args.group;
  options.threads = args.threads;
  std::optional<crosscheck::CountModel> counts;
  if (!ChooseCounts(args.counts, args.counts_model, counts, options)) return kUsage;
  const bool tty = isatty(STDERR_FILENO);
  if (tty && !args.quiet && in.documents.size() >= 200) options.progress = ProgressLine();
  crosscheck::Analysis analysis = crosscheck::Analyze(std::move(in.documents), options);
  for (const std::string& w : analysis.warnings) std::cerr << "crosscheck: warning: " << w << "\n";
  if (!Print(analysis, args.format, args.compact, UseColor(args.color, args.output), args.output)) return kFailed;
  return in.diagnostics.empty() && analysis.warnings.empty() ? kOk : kPartial;
}

struct TagArgs {
  std::vector<std::string> paths;
  bool conll = false;
  std::string model;  // a model file instead of the built-in one (after `make train`)
  std::string output;
  crosscheck::IngestOptions ingest;
};


// Plain text: per document a "# id" line, then one "token TAB POS TAB chunk
// TAB NER" line per token and a blank line after each sentence.
std::string TagDocuments(const crosscheck::Tagger& tagger, const std::vector<crosscheck::Document>& docs) {
  std::string out;
  for (const crosscheck::Document& doc : docs) {
    crosscheck::SegmentedText seg = crosscheck::Segment(doc.text, crosscheck::Clean(doc));
    std::vector<crosscheck::TaggedToken> tagged = crosscheck::TagText(tagger, doc.text, seg);
    out += "# " + doc.id + "\n";
    size_t k = 0;
    for (const crosscheck::Sentence& s : seg.sentences) {
      for (size_t t = s.first_token; t < s.end_token; ++t, ++k) {
        const crosscheck::WordTags& w = tagged[k].tags;
        out.append(tagged[k].span.Of(doc.text)).append("\t").append(w.pos).append("\t");
        out.append(w.chunk).append("\t").append(w.ner).append("\n");
      }
      out += "\n";
    }
  }
  return out;
}

// The built-in model, or the --model file (kept alive in `owned`).
crosscheck::Result<const crosscheck::Tagger*> ChooseTagger(const std::string& model,
                                                          std::unique_ptr<crosscheck::Tagger>& owned) {
  if (model.empty()) return crosscheck::Tagger::Default();
  crosscheck::Result<crosscheck::Tagger> t = crosscheck::Tagger::Load(model);
  if (!t.ok()) return t.status();
  owned = std::make_unique<crosscheck::Tagger>(std::move(t.value()));
  return owned.get();
}

int RunTag(const TagArgs& args) {
  std::unique_ptr<crosscheck::Tagger> owned;
  crosscheck::Result<const crosscheck::Tagger*> chosen = ChooseTagger(args.model, owned);
  if (!chosen.ok()) {
    std::cerr << "crosscheck: " << chosen.status().message() << "\n";
    return kFailed;
  }
  const crosscheck::Tagger& tagger = *chosen.value();
  std::string out;
  bool partial = false;
  if (args.conll) {
    if (args.paths.size() != 1) {
      std::cerr << "crosscheck: tag --conll reads exactly one FILE or - (got " << args.paths.size() << ")\n";
      return kUsage;
    }
    std::string input;
    if (!ReadWhole(args.paths[0], input)) {
      std::cerr << "crosscheck: cannot read " << args.paths[0] << "\n";
      return kFailed;
    }
    out = crosscheck::TagConll(tagger, input);
  } else {
    crosscheck::IngestResult in = crosscheck::ReadInputs(args.paths, args.ingest);
    for (const Diagnostic& d : in.diagnostics) PrintDiagnostic(d);
    if (in.documents.empty()) {
      std::cerr << "crosscheck: no document could be read; nothing to tag\n";
      return kFailed;
    }
    partial = !in.diagnostics.empty();
    out = TagDocuments(tagger, in.documents);
  }
  if (!Write(out, args.output)) return kFailed;
  return partial ? kPartial : kOk;
}

}  // namespace

int main(int argc, char** argv) {
  crosscheck::cli::GrowHeapInLargeSteps();
  crosscheck::cli::RerunWithHugePages(argv);
  CLI::App app{"crosscheck: corroborated, source-attributed figures from news reports"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "crosscheck 0.1.0 (schema crosscheck/2)");
  app.footer("Exit codes: 0 ok; 1 results written but some input was skipped or repaired; "
             "2 usage error; 3 nothing analysed or output not written.");

  AnalyzeArgs args;
  CLI::App* analyze = app.add_subcommand(
      "analyze", "Read reports (.txt files, directories, JSON Lines, saved HTML pages, WARC files, RSS/Atom "
                 "feeds, http(s) URLs, - for stdin) and report claims, sources, agreements and conflicts");
  analyze->add_option("paths", args.paths, "Files, directories, URLs or - (stdin)")->required();
  analyze->add_option("-f,--format", args.format, FormatHelp())
      ->check(CLI::IsMember(Formats()))->capture_default_str();
  analyze->add_option("-o,--output", args.output, "Write the report to FILE instead of stdout");
  analyze->add_option("-g,--group", args.group,
                      "Stories: auto (clustered by content), all (one story), none (one per document), "
                      "field:NAME (by a JSONL field)")
      ->capture_default_str();
  analyze->add_option("--color", args.color, "Colour in the text report")
      ->check(CLI::IsMember({"auto", "always", "never"}))->capture_default_str();
  analyze->add_flag("--compact", args.compact, "One-line JSON");
  analyze->add_flag("-q,--quiet", args.quiet, "No progress line");
  analyze->add_option("-j,--threads", args.threads,
                      "Threads for claims, quotations and entities (default 0: one per core); the result is the same for any number")
      ->check(CLI::NonNegativeNumber);
  analyze->add_option("--counts", args.counts,
                      "Casualty counts read by the rules, or by the learned counts model over them "
                      "(README, \"Counts model\")")
      ->check(CLI::IsMember({"rules", "model"}))->capture_default_str();
  analyze->add_option("--counts-model", args.counts_model,
                      "With --counts model implied: this model file instead of the built-in one "
                      "(written by count_train)");
  AddMaxDocumentBytes(analyze, args.ingest);
  AddFetchOptions(analyze, args.ingest);

  TagArgs tag_args;
  CLI::App* tag = app.add_subcommand(
      "tag", "Tag words with part of speech, chunk and named entity (PER, ORG, LOC, MISC); "
             "--conll reads CoNLL-2003 columns and appends the entity tag for conlleval.pl");
  tag->add_option("paths", tag_args.paths, "Files, directories or - (stdin); with --conll one FILE or -")
      ->required();
  tag->add_flag("--conll", tag_args.conll,
                "Input is CoNLL-2003 (token in the first column, blank line between sentences); "
                "output is each line with the predicted NER tag appended");
  tag->add_option("--model", tag_args.model, "Use this model file instead of the built-in one");
  tag->add_option("-o,--output", tag_args.output, "Write to FILE instead of stdout");
  AddMaxDocumentBytes(tag, tag_args.ingest);

  StoreCommands store_commands(app);
  ServeCommand serve_command(app);
  crosscheck::cli::TextArgs text_args;
  CLI::App* text = crosscheck::cli::AddTextCommand(app, text_args);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kOk : kUsage;
  }
  if (tag->parsed()) return RunTag(tag_args);
  if (text->parsed()) return crosscheck::cli::RunText(text_args);
  if (analyze->parsed()) return RunAnalyze(args);
  if (std::optional<int> code = store_commands.Run()) return *code;
  if (std::optional<int> code = serve_command.Run()) return *code;
  return kUsage;
}

#include "cli/text_command.h"

#include <nlohmann/json.hpp>

#include "base/utf8.h"
#include "clean/cleaner.h"
#include "cli/common.h"

namespace crosscheck::cli {

namespace {

// The kept text of a cleaned document: the headline, then its paragraphs,
// one a line, as the later stages read them.
std::string KeptText(const Document& doc, const CleanDocument& clean) {
  std::string text;
  if (clean.headline) text.append(clean.headline->Of(doc.text)).append("\n");
  for (const Span& p : clean.paragraphs) text.append(p.Of(doc.text)).append("\n");
  return text;
}

std::string Title(const Document& doc, const CleanDocument& clean) {
  if (!doc.title.empty()) return doc.title;
  return clean.headline ? std::string(clean.headline->Of(doc.text)) : std::string();
}

void AppendText(const Document& doc, const CleanDocument& clean, std::string& out) {
  out += "# " + doc.id + "\n";
  auto field = [&](const char* name, const std::string& value) {
    if (!value.empty()) out += std::string(name) + ": " + value + "\n";
  };
  field("url", doc.url);
  field("title", Title(doc, clean));
  field("published", doc.published);
  field("outlet", clean.outlet);
  field("author", doc.author);
  field("language", doc.language);
  out += "\n" + KeptText(doc, clean) + "\n";
}

void AppendJson(const Document& doc, const CleanDocument& clean, std::string& out) {
  auto or_null = [](const std::string& s) { return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s); };
  nlohmann::ordered_json j = {{"id", doc.id},
                      {"url", or_null(doc.url)},
                      {"title", or_null(Title(doc, clean))},
                      {"published", or_null(doc.published)},
                      {"outlet", or_null(clean.outlet)},
                      {"author", or_null(doc.author)},
                      {"language", or_null(doc.language)},
                      {"text", KeptText(doc, clean)}};
  // Invalid UTF-8 (kept with a warning by ingest) is replaced: JSON must be UTF-8.
  out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

CLI::App* AddTextCommand(CLI::App& app, TextArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "text", "Print what crosscheck reads from each input (files, directories, saved HTML pages, WARC files, "
              "RSS/Atom feeds, http(s) URLs, - for stdin) after main-text extraction and cleaning");
  cmd->add_option("paths", args.paths, "Files, directories, URLs or - (stdin)")->required();
  cmd->add_option("-f,--format", args.format,
                  "text: per document a \"# id\" line, its metadata and its kept text; jsonl: one JSON object "
                  "a document with id, url, title, published, outlet, author, language and text")
      ->check(CLI::IsMember({"text", "jsonl"}))->capture_default_str();
  cmd->add_option("-o,--output", args.output, "Write to FILE instead of stdout");
  AddMaxDocumentBytes(cmd, args.ingest);
  AddFetchOptions(cmd, args.ingest);
  return cmd;
}

int RunText(const TextArgs& args) {
  IngestResult in = ReadInputs(args.paths, args.ingest);
  for (const Diagnostic& d : in.diagnostics) PrintDiagnostic(d);
  if (in.documents.empty()) {
    std::cerr << "crosscheck: no document could be read; nothing to print\n";
    return kFailed;
  }
  // The same cleaning as `analyze`: boilerplate learned over all inputs.
  const OutletBoilerplate learned = OutletBoilerplate::Learn(in.documents);
  CleanOptions options;
  options.learned = &learned;
  std::string out;
  for (const Document& doc : in.documents) {
    const CleanDocument clean = Clean(doc, options);
    if (args.format == "jsonl") AppendJson(doc, clean, out);
    else AppendText(doc, clean, out);
  }
  if (!Write(out, args.output)) return kFailed;
  return in.diagnostics.empty() ? kOk : kPartial;
}

}  // namespace crosscheck::cli

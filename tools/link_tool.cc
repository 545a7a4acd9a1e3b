// link_tool: the link stage from the command line, for evaluation scripts.
//
//   link_tool score < pairs.tsv     one "x<TAB>y" sentence pair a line -> one
//                                   SentenceSimilarity a line (tools/msrp_eval.py)
//   link_tool links PATH...         the links between the documents read from
//                                   PATH (as crosscheck analyze reads them), one
//                                   tab-separated line per link and per passage
// Not the crosscheck command: the analyze output gains links elsewhere.
#include <iostream>
#include <string>
#include <string_view>

#include "link/link.h"
#include "text/segment.h"

namespace {

using namespace crosscheck;

int Score() {
  std::string line;
  while (std::getline(std::cin, line)) {
    size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      std::cerr << "link_tool score: expected x<TAB>y, got: " << line.substr(0, 80) << "\n";
      return 2;
    }
    std::string_view x = std::string_view(line).substr(0, tab), y = std::string_view(line).substr(tab + 1);
    std::cout << SentenceSimilarity(Tokenize(x, {0, x.size()}), Tokenize(y, {0, y.size()})) << "\n";
  }
  return 0;
}

std::string Flat(std::string_view s) {
  std::string out(s);
  for (char& c : out) if (c == '\n' || c == '\t') c = ' ';
  return out;
}

int Links(const std::vector<std::string>& paths) {
  IngestResult in = ReadInputs(paths, {});
  for (const Diagnostic& d : in.diagnostics) std::cerr << d.file << ":" << d.line << ": " << d.message << "\n";
  const std::vector<Document>& docs = in.documents;
  for (const Link& l : LinkDocuments(docs)) {
    std::cout << "link\t" << docs[l.a].id << "\t" << docs[l.b].id << "\t" << l.kind << "\t" << l.similarity
              << "\t" << l.direction << "\n";
    for (const Passage& p : l.passages) {
      std::cout << (p.quote ? "  quote\t" : "  passage\t") << p.a.begin << "-" << p.a.end << "\t" << p.b.begin
                << "-" << p.b.end << "\t" << p.similarity << "\t" << Flat(p.a.Of(docs[l.a].text)) << "\n";
    }
    for (const Drift& d : l.drift) {
      std::cout << "  drift\t" << d.what << "\t" << d.a_source << "\t" << d.b_source << "\t"
                << Flat(d.a.Of(docs[l.a].text)) << "\t" << Flat(d.b.Of(docs[l.b].text)) << "\n";
    }
  }
  return in.documents.empty() ? 3 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string_view mode = argc > 1 ? argv[1] : "";
  if (mode == "score" && argc == 2) return Score();
  if (mode == "links" && argc > 2) return Links(std::vector<std::string>(argv + 2, argv + argc));
  std::cerr << "usage: link_tool score < pairs.tsv\n       link_tool links PATH...\n";
  return 2;
}

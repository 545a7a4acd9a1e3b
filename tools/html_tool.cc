// Reads HTML pages and prints, one JSON object a line, what ingest/html.h
// extracts from each: {"id", "title", "body", "text", "url", "published",
// "modified", "author", "outlet", "language", "charset", "pieces",
// "warnings"}, where "body" is the text after the headline.
// Used by tools/zyte_eval.py (extraction quality and speed).
//
//   html_tool PAGE.html... > pages.jsonl
// Exit: 0 all read, 1 some pages failed (each named on stderr), 2 usage.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "ingest/html.h"

int main(int argc, char** argv) {
  if (argc < 2 || std::string_view(argv[1]) == "--help") {
    std::fprintf(argc < 2 ? stderr : stdout, "usage: html_tool PAGE.html...\n");
    return argc < 2 ? 2 : 0;
  }
  int failed = 0;
  crosscheck::IngestOptions options;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in) {
      std::fprintf(stderr, "%s: cannot read\n", argv[i]);
      ++failed;
      continue;
    }
    std::string bytes = ss.str();
    crosscheck::WebPage page{bytes, "", "", ""};
    std::string id = std::filesystem::path(argv[i]).stem().string();
    auto r = crosscheck::ReadHtml(id, page, options);
    if (!r.ok()) {
      std::fprintf(stderr, "%s: %s\n", argv[i], r.status().message().c_str());
      std::cout << nlohmann::json{{"id", id}, {"body", ""}, {"error", r.status().message()}}.dump() << "\n";
      ++failed;
      continue;
    }
    const crosscheck::Document& d = r.value().document;
    std::string body = d.text;
    if (!d.title.empty() && body.compare(0, d.title.size(), d.title) == 0) {
      body = body.substr(std::min(body.size(), d.title.size() + 2));
    }
    nlohmann::json j = {{"id", id},           {"title", d.title},         {"body", body},
                        {"text", d.text},     {"url", d.url},             {"published", d.published},
                        {"modified", d.modified}, {"author", d.author},   {"outlet", d.outlet},
                        {"language", d.language}, {"charset", d.source_charset},
                        {"pieces", d.source_map.size()}, {"warnings", r.value().warnings}};
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return failed ? 1 : 0;
}

#include "real_corpus.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

#include "corpus.h"

namespace crosscheck::bench {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(CROSSCHECK_SOURCE_DIR) / ".." / "shared" / "data";

// The string field `key` of every JSON line of `path` (lines without it skipped).
std::vector<std::string> JsonlField(const fs::path& path, const char* key) {
  std::vector<std::string> out;
  std::ifstream in(path, std::ios::binary);
  for (std::string line; std::getline(in, line);) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_object() && j.contains(key) && j[key].is_string()) out.push_back(j[key].get<std::string>());
  }
  return out;
}

std::string Unescape(std::string s) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#3;", ""}, {"&amp;", "&"}};
  for (const auto& [from, to] : kEntities) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + std::strlen(to))) {
      s.replace(at, std::strlen(from), to);
    }
  }
  return s;
}

std::string Between(const std::string& s, const std::string& open, const std::string& close) {
  size_t a = s.find(open);
  if (a == std::string::npos) return "";
  a += open.size();
  size_t b = s.find(close, a);
  return b == std::string::npos ? "" : s.substr(a, b - a);
}

// Reuters-21578 sample articles: title, a blank line, body.
std::vector<std::string> ReutersTexts(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const char* sub : {"acq", "crude"}) {
    if (!fs::is_directory(dir / sub)) continue;
    for (const auto& e : fs::directory_iterator(dir / sub)) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string xml = ss.str();
    std::string body = Unescape(Between(xml, "<BODY>", "</BODY>"));
    if (body.empty()) continue;
    out.push_back(Unescape(Between(xml, "<TITLE>", "</TITLE>")) + "\n\n" + body);
  }
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  for (std::string& l : Split(text, '\n')) {
    if (!l.empty()) out.push_back(std::move(l));
  }
  return out;
}

}  // namespace

const std::vector<Document>& RealArticles(std::string* why) {
  static const std::vector<Document> articles = [] {
    std::vector<std::string> texts;
    auto add = [&](std::vector<std::string> more) {
      for (std::string& t : more) texts.push_back(std::move(t));
    };
    const fs::path ecb = kData / "ecbplus" / "documents.jsonl";
    const fs::path isaf = kData / "isaf-press-releases-killcapture" / "test.jsonl";
    const fs::path reuters = kData / "reuters21578-tm-sample";
    const fs::path gva = kData / "gva-dev" / "documents.jsonl";
    if (!fs::exists(ecb) || !fs::exists(isaf) || !fs::exists(reuters) || !fs::exists(gva)) return std::vector<Document>{};
    add(JsonlField(ecb, "text"));
    add(JsonlField(isaf, "text"));
    add(ReutersTexts(reuters));
    add(JsonlField(gva, "content"));
    // Fisher-Yates with the shared splitmix64: the same order everywhere.
    Rng rng{16};
    for (size_t i = texts.size(); i > 1; --i) std::swap(texts[i - 1], texts[rng.Below(i)]);
    std::vector<Document> docs(texts.size());
    for (size_t i = 0; i < texts.size(); ++i) docs[i].text = std::move(texts[i]);
    return docs;
  }();
  if (why && articles.empty()) *why = "no ECB+, ISAF, Reuters or gva-dev articles under " + kData.string();
  return articles;
}

std::vector<Document> MakeRealCorpus(size_t n) {
  const std::vector<Document>& real = RealArticles();
  const size_t m = real.size();
  if (m == 0) return {};
  std::vector<std::vector<std::string>> lines(m);
  for (size_t i = 0; i < m; ++i) lines[i] = Lines(real[i].text);
  // Candidate k of the stream: real article k, then recombinations.
  auto candidate = [&](size_t k) {
    if (k < m) return real[k].text;
    const size_t r = k / m, j = k % m;
    std::string text;
    for (size_t q = 0; q < lines[j].size() && text.size() < real[j].text.size(); ++q) {
      const std::vector<std::string>& from = lines[(j + (q + 1) * r * 101) % m];
      if (from.empty()) continue;
      if (!text.empty()) text += "\n\n";
      text += from[q % from.size()];
    }
    return text;
  };
  std::vector<Document> docs;
  docs.reserve(n);
  std::unordered_set<std::string> seen;
  for (size_t k = 0; docs.size() < n && k < 64 * (n + m); ++k) {
    std::string text = candidate(k);
    if (text.empty() || !seen.insert(text).second) continue;  // distinct texts only
    Document d;
    d.id = "g" + std::to_string(docs.size());
    d.text = std::move(text);
    docs.push_back(std::move(d));
  }
  return docs;
}

std::vector<Document> NewsCorpus(size_t n, std::string* source) {
  const size_t real = RealArticles().size();
  if (real > 0) {
    if (source) *source = "real news: ECB+, ISAF, Reuters, gva-dev";
    return MakeRealCorpus(std::min(n, real));
  }
  if (source) *source = "zyte sample: ../shared/data absent";
  const fs::path sample = fs::path(CROSSCHECK_SOURCE_DIR) / "bench" / "data" / "zyte-articles.jsonl";
  std::vector<std::string> ids = JsonlField(sample, "id"), texts = JsonlField(sample, "text");
  std::vector<Document> docs;
  for (size_t i = 0; i < texts.size() && i < ids.size() && docs.size() < n; ++i) {
    Document d;
    d.id = std::move(ids[i]);
    d.text = std::move(texts[i]);
    docs.push_back(std::move(d));
  }
  return docs;
}

}  // namespace crosscheck::bench

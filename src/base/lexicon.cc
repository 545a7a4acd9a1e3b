#include "base/lexicon.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

#include "base/resources.h"

namespace crosscheck {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

namespace {

std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    fields.emplace_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return fields;
}

}  // namespace

Lexicon Lexicon::Parse(std::string_view tsv) {
  Lexicon lex;
  size_t pos = 0;
  while (pos < tsv.size()) {
    size_t nl = tsv.find('\n', pos);
    std::string_view line = tsv.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? tsv.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    Row row = SplitTabs(line);
    size_t words = 1;
    for (char c : row[0]) words += c == ' ';
    if (words > lex.max_words_) lex.max_words_ = words;
    lex.rows_.push_back(row);
    std::string key = AsciiLower(row[0]);
    for (size_t sp = key.find(' '); sp != std::string::npos; sp = key.find(' ', sp + 1)) {
      lex.prefixes_.insert(key.substr(0, sp));
    }
    lex.prefixes_.insert(key);
    row.erase(row.begin());
    lex.map_[key] = std::move(row);
  }
  return lex;
}

const Lexicon& Lexicon::Get(std::string_view name) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Lexicon>, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(name);
  if (it == cache.end()) {
    auto lex = std::make_unique<Lexicon>(Parse(FindResource(name)));
    it = cache.emplace(std::string(name), std::move(lex)).first;
  }
  return *it->second;
}

const Lexicon::Row* Lexicon::Find(std::string_view key) const {
  // Callers mostly pass lower-case tokens: look those up without a copy.
  bool lower = std::none_of(key.begin(), key.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  auto it = lower ? map_.find(key) : map_.find(std::string_view(AsciiLower(key)));
  return it == map_.end() ? nullptr : &it->second;
}

}  // namespace crosscheck

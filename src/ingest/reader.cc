#include "ingest/reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "base/utf8.h"

namespace crosscheck {

namespace fs = std::filesystem;

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsJsonLinesName(std::string_view name) {
  return EndsWith(name, ".jsonl") || EndsWith(name, ".ndjson");
}

std::string Stem(std::string_view name) {
  return fs::path(std::string(name)).stem().string();
}

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

void Report(IngestResult& out, std::string_view file, size_t line, size_t byte, Severity sev,
            std::string message) {
  out.diagnostics.push_back({std::string(file), line, byte, sev, std::move(message)});
}

// Checks bytes that are meant to be text. Returns false (with an error) when
// the input must be skipped; adds a warning for recoverable problems.
bool CheckText(std::string_view file, size_t base_line, size_t base_byte, std::string_view text,
               const IngestOptions& options, IngestResult& out) {
  if (text.size() > options.max_document_bytes) {
    Report(out, file, base_line, base_byte, Severity::kError,
           "document of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
               std::to_string(options.max_document_bytes) + " bytes; skipped");
    return false;
  }
  if (IsBlank(text)) {
    Report(out, file, base_line, base_byte, Severity::kError, "empty document; skipped");
    return false;
  }
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    size_t line = base_line ? base_line : LineOf(text, nul);
    Report(out, file, line, base_byte + nul, Severity::kError,
           "binary data (NUL byte) at byte " + std::to_string(base_byte + nul) +
               "; not a text report, skipped");
    return false;
  }
  if (auto bad = FirstInvalidUtf8(text)) {
    size_t line = base_line ? base_line : LineOf(text, *bad);
    Report(out, file, line, base_byte + *bad, Severity::kWarning,
           "invalid UTF-8 at byte " + std::to_string(base_byte + *bad) +
               "; invalid bytes are read as U+FFFD, offsets still index the original bytes");
  }
  return true;
}

void ReadText(std::string_view name, std::string_view bytes, const IngestOptions& options,
              IngestResult& out) {
  if (!CheckText(name, 0, 0, bytes, options, out)) return;
  Document doc;
  doc.id = name == "-" ? "stdin" : Stem(name);
  doc.text = std::string(bytes);
  doc.origin = std::string(name);
  out.documents.push_back(std::move(doc));
}

std::string ScalarText(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number() || v.is_boolean()) return v.dump();
  return {};
}

// One JSON Lines record; returns false with a diagnostic when it is unusable.
bool ParseRecord(std::string_view name, size_t line_no, size_t line_byte, std::string_view line,
                 const IngestOptions& options, IngestResult& out, Document& doc) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(line);
  } catch (const nlohmann::json::out_of_range& e) {
    Report(out, name, line_no, line_byte, Severity::kError,
           std::string("unusable JSON value (") + e.what() + "); line skipped");
    return false;
  } catch (const nlohmann::json::parse_error& e) {
    size_t at = e.byte > 0 ? e.byte - 1 : 0;
    std::string what = e.what();
    if (auto p = what.find("]: "); p != std::string::npos) what = what.substr(p + 3);
    Report(out, name, line_no, line_byte + at, Severity::kError,
           "malformed JSON (" + what + "); line skipped");
    return false;
  }
  if (!j.is_object()) {
    Report(out, name, line_no, line_byte, Severity::kError, "not a JSON object; line skipped");
    return false;
  }
  auto text = j.find("text");
  if (text == j.end() || !text->is_string()) {
    Report(out, name, line_no, line_byte, Severity::kError,
           "no string field \"text\"; line skipped");
    return false;
  }
  doc.text = text->get<std::string>();
  if (!CheckText(name, line_no, line_byte, doc.text, options, out)) return false;
  for (auto& [key, value] : j.items()) {
    if (key == "text") continue;
    std::string s = ScalarText(value);
    if (!s.empty()) doc.fields[key] = s;
  }
  auto field = [&](const char* k) {
    auto it = doc.fields.find(k);
    return it == doc.fields.end() ? std::string() : it->second;
  };
  doc.id = field("id");
  if (doc.id.empty()) doc.id = (name == "-" ? std::string("stdin") : Stem(name)) + ":" + std::to_string(line_no);
  doc.title = field("title");
  doc.outlet = field("outlet");
  doc.url = field("url");
  doc.published = field("published");
  doc.origin = std::string(name) + ":" + std::to_string(line_no);
  return true;
}

void ReadJsonLines(std::string_view name, std::string_view bytes, const IngestOptions& options,
                   IngestResult& out) {
  size_t pos = 0, line_no = 0;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    size_t end = nl == std::string_view::npos ? bytes.size() : nl;
    std::string_view line = bytes.substr(pos, end - pos);
    size_t line_byte = pos;
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (IsBlank(line)) continue;
    Document doc;
    if (ParseRecord(name, line_no, line_byte, line, options, out, doc)) {
      out.documents.push_back(std::move(doc));
    }
  }
}

std::string ReadAll(std::istream& in) {
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void ReadPath(const fs::path& path, const IngestOptions& options, IngestResult& out) {
  std::string name = path.string();
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  // Whole JSONL files may be larger than one document; text files may not.
  if (!ec && !IsJsonLinesName(name) && size > options.max_document_bytes) {
    Report(out, name, 0, 0, Severity::kError,
           "file of " + std::to_string(size) + " bytes exceeds the document limit of " +
               std::to_string(options.max_document_bytes) + " bytes; skipped");
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Report(out, name, 0, 0, Severity::kError, "cannot open file; check the path and permissions");
    return;
  }
  ReadBuffer(name, ReadAll(in), options, out);
}

}  // namespace

void ReadBuffer(std::string_view name, std::string_view bytes, const IngestOptions& options,
                IngestResult& out) {
  bool jsonl = IsJsonLinesName(name);
  if (name == "-") {
    size_t first = bytes.find_first_not_of(" \t\r\n");
    jsonl = first != std::string_view::npos && bytes[first] == '{';
  }
  if (jsonl) {
    ReadJsonLines(name, bytes, options, out);
  } else {
    ReadText(name, bytes, options, out);
  }
}

IngestResult ReadInputs(const std::vector<std::string>& paths, const IngestOptions& options) {
  IngestResult out;
  for (const std::string& p : paths) {
    if (p == "-") {
      ReadBuffer("-", ReadAll(std::cin), options, out);
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> files;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
           it.increment(ec)) {
        const std::string ext = it->path().extension().string();
        if (it->is_regular_file() && (ext == ".txt" || ext == ".jsonl" || ext == ".ndjson")) {
          files.push_back(it->path());
        }
      }
      if (ec) Report(out, p, 0, 0, Severity::kError, "cannot read directory: " + ec.message());
      std::sort(files.begin(), files.end());
      for (const fs::path& f : files) ReadPath(f, options, out);
    } else if (fs::exists(p, ec)) {
      ReadPath(p, options, out);
    } else {
      Report(out, p, 0, 0, Severity::kError, "no such file or directory");
    }
  }
  // Ids must be unique: later duplicates get a "#N" suffix and a warning.
  std::set<std::string> seen;
  for (Document& d : out.documents) {
    std::string id = d.id;
    for (int n = 2; !seen.insert(id).second; ++n) id = d.id + "#" + std::to_string(n);
    if (id != d.id) {
      Report(out, d.origin, 0, 0, Severity::kWarning,
             "duplicate document id \"" + d.id + "\" renamed to \"" + id + "\"");
      d.id = id;
    }
  }
  return out;
}

}  // namespace crosscheck

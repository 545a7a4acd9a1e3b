#include "ingest/reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "base/utf8.h"
#include "ingest/capped.h"
#include "ingest/feed.h"
#include "ingest/html.h"
#include "ingest/json_record.h"
#include "ingest/warc.h"
#include "ingest/web.h"

namespace crosscheck {

namespace fs = std::filesystem;

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string AsciiLowerName(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsJsonLinesName(std::string_view name) {
  return EndsWith(name, ".jsonl") || EndsWith(name, ".ndjson");
}

bool IsHtmlName(std::string_view name) {
  std::string lower = AsciiLowerName(name);
  return EndsWith(lower, ".html") || EndsWith(lower, ".htm");
}

// Files a directory walk reads besides text, JSON Lines and HTML: WARC files
// and feeds (the content decides what they are).
bool IsWebFileName(const fs::path& path) {
  const std::string name = AsciiLowerName(path.filename().string());
  for (std::string_view ext : {".warc", ".warc.gz", ".rss", ".atom", ".xml"}) {
    if (EndsWith(name, ext)) return true;
  }
  return false;
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

// The messages of an input over IngestOptions::max_document_bytes: a file of
// known size, a stream cut at the limit (its size is never known: it may not
// end), a JSON Lines line (read to its end, so counted).
std::string Limit(size_t limit) {
  return "the limit of " + std::to_string(limit) + " bytes (--max-document-bytes)";
}
std::string TooLarge(size_t bytes, size_t limit) {
  return "document of " + std::to_string(bytes) + " bytes exceeds " + Limit(limit) +
         "; skipped, not read (split it into smaller reports)";
}
std::string StreamTooLarge(size_t limit) {
  return "document exceeds " + Limit(limit) + "; reading stopped there, skipped";
}
std::string LineTooLarge(size_t bytes, size_t limit) {
  return "line of " + std::to_string(bytes) + " bytes exceeds " + Limit(limit) +
         "; read in chunks and discarded, line skipped";
}

// Checks bytes that are meant to be text. Returns false (with an error) when
// the input must be skipped; adds a warning for recoverable problems.
// base_line == 0: `text` is a whole text file, offsets are file offsets.
// Otherwise `text` is the decoded "text" of the JSON Lines record on line
// base_line, which starts at file byte base_byte: problems are reported at the
// record, with the offset in its text in the message.
bool CheckText(std::string_view file, size_t base_line, size_t base_byte, std::string_view text,
               IngestResult& out) {
  if (IsBlank(text)) {
    Report(out, file, base_line, base_byte, Severity::kError, "empty document; skipped");
    return false;
  }
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    if (base_line) {
      Report(out, file, base_line, base_byte, Severity::kError,
             "binary data (NUL byte, \\u0000) at byte " + std::to_string(nul) +
                 " of \"text\"; not a text report, skipped");
    } else {
      Report(out, file, LineOf(text, nul), nul, Severity::kError,
             "binary data (NUL byte) at byte " + std::to_string(nul) + "; not a text report, skipped");
    }
    return false;
  }
  // Decoded JSON strings are valid UTF-8 (ReadJsonLines repairs the line).
  if (auto bad = FirstInvalidUtf8(text)) {
    size_t line = base_line ? base_line : LineOf(text, *bad);
    Report(out, file, line, base_byte + *bad, Severity::kWarning,
           "invalid UTF-8 at byte " + std::to_string(base_byte + *bad) +
               "; invalid bytes are read as U+FFFD, offsets still index the original bytes");
  }
  return true;
}

// nlohmann's what() without its "[json.exception.x.N] parse error at line 1,
// column C: " prefix (the record is one line; the caller names line and byte).
std::string JsonReason(const std::exception& e) {
  std::string what = e.what();
  if (auto p = what.find("] "); what.rfind("[json.exception", 0) == 0 && p != std::string::npos) {
    what = what.substr(p + 2);
  }
  if (auto p = what.find(": "); what.rfind("parse error", 0) == 0 && p != std::string::npos) {
    what = what.substr(p + 2);
  }
  return what;
}

// An HTML page (ingest/html.h): the extracted text becomes the document.
void ReadHtmlPage(std::string_view name, std::string_view bytes, const IngestOptions& options,
                  IngestResult& out) {
  WebPage page;
  page.bytes = bytes;
  Result<HtmlDocument> r = ReadHtml(name == "-" ? "stdin" : Stem(name), page, options);
  if (!r.ok()) {
    Report(out, name, 0, 0, Severity::kError, r.status().message());
    return;
  }
  for (std::string& w : r.value().warnings) Report(out, name, 0, 0, Severity::kWarning, std::move(w));
  Document& doc = r.value().document;
  doc.origin = std::string(name);
  out.documents.push_back(std::move(doc));
}

// A text document read (capped) from a file or stdin.
void ReadText(std::string_view name, CappedBytes read, const IngestOptions& options, IngestResult& out) {
  if (read.over_limit) {
    Report(out, name, 1, 0, Severity::kError, StreamTooLarge(options.max_document_bytes));
    return;
  }
  // An HTML page (by name, or by content for any other name and stdin).
  if (IsHtmlName(name) || LooksLikeHtml(std::string_view(read.bytes).substr(0, 4096))) {
    ReadHtmlPage(name, read.bytes, options, out);
    return;
  }
  if (!CheckText(name, 0, 0, read.bytes, out)) return;
  Document doc;
  doc.id = name == "-" ? "stdin" : Stem(name);
  doc.text = std::move(read.bytes);
  doc.origin = std::string(name);
  out.documents.push_back(std::move(doc));
}

std::string ScalarText(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number() || v.is_boolean()) return v.dump();
  return {};
}

bool FillRecord(std::string_view name, size_t line_no, Document& doc);

// One JSON Lines record; returns false with a diagnostic when it is unusable.
// `line` may be a repaired copy of the `source_size` bytes at line_byte.
bool ParseRecord(std::string_view name, size_t line_no, size_t line_byte, std::string_view line,
                 size_t source_size, IngestResult& out, Document& doc) {
  // Most records are flat objects of strings: read without a DOM, which took
  // three quarters of the reading (the same text and fields).
  if (std::optional<ingest_internal::JsonRecord> r = ingest_internal::ParseSimpleRecord(line)) {
    doc.text = std::move(r->text);
    if (!CheckText(name, line_no, line_byte, doc.text, out)) return false;
    doc.fields = std::move(r->fields);
    return FillRecord(name, line_no, doc);
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(line);
  } catch (const nlohmann::json::out_of_range& e) {
    Report(out, name, line_no, line_byte, Severity::kError,
           "unusable JSON value (" + JsonReason(e) + "); line skipped");
    return false;
  } catch (const nlohmann::json::parse_error& e) {
    size_t at = std::min(e.byte > 0 ? e.byte - 1 : 0, source_size);
    Report(out, name, line_no, line_byte + at, Severity::kError,
           "malformed JSON at byte " + std::to_string(line_byte + at) + " (" + JsonReason(e) +
               "); line skipped");
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
  doc.text = std::move(text->get_ref<std::string&>());  // no copy of a huge text
  if (!CheckText(name, line_no, line_byte, doc.text, out)) return false;
  for (auto& [key, value] : j.items()) {
    if (key == "text") continue;
    std::string s = ScalarText(value);
    if (!s.empty()) doc.fields[key] = s;
  }
  return FillRecord(name, line_no, doc);
}

// The named members of a record, from its fields.
bool FillRecord(std::string_view name, size_t line_no, Document& doc) {
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

// One JSON Lines record a line, read line by line: a line over the limit is
// discarded as it is read (a JSON Lines file may be any size; one line may not).
void ReadJsonLines(std::string_view name, CappedLineReader& lines, const IngestOptions& options,
                   IngestResult& out) {
  CappedLine l;
  while (lines.Next(l)) {
    if (l.blank) continue;
    if (l.over_limit) {
      Report(out, name, l.number, l.offset, Severity::kError, LineTooLarge(l.size, options.max_document_bytes));
      continue;
    }
    std::string_view line = l.bytes;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // JSON must be UTF-8: invalid bytes are replaced (as text files read
    // them) rather than losing the record; the warning names the first.
    std::optional<size_t> bad = FirstInvalidUtf8(line);
    std::string repaired;
    if (bad) repaired = ReplaceInvalidUtf8(line);
    Document doc;
    if (ParseRecord(name, l.number, l.offset, bad ? repaired : line, line.size(), out, doc)) {
      if (bad) {
        Report(out, name, l.number, l.offset + *bad, Severity::kWarning,
               "invalid UTF-8 at byte " + std::to_string(l.offset + *bad) +
                   "; invalid bytes are replaced by U+FFFD in the record (JSON must be UTF-8)");
      }
      out.documents.push_back(std::move(doc));
    }
  }
}

// How many bytes of an input are looked at to tell WARC files and feeds
// from the rest.
constexpr size_t kSniffBytes = 1024;

// Takes up to `n` bytes of `in` after those already in `head`.
void TakeHead(std::istream& in, size_t n, std::string& head) {
  if (head.size() >= n) return;
  const size_t had = head.size();
  head.resize(n);
  const std::streamsize got = in.rdbuf()->sgetn(head.data() + had, static_cast<std::streamsize>(n - had));
  head.resize(had + (got > 0 ? static_cast<size_t>(got) : 0));
}

// Reads one input stream as the file `name`: a WARC file or a feed by its
// content (ingest/web.h); else JSON Lines by its extension, or for "-" when
// its first non-blank byte is '{' (the blank bytes before it are kept: they
// are part of a text document, and count towards its limit). `head`: bytes
// already taken from `in`.
void ReadStream(std::string_view name, std::istream& in, size_t size_hint, const IngestOptions& options,
                IngestResult& out, std::string head = {}) {
  const size_t limit = options.max_document_bytes;
  TakeHead(in, kSniffBytes, head);
  if (LooksLikeWarc(head)) {
    ReadWarcDocuments(name, std::move(head), in, options,
                      [&](Document&& d) { out.documents.push_back(std::move(d)); }, out.diagnostics);
    return;
  }
  bool jsonl = IsJsonLinesName(name);
  const std::string lower = AsciiLowerName(name);
  const bool feed_name = EndsWith(lower, ".rss") || EndsWith(lower, ".atom") || EndsWith(lower, ".xml");
  if (!jsonl && (LooksLikeFeed(head) || feed_name)) {  // a named feed that is not one gets an error
    CappedBytes read = ReadCapped(in, limit, size_hint, std::move(head));
    if (read.over_limit) Report(out, name, 1, 0, Severity::kError, StreamTooLarge(limit));
    else ReadFeedDocuments(name, read.bytes, options, out);
    return;
  }
  if (name == "-") {
    const size_t first = head.find_first_not_of(" \t\r\n");
    if (first != std::string::npos) {
      jsonl = head[first] == '{';
    } else {
      std::streambuf* sb = in.rdbuf();
      for (int c; head.size() <= limit && (c = sb->sgetc()) != std::char_traits<char>::eof(); sb->sbumpc()) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
          jsonl = c == '{';
          break;
        }
        head.push_back(static_cast<char>(c));
      }
    }
  }
  if (jsonl) {
    CappedLineReader lines(in, limit, std::move(head));
    ReadJsonLines(name, lines, options, out);
  } else {
    ReadText(name, ReadCapped(in, limit, size_hint, std::move(head)), options, out);
  }
}

void ReadPath(const fs::path& path, const IngestOptions& options, IngestResult& out) {
  std::string name = path.string();
  std::error_code ec;
  // Only a regular file has a size; a device or a FIFO may never end, and is
  // read up to the limit.
  const bool regular = fs::is_regular_file(path, ec);
  const size_t size = regular ? static_cast<size_t>(fs::file_size(path, ec)) : 0;
  if (ec) ec.clear();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Report(out, name, 0, 0, Severity::kError, "cannot open file; check the path and permissions");
    return;
  }
  // Whole JSONL and WARC files may be larger than one document (they are
  // streamed); other files may not. It is not read: the message can give
  // its size.
  std::string head;
  if (regular && !IsJsonLinesName(name) && size > options.max_document_bytes) {
    TakeHead(in, kSniffBytes, head);
    if (!LooksLikeWarc(head)) {
      Report(out, name, 1, 0, Severity::kError, TooLarge(size, options.max_document_bytes));
      return;
    }
  }
  ReadStream(name, in, size, options, out, std::move(head));
}

// An istream over bytes already in memory (ReadBuffer), read without a copy.
class ViewBuf : public std::streambuf {
 public:
  explicit ViewBuf(std::string_view bytes) {
    char* p = const_cast<char*>(bytes.data());  // only read: no put area
    setg(p, p, p + bytes.size());
  }
};

}  // namespace

void ReadBuffer(std::string_view name, std::string_view bytes, const IngestOptions& options,
                IngestResult& out) {
  ViewBuf buf(bytes);
  std::istream in(&buf);
  ReadStream(name, in, bytes.size(), options, out);
}

std::string UniqueId(const std::string& id, std::unordered_set<std::string>& taken) {
  std::string out = id;
  for (int n = 2; !taken.insert(out).second; ++n) out = id + "#" + std::to_string(n);
  return out;
}

IngestResult ReadInputs(const std::vector<std::string>& paths, const IngestOptions& options) {
  IngestResult out;
  for (size_t i = 0; i < paths.size(); ++i) {
    const std::string& p = paths[i];
    if (IsUrl(p)) {
      // A run of URLs is fetched together, on parallel connections.
      std::vector<std::string> urls;
      for (; i < paths.size() && IsUrl(paths[i]); ++i) urls.push_back(paths[i]);
      --i;
      ReadUrls(urls, options, out);
      continue;
    }
    if (p == "-") {
      ReadStream("-", std::cin, 0, options, out);
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> files;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
           it.increment(ec)) {
        const std::string ext = it->path().extension().string();
        if (it->is_regular_file() && (ext == ".txt" || ext == ".jsonl" || ext == ".ndjson" || IsHtmlName(ext) ||
                                      IsWebFileName(it->path()))) {
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
  std::unordered_set<std::string> seen;
  for (Document& d : out.documents) {
    std::string id = UniqueId(d.id, seen);
    if (id != d.id) {
      Report(out, d.origin, 0, 0, Severity::kWarning,
             "duplicate document id \"" + d.id + "\" renamed to \"" + id + "\"");
      d.id = id;
    }
  }
  return out;
}

}  // namespace crosscheck

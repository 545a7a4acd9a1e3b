#include "ingest/warc.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <deque>
#include <optional>
#include <utility>

namespace crosscheck {

namespace {

constexpr size_t kChunk = 64 * 1024;
// No WARC or HTTP header block is near this; a longer one is not a header.
constexpr size_t kMaxHeaderBytes = 1 << 20;
constexpr size_t kMaxHeaderLine = 64 * 1024;

bool IsGzip(std::string_view head) {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
         static_cast<unsigned char>(head[1]) == 0x8b;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// Decompressed bytes of a plain or gzip (any number of members) stream, and
// where each gzip member starts, so that a record's offset can be named.
class Source {
 public:
  Source(std::string head, std::istream& in) : in_(in.rdbuf()), head_(std::move(head)) {
    in_buf_.resize(kChunk);
    // Sniff: gzip magic or not.
    const int c0 = head_.empty() ? in_->sgetc() : static_cast<unsigned char>(head_[0]);
    if (c0 == 0x1f) gzip_ = true;
    if (gzip_) {
      std::memset(&z_, 0, sizeof(z_));
      ok_ = inflateInit2(&z_, 16 + MAX_WBITS) == Z_OK;
      members_.push_back({0, 0});
    }
  }
  ~Source() {
    if (gzip_) inflateEnd(&z_);
  }
  Source(const Source&) = delete;
  Source& operator=(const Source&) = delete;

  // Up to n decompressed bytes into buf; 0 at the end (or on an error, see error()).
  size_t Read(char* buf, size_t n) {
    if (!gzip_) {
      const size_t g = Raw(buf, n);
      out_pos_ += g;
      return g;
    }
    if (!ok_ || done_) return 0;
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(n);
    while (z_.avail_out == n) {
      if (z_.avail_in == 0) {
        const size_t got = Raw(in_buf_.data(), in_buf_.size());
        if (got == 0) {
          if (in_member_) error_ = "gzip stream ends inside a member (truncated file)";
          done_ = true;
          break;
        }
        z_.next_in = reinterpret_cast<Bytef*>(in_buf_.data());
        z_.avail_in = static_cast<uInt>(got);
        in_read_ += got;
      }
      if (!in_member_) {
        // A new member starts at this compressed offset.
        const size_t at = in_read_ - z_.avail_in;
        if (z_.next_in[0] != 0x1f) {
          // Trailing bytes after the last member: zero padding is fine,
          // anything else is not gzip.
          if (std::all_of(z_.next_in, z_.next_in + z_.avail_in, [](Bytef b) { return b == 0; })) {
            z_.avail_in = 0;
            continue;
          }
          error_ = "bytes after gzip member at offset " + std::to_string(at) + " are not gzip";
          done_ = true;
          break;
        }
        members_.push_back({out_pos_ + (n - z_.avail_out), at});
        in_member_ = true;
      }
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
        inflateReset(&z_);
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        error_ = std::string("corrupt gzip data (") + (z_.msg ? z_.msg : "inflate failed") +
                 ") in the member at offset " + std::to_string(members_.back().second);
        done_ = true;
        break;
      }
    }
    const size_t got = n - z_.avail_out;
    out_pos_ += got;
    return got;
  }

  // The file offset to name for a record whose first decompressed byte is
  // at `pos`: its gzip member's start, or `pos` in a plain file. Forgets
  // members before it (offsets are asked for in increasing order).
  size_t FileOffset(size_t pos) {
    if (!gzip_) return pos;
    while (members_.size() > 1 && members_[1].first <= pos) members_.pop_front();
    return members_.empty() ? pos : members_.front().second;
  }

  const std::string& error() const { return error_; }

 private:
  // Bytes of the file: the head first, then the stream.
  size_t Raw(char* buf, size_t n) {
    if (head_pos_ < head_.size()) {
      const size_t take = std::min(n, head_.size() - head_pos_);
      std::memcpy(buf, head_.data() + head_pos_, take);
      head_pos_ += take;
      return take;
    }
    const std::streamsize got = in_->sgetn(buf, static_cast<std::streamsize>(n));
    return got > 0 ? static_cast<size_t>(got) : 0;
  }

  std::streambuf* in_;
  std::string head_;
  size_t head_pos_ = 0;
  bool gzip_ = false;
  bool ok_ = true;
  bool done_ = false;
  bool in_member_ = false;
  z_stream z_{};
  std::string in_buf_;
  size_t in_read_ = 0;  // compressed bytes read from in_
  size_t out_pos_ = 0;  // decompressed bytes handed out
  // (decompressed offset, compressed offset) of each member's first byte.
  std::deque<std::pair<size_t, size_t>> members_;
  std::string error_;
};

// Lines and blocks over a Source, with a read-ahead buffer.
class Records {
 public:
  explicit Records(Source& src) : src_(src) {}

  size_t pos() const { return pos_; }  // decompressed offset of the next byte

  // The next line without its "\n" (and "\r"); false at the end. A line
  // over kMaxHeaderLine is read to its end and returned cut (too_long).
  bool Line(std::string& line, bool& too_long) {
    line.clear();
    too_long = false;
    for (;;) {
      if (begin_ == buf_.size() && !Fill()) return !line.empty() || too_long;
      const char* start = buf_.data() + begin_;
      const size_t avail = buf_.size() - begin_;
      const char* nl = static_cast<const char*>(std::memchr(start, '\n', avail));
      const size_t take = nl ? static_cast<size_t>(nl - start) : avail;
      if (line.size() + take <= kMaxHeaderLine) line.append(start, take);
      else too_long = true;
      begin_ += take + (nl ? 1 : 0);
      pos_ += take + (nl ? 1 : 0);
      if (nl) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return true;
      }
    }
  }

  // Exactly n bytes into out (appended); false when the input ends first.
  bool Block(size_t n, std::string& out) {
    while (n > 0) {
      if (begin_ == buf_.size() && !Fill()) return false;
      const size_t take = std::min(n, buf_.size() - begin_);
      out.append(buf_, begin_, take);
      begin_ += take;
      pos_ += take;
      n -= take;
    }
    return true;
  }

  // Reads and drops n bytes; false when the input ends first.
  bool Skip(size_t n) {
    while (n > 0) {
      if (begin_ == buf_.size() && !Fill()) return false;
      const size_t take = std::min(n, buf_.size() - begin_);
      begin_ += take;
      pos_ += take;
      n -= take;
    }
    return true;
  }

 private:
  bool Fill() {
    buf_.resize(kChunk);
    const size_t got = src_.Read(buf_.data(), buf_.size());
    buf_.resize(got);
    begin_ = 0;
    return got > 0;
  }

  Source& src_;
  std::string buf_;
  size_t begin_ = 0;
  size_t pos_ = 0;
};

// Parses "Name: value" header lines into lower-case names.
std::optional<std::pair<std::string, std::string_view>> Header(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  return std::make_pair(Lower(TrimView(line.substr(0, colon))), TrimView(line.substr(colon + 1)));
}

std::optional<size_t> ParseSize(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  size_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<size_t>(c - '0');
  }
  return v;
}

// Undoes chunked transfer-encoding; false when the chunks are malformed.
bool Dechunk(std::string_view in, std::string& out) {
  out.clear();
  size_t pos = 0;
  for (;;) {
    const size_t nl = in.find('\n', pos);
    if (nl == std::string_view::npos) return false;
    std::string_view size_line = TrimView(in.substr(pos, nl - pos));
    size_line = size_line.substr(0, size_line.find(';'));  // chunk extensions
    if (size_line.empty() || size_line.size() > 15) return false;
    size_t n = 0;
    for (char c : size_line) {
      int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
              : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                          : -1;
      if (d < 0) return false;
      n = n * 16 + static_cast<size_t>(d);
    }
    pos = nl + 1;
    if (n == 0) return true;  // trailers are ignored
    if (n > in.size() - pos) return false;
    out.append(in.substr(pos, n));
    pos += n;
    if (in.compare(pos, 2, "\r\n") == 0) pos += 2;
    else if (pos < in.size() && in[pos] == '\n') pos += 1;
  }
}

// Inflates a gzip or zlib (deflate) body, capped at `limit` bytes; nullopt
// when it is corrupt or over the limit.
std::optional<std::string> Inflate(std::string_view in, size_t limit) {
  z_stream z{};
  if (inflateInit2(&z, 32 + MAX_WBITS) != Z_OK) return std::nullopt;  // gzip or zlib header
  std::string out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), UINT32_MAX));
  char buf[kChunk];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof(buf);
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(buf, sizeof(buf) - z.avail_out);
    if (out.size() > limit) { rc = Z_MEM_ERROR; break; }
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) break;  // truncated
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

// The HTTP response in a record's block; false (with `why`) when it is not one.
bool ParseHttp(std::string_view block, size_t limit, WarcResponse& r, std::string& why) {
  size_t end = block.find("\r\n\r\n");
  size_t body_at = end == std::string_view::npos ? std::string_view::npos : end + 4;
  if (size_t lf = block.find("\n\n"); lf != std::string_view::npos && (end == std::string_view::npos || lf < end)) {
    end = lf;
    body_at = lf + 2;
  }
  if (end == std::string_view::npos) {
    why = "HTTP headers do not end";
    return false;
  }
  std::string_view head = block.substr(0, end);
  const size_t eol = head.find('\n');
  std::string_view status_line = TrimView(head.substr(0, eol));
  if (status_line.rfind("HTTP/", 0) != 0) {
    why = "not an HTTP response (no status line)";
    return false;
  }
  const size_t sp = status_line.find(' ');
  std::string_view code = sp == std::string_view::npos ? std::string_view() : status_line.substr(sp + 1, 3);
  std::optional<size_t> status = ParseSize(code);
  if (!status || *status < 100 || *status > 999) {
    why = "bad HTTP status line";
    return false;
  }
  r.status = static_cast<int>(*status);
  bool chunked = false;
  std::string encoding;
  size_t pos = eol == std::string_view::npos ? head.size() : eol + 1;
  while (pos < head.size()) {
    size_t nl = head.find('\n', pos);
    if (nl == std::string_view::npos) nl = head.size();
    if (auto h = Header(head.substr(pos, nl - pos))) {
      if (h->first == "content-type") r.content_type = h->second;
      else if (h->first == "transfer-encoding") chunked = Lower(h->second).find("chunked") != std::string::npos;
      else if (h->first == "content-encoding") encoding = Lower(h->second);
    }
    pos = nl + 1;
  }
  std::string_view body = block.substr(std::min(body_at, block.size()));
  std::string dechunked;
  if (chunked && Dechunk(body, dechunked)) body = dechunked;
  if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
    std::optional<std::string> inflated = Inflate(body, limit);
    if (!inflated) {
      why = "Content-Encoding " + encoding + " body is corrupt or over the limit";
      return false;
    }
    r.body = std::move(*inflated);
  } else {
    r.body.assign(body);
  }
  return true;
}

}  // namespace

bool LooksLikeWarc(std::string_view head) {
  if (IsGzip(head)) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return false;
    char out[64];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(head.data()));
    z.avail_in = static_cast<uInt>(std::min<size_t>(head.size(), UINT32_MAX));
    z.next_out = reinterpret_cast<Bytef*>(out);
    z.avail_out = sizeof(out);
    inflate(&z, Z_SYNC_FLUSH);
    const size_t got = sizeof(out) - z.avail_out;
    inflateEnd(&z);
    return got > 0 && !IsGzip(std::string_view(out, got)) && LooksLikeWarc(std::string_view(out, got));
  }
  size_t i = head.find_first_not_of("\r\n");
  return i != std::string_view::npos && head.substr(i, 7) == "WARC/1.";
}

void ReadWarc(std::string_view name, std::istream& in, size_t max_record_bytes,
              const std::function<void(WarcResponse&)>& on_response, std::vector<Diagnostic>& diagnostics,
              std::string head) {
  Source src(std::move(head), in);
  Records rec(src);
  auto report = [&](size_t byte, Severity sev, std::string message) {
    diagnostics.push_back({std::string(name), 0, byte, sev, std::move(message)});
  };
  std::string line;
  bool too_long = false;
  bool resyncing = false;  // after a bad header: looking for the next "WARC/" line
  for (;;) {
    const size_t start = rec.pos();
    if (!rec.Line(line, too_long)) break;
    if (!too_long && line.empty()) continue;
    if (too_long || line.rfind("WARC/", 0) != 0) {
      if (!resyncing) {
        report(src.FileOffset(start), Severity::kError,
               "not a WARC record header at byte " + std::to_string(src.FileOffset(start)) +
                   "; skipped to the next line that starts with \"WARC/\"");
      }
      resyncing = true;
      continue;
    }
    resyncing = false;
    const size_t offset = src.FileOffset(start);
    const std::string at = "record at byte " + std::to_string(offset);
    WarcResponse r;
    r.offset = offset;
    std::string type, block_type;
    std::optional<size_t> length;
    size_t header_bytes = 0;
    bool header_ok = true;
    while (rec.Line(line, too_long) && !(line.empty() && !too_long)) {
      header_bytes += line.size() + 2;
      if (too_long || header_bytes > kMaxHeaderBytes) { header_ok = false; break; }
      auto h = Header(line);
      if (!h) continue;
      if (h->first == "warc-type") type = Lower(h->second);
      else if (h->first == "content-length") length = ParseSize(h->second);
      else if (h->first == "warc-target-uri") r.target_uri = h->second;
      else if (h->first == "warc-date") r.date = h->second;
      else if (h->first == "warc-record-id") r.record_id = h->second;
      else if (h->first == "content-type") block_type = Lower(h->second);
    }
    if (!header_ok || !length) {
      report(offset, Severity::kError,
             at + ": " + (header_ok ? "no valid Content-Length" : "header block too long") +
                 "; skipped to the next record");
      resyncing = true;
      continue;
    }
    // Only responses hold pages; "application/http" (msgtype=response) is
    // what every crawler writes for them.
    if (type != "response" || block_type.rfind("application/http", 0) != 0) {
      if (!rec.Skip(*length)) {
        report(offset, Severity::kError, at + ": the file ends inside the record (truncated)");
        break;
      }
      continue;
    }
    if (*length > max_record_bytes) {
      report(offset, Severity::kError,
             at + " (" + r.target_uri + ") of " + std::to_string(*length) + " bytes exceeds the limit of " +
                 std::to_string(max_record_bytes) + " bytes (--max-document-bytes); read through and skipped");
      if (!rec.Skip(*length)) {
        report(offset, Severity::kError, at + ": the file ends inside the record (truncated)");
        break;
      }
      continue;
    }
    std::string block;
    block.reserve(*length);
    if (!rec.Block(*length, block)) {
      report(offset, Severity::kError, at + " (" + r.target_uri + "): the file ends inside the record (truncated)");
      break;
    }
    std::string why;
    if (!ParseHttp(block, max_record_bytes, r, why)) {
      report(offset, Severity::kError, at + " (" + r.target_uri + "): " + why + "; skipped");
      continue;
    }
    if (r.status < 200 || r.status >= 300) continue;
    on_response(r);
  }
  if (!src.error().empty()) report(0, Severity::kError, src.error() + "; the rest of the file is not read");
}

}  // namespace crosscheck

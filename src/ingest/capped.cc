#include "ingest/capped.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace crosscheck {

namespace {

constexpr size_t kChunk = size_t{64} << 10;

bool IsBlankByte(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// How many bytes `want` reads at most from a streambuf in one call.
std::streamsize Chunk(size_t want) {
  return static_cast<std::streamsize>(std::min<size_t>(want, std::numeric_limits<std::streamsize>::max()));
}

}  // namespace

CappedBytes ReadCapped(std::istream& in, size_t limit, size_t size_hint, std::string head) {
  CappedBytes out;
  // limit + 1 bytes tell "exactly limit" from "over"; saturates at SIZE_MAX.
  const size_t most = limit == std::numeric_limits<size_t>::max() ? limit : limit + 1;
  std::string& bytes = out.bytes;
  bytes = std::move(head);
  size_t size = std::min(bytes.size(), most);
  std::streambuf* sb = in.rdbuf();
  // A known size reads into one buffer of size + 1 (the + 1 sees the end);
  // otherwise the buffer doubles from 64 KiB, never beyond limit + 1.
  size_t capacity = std::min(most, std::max({size_hint == 0 ? kChunk : size_hint + 1, size, kChunk}));
  while (sb != nullptr && size < most) {
    if (size == bytes.size()) {
      if (size == capacity) capacity = std::min(most, std::max(capacity * 2, kChunk));
      bytes.resize(capacity);
    }
    std::streamsize got = sb->sgetn(bytes.data() + size, Chunk(bytes.size() - size));
    if (got <= 0) break;
    size += static_cast<size_t>(got);
  }
  bytes.resize(size);
  if (size > limit) {
    out.over_limit = true;
    std::string().swap(bytes);  // give the memory back now
  }
  return out;
}

CappedLineReader::CappedLineReader(std::istream& in, size_t limit, std::string head)
    : in_(in.rdbuf()), limit_(limit), buf_(std::move(head)) {}

bool CappedLineReader::Fill() {
  if (in_ == nullptr) return false;
  buf_.resize(kChunk);
  std::streamsize got = in_->sgetn(buf_.data(), Chunk(buf_.size()));
  buf_.resize(got > 0 ? static_cast<size_t>(got) : 0);
  pos_ = 0;
  return !buf_.empty();
}

void CappedLineReader::Append(CappedLine& line, const char* data, size_t n) const {
  line.size += n;
  if (line.blank) line.blank = std::all_of(data, data + n, IsBlankByte);
  if (line.over_limit) return;
  if (line.size > limit_) {
    line.over_limit = true;
    std::string().swap(line.bytes);  // the rest of the line is only counted
    return;
  }
  line.bytes.append(data, n);
}

bool CappedLineReader::Next(CappedLine& line) {
  line.bytes.clear();
  line.number = line_no_ + 1;
  line.offset = offset_;
  line.size = 0;
  line.over_limit = false;
  line.blank = true;
  bool any = false;
  for (;;) {
    if (pos_ == buf_.size() && !Fill()) {
      if (!any) return false;
      break;
    }
    any = true;
    const char* start = buf_.data() + pos_;
    const size_t avail = buf_.size() - pos_;
    const char* nl = static_cast<const char*>(std::memchr(start, '\n', avail));
    const size_t n = nl ? static_cast<size_t>(nl - start) : avail;
    Append(line, start, n);
    pos_ += n + (nl ? 1 : 0);
    offset_ += n + (nl ? 1 : 0);
    if (nl) break;
  }
  ++line_no_;
  return true;
}

}  // namespace crosscheck

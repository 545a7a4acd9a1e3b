// Capped reading: the one place outside input is read into memory, so that no
// input holds more than IngestOptions::max_document_bytes + 1 bytes of memory,
// whatever its size and whether or not it ends (/dev/zero, a FIFO whose writer
// never closes, `curl ... | crosscheck analyze -`).
//
// Every reader of outside input in ingest/ goes through these: text files and
// stdin through ReadCapped, JSON Lines through CappedLineReader. Readers added
// later (HTML, WARC records, URLs) should too, with the same limit.
//
// Both read through the stream's streambuf in chunks (sgetn) and never look at
// its state flags. Not thread-safe; a reader and its stream are used by one
// thread at a time.
#pragma once

#include <cstddef>
#include <istream>
#include <string>

namespace crosscheck {

struct CappedBytes {
  std::string bytes;        // all of the input; empty when over_limit
  bool over_limit = false;  // more than `limit` bytes: reading stopped at limit + 1
};

// Reads `in` to its end, or until it has read limit + 1 bytes, whichever
// comes first: never more than limit + 1 bytes, so an endless input returns
// too. `head` holds bytes already taken from `in` (stdin's sniffed prefix);
// they come first and count towards the limit. `size_hint`, the expected size
// (a regular file's), sizes the buffer in one go so a large file is not copied
// while the buffer doubles; 0 when unknown.
CappedBytes ReadCapped(std::istream& in, size_t limit, size_t size_hint = 0, std::string head = {});

// One line of a stream, as CappedLineReader returns it.
struct CappedLine {
  std::string bytes;        // the line without its '\n'; empty when over_limit
  size_t number = 0;        // 1-based
  size_t offset = 0;        // stream offset of its first byte
  size_t size = 0;          // its length without '\n', counted to its end
  bool over_limit = false;  // size > limit: the bytes were read and discarded
  bool blank = true;        // only spaces, tabs, CR, LF, FF, VT (or nothing)
};

// Splits a stream into lines at '\n' (a last line without one included),
// holding at most `limit` bytes of any line: the rest of a longer line is read
// in 64 KiB chunks and discarded, and the next line is read as usual. Memory
// is bounded whatever the input; a line that never ends is read (and
// discarded) until the stream ends.
class CappedLineReader {
 public:
  // `head`: bytes already taken from `in`, read before it (offset 0 is the
  // first byte of `head`).
  CappedLineReader(std::istream& in, size_t limit, std::string head = {});

  // The next line in `line` (its buffer is reused); false at the end of input.
  [[nodiscard]] bool Next(CappedLine& line);

 private:
  bool Fill();  // false at the end of input
  void Append(CappedLine& line, const char* data, size_t n) const;

  std::streambuf* in_;
  size_t limit_;
  std::string buf_;  // read but not yet returned: buf_[pos_, size)
  size_t pos_ = 0;
  size_t line_no_ = 0;
  size_t offset_ = 0;  // stream offset of buf_[pos_]
};

}  // namespace crosscheck

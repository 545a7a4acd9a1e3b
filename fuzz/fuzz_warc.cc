// Fuzzes the WARC reader (ingest/warc.h): the input read as a plain WARC
// file, and the same bytes compressed into one gzip member (a differential
// check: both must give the same responses), then through ReadBuffer as a
// .warc file (HTML extraction of each response).
//
// Invariants: every response has a 2xx status and a body within the limit;
// plain offsets are increasing and inside the input; diagnostics name the
// file; gzip and plain give the same responses.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "../tests/gzip_member.h"
#include "fuzz_check.h"
#include "ingest/warc.h"

namespace {

struct Read {
  std::vector<crosscheck::WarcResponse> responses;
  std::vector<crosscheck::Diagnostic> diagnostics;
};

Read ReadAll(const std::string& bytes, size_t limit) {
  Read r;
  std::istringstream in(bytes);
  crosscheck::ReadWarc("x.warc", in, limit, [&](crosscheck::WarcResponse& w) { r.responses.push_back(w); },
                       r.diagnostics);
  return r;
}


}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > crosscheck::fuzz::kMaxInput) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  constexpr size_t kLimit = 4096;
  Read plain = ReadAll(bytes, kLimit);
  size_t last = 0;
  for (const crosscheck::WarcResponse& r : plain.responses) {
    FUZZ_CHECK(r.status >= 200 && r.status < 300);
    FUZZ_CHECK(r.body.size() <= kLimit);
    FUZZ_CHECK(r.offset < size && r.offset >= last);
    last = r.offset;
  }
  for (const crosscheck::Diagnostic& d : plain.diagnostics) {
    FUZZ_CHECK(d.file == "x.warc" && !d.message.empty() && d.byte <= size);
  }
  // The same bytes as one gzip member: the same responses (a gzip input is
  // not compressed again: that would be reading a different file).
  if (size < 2 || data[0] != 0x1f) {
    Read gz = ReadAll(crosscheck::testing::GzipMember(bytes), kLimit);
    FUZZ_CHECK(gz.responses.size() == plain.responses.size());
    for (size_t i = 0; i < gz.responses.size(); ++i) {
      FUZZ_CHECK(gz.responses[i].target_uri == plain.responses[i].target_uri);
      FUZZ_CHECK(gz.responses[i].body == plain.responses[i].body);
      FUZZ_CHECK(gz.responses[i].offset == 0);  // one member
    }
  }
  // Detection and the whole way to Documents.
  crosscheck::IngestResult out;
  crosscheck::IngestOptions options;
  options.max_document_bytes = kLimit;
  crosscheck::ReadBuffer("x.warc", bytes, options, out);
  for (const crosscheck::Document& d : out.documents) FUZZ_CHECK(!d.id.empty());
  return 0;
}

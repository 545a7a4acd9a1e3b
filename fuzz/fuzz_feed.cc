// Fuzzes the feed parser (ingest/feed.h) and the feed dates, then the whole
// way through ReadBuffer as a feed file (each item's HTML extracted).
//
// Invariants: a parsed feed is "rss" or "atom" with at most max_items items;
// an error message names the input; dates that parse format back to the
// same time.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "ingest/dates.h"
#include "ingest/feed.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > crosscheck::fuzz::kMaxInput) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  crosscheck::FeedLimits limits;
  limits.max_items = 8;
  limits.max_depth = 16;
  crosscheck::Result<crosscheck::Feed> feed = crosscheck::ParseFeed("x.xml", bytes, limits);
  if (feed.ok()) {
    FUZZ_CHECK(feed.value().kind == "rss" || feed.value().kind == "atom");
    FUZZ_CHECK(feed.value().items.size() <= limits.max_items);
  } else {
    FUZZ_CHECK(feed.status().message().rfind("x.xml", 0) == 0);
  }
  (void)crosscheck::LooksLikeFeed(bytes);
  // Dates: whatever parses formats to an ISO time that parses to the same.
  const std::string_view line = bytes.substr(0, std::min<size_t>(bytes.find('\n'), 64));
  for (std::optional<int64_t> t : {crosscheck::ParseRfc822Time(line), crosscheck::ParseIsoTime(line)}) {
    if (t && *t > -(int64_t{1} << 40) && *t < (int64_t{1} << 40)) {
      FUZZ_CHECK(crosscheck::ParseIsoTime(crosscheck::FormatIsoUtc(*t)) == t);
    }
  }
  crosscheck::IngestResult out;
  crosscheck::ReadBuffer("x.rss", bytes, {}, out);
  for (const crosscheck::Document& d : out.documents) FUZZ_CHECK(!d.id.empty());
  return 0;
}

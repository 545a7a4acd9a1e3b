// Fuzzes the store's decoding of per-document results (store/records.h,
// base/codec.h, FoundMentions::Decode and DecodeLater, resolved both ways),
// of a report's replay state (its cleaning, link sketch in both encodings,
// story features), of its stored tokens
// (DecodeTokens, against a fixed text) and of the story clusterer's state
// (Clusterer::Restore): what a damaged or hostile store file hands to
// Store::Load and Store::Add. The first byte picks the type, the rest is the
// blob.
//
// Invariants: decoding never reads past the input or allocates more than it
// holds (ASan); a decoded value encodes to bytes that decode to the same
// encoding (a fixed point after one round); decoded tokens lie in their text
// and re-encode to a fixed point after one round; SpansFit is total; a restored
// clusterer saves what it restored and clusters a report into a story it has;
// stored mentions resolve, read in place, to the entities of the decoded ones.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cluster/cluster.h"
#include "entity/entity.h"
#include "fuzz_check.h"
#include "store/records.h"
#include "tag/tagger.h"
#include "text/token_codec.h"

namespace {

using namespace crosscheck;

template <typename T>
void RoundTrip(std::string_view bytes) {
  Result<T> v = codec::Decode<T>(bytes, "fuzz");
  if (!v.ok()) return;
  const std::string once = codec::Encode(v.value());
  Result<T> again = codec::Decode<T>(once, "fuzz");
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(codec::Encode(again.value()) == once);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > crosscheck::fuzz::kMaxInput) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 9) {
    case 0: {
      RoundTrip<std::vector<Claim>>(bytes);
      Result<std::vector<Claim>> c = codec::Decode<std::vector<Claim>>(bytes, "fuzz");
      if (c.ok()) SpansFit(c.value(), {}, 100);
      break;
    }
    case 1: RoundTrip<std::vector<Quote>>(bytes); break;
    case 2: {
      RoundTrip<Link>(bytes);
      Result<Link> l = codec::Decode<Link>(bytes, "fuzz");
      if (l.ok()) SpansFit(l.value(), 100, 100);
      break;
    }
    case 3: RoundTrip<std::vector<Person>>(bytes); break;
    case 4: RoundTrip<std::vector<std::string>>(bytes); break;
    case 7: {
      static const std::string text = "Pakistan’s army said 23 soldiers were killed.\nOfficials disputed it.\n";
      Result<SegmentedText> seg = DecodeTokens(bytes, text);
      if (!seg.ok()) break;
      for (const Token& t : seg.value().tokens) FUZZ_CHECK(t.span.begin <= t.span.end && t.span.end <= text.size());
      for (const Sentence& s : seg.value().sentences) {
        FUZZ_CHECK(s.first_token <= s.end_token && s.end_token <= seg.value().tokens.size());
      }
      const std::string once = EncodeTokens(seg.value(), text);
      Result<SegmentedText> again = DecodeTokens(once, text);
      FUZZ_CHECK(again.ok());
      FUZZ_CHECK(EncodeTokens(again.value(), text) == once);
      break;
    }
    case 6: {
      Result<Clusterer> c = Clusterer::Create();
      FUZZ_CHECK(c.ok());
      if (!c.value().Restore(bytes).ok()) {
        FUZZ_CHECK(c.value().document_count() == 0);
        break;
      }
      const std::string once = c.value().Save();
      Result<Clusterer> again = Clusterer::Create();
      FUZZ_CHECK(again.ok() && again.value().Restore(once).ok());
      FUZZ_CHECK(again.value().Save() == once);
      Document doc;
      doc.id = "d";
      doc.text = "Officials in Kabul said 12 people were killed on Monday.\n";
      const CleanDocument clean = Clean(doc);
      FUZZ_CHECK(c.value().Add(doc, clean, Segment(doc.text, clean)) < c.value().story_count());
      break;
    }
    case 8: {
      // A replay row's parts (ReplayCursor), and a sketch as schemas before
      // 7 wrote it (RecodeSketches).
      RoundTrip<CleanDocument>(bytes);
      RoundTrip<DocumentSketch>(bytes);
      RoundTrip<DocumentFeatures>(bytes);
      Result<SketchBeforeV7> old = codec::Decode<SketchBeforeV7>(bytes, "fuzz");
      if (old.ok()) {
        Result<DocumentSketch> now = codec::Decode<DocumentSketch>(codec::Encode(old.value().sketch), "fuzz");
        FUZZ_CHECK(now.ok() && now.value().seeds == old.value().sketch.seeds &&
                   now.value().minhash == old.value().sketch.minhash);
      }
      Result<DocumentSketch> sketch = codec::Decode<DocumentSketch>(bytes, "fuzz");
      Result<CleanDocument> cleaned = codec::Decode<CleanDocument>(bytes, "fuzz");
      if (sketch.ok() && cleaned.ok()) Fits(cleaned.value(), sketch.value(), DocumentFeatures(), 100, 128);
      break;
    }
    default: {
      Result<FoundMentions> m = FoundMentions::Decode(bytes);
      // Left to a loader, the same bytes are accepted or refused, given
      // again by it, and read in place when a finder resolves them: the
      // entities those of the decoded mentions.
      Result<FoundMentions> later = FoundMentions::DecodeLater(bytes, [b = std::string(bytes)] { return b; });
      FUZZ_CHECK(later.ok() == m.ok());
      if (!m.ok()) break;
      FUZZ_CHECK(bytes.empty() || bytes[0] == 0 || later.value().Encode() == bytes);
      static const Tagger* tagger = [] {
        Result<const Tagger*> t = Tagger::Default();
        return t.ok() ? t.value() : nullptr;
      }();
      if (tagger) {
        EntityFinder decoded(*tagger), stored(*tagger);
        decoded.Add(m.value());
        stored.Add(std::move(later.value()));
        const std::vector<Entity> x = decoded.Resolve(), y = std::move(stored).Resolve();
        FUZZ_CHECK(x.size() == y.size());
        for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
          FUZZ_CHECK(x[i].canonical == y[i].canonical && x[i].mentions.size() == y[i].mentions.size());
        }
      }
      const std::string once = m.value().Encode();
      Result<FoundMentions> again = FoundMentions::Decode(once);
      FUZZ_CHECK(again.ok());
      FUZZ_CHECK(again.value().Encode() == once);
      break;
    }
  }
  return 0;
}

// The tagger with the shipped model (data/models/tagger.model, compiled in):
// entities on the seed reports, headlines in Title Case and CAPITALS, the
// CoNLL pass-through, load time and bad model files. Needs no ../shared.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <tuple>

#include "clean/cleaner.h"
#include "tag/image.h"
#include "tag/model.h"
#include "tag/tagger.h"
#include "test_util.h"
#include "text/segment.h"

namespace crosscheck {
namespace {

using testing::ReadFile;
using testing::SourcePath;

const Tagger& Shipped() {
  Result<const Tagger*> t = Tagger::Default();
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.status().message());
  return *t.value();
}

// Splits on spaces: the test sentences are written tokenised.
std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// "Zabihullah Mujahid/PER Kabul/LOC": the entities of one sentence.
std::string EntitiesOf(std::string_view sentence) {
  std::vector<std::string_view> w = Words(sentence);
  std::vector<WordTags> tags = Shipped().Tag(w);
  std::string out;
  for (const EntityRange& e : Entities(tags)) {
    if (!out.empty()) out += " ";
    for (size_t i = e.begin; i < e.end; ++i) out.append(w[i]).append(i + 1 < e.end ? " " : "");
    out.append("/").append(e.type);
  }
  return out;
}

// Calls fn(name, words) for every sentence of the named seed reports
// (examples/border-clash), cut as Segment cuts them.
template <typename Fn>
void ForEachSeedSentence(std::initializer_list<const char*> names, Fn fn) {
  for (const char* name : names) {
    const std::string text = ReadFile(SourcePath("examples/border-clash/" + std::string(name)));
    ASSERT_FALSE(text.empty()) << name;
    Document doc;
    doc.text = text;
    const SegmentedText seg = Segment(text, Clean(doc));
    for (const Sentence& s : seg.sentences) {
      std::vector<std::string_view> w;
      for (size_t t = s.first_token; t < s.end_token; ++t) w.push_back(seg.tokens[t].span.Of(text));
      fn(std::string_view(name), w);
    }
  }
}

// How long loading takes is measured in bench/ (BM_LoadModel), not here: a
// time bound failed under the sanitizers on a busy machine (287 ms CPU).
TEST(Tagger, ShippedModelLoads) {
  std::string_view bytes = tag_internal::EmbeddedModel();
  ASSERT_GT(bytes.size(), 1000u) << "no model compiled in";
  EXPECT_LE(bytes.size(), size_t{20} << 20);
  Result<Tagger> t = Tagger::FromBytes(bytes, "embedded");
  ASSERT_TRUE(t.ok()) << t.status().message();
}

TEST(Tagger, FindsPeoplePlacesAndGroupsInSeedSentence) {
  EXPECT_EQ(EntitiesOf("In a press conference in Kabul , Taliban spokesman Zabihullah Mujahid said Afghan forces "
                       "had captured 25 Pakistani army posts ."),
            "Kabul/LOC Taliban/ORG Zabihullah Mujahid/PER Afghan/MISC Pakistani/MISC");
  EXPECT_EQ(EntitiesOf("The Taliban government in Afghanistan said on Sunday that its forces killed 58 Pakistani "
                       "soldiers in response to violations of its territory by Pakistan ."),
            "Taliban/MISC Afghanistan/LOC Pakistani/MISC Pakistan/LOC");
}

TEST(Tagger, TitleCaseHeadlineKeepsOrdinaryWordsOutOfEntities) {
  const char* headline =
      "Mujahid Says 25 Pakistani Border Posts Seized , 58 Soldiers Killed in Overnight Clashes";
  // Only the demonym: no ordinary word is a name. The lone surname is left to
  // the entity stage, which knows the person from the rest of the document
  // (entity_test: SeedEntities.MentionsPointAtTheOriginalBytes).
  EXPECT_EQ(EntitiesOf(headline), "Pakistani/MISC");
  std::vector<WordTags> tags = Shipped().Tag(Words(headline));
  EXPECT_EQ(tags[1].pos, "VBZ");   // Says
  EXPECT_EQ(tags[5].pos, "NNS");   // Posts
  EXPECT_EQ(tags[10].pos, "VBN");  // Killed
}

TEST(Tagger, CapitalisedHeadlineReadsLikeTheTitleCaseOne) {
  EXPECT_EQ(EntitiesOf("MUJAHID SAYS 25 PAKISTANI BORDER POSTS SEIZED , 58 SOLDIERS KILLED IN OVERNIGHT CLASHES"),
            "PAKISTANI/MISC");
}

TEST(Tagger, TagTextKeepsSpansIntoTheDocument) {
  Document doc = testing::Doc("000", ReadFile(SourcePath("examples/border-clash/000_7c613e6085f4abe8.txt")));
  SegmentedText seg = Segment(doc.text, Clean(doc));
  std::vector<TaggedToken> tagged = TagText(Shipped(), doc.text, seg);
  ASSERT_EQ(tagged.size(), seg.tokens.size());
  size_t zabihullah = doc.text.find("Zabihullah Mujahid");
  ASSERT_NE(zabihullah, std::string::npos);
  bool found = false;
  for (size_t i = 0; i + 1 < tagged.size(); ++i) {
    if (tagged[i].span.begin != zabihullah) continue;
    found = true;
    EXPECT_EQ(tagged[i].span.Of(doc.text), "Zabihullah");
    EXPECT_EQ(tagged[i].tags.ner, "I-PER");
    EXPECT_EQ(tagged[i + 1].tags.ner, "I-PER");
  }
  EXPECT_TRUE(found);
}

// The entity stage asks for entity tags alone; they must be the very tags
// that `crosscheck tag` prints with POS and chunks (every sentence of three
// seed reports).
TEST(Tagger, EntitiesAloneAreTheEntitiesOfAllLayers) {
  size_t words = 0, entities = 0;
  ForEachSeedSentence({"000_7c613e6085f4abe8.txt", "001_a3d4f95df7bb4a18.txt", "003_cb04ce9564500d14.txt"},
                      [&](std::string_view, const std::vector<std::string_view>& w) {
      std::vector<WordTags> all = Shipped().Tag(w), alone = Shipped().Tag(w, Tagger::Layers::kEntities);
      ASSERT_EQ(all.size(), alone.size());
      for (size_t i = 0; i < w.size(); ++i) {
        EXPECT_EQ(alone[i].ner, all[i].ner) << w[i];
        EXPECT_TRUE(alone[i].pos.empty() && alone[i].chunk.empty());
        entities += all[i].ner != "O";
      }
      words += w.size();
  });
  EXPECT_GT(words, 1000u);
  EXPECT_GT(entities, 100u);
}

TEST(Tagger, EmptySentenceGivesNoTags) { EXPECT_TRUE(Shipped().Tag({}).empty()); }

TEST(Tagger, OverlongSentenceIsTaggedInPieces) {
  std::vector<std::string_view> words(Tagger::kMaxSentenceWords * 2 + 5, "Kabul");
  std::vector<WordTags> tags = Shipped().Tag(words);
  ASSERT_EQ(tags.size(), words.size());
  for (const WordTags& t : tags) EXPECT_FALSE(t.pos.empty());
}

TEST(Entities, SplitsAdjacentEntitiesOfOneTypeAtB) {
  std::vector<WordTags> tags(4);
  for (WordTags& t : tags) t.ner = "I-LOC";
  tags[2].ner = "B-LOC";
  tags[3].ner = "O";
  std::vector<EntityRange> e = Entities(tags);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].begin, 0u);
  EXPECT_EQ(e[0].end, 2u);
  EXPECT_EQ(e[1].begin, 2u);
  EXPECT_EQ(e[1].end, 3u);
  EXPECT_EQ(e[1].type, "LOC");
}

TEST(TagConll, AppendsOneTagPerTokenLineAndKeepsTheRest) {
  std::string in =
      "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n\r\nPeter NNP I-NP I-PER\n";
  std::string out = TagConll(Shipped(), in);
  EXPECT_EQ(out,
            "-DOCSTART- -X- O O O\n\nEU NNP I-NP I-ORG I-ORG\nrejects VBZ I-VP O O\nGerman JJ I-NP I-MISC I-MISC\n"
            "\nPeter NNP I-NP I-PER I-PER\n");
}

// Describe caches what it finds of each word (up to kWordCacheSize words):
// a sentence of more distinct words than that, a word longer than
// kWordCacheMaxBytes and words met again must be described as the same
// words in a short sentence are, phrases included.
TEST(TaggerFeatures, DescribeIsTheSameWithTheWordCacheFullOrBypassed) {
  using namespace tag_internal;
  Gazetteer gaz;
  gaz.Add("kabul", kSubdivision);
  gaz.Add("new york", kSubdivision);
  std::vector<std::string> owned;
  for (size_t i = 0; i < kWordCacheSize + 5000; ++i) owned.push_back("Word" + std::to_string(i));
  owned.push_back("New");
  owned.push_back("York");
  owned.push_back(std::string(kWordCacheMaxBytes + 7, 'k'));
  owned.push_back("Kabul");
  owned.push_back("Word17");
  std::vector<std::string_view> words(owned.begin(), owned.end());
  SentenceInfo all;
  Describe(words, gaz, all);
  ASSERT_EQ(all.words.size(), words.size());
  for (size_t i : {size_t{0}, size_t{17}, kWordCacheSize - 1, kWordCacheSize, kWordCacheSize + 4999,
                   words.size() - 5, words.size() - 4, words.size() - 3, words.size() - 2, words.size() - 1}) {
    // The word with its neighbours, so that a phrase around it is seen too.
    SentenceInfo few;
    const size_t from = i == 0 ? 0 : i - 1, to = std::min(words.size(), i + 2);
    Describe(std::span<const std::string_view>(words).subspan(from, to - from), gaz, few);
    const WordInfo& a = all.words[i];
    const WordInfo& b = few.words[i - from];
    EXPECT_EQ(a.word, b.word) << words[i];
    EXPECT_EQ(a.lower, b.lower) << words[i];
    EXPECT_EQ(a.shape, b.shape) << words[i];
    EXPECT_EQ(a.gaz, b.gaz) << words[i];
    EXPECT_EQ(a.gaz_phrase, b.gaz_phrase) << words[i];
    EXPECT_EQ(a.phrase_pos, b.phrase_pos) << words[i];
    EXPECT_EQ(a.affixes, b.affixes) << words[i];
  }
  EXPECT_EQ(all.words[words.size() - 5].phrase_pos, 1);  // "New" opens "new york"
  EXPECT_EQ(all.words[words.size() - 4].phrase_pos, 2);
  EXPECT_NE(all.words[words.size() - 2].gaz & kSubdivision, 0);  // "Kabul"
  EXPECT_EQ(all.words[17].word, all.words[words.size() - 1].word);  // "Word17" again
}

// A word's affix count says how many of its affix hashes are set: those
// of its first and last 1 to 4 bytes of lower case (digits as 0, ’ as '),
// never the whole word; Describe without affixes leaves them zero.
TEST(TaggerFeatures, AffixCountIsTheNumberOfAffixHashes) {
  using namespace tag_internal;
  Gazetteer gaz;
  const std::vector<std::string_view> words = {"", "a", "An", "the", "1984", "Kabul", "Taliban’s", "x2-y", "Zabihullah"};
  SentenceInfo with, without;
  Describe(words, gaz, with);
  Describe(words, gaz, without, /*affixes=*/false);
  const std::vector<int> expected = {0, 0, 1, 2, 3, 4, 4, 3, 4};
  for (size_t i = 0; i < words.size(); ++i) {
    const WordAffixes& a = with.affixes[i];
    int set = 0;
    for (int k = 0; k < 4; ++k) {
      EXPECT_EQ(a.prefix[k] != 0, k < with.words[i].affixes) << words[i] << " prefix " << k;
      EXPECT_EQ(a.suffix[k] != 0, k < with.words[i].affixes) << words[i] << " suffix " << k;
      set += a.prefix[k] != 0;
    }
    EXPECT_EQ(set, expected[i]) << words[i];
    const WordAffixes& direct = AffixesOf(words[i]);
    EXPECT_TRUE(std::equal(a.prefix, a.prefix + 4, direct.prefix) && std::equal(a.suffix, a.suffix + 4, direct.suffix))
        << words[i];
    for (int k = 0; k < 4; ++k) EXPECT_EQ(without.affixes[i].prefix[k] | without.affixes[i].suffix[k], 0u) << words[i];
  }
}

// The tagger caches the scores of the word-type part per word type, of the
// neighbours' per neighbour, of the shape pairs' per pair and of the place
// per casing and place: the parts together must be exactly the features
// training used.
TEST(TaggerFeatures, TypeAndContextPartsMakeUpTheWordFeatures) {
  using namespace tag_internal;
  Gazetteer gaz;
  gaz.Add("kabul", kSubdivision);
  gaz.Add("border post", kCommon);
  for (std::vector<std::string_view> words :
       {std::vector<std::string_view>{"Taliban", "fighters", "attacked", "a", "border", "post", "near", "Kabul", "."},
        std::vector<std::string_view>{"PAKISTAN", "SAYS", "23", "KILLED"}, std::vector<std::string_view>{"x"}}) {
    SentenceInfo s;
    Describe(words, gaz, s);
    for (size_t i = 0; i < words.size(); ++i) {
      std::vector<uint64_t> all, parts;
      WordFeatures(s, i, all);
      WordFeatures(s, i, parts, kTypeFeatures);
      WordFeatures(s, i, parts, kContextFeatures);
      std::sort(all.begin(), all.end());
      std::sort(parts.begin(), parts.end());
      EXPECT_EQ(all, parts) << words[i];
      std::vector<uint64_t> entity;
      WordFeatures(s, i, entity, kContextFeatures | kEntityFeatures);
      EXPECT_EQ(entity.size(), 2 + parts.size() - [&] {
        std::vector<uint64_t> type;
        WordFeatures(s, i, type, kTypeFeatures);
        return type.size();
      }()) << "two entity-only templates";
      // The context features are those of the word in its place plus those
      // each neighbour (or the sentence's edge) gives, which the tagger
      // caches per word type.
      std::vector<uint64_t> context, split;
      WordFeatures(s, i, context, kContextFeatures);
      WordFeatures(s, i, split, kContextFeatures | kNoNeighbourFeatures);
      const size_t own = split.size();
      for (int offset : kNeighbourOffsets) {
        const long j = static_cast<long>(i) + offset;
        const bool edge = j < 0 || j >= static_cast<long>(words.size());
        NeighbourFeatures(edge ? nullptr : &s.words[j], edge ? nullptr : &s.affixes[j], offset, split);
      }
      EXPECT_LT(own, context.size()) << words[i];
      std::sort(context.begin(), context.end());
      std::sort(split.begin(), split.end());
      EXPECT_EQ(context, split) << words[i];
      // And those of the word in its place are, besides, the ones the
      // shapes of it and each neighbour give and the one its place in the
      // sentence gives, which the tagger caches per shape pair and place.
      std::vector<uint64_t> own_place, paired;
      WordFeatures(s, i, own_place, kContextFeatures | kEntityFeatures | kNoNeighbourFeatures);
      WordFeatures(s, i, paired, kContextFeatures | kEntityFeatures | kNoNeighbourFeatures | kNoPairAndPlaceFeatures);
      const uint64_t shape = s.words[i].shape;
      const uint64_t before = i == 0 ? kBoundaryL : s.words[i - 1].shape;
      const uint64_t after = i + 1 == words.size() ? kBoundaryR : s.words[i + 1].shape;
      paired.push_back(ShapePairFeatures(before, shape).of_right);
      paired.push_back(ShapePairFeatures(shape, after).of_left);
      paired.push_back(PlaceFeature(s.casing, i == 0, s.words[i].init_cap));
      std::sort(own_place.begin(), own_place.end());
      std::sort(paired.begin(), paired.end());
      EXPECT_EQ(own_place, paired) << words[i];
    }
  }
}

TEST(TaggerModel, RejectsBytesThatAreNotAModel) {
  Result<Tagger> t = Tagger::FromBytes("not a model", "x.model");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("x.model"), std::string::npos);
  EXPECT_NE(t.status().message().find("make train"), std::string::npos);
}

TEST(TaggerModel, RejectsAnOlderVersionSayingHowToRebuild) {
  std::string bytes(tag_internal::EmbeddedModel());
  bytes[8] = 1;  // version 1: NER read the POS and chunk tags
  Result<Tagger> t = Tagger::FromBytes(bytes, "old.model");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("format version 1, this build reads 2"), std::string::npos)
      << t.status().message();
  EXPECT_NE(t.status().message().find("make train"), std::string::npos);
}

TEST(TaggerModel, RejectsTruncatedModelAtEveryCut) {
  std::string_view bytes = tag_internal::EmbeddedModel();
  for (size_t cut : {size_t{8}, size_t{13}, size_t{200}, bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_FALSE(Tagger::FromBytes(bytes.substr(0, cut), "cut").ok()) << cut;
  }
}

TEST(TaggerModel, MissingFileNamesThePath) {
  Result<Tagger> t = Tagger::Load("/nonexistent/tagger.model");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("/nonexistent/tagger.model"), std::string::npos);
}

// The entities of one sentence as (begin, end, type) from BILOU labels, one
// per word: an entity starts at B or U or where the type changes (or after L
// or U), as Tagger::Tag reads its labels.
std::vector<std::tuple<size_t, size_t, std::string>> BilouEntities(const std::vector<std::string>& labels) {
  std::vector<std::tuple<size_t, size_t, std::string>> out;
  std::string open;  // the type of the entity that may continue, or empty
  for (size_t i = 0; i < labels.size(); ++i) {
    const std::string& l = labels[i];
    if (l.size() < 3 || l[1] != '-') {
      open.clear();
      continue;
    }
    const std::string type = l.substr(2);
    if (l[0] == 'B' || l[0] == 'U' || open != type) out.emplace_back(i, i + 1, type);
    else std::get<1>(out.back()) = i + 1;
    open = l[0] == 'L' || l[0] == 'U' ? std::string() : type;
  }
  return out;
}

// The tagger adds cached rows of summed weights (per word type, per shape
// pair, per casing and place, per pair of previous tags, per word type after
// an O): its entities, boundaries and types, must be those of adding every
// feature training used one by one and decoding greedily; with caches room
// for a few rows (so that most words and pairs are scored directly, as on
// a large input once they fill) as with the full ones.
TEST(TaggerFeatures, EntityTagsAreThoseOfAddingEveryFeatureOneByOne) {
  using namespace tag_internal;
  Result<ModelData> m = ModelFromImage(EmbeddedImage(), "embedded image");
  ASSERT_TRUE(m.ok()) << m.status().message();
  const ModelData& model = m.value();
  Result<Tagger> small = Tagger::FromImage(EmbeddedImage(), "embedded image");
  ASSERT_TRUE(small.ok()) << small.status().message();
  SetRowCacheBudgets(small.value(), 4096, 1024);
  const int lo = model.offset[2], hi = model.offset[3];
  size_t words = 0, entities = 0;
  ForEachSeedSentence({"000_7c613e6085f4abe8.txt", "001_a3d4f95df7bb4a18.txt", "004_77f8c327c2dd57e0.txt"},
                      [&](std::string_view name, const std::vector<std::string_view>& w) {
      SentenceInfo info;
      Describe(w, model.gazetteer, info);
      std::vector<uint8_t> tags;
      std::vector<std::string> labels;
      for (size_t i = 0; i < w.size(); ++i) {
        std::vector<uint64_t> feats;
        WordFeatures(info, i, feats, kAllWordFeatures | kEntityFeatures);
        HistoryFeatures(info, 2, tags, i, feats);
        std::vector<int32_t> scores(static_cast<size_t>(hi), 0);
        model.ner.AddAll(feats, scores.data());
        tags.push_back(static_cast<uint8_t>(std::max_element(scores.begin() + lo, scores.end()) - scores.begin() - lo));
        labels.push_back(model.classes[2][tags.back()]);
      }
      for (const Tagger* t : {&Shipped(), static_cast<const Tagger*>(&small.value())}) {
        std::vector<std::tuple<size_t, size_t, std::string>> tagged;
        for (const EntityRange& e : Entities(t->Tag(w, Tagger::Layers::kEntities))) {
          tagged.emplace_back(e.begin, e.end, std::string(e.type));
        }
        EXPECT_EQ(tagged, BilouEntities(labels)) << "a sentence of " << name << (t == &Shipped() ? "" : ", small caches");
        if (t == &Shipped()) entities += tagged.size();
      }
      words += w.size();
  });
  EXPECT_GT(words, 500u);
  EXPECT_GT(entities, 30u);
}

// All three layers (whose caches are others: a row spans every class) are
// the same with caches room for a few rows as with the full ones.
TEST(TaggerFeatures, AllLayersAreTheSameWithSmallCaches) {
  Result<Tagger> small = Tagger::FromImage(tag_internal::EmbeddedImage(), "embedded image");
  ASSERT_TRUE(small.ok()) << small.status().message();
  tag_internal::SetRowCacheBudgets(small.value(), 16384, 2048);
  size_t words = 0;
  ForEachSeedSentence({"000_7c613e6085f4abe8.txt", "002_408996be704aa27f.txt"},
                      [&](std::string_view name, const std::vector<std::string_view>& w) {
      const std::vector<WordTags> full = Shipped().Tag(w), few = small.value().Tag(w);
      ASSERT_EQ(full.size(), few.size());
      for (size_t i = 0; i < w.size(); ++i) {
        EXPECT_EQ(std::tie(full[i].pos, full[i].chunk, full[i].ner), std::tie(few[i].pos, few[i].chunk, few[i].ner))
            << name << ": " << w[i];
      }
      words += w.size();
  });
  EXPECT_GT(words, 300u);
}

// The shipped model is read from the image the build made of it
// (tools/tag_image.cc): the image is exactly the parsed file's tables, and
// a tagger read from it tags as one parsed from the file, all three layers
// (the POS and chunk table is built lazily from the image's arrays).
TEST(TaggerImage, ShippedImageIsThatOfTheShippedModel) {
  using namespace tag_internal;
  Result<ModelData> m = ParseModel(EmbeddedModel(), "embedded");
  ASSERT_TRUE(m.ok()) << m.status().message();
  const std::string image = SerializeImage(m.value());
  EXPECT_EQ(image.size(), EmbeddedImage().size());
  EXPECT_TRUE(image == EmbeddedImage()) << "the embedded image is not that of data/models/tagger.model";
  EXPECT_EQ(reinterpret_cast<uintptr_t>(EmbeddedImage().data()) % 8, 0u);
  Result<Tagger> verified = Tagger::FromImage(EmbeddedImage(), "embedded image", /*verify=*/true);
  EXPECT_TRUE(verified.ok()) << verified.status().message();
}

TEST(TaggerImage, TagsAsTheModelFile) {
  Result<Tagger> file = Tagger::FromBytes(tag_internal::EmbeddedModel(), "embedded");
  ASSERT_TRUE(file.ok()) << file.status().message();
  const Tagger& image = Shipped();
  size_t words = 0, entities = 0;
  ForEachSeedSentence({"000_7c613e6085f4abe8.txt", "002_408996be704aa27f.txt", "003_cb04ce9564500d14.txt"},
                      [&](std::string_view, const std::vector<std::string_view>& w) {
      const std::vector<WordTags> a = image.Tag(w), b = file.value().Tag(w);
      ASSERT_EQ(a.size(), b.size());
      for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].pos, b[i].pos) << w[i];
        EXPECT_EQ(a[i].chunk, b[i].chunk) << w[i];
        EXPECT_EQ(a[i].ner, b[i].ner) << w[i];
        entities += a[i].ner != "O";
      }
      words += w.size();
  });
  EXPECT_GT(words, 1000u);
  EXPECT_GT(entities, 100u);
}

TEST(TaggerImage, RejectsDamagedImagesNamingWhatToDo) {
  tag_internal::image::AlignedBytes buffer(tag_internal::EmbeddedImage());
  char* copy = buffer.data();
  const std::string_view image = buffer.view();
  for (size_t cut : {size_t{0}, size_t{7}, size_t{16}, size_t{300}, image.size() / 2, image.size() - 1}) {
    Result<Tagger> t = Tagger::FromImage(image.substr(0, cut), "cut.image");
    ASSERT_FALSE(t.ok()) << cut;
    EXPECT_NE(t.status().message().find("cut.image"), std::string::npos);
    EXPECT_NE(t.status().message().find("rebuild crosscheck"), std::string::npos);
  }
  Result<Tagger> misaligned = Tagger::FromImage(std::string_view(copy + 1, 64), "misaligned");
  ASSERT_FALSE(misaligned.ok());
  EXPECT_NE(misaligned.status().message().find("not 8-byte aligned"), std::string::npos);
  copy[8] = 9;  // another image version
  Result<Tagger> other = Tagger::FromImage(image, "other.image");
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("made by another build"), std::string::npos) << other.status().message();
}

// A gazetteer read in place from an image copies its tables before an add,
// so that the image (and every other reader of it) never changes.
TEST(TaggerImage, AddingToAViewedGazetteerLeavesTheImageAlone) {
  using namespace tag_internal;
  Gazetteer made;
  made.Add("kabul", kSubdivision);
  made.Add("border post", kCommon);
  std::string image;
  made.AppendImage(image);
  const tag_internal::image::AlignedBytes buffer(image);
  std::string_view in = buffer.view();
  Gazetteer viewed;
  ASSERT_TRUE(viewed.ViewImage(in, /*verify=*/true));
  EXPECT_TRUE(in.empty());
  EXPECT_EQ(viewed.Entries(), made.Entries());
  EXPECT_EQ(viewed.max_words(), 2u);
  Gazetteer copy = viewed;
  copy.Add("ghazni", kSubdivision);
  EXPECT_EQ(viewed.Entries(), made.Entries());
  EXPECT_EQ(buffer.view(), image);
  EXPECT_EQ(copy.Entries().size(), made.Entries().size() + 1);
  EXPECT_NE(copy.generation(), viewed.generation());
}

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

CliRun Crosscheck(const std::string& args) {
  std::filesystem::path err_file =
      std::filesystem::temp_directory_path() / ("cc_tag_err_" + std::to_string(::getpid()));
  std::string cmd = std::string(CROSSCHECK_BIN) + " " + args + " 2>" + err_file.string();
  CliRun r;
  FILE* p = ::popen(cmd.c_str(), "r");
  char buf[65536];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = ReadFile(err_file.string());
  std::filesystem::remove(err_file);
  return r;
}

TEST(TagCli, PlainTextPrintsTokenPosChunkNerPerLine) {
  CliRun r = Crosscheck("tag " + SourcePath("examples/border-clash/003_cb04ce9564500d14.txt"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_TRUE(r.out.starts_with("# 003_cb04ce9564500d14\nMujahid\tNNP\tI-NP\t")) << r.out.substr(0, 200);
  EXPECT_NE(r.out.find("\nSays\tVBZ\tI-VP\tO\n"), std::string::npos);
  EXPECT_NE(r.out.find("\nZabihullah\tNNP\tI-NP\tI-PER\nMujahid\tNNP\tI-NP\tI-PER\n"), std::string::npos);
}

TEST(TagCli, ConllFromStdinAppendsTags) {
  CliRun r = Crosscheck("tag --conll - < " + SourcePath("fuzz/corpus/fuzz_tag/conll.txt"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Peter NNP I-NP I-PER I-PER\nBlackburn NNP I-NP I-PER I-PER\n"), std::string::npos) << r.out;
}

TEST(TagCli, ConllTakesExactlyOneInput) {
  CliRun r = Crosscheck("tag --conll a b");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("exactly one"), std::string::npos) << r.err;
}

TEST(TagCli, UnreadableInputOrModelExits3NamingIt) {
  CliRun r = Crosscheck("tag --conll /nonexistent/eng.testa");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("/nonexistent/eng.testa"), std::string::npos) << r.err;
  r = Crosscheck("tag --model " + SourcePath("README.md") + " " + SourcePath("README.md"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("make train"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace crosscheck

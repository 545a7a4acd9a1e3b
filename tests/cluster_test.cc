#include "cluster/cluster.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cluster/features.h"
#include "cluster/postings.h"
#include "test_util.h"

namespace crosscheck {
namespace {

using testing::Doc;
using testing::ReadFile;
using testing::SourcePath;

Document Dated(std::string id, std::string text, std::string published) {
  Document d = Doc(std::move(id), std::move(text));
  d.published = std::move(published);
  return d;
}

std::vector<Document> Seeds() {
  std::vector<std::string> paths;
  for (const auto& e : std::filesystem::directory_iterator(SourcePath("examples/border-clash"))) {
    paths.push_back(e.path().string());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<Document> docs;
  for (const std::string& p : paths) docs.push_back(Doc(std::filesystem::path(p).stem(), ReadFile(p)));
  return docs;
}

std::vector<StoryId> Cluster(const std::vector<Document>& docs, const ClusterOptions& options = {}) {
  Result<std::vector<StoryId>> r = ClusterDocuments(docs, options);
  EXPECT_TRUE(r.ok());
  return r.ok() ? r.value() : std::vector<StoryId>{};
}

// Two shootings on the same day, in two towns, told with the same words.
const char kSpringfield[] =
    "Gunman kills three at Springfield grocery store\n"
    "A gunman opened fire inside a crowded grocery store in Springfield on Tuesday afternoon, killing "
    "three people and wounding two others before officers arrested him in the parking lot, police said.\n"
    "Springfield Police Chief Mark Ellison said the suspect, a 34-year-old man from nearby Dalton, used a "
    "handgun and acted alone. The motive was not immediately known.\n"
    "The wounded were taken to Mercy Hospital, where one was in critical condition.\n";
const char kSpringfieldFollowUp[] =
    "Springfield grocery store shooting: suspect charged with three counts of murder\n"
    "The man accused of killing three people at a grocery store in Springfield on Tuesday was charged "
    "with murder on Wednesday, prosecutors said.\n"
    "Chief Mark Ellison told reporters the 34-year-old suspect from Dalton had bought the handgun legally. "
    "Two people wounded in the shooting remain at Mercy Hospital.\n";
const char kRiverton[] =
    "Two killed in Riverton bar shooting\n"
    "Two people were killed and four wounded when a gunman opened fire inside a crowded bar in Riverton "
    "on Tuesday night, police said.\n"
    "Riverton Police Sergeant Ana Ortiz said officers found the suspected shooter, a 22-year-old man, dead "
    "inside the bar from a self-inflicted gunshot wound. The motive was not immediately known.\n"
    "The wounded were taken to St. Luke's Medical Center.\n";

TEST(Cluster, BorderClashSeedsAreOneStory) {
  std::vector<Document> seeds = Seeds();
  ASSERT_EQ(seeds.size(), 5u);
  std::vector<StoryId> stories = Cluster(seeds);
  EXPECT_EQ(stories, std::vector<StoryId>(5, 0));
}

TEST(Cluster, ShootingsInTwoTownsOnOneDayAreTwoStories) {
  std::vector<StoryId> stories = Cluster({Dated("springfield", kSpringfield, "2024-03-12"),
                                          Dated("riverton", kRiverton, "2024-03-12")});
  ASSERT_EQ(stories.size(), 2u);
  EXPECT_NE(stories[0], stories[1]);
}

TEST(Cluster, FollowUpJoinsItsShootingAndNotTheOther) {
  std::vector<StoryId> stories = Cluster({Dated("springfield", kSpringfield, "2024-03-12"),
                                          Dated("riverton", kRiverton, "2024-03-12"),
                                          Dated("charged", kSpringfieldFollowUp, "2024-03-13")});
  EXPECT_EQ(stories, (std::vector<StoryId>{0, 1, 0}));
}

// Two earthquakes in one province, three years apart, reported alike.
const char kQuake2013[] =
    "Strong earthquake kills at least 11 in Indonesia's Aceh\n"
    "A magnitude 6.1 earthquake struck Indonesia's Aceh province on Tuesday, collapsing houses and a "
    "mosque and killing at least 11 people, the national disaster agency said.\n"
    "Agency spokesman Sutopo Purwo Nugroho said rescuers were searching the rubble in Aceh for people "
    "still missing, and that thousands of residents had fled to shelters.\n";
const char kQuake2016[] =
    "Strong earthquake kills dozens in Indonesia's Aceh\n"
    "A magnitude 6.5 earthquake struck Indonesia's Aceh province on Wednesday, collapsing houses and "
    "mosques and killing at least 52 people, the national disaster agency said.\n"
    "Agency spokesman Sutopo Purwo Nugroho said rescuers were searching the rubble in Aceh for people "
    "still trapped, and that hundreds of residents had fled to shelters.\n";

TEST(Cluster, EarthquakesInDifferentYearsAreTwoStories) {
  std::vector<StoryId> stories =
      Cluster({Dated("2013", kQuake2013, "2013-07-02"), Dated("2016", kQuake2016, "2016-12-07")});
  EXPECT_NE(stories[0], stories[1]);
  // Undated, the two reports read as one story: the dates keep them apart.
  stories = Cluster({Doc("2013", kQuake2013), Doc("2016", kQuake2016)});
  EXPECT_EQ(stories[0], stories[1]);
  // Reports a day apart are one story.
  stories = Cluster({Dated("a", kQuake2013, "2013-07-02"), Dated("b", kQuake2016, "2013-07-03")});
  EXPECT_EQ(stories[0], stories[1]);
}

TEST(Cluster, IncrementalAddMatchesBatch) {
  std::vector<Document> docs = Seeds();
  docs.push_back(Dated("springfield", kSpringfield, "2024-03-12"));
  docs.push_back(Dated("riverton", kRiverton, "2024-03-12"));
  docs.push_back(Dated("charged", kSpringfieldFollowUp, "2024-03-13"));
  std::vector<StoryId> batch = Cluster(docs);

  Result<Clusterer> c = Clusterer::Create();
  ASSERT_TRUE(c.ok());
  std::vector<StoryId> incremental;
  for (const Document& d : docs) {
    CleanDocument clean = Clean(d);
    incremental.push_back(c.value().Add(d, clean, Segment(d.text, clean)));
    EXPECT_EQ(c.value().last_decision().story, incremental.back());
  }
  EXPECT_EQ(incremental, batch);
  EXPECT_EQ(c.value().assignments(), batch);
  EXPECT_EQ(c.value().document_count(), docs.size());
  EXPECT_EQ(c.value().story_count(), std::set<StoryId>(batch.begin(), batch.end()).size());
  EXPECT_EQ(c.value().story_count(), 3u);
}

// A clusterer restored from another's saved state, at any point, goes on
// exactly as the original: the same stories and the same similarities (the
// cached centroid norms come back too).
TEST(Cluster, RestoredStateContinuesExactly) {
  std::vector<Document> docs = Seeds();
  docs.push_back(Dated("springfield", kSpringfield, "2024-03-12"));
  docs.push_back(Dated("riverton", kRiverton, "2024-03-12"));
  docs.push_back(Dated("charged", kSpringfieldFollowUp, "2024-03-13"));
  for (size_t split = 0; split <= docs.size(); ++split) {
    Result<Clusterer> original = Clusterer::Create();
    Result<Clusterer> restored = Clusterer::Create();
    ASSERT_TRUE(original.ok() && restored.ok());
    for (size_t i = 0; i < docs.size(); ++i) {
      if (i == split) {
        ASSERT_TRUE(restored.value().Restore(original.value().Save()).ok());
      }
      CleanDocument clean = Clean(docs[i]);
      SegmentedText seg = Segment(docs[i].text, clean);
      const StoryId a = original.value().Add(docs[i], clean, seg);
      if (i < split) continue;
      EXPECT_EQ(restored.value().Add(docs[i], clean, seg), a) << "split " << split << ", report " << i;
      EXPECT_EQ(restored.value().last_decision().best_similarity, original.value().last_decision().best_similarity);
      EXPECT_EQ(restored.value().last_decision().candidates, original.value().last_decision().candidates);
    }
    if (split < docs.size()) {
      EXPECT_EQ(restored.value().assignments(), original.value().assignments());
      EXPECT_EQ(restored.value().Save(), original.value().Save());
    }
  }
}

// Damaged bytes, or a state saved with other options, are refused and leave
// the clusterer as it was.
TEST(Cluster, RestoreRefusesDamagedOrForeignStates) {
  const std::vector<Document> docs = Seeds();
  Result<Clusterer> c = Clusterer::Create();
  ASSERT_TRUE(c.ok());
  for (const Document& d : docs) {
    CleanDocument clean = Clean(d);
    c.value().Add(d, clean, Segment(d.text, clean));
  }
  const std::string saved = c.value().Save();
  Result<Clusterer> other = Clusterer::Create();
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other.value().Restore(saved.substr(0, saved.size() / 2)).ok());
  EXPECT_FALSE(other.value().Restore(saved + "x").ok());
  std::string flipped = saved;
  flipped[flipped.size() / 3] ^= 0x5a;
  (void)other.value().Restore(flipped);  // may decode; must not crash or index past anything
  ClusterOptions looser;
  looser.threshold = 0.2;
  Result<Clusterer> tuned = Clusterer::Create(looser);
  ASSERT_TRUE(tuned.ok());
  Status s = tuned.value().Restore(saved);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("does not fit"), std::string::npos) << s.message();
  EXPECT_EQ(tuned.value().document_count(), 0u);
  // Still usable, and clusters as a fresh one.
  CleanDocument clean = Clean(docs[0]);
  EXPECT_EQ(tuned.value().Add(docs[0], clean, Segment(docs[0].text, clean)), 0u);
}

TEST(Cluster, RejectsOptionsOutOfRange) {
  ClusterOptions bad;
  bad.threshold = 1.5;
  EXPECT_FALSE(Clusterer::Create(bad).ok());
  bad = {};
  bad.max_candidates = 0;
  EXPECT_FALSE(Clusterer::Create(bad).ok());
}

// ---- Features ----------------------------------------------------------------

struct Extracted {
  Document doc;
  DocumentFeatures f;
};

Extracted Features(std::string text, std::string published = "") {
  Extracted e{Dated("t", std::move(text), std::move(published)), {}};
  CleanDocument clean = Clean(e.doc);
  SegmentedText seg = Segment(e.doc.text, clean);
  Result<Stemmer> stemmer = Stemmer::Create();
  EXPECT_TRUE(stemmer.ok());
  e.f = ExtractFeatures(e.doc, clean, seg, *NewHeuristicEntityExtractor(), stemmer.value());
  return e;
}

// A capitalised word opening a sentence before a name is left out of it
// when the document also writes it in lower case ("Police Chief John
// Smith" with "the police" elsewhere), on the first questions (a scan of
// the tokens) and on later ones (an index) alike.
TEST(ClusterFeatures, OpeningWordWrittenInLowerCaseElsewhereLeavesTheName) {
  auto names = [](const std::string& text) {
    Document doc = Doc("t", text);
    CleanDocument clean = Clean(doc);
    SegmentedText seg = Segment(doc.text, clean);
    std::vector<std::string> keys;
    for (const EntityMention& m : NewHeuristicEntityExtractor()->Extract(doc.text, clean, seg)) {
      if (m.kind == EntityKind::kName) keys.push_back(m.key);
    }
    return keys;
  };
  std::string asked;
  const char* what[] = {"the road", "the bridge", "the school", "the market", "the border post", "the airport",
                        "the station", "the clinic", "the stadium", "the harbour", "the mosque", "the embassy"};
  for (const char* w : what) asked += std::string("Police Chief John Smith said ") + w + " near the river was closed for repairs after heavy rain.\n\n";
  const std::vector<std::string> with = names("The police arrived at noon.\n" + asked);
  ASSERT_EQ(with.size(), 12u);
  for (const std::string& key : with) EXPECT_EQ(key, "chief john smith");
  const std::vector<std::string> without = names("Officers arrived at noon.\n" + asked);
  ASSERT_EQ(without.size(), 12u);
  for (const std::string& key : without) EXPECT_EQ(key, "police chief john smith");
}

TEST(ClusterFeatures, DateLineDatesTheEvent) {
  Extracted e = Features("Lindsay Lohan checks into Betty Ford Center\nMay 03, 2013\n"
                         "Lindsay Lohan has checked into the Betty Ford Center.\n");
  ASSERT_TRUE(e.f.event_date.has_value());
  EXPECT_EQ(*e.f.event_date, (Date{2013, 5, 3}));
  EXPECT_TRUE(e.f.times.count("ymd:2013-05-03"));
}

TEST(ClusterFeatures, BirthDateInASentenceDoesNotDateTheEvent) {
  Extracted e = Features("Pinup icon Bettie Page died Thursday at a hospital in Los Angeles.\n"
                         "Page was born on April 22, 1923, in Nashville, Tenn.\n");
  EXPECT_FALSE(e.f.event_date.has_value());
  EXPECT_TRUE(e.f.times.count("wd:thursday"));
  EXPECT_EQ(e.f.times.at("y:1923"), 1);
}

TEST(ClusterFeatures, PublicationDateWinsOverTheText) {
  Extracted e = Features("KABUL, Afghanistan (Jan. 25, 2013) - Forces detained two suspects.\n", "2013-01-26");
  EXPECT_EQ(*e.f.event_date, (Date{2013, 1, 26}));
  EXPECT_EQ(ParseIsoDate("2013-01-26T08:00:00Z"), (Date{2013, 1, 26}));
  EXPECT_FALSE(ParseIsoDate("26/01/2013").has_value());
}

TEST(ClusterFeatures, DatelineInParenthesesDatesTheEvent) {
  Extracted e = Features("KABUL, Afghanistan (Jan. 25, 2013) - Afghan and coalition forces detained two "
                         "suspected insurgents during an operation in Kandahar province on Thursday.\n");
  ASSERT_TRUE(e.f.event_date.has_value());
  EXPECT_EQ(*e.f.event_date, (Date{2013, 1, 25}));
}

TEST(ClusterFeatures, NamesPlacesAndSides) {
  Extracted e = Features("Police said a gunman killed three people in Springfield, Illinois, on Tuesday.\n"
                         "The Indian navy foiled a piracy attempt in the Gulf of Aden, officials told Jane Smith.\n");
  EXPECT_TRUE(e.f.places.count("springfield"));
  EXPECT_TRUE(e.f.places.count("illinois"));
  EXPECT_TRUE(e.f.places.count("gulf of aden"));
  EXPECT_TRUE(e.f.entities.count("jane smith"));
  EXPECT_TRUE(e.f.entities.count("smith"));  // words of a name count on their own
  EXPECT_TRUE(e.f.entities.count("india"));  // "Indian" via sides.tsv
  EXPECT_FALSE(e.f.entities.count("police"));  // opens a sentence: any word
  EXPECT_FALSE(e.f.entities.count("tuesday"));
}

TEST(ClusterFeatures, TermsAreStemmedWithoutStopwords) {
  Extracted e = Features("The gunmen were killing hostages.\n");
  EXPECT_TRUE(e.f.terms.count("gunmen"));
  EXPECT_TRUE(e.f.terms.count("kill"));
  EXPECT_TRUE(e.f.terms.count("hostag"));
  EXPECT_FALSE(e.f.terms.count("the"));
  EXPECT_FALSE(e.f.terms.count("were"));
}

// The stemmer keeps 65,536 words' stems, then forgets them all between two
// reports: after that, every word's stem is found again, not a stem left
// from before (the word's old number, or its old bytes).
TEST(ClusterFeatures, StemsStayRightAfterTheStemmerForgets) {
  Result<Stemmer> kept = Stemmer::Create(), fresh = Stemmer::Create();
  ASSERT_TRUE(kept.ok() && fresh.ok());
  const std::vector<std::string> news = {"killing", "provinces", "reported", "hostages", "gunmen"};
  auto word = [](size_t i) {  // distinct lower-case words: "bab", "bac", ...
    std::string w = "b";
    for (; i > 0; i /= 26) w += static_cast<char>('a' + i % 26);
    return w;
  };
  for (const std::string& w : news) kept.value().Stem(w);
  for (size_t i = 0; i < 70000; ++i) kept.value().Stem(word(i));
  for (const std::string& w : news) kept.value().Stem(w);  // asked last: numbered 0 to 4, remembered
  kept.value().Forget();
  for (size_t i = 0; i < 10; ++i) kept.value().Stem(word(70000 + i));  // new words, numbered 0 to 9 now
  for (const std::string& w : news) {
    EXPECT_EQ(kept.value().Stem(w), fresh.value().Stem(w)) << w;
  }
  EXPECT_EQ(kept.value().Stem("killing"), "kill");
  EXPECT_EQ(kept.value().Stem("provinces"), "provinc");
}

// Counts are summed per key (a headline word twice), and the keys are in
// std::string order even where only bytes past the eighth tell them apart.
TEST(ClusterFeatures, CountsAreSummedPerKeyInKeyOrder) {
  Extracted e = Features("Internationally Minded Internationalists Meet\n\n"
                         "Internationalists and internationally minded delegates met 12 times; "
                         "internationalists met 12 more times, 123456789 and 12345678 and 123456789 people.\n");
  EXPECT_EQ(e.f.terms.at("internationalist"), 2.0 + 1 + 1);  // headline_boost 2
  EXPECT_EQ(e.f.terms.at("#12"), 2);
  ASSERT_EQ(e.f.terms.count("#12345678") + e.f.terms.count("#123456789"), 2u);
  EXPECT_EQ(e.f.terms.at("#12345678"), 1);  // the same first eight bytes as the next
  EXPECT_EQ(e.f.terms.at("#123456789"), 2);
  ASSERT_TRUE(e.f.terms.count("intern"));  // "internationally": Snowball's stem
  EXPECT_EQ(e.f.terms.at("intern"), 2.0 + 1);
  std::vector<std::string> keys;
  for (const auto& [key, n] : e.f.terms) keys.push_back(key);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_TRUE(std::adjacent_find(keys.begin(), keys.end()) == keys.end());
}

// The clusterer's postings hold what a map of vectors would: one story in
// its slot, then a list; the last story not repeated; a list of trim_at
// entries cut to its newest keep; through rehashes, with keys that differ
// only in their high bits (the feature space) and key 0.
TEST(StoryPostings, HoldWhatAMapOfListsHolds) {
  for (size_t keep : {size_t{1}, size_t{3}}) {
    const size_t trim_at = 2 * keep;
    cluster_internal::StoryPostings p;
    std::map<uint64_t, std::vector<uint32_t>> want;
    uint32_t story = 0;
    for (uint32_t step = 0; step < 20000; ++step) {
      // Keys from three spaces; low ids come back often, so lists grow.
      const uint64_t key = (uint64_t{step % 3} << 32) | (step % 7 == 0 ? step % 5 : step % 4001);
      if (step % 11 != 0) ++story;  // sometimes the same story again
      p.Append(key, story, trim_at, keep);
      std::vector<uint32_t>& list = want[key];
      if (!list.empty() && list.back() == story) continue;
      list.push_back(story);
      if (list.size() >= trim_at) list.erase(list.begin(), list.end() - static_cast<std::ptrdiff_t>(keep));
    }
    ASSERT_EQ(p.size(), want.size());
    std::vector<uint64_t> keys;
    for (const auto& [key, list] : want) {
      keys.push_back(key);
      const std::span<const uint32_t> got = p.Find(key);
      EXPECT_EQ(std::vector<uint32_t>(got.begin(), got.end()), list) << "key " << key << ", keep " << keep;
    }
    EXPECT_EQ(p.SortedKeys(), keys);
    EXPECT_TRUE(p.Find(uint64_t{7} << 32).empty());
  }
}

TEST(StoryPostings, SetListsAreFoundAndGrow) {
  cluster_internal::StoryPostings p;
  p.Reserve(3);
  const std::vector<uint32_t> one = {4}, three = {1, 2, 9};
  p.Set(0, one);
  p.Set(uint64_t{1} << 32, three);
  EXPECT_EQ(p.size(), 2u);
  p.Append(0, 5, 512, 256);
  p.Append(uint64_t{1} << 32, 9, 512, 256);  // already the last
  const std::span<const uint32_t> a = p.Find(0), b = p.Find(uint64_t{1} << 32);
  EXPECT_EQ(std::vector<uint32_t>(a.begin(), a.end()), (std::vector<uint32_t>{4, 5}));
  EXPECT_EQ(std::vector<uint32_t>(b.begin(), b.end()), three);
  EXPECT_EQ(p.SortedKeys(), (std::vector<uint64_t>{0, uint64_t{1} << 32}));
}

}  // namespace
}  // namespace crosscheck

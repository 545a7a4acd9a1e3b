// Entities and knowledge (src/entity/): the seed reports against the gold's
// "entities" (tests/data/border-clash.gold.json), knowledge lookups, the
// name helpers, and bounded work on hostile input.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <tuple>
#include <filesystem>
#include <map>
#include <numeric>
#include <nlohmann/json.hpp>

#include "clean/cleaner.h"
#include "entity/entity.h"
#include "entity/key_table.h"
#include "entity/knowledge.h"
#include "entity/names.h"
#include "entity/tables.h"
#include "test_util.h"
#include "text/segment.h"

namespace crosscheck {
namespace {

using entity_internal::NameKey;
using testing::Doc;
using testing::ReadFile;
using testing::SourcePath;

// Runs the stages before entities as Analyze does: people of every document
// first, filled from the corpus, then each document added.
std::vector<Entity> EntitiesOf(const std::vector<Document>& docs) {
  Result<const Tagger*> tagger = Tagger::Default();
  EXPECT_TRUE(tagger.ok());
  std::vector<SegmentedText> segs;
  std::vector<People> people;
  People all;
  for (const Document& d : docs) {
    segs.push_back(Segment(d.text, Clean(d)));
    people.push_back(People::Find(d.text, segs.back()));
    all.Merge(people.back());
  }
  EntityFinder finder(*tagger.value());
  for (size_t i = 0; i < docs.size(); ++i) {
    people[i].FillFrom(all);
    finder.Add(docs[i], segs[i], people[i]);
  }
  return finder.Resolve();
}

std::vector<Document> Seeds() {
  std::vector<Document> docs;
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::directory_iterator(SourcePath("examples/border-clash"))) files.push_back(f.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) docs.push_back(Doc(f.stem().string(), ReadFile(f.string())));
  return docs;
}

class SeedEntities : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    docs_ = new std::vector<Document>(Seeds());
    entities_ = new std::vector<Entity>(EntitiesOf(*docs_));
    gold_ = new nlohmann::json(nlohmann::json::parse(ReadFile(SourcePath("tests/data/border-clash.gold.json")))["entities"]);
  }
  static void TearDownTestSuite() {
    delete docs_;
    delete entities_;
    delete gold_;
  }

  // The entity called `name` (canonical or alias, compared by NameKey).
  static const Entity* Named(std::string_view name) {
    for (const Entity& e : *entities_) {
      if (NameKey(e.canonical) == NameKey(name)) return &e;
      for (const std::string& a : e.aliases) {
        if (NameKey(a) == NameKey(name)) return &e;
      }
    }
    return nullptr;
  }
  static const Document& DocById(std::string_view prefix) {
    for (const Document& d : *docs_) {
      if (d.id.starts_with(prefix)) return d;
    }
    return docs_->front();
  }
  // The mention of `e` whose span is `text` where it first occurs in
  // document `doc` (inside the first `context`, when given).
  static const Mention* At(const Entity& e, std::string_view doc, std::string_view text,
                           std::string_view context = {}) {
    const Document& d = DocById(doc);
    if (context.empty()) context = text;
    size_t at = d.text.find(context);
    if (at == std::string::npos) return nullptr;
    at += context.find(text);
    for (const Mention& m : e.mentions) {
      if (m.doc == d.id && m.span == Span{at, at + text.size()}) return &m;
    }
    return nullptr;
  }

  static std::vector<Document>* docs_;
  static std::vector<Entity>* entities_;
  static nlohmann::json* gold_;
};
std::vector<Document>* SeedEntities::docs_ = nullptr;
std::vector<Entity>* SeedEntities::entities_ = nullptr;
nlohmann::json* SeedEntities::gold_ = nullptr;

TEST_F(SeedEntities, EveryGoldPersonIsAPerson) {
  ASSERT_EQ((*gold_)["person"].size(), 5u);
  for (const auto& name : (*gold_)["person"]) {
    const Entity* e = Named(name.get<std::string>());
    ASSERT_NE(e, nullptr) << name;
    EXPECT_EQ(e->type, "PER") << name;
    EXPECT_EQ(e->canonical, name.get<std::string>());
  }
}

TEST_F(SeedEntities, EveryGoldOrganisationIsAnOrganisation) {
  for (const auto& name : (*gold_)["organization"]) {
    const Entity* e = Named(name.get<std::string>());
    ASSERT_NE(e, nullptr) << name;
    EXPECT_EQ(e->type, "ORG") << name;
  }
  EXPECT_EQ(Named("ISKP")->canonical, "Islamic State Khorasan Province");
  EXPECT_EQ(Named("TTP")->canonical, "Tehreek-i-Taliban Pakistan");
}

TEST_F(SeedEntities, EveryGoldAliasGroupIsOneEntity) {
  for (const auto& group : (*gold_)["aliases"]) {
    const Entity* first = Named(group[0].get<std::string>());
    ASSERT_NE(first, nullptr) << group[0];
    for (const auto& name : group) EXPECT_EQ(Named(name.get<std::string>()), first) << name << " vs " << group[0];
  }
  // The three the issue names, spelled out.
  EXPECT_EQ(Named("ISIS-K"), Named("Islamic State Khorasan Province"));
  EXPECT_EQ(Named("ISKP"), Named("Islamic State Khorasan Province"));
  EXPECT_EQ(Named("Tehrik-i-Taliban Pakistan"), Named("Tehreek-i-Taliban Pakistan"));
  EXPECT_EQ(Named("TTP"), Named("Tehreek-i-Taliban Pakistan"));
  EXPECT_EQ(Named("Mujahid"), Named("Zabihullah Mujahid"));
}

TEST_F(SeedEntities, EveryGoldPlaceIsALocation) {
  ASSERT_EQ((*gold_)["place"].size(), 26u);
  for (const auto& name : (*gold_)["place"]) {
    const Entity* e = Named(name.get<std::string>());
    ASSERT_NE(e, nullptr) << name;
    EXPECT_EQ(e->type, "LOC") << name;
  }
}

TEST_F(SeedEntities, EveryMentionSpanHoldsItsText) {
  size_t mentions = 0;
  for (const Entity& e : *entities_) {
    for (const Mention& m : e.mentions) {
      const Document& d = DocById(m.doc);
      ASSERT_EQ(d.id, m.doc);
      ASSERT_LE(m.span.end, d.text.size());
      EXPECT_EQ(m.span.Of(d.text), m.text) << e.canonical;
      ++mentions;
    }
  }
  EXPECT_GT(mentions, 250u);
}

TEST_F(SeedEntities, MentionsPointAtTheOriginalBytes) {
  const Entity& ttp = *Named("TTP");
  EXPECT_NE(At(ttp, "001", "Tehreek-i-Taliban Pakistan"), nullptr);
  ASSERT_NE(At(ttp, "001", "TTP"), nullptr);
  EXPECT_EQ(At(ttp, "001", "TTP")->kind, "acronym");
  EXPECT_NE(At(ttp, "004", "Tehrik-i-Taliban Pakistan"), nullptr);
  EXPECT_NE(At(ttp, "004", "Pakistani Taliban"), nullptr);
  const Entity& iskp = *Named("ISKP");
  EXPECT_NE(At(iskp, "000", "Islamic State Khorasan Province"), nullptr);
  EXPECT_NE(At(iskp, "003", "Islamic State Khorasan branch"), nullptr);
  EXPECT_NE(At(iskp, "004", "ISIS-K"), nullptr);
  // The headline's lone surname is the spokesman.
  const Entity& mujahid = *Named("Zabihullah Mujahid");
  EXPECT_NE(At(mujahid, "003", "Mujahid", "Mujahid Says"), nullptr) << "headline surname";
  // Names split by the tagger are whole again.
  EXPECT_NE(At(*Named("Khyber Pakhtunkhwa"), "001", "Khyber Pakhtunkhwa"), nullptr);
  EXPECT_NE(At(*Named("King's College London"), "004", "King\xE2\x80\x99s College London"), nullptr);
}

TEST_F(SeedEntities, RoleNounsStandForTheSpokesman) {
  const Entity& mujahid = *Named("Zabihullah Mujahid");
  const Mention* m = At(mujahid, "000", "spokesperson");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->kind, "role");
  EXPECT_NE(At(mujahid, "003", "Taliban spokesman"), nullptr);
  EXPECT_NE(At(mujahid, "004", "spokesman", "The spokesman used"), nullptr);
  EXPECT_NE(At(mujahid, "004", "spokesman", "The spokesman\xE2\x80\x99s comments"), nullptr);
  // An apposition names the person before it.
  EXPECT_NE(At(mujahid, "001", "Taliban government\xE2\x80\x99s chief spokesman"), nullptr);
  for (const std::string& a : mujahid.aliases) EXPECT_EQ(a.find("spokes"), std::string::npos) << a;
}

TEST_F(SeedEntities, PlacesHaveCountryCodeAndCoordinates) {
  const Entity& kabul = *Named("Kabul");
  ASSERT_TRUE(kabul.place);
  EXPECT_EQ(kabul.place->kind, "city");
  EXPECT_EQ(kabul.place->country, "AF");
  ASSERT_TRUE(kabul.place->lat && kabul.place->lon);
  EXPECT_NEAR(*kabul.place->lat, 34.53, 0.01);
  EXPECT_NEAR(*kabul.place->lon, 69.17, 0.01);
  EXPECT_EQ(Named("KABUL"), &kabul) << "the dateline is Kabul";
  EXPECT_EQ(Named("Pakistan")->place->kind, "country");
  EXPECT_EQ(Named("Pakistan")->place->country, "PK");
  EXPECT_EQ(Named("Khyber Pakhtunkhwa")->place->code, "PK-KP");
  EXPECT_EQ(Named("Nangarhar")->place->code, "AF-NAN") << "iso-codes writes Nangarhār";
  EXPECT_EQ(Named("Mastung")->place->country, "PK");
  EXPECT_EQ(Named("Moscow")->place->country, "RU") << "not Moscow, Idaho";
  EXPECT_EQ(Named("Riyadh")->place->country, "SA");
  // GeoNames' only Tirah is a town in Israel; the report names Israel once,
  // elsewhere, so the Pakistani valley gets no place rather than a wrong one.
  EXPECT_FALSE(Named("Tirah")->place);
  // Districts no table knows are places all the same.
  EXPECT_EQ(Named("Angoor Adda")->type, "LOC");
  EXPECT_FALSE(Named("Angoor Adda")->place);
}

TEST_F(SeedEntities, TitleCaseLinesAreNotNames) {
  // "Broader Allegations and Accusations", a section heading in 004.
  EXPECT_EQ(Named("Broader"), nullptr);
  EXPECT_EQ(Named("Airstrikes"), nullptr);
  EXPECT_EQ(Named("Field Marshal"), nullptr) << "a title alone";
}

TEST_F(SeedEntities, ReligionsAreMisc) {
  // "attacks targeting Shia, Sufi, and Hindu minorities" (003, 004): the
  // tagger alone typed Shia ORG and Sufi PER.
  for (const char* name : {"Shia", "Sufi", "Hindu"}) {
    const Entity* e = Named(name);
    ASSERT_NE(e, nullptr) << name;
    EXPECT_EQ(e->type, "MISC") << name;
    EXPECT_EQ(e->mentions.size(), 2u) << name;
  }
}

TEST_F(SeedEntities, IdsFollowFirstMentions) {
  for (size_t i = 0; i < entities_->size(); ++i) EXPECT_EQ((*entities_)[i].id, "e" + std::to_string(i + 1));
  EXPECT_EQ(entities_->front().mentions.front().doc, docs_->front().id);
}

TEST(EntityFinder, AcronymDefinedInOneReportResolvesInAnother) {
  std::vector<Entity> es = EntitiesOf({
      Doc("a", "Police said the Baloch Liberation Army (BLA) attacked a convoy near Quetta."),
      Doc("b", "The BLA claimed the attack on Tuesday, officials said."),
  });
  const Entity* bla = nullptr;
  for (const Entity& e : es) {
    if (e.canonical == "Baloch Liberation Army") bla = &e;
  }
  ASSERT_NE(bla, nullptr);
  EXPECT_EQ(bla->type, "ORG");
  ASSERT_EQ(bla->mentions.size(), 3u);
  EXPECT_EQ(bla->mentions[2].doc, "b");
  EXPECT_EQ(bla->mentions[2].text, "BLA");
  EXPECT_EQ(bla->aliases, std::vector<std::string>{"BLA"});
}

// Mentions left to a loader of their bytes (a store's,
// FoundMentions::DecodeLater) give the same entities and the same bytes as
// mentions decoded at once; damaged bytes are refused by both.
TEST(EntityFinder, MentionsDecodedLaterResolveAsDecodedOnes) {
  Result<const Tagger*> tagger = Tagger::Default();
  ASSERT_TRUE(tagger.ok());
  std::vector<Document> docs = Seeds();
  // A person only ever called by a role here ("a spokesman" for "Officer
  // Johnna Watson", whose name the tagger reads as "Johnna Watson"): the
  // entity's name comes from the role mention's person.
  docs.push_back(Doc("role", "The toddler was listed in stable condition, said Officer Johnna Watson, a "
                             "spokeswoman for the Oakland Police Department.\n\nA pastor said he was acting as "
                             "a spokesman for the family after speaking to her mother.\n"));
  EntityFinder finder(*tagger.value());
  std::vector<std::string> bytes;
  People all;
  std::vector<SegmentedText> segs;
  std::vector<People> people;
  for (const Document& d : docs) {
    segs.push_back(Segment(d.text, Clean(d)));
    people.push_back(People::Find(d.text, segs.back()));
    all.Merge(people.back());
  }
  for (size_t i = 0; i < docs.size(); ++i) {
    people[i].FillFrom(all);
    bytes.push_back(finder.Find(docs[i], segs[i], people[i]).Encode());
  }
  // The second finder keeps only loaders, as a store does: each called once
  // a resolution (and by Encode), in the order the documents were added.
  EntityFinder now(*tagger.value()), loaded(*tagger.value());
  std::vector<size_t> loads;
  for (size_t i = 0; i < bytes.size(); ++i) {
    const std::string& b = bytes[i];
    Result<FoundMentions> a = FoundMentions::Decode(b);
    Result<FoundMentions> l = FoundMentions::DecodeLater(b, [&loads, &b, i] {
      loads.push_back(i);
      return b;
    });
    ASSERT_TRUE(a.ok() && l.ok());
    EXPECT_EQ(l.value().Encode(), b);
    EXPECT_EQ(FoundMentions(l.value()).Encode(), b);  // a copy keeps the loader
    now.Add(std::move(a.value()));
    loaded.Add(std::move(l.value()));
  }
  // Resolved as they are, and freed as they are read (Resolve() &&):
  // every entity the same, to its mentions' bytes and kinds.
  const std::vector<Entity> x = now.Resolve(), x_moved = std::move(now).Resolve();
  loads.clear();
  const std::vector<Entity> z = loaded.Resolve(), z_moved = std::move(loaded).Resolve();
  std::vector<size_t> in_order(bytes.size());
  std::iota(in_order.begin(), in_order.end(), size_t{0});
  std::vector<size_t> twice = in_order;
  twice.insert(twice.end(), in_order.begin(), in_order.end());
  EXPECT_EQ(loads, twice);
  ASSERT_GT(x.size(), 10u);
  size_t roles = 0;
  for (const std::vector<Entity>* other : {&x_moved, &z, &z_moved}) {
    ASSERT_EQ(x.size(), other->size());
    for (size_t i = 0; i < x.size(); ++i) {
      const Entity& a = x[i];
      const Entity& b = (*other)[i];
      EXPECT_EQ(a.id, b.id);
      EXPECT_EQ(a.canonical, b.canonical);
      EXPECT_EQ(a.type, b.type);
      EXPECT_EQ(a.aliases, b.aliases);
      EXPECT_EQ(a.place != nullptr, b.place != nullptr);
      ASSERT_EQ(a.mentions.size(), b.mentions.size());
      for (size_t k = 0; k < a.mentions.size(); ++k) {
        EXPECT_EQ(a.mentions[k].doc, b.mentions[k].doc);
        EXPECT_EQ(a.mentions[k].span, b.mentions[k].span);
        EXPECT_EQ(a.mentions[k].text, b.mentions[k].text);
        EXPECT_EQ(a.mentions[k].kind, b.mentions[k].kind);
        roles += a.mentions[k].kind == "role";
      }
    }
  }
  EXPECT_GT(roles, 0u) << "the seeds' spokesmen: role mentions resolved from stored bytes too";
  auto watson = std::find_if(x.begin(), x.end(), [](const Entity& e) { return e.canonical == "Officer Johnna Watson"; });
  ASSERT_NE(watson, x.end()) << "named by its role mention's person alone";
  ASSERT_EQ(watson->mentions.size(), 1u);
  EXPECT_EQ(watson->mentions[0].text, "spokesman");
  EXPECT_EQ(watson->mentions[0].kind, "role");
  EXPECT_TRUE(std::move(now).Resolve().empty()) << "a finder resolved as an rvalue is empty";
  const std::string& damaged = bytes.front();
  EXPECT_FALSE(FoundMentions::Decode(damaged.substr(0, damaged.size() / 2)).ok());
  auto none = [] { return std::string(); };
  EXPECT_FALSE(FoundMentions::DecodeLater(damaged.substr(0, damaged.size() / 2), none).ok());
  EXPECT_FALSE(FoundMentions::DecodeLater("", none).ok());
}

TEST(EntityFinder, AKnownWordStartingALongerNameStaysInTheName) {
  // "Sufi" alone is a religion (data/lexicon/entity_aliases.tsv); followed
  // by a capitalised word it starts a person's name.
  std::vector<Entity> es = EntitiesOf({
      Doc("a", "Sufi Muhammad, a cleric, said the Shia and Sufi shrines were attacked."),
  });
  std::map<std::string, std::string> type;
  for (const Entity& e : es) type[e.canonical] = e.type;
  EXPECT_EQ(type["Sufi Muhammad"], "PER");
  EXPECT_EQ(type["Sufi"], "MISC");
  EXPECT_EQ(type["Shia"], "MISC");
}

TEST(EntityFinder, ALoneSurnameIsThePersonOfItsDocumentButAPlaceStaysAPlace) {
  std::vector<Entity> es = EntitiesOf({
      Doc("a", "Joe Scarborough visited the border town on Monday.\n\nScarborough said five soldiers were killed.\n"),
      Doc("b", "Spokesman Zabihullah Kabul said the talks failed.\n\nResidents of Kabul said the fighting continued.\n"),
  });
  std::map<std::string, const Entity*> by;
  for (const Entity& e : es) by[e.canonical] = &e;
  ASSERT_TRUE(by.count("Joe Scarborough"));
  EXPECT_EQ(by["Joe Scarborough"]->type, "PER");
  EXPECT_EQ(by["Joe Scarborough"]->mentions.size(), 2u) << "the lone surname joins the person";
  EXPECT_FALSE(by.count("Scarborough"));
  ASSERT_TRUE(by.count("Kabul"));
  EXPECT_EQ(by["Kabul"]->type, "LOC");
  ASSERT_TRUE(by.count("Zabihullah Kabul"));
  EXPECT_EQ(by["Zabihullah Kabul"]->mentions.size(), 1u);
}

TEST(EntityFinder, EmptyCorpusHasNoEntities) {
  Result<const Tagger*> tagger = Tagger::Default();
  ASSERT_TRUE(tagger.ok());
  EntityFinder finder(*tagger.value());
  EXPECT_TRUE(finder.Resolve().empty());
}

// A made-up capitalised word for each number: "Bakozar", "Kebozar", ...
std::string PseudoName(int i) {
  static const char* const kSyllables[] = {"Ba", "Ke", "Ri", "Do", "Mu", "Sa", "Te", "Li", "No", "Gu"};
  std::string w = kSyllables[i % 10];
  w += kSyllables[(i / 10) % 10];
  w += kSyllables[(i / 100) % 10];
  for (size_t k = 1; k < w.size(); ++k) w[k] = static_cast<char>(std::tolower(static_cast<unsigned char>(w[k])));
  return w + "zar";
}

// Many distinct people and acronyms in one report: resolution stays fast
// (no pairwise comparison of all names) and keeps them apart.
TEST(EntityFinder, ManyNamesResolveQuickly) {
  std::string text;
  for (int i = 0; i < 1000; ++i) {
    std::string n = PseudoName(i);
    text += "Police said Ahmad " + n + " met the Movement for " + n + " Rights (MFR" + std::to_string(i) +
            ") in Kabul. ";
    if (i % 10 == 9) text += "\n";
  }
  auto start = std::chrono::steady_clock::now();
  std::vector<Entity> es = EntitiesOf({Doc("big", text)});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GT(es.size(), 1000u);
  EXPECT_LT(seconds, 10.0);
}

TEST(Knowledge, OrganisationsAreWordNetGroupsThatAreNothingElse) {
  EXPECT_TRUE(IsOrganizationName("Taliban"));
  EXPECT_TRUE(IsOrganizationName("TALIBAN"));
  EXPECT_TRUE(IsOrganizationName("Hamas"));
  EXPECT_TRUE(IsOrganizationName("NATO"));
  EXPECT_FALSE(IsOrganizationName("Shia")) << "a sect: MISC";
  EXPECT_FALSE(IsOrganizationName("Army")) << "also an ordinary word";
  EXPECT_FALSE(IsOrganizationName("Washington")) << "a place";
  EXPECT_FALSE(IsOrganizationName("Europe")) << "a place in WordNet too";
  EXPECT_FALSE(IsOrganizationName(""));
}

TEST(Knowledge, DemonymsNameTheirCountry) {
  EXPECT_EQ(CountryOfDemonym("Pakistani"), "Pakistan");
  EXPECT_EQ(CountryOfDemonym("Afghan"), "Afghanistan");
  EXPECT_EQ(CountryOfDemonym("Afghans"), "Afghanistan");
  EXPECT_EQ(CountryOfDemonym("PAKISTANIS"), "Pakistan");
  EXPECT_EQ(CountryOfDemonym("Russian"), "Russia");
  EXPECT_EQ(CountryOfDemonym("Chinese"), "China") << "not Taiwan, which shares WordNet's synset";
  EXPECT_EQ(CountryOfDemonym("Saudi"), "Saudi Arabia");
  EXPECT_EQ(CountryCodeOfDemonym("Iranian"), "IR");
  EXPECT_EQ(CountryOfDemonym("Kabul"), "");
  EXPECT_EQ(CountryOfDemonym(""), "");
}

TEST(Knowledge, PlacesByAnyOfTheirNames) {
  std::vector<Place> kabul = PlacesNamed("kabul");
  ASSERT_GE(kabul.size(), 2u);
  EXPECT_EQ(kabul[0].kind, "subdivision");
  EXPECT_EQ(kabul[0].code, "AF-KAB");
  EXPECT_EQ(kabul[1].kind, "city");
  EXPECT_EQ(PlacesNamed("America").at(0).country, "US");
  EXPECT_EQ(PlacesNamed("Nangarh\xC4\x81r").at(0).code, "AF-NAN");
  EXPECT_EQ(PlacesNamed("Khyber Pass").at(0).kind, "pass");
  EXPECT_TRUE(PlacesNamed("Zabihullah").empty());
  EXPECT_EQ(CountryName("RU"), "Russia");
  EXPECT_EQ(CountryName("XX"), "");
}

// What resolution asks of every key, at once; the key is looked up as it
// is: NameKey's leading "the " is not dropped a second time.
TEST(Knowledge, AKeyIsLookedUpAsItIs) {
  const NameKnowledge pakistan = KnowledgeOfKey("pakistan");
  ASSERT_FALSE(pakistan.places.empty());
  EXPECT_EQ(pakistan.places[0].kind, "country");
  EXPECT_EQ(pakistan.places[0].country, "PK");
  EXPECT_EQ(KnowledgeOfKey("pakistani").demonym, "PK");
  EXPECT_TRUE(KnowledgeOfKey("taliban").organization);
  EXPECT_EQ(PlacesNamed("The Gambia").at(0).country, "GM");
  EXPECT_EQ(entity_internal::NameKey("The Gambia"), "gambia");
  EXPECT_EQ(KnowledgeOfKey("gambia").places.at(0).country, "GM");
  EXPECT_TRUE(KnowledgeOfKey("the gambia").places.empty()) << "the key of \"The The Gambia\", not Gambia's";
}

// The index compiled into the binary (tools/knowledge_image.cc) is the one
// the tables give when indexed afresh: every key of every table has the same
// rows, in file order, and names that are no key have none.
TEST(KnowledgeImage, EmbeddedIndexIsViewedAndEqualsTheTablesIndexedAfresh) {
  using namespace entity_internal;
  const std::string_view image = EmbeddedKnowledgeImage();
  ASSERT_GT(image.size(), 1000000u);
  std::optional<KnowledgeIndex> viewed = ViewKnowledgeImage(image, PlacesTable(), DemonymsTable(), OrganizationsTable());
  ASSERT_TRUE(viewed.has_value());
  const KnowledgeIndex built = BuildKnowledgeIndex(PlacesTable(), DemonymsTable(), OrganizationsTable());
  size_t keys = 0, rows = 0;
  for (auto [tsv, a, b] : {std::tuple{PlacesTable(), &built.places, &viewed->places},
                          {DemonymsTable(), &built.demonyms, &viewed->demonyms},
                          {OrganizationsTable(), &built.organizations, &viewed->organizations}}) {
    ForEachTsvRow(tsv, [&](std::string_view, const std::vector<std::string_view>& f) {
      const std::string key = NameKey(f[0]);
      const std::vector<std::string_view> want = a->RowsOf(key);
      EXPECT_EQ(b->RowsOf(key), want) << key;
      ++keys;
      rows += want.size();
    });
    EXPECT_TRUE(b->RowsOf("no such name at all").empty());
  }
  EXPECT_EQ(keys, 33810u);  // every data row of the three tables
  EXPECT_GT(rows, keys);    // Kabul is a province and a city: chains hold
  const std::vector<std::string_view> kabul = viewed->places.RowsOf(NameKey("Kabul"));
  ASSERT_EQ(kabul.size(), 2u);  // in file order
  EXPECT_TRUE(kabul[0].starts_with("K\u0101bul\tsubdivision\tAF")) << kabul[0];
  EXPECT_TRUE(kabul[1].starts_with("Kabul\tcity\tAF")) << kabul[1];
  EXPECT_EQ(viewed->demonyms.FirstRow(NameKey("pakistani")).value_or(""), "Pakistani\tPK");
}

// An image is used only when it was made from the very tables at hand, and
// a damaged one is refused rather than read: cut anywhere, a row chained
// backwards, a slot past the rows.
TEST(KnowledgeImage, ImagesOfOtherTablesOrDamagedAreRefused) {
  using namespace entity_internal;
  const std::string places = "# name\tkind\tcountry\tcode\tlat\tlon\tpopulation\n"
                             "Kabul\tcity\tAF\tAF-KAB\t34.5\t69.2\t4000000\n"
                             "Kabul\tsubdivision\tAF\tAF-KAB\t\t\t\n"
                             "Quetta\tcity\tPK\tPK-BA\t30.2\t67.0\t1000000\n";
  const std::string demonyms = "Afghan\tAF\nPakistani\tPK\n", organizations = "Taliban\n";
  const KnowledgeIndex built = BuildKnowledgeIndex(places, demonyms, organizations);
  const std::string image = KnowledgeImage(built, places, demonyms, organizations);
  std::optional<KnowledgeIndex> viewed = ViewKnowledgeImage(image, places, demonyms, organizations);
  ASSERT_TRUE(viewed.has_value());
  EXPECT_EQ(viewed->places.RowsOf("kabul").size(), 2u);
  EXPECT_EQ(viewed->places.RowsOf("quetta").size(), 1u);
  EXPECT_TRUE(viewed->organizations.FirstRow("taliban").has_value());
  // Other tables: the hashes differ.
  EXPECT_FALSE(ViewKnowledgeImage(image, places + "Herat\tcity\tAF\t\t\t\t\n", demonyms, organizations));
  for (size_t cut = 0; cut < image.size(); cut += 3) {
    EXPECT_FALSE(ViewKnowledgeImage(image.substr(0, cut), places, demonyms, organizations)) << cut;
  }
  // The places table's arrays start after the 32-byte head and three hashes:
  // slots (its size and the counts first), then rows of five words.
  const size_t table = 32 + 24;
  uint32_t slots = 0;
  std::memcpy(&slots, image.data() + table, 4);
  const size_t first_row = table + 12 + 4 * slots;
  std::string bad = image;
  const uint32_t backwards = 0;  // row 0's next pointing at itself
  std::memcpy(bad.data() + first_row + 16, &backwards, 4);
  EXPECT_FALSE(ViewKnowledgeImage(bad, places, demonyms, organizations));
  bad = image;
  for (uint32_t s = 0; s < slots; ++s) {
    const uint32_t past = 99;
    std::memcpy(bad.data() + table + 12 + 4 * s, &past, 4);
  }
  EXPECT_FALSE(ViewKnowledgeImage(bad, places, demonyms, organizations));
}

TEST(EntityNames, KeysFoldCaseDiacriticsAndDashes) {
  EXPECT_EQ(NameKey("The  Nangarh\xC4\x81r"), "nangarhar");
  EXPECT_EQ(NameKey("Afghanistan\xE2\x80\x93Pakistan border"), "afghanistan-pakistan border");
  EXPECT_EQ(NameKey("King\xE2\x80\x99s College"), "king's college");
  // Folded punctuation and a diacritic in one name: both folds apply.
  EXPECT_EQ(NameKey("Nangarh\xC4\x81r\xE2\x80\x99s \xE2\x80\x94 East"), "nangarhar's - east");
  // Latin letters U+00C0-U+024F are stripped letter by letter (a table made
  // with ICU once); anything else, such as a combining mark already apart
  // (Z + U+0327), goes through ICU whole. Letters without a decomposition
  // (\xC5\x82 l-stroke, \xC3\x86 AE) are kept; only ASCII is lower-cased.
  EXPECT_EQ(NameKey("C\xC3\xB4te d\xE2\x80\x99Ivoire"), "cote d'ivoire");
  EXPECT_EQ(NameKey("\xC5\x81\xC3\xB3" "d\xC5\xBA"), "\xC5\x81odz");
  EXPECT_EQ(NameKey("\xC3\x86r\xC3\xB8 \xC7\x8Du"), "\xC3\x86r\xC3\xB8 au");
  EXPECT_EQ(NameKey("Ab\xC5\xAB Z\xCC\xA7" "aby"), "abu zaby");
  EXPECT_EQ(NameKey("S\xC3\xA3o Paulo \xE2\x80\x94 \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"),
            "sao paulo - \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");
  EXPECT_EQ(NameKey("Bad \xC3 byte"), "bad \xEF\xBF\xBD byte") << "ICU's replacement, as before";
}

TEST(EntityNames, TransliterationsShareASkeleton) {
  using entity_internal::Skeleton;
  EXPECT_EQ(Skeleton("tehreek-i-taliban pakistan"), Skeleton("tehrik-i-taliban pakistan"));
  EXPECT_NE(Skeleton("iran"), Skeleton("iraq"));
  EXPECT_EQ(entity_internal::BoundedEditDistance("tehreek", "tehrik", 3), 2u);
  EXPECT_EQ(entity_internal::BoundedEditDistance("kabul", "islamabad", 2), 3u) << "limit + 1";
}

TEST(EntityNames, AcronymLongFormsFollowSchwartzHearst) {
  using entity_internal::LongFormStart;
  std::string_view iskp = "members of the Islamic State Khorasan Province";
  EXPECT_EQ(iskp.substr(LongFormStart("ISKP", iskp)), "Islamic State Khorasan Province");
  std::string_view isisk = "alleged that the Islamic State Khorasan branch";
  EXPECT_EQ(isisk.substr(LongFormStart("ISIS-K", isisk)), "Islamic State Khorasan branch");
  std::string_view ttp = "the banned Tehreek-i-Taliban Pakistan";
  EXPECT_EQ(ttp.substr(LongFormStart("TTP", ttp)), "Tehreek-i-Taliban Pakistan");
  EXPECT_EQ(LongFormStart("XYZ", "the banned group"), std::string_view::npos);
  EXPECT_TRUE(entity_internal::LooksLikeAcronym("ISIS-K"));
  EXPECT_TRUE(entity_internal::LooksLikeAcronym("IEDs"));
  EXPECT_FALSE(entity_internal::LooksLikeAcronym("Kabul"));
  EXPECT_FALSE(entity_internal::LooksLikeAcronym("A"));
}

}  // namespace
}  // namespace crosscheck

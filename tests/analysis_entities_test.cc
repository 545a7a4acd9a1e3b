// Entities as `crosscheck analyze` reports them: the JSON's entities[] on the
// seed reports (examples/border-clash), quotes' speaker_entity, and claims
// whose source or side comes from the entities (entity/attach.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "report/report.h"
#include "test_util.h"

namespace crosscheck {
namespace {

using nlohmann::json;
using testing::Doc;
using testing::SourcePath;

constexpr const char* kDoc000 = "000_7c613e6085f4abe8";
constexpr const char* kDoc001 = "001_a3d4f95df7bb4a18";
constexpr const char* kDoc004 = "004_77f8c327c2dd57e0";

class SeedEntitiesJson : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    IngestResult in = ReadInputs({SourcePath("examples/border-clash")}, {});
    ASSERT_EQ(in.documents.size(), 5u);
    Analysis a = Analyze(std::move(in.documents));
    for (const Document& d : a.documents) texts_[d.id] = d.text;
    json_ = new json(json::parse(ToJson(a)));
  }
  static void TearDownTestSuite() { delete json_; }

  static const json* Entity(std::string_view canonical) {
    for (const json& e : (*json_)["entities"]) {
      if (e["canonical"] == canonical) return &e;
    }
    return nullptr;
  }
  // The mention of `e` in `doc` at [begin, begin + text.size()), or nullptr.
  static const json* MentionAt(const json& e, std::string_view doc, size_t begin, std::string_view text) {
    for (const json& m : e["mentions"]) {
      if (m["doc"] == doc && m["span"][0] == begin && m["span"][1] == begin + text.size() && m["text"] == text) {
        return &m;
      }
    }
    return nullptr;
  }
  static size_t Offset(const std::string& doc, std::string_view text, size_t from = 0) {
    return texts_.at(doc).find(text, from);
  }

  static json* json_;
  static std::map<std::string, std::string> texts_;
};
json* SeedEntitiesJson::json_ = nullptr;
std::map<std::string, std::string> SeedEntitiesJson::texts_;

TEST_F(SeedEntitiesJson, MujahidIsOnePersonAcrossAllFiveReports) {
  const json* e = Entity("Zabihullah Mujahid");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ((*e)["type"], "PER");
  EXPECT_EQ((*e)["aliases"], json::array({"Mujahid"}));
  EXPECT_TRUE((*e)["place"].is_null());
  std::set<std::string> docs;
  for (const json& m : (*e)["mentions"]) docs.insert(m["doc"].get<std::string>());
  EXPECT_EQ(docs.size(), 5u);
  // The full name where each report first writes it (offsets as `grep -b` gives them).
  EXPECT_NE(MentionAt(*e, kDoc000, 307, "Zabihullah Mujahid"), nullptr);
  EXPECT_NE(MentionAt(*e, kDoc001, 468, "Zabihullah Mujahid"), nullptr);
  EXPECT_NE(MentionAt(*e, "003_cb04ce9564500d14", 87, "Zabihullah Mujahid"), nullptr);
  // The surname alone, later in a report, is the same entity.
  size_t surname = Offset(kDoc000, "Mujahid", 307 + 18);
  ASSERT_NE(surname, std::string::npos);
  EXPECT_NE(MentionAt(*e, kDoc000, surname, "Mujahid"), nullptr);
}

TEST_F(SeedEntitiesJson, TtpHasBothSpellingsAndItsAcronym) {
  const json* e = Entity("Tehreek-i-Taliban Pakistan");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ((*e)["type"], "ORG");
  std::vector<std::string> aliases = (*e)["aliases"];
  EXPECT_NE(std::find(aliases.begin(), aliases.end(), "TTP"), aliases.end());
  EXPECT_NE(std::find(aliases.begin(), aliases.end(), "Tehrik-i-Taliban Pakistan"), aliases.end());
  EXPECT_NE(MentionAt(*e, kDoc001, 1764, "Tehreek-i-Taliban Pakistan"), nullptr);
  EXPECT_NE(MentionAt(*e, kDoc004, 3708, "Tehrik-i-Taliban Pakistan"), nullptr);
  const json* acronym = MentionAt(*e, kDoc004, 3735, "TTP");
  ASSERT_NE(acronym, nullptr);
  EXPECT_EQ((*acronym)["kind"], "acronym");
}

TEST_F(SeedEntitiesJson, KabulIsACityOfAfghanistanWithCoordinates) {
  const json* e = Entity("Kabul");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ((*e)["type"], "LOC");
  const json& place = (*e)["place"];
  ASSERT_TRUE(place.is_object());
  EXPECT_EQ(place["kind"], "city");
  EXPECT_EQ(place["country"], "Afghanistan");
  EXPECT_EQ(place["country_code"], "AF");
  EXPECT_NEAR(place["lat"].get<double>(), 34.53, 0.01);
  EXPECT_NEAR(place["lon"].get<double>(), 69.17, 0.01);
  const json* pakistan = Entity("Pakistan");
  ASSERT_NE(pakistan, nullptr);
  EXPECT_EQ((*pakistan)["place"]["kind"], "country");
  EXPECT_TRUE((*pakistan)["place"]["lat"].is_null());
}

TEST_F(SeedEntitiesJson, MentionsHoldTheirBytesAndIdsFollowFirstMentions) {
  size_t n = 0;
  for (const json& e : (*json_)["entities"]) {
    EXPECT_EQ(e["id"], "e" + std::to_string(++n));
    for (const json& m : e["mentions"]) {
      size_t b = m["span"][0], end = m["span"][1];
      EXPECT_EQ(texts_.at(m["doc"]).substr(b, end - b), m["text"].get<std::string>());
    }
  }
  EXPECT_GE(n, 30u);
}

TEST_F(SeedEntitiesJson, QuotesNameTheirSpeakersEntity) {
  const json* mujahid = Entity("Zabihullah Mujahid");
  const json* siddiqa = Entity("Ayesha Siddiqa");
  ASSERT_NE(mujahid, nullptr);
  ASSERT_NE(siddiqa, nullptr);
  size_t shared = 0;
  for (const json& q : (*json_)["quotes"]) {
    std::string text = q["text"];
    if (text.starts_with("The situation on all official borders")) {
      EXPECT_EQ(q["speaker_entity"], (*mujahid)["id"]) << q["doc"];
      ++shared;
    }
    if (q["speaker"] == "Ayesha Siddiqa") {
      EXPECT_EQ(q["speaker_entity"], (*siddiqa)["id"]) << text;
    }
    if (q["speaker"].is_null()) {
      EXPECT_TRUE(q["speaker_entity"].is_null()) << text;
    }
  }
  EXPECT_EQ(shared, 2u);  // reports 000 and 001 carry the whole quotation
}

TEST(AnalysisEntities, SurnameSourceTakesTheFullName) {
  Analysis a = Analyze({Doc("t",
                            "Joe Scarborough visited the border town on Monday.\n\n"
                            "Scarborough said five soldiers were killed in the attack.\n")});
  ASSERT_EQ(a.claims.size(), 1u);
  EXPECT_EQ(a.claims[0].source.name, "Joe Scarborough");
}

TEST(AnalysisEntities, DemonymOutsideTheSidesLexiconGivesTheSide) {
  Analysis a = Analyze({Doc("t", "A separate ambush killed two Spanish soldiers, the army said.\n")});
  ASSERT_EQ(a.claims.size(), 1u);
  EXPECT_EQ(a.claims[0].subject_side, "Spain");
}

TEST(AnalysisEntities, CountryInAGroupsNameIsNoSide) {
  Analysis a = Analyze({Doc("t", "The force detained an Islamic Movement of Uzbekistan facilitator.\n")});
  ASSERT_EQ(a.claims.size(), 1u);
  EXPECT_EQ(a.claims[0].subject_side, "");
}

}  // namespace
}  // namespace crosscheck

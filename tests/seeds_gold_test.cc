// The acceptance test of the foundation issue: the analysis of the five seed
// reports (examples/border-clash) against the hand-written gold
// (tests/data/border-clash.gold.json, a copy of ../shared/gold).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "report/analysis.h"
#include "test_util.h"

namespace crosscheck {
namespace {

using nlohmann::json;
using testing::ReadFile;
using testing::SourcePath;

class SeedsGold : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    gold_ = new json(json::parse(ReadFile(SourcePath("tests/data/border-clash.gold.json"))));
    IngestResult in = ReadInputs({SourcePath("examples/border-clash")}, {});
    ASSERT_EQ(in.documents.size(), 5u);
    ASSERT_TRUE(in.diagnostics.empty());
    analysis_ = new Analysis(Analyze(std::move(in.documents)));
  }
  static void TearDownTestSuite() { delete gold_; delete analysis_; }

  // The claim matching a gold claim on doc, type, value (or vague word), side and source.
  // Headline and body claims are told apart by in_headline.
  static const Claim* Match(const json& g) {
    for (const Claim& c : analysis_->claims) {
      if (c.doc != g["doc"] || c.type != g["type"]) continue;
      if (c.in_headline != g.value("in_headline", false)) continue;
      if (g["value"].is_null()) {
        if (!c.quantity.vague || c.quantity.qualifier.rfind(g["vague"].get<std::string>(), 0) != 0) continue;
      } else if (!c.quantity.value || *c.quantity.value != g["value"].get<double>()) {
        continue;
      }
      std::string side = g.value("subject_side", "");
      if (c.type != "length" && c.subject_side != side) continue;
      std::string source = g["source"].is_null() ? "" : g["source"].get<std::string>();
      if (c.source.name != source) continue;
      return &c;
    }
    return nullptr;
  }

  static const Slot* FindSlot(const std::string& type, const std::string& side) {
    for (const Slot& s : analysis_->stories.at(0).slots) {
      if (s.type == type && s.subject_side == side) return &s;
    }
    return nullptr;
  }

  static json* gold_;
  static Analysis* analysis_;
};

json* SeedsGold::gold_ = nullptr;
Analysis* SeedsGold::analysis_ = nullptr;

TEST_F(SeedsGold, EveryGoldClaimFoundWithTypeValueSideAndSource) {
  std::vector<const Claim*> matched;
  for (const json& g : (*gold_)["claims"]) {
    const Claim* c = Match(g);
    EXPECT_NE(c, nullptr) << "missing gold claim: " << g.dump();
    if (c) matched.push_back(c);
  }
  EXPECT_EQ(matched.size(), (*gold_)["claims"].size());
  size_t extra = 0;
  for (const Claim& c : analysis_->claims) {
    if (std::find(matched.begin(), matched.end(), &c) == matched.end()) ++extra;
  }
  EXPECT_LE(extra, 2u) << "claims not in the gold";
}

TEST_F(SeedsGold, HeadlineClaimsAreMarked) {
  for (const json& g : (*gold_)["claims"]) {
    const Claim* c = Match(g);
    if (c) {
      EXPECT_EQ(c->in_headline, g.value("in_headline", false)) << g.dump();
    }
  }
}

TEST_F(SeedsGold, NoClaimFromBoilerplate) {
  for (size_t d = 0; d < analysis_->documents.size(); ++d) {
    for (const Removal& r : analysis_->cleaned[d].removed) {
      for (const Claim& c : analysis_->claims) {
        if (c.doc == analysis_->documents[d].id) {
          EXPECT_FALSE(c.span.Overlaps(r.span)) << c.id;
        }
      }
    }
  }
  for (const Claim& c : analysis_->claims) {
    if (!c.quantity.value) continue;
    for (double bad : {175.0, 10.0, 557320.0, 2021.0}) EXPECT_NE(*c.quantity.value, bad) << c.id;
  }
}

TEST_F(SeedsGold, DocumentsHeadlinesAndOutlets) {
  for (size_t d = 0; d < analysis_->documents.size(); ++d) {
    const Document& doc = analysis_->documents[d];
    const CleanDocument& c = analysis_->cleaned[d];
    const json& g = (*gold_)["documents"][doc.id];
    if (g["headline"].is_null()) {
      EXPECT_FALSE(c.headline) << doc.id;
    }
    else EXPECT_EQ(c.headline ? std::string(c.headline->Of(doc.text)) : "", g["headline"]) << doc.id;
    EXPECT_EQ(c.outlet, g["outlet"].is_null() ? "" : g["outlet"].get<std::string>()) << doc.id;
  }
}

TEST_F(SeedsGold, KilledPakistanIsA58Vs23Conflict) {
  const Slot* s = FindSlot("killed", "Pakistan");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->status, "conflict");
  ASSERT_EQ(s->values.size(), 2u);
  EXPECT_EQ(*s->values[0].quantity.value, 58);
  EXPECT_EQ(s->values[0].docs.size(), 5u);
  EXPECT_EQ(s->values[0].original_sources, std::vector<std::string>{"Taliban / Zabihullah Mujahid"});
  EXPECT_EQ(*s->values[1].quantity.value, 23);
  EXPECT_EQ(s->values[1].docs, std::vector<std::string>{"002_408996be704aa27f"});
  EXPECT_EQ(s->values[1].original_sources, std::vector<std::string>{"Pakistani army"});
  EXPECT_EQ(s->values[1].modalities, std::vector<std::string>{"confirmed"});
  EXPECT_EQ(s->estimate.low, 23);
  EXPECT_EQ(*s->estimate.high, 58);
}

TEST_F(SeedsGold, AgreeingSlotsFromOneOriginalSource) {
  struct Want { const char* type; const char* side; double value; size_t docs; };
  for (Want w : {Want{"wounded", "Pakistan", 30, 5}, Want{"captured", "Pakistan", 25, 5},
                 Want{"killed", "Afghanistan", 9, 2}, Want{"wounded", "Afghanistan", 9, 2}}) {
    const Slot* s = FindSlot(w.type, w.side);
    ASSERT_NE(s, nullptr) << w.type << " " << w.side;
    EXPECT_EQ(s->status, "agree") << w.type;
    ASSERT_EQ(s->values.size(), 1u) << w.type;
    EXPECT_EQ(*s->values[0].quantity.value, w.value);
    EXPECT_EQ(s->values[0].docs.size(), w.docs);
    EXPECT_EQ(s->independent_sources, 1u) << w.type;
  }
}

TEST_F(SeedsGold, AfghanLosses20Vs18) {
  const Slot* s = FindSlot("killed_or_wounded", "Afghanistan");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->status, "conflict");
  ASSERT_EQ(s->values.size(), 2u);
  const Value& v20 = *s->values[0].quantity.value == 20 ? s->values[0] : s->values[1];
  const Value& v18 = *s->values[0].quantity.value == 20 ? s->values[1] : s->values[0];
  EXPECT_EQ(*v20.quantity.value, 20);
  EXPECT_EQ(v20.docs, std::vector<std::string>{"000_7c613e6085f4abe8"});
  EXPECT_EQ(*v18.quantity.value, 18);
  EXPECT_EQ(v18.derived_from, "9 killed + 9 wounded");
  EXPECT_EQ(v18.docs, (std::vector<std::string>{"003_cb04ce9564500d14", "004_77f8c327c2dd57e0"}));
}

TEST_F(SeedsGold, BorderLengthAgreesWithinRounding) {
  const Slot* s = FindSlot("length", "");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->unit, "km");
  EXPECT_EQ(s->status, "agree");
  ASSERT_EQ(s->values.size(), 1u);
  std::vector<double> reported = s->values[0].reported;
  std::sort(reported.begin(), reported.end());
  EXPECT_EQ(reported, (std::vector<double>{2600, 2611}));
}

TEST_F(SeedsGold, FebruaryIskpDeathsStayOutOfTheClash) {
  const Story& story = analysis_->stories.at(0);
  ASSERT_EQ(story.separate_events.size(), 1u);
  const Claim& c = analysis_->claims[story.separate_events[0].claim];
  EXPECT_EQ(c.when, "February");
  EXPECT_EQ(story.separate_events[0].reason, "another period: February");
  EXPECT_EQ(*c.quantity.value, 30);
  EXPECT_EQ(FindSlot("killed", "ISKP"), nullptr);
}

TEST_F(SeedsGold, ClaimSpansPointAtTheirWords) {
  const Document& d004 = analysis_->documents[4];
  bool found = false;
  for (const Claim& c : analysis_->claims) {
    if (c.doc == d004.id && c.span.Of(d004.text) == "deaths of 58 Pakistani soldiers") {
      found = true;
      EXPECT_EQ(c.source.name, "Taliban");
      EXPECT_TRUE(c.unverified);
    }
  }
  EXPECT_TRUE(found);
}

// Words of a quotation, lower-cased, without the punctuation the gold and the
// text may place differently inside the marks.
std::string Norm(std::string_view text) {
  std::string s(text), out;
  for (size_t at; (at = s.find("\xE2\x80\x99")) != std::string::npos;) s.replace(at, 3, "'");
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.empty() && out.back() != ' ') out += ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

TEST_F(SeedsGold, EveryGoldQuoteHasItsSpeaker) {
  int found = 0;
  for (const json& g : (*gold_)["quotes"]) {
    for (const std::string doc : g["docs"]) {
      const Quote* match = nullptr;
      for (const Quote& q : analysis_->quotes) {
        if (q.doc == doc && Norm(q.text) == Norm(g["text"].get<std::string>())) match = &q;
      }
      ASSERT_NE(match, nullptr) << doc << ": " << g["text"];
      EXPECT_EQ(match->speaker, g["speaker"]) << doc << ": " << g["text"];
      found += match->speaker == g["speaker"];
    }
  }
  EXPECT_EQ(found, 17);  // 14 gold quotations, 3 of them in two reports
}

TEST_F(SeedsGold, SharedMujahidQuoteIsOneGroupAnalystQuotesSingleSource) {
  auto group_of = [&](const std::string& doc, const std::string& start) -> const QuoteGroup* {
    for (const QuoteGroup& g : analysis_->quote_groups) {
      for (size_t i : g.quotes) {
        const Quote& q = analysis_->quotes[i];
        if (q.doc == doc && q.text.rfind(start, 0) == 0) return &g;
      }
    }
    return nullptr;
  };
  const QuoteGroup* shared = group_of("000_7c613e6085f4abe8", "The situation on all official borders");
  ASSERT_NE(shared, nullptr);
  EXPECT_EQ(shared->docs, (std::vector<std::string>{"000_7c613e6085f4abe8", "001_a3d4f95df7bb4a18",
                                                   "002_408996be704aa27f"}));  // 002 quotes part of it
  EXPECT_FALSE(shared->single_source);
  for (const char* start : {"The gloves are off", "The risk of a wider"}) {
    const QuoteGroup* g = group_of("004_77f8c327c2dd57e0", start);
    ASSERT_NE(g, nullptr) << start;
    EXPECT_TRUE(g->single_source) << start;
  }
  const QuoteGroup* explosions = group_of("003_cb04ce9564500d14", "only caused explosions");
  ASSERT_NE(explosions, nullptr);
  EXPECT_EQ(explosions->docs.size(), 2u);
}

TEST_F(SeedsGold, QuoteSpansPointAtTheOriginalBytes) {
  for (const Quote& q : analysis_->quotes) {
    const Document* d = nullptr;
    for (const Document& doc : analysis_->documents) {
      if (doc.id == q.doc) d = &doc;
    }
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(q.span.Of(d->text), q.text);
    if (!q.speaker_span.empty()) {
      EXPECT_LE(q.speaker_span.end, d->text.size());
    }
  }
}

}  // namespace
}  // namespace crosscheck

#include "reconcile/reconcile.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/report.h"
#include "test_util.h"

namespace crosscheck {
namespace {

using testing::Doc;

TEST(Reconcile, SeparateIncidentsInOneReleaseAddUp) {
  Analysis a = Analyze({Doc("r", "Afghan forces detained two suspected insurgents in Kandahar province. "
                                 "In a separate operation, a Taliban leader was arrested in Helmand province.")});
  ASSERT_EQ(a.stories.size(), 1u);
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 3);
}

TEST(Reconcile, RepeatedFigureInOneReportIsCountedOnce) {
  Analysis a = Analyze({Doc("r", "Forces detained several insurgents on Tuesday. "
                                 "The assault force detained three insurgents for further questioning.")});
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 3);
}

TEST(Reconcile, GroupNoneMakesOneStoryPerDocument) {
  ReconcileOptions none;
  none.group = "none";
  AnalyzeOptions options;
  options.reconcile = none;
  Analysis a = Analyze({Doc("a", "Police said two people were killed."), Doc("b", "Police said five people were killed.")},
                       options);
  ASSERT_EQ(a.stories.size(), 2u);
  EXPECT_EQ(a.stories[0].totals.at("killed").best, 2);
  EXPECT_EQ(a.stories[1].totals.at("killed").best, 5);
}

TEST(Reconcile, GroupByFieldAndConflictAcrossOutlets) {
  std::vector<Document> docs = {Doc("a", "Police said two people were killed."),
                                Doc("b", "Hospital officials said four people were killed."),
                                Doc("c", "Police said nine people were wounded.")};
  docs[0].fields["event"] = "x";
  docs[1].fields["event"] = "x";
  docs[2].fields["event"] = "y";
  AnalyzeOptions options;
  options.reconcile.group = "field:event";
  Analysis a = Analyze(docs, options);
  ASSERT_EQ(a.stories.size(), 2u);
  ASSERT_EQ(a.stories[0].slots.size(), 1u);
  const Slot& s = a.stories[0].slots[0];
  EXPECT_EQ(s.status, "conflict");
  EXPECT_EQ(s.independent_sources, 2u);
  EXPECT_EQ(s.estimate.low, 2);
  EXPECT_EQ(*s.estimate.high, 4);
}

// ISAF 2013-01-S-022: the forces' confirmed arrest and "also detained two"
// are one account (the release's own voice continues the party it quotes).
TEST(Reconcile, AlsoDetainedAddsToTheQuotedAccount) {
  Analysis a = Analyze({Doc("r", "Today, Afghan and coalition security forces confirmed a Taliban leader was arrested "
                                 "during a security operation in Maiwand district. During the operation, the security "
                                 "force also detained two suspected insurgents.")});
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 3);
  EXPECT_EQ(a.stories[0].slots[0].values.size(), 1u);
  EXPECT_EQ(a.stories[0].slots[0].values[0].derived_from, "1 + 2");
}

// ISAF 2010-09-CA-149: a later, smaller figure restates the total.
TEST(Reconcile, DifferentFiguresWithoutAnAdditiveCueAreRestatements) {
  Analysis a = Analyze({Doc("r", "Three men were arrested for planning a rocket-propelled grenade attack. The patrol "
                                 "moved into the targeted compound and detained two men. The three men were taken "
                                 "to the local police station.")});
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 3);
}

TEST(Reconcile, PreciseFigureOutweighsAVagueSummary) {
  Analysis a = Analyze({Doc("r", "A combined patrol detained a suspected Taliban leader and another wanted associate. "
                                 "Several men were detained during the operation.")});
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 2);
}

// A person named by a role is counted on their own beside a group of others;
// not when the group holds them or the role is the headline's figure.
TEST(Reconcile, ARoleNamedPersonAddsToAGroupOfOthers) {
  Analysis a = Analyze({Doc("r", "Soldiers arrested a militia commander at a checkpoint on Sunday. During the "
                                 "search, they detained four suspected gunmen.")});
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 5);
  EXPECT_EQ(a.stories[0].slots[0].values[0].derived_from, "4 + 1");
}

TEST(Reconcile, ARoleNamedPersonAddsToAVagueGroup) {
  Analysis a = Analyze({Doc("r", "Police arrested a gang leader in the old town. Several suspected gang members were "
                                 "detained during the raid.")});
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 4);
}

TEST(Reconcile, AGroupThatHoldsTheRoleNamedPersonDoesNotAdd) {
  Analysis a = Analyze({Doc("r", "Soldiers arrested a militia commander near the river. They detained three men, "
                                 "one of whom was the commander.")});
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 3);
}

TEST(Reconcile, AManShotBesideTwoPeopleShotIsOneOfThem) {
  Analysis a = Analyze({Doc("r", "A man was wounded outside a bar on Friday night. Police said two people were "
                                 "wounded in the shooting.")});
  EXPECT_EQ(a.stories[0].totals.at("wounded").low, 2);
}

TEST(Reconcile, ARoleInTheHeadlineIsTheStorysFigureNotOneMore) {
  Document d = Doc("r", "Police Detain a Gang Leader\n\nPolice targeted a gang leader in the old town on Monday "
                        "and detained two suspected gang members.");
  Analysis a = Analyze({d});
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 2);
}

TEST(Reconcile, OnePersonIsOneOfAVagueGroup) {
  Analysis a = Analyze({Doc("r", "Several gunmen were killed in the clash. One of them ran from the house. He was "
                                 "shot and killed by the patrol.")});
  EXPECT_EQ(a.stories[0].totals.at("killed").low, 3);
}

TEST(Reconcile, APronounBesideALargerFigureIsOneOfThosePeople) {
  Analysis a = Analyze({Doc("r", "Police said four people were killed in the fire. He was also killed, a neighbour "
                                 "said.")});
  EXPECT_EQ(a.stories[0].totals.at("killed").low, 4);
}

TEST(Reconcile, AdditionalWithinACoordinatedFigureRestatesIt) {
  Analysis a = Analyze({Doc("r", "Police detained three suspected smugglers at the port. The gang leader and two "
                                 "additional suspected smugglers were detained after questioning.")});
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 3);
}

TEST(Reconcile, SumOfAnOpenAndAPointKeepsLowBelowHigh) {
  Analysis a = Analyze({Doc("r", "Police said more than 10 people were killed on Monday. Police also said one "
                                 "more person was killed.")});
  const Estimate& e = a.stories[0].totals.at("killed");
  EXPECT_EQ(e.low, 12);
  // The high is the largest figure stated, itself a lower bound ("12+"); never below low.
  ASSERT_TRUE(e.high.has_value());
  EXPECT_EQ(*e.high, 12);
  EXPECT_TRUE(e.high_open);
}

}  // namespace
}  // namespace crosscheck

namespace crosscheck {
namespace {

using testing::Doc;

Document Report(std::string id, std::string outlet, std::string published, std::string text) {
  Document d = Doc(std::move(id), std::move(text));
  d.outlet = std::move(outlet);
  d.published = std::move(published);
  return d;
}

const Value* FigureOf(const Slot& s, double figure) {
  for (const Value& v : s.values) {
    if (v.quantity.value && *v.quantity.value == figure) return &v;
  }
  return nullptr;
}

std::string SpanText(const Analysis& a, const Claim& c) {
  for (const Document& d : a.documents) {
    if (d.id == c.doc) return std::string(c.span.Of(d.text));
  }
  return "";
}

// Issue 11: four invented reports of one market bombing. The health ministry
// says "at least 40", then "at least 55" (an updated toll), then 61; a city
// hospital says "more than 90". Two of the reports repeat the war's total and
// one recalls an attack in 2019. Input order is not publication order: the
// ministry's history follows Document::published.
class MarketBombing : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::vector<Document> docs = {
        Report("c-ministry-3", "Capital Daily", "2026-03-02T08:00:00Z",
               "Dalvora market bombing\n\nThe health ministry said on Monday that 61 people were killed in the "
               "bombing of the Dalvora market.\nAn attack on the same market in 2019 killed 30 people."),
        Report("a-ministry-1", "Valley Post", "2026-03-01T09:00:00Z",
               "Market bombing in Dalvora\n\nAt least 40 people were killed when a bomb exploded in the central "
               "market of Dalvora on Sunday morning, the health ministry said.\nThe war has killed more than "
               "10,000 people since 2022."),
        Report("d-hospital", "Border Wire", "2026-03-02T10:00:00Z",
               "Dalvora hospital overwhelmed after market bombing\n\nMore than 90 people died in the market "
               "bombing in Dalvora, according to the city hospital."),
        Report("b-ministry-2", "River Times", "2026-03-01T15:00:00Z",
               "Dalvora market toll rises\n\nAt least 55 people have been killed in the bombing of the Dalvora "
               "market, the health ministry said in an updated toll on Sunday.\nThe war has killed more than "
               "10,000 people since 2022."),
    };
    analysis_ = new Analysis(Analyze(std::move(docs)));
    json_ = new nlohmann::json(nlohmann::json::parse(ToJson(*analysis_)));
  }
  static void TearDownTestSuite() { delete analysis_; delete json_; }
  static const Slot& Killed() { return analysis_->stories.at(0).slots.at(0); }
  static Analysis* analysis_;
  static nlohmann::json* json_;
};

Analysis* MarketBombing::analysis_ = nullptr;
nlohmann::json* MarketBombing::json_ = nullptr;

TEST_F(MarketBombing, OneStoryOneKilledSlotInConflict) {
  ASSERT_EQ(analysis_->stories.size(), 1u);
  ASSERT_EQ(analysis_->stories[0].slots.size(), 1u);
  const Slot& s = Killed();
  EXPECT_EQ(s.type, "killed");
  EXPECT_EQ(s.subject_side, "");
  EXPECT_EQ(s.status, "conflict");         // the ministry's 61 against the hospital's "more than 90"
  EXPECT_EQ(s.conflict_kind, "figures");   // 61 is not a bound
  EXPECT_EQ(s.reports, 4u);
  EXPECT_EQ(s.independent_sources, 2u);
}

TEST_F(MarketBombing, FourValuesTheMinistrysEarlierOnesSuperseded) {
  const Slot& s = Killed();
  ASSERT_EQ(s.values.size(), 4u);
  struct Want { double figure; const char* qualifier; const char* doc; const char* source; bool superseded; const char* words; };
  for (Want w : {Want{61, "", "c-ministry-3", "ministry", false, "61 people were killed"},
                 Want{90, "more than", "d-hospital", "city hospital", false, "More than 90 people died"},
                 Want{40, "at least", "a-ministry-1", "ministry", true, "At least 40 people were killed"},
                 Want{55, "at least", "b-ministry-2", "ministry", true, "At least 55 people have been killed"}}) {
    const Value* v = FigureOf(s, w.figure);
    ASSERT_NE(v, nullptr) << w.figure;
    EXPECT_EQ(v->quantity.qualifier, w.qualifier) << w.figure;
    EXPECT_EQ(v->docs, std::vector<std::string>{w.doc}) << w.figure;
    EXPECT_EQ(v->original_sources, std::vector<std::string>{w.source}) << w.figure;
    EXPECT_EQ(v->superseded, w.superseded) << w.figure;
    ASSERT_EQ(v->claims.size(), 1u);
    EXPECT_EQ(SpanText(*analysis_, analysis_->claims[v->claims[0]]), w.words);
  }
  // Standing values first.
  EXPECT_FALSE(s.values[0].superseded);
  EXPECT_FALSE(s.values[1].superseded);
  EXPECT_EQ(FigureOf(s, 90)->quantity.low, 91);
}

TEST_F(MarketBombing, TheMinistrysHistoryInPublicationOrder) {
  const Slot& s = Killed();
  ASSERT_EQ(s.revisions.size(), 1u);
  const Revision& r = s.revisions[0];
  EXPECT_EQ(r.source, "ministry");
  ASSERT_EQ(r.history.size(), 3u);
  std::vector<double> figures;
  std::vector<std::string> docs, published;
  for (const RevisionStep& step : r.history) {
    figures.push_back(*step.quantity.value);
    docs.push_back(step.doc);
    published.push_back(step.published);
  }
  EXPECT_EQ(figures, (std::vector<double>{40, 55, 61}));
  EXPECT_EQ(docs, (std::vector<std::string>{"a-ministry-1", "b-ministry-2", "c-ministry-3"}));
  EXPECT_EQ(published, (std::vector<std::string>{"2026-03-01T09:00:00Z", "2026-03-01T15:00:00Z",
                                                 "2026-03-02T08:00:00Z"}));
  EXPECT_FALSE(r.history[0].cue);
  EXPECT_TRUE(r.history[1].cue);  // "in an updated toll"
}

TEST_F(MarketBombing, EstimateFrom40ToAtLeast90BestTheLatestRevision) {
  const Estimate& e = Killed().estimate;
  EXPECT_EQ(e.low, 40);
  ASSERT_TRUE(e.high.has_value());
  EXPECT_EQ(*e.high, 90);
  EXPECT_TRUE(e.high_open);  // "more than 90": the count may be higher
  EXPECT_EQ(e.best, 61);     // one lineage each; ties go to the latest revision
  const Estimate& t = analysis_->stories[0].totals.at("killed");
  EXPECT_EQ(t.low, 40);
  EXPECT_EQ(*t.high, 90);
  EXPECT_EQ(t.best, 61);
}

TEST_F(MarketBombing, WarTotalAndThe2019AttackAreSeparateEvents) {
  const Story& story = analysis_->stories[0];
  ASSERT_EQ(story.separate_events.size(), 3u);
  struct Want { const char* doc; double figure; const char* reason; const char* words; };
  std::vector<Want> want = {{"c-ministry-3", 30, "earlier event: in 2019", "killed 30 people"},
                            {"a-ministry-1", 10000, "war total", "killed more than 10,000 people"},
                            {"b-ministry-2", 10000, "war total", "killed more than 10,000 people"}};
  for (size_t i = 0; i < want.size(); ++i) {
    const SeparateEvent& e = story.separate_events[i];
    const Claim& c = analysis_->claims[e.claim];
    EXPECT_EQ(c.doc, want[i].doc);
    EXPECT_EQ(*c.quantity.value, want[i].figure);
    EXPECT_EQ(e.reason, want[i].reason);
    EXPECT_EQ(SpanText(*analysis_, c), want[i].words);
  }
}

TEST_F(MarketBombing, JsonShowsRevisionsConflictKindAndSeparateEvents) {
  const nlohmann::json& slot = (*json_)["stories"][0]["slots"][0];
  EXPECT_EQ(slot["status"], "conflict");
  EXPECT_EQ(slot["conflict_kind"], "figures");
  EXPECT_EQ(slot["estimate"], (nlohmann::json{{"low", 40}, {"best", 61}, {"high", 90}, {"high_open", true}}));
  ASSERT_EQ(slot["revisions"].size(), 1u);
  const nlohmann::json& history = slot["revisions"][0]["history"];
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0]["value"], 40);
  EXPECT_EQ(history[0]["qualifier"], "at least");
  EXPECT_EQ(history[0]["doc"], "a-ministry-1");
  EXPECT_EQ(history[0]["published"], "2026-03-01T09:00:00Z");
  EXPECT_EQ(history[2]["value"], 61);
  EXPECT_EQ(history[2]["qualifier"], nullptr);
  int superseded = 0;
  for (const nlohmann::json& v : slot["values"]) superseded += v["superseded"].get<bool>();
  EXPECT_EQ(superseded, 2);
  const nlohmann::json& events = (*json_)["stories"][0]["separate_events"];
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0]["reason"], "earlier event: in 2019");
  EXPECT_EQ(events[0]["sentence"], "An attack on the same market in 2019 killed 30 people.");
  EXPECT_EQ(events[1]["reason"], "war total");
  EXPECT_EQ(events[1]["value"], 10000);
  EXPECT_EQ(events[1]["qualifier"], "more than");
}

TEST_F(MarketBombing, TextReportShowsTheHistoryAndTheReasons) {
  std::string text = ToText(*analysis_, {});
  EXPECT_NE(text.find("estimate 40–90+ (best 61)"), std::string::npos) << text;
  EXPECT_NE(text.find("figures of ministry by report: at least 40 (a-ministry-1, 2026-03-01T09:00:00Z) → at least "
                      "55 (b-ministry-2, 2026-03-01T15:00:00Z) → 61 (c-ministry-3, 2026-03-02T08:00:00Z)"),
            std::string::npos) << text;
  EXPECT_NE(text.find("superseded: at least 40"), std::string::npos) << text;
  EXPECT_NE(text.find("(war total) in a-ministry-1"), std::string::npos) << text;
  EXPECT_NE(text.find("(earlier event: in 2019) in c-ministry-3"), std::string::npos) << text;
}

Slot OnlySlot(const std::vector<Document>& docs) {
  AnalyzeOptions all;
  all.reconcile.group = "all";
  Analysis a = Analyze(docs, all);
  EXPECT_EQ(a.stories.at(0).slots.size(), 1u);
  return a.stories.at(0).slots.at(0);
}

TEST(ReconcileFigures, LowerBoundsOfTwoSourcesAreTwoValuesNotAgreement) {
  Slot s = OnlySlot({Doc("a", "Police said at least 40 people were killed."),
                     Doc("b", "Hospital officials said at least 55 people were killed.")});
  EXPECT_EQ(s.status, "conflict");
  EXPECT_EQ(s.conflict_kind, "lower-bounds");
  ASSERT_EQ(s.values.size(), 2u);
  EXPECT_EQ(s.estimate.low, 40);
  EXPECT_EQ(*s.estimate.high, 55);
  EXPECT_TRUE(s.estimate.high_open);
}

TEST(ReconcileFigures, MarkdownAndTextNameALowerBoundsConflict) {
  AnalyzeOptions all;
  all.reconcile.group = "all";
  Analysis a = Analyze({Doc("a", "Police said at least 40 people were killed."),
                        Doc("b", "Hospital officials said at least 55 people were killed.")}, all);
  EXPECT_NE(ToMarkdown(a).find("**⚠ CONFLICT** (all lower bounds) — estimate 40–55+ (best 40)"), std::string::npos)
      << ToMarkdown(a);
  EXPECT_NE(ToText(a).find("⚠ CONFLICT (all lower bounds)"), std::string::npos);
}

TEST(ReconcileFigures, AVagueAmountSupportsTheBestSupportedFigure) {
  Slot s = OnlySlot({Doc("a", "Police said 40 people were killed."), Doc("b", "Officials said 40 people were killed."),
                     Doc("c", "Witnesses said dozens of people were killed."),
                     Doc("d", "Medics said 55 people were killed.")});
  EXPECT_EQ(s.status, "conflict");
  EXPECT_EQ(s.conflict_kind, "figures");
  ASSERT_EQ(s.values.size(), 2u);  // "dozens" makes no value of its own
  EXPECT_EQ(*s.values[0].quantity.value, 40);
  EXPECT_EQ(s.values[0].docs, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(*s.values[1].quantity.value, 55);
}

TEST(ReconcileFigures, AtLeastThirtyAndThirtyAreOneFigure) {
  Slot s = OnlySlot({Doc("a", "Police said at least 30 people were killed."),
                     Doc("b", "Hospital officials said 30 people were killed.")});
  EXPECT_EQ(s.status, "agree");
  ASSERT_EQ(s.values.size(), 1u);
  EXPECT_EQ(*s.values[0].quantity.value, 30);
  EXPECT_TRUE(s.values[0].quantity.high.has_value());  // the exact figure stands for both
  EXPECT_FALSE(s.estimate.high_open);
}

TEST(ReconcileFigures, OneSourceRaisingItsFigureIsRevisedNotConflict) {
  Slot s = OnlySlot({Doc("a", "Police said 12 people were killed."), Doc("b", "Police said 15 people were killed.")});
  EXPECT_EQ(s.status, "revised");  // no dates: input order
  ASSERT_EQ(s.values.size(), 2u);
  EXPECT_EQ(*s.values[0].quantity.value, 15);
  EXPECT_FALSE(s.values[0].superseded);
  EXPECT_TRUE(s.values[1].superseded);
  EXPECT_EQ(s.estimate.best, 15);
  EXPECT_EQ(s.estimate.low, 12);
  ASSERT_EQ(s.revisions.size(), 1u);
  EXPECT_EQ(s.revisions[0].history.size(), 2u);
}

TEST(ReconcileFigures, OneSourceLoweringItsFigureIsAConflict) {
  Slot s = OnlySlot({Doc("a", "Police said 15 people were killed."), Doc("b", "Police said 12 people were killed.")});
  EXPECT_EQ(s.status, "conflict");
  EXPECT_EQ(s.revisions.size(), 1u);  // the history is shown all the same
}

TEST(ReconcileFigures, ARevisionCueOutranksInputOrder) {
  Slot s = OnlySlot({Doc("a", "Police said 15 people were killed in an updated toll."),
                     Doc("b", "Police said 12 people were killed.")});
  EXPECT_EQ(s.status, "revised");
  EXPECT_EQ(s.estimate.best, 15);
}

TEST(ReconcileFigures, AnOpenBoundAloneKeepsBestWithinTheRange) {
  Slot s = OnlySlot({Doc("a", "More than 90 people died, according to the city hospital.")});
  EXPECT_EQ(s.estimate.low, 91);
  EXPECT_EQ(s.estimate.best, 91);
  EXPECT_EQ(*s.estimate.high, 91);
  EXPECT_TRUE(s.estimate.high_open);
}

TEST(ReconcileTotals, AnUnknownSideIsNotAddedToAKnownSide) {
  AnalyzeOptions all;
  all.reconcile.group = "all";
  Analysis a = Analyze({Doc("a", "Police said five Afghan soldiers were killed."),
                        Doc("b", "Officials said five people were killed.")}, all);
  ASSERT_EQ(a.stories[0].slots.size(), 2u);
  EXPECT_EQ(a.stories[0].totals.at("killed").low, 5);
  EXPECT_EQ(*a.stories[0].totals.at("killed").high, 5);
}

TEST(ReconcileTotals, OneSentenceListingBothSidesAddsThem) {
  Analysis a = Analyze({Doc("r", "An Afghan and coalition security force arrested a Taliban leader and detained three "
                                 "suspected insurgents in Ghazni province today.")});
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 4);
}

std::string ScopeOf(const std::string& text) {
  Analysis a = Analyze({Doc("r", text)});
  if (a.stories.at(0).separate_events.size() != 1) return "(" + std::to_string(a.stories[0].separate_events.size()) + " events)";
  return a.stories[0].separate_events[0].reason;
}

TEST(ReconcileScope, OtherScopesAreSeparateEventsWithAReason) {
  EXPECT_EQ(ScopeOf("Police said 150 people were killed in one district."), "partial tally: in one district");
  EXPECT_EQ(ScopeOf("Police said 12 people were killed in another town."), "another place: in another town");
  EXPECT_EQ(ScopeOf("Police said the insurgency has killed 3,000 people so far this year."), "war total");
  EXPECT_EQ(ScopeOf("Police said 3,000 people have been killed since 2022."), "cumulative: since 2022");
  EXPECT_EQ(ScopeOf("Police said 3,000 people have been killed since March."), "another period: March");
  EXPECT_EQ(ScopeOf("Police said 30 people were killed last year."), "another period: last year");
  EXPECT_EQ(ScopeOf("Police said 30 people were killed in the attack on Sunday."), "(0 events)");
}

TEST(ReconcileScope, IncludingIsPartOfATotalOnlyAfterThatTotal) {
  EXPECT_EQ(ScopeOf("Police said 12 people were killed, including three children killed at the gate."),
            "partial tally: including");
  // GVA: nothing before "including" counts the dead, so "one dead" is the whole count.
  Analysis a = Analyze({Doc("r", "Police said five people were involved in a shooting, including one dead.")});
  EXPECT_TRUE(a.stories[0].separate_events.empty());
  EXPECT_EQ(a.stories[0].totals.at("killed").low, 1);
}

TEST(ReconcileScope, AnEarlierYearIsOnlyEarlierThanThePublicationYear) {
  Document then = Report("r", "", "2019-05-02", "Police said 30 people were killed in 2019.");
  Analysis a = Analyze({then});
  EXPECT_TRUE(a.stories[0].separate_events.empty());
  Document later = Report("r", "", "2026-05-02", "Police said 30 people were killed in 2019.");
  a = Analyze({later});
  ASSERT_EQ(a.stories[0].separate_events.size(), 1u);
  EXPECT_EQ(a.stories[0].separate_events[0].reason, "earlier event: in 2019");
}


// Families of ISAF errors (issue 11): each sentence is invented, one per construction.
double DetainedOrKilled(const std::string& text, const std::string& type) {
  Analysis a = Analyze({Doc("r", text)});
  auto it = a.stories[0].totals.find(type);
  return it == a.stories[0].totals.end() ? 0 : it->second.low;
}

TEST(Reconcile, RoleNounsCountOnePersonEach) {
  EXPECT_EQ(DetainedOrKilled("The patrol arrested a Taliban attack coordinator near the river on Friday.", "detained"), 1);
  EXPECT_EQ(DetainedOrKilled("Police arrested a suspected bomb maker and detained several of his associates.", "detained"), 4);
}

TEST(Reconcile, ASecondVerbWithItsOwnObjectCountsOtherPeople) {
  EXPECT_EQ(DetainedOrKilled("The unit captured a militia commander and detained one of his guards.", "detained"), 2);
  EXPECT_EQ(DetainedOrKilled("The unit arrested a weapons supplier and detained three suspects.", "detained"), 4);
}

TEST(Reconcile, CoordinatedSingularsOfAPassiveAreTwo) {
  EXPECT_EQ(DetainedOrKilled("A rebel leader and a suspected courier were captured at a checkpoint.", "detained"), 2);
}

TEST(Reconcile, AFewIsThreeAsIsafCodesIt) {
  EXPECT_EQ(DetainedOrKilled("Soldiers detained a few suspected militants in the valley.", "detained"), 3);
}

TEST(Reconcile, TheOthersWhoFledAreNotCounted) {
  EXPECT_EQ(DetainedOrKilled("Troops returned fire, killing one gunman and forcing the others to flee.", "killed"), 1);
  EXPECT_EQ(DetainedOrKilled("The patrol detained two men, including a suspected militia leader, on Monday.", "detained"), 2);
}

TEST(Reconcile, AnAttackTheReportDescribesIsAnotherEvent) {
  Analysis a = Analyze({Doc("r", "Troops detained a militia commander linked to a roadside bomb attack that killed "
                                 "five police officers last week.")});
  EXPECT_EQ(a.stories[0].totals.count("killed"), 0u);
  EXPECT_EQ(a.stories[0].totals.at("detained").low, 1);
  EXPECT_EQ(DetainedOrKilled("Five people died in the attack that killed the mayor's driver.", "killed"), 5);
}


TEST(Reconcile, OneOfAVagueGroupIsOneOfThem) {
  EXPECT_EQ(DetainedOrKilled("Soldiers killed numerous militants in the hills. One of the militants died when his "
                             "vest exploded.", "killed"), 4);
}

TEST(Reconcile, APluralDemonymCountsPeople) {
  EXPECT_EQ(DetainedOrKilled("The raid left five Iraqis killed and two more wounded.", "killed"), 5);
}

}  // namespace
}  // namespace crosscheck

#include "extract/claims.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace crosscheck {
namespace {

using testing::ClaimsOf;

std::string Text(const std::string& doc, const Claim& c) { return std::string(c.span.Of(doc)); }

TEST(Claims, ActiveVerbWithSideAndSpeaker) {
  const std::string doc =
      "The Taliban government in Afghanistan said on Sunday that its forces killed 58 Pakistani soldiers "
      "and injured 30 others in overnight border operations.";
  auto cs = ClaimsOf(doc);
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].type, "killed");
  EXPECT_EQ(*cs[0].quantity.value, 58);
  EXPECT_EQ(cs[0].subject_side, "Pakistan");
  EXPECT_EQ(cs[0].source.name, "Taliban government");
  EXPECT_EQ(cs[0].modality, "claimed");
  EXPECT_EQ(Text(doc, cs[0]), "killed 58 Pakistani soldiers");
  EXPECT_EQ(cs[1].type, "wounded");
  EXPECT_EQ(*cs[1].quantity.value, 30);
  EXPECT_EQ(cs[1].subject_side, "Pakistan");  // "others" takes the side of the 58
}

TEST(Claims, ConfirmedDeathOfItsSoldiers) {
  const std::string doc = "However, the Pakistani army has confirmed the death of 23 of its soldiers in clashes.";
  auto cs = ClaimsOf(doc);
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_EQ(cs[0].type, "killed");
  EXPECT_EQ(*cs[0].quantity.value, 23);
  EXPECT_EQ(cs[0].source.name, "Pakistani army");
  EXPECT_EQ(cs[0].modality, "confirmed");
  EXPECT_EQ(cs[0].subject_side, "Pakistan");
  EXPECT_EQ(Text(doc, cs[0]), "death of 23 of its soldiers");
}

TEST(Claims, KilledOrInjuredWithPronounSpeaker) {
  const std::string doc =
      "In a press conference in Kabul, Taliban spokesman Zabihullah Mujahid said Afghan forces had captured "
      "25 Pakistani army posts. He said 20 Afghan soldiers were also killed or injured during the fighting.";
  auto cs = ClaimsOf(doc);
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].type, "captured");
  EXPECT_EQ(cs[0].category, "post");
  EXPECT_EQ(cs[1].type, "killed_or_wounded");
  EXPECT_EQ(*cs[1].quantity.value, 20);
  EXPECT_EQ(cs[1].source.name, "Zabihullah Mujahid");
  EXPECT_EQ(cs[1].source.side, "Afghanistan");
  EXPECT_EQ(cs[1].subject_side, "Afghanistan");
}

TEST(Claims, CoordinatedCountsShareThePassiveVerb) {
  auto cs = ClaimsOf("Mujahid said at least 30 Pakistani troops and nine Taliban fighters were wounded.");
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].quantity.low, 30);
  EXPECT_EQ(cs[0].quantity.qualifier, "at least");
  EXPECT_EQ(cs[0].subject_side, "Pakistan");
  EXPECT_EQ(*cs[1].quantity.value, 9);
  EXPECT_EQ(cs[1].subject_side, "Afghanistan");
  EXPECT_EQ(cs[1].type, "wounded");
}

TEST(Claims, OnePersonIntroducedByARoleIsAnIndividual) {
  auto cs = ClaimsOf("Troops arrested a militia commander near the river. The commander was detained with a man. "
                     "A boy was detained.");
  ASSERT_EQ(cs.size(), 3u);
  EXPECT_EQ(cs[0].subject, "a militia commander");
  EXPECT_TRUE(cs[0].individual);
  EXPECT_FALSE(cs[1].individual);  // definite: the same person again
  EXPECT_FALSE(cs[2].individual);  // a person, not a role
  EXPECT_TRUE(cs[2].one_person);
}

TEST(Claims, PeopleCountedOneAtATime) {
  auto cs = ClaimsOf("He was stopped and arrested at the bridge. Guards fired at the driver, killing him. "
                     "Omar Haddad, a senior militia commander in the valley, was killed in the raid. "
                     "A gang leader was reportedly wounded.");
  ASSERT_EQ(cs.size(), 4u);
  EXPECT_EQ(cs[0].type, "detained");
  EXPECT_EQ(cs[0].subject, "He");
  EXPECT_EQ(*cs[0].quantity.value, 1);
  EXPECT_TRUE(cs[0].one_person);
  EXPECT_EQ(cs[1].type, "killed");
  EXPECT_EQ(cs[1].subject, "him");
  EXPECT_EQ(cs[2].type, "killed");
  EXPECT_EQ(cs[2].subject, "Omar Haddad, a senior militia commander in the valley");
  EXPECT_EQ(*cs[2].quantity.value, 1);
  EXPECT_TRUE(cs[2].individual);
  EXPECT_EQ(cs[3].type, "wounded");
  EXPECT_EQ(cs[3].subject, "A gang leader");
}

TEST(Claims, HerBeforeANounIsNotAPersonCounted) {
  auto cs = ClaimsOf("The fire killed her cattle.");
  EXPECT_TRUE(cs.empty());
}

TEST(Claims, APronounIsNeverAnAddition) {
  auto cs = ClaimsOf("Two guards were killed. He was also killed.");
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_FALSE(cs[1].additive);
}

TEST(Claims, TakenToTheHospitalIsNotADetention) {
  auto cs = ClaimsOf("She was taken to the hospital. Two men were taken into custody.");
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_EQ(cs[0].type, "detained");
  EXPECT_EQ(*cs[0].quantity.value, 2);
}

TEST(Claims, LeftDeadAndLosingOwnFighters) {
  auto cs = ClaimsOf(
      "The Taliban said its forces seized 25 Pakistani border outposts, killing 58 Pakistani soldiers and "
      "losing nine of its own fighters, spokesman Zabihullah Mujahid told reporters.");
  ASSERT_EQ(cs.size(), 3u);
  EXPECT_EQ(cs[2].type, "killed");
  EXPECT_EQ(*cs[2].quantity.value, 9);
  EXPECT_EQ(cs[2].subject_side, "Afghanistan");
  EXPECT_EQ(cs[2].source.name, "Taliban");
}

TEST(Claims, LocalNewsShotOneFatally) {
  const std::string doc = "Police said four people were shot, one fatally, outside a bar.";
  auto cs = ClaimsOf(doc);
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].type, "wounded");
  EXPECT_EQ(*cs[0].quantity.value, 3);
  EXPECT_EQ(cs[1].type, "killed");
  EXPECT_EQ(*cs[1].quantity.value, 1);
  EXPECT_EQ(cs[1].source.name, "Police");
}

TEST(Claims, ImplicitSingularAndBarePlural) {
  auto cs = ClaimsOf("A man was shot and killed on Friday night. Coalition forces detained suspected insurgents.");
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].type, "killed");
  EXPECT_EQ(*cs[0].quantity.value, 1);
  EXPECT_EQ(cs[1].type, "detained");
  EXPECT_EQ(cs[1].quantity.low, 2);
  EXPECT_TRUE(cs[1].quantity.vague);
}

TEST(Claims, OtherPeriodIsMarked) {
  auto cs = ClaimsOf(
      "“Around 30 ISKP members, including foreigners, were killed by local insurgents in Balochistan’s Mastung "
      "area in February,” the spokesperson said.");
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_EQ(cs[0].when, "February");
  EXPECT_EQ(cs[0].subject_side, "ISKP");
  EXPECT_EQ(cs[0].quantity.qualifier, "around");
}

TEST(Claims, NoClaimsFromYearsOrNonCounts) {
  auto cs = ClaimsOf(
      "The latest clashes highlight the strain since the Taliban returned to power in 2021. It is one of the "
      "most serious escalations between the two neighbours.");
  EXPECT_TRUE(cs.empty());
}

TEST(Claims, HugeNumberStaysAnInterval) {
  auto cs = ClaimsOf("Officials said 999999999999999999999 people were killed.");
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_GT(*cs[0].quantity.value, 1e20);
}

// Coordinated objects share the verb (ISAF releases 2011-07-S-064, 2010-12-S-243, 2011-02-S-154).
TEST(Claims, CoordinatedObjectsAddUp) {
  const std::string doc =
      "During a security operation in Chimtal district, an Afghan-led security force detained a Taliban leader "
      "and two associates, yesterday.";
  auto cs = ClaimsOf(doc);
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_EQ(cs[0].type, "detained");
  EXPECT_EQ(*cs[0].quantity.value, 3);
  EXPECT_EQ(cs[0].subject, "a Taliban leader and two associates");
  EXPECT_EQ(Text(doc, cs[0]), "detained a Taliban leader and two associates");
}

TEST(Claims, AppositionIsTheSamePerson) {
  auto cs = ClaimsOf(
      "The joint security team detained the man, an improvised explosive device facilitator, and three additional "
      "suspects in the Qalat district.");
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_EQ(*cs[0].quantity.value, 4);  // the man + 3, not 5
  EXPECT_FALSE(cs[0].additive);         // "additional" is relative to the man, in the same phrase
}

TEST(Claims, ListWithVagueMemberIsAtLeastTheSum) {
  auto cs = ClaimsOf(
      "Afghan and coalition forces targeted two Haqqani network leaders, detaining one, a facilitator, and several "
      "suspected insurgents during two operations.");
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_FALSE(cs[0].quantity.value.has_value());
  EXPECT_TRUE(cs[0].quantity.vague);
  EXPECT_EQ(cs[0].quantity.low, 5);  // 1 + 1 + several (3)
}

TEST(Claims, CoordinationStopsAtAClauseWithItsOwnVerb) {
  auto cs = ClaimsOf("Security forces killed one insurgent and two others were wounded.");
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].type, "killed");
  EXPECT_EQ(*cs[0].quantity.value, 1);
  EXPECT_EQ(cs[1].type, "wounded");
  EXPECT_EQ(*cs[1].quantity.value, 2);
}

TEST(Claims, EquipmentSeizedIsNotADetention) {
  auto cs = ClaimsOf("The security force also detained two suspected insurgents and seized multiple firearms.");
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].type, "detained");
  EXPECT_EQ(*cs[0].quantity.value, 2);
  EXPECT_TRUE(cs[0].additive);  // "also"
  EXPECT_EQ(cs[1].type, "captured");
  EXPECT_EQ(cs[1].category, "equipment");
}

TEST(Claims, SingularBeforeAndJoinsAPassiveCount) {
  auto cs = ClaimsOf("After initial questioning on scene, the commander and three additional suspected insurgents "
                     "were detained.");
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_EQ(*cs[0].quantity.value, 4);
  EXPECT_EQ(cs[0].subject, "the commander and three additional suspected insurgents");
}

TEST(Claims, AdditionalSuspectIsMarkedAdditive) {
  auto cs = ClaimsOf("A Haqqani network leader was captured yesterday. One additional suspected insurgent was "
                     "detained during the operation.");
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_FALSE(cs[0].additive);
  EXPECT_TRUE(cs[1].additive);
}


TEST(Claims, TookIntoCustodyIsADetention) {
  auto cs = ClaimsOf("Officers took the three passengers of the lorry into custody for questioning.");
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_EQ(cs[0].type, "detained");
  EXPECT_EQ(*cs[0].quantity.value, 3);
  EXPECT_TRUE(ClaimsOf("She took two days off and took three photos.").empty());
}

TEST(Claims, PassiveOverAnOfPhrase) {
  auto cs = ClaimsOf("Four members of the village council were killed in the raid.");
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_EQ(cs[0].type, "killed");
  EXPECT_EQ(*cs[0].quantity.value, 4);
}

TEST(Claims, APhraseEndsAtAnArticle) {
  auto cs = ClaimsOf("Troops returned fire, killing one gunman and forcing the others to flee.");
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_EQ(*cs[0].quantity.value, 1);
  EXPECT_EQ(cs[0].subject, "gunman");
}

}  // namespace
}  // namespace crosscheck

// EntityIndex (src/entity/attach.h): looking resolved entities up by a span
// of a document and by name, as AttachEntities does, with the names of the
// seed reports (examples/border-clash) and mentions in several documents.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "entity/attach.h"
#include "entity/entity.h"

namespace crosscheck {
namespace {

Entity Make(std::string type, std::string canonical, std::vector<Mention> mentions,
            std::vector<std::string> aliases = {}) {
  Entity e;
  e.type = std::move(type);
  e.canonical = std::move(canonical);
  e.mentions = std::move(mentions);
  e.aliases = std::move(aliases);
  return e;
}

// Mentions come document by document, and an entity's documents interleave
// with another's (dawn, reuters, dawn would be two runs of dawn).
std::vector<Entity> SeedEntities() {
  std::vector<Entity> out;
  out.push_back(Make("PER", "Zabihullah Mujahid",
                     {{"dawn", {120, 138}, "Zabihullah Mujahid", "name"},
                      {"dawn", {410, 417}, "Mujahid", "name"},
                      {"reuters", {40, 49}, "spokesman", "role"},
                      {"reuters", {60, 78}, "Zabihullah Mujahid", "name"}},
                     {"Mujahid", "Zabihullah Mujahid"}));
  out.push_back(Make("ORG", "Tehreek-i-Taliban Pakistan",
                     {{"dawn", {10, 36}, "Tehreek-i-Taliban Pakistan", "name"},
                      {"dawn", {38, 41}, "TTP", "acronym"},
                      {"aljazeera", {5, 8}, "TTP", "acronym"}},
                     {"TTP"}));
  // A name over the role noun nested in it, at the same overlap.
  out.push_back(Make("ORG", "Pakistan army", {{"reuters", {40, 53}, "spokesman army", "name"}}));
  out.push_back(Make("PER", "Asim Munir", {{"aljazeera", {100, 110}, "Asim Munir", "name"}}, {"Munir"}));
  out.push_back(Make("PER", "Ahmed Munir", {{"bbc", {7, 18}, "Ahmed Munir", "name"}}, {"Munir"}));
  out.push_back(Make("LOC", "Kurram", {{"dawn", {300, 306}, "Kurram", "name"}}));
  for (size_t k = 0; k < out.size(); ++k) out[k].id = "e" + std::to_string(k + 1);
  return out;
}

TEST(EntityIndex, AtFindsTheMentionOverlappingASpanMost) {
  const std::vector<Entity> entities = SeedEntities();
  EntityIndex index(entities);
  EXPECT_EQ(index.At("dawn", {120, 138}), &entities[0]);
  EXPECT_EQ(index.At("dawn", {410, 417}), &entities[0]);
  EXPECT_EQ(index.At("reuters", {60, 78}), &entities[0]);
  // A span inside a mention that begins well before it.
  EXPECT_EQ(index.At("dawn", {30, 32}), &entities[1]);
  EXPECT_EQ(index.At("aljazeera", {5, 8}), &entities[1]);
  // Of two mentions overlapping a span, the one overlapping it more.
  EXPECT_EQ(index.At("dawn", {300, 420}), &entities[0]);  // Mujahid 7 bytes against Kurram's 6
  EXPECT_EQ(index.At("dawn", {295, 412}), &entities[5]);  // Kurram 6 against Mujahid's 2
  // The same span on another document, nothing there, or an empty span.
  EXPECT_EQ(index.At("bbc", {120, 138}), nullptr);
  EXPECT_EQ(index.At("dawn", {200, 250}), nullptr);
  EXPECT_EQ(index.At("guardian", {120, 138}), nullptr);
  EXPECT_EQ(index.At("dawn", {120, 120}), nullptr);
}

TEST(EntityIndex, AtPrefersANameOverARoleNounAtEqualOverlap) {
  const std::vector<Entity> entities = SeedEntities();
  EntityIndex index(entities);
  EXPECT_EQ(index.At("reuters", {40, 49}), &entities[2]);
  // Listed the other way round, the name still wins.
  std::vector<Entity> reversed = {entities[2], entities[0]};
  EntityIndex other(reversed);
  EXPECT_EQ(other.At("reuters", {40, 49}), &reversed[0]);
  // Without the name, the role noun's entity.
  std::vector<Entity> role_only = {entities[0]};
  EntityIndex only(role_only);
  EXPECT_EQ(only.At("reuters", {40, 49}), &role_only[0]);
}

TEST(EntityIndex, NamedIsTheOneEntityWithThatNameOrAlias) {
  const std::vector<Entity> entities = SeedEntities();
  EntityIndex index(entities);
  // Canonical names and aliases by NameKey (case, a leading "the", kinds of
  // dash, runs of spaces); an entity listing
  // its canonical name as an alias too is still one entity.
  EXPECT_EQ(index.Named("Zabihullah Mujahid"), &entities[0]);
  EXPECT_EQ(index.Named("zabihullah mujahid", "PER"), &entities[0]);
  EXPECT_EQ(index.Named("Mujahid"), &entities[0]);
  EXPECT_EQ(index.Named("TTP"), &entities[1]);
  EXPECT_EQ(index.Named("the tehreek\u2013i\u2013Taliban  Pakistan"), &entities[1]);  // en dashes, two spaces
  EXPECT_EQ(index.Named("Asim Munir"), &entities[3]);
  // Two people called Munir: no answer, whatever the type asked.
  EXPECT_EQ(index.Named("Munir"), nullptr);
  EXPECT_EQ(index.Named("Munir", "PER"), nullptr);
  // The type filters: TTP is no person; no ORG is called Munir.
  EXPECT_EQ(index.Named("TTP", "PER"), nullptr);
  EXPECT_EQ(index.Named("TTP", "ORG"), &entities[1]);
  EXPECT_EQ(index.Named("Munir", "ORG"), nullptr);
  EXPECT_EQ(index.Named("Imran Khan"), nullptr);
  EXPECT_EQ(index.Named(""), nullptr);
}

TEST(EntityIndex, EmptyIndexFindsNothing) {
  const std::vector<Entity> none;
  EntityIndex index(none);
  EXPECT_EQ(index.At("dawn", {0, 10}), nullptr);
  EXPECT_EQ(index.Named("Mujahid"), nullptr);
}

}  // namespace
}  // namespace crosscheck

// Extract: a learned reader of casualty counts.
//
// Rules tuned on a few articles do not transfer to news nobody here has read,
// so what each count mention means is decided by a trained linear model:
//
//   1. FindCountCandidates: every mention that may count people — numerals
//      and number words ("58", "three"), implicit singulars ("a 6-year-old
//      boy", "the victim"), named people with an age ("Jordan Ames, 19,")
//      collectives ("both"), and the figures the extraction rules summed
//      over coordinated people ("killed Fayez Jan and one additional
//      insurgent": 2).
//   2. CountFeatures: sparse features of each mention's context (words on
//      each side, the sentence's place in the article, what the extraction
//      rules made of it, the same figure elsewhere in the article).
//   3. CountModel::Role: killed, wounded, shot (killed or wounded: "five
//      people were shot"), detained, or other (ages, times, addresses, other
//      incidents, counts of things).
//   4. DecodeTotals: an article's killed and wounded totals from the roles —
//      the largest figure of each role, and the people shot who are neither
//      counted killed nor wounded are wounded ("five people shot … three of
//      them died": 3 killed, 2 wounded).
//
// The model is a multiclass averaged perceptron trained from article-level
// totals (distant supervision; extract/count_train.h), compiled in from
// data/models/counts.model. ARCHITECTURE.md says why this model.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/claims.h"
#include "text/segment.h"

namespace crosscheck {

enum class CountRole : uint8_t { kKilled = 0, kWounded = 1, kShot = 2, kDetained = 3, kOther = 4 };
inline constexpr size_t kCountRoles = 5;

// "killed", "wounded", "killed_or_wounded" (the claim type of a shot count), "detained", "other".
std::string_view CountRoleName(CountRole role);

struct CountCandidate {
  size_t first_token = 0;  // tokens [first_token, end_token) of the mention
  size_t end_token = 0;
  size_t sentence = 0;     // index into SegmentedText::sentences
  double value = 0;        // the number it stands for: 1 for "a man", 2 for "both"
  std::string kind;        // number | implicit | named | pronoun | collective | rule
  std::string qualifier;   // "at least", ... for numbers, else empty
  Quantity quantity;       // the interval it stands for
};

// Candidates of one document, in text order. Overlapping candidates are
// kept ("a 6-year-old boy": the number 6 and the boy). `claims` are the rule
// extractor's (ExtractClaims without a model): a person count of theirs whose figure no
// candidate inside it states becomes a candidate of kind "rule".
std::vector<CountCandidate> FindCountCandidates(std::string_view text, const SegmentedText& seg,
                                                const std::vector<Claim>& claims);

// Feature hashes of every candidate, in order (FNV-1a 64 of each feature
// string: never change the hash, the model file stores hashes). `claims` are
// the rule extractor's claims for the same document (ExtractClaims without a model),
// read as features. Cost: linear in the tokens and candidates, plus
// candidates x claims (both few per article) and candidates squared for the
// same-figure count.
std::vector<std::vector<uint64_t>> CountFeatures(const SegmentedText& seg,
                                                 const std::vector<CountCandidate>& candidates,
                                                 const std::vector<Claim>& claims);

// Weights of the linear model: one row of kCountRoles floats per feature hash.
class CountModel {
 public:
  // Parses the text format written by Serialize(): a header line
  // "crosscheck-counts 1", then "<hex hash> <w killed> <w wounded> <w shot> <w detained> <w other>" lines.
  static Result<CountModel> Parse(std::string_view bytes, std::string_view origin);
  // The model compiled in from data/models/counts.model (parsed once).
  static Result<const CountModel*> Default();

  std::array<float, kCountRoles> Scores(const std::vector<uint64_t>& features) const;
  CountRole Role(const std::vector<uint64_t>& features) const;

  // Sets the weights (the trainer's averaged weights); rows all zero are dropped.
  void Set(uint64_t feature, const std::array<float, kCountRoles>& weights);
  std::string Serialize() const;
  size_t size() const { return rows_.size(); }

 private:
  std::vector<std::pair<uint64_t, std::array<float, kCountRoles>>> rows_;  // sorted by hash
};

struct CountTotals {
  double killed = 0;
  double wounded = 0;
  double detained = 0;
  // The shot figure that set `wounded` (shot - killed), when it did.
  std::optional<size_t> wounded_from_shot;
};

// Totals of one article from its candidates' roles (see the top of this file).
CountTotals DecodeTotals(const std::vector<CountCandidate>& candidates, const std::vector<CountRole>& roles);

// Rewrites the rule extractor's person casualty claims of one document
// (killed, wounded, killed_or_wounded) by the model: each candidate the
// model gives a role becomes that claim (a rule claim over the same words
// keeps its source, side and span; a candidate the rules missed becomes a new
// claim in the outlet's voice or its sentence's attribution), a rule claim
// the model calls "other" is dropped; a vague one ("several insurgents were
// killed", which has no figure for the model to read) and the rules' exact
// splits ("four people were shot, one fatally") keep the rules' reading; and
// people shot who are neither killed nor wounded become a derived wounded claim. Other claim types, detained
// among them, are kept as they are: detention counts add up over separate
// operations ("also detained two"), which the rules' additive claims read
// and the model's largest-figure totals do not (cross-validated on ISAF:
// detained right 0.816 by the rules, 0.700 by the model); the detained role
// still keeps a detention from being read as a casualty. Claims stay in text order.
// `people` resolve the attributions of new claims (as in ExtractClaims).
std::vector<Claim> ApplyCountModel(const Document& doc, const SegmentedText& seg, const People& people,
                                   std::vector<Claim> claims, const CountModel& model);

}  // namespace crosscheck

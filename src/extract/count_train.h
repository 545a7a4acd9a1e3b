// Training the counts model (extract/counts.h) from article-level totals.
//
// The gold says how many people an article's incident killed and wounded,
// not which words say so (distant supervision). Each mention's role is a
// latent choice: the trainer takes, under the current weights, the best
// roles that are consistent with the gold totals (a killed figure is never
// above the killed total; the killed total is some mention's figure when one
// states it; likewise for wounded, or shot = killed + wounded) and updates
// the weights toward them where the model's own choice differs — a latent
// structured perceptron, averaged. Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "extract/counts.h"

namespace crosscheck {

// One training article: its candidates' values and features, and its totals.
// A total the gold does not give (ISAF gives no wounded, gva-dev no detained)
// is unknown: the article neither rewards nor penalises that role.
struct CountExample {
  std::vector<double> values;                  // per candidate
  std::vector<std::vector<uint64_t>> features; // per candidate (CountFeatures)
  std::optional<double> killed;
  std::optional<double> wounded;
  std::optional<double> detained;
};

struct CountTrainOptions {
  size_t epochs = 12;  // passes over the articles, shuffled each time
  uint64_t seed = 1;   // shuffling
};

// The averaged weights after training on `examples`.
CountModel TrainCountModel(const std::vector<CountExample>& examples, const CountTrainOptions& options = {});

// The roles `model` gives each candidate of `example`.
std::vector<CountRole> PredictRoles(const CountModel& model, const CountExample& example);

}  // namespace crosscheck

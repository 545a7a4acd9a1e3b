#include "extract/count_train.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <unordered_map>

namespace crosscheck {

namespace {

using Scores = std::array<float, kCountRoles>;

constexpr size_t kKilled = static_cast<size_t>(CountRole::kKilled);
constexpr size_t kWounded = static_cast<size_t>(CountRole::kWounded);
constexpr size_t kShot = static_cast<size_t>(CountRole::kShot);
constexpr size_t kDetained = static_cast<size_t>(CountRole::kDetained);
constexpr size_t kOther = static_cast<size_t>(CountRole::kOther);

// Weights with lazy averaging: avg = w - u / steps, u summing step * update.
class Weights {
 public:
  Scores Score(const std::vector<uint64_t>& features) const {
    Scores s{};
    for (uint64_t h : features) {
      auto it = rows_.find(h);
      if (it == rows_.end()) continue;
      for (size_t r = 0; r < kCountRoles; ++r) s[r] += it->second.w[r];
    }
    return s;
  }
  void Update(const std::vector<uint64_t>& features, size_t good, size_t bad) {
    for (uint64_t h : features) {
      Row& row = rows_[h];
      row.w[good] += 1;
      row.u[good] += static_cast<float>(step_);
      row.w[bad] -= 1;
      row.u[bad] -= static_cast<float>(step_);
    }
  }
  void Tick() { ++step_; }
  CountModel Averaged() const {
    CountModel m;
    const float steps = static_cast<float>(std::max<size_t>(step_, 1));
    for (const auto& [h, row] : rows_) {
      Scores avg{};
      for (size_t r = 0; r < kCountRoles; ++r) avg[r] = row.w[r] - row.u[r] / steps;
      m.Set(h, avg);
    }
    return m;
  }

 private:
  struct Row {
    Scores w{};
    Scores u{};
  };
  std::unordered_map<uint64_t, Row> rows_;
  size_t step_ = 1;
};

size_t Argmax(const Scores& s, const std::array<bool, kCountRoles>& allowed) {
  size_t best = kOther;  // always allowed; ties go to it
  for (size_t r = 0; r < kCountRoles; ++r) {
    if (allowed[r] && s[r] > s[best]) best = r;
  }
  return best;
}

std::vector<CountCandidate> AsCandidates(const CountExample& e) {
  std::vector<CountCandidate> c(e.values.size());
  for (size_t i = 0; i < c.size(); ++i) c[i].value = e.values[i];
  return c;
}

// Forces role r on the candidate with figure v whose score loses least by it.
bool Force(const std::vector<Scores>& scores, const CountExample& e, std::vector<size_t>& target, double v, size_t r) {
  size_t best = e.values.size();
  float best_cost = 0;
  for (size_t i = 0; i < e.values.size(); ++i) {
    // Never take a figure from another role the totals need (killed is forced first).
    if (e.values[i] != v || (target[i] != kOther && target[i] != kShot && target[i] != r)) continue;
    float cost = scores[i][target[i]] - scores[i][r];
    if (best == e.values.size() || cost < best_cost) { best = i; best_cost = cost; }
  }
  if (best == e.values.size()) return false;
  target[best] = r;
  return true;
}

// The best roles under the current weights that agree with the gold totals.
std::vector<size_t> Target(const std::vector<Scores>& scores, const CountExample& e) {
  const size_t n = e.values.size();
  // A role whose total is unknown is never a target (Train does not update a
  // mention the model gives such a role): it learns only where it is known.
  const double none = -1;
  const double killed = e.killed.value_or(none), wounded = e.wounded.value_or(none);
  const double detained = e.detained.value_or(none);
  // Shot people are split into killed and wounded by the totals: only where both are known and some of each.
  const bool mixed = e.killed && e.wounded && *e.killed > 0 && *e.wounded > 0;
  std::vector<size_t> target(n);
  for (size_t i = 0; i < n; ++i) {
    const double v = e.values[i];
    std::array<bool, kCountRoles> allowed{};
    allowed[kOther] = true;
    allowed[kKilled] = v <= killed;
    allowed[kWounded] = v <= wounded;
    allowed[kShot] = mixed && v <= killed + wounded;
    allowed[kDetained] = v <= detained;
    target[i] = Argmax(scores[i], allowed);
  }
  auto totals = [&] {
    std::vector<CountRole> roles(n);
    for (size_t i = 0; i < n; ++i) roles[i] = static_cast<CountRole>(target[i]);
    return DecodeTotals(AsCandidates(e), roles);
  };
  if (e.killed && *e.killed > 0 && totals().killed != *e.killed) Force(scores, e, target, *e.killed, kKilled);
  if (e.wounded && *e.wounded > 0 && totals().wounded != *e.wounded) {
    if (!Force(scores, e, target, *e.wounded, kWounded) && mixed) Force(scores, e, target, killed + wounded, kShot);
  }
  if (e.detained && *e.detained > 0 && totals().detained != *e.detained) {
    Force(scores, e, target, *e.detained, kDetained);
  }
  return target;
}

// True when the gold does not say how many people had role r.
bool Unknown(const CountExample& e, size_t r) {
  if (r == kKilled) return !e.killed;
  if (r == kWounded || r == kShot) return !e.wounded || (r == kShot && !e.killed);
  if (r == kDetained) return !e.detained;
  return false;
}

}  // namespace

CountModel TrainCountModel(const std::vector<CountExample>& examples, const CountTrainOptions& options) {
  Weights w;
  std::vector<size_t> order(examples.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::mt19937_64 rng(options.seed);
  for (size_t epoch = 0; epoch < options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    for (size_t d : order) {
      const CountExample& e = examples[d];
      std::vector<Scores> scores(e.values.size());
      for (size_t i = 0; i < e.values.size(); ++i) scores[i] = w.Score(e.features[i]);
      const std::vector<size_t> target = Target(scores, e);
      for (size_t i = 0; i < e.values.size(); ++i) {
        std::array<bool, kCountRoles> any;
        any.fill(true);
        const size_t predicted = Argmax(scores[i], any);
        if (predicted == target[i] || Unknown(e, predicted)) continue;
        w.Update(e.features[i], target[i], predicted);
      }
      w.Tick();
    }
  }
  return w.Averaged();
}

std::vector<CountRole> PredictRoles(const CountModel& model, const CountExample& example) {
  std::vector<CountRole> roles;
  roles.reserve(example.features.size());
  for (const auto& f : example.features) roles.push_back(model.Role(f));
  return roles;
}

}  // namespace crosscheck

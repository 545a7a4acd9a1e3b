#include "report/analysis.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <numeric>
#include <optional>
#include <thread>
#include <unordered_map>

#include "report/engine.h"

namespace crosscheck {

std::vector<size_t> Lineages(size_t documents, const std::vector<Link>& links) {
  std::vector<size_t> parent(documents);
  std::iota(parent.begin(), parent.end(), size_t{0});
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const Link& l : links) {
    size_t x = find(l.a), y = find(l.b);
    if (x != y) parent[std::max(x, y)] = std::min(x, y);  // the root stays the smallest index
  }
  for (size_t i = 0; i < documents; ++i) parent[i] = find(i);
  return parent;
}

Analysis Analyze(std::vector<Document> documents, const AnalyzeOptions& options) {
  Engine engine(options);
  engine.Add(std::move(documents));
  return std::move(engine).Finish();
}

}  // namespace crosscheck

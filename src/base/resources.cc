#include "base/resources.h"

namespace crosscheck {

std::string_view FindResource(std::string_view name) {
  for (const Resource& r : AllResources()) {
    if (r.name == name) return r.data;
  }
  return {};
}

}  // namespace crosscheck

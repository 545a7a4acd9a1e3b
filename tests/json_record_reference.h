// The reference for ingest_internal::ParseSimpleRecord: the same record read
// with nlohmann::json as the reader's general path reads it (ScalarText of
// each member), for the differential test and the JSON Lines fuzz target.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ingest/json_record.h"

namespace crosscheck::test_reference {

inline std::optional<ingest_internal::JsonRecord> RecordViaNlohmann(std::string_view line) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  if (!j.is_object()) return std::nullopt;
  auto text = j.find("text");
  if (text == j.end() || !text->is_string()) return std::nullopt;
  ingest_internal::JsonRecord r;
  r.text = text->get<std::string>();
  for (auto& [key, value] : j.items()) {
    if (key == "text") continue;
    std::string s;
    if (value.is_string()) s = value.get<std::string>();
    else if (value.is_number_integer()) s = std::to_string(value.get<long long>());
    else if (value.is_number() || value.is_boolean()) s = value.dump();
    if (!s.empty()) r.fields[key] = s;
  }
  return r;
}

}  // namespace crosscheck::test_reference

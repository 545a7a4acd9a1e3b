// The common JSON Lines record read without a JSON DOM: an object whose
// members are strings, small integers, booleans, null, or objects and arrays
// (which make no field). The reader (reader.cc)
// tries it first and gives every other line to nlohmann::json, which also
// words the errors; both give the same text and fields for a line this
// accepts (tests/ingest_test.cc and fuzz/fuzz_ingest_jsonl.cc compare them).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace crosscheck::ingest_internal {

struct JsonRecord {
  std::string text;                           // the "text" member
  std::map<std::string, std::string> fields;  // the other members as text (empty ones left out)
};

// The record in `line`, or nullopt when the line is anything but a JSON
// object of distinct keys with a string "text" and only strings, integers of
// at most 18 digits, true, false, null, objects and arrays as values (other
// numbers at the top, exponents and numbers over 30 characters inside
// objects and arrays, nesting over 32 deep, duplicate keys and every
// malformed line: nullopt).
// REQUIRES: `line` is valid UTF-8 (the reader repairs it first).
// Fields hold what the reader's ScalarText makes of a value: a string as it
// is, an integer in decimal, "true" or "false"; null, "", objects and
// arrays are left out.
std::optional<JsonRecord> ParseSimpleRecord(std::string_view line);

}  // namespace crosscheck::ingest_internal

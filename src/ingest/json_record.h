// The common JSON Lines record read by simdjson, without nlohmann's DOM: an
// object whose members are strings, integers, booleans, null, or objects and
// arrays (which make no field). The reader (reader.cc) tries it first and gives every other line to nlohmann::json, which also
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
// object of distinct keys with a string "text" and only strings, integers
// that fit in an int64, true, false, null, objects and arrays as values
// (other numbers at the top, lines over 1 MiB, nesting over 1,024 deep,
// what simdjson turns down inside objects and arrays, such as integers past
// 64 bits, duplicate keys and every malformed line: nullopt).
// REQUIRES: `line` is valid UTF-8 (the reader repairs it first).
// Fields hold what the reader's ScalarText makes of a value: a string as it
// is, an integer in decimal, "true" or "false"; null, "", objects and
// arrays are left out.
std::optional<JsonRecord> ParseSimpleRecord(std::string_view line);

}  // namespace crosscheck::ingest_internal

// A strict RFC 4180 reader, the reference the CSV exports are checked
// against (tests/exports_test.cc, fuzz/fuzz_claims.cc): records end in CRLF;
// a field is either unquoted (no comma, quote, CR or LF in it) or quoted,
// with quotes doubled inside. Anything else is malformed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crosscheck::testing {

using CsvRows = std::vector<std::vector<std::string>>;

// The records of `csv`, or nullopt when it is not strict RFC 4180 (or does
// not end with CRLF).
inline std::optional<CsvRows> ParseCsv(std::string_view csv) {
  CsvRows rows;
  std::vector<std::string> row;
  size_t i = 0;
  while (i < csv.size()) {
    std::string field;
    if (csv[i] == '"') {
      for (++i;; ++i) {
        if (i >= csv.size()) return std::nullopt;  // unterminated quote
        if (csv[i] != '"') {
          field += csv[i];
        } else if (i + 1 < csv.size() && csv[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          ++i;
          break;
        }
      }
    } else {
      for (; i < csv.size() && csv[i] != ',' && csv[i] != '\r'; ++i) {
        if (csv[i] == '"' || csv[i] == '\n') return std::nullopt;
        field += csv[i];
      }
    }
    row.push_back(std::move(field));
    if (i < csv.size() && csv[i] == ',') {
      ++i;
      continue;
    }
    if (csv.substr(i, 2) != "\r\n") return std::nullopt;
    i += 2;
    rows.push_back(std::move(row));
    row.clear();
  }
  if (!row.empty()) return std::nullopt;
  return rows;
}

}  // namespace crosscheck::testing

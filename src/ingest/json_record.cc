#include "ingest/json_record.h"

#include <simdjson.h>

namespace crosscheck::ingest_internal {

namespace {

// Lines longer than this go to nlohmann: the parser keeps buffers of about
// 14 bytes per byte of the longest line it has read, for the thread's life.
constexpr size_t kMaxFastLine = 1 << 20;

}  // namespace

std::optional<JsonRecord> ParseSimpleRecord(std::string_view line) {
  thread_local simdjson::dom::parser parser(kMaxFastLine);
  simdjson::dom::object object;
  if (line.size() > kMaxFastLine || parser.parse(line.data(), line.size()).get_object().get(object)) {
    return std::nullopt;
  }
  JsonRecord r;
  bool has_text = false;
  for (simdjson::dom::key_value_pair member : object) {
    const simdjson::dom::element v = member.value;
    std::string value;
    bool is_string = false;
    switch (v.type()) {
      case simdjson::dom::element_type::STRING:
        value = std::string_view(v.get_string().value_unsafe());
        is_string = true;
        break;
      case simdjson::dom::element_type::INT64:
        value = std::to_string(v.get_int64().value_unsafe());
        break;
      case simdjson::dom::element_type::BOOL:
        value = v.get_bool().value_unsafe() ? "true" : "false";
        break;
      case simdjson::dom::element_type::NULL_VALUE:
      case simdjson::dom::element_type::ARRAY:
      case simdjson::dom::element_type::OBJECT:
        break;  // read as no field
      default:
        return std::nullopt;  // unsigned beyond int64 and other numbers: nlohmann's reading
    }
    if (member.key == "text") {
      if (has_text || !is_string) return std::nullopt;
      has_text = true;
      r.text = std::move(value);
    } else if (!r.fields.emplace(member.key, std::move(value)).second) {
      return std::nullopt;  // a duplicate key: nlohmann decides
    }
  }
  if (!has_text) return std::nullopt;
  // Empty values are left out only now, so that a later duplicate of their
  // key was still seen above.
  std::erase_if(r.fields, [](const auto& kv) { return kv.second.empty(); });
  return r;
}

}  // namespace crosscheck::ingest_internal

#include "ingest/dates.h"

#include <array>
#include <cctype>
#include <cstdio>

#include "base/calendar.h"

namespace crosscheck {

namespace {

// `n` digits at s[pos]; -1 when they are not all digits.
int Digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// "hh:mm[:ss[.fff]]" at s[pos]: seconds of the day; advances pos.
std::optional<int64_t> ClockAt(std::string_view s, size_t& pos) {
  const int h = Digits(s, pos, 2), mi = Digits(s, pos + 3, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || pos + 2 >= s.size() || s[pos + 2] != ':') return std::nullopt;
  int64_t secs = h * 3600 + mi * 60;
  pos += 5;
  if (pos < s.size() && s[pos] == ':') {
    const int sec = Digits(s, pos + 1, 2);
    if (sec < 0 || sec > 60) return std::nullopt;
    secs += sec;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
    }
  }
  return secs;
}

}  // namespace

std::optional<int64_t> ParseIsoTime(std::string_view t) {
  const int y = Digits(t, 0, 4), mo = Digits(t, 5, 2), d = Digits(t, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int64_t secs = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400;
  if (t.size() == 10) return secs;
  if (t[10] != 'T' && t[10] != ' ') return std::nullopt;
  size_t pos = 11;
  std::optional<int64_t> clock = ClockAt(t, pos);
  if (!clock) return std::nullopt;
  secs += *clock;
  if (pos == t.size() || (t[pos] == 'Z' && pos + 1 == t.size())) return secs;
  if ((t[pos] == '+' || t[pos] == '-') && pos + 6 == t.size() && t[pos + 3] == ':') {
    const int oh = Digits(t, pos + 1, 2), om = Digits(t, pos + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
    const int64_t off = oh * 3600 + om * 60;
    return t[pos] == '+' ? secs - off : secs + off;
  }
  return std::nullopt;
}

std::optional<int64_t> ParseRfc822Time(std::string_view t) {
  static constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                               "jul", "aug", "sep", "oct", "nov", "dec"};
  size_t pos = 0;
  auto skip_space = [&] { while (pos < t.size() && (t[pos] == ' ' || t[pos] == '\t')) ++pos; };
  auto word = [&] {
    skip_space();
    const size_t b = pos;
    while (pos < t.size() && t[pos] != ' ' && t[pos] != '\t') ++pos;
    return t.substr(b, pos - b);
  };
  skip_space();
  if (size_t comma = t.find(','); comma != std::string_view::npos && comma < 12) pos = comma + 1;
  std::string_view day = word(), month = word(), year = word();
  if (day.empty() || day.size() > 2 || month.size() < 3 || (year.size() != 4 && year.size() != 2)) return std::nullopt;
  const int d = Digits(day, 0, day.size());
  int y = Digits(year, 0, year.size());
  if (d < 1 || d > 31 || y < 0) return std::nullopt;
  if (year.size() == 2) y += y < 70 ? 2000 : 1900;
  int m = 0;
  for (size_t i = 0; i < kMonths.size(); ++i) {
    std::string_view k = kMonths[i];
    if (std::tolower(static_cast<unsigned char>(month[0])) == k[0] &&
        std::tolower(static_cast<unsigned char>(month[1])) == k[1] &&
        std::tolower(static_cast<unsigned char>(month[2])) == k[2]) {
      m = static_cast<int>(i) + 1;
    }
  }
  if (m == 0) return std::nullopt;
  skip_space();
  std::optional<int64_t> clock = ClockAt(t, pos);
  if (!clock) return std::nullopt;
  int64_t secs = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86400 + *clock;
  std::string_view zone = word();
  if (zone.empty() || zone == "GMT" || zone == "UT" || zone == "UTC" || zone == "Z") return secs;
  if ((zone[0] == '+' || zone[0] == '-') && zone.size() == 5) {
    const int oh = Digits(zone, 1, 2), om = Digits(zone, 3, 2);
    if (oh < 0 || om < 0 || om > 59) return std::nullopt;
    const int64_t off = oh * 3600 + om * 60;
    return zone[0] == '+' ? secs - off : secs + off;
  }
  struct Zone { std::string_view name; int hours; };
  for (Zone z : {Zone{"EST", -5}, Zone{"EDT", -4}, Zone{"CST", -6}, Zone{"CDT", -5}, Zone{"MST", -7},
                 Zone{"MDT", -6}, Zone{"PST", -8}, Zone{"PDT", -7}}) {
    if (zone == z.name) return secs - z.hours * 3600;
  }
  return std::nullopt;
}

std::string FormatIsoUtc(int64_t unix_seconds) {
  int64_t days = unix_seconds / 86400, rem = unix_seconds % 86400;
  if (rem < 0) { rem += 86400; --days; }
  const CivilDate c = CivilFromDays(days);
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(c.year), c.month, c.day,
                static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                static_cast<long long>(rem % 60));
  return buf;
}

}  // namespace crosscheck

// The seed reports (examples/border-clash) as realistic news pages of one
// site, for the tests of web inputs: the report's first line as <h1> when
// it is its headline (the gold says which), every other line a <p>, inside a
// page with navigation, share buttons, a newsletter box and a "Related"
// list (with other incidents' figures) inside the article, a donation
// appeal after it and a footer. The boilerplate holds figures on purpose:
// kept, it would become wrong claims.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "test_util.h"

namespace crosscheck::testing {

struct SeedPage {
  std::string stem;  // the seed's file stem, "000_7c613e6085f4abe8"
  std::string html;
};

inline std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

// `headline`: whether the seed's first line is its headline.
inline std::string NewsPage(const std::string& stem, const std::string& text, bool headline, int hour) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(pos, nl - pos);
    if (line.find_first_not_of(" \t\r") != std::string::npos) lines.push_back(line);
    pos = nl + 1;
  }
  const std::string title = headline ? lines.front() : "Border clash: Taliban and Pakistan give conflicting tolls";
  const std::string when = "2025-10-12T0" + std::to_string(hour) + ":00:00Z";
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>" + HtmlEscape(title) + " | Frontier Wire</title>\n"
      "<meta property=\"og:site_name\" content=\"Frontier Wire\">\n"
      "<meta property=\"og:title\" content=\"" + HtmlEscape(title) + "\">\n"
      "<meta property=\"article:published_time\" content=\"" + when + "\">\n"
      "<link rel=\"canonical\" href=\"https://wire.example.com/news/" + stem + "\">\n"
      "<script>window.dataLayer=[];var ads={slots:12,refresh:30};</script>\n"
      "</head>\n<body>\n"
      "<header class=\"site-header\"><a class=\"logo\" href=\"/\">Frontier Wire</a>\n"
      "<nav class=\"main-nav\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li>"
      "<li><a href=\"/asia\">Asia</a></li><li><a href=\"/business\">Business</a></li>"
      "<li><a href=\"/opinion\">Opinion</a></li><li><a href=\"/video\">Video</a></li></ul></nav></header>\n"
      "<main>\n<article class=\"story\">\n";
  if (headline) h += "<h1 class=\"headline\">" + HtmlEscape(title) + "</h1>\n";
  h += "<div class=\"byline\">By Frontier Wire staff · <time datetime=\"" + when + "\">12 October 2025</time></div>\n"
       "<div class=\"share-bar\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Share on X</a> "
       "<a href=\"#\">Email</a> <span>1,204 shares</span></div>\n"
       "<div class=\"story-body\">\n";
  for (size_t i = headline ? 1 : 0; i < lines.size(); ++i) {
    h += "<p>" + HtmlEscape(lines[i]) + "</p>\n";
    if (i == lines.size() / 2) {
      h += "<div class=\"newsletter\"><p>Get the Frontier Wire morning briefing: the 5 stories that matter, "
           "in your inbox by 7 am.</p><form><input type=\"email\" placeholder=\"Your email\">"
           "<button>Sign up</button></form></div>\n";
    }
  }
  h += "</div>\n"
       "<aside class=\"related\"><h2>Related stories</h2><ul>"
       "<li><a href=\"/news/quetta\">Gunmen kill 14 passengers on Quetta highway</a></li>"
       "<li><a href=\"/news/floods\">Floods leave 32 dead in Swat valley</a></li></ul></aside>\n"
       "</article>\n"
       "<section class=\"support\"><p>Frontier Wire is independent and reader-funded. 3,000 readers gave last "
       "month; join them from $5 a month.</p><a href=\"/donate\">Donate</a></section>\n"
       "</main>\n"
       "<footer class=\"site-footer\"><p>© 2025 Frontier Wire Media Ltd. All rights reserved.</p>"
       "<p><a href=\"/about\">About</a> · <a href=\"/privacy\">Privacy</a> · <a href=\"/contact\">Contact</a></p>"
       "</footer>\n</body>\n</html>\n";
  return h;
}

// The five seeds as pages, in file order. Which seeds open with their
// headline: all but the first (tests/data/border-clash.gold.json).
inline std::vector<SeedPage> SeedPages() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(SourcePath("examples/border-clash"))) {
    if (e.path().extension() == ".txt") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<SeedPage> pages;
  int hour = 1;
  for (const auto& f : files) {
    const std::string stem = f.stem().string();
    pages.push_back({stem, NewsPage(stem, ReadFile(f.string()), stem.rfind("000_", 0) != 0, hour++)});
  }
  return pages;
}

}  // namespace crosscheck::testing

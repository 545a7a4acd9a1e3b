#include "ingest/feed.h"

#include <expat.h>

#include <algorithm>
#include <climits>
#include <memory>

#include "ingest/dates.h"

namespace crosscheck {

namespace {

constexpr std::string_view kAtom = "http://www.w3.org/2005/Atom";
constexpr std::string_view kRss1 = "http://purl.org/rss/1.0/";
constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kContent = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kDc = "http://purl.org/dc/elements/1.1/";
constexpr char kSep = '\x01';  // between namespace URI and local name

struct Name {
  std::string_view ns, local;
  // RSS 2.0 elements have no namespace; RSS 1.0 and Atom have their own.
  bool Native() const { return ns.empty() || ns == kAtom || ns == kRss1; }
};

Name Split(const XML_Char* raw) {
  std::string_view s(raw);
  const size_t sep = s.find(kSep);
  if (sep == std::string_view::npos) return {{}, s};
  return {s.substr(0, sep), s.substr(sep + 1)};
}

std::string_view Attr(const XML_Char** attrs, std::string_view local) {
  for (size_t i = 0; attrs[i]; i += 2) {
    if (Split(attrs[i]).local == local) return attrs[i + 1];
  }
  return {};
}

void AppendEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
}

// Plain text (Atom type="text") as HTML: one paragraph per line.
std::string TextAsHtml(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      out += "<p>";
      AppendEscaped(out, line);
      out += "</p>\n";
    }
    pos = nl + 1;
  }
  return out;
}

std::string Trimmed(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// What a captured element's text becomes.
enum class Field { kNone, kTitle, kLink, kId, kPublished, kUpdated, kAuthor, kAuthorName, kContent, kSummary,
                   kFeedTitle, kFeedLink };

class Parser {
 public:
  Parser(std::string_view name, const FeedLimits& limits) : name_(name), limits_(limits) {}

  Result<Feed> Run(std::string_view bytes) {
    std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> p(XML_ParserCreateNS(nullptr, kSep), XML_ParserFree);
    if (!p) return Status::Error(std::string(name_) + ": cannot start the XML parser");
    parser_ = p.get();
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &Parser::OnStart, &Parser::OnEnd);
    XML_SetCharacterDataHandler(parser_, &Parser::OnText);
    // Entity declarations (billion laughs, external entities) are refused;
    // external entities and the external DTD subset are never read.
    XML_SetEntityDeclHandler(parser_, &Parser::OnEntityDecl);
    XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
    // Parsed in slices (the whole buffer may be over INT_MAX bytes).
    bool ok = true;
    size_t pos = 0;
    constexpr size_t kSlice = size_t{1} << 20;
    do {
      const size_t n = std::min(kSlice, bytes.size() - pos);
      const bool last = pos + n == bytes.size();
      if (XML_Parse(parser_, bytes.data() + pos, static_cast<int>(n), last) != XML_STATUS_OK) {
        ok = false;
        break;
      }
      pos += n;
    } while (pos < bytes.size());
    const std::string where = std::string(name_) + ":" + std::to_string(XML_GetCurrentLineNumber(parser_)) + ":" +
                              std::to_string(XML_GetCurrentColumnNumber(parser_) + 1);
    if (!refused_.empty()) return Status::Error(where + ": " + refused_);
    if (!ok) {
      return Status::Error(where + ": not well-formed XML (" + XML_ErrorString(XML_GetErrorCode(parser_)) +
                           "); not read as a feed");
    }
    if (feed_.kind.empty()) {
      return Status::Error(std::string(name_) + ": XML but not an RSS or Atom feed (root element <" + root_ +
                           ">); not read");
    }
    if (dropped_ > 0) {
      feed_.warnings.push_back(std::to_string(dropped_) + " items after the " + std::to_string(limits_.max_items) +
                               "th dropped");
    }
    return std::move(feed_);
  }

 private:
  static void OnEntityDecl(void* user, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                           const XML_Char*, const XML_Char*, const XML_Char*) {
    auto* self = static_cast<Parser*>(user);
    self->refused_ = "the feed declares XML entities (a DTD with <!ENTITY>), which feeds do not need and "
                     "entity-expansion attacks use; refused";
    XML_StopParser(self->parser_, XML_FALSE);
  }

  static void OnStart(void* user, const XML_Char* raw, const XML_Char** attrs) {
    static_cast<Parser*>(user)->Start(Split(raw), attrs);
  }
  static void OnEnd(void* user, const XML_Char*) { static_cast<Parser*>(user)->End(); }
  static void OnText(void* user, const XML_Char* s, int len) {
    auto* self = static_cast<Parser*>(user);
    if (self->capture_ == Field::kNone) return;
    std::string_view text(s, static_cast<size_t>(len));
    if (self->xhtml_) AppendEscaped(self->text_, text);  // expat decoded it; markup again
    else self->text_.append(text);
  }

  void Start(Name n, const XML_Char** attrs) {
    ++depth_;
    if (depth_ > limits_.max_depth) return;  // ignored, and so is its content
    if (depth_ == 1) {
      root_ = n.local;
      if (n.local == "rss" && n.ns.empty()) feed_.kind = "rss";
      else if (n.local == "RDF" && n.ns == kRdf) feed_.kind = "rss";
      else if (n.local == "feed" && n.ns == kAtom) feed_.kind = "atom";
      return;
    }
    if (feed_.kind.empty()) return;
    if (capture_ != Field::kNone) {
      if (xhtml_) {  // Atom xhtml content: serialised back, attributes dropped
        text_ += "<";
        text_ += n.local;
        text_ += ">";
        xhtml_open_.emplace_back(n.local);
      }
      return;
    }
    const bool atom = feed_.kind == "atom";
    if (item_depth_ == 0) {
      if ((n.local == "item" || n.local == "entry") && n.Native()) {
        item_depth_ = depth_;
        item_ = {};
        content_.clear();
        summary_.clear();
        updated_.clear();
        return;
      }
      // The channel's (RSS) or feed's (Atom) own title and link.
      const bool feed_child = atom ? depth_ == 2 : depth_ == 3;
      if (feed_child && n.Native() && n.local == "title") Begin(Field::kFeedTitle, attrs, atom);
      else if (feed_child && n.Native() && n.local == "link") {
        if (!atom) Begin(Field::kFeedLink, attrs, false);
        else if (IsAlternate(attrs) && feed_.link.empty()) feed_.link = Attr(attrs, "href");
      }
      return;
    }
    if (depth_ == item_depth_ + 2 && in_author_ && n.Native() && n.local == "name") {
      Begin(Field::kAuthorName, attrs, false);
      return;
    }
    if (depth_ != item_depth_ + 1) return;
    const std::string_view l = n.local;
    if (n.Native()) {
      if (l == "title") Begin(Field::kTitle, attrs, atom);
      else if (l == "link") {
        if (!atom) Begin(Field::kLink, attrs, false);
        else if (IsAlternate(attrs) && item_.link.empty()) item_.link = Attr(attrs, "href");
      } else if (l == "guid" || l == "id") Begin(Field::kId, attrs, false);
      else if (l == "pubDate" || l == "published") Begin(Field::kPublished, attrs, false);
      else if (l == "updated") Begin(Field::kUpdated, attrs, false);
      else if (l == "author") {
        if (atom) in_author_ = true;
        else Begin(Field::kAuthor, attrs, false);
      } else if (l == "content" && atom) Begin(Field::kContent, attrs, true);
      else if (l == "description" || l == "summary") Begin(Field::kSummary, attrs, atom);
    } else if (n.ns == kContent && l == "encoded") {
      Begin(Field::kContent, attrs, false);
    } else if (n.ns == kDc && l == "creator") {
      Begin(Field::kAuthor, attrs, false);
    } else if (n.ns == kDc && l == "date") {
      Begin(Field::kPublished, attrs, false);
    }
  }

  static bool IsAlternate(const XML_Char** attrs) {
    std::string_view rel = Attr(attrs, "rel");
    return rel.empty() || rel == "alternate";
  }

  // Starts capturing the text of the element just opened at depth_.
  // `typed`: an Atom text construct, whose type attribute says text, html or xhtml.
  void Begin(Field f, const XML_Char** attrs, bool typed) {
    capture_ = f;
    capture_depth_ = depth_;
    text_.clear();
    html_ = !typed;  // RSS bodies are HTML
    xhtml_ = false;
    xhtml_open_.clear();
    if (typed) {
      std::string_view type = Attr(attrs, "type");
      html_ = type == "html" || type == "text/html";
      xhtml_ = type == "xhtml" || type == "application/xhtml+xml";
    }
  }

  void End() {
    const size_t d = depth_--;
    if (d > limits_.max_depth) return;
    if (capture_ != Field::kNone && d > capture_depth_) {
      if (xhtml_ && !xhtml_open_.empty()) {
        text_ += "</" + xhtml_open_.back() + ">";
        xhtml_open_.pop_back();
      }
      return;
    }
    if (capture_ != Field::kNone && d == capture_depth_) {
      Store();
      capture_ = Field::kNone;
      return;
    }
    if (in_author_ && d == item_depth_ + 1) in_author_ = false;
    if (item_depth_ != 0 && d == item_depth_) {
      item_depth_ = 0;
      if (item_.published.empty()) item_.published = updated_;
      item_.html = !content_.empty() ? std::move(content_) : std::move(summary_);
      if (feed_.items.size() < limits_.max_items) feed_.items.push_back(std::move(item_));
      else ++dropped_;
    }
  }

  // The captured text as HTML (bodies) or as trimmed text (the rest).
  std::string Body() {
    if (html_ || xhtml_) return std::move(text_);
    return TextAsHtml(text_);
  }
  // A title-like text construct: text as is; html reduced to its text is
  // the HTML extractor's job, so it is kept only when it has no markup.
  std::string Text() { return Trimmed(text_); }

  void Store() {
    switch (capture_) {
      case Field::kTitle: item_.title = Text(); break;
      case Field::kLink: item_.link = Trimmed(text_); break;
      case Field::kId: item_.id = Trimmed(text_); break;
      case Field::kPublished: item_.published = FeedDateToIso(Trimmed(text_)); break;
      case Field::kUpdated: updated_ = FeedDateToIso(Trimmed(text_)); break;
      case Field::kAuthor: item_.author = RssAuthor(Trimmed(text_)); break;
      case Field::kAuthorName: item_.author = Trimmed(text_); break;
      case Field::kContent: content_ = Body(); break;
      case Field::kSummary: summary_ = Body(); break;
      case Field::kFeedTitle: feed_.title = Text(); break;
      case Field::kFeedLink: feed_.link = Trimmed(text_); break;
      case Field::kNone: break;
    }
  }

  // RSS <author> is an e-mail address, often "a@b.c (Name)": the name.
  static std::string RssAuthor(const std::string& s) {
    const size_t open = s.find('('), close = s.rfind(')');
    if (s.find('@') != std::string::npos && open != std::string::npos && close != std::string::npos && close > open) {
      return Trimmed(std::string_view(s).substr(open + 1, close - open - 1));
    }
    return s;
  }

  std::string_view name_;
  FeedLimits limits_;
  XML_Parser parser_ = nullptr;
  Feed feed_;
  std::string root_;
  std::string refused_;
  size_t depth_ = 0;
  size_t item_depth_ = 0;  // depth of the open item/entry; 0: none
  bool in_author_ = false;
  FeedItem item_;
  std::string content_, summary_, updated_;
  Field capture_ = Field::kNone;
  size_t capture_depth_ = 0;
  bool html_ = false, xhtml_ = false;
  std::string text_;
  std::vector<std::string> xhtml_open_;  // open elements of xhtml content (at most max_depth)
  size_t dropped_ = 0;
};

}  // namespace

bool LooksLikeFeed(std::string_view head) {
  size_t pos = 0;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  for (int steps = 0; steps < 32; ++steps) {
    pos = head.find_first_not_of(" \t\r\n", pos);
    if (pos == std::string_view::npos || head[pos] != '<') return false;
    std::string_view rest = head.substr(pos);
    if (rest.rfind("<?", 0) == 0) {
      pos = head.find("?>", pos);
      if (pos == std::string_view::npos) return false;
      pos += 2;
    } else if (rest.rfind("<!--", 0) == 0) {
      pos = head.find("-->", pos);
      if (pos == std::string_view::npos) return false;
      pos += 3;
    } else if (rest.rfind("<!DOCTYPE", 0) == 0) {
      pos = head.find('>', pos);
      if (pos == std::string_view::npos) return false;
      pos += 1;
    } else {
      auto tag = [&](std::string_view t) {
        return rest.rfind(t, 0) == 0 && rest.size() > t.size() &&
               (rest[t.size()] == ' ' || rest[t.size()] == '>' || rest[t.size()] == '\n' ||
                rest[t.size()] == '\r' || rest[t.size()] == '\t');
      };
      return tag("<rss") || tag("<rdf:RDF") || tag("<feed");
    }
  }
  return false;
}

Result<Feed> ParseFeed(std::string_view name, std::string_view bytes, const FeedLimits& limits) {
  Parser parser(name, limits);
  return parser.Run(bytes);
}

std::string FeedDateToIso(std::string_view date) {
  if (ParseIsoTime(date)) return std::string(date);
  if (std::optional<int64_t> t = ParseRfc822Time(date)) return FormatIsoUtc(*t);
  return std::string(date);
}

}  // namespace crosscheck

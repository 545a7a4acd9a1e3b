// HTML pages to Documents (ingest/html.h).
//
// Stages, each a loop over flat arrays (no recursion anywhere):
//  1. DecodePage (ingest/charset.h): the page as UTF-8, with a map back.
//  2. Excise: script and style bodies are cut out before gumbo sees the page
//     (they are half of a modern page's bytes and never text); JSON-LD
//     scripts are kept aside for the metadata. A table of segments maps the
//     parser's buffer back to the UTF-8 page.
//  3. gumbo parses the rest with a tracking allocator, so the tree is freed
//     in one pass instead of by gumbo's recursive destructor.
//  4. Walk: one pre-order pass with an explicit stack flattens the tree into
//     Nodes (tag, parent, class/id hints) and Blocks (runs of inline text
//     under one block-level element, white space collapsed, with pieces
//     mapping them back to the page), and reads the metadata tags.
//  5. Score, Readability style: every block of 25+ characters gives its
//     ancestors 1 + commas + length/100 (at most 3) points, the parent all,
//     the grandparent half, higher ancestors a third per level; a node starts
//     from its tag's and its class/id's weight and ends scaled by
//     (1 - link density). The best node and its siblings that score well or
//     read as paragraphs are the article; boilerplate below it (unlikely
//     class/id, nav/aside/footer/header, menus) and link lists are dropped.
//     When that yields little text, the selection falls back to every
//     non-boilerplate block of prose (trafilatura's lesson).
//  6. JSON-LD articleBody, when the page has one, marks the blocks it holds:
//     their ancestors gain a large bonus, so the article container wins.
#include "ingest/html.h"

#include <gumbo.h>

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "base/lexicon.h"
#include "base/utf8.h"
#include "ingest/charset.h"

namespace crosscheck {

namespace {

// ---------------------------------------------------------------- helpers

bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsHtmlSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsHtmlSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Collapses runs of white space (NBSP included) to one space and trims.
std::string Collapse(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ws = IsHtmlSpace(c);
    if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
      ws = true;
      ++i;
    }
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// Characters (code points) of UTF-8 text.
size_t Chars(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// ------------------------------------------------------- stage 2: excise

// Maps an offset in the parser's buffer to the UTF-8 page: the buffer is the
// page with script/style bodies cut out, as segments copied in order.
struct Segment {
  size_t parsed, page, size;
};

struct Excised {
  std::string buffer;
  std::vector<Segment> segments;
  std::vector<std::string> json_ld;  // bodies of <script type="application/ld+json">

  // UTF-8 page offset of buffer offset `i`; `end` picks the segment holding
  // i - 1 (for the end of a range that closes a segment).
  size_t PageOffset(size_t i, bool end) const {
    size_t probe = end && i > 0 ? i - 1 : i;
    auto it = std::upper_bound(segments.begin(), segments.end(), probe,
                               [](size_t v, const Segment& s) { return v < s.parsed; });
    if (it == segments.begin()) return i;
    --it;
    return it->page + (i - it->parsed);
  }
};

// Deeper nesting is cut before parsing (Excise).
constexpr size_t kMaxDepth = 512;
// Less main text than this makes the extractor relax and try again.
constexpr size_t kMinArticleChars = 250;

// The end of the start tag that begins at `lt` (index after '>'), quotes respected.
size_t EndOfTag(std::string_view s, size_t lt) {
  char quote = 0;
  for (size_t i = lt + 1; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      if (IsHtmlSpace(s[i - 1]) || s[i - 1] == '=') quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return s.size();
}

// Where `</name` followed by white space, '/' or '>' starts, at or after `from`.
size_t FindClose(std::string_view s, size_t from, std::string_view name) {
  for (size_t i = s.find("</", from); i != std::string_view::npos; i = s.find("</", i + 2)) {
    std::string_view rest = s.substr(i + 2);
    if (StartsWithNoCase(rest, name) &&
        (rest.size() == name.size() || IsHtmlSpace(rest[name.size()]) || rest[name.size()] == '/' ||
         rest[name.size()] == '>')) {
      return i;
    }
  }
  return s.size();
}

// Elements that hold no children (void) or that the parser closes by
// themselves when the next one starts (p, li, td...): they are not counted
// in the nesting depth.
bool IsUncountedTag(std::string_view lower) {
  static const char* kTags[] = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                                "param", "source", "track", "wbr", "p", "li", "td", "th", "tr", "dt",
                                "dd", "option", "image", "keygen", "basefont", "bgsound", "frame"};
  for (const char* t : kTags) {
    if (lower == t) return true;
  }
  return false;
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The tag name at s[i] (lower-cased into `buf`, at most 16 bytes kept).
std::string_view TagName(std::string_view s, size_t i, std::string& buf) {
  buf.clear();
  while (i < s.size() && !IsHtmlSpace(s[i]) && s[i] != '>' && s[i] != '/') {
    char c = s[i++];
    if (buf.size() < 16) buf.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return buf;
}

// Attributes kept for the reader (ingest/html.cc reads no others).
bool IsKeptAttribute(std::string_view lower, bool keep_href) {
  static const char* kKept[] = {"class", "id", "role", "style", "hidden", "aria-hidden", "itemprop",
                                "itemtype", "property", "name", "content", "http-equiv", "charset",
                                "rel", "lang", "datetime", "type", "xml:lang"};
  if (lower == "href") return keep_href;
  for (const char* k : kKept) {
    if (lower == k) return true;
  }
  return false;
}

// Cuts the unused attributes of the start tag whose attributes begin at
// `from` and which ends at `end` (after '>'), following the HTML tokenizer's
// attribute rules; `copy_to`/`copied` as in Excise.
template <typename CopyTo>
void CutAttributes(std::string_view s, size_t from, size_t end, bool keep_href, CopyTo& copy_to,
                   size_t& copied) {
  size_t i = from;
  size_t stop = end > 0 ? end - 1 : end;  // the '>'
  std::string lower;
  while (i < stop) {
    while (i < stop && (IsHtmlSpace(s[i]) || s[i] == '/')) ++i;
    if (i >= stop) break;
    size_t name_begin = i;
    lower.clear();
    while (i < stop && !IsHtmlSpace(s[i]) && s[i] != '/' && (s[i] != '=' || i == name_begin)) {
      char c = s[i++];
      if (lower.size() < 24) lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    size_t j = i;
    while (j < stop && IsHtmlSpace(s[j])) ++j;
    if (j < stop && s[j] == '=') {
      ++j;
      while (j < stop && IsHtmlSpace(s[j])) ++j;
      if (j < stop && (s[j] == '"' || s[j] == '\'')) {
        size_t q = s.find(s[j], j + 1);
        j = q == std::string_view::npos || q >= stop ? stop : q + 1;
      } else {
        while (j < stop && !IsHtmlSpace(s[j])) ++j;
      }
      i = j;
    }
    if (!IsKeptAttribute(lower, keep_href) && name_begin >= copied) {
      copy_to(name_begin);
      copied = i;
    }
  }
}

Excised Excise(std::string_view page) {
  Excised out;
  out.buffer.reserve(page.size() / 2);
  size_t copied = 0;  // page bytes before this are in the buffer or cut
  auto copy_to = [&](size_t end) {
    if (end <= copied) return;
    out.segments.push_back({out.buffer.size(), copied, end - copied});
    out.buffer.append(page.substr(copied, end - copied));
    copied = end;
  };
  // Nesting depth, counted on tags as written (a close approximation of the
  // parser's stack of open elements). Tags opened beyond kMaxDepth, and the
  // end tags that close them, are cut: gumbo's scope checks walk the whole
  // stack for every tag, so 100k nested elements cost it minutes.
  size_t depth = 0;
  std::string name_buf;
  for (size_t i = page.find('<'); i != std::string_view::npos && i < page.size(); i = page.find('<', i)) {
    std::string_view rest = page.substr(i);
    if (rest.substr(0, 4) == "<!--") {  // comments are cut
      size_t start = i;
      size_t end = page.find("-->", i + 4);
      i = end == std::string_view::npos ? page.size() : end + 3;
      copy_to(start);
      copied = i;
      continue;
    }
    const bool closing = rest.size() > 2 && rest[1] == '/' && IsAsciiAlpha(rest[2]);
    if (!closing && (rest.size() < 2 || !IsAsciiAlpha(rest[1]))) {
      ++i;
      continue;
    }
    std::string_view name = TagName(page, i + (closing ? 2 : 1), name_buf);
    size_t end = EndOfTag(page, i);
    if (closing) {
      if (!IsUncountedTag(name)) {
        if (depth > kMaxDepth) {
          copy_to(i);
          copied = end;  // the end tag of a cut start tag
        }
        if (depth > 0) --depth;
      }
      i = end;
      continue;
    }
    if (name == "script" || name == "style") {
      if (end >= page.size()) break;
      size_t close = FindClose(page, end, name);
      if (name == "script") {
        std::string tag = AsciiLower(page.substr(i, end - i));
        if (tag.find("ld+json") != std::string::npos && out.json_ld.size() < 16) {
          out.json_ld.emplace_back(page.substr(end, std::min<size_t>(close - end, size_t{4} << 20)));
        }
      }
      copy_to(end);
      copied = close;  // the body is cut
      i = close;
      continue;
    }
    const bool self_closing = end >= 2 && end <= page.size() && page[end - 1] == '>' && page[end - 2] == '/';
    if (!self_closing && !IsUncountedTag(name)) {
      if (++depth > kMaxDepth) {
        copy_to(i);
        copied = end;
        i = end;
        continue;
      }
    }
    // Attributes the reader never looks at are cut (links' targets, data-*,
    // image sources...): they are a third of a page's markup.
    CutAttributes(page, i + 1 + name.size(), end, name == "link" || name == "base", copy_to, copied);
    if (name == "svg" || name == "math") {  // never text: the body is cut
      if (self_closing || end >= page.size()) {
        i = end;
        continue;
      }
      size_t close = FindClose(page, end, name);
      copy_to(end);
      copied = close;  // its end tag is kept, and counted as usual
      i = close;
      continue;
    }
    i = end;
  }
  copy_to(page.size());
  return out;
}

// ----------------------------------------------- stage 3: gumbo allocator

// Every block gumbo allocates is linked in a list, so the whole tree is
// freed in one loop (gumbo_destroy_output recurses once per tree level and
// overflows the stack on 100k-deep pages).
struct AllocHeader {
  AllocHeader* prev;
  AllocHeader* next;
};
static_assert(sizeof(AllocHeader) % alignof(std::max_align_t) == 0 || sizeof(AllocHeader) == 16);

struct TrackingArena {
  AllocHeader head{&head, &head};
  ~TrackingArena() {
    for (AllocHeader* h = head.next; h != &head;) {
      AllocHeader* next = h->next;
      std::free(h);
      h = next;
    }
  }
  static void* Allocate(void* self, size_t size) {
    auto* arena = static_cast<TrackingArena*>(self);
    auto* h = static_cast<AllocHeader*>(std::malloc(sizeof(AllocHeader) + size));
    if (!h) std::abort();  // gumbo cannot handle a failed allocation
    h->next = arena->head.next;
    h->prev = &arena->head;
    arena->head.next->prev = h;
    arena->head.next = h;
    return h + 1;
  }
  static void Deallocate(void* self, void* ptr) {
    if (!ptr) return;
    AllocHeader* h = static_cast<AllocHeader*>(ptr) - 1;
    h->prev->next = h->next;
    h->next->prev = h->prev;
    std::free(h);
  }
};

// ------------------------------------------------------------ stage 4: walk

enum NodeFlags : uint8_t {
  kUnlikely = 1,      // boilerplate by tag, role or class/id
  kPositive = 2,      // itemprop=articleBody and the like
  kBlockLevel = 4,
  kInnerBoilerplate = 8,  // boilerplate inside the article (forms: comment
                          // boxes, sign-ups), though a page may sit in one
};

struct Node {
  int parent = -1;
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  uint8_t flags = 0;
  float weight = 0;      // tag + class/id weight, the score's start
  float score = 0;
  bool scored = false;
  uint32_t text = 0;     // characters of kept text in the subtree
  uint32_t links = 0;    // of which inside <a>
  uint32_t class_hash = 0;
};

struct Piece {
  size_t text_begin, text_end;  // in Block::text
  size_t parsed_begin, parsed_end;  // in the parser's buffer
};

struct Block {
  int node = 0;  // innermost block-level element
  std::string text;
  std::vector<Piece> pieces;
  uint32_t chars = 0, link_chars = 0;
  bool pending_space = false;
  bool in_body_article = false;  // JSON-LD articleBody holds it
};

struct Meta {
  std::string title_tag, og_title, og_site, og_url, og_locale, canonical, html_lang, content_language;
  std::string published, modified, author, description;
  std::string time_datetime;  // first <time datetime>
  Piece title_piece{};        // where <title>'s text is (parsed buffer)
  bool title_mapped = false;
  Piece og_title_piece{};
  bool og_title_mapped = false;
};

const GumboVector* ChildrenOf(const GumboNode* n) {
  if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
  if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) return &n->v.element.children;
  return nullptr;
}

std::string_view Attr(const GumboElement& el, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}

bool IsBlockTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_CAPTION: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIR: case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR: case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU: case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P:
    case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_TD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TR: case GUMBO_TAG_UL: case GUMBO_TAG_HTML:
    case GUMBO_TAG_BR: case GUMBO_TAG_LEGEND: case GUMBO_TAG_OPTION:
      return true;
    default:
      return false;
  }
}

// Never text: code, styling, embedded objects, form controls.
bool IsSkippedTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_SELECT: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_MAP: case GUMBO_TAG_APPLET: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_HEAD:
    case GUMBO_TAG_DATALIST: case GUMBO_TAG_OPTGROUP:
      return true;
    default:
      return false;
  }
}

// Navigation, asides, headers and footers, pictures with their captions,
// are not the article's text.
bool IsBoilerplateTag(GumboTag t) {
  return t == GUMBO_TAG_NAV || t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_FOOTER || t == GUMBO_TAG_HEADER ||
         t == GUMBO_TAG_MENU || t == GUMBO_TAG_FIGURE || t == GUMBO_TAG_FIGCAPTION;
}

bool IsHidden(const GumboElement& el) {
  if (gumbo_get_attribute(&el.attributes, "hidden")) return true;
  if (Attr(el, "aria-hidden") == "true") return true;
  std::string_view style = Attr(el, "style");
  if (style.empty()) return false;
  std::string s = AsciiLower(style);
  s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return IsHtmlSpace(c); }), s.end());
  return s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos;
}

bool IsBoilerplateRole(std::string_view role) {
  return role == "navigation" || role == "menu" || role == "menubar" || role == "complementary" ||
         role == "banner" || role == "contentinfo" || role == "alert" || role == "alertdialog" ||
         role == "dialog" || role == "search";
}

// Elements that hold one paragraph of text (not a container of them).
bool IsParagraphTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_BLOCKQUOTE:
      return true;
    default:
      return false;
  }
}

float TagWeight(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_DIV: return 5;
    case GUMBO_TAG_ARTICLE: return 10;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: return 3;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL: case GUMBO_TAG_DD:
    case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM: return -3;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_TH: return -5;
    default: return 0;
  }
}

// The class/id hints of html_hints.tsv, by kind.
struct Hints {
  std::vector<std::string> positive, negative, unlikely, maybe;
  static const Hints& Get() {
    static const Hints hints = [] {
      Hints h;
      for (const Lexicon::Row& row : Lexicon::Get("html_hints.tsv").rows()) {
        if (row.size() < 2) continue;
        std::vector<std::string>* list = row[1] == "positive"   ? &h.positive
                                         : row[1] == "negative" ? &h.negative
                                         : row[1] == "unlikely" ? &h.unlikely
                                         : row[1] == "maybe"    ? &h.maybe
                                                                : nullptr;
        if (list) list->push_back(AsciiLower(row[0]));
      }
      assert(!h.unlikely.empty() && "data/lexicon/html_hints.tsv is not embedded");
      return h;
    }();
    return hints;
  }
};

bool AnyIn(const std::vector<std::string>& words, std::string_view s) {
  for (const std::string& w : words) {
    if (s.find(w) != std::string_view::npos) return true;
  }
  return false;
}

// The walk's result.
struct Page {
  std::vector<Node> nodes;
  std::vector<Block> blocks;
  std::vector<int> h1_blocks;  // blocks of <h1> elements, in order
  Meta meta;
};

class Walker {
 public:
  Walker(const Excised& ex, Page& page) : ex_(ex), page_(page) {}

  void Run(const GumboNode* root) {
    struct Frame {
      const GumboNode* node;
      int index;          // Node index
      int block_owner;    // innermost block-level Node
      unsigned child = 0;
      bool in_link;
      bool in_head;
    };
    std::vector<Frame> stack;
    page_.nodes.push_back(Node{});
    stack.push_back({root, 0, 0, 0, false, false});
    while (!stack.empty()) {
      Frame& f = stack.back();
      const GumboVector* children = ChildrenOf(f.node);
      if (!children || f.child >= children->length) {
        if (f.node->type == GUMBO_NODE_ELEMENT && (page_.nodes[f.index].flags & kBlockLevel)) Break();
        stack.pop_back();
        continue;
      }
      const GumboNode* child = static_cast<const GumboNode*>(children->data[f.child++]);
      const Frame parent = f;  // `f` dies when the stack grows
      if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA ||
          child->type == GUMBO_NODE_WHITESPACE) {
        if (!parent.in_head) Text(child, parent.index, parent.block_owner, parent.in_link);
        continue;
      }
      if (child->type != GUMBO_NODE_ELEMENT) continue;  // comments; templates are skipped
      const GumboElement& el = child->v.element;
      if (el.tag == GUMBO_TAG_HEAD || parent.in_head) {
        Head(child);
        if (el.tag != GUMBO_TAG_HEAD) continue;
      } else {
        BodyMeta(el);
      }
      if (el.tag != GUMBO_TAG_HEAD && (IsSkippedTag(el.tag) || el.tag_namespace != GUMBO_NAMESPACE_HTML ||
                                       IsHidden(el))) {
        continue;
      }
      int index = AddNode(el, parent.index);
      int owner = index;
      if (page_.nodes[index].flags & kBlockLevel) {
        Break();
      } else {
        owner = parent.block_owner;
      }
      if (el.tag == GUMBO_TAG_H1) h1_pending_ = true;
      stack.push_back({child, index, owner, 0, parent.in_link || el.tag == GUMBO_TAG_A,
                       parent.in_head || el.tag == GUMBO_TAG_HEAD});
    }
    Break();
  }

 private:
  int AddNode(const GumboElement& el, int parent) {
    Node n;
    n.parent = parent;
    n.tag = el.tag;
    if (IsBlockTag(el.tag)) n.flags |= kBlockLevel;
    n.weight = TagWeight(el.tag);
    std::string_view cls = Attr(el, "class"), id = Attr(el, "id");
    const Hints& hints = Hints::Get();
    if (!cls.empty() || !id.empty()) {
      std::string lc = AsciiLower(cls), li = AsciiLower(id);
      if (AnyIn(hints.negative, lc)) n.weight -= 25;
      if (AnyIn(hints.positive, lc)) n.weight += 25;
      if (AnyIn(hints.negative, li)) n.weight -= 25;
      if (AnyIn(hints.positive, li)) n.weight += 25;
      std::string both = lc + " " + li;
      if (el.tag != GUMBO_TAG_BODY && el.tag != GUMBO_TAG_A && el.tag != GUMBO_TAG_HTML &&
          el.tag != GUMBO_TAG_ARTICLE && el.tag != GUMBO_TAG_MAIN && AnyIn(hints.unlikely, both) &&
          !AnyIn(hints.maybe, both)) {
        n.flags |= kUnlikely;
      }
      uint32_t h = 2166136261u;
      for (char c : cls) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
      n.class_hash = cls.empty() ? 0 : h;
    }
    if (IsBoilerplateTag(el.tag) || IsBoilerplateRole(Attr(el, "role"))) n.flags |= kUnlikely;
    if (el.tag == GUMBO_TAG_FORM) n.flags |= kInnerBoilerplate;
    std::string_view itemprop = Attr(el, "itemprop");
    if (itemprop == "articleBody" || itemprop == "articlebody") {
      n.flags |= kPositive;
      n.weight += 50;
    }
    page_.nodes.push_back(n);
    return static_cast<int>(page_.nodes.size() - 1);
  }

  void Break() {
    if (open_ < 0) return;
    Block& b = page_.blocks[open_];
    if (b.text.empty()) {
      page_.blocks.pop_back();
    } else {
      if (h1_pending_ && page_.nodes[b.node].tag == GUMBO_TAG_H1) page_.h1_blocks.push_back(open_);
    }
    open_ = -1;
  }

  void Text(const GumboNode* n, int node, int owner, bool in_link) {
    std::string_view text = n->v.text.text;
    if (open_ < 0) {
      bool blank = true;
      for (char c : text) blank = blank && (IsHtmlSpace(c) || c == '\xC2' || c == '\xA0');
      if (blank) return;
      page_.blocks.emplace_back();
      page_.blocks.back().node = owner;
      open_ = static_cast<int>(page_.blocks.size() - 1);
    }
    Block& b = page_.blocks[open_];
    size_t begin = std::string::npos;
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      bool ws = IsHtmlSpace(c);
      if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
        ws = true;
        ++i;
      }
      if (ws) {
        b.pending_space = !b.text.empty();
        continue;
      }
      if (b.pending_space) b.text.push_back(' ');
      b.pending_space = false;
      if (begin == std::string::npos) begin = b.text.size();
      b.text.push_back(c);
    }
    if (begin == std::string::npos) return;
    size_t chars = Chars(std::string_view(b.text).substr(begin));
    b.chars += static_cast<uint32_t>(chars);
    if (in_link) b.link_chars += static_cast<uint32_t>(chars);
    page_.nodes[node].text += static_cast<uint32_t>(chars);
    if (in_link) page_.nodes[node].links += static_cast<uint32_t>(chars);
    const GumboStringPiece& orig = n->v.text.original_text;
    size_t pb = orig.data >= ex_.buffer.data() ? static_cast<size_t>(orig.data - ex_.buffer.data()) : 0;
    if (orig.data && pb + orig.length <= ex_.buffer.size()) {
      b.pieces.push_back({begin, b.text.size(), pb, pb + orig.length});
    }
  }

  void Head(const GumboNode* n) {
    const GumboElement& el = n->v.element;
    if (el.tag == GUMBO_TAG_TITLE && meta().title_tag.empty()) {
      if (el.children.length > 0) {
        const GumboNode* t = static_cast<const GumboNode*>(el.children.data[0]);
        if (t->type == GUMBO_NODE_TEXT || t->type == GUMBO_NODE_WHITESPACE) {
          meta().title_tag = Collapse(t->v.text.text);
          const GumboStringPiece& o = t->v.text.original_text;
          if (o.data && o.data >= ex_.buffer.data()) {
            size_t pb = static_cast<size_t>(o.data - ex_.buffer.data());
            meta().title_piece = {0, 0, pb, pb + o.length};
            meta().title_mapped = pb + o.length <= ex_.buffer.size();
          }
        }
      }
      return;
    }
    if (el.tag == GUMBO_TAG_META || el.tag == GUMBO_TAG_LINK) BodyMeta(el);
  }

  // <meta>, <link>, <time> and <html lang> anywhere in the page.
  void BodyMeta(const GumboElement& el) {
    Meta& m = meta();
    if (el.tag == GUMBO_TAG_HTML) {
      if (m.html_lang.empty()) m.html_lang = Collapse(Attr(el, "lang"));
      return;
    }
    if (el.tag == GUMBO_TAG_TIME) {
      if (m.time_datetime.empty()) m.time_datetime = Collapse(Attr(el, "datetime"));
      return;
    }
    if (el.tag == GUMBO_TAG_LINK) {
      std::string rel = AsciiLower(Attr(el, "rel"));
      if (rel == "canonical" && m.canonical.empty()) m.canonical = Collapse(Attr(el, "href"));
      return;
    }
    if (el.tag != GUMBO_TAG_META) {
      std::string_view itemprop = Attr(el, "itemprop");
      if (!itemprop.empty() && m.published.empty() && itemprop == "datePublished") {
        m.published = Collapse(Attr(el, "datetime"));
      }
      return;
    }
    std::string key = AsciiLower(Attr(el, "property"));
    if (key.empty()) key = AsciiLower(Attr(el, "name"));
    if (key.empty()) key = AsciiLower(Attr(el, "itemprop"));
    std::string http_equiv = AsciiLower(Attr(el, "http-equiv"));
    const GumboAttribute* content_attr = gumbo_get_attribute(&el.attributes, "content");
    if (!content_attr) return;
    std::string content = Collapse(content_attr->value);
    if (content.empty()) return;
    auto set = [&](std::string& field) {
      if (field.empty()) field = content;
    };
    if (http_equiv == "content-language") set(m.content_language);
    if (key == "og:title") {
      if (m.og_title.empty()) {
        m.og_title = content;
        // original_value includes the quotes.
        const GumboStringPiece& o = content_attr->original_value;
        if (o.data && o.data >= ex_.buffer.data() && o.length >= 2) {
          size_t pb = static_cast<size_t>(o.data - ex_.buffer.data());
          bool quoted = o.data[0] == '"' || o.data[0] == '\'';
          m.og_title_piece = {0, 0, pb + (quoted ? 1 : 0), pb + o.length - (quoted ? 1 : 0)};
          m.og_title_mapped = pb + o.length <= ex_.buffer.size();
        }
      }
    } else if (key == "twitter:title") {
      if (m.og_title.empty()) m.og_title = content;
    } else if (key == "og:site_name" || key == "application-name") {
      set(m.og_site);
    } else if (key == "og:url") {
      set(m.og_url);
    } else if (key == "og:locale") {
      set(m.og_locale);
    } else if (key == "article:published_time" || key == "datepublished" || key == "pubdate" ||
               key == "publish-date" || key == "parsely-pub-date" || key == "sailthru.date" ||
               key == "dc.date" || key == "dc.date.issued" || key == "date" || key == "og:published_time") {
      set(m.published);
    } else if (key == "article:modified_time" || key == "og:updated_time" || key == "datemodified" ||
               key == "last-modified" || key == "dc.date.modified") {
      set(m.modified);
    } else if (key == "author" || key == "parsely-author" || key == "sailthru.author" || key == "dc.creator" ||
               key == "byl" || (key == "article:author" && content.rfind("http", 0) != 0)) {
      if (m.author.empty()) {
        m.author = content;
        if (key == "byl" && StartsWithNoCase(m.author, "by ")) m.author = m.author.substr(3);
      }
    } else if (key == "description" || key == "og:description") {
      set(m.description);
    }
  }

  Meta& meta() { return page_.meta; }

  const Excised& ex_;
  Page& page_;
  int open_ = -1;
  bool h1_pending_ = false;
};

// ------------------------------------------------------------- JSON-LD

struct JsonLd {
  std::string headline, published, modified, author, publisher, language, url, body;
};

bool IsArticleType(const nlohmann::json& type) {
  auto one = [](const std::string& t) {
    return t.find("Article") != std::string::npos || t == "BlogPosting" || t == "Report" ||
           t == "LiveBlogPosting" || t == "Review";
  };
  if (type.is_string()) return one(type.get_ref<const std::string&>());
  if (type.is_array()) {
    for (const auto& t : type) {
      if (t.is_string() && one(t.get_ref<const std::string&>())) return true;
    }
  }
  return false;
}

std::string JsonText(const nlohmann::json& v) {
  if (v.is_string()) return Collapse(v.get_ref<const std::string&>());
  if (v.is_object()) {
    auto it = v.find("name");
    if (it != v.end() && it->is_string()) return Collapse(it->get_ref<const std::string&>());
    it = v.find("@id");
    if (it != v.end() && it->is_string()) return Collapse(it->get_ref<const std::string&>());
  }
  return {};
}

std::string Names(const nlohmann::json& v) {
  if (!v.is_array()) return JsonText(v);
  std::string out;
  for (const auto& a : v) {
    std::string n = JsonText(a);
    if (n.empty() || n.rfind("http", 0) == 0) continue;
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

JsonLd ReadJsonLd(const std::vector<std::string>& scripts) {
  JsonLd out;
  for (const std::string& s : scripts) {
    nlohmann::json j = nlohmann::json::parse(s, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) continue;
    // Visit objects breadth-first (arrays and @graph), at most 256.
    std::vector<const nlohmann::json*> queue{&j};
    for (size_t q = 0; q < queue.size() && q < 256; ++q) {
      const nlohmann::json& v = *queue[q];
      if (v.is_array()) {
        for (const auto& e : v) queue.push_back(&e);
        continue;
      }
      if (!v.is_object()) continue;
      if (auto g = v.find("@graph"); g != v.end()) queue.push_back(&*g);
      auto type = v.find("@type");
      if (type == v.end() || !IsArticleType(*type)) continue;
      auto get = [&](const char* k) -> const nlohmann::json* {
        auto it = v.find(k);
        return it == v.end() ? nullptr : &*it;
      };
      auto fill = [&](std::string& field, const char* k) {
        if (!field.empty()) return;
        if (const nlohmann::json* x = get(k)) field = JsonText(*x);
      };
      fill(out.headline, "headline");
      fill(out.published, "datePublished");
      fill(out.modified, "dateModified");
      fill(out.language, "inLanguage");
      fill(out.url, "url");
      if (out.author.empty()) {
        if (const nlohmann::json* a = get("author")) out.author = Names(*a);
      }
      if (out.publisher.empty()) {
        if (const nlohmann::json* p = get("publisher")) out.publisher = JsonText(*p);
      }
      if (out.body.empty()) {
        if (const nlohmann::json* b = get("articleBody"); b && b->is_string()) {
          out.body = b->get<std::string>();
        }
      }
    }
  }
  return out;
}

// ------------------------------------------------------- stage 5: choose

// Lower-cased text with every run of non-alphanumeric ASCII bytes removed:
// for matching blocks against JSON-LD articleBody (which sites often write
// without the page's punctuation or spacing).
std::string Squash(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) {
      out.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    }
  }
  return out;
}

int Commas(std::string_view s) {
  int n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',') ++n;
    else if (s.substr(i, 3) == "\xEF\xBC\x8C" || s.substr(i, 3) == "\xE3\x80\x81") ++n;  // ， 、
  }
  return n;
}


bool EndsSentence(std::string_view s) {
  // Closing quotes and brackets first (’ ” » are multi-byte).
  for (bool more = true; more && !s.empty();) {
    more = false;
    for (std::string_view q : {"\"", "'", ")", "\xE2\x80\x99", "\xE2\x80\x9D", "\xC2\xBB"}) {
      if (s.size() >= q.size() && s.substr(s.size() - q.size()) == q) {
        s.remove_suffix(q.size());
        more = true;
      }
    }
  }
  if (s.empty()) return false;
  char c = s.back();
  if (c == '.' || c == '!' || c == '?' || c == ':') return true;
  for (std::string_view p : {"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F"}) {  // 。！？
    if (s.size() >= p.size() && s.substr(s.size() - p.size()) == p) return true;
  }
  return false;
}

// A label rather than prose: at most three words and 30 characters, no
// sentence punctuation,
// not a heading ("Caption", "Close", "0 shares", "previous post").
bool IsWidgetText(const Block& b, GumboTag tag) {
  if (tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 || tag == GUMBO_TAG_H5 ||
      tag == GUMBO_TAG_H6 || b.in_body_article) {
    return false;
  }
  size_t words = 1;
  for (char c : b.text) words += c == ' ';
  return words <= 3 && b.chars < 30 && !EndsSentence(b.text);
}

// Readability's second look at the best node `top`: an ancestor shared by
// three of the near-best nodes (an article split into cards), else a parent
// that scores higher within a few levels, else the parent of an only child.
int BetterTop(const std::vector<Node>& nodes, const std::vector<float>& score,
              const std::vector<uint8_t>& scored, int top) {
  const size_t n = nodes.size();
  std::vector<int> near;  // the 5 best after top, scoring >= 75% of it
  {
    std::vector<int> order;
    for (size_t i = 1; i < n; ++i) {
      if (scored[i] && static_cast<int>(i) != top) order.push_back(static_cast<int>(i));
    }
    size_t k = std::min<size_t>(4, order.size());
    std::partial_sort(order.begin(), order.begin() + k, order.end(),
                      [&](int a, int b) { return score[a] > score[b]; });
    for (size_t q = 0; q < k; ++q) {
      if (score[order[q]] >= 0.75f * score[top]) near.push_back(order[q]);
    }
  }
  auto is_body = [&](int a) { return a <= 0 || nodes[a].tag == GUMBO_TAG_BODY || nodes[a].tag == GUMBO_TAG_HTML; };
  if (near.size() >= 3) {
    for (int a = nodes[top].parent; !is_body(a); a = nodes[a].parent) {
      int holding = 0;
      for (int c : near) {
        for (int x = nodes[c].parent; x > 0; x = nodes[x].parent) {
          if (x == a) {
            ++holding;
            break;
          }
        }
      }
      if (holding >= 3) return a;
    }
  }
  float last = score[top];
  const float floor = last / 3;
  for (int a = nodes[top].parent; !is_body(a); a = nodes[a].parent) {
    if (!scored[a]) continue;
    if (score[a] < floor) break;
    if (score[a] > last) return a;
    last = score[a];
  }
  return top;
}

// Picks the blocks of the main text, in page order.
enum class Mode { kStrict, kScoreAll, kKeepAll };

std::vector<int> ChooseBlocks(Page& page, const JsonLd& ld, Mode mode) {
  std::vector<Node>& nodes = page.nodes;
  const size_t n = nodes.size();
  // Subtree text and link counts, children before parents.
  std::vector<uint32_t> text(n), links(n);
  for (size_t i = 0; i < n; ++i) {
    text[i] = nodes[i].text;
    links[i] = nodes[i].links;
  }
  for (size_t i = n; i-- > 1;) {
    text[nodes[i].parent] += text[i];
    links[nodes[i].parent] += links[i];
  }
  // Boilerplate: below an unlikely node (strict mode only).
  // Boilerplate by tag or class/id, unless the node holds most of the
  // page's text (a "sidebar-right" layout wrapper around everything).
  std::vector<uint8_t> flagged(n, 0);
  for (size_t i = 1; i < n; ++i) {
    flagged[i] = (nodes[i].flags & kUnlikely) && text[i] * 5 < text[0] * 2;
  }
  // Mode kStrict: nothing below a flagged node is scored. kScoreAll scores
  // everything but still drops flagged nodes below the chosen container;
  // kKeepAll drops nothing (the last resort).
  std::vector<uint8_t> unlikely(n, 0);
  for (size_t i = 1; i < n; ++i) {
    unlikely[i] = mode == Mode::kStrict && (flagged[i] || unlikely[nodes[i].parent]);
  }
  std::vector<float> score(n, 0);
  std::vector<uint8_t> scored(n, 0);
  std::string squashed_body = ld.body.size() >= 200 ? Squash(ld.body) : std::string();
  for (Block& b : page.blocks) {
    if (unlikely[b.node] || b.chars < 25) continue;
    float s = 1 + Commas(b.text) + std::min<float>(b.chars / 100, 3);
    if (b.link_chars * 2 > b.chars) continue;
    if (!squashed_body.empty() && b.chars >= 40) {
      std::string sq = Squash(b.text);
      if (sq.size() >= 30 && squashed_body.find(sq) != std::string::npos) {
        b.in_body_article = true;
        s += 10 + std::min<float>(b.chars / 50, 10);
      }
    }
    // A paragraph element gives its parent the points; text written straight
    // into a container (a div of text and <br>s) gives them to the container,
    // as if its runs of text were paragraphs (Readability wraps them in <p>).
    int a = IsParagraphTag(nodes[b.node].tag) ? nodes[b.node].parent : b.node;
    for (int level = 0; a > 0 && level < 5; ++level, a = nodes[a].parent) {
      if (!scored[a]) {
        scored[a] = 1;
        score[a] = nodes[a].weight;
      }
      score[a] += level == 0 ? s : level == 1 ? s / 2 : s / (level * 3);
    }
  }
  int top = -1;
  float best = 0;
  for (size_t i = 1; i < n; ++i) {
    if (!scored[i] || unlikely[i]) continue;
    float ld_i = text[i] ? static_cast<float>(links[i]) / text[i] : 0.f;
    score[i] *= (1 - ld_i);
    if (top < 0 || score[i] > best) {
      top = static_cast<int>(i);
      best = score[i];
    }
  }
  if (top > 0) {
    top = BetterTop(nodes, score, scored, top);
    // The parent of an only child, so that siblings are found one level up.
    std::vector<uint32_t> children(n, 0);
    for (size_t i = 1; i < n; ++i) ++children[nodes[i].parent];
    for (int p = nodes[top].parent; p > 0 && nodes[p].tag != GUMBO_TAG_BODY && children[p] == 1;
         p = nodes[p].parent) {
      top = p;
    }
    if (!scored[top]) {
      scored[top] = 1;
      score[top] = nodes[top].weight;
    }
    best = std::max(best, score[top]);
  }
  std::vector<uint8_t> root(n, 0);
#ifdef CROSSCHECK_HTML_DEBUG
  if (const char* want = getenv("HTML_BLOCK")) {  // DEBUG-REMOVE
    for (const Block& b : page.blocks) {
      if (b.text.find(want) == std::string::npos) continue;
      fprintf(stderr, "block chars=%u links=%u node=%d unlikely=%d:", b.chars, b.link_chars, b.node, unlikely[b.node]);
      for (int a = b.node, k = 0; a > 0 && k < 12; a = nodes[a].parent, ++k) fprintf(stderr, " %d:%s%s", a, gumbo_normalized_tagname(nodes[a].tag), nodes[a].flags & kUnlikely ? "(U)" : "");
      fprintf(stderr, "\n");
    }
  }
  if (getenv("HTML_DEBUG")) {  // DEBUG-REMOVE
    std::vector<int> order;
    for (size_t i = 1; i < n; ++i) if (scored[i] && !unlikely[i]) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return score[a] > score[b]; });
    for (size_t q = 0; q < order.size() && q < 8; ++q) {
      int i = order[q];
      fprintf(stderr, "cand %d tag=%s score=%.1f text=%u links=%u parent=%d depthchain:", i, gumbo_normalized_tagname(nodes[i].tag), score[i], text[i], links[i], nodes[i].parent);
      for (int a = i, k = 0; a > 0 && k < 6; a = nodes[a].parent, ++k) fprintf(stderr, " %s%s", gumbo_normalized_tagname(nodes[a].tag), nodes[a].flags & kUnlikely ? "(U)" : "");
      fprintf(stderr, "\n");
    }
  }
#endif
  if (top > 0) {
    // A parent that holds most of the text scored for the top node's
    // siblings too (several candidates under one parent) is the article.
    root[top] = 1;
    int parent = nodes[top].parent;
    if (parent > 0) {
      float threshold = std::max(10.f, best * 0.2f);
      for (size_t i = top + 1; i < n; ++i) {
        if (nodes[i].parent < parent && nodes[i].parent != parent) {
          // left the parent's subtree? pre-order: descendants follow contiguously
        }
      }
      for (size_t i = 1; i < n; ++i) {
        if (nodes[i].parent != parent || static_cast<int>(i) == top || unlikely[i]) continue;
        float bonus = nodes[i].class_hash && nodes[i].class_hash == nodes[top].class_hash ? best * 0.2f : 0;
        bool ok = scored[i] && score[i] + bonus >= threshold;
        if (!ok && text[i] > 0) {
          float ld_i = static_cast<float>(links[i]) / text[i];
          if (nodes[i].tag == GUMBO_TAG_P) {
            ok = (text[i] > 80 && ld_i < 0.25f) || (ld_i == 0 && text[i] > 0 && text[i] <= 80 && false);
          }
        }
        if (ok) root[i] = 1;
      }
    }
  }
  // Blocks in the selection, in order, without boilerplate below the roots.
  std::vector<uint8_t> in(n, 0), drop(n, 0);
  for (size_t i = 1; i < n; ++i) {
    int p = nodes[i].parent;
    in[i] = root[i] || in[p];
    drop[i] = !root[i] && in[p] &&
              (drop[p] || (mode != Mode::kKeepAll && (flagged[i] || (nodes[i].flags & kInnerBoilerplate))));
  }
  std::vector<int> chosen;
  for (size_t k = 0; k < page.blocks.size(); ++k) {
    const Block& b = page.blocks[k];
    if (top > 0 && (!in[b.node] || drop[b.node])) continue;
    if (top <= 0 && unlikely[b.node]) continue;
    if (b.link_chars * 2 > b.chars && !b.in_body_article) continue;
    if (IsWidgetText(b, nodes[b.node].tag)) continue;
    chosen.push_back(static_cast<int>(k));
  }
  return chosen;
}

// --------------------------------------------------------- headline, output

// Splits a page title at " | ", " - ", " – ", " — ", " :: ", " · " and drops
// the parts that name the site; without a site name, keeps the longest part
// when the title has separators.
std::string CleanTitle(std::string_view title, std::string_view site) {
  static const char* kSeparators[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xB7 ", " \xE2\x80\xA2 "};
  std::vector<std::string_view> parts{title};
  for (const char* sep : kSeparators) {
    std::vector<std::string_view> next;
    for (std::string_view p : parts) {
      size_t at;
      while ((at = p.find(sep)) != std::string_view::npos) {
        next.push_back(p.substr(0, at));
        p.remove_prefix(at + std::strlen(sep));
      }
      next.push_back(p);
    }
    parts = std::move(next);
  }
  if (parts.size() == 1) return std::string(Trim(title));
  std::string lsite = AsciiLower(site);
  std::string out;
  std::string_view longest;
  for (std::string_view p : parts) {
    if (p.size() > longest.size()) longest = p;
  }
  if (!lsite.empty()) {
    // Drop site-name parts from the ends only.
    size_t b = 0, e = parts.size();
    auto is_site = [&](std::string_view p) {
      std::string lp = AsciiLower(Trim(p));
      return !lp.empty() && (lp == lsite || lsite.find(lp) != std::string::npos || lp.find(lsite) != std::string::npos);
    };
    while (e > b + 1 && is_site(parts[e - 1])) --e;
    while (e > b + 1 && is_site(parts[b])) ++b;
    if (e - b < parts.size()) {
      size_t from = static_cast<size_t>(parts[b].data() - title.data());
      size_t to = static_cast<size_t>(parts[e - 1].data() + parts[e - 1].size() - title.data());
      return std::string(Trim(title.substr(from, to - from)));
    }
  }
  // Unknown site: the first part when it is substantial, else the longest.
  std::string_view first = Trim(parts[0]);
  if (Chars(first) >= 20 || first.size() * 2 >= longest.size()) return std::string(first);
  return std::string(Trim(longest));
}

bool SameTitle(std::string_view a, std::string_view b) {
  std::string sa = Squash(a), sb = Squash(b);
  if (sa.empty() || sb.empty()) return false;
  if (sa == sb) return true;
  // One holds the other and they are close in length (a kicker or a site name).
  const std::string& shorter = sa.size() < sb.size() ? sa : sb;
  const std::string& longer = sa.size() < sb.size() ? sb : sa;
  return shorter.size() * 10 >= longer.size() * 7 && longer.find(shorter) != std::string::npos;
}

std::string HostOf(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (size_t colon = rest.find(':'); colon != std::string_view::npos) rest = rest.substr(0, colon);
  if (rest.rfind("www.", 0) == 0) rest.remove_prefix(4);
  return AsciiLower(rest);
}

// A relative canonical URL resolved against the page URL (scheme and host
// for "/path", scheme for "//host/path").
std::string Resolve(std::string_view href, std::string_view base) {
  if (href.empty() || href.find("://") != std::string_view::npos || base.empty()) return std::string(href);
  size_t scheme = base.find("://");
  if (scheme == std::string_view::npos) return std::string(href);
  if (href.rfind("//", 0) == 0) return std::string(base.substr(0, scheme + 1)) + std::string(href);
  if (href[0] != '/') return std::string(href);
  size_t path = base.find('/', scheme + 3);
  return std::string(base.substr(0, path)) + std::string(href);
}

struct Output {
  Document& doc;
  const Excised& ex;
  const DecodedPage& page;

  // Appends a range of text mapped to parser-buffer bytes [pb, pe).
  void Map(size_t text_begin, size_t text_end, size_t pb, size_t pe) {
    if (pe <= pb || text_end <= text_begin) return;
    size_t sb = page.SourceOffset(ex.PageOffset(pb, false));
    size_t se = page.SourceOffset(ex.PageOffset(pe, true));
    if (se <= sb || se > doc.source.size()) return;
    // Pieces stay increasing and disjoint in both buffers; one the parser
    // moved out of page order (foster parenting) is left unmapped.
    if (!doc.source_map.empty() && sb < doc.source_map.back().source.end) return;
    doc.source_map.push_back({{text_begin, text_end}, {sb, se}});
  }

  void Paragraph(const Block& b) {
    if (!doc.text.empty()) doc.text += "\n\n";
    size_t base = doc.text.size();
    doc.text += b.text;
    for (const Piece& p : b.pieces) Map(base + p.text_begin, base + p.text_end, p.parsed_begin, p.parsed_end);
  }
};

}  // namespace

bool LooksLikeHtml(std::string_view head) {
  std::string_view s = head;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  for (int guard = 0; guard < 64; ++guard) {
    while (!s.empty() && IsHtmlSpace(s.front())) s.remove_prefix(1);
    if (s.substr(0, 4) == "<!--") {
      size_t end = s.find("-->");
      if (end == std::string_view::npos) return false;
      s.remove_prefix(end + 3);
      continue;
    }
    if (s.substr(0, 5) == "<?xml") {  // XHTML
      size_t end = s.find("?>");
      if (end == std::string_view::npos) return false;
      s.remove_prefix(end + 2);
      continue;
    }
    break;
  }
  if (s.empty() || s[0] != '<') return false;
  static const char* kStarts[] = {"<!doctype html", "<html", "<head", "<body", "<meta", "<title",
                                  "<link", "<script", "<style", "<div", "<p", "<article"};
  for (const char* k : kStarts) {
    std::string_view key = k;
    if (!StartsWithNoCase(s, key)) continue;
    if (key == "<!doctype html") return true;
    if (s.size() == key.size()) return true;
    char next = s[key.size()];
    if (IsHtmlSpace(next) || next == '>' || next == '/') return true;
  }
  return false;
}

Result<HtmlDocument> ReadHtml(std::string_view id, const WebPage& web, const IngestOptions& options) {
  if (web.bytes.size() > options.max_document_bytes) {
    return Status::Error("page of " + std::to_string(web.bytes.size()) + " bytes exceeds the limit of " +
                         std::to_string(options.max_document_bytes) + " bytes (--max-document-bytes); skipped");
  }
  HtmlDocument result;
  Document& doc = result.document;
  doc.id = std::string(id);
  doc.source.assign(web.bytes);
  DecodedPage decoded = DecodePage(doc.source, web.content_type);
  result.warnings = decoded.warnings;
  doc.source_charset = decoded.charset;
  Excised ex = Excise(decoded.utf8());

  Page page;
  {
    TrackingArena arena;
    GumboOptions gopt = kGumboDefaultOptions;
    gopt.allocator = &TrackingArena::Allocate;
    gopt.deallocator = &TrackingArena::Deallocate;
    gopt.userdata = &arena;
    gopt.max_errors = 0;
    GumboOutput* out = gumbo_parse_with_options(&gopt, ex.buffer.data(), ex.buffer.size());
    Walker walker(ex, page);
    walker.Run(out->document);
    // The arena frees the tree (no gumbo_destroy_output: it recurses).
  }
  JsonLd ld = ReadJsonLd(ex.json_ld);
  const Meta& m = page.meta;

  // Metadata.
  auto first = [](std::initializer_list<const std::string*> v) {
    for (const std::string* s : v) {
      if (!s->empty()) return *s;
    }
    return std::string();
  };
  doc.outlet = first({&m.og_site, &ld.publisher});
  std::string canonical = Resolve(first({&m.canonical, &m.og_url, &ld.url}), web.url);
  doc.url = canonical.empty() ? web.url : canonical;
  if (doc.outlet.empty()) doc.outlet = HostOf(doc.url.empty() ? web.url : doc.url);
  doc.published = first({&ld.published, &m.published, &m.time_datetime});
  if (doc.published.empty()) doc.published = web.date;
  doc.modified = first({&ld.modified, &m.modified});
  doc.author = first({&ld.author, &m.author});
  doc.language = first({&m.html_lang, &ld.language, &m.content_language, &m.og_locale});

  // Headline: an <h1> that agrees with a title the page states, else the
  // cleaned og:title / JSON-LD headline / <title>.
  std::string site = doc.outlet;
  std::vector<std::string> titles;
  for (const std::string* t : std::initializer_list<const std::string*>{&ld.headline, &m.og_title, &m.title_tag}) {
    if (!t->empty()) titles.push_back(CleanTitle(*t, site));
  }
  int headline_block = -1;
  for (int k : page.h1_blocks) {
    for (const std::string& t : titles) {
      if (SameTitle(page.blocks[k].text, t)) {
        headline_block = k;
        break;
      }
    }
    if (headline_block >= 0) break;
  }
  if (headline_block < 0 && titles.empty() && page.h1_blocks.size() == 1) headline_block = page.h1_blocks[0];

  // trafilatura's lesson: when a pass finds too little text, relax and retry.
  auto chars_of = [&](const std::vector<int>& blocks) {
    size_t chars = 0;
    for (int k : blocks) chars += page.blocks[k].chars;
    return chars;
  };
  std::vector<int> chosen = ChooseBlocks(page, ld, Mode::kStrict);
  size_t chars = chars_of(chosen);
  for (Mode mode : {Mode::kScoreAll, Mode::kKeepAll}) {
    if (chars >= kMinArticleChars) break;
    std::vector<int> relaxed = ChooseBlocks(page, ld, mode);
    if (size_t c = chars_of(relaxed); c > chars) {
      chosen = std::move(relaxed);
      chars = c;
    }
  }

  Output out{doc, ex, decoded};
  if (headline_block >= 0) {
    doc.title = page.blocks[headline_block].text;
    out.Paragraph(page.blocks[headline_block]);
  } else if (!titles.empty()) {
    doc.title = titles[0];
    // Map the headline when it is og:title's or <title>'s text unchanged.
    doc.text = doc.title;
    if (doc.title == m.og_title && m.og_title_mapped) {
      out.Map(0, doc.text.size(), m.og_title_piece.parsed_begin, m.og_title_piece.parsed_end);
    } else if (doc.title == m.title_tag && m.title_mapped) {
      out.Map(0, doc.text.size(), m.title_piece.parsed_begin, m.title_piece.parsed_end);
    }
  }
  // Paragraphs: the chosen blocks without the headline and without
  // repeats of it.
  size_t body_start = doc.text.size();
  for (int k : chosen) {
    if (k == headline_block) continue;
    const Block& b = page.blocks[k];
    if (!doc.title.empty() && page.nodes[b.node].tag == GUMBO_TAG_H1 && SameTitle(b.text, doc.title)) continue;
    out.Paragraph(b);
  }
  if (doc.text.size() == body_start) {
    return Status::Error("no text found in the page (nothing outside scripts, navigation and markup); skipped");
  }
  return result;
}

Result<Document> DocumentFromHtml(std::string_view id, const WebPage& page, const IngestOptions& options) {
  Result<HtmlDocument> r = ReadHtml(id, page, options);
  if (!r.ok()) return r.status();
  return std::move(r.value().document);
}

}  // namespace crosscheck

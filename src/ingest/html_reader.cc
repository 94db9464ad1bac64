// Input format "html": one page per input; the main text is kept, page furniture dropped.
//
// Extraction works on the gumbo parse tree in three steps: (1) metadata from <head>, meta
// tags, JSON-LD and the canonical link; (2) a content root is chosen (itemprop=articleBody,
// else the largest <article>, else <main>/role=main, else <body>) when it holds a fair share of
// the page's text; (3) the root is walked in document order, skipping furniture subtrees (by tag,
// ARIA role, hidden flags, class/id words and link density), and its text is cut into blocks
// (paragraphs, headings, list items) that become paragraphs separated by blank lines.
#include <gumbo.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "dyad/ingest.h"
#include "ingest/web_text.h"

namespace dyad {
namespace {

using web::Lower;
using web::Trim;

// Pages nested deeper than this are refused: gumbo's tree building slows down quadratically
// with depth, and no real article needs it.
constexpr size_t kMaxNesting = 2000;

// Approximate element nesting from a tag scan (elements that close implicitly are not counted).
size_t ApproximateNesting(std::string_view html) {
  static const std::unordered_set<std::string> kNotCounted = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
      "p", "li", "option", "td", "th", "tr", "dt", "dd", "param", "keygen", "!doctype"};
  size_t depth = 0, deepest = 0;
  size_t next_close = 0;  // position of the next '>' (kept monotone: linear time overall)
  for (size_t i = 0; i + 1 < html.size(); ++i) {
    if (html[i] != '<') continue;
    const bool closing = html[i + 1] == '/';
    size_t begin = i + (closing ? 2 : 1), end = begin;
    while (end < html.size() && (std::isalnum(static_cast<unsigned char>(html[end])) || html[end] == '!')) ++end;
    if (end == begin || !std::isalpha(static_cast<unsigned char>(html[begin]))) continue;
    const std::string name = Lower(html.substr(begin, end - begin));
    if (kNotCounted.count(name)) continue;
    if (closing) {
      if (depth > 0) --depth;
      continue;
    }
    if (next_close != std::string_view::npos && next_close < end) next_close = html.find('>', end);
    if (next_close != std::string_view::npos && html[next_close - 1] == '/') continue;
    deepest = std::max(deepest, ++depth);
  }
  return deepest;
}

const char* Attribute(const GumboNode* node, const char* name) {
  if (node->type != GUMBO_NODE_ELEMENT) return nullptr;
  const GumboAttribute* attr = gumbo_get_attribute(&node->v.element.attributes, name);
  return attr == nullptr ? nullptr : attr->value;
}

std::string AttributeLower(const GumboNode* node, const char* name) {
  const char* value = Attribute(node, name);
  return value == nullptr ? std::string() : Lower(value);
}

GumboTag Tag(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
}

bool IsSpaceAt(std::string_view s, size_t i, size_t* width) {
  const char c = s[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
    *width = 1;
    return true;
  }
  if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {  // no-break space
    *width = 2;
    return true;
  }
  return false;
}

// Appends `text` to `out` with whitespace runs collapsed to one space; returns the number of
// non-space bytes appended.
size_t AppendCollapsed(std::string_view text, std::string& out) {
  size_t visible = 0;
  for (size_t i = 0; i < text.size();) {
    size_t width;
    if (IsSpaceAt(text, i, &width)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      i += width;
    } else {
      out += text[i++];
      ++visible;
    }
  }
  return visible;
}

// All text under `node` (scripts and styles excluded), whitespace collapsed and trimmed.
std::string NodeText(const GumboNode* node) {
  std::string out;
  std::vector<const GumboNode*> stack = {node};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
      AppendCollapsed(n->v.text.text, out);
      out += ' ';
    } else if (n->type == GUMBO_NODE_ELEMENT && Tag(n) != GUMBO_TAG_SCRIPT && Tag(n) != GUMBO_TAG_STYLE) {
      const GumboVector& children = n->v.element.children;
      for (size_t i = children.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(children.data[i]));
    }
  }
  std::string collapsed;
  AppendCollapsed(out, collapsed);
  return std::string(Trim(collapsed));
}

// ---------------------------------------------------------------------------------------------
// Metadata

struct Metadata {
  std::unordered_map<std::string, std::string> meta;  // first value per lower-cased key
  std::string title_element, first_h1, canonical, itemprop_date;
  std::string jsonld_date, jsonld_headline;
  std::vector<std::string> jsonld_authors;
  bool seen_h1 = false;
};

void AddAuthors(const nlohmann::json& author, std::vector<std::string>& out, int depth) {
  if (depth > 4) return;
  if (author.is_string()) {
    out.push_back(author.get<std::string>());
  } else if (author.is_object()) {
    auto name = author.find("name");
    if (name != author.end() && name->is_string()) out.push_back(name->get<std::string>());
  } else if (author.is_array()) {
    for (const auto& a : author) AddAuthors(a, out, depth + 1);
  }
}

// Looks through a JSON-LD value for the first object with a datePublished / author / headline.
void ScanJsonLd(const nlohmann::json& value, Metadata& m, int depth) {
  if (depth > 12) return;
  if (value.is_array()) {
    for (const auto& v : value) ScanJsonLd(v, m, depth + 1);
    return;
  }
  if (!value.is_object()) return;
  auto date = value.find("datePublished");
  if (m.jsonld_date.empty() && date != value.end() && date->is_string()) m.jsonld_date = date->get<std::string>();
  auto headline = value.find("headline");
  if (m.jsonld_headline.empty() && headline != value.end() && headline->is_string()) {
    m.jsonld_headline = headline->get<std::string>();
  }
  auto author = value.find("author");
  if (m.jsonld_authors.empty() && author != value.end()) AddAuthors(*author, m.jsonld_authors, 0);
  auto graph = value.find("@graph");
  if (graph != value.end()) ScanJsonLd(*graph, m, depth + 1);
}

void ReadMetadata(const GumboNode* root, Metadata& m) {
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    switch (Tag(n)) {
      case GUMBO_TAG_META: {
        const char* content = Attribute(n, "content");
        if (content == nullptr) break;
        for (const char* key_attr : {"property", "name", "itemprop"}) {
          const std::string key = AttributeLower(n, key_attr);
          if (!key.empty() && !m.meta.count(key)) m.meta[key] = std::string(Trim(content));
        }
        break;
      }
      case GUMBO_TAG_TITLE:
        if (m.title_element.empty()) m.title_element = NodeText(n);
        break;
      case GUMBO_TAG_H1:
        if (!m.seen_h1) m.first_h1 = NodeText(n);
        m.seen_h1 = true;
        break;
      case GUMBO_TAG_LINK: {
        const std::string rel = AttributeLower(n, "rel");
        const char* href = Attribute(n, "href");
        if (rel == "canonical" && href != nullptr && m.canonical.empty()) m.canonical = std::string(Trim(href));
        break;
      }
      case GUMBO_TAG_SCRIPT: {
        if (AttributeLower(n, "type") != "application/ld+json") break;
        std::string text;
        const GumboVector& parts = n->v.element.children;
        for (size_t i = 0; i < parts.length; ++i) {
          const auto* part = static_cast<const GumboNode*>(parts.data[i]);
          if (part->type == GUMBO_NODE_TEXT || part->type == GUMBO_NODE_CDATA) text += part->v.text.text;
        }
        if (text.size() > (1u << 20) || JsonNestingDepth(text) > 64) break;
        auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
        if (!json.is_discarded()) ScanJsonLd(json, m, 0);
        break;
      }
      default:
        break;
    }
    if (m.itemprop_date.empty() && AttributeLower(n, "itemprop") == "datepublished") {
      const char* value = Attribute(n, "content");
      if (value == nullptr) value = Attribute(n, "datetime");
      if (value != nullptr) m.itemprop_date = value;
    }
    const GumboVector& children = n->v.element.children;
    for (size_t i = children.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(children.data[i]));
  }
}

std::string FirstMeta(const Metadata& m, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    auto it = m.meta.find(key);
    if (it != m.meta.end() && !it->second.empty()) return it->second;
  }
  return "";
}

std::string PublicationDate(const Metadata& m) {
  const std::vector<std::string> candidates = {
      FirstMeta(m, {"article:published_time", "og:article:published_time", "og:published_time"}),
      m.itemprop_date,
      m.jsonld_date,
      FirstMeta(m, {"date", "pubdate", "publishdate", "publish-date", "publication_date", "dc.date.issued",
                    "dcterms.issued", "dc.date", "dcterms.created", "sailthru.date", "parsely-pub-date"})};
  for (const std::string& c : candidates) {
    const std::string date = NormalizeWebDate(c);
    if (!date.empty()) return date;
  }
  return "";
}

std::string Byline(const Metadata& m) {
  std::vector<std::string> names;
  const std::string meta_author = FirstMeta(m, {"author", "article:author", "dc.creator", "byl", "parsely-author"});
  if (!meta_author.empty() && !web::StartsWithNoCase(meta_author, "http")) {
    names.push_back(meta_author);
  } else {
    names = m.jsonld_authors;
  }
  std::string out;
  for (std::string name : names) {
    std::string_view trimmed = Trim(name);
    if (web::StartsWithNoCase(trimmed, "by ")) trimmed = Trim(trimmed.substr(3));
    if (trimmed.empty()) continue;
    if (!out.empty()) out += ", ";
    out += trimmed;
  }
  return out;
}

std::string ResolveUrl(std::string_view url, std::string_view base) {
  url = Trim(url);
  if (url.empty() || url.find("://") != std::string_view::npos || base.empty()) return std::string(url);
  const size_t scheme_end = base.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  if (url.substr(0, 2) == "//") return std::string(base.substr(0, scheme_end + 1)) + std::string(url);
  if (url.front() == '/') {
    const size_t path = base.find('/', scheme_end + 3);
    return std::string(base.substr(0, path)) + std::string(url);
  }
  return std::string(url);
}

// Drops a trailing " | Site" (or " - Site", " — Site") from a <title> when Site is the site name.
std::string TitleWithoutSite(std::string title, const std::string& site) {
  if (site.empty()) return title;
  for (const char* sep : {" | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " :: "}) {
    const std::string suffix = sep + site;
    if (title.size() > suffix.size() && Lower(title.substr(title.size() - suffix.size())) == Lower(suffix)) {
      return title.substr(0, title.size() - suffix.size());
    }
  }
  return title;
}

// ---------------------------------------------------------------------------------------------
// Main text

bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: case GUMBO_TAG_CAPTION: case GUMBO_TAG_BR: case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_CENTER: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML:
      return true;
    default:
      return false;
  }
}

bool IsHeading(GumboTag tag) {
  return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 ||
         tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

// Elements that never hold article text.
bool IsFurnitureTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG: case GUMBO_TAG_CANVAS: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT: case GUMBO_TAG_LABEL:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_MATH: case GUMBO_TAG_MENU:
    case GUMBO_TAG_TITLE:
      return true;
    default:
      return false;
  }
}

// Class / id words that mark page furniture: exact words and word prefixes.
const std::unordered_set<std::string>& FurnitureWords() {
  static const std::unordered_set<std::string> kWords = {
      "nav", "navigation", "menu", "footer", "aside", "ad", "ads", "banner", "popup", "modal", "widget",
      "toolbar", "tags", "trending", "popular", "login", "paywall", "byline", "caption", "disclaimer",
      "copyright", "hidden", "masthead", "skip", "pagination", "pager", "breaking"};
  return kWords;
}
constexpr std::array<const char*, 16> kFurniturePrefixes = {
    "advert", "sponsor", "social", "share", "subscri", "newsletter", "promo", "related",
    "recommend", "cookie", "breadcrumb", "outbrain", "taboola", "sidebar", "navbar", "comment"};

bool HasFurnitureWord(const std::string& value) {
  std::string word;
  auto check = [&word]() {
    if (word.empty()) return false;
    if (FurnitureWords().count(word)) return true;
    for (const char* prefix : kFurniturePrefixes) {
      if (word.rfind(prefix, 0) == 0) return true;
    }
    return false;
  };
  for (char c : value) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      if (check()) return true;
      word.clear();
    }
  }
  return check();
}

bool IsHidden(const GumboNode* node) {
  if (Attribute(node, "hidden") != nullptr) return true;
  if (AttributeLower(node, "aria-hidden") == "true") return true;
  std::string style = AttributeLower(node, "style");
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  return style.find("display:none") != std::string::npos || style.find("visibility:hidden") != std::string::npos;
}

bool HasFurnitureRole(const GumboNode* node) {
  static const std::unordered_set<std::string> kRoles = {
      "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
      "dialog", "alertdialog", "toolbar", "form", "tablist"};
  return kRoles.count(AttributeLower(node, "role")) > 0;
}

// Text and link-text sizes of each element's subtree (visible bytes, furniture tags excluded).
struct TextStats {
  size_t text = 0;
  size_t link = 0;
};
using StatsMap = std::unordered_map<const GumboNode*, TextStats>;

StatsMap ComputeStats(const GumboNode* root) {
  StatsMap stats;
  // Post-order: push (node, expanded) pairs.
  std::vector<std::pair<const GumboNode*, bool>> stack = {{root, false}};
  while (!stack.empty()) {
    auto [n, expanded] = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT || IsFurnitureTag(Tag(n))) continue;
    const GumboVector& children = n->v.element.children;
    if (!expanded) {
      stack.push_back({n, true});
      for (size_t i = 0; i < children.length; ++i) stack.push_back({static_cast<const GumboNode*>(children.data[i]), false});
      continue;
    }
    TextStats total;
    for (size_t i = 0; i < children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(children.data[i]);
      if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA) {
        std::string scratch;
        total.text += AppendCollapsed(child->v.text.text, scratch);
      } else if (auto it = stats.find(child); it != stats.end()) {
        total.text += it->second.text;
        total.link += it->second.link;
      }
    }
    if (Tag(n) == GUMBO_TAG_A && Attribute(n, "href") != nullptr) total.link = total.text;
    stats[n] = total;
  }
  return stats;
}

class TextExtractor {
 public:
  TextExtractor(const GumboNode* root, const StatsMap& stats, bool root_is_article)
      : root_(root), stats_(stats), inside_article_(root_is_article) {}

  std::string Run() {
    Walk(root_);
    Flush();
    std::string text;
    for (const std::string& block : blocks_) {
      if (!text.empty()) text += "\n\n";
      text += block;
    }
    return text;
  }

 private:
  bool IsFurniture(const GumboNode* n) const {
    const GumboTag tag = Tag(n);
    if (IsFurnitureTag(tag) || IsHidden(n) || HasFurnitureRole(n)) return true;
    if (tag == GUMBO_TAG_FOOTER) return true;
    if (tag == GUMBO_TAG_HEADER && !inside_article_) return true;
    if (tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_MAIN || tag == GUMBO_TAG_ARTICLE) {
      return false;
    }
    if (AttributeLower(n, "itemprop") == "articlebody") return false;
    if (HasFurnitureWord(AttributeLower(n, "class")) || HasFurnitureWord(AttributeLower(n, "id"))) return true;
    // Link lists: containers whose text is mostly link text.
    if (IsBlockTag(tag)) {
      auto it = stats_.find(n);
      if (it != stats_.end() && it->second.text > 0 && it->second.link * 2 > it->second.text) return true;
    }
    return false;
  }

  // Depth-first walk in document order with an explicit stack (no recursion on deep pages).
  void Walk(const GumboNode* start) {
    struct Frame {
      const GumboNode* node;
      size_t next_child;
      bool was_inside_article, was_inside_link;
    };
    std::vector<Frame> stack;
    auto enter = [&](const GumboNode* n) {
      if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
          (n->type == GUMBO_NODE_WHITESPACE && !current_.empty())) {
        const size_t visible = AppendCollapsed(n->v.text.text, current_);
        if (inside_link_) current_link_ += visible;
        return;
      }
      if (n->type != GUMBO_NODE_ELEMENT) return;
      if (n != root_ && IsFurniture(n)) return;
      const GumboTag tag = Tag(n);
      if (IsBlockTag(tag)) Flush();
      if (IsHeading(tag)) current_is_heading_ = true;
      stack.push_back({n, 0, inside_article_, inside_link_});
      if (tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN) inside_article_ = true;
      if (tag == GUMBO_TAG_A) inside_link_ = true;
    };
    enter(start);
    while (!stack.empty()) {
      Frame& frame = stack.back();
      const GumboVector& children = frame.node->v.element.children;
      if (frame.next_child < children.length) {
        enter(static_cast<const GumboNode*>(children.data[frame.next_child++]));
        continue;
      }
      if (IsBlockTag(Tag(frame.node))) Flush();
      inside_article_ = frame.was_inside_article;
      inside_link_ = frame.was_inside_link;
      stack.pop_back();
    }
  }

  void Flush() {
    const std::string block(Trim(current_));
    const size_t link = current_link_;
    const bool heading = current_is_heading_;
    current_.clear();
    current_link_ = 0;
    current_is_heading_ = false;
    if (block.empty()) return;
    size_t visible = 0, words = 1;
    for (char c : block) {
      if (c == ' ') ++words;
      else ++visible;
    }
    if (link * 2 > visible) return;  // mostly a link ("Read more: ...")
    if (!heading && words <= 3 && !EndsSentence(block)) return;  // UI labels, bylines, "Advertisement"
    blocks_.push_back(block);
  }

  static bool EndsSentence(std::string_view block) {
    const std::string_view s = Trim(block);
    if (s.empty()) return false;
    const char last = s.back();
    return last == '.' || last == '!' || last == '?' || last == '"' || last == ':' ||
           (s.size() >= 3 && (s.substr(s.size() - 3) == "\xE2\x80\x9D" || s.substr(s.size() - 3) == "\xE2\x80\xA6"));
  }

  const GumboNode* root_;
  const StatsMap& stats_;
  bool inside_article_ = false;
  bool inside_link_ = false;
  std::string current_;
  size_t current_link_ = 0;
  bool current_is_heading_ = false;
  std::vector<std::string> blocks_;
};

// Candidate content roots in priority order; the first holding a fair share of the text wins.
const GumboNode* ChooseRoot(const GumboNode* body, const StatsMap& stats, bool* is_article) {
  const GumboNode* article_body = nullptr;
  const GumboNode* largest_article = nullptr;
  const GumboNode* main = nullptr;
  auto text_of = [&stats](const GumboNode* n) {
    auto it = stats.find(n);
    return it == stats.end() ? size_t{0} : it->second.text - std::min(it->second.text, it->second.link);
  };
  std::vector<const GumboNode*> stack = {body};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT || IsFurnitureTag(Tag(n))) continue;
    if (article_body == nullptr && AttributeLower(n, "itemprop") == "articlebody") article_body = n;
    if (Tag(n) == GUMBO_TAG_ARTICLE && (largest_article == nullptr || text_of(n) > text_of(largest_article))) {
      largest_article = n;
    }
    if (main == nullptr && (Tag(n) == GUMBO_TAG_MAIN || AttributeLower(n, "role") == "main")) main = n;
    const GumboVector& children = n->v.element.children;
    for (size_t i = children.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(children.data[i]));
  }
  const size_t page_text = text_of(body);
  for (const GumboNode* candidate : {article_body, largest_article, main}) {
    if (candidate != nullptr && text_of(candidate) > 0 && text_of(candidate) * 10 >= page_text * 3) {
      *is_article = true;
      return candidate;
    }
  }
  *is_article = false;
  return body;
}

const GumboNode* FindBody(const GumboNode* document) {
  std::vector<const GumboNode*> stack = {document};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (Tag(n) == GUMBO_TAG_BODY) return n;
    const GumboVector* children = n->type == GUMBO_NODE_DOCUMENT ? &n->v.document.children
                                  : n->type == GUMBO_NODE_ELEMENT ? &n->v.element.children
                                                                  : nullptr;
    if (children == nullptr) continue;
    for (size_t i = children->length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(children->data[i]));
  }
  return nullptr;
}

// The charset a page declares for itself in its first bytes (<meta charset> or http-equiv).
std::string SniffedCharset(std::string_view html) {
  const std::string head = Lower(html.substr(0, 4096));
  size_t at = head.find("<meta");
  while (at != std::string::npos) {
    const size_t end = head.find('>', at);
    const std::string tag = head.substr(at, end == std::string::npos ? std::string::npos : end - at);
    std::string charset = web::CharsetOf(tag);
    if (!charset.empty()) return charset;
    at = head.find("<meta", at + 5);
  }
  return "";
}

bool IsSingleByteWesternCharset(const std::string& charset) {
  return charset == "iso-8859-1" || charset == "latin1" || charset == "latin-1" || charset == "windows-1252" ||
         charset == "cp1252" || charset == "iso-8859-15" || charset == "us-ascii" || charset == "ascii";
}

struct GumboDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

// ---------------------------------------------------------------------------------------------
// Dates

int MonthNumber(std::string_view word) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (word.size() < 3) return 0;
  const std::string lower = Lower(word.substr(0, 3));
  for (int m = 0; m < 12; ++m) {
    if (lower == kMonths[m]) return m + 1;
  }
  return 0;
}

std::string FormatDate(int year, int month, int day) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return "";
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return "";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return IsValidIsoDate(buffer) ? std::string(buffer) : std::string();
}

}  // namespace

std::string NormalizeWebDate(std::string_view value) {
  const std::string_view s = Trim(value);
  auto digits = [&s](size_t begin, size_t count) {
    if (begin + count > s.size()) return -1;
    int v = 0;
    for (size_t i = begin; i < begin + count; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  // 2021-07-08, 2021-07-08T10:00:00Z, 2021/07/08, 2021.07.08
  if (s.size() >= 10 && digits(0, 4) >= 0 && (s[4] == '-' || s[4] == '/' || s[4] == '.') && s[7] == s[4] &&
      (s.size() == 10 || !std::isdigit(static_cast<unsigned char>(s[10])))) {
    return FormatDate(digits(0, 4), digits(5, 2), digits(8, 2));
  }
  // 20210708
  if (s.size() >= 8 && digits(0, 8) >= 0 && (s.size() == 8 || !std::isdigit(static_cast<unsigned char>(s[8])))) {
    return FormatDate(digits(0, 4), digits(4, 2), digits(6, 2));
  }
  // Word forms: "Thu, 08 Jul 2021 10:00:00 GMT", "July 8, 2021", "8 July 2021".
  std::vector<std::string> words;
  std::string word;
  for (char c : s) {
    if (c == ':' || (c == 'T' && !word.empty() && std::isdigit(static_cast<unsigned char>(word.back())))) break;
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  int year = 0, month = 0, day = 0;
  for (const std::string& w : words) {
    const bool numeric = std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    if (numeric && w.size() == 4 && year == 0) {
      year = std::stoi(w);
    } else if (numeric && w.size() <= 2 && day == 0) {
      day = std::stoi(w);
    } else if (!numeric && std::isdigit(static_cast<unsigned char>(w[0]))) {
      if (w.size() <= 4 && day == 0) day = std::atoi(w.c_str());  // "8th", "21st"
    } else if (!numeric && month == 0) {
      month = MonthNumber(w);
    }
  }
  return year && month && day ? FormatDate(year, month, day) : "";
}

std::string UrlHost(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (const size_t colon = rest.find(':'); colon != std::string_view::npos) rest = rest.substr(0, colon);
  return Lower(rest);
}

Result<HtmlPage> ExtractHtml(std::string_view html, std::string_view base_url, std::string_view charset) {
  if (ApproximateNesting(html) > kMaxNesting) {
    return Status::Error("HTML nested deeper than " + std::to_string(kMaxNesting) + " elements");
  }
  std::string declared = web::Lower(charset.empty() ? std::string_view(SniffedCharset(html)) : charset);
  std::string converted;
  if (IsSingleByteWesternCharset(declared) && !web::IsValidUtf8(html)) {
    converted = web::Windows1252ToUtf8(html);
    html = converted;
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  std::unique_ptr<GumboOutput, GumboDeleter> output(
      gumbo_parse_with_options(&options, html.data(), html.size()));
  if (output == nullptr) return Status::Error("HTML could not be parsed");

  Metadata meta;
  ReadMetadata(output->root, meta);
  HtmlPage page;
  page.url = ResolveUrl(!meta.canonical.empty() ? meta.canonical : FirstMeta(meta, {"og:url"}), base_url);
  if (page.url.empty()) page.url = std::string(base_url);
  page.source = FirstMeta(meta, {"og:site_name", "application-name"});
  if (page.source.empty()) {
    page.source = UrlHost(page.url.empty() ? base_url : std::string_view(page.url));
    if (page.source.rfind("www.", 0) == 0) page.source.erase(0, 4);
  }
  page.title = FirstMeta(meta, {"og:title", "twitter:title"});
  if (page.title.empty()) page.title = TitleWithoutSite(meta.title_element, page.source);
  if (page.title.empty()) page.title = meta.jsonld_headline;
  if (page.title.empty()) page.title = meta.first_h1;
  page.date = PublicationDate(meta);
  page.byline = Byline(meta);

  const GumboNode* body = FindBody(output->root);
  if (body != nullptr) {
    const StatsMap stats = ComputeStats(body);
    bool is_article = false;
    const GumboNode* root = ChooseRoot(body, stats, &is_article);
    page.text = TextExtractor(root, stats, is_article).Run();
  }
  if (page.text.empty()) return Status::Error("no main text found in the HTML page");
  return page;
}

namespace {

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// One HTML page per input stream.
class HtmlReader : public DocumentReader {
 public:
  HtmlReader(std::istream& input, std::string name, ReadOptions options)
      : input_(input), name_(std::move(name)), options_(std::move(options)) {}

  bool Next(Document& doc, Status& status) override {
    if (done_) return false;
    done_ = true;
    doc = Document();
    doc.id = name_ == "-" ? "stdin" : BaseName(name_);
    doc.origin = name_;
    std::ostringstream buffer;
    buffer << input_.rdbuf();
    const std::string html = buffer.str();
    const size_t limit = options_.max_document_bytes * 4;
    if (html.size() > limit) {
      status = Status::Error(name_ + ": HTML page is " + std::to_string(html.size()) + " bytes, over the limit of " +
                             std::to_string(limit));
      return true;
    }
    auto page = ExtractHtml(html);
    if (!page.ok()) {
      status = page.status().WithContext(name_);
      return true;
    }
    doc.text = std::move(page->text);
    doc.title = std::move(page->title);
    doc.url = std::move(page->url);
    doc.source = std::move(page->source);
    doc.byline = std::move(page->byline);
    doc.date = page->date.empty() ? options_.default_date : page->date;
    status = doc.text.size() > options_.max_document_bytes
                 ? Status::Error(name_ + ": main text is over the limit of " + std::to_string(options_.max_document_bytes) + " bytes")
                 : Status::Ok();
    return true;
  }

 private:
  std::istream& input_;
  std::string name_;
  ReadOptions options_;
  bool done_ = false;
};

const ReaderRegistration kHtml("html", [](std::istream& in, const std::string& name, const ReadOptions& options) {
  return std::unique_ptr<DocumentReader>(new HtmlReader(in, name, options));
});

}  // namespace
}  // namespace dyad

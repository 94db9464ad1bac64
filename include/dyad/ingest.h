// Web inputs: main-text extraction from HTML pages and reading HTML responses out of WARC files.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>

#include "dyad/formats.h"

namespace dyad {

/// What ExtractHtml finds in one page.
struct HtmlPage {
  std::string text;     ///< main text: paragraphs and headings in order, separated by blank lines
  std::string title;    ///< og:title, else <title>, else the first <h1>
  std::string date;     ///< publication date YYYY-MM-DD from page metadata; empty when none
  std::string url;      ///< canonical URL (link rel=canonical, else og:url), made absolute
  std::string source;   ///< og:site_name, else the URL's host
  std::string byline;   ///< author(s) from meta tags or JSON-LD, comma-separated
};

/// Extracts the main text and metadata of an HTML page. `base_url` (may be empty) resolves a
/// relative canonical URL and supplies the host when the page names no site. `charset` is the
/// declared encoding when known from outside the page (e.g. an HTTP header); pages in
/// ISO-8859-1 / windows-1252 are converted to UTF-8. Fails when the page has no main text
/// or is nested too deeply to parse safely. Never crashes on malformed HTML.
Result<HtmlPage> ExtractHtml(std::string_view html, std::string_view base_url = {},
                             std::string_view charset = {});

/// Normalises a publication date as found in web metadata (ISO 8601 date or date-time,
/// YYYYMMDD, YYYY/MM/DD, RFC 1123 "Thu, 08 Jul 2021 ...", "July 8, 2021", "8 July 2021")
/// to YYYY-MM-DD; empty when unrecognised.
std::string NormalizeWebDate(std::string_view value);

/// The host part of an absolute URL ("https://www.example.org/a" -> "www.example.org").
std::string UrlHost(std::string_view url);

/// Counts kept by a WARC reader over one input.
struct WarcCounts {
  size_t records = 0;          ///< WARC records seen (including bad ones)
  size_t documents = 0;        ///< HTML responses turned into documents (good and failed extraction)
  size_t skipped_type = 0;     ///< request, metadata, warcinfo, resource, ... records
  size_t skipped_not_html = 0; ///< responses whose payload is not HTML
  size_t skipped_status = 0;   ///< responses with an HTTP status other than 2xx
  size_t errors = 0;           ///< truncated or corrupt records (each reported once)
};

/// A DocumentReader over a WARC stream (plain, or gzip with one record per member as in
/// Common Crawl; the compression is detected from the first bytes). Only HTML `response`
/// records become documents; a corrupt or truncated record yields one error naming the input
/// and the record's byte offset (in the compressed file for gzip), and reading resumes at the
/// next record.
class WarcReader : public DocumentReader {
 public:
  /// Counts so far.
  virtual const WarcCounts& counts() const = 0;
};

/// Creates a WARC reader over `input` (which must outlive it).
std::unique_ptr<WarcReader> CreateWarcReader(std::istream& input, const std::string& input_name,
                                             const ReadOptions& options);

}  // namespace dyad

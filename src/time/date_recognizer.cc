// Date expression recogniser: a left-to-right longest-match over tokens with a small set of
// patterns modelled on the TimeML/TIMEX3 guidelines (DATE type): explicit calendar dates,
// month and year references, relative words (yesterday, last week, two days ago), weekdays,
// quarters, seasons, decades and the vague PAST_REF/PRESENT_REF/FUTURE_REF references.
// Prepositions ("on", "in") stay outside an expression; determiners and modifiers
// ("the", "last", "early") are part of it.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "dyad/dates.h"
#include "dyad/text.h"

namespace dyad {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

bool Capitalised(std::string_view s) { return !s.empty() && std::isupper(static_cast<unsigned char>(s[0])); }

// Month number for a month name or abbreviation ("Jan.", "Sept"), 0 otherwise. Names must be
// capitalised; "May" and "March" need a supporting context checked by the caller.
int MonthNumber(std::string_view word) {
  if (!Capitalised(word) || word.size() > 10) return 0;  // longest: "September." 
  std::string w = Lower(word);
  if (!w.empty() && w.back() == '.') w.pop_back();
  static const std::array<std::pair<const char*, int>, 22> kMonths = {{
      {"january", 1}, {"february", 2}, {"march", 3},  {"april", 4},     {"may", 5},      {"june", 6},
      {"july", 7},    {"august", 8},   {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12},
      {"jan", 1},     {"feb", 2},      {"mar", 3},    {"apr", 4},       {"jun", 6},      {"jul", 7},
      {"aug", 8},     {"sep", 9},      {"oct", 10},   {"nov", 11}}};
  for (const auto& [name, number] : kMonths) {
    if (w == name) return number;
  }
  if (w == "sept") return 9;
  if (w == "dec") return 12;
  return 0;
}

// 0 = Monday ... 6 = Sunday, or -1.
int WeekdayNumber(std::string_view word) {
  if (!Capitalised(word) || word.size() < 6 || word.size() > 9) return -1;  // "Monday" .. "Wednesday"
  static const std::array<const char*, 7> kDays = {"monday", "tuesday", "wednesday", "thursday",
                                                   "friday", "saturday", "sunday"};
  const std::string w = Lower(word);
  for (int i = 0; i < 7; ++i) {
    if (w == kDays[i]) return i;
  }
  return -1;
}

// Day of month from "15", "15th", "1st", or 0.
int DayOfMonth(std::string_view word) {
  std::string_view digits = word;
  if (digits.size() > 2) {
    std::string_view suffix = digits.substr(digits.size() - 2);
    if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") digits.remove_suffix(2);
  }
  if (!IsDigits(digits) || digits.size() > 2) return 0;
  const int d = ToInt(digits);
  return d >= 1 && d <= 31 ? d : 0;
}

int YearNumber(std::string_view word) {
  if (!IsDigits(word) || word.size() != 4) return 0;
  const int y = ToInt(word);
  return y >= 1000 && y <= 2199 ? y : 0;
}

// Cardinal number for "two", "a", "12", or 0.
int SmallNumber(std::string_view word) {
  if (word.empty() || word.size() > 6) return 0;  // longest: "eleven", "twelve"
  static const std::array<const char*, 13> kWords = {"zero", "one", "two",   "three", "four",   "five", "six",
                                                     "seven", "eight", "nine", "ten",  "eleven", "twelve"};
  const std::string w = Lower(word);
  if (w == "a" || w == "an") return 1;
  for (int i = 1; i < 13; ++i) {
    if (w == kWords[i]) return i;
  }
  if (IsDigits(w) && w.size() <= 3) return ToInt(w);
  return 0;
}

int Ordinal(std::string_view word) {
  if (word.size() < 5 || word.size() > 6) return 0;  // "first" .. "fourth"
  static const std::array<const char*, 4> kWords = {"first", "second", "third", "fourth"};
  const std::string w = Lower(word);
  for (int i = 0; i < 4; ++i) {
    if (w == kWords[i]) return i + 1;
  }
  return 0;
}

// Cheap test run before the patterns: true when lower-cased token `w` could be the first
// token of some date expression (a digit or apostrophe, or one of the words a pattern starts
// with, also before a hyphen as in "mid-July" or "third-quarter"). Most tokens fail it.
bool CanStartDate(const std::string& w) {
  if (w.empty()) return false;
  const unsigned char first = static_cast<unsigned char>(w[0]);
  if (std::isdigit(first) || first == '\'') return true;
  std::string_view head(w);
  if (const size_t dash = head.find('-'); dash != std::string_view::npos) head = head.substr(0, dash);
  if (!head.empty() && head.back() == '.') head.remove_suffix(1);
  static const std::unordered_set<std::string_view> kStarters = {
      // modifiers, determiners and deictic words
      "early", "late", "mid", "earlier", "later", "the", "this", "last", "next", "coming", "past", "previous",
      "today", "tonight", "yesterday", "tomorrow", "now", "currently", "nowadays", "recently", "lately",
      "recent", "fiscal",
      // seasons, ordinals, quarters, small numbers
      "spring", "summer", "fall", "autumn", "winter", "first", "second", "third", "fourth", "q1", "q2", "q3",
      "q4", "a", "an", "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
      "eleven", "twelve",
      // weekdays and months
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
      "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
      "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"};
  return kStarters.count(head) > 0;
}

enum class Grain { kDay, kWeek, kWeekend, kMonth, kQuarter, kSeason, kYear, kDecade, kRef };

// A normalised period before conversion to TIMEX3 and dyad values.
struct Period {
  Grain grain = Grain::kDay;
  CivilDate date;         // day, or any day inside the week/month/year
  int quarter = 0;        // 1..4
  std::string season;     // SP, SU, FA, WI
  std::string ref;        // PAST_REF, PRESENT_REF, FUTURE_REF
  bool relative = false;  // depends on the anchor date
};

std::string Pad(int v, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*d", width, v);
  return buf;
}

CivilDate MondayOf(const CivilDate& d) { return d.AddDays(-d.Weekday()); }

// ISO-8601 week-numbering year and week of `d`.
std::pair<int, int> IsoWeek(const CivilDate& d) {
  const CivilDate thursday = d.AddDays(3 - d.Weekday());
  const CivilDate jan1{thursday.year, 1, 1};
  const int64_t week = (thursday.DayNumber() - jan1.DayNumber()) / 7 + 1;
  return {thursday.year, static_cast<int>(week)};
}

DateMention ToMention(const Period& p, const CivilDate& anchor) {
  DateMention m;
  const CivilDate& d = p.date;
  switch (p.grain) {
    case Grain::kDay:
      m.timex = m.value = d.Iso();
      m.precision = "day";
      m.first_day = m.last_day = d;
      break;
    case Grain::kWeek:
    case Grain::kWeekend: {
      const auto [wy, wn] = IsoWeek(d);
      m.timex = Pad(wy, 4) + "-W" + Pad(wn, 2) + (p.grain == Grain::kWeekend ? "-WE" : "");
      const CivilDate monday = MondayOf(d);
      m.first_day = p.grain == Grain::kWeekend ? monday.AddDays(5) : monday;
      m.last_day = monday.AddDays(6);
      m.value = m.first_day.Iso();
      m.precision = "week";
      break;
    }
    case Grain::kMonth:
      m.timex = m.value = Pad(d.year, 4) + "-" + Pad(d.month, 2);
      m.precision = "month";
      m.first_day = {d.year, d.month, 1};
      m.last_day = {d.year, d.month, DaysInMonth(d.year, d.month)};
      break;
    case Grain::kQuarter:
      m.timex = Pad(d.year, 4) + "-Q" + std::to_string(p.quarter);
      m.value = Pad(d.year, 4);
      m.precision = "year";
      m.first_day = {d.year, 3 * p.quarter - 2, 1};
      m.last_day = {d.year, 3 * p.quarter, DaysInMonth(d.year, 3 * p.quarter)};
      break;
    case Grain::kSeason:
      m.timex = Pad(d.year, 4) + "-" + p.season;
      m.value = Pad(d.year, 4);
      m.precision = "year";
      m.first_day = {d.year, 1, 1};
      m.last_day = {d.year, 12, 31};
      break;
    case Grain::kYear:
      m.timex = m.value = Pad(d.year, 4);
      m.precision = "year";
      m.first_day = {d.year, 1, 1};
      m.last_day = {d.year, 12, 31};
      break;
    case Grain::kDecade:
      m.timex = Pad(d.year / 10, 3) + "X";
      m.precision = "none";
      m.first_day = {d.year / 10 * 10, 1, 1};
      m.last_day = {d.year / 10 * 10 + 9, 12, 31};
      break;
    case Grain::kRef:
      m.timex = p.ref;
      m.precision = "none";
      m.first_day = m.last_day = anchor;
      break;
  }
  return m;
}

CivilDate ShiftMonths(const CivilDate& d, int months) {
  int total = d.year * 12 + (d.month - 1) + months;
  CivilDate out{total / 12, total % 12 + 1, 1};
  out.day = std::min(d.day, DaysInMonth(out.year, out.month));
  return out;
}

// Sentence-level view of the tokens with the helpers every pattern needs.
class Matcher {
 public:
  Matcher(const std::vector<Token>& tokens, uint32_t first, uint32_t end, const CivilDate& anchor)
      : tokens_(tokens), first_(first), end_(end), anchor_(anchor) {
    lower_.reserve(end - first);
    for (uint32_t i = first; i < end; ++i) lower_.push_back(Lower(tokens[i].text));
  }

  std::vector<DateMention> Run() {
    std::vector<DateMention> out;
    uint32_t i = first_;
    while (i < end_) {
      if (!CanStartDate(L(i))) {
        ++i;
        continue;
      }
      Period period;
      const uint32_t len = MatchModified(i, &period);
      if (len == 0) {
        ++i;
        continue;
      }
      DateMention m = ToMention(period, anchor_);
      m.first_token = i;
      m.end_token = i + len;
      m.relative = period.relative;
      out.push_back(std::move(m));
      i += len;
    }
    return out;
  }

 private:
  std::string_view W(uint32_t i) const { return i < end_ ? std::string_view(tokens_[i].text) : std::string_view(); }
  // Lower-cased token text, computed once per sentence (patterns look at tokens many times).
  const std::string& L(uint32_t i) const {
    static const std::string kEmpty;
    return i >= first_ && i < end_ ? lower_[i - first_] : kEmpty;
  }
  bool Is(uint32_t i, std::initializer_list<const char*> words) const {
    const std::string& w = L(i);
    return std::any_of(words.begin(), words.end(), [&w](const char* x) { return w == x; });
  }
  bool IsPunct(uint32_t i) const {
    if (i >= end_) return true;
    const std::string_view w = W(i);
    return !w.empty() && std::ispunct(static_cast<unsigned char>(w[0])) && w != "$" && w != "%";
  }

  // The sentence speaks of the future at token i: a future auxiliary or scheduling word in the
  // few tokens before it, with no past reporting verb in between.
  bool FutureContext(uint32_t i) const {
    const uint32_t from = i > first_ + 8 ? i - 8 : first_;
    for (uint32_t k = i; k-- > from;) {
      const std::string& w = L(k);
      if (w == "said" || w == "was" || w == "were" || w == "had" || w == "did") return false;
      if (w == "will" || w == "'ll" || w == "shall" || w == "wo" || w == "scheduled" || w == "planned" ||
          w == "plans" || w == "plan" || w == "expected" || w == "due" || w == "upcoming" || w == "next" ||
          w == "until" || w == "tomorrow") {
        return true;
      }
      if (w == "going" && L(k + 1) == "to") return true;
    }
    return false;
  }

  // Resolves a month/day without a year: the nearest such date, preferring the future when
  // the context is.
  CivilDate NearestDate(int month, int day, bool future) const {
    CivilDate best{};
    int64_t best_distance = 0;
    for (int y = anchor_.year - 1; y <= anchor_.year + 1; ++y) {
      const int d = std::min(day, DaysInMonth(y, month));
      CivilDate c{y, month, d};
      int64_t distance = c.DayNumber() - anchor_.DayNumber();
      if (future && distance < 0) continue;
      if (!future && distance > 31) continue;
      distance = distance < 0 ? -distance : distance;
      if (best.year == 0 || distance < best_distance) {
        best = c;
        best_distance = distance;
      }
    }
    return best.year == 0 ? CivilDate{anchor_.year, month, std::min(day, DaysInMonth(anchor_.year, month))} : best;
  }

  // Returns the length of the expression starting at i (0 for none) and fills *p.
  // Optional "early/late/mid/earlier/later" modifier before a core expression.
  uint32_t MatchModified(uint32_t i, Period* p) const {
    uint32_t skip = 0;
    if (Is(i, {"early", "late", "mid", "earlier", "later", "mid-"})) skip = 1;
    if (skip && L(i + 1) == "-") skip = 2;
    if (skip) {
      if (uint32_t n = MatchCore(i + skip, p)) return skip + n;
    }
    return MatchCore(i, p);
  }

  uint32_t MatchCore(uint32_t i, Period* p) const {
    using Fn = uint32_t (Matcher::*)(uint32_t, Period*) const;
    static const std::array<Fn, 10> kPatterns = {
        &Matcher::MatchIso,    &Matcher::MatchWeekday, &Matcher::MatchMonthFirst, &Matcher::MatchDayFirst,
        &Matcher::MatchDeictic, &Matcher::MatchAgo,    &Matcher::MatchQuarter,    &Matcher::MatchDecade,
        &Matcher::MatchYear,   &Matcher::MatchVague};
    for (Fn fn : kPatterns) {
      *p = Period();
      if (uint32_t n = (this->*fn)(i, p)) return n;
    }
    return 0;
  }

  // 2021-07-08, 7/8/2021 (US order), 2021/07/08.
  uint32_t MatchIso(uint32_t i, Period* p) const {
    const std::string_view w = W(i);
    if (auto d = ParseIsoDate(w)) {
      p->grain = Grain::kDay;
      p->date = *d;
      return 1;
    }
    int a = 0, b = 0, c = 0;
    char tail = 0;
    const std::string s(w);
    if (std::sscanf(s.c_str(), "%d/%d/%d%c", &a, &b, &c, &tail) == 3 && s.find('/') != std::string::npos) {
      if (a >= 1000) std::swap(a, c), std::swap(a, b);  // 2021/07/08 -> a=7 b=8 c=2021
      if (c < 100) c += c < 50 ? 2000 : 1900;
      if (a >= 1 && a <= 12 && b >= 1 && b <= DaysInMonth(c, a) && c >= 1000 && c <= 2199) {
        p->grain = Grain::kDay;
        p->date = {c, a, b};
        return 1;
      }
    }
    return 0;
  }

  // [last|this|next|coming|past] Monday [morning|...] [, July 8[, 2021]]
  uint32_t MatchWeekday(uint32_t i, Period* p) const {
    uint32_t k = i;
    std::string direction;
    if (Is(k, {"last", "this", "next", "coming", "past"})) direction = L(k++);
    const int wd = WeekdayNumber(W(k));
    if (wd < 0) return 0;
    ++k;
    // An explicit date after the weekday wins: "Thursday, July 8".
    Period explicit_date;
    uint32_t after = k + (W(k) == "," ? 1 : 0);
    if (uint32_t n = MatchMonthFirst(after, &explicit_date); n && explicit_date.grain == Grain::kDay) {
      *p = explicit_date;
      return after + n - i;
    }
    if (Is(k, {"morning", "afternoon", "evening", "night"})) ++k;
    const int today = anchor_.Weekday();
    int64_t offset = 0;
    if (direction == "next" || direction == "coming" || (direction.empty() && FutureContext(i))) {
      offset = (wd - today + 7) % 7;
      if (direction == "next" && offset == 0) offset = 7;
    } else if (direction == "this") {
      offset = wd - today;
    } else {
      offset = -((today - wd + 7) % 7);
      if ((direction == "last" || direction == "past") && offset == 0) offset = -7;
    }
    p->grain = Grain::kDay;
    p->date = anchor_.AddDays(offset);
    p->relative = true;
    return k - i;
  }

  // July 8, July 8, 2021, July 2021, July, Jan. 8th
  uint32_t MatchMonthFirst(uint32_t i, Period* p) const {
    std::string_view word = W(i);
    for (std::string_view prefix : {"mid-", "early-", "late-"}) {
      if (word.size() > prefix.size() && Lower(word.substr(0, prefix.size())) == prefix) word.remove_prefix(prefix.size());
    }
    const int month = MonthNumber(word);
    if (month == 0) return 0;
    const bool verb_like = Lower(W(i)) == "may" || Lower(W(i)) == "march";
    uint32_t k = i + 1;
    const int day = DayOfMonth(W(k));
    if (day) {
      ++k;
      uint32_t year_at = k + (W(k) == "," ? 1 : 0);
      if (int y = YearNumber(W(year_at)); y && day <= DaysInMonth(y, month)) {
        p->grain = Grain::kDay;
        p->date = {y, month, day};
        return year_at + 1 - i;
      }
      if (day > DaysInMonth(anchor_.year, month) && !(month == 2 && day == 29)) return 0;
      p->grain = Grain::kDay;
      p->date = NearestDate(month, day, FutureContext(i));
      p->relative = true;
      return k - i;
    }
    uint32_t year_at = k + (W(k) == "," || L(k) == "of" ? 1 : 0);
    if (int y = YearNumber(W(year_at))) {
      p->grain = Grain::kMonth;
      p->date = {y, month, 1};
      return year_at + 1 - i;
    }
    // A bare month name: "March" and "May" only after a preposition or determiner.
    const std::string prev = i > first_ ? L(i - 1) : "";
    const bool supported = prev == "in" || prev == "since" || prev == "last" || prev == "next" || prev == "this" ||
                           prev == "early" || prev == "late" || prev == "mid" || prev == "until" || prev == "by" ||
                           prev == "of" || prev == "during" || prev == "before" || prev == "after";
    if (verb_like && !supported) return 0;
    if (!supported && !IsPunct(k)) return 0;
    const bool future = FutureContext(i);
    int year = anchor_.year;
    if (future && month < anchor_.month) ++year;
    if (!future && month > anchor_.month) --year;
    p->grain = Grain::kMonth;
    p->date = {year, month, 1};
    p->relative = true;
    return 1;
  }

  // 8 July [2021], the 8th of July
  uint32_t MatchDayFirst(uint32_t i, Period* p) const {
    uint32_t k = i;
    if (L(k) == "the") ++k;
    const int day = DayOfMonth(W(k));
    if (!day) return 0;
    ++k;
    if (L(k) == "of") ++k;
    const int month = MonthNumber(W(k));
    if (!month) return 0;
    ++k;
    if (int y = YearNumber(W(k)); y && day <= DaysInMonth(y, month)) {
      p->grain = Grain::kDay;
      p->date = {y, month, day};
      return k + 1 - i;
    }
    if (day > DaysInMonth(anchor_.year, month) && !(month == 2 && day == 29)) return 0;
    p->grain = Grain::kDay;
    p->date = NearestDate(month, day, FutureContext(i));
    p->relative = true;
    return k - i;
  }

  // today, yesterday, tomorrow, tonight, now, last week, this month, next year, last night...
  uint32_t MatchDeictic(uint32_t i, Period* p) const {
    const std::string& w = L(i);
    p->relative = true;
    auto day = [&](int64_t offset, uint32_t len) {
      p->grain = Grain::kDay;
      p->date = anchor_.AddDays(offset);
      return len;
    };
    if (w == "today" || w == "tonight") return day(0, 1);
    if (w == "yesterday") return day(-1, 1);
    if (w == "tomorrow") return day(1, 1);
    if (w == "the" && L(i + 1) == "day" && L(i + 2) == "before" && L(i + 3) == "yesterday") return day(-2, 4);
    if (w == "the" && L(i + 1) == "day" && L(i + 2) == "after" && L(i + 3) == "tomorrow") return day(2, 4);
    if (w == "now" || w == "currently" || w == "nowadays") {
      p->grain = Grain::kRef;
      p->ref = "PRESENT_REF";
      return 1;
    }
    uint32_t k = i;
    if (w == "this" && L(i + 1) == "past") ++k;  // "this past week"
    const std::string dir = L(k);
    if (dir != "this" && dir != "last" && dir != "next" && dir != "coming" && dir != "previous" && dir != "past") {
      return 0;
    }
    const std::string unit = L(k + 1);
    const uint32_t len = k + 2 - i;
    const int step = dir == "this" ? 0 : (dir == "next" || dir == "coming") ? 1 : -1;
    if (unit == "night") return dir == "last" ? day(-1, len) : 0;
    if (unit == "morning" || unit == "afternoon" || unit == "evening") return dir == "this" ? day(0, len) : 0;
    if ((dir == "past" || dir == "previous") && W(k + 2) != "" && !IsPunct(k + 2)) return 0;
    if (dir == "past") return 0;  // "the past week" is a duration
    if (unit == "week" || unit == "weekend") {
      p->grain = unit == "week" ? Grain::kWeek : Grain::kWeekend;
      p->date = anchor_.AddDays(7 * step);
      return len;
    }
    if (unit == "month") {
      p->grain = Grain::kMonth;
      p->date = ShiftMonths(anchor_, step);
      return len;
    }
    if (unit == "year") {
      p->grain = Grain::kYear;
      p->date = {anchor_.year + step, 1, 1};
      return len;
    }
    if (unit == "quarter") {
      int q = (anchor_.month - 1) / 3 + 1 + step;
      int y = anchor_.year;
      if (q < 1) q = 4, --y;
      if (q > 4) q = 1, ++y;
      p->grain = Grain::kQuarter;
      p->quarter = q;
      p->date = {y, 3 * q - 2, 1};
      return len;
    }
    if (unit == "spring" || unit == "summer" || unit == "fall" || unit == "autumn" || unit == "winter") {
      p->grain = Grain::kSeason;
      p->season = unit == "spring" ? "SP" : unit == "summer" ? "SU" : unit == "winter" ? "WI" : "FA";
      p->date = {anchor_.year + step, 1, 1};
      return len;
    }
    return 0;
  }

  // two days ago, a year ago, three weeks ago
  uint32_t MatchAgo(uint32_t i, Period* p) const {
    const int n = SmallNumber(W(i));
    if (!n) return 0;
    std::string unit = L(i + 1);
    if (!unit.empty() && unit.back() == 's') unit.pop_back();
    if (L(i + 2) != "ago") return 0;
    p->relative = true;
    if (unit == "day") {
      p->grain = Grain::kDay;
      p->date = anchor_.AddDays(-n);
    } else if (unit == "week") {
      p->grain = Grain::kWeek;
      p->date = anchor_.AddDays(-7 * n);
    } else if (unit == "month") {
      p->grain = Grain::kMonth;
      p->date = ShiftMonths(anchor_, -n);
    } else if (unit == "year") {
      p->grain = Grain::kYear;
      p->date = {anchor_.year - n, 1, 1};
    } else {
      return 0;
    }
    return 3;
  }

  // the third quarter [of 1997], third-quarter, Q3
  uint32_t MatchQuarter(uint32_t i, Period* p) const {
    uint32_t k = i;
    if (L(k) == "the") ++k;
    int q = 0;
    const std::string& w = L(k);
    if (w.size() == 2 && w[0] == 'q' && w[1] >= '1' && w[1] <= '4') {
      q = w[1] - '0';
      ++k;
    } else if (const size_t dash = w.find("-quarter"); dash != std::string::npos && dash + 8 == w.size()) {
      q = Ordinal(w.substr(0, dash));
      ++k;
    } else if (Ordinal(w) && L(k + 1) == "quarter") {
      q = Ordinal(w);
      k += 2;
    } else if (Ordinal(w) && L(k + 1) == "-" && L(k + 2) == "quarter") {
      q = Ordinal(w);
      k += 3;
    }
    if (!q) return 0;
    int year = anchor_.year;
    p->relative = true;
    if (L(k) == "of" && YearNumber(W(k + 1))) {
      year = YearNumber(W(k + 1));
      k += 2;
      p->relative = false;
    } else if (YearNumber(W(k))) {
      year = YearNumber(W(k));
      ++k;
      p->relative = false;
    } else if (q > (anchor_.month - 1) / 3 + 1 && !FutureContext(i)) {
      --year;  // a quarter not yet begun is last year's when reported in the past
    }
    p->grain = Grain::kQuarter;
    p->quarter = q;
    p->date = {year, 3 * q - 2, 1};
    return k - i;
  }

  // 1990s, the 1990s, the '90s
  uint32_t MatchDecade(uint32_t i, Period* p) const {
    uint32_t k = i;
    if (L(k) == "the") ++k;
    std::string w = L(k);
    int decade = -1;
    if (w.size() == 5 && w.back() == 's' && YearNumber(w.substr(0, 4)) && w[3] == '0') {
      decade = ToInt(w.substr(0, 4));
    } else if (w.size() == 4 && (w[0] == '\'' ) && w.back() == 's' && IsDigits(w.substr(1, 2)) && w[2] == '0') {
      decade = 1900 + ToInt(w.substr(1, 2));
    }
    if (decade < 0) return 0;
    p->grain = Grain::kDecade;
    p->date = {decade, 1, 1};
    return k + 1 - i;
  }

  // in 2014, fiscal 1998, mid-2020, summer 2019, the summer of 2019
  uint32_t MatchYear(uint32_t i, Period* p) const {
    uint32_t k = i;
    std::string season;
    if (L(k) == "the" && Is(k + 1, {"spring", "summer", "fall", "autumn", "winter"}) && L(k + 2) == "of") {
      season = L(k + 1);
      k += 3;
    } else if (Is(k, {"spring", "summer", "fall", "autumn", "winter"}) && YearNumber(W(k + 1))) {
      season = L(k);
      ++k;
    } else if (L(k) == "fiscal") {
      ++k;
    }
    std::string_view w = W(k);
    if (w.size() == 8 && Lower(w.substr(0, 4)) == "mid-") w.remove_prefix(4);
    const int year = YearNumber(w);
    if (!year) return 0;
    if (k == i) {
      // A bare four-digit number is a year only in a date-like context.
      const std::string prev = i > first_ ? L(i - 1) : "";
      static const std::array<const char*, 21> kBefore = {
          "in",   "since", "during", "by",    "until",  "till", "before", "after",   "from", "through", "to",
          "of",   "early", "late",   "mid",   "between", "and", "around", "circa", "year", "-"};
      const bool prev_ok = std::any_of(kBefore.begin(), kBefore.end(), [&prev](const char* x) { return prev == x; });
      const bool next_ok = IsPunct(i + 1) || L(i + 1) == "'s" || L(i + 1) == "and";
      if (!prev_ok && !next_ok) return 0;
      if (prev == "$" || L(i + 1) == "%" || Is(i + 1, {"percent", "people", "troops", "million", "billion"})) {
        return 0;
      }
    }
    if (!season.empty()) {
      p->grain = Grain::kSeason;
      p->season = season == "spring" ? "SP" : season == "summer" ? "SU" : season == "winter" ? "WI" : "FA";
    } else {
      p->grain = Grain::kYear;
    }
    p->date = {year, 1, 1};
    return k + 1 - i;
  }

  // recent years, recently, the past, the future, the present
  uint32_t MatchVague(uint32_t i, Period* p) const {
    const std::string& w = L(i);
    p->grain = Grain::kRef;
    p->relative = true;
    if (w == "recently" || w == "lately") {
      p->ref = "PAST_REF";
      return 1;
    }
    if (w == "recent" && Is(i + 1, {"years", "months", "weeks", "days", "decades", "times"})) {
      p->ref = "PAST_REF";
      return 2;
    }
    if (w == "the" && Is(i + 1, {"past", "future", "present"}) && (IsPunct(i + 2) || Is(i + 2, {"and", "or"}))) {
      const std::string x = L(i + 1);
      p->ref = x == "past" ? "PAST_REF" : x == "future" ? "FUTURE_REF" : "PRESENT_REF";
      return 2;
    }
    return 0;
  }

  const std::vector<Token>& tokens_;
  uint32_t first_, end_;
  std::vector<std::string> lower_;
  CivilDate anchor_;
};

}  // namespace

std::vector<DateMention> FindDateMentions(const std::vector<Token>& tokens, uint32_t first, uint32_t end,
                                          const CivilDate& anchor) {
  end = std::min<uint32_t>(end, static_cast<uint32_t>(tokens.size()));
  if (first >= end) return {};
  return Matcher(tokens, first, end, anchor).Run();
}

std::vector<DateMention> FindDateMentionsInText(std::string_view text, const CivilDate& anchor,
                                                std::vector<Token>* tokens_out) {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  if (!ValidateUtf8(text).ok()) return {};
  Tokenize(text, TokenizerOptions(), &tokens, &sentences);
  std::vector<DateMention> out;
  for (const Sentence& s : sentences) {
    auto found = FindDateMentions(tokens, s.first_token, s.end_token, anchor);
    out.insert(out.end(), found.begin(), found.end());
  }
  if (tokens_out) *tokens_out = std::move(tokens);
  return out;
}

}  // namespace dyad

#include <gtest/gtest.h>

#include "dyad/dates.h"
#include "dyad/pipeline.h"

namespace dyad {
namespace {

struct Case {
  const char* anchor;
  const char* text;
  const char* span;   // expected expression text
  const char* timex;  // expected TIMEX3 value
};

std::string Span(const std::string& text, const std::vector<Token>& tokens, const DateMention& m) {
  return text.substr(tokens[m.first_token].begin, tokens[m.end_token - 1].end - tokens[m.first_token].begin);
}

TEST(DateNormalize, Table) {
  const Case kCases[] = {
      // Weekdays resolve to the most recent such day on or before the anchor (a Thursday).
      {"2021-07-08", "Early Thursday, three rockets were fired.", "Early Thursday", "2021-07-08"},
      {"2021-07-08", "The SDF said Wednesday that it thwarted an attack.", "Wednesday", "2021-07-07"},
      {"2021-07-08", "Talks collapsed on Friday.", "Friday", "2021-07-02"},
      {"2021-07-08", "Ministers will meet on Friday.", "Friday", "2021-07-09"},
      {"2021-07-08", "They met last Thursday.", "last Thursday", "2021-07-01"},
      {"2021-07-08", "The summit is next Monday.", "next Monday", "2021-07-12"},
      // Month and year boundaries.
      {"2021-03-01", "Protests began on Saturday.", "Saturday", "2021-02-27"},
      {"2021-01-01", "Rebels struck on Wednesday.", "Wednesday", "2020-12-30"},
      {"2021-01-01", "Shelling resumed yesterday.", "yesterday", "2020-12-31"},
      {"2020-03-01", "Troops withdrew yesterday.", "yesterday", "2020-02-29"},  // leap year
      {"2019-03-01", "Troops withdrew yesterday.", "yesterday", "2019-02-28"},
      {"2021-01-03", "Police arrested him two days ago.", "two days ago", "2021-01-01"},
      {"2021-01-13", "Voting ended last week.", "last week", "2021-W01"},
      {"2021-01-10", "Voting ended last week.", "last week", "2020-W53"},
      {"2021-01-10", "Prices fell last month.", "last month", "2020-12"},
      {"2021-01-10", "Exports rose last year.", "last year", "2020"},
      {"2021-07-08", "Officials met today.", "today", "2021-07-08"},
      // Explicit dates.
      {"2021-07-08", "The deal was signed on March 15.", "March 15", "2021-03-15"},
      {"2021-07-08", "The deal was signed March 15, 2020.", "March 15, 2020", "2020-03-15"},
      {"2021-07-08", "The deal was signed on 15 March 2019.", "15 March 2019", "2019-03-15"},
      {"2021-07-08", "In January 2020, parliament voted.", "January 2020", "2020-01"},
      {"2021-07-08", "The militia formed in 2014 to fight.", "2014", "2014"},
      {"2021-07-08", "Data released 2021-06-30 show gains.", "2021-06-30", "2021-06-30"},
      {"2021-07-08", "BAGHDAD, July 8 (Reuters) - Rockets hit.", "July 8", "2021-07-08"},
      {"2021-01-05", "BAGHDAD, Dec. 30 (Reuters) - Rockets hit.", "Dec. 30", "2020-12-30"},
      {"2020-02-29", "Elections were held on Feb. 29.", "Feb. 29", "2020-02-29"},
      // Vague and non-dates.
      {"2021-07-08", "Airstrikes hit the group in recent years.", "recent years", "PAST_REF"},
      {"2021-07-08", "Prices are high now.", "now", "PRESENT_REF"},
      {"2021-07-08", "Sales peaked in the 1990s.", "the 1990s", "199X"},
      {"1998-01-08", "Profit rose in the third quarter.", "the third quarter", "1997-Q3"},
  };
  for (const Case& c : kCases) {
    std::vector<Token> tokens;
    auto mentions = FindDateMentionsInText(c.text, *ParseIsoDate(c.anchor), &tokens);
    ASSERT_EQ(mentions.size(), 1u) << c.text;
    EXPECT_EQ(Span(c.text, tokens, mentions[0]), c.span) << c.text;
    EXPECT_EQ(mentions[0].timex, c.timex) << c.text;
  }
}

TEST(DateNormalize, NonDates) {
  const char* kTexts[] = {"It was the fourth day in a row that facilities were targeted.",
                          "He may resign soon.", "Troops march on the capital.",
                          "About 2000 people protested.", "Sales rose 12 percent."};
  for (const char* text : kTexts) {
    EXPECT_TRUE(FindDateMentionsInText(text, {2021, 7, 8}).empty()) << text;
  }
}

TEST(DateNormalize, ValuesAndPrecision) {
  auto m = FindDateMentionsInText("In January 2020 parliament voted.", {2021, 7, 8});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].value, "2020-01");
  EXPECT_EQ(m[0].precision, "month");
  EXPECT_EQ(m[0].first_day.Iso(), "2020-01-01");
  EXPECT_EQ(m[0].last_day.Iso(), "2020-01-31");
  m = FindDateMentionsInText("They clashed last week.", {2021, 7, 8});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].precision, "week");
  EXPECT_EQ(m[0].value, "2021-06-28");  // the Monday
  m = FindDateMentionsInText("Airstrikes in recent years.", {2021, 7, 8});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].value, "");
  EXPECT_EQ(m[0].precision, "none");
}

TEST(CivilDate, Arithmetic) {
  EXPECT_EQ(CivilDate({2021, 7, 8}).Weekday(), 3);  // Thursday
  EXPECT_EQ(CivilDate({2000, 2, 28}).AddDays(1).Iso(), "2000-02-29");
  EXPECT_EQ(CivilDate({1900, 2, 28}).AddDays(1).Iso(), "1900-03-01");
  EXPECT_EQ(CivilDate({2020, 12, 31}).AddDays(1).Iso(), "2021-01-01");
  EXPECT_FALSE(ParseIsoDate("2021-02-29"));
  EXPECT_TRUE(ParseIsoDate("2024-02-29"));
  EXPECT_FALSE(ParseIsoDate("2021-13-01"));
  EXPECT_FALSE(ParseIsoDate("2021-1-01"));
}

}  // namespace
}  // namespace dyad

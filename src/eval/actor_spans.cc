// Actor spans against BIO-tagged sentences (`dyad eval actors`).
#include <algorithm>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "dyad/eval_extra.h"

namespace dyad {

Result<std::vector<BioSentence>> ParseBio(std::string_view content, const std::string& name) {
  std::vector<BioSentence> out;
  BioSentence current;
  size_t line_number = 0;
  size_t start = 0;
  while (start <= content.size()) {
    const size_t newline = std::min(content.find('\n', start), content.size());
    std::string_view line = content.substr(start, newline - start);
    ++line_number;
    start = newline + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      if (!current.tokens.empty()) out.push_back(std::move(current));
      current = BioSentence();
      if (newline == content.size()) break;
      continue;
    }
    const size_t split = line.find_last_of(" \t");
    if (split == std::string_view::npos || split == 0) {
      return Status::Error(name + ":" + std::to_string(line_number) + ": expected 'token tag'");
    }
    std::string_view token = line.substr(0, split);
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.remove_suffix(1);
    const std::string_view tag = line.substr(split + 1);
    if (tag != "O" && !(tag.size() > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-')) {
      return Status::Error(name + ":" + std::to_string(line_number) + ": bad tag '" + std::string(tag) + "'");
    }
    if (current.tokens.empty()) current.line = line_number;
    current.tokens.emplace_back(token);
    current.tags.emplace_back(tag);
    if (newline == content.size()) break;
  }
  if (!current.tokens.empty()) out.push_back(std::move(current));
  return out;
}

Result<std::vector<BioSentence>> ReadBioFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error("cannot read '" + path + "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseBio(buffer.str(), path);
}

std::vector<RoleSpan> GoldRoleSpans(const BioSentence& sentence) {
  std::vector<RoleSpan> spans;
  for (size_t i = 0; i < sentence.tags.size(); ++i) {
    const std::string& tag = sentence.tags[i];
    if (tag.size() != 3 || (tag[2] != 'S' && tag[2] != 'T')) continue;
    const bool continues = tag[0] == 'I' && !spans.empty() && spans.back().end == i && spans.back().role == tag[2];
    if (continues) {
      spans.back().end = i + 1;
    } else {
      spans.push_back({i, i + 1, tag[2]});
    }
  }
  return spans;
}

namespace {

// Matches predicted against gold spans of one role, one-to-one; `overlap` accepts any shared token.
LevelCounts MatchSpans(const std::vector<RoleSpan>& gold, const std::vector<RoleSpan>& predicted, bool overlap) {
  LevelCounts counts;
  std::vector<bool> used(gold.size(), false);
  for (const RoleSpan& p : predicted) {
    bool matched = false;
    for (size_t g = 0; g < gold.size() && !matched; ++g) {
      if (used[g]) continue;
      const bool hit = overlap ? p.first < gold[g].end && gold[g].first < p.end : p == gold[g];
      if (hit) used[g] = matched = true;
    }
    ++(matched ? counts.tp : counts.fp);
  }
  counts.fn = static_cast<size_t>(std::count(used.begin(), used.end(), false));
  return counts;
}

std::vector<RoleSpan> OfRole(const std::vector<RoleSpan>& spans, char role) {
  std::vector<RoleSpan> out;
  for (const RoleSpan& s : spans) {
    if (s.role == role) out.push_back(s);
  }
  return out;
}

}  // namespace

void ScoreRoleSpans(const std::vector<RoleSpan>& gold, const std::vector<RoleSpan>& predicted,
                    ActorSpanScores* totals) {
  for (char role : {'S', 'T'}) {
    SpanCounts& counts = role == 'S' ? totals->source : totals->target;
    const auto g = OfRole(gold, role);
    const auto p = OfRole(predicted, role);
    counts.exact += MatchSpans(g, p, false);
    counts.overlap += MatchSpans(g, p, true);
  }
}

ActorSpanScores EvaluateActorSpans(const std::vector<BioSentence>& gold, const Pipeline& pipeline,
                                   const PredictionFilter& filter) {
  ActorSpanScores totals;
  for (const BioSentence& sentence : gold) {
    Document doc;
    std::vector<uint32_t> starts;  // byte offset of each gold token
    for (const std::string& token : sentence.tokens) {
      if (!doc.text.empty()) doc.text += ' ';
      starts.push_back(static_cast<uint32_t>(doc.text.size()));
      doc.text += token;
    }
    doc.id = "line" + std::to_string(sentence.line);
    if (!pipeline.Process(doc).ok()) {
      ++totals.pipeline_errors;
      doc.events.clear();
    }
    // Byte span → gold token range (tokens overlapping the span).
    const auto to_span = [&](const EventActor& actor, char role) {
      RoleSpan span{0, 0, role};
      const auto first = std::upper_bound(starts.begin(), starts.end(), actor.begin);
      span.first = static_cast<size_t>(first - starts.begin()) - 1;
      const auto last = std::lower_bound(starts.begin(), starts.end(), actor.end);
      span.end = static_cast<size_t>(last - starts.begin());
      return span;
    };
    std::vector<RoleSpan> predicted;
    const auto add = [&](const RoleSpan& span) {
      if (span.end > span.first && std::find(predicted.begin(), predicted.end(), span) == predicted.end()) {
        predicted.push_back(span);
      }
    };
    for (const Event& event : doc.events) {
      if (!CountsAsPrediction(doc, event, filter)) continue;
      for (const EventActor& a : event.actors) add(to_span(a, 'S'));
      for (const EventActor& a : event.recipients) add(to_span(a, 'T'));
    }
    ScoreRoleSpans(GoldRoleSpans(sentence), predicted, &totals);
    ++totals.sentences;
  }
  return totals;
}

std::string FormatActorSpanScores(const ActorSpanScores& scores) {
  std::ostringstream out;
  out << "role    match    precision    recall        f1     tp     fp     fn\n";
  const auto row = [&](const char* role, const char* match, const LevelCounts& c) {
    out << std::left << std::setw(8) << role << std::setw(7) << match << std::right << std::fixed
        << std::setprecision(4) << std::setw(12) << c.Precision() << std::setw(10) << c.Recall() << std::setw(10)
        << c.F1() << std::setw(7) << c.tp << std::setw(7) << c.fp << std::setw(7) << c.fn << "\n";
  };
  row("source", "exact", scores.source.exact);
  row("source", "overlap", scores.source.overlap);
  row("target", "exact", scores.target.exact);
  row("target", "overlap", scores.target.overlap);
  out << "sentences: " << scores.sentences << ", pipeline errors: " << scores.pipeline_errors << "\n";
  return out.str();
}

}  // namespace dyad

// Document-level consistency of named entities: one type per entity string in a document.
#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#include "dyad/ner.h"

namespace dyad {
namespace {

std::string Key(std::span<const std::string_view> words, size_t first, size_t end) {
  std::string key;
  for (size_t i = first; i < end; ++i) {
    if (i > first) key += ' ';
    key += words[i];
  }
  return key;
}

}  // namespace

void HarmonizeDocumentEntities(std::span<const std::vector<std::string_view>> words,
                               std::span<std::vector<Entity>> entities, bool propagate) {
  // Mentions per entity string and type.
  std::map<std::string, std::map<std::string, int>> votes;
  for (size_t s = 0; s < entities.size(); ++s) {
    for (const Entity& e : entities[s]) ++votes[Key(words[s], e.first_token, e.end_token)][e.type];
  }
  std::map<std::string, std::string> majority;  // strings with one most frequent type
  for (const auto& [key, types] : votes) {
    int best = 0;
    bool tie = false;
    std::string type;
    for (const auto& [t, count] : types) {
      if (count > best) {
        best = count;
        type = t;
        tie = false;
      } else if (count == best) {
        tie = true;
      }
    }
    if (!tie) majority[key] = type;
  }
  for (size_t s = 0; s < entities.size(); ++s) {
    for (Entity& e : entities[s]) {
      auto it = majority.find(Key(words[s], e.first_token, e.end_token));
      if (it != majority.end()) e.type = it->second;
    }
  }
  if (!propagate) return;
  // A person's surname alone ("Smith" after "John Smith") is the same person.
  std::map<std::string, std::string> names = majority;
  for (const auto& [key, type] : majority) {
    const size_t space = key.rfind(' ');
    if (type != "PER" || space == std::string::npos) continue;
    const std::string last = key.substr(space + 1);
    if (last.size() > 1 && last[0] >= 'A' && last[0] <= 'Z' && !votes.contains(last)) names.emplace(last, type);
  }
  // Where each word occurs (sentence, token), to find the occurrences of a name quickly.
  std::unordered_map<std::string_view, std::vector<std::pair<size_t, size_t>>> occurrences;
  for (size_t s = 0; s < words.size(); ++s) {
    for (size_t i = 0; i < words[s].size(); ++i) occurrences[words[s][i]].emplace_back(s, i);
  }
  std::vector<std::string_view> name;
  for (const auto& [key, type] : names) {
    const bool multiword = key.find(' ') != std::string::npos;
    if (!multiword && !(key[0] >= 'A' && key[0] <= 'Z')) continue;
    name.clear();
    for (size_t start = 0; start <= key.size();) {
      size_t space = key.find(' ', start);
      if (space == std::string::npos) space = key.size();
      name.push_back(std::string_view(key).substr(start, space - start));
      start = space + 1;
    }
    auto found = occurrences.find(name[0]);
    if (found == occurrences.end()) continue;
    for (const auto& [s, i] : found->second) {
      const std::vector<std::string_view>& w = words[s];
      if (i + name.size() > w.size() || !std::equal(name.begin(), name.end(), w.begin() + i)) continue;
      const size_t end = i + name.size();
      bool overlaps = false;
      for (const Entity& e : entities[s]) overlaps = overlaps || (e.first_token < end && i < e.end_token);
      if (overlaps) continue;
      entities[s].push_back(Entity{static_cast<uint32_t>(i), static_cast<uint32_t>(end), type});
    }
  }
}

}  // namespace dyad

// Reading and writing CoNLL-U treebank files (Universal Dependencies).
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

/// One syntactic word of a CoNLL-U sentence (multiword-token ranges and empty nodes skipped).
struct ConlluWord {
  std::string form;    ///< FORM column
  std::string lemma;   ///< LEMMA column
  std::string upos;    ///< UPOS column
  std::string xpos;    ///< XPOS column
  std::string feats;   ///< FEATS column
  int head = 0;        ///< HEAD: 1-based index of the head word, 0 for the root
  std::string deprel;  ///< DEPREL column
  std::string misc;    ///< MISC column (SpaceAfter=No etc.)
};

/// One CoNLL-U sentence.
struct ConlluSentence {
  std::string sent_id;             ///< from "# sent_id = ..."
  std::string text;                ///< from "# text = ..."
  std::vector<ConlluWord> words;   ///< the words, in order
};

/// Reads every sentence of a CoNLL-U file; fails with the file name and line on bad input.
Result<std::vector<ConlluSentence>> ReadConllu(const std::string& path);
/// Reads every sentence of a CoNLL-U stream; `name` is used in error messages.
Result<std::vector<ConlluSentence>> ReadConllu(std::istream& input, const std::string& name);

/// Writes the sentences of an annotated Document as CoNLL-U (tags, lemmas, heads, relations).
void WriteConllu(const Document& doc, std::ostream& out);

}  // namespace dyad

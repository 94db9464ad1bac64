// Driving the pipeline over input files: read, code, write, and count what happened.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "dyad/formats.h"
#include "dyad/pipeline.h"

namespace dyad {

/// Counts reported at the end of a coding run.
struct CodingSummary {
  size_t documents_read = 0;   ///< records read (good and bad)
  size_t documents_coded = 0;  ///< records coded without error
  size_t documents_failed = 0; ///< records rejected (each reported on the error stream)
  size_t sentences = 0;        ///< sentences in coded documents
  size_t tokens = 0;           ///< tokens in coded documents
  size_t events = 0;           ///< events written
  size_t warnings = 0;         ///< non-fatal problems reported (e.g. overlong sentences cut)
};

/// How a coding run uses the machine.
struct CodingOptions {
  size_t threads = 1;       ///< worker threads; output order and bytes do not depend on it
  size_t batch_size = 16;  ///< documents read ahead per thread before coding a batch
};

/// Codes every document of `inputs` ("-" is stdin) with `pipeline` and writes the events.
/// `input_format` is "auto" (by extension) or a registered reader name. Each bad record is
/// reported as one line on `errors` naming input and line, and coding continues. Returns an
/// error only for problems that stop the whole run (unreadable input file, broken output).
Status CodeInputs(const std::vector<std::string>& inputs, const std::string& input_format,
                  const ReadOptions& read_options, const Pipeline& pipeline, EventWriter& writer,
                  std::ostream& errors, CodingSummary* summary,
                  const CodingOptions& coding_options = CodingOptions());

}  // namespace dyad

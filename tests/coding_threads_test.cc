// CodeInputs over many batches: any thread count and batch size must give the same bytes, the
// same error lines and the same counts as one thread, with bad records reported in input order.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

#include "dyad/coding.h"
#include "dyad/pipeline.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;

struct RunOutput {
  std::string events, errors;
  CodingSummary summary;
};

class CodingThreadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dyad_coding_threads_" + std::to_string(getpid()));
    fs::create_directories(dir_);
    const char* sentences[] = {
        "Police in {A} arrested twelve protesters on Monday.",
        "{A} accused {B} of shelling border villages.",
        "The foreign minister of {A} met his counterpart from {B} in Geneva.",
        "Troops from {A} attacked rebel positions near the border with {B}.",
        "{A} signed an agreement with {B} on water sharing."};
    const char* countries[] = {"France", "Kenya", "India", "Brazil", "Egypt", "Japan", "Chile"};
    std::ofstream out(dir_ / "news.jsonl");
    for (int i = 0; i < kDocuments; ++i) {
      if (i % 17 == 5) {
        out << "{\"id\": \"broken-" << i << "\", \"text\": \n";  // malformed JSON: one error line each
        continue;
      }
      std::string text = sentences[i % 5];
      text.replace(text.find("{A}"), 3, countries[i % 7]);
      if (const size_t b = text.find("{B}"); b != std::string::npos) text.replace(b, 3, countries[(i + 3) % 7]);
      out << "{\"id\": \"n" << i << "\", \"date\": \"2031-03-" << (10 + i % 18) << "\", \"text\": \"" << text
          << "\"}\n";
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  RunOutput Run(size_t threads, size_t batch_size) {
    StageConfig config;
    config.data_dir = DYAD_DEFAULT_DATA_DIR;
    auto pipeline = Pipeline::Create(DefaultStageNames(), config);
    EXPECT_TRUE(pipeline.ok()) << pipeline.status().message();
    RunOutput run;
    if (!pipeline.ok()) return run;
    std::ostringstream events, errors;
    auto writer = CreateWriter("jsonl", events, WriteOptions());
    EXPECT_TRUE(writer.ok());
    CodingOptions options;
    options.threads = threads;
    options.batch_size = batch_size;
    const Status status = CodeInputs({(dir_ / "news.jsonl").string()}, "auto", ReadOptions(), pipeline.value(),
                                     *writer.value(), errors, &run.summary, options);
    EXPECT_TRUE(status.ok()) << status.message();
    run.events = events.str();
    run.errors = errors.str();
    return run;
  }

  static constexpr int kDocuments = 120;
  fs::path dir_;
};

TEST_F(CodingThreadsTest, AnyThreadCountAndBatchSizeGivesTheSameOutput) {
  const RunOutput single = Run(1, 256);
  EXPECT_EQ(single.summary.documents_read, static_cast<size_t>(kDocuments));
  EXPECT_EQ(single.summary.documents_failed, 7u);  // i % 17 == 5 for i < 120
  EXPECT_GT(single.summary.events, 50u);
  EXPECT_NE(single.errors.find("news.jsonl:6:"), std::string::npos) << single.errors;
  for (const auto& [threads, batch] : {std::pair<size_t, size_t>{2, 1}, {3, 2}, {2, 7}, {4, 256}, {1, 3}}) {
    SCOPED_TRACE("threads " + std::to_string(threads) + ", batch " + std::to_string(batch));
    const RunOutput run = Run(threads, batch);
    EXPECT_TRUE(run.events == single.events) << "event output differs";
    EXPECT_EQ(run.errors, single.errors);
    EXPECT_EQ(run.summary.documents_read, single.summary.documents_read);
    EXPECT_EQ(run.summary.documents_failed, single.summary.documents_failed);
    EXPECT_EQ(run.summary.events, single.summary.events);
    EXPECT_EQ(run.summary.sentences, single.summary.sentences);
  }
}

}  // namespace
}  // namespace dyad

// Gives each test process its own temporary directory. ctest runs tests as parallel
// processes, and tests that write fixed file names under the temporary directory must not
// see each other's files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

struct PerProcessTempDir {
  PerProcessTempDir() {
    const char* base = std::getenv("TMPDIR");
    path = std::filesystem::path(base != nullptr && *base != '\0' ? base : "/tmp") /
           ("dyad_tests_" + std::to_string(getpid()));
    std::filesystem::create_directories(path);
    setenv("TMPDIR", path.c_str(), 1);
  }
  ~PerProcessTempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  std::filesystem::path path;
};

const PerProcessTempDir kTempDir;

TEST(TestEnvironment, TemporaryDirectoryIsPerProcess) {
  EXPECT_EQ(std::filesystem::temp_directory_path(), kTempDir.path);
}

}  // namespace

#include "dyad/binary_format.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace dyad {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("dyad_test_" + name)).string();
}

TEST(BinaryFormat, RoundTripsValuesStringsAndVectors) {
  BinaryWriter writer;
  writer.Put<uint32_t>(42);
  writer.PutString("Kabul");
  writer.PutVector(std::vector<float>{1.5f, -2.0f});
  writer.PutStrings({"a", "bc"});
  const std::string path = TempPath("roundtrip.bin");
  ASSERT_TRUE(writer.Save(path, "DYADTEST", 3).ok());
  auto file = MappedBinaryFile::Open(path, "DYADTEST", 3, "test file");
  ASSERT_TRUE(file.ok()) << file.status().message();
  BinaryReader reader(file.value()->payload());
  EXPECT_EQ(reader.Get<uint32_t>(), 42u);
  EXPECT_EQ(reader.GetString(), "Kabul");
  EXPECT_EQ(reader.GetVector<float>(), (std::vector<float>{1.5f, -2.0f}));
  EXPECT_EQ(reader.GetStrings(), (std::vector<std::string>{"a", "bc"}));
  EXPECT_TRUE(reader.ok());
  EXPECT_TRUE(reader.AtEnd());
  std::remove(path.c_str());
}

TEST(BinaryFormat, RejectsWrongMagicVersionAndCorruption) {
  BinaryWriter writer;
  writer.PutString("payload");
  const std::string path = TempPath("reject.bin");
  ASSERT_TRUE(writer.Save(path, "DYADTEST", 1).ok());
  auto wrong_magic = MappedBinaryFile::Open(path, "DYADXXXX", 1, "test file");
  ASSERT_FALSE(wrong_magic.ok());
  EXPECT_NE(wrong_magic.status().message().find("magic"), std::string::npos);
  auto wrong_version = MappedBinaryFile::Open(path, "DYADTEST", 2, "test file");
  ASSERT_FALSE(wrong_version.ok());
  EXPECT_NE(wrong_version.status().message().find("version 1"), std::string::npos);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-1, std::ios::end);
    f.put('X');
  }
  auto corrupt = MappedBinaryFile::Open(path, "DYADTEST", 1, "test file");
  ASSERT_FALSE(corrupt.ok());
  EXPECT_NE(corrupt.status().message().find("checksum"), std::string::npos);
  std::remove(path.c_str());
}

TEST(BinaryFormat, ReaderStopsAtEndOfPayload) {
  BinaryReader reader(std::string_view("\x05\x00\x00\x00" "ab", 6));
  EXPECT_EQ(reader.GetString(), "");
  EXPECT_FALSE(reader.ok());
}

}  // namespace
}  // namespace dyad

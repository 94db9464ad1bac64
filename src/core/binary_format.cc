#include "dyad/binary_format.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>

namespace dyad {
namespace {

constexpr size_t kMagicSize = 8;
// Header: magic[8], version u32, reserved u32, payload size u64, checksum u64.
constexpr size_t kHeaderSize = kMagicSize + 4 + 4 + 8 + 8;

std::string PaddedMagic(std::string_view magic) {
  std::string m(magic.substr(0, kMagicSize));
  m.resize(kMagicSize, '\0');
  return m;
}

}  // namespace

uint64_t Fnv1a64(std::string_view data) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

Status BinaryWriter::Save(const std::string& path, std::string_view magic, uint32_t version) const {
  std::string header = PaddedMagic(magic);
  auto append = [&header](const auto& v) {
    header.append(reinterpret_cast<const char*>(&v), sizeof(v));
  };
  append(version);
  append(uint32_t{0});
  append(static_cast<uint64_t>(buffer_.size()));
  append(Fnv1a64(buffer_));
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::Error(path + ": cannot open for writing");
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    out.flush();
    if (!out) return Status::Error(path + ": write failed (disk full?)");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::Error(path + ": cannot rename temporary file");
  }
  return Status::Ok();
}

Result<std::shared_ptr<MappedBinaryFile>> MappedBinaryFile::Open(const std::string& path,
                                                                 std::string_view magic,
                                                                 uint32_t version,
                                                                 std::string_view what) {
  const std::string label = path + " (" + std::string(what) + ")";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Error(label + ": cannot open: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::Error(label + ": not a regular file");
  }
  const size_t size = static_cast<size_t>(st.st_size);
  if (size < kHeaderSize) {
    ::close(fd);
    return Status::Error(label + ": file too short to be a dyad data file (" + std::to_string(size) +
                         " bytes)");
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return Status::Error(label + ": mmap failed: " + std::strerror(errno));
  std::shared_ptr<MappedBinaryFile> file(new MappedBinaryFile());
  file->path_ = path;
  file->mapping_ = map;
  file->mapping_size_ = size;
  const char* bytes = static_cast<const char*>(map);
  if (std::string_view(bytes, kMagicSize) != PaddedMagic(magic)) {
    return Status::Error(label + ": wrong magic number: not a " + std::string(what) +
                         " file (or corrupt)");
  }
  uint32_t file_version = 0;
  uint64_t payload_size = 0, checksum = 0;
  std::memcpy(&file_version, bytes + kMagicSize, 4);
  std::memcpy(&payload_size, bytes + kMagicSize + 8, 8);
  std::memcpy(&checksum, bytes + kMagicSize + 16, 8);
  if (file_version != version) {
    return Status::Error(label + ": format version " + std::to_string(file_version) +
                         " but this dyad reads version " + std::to_string(version) +
                         "; rebuild it with this dyad (make data / make models)");
  }
  if (payload_size != size - kHeaderSize) {
    return Status::Error(label + ": truncated or padded: header says " + std::to_string(payload_size) +
                         " payload bytes, file has " + std::to_string(size - kHeaderSize));
  }
  file->payload_ = std::string_view(bytes + kHeaderSize, payload_size);
  if (Fnv1a64(file->payload_) != checksum) {
    return Status::Error(label + ": checksum mismatch: the file is corrupt");
  }
  return file;
}

MappedBinaryFile::~MappedBinaryFile() {
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_size_);
}

}  // namespace dyad

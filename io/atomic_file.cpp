#include "io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace tengen::io {

namespace {

std::string reason(int err) {
  return std::string(std::strerror(err)) + (err == ENOSPC || err == EDQUOT ? " (disk full?)" : "");
}

}  // namespace

void sync_folder(const std::string& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw WriteError(dir + ": cannot open the folder to sync it: " + reason(errno));
  const int synced = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (synced != 0) throw WriteError(dir + ": cannot sync the folder: " + reason(err));
}

void write_file_atomically(const std::string& path, std::string_view bytes) {
  static std::atomic<unsigned> counter{0};
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw WriteError(path + ": cannot create " + tmp + ": " + reason(errno));
  auto fail = [&](const std::string& what, int err) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw WriteError(path + ": " + what + ": " + reason(err));
  };
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write failed", n < 0 ? errno : ENOSPC);
    done += static_cast<size_t>(n);
  }
  // fsync before rename: otherwise a crash could leave the new name pointing at missing data.
  if (::fsync(fd) != 0) fail("flush failed", errno);
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw WriteError(path + ": close failed: " + reason(err));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw WriteError(path + ": rename failed: " + reason(err));
  }
  sync_folder(std::filesystem::path(path).parent_path().string());
}

}  // namespace tengen::io

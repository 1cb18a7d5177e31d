#include "io/remove_tree.h"

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/atomic_file.h"

namespace tengen::io {

namespace {

// nftw has no user pointer: the entry that failed goes here (one per thread).
thread_local std::string t_failed_entry;

// Called children first (FTW_DEPTH): a folder (FTW_DP) is empty by the time it is removed.
int remove_entry(const char* path, const struct stat*, int type, struct FTW*) {
  if ((type == FTW_DP ? ::rmdir(path) : ::unlink(path)) == 0) return 0;
  t_failed_entry = path;
  return errno != 0 ? errno : EIO;
}

}  // namespace

void remove_tree(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw WriteError("cannot remove " + path + ": " + std::strerror(errno));
  }
  t_failed_entry = path;
  const int rc = ::nftw(path.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  if (rc == 0) return;
  const int err = rc > 0 ? rc : errno;
  throw WriteError("cannot remove " + t_failed_entry + ": " + std::strerror(err));
}

}  // namespace tengen::io

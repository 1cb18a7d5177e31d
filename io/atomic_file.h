// Durable, atomic file writes: the one way Tengen writes a file that matters (weights, checkpoints,
// shards, manifests, SGFs, job state, metrics). A reader sees the old file or the new one, never a
// part, and after a crash or power loss the new name never points at missing data.
// Contract: write_file_atomically writes a temporary file in the target's folder (its name unique
// per process and call), fsyncs it, renames it over the target and fsyncs the folder, so the rename
// itself is on disk. On any failure the temporary is removed, the target is left as it was, and
// WriteError says which file and what failed ("disk full?" for ENOSPC).
// Thread-safety: free functions; concurrent writers of one path each leave a whole file.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace tengen::io {

class WriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void write_file_atomically(const std::string& path, std::string_view bytes);

// Makes the entries of `dir` (a rename or creation in it) durable: fsync of the folder. Throws
// WriteError when the folder cannot be opened or synced.
void sync_folder(const std::string& dir);

}  // namespace tengen::io

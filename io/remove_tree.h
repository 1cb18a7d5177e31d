// Removing a folder and everything under it, with POSIX nftw, unlink and rmdir.
// Why not std::filesystem::remove_all: PyTorch's wheels export their own static copies of libstdc++'s
// std::filesystem (pytorch/pytorch#133437), so in a Tengen built against such a libtorch a call can
// bind half to one copy and half to the other; on a lent H200, training died with SIGSEGV at the
// first pruning of an old checkpoint (docs/SCALING.md). libc's calls have no second copy.
// Contract: removes `path` (a file, a symlink (not its target) or a folder, recursively); a missing
// path is not an error; on failure throws WriteError naming the entry and the reason.
// Thread-safety: a free function; nothing shared but the file system.
#pragma once

#include <string>

namespace tengen::io {

void remove_tree(const std::string& path);

}  // namespace tengen::io

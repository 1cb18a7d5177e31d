// What `tengen --version` prints: the version (app/version.h), the build type, whether libtorch and
// CUDA are compiled in, and the source commit when the build knew it (app/commit_header.cmake).
// Thread-safety: a pure function.
#pragma once

#include <string>

namespace tengen::app {

std::string version_text();

}  // namespace tengen::app

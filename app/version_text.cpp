#include "app/version_text.h"

#include "app/version.h"
#include "tengen_commit.h"  // generated into the build folder at every build (app/CMakeLists.txt)

// Set by app/CMakeLists.txt from the configuration; the fallbacks keep other builds of this file
// (tests/fuzz) compiling.
#ifndef TENGEN_BUILD_TYPE
#define TENGEN_BUILD_TYPE ""
#endif
#ifndef TENGEN_LIBTORCH_VERSION
#define TENGEN_LIBTORCH_VERSION ""
#endif
#ifndef TENGEN_CUDA_COMPILED
#define TENGEN_CUDA_COMPILED 0
#endif

namespace tengen::app {

std::string version_text() {
  const std::string build_type = TENGEN_BUILD_TYPE;
  const std::string torch = TENGEN_LIBTORCH_VERSION;
  const std::string commit = TENGEN_COMMIT;
  std::string text = std::string("tengen ") + kVersion + "\n";
  text += "build: " + (build_type.empty() ? std::string("(no build type)") : build_type) + "\n";
  text += "commit: " + (commit.empty() ? std::string("unknown (not built from a git checkout)") : commit) + "\n";
  text += "networks: " + (torch.empty() ? std::string("none (built without libtorch)") : "libtorch " + torch) + "\n";
  text += std::string("CUDA: ") + (TENGEN_CUDA_COMPILED ? "compiled in" : "no (CPU only)") + "\n";
  return text;
}

}  // namespace tengen::app

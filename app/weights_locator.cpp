#include "app/weights_locator.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

namespace fs = std::filesystem;

namespace tengen::app {

namespace {

// The folders looked in, in order, as absolute paths (the error message names them).
std::vector<fs::path> shipped_weights_dirs() {
  std::vector<fs::path> dirs;
  std::error_code ec;
  if (const char* env = std::getenv("TENGEN_WEIGHTS"); env && *env) dirs.push_back(fs::absolute(env, ec));
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    dirs.push_back(exe.parent_path().parent_path() / "weights");  // <repo>/build/tengen
    dirs.push_back(exe.parent_path() / "weights");
  }
  dirs.push_back(fs::absolute("weights", ec));
  return dirs;
}

bool readable_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && std::ifstream(p).good();
}

}  // namespace

std::string find_shipped_weights(const std::string& file_name) {
  for (const fs::path& d : shipped_weights_dirs())
    if (readable_file(d / file_name)) return (d / file_name).string();
  return "";
}

// Why the shipped `file_name` for `flag` is not there: every folder searched, and what to do.
static std::string not_found_text(const std::string& file_name, const std::string& flag) {
  std::string searched;
  for (const fs::path& d : shipped_weights_dirs()) searched += (searched.empty() ? "" : ", ") + d.string();
  return flag + ": the shipped network " + file_name + " was not found in " + searched +
         (std::getenv("TENGEN_WEIGHTS") ? "" : " ($TENGEN_WEIGHTS is not set)") + "; give the file with " + flag +
         " FILE or set TENGEN_WEIGHTS to its folder";
}

std::string require_shipped_weights(const std::string& file_name, const std::string& flag) {
  if (std::string found = find_shipped_weights(file_name); !found.empty()) return found;
  throw WeightsNotFound(not_found_text(file_name, flag));
}

std::string choose_weights(const std::string& given, const std::string& file_name, const std::string& flag) {
  if (given == "none") return "";
  if (given.empty() || given == "shipped") {
    if (std::string found = find_shipped_weights(file_name); !found.empty()) return found;
    throw WeightsNotFound(not_found_text(file_name, flag) + " (" + flag + " none: go without it)");
  }
  if (!readable_file(given))
    throw WeightsNotFound(flag + " " + given + ": no such readable file (" + flag + " none: go without it)");
  return given;
}

std::unique_ptr<nn::PatternPolicy> load_pattern_policy(const std::string& path, nn::PatternPolicyKind kind,
                                                       const std::string& flag) {
  if (path.empty()) return nullptr;
  auto policy = std::make_unique<nn::PatternPolicy>(nn::PatternPolicy::load(path));
  if (policy->kind() != kind)
    throw std::runtime_error(flag + " " + path + ": holds a " + nn::pattern_policy_kind_name(policy->kind()) +
                             " policy, not a " + nn::pattern_policy_kind_name(kind) + " policy");
  return policy;
}

}  // namespace tengen::app

#include "app/weights_locator.h"

#include <stdexcept>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace fs = std::filesystem;

namespace tengen::app {

std::string find_shipped_weights(const std::string& file_name) {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("TENGEN_WEIGHTS")) dirs.emplace_back(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    dirs.push_back(exe.parent_path().parent_path() / "weights");  // <repo>/build/tengen
    dirs.push_back(exe.parent_path() / "weights");
  }
  dirs.emplace_back("weights");
  for (const fs::path& d : dirs)
    if (fs::is_regular_file(d / file_name, ec)) return (d / file_name).string();
  return "";
}

std::string choose_weights(const std::string& given, const std::string& file_name) {
  if (given == "none") return "";
  return given.empty() || given == "shipped" ? find_shipped_weights(file_name) : given;
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

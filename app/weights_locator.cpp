#include "app/weights_locator.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "nn/weights_file.h"

// Where `cmake --install` puts the networks, relative to where it puts the executable
// (app/CMakeLists.txt computes it from GNUInstallDirs; this is its value for the usual layout).
#ifndef TENGEN_WEIGHTS_FROM_BINDIR
#define TENGEN_WEIGHTS_FROM_BINDIR "../share/tengen/weights"
#endif

namespace fs = std::filesystem;

namespace tengen::app {

std::vector<WeightsFolder> shipped_weights_folders() {
  std::vector<WeightsFolder> dirs;
  std::error_code ec;
  if (const char* env = std::getenv("TENGEN_WEIGHTS"); env && *env)
    dirs.push_back({fs::absolute(env, ec).string(), "$TENGEN_WEIGHTS"});
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path bin = exe.parent_path();
    dirs.push_back({(bin / TENGEN_WEIGHTS_FROM_BINDIR).lexically_normal().string(), "installed"});
    dirs.push_back({(bin.parent_path() / "weights").string(), "build tree"});  // <repo>/build/tengen
    dirs.push_back({(bin / "weights").string(), "beside the executable"});
  }
  dirs.push_back({fs::absolute("weights", ec).string(), "working folder"});
  return dirs;
}

namespace {

bool readable_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && std::ifstream(p).good();
}

std::string folders_searched() {
  std::string searched;
  for (const WeightsFolder& d : shipped_weights_folders()) searched += (searched.empty() ? "" : ", ") + d.path;
  return searched;
}

// A copy whose bytes are not the ones its folder's MANIFEST lists: an error, whoever asked for it.
void check_against_manifest(const fs::path& folder, const std::string& file_name) {
  const std::string listed = manifest_sha256(folder.string(), file_name);
  if (listed.empty()) return;  // a network of the user's own, not one Tengen shipped
  const std::string actual = nn::file_sha256((folder / file_name).string());
  if (actual == listed) return;
  throw WeightsNotFound("the shipped network " + (folder / file_name).string() + " is damaged or replaced: its SHA-256 is " +
                        actual + " but " + (folder / "MANIFEST").string() + " lists " + listed +
                        "; reinstall Tengen's networks (or set TENGEN_WEIGHTS to a folder of good copies). "
                        "Folders searched: " + folders_searched());
}

}  // namespace

std::string manifest_sha256(const std::string& folder, const std::string& file_name) {
  std::ifstream in(fs::path(folder) / "MANIFEST");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    const size_t last_tab = line.rfind('\t');
    if (tab == std::string::npos || line.compare(0, tab, file_name) != 0 || tab != file_name.size()) continue;
    return line.substr(last_tab + 1);
  }
  return "";
}

std::string find_shipped_weights(const std::string& file_name) {
  for (const WeightsFolder& d : shipped_weights_folders()) {
    if (!readable_file(fs::path(d.path) / file_name)) continue;
    check_against_manifest(d.path, file_name);
    return (fs::path(d.path) / file_name).string();
  }
  return "";
}

// Why the shipped `file_name` for `flag` is not there: every folder searched, and what to do.
static std::string not_found_text(const std::string& file_name, const std::string& flag) {
  return flag + ": the shipped network " + file_name + " was not found in " + folders_searched() +
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

// Where the shipped networks are found when no --weights flag is given, in this order:
//   $TENGEN_WEIGHTS (a folder);
//   the installed copy, <exe>/../share/tengen/weights (`cmake --install`, the .deb: docs/USAGE.md);
//   the weights/ folder of the source tree the executable was built in (build/tengen -> ../weights);
//   <exe>/weights; ./weights.
// The first folder holding the file wins. When that folder has a MANIFEST listing the file, the
// file's SHA-256 must be the one listed: a damaged or replaced network is an error naming it, never
// used and never skipped for a copy further down the list. A network asked for (by default,
// "shipped" or a file) that is not there is an error naming the places looked in, never a silent
// "off": a copied binary that played A19 with every network off looked like a working engine
// (issue 35).
// Thread-safety: plain functions (they read the environment and the file system).
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "rollout/pattern_policy.h"

namespace tengen::app {

// A network asked for that is not there, not a readable file, or not the file MANIFEST names: the
// text names the file, the flag and the folders searched, and says what to do.
struct WeightsNotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The search's SL policy when none is given (tengen gtp, analysis, bench search, search self-play):
// the one that won at equal time per move (docs/STRENGTH.md, 2026-12-04).
inline constexpr const char* kSearchPolicyFile = "sl-policy-cpu-large.safetensors";

// Every network weights/ ships, and what uses it (`tengen weights` lists them).
struct ShippedNetwork {
  const char* file;
  const char* use;
};
inline constexpr ShippedNetwork kShippedNetworks[] = {
    {kSearchPolicyFile, "search policy of gtp, analysis, bench search (--policy-weights)"},
    {"rollout-policy.safetensors", "rollout policy (--rollout-weights)"},
    {"tree-policy.safetensors", "tree policy (--tree-weights)"},
    {"value-cpu.safetensors", "value network (--value-weights shipped; off by default)"},
    {"sl-policy-cpu.safetensors", "SL policy of selfplay and train rl (--sl-policy)"},
    {"rl-policy-cpu.safetensors", "RL policy of selfplay (--rl-policy)"},
};

// One folder searched for the shipped networks: its absolute path and why it is searched.
struct WeightsFolder {
  std::string path;
  std::string source;  // "$TENGEN_WEIGHTS", "installed", "build tree", "beside the executable", "working folder"
};
// The folders searched, in order ($TENGEN_WEIGHTS only when set).
std::vector<WeightsFolder> shipped_weights_folders();

// The SHA-256 that `folder`/MANIFEST lists for `file_name`; "" when there is no readable MANIFEST
// there or it does not list the file.
std::string manifest_sha256(const std::string& folder, const std::string& file_name);

// The shipped `file_name` in the first folder that holds it; "" when none does. WeightsNotFound when
// that copy's SHA-256 is not the one its folder's MANIFEST lists.
std::string find_shipped_weights(const std::string& file_name);

// The same, or WeightsNotFound naming `flag` ("--rollout-weights") and every folder searched.
std::string require_shipped_weights(const std::string& file_name, const std::string& flag);

// A --*-weights option `flag`: the file given (WeightsNotFound if it is not a readable file); when none
// is given (or "shipped"), the shipped `file_name` (WeightsNotFound if it is in no folder searched);
// "none" turns that part off ("").
std::string choose_weights(const std::string& given, const std::string& file_name, const std::string& flag);

// The pattern policy in `path` for the option `flag` ("--rollout-weights"), checked to be of the
// kind that option takes: a tree policy given as the rollout policy (or the reverse) throws
// std::runtime_error naming the file, the flag and both kinds. "" gives null (that part is off).
std::unique_ptr<nn::PatternPolicy> load_pattern_policy(const std::string& path, nn::PatternPolicyKind kind,
                                                       const std::string& flag);

}  // namespace tengen::app

// Where the shipped networks are found when no --weights flag is given: $TENGEN_WEIGHTS (a folder),
// then the weights/ folder of the source tree the executable was built in (build/tengen ->
// ../weights), then <exe>/weights, then ./weights. A network asked for (by default, "shipped" or a
// file) that is not there is an error naming the places looked in, never a silent "off": a copied
// binary that played A19 with every network off looked like a working engine (issue 35).
// Thread-safety: plain functions (they read the environment and the file system).
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "rollout/pattern_policy.h"

namespace tengen::app {

// A network asked for that is not there (or not a readable file): the text names the file, the flag
// and the folders searched, and says how to play without it.
struct WeightsNotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The shipped `file_name` in the first folder that holds it; "" when none does.
std::string find_shipped_weights(const std::string& file_name);

// The same, or WeightsNotFound naming `flag` ("--rollout-weights") and every folder searched.
std::string require_shipped_weights(const std::string& file_name, const std::string& flag);

// The search's SL policy when none is given (tengen gtp, analysis, bench search, search self-play):
// the one that won at equal time per move (docs/STRENGTH.md, 2026-12-04).
inline constexpr const char* kSearchPolicyFile = "sl-policy-cpu-large.safetensors";

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

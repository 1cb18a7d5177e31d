// Where the shipped networks are found when no --weights flag is given: $TENGEN_WEIGHTS (a folder),
// then the weights/ folder of the source tree the executable was built in (build/tengen ->
// ../weights), then ./weights. Returns "" when the file is in none of them.
#pragma once

#include <memory>
#include <string>

#include "rollout/pattern_policy.h"

namespace tengen::app {

std::string find_shipped_weights(const std::string& file_name);

// The search's SL policy when none is given (tengen gtp, analysis, bench search, search self-play):
// the one that won at equal time per move (docs/STRENGTH.md, 2026-12-04).
inline constexpr const char* kSearchPolicyFile = "sl-policy-cpu-large.safetensors";

// A --*-weights option: the file given; when none is given (or "shipped"), the shipped `file_name`
// ("" if not found); "none" turns that part off ("").
std::string choose_weights(const std::string& given, const std::string& file_name);

// The pattern policy in `path` for the option `flag` ("--rollout-weights"), checked to be of the
// kind that option takes: a tree policy given as the rollout policy (or the reverse) throws
// std::runtime_error naming the file, the flag and both kinds. "" gives null (that part is off).
std::unique_ptr<nn::PatternPolicy> load_pattern_policy(const std::string& path, nn::PatternPolicyKind kind,
                                                       const std::string& flag);

}  // namespace tengen::app

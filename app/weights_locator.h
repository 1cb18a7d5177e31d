// Where the shipped networks are found when no --weights flag is given: $TENGEN_WEIGHTS (a folder),
// then the weights/ folder of the source tree the executable was built in (build/tengen ->
// ../weights), then ./weights. Returns "" when the file is in none of them.
#pragma once

#include <string>

namespace tengen::app {

std::string find_shipped_weights(const std::string& file_name);

}  // namespace tengen::app

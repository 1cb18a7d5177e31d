// Where the shipped networks are found when no --weights flag is given: $TENGEN_WEIGHTS (a folder),
// then the weights/ folder of the source tree the executable was built in (build/tengen ->
// ../weights), then ./weights. Returns "" when the file is in none of them.
#pragma once

#include <string>

namespace tengen::app {

std::string find_shipped_weights(const std::string& file_name);

// A --*-weights option: the file given; when none is given, the shipped `file_name` ("" if not
// found); "none" turns that part off ("").
std::string choose_weights(const std::string& given, const std::string& file_name);

}  // namespace tengen::app

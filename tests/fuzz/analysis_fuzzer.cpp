// libFuzzer harness: one line → the analysis engine's query parser (analysis/query.h). parse_query
// never throws: every input is an analysis, an action or an error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analysis/query.h"
#include "analysis/response.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tengen::analysis;
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const ParsedQuery q = parse_query(line, QueryLimits{});
  for (const auto& m : q.messages) (void)answer_line(m);  // every message must print, as the engine prints it
  return 0;
}

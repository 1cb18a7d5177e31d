// libFuzzer harness: SGF text → parse_sgf → replay every game → write it back and parse that again.
// The contract (engine/sgf.h): never a crash or hang on any input; errors are values.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/game.h"
#include "engine/sgf.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tengen;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const SgfParseResult parsed = parse_sgf(text, "fuzz.sgf");
  for (const SgfGame& record : parsed.games) {
    Game game(kMaxSize);
    if (replay_sgf(record, game, GameRules{})) continue;  // an error message: fine
    const std::string again = write_sgf(record);
    (void)parse_sgf(again, "fuzz-rewritten.sgf");
  }
  return 0;
}

// libFuzzer harness: bytes as a GTP session → GtpSession::run, the command loop `tengen gtp` runs on
// stdin (framing, ids, every command's argument parsing, analysis threads started and stopped by the
// next command, EOF in the middle of anything). Searches are tiny (8 simulations, one thread) so an
// input runs in milliseconds. Lines naming printsgf are dropped: the fuzzer must not write files
// wherever its bytes point.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "gtp/gtp_session.h"

namespace {

std::string without_file_writes(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size), out, line;
  std::istringstream lines(in);
  while (std::getline(lines, line)) {
    std::string lower = line;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find("printsgf") == std::string::npos) out += line + "\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tengen::gtp;
  if (size > 4096) return 0;  // long sessions add time, not coverage
  GtpSettings settings;
  settings.board_size = 9;
  PlayerSettings player;
  player.threads = 1;
  player.visits_per_move = 8;
  player.seconds_per_move = 0.05;
  player.ownership_rollouts = 4;
  player.analysis_ownership_rollouts = 4;
  player.search.expansion_threshold = 2;
  GtpSession session(settings, tengen::mcts::SearchNetworks{}, player);
  std::istringstream in(without_file_writes(data, size));
  std::ostringstream out;
  session.run(in, out);
  return 0;
}

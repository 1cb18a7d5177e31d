// Test helper: a GtpSession run over a whole input, as a controller would drive it (run(), so
// streamed analysis replies are included), with every network `none`.
// Thread-safety: plain functions; each call owns its session.
#pragma once

#include <ostream>
#include <sstream>
#include <string>

#include "gtp/gtp_session.h"

namespace tengen::testutil {

inline gtp::GtpSettings board_of(int size) {
  gtp::GtpSettings s;
  s.board_size = size;
  return s;
}

// Everything the engine wrote for `input` (commands, one a line), run to the end of the input or quit.
inline std::string transcript(const std::string& input, const gtp::PlayerSettings& player, int size = 9,
                              std::ostream* log = nullptr) {
  gtp::GtpSession engine(board_of(size), mcts::SearchNetworks{}, player, log);
  std::istringstream in(input);
  std::ostringstream out;
  engine.run(in, out);
  return out.str();
}

}  // namespace tengen::testutil

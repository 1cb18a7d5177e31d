// Raw-policy games on disk: what `tengen train rl --record-games` keeps of each iteration and
// `--replay-games` reads back, so an update can be recomputed from exactly the games it was made
// from (tests/cli/data_parallel_test.sh: two ranks against one process on the same games).
//
// File (text, one file per rank and iteration): the line "tengen-policy-games 1 FIRST COUNT", then
// COUNT lines, game FIRST + j on line j:
//   WINNER KOMI MOVES SYMMETRIES
// WINNER -1/0/+1 (record.winner), KOMI as printed by %.17g (round-trips exactly), MOVES the move codes
// of data/dataset.h (encode_move) joined by ',' ("-" when none), SYMMETRIES the per-move symmetry of
// each move's evaluation (255: a random move) joined by ','. Only what the REINFORCE step reads is
// kept: the record's moves, komi and winner, and the symmetries (nn::PolicyGame).
// Contract: write_policy_games writes atomically (io::write_file_atomically); read_policy_games
// throws PolicyGameFileError naming the file and line on anything malformed, never crashes.
// Thread-safety: free functions.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "selfplay/policy_game.h"

namespace tengen::selfplay {

class PolicyGameFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct NumberedPolicyGames {
  int first = 0;                       // the global number of games[0] within its iteration
  std::vector<nn::PolicyGame> games;
};

void write_policy_games(const std::string& path, const NumberedPolicyGames& games);
NumberedPolicyGames read_policy_games(const std::string& path);

}  // namespace tengen::selfplay

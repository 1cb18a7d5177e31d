// Games played by policy networks without search (docs/ALPHAGO.md §4 RL games, §5.2 value data), many at once.
//
// All games of a play() call advance in lockstep: at each step the games whose side to move is
// played by the same evaluator are evaluated together as one batch (so a CPU or GPU backend sees
// batches of up to `games` positions). A move is sampled from softmax(logits / temperature) over the
// side to move's playable moves: legal (positional superko) and not filling its own single-point eye
// (Board::is_playout_move). A side with no playable move passes; two passes in a row end the game,
// which is scored by area with the komi (Game::area_score). The networks have no pass output, so
// games are played out to the end: dead stones get captured and the area count is the true score.
//
// Value data (docs/ALPHAGO.md §5.2): a game with random_move_at = U > 0 plays moves 1..U-1 with `opening`
// (both colours), move U uniformly among ALL legal points (eye-filling included, as "redraw until
// legal" does), and moves U+1.. with black/white. Its position of interest is the one after move
// U; a game that ends before move U has none (sampled_position stays -1).
//
// Determinism: game i's randomness comes only from GamePlan::seed (its sampling RNG and evaluation
// symmetries), so a game is a pure function of its plan and the evaluators' answers: a job that
// derives seeds from game numbers replays the same games after a restart.
// Thread-safety: play() uses only its arguments; run independent calls on independent threads.
// The evaluators must be thread-safe if shared (every nn::Evaluator is).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "data/dataset.h"
#include "nn/evaluator.h"

namespace tengen::nn {

struct PolicyPlayer {
  Evaluator* evaluator = nullptr;  // must have_policy()
  double temperature = 1.0;        // logits are divided by it before the softmax
};

struct GamePlan {
  uint64_t seed = 1;
  PolicyPlayer black, white;       // who plays each colour (after move U for value games)
  int random_move_at = 0;          // value data: U (1-based move number of the random move); 0: none
  PolicyPlayer opening;            // value data: plays both colours for moves 1..U-1
};

struct PolicyGameOptions {
  int board_size = 19;
  double komi = 7.5;
  int max_moves = 0;               // 0: 3 x size x size (a safety cap for long ko fights)
  bool random_symmetry = true;     // evaluate each position under a random one of the 8 symmetries
};

struct PolicyGame {
  GameRecord record;               // every move, winner from the area score (0: jigo or cut at max_moves)
  double score = 0;                // area score from Black's view, komi included
  bool hit_move_cap = false;       // stopped at max_moves before two passes (winner 0)
  int sampled_position = -1;       // value games: U, the record's first U moves make the position
  std::vector<uint8_t> symmetries; // per move: the symmetry its evaluation used (255: random move);
                                   // the RL trainer rebuilds the exact sampling distribution from it
};

// Plays one game per plan and returns them in plan order. on_move (optional) is called after every
// step with the number of positions evaluated in it; it may throw to abort (e.g. on Ctrl-C).
std::vector<PolicyGame> play_policy_games(const std::vector<GamePlan>& plans, const PolicyGameOptions& options,
                                          const std::function<void(int evaluated)>& on_step = {});

// The playable moves of the side to move in `game` (legal under the game's rules, not filling an own
// single-point eye: Board::is_playout_move, the playouts' rule, looser than the true-eye
// "sensibleness" of the feature planes), as points. Exposed for the RL trainer, which rebuilds the
// sampling mask.
std::vector<Point> playable_moves(const Game& game);

// The GameRecord of a finished Game (board size, komi, handicap 0, moves, winner from area score).
GameRecord record_of(const Game& game);

}  // namespace tengen::nn

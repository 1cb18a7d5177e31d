// Game: a Board plus what the board itself does not keep — the move history, the hashes of every
// position seen (for positional superko), the move number at which each stone was placed ("turns
// since" for the feature planes), komi and handicap set-up. Undo replays from the set-up position.
// Thread-safety: none; copy it per thread (copies are heap-allocating, unlike Board).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/board.h"

namespace tengen {

enum class MoveError { kNone, kOffBoard, kOccupied, kSuicide, kKo, kSuperko };
const char* move_error_text(MoveError e);  // "occupied point", "suicide", ...

struct GameRules {
  double komi = 7.5;
  bool positional_superko = true;  // false: simple ko only (for replaying records of other rule sets)
};

class Game {
 public:
  explicit Game(int size = kMaxSize, GameRules rules = {});

  const Board& board() const { return board_; }
  int size() const { return board_.size(); }
  const GameRules& rules() const { return rules_; }
  double komi() const { return rules_.komi; }
  void set_komi(double komi) { rules_.komi = komi; }
  Color to_move() const { return board_.to_move(); }
  // Before the first move this also changes the set-up position, so undo() keeps that side to move.
  void set_to_move(Color c) {
    board_.set_to_move(c);
    if (moves_.empty()) setup_.set_to_move(c);
  }

  // Set-up stones (SGF AB/AW, free handicap). Only before the first move; false if refused.
  bool add_setup_stone(Point p, Color c);
  // Places the GTP fixed handicap (see fixed_handicap_points) and gives White the move.
  bool set_fixed_handicap(int stones);
  int handicap() const { return handicap_; }
  void set_handicap(int stones) { handicap_ = stones; }

  MoveError check(Point p, Color c) const;
  bool is_legal(Point p, Color c) const { return check(p, c) == MoveError::kNone; }
  bool is_legal(Point p) const { return is_legal(p, to_move()); }
  // Plays if legal (including superko) and returns kNone; otherwise changes nothing.
  MoveError play(Point p, Color c);
  MoveError play(Point p) { return play(p, to_move()); }
  bool undo();  // false if no move to undo

  bool is_over() const { return board_.consecutive_passes() >= 2; }
  const std::vector<Move>& moves() const { return moves_; }
  int move_number() const { return static_cast<int>(moves_.size()); }
  const Board& setup_board() const { return setup_; }

  // For a stone: 1 if the last move placed it, 2 the move before, ...; set-up stones count as placed
  // just before move 1. 0 for an empty point.
  int turns_since(Point p) const;

  // Tromp-Taylor area score from Black's view: black area - white area - komi.
  double area_score() const;
  // "B+3.5", "W+0.5", "0" (jigo).
  std::string result_text() const;

  // The GTP spec's fixed handicap points for `stones` on this size; empty if not allowed there.
  static std::vector<Point> fixed_handicap_points(int size, int stones);

 private:
  Board setup_;
  Board board_;
  GameRules rules_;
  int handicap_ = 0;
  std::vector<Move> moves_;
  std::vector<uint64_t> stone_move_hashes_;         // hash after each non-pass move, for undo
  std::unordered_map<uint64_t, int> seen_positions_;  // hash -> times seen
  std::array<int32_t, kPadded> placed_at_{};          // move number that placed the stone (0 = set-up)
};

// Black area minus white area (no komi): stones plus empty regions that reach only one colour.
int area_difference(const Board& board);

// What is wrong with `komi` on a board of `size` ("" when nothing): not a number, or beyond the
// board's area, where it decides the game before a stone is played. The one check behind GTP's
// `komi` and every --komi flag ("komi 362 is outside -361..+361").
std::string komi_error(double komi, int size);

}  // namespace tengen

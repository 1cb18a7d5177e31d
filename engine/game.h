// Game: a Board plus what the board itself does not keep — the move history, the hashes of every
// position seen (for positional and situational superko), the move number at which each stone was
// placed ("turns since" for the feature planes), the rules (engine/rule_set.h: ko rule, scoring,
// komi) and handicap set-up. Undo replays from the set-up position.
// Thread-safety: none; copy it per thread (copies are heap-allocating, unlike Board).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/bitboard.h"
#include "engine/board.h"
#include "engine/rule_set.h"

namespace tengen {

enum class MoveError { kNone, kOffBoard, kOccupied, kSuicide, kKo, kSuperko };
const char* move_error_text(MoveError e);  // "occupied point", "suicide", ...
// "positional superko" or "situational superko" for kSuperko under `ko`, else move_error_text.
std::string move_error_text(MoveError e, KoRule ko);

class Game {
 public:
  explicit Game(int size = kMaxSize, GameRules rules = {});

  const Board& board() const { return board_; }
  int size() const { return board_.size(); }
  const GameRules& rules() const { return rules_; }
  double komi() const { return rules_.komi; }
  void set_komi(double komi) { rules_.komi = komi; }
  // Replays the game under `rules`; when a move becomes illegal under them, changes nothing and
  // says which ("move 108 (B S8) is illegal under these rules: positional superko").
  std::optional<std::string> set_rules(const GameRules& rules);
  Color to_move() const { return board_.to_move(); }
  // Before the first move this also changes the set-up position, so undo() keeps that side to move.
  void set_to_move(Color c) {
    board_.set_to_move(c);
    if (moves_.empty()) {
      setup_.set_to_move(c);
      forget_history();  // situational superko keys the start position with its side to move
    }
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

  // What White receives for the game: komi plus the handicap bonus of the rules (0, N-1 or N points).
  double white_compensation() const;
  // Tromp-Taylor area score from Black's view: black area - white area - white_compensation().
  // The search evaluates every position by this, whatever the scoring rule.
  double area_score() const;
  // Japanese count from Black's view: black territory + prisoners taken by Black, minus White's,
  // minus white_compensation(). Stones are never removed here (no dead-stone or seki judgement).
  double territory_score() const;
  // Black's score by the game's scoring rule, after taking the `dead` stones off (each one a
  // prisoner under territory scoring); with tax SEKI, empty points next to `seki` stones count for
  // nobody. Bitboards are over dense_index. score() is final_score with none dead and no seki.
  double final_score(const Bitboard& dead, const Bitboard& seki) const;
  double score() const { return final_score(Bitboard(), Bitboard()); }
  // score() as "B+3.5", "W+0.5", "0" (jigo).
  std::string result_text() const;
  static std::string score_text(double black_score);

  // The GTP spec's fixed handicap points for `stones` on this size; empty if not allowed there.
  static std::vector<Point> fixed_handicap_points(int size, int stones);

 private:
  // The key seen_positions_ holds for the board under the ko rule (the side to move is part of it
  // under situational superko).
  uint64_t position_key(uint64_t stones_hash, Color to_move) const;
  void forget_history();  // seen_positions_ back to the current position alone
  double count_score(const Bitboard& dead, const Bitboard& seki, ScoringRule how) const;
  Board setup_;
  Board board_;
  GameRules rules_;
  int handicap_ = 0;
  bool replaying_ = false;  // undo() replays moves once accepted: no superko check then
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

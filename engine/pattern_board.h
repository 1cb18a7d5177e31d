// PatternBoard: a Board plus what the rollout and tree policies read, kept current incrementally as
// moves are played (Pachi-style, docs/ROLLOUT.md):
//   - the state of every cell (engine/patterns.h) and the 3x3 code of every point;
//   - after each play(), the points whose 3x3 code changed (so a policy can refresh cached weights);
//   - the last two moves and the stones the last move captured (for the response and vital-point features).
// The update touches only cells whose colour or liberty bucket (1, 2, >= 3) changed: the played
// point, the strings next to it, the captured stones and the strings next to those.
// Contract: play() takes a move legal under simple ko for the side to move (or a pass), like
// Board::play. No heap: a fixed-size value type, cheap to copy. Thread-safety: none; one per thread.
#pragma once

#include <array>
#include <cstdint>

#include "engine/board.h"
#include "engine/patterns.h"

namespace tengen {

class PatternBoard {
 public:
  // Starts from any position; `last` and `second_last` are the moves that led to it (kNoPoint if
  // unknown; kPass for passes). Nothing counts as just captured.
  explicit PatternBoard(const Board& board, Point last = kNoPoint, Point second_last = kNoPoint);

  const Board& board() const { return board_; }
  Color to_move() const { return board_.to_move(); }
  int cell(Point q) const { return cell_[q]; }
  uint32_t code3(Point p) const { return code3_[p]; }
  // compute_diamond(board(), centre), read from the kept cells where the diamond is on the board.
  uint64_t diamond(Point centre) const;

  Point last_move() const { return last_; }
  Point second_last_move() const { return second_last_; }
  // Stones removed by the last move (all of them, in no particular order).
  int num_captured() const { return num_captured_; }
  Point captured(int i) const { return captured_[i]; }

  // On-board points whose 3x3 code changed during the last play(), each listed once.
  int num_changed() const { return num_changed_; }
  Point changed(int i) const { return changed_[i]; }

  void play(Point p);

 private:
  void set_cell(Point q, int state);
  void refresh_string(Point stone);  // re-reads the liberty bucket of stone's string
  void mark_changed(Point q);

  Board board_;
  Point last_, second_last_;
  std::array<uint8_t, kPadded> cell_;
  std::array<uint32_t, kPadded> code3_;
  std::array<uint32_t, kPadded> changed_stamp_;
  uint32_t stamp_ = 1;
  int num_changed_ = 0;
  int num_captured_ = 0;
  std::array<Point, kMaxPoints> changed_;
  std::array<Point, kMaxPoints> captured_;
};

}  // namespace tengen

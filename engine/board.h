// Board: the rules core's hot-path state, a fixed-size value type with no heap (cheap to copy for
// search threads). Stones are kept both as colour bitboards and in a padded mailbox with strings
// (circular stone lists, a head per string, exact liberty counts, all maintained incrementally),
// a Zobrist hash of the stones, the simple-ko point, captures and consecutive passes.
// It knows simple ko only: positional superko needs the game's history, see engine/game.h.
// Thread-safety: none inside; give each thread its own copy.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "engine/bitboard.h"
#include "engine/small_set.h"
#include "engine/types.h"

namespace tengen {

class Board {
 public:
  explicit Board(int size = kMaxSize);

  int size() const { return size_; }
  Color at(Point p) const { return static_cast<Color>(color_[p]); }
  bool on_board(Point p) const { return p >= 0 && p < kPadded && color_[p] != static_cast<uint8_t>(Color::kEdge); }
  Color to_move() const { return to_move_; }
  void set_to_move(Color c) { to_move_ = c; }

  // The point the side to move may not play because of simple ko (kNoPoint if none).
  Point ko_point() const { return ko_point_; }
  int consecutive_passes() const { return passes_; }
  // Forgets the passes (e.g. to play rollouts on from a finished game to judge dead stones).
  void clear_passes() { passes_ = 0; }
  int captures(Color by) const { return captures_[color_index(by)]; }  // prisoners taken by `by`
  uint64_t hash() const { return hash_; }  // stones only: the key for positional superko
  const Bitboard& stones(Color c) const { return stones_[color_index(c)]; }
  Bitboard empty_points() const { return board_mask(size_).and_not(stones_[0] | stones_[1]); }

  // Strings: valid only for occupied points.
  Point head(Point p) const { return head_[p]; }
  Point next_in_string(Point p) const { return next_[p]; }
  int liberties(Point p) const { return libs_[head_[p]]; }
  int string_size(Point p) const { return size_of_[head_[p]]; }

  // Empty points in an arbitrary but deterministic order (for random playouts).
  int num_empty() const { return num_empty_; }
  Point empty_at(int i) const { return empty_[i]; }

  // Legal under simple ko: on the board, empty, not suicide, not the ko point. Pass is legal.
  bool is_legal(Point p, Color c) const;
  bool is_legal(Point p) const { return is_legal(p, to_move_); }
  bool is_suicide(Point p, Color c) const;

  // is_legal(p, c) && !is_simple_eye(p, c) for an empty point p, in one pass over the neighbours:
  // the inner loop of random playouts.
  bool is_playout_move(Point p, Color c) const {
    if (empty_neighbours_[p]) return true;  // a liberty: legal, and not an eye
    const uint8_t own = static_cast<uint8_t>(c);
    bool legal = false, all_own = true;
    for (int d : kNeighbourOffsets) {
      const uint8_t nc = color_[p + d];
      if (nc == 3) continue;  // edge
      const int libs = libs_[head_[p + d]];
      if (nc == own) {
        legal |= libs > 1;
      } else {
        all_own = false;
        legal |= libs == 1;  // captures
      }
    }
    if (!legal || (p == ko_point_ && c == to_move_)) return false;
    return !all_own || !simple_eye_diagonals(p, c);
  }

  // Plays a legal move (checked only by assert) and gives the turn to the opponent. Pass allowed.
  void play(Point p, Color c);
  void play(Point p) { play(p, to_move_); }

  // Setup stone (SGF AB/AW, handicap): placed without changing the side to move or the pass count.
  // Returns false (and changes nothing) if the point is occupied or the stone would have no liberty.
  bool place_setup_stone(Point p, Color c);

  // Hash after c plays at p (legal under simple ko), without playing it. For superko checks.
  uint64_t hash_after(Point p, Color c) const;
  // Number of opponent stones c would capture at p; own-string liberties after the move.
  int capture_count(Point p, Color c) const;
  int liberties_after(Point p, Color c) const;
  // A legal move of c at p that captures nothing and leaves its string (the new stone and the own
  // strings it joins) with one liberty and at least `min_stones` stones: the opponent takes them
  // next. Playouts refuse these; a single-stone throw-in (min_stones 2) stays allowed.
  bool is_self_atari(Point p, Color c, int min_stones) const;

  // Eye tests (see docs/FEATURES.md): all orthogonal neighbours are c's stones (or edge).
  bool is_eyeish(Point p, Color c) const;
  // Cheap eye used by random playouts: eyeish, and at most one opponent diagonal (none on an edge).
  bool is_simple_eye(Point p, Color c) const;
  // True eye used for sensibleness: eyeish and few "bad" diagonals, where an empty diagonal is bad
  // unless it is itself a true eye (checked recursively).
  bool is_true_eye(Point p, Color c) const;

  // Text diagram: rows from the top, 'X' black, 'O' white, '.' empty.
  std::string to_string() const;

 private:
  bool is_true_eye_rec(Point p, Color c, int depth, Bitboard& visited) const;
  // The diagonal half of is_simple_eye, for a point already known to be eyeish.
  bool simple_eye_diagonals(Point p, Color c) const {
    const uint8_t opp = static_cast<uint8_t>(opponent(c));
    int bad = 0, edge = 0;
    for (int d : kDiagonalOffsets) {
      const uint8_t dc = color_[p + d];
      bad += dc == opp;
      edge += dc == 3;
    }
    return bad + (edge > 0) < 2;
  }
  using HeadSet = SmallPointSet<4>;  // distinct string heads around one point
  // Puts the stone down as a one-stone string and takes p off its neighbours' liberties.
  HeadSet add_stone(Point p, Color c);
  void merge_around(Point p, uint8_t own, const HeadSet& around);
  void remove_string(Point head);  // empties every stone of the string, updating neighbours' liberties
  void merge_into(Point big_head, Point small_head);
  bool adjacent_to_head(Point p, Point h) const;
  void remove_from_empty(Point p);
  void add_to_empty(Point p);

  int8_t size_;
  Color to_move_;
  int8_t passes_;
  Point ko_point_;
  std::array<int, 2> captures_;
  uint64_t hash_;
  std::array<Bitboard, 2> stones_;
  std::array<uint8_t, kPadded> color_;
  std::array<uint8_t, kPadded> empty_neighbours_;  // kept for every cell, so playouts skip 4 loads
  std::array<Point, kPadded> head_;
  std::array<Point, kPadded> next_;
  std::array<int16_t, kPadded> libs_;     // valid at heads
  std::array<int16_t, kPadded> size_of_;  // valid at heads
  std::array<int16_t, kPadded> empty_index_;
  std::array<Point, kMaxPoints> empty_;
  int16_t num_empty_;
};

}  // namespace tengen

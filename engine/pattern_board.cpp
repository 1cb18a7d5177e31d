#include "engine/pattern_board.h"

namespace tengen {

PatternBoard::PatternBoard(const Board& board, Point last, Point second_last)
    : board_(board), last_(last), second_last_(second_last) {
  for (int q = 0; q < kPadded; ++q) cell_[q] = static_cast<uint8_t>(cell_state(board_, static_cast<Point>(q)));
  code3_.fill(0);
  for (int q = kStride; q < kPadded - kStride; ++q)
    if (board_.on_board(static_cast<Point>(q))) code3_[q] = compute_code3(board_, static_cast<Point>(q));
  changed_stamp_.fill(0);
}

uint64_t PatternBoard::diamond(Point centre) const {
  const int x = point_x(centre), y = point_y(centre), last = board_.size() - 3;
  if (x < 2 || y < 2 || x > last || y > last) return compute_diamond(board_, centre);
  uint64_t code = 0;
  for (int i = 0; i < 12; ++i)
    code |= static_cast<uint64_t>(cell_[centre + kDiamond12[i].dy * kStride + kDiamond12[i].dx]) << (3 * i);
  return code;
}

void PatternBoard::mark_changed(Point q) {
  if (changed_stamp_[q] == stamp_) return;
  changed_stamp_[q] = stamp_;
  changed_[num_changed_++] = q;
}

void PatternBoard::set_cell(Point q, int state) {
  const uint32_t diff = cell_[q] ^ static_cast<uint32_t>(state);
  if (diff == 0) return;
  cell_[q] = static_cast<uint8_t>(state);
  // q sits at position 7 - i in the pattern of its neighbour at offset i.
  for (int i = 0; i < 8; ++i) {
    const Point n = static_cast<Point>(q + ring8_delta(i));
    code3_[n] ^= diff << (3 * (7 - i));
    if (cell_[n] != kCellEdge) mark_changed(n);
  }
}

void PatternBoard::refresh_string(Point stone) {
  const int state = cell_state(board_, stone);
  if (cell_[stone] == state) return;  // the bucket of this part of the string did not change
  Point s = stone;
  do {
    set_cell(s, state);
    s = board_.next_in_string(s);
  } while (s != stone);
}

void PatternBoard::play(Point p) {
  if (++stamp_ == 0) {  // wrapped: clear the stamps so no stale one matches
    changed_stamp_.fill(0);
    stamp_ = 1;
  }
  num_changed_ = 0;
  num_captured_ = 0;
  second_last_ = last_;
  last_ = p;
  if (p == kPass) {
    board_.play(p);
    return;
  }
  // Opponent strings in atari next to p are captured: list their stones before they vanish.
  const Color me = board_.to_move();
  const Color opp = opponent(me);
  for (int d : kNeighbourOffsets) {
    const Point n = static_cast<Point>(p + d);
    if (board_.at(n) != opp || board_.liberties(n) != 1) continue;
    const Point head = board_.head(n);
    bool seen = false;
    for (int i = 0; i < num_captured_ && !seen; ++i) seen = board_.head(captured_[i]) == head;
    if (seen) continue;
    Point s = n;
    do {
      captured_[num_captured_++] = s;
      s = board_.next_in_string(s);
    } while (s != n);
  }
  board_.play(p);

  set_cell(p, cell_state(board_, p));
  for (int d : kNeighbourOffsets) {
    const Point n = static_cast<Point>(p + d);
    const Color c = board_.at(n);
    if (c == Color::kBlack || c == Color::kWhite) refresh_string(n);
  }
  for (int i = 0; i < num_captured_; ++i) set_cell(captured_[i], kCellEmpty);
  for (int i = 0; i < num_captured_; ++i)
    for (int d : kNeighbourOffsets) {
      const Point n = static_cast<Point>(captured_[i] + d);
      if (board_.at(n) == me) refresh_string(n);
    }
}

}  // namespace tengen

#include "engine/board.h"

#include <cassert>

#include "engine/zobrist.h"

namespace tengen {

namespace {
constexpr uint8_t kEmptyByte = static_cast<uint8_t>(Color::kEmpty);
constexpr uint8_t kEdgeByte = static_cast<uint8_t>(Color::kEdge);

inline bool is_stone(uint8_t c) { return c == 1 || c == 2; }
}  // namespace

Board::Board(int size)
    : size_(static_cast<int8_t>(size)),
      to_move_(Color::kBlack),
      passes_(0),
      ko_point_(kNoPoint),
      captures_{0, 0},
      hash_(0),
      stones_{},
      num_empty_(0) {
  assert(size >= 1 && size <= kMaxSize);
  color_.fill(kEdgeByte);
  head_.fill(kNoPoint);
  next_.fill(kNoPoint);
  libs_.fill(0);
  size_of_.fill(0);
  empty_index_.fill(-1);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      Point p = make_point(x, y);
      color_[p] = kEmptyByte;
      add_to_empty(p);
    }
  empty_neighbours_.fill(0);
  for (int p = kStride; p < kPadded - kStride; ++p)
    for (int d : kNeighbourOffsets) empty_neighbours_[p] += color_[p + d] == kEmptyByte;
}

void Board::add_to_empty(Point p) {
  empty_index_[p] = num_empty_;
  empty_[num_empty_++] = p;
}

void Board::remove_from_empty(Point p) {
  int i = empty_index_[p];
  Point last = empty_[--num_empty_];
  empty_[i] = last;
  empty_index_[last] = static_cast<int16_t>(i);
  empty_index_[p] = -1;
}

bool Board::is_suicide(Point p, Color c) const {
  const Color opp = opponent(c);
  for (int d : kNeighbourOffsets) {
    Point n = static_cast<Point>(p + d);
    uint8_t nc = color_[n];
    if (nc == kEmptyByte) return false;
    if (nc == static_cast<uint8_t>(c) && libs_[head_[n]] > 1) return false;
    if (nc == static_cast<uint8_t>(opp) && libs_[head_[n]] == 1) return false;
  }
  return true;
}

bool Board::is_legal(Point p, Color c) const {
  if (p == kPass) return true;
  if (p < 0 || p >= kPadded || color_[p] != kEmptyByte) return false;
  if (p == ko_point_ && c == to_move_) return false;
  return !is_suicide(p, c);
}

Board::HeadSet Board::add_stone(Point p, Color c) {
  color_[p] = static_cast<uint8_t>(c);
  stones_[color_index(c)].set(kDenseIndex.of[p]);
  hash_ ^= zobrist::stone(c, p);
  remove_from_empty(p);
  head_[p] = p;
  next_[p] = p;
  size_of_[p] = 1;
  // p was a liberty of every distinct string around it.
  HeadSet around;
  for (int d : kNeighbourOffsets) {
    Point n = static_cast<Point>(p + d);
    --empty_neighbours_[n];
    Point h = head_[n];
    if (h != kNoPoint && around.insert(h)) --libs_[h];
  }
  libs_[p] = empty_neighbours_[p];
  return around;
}

bool Board::adjacent_to_head(Point p, Point h) const {
  for (int d : kNeighbourOffsets) {
    if (head_[p + d] == h) return true;  // empty and edge cells have head kNoPoint
  }
  return false;
}

void Board::merge_into(Point big, Point small) {
  // Relabel the small string stone by stone; an empty neighbour is a new liberty unless it already
  // touches the big string (including stones relabelled a moment ago), so nothing counts twice.
  Point s = small;
  do {
    for (int d : kNeighbourOffsets) {
      Point e = static_cast<Point>(s + d);
      if (color_[e] == kEmptyByte && !adjacent_to_head(e, big)) ++libs_[big];
    }
    head_[s] = big;
    s = next_[s];
  } while (s != small);
  std::swap(next_[big], next_[small]);
  size_of_[big] = static_cast<int16_t>(size_of_[big] + size_of_[small]);
}

void Board::remove_string(Point h) {
  Point s = h;
  do {
    Color c = static_cast<Color>(color_[s]);
    color_[s] = kEmptyByte;
    stones_[color_index(c)].reset(kDenseIndex.of[s]);
    hash_ ^= zobrist::stone(c, s);
    add_to_empty(s);
    head_[s] = kNoPoint;
    for (int d : kNeighbourOffsets) ++empty_neighbours_[s + d];
    s = next_[s];
  } while (s != h);
  // Each freed point is a new liberty of every distinct string next to it.
  s = h;
  do {
    HeadSet seen;
    for (int d : kNeighbourOffsets) {
      Point hn = head_[s + d];
      if (hn != kNoPoint && seen.insert(hn)) ++libs_[hn];
    }
    s = next_[s];
  } while (s != h);
}

void Board::play(Point p, Color c) {
  assert(is_legal(p, c));
  ko_point_ = kNoPoint;
  to_move_ = opponent(c);
  if (p == kPass) {
    ++passes_;
    return;
  }
  passes_ = 0;
  const uint8_t own = static_cast<uint8_t>(c), opp = static_cast<uint8_t>(opponent(c));
  HeadSet around = add_stone(p, c);
  int captured = 0;
  Point captured_point = kNoPoint;
  for (int i = 0; i < around.n; ++i) {
    Point h = around.p[i];
    if (color_[h] == opp && libs_[h] == 0) {
      captured += size_of_[h];
      captured_point = h;
      remove_string(h);
    }
  }
  merge_around(p, own, around);
  captures_[color_index(c)] += captured;
  if (captured == 1 && size_of_[head_[p]] == 1 && libs_[head_[p]] == 1) ko_point_ = captured_point;
}

void Board::merge_around(Point p, uint8_t own, const HeadSet& around) {
  Point cur = p;
  for (int i = 0; i < around.n; ++i) {
    Point h = around.p[i];
    if (color_[h] != own) continue;
    if (size_of_[h] >= size_of_[cur]) {
      merge_into(h, cur);
      cur = h;
    } else {
      merge_into(cur, h);
    }
  }
}

bool Board::place_setup_stone(Point p, Color c) {
  if (!on_board(p) || color_[p] != kEmptyByte) return false;
  const uint8_t opp = static_cast<uint8_t>(opponent(c));
  for (int d : kNeighbourOffsets) {
    Point n = static_cast<Point>(p + d);
    if (color_[n] == opp && libs_[head_[n]] == 1) return false;  // setup never captures
  }
  if (liberties_after(p, c) == 0) return false;
  HeadSet around = add_stone(p, c);
  merge_around(p, static_cast<uint8_t>(c), around);
  ko_point_ = kNoPoint;
  return true;
}

uint64_t Board::hash_after(Point p, Color c) const {
  if (p == kPass) return hash_;
  uint64_t h = hash_ ^ zobrist::stone(c, p);
  const uint8_t opp = static_cast<uint8_t>(opponent(c));
  HeadSet seen;
  for (int d : kNeighbourOffsets) {
    Point n = static_cast<Point>(p + d);
    if (color_[n] == opp && libs_[head_[n]] == 1 && seen.insert(head_[n])) {
      Point s = n;
      do {
        h ^= zobrist::stone(opponent(c), s);
        s = next_[s];
      } while (s != n);
    }
  }
  return h;
}

int Board::capture_count(Point p, Color c) const {
  const uint8_t opp = static_cast<uint8_t>(opponent(c));
  HeadSet seen;
  int total = 0;
  for (int d : kNeighbourOffsets) {
    Point n = static_cast<Point>(p + d);
    if (color_[n] == opp && libs_[head_[n]] == 1 && seen.insert(head_[n])) total += size_of_[head_[n]];
  }
  return total;
}

bool Board::is_self_atari(Point p, Color c, int min_stones) const {
  if (empty_neighbours_[p] >= 2 || capture_count(p, c) > 0) return false;  // the common cases, cheaply
  const uint8_t own = static_cast<uint8_t>(c);
  HeadSet heads;
  int stones = 1;
  for (int d : kNeighbourOffsets) {
    const Point n = static_cast<Point>(p + d);
    if (color_[n] == own && heads.insert(head_[n])) stones += size_of_[head_[n]];
  }
  return stones >= min_stones && liberties_after(p, c) == 1;
}

int Board::liberties_after(Point p, Color c) const {
  const uint8_t own = static_cast<uint8_t>(c), opp = static_cast<uint8_t>(opponent(c));
  Bitboard libs;
  HeadSet own_heads, captured_heads;
  for (int d : kNeighbourOffsets) {
    Point n = static_cast<Point>(p + d);
    if (color_[n] == kEmptyByte) {
      libs.set(dense_index(n));
    } else if (color_[n] == own && own_heads.insert(head_[n])) {
      Point s = n;
      do {
        for (int e : kNeighbourOffsets)
          if (color_[s + e] == kEmptyByte) libs.set(dense_index(static_cast<Point>(s + e)));
        s = next_[s];
      } while (s != n);
    } else if (color_[n] == opp && libs_[head_[n]] == 1) {
      captured_heads.insert(head_[n]);
    }
  }
  // A captured stone becomes a liberty if it touches the new stone or a string joined to it.
  for (int i = 0; i < captured_heads.n; ++i) {
    Point h = captured_heads.p[i], s = h;
    do {
      for (int e : kNeighbourOffsets) {
        Point n = static_cast<Point>(s + e);
        if (n == p || (color_[n] == own && own_heads.contains(head_[n]))) {
          libs.set(dense_index(s));
          break;
        }
      }
      s = next_[s];
    } while (s != h);
  }
  libs.reset(dense_index(p));
  return libs.count();
}

bool Board::is_eyeish(Point p, Color c) const {
  if (!on_board(p) || color_[p] != kEmptyByte) return false;
  for (int d : kNeighbourOffsets) {
    uint8_t nc = color_[p + d];
    if (nc != static_cast<uint8_t>(c) && nc != kEdgeByte) return false;
  }
  return true;
}

bool Board::is_simple_eye(Point p, Color c) const {
  return is_eyeish(p, c) && simple_eye_diagonals(p, c);
}

bool Board::is_true_eye(Point p, Color c) const {
  Bitboard visited;
  return is_true_eye_rec(p, c, 0, visited);
}

bool Board::is_true_eye_rec(Point p, Color c, int depth, Bitboard& visited) const {
  if (!is_eyeish(p, c)) return false;
  const uint8_t opp = static_cast<uint8_t>(opponent(c));
  int bad = 0, allowed = 1;
  visited.set(dense_index(p));
  for (int d : kDiagonalOffsets) {
    Point q = static_cast<Point>(p + d);
    uint8_t dc = color_[q];
    if (dc == kEdgeByte) {
      allowed = 0;
    } else if (dc == opp) {
      ++bad;
    } else if (dc == kEmptyByte && !visited.test(dense_index(q))) {
      // An empty diagonal is harmless only if it is an eye of ours too (two-eye shapes).
      if (depth >= 8 || !is_true_eye_rec(q, c, depth + 1, visited)) ++bad;
    }
  }
  visited.reset(dense_index(p));
  return bad <= allowed;
}

std::string Board::to_string() const {
  std::string out;
  for (int y = 0; y < size_; ++y) {
    for (int x = 0; x < size_; ++x) {
      Color c = at(make_point(x, y));
      out += c == Color::kBlack ? 'X' : c == Color::kWhite ? 'O' : '.';
    }
    out += '\n';
  }
  return out;
}

}  // namespace tengen

#include "engine/game.h"

#include <cmath>
#include <cstdio>

namespace tengen {

const char* move_error_text(MoveError e) {
  switch (e) {
    case MoveError::kNone: return "legal";
    case MoveError::kOffBoard: return "off the board";
    case MoveError::kOccupied: return "point occupied";
    case MoveError::kSuicide: return "suicide";
    case MoveError::kKo: return "ko recapture";
    case MoveError::kSuperko: return "positional superko";
  }
  return "illegal";
}

Game::Game(int size, GameRules rules) : setup_(size), board_(size), rules_(rules) {
  seen_positions_[board_.hash()] = 1;
}

bool Game::add_setup_stone(Point p, Color c) {
  if (!moves_.empty()) return false;
  seen_positions_.erase(board_.hash());
  bool ok = board_.place_setup_stone(p, c);
  seen_positions_[board_.hash()] = 1;
  if (ok) setup_ = board_;
  return ok;
}

std::vector<Point> Game::fixed_handicap_points(int size, int stones) {
  if (size < 7 || stones < 2) return {};
  const int max = (size % 2 == 0 || size == 7) ? 4 : 9;
  if (stones > max) return {};
  const int lo = size >= 13 ? 3 : 2, hi = size - 1 - lo, mid = size / 2;
  // x from the left, y from the top. Order: the GTP spec's placement sets, listed top to bottom.
  auto P = [](int x, int y) { return make_point(x, y); };
  std::vector<Point> pts;
  const bool centre = stones % 2 == 1 && stones >= 5;
  const bool sides = stones >= 6;
  const bool top_bottom = stones >= 8;
  if (stones >= 3) pts.push_back(P(lo, lo));  // upper left (with 3: lower left, upper right and this)
  if (top_bottom) pts.push_back(P(mid, lo));
  pts.push_back(P(hi, lo));                    // upper right
  if (sides) pts.push_back(P(lo, mid));
  if (centre) pts.push_back(P(mid, mid));
  if (sides) pts.push_back(P(hi, mid));
  pts.push_back(P(lo, hi));                    // lower left
  if (top_bottom) pts.push_back(P(mid, hi));
  if (stones >= 4) pts.push_back(P(hi, hi));   // lower right
  return pts;
}

bool Game::set_fixed_handicap(int stones) {
  if (!moves_.empty() || board_.stones(Color::kBlack).any() || board_.stones(Color::kWhite).any())
    return false;
  std::vector<Point> pts = fixed_handicap_points(size(), stones);
  if (pts.empty()) return false;
  for (Point p : pts) add_setup_stone(p, Color::kBlack);
  handicap_ = stones;
  board_.set_to_move(Color::kWhite);
  setup_ = board_;
  return true;
}

MoveError Game::check(Point p, Color c) const {
  if (p == kPass) return MoveError::kNone;
  if (!board_.on_board(p)) return MoveError::kOffBoard;
  if (board_.at(p) != Color::kEmpty) return MoveError::kOccupied;
  if (p == board_.ko_point() && c == board_.to_move()) return MoveError::kKo;
  if (board_.is_suicide(p, c)) return MoveError::kSuicide;
  if (rules_.positional_superko && seen_positions_.count(board_.hash_after(p, c)))
    return MoveError::kSuperko;
  return MoveError::kNone;
}

MoveError Game::play(Point p, Color c) {
  MoveError e = check(p, c);
  if (e != MoveError::kNone) return e;
  board_.play(p, c);
  moves_.push_back(Move{c, p});
  if (p != kPass) {
    placed_at_[p] = static_cast<int32_t>(moves_.size());
    stone_move_hashes_.push_back(board_.hash());
    ++seen_positions_[board_.hash()];
  }
  return MoveError::kNone;
}

bool Game::undo() {
  if (moves_.empty()) return false;
  std::vector<Move> replay(moves_.begin(), moves_.end() - 1);
  const Color to_move_at_setup = setup_.to_move();
  board_ = setup_;
  board_.set_to_move(to_move_at_setup);
  moves_.clear();
  stone_move_hashes_.clear();
  seen_positions_.clear();
  seen_positions_[board_.hash()] = 1;
  placed_at_.fill(0);
  const bool superko = rules_.positional_superko;
  rules_.positional_superko = false;  // the moves were accepted once; replay them as they were
  for (const Move& m : replay) play(m.point, m.color);
  rules_.positional_superko = superko;
  return true;
}

int Game::turns_since(Point p) const {
  if (board_.at(p) != Color::kBlack && board_.at(p) != Color::kWhite) return 0;
  return move_number() - placed_at_[p] + 1;
}

int area_difference(const Board& board) {
  const Bitboard& mask = board_mask(board.size());
  const Bitboard& black = board.stones(Color::kBlack);
  const Bitboard& white = board.stones(Color::kWhite);
  const Bitboard empty = mask.and_not(black | white);
  const Bitboard reach_black = flood_fill(black.dilate(mask) & empty, empty);
  const Bitboard reach_white = flood_fill(white.dilate(mask) & empty, empty);
  const int black_area = black.count() + reach_black.and_not(reach_white).count();
  const int white_area = white.count() + reach_white.and_not(reach_black).count();
  return black_area - white_area;
}

std::string komi_error(double komi, int size) {
  char text[64];
  std::snprintf(text, sizeof text, "%.12g", komi);
  if (std::isnan(komi)) return std::string("komi ") + text + " is not a number";
  const int area = size * size;
  if (std::abs(komi) > area)
    return std::string("komi ") + text + " is outside -" + std::to_string(area) + "..+" + std::to_string(area);
  return "";
}

double Game::area_score() const { return area_difference(board_) - rules_.komi; }

std::string Game::result_text() const {
  double s = area_score();
  if (std::fabs(s) < 1e-9) return "0";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s+%g", s > 0 ? "B" : "W", std::fabs(s));
  return buf;
}

}  // namespace tengen

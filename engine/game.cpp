#include "engine/game.h"

#include <cmath>
#include <cstdio>

#include "engine/zobrist.h"

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

std::string move_error_text(MoveError e, KoRule ko) {
  if (e == MoveError::kSuperko && ko == KoRule::kSituational) return "situational superko";
  return move_error_text(e);
}

Game::Game(int size, GameRules rules) : setup_(size), board_(size), rules_(rules) { forget_history(); }

uint64_t Game::position_key(uint64_t stones_hash, Color to_move) const {
  if (rules_.ko != KoRule::kSituational || to_move != Color::kBlack) return stones_hash;
  return stones_hash ^ zobrist::kTable.black_to_move;
}

void Game::forget_history() {
  seen_positions_.clear();
  seen_positions_[position_key(board_.hash(), board_.to_move())] = 1;
}

bool Game::add_setup_stone(Point p, Color c) {
  if (!moves_.empty()) return false;
  bool ok = board_.place_setup_stone(p, c);
  forget_history();
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
  if (rules_.ko != KoRule::kSimple && !replaying_ && seen_positions_.count(position_key(board_.hash_after(p, c), opponent(c))))
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
    ++seen_positions_[position_key(board_.hash(), board_.to_move())];
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
  placed_at_.fill(0);
  forget_history();
  replaying_ = true;  // the moves were accepted once; replay them as they were
  for (const Move& m : replay) play(m.point, m.color);
  replaying_ = false;
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

double Game::white_compensation() const {
  const int n = handicap_ >= 2 ? handicap_ : 0;
  switch (rules_.white_handicap_bonus) {
    case HandicapBonus::kZero: return rules_.komi;
    case HandicapBonus::kNMinusOne: return rules_.komi + (n > 0 ? n - 1 : 0);
    case HandicapBonus::kN: return rules_.komi + n;
  }
  return rules_.komi;
}

double Game::area_score() const { return area_difference(board_) - white_compensation(); }

double Game::territory_score() const { return count_score(Bitboard(), Bitboard(), ScoringRule::kTerritory); }

namespace {

// Surrounded points of each colour once `dead` is off the board: empty regions that reach only
// that colour's stones, less (with tax SEKI) the regions that touch a `seki` stone.
struct Surrounded {
  Bitboard black, white, black_stones, white_stones;
};
Surrounded surrounded(const Board& board, const Bitboard& dead, const Bitboard& seki, bool tax_seki) {
  const Bitboard& mask = board_mask(board.size());
  Surrounded s;
  s.black_stones = board.stones(Color::kBlack).and_not(dead);
  s.white_stones = board.stones(Color::kWhite).and_not(dead);
  const Bitboard empty = mask.and_not(s.black_stones | s.white_stones);
  const Bitboard reach_black = flood_fill(s.black_stones.dilate(mask) & empty, empty);
  const Bitboard reach_white = flood_fill(s.white_stones.dilate(mask) & empty, empty);
  Bitboard nobody;  // regions next to a string in seki: no one's points under the seki tax
  if (tax_seki && seki.any()) nobody = flood_fill(seki.dilate(mask) & empty, empty);
  s.black = reach_black.and_not(reach_white).and_not(nobody);
  s.white = reach_white.and_not(reach_black).and_not(nobody);
  return s;
}

}  // namespace

double Game::final_score(const Bitboard& dead, const Bitboard& seki) const {
  return count_score(dead, seki, rules_.scoring);
}

double Game::count_score(const Bitboard& dead, const Bitboard& seki, ScoringRule how) const {
  const Surrounded s = surrounded(board_, dead, seki, rules_.tax == TaxRule::kSeki);
  if (how == ScoringRule::kArea)
    return s.black.count() + s.black_stones.count() - s.white.count() - s.white_stones.count() - white_compensation();
  // Territory: each dead stone is a prisoner for the side that owns its point.
  const int black_prisoners = board_.captures(Color::kBlack) + (board_.stones(Color::kWhite) & dead).count();
  const int white_prisoners = board_.captures(Color::kWhite) + (board_.stones(Color::kBlack) & dead).count();
  return s.black.count() + black_prisoners - s.white.count() - white_prisoners - white_compensation();
}

std::string Game::score_text(double s) {
  if (std::fabs(s) < 1e-9) return "0";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s+%g", s > 0 ? "B" : "W", std::fabs(s));
  return buf;
}

std::string Game::result_text() const { return score_text(score()); }

std::optional<std::string> Game::set_rules(const GameRules& rules) {
  Game replayed = *this;
  replayed.rules_ = rules;
  replayed.board_ = setup_;
  replayed.moves_.clear();
  replayed.stone_move_hashes_.clear();
  replayed.placed_at_.fill(0);
  replayed.forget_history();
  for (size_t i = 0; i < moves_.size(); ++i) {
    const Move& m = moves_[i];
    if (const MoveError e = replayed.play(m.point, m.color); e != MoveError::kNone)
      return "move " + std::to_string(i + 1) + " (" + (m.color == Color::kBlack ? "B " : "W ") +
             point_to_gtp(m.point, size()) + ") is illegal under these rules: " + move_error_text(e, rules.ko);
  }
  replayed.board_.set_to_move(board_.to_move());  // a side to move set by hand stays
  *this = std::move(replayed);
  return std::nullopt;
}

}  // namespace tengen

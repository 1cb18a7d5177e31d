// Test helper: builds a Game from a picture of the board, e.g.
//   ". . X O .\n"
//   ". X O . .\n" ...
// Rows from the top, columns from the left; 'X' Black, 'O' White, '.' or '+' empty; spaces are
// ignored. The board size is the number of rows (every row must have that many points). The
// stones are set-up stones (Game::add_setup_stone), so they all have "turns since" = 1 at move 0;
// tests of move history play real moves instead. Failures throw std::invalid_argument.
// Also: features_of / plane_at for reading feature planes, and random_game, a seeded generator of
// realistic-looking positions (uniform random legal moves that do not fill a simple eye).
#pragma once

#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/features.h"
#include "engine/game.h"

namespace tengen::testutil {

inline std::vector<std::string> ascii_rows(std::string_view picture) {
  std::vector<std::string> rows;
  std::string row;
  for (char ch : picture) {
    if (ch == '\n') {
      if (!row.empty()) rows.push_back(row);
      row.clear();
    } else if (ch != ' ' && ch != '\t' && ch != '\r') {
      row += ch;
    }
  }
  if (!row.empty()) rows.push_back(row);
  return rows;
}

inline Game game_from_ascii(std::string_view picture, Color to_move, GameRules rules = {}) {
  const std::vector<std::string> rows = ascii_rows(picture);
  const int size = static_cast<int>(rows.size());
  if (size < 1 || size > kMaxSize) throw std::invalid_argument("ascii board: bad number of rows");
  Game game(size, rules);
  for (int y = 0; y < size; ++y) {
    if (static_cast<int>(rows[y].size()) != size)
      throw std::invalid_argument("ascii board: row " + std::to_string(y) + " is not " + std::to_string(size) + " wide");
    for (int x = 0; x < size; ++x) {
      const char ch = rows[y][x];
      if (ch == '.' || ch == '+') continue;
      if (ch != 'X' && ch != 'O') throw std::invalid_argument(std::string("ascii board: bad character ") + ch);
      if (!game.add_setup_stone(make_point(x, y), ch == 'X' ? Color::kBlack : Color::kWhite))
        throw std::invalid_argument("ascii board: set-up stone refused at " + std::to_string(x) + "," + std::to_string(y));
    }
  }
  game.set_to_move(to_move);
  return game;
}

// All planes of one position, identity symmetry unless told otherwise.
inline std::vector<float> features_of(const Game& game, FeatureSet set = FeatureSet::kValue49, int symmetry = 0) {
  std::vector<float> f(static_cast<size_t>(num_planes(set)) * game.size() * game.size());
  extract_features(game, set, symmetry, f.data());
  return f;
}

// Value of plane `pl` at board point (x, y) of an identity-symmetry tensor.
inline float plane_at(const std::vector<float>& f, int size, int pl, int x, int y) {
  return f[static_cast<size_t>(pl) * size * size + y * size + x];
}

// The planes in [first, first + count) that are set at (x, y), as plane offsets from `first`.
inline std::vector<int> set_planes(const std::vector<float>& f, int size, int first, int count, int x, int y) {
  std::vector<int> on;
  for (int i = 0; i < count; ++i)
    if (plane_at(f, size, first + i, x, y) != 0.0f) on.push_back(i);
  return on;
}

// Plays `moves` random legal moves (superko included; never filling a simple eye of the mover,
// passing when nothing else is left) from the empty board, reproducibly for a given seed.
inline Game random_game(int size, int moves, uint32_t seed) {
  Game game(size);
  std::mt19937 rng(seed);
  std::vector<Point> candidates;
  for (int i = 0; i < moves && !game.is_over(); ++i) {
    candidates.clear();
    const Color me = game.to_move();
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x) {
        const Point p = make_point(x, y);
        if (game.is_legal(p, me) && !game.board().is_simple_eye(p, me)) candidates.push_back(p);
      }
    Point p = kPass;
    if (!candidates.empty()) p = candidates[std::uniform_int_distribution<size_t>(0, candidates.size() - 1)(rng)];
    game.play(p, me);
  }
  return game;
}

}  // namespace tengen::testutil

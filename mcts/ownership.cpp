#include "mcts/ownership.h"

#include <algorithm>
#include <memory>

#include "engine/game.h"
#include "engine/nakade.h"
#include "engine/random_playout.h"
#include "rollout/rollout.h"

namespace tengen::mcts {

void area_owners(const Board& board, Ownership& out) {
  out.fill(0.0f);
  std::array<uint8_t, kPadded> seen{};
  std::array<Point, kMaxPoints> region;
  for (int q = 0; q < kPadded; ++q) {
    const Point p = static_cast<Point>(q);
    if (!board.on_board(p)) continue;
    const Color c = board.at(p);
    if (c == Color::kBlack || c == Color::kWhite) {
      out[p] = c == Color::kBlack ? 1.0f : -1.0f;
      continue;
    }
    if (seen[p]) continue;
    // Flood the empty region from p, noting which colours it touches.
    int n = 0;
    bool black = false, white = false;
    region[n++] = p;
    seen[p] = 1;
    for (int i = 0; i < n; ++i)
      for (int d : kNeighbourOffsets) {
        const Point m = static_cast<Point>(region[i] + d);
        const Color mc = board.at(m);
        if (mc == Color::kBlack) black = true;
        else if (mc == Color::kWhite) white = true;
        else if (mc == Color::kEmpty && !seen[m]) {
          seen[m] = 1;
          region[n++] = m;
        }
      }
    const float owner = black == white ? 0.0f : (black ? 1.0f : -1.0f);
    for (int i = 0; i < n; ++i) out[region[i]] = owner;
  }
}

std::vector<Point> seki_liberties(const Board& board) {
  std::vector<Point> out;
  for (int i = 0; i < board.num_empty(); ++i) {
    const Point p = board.empty_at(i);
    bool black = false, white = false;
    for (int d : kNeighbourOffsets) {
      const Color c = board.at(static_cast<Point>(p + d));
      black |= c == Color::kBlack;
      white |= c == Color::kWhite;
    }
    if (!black || !white) continue;
    // A killing sacrifice is a fill that works: the shared liberties of a dead group are no seki.
    const auto cannot_fill = [&](Color c) {
      return board.is_suicide(p, c) || (board.is_self_atari(p, c, 1) && !is_nakade_sacrifice(board, p, c));
    };
    if (cannot_fill(Color::kBlack) && cannot_fill(Color::kWhite)) out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Verdict judge_strings(const Board& board, const Ownership& own) {
  Verdict v;
  // Seki first, from the board itself: the rollouts fill shared liberties (the side to move plays
  // the self-atari, the other captures), so they would call one side of every seki dead.
  std::array<uint8_t, kPadded> in_seki{};
  for (Point lib : seki_liberties(board))
    for (int d : kNeighbourOffsets) {
      const Point n = static_cast<Point>(lib + d);
      const Color c = board.at(n);
      if ((c == Color::kBlack || c == Color::kWhite) && !in_seki[board.head(n)]) {
        in_seki[board.head(n)] = 1;
        v.seki.push_back(board.head(n));
      }
    }
  Board alive(board.size());
  std::array<uint8_t, kPadded> done{};
  for (int q = 0; q < kPadded; ++q) {
    const Point p = static_cast<Point>(q);
    if (!board.on_board(p)) continue;
    const Color c = board.at(p);
    if ((c != Color::kBlack && c != Color::kWhite) || done[board.head(p)]) continue;
    done[board.head(p)] = 1;
    double sum = 0;
    int n = 0;
    Point s = p;
    do {
      sum += c == Color::kBlack ? own[s] : -own[s];
      ++n;
      s = board.next_in_string(s);
    } while (s != p);
    const double mean = sum / n;
    if (!in_seki[board.head(p)]) {
      if (mean < -0.5) {
        v.dead.push_back(board.head(p));
        continue;
      }
      if (mean <= 0.5) v.unsettled.push_back(board.head(p));
    }
    s = p;
    do {
      alive.place_setup_stone(s, c);  // the position without the dead strings
      s = board.next_in_string(s);
    } while (s != p);
  }
  // Seki liberties touch both colours, so they count for neither side.
  v.area_difference = area_difference(alive);
  area_owners(alive, v.owners);
  return v;
}

Ownership estimate_ownership(const Board& board_in, Point last, Point second_last,
                             const nn::PatternPolicy* rollout_policy, int rollouts, uint64_t seed) {
  // A finished game (two passes) is played on: the rollouts are how dead stones get captured.
  Board board = board_in;
  board.clear_passes();
  Ownership sum{}, owners{};
  FastRng rng(seed);
  std::unique_ptr<nn::RolloutPlayer> player;
  if (rollout_policy) player = std::make_unique<nn::RolloutPlayer>(*rollout_policy, seed);
  const int max_moves = 3 * board.size() * board.size();
  for (int r = 0; r < rollouts; ++r) {
    if (player) {
      player->reset(board, last, second_last);
      player->run(max_moves);
      area_owners(player->state().board(), owners);
    } else {
      Board b = board;
      random_playout(b, rng, max_moves);
      area_owners(b, owners);
    }
    for (int q = 0; q < kPadded; ++q) sum[q] += owners[q];
  }
  for (float& v : sum) v /= static_cast<float>(std::max(rollouts, 1));
  return sum;
}

}  // namespace tengen::mcts

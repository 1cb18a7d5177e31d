// Ownership estimate: who ends up with each point, averaged over rollouts played to the end from a
// position with the rollout policy (uniform random playouts without one). +1 Black always owns the
// point, -1 White always does. Used for GTP final_status_list (dead stones are those the other side
// owns in most rollouts) and for analysis. Thread-safety: a pure function (own RNG per call).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/board.h"
#include "rollout/pattern_policy.h"

namespace tengen::mcts {

using Ownership = std::array<float, kPadded>;

// Owner of every point of a finished board: +1 Black (stone, or empty region touching only Black),
// -1 White, 0 neither (empty region touching both, or none).
void area_owners(const Board& board, Ownership& out);

// What the ownership says about each string: dead when the other side owns it in most rollouts
// (mean ownership from its own side's view below -0.5), alive above +0.5, unsettled in between.
// Seki is read from the board, not the rollouts (rollouts break a seki by filling a shared
// liberty): a string is in seki when it touches a seki liberty, and then it is neither dead nor
// unsettled, whatever the rollouts say.
struct Verdict {
  std::vector<Point> dead, unsettled, seki;  // string heads; a seki string is never listed as unsettled
  int area_difference = 0;                   // black area - white area with the dead strings removed
  Ownership owners{};  // who owns each point once the dead strings are removed (area_owners): the
                       // final ownership a finished game is scored by, and value training's target
};

// Seki liberties: empty points next to both a Black and a White string where neither colour can
// play without leaving its own string there in atari (or committing suicide), capturing nothing,
// unless that self-atari is a killing sacrifice (engine/nakade.h: the other side's group has no
// liberty but this point and the sacrificed string's last one, and the shape is dead).
// A finished game has no other shared empty points that both sides refuse to fill; dame that either
// side can fill safely do not count.
std::vector<Point> seki_liberties(const Board& board);
Verdict judge_strings(const Board& board, const Ownership& ownership);

Ownership estimate_ownership(const Board& board, Point last, Point second_last, const nn::PatternPolicy* rollout_policy,
                             int rollouts, uint64_t seed);

}  // namespace tengen::mcts

// MoveFilter: moves a search may not try, per player and down to a depth: the `avoid` and `allow`
// keys of Leela Zero's and KataGo's lz-analyze / kata-analyze (Lizzie's "avoid" and "allow" tools).
// Depth counts plies from the search's root: 1 is the root's own move, 2 the reply, and so on; a rule
// with until_depth D bars its moves at depths 1..D for its player only (the other player's plies in
// between are free). `allow` bars every board point but the listed ones; pass is never barred by
// `allow` (so a search always has a move), only by naming "pass" in `avoid`.
// Thread-safety: a plain value; bars() is const and safe from any number of search threads.
#pragma once

#include <bitset>
#include <vector>

#include "engine/types.h"

namespace tengen::mcts {

struct MoveRule {
  Color player = Color::kBlack;
  std::bitset<kPadded> points;  // indexed by Point; bit kPass for pass
  int until_depth = 1;
  bool allow = false;  // false: avoid the points; true: avoid every point but these (and pass)
};

struct MoveFilter {
  std::vector<MoveRule> rules;

  bool empty() const { return rules.empty(); }
  // Whether the search may not try `move` by `player` at `depth` (1: the root's move).
  bool bars(Color player, Point move, int depth) const {
    for (const MoveRule& r : rules) {
      if (r.player != player || depth > r.until_depth) continue;
      const bool listed = move >= 0 && move < kPadded && r.points.test(static_cast<size_t>(move));
      if (r.allow ? (!listed && move != kPass) : listed) return true;
    }
    return false;
  }
  bool operator==(const MoveFilter& o) const {
    if (rules.size() != o.rules.size()) return false;
    for (size_t i = 0; i < rules.size(); ++i) {
      const MoveRule &a = rules[i], &b = o.rules[i];
      if (a.player != b.player || a.points != b.points || a.until_depth != b.until_depth || a.allow != b.allow)
        return false;
    }
    return true;
  }
};

}  // namespace tengen::mcts

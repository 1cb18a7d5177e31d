// Bounded ladder reader for the "ladder capture" and "ladder escape" input planes (docs/ALPHAGO.md §1.2,
// RocAlphaGo's definitions; docs/FEATURES.md).
// Contract:
//  - is_ladder_capture: `move` is legal for `attacker` and ataris an adjacent opponent string that
//    had 2 liberties, after which none of the defender's escapes works. The defender's candidate
//    escapes are extending on the prey's last liberty and capturing an attacker string in atari
//    that touches the prey.
//  - is_ladder_escape: `move` is legal for `defender`, is next to one of the defender's strings in
//    atari, and leaves that string with >= 3 liberties, or with exactly 2 where neither liberty is
//    a working ladder capture.
//  - The two recurse into each other over Board copies. `budget` is RocAlphaGo's recursion budget:
//    the plies one line of reading may go deep (80 covers a corner-to-corner ladder on 19x19, about
//    60 plies). The whole reading is also capped at kLadderNodesPerPly * budget moves tried, so
//    its cost is bounded where the two-way branching does not die out. When either runs out, the
//    pending capture counts as working and the pending escape as failed (RocAlphaGo's rule: an
//    unresolved long ladder is assumed to work). Within the cap the answer is RocAlphaGo's exactly.
//  - Legality inside the reading is Board::is_legal (simple ko); the caller checks superko for the
//    top-level move if it cares. Colours are explicit; the simple-ko point binds the top-level move
//    only when its colour is Board::to_move(), as in Board::is_legal.
// Thread-safety: pure functions of their arguments.
#pragma once

#include "engine/board.h"

namespace tengen {

constexpr int kDefaultLadderBudget = 80;
// A clean ladder costs ~1 node per ply and backing out of a broken one ~1 more, but branching
// readings need more. On 47,000 KGS positions (all legal points) most readings took < 16 nodes
// and only one took more than 1,280 (16 per ply): with this cap one answer in those positions
// differs from uncapped reading; with 4 per ply, at least three did.
constexpr int kLadderNodesPerPly = 16;

bool is_ladder_capture(const Board& board, Point move, Color attacker, int budget = kDefaultLadderBudget);
bool is_ladder_escape(const Board& board, Point move, Color defender, int budget = kDefaultLadderBudget);

// Cheap pre-filters (no copies): could `move` be a ladder capture / escape at all? The features use
// them to skip the reader on the vast majority of points.
bool may_be_ladder_capture(const Board& board, Point move, Color attacker);
bool may_be_ladder_escape(const Board& board, Point move, Color defender);

}  // namespace tengen

// Killing sacrifices ("nakade"): the one kind of self-atari of two or more stones that playouts
// must keep, because refusing every such move (Board::is_self_atari) lets dead groups live.
//
// is_nakade_sacrifice(b, p, c) is true when c at p is a self-atari (captures nothing, leaves c's
// new string with exactly one liberty L) such that
//   - the new string has 2 to 6 stones in a shape that is dead once captured: any 2 or 3 stones,
//     the square or the pyramid of 4, the bulky or the crossed five, the rabbity six; and
//   - every opponent string touching it has no liberty besides p and L.
// Then the opponent must capture at L, and the captured region is its only eye space, one that c
// kills by playing its vital point. Example (White's big group has only M17 and N17): Black's two
// stones M18 N18 sit inside; Black M17 makes a bent three in atari, White N17 takes it, Black M18
// kills. Where the opponent has any other liberty (an eye or an open side), the sacrifice only
// gives stones away or breaks a seki, and it stays refused: a rollout kills such a group only after
// it has filled the outside liberties, which is how playouts play it out anyway.
// Edge and corner effects on eye shapes (bent four in the corner, ko) are not modelled.
// Thread-safety: a pure function of its arguments.
#pragma once

#include "engine/board.h"

namespace tengen {

bool is_nakade_sacrifice(const Board& b, Point p, Color c);

}  // namespace tengen

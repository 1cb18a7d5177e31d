// AlphaGo's input planes (docs/ALPHAGO.md §1, Extended Data Table 2): 48 policy planes and the 49th "player to
// move is black" plane for the value network, every plane relative to the side to move.
// Contract: extract_features writes num_planes(set) * size * size floats in NCHW order (plane, row
// from the top, column from the left), transformed by one of the 8 board symmetries, into a caller's
// buffer; it allocates nothing per call beyond small stack scratch. docs/FEATURES.md lists every
// choice the paper leaves open. Thread-safety: pure function of its inputs.
#pragma once

#include "engine/game.h"

namespace tengen {

enum class FeatureSet { kPolicy48, kValue49 };
constexpr int kPolicyPlanes = 48;
constexpr int kValuePlanes = 49;
constexpr int num_planes(FeatureSet s) { return s == FeatureSet::kPolicy48 ? kPolicyPlanes : kValuePlanes; }

// First plane of each group (docs/ALPHAGO.md §1.1 order).
namespace plane {
constexpr int kStoneOwn = 0, kStoneOpponent = 1, kStoneEmpty = 2, kOnes = 3;
constexpr int kTurnsSince = 4, kLiberties = 12, kCaptureSize = 20, kSelfAtariSize = 28;
constexpr int kLibertiesAfter = 36, kLadderCapture = 44, kLadderEscape = 45, kSensible = 46;
constexpr int kZeros = 47, kPlayerIsBlack = 48;
}  // namespace plane

void extract_features(const Game& game, FeatureSet set, int symmetry, float* out);

}  // namespace tengen

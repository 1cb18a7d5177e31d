// The SL policy's move probabilities for one position, as GUIs and the analysis engine show them
// (the raw network, before any search). Thread-safety: a pure function (the evaluator is thread-safe).
#pragma once

#include <vector>

#include "engine/game.h"
#include "nn/evaluator.h"

namespace tengen::mcts {

// softmax(logits) (β = 1) over the legal points of `game` for the side to move, indexed by Point
// (kPadded entries, 0 for illegal and off-board points); empty when `evaluator` is null, has no
// policy or is for another board size. Throws what the evaluator throws.
std::vector<float> policy_over_legal_points(nn::Evaluator* evaluator, const Game& game);

}  // namespace tengen::mcts

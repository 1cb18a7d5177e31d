#include "mcts/policy_readout.h"

#include <algorithm>
#include <cmath>

#include "engine/features.h"

namespace tengen::mcts {

std::vector<float> policy_over_legal_points(nn::Evaluator* evaluator, const Game& game) {
  if (!evaluator || !evaluator->has_policy() || evaluator->board_size() != game.size()) return {};
  const int size = game.size();
  std::vector<float> planes(static_cast<size_t>(kValuePlanes) * size * size);
  extract_features(game, FeatureSet::kValue49, 0, planes.data());
  nn::EvalOutput out;
  const nn::EvalInput in{planes.data(), 0};
  evaluator->evaluate(&in, 1, &out);
  const auto logit = [&](Point q) { return static_cast<double>(out.logits[point_y(q) * size + point_x(q)]); };
  std::vector<Point> legal;
  const Board& b = game.board();
  for (int i = 0; i < b.num_empty(); ++i)
    if (game.is_legal(b.empty_at(i))) legal.push_back(b.empty_at(i));
  std::vector<float> p(kPadded, 0.0f);
  double mx = -1e30, z = 0;
  for (Point q : legal) mx = std::max(mx, logit(q));
  for (Point q : legal) z += p[q] = static_cast<float>(std::exp(logit(q) - mx));
  for (float& v : p) v = z > 0 ? static_cast<float>(v / z) : 0.0f;
  return p;
}

}  // namespace tengen::mcts

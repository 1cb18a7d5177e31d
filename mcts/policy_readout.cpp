#include "mcts/policy_readout.h"

#include <algorithm>
#include <cmath>

#include "engine/features.h"
#include "nn/softmax.h"

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
  std::vector<double> w;
  for (Point q : legal) w.push_back(logit(q));
  nn::softmax(w);
  std::vector<float> p(kPadded, 0.0f);
  for (size_t i = 0; i < legal.size(); ++i) p[legal[i]] = static_cast<float>(w[i]);
  return p;
}

}  // namespace tengen::mcts

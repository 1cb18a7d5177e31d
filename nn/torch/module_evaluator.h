// An Evaluator over networks already in memory — the RL trainer's current policy, whose updates the
// evaluator sees at once because the module is shared, not copied. The caller keeps the modules on
// `device` and must not train them while an evaluate() call runs. Thread-safety: as TorchEvaluator.
#pragma once

#include <memory>
#include <string>

#include "nn/torch/networks.h"
#include "nn/torch/torch_evaluator.h"

namespace tengen::nn {

// Either network may be null (not both). Throws std::invalid_argument for a bad device name.
std::unique_ptr<TorchEvaluator> make_module_evaluator(PolicyNet policy, ValueNet value, const std::string& device);

}  // namespace tengen::nn

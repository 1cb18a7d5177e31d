#include "app/search_options.h"

#include <utility>

namespace po = boost::program_options;

namespace tengen::app {

void add_search_options(po::options_description& opts, mcts::SearchParams& p) {
  opts.add_options()(
      "lambda", po::value<double>(&p.lambda)->default_value(0.5), "value-net / rollout mix (1: rollouts only)")(
      // 8, not the paper's 40: on a CPU core a search of ~1,500 simulations expands only a few dozen
      // nodes at 40, so the SL priors barely shape the tree. 8 costs no speed here; it won 7 of 12 against 40
      // at 0.5 s per move (not significant, docs/STRENGTH.md), so this is a judgement, not a proven gain.
      "expansion-threshold", po::value<int>(&p.expansion_threshold)->default_value(8),
      "visits before a leaf is expanded (AlphaGo: 40)")(
      "c-puct", po::value<double>(&p.c_puct)->default_value(5.0),
      "exploration constant of the tree search's u = c·P·sqrt(N)/(1+n) (AlphaGo: 5)")(
      "fpu-reduction", po::value<double>(&p.fpu_reduction)->default_value(-1.0, "off"),
      "unvisited moves get the parent's Q less R*sqrt(visited prior mass) (Leela Zero); off (negative): Q = 0, as the paper")(
      "refuse-self-atari", po::value<int>(&p.rollout_refuse_self_atari)->default_value(0),
      "rollouts refuse moves that put this many stones or more in atari (0: off, as the paper)")(
      "virtual-loss", po::value<int>(&p.virtual_loss)->default_value(3),
      "virtual loss n_vl added to an edge while a simulation walks it (AlphaGo: 3)")(
      "policy-temperature", po::value<double>(&p.policy_temperature)->default_value(0.67, "0.67"),
      "softmax temperature beta of the priors, softmax(logits / beta) (AlphaGo: 0.67)");
}

mcts::SearchParams search_params_without_policy(const mcts::SearchParams& params, const po::variables_map& vm) {
  mcts::SearchParams p = params;
  const auto defaulted = [&](const char* flag) { return !vm.count(flag) || vm[flag].defaulted(); };
  // 9x9, tree-policy priors, 100 visits: 54 of 81 games against the general defaults, SPRT(0, 50,
  // 0.05, 0.05) accepted, +120 Elo (+41 to +200) (docs/TUNING.md, 2026-12-02).
  if (defaulted("c-puct")) p.c_puct = 1.477;
  if (defaulted("expansion-threshold")) p.expansion_threshold = 2;
  if (defaulted("fpu-reduction")) p.fpu_reduction = 0.7178;
  if (defaulted("refuse-self-atari")) p.rollout_refuse_self_atari = 2;
  return p;
}

std::string search_options_error(const mcts::SearchParams& p) {
  const std::pair<bool, const char*> checks[] = {
      {p.lambda >= 0 && p.lambda <= 1, "--lambda must be 0..1"},
      {p.expansion_threshold >= 1, "--expansion-threshold must be 1 or more"},
      {p.c_puct > 0, "--c-puct must be positive"},
      {p.rollout_refuse_self_atari >= 0, "--refuse-self-atari must be 0 (off) or more"},
      {p.virtual_loss >= 0 && p.virtual_loss <= 1000, "--virtual-loss must be 0..1000"},
      {p.policy_temperature > 0.01 && p.policy_temperature <= 100, "--policy-temperature must be in (0.01, 100]"}};
  for (const auto& [ok, why] : checks)
    if (!ok) return why;
  return "";
}

}  // namespace tengen::app

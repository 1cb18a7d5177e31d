// The search flags of every command that runs the search (`tengen gtp`, `tengen selfplay --mode
// search`, `tengen bench search`): one list, one set of defaults — `tengen gtp`'s, the strongest
// measured (docs/STRENGTH.md) — so a benchmark or a self-play job searches as the engine plays.
// Thread-safety: plain functions over values.
#pragma once

#include <boost/program_options.hpp>
#include <string>

#include "mcts/search_params.h"

namespace tengen::app {

// --lambda, --expansion-threshold, --c-puct, --fpu-reduction, --refuse-self-atari, --virtual-loss,
// --policy-temperature, bound to `params`.
void add_search_options(boost::program_options::options_description& opts, mcts::SearchParams& params);

// The search parameters for positions without network priors (9x9 and other sizes the policy network
// does not cover): `params` with the values the 9x9 tuning run recommended and an SPRT accepted
// against the general defaults (docs/TUNING.md), except for the flags given explicitly in `vm`.
mcts::SearchParams search_params_without_policy(const mcts::SearchParams& params,
                                                const boost::program_options::variables_map& vm);

// What is out of range in them ("" when nothing is), naming the flag.
std::string search_options_error(const mcts::SearchParams& params);

}  // namespace tengen::app

#include "gtp/param_table.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "engine/text_number.h"

namespace tengen::gtp {

namespace {

using F = ParamFamily;
using K = ParamKind;
constexpr double kDefaultResign = 0.05;  // `tengen gtp --resign`'s default
constexpr double kBytesPerNode = 100;    // mcts::SearchParams::max_nodes' estimate

// A search parameter: set for positions with and without network priors alike, as an explicit
// command-line flag is (app/search_options.cpp); read from the parameters the current position uses.
template <class T, T mcts::SearchParams::*field>
double get_search(const Tunables& t) {
  return static_cast<double>(t.used.*field);
}
template <class T, T mcts::SearchParams::*field>
void set_search(Tunables& t, double v) {
  t.player.search.*field = static_cast<T>(v);
  if (t.player.search_without_policy) (*t.player.search_without_policy).*field = static_cast<T>(v);
}
#define TENGEN_SEARCH_FIELD(type, field) \
  &get_search<type, &mcts::SearchParams::field>, &set_search<type, &mcts::SearchParams::field>

double get_visits(const Tunables& t) { return static_cast<double>(t.player.visits_per_move); }
void set_visits(Tunables& t, double v) { t.player.visits_per_move = static_cast<int64_t>(v); }
double get_move_time(const Tunables& t) { return t.player.seconds_per_move; }
void set_move_time(Tunables& t, double v) { t.player.seconds_per_move = v; }
double get_threads(const Tunables& t) { return t.player.threads; }
void set_threads(Tunables& t, double v) { t.player.threads = static_cast<int>(v); }
double get_resign(const Tunables& t) { return t.player.resign_below; }
void set_resign(Tunables& t, double v) { t.player.resign_below = v; }
double get_ponder(const Tunables& t) { return t.ponder ? 1 : 0; }
void set_ponder(Tunables& t, double v) { t.ponder = v != 0; }

std::vector<Param> tengen_params() {
  return {
      {"visits", F::kTengen, "", K::kInt, "0 (no limit) to 1000000000", 0, 1e9, false, false, false, &get_visits, &set_visits},
      {"move-time", F::kTengen, "", K::kDecimal, "seconds, more than 0, at most 86400", 0, 86400, true, false, false,
       &get_move_time, &set_move_time},
      {"threads", F::kTengen, "", K::kInt, "1 to 256", 1, 256, false, false, false, &get_threads, &set_threads},
      {"resign", F::kTengen, "", K::kDecimal, "a win rate, 0 (never) to below 1", 0, 1, false, true, false, &get_resign,
       &set_resign},
      {"resign-min-move", F::kTengen, "", K::kInt, "0 to 10000", 0, 10000, false, false, false,
       [](const Tunables& t) { return static_cast<double>(t.player.resign_min_move); },
       [](Tunables& t, double v) { t.player.resign_min_move = static_cast<int>(v); }},
      {"ponder", F::kTengen, "", K::kBool, "true or false", 0, 1, false, false, false, &get_ponder, &set_ponder},
      {"time-spend", F::kTengen, "", K::kDecimal, "more than 0, at most 10", 0, 10, true, false, false,
       [](const Tunables& t) { return t.time.spend; }, [](Tunables& t, double v) { t.time.spend = v; }},
      {"time-opening-factor", F::kTengen, "", K::kDecimal, "more than 0, at most 1", 0, 1, true, false, false,
       [](const Tunables& t) { return t.time.opening_factor; }, [](Tunables& t, double v) { t.time.opening_factor = v; }},
      {"time-extend", F::kTengen, "", K::kDecimal, "1 to 10", 1, 10, false, false, false,
       [](const Tunables& t) { return t.time.extend; }, [](Tunables& t, double v) { t.time.extend = v; }},
      {"time-early-stop", F::kTengen, "", K::kBool, "true or false", 0, 1, false, false, false,
       [](const Tunables& t) { return t.time.early_stop ? 1.0 : 0.0; }, [](Tunables& t, double v) { t.time.early_stop = v != 0; }},
      {"c-puct", F::kTengen, "", K::kDecimal, "more than 0, at most 100", 0, 100, true, false, true,
       TENGEN_SEARCH_FIELD(double, c_puct)},
      {"fpu-reduction", F::kTengen, "", K::kDecimal, "-1 (off) to 10", -1, 10, false, false, true,
       TENGEN_SEARCH_FIELD(double, fpu_reduction)},
      {"lambda", F::kTengen, "", K::kDecimal, "0 (value net only) to 1 (rollouts only)", 0, 1, false, false, true,
       TENGEN_SEARCH_FIELD(double, lambda)},
      {"expansion-threshold", F::kTengen, "", K::kInt, "1 to 100000", 1, 1e5, false, false, true,
       TENGEN_SEARCH_FIELD(int, expansion_threshold)},
      {"virtual-loss", F::kTengen, "", K::kInt, "0 to 1000", 0, 1000, false, false, true,
       TENGEN_SEARCH_FIELD(int, virtual_loss)},
      {"policy-temperature", F::kTengen, "", K::kDecimal, "more than 0.01, at most 100", 0.01, 100, true, false, true,
       TENGEN_SEARCH_FIELD(double, policy_temperature)},
      {"refuse-self-atari", F::kTengen, "", K::kInt, "0 (off) to 361", 0, 361, false, false, true,
       TENGEN_SEARCH_FIELD(int, rollout_refuse_self_atari)},
      {"max-nodes", F::kTengen, "", K::kInt, "search tree nodes (~100 bytes each), 1000 to 1000000000", 1000, 1e9, false,
       false, true, TENGEN_SEARCH_FIELD(int64_t, max_nodes)},
  };
}

// KataGo's names (its gtp_example.cfg); maxVisits counts a reused tree's visits in KataGo and only
// this search's simulations here, like maxPlayouts.
std::vector<Param> katago_params() {
  return {
      {"maxVisits", F::kKataGo, "visits", K::kInt, "0 (no limit) to 1000000000", 0, 1e9, false, false, false, &get_visits,
       &set_visits},
      {"maxPlayouts", F::kKataGo, "visits", K::kInt, "0 (no limit) to 1000000000", 0, 1e9, false, false, false,
       &get_visits, &set_visits},
      {"maxTime", F::kKataGo, "move-time", K::kDecimal, "seconds, more than 0, at most 86400", 0, 86400, true, false,
       false, &get_move_time, &set_move_time},
      {"numSearchThreads", F::kKataGo, "threads", K::kInt, "1 to 256", 1, 256, false, false, false, &get_threads,
       &set_threads},
      {"cpuctExploration", F::kKataGo, "c-puct", K::kDecimal, "more than 0, at most 100", 0, 100, true, false, true,
       TENGEN_SEARCH_FIELD(double, c_puct)},
      {"fpuReductionMax", F::kKataGo, "fpu-reduction", K::kDecimal, "-1 (off) to 10", -1, 10, false, false, true,
       TENGEN_SEARCH_FIELD(double, fpu_reduction)},
      // A utility in [-1, 1]: win rate × 2 − 1 (KataGo's -0.9 is Tengen's 0.05).
      {"resignThreshold", F::kKataGo, "resign", K::kDecimal, "-1 (never) to below 1, win rate x 2 - 1", -1, 1, false,
       true, false, [](const Tunables& t) { return t.player.resign_below * 2 - 1; },
       [](Tunables& t, double v) { t.player.resign_below = (v + 1) / 2; }},
      {"allowResignation", F::kKataGo, "resign", K::kBool, "true or false", 0, 1, false, false, false,
       [](const Tunables& t) { return t.player.resign_below > 0 ? 1.0 : 0.0; },
       [](Tunables& t, double v) {
         if (v == 0) t.player.resign_below = 0;
         else if (t.player.resign_below == 0) t.player.resign_below = kDefaultResign;
       }},
      {"ponderingEnabled", F::kKataGo, "ponder", K::kBool, "true or false", 0, 1, false, false, false, &get_ponder,
       &set_ponder},
  };
}

// Leela Zero's lz-setoption names (its GTP option list), matched in any case.
std::vector<Param> leela_params() {
  return {
      {"Visits", F::kLeela, "visits", K::kInt, "0 (no limit) to 1000000000", 0, 1e9, false, false, false, &get_visits,
       &set_visits},
      {"Playouts", F::kLeela, "visits", K::kInt, "0 (no limit) to 1000000000", 0, 1e9, false, false, false, &get_visits,
       &set_visits},
      // A percentage; -1: the default (5%); 0: never.
      {"Resign Percentage", F::kLeela, "resign", K::kInt, "-1 (default) to 99", -1, 99, false, false, false,
       [](const Tunables& t) { return std::round(t.player.resign_below * 100); },
       [](Tunables& t, double v) { t.player.resign_below = v < 0 ? kDefaultResign : v / 100; }},
      {"Pondering", F::kLeela, "ponder", K::kBool, "true or false", 0, 1, false, false, false, &get_ponder, &set_ponder},
      // The search tree's share of it, at ~100 bytes a node (Tengen has no network cache to size).
      {"Maximum Memory Use (MiB)", F::kLeela, "max-nodes", K::kInt, "128 to 131072", 128, 131072, false, false, true,
       [](const Tunables& t) { return std::round(static_cast<double>(t.used.max_nodes) * kBytesPerNode / 1048576); },
       [](Tunables& t, double v) { set_search<int64_t, &mcts::SearchParams::max_nodes>(t, v * 1048576 / kBytesPerNode); }},
  };
}

#undef TENGEN_SEARCH_FIELD

const std::vector<Param>& table() {
  static const std::vector<Param> all = [] {
    std::vector<Param> v = tengen_params();
    for (auto* more : {&katago_params, &leela_params})
      for (const Param& p : more()) v.push_back(p);
    return v;
  }();
  return all;
}

bool accepts(const Param& p, bool kata) {
  return p.family == F::kTengen || (p.family == F::kKataGo) == kata;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

const Param* find_param(const std::string& name, bool kata) {
  for (const Param& p : table())
    if (accepts(p, kata) && (kata ? name == p.name : lower(name) == lower(p.name))) return &p;
  return nullptr;
}

std::string param_names(bool kata) {
  std::string names;
  for (const Param& p : table())
    if (accepts(p, kata)) names += (names.empty() ? "" : (kata ? " " : ", ")) + std::string(p.name);
  return names;
}

std::string param_value(const Param& p, const Tunables& t) {
  const double v = p.get(t);
  if (p.kind == K::kBool) return v != 0 ? "true" : "false";
  char text[32];
  if (p.kind == K::kInt) std::snprintf(text, sizeof text, "%lld", static_cast<long long>(std::llround(v)));
  else std::snprintf(text, sizeof text, "%g", v);
  return text;
}

std::string set_param(const Param& p, const std::string& text, Tunables* t) {
  std::optional<double> v;
  if (p.kind == K::kBool) {
    const std::string b = lower(text);
    if (b == "true" || b == "false") v = b == "true" ? 1.0 : 0.0;
  } else {
    v = parse_plain_decimal(text, 12);
    if (v && p.kind == K::kInt && (text.find('.') != std::string::npos || *v != std::floor(*v))) v.reset();
  }
  const bool in_range = v && (p.min_open ? *v > p.min : *v >= p.min) && (p.max_open ? *v < p.max : *v <= p.max);
  if (!in_range) return "bad value for " + std::string(p.name) + ": '" + text + "' (" + p.accepted + ")";
  p.set(*t, *v);
  return "";
}

std::string lz_option_list(const Tunables& t) {
  std::string text;
  for (const Param& p : table()) {
    if (p.family != F::kLeela) continue;
    char line[200];
    if (p.kind == K::kBool)
      std::snprintf(line, sizeof line, "option name %s type check default %s", p.name, param_value(p, t).c_str());
    else
      std::snprintf(line, sizeof line, "option name %s type spin default %s min %.0f max %.0f", p.name,
                    param_value(p, t).c_str(), p.min, p.max);
    text += (text.empty() ? "" : "\n") + std::string(line);
  }
  return text;
}

}  // namespace tengen::gtp

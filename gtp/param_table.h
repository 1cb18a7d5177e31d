// The search parameters a GUI may change while Tengen runs: Tengen's own names (those of its
// `tengen gtp` flags), and the KataGo and Leela Zero names that Lizzie, LizGoban, KaTrain's GTP mode
// and scripts send, each mapped onto the Tengen parameter it means (with a conversion where the scales
// differ: KataGo's resignThreshold is a utility in [-1, 1], Leela Zero's "resign percentage" a
// percentage). kata-list-params, kata-get-param and kata-set-param take Tengen's and KataGo's names,
// exactly; lz-setoption takes Leela Zero's and Tengen's, in any case (Leela Zero lowercases its input).
// Names Tengen has no equivalent for (playoutDoublingAdvantage, analysisWideRootNoise, lagbuffer, ...)
// are unknown, never silently accepted.
// Thread-safety: an immutable table and pure functions over values.
#pragma once

#include <string>
#include <vector>

#include "gtp/search_player.h"
#include "mcts/search_params.h"
#include "mcts/time_control.h"

namespace tengen::gtp {

// What the parameters change, as values: the player's settings and the session's.
struct Tunables {
  PlayerSettings player;
  bool ponder = false;
  mcts::TimeParams time;  // time management under a clock
  // The search parameters the current position's search uses (search or search_without_policy):
  // what a get reports for a search parameter.
  mcts::SearchParams used;
};

enum class ParamFamily { kTengen, kKataGo, kLeela };
enum class ParamKind { kInt, kDecimal, kBool };

struct Param {
  const char* name;
  ParamFamily family;
  const char* maps_to;  // the Tengen parameter a KataGo / Leela Zero name sets ("" for Tengen's own)
  ParamKind kind;
  const char* accepted;  // the accepted values, in words, for errors
  double min, max;       // the accepted range; an open end excludes its bound
  bool min_open, max_open;
  bool new_tree;  // setting it changes mcts::SearchParams: the next search builds a fresh tree
  double (*get)(const Tunables&);
  void (*set)(Tunables&, double);
};

// nullptr when unknown. kata: Tengen's and KataGo's names, exact; else Leela Zero's and Tengen's,
// case-insensitive.
const Param* find_param(const std::string& name, bool kata);
// The names find_param knows for `kata`, separated by spaces (kata-list-params, error texts).
std::string param_names(bool kata);
// The current value as text: an integer, a decimal (%g) or true/false.
std::string param_value(const Param& p, const Tunables& t);
// Sets `text` into *t; "" or the error ("bad value for NAME: 'TEXT' (ACCEPTED)").
std::string set_param(const Param& p, const std::string& text, Tunables* t);
// Leela Zero's own listing for `lz-setoption` without arguments: "option name N type spin|check ...".
std::string lz_option_list(const Tunables& t);

}  // namespace tengen::gtp

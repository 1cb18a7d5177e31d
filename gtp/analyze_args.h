// The arguments of lz-analyze, kata-analyze and the genmove_analyze commands, as Leela Zero and KataGo
// document them (KataGo's docs/GTP_Extensions.md): an optional colour and an optional interval in
// centiseconds, in either order, then key-value pairs:
//   interval CS | minmoves N | maxmoves N | avoid COLOUR V,V,... UNTILDEPTH | allow COLOUR V,V,... UNTILDEPTH
//   and, for the kata- forms only, ownership true|false | pvVisits true|false | rootInfo true|false.
// Vertices are comma-separated GTP vertices (any case, "pass" too; empty items are skipped, as a
// trailing comma from a GUI is harmless). avoid may be given several times; allow once per colour, and
// not with avoid for the same colour (KataGo's rule). Every error names the key and the bad value.
// Thread-safety: plain functions over values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/types.h"
#include "gtp/analysis_output.h"
#include "mcts/move_filter.h"

namespace tengen::gtp {

struct AnalyzeArgs {
  std::optional<Color> color;  // unset: the side to move
  int interval_cs = 100;       // centiseconds between info lines (at least 1)
  InfoOptions info;            // format, minmoves, maxmoves, pvVisits, rootInfo
  bool ownership = false;
  mcts::MoveFilter filter;     // avoid / allow
};

// Parses `args` for a board of `board_size` in `format` into *out; "" on success, else the error
// text for the GTP reply (e.g. "unknown analyze key 'x'", "bad value for minmoves: 'abc'").
std::string parse_analyze_args(const std::vector<std::string>& args, int board_size, AnalysisFormat format,
                               AnalyzeArgs* out);

}  // namespace tengen::gtp

// Value-data filters: which game records may teach a value network who wins (docs/DATA.md, "Value
// filters"). A value target is the game's result, so a game counts only when that result is a fair
// verdict on the position the moves reach: no handicap, a usual komi, a result by resignation or by
// count (not by time or forfeit), and players strong enough that the result means something.
// Used by `tengen dataset build` (data/dataset_builder.h) through BuildOptions::filters; the
// minimum move count is the builder's own --min-moves ("too short").
// Contract: filtered_out never throws; a field it cannot read counts as missing (see each filter).
// Thread-safety: free functions on values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sgf.h"

namespace tengen::nn {

constexpr int kNoMinRank = -1000;  // GameFilters::min_rank when the rank filter is off

struct GameFilters {
  bool no_handicap = false;   // drop games with HA >= 1 or any set-up stone (AB/AW)
  bool komi_range = false;    // drop games whose komi is missing or outside [komi_min, komi_max]
  double komi_min = 5.5, komi_max = 7.5;
  bool decided_only = false;  // keep only results by resignation or by count (is_decided_result)
  int min_rank = kNoMinRank;  // rank_value scale; drop games where a given BR or WR is below it
  bool any() const;
  std::string validate() const;  // "" when fine, else what is wrong
};

// The reasons, in the order tested: "handicap", "komi out of range", "undecided result",
// "rank below minimum".
const std::vector<std::string>& filter_reasons();

// The first reason the filters drop the game, or nullptr when it is kept (or no filter is on).
const char* filtered_out(const GameFilters& filters, const SgfGame& game);

// True for "B+R", "B+Resign", "W+3.5", "B+12.50" (any case, surrounding spaces ignored): a winner by
// resignation or by a counted margin. False for time ("B+T", "B+Time"), forfeit ("B+F",
// "B+Forfeit", Tygem's "B+Offline"), a winner without a reason ("B+"), draws ("0", "Draw",
// "Jigo"), "Void", "?", free text and a missing result.
bool is_decided_result(std::string_view result);

// A rank on one scale: 30k = -29 ... 1k = 0, 1d = 1 ... 9d = 9, 1p = 10 ... 9p = 18 (a professional
// ranks above every amateur). Accepts "7d", "7D", "7 dan", "12k", "12 kyu", "3p", "3 pro", with a
// note after the unit: KGS's uncertain "7d?" / "7d*", the pro archive's "9p, Honinbo", "6d ama".
// nullopt for anything else ("Meijin", "ama", "", "10d", "7dx").
std::optional<int> rank_value(std::string_view rank);

// "5.5:7.5" -> {5.5, 7.5}; nullopt when it is not two numbers with low <= high.
std::optional<std::pair<double, double>> parse_komi_range(std::string_view text);

}  // namespace tengen::nn

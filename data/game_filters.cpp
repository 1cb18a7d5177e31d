// Value-data filters (contract in data/game_filters.h). Result parsing reuses winner_from_result and
// margin2_from_result (data/dataset.h), so the builder's winner/margin and the filter agree.
#include "data/game_filters.h"

#include <cmath>
#include <cstdlib>

#include "data/dataset.h"

namespace tengen::nn {
namespace {

const char* const kHandicap = "handicap";
const char* const kKomiOutOfRange = "komi out of range";
const char* const kUndecided = "undecided result";
const char* const kRankBelow = "rank below minimum";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

// A strictly parsed decimal number (no hex, no exponent, nothing after it).
std::optional<double> parse_number(std::string_view s) {
  const std::string text(trim(s));
  if (text.empty() || text.find_first_of("xXeEnN") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Whether a rank, when the record gives one that can be read, is below the minimum.
bool below(std::string_view rank, int min_rank) {
  const std::optional<int> value = rank_value(rank);
  return value && *value < min_rank;
}

}  // namespace

bool GameFilters::any() const { return no_handicap || komi_range || decided_only || min_rank != kNoMinRank; }

std::string GameFilters::validate() const {
  if (komi_range && !(komi_min <= komi_max)) return "--komi-range must be LOW:HIGH with LOW <= HIGH";
  return "";
}

const std::vector<std::string>& filter_reasons() {
  static const std::vector<std::string> kReasons = {kHandicap, kKomiOutOfRange, kUndecided, kRankBelow};
  return kReasons;
}

const char* filtered_out(const GameFilters& f, const SgfGame& game) {
  if (f.no_handicap && (game.handicap > 0 || !game.setup.empty())) return kHandicap;
  if (f.komi_range && (!game.komi || *game.komi < f.komi_min || *game.komi > f.komi_max)) return kKomiOutOfRange;
  if (f.decided_only && !is_decided_result(game.result)) return kUndecided;
  if (f.min_rank != kNoMinRank && (below(game.black_rank, f.min_rank) || below(game.white_rank, f.min_rank)))
    return kRankBelow;
  return nullptr;
}

bool is_decided_result(std::string_view result) {
  result = trim(result);
  if (winner_from_result(result) == 0) return false;
  const std::string_view how = trim(result.substr(result.find('+') + 1));
  return equals_ignoring_case(how, "r") || equals_ignoring_case(how, "resign") || margin2_from_result(result) > 0;
}

std::optional<int> rank_value(std::string_view rank) {
  rank = trim(rank);
  size_t digits = 0;
  while (digits < rank.size() && digits < 3 && rank[digits] >= '0' && rank[digits] <= '9') ++digits;
  if (digits == 0 || digits > 2) return std::nullopt;
  const int n = std::atoi(std::string(rank.substr(0, digits)).c_str());
  size_t start = digits;
  while (start < rank.size() && rank[start] == ' ') ++start;
  size_t end = start;  // the unit word; what follows it ("?", ", Honinbo", " ama") is a note
  while (end < rank.size() && ((rank[end] >= 'a' && rank[end] <= 'z') || (rank[end] >= 'A' && rank[end] <= 'Z'))) ++end;
  const std::string_view unit = rank.substr(start, end - start);
  if ((equals_ignoring_case(unit, "k") || equals_ignoring_case(unit, "kyu")) && n >= 1 && n <= 30) return 1 - n;
  if ((equals_ignoring_case(unit, "d") || equals_ignoring_case(unit, "dan")) && n >= 1 && n <= 9) return n;
  if ((equals_ignoring_case(unit, "p") || equals_ignoring_case(unit, "pro")) && n >= 1 && n <= 9) return 9 + n;
  return std::nullopt;
}

std::optional<std::pair<double, double>> parse_komi_range(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::optional<double> low = parse_number(text.substr(0, colon)), high = parse_number(text.substr(colon + 1));
  if (!low || !high || *low > *high) return std::nullopt;
  return std::make_pair(*low, *high);
}

}  // namespace tengen::nn

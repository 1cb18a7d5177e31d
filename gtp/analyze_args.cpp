#include "gtp/analyze_args.h"

#include <algorithm>
#include <bitset>

#include "engine/text_number.h"

namespace tengen::gtp {

namespace {

std::string bad_value(const std::string& key, const std::string& value, const std::string& accepted) {
  return "bad value for " + key + ": '" + value + "' (" + accepted + ")";
}

std::optional<bool> parse_bool(const std::string& s) {
  if (s == "true") return true;
  if (s == "false") return false;
  return std::nullopt;
}

// "D4,Q16,pass" into *points; "" or the error.
std::string parse_vertices(const std::string& key, const std::string& list, int size, std::bitset<kPadded>* points) {
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    const std::string item = list.substr(start, comma - start);
    start = comma + 1;
    if (item.empty()) continue;  // "D4,,Q16" or a trailing comma
    const std::optional<Point> p = point_from_gtp(item, size);
    if (!p) return "bad vertex for " + key + ": '" + item + "'";
    points->set(static_cast<size_t>(*p));
  }
  return points->any() ? "" : "no vertex for " + key + ": '" + list + "'";
}

// avoid|allow COLOUR VERTICES UNTILDEPTH at args[i]; "" or the error.
std::string parse_move_rule(const std::vector<std::string>& args, size_t i, int size, mcts::MoveFilter* filter) {
  const std::string& key = args[i];
  if (i + 3 >= args.size()) return "missing values for " + key + " (COLOUR VERTICES UNTILDEPTH)";
  mcts::MoveRule rule;
  rule.allow = key == "allow";
  const std::optional<Color> color = color_from_text(args[i + 1]);
  if (!color) return bad_value(key + " colour", args[i + 1], "b, w, black or white");
  rule.player = *color;
  if (std::string why = parse_vertices(key, args[i + 2], size, &rule.points); !why.empty()) return why;
  const std::optional<int> depth = parse_digits(args[i + 3], 9);
  if (!depth || *depth < 1) return bad_value(key + " untildepth", args[i + 3], "1 or more");
  rule.until_depth = *depth;
  for (const mcts::MoveRule& r : filter->rules)
    if (r.player == rule.player && (r.allow || rule.allow))
      return "allow cannot be combined with avoid or another allow for the same colour";
  filter->rules.push_back(rule);
  return "";
}

// A kata-only true|false key into *flag.
std::string parse_flag(const std::string& key, const std::string* value, AnalysisFormat format, bool* flag) {
  if (format != AnalysisFormat::kKata) return "analyze key '" + key + "' needs kata-analyze";
  if (!value) return "missing value for " + key;
  const std::optional<bool> b = parse_bool(*value);
  if (!b) return bad_value(key, *value, "true or false");
  *flag = *b;
  return "";
}

// A count key (interval, minmoves, maxmoves) into *n, at least `min`.
std::string parse_count(const std::string& key, const std::string* value, int min, int* n) {
  if (!value) return "missing value for " + key;
  const std::optional<int> v = parse_digits(*value, 9);
  if (!v || *v < min) return bad_value(key, *value, min > 0 ? "a whole number, 1 or more" : "a whole number");
  *n = *v;
  return "";
}

// The key at args[*i] and its values; advances *i past them. "" or the error.
std::string parse_key(const std::vector<std::string>& args, size_t* i, int size, AnalysisFormat format, AnalyzeArgs* out) {
  const std::string& key = args[*i];
  const std::string* value = *i + 1 < args.size() ? &args[*i + 1] : nullptr;
  std::string why;
  size_t used = 2;
  if (key == "interval") {
    why = parse_count(key, value, 0, &out->interval_cs);
    out->interval_cs = std::max(1, out->interval_cs);
  } else if (key == "minmoves") {
    why = parse_count(key, value, 0, &out->info.min_moves);
  } else if (key == "maxmoves") {
    why = parse_count(key, value, 1, &out->info.max_moves);
  } else if (key == "avoid" || key == "allow") {
    why = parse_move_rule(args, *i, size, &out->filter);
    used = 4;
  } else if (key == "ownership") {
    why = parse_flag(key, value, format, &out->ownership);
  } else if (key == "pvVisits") {
    why = parse_flag(key, value, format, &out->info.pv_visits);
  } else if (key == "rootInfo") {
    why = parse_flag(key, value, format, &out->info.root_info);
  } else if (key == "ownershipStdev" || key == "movesOwnership" || key == "movesOwnershipStdev" || key == "pvEdgeVisits") {
    return "analyze key '" + key + "' is KataGo's; Tengen does not support it";  // LizGoban probes these
  } else {
    return "unknown analyze key '" + key + "'";
  }
  *i += used;
  return why;
}

}  // namespace

std::string parse_analyze_args(const std::vector<std::string>& args, int board_size, AnalysisFormat format,
                               AnalyzeArgs* out) {
  out->info.format = format;
  for (size_t i = 0; i < args.size();) {
    if (const std::optional<Color> c = color_from_text(args[i])) {  // the optional colour, anywhere
      out->color = *c;
      ++i;
    } else if (const std::optional<int> n = parse_digits(args[i], 9)) {  // the optional bare interval
      out->interval_cs = std::max(1, *n);
      ++i;
    } else if (std::string why = parse_key(args, &i, board_size, format, out); !why.empty()) {
      return why;
    }
  }
  return "";
}

}  // namespace tengen::gtp

// The clock commands of GtpSession (docs/USAGE.md, "Clocks"): GTP's time_settings and time_left,
// KGS's kgs-time_settings (Japanese byo-yomi periods; kgsGtp then sends the periods left as
// time_left's count), KataGo's kata-time_settings (Fischer) and kata-list_time_settings. Bad
// numbers are a `? …` naming the argument; the GTP spec's special values keep their meaning (byo-yomi
// time with 0 stones: no limit). The clock itself is mcts::TimeControl.
#include <cmath>

#include "engine/text_number.h"
#include "gtp/gtp_session.h"

namespace tengen::gtp {

namespace {

Reply ok(std::string text = "") { return Reply{true, std::move(text)}; }
Reply fail(std::string text) { return Reply{false, std::move(text)}; }

constexpr double kMaxSeconds = 1e7;  // 115 days: beyond it a clock is a typing error
constexpr int kMaxCount = 10000;     // stones or periods

// Reads the numeric arguments of a clock command into `seconds` (the first `n_seconds`) and
// `counts` (the rest); "" or what is wrong with which argument.
std::string read_clock_args(const std::vector<std::string>& a, size_t first, const std::vector<const char*>& names,
                            size_t n_seconds, std::vector<double>& values) {
  if (a.size() - first != names.size()) return "syntax error";
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& text = a[first + i];
    const std::optional<double> v = parse_plain_decimal(text, 12);
    if (!v || !std::isfinite(*v)) return std::string(names[i]) + " '" + text + "' is not a number";
    if (i < n_seconds && (*v < 0 || *v > kMaxSeconds))
      return std::string(names[i]) + " " + text + " is outside 0.." + std::to_string(static_cast<long>(kMaxSeconds)) + " seconds";
    if (i >= n_seconds && (*v < 0 || *v > kMaxCount || *v != std::floor(*v)))
      return std::string(names[i]) + " " + text + " is not a whole number in 0.." + std::to_string(kMaxCount);
    values.push_back(*v);
  }
  return "";
}

mcts::ClockSettings byo_yomi(double main, double period, int periods) {
  mcts::ClockSettings s;
  s.system = periods > 0 ? mcts::ClockSystem::kByoYomi : mcts::ClockSystem::kAbsolute;  // no periods: absolute
  s.main_time = main;
  s.period_time = period;
  s.periods = periods;
  return s;
}

// KGS's and KataGo's shared forms: none | absolute MAIN | byoyomi MAIN PERIOD PERIODS | canadian MAIN PERIOD STONES.
std::string read_named_clock(const std::vector<std::string>& a, mcts::ClockSettings& out) {
  std::vector<double> v;
  std::string why;
  if (a[0] == "none") {
    why = read_clock_args(a, 1, {}, 0, v);
    out = mcts::ClockSettings{};
  } else if (a[0] == "absolute") {
    why = read_clock_args(a, 1, {"main time"}, 1, v);
    if (why.empty()) out = mcts::ClockSettings::from_gtp(v[0], 0, 0);
  } else if (a[0] == "byoyomi") {
    why = read_clock_args(a, 1, {"main time", "period time", "periods"}, 2, v);
    if (why.empty()) out = byo_yomi(v[0], v[1], static_cast<int>(v[2]));
  } else if (a[0] == "canadian") {
    why = read_clock_args(a, 1, {"main time", "period time", "stones"}, 2, v);
    if (why.empty()) out = mcts::ClockSettings::from_gtp(v[0], v[1], static_cast<int>(v[2]));  // 0 stones: no limit
  } else {
    return "unknown time system '" + a[0] + "'";
  }
  return why;
}

// KataGo's Fischer forms: fischer MAIN INCREMENT | fischer-capped MAIN INCREMENT MAIN_CAP MAX_PER_MOVE
// (a cap or maximum of -1: none).
std::string read_fischer(const std::vector<std::string>& a, mcts::ClockSettings& out) {
  std::vector<double> v;
  const bool capped = a[0] == "fischer-capped";
  std::vector<std::string> args = a;
  if (capped && a.size() == 5)
    for (size_t i = 3; i < 5; ++i)
      if (args[i] == "-1") args[i] = "0";  // -1: none, which is 0 here
  const std::string why = capped ? read_clock_args(args, 1, {"main time", "increment", "main time cap", "time per move cap"}, 4, v)
                                 : read_clock_args(args, 1, {"main time", "increment"}, 2, v);
  if (!why.empty()) return why;
  out = mcts::ClockSettings{};
  out.system = mcts::ClockSystem::kFischer;
  out.main_time = v[0];
  out.increment = v[1];
  if (capped) {
    out.main_cap = v[2];
    out.max_per_move = v[3];
  }
  return "";
}

}  // namespace

void GtpSession::register_time_commands() {
  commands_["time_settings"] = [this](const Command& c) {  // GTP 2: main, byo-yomi time, byo-yomi stones
    std::vector<double> v;
    const std::string why = read_clock_args(c.args, 0, {"main time", "byo-yomi time", "byo-yomi stones"}, 2, v);
    return why.empty() ? set_clock(mcts::ClockSettings::from_gtp(v[0], v[1], static_cast<int>(v[2]))) : fail(why);
  };
  commands_["kgs-time_settings"] = [this](const Command& c) {
    mcts::ClockSettings s;
    const std::string why = c.args.empty() ? "syntax error" : read_named_clock(c.args, s);
    return why.empty() ? set_clock(s) : fail(why);
  };
  commands_["kata-time_settings"] = [this](const Command& c) {
    mcts::ClockSettings s;
    std::string why = "syntax error";
    if (!c.args.empty())
      why = c.args[0] == "fischer" || c.args[0] == "fischer-capped" ? read_fischer(c.args, s) : read_named_clock(c.args, s);
    return why.empty() ? set_clock(s) : fail(why);
  };
  commands_["kata-list_time_settings"] = [](const Command&) {
    return ok("none\nabsolute MAIN\nbyoyomi MAIN PERIOD_TIME PERIODS\ncanadian MAIN PERIOD_TIME STONES\n"
              "fischer MAIN INCREMENT\nfischer-capped MAIN INCREMENT MAIN_CAP MAX_PER_MOVE");
  };
  commands_["time_left"] = [this](const Command& c) { return time_left(c.args); };
}

Reply GtpSession::set_clock(const mcts::ClockSettings& s) {
  clock_.set(s);
  if (log_) *log_ << "clock: " << s.describe() << "\n" << std::flush;
  return ok();
}

// time_left COLOUR SECONDS COUNT: COUNT is 0 in main time, else the stones left in the Canadian
// period or the byo-yomi periods left. Zero or negative seconds: the clock is out, answer at once.
Reply GtpSession::time_left(const std::vector<std::string>& a) {
  if (a.size() != 3) return fail("syntax error");
  const std::optional<Color> color = color_from_text(a[0]);
  if (!color) return fail("invalid color '" + a[0] + "'");
  const std::optional<double> seconds = parse_plain_decimal(a[1], 12);
  if (!seconds || !std::isfinite(*seconds) || *seconds > kMaxSeconds)
    return fail("time left '" + a[1] + "' is not a number of seconds up to " + std::to_string(static_cast<long>(kMaxSeconds)));
  const std::optional<int> count = parse_digits(a[2], 6);
  if (!count) return fail("stones or periods left '" + a[2] + "' is not a whole number");
  const std::string note = clock_.set_left(*color, *seconds, *count);
  if (!note.empty() && log_) *log_ << note << "\n" << std::flush;
  return ok();
}

MoveClock GtpSession::move_clock(Color color, std::chrono::steady_clock::time_point started) const {
  MoveClock m;
  m.started = started;
  if (!clock_.limited()) {
    m.planned = player_.settings().seconds_per_move;
    return m;
  }
  const mcts::MoveBudget b = clock_.budget(color, game_.move_number(), game_.size() * game_.size());
  m.planned = b.planned;
  m.maximum = b.maximum;
  m.manage = clock_.params().early_stop;
  m.clock = b.clock;
  return m;
}

void GtpSession::after_move(Color color, std::chrono::steady_clock::time_point started, const Decision& d) {
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!clock_.limited()) return;
  // What came after the decision to stop (answers in flight, joining threads, the tree, this reply)
  // is lag: the margin the next budgets keep (mcts/time_control.h).
  if (d.stopped_after > 0) clock_.record_lag(took - d.stopped_after);
  clock_.charge(color, took);
}

}  // namespace tengen::gtp

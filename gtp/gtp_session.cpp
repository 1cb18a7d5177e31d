#include "gtp/gtp_session.h"

#include <absl/strings/match.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include "engine/sgf.h"
#include "engine/text_file.h"
#include "engine/text_number.h"
#include "io/atomic_file.h"
#include "mcts/ownership.h"

namespace tengen::gtp {

namespace {

Reply ok(std::string text = "") { return Reply{true, std::move(text)}; }
Reply fail(std::string text) { return Reply{false, std::move(text)}; }

std::optional<int> parse_int(const std::string& s) { return parse_digits(s, 9); }

// A plain decimal number (engine/text_number.h): "komi 0x10" is a syntax error, not 16.
std::optional<double> parse_decimal(const std::string& s) { return parse_plain_decimal(s, 12); }

// "Z99" on a small board is well formed but off the board: GTP calls that an illegal move.
bool looks_like_vertex(const std::string& s) {
  if (s.size() < 2 || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (size_t i = 1; i < s.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

}  // namespace

GtpSession::GtpSession(GtpSettings settings, mcts::SearchNetworks parts, PlayerSettings player, std::ostream* log)
    : settings_(std::move(settings)),
      game_(settings_.board_size, GameRules{settings_.komi}),
      player_(std::move(parts), player, log),
      log_(log) {
  player_.set_interrupt(&input_ended_);
  clock_.set_params(settings_.time);
  register_commands();
}

std::vector<std::string> GtpSession::command_names() const {
  std::vector<std::string> names;
  for (const auto& [name, handler] : commands_) names.push_back(name);
  return names;
}

namespace {

// Handlers that read nothing of the command, or only its arguments (most of them).
std::function<Reply(const Command&)> no_args(std::function<Reply()> f) {
  return [f](const Command&) { return f(); };
}
std::function<Reply(const Command&)> args(std::function<Reply(const std::vector<std::string>&)> f) {
  return [f](const Command& c) { return f(c.args); };
}

}  // namespace

void GtpSession::register_commands() {
  register_protocol_commands();
  register_game_commands();
  register_play_commands();
  register_analysis_commands();
  register_rules_commands();
  register_time_commands();
  register_param_commands();
}

// The protocol itself: identity, the command list, quit.
void GtpSession::register_protocol_commands() {
  commands_["protocol_version"] = no_args([] { return ok("2"); });
  commands_["name"] = no_args([this] { return ok(settings_.name); });
  commands_["version"] = no_args([this] { return ok(settings_.version); });
  commands_["known_command"] = args([this](const std::vector<std::string>& a) {
    return ok(!a.empty() && commands_.count(a[0]) ? "true" : "false");
  });
  commands_["list_commands"] = no_args([this] {
    std::string s;
    for (const std::string& n : command_names()) s += n + "\n";
    return ok(s);
  });
  commands_["quit"] = no_args([this] {
    quit_ = true;
    return ok();
  });
}

// The game record: board, komi, moves, handicap, score, SGF in and out.
void GtpSession::register_game_commands() {
  commands_["boardsize"] = args([this](const std::vector<std::string>& a) { return boardsize(a); });
  commands_["clear_board"] = no_args([this] {
    game_ = Game(game_.size(), game_.rules());
    return ok();
  });
  commands_["komi"] = args([this](const std::vector<std::string>& a) {
    std::optional<double> k = a.size() == 1 ? parse_decimal(a[0]) : std::nullopt;
    if (!k) return fail("syntax error");
    if (const std::string why = komi_error(*k, game_.size()); !why.empty()) return fail(why);
    game_.set_komi(*k);
    return ok();
  });
  commands_["play"] = args([this](const std::vector<std::string>& a) { return play(a); });
  commands_["undo"] = args([this](const std::vector<std::string>& a) { return undo(a); });
  commands_["gg-undo"] = commands_["undo"];  // GoGui's name for the same, used when the engine lists it
  commands_["showboard"] = no_args([this] { return ok("\n" + board_diagram(game_)); });
  commands_["fixed_handicap"] = args([this](const std::vector<std::string>& a) { return fixed_handicap(a); });
  commands_["set_free_handicap"] = args([this](const std::vector<std::string>& a) { return set_free_handicap(a); });
  commands_["final_score"] = no_args([this] { return ok(final_score()); });
  commands_["loadsgf"] = args([this](const std::vector<std::string>& a) { return loadsgf(a); });
  commands_["printsgf"] = args([this](const std::vector<std::string>& a) {
    const std::string text = write_sgf(sgf_from_game(game_));
    if (a.empty()) return ok("\n" + text);
    try {
      io::write_file_atomically(a[0], text);
    } catch (const io::WriteError& e) {
      return fail(std::string("cannot write file: ") + e.what());
    }
    return ok();
  });
}

// `undo` takes back one move, as the GTP spec says; `undo N` (and GoGui's `gg-undo N`) takes back N,
// all or none. `undo 0` is one move: qGo sends it for its Undo button, as GNU Go reads it.
Reply GtpSession::undo(const std::vector<std::string>& a) {
  const std::optional<int> n = a.empty() ? std::optional<int>(1) : a.size() == 1 ? parse_int(a[0]) : std::nullopt;
  if (!n) return fail("syntax error");
  const int count = std::max(1, *n);
  if (game_.move_number() == 0) return fail("cannot undo");
  if (count > game_.move_number())
    return fail("cannot undo " + std::to_string(count) + " moves: only " + std::to_string(game_.move_number()) +
                " played");
  for (int i = 0; i < count; ++i) game_.undo();
  return ok();
}

// Move generation and the clock.
void GtpSession::register_play_commands() {
  commands_["genmove"] = args([this](const std::vector<std::string>& a) { return genmove(a, true); });
  commands_["reg_genmove"] = args([this](const std::vector<std::string>& a) { return genmove(a, false); });
  commands_["kgs-genmove_cleanup"] = args([this](const std::vector<std::string>& a) { return genmove(a, true, true); });
  commands_["place_free_handicap"] = args([this](const std::vector<std::string>& a) { return fixed_handicap(a); });
  commands_["final_status_list"] = args([this](const std::vector<std::string>& a) { return final_status_list(a); });
}

// What GUIs show: GoGui's analyze commands, Leela Zero's and KataGo's streaming analysis.
void GtpSession::register_analysis_commands() {
  commands_["gogui-analyze_commands"] = no_args([] {
    return ok("gfx/Policy network/tengen-policy\n"
              "gfx/Search visits/tengen-visits\n"
              "gfx/Principal variation/tengen-pv\n"
              "gfx/Rollout ownership/tengen-ownership\n"
              "string/Value net and rollouts, separately/tengen-estimates");
  });
  commands_["tengen-policy"] = no_args([this] {
    const std::vector<float> p = player_.policy(game_);
    return p.empty() ? fail("no policy network for this board size") : ok(gogui_policy(p, game_.size()));
  });
  commands_["tengen-visits"] = no_args([this] { return gogui_search("visits"); });
  commands_["tengen-pv"] = no_args([this] { return gogui_search("pv"); });
  commands_["tengen-estimates"] = no_args([this] { return gogui_search("estimates"); });
  commands_["tengen-ownership"] = no_args([this] {
    return ok(gogui_ownership(player_.ownership(game_, player_.settings().ownership_rollouts), game_.board()));
  });
  for (const char* name : {"lz-analyze", "kata-analyze"})
    commands_[name] = [this](const Command& c) { return start_analysis(c); };
  for (const char* name : {"lz-genmove_analyze", "kata-genmove_analyze", "genmove_analyze"})
    commands_[name] = [this](const Command& c) { return genmove_analyze(c); };
}

Reply GtpSession::genmove(const std::vector<std::string>& a, bool play_it, bool cleanup) {
  if (a.size() != 1) return fail("syntax error");
  const std::optional<Color> color = color_from_text(a[0]);
  if (!color) return fail("syntax error");
  const auto started = std::chrono::steady_clock::now();
  Decision d;
  try {
    d = player_.genmove(game_, *color, move_clock(*color, started), cleanup);
  } catch (const std::exception& e) {
    return fail(std::string("cannot generate a move: ") + e.what());
  }
  after_move(*color, started, d);
  if (d.move == kResign) return ok("resign");
  if (play_it && game_.play(d.move, *color) != MoveError::kNone) return fail("internal error: the search chose an illegal move");
  return ok(point_to_gtp(d.move, game_.size()));
}

Reply GtpSession::boardsize(const std::vector<std::string>& a) {
  if (a.size() != 1) return fail("syntax error");
  std::optional<int> n = parse_int(a[0]);
  if (!n) return fail("syntax error");
  if (*n < kMinSize || *n > kMaxSize) return fail("unacceptable size");
  game_ = Game(*n, game_.rules());
  return ok();
}

Reply GtpSession::play(const std::vector<std::string>& a) {
  if (a.size() != 2) return fail("syntax error");
  std::optional<Color> color = color_from_text(a[0]);
  if (!color) return fail("syntax error");
  std::optional<Point> p = point_from_gtp(a[1], game_.size());
  if (!p) return fail(looks_like_vertex(a[1]) ? "illegal move" : "syntax error");
  MoveError e = game_.play(*p, *color);
  if (e != MoveError::kNone) return fail(std::string("illegal move (") + move_error_text(e, game_.rules().ko) + ")");
  return ok();
}

// fixed_handicap, and place_free_handicap too: the engine's free choice is the fixed points (the usual
// star points), which GTP allows.
Reply GtpSession::fixed_handicap(const std::vector<std::string>& a) {
  std::optional<int> n = a.size() == 1 ? parse_int(a[0]) : std::nullopt;
  if (!n) return fail("syntax error");
  if (game_.move_number() > 0 || game_.board().stones(Color::kBlack).any() ||
      game_.board().stones(Color::kWhite).any())
    return fail("board not empty");
  std::vector<Point> pts = Game::fixed_handicap_points(game_.size(), *n);
  if (pts.empty() || !game_.set_fixed_handicap(*n)) return fail("invalid number of stones");
  std::string s;
  for (Point p : pts) s += (s.empty() ? "" : " ") + point_to_gtp(p, game_.size());
  return ok(s);
}

// GoGui views of the last search (gtp/analysis_output.h).
Reply GtpSession::gogui_search(const std::string& what) {
  const mcts::Search* s = player_.last_search();
  if (!s || s->root_children().empty()) return fail("no search yet: run genmove or analysis first");
  if (what == "visits") return ok(gogui_visits(*s));
  if (what == "pv") return ok(gogui_pv(*s));
  return ok(gogui_estimates(*s));
}

// dead / alive / seki, one line per string. Dead: strings the other side owns in most rollouts
// from the current position; seki: live strings touching a shared liberty neither side can fill
// (mcts/ownership.h); alive: the rest.
Reply GtpSession::final_status_list(const std::vector<std::string>& a) {
  if (a.size() != 1 || (a[0] != "dead" && a[0] != "alive" && a[0] != "seki")) return fail("syntax error");
  const mcts::Verdict verdict = player_.judge(game_);
  const std::set<Point> dead(verdict.dead.begin(), verdict.dead.end());
  const std::set<Point> seki(verdict.seki.begin(), verdict.seki.end());
  const auto status = [&](Point head) {
    return dead.count(head) ? "dead" : (seki.count(head) ? "seki" : "alive");
  };
  const Board& b = game_.board();
  std::string text;
  std::set<Point> done;
  for (int q = 0; q < kPadded; ++q) {
    const Point p = static_cast<Point>(q);
    const Color c = b.on_board(p) ? b.at(p) : Color::kEdge;
    if ((c != Color::kBlack && c != Color::kWhite) || !done.insert(b.head(p)).second) continue;
    if (a[0] != status(b.head(p))) continue;
    std::string line;
    Point s = p;
    do {
      line += (line.empty() ? "" : " ") + point_to_gtp(s, game_.size());
      s = b.next_in_string(s);
    } while (s != p);
    text += (text.empty() ? "" : "\n") + line;
  }
  return ok(text);
}

Reply GtpSession::set_free_handicap(const std::vector<std::string>& a) {
  if (game_.move_number() > 0 || game_.board().stones(Color::kBlack).any() ||
      game_.board().stones(Color::kWhite).any())
    return fail("board not empty");
  if (a.size() < 2 || static_cast<int>(a.size()) >= game_.size() * game_.size()) return fail("bad vertex list");
  std::set<Point> pts;
  for (const std::string& v : a) {
    std::optional<Point> p = point_from_gtp(v, game_.size());
    if (!p || *p == kPass || !pts.insert(*p).second) return fail("bad vertex list");
  }
  Game g(game_.size(), game_.rules());
  for (Point p : pts)
    if (!g.add_setup_stone(p, Color::kBlack)) return fail("bad vertex list");
  g.set_handicap(static_cast<int>(pts.size()));
  g.set_to_move(Color::kWhite);
  game_ = g;
  return ok();
}

Reply GtpSession::loadsgf(const std::vector<std::string>& a) {
  if (a.empty() || a.size() > 2) return fail("syntax error");
  std::optional<int> stop_at;
  if (a.size() == 2) {
    stop_at = parse_int(a[1]);
    if (!stop_at || *stop_at < 1) return fail("syntax error");
  }
  std::string why;
  const std::optional<std::string> text = read_file_capped(a[0], kMaxSgfFileBytes, &why);
  if (!text) return fail("cannot load file: " + why);
  SgfParseResult parsed = parse_sgf(*text, a[0]);
  if (parsed.games.empty())
    return fail("cannot load file: " + (parsed.error ? parsed.error->to_string() : std::string("no game")));
  SgfGame record = parsed.games.front();
  if (record.size < kMinSize || record.size > kMaxSize) return fail("cannot load file: unacceptable size");
  if (stop_at && *stop_at - 1 < static_cast<int>(record.moves.size())) record.moves.resize(*stop_at - 1);
  // The record's own rules (its RU property) when Tengen knows them, else the session's.
  const GameRules rules = record_rules(record, game_.rules());
  Game g(record.size, rules);
  MoveError e = MoveError::kNone;
  if (std::optional<std::string> err = replay_sgf(record, g, rules, &e))
    return fail("cannot load file: " + *err +
                (e == MoveError::kSuperko ? " (a repetition; `kata-set-rules japanese` plays simple ko)" : ""));
  game_ = g;
  return ok(color_name(game_.to_move()));
}

std::string GtpSession::dispatch(const Command& cmd) {
  auto it = commands_.find(cmd.name);
  if (it == commands_.end()) return format_reply(cmd, false, "unknown command");
  Reply r;
  try {
    r = it->second(cmd);
  } catch (const std::exception& e) {  // defensive: a handler bug must not kill the session
    r = fail(std::string("internal error: ") + e.what());
  }
  return r.answered ? std::string() : format_reply(cmd, r.success, r.text);
}

std::string GtpSession::handle_line(const std::string& raw_line) {
  const std::optional<Command> cmd = parse_command(raw_line);
  return cmd ? dispatch(*cmd) : std::string();
}

GtpSession::~GtpSession() { background_.stop(); }

int GtpSession::run(std::istream& in, std::ostream& out) {
  background_.set_output(&out);
  std::string line;
  bool more = static_cast<bool>(std::getline(in, line));
  while (more && !quit_) {
    const std::optional<Command> cmd = parse_command(line);
    if (cmd) background_.stop();  // any command ends a running analysis or ponder
    if (cmd && absl::StrContains(cmd->name, "genmove")) {
      more = answer_while_reading(*cmd, in, line);
    } else {
      if (cmd) answer(*cmd);
      more = !quit_ && std::getline(in, line);
    }
  }
  background_.stop();
  background_.set_output(nullptr);
  return 0;
}

void GtpSession::answer(const Command& cmd) {
  const std::string reply = dispatch(cmd);
  if (!reply.empty()) background_.write(reply);
  // Pondering: think on the opponent's time after our move, keeping the tree for the next one.
  if (settings_.ponder && cmd.name == "genmove" && absl::StartsWith(reply, "=") && !game_.is_over())
    start_background(game_.to_move(), AnalysisStream{0.5, {}, false, {}, {}}, false);
}

// A move search answers on its own thread while this one reads the next line: when the input ends
// meanwhile (the GUI is gone), the search stops at once instead of running out a 30-s clock. A line
// that arrives waits for the answer, so commands still run one after the other; the session is
// touched by one thread at a time (the join orders them).
bool GtpSession::answer_while_reading(const Command& cmd, std::istream& in, std::string& line) {
  std::thread worker([this, &cmd] { answer(cmd); });
  const bool more = static_cast<bool>(std::getline(in, line));
  if (!more) input_ended_.store(true);
  worker.join();
  return more;
}

namespace {

// KataGo's format for its kata- commands and for the plain genmove_analyze (Sabaki's name for it).
AnalysisFormat format_of(const std::string& command) {
  return absl::StartsWith(command, "lz-") ? AnalysisFormat::kLeela : AnalysisFormat::kKata;
}

}  // namespace

Reply GtpSession::start_analysis(const Command& cmd) {
  AnalyzeArgs a;
  if (const std::string why = parse_analyze_args(cmd.args, game_.size(), format_of(cmd.name), &a); !why.empty())
    return fail(why);
  if (!background_.has_output()) return fail("analysis needs a GTP session");
  background_.emit("=" + (cmd.id ? std::to_string(*cmd.id) : std::string()));
  start_background(a.color.value_or(game_.to_move()), stream_of(a), true);
  return Reply{true, "", true};
}

AnalysisStream GtpSession::stream_of(const AnalyzeArgs& a) {
  return AnalysisStream{a.interval_cs / 100.0, a.info, a.ownership, a.filter,
                        [this](const std::string& t) { background_.emit(t); }};
}

// Like genmove, with info lines while searching, then "play MOVE" and the blank line.
Reply GtpSession::genmove_analyze(const Command& cmd) {
  AnalyzeArgs a;
  if (const std::string why = parse_analyze_args(cmd.args, game_.size(), format_of(cmd.name), &a); !why.empty())
    return fail(why);
  if (!background_.has_output()) return fail("analysis needs a GTP session");
  const Color color = a.color.value_or(game_.to_move());
  const auto started = std::chrono::steady_clock::now();
  MoveClock clock = move_clock(color, started);
  clock.manage = false;  // streamed in rounds of the interval: the planned time, no early stop
  background_.emit("=" + (cmd.id ? std::to_string(*cmd.id) : std::string()));
  const AnalysisStream stream = stream_of(a);
  Decision d;
  try {
    d = player_.genmove(game_, color, clock, false, &stream);
  } catch (const std::exception& e) {
    background_.emit(std::string("info error ") + e.what() + "\n");  // ends the reply; the session goes on
    return Reply{true, "", true};
  }
  after_move(color, started, d);
  if (d.move != kResign && game_.play(d.move, color) != MoveError::kNone) d.move = kResign;  // cannot happen
  background_.emit("play " + (d.move == kResign ? std::string("resign") : point_to_gtp(d.move, game_.size())) + "\n");
  return Reply{true, "", true};
}

// `stream`: analysis, whose lines go out; else pondering, whose lines are dropped.
void GtpSession::start_background(Color color, AnalysisStream s, bool stream) {
  const Game game = game_;
  s.emit = [this, stream](const std::string& info) {
    if (stream) background_.emit(info);
  };
  background_.start(
      [this, game, color, s, stream](const std::atomic<bool>& stop) {
        try {
          player_.analyze(game, color, s, stop);
        } catch (const std::exception& e) {
          if (stream) background_.emit(std::string("info error ") + e.what());  // pondering: the next genmove reports it
        }
      },
      stream);
}

}  // namespace tengen::gtp

// GtpSession: the GTP core of `tengen gtp`: the command table over one Game and one dispatch path for
// every command, streaming ones included. Each handler returns a Reply; bad input of any kind
// (unknown command, wrong arguments, illegal move, unreadable SGF) is a failed Reply with the GTP
// spec's error text, never an exception out of dispatch and never a crash. Move generation goes
// through a SearchPlayer (gtp/search_player.h) over the networks the caller chose; the game
// clock (time_settings, time_left, kgs-/kata-time_settings: gtp/time_commands.cpp) sets how long each search runs. The text GUIs read
// comes from gtp/analysis_output.h; searches on the opponent's time or for lz-/kata-analyze run on
// gtp/background_search.h's thread.
// Thread-safety: one session per connection, used from one thread. run() answers a move search on
// a worker thread while it reads the next line (so that the end of the input stops the search), and
// joins it before touching the session again: one thread at a time.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "engine/game.h"
#include "gtp/analyze_args.h"
#include "gtp/background_search.h"
#include "gtp/gtp_protocol.h"
#include "gtp/search_player.h"
#include "mcts/time_control.h"

namespace tengen::gtp {

struct GtpSettings {
  int board_size = 19;
  double komi = 7.5;
  std::string name = "Tengen";
  std::string version = "0.1.0";
  bool ponder = false;  // keep searching on the opponent's time after genmove (run() only)
  mcts::TimeParams time;  // time management under a clock (mcts/time_control.h)
};

struct Reply {
  bool success = true;
  std::string text;
  bool answered = false;  // the handler wrote its reply itself (streamed analysis)
};

class GtpSession {
 public:
  explicit GtpSession(GtpSettings settings, mcts::SearchNetworks parts = {}, PlayerSettings player = {},
                     std::ostream* log = nullptr);

  // Handles one raw input line; returns the full reply text ("" for a line GTP says to ignore).
  std::string handle_line(const std::string& raw_line);
  // Reads commands until quit or end of input; returns the process exit code. lz-analyze streams
  // its "info" lines to `out` from a background search until the next command arrives.
  int run(std::istream& in, std::ostream& out);
  ~GtpSession();

  bool quit_requested() const { return quit_; }
  const Game& game() const { return game_; }
  std::vector<std::string> command_names() const;

 private:
  using Handler = std::function<Reply(const Command&)>;
  void register_commands();
  void register_protocol_commands();
  void register_game_commands();
  void register_play_commands();
  void register_analysis_commands();
  void register_rules_commands();  // gtp/rules_commands.cpp: kata-get-rules, kata-set-rules, ...
  void register_param_commands();  // gtp/param_commands.cpp: kata-list-params, kata-get/set-param, lz-setoption
  // The one dispatch path: the reply text, "" when the handler answered itself.
  std::string dispatch(const Command& cmd);
  // run()'s handling of one command: dispatch, write the reply, start pondering after our move.
  void answer(const Command& cmd);
  // answer() for a move search on a worker thread while the next line is read into `line`; the end
  // of the input stops the search. Returns whether a line was read.
  bool answer_while_reading(const Command& cmd, std::istream& in, std::string& line);
  Reply play(const std::vector<std::string>& args);
  Reply undo(const std::vector<std::string>& args);
  Reply boardsize(const std::vector<std::string>& args);
  Reply fixed_handicap(const std::vector<std::string>& args);
  Reply set_free_handicap(const std::vector<std::string>& args);
  Reply loadsgf(const std::vector<std::string>& args);
  Reply genmove(const std::vector<std::string>& args, bool play_it, bool cleanup = false);
  Reply final_status_list(const std::vector<std::string>& args);
  std::string final_score() const;  // by the game's rules (gtp/rules_commands.cpp)
  Reply set_rules(const std::string& text);  // a rule-set name or JSON form, the game replayed under it
  Reply gogui_search(const std::string& what);
  // The clock (gtp/time_commands.cpp): time_settings, kgs-/kata-time_settings, time_left.
  void register_time_commands();
  Reply set_clock(const mcts::ClockSettings& s);
  Reply time_left(const std::vector<std::string>& args);
  // How long `color`'s move may think, counted from `started` (the command's arrival).
  MoveClock move_clock(Color color, std::chrono::steady_clock::time_point started) const;
  // After a move of `color`: its lag recorded and its time charged to the engine's own count.
  void after_move(Color color, std::chrono::steady_clock::time_point started, const Decision& d);
  // lz-analyze / kata-analyze [colour] [interval in centiseconds] [keys] (gtp/analyze_args.h): starts the
  // analysis thread; lz-genmove_analyze / kata-genmove_analyze / genmove_analyze: a genmove that
  // streams info lines (run() only).
  Reply start_analysis(const Command& cmd);
  Reply genmove_analyze(const Command& cmd);
  AnalysisStream stream_of(const AnalyzeArgs& args);  // lines to the background writer
  // Searches in the background (pondering, or analysis when `stream`) until the next command.
  void start_background(Color color, AnalysisStream s, bool stream);

  GtpSettings settings_;
  Game game_;
  std::map<std::string, Handler> commands_;
  SearchPlayer player_;
  mcts::TimeControl clock_;
  std::ostream* log_ = nullptr;  // the search summaries' stream (null: quiet)
  bool quit_ = false;
  std::atomic<bool> input_ended_{false};  // run() met the end of the input during a move search
  BackgroundSearch background_;  // last: its thread stops before the player it uses is destroyed
};

}  // namespace tengen::gtp

// The clock through GTP (gtp/time_commands.cpp): each clock system set by the commands players'
// controllers send, the per-move summary naming the time decision, the engine's own count and
// time_left, and bad input answered with a `? …` naming the argument (or the GTP spec's meaning).
#include <gtest/gtest.h>

#include <sstream>

#include "gtp/gtp_session.h"

namespace tengen::gtp {
namespace {

PlayerSettings fast() {
  PlayerSettings p;
  p.threads = 1;
  p.visits_per_move = 0;
  p.seconds_per_move = 0.2;  // without a clock
  p.search.expansion_threshold = 5;
  p.resign_below = 0;
  return p;
}

GtpSettings nine() {
  GtpSettings s;
  s.board_size = 9;
  return s;
}

TEST(Clock, EverySystemIsAcceptedAndLogged) {
  std::ostringstream log;
  GtpSession engine(nine(), mcts::SearchNetworks{}, fast(), &log);
  const char* ok[] = {"time_settings 300 30 5", "time_settings 300 0 0", "time_settings 0 30 0",
                      "kgs-time_settings byoyomi 600 30 5", "kgs-time_settings canadian 600 300 25",
                      "kgs-time_settings absolute 900", "kgs-time_settings none", "kata-time_settings fischer 300 10",
                      "kata-time_settings fischer-capped 300 10 600 -1", "kata-time_settings byoyomi 60 10 3",
                      "time_left b 120 0", "time_left w 25 3", "time_left white 0 0", "time_left b -5 0"};
  for (const char* c : ok) EXPECT_EQ(engine.handle_line(c), "=\n\n") << c;
  for (const char* shown : {"clock: Canadian: 300 s main, then 5 stones in 30 s", "clock: absolute: 300 s", "clock: no clock",
                            "clock: byo-yomi: 600 s main, 5 periods of 30 s", "clock: Fischer: 300 s main, +10 s a move"})
    EXPECT_NE(log.str().find(shown), std::string::npos) << shown << "\n" << log.str();
  EXPECT_EQ(engine.handle_line("kata-list_time_settings").substr(0, 7), "= none\n");
}

TEST(Clock, BadInputIsNamed) {
  GtpSession engine(nine(), mcts::SearchNetworks{}, fast());
  const std::pair<const char*, const char*> cases[] = {
      {"time_settings 300 30", "? syntax error"},
      {"time_settings abc 30 5", "? main time 'abc' is not a number"},
      {"time_settings -1 30 5", "? main time -1 is outside 0..10000000 seconds"},
      {"time_settings 1e9 0 0", "? main time '1e9' is not a number"},
      {"time_settings 99999999 0 0", "? main time 99999999 is outside 0..10000000 seconds"},
      {"time_settings 300 30 2.5", "? byo-yomi stones 2.5 is not a whole number in 0..10000"},
      {"time_settings 300 nan 5", "? byo-yomi time 'nan' is not a number"},
      {"kgs-time_settings sudden 5", "? unknown time system 'sudden'"},
      {"kgs-time_settings byoyomi 600 30", "? syntax error"},
      {"kgs-time_settings", "? syntax error"},
      {"kgs-time_settings none 5", "? syntax error"},
      {"kata-time_settings fischer 300", "? syntax error"},
      {"kata-time_settings fischer 300 -2", "? increment -2 is outside 0..10000000 seconds"},
      {"time_left purple 10 0", "? invalid color 'purple'"},
      {"time_left b ten 0", "? time left 'ten' is not a number of seconds up to 10000000"},
      {"time_left b 10 -1", "? stones or periods left '-1' is not a whole number"},
      {"time_left b 10", "? syntax error"},
  };
  for (const auto& [command, answer] : cases) EXPECT_EQ(engine.handle_line(command), std::string(answer) + "\n\n") << command;
  EXPECT_FALSE(engine.handle_line("genmove b").empty());  // the session goes on
}

// Periods 0 in byo-yomi: absolute time, the only meaning left; the summary says which clock ran.
TEST(Clock, ByoYomiWithoutPeriodsIsAbsoluteAndGenmoveNamesTheDecision) {
  std::ostringstream log;
  GtpSession engine(nine(), mcts::SearchNetworks{}, fast(), &log);
  EXPECT_EQ(engine.handle_line("kgs-time_settings byoyomi 20 10 0"), "=\n\n");
  EXPECT_NE(log.str().find("clock: absolute: 20 s"), std::string::npos) << log.str();
  EXPECT_EQ(engine.handle_line("genmove b").substr(0, 2), "= ");
  EXPECT_NE(log.str().find("time: main 20 s; planned "), std::string::npos) << log.str();
  EXPECT_NE(log.str().find("stopped after"), std::string::npos) << log.str();
}

// The engine counts its own time when the controller sends no time_left (Sabaki), and a time_left
// that disagrees with that count replaces it, logged.
TEST(Clock, TheEngineKeepsItsOwnCountUntilTimeLeftCorrectsIt) {
  std::ostringstream log;
  GtpSession engine(nine(), mcts::SearchNetworks{}, fast(), &log);
  EXPECT_EQ(engine.handle_line("time_settings 10 0 0"), "=\n\n");
  EXPECT_EQ(engine.handle_line("genmove b").substr(0, 2), "= ");
  EXPECT_EQ(engine.handle_line("time_left b 2 0"), "=\n\n");  // far less than its own count
  EXPECT_NE(log.str().find("time_left black: the controller's 2.0 s replaces the engine's own count of"),
            std::string::npos) << log.str();
  EXPECT_EQ(engine.handle_line("genmove b").substr(0, 2), "= ");
  EXPECT_NE(log.str().find("time: main 2.0 s"), std::string::npos) << log.str();
}

// Main time running out into byo-yomi, as the engine counts it, then the last period as KGS tells it.
TEST(Clock, MainTimeRunsOutIntoByoYomiAndTheLastPeriodIsKept) {
  std::ostringstream log;
  GtpSession engine(nine(), mcts::SearchNetworks{}, fast(), &log);
  EXPECT_EQ(engine.handle_line("kgs-time_settings byoyomi 60 1 2"), "=\n\n");
  EXPECT_EQ(engine.handle_line("time_left b 0 0"), "=\n\n");  // main time all but gone
  EXPECT_EQ(engine.handle_line("genmove b").substr(0, 2), "= ");
  EXPECT_NE(log.str().find("time: main 0.0 s; planned 0.50 s, maximum 0.50 s"), std::string::npos) << log.str();
  EXPECT_EQ(engine.handle_line("genmove b").substr(0, 2), "= ");  // the engine's own count: in byo-yomi now
  EXPECT_NE(log.str().find("time: byo-yomi 2 x 1.0 s"), std::string::npos) << log.str();
  EXPECT_EQ(engine.handle_line("time_left b 1 1"), "=\n\n");  // kgsGtp: 1 s, the last period
  EXPECT_EQ(engine.handle_line("genmove b").substr(0, 2), "= ");
  // Within the one period left (the lag margin, measured by now, is what it is on this machine).
  EXPECT_NE(log.str().find("time: byo-yomi 1 x 1.0 s; planned 0."), std::string::npos) << log.str();
}

}  // namespace
}  // namespace tengen::gtp

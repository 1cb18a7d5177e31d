// The parameter commands as GUIs send them: KataGo's kata-list-params / kata-get-param /
// kata-set-param and Leela Zero's lz-setoption, their effect on the next search, and bad input.
// Every network is `none` (uniform priors, random playouts): torch-free and quick.
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "gtp/gtp_session.h"
#include "testutil/gtp_transcript.h"

namespace tengen::gtp {
namespace {

PlayerSettings quick() {
  PlayerSettings p;
  p.threads = 1;
  p.visits_per_move = 60;
  p.resign_below = 0;
  return p;
}

GtpSettings nine() { return testutil::board_of(9); }

std::string session(const std::string& input, PlayerSettings p = quick(), std::ostream* log = nullptr) {
  return testutil::transcript(input, p, 9, log);
}

TEST(ParamCommands, AreListedAndKnown) {
  GtpSession engine(nine(), mcts::SearchNetworks{}, quick());
  for (const char* c : {"kata-list-params", "kata-get-param", "kata-set-param", "lz-setoption", "genmove_analyze"})
    EXPECT_EQ(engine.handle_line(std::string("known_command ") + c), "= true\n\n") << c;
  const std::string list = engine.handle_line("kata-list-params");
  for (const char* name : {" visits ", " move-time ", " threads ", " resign ", " c-puct ", " ponder ", " lambda ",
                           " maxVisits ", " maxPlayouts ", " maxTime ", " numSearchThreads ", " cpuctExploration ",
                           " resignThreshold ", " allowResignation ", " ponderingEnabled "})
    EXPECT_NE((" " + list.substr(2, list.size() - 4) + " ").find(name), std::string::npos) << name << " in " << list;
  EXPECT_EQ(list.find("Resign Percentage"), std::string::npos) << "a Leela Zero name in KataGo's list: " << list;
}

TEST(ParamCommands, KataGoAndTengenNamesSetTheSameParameter) {
  GtpSession engine(nine(), mcts::SearchNetworks{}, quick());
  EXPECT_EQ(engine.handle_line("kata-get-param visits"), "= 60\n\n");
  // {what is set, by which name, to what; read back by another name}
  const char* const cases[][4] = {{"maxVisits", "200", "visits", "200"},         {"visits", "300", "maxPlayouts", "300"},
                                  {"maxTime", "2.5", "move-time", "2.5"},        {"numSearchThreads", "3", "threads", "3"},
                                  {"cpuctExploration", "2.5", "c-puct", "2.5"},  {"fpuReductionMax", "0.25", "fpu-reduction", "0.25"},
                                  {"ponderingEnabled", "true", "ponder", "true"}, {"lambda", "1", "lambda", "1"},
                                  {"virtual-loss", "5", "virtual-loss", "5"},    {"time-spend", "1.5", "time-spend", "1.5"},
                                  {"time-extend", "3", "time-extend", "3"},      {"time-early-stop", "false", "time-early-stop", "false"}};
  for (const auto& [name, value, other, read] : cases) {
    EXPECT_EQ(engine.handle_line(std::string("kata-set-param ") + name + " " + value), "=\n\n") << name;
    EXPECT_EQ(engine.handle_line(std::string("kata-get-param ") + other), std::string("= ") + read + "\n\n") << other;
  }
}

// KataGo's resignThreshold is a utility (win rate × 2 − 1): its -0.9 is a 5% win rate.
TEST(ParamCommands, ResignationScalesAreConverted) {
  GtpSession engine(nine(), mcts::SearchNetworks{}, quick());
  EXPECT_EQ(engine.handle_line("kata-get-param allowResignation"), "= false\n\n");  // quick(): resign 0
  EXPECT_EQ(engine.handle_line("kata-set-param resignThreshold -0.9"), "=\n\n");
  EXPECT_EQ(engine.handle_line("kata-get-param resign"), "= 0.05\n\n");
  EXPECT_EQ(engine.handle_line("kata-get-param resignThreshold"), "= -0.9\n\n");
  EXPECT_EQ(engine.handle_line("kata-set-param allowResignation false"), "=\n\n");
  EXPECT_EQ(engine.handle_line("kata-get-param resign"), "= 0\n\n");
  EXPECT_EQ(engine.handle_line("kata-set-param allowResignation true"), "=\n\n");
  EXPECT_EQ(engine.handle_line("kata-get-param resign"), "= 0.05\n\n");
  EXPECT_EQ(engine.handle_line("lz-setoption name Resign Percentage value 10"), "=\n\n");
  EXPECT_EQ(engine.handle_line("kata-get-param resign"), "= 0.1\n\n");
  EXPECT_EQ(engine.handle_line("lz-setoption name resign percentage value -1"), "=\n\n");  // Leela Zero's default
  EXPECT_EQ(engine.handle_line("kata-get-param resign"), "= 0.05\n\n");
}

// A search parameter is set for positions with and without network priors alike (as an explicit flag
// is); kata-get-param reports what this position's search uses: here, without networks, the
// parameters tuned for tree-policy priors.
TEST(ParamCommands, SearchParametersCoverBothPriorSources) {
  PlayerSettings p = quick();
  p.search_without_policy = p.search;
  p.search_without_policy->c_puct = 1.5;
  GtpSession engine(nine(), mcts::SearchNetworks{}, p);
  EXPECT_EQ(engine.handle_line("kata-get-param c-puct"), "= 1.5\n\n");
  EXPECT_EQ(engine.handle_line("kata-set-param c-puct 3"), "=\n\n");
  EXPECT_EQ(engine.handle_line("kata-get-param cpuctExploration"), "= 3\n\n");
}

// The visit limit set through GTP is the one the next genmove obeys (one thread: exactly that many).
TEST(ParamCommands, TheNextSearchUsesTheNewLimit) {
  std::ostringstream log;
  const std::string out = session("kata-set-param maxVisits 37\ngenmove b\nlz-setoption name playouts value 41\n"
                                  "genmove w\nquit\n", quick(), &log);
  EXPECT_EQ(out.rfind("=\n\n= ", 0), 0u) << out;
  EXPECT_NE(log.str().find(" 37 simulations"), std::string::npos) << log.str();
  EXPECT_NE(log.str().find(" 41 simulations"), std::string::npos) << log.str();
}

// A new search parameter cannot apply to a tree built under the old ones: the next search starts afresh.
TEST(ParamCommands, ChangingASearchParameterDropsTheTree) {
  GtpSession engine(nine(), mcts::SearchNetworks{}, quick());
  ASSERT_EQ(engine.handle_line("genmove b").rfind("= ", 0), 0u);
  EXPECT_EQ(engine.handle_line("tengen-visits").rfind("= LABEL", 0), 0u);
  EXPECT_EQ(engine.handle_line("kata-set-param maxVisits 80"), "=\n\n");  // a limit: the tree stays
  EXPECT_EQ(engine.handle_line("tengen-visits").rfind("= LABEL", 0), 0u);
  EXPECT_EQ(engine.handle_line("kata-set-param expansion-threshold 3"), "=\n\n");
  EXPECT_EQ(engine.handle_line("tengen-visits"), "? no search yet: run genmove or analysis first\n\n");
}

// Leela Zero's option syntax: the name may be several words, in any case; without arguments the
// options are listed as Leela Zero lists them. Sources: Lizzie (lzsai builds) sends
// "lz-setoption name Visits value N" and "... Maximum Memory Use (MiB) value N"; LizGoban probes
// "lz-setoption name visits value 0" at start-up; scripts send "lz-setoption name playouts value N".
TEST(ParamCommands, LzSetoptionAsGuisSendIt) {
  GtpSession engine(nine(), mcts::SearchNetworks{}, quick());
  EXPECT_EQ(engine.handle_line("1 lz-setoption name Visits value 1000000000"), "=1\n\n");
  EXPECT_EQ(engine.handle_line("kata-get-param visits"), "= 1000000000\n\n");
  EXPECT_EQ(engine.handle_line("lz-setoption name visits value 0"), "=\n\n");  // 0: no limit
  EXPECT_EQ(engine.handle_line("lz-setoption name playouts value 3200"), "=\n\n");
  EXPECT_EQ(engine.handle_line("kata-get-param maxPlayouts"), "= 3200\n\n");
  EXPECT_EQ(engine.handle_line("lz-setoption name Pondering value false"), "=\n\n");
  EXPECT_EQ(engine.handle_line("lz-setoption name Maximum Memory Use (MiB) value 2048"), "=\n\n");
  EXPECT_EQ(engine.handle_line("kata-get-param max-nodes"), "= 21474836\n\n");  // ~100 bytes a node
  EXPECT_EQ(engine.handle_line("lz-setoption name c-puct value 4"), "=\n\n");  // Tengen's names too
  EXPECT_EQ(engine.handle_line("kata-get-param c-puct"), "= 4\n\n");
  const std::string list = engine.handle_line("lz-setoption");
  EXPECT_EQ(list.rfind("= option name Visits type spin default 3200 min 0 max 1000000000\n", 0), 0u) << list;
  EXPECT_NE(list.find("option name Pondering type check default false"), std::string::npos) << list;
}

TEST(ParamCommands, UnknownNamesAreNamedWithTheKnownOnes) {
  GtpSession engine(nine(), mcts::SearchNetworks{}, quick());
  // LizGoban asks for this at start-up; Tengen has no playout doubling (no score-utility network).
  const std::string pda = engine.handle_line("kata-get-param playoutDoublingAdvantage");
  EXPECT_EQ(pda.rfind("? unknown parameter 'playoutDoublingAdvantage'; known: visits move-time threads", 0), 0u) << pda;
  EXPECT_NE(pda.find(" maxVisits "), std::string::npos) << pda;
  EXPECT_EQ(engine.handle_line("kata-set-param analysisWideRootNoise 0.04").rfind("? unknown parameter 'analysisWideRootNoise'; known: ", 0), 0u);
  EXPECT_EQ(engine.handle_line("kata-get-param MAXVISITS").rfind("? unknown parameter 'MAXVISITS'", 0), 0u);  // KataGo's are exact
  const std::string lag = engine.handle_line("lz-setoption name Lagbuffer value 10");
  EXPECT_EQ(lag.rfind("? unknown parameter 'Lagbuffer'; known: visits, move-time,", 0), 0u) << lag;
  EXPECT_NE(lag.find("Resign Percentage"), std::string::npos) << lag;
}

TEST(ParamCommands, BadValuesNameTheValueAndTheRange) {
  GtpSession engine(nine(), mcts::SearchNetworks{}, quick());
  const std::pair<const char*, const char*> cases[] = {
      {"kata-set-param visits -1", "? bad value for visits: '-1' (0 (no limit) to 1000000000)"},
      {"kata-set-param maxVisits abc", "? bad value for maxVisits: 'abc' (0 (no limit) to 1000000000)"},
      {"kata-set-param maxVisits 1.5", "? bad value for maxVisits: '1.5' (0 (no limit) to 1000000000)"},
      {"kata-set-param maxVisits 0x10", "? bad value for maxVisits: '0x10' (0 (no limit) to 1000000000)"},
      {"kata-set-param numSearchThreads 0", "? bad value for numSearchThreads: '0' (1 to 256)"},
      {"kata-set-param maxTime 0", "? bad value for maxTime: '0' (seconds, more than 0, at most 86400)"},
      {"kata-set-param move-time nan", "? bad value for move-time: 'nan' (seconds, more than 0, at most 86400)"},
      {"kata-set-param c-puct -2", "? bad value for c-puct: '-2' (more than 0, at most 100)"},
      {"kata-set-param lambda 1.01", "? bad value for lambda: '1.01' (0 (value net only) to 1 (rollouts only))"},
      {"kata-set-param resign 1", "? bad value for resign: '1' (a win rate, 0 (never) to below 1)"},
      {"kata-set-param resignThreshold 1", "? bad value for resignThreshold: '1' (-1 (never) to below 1, win rate x 2 - 1)"},
      {"kata-set-param ponderingEnabled maybe", "? bad value for ponderingEnabled: 'maybe' (true or false)"},
      {"lz-setoption name Resign Percentage value 100", "? bad value for Resign Percentage: '100' (-1 (default) to 99)"},
      {"lz-setoption name visits value many", "? bad value for visits: 'many' (0 (no limit) to 1000000000)"},
      {"kata-set-param visits", "? syntax error: kata-set-param NAME VALUE"},
      {"kata-set-param visits 1 2", "? syntax error: kata-set-param NAME VALUE"},
      {"kata-get-param", "? syntax error: kata-get-param NAME"},
      {"lz-setoption visits 5", "? syntax error: lz-setoption name NAME value VALUE"},
      {"lz-setoption name visits", "? syntax error: lz-setoption name NAME value VALUE"},
      {"lz-setoption name value 5", "? syntax error: lz-setoption name NAME value VALUE"},
  };
  for (const auto& [command, reply] : cases) EXPECT_EQ(engine.handle_line(command), std::string(reply) + "\n\n") << command;
  EXPECT_EQ(engine.handle_line("kata-get-param visits"), "= 60\n\n");  // nothing bad was set
}

TEST(ParamCommands, GarbageNeverCrashes) {
  std::mt19937 rng(35);
  const std::vector<std::string> words = {"kata-set-param", "kata-get-param", "lz-setoption", "kata-list-params",
                                          "name", "value", "visits", "maxVisits", "Resign", "Percentage", "-1", "0",
                                          "1e9", "99999999999", "nan", "true", "c-puct", "threads", "\xff", "b",
                                          "max-nodes", "expansion-threshold", "lambda", "0.5"};
  PlayerSettings fast = quick();
  fast.visits_per_move = 10;
  GtpSession engine(nine(), mcts::SearchNetworks{}, fast);
  for (int i = 0; i < 400; ++i) {
    std::string line;
    for (int n = 1 + static_cast<int>(rng() % 5); n > 0; --n) line += words[rng() % words.size()] + " ";
    const std::string reply = engine.handle_line(line);
    ASSERT_TRUE(reply.empty() || reply[0] == '=' || reply[0] == '?') << line;
  }
}

}  // namespace
}  // namespace tengen::gtp

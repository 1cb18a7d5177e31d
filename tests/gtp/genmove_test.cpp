// genmove through GTP: legal moves to a finished game, the clock commands, passing when the game is
// decided, and bad input. No networks here (uniform priors and random playouts): fast and torch-free.
#include <gtest/gtest.h>

#include <cmath>

#include <algorithm>
#include <chrono>
#include <set>
#include <sstream>

#include "gtp/gtp_session.h"
#include "nn/fake_evaluator.h"
#include "testutil/ascii_board.h"
#include "testutil/gtp_process.h"
#include "testutil/positions.h"

namespace tengen::gtp {
namespace {

PlayerSettings quick() {
  PlayerSettings p;
  p.threads = 2;
  p.seconds_per_move = 5;
  p.visits_per_move = 150;  // the visit limit ends each search long before the time
  p.search.expansion_threshold = 5;
  p.resign_below = 0;  // tested on its own below
  return p;
}

std::string body(const std::string& reply) {  // "= D4\n\n" -> "D4"
  return reply.size() >= 4 ? reply.substr(2, reply.size() - 4) : "";
}

// Under a visit limit on one thread a search is deterministic; a match keeps one engine process for
// all its games, which must not all be the same game. Each new tree gets its own seed, and the same
// commands to a fresh engine with the same settings replay the same games.
TEST(Genmove, SuccessiveGamesDifferAndReplayExactly) {
  auto two_games = [] {
    GtpSettings s;
    s.board_size = 9;
    PlayerSettings p = quick();
    p.threads = 1;
    p.visits_per_move = 100;
    GtpSession engine(s, mcts::SearchNetworks{}, p);
    std::vector<std::string> games;
    for (int g = 0; g < 2; ++g) {
      EXPECT_EQ(engine.handle_line("clear_board"), "=\n\n");
      std::string moves;
      for (int i = 0; i < 10; ++i) moves += body(engine.handle_line(i % 2 == 0 ? "genmove b" : "genmove w")) + " ";
      games.push_back(moves);
    }
    return games;
  };
  const std::vector<std::string> first = two_games();
  EXPECT_NE(first[0], first[1]) << "both games: " << first[0];
  EXPECT_EQ(two_games(), first);
}

TEST(Genmove, PlaysLegalMovesUntilTheGameEnds) {
  for (int game = 0; game < 3; ++game) {
    GtpSettings s;
    s.board_size = 7;
    PlayerSettings p = quick();
    p.search.seed = 10 + game;
    p.resign_below = 0.05;
    // Not before move 10: a two-thread search's estimate after a move or two is a sample, and one
    // ASan run under load resigned at move 2 (2026-12-07 CI), which says nothing about playing on.
    p.resign_min_move = 10;
    GtpSession engine(s, mcts::SearchNetworks{}, p);
    int moves = 0, passes_in_a_row = 0;
    bool resigned = false;
    std::string record;  // the game so far, for the failure messages
    while (passes_in_a_row < 2 && !resigned && moves < 300) {
      const std::string color = moves % 2 == 0 ? "b" : "w";
      const std::string reply = engine.handle_line("genmove " + color);
      ASSERT_EQ(reply.substr(0, 2), "= ") << reply;
      const std::string move = body(reply);
      record += " " + color + " " + move;
      resigned = move == "resign";
      if (resigned) break;
      passes_in_a_row = move == "pass" ? passes_in_a_row + 1 : 0;
      ++moves;
      // The move was played: the engine's game has it, with the right colour.
      ASSERT_EQ(engine.game().move_number(), moves);
    }
    EXPECT_TRUE(passes_in_a_row == 2 || resigned) << "no end after " << moves << " moves:" << record;
    EXPECT_GT(moves, 10) << "game " << game << ":" << record;
  }
  GtpSettings s;
  s.board_size = 7;
  GtpSession engine(s, mcts::SearchNetworks{}, quick());
  for (int i = 0; i < 6; ++i) engine.handle_line(i % 2 ? "genmove w" : "genmove b");
  const std::string score = engine.handle_line("final_score");
  EXPECT_TRUE(score.rfind("= B+", 0) == 0 || score.rfind("= W+", 0) == 0 || score == "= 0\n\n") << score;
}

TEST(Genmove, PassesWhenTheOpponentPassedAndPassingWins) {
  // Black has the whole board but one point; White passes; with komi 0.5 Black wins by passing.
  GtpSettings s;
  s.board_size = 5;
  s.komi = 0.5;
  GtpSession engine(s, mcts::SearchNetworks{}, quick());
  for (const char* m : {"play b C3", "play w pass"}) ASSERT_EQ(engine.handle_line(m), "=\n\n");
  EXPECT_EQ(engine.handle_line("genmove b"), "= pass\n\n");
  // reg_genmove answers without playing.
  GtpSettings s9;
  s9.board_size = 9;
  GtpSession other(s9, mcts::SearchNetworks{}, quick());
  const std::string reply = other.handle_line("reg_genmove w");
  EXPECT_EQ(reply.substr(0, 2), "= ");
  EXPECT_EQ(other.game().move_number(), 0);
}

TEST(Genmove, ResignsAHopelessGameAndLeavesTheBoardAlone) {
  // 7x7, White to move with no stones and no room: Black's wall owns the board.
  GtpSettings s;
  s.board_size = 7;
  s.komi = 0.5;
  PlayerSettings p = quick();
  p.resign_below = 0.1;
  p.resign_min_move = 0;
  p.visits_per_move = 400;
  GtpSession engine(s, mcts::SearchNetworks{}, p);
  for (const char* m : {"play b D1", "play w pass", "play b D2", "play w pass", "play b D3", "play w pass",
                        "play b D4", "play w pass", "play b D5", "play w pass", "play b D6", "play w pass",
                        "play b D7", "play w pass", "play b B4", "play w pass", "play b F4"})
    ASSERT_EQ(engine.handle_line(m), "=\n\n") << m;
  const int before = engine.game().move_number();
  EXPECT_EQ(engine.handle_line("genmove w"), "= resign\n\n");
  EXPECT_EQ(engine.game().move_number(), before);
}

// After two passes the search's root is the finished game, scored by area (issue 35: it logged 50%):
//   9 . . . . . . . . .
//   3 . . X . . . O . .    Black C3, White G3 (one stone each), two passes: B 1, W 1, komi 7.5:
//     A B C D E F G H J    W+7.5, and Black, to move, has lost.
TEST(Genmove, AFinishedGameIsScoredByArea) {
  GtpSettings s;
  s.board_size = 9;
  std::ostringstream log;
  GtpSession engine(s, mcts::SearchNetworks{}, quick(), &log);
  for (const char* c : {"play b C3", "play w G3", "play b pass", "play w pass"}) ASSERT_EQ(engine.handle_line(c), "=\n\n");
  EXPECT_EQ(engine.handle_line("genmove b"), "= pass\n\n");
  EXPECT_NE(log.str().find("genmove black: pass  win 0.0%"), std::string::npos) << log.str();
}

// The input ends during a genmove (the GUI is gone): the search stops, the move is answered and run()
// returns at once, not after the 30 s the move had (issue 35). Commands after a genmove wait for it.
TEST(Genmove, EndOfInputStopsTheSearch) {
  GtpSettings s;
  s.board_size = 9;
  PlayerSettings p = quick();
  p.seconds_per_move = 30;
  p.visits_per_move = 0;
  for (const char* command : {"genmove b", "lz-genmove_analyze b 50", "kgs-genmove_cleanup b"}) {
    GtpSession engine(s, mcts::SearchNetworks{}, p);
    std::istringstream in(std::string("play w E5\n") + command + "\n");
    std::ostringstream out;
    const auto start = std::chrono::steady_clock::now();
    engine.run(in, out);
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5) << command;
    EXPECT_EQ(out.str().rfind("=\n\n=", 0), 0u) << command << ": " << out.str();
  }
  p.visits_per_move = 300;
  p.threads = 1;  // exactly 300 (two threads may start one more)
  std::ostringstream log;
  GtpSession engine(s, mcts::SearchNetworks{}, p, &log);
  std::istringstream in("genmove b\nname\n");
  std::ostringstream out;
  engine.run(in, out);
  EXPECT_NE(log.str().find(" 300 simulations"), std::string::npos) << log.str();
}

TEST(Genmove, LzAnalyzeStreamsInfoLinesUntilTheNextCommand) {
  GtpSettings s;
  s.board_size = 9;
  GtpSession engine(s, mcts::SearchNetworks{}, quick());
  std::istringstream in("play b E5\n7 lz-analyze w 10\nname\nlz-analyze purple\nquit\n");
  std::ostringstream out;
  engine.run(in, out);
  const std::string text = out.str();
  // "=\n\n" for play, then "=7\n", info lines, the blank line, then name's reply.
  const size_t start = text.find("=7\n");
  ASSERT_NE(start, std::string::npos) << text;
  const size_t info = text.find("info move ", start);
  ASSERT_NE(info, std::string::npos) << text;
  const size_t end = text.find("\n\n= Tengen\n\n", info);
  ASSERT_NE(end, std::string::npos) << text;
  const std::string line = text.substr(info, text.find('\n', info) - info);
  for (const char* field : {" visits ", " winrate ", " prior ", " lcb ", " order 0 ", " pv "})
    EXPECT_NE(line.find(field), std::string::npos) << field << " in " << line;
  EXPECT_EQ(line.find("E5 "), std::string::npos) << "the occupied point was analysed: " << line;
  EXPECT_NE(text.find("? unknown analyze key 'purple'\n\n", end), std::string::npos) << text;
  EXPECT_EQ(engine.game().move_number(), 1);  // analysis plays nothing
}

TEST(Genmove, KataAnalyzeAndGenmoveAnalyzeStreamTheirFormats) {
  GtpSettings s;
  s.board_size = 9;
  PlayerSettings p = quick();
  p.visits_per_move = 0;
  p.seconds_per_move = 0.3;
  GtpSession engine(s, mcts::SearchNetworks{}, p);
  std::istringstream in("kata-analyze b interval 10\n3 lz-genmove_analyze b 10\nlz-genmove_analyze b purple\nquit\n");
  std::ostringstream out;
  engine.run(in, out);
  const std::string text = out.str();
  // kata-analyze: fractions.
  const size_t kata = text.find("info move ");
  ASSERT_NE(kata, std::string::npos) << text;
  const std::string line = text.substr(kata, text.find('\n', kata) - kata);
  EXPECT_NE(line.find(" winrate 0."), std::string::npos) << line;
  EXPECT_NE(line.find(" prior 0."), std::string::npos) << line;
  // scoreLead: the rollouts' mean final score, points for the side to move (an empty 9x9 board with
  // komi 7.5: somewhere within the board's 81 points).
  const size_t lead = line.find(" scoreLead ");
  ASSERT_NE(lead, std::string::npos) << line;
  EXPECT_LT(std::fabs(std::stod(line.substr(lead + 11))), 81.0) << line;
  // lz-genmove_analyze: "=3", info lines with integer win rates, then "play MOVE" and a blank line;
  // the move is played.
  const size_t start = text.find("=3\n");
  ASSERT_NE(start, std::string::npos) << text;
  const size_t play = text.find("\nplay ", start);
  ASSERT_NE(play, std::string::npos) << text;
  EXPECT_NE(text.substr(start, play - start).find("info move "), std::string::npos) << text;
  const std::string move = text.substr(play + 6, text.find('\n', play + 1) - play - 6);
  EXPECT_EQ(text.substr(text.find('\n', play + 1), 2), "\n\n");
  EXPECT_EQ(engine.game().move_number(), 1);
  EXPECT_EQ(point_to_gtp(engine.game().moves()[0].point, 9), move);
  EXPECT_NE(text.find("? unknown analyze key 'purple'\n\n", play), std::string::npos) << text;
}

// KataGo's ownership map: "ownership" then S*S values in [-1, 1] for the side to move, row by row from
// the top left (A9 first on 9x9). Black's two-eyed corner group owns A9 in every rollout.
TEST(Genmove, KataAnalyzeOwnershipIsTheBoardFromTheSideToMove) {
  for (const char* side : {"b", "w"}) {
    GtpSettings s;
    s.board_size = 9;
    PlayerSettings p = quick();
    p.analysis_ownership_rollouts = 40;
    GtpSession engine(s, mcts::SearchNetworks{}, p);
    std::istringstream in(std::string("play b B9\nplay b D9\nplay b A8\nplay b B8\nplay b C8\nplay b D8\n"
                                      "kata-analyze ") + side + " interval 10 ownership true\nkata-analyze ownership maybe\nquit\n");
    std::ostringstream out;
    engine.run(in, out);
    const std::string text = out.str();
    const size_t at = text.find(" ownership ");
    ASSERT_NE(at, std::string::npos) << text;
    std::istringstream values(text.substr(at + 11, text.find('\n', at) - at - 11));
    std::vector<double> own;
    for (double v; values >> v;) own.push_back(v);
    ASSERT_EQ(own.size(), 81u) << side;
    for (double v : own) {
      EXPECT_GE(v, -1.0);
      EXPECT_LE(v, 1.0);
    }
    const double black_view = side[0] == 'b' ? 1.0 : -1.0;
    EXPECT_NEAR(own[0], black_view, 0.05) << side;      // A9: the eye of Black's living group
    EXPECT_NEAR(own[1], black_view, 0.05) << side;      // B9: its stone
    EXPECT_NEAR(own[9 + 3], black_view, 0.05) << side;  // D8: its stone (second row)
    EXPECT_NE(text.find("? bad value for ownership: 'maybe' (true or false)"), std::string::npos) << text;
  }
}

TEST(Genmove, PonderingThinksOnTheOpponentsTimeWithoutDisturbingReplies) {
  GtpSettings s;
  s.board_size = 9;
  s.ponder = true;
  GtpSession engine(s, mcts::SearchNetworks{}, quick());
  std::istringstream in("genmove b\nplay w A1\ngenmove b\nquit\n");
  std::ostringstream out;
  engine.run(in, out);
  const std::string text = out.str();
  // Exactly four replies, no stray lines from the background search.
  int replies = 0;
  for (size_t i = text.find("\n\n"); i != std::string::npos; i = text.find("\n\n", i + 2)) ++replies;
  EXPECT_EQ(replies, 4) << text;
  EXPECT_EQ(text.find("info"), std::string::npos) << text;
  EXPECT_EQ(engine.game().move_number(), 3);
}

TEST(Gtp, FinalStatusListFindsTheDeadStoneFromRollouts) {
  // A black wall on the E line, a white one on the F line; the white stone at B5, in atari inside
  // Black's area, dies in the rollouts; the walls live.
  GtpSettings s;
  s.board_size = 9;
  GtpSession engine(s, mcts::SearchNetworks{}, quick());
  for (int y = 1; y <= 9; ++y) {
    ASSERT_EQ(engine.handle_line("play b E" + std::to_string(y)), "=\n\n");
    ASSERT_EQ(engine.handle_line("play w F" + std::to_string(y)), "=\n\n");
  }
  for (const char* m : {"play b B4", "play w B5", "play b B6", "play w pass", "play b C5", "play w pass"})
    ASSERT_EQ(engine.handle_line(m), "=\n\n") << m;
  EXPECT_EQ(engine.handle_line("final_status_list dead"), "= B5\n\n");
  const std::string alive = engine.handle_line("final_status_list alive");
  EXPECT_NE(alive.find("E1"), std::string::npos) << alive;
  EXPECT_NE(alive.find("F9"), std::string::npos) << alive;
  EXPECT_EQ(alive.find("B5"), std::string::npos) << alive;
  EXPECT_EQ(engine.handle_line("final_status_list seki"), "=\n\n");
  // After both pass (the game is over) the estimate is the same: rollouts play on from there.
  ASSERT_EQ(engine.handle_line("play b pass"), "=\n\n");
  ASSERT_EQ(engine.handle_line("play w pass"), "=\n\n");
  EXPECT_EQ(engine.handle_line("final_status_list dead"), "= B5\n\n");
  EXPECT_EQ(engine.handle_line("final_status_list zombie"), "? syntax error\n\n");
}

// The stones of an ASCII picture as GTP `play` commands (GTP lets either colour play any time).
std::vector<std::string> play_commands(const char* picture) {
  const std::vector<std::string> rows = testutil::ascii_rows(picture);
  const int size = static_cast<int>(rows.size());
  std::vector<std::string> out;
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x)
      if (rows[y][x] == 'X' || rows[y][x] == 'O')
        out.push_back(std::string("play ") + (rows[y][x] == 'X' ? "b " : "w ") + point_to_gtp(make_point(x, y), size));
  return out;
}

// A reply's vertices as a set, whatever the order of lines and stones.
std::set<std::string> vertex_set(const std::string& text) {
  std::istringstream in(text);
  std::set<std::string> out;
  for (std::string v; in >> v;)
    if (v != "=") out.insert(v);
  return out;
}

TEST(Gtp, FinalStatusListReportsSekiLikeGnuGo) {
  GtpSettings s;
  s.board_size = 9;
  GtpSession engine(s, mcts::SearchNetworks{}, quick());
  for (const std::string& m : play_commands(testutil::kSeki9)) ASSERT_EQ(engine.handle_line(m), "=\n\n") << m;
  const std::string seki = engine.handle_line("final_status_list seki");
  EXPECT_EQ(vertex_set(seki), (std::set<std::string>{"B9", "A8", "B8", "C8", "D9", "D8", "E8", "F8", "F9"})) << seki;
  EXPECT_EQ(std::count(seki.begin(), seki.end(), '\n'), 3) << "one line per string: " << seki;
  EXPECT_EQ(engine.handle_line("final_status_list dead"), "=\n\n");
  EXPECT_EQ(vertex_set(engine.handle_line("final_status_list alive")).count("B9"), 0u);
  EXPECT_EQ(engine.handle_line("final_score"), "= W+21.5\n\n");
  // The same position in GNU Go, the oracle: the same seki stones, the same score.
  if (access("/usr/games/gnugo", X_OK) != 0) GTEST_SKIP() << "GNU Go is not installed (apt-get install gnugo)";
  testutil::GtpProcess gnugo({"/usr/games/gnugo", "--mode", "gtp", "--chinese-rules"});
  gnugo.send("boardsize 9");
  gnugo.send("komi 7.5");
  for (const std::string& m : play_commands(testutil::kSeki9)) gnugo.send(m);
  EXPECT_EQ(vertex_set(gnugo.send("final_status_list seki")), vertex_set(seki));
  EXPECT_EQ(gnugo.send("final_score"), "W+21.5");
}

TEST(Gtp, PlaceFreeHandicapAndCleanup) {
  GtpSession engine(GtpSettings{}, mcts::SearchNetworks{}, quick());
  EXPECT_EQ(engine.handle_line("place_free_handicap 4"), "= D16 Q16 D4 Q4\n\n");
  EXPECT_EQ(engine.game().to_move(), Color::kWhite);
  EXPECT_EQ(engine.handle_line("place_free_handicap 2"), "? board not empty\n\n");
  EXPECT_EQ(engine.handle_line("clear_board"), "=\n\n");
  EXPECT_EQ(engine.handle_line("place_free_handicap 1"), "? invalid number of stones\n\n");
  EXPECT_EQ(engine.handle_line("place_free_handicap x"), "? syntax error\n\n");
  // Cleanup never passes while stones can be played, even after the opponent passed.
  GtpSettings s5;
  s5.board_size = 5;
  s5.komi = 0.5;
  GtpSession small(s5, mcts::SearchNetworks{}, quick());
  ASSERT_EQ(small.handle_line("play b C3"), "=\n\n");
  ASSERT_EQ(small.handle_line("play w pass"), "=\n\n");
  const std::string reply = small.handle_line("kgs-genmove_cleanup b");
  EXPECT_NE(reply, "= pass\n\n");
  EXPECT_EQ(reply.substr(0, 2), "= ");
}

TEST(Gtp, GoguiAnalyzeCommands) {
  GtpSettings s;
  s.board_size = 9;
  GtpSession engine(s, mcts::SearchNetworks{}, quick());
  const std::string list = engine.handle_line("gogui-analyze_commands");
  for (const char* c : {"gfx/Policy network/tengen-policy", "gfx/Search visits/tengen-visits", "tengen-pv",
                        "tengen-ownership", "string/Value net and rollouts, separately/tengen-estimates"})
    EXPECT_NE(list.find(c), std::string::npos) << c;
  EXPECT_EQ(engine.handle_line("tengen-visits"), "? no search yet: run genmove or analysis first\n\n");
  EXPECT_EQ(engine.handle_line("tengen-policy"), "? no policy network for this board size\n\n");
  ASSERT_EQ(engine.handle_line("genmove b").substr(0, 2), "= ");
  EXPECT_EQ(engine.handle_line("tengen-visits").substr(0, 8), "= LABEL ");
  EXPECT_EQ(engine.handle_line("tengen-pv").substr(0, 8), "= VAR b ");
  EXPECT_NE(engine.handle_line("tengen-estimates").find("rollouts"), std::string::npos);
  const std::string own = engine.handle_line("tengen-ownership");
  ASSERT_EQ(own.substr(0, 12), "= INFLUENCE ");
  int values = 0;
  for (size_t i = own.find(' ', 2); i != std::string::npos; i = own.find(' ', i + 1)) ++values;
  EXPECT_EQ(values, 2 * 81);  // a vertex and a value for every point
}

}  // namespace
}  // namespace tengen::gtp

namespace tengen::gtp {
namespace {

// Positions without network priors search with their own parameters (tuned on 9x9: docs/TUNING.md);
// positions the policy network covers keep the general ones.
TEST(SearchPlayer, PositionsWithoutNetworkPriorsUseTheirOwnParameters) {
  PlayerSettings p = quick();
  p.search.expansion_threshold = 8;
  mcts::SearchParams without = p.search;
  without.expansion_threshold = 2;
  p.search_without_policy = without;
  SearchPlayer no_network(mcts::SearchNetworks{}, p, nullptr);
  no_network.genmove(Game(9), Color::kBlack, 0.05);
  EXPECT_EQ(no_network.last_search()->params().expansion_threshold, 2);
  nn::FakeEvaluatorOptions fo;
  fo.board_size = 9;
  mcts::SearchNetworks parts;
  parts.evaluator = std::make_shared<nn::FakeEvaluator>(fo);
  SearchPlayer with_network(parts, p, nullptr);
  with_network.genmove(Game(9), Color::kBlack, 0.05);
  EXPECT_EQ(with_network.last_search()->params().expansion_threshold, 8);
  with_network.genmove(Game(13), Color::kBlack, 0.05);  // a size the network does not cover
  EXPECT_EQ(with_network.last_search()->params().expansion_threshold, 2);
}

}  // namespace
}  // namespace tengen::gtp

// GTP transcripts: what a controller sends and exactly what Tengen must answer.
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "gtp/gtp_session.h"

namespace tengen::gtp {
namespace {

// Runs a whole session and returns everything the engine wrote.
std::string session(const std::string& input) {
  GtpSession engine(GtpSettings{});
  std::istringstream in(input);
  std::ostringstream out;
  engine.run(in, out);
  return out.str();
}

TEST(Gtp, IdsAndBasicCommands) {
  EXPECT_EQ(session("1 protocol_version\n2 name\nknown_command play\nknown_command genmove_foo\n"),
            "=1 2\n\n=2 Tengen\n\n= true\n\n= false\n\n");
}

TEST(Gtp, PreprocessingIgnoresCommentsBlankLinesAndControlCharacters) {
  EXPECT_EQ(session("# a comment\n\n   \n\tprotocol_version\t# trailing\r\n"), "= 2\n\n");
}

TEST(Gtp, ErrorsUseTheSpecTexts) {
  EXPECT_EQ(session("7 frobnicate\n"), "?7 unknown command\n\n");
  EXPECT_EQ(session("boardsize 4\nboardsize 25\nboardsize x\n"),
            "? unacceptable size\n\n? unacceptable size\n\n? syntax error\n\n");
  EXPECT_EQ(session("komi abc\nkomi\n"), "? syntax error\n\n? syntax error\n\n");
  // Komi is a plain decimal number within the board's area.
  for (const char* bad : {"0x10", "1e3", "inf", "nan", "7.5.5", "+", ".", "7,5"})
    EXPECT_EQ(session(std::string("komi ") + bad + "\n"), "? syntax error\n\n") << bad;
  EXPECT_EQ(session("komi 362\n"), "? komi 362 is outside -361..+361\n\n");
  EXPECT_EQ(session("boardsize 9\nkomi -81.5\n"), "=\n\n? komi -81.5 is outside -81..+81\n\n");
  EXPECT_EQ(session("komi -7.5\nkomi +0.5\nkomi 361\nkomi .5\n"), "=\n\n=\n\n=\n\n=\n\n");
  EXPECT_EQ(session("play black\nplay purple D4\nplay black D4 extra\n"),
            "? syntax error\n\n? syntax error\n\n? syntax error\n\n");
  EXPECT_EQ(session("undo\n"), "? cannot undo\n\n");
}

TEST(Gtp, PlayRejectsIllegalMoves) {
  const std::string out = session(
      "boardsize 9\nplay b D4\nplay w D4\nplay w Z9\nplay b J10\n");
  EXPECT_EQ(out,
            "=\n\n=\n\n? illegal move (point occupied)\n\n? illegal move\n\n? illegal move\n\n");
}

TEST(Gtp, KoAndSuicideThroughGtp) {
  // The ko shape of rules_test.cpp, laid out with play commands on 5x5.
  const std::string out = session(
      "boardsize 5\n"
      "play b B5\nplay w C5\nplay b A4\nplay w B4\nplay b B3\nplay w C3\nplay w D4\n"
      "play b C4\n"       // captures B4
      "play w B4\n"       // immediate recapture: ko
      "play w A5\n");     // suicide in the corner
  EXPECT_NE(out.find("? illegal move (ko recapture)"), std::string::npos) << out;
  EXPECT_NE(out.find("? illegal move (suicide)"), std::string::npos) << out;
}

TEST(Gtp, HandicapCommands) {
  EXPECT_EQ(session("fixed_handicap 9\n"), "= D16 K16 Q16 D10 K10 Q10 D4 K4 Q4\n\n");
  EXPECT_EQ(session("fixed_handicap 1\n"), "? invalid number of stones\n\n");
  EXPECT_EQ(session("play b D4\nfixed_handicap 2\n"), "=\n\n? board not empty\n\n");
  EXPECT_EQ(session("boardsize 9\nset_free_handicap C3 G7 C3\n"), "=\n\n? bad vertex list\n\n");
  EXPECT_EQ(session("boardsize 9\nset_free_handicap C3 G7\nplay w E5\n"), "=\n\n=\n\n=\n\n");
}

TEST(Gtp, FinalScoreUsesAreaScoringAndKomi) {
  EXPECT_EQ(session("boardsize 5\nkomi 0.5\nplay b C3\nfinal_score\n"), "=\n\n=\n\n=\n\n= B+24.5\n\n");
  EXPECT_EQ(session("boardsize 5\nkomi 0\nfinal_score\n"), "=\n\n=\n\n= 0\n\n");
}

TEST(Gtp, ShowboardDrawsTheBoardWithCoordinates) {
  const std::string out = session("boardsize 5\nplay b C3\nshowboard\n");
  EXPECT_NE(out.find("   A B C D E"), std::string::npos) << out;
  EXPECT_NE(out.find(" 3 . . X). . 3"), std::string::npos) << out;
}

TEST(Gtp, UndoTakesBackTheLastMove) {
  EXPECT_EQ(session("boardsize 5\nplay b C3\nundo\nplay b C3\n"), "=\n\n=\n\n=\n\n=\n\n");
}

// undo N takes back N moves, all or none (issue 35: `undo 2` took back one); `undo 0` stays one move
// (qGo's Undo button, as GNU Go reads it); GoGui's gg-undo is the same command.
TEST(Gtp, UndoNTakesBackNMovesOrNone) {
  EXPECT_EQ(session("boardsize 5\nplay b C3\nplay w D4\nplay b B2\nundo 2\nshowboard\n"),
            "=\n\n=\n\n=\n\n=\n\n=\n\n= \n"
            "   A B C D E \n"
            " 5 . . . . . 5    Black (X) has captured 0 stones\n"
            " 4 . . . . . 4    White (O) has captured 0 stones\n"
            " 3 . . X). . 3    white to move, komi 7.5\n"
            " 2 . . . . . 2\n"
            " 1 . . . . . 1\n"
            "   A B C D E \n\n");
  EXPECT_EQ(session("boardsize 5\nplay b C3\nplay w D4\nundo 5\nundo 2\nundo\n"),
            "=\n\n=\n\n=\n\n? cannot undo 5 moves: only 2 played\n\n=\n\n? cannot undo\n\n");
  EXPECT_EQ(session("boardsize 5\nplay b C3\nplay w D4\nundo 0\ngg-undo 1\ngg-undo\n"),
            "=\n\n=\n\n=\n\n=\n\n=\n\n? cannot undo\n\n");
  EXPECT_EQ(session("play b C3\nundo x\nundo -1\nundo 1 2\n"),
            "=\n\n? syntax error\n\n? syntax error\n\n? syntax error\n\n");
}

TEST(Gtp, QuitEndsTheSession) {
  EXPECT_EQ(session("quit\nname\n"), "=\n\n");
}

TEST(Gtp, GarbageNeverCrashesAndAlwaysGetsAReply) {
  std::mt19937 rng(3);
  const std::vector<std::string> words = {"play", "b", "w", "D4", "pass", "boardsize", "19", "-1", "komi",
                                          "nan", "fixed_handicap", "undo", "loadsgf", "/nonexistent",
                                          "set_free_handicap", "A1", "T19", "99999999999", "\x01", "\xff",
                                          "final_score", "clear_board", "showboard", "time_left", "time_settings",
                                          "kgs-time_settings", "byoyomi", "0", "genmove", "reg_genmove",
                                          "kgs-genmove_cleanup", "final_status_list", "dead", "alive",
                                          "place_free_handicap", "lz-analyze", "kata-analyze", "tengen-visits",
                                          "tengen-pv", "tengen-estimates", "tengen-policy", "tengen-ownership",
                                          "gogui-analyze_commands", "9", "5"};  // no printsgf: it writes files
  // Quick searches and dead-stone estimates: the point is the replies, not the moves.
  PlayerSettings fast;
  fast.threads = 1;
  fast.visits_per_move = 20;
  fast.ownership_rollouts = 4;
  GtpSession engine(GtpSettings{}, mcts::SearchNetworks{}, fast);
  auto check = [&](const std::string& line) {
    const std::string reply = engine.handle_line(line);
    if (reply.empty()) return;  // only control characters: GTP ignores the line
    ASSERT_TRUE(reply[0] == '=' || reply[0] == '?') << line;
    ASSERT_EQ(reply.substr(reply.size() - 2), "\n\n") << line;
    // Only the final blank line may be empty: a GTP reply has no blank line inside it.
    ASSERT_EQ(reply.find("\n\n"), reply.size() - 2) << line;
  };
  for (int i = 0; i < 3000; ++i) {
    std::string line;
    const int n = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < n; ++k) line += words[rng() % words.size()] + " ";
    check(line);
    // The same line mutated: a byte changed, dropped or duplicated somewhere.
    if (!line.empty()) {
      std::string m = line;
      const size_t at = rng() % m.size();
      switch (rng() % 3) {
        case 0: m[at] = static_cast<char>(rng() % 256); break;
        case 1: m.erase(at, 1); break;
        default: m.insert(at, 1, m[at]); break;
      }
      check(m);
    }
  }
}

TEST(Gtp, PrintsgfThenLoadsgfRestoresTheGame) {
  const std::string path = ::testing::TempDir() + "tengen_gtp_roundtrip.sgf";
  const std::string out = session("boardsize 9\nkomi 6.5\nplay b E5\nplay w C3\nplay b pass\nprintsgf " + path +
                                  "\nclear_board\nloadsgf " + path + "\nshowboard\n");
  EXPECT_NE(out.find("=\n\n= white"), std::string::npos) << out;  // loadsgf answers the side to move
  EXPECT_NE(out.find(" 5 . . . . X . . . . 5"), std::string::npos) << out;
  EXPECT_NE(out.find(" 3 . . O . . . . . . 3"), std::string::npos) << out;
  std::remove(path.c_str());
}

TEST(Gtp, LoadsgfReportsUnreadableFiles) {
  EXPECT_EQ(session("loadsgf /nonexistent/file.sgf\n"), "? cannot load file: cannot open: No such file or directory\n\n");
  // A file that never ends is refused at the size limit, not read until memory runs out.
  EXPECT_EQ(session("loadsgf /dev/zero\nname\n"), "? cannot load file: larger than the 64 MiB limit\n\n= Tengen\n\n");
}

}  // namespace
}  // namespace tengen::gtp

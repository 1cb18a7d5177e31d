// SGF reading and writing: every quirk of docs/SGF.md on small inline records, error positions,
// robustness against truncated and corrupted real files, round trips, and replay through Game.
// The 50 sample records of tests/fixtures/sgf are checked in sgf_fixtures_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "engine/game.h"
#include "engine/sgf.h"

namespace tengen {
namespace {

SgfGame parse_one(std::string_view text) {
  SgfParseResult r = parse_sgf(text, "test.sgf");
  EXPECT_FALSE(r.error) << r.error->to_string();
  EXPECT_EQ(r.games.size(), 1u);
  return r.games.empty() ? SgfGame{} : r.games[0];
}

SgfError parse_error(std::string_view text) {
  SgfParseResult r = parse_sgf(text, "bad.sgf");
  EXPECT_TRUE(r.error) << "no error for: " << text;
  return r.error.value_or(SgfError{});
}

Point pt(const char* sgf) { return make_point(sgf[0] - 'a', sgf[1] - 'a'); }
Move B(const char* p) { return Move{Color::kBlack, p ? pt(p) : kPass}; }
Move W(const char* p) { return Move{Color::kWhite, p ? pt(p) : kPass}; }

std::string root(const SgfGame& g, const std::string& key) {
  auto it = g.root_properties.find(key);
  return it == g.root_properties.end() || it->second.empty() ? "<absent>" : it->second[0];
}

TEST(Sgf, ReadsAnFF4RootAndTheMainLine) {
  SgfGame g = parse_one(
      "(;GM[1]FF[4]SZ[19]PW[gaopo]WR[6d]PB[GodofGo]BR[6d]DT[2015-01-11]\n"
      "PC[The KGS Go Server at http://www.gokgs.com/]KM[6.50]RE[W+Resign]RU[Japanese]CA[UTF-8]\n"
      ";B[pd];W[qp]\n;B[ce])");
  EXPECT_EQ(g.size, 19);
  EXPECT_EQ(g.komi, 6.5);
  EXPECT_EQ(g.handicap, 0);
  EXPECT_EQ(g.rules, "Japanese");
  EXPECT_EQ(g.result, "W+Resign");
  EXPECT_EQ(g.black_name, "GodofGo");
  EXPECT_EQ(g.white_name, "gaopo");
  EXPECT_EQ(g.black_rank, "6d");
  EXPECT_EQ(g.white_rank, "6d");
  EXPECT_EQ(g.date, "2015-01-11");
  EXPECT_EQ(root(g, "PC"), "The KGS Go Server at http://www.gokgs.com/");
  EXPECT_EQ(g.moves, (std::vector<Move>{B("pd"), W("qp"), B("ce")}));
  EXPECT_FALSE(g.first_player);
}

TEST(Sgf, SetupStonesIncludingCompressedPointLists) {
  SgfGame g = parse_one("(;SZ[9]AB[aa:cb][ee]\n\n[ff]AW[gg:gh];B[ii])");
  std::vector<std::pair<Point, Color>> want = {
      {pt("aa"), Color::kBlack}, {pt("ba"), Color::kBlack}, {pt("ca"), Color::kBlack}, {pt("ab"), Color::kBlack},
      {pt("bb"), Color::kBlack}, {pt("cb"), Color::kBlack}, {pt("ee"), Color::kBlack}, {pt("ff"), Color::kBlack},
      {pt("gg"), Color::kWhite}, {pt("gh"), Color::kWhite}};
  EXPECT_EQ(g.setup, want);
  // The corners may be given in any order.
  EXPECT_EQ(parse_one("(;SZ[9]AB[cb:aa])").setup.size(), 6u);
}

TEST(Sgf, SizeAfterSetupInTheRootIsStillUsedForThePoints) {
  SgfGame g = parse_one("(;AB[hh]SZ[9])");
  EXPECT_EQ(g.size, 9);
  EXPECT_EQ(g.setup.size(), 1u);
  EXPECT_TRUE(parse_sgf("(;AB[kk]SZ[9])", "x").error);  // off the 9x9 board
}

TEST(Sgf, HandicapGameWithWhiteFirstReplaysWithTheRecordsColours) {
  SgfGame g = parse_one("(;GM[1]FF[4]SZ[19]KM[0.50]HA[2]AB[pd][dp]\n;W[qp]\n;B[dc]\n;W[df])");
  EXPECT_EQ(g.handicap, 2);
  ASSERT_EQ(g.moves.size(), 3u);
  EXPECT_EQ(g.moves[0].color, Color::kWhite);
  Game game;
  ASSERT_FALSE(replay_sgf(g, game, GameRules{}));
  EXPECT_EQ(game.handicap(), 2);
  EXPECT_EQ(game.komi(), 0.5);
  EXPECT_EQ(game.board().at(pt("pd")), Color::kBlack);
  EXPECT_EQ(game.board().at(pt("qp")), Color::kWhite);
  EXPECT_EQ(game.moves()[0].color, Color::kWhite);
  EXPECT_EQ(game.to_move(), Color::kBlack);
  // Back to the set-up position: White is to move there, as in the record.
  while (game.undo()) {}
  EXPECT_EQ(game.to_move(), Color::kWhite);
  EXPECT_EQ(game.board().at(pt("dp")), Color::kBlack);
}

TEST(Sgf, HandicapWithoutStonesAndWithoutMoves) {
  // KGS aborted Chinese-rules games: HA but no AB; the side to move follows the first move.
  SgfGame g = parse_one("(;SZ[19]HA[4]RU[Chinese];B[pd])");
  Game game;
  ASSERT_FALSE(replay_sgf(g, game, GameRules{}));
  EXPECT_EQ(game.handicap(), 4);
  EXPECT_EQ(game.to_move(), Color::kWhite);
  // No moves at all: PL decides, else White after a handicap.
  ASSERT_FALSE(replay_sgf(parse_one("(;SZ[19]HA[2]AB[dd][pp])"), game, GameRules{}));
  EXPECT_EQ(game.to_move(), Color::kWhite);
  ASSERT_FALSE(replay_sgf(parse_one("(;SZ[19]PL[W])"), game, GameRules{}));
  EXPECT_EQ(game.to_move(), Color::kWhite);
}

TEST(Sgf, NonAlternatingColoursReplay) {
  SgfGame g = parse_one("(;SZ[9];B[aa];B[bb];W[cc];W[dd];W[ee];B[ff])");
  Game game;
  ASSERT_FALSE(replay_sgf(g, game, GameRules{}));
  EXPECT_EQ(game.move_number(), 6);
  EXPECT_EQ(game.board().at(pt("bb")), Color::kBlack);
  EXPECT_EQ(game.board().at(pt("ee")), Color::kWhite);
  EXPECT_EQ(game.to_move(), Color::kWhite);
}

TEST(Sgf, PassesAsEmptyValueAndAsTt) {
  SgfGame g = parse_one("(;SZ[19];B[];W[tt];B[ pd ];W[tt])");
  EXPECT_EQ(g.moves, (std::vector<Move>{B(nullptr), W(nullptr), B("pd"), W(nullptr)}));
  // "tt" is a pass on every board up to 19x19, so on 9x9 too.
  EXPECT_EQ(parse_one("(;SZ[9];B[tt])").moves[0].point, kPass);
  Game game;
  ASSERT_FALSE(replay_sgf(g, game, GameRules{}));
  EXPECT_EQ(game.moves()[1].point, kPass);
}

TEST(Sgf, KomiWithAnyDecimalsNegativeOrMissing) {
  EXPECT_EQ(parse_one("(;KM[6.50])").komi, 6.5);
  EXPECT_EQ(parse_one("(;KM[-20.00])").komi, -20.0);
  EXPECT_EQ(parse_one("(;KM[5])").komi, 5.0);
  EXPECT_EQ(parse_one("(;KM[0])").komi, 0.0);
  EXPECT_EQ(parse_one("(;KM[ 375.5 ])").komi, 375.5);
  EXPECT_FALSE(parse_one("(;SZ[19])").komi);
  SgfGame odd = parse_one("(;KM[6.5 points])");  // free text: no komi, but kept and not fatal
  EXPECT_FALSE(odd.komi);
  EXPECT_EQ(root(odd, "KM"), "6.5 points");
  Game game;
  GameRules rules;
  rules.komi = 7.5;
  ASSERT_FALSE(replay_sgf(parse_one("(;SZ[19];B[aa])"), game, rules));
  EXPECT_EQ(game.komi(), 7.5);  // missing KM: the caller's komi
  ASSERT_FALSE(replay_sgf(parse_one("(;KM[-5.5];B[aa])"), game, rules));
  EXPECT_EQ(game.komi(), -5.5);
}

TEST(Sgf, ResultVariantsAreKeptAsWritten) {
  for (const char* re : {"B+Resign", "W+T", "B+12.50", "B+", "Void", "Jigo", "?", "Game suspended", "W+1半"}) {
    SgfGame g = parse_one(std::string("(;RE[") + re + "])");
    EXPECT_EQ(g.result, re);
  }
  EXPECT_EQ(parse_one("(;SZ[19])").result, "");
}

TEST(Sgf, DatesWithSeveralValuesOrRanges) {
  EXPECT_EQ(parse_one("(;DT[2002-10-14][2002-10-15])").date, "2002-10-14,2002-10-15");
  EXPECT_EQ(parse_one("(;DT[2002-10-14,2002-10-15])").date, "2002-10-14,2002-10-15");
  EXPECT_EQ(parse_one("(;DT[1956-07-24,25])").date, "1956-07-24,25");
  EXPECT_EQ(parse_one("(;DT[2001-1-5])").date, "2001-1-5");
}

TEST(Sgf, EscapesAndSoftLineBreaks) {
  SgfGame g = parse_one("(;GC[a \\] b \\\\ c]PB[x\\\ny]PW[line\none]C[\\:\\n];B[aa]C[move \\] comment])");
  EXPECT_EQ(root(g, "GC"), "a ] b \\ c");
  EXPECT_EQ(g.black_name, "xy");         // backslash + newline is a soft line break
  EXPECT_EQ(g.white_name, "line\none");  // a plain newline is kept
  EXPECT_EQ(root(g, "C"), ":n");
  EXPECT_EQ(g.moves.size(), 1u);
}

TEST(Sgf, CommentsWithCjkUtf8) {
  SgfGame g = parse_one("(;PB[藤原深織]PW[柳原咲輝]C[対局開始];B[pd]C[好手です。\n次は？];W[dd]C[]LB[pd:A]TR[dd])");
  EXPECT_EQ(g.black_name, "藤原深織");
  EXPECT_EQ(g.white_name, "柳原咲輝");
  EXPECT_EQ(root(g, "C"), "対局開始");
  EXPECT_EQ(g.moves.size(), 2u);
}

TEST(Sgf, VariationsTakeTheFirstChildAtEveryBranch) {
  SgfGame g = parse_one(
      "(;SZ[9];B[aa]\n"
      "  (;W[bb];B[cc](;W[dd];B[ee])(;W[ff]))\n"
      "  (;W[gg](;B[hh]))\n"
      ")");
  EXPECT_EQ(g.moves, (std::vector<Move>{B("aa"), W("bb"), B("cc"), W("dd"), B("ee")}));
  // A tree that starts with a variation of the root node.
  EXPECT_EQ(parse_one("(;SZ[9](;B[aa])(;B[bb]))").moves, (std::vector<Move>{B("aa")}));
}

TEST(Sgf, NodesWithoutMovesAreSkipped) {
  SgfGame g = parse_one("(;SZ[9];B[aa];W[];B[];;TW[ba][ca]TB[ee][ef]\n;C[end])");
  EXPECT_EQ(g.moves, (std::vector<Move>{B("aa"), W(nullptr), B(nullptr)}));
  EXPECT_FALSE(g.root_properties.count("TW"));  // not a root property
}

TEST(Sgf, UnknownAndOldStylePropertiesAreKept) {
  SgfGame g = parse_one("(;CoPyright[GoGoD]ca[utf-8]MULTIGOGM[1]OH[B-W-(B)]XYZ[1][2]SZ[19:19];b[pd];w[dd])");
  EXPECT_EQ(root(g, "CP"), "GoGoD");
  EXPECT_EQ(root(g, "CA"), "utf-8");
  EXPECT_EQ(root(g, "MULTIGOGM"), "1");
  EXPECT_EQ(root(g, "OH"), "B-W-(B)");
  EXPECT_EQ(g.root_properties.at("XYZ"), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(g.size, 19);
  EXPECT_EQ(g.moves, (std::vector<Move>{B("pd"), W("dd")}));
  // Kept on writing too.
  SgfGame back = parse_one(write_sgf(g));
  EXPECT_EQ(root(back, "CP"), "GoGoD");
  EXPECT_EQ(back.root_properties.at("XYZ"), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(root(back, "CA"), "UTF-8");
}

TEST(Sgf, BoardSizes) {
  EXPECT_EQ(parse_one("(;SZ[9];B[ii])").size, 9);
  EXPECT_EQ(parse_one("(;SZ[13])").size, 13);
  EXPECT_EQ(parse_one("(;SZ[19:19])").size, 19);
  EXPECT_EQ(parse_one("(;B[pd])").size, 19);  // no SZ: 19x19
  Game game;
  SgfGame big = parse_one("(;SZ[21];B[uu];W[aa])");  // read, but moves are not decoded
  EXPECT_EQ(big.size, 21);
  EXPECT_EQ(replay_sgf(big, game, GameRules{}), "unsupported board size 21");
  SgfGame rect = parse_one("(;SZ[19:13])");
  EXPECT_EQ(rect.size, 0);
  EXPECT_EQ(replay_sgf(rect, game, GameRules{}), "unsupported board size 19:13");
  EXPECT_EQ(replay_sgf(parse_one("(;SZ[4])"), game, GameRules{}), "unsupported board size 4");
  EXPECT_EQ(parse_error("(;SZ[abc])").message, "bad SZ value 'abc'");
  EXPECT_EQ(parse_error("(;SZ[0])").message, "bad SZ value '0'");
}

TEST(Sgf, CollectionWithSeveralGameTrees) {
  SgfParseResult r = parse_sgf("(;SZ[9];B[aa])\n(;SZ[13];B[bb])(;SZ[19];W[cc])\n", "c.sgf");
  ASSERT_FALSE(r.error);
  ASSERT_EQ(r.games.size(), 3u);
  EXPECT_EQ(r.games[1].size, 13);
  EXPECT_EQ(r.games[2].moves, (std::vector<Move>{W("cc")}));
  // A stray ')' after a complete tree (two files of the pro set) is tolerated.
  SgfParseResult stray = parse_sgf("(;B[aa])\n)\n", "s.sgf");
  EXPECT_FALSE(stray.error);
  EXPECT_EQ(stray.games.size(), 1u);
}

TEST(Sgf, ByteOrderMarkAndCarriageReturns) {
  SgfGame g = parse_one("\xEF\xBB\xBF(;SZ[9]\r\n;B[aa]\r\n;W[bb])\r\n");
  EXPECT_EQ(g.moves.size(), 2u);
}

TEST(Sgf, SetupAfterTheFirstMoveIsReported) {
  // Before any move, set-up in a later node is part of the initial position; after one it is not
  // representable and is refused (it does not occur in the data sets).
  EXPECT_EQ(parse_one("(;SZ[9];AB[aa][bb];AE[aa];W[cc])").setup, (std::vector<std::pair<Point, Color>>{
                                                                        {pt("bb"), Color::kBlack}}));
  SgfError e = parse_error("(;SZ[9];B[aa];AB[bb])");
  EXPECT_EQ(e.message, "set-up stones (AB) after move 1 are not supported");
}

TEST(Sgf, IllegalMoveIsReportedWithItsNumberAndTheGameStopsBeforeIt) {
  Game game;
  EXPECT_EQ(replay_sgf(parse_one("(;SZ[9];B[ee];W[dd];B[dd])"), game, GameRules{}),
            "illegal move at move 3 (B D6): point occupied");
  EXPECT_EQ(game.move_number(), 2);
  MoveError e;
  EXPECT_TRUE(replay_sgf(parse_one("(;SZ[9];B[ee];W[dd];B[dd])"), game, GameRules{}, &e));
  EXPECT_EQ(e, MoveError::kOccupied);
  // A set-up stone on an occupied point.
  EXPECT_EQ(replay_sgf(parse_one("(;SZ[9]AB[aa]AW[aa])"), game, GameRules{}),
            "bad set-up stone AW[aa]: point occupied or without liberty");
}

TEST(SgfErrors, PositionsAreLineAndColumn) {
  struct Case {
    const char* text;
    int line, column;
    const char* message;
  };
  const Case cases[] = {
      {"(;SZ[19]\n;C[no end\n;B[aa)", 2, 3, "unterminated property value (missing ']')"},
      {"garbage", 1, 1, "expected '(' to start a game tree, found 'g'"},
      {"  \n  ;B[aa])", 2, 3, "expected '(' to start a game tree, found ';'"},
      {"(;B[aa]1)", 1, 8, "unexpected '1' in a game tree"},
      {"(;B[aa]x)", 1, 8, "property 'X' has no value"},
      {"(;GM[1] KM)", 1, 9, "property 'KM' has no value"},
      {"(;PB[藤原]X)", 1, 9, "property 'X' has no value"},  // columns count characters, not bytes
      {"", 1, 1, "no game tree found (empty input)"},
      {"()", 1, 1, "empty game tree (no node)"},
      {"(;SZ[9];B[zz])", 1, 10, "point 'zz' is off the 9x9 board"},
      {"(;SZ[9];B[a])", 1, 10, "bad point 'a'"},
      {"(;SZ[9];B[aa]W[bb])", 1, 14, "node has two moves (B and W)"},
      {"(;B[aa])\r\n(;B[bb])\r\n@", 3, 1, "unexpected text after a game tree: '@'"},
      {"(;B[aa]\x01)", 1, 8, "unexpected byte 0x01 in a game tree"},
  };
  for (const Case& c : cases) {
    SgfError e = parse_error(c.text);
    EXPECT_EQ(e.line, c.line) << c.text;
    EXPECT_EQ(e.column, c.column) << c.text;
    EXPECT_EQ(e.message, c.message) << c.text;
    EXPECT_EQ(e.source, "bad.sgf");
  }
}

TEST(SgfErrors, TruncatedFileNamesWhereTheTreeWasOpened) {
  SgfError e = parse_error("(;GM[1]\n;B[aa]");
  EXPECT_EQ(e.to_string(),
            "bad.sgf:2:7: unexpected end of input: the game tree opened at 1:1 is not closed (truncated file?)");
}

TEST(SgfErrors, GamesBeforeTheErrorAreReturned) {
  SgfParseResult r = parse_sgf("(;B[aa])(;B[bb]", "two.sgf");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.games.size(), 1u);
}

TEST(SgfErrors, DeepNestingDoesNotOverflowTheStack) {
  std::string deep = "(;B[aa]";
  for (int i = 0; i < 200000; ++i) deep += "(;W[bb]";
  deep += std::string(200001, ')');
  SgfParseResult r = parse_sgf(deep, "deep.sgf");
  ASSERT_FALSE(r.error) << r.error->to_string();
  EXPECT_EQ(r.games[0].moves.size(), 200001u);
  EXPECT_TRUE(parse_sgf(std::string(100000, '('), "open.sgf").error);
}

// --- round trips -------------------------------------------------------------------------------

void expect_same_record(const SgfGame& a, const SgfGame& b, const std::string& what) {
  EXPECT_EQ(a.size, b.size) << what;
  EXPECT_EQ(a.komi, b.komi) << what;
  EXPECT_EQ(a.handicap, b.handicap) << what;
  EXPECT_EQ(a.result, b.result) << what;
  EXPECT_EQ(a.rules, b.rules) << what;
  EXPECT_EQ(a.black_name, b.black_name) << what;
  EXPECT_EQ(a.white_name, b.white_name) << what;
  EXPECT_EQ(a.black_rank, b.black_rank) << what;
  EXPECT_EQ(a.white_rank, b.white_rank) << what;
  EXPECT_EQ(a.date, b.date) << what;
  EXPECT_EQ(a.event, b.event) << what;
  EXPECT_EQ(a.setup, b.setup) << what;
  EXPECT_EQ(a.moves, b.moves) << what;
  EXPECT_EQ(a.first_player, b.first_player) << what;
}

TEST(SgfRoundTrip, WriteThenParseGivesTheSameRecord) {
  SgfGame g;
  g.size = 13;
  g.komi = -3.25;
  g.handicap = 2;
  g.result = "W+1]5 \\ odd";
  g.black_name = "黒 [x]";
  g.date = "2026-11-22";
  g.setup = {{pt("dd"), Color::kBlack}, {pt("jj"), Color::kBlack}, {pt("aa"), Color::kWhite}};
  g.moves = {W("cc"), B(nullptr), W("mm"), W("ll")};
  g.root_properties["GC"] = {"note ] with \\ escapes"};
  std::string text = write_sgf(g);
  EXPECT_EQ(text.rfind("(;GM[1]FF[4]CA[UTF-8]SZ[13]KM[-3.25]HA[2]", 0), 0u) << text;
  SgfGame back = parse_one(text);
  expect_same_record(g, back, text);
  EXPECT_EQ(root(back, "GC"), "note ] with \\ escapes");
  EXPECT_EQ(write_sgf(back), text);
}

TEST(SgfRoundTrip, RandomGamesPlayedWithGame) {
  std::mt19937 rng(20261122);
  for (int round = 0; round < 60; ++round) {
    const int size = std::vector<int>{5, 9, 13, 19}[round % 4];
    GameRules rules;
    rules.komi = std::vector<double>{7.5, 0.5, -2, 6.25}[round % 4];
    Game game(size, rules);
    if (round % 3 == 0) game.set_fixed_handicap(size >= 9 ? 2 + round % 7 : 0);
    const int length = static_cast<int>(rng() % 250);
    for (int i = 0; i < length && !game.is_over(); ++i) {
      std::vector<Point> legal;
      for (int k = 0; k < game.board().num_empty(); ++k)
        if (game.is_legal(game.board().empty_at(k))) legal.push_back(game.board().empty_at(k));
      Point p = legal.empty() || rng() % 40 == 0 ? kPass : legal[rng() % legal.size()];
      ASSERT_EQ(game.play(p), MoveError::kNone);
    }
    SgfGame record = sgf_from_game(game);
    std::string text = write_sgf(record);
    SgfGame back = parse_one(text);
    expect_same_record(record, back, text);
    Game replayed;
    ASSERT_FALSE(replay_sgf(back, replayed, GameRules{})) << text;
    EXPECT_EQ(replayed.board().to_string(), game.board().to_string()) << text;
    EXPECT_EQ(replayed.board().hash(), game.board().hash());
    EXPECT_EQ(replayed.moves(), game.moves());
    EXPECT_EQ(replayed.to_move(), game.to_move());
    EXPECT_EQ(replayed.komi(), game.komi());
    EXPECT_EQ(replayed.handicap(), game.handicap());
    if (game.is_over()) {
      EXPECT_EQ(back.result, game.result_text());
    }
  }
}

// --- robustness on real files ------------------------------------------------------------------

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(TENGEN_FIXTURES) + "/sgf/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const char* const kRobustnessFiles[] = {"17-kgs-ha2.sgf", "37-pro-move-comments-C.sgf", "38-pro-non-ascii-utf8.sgf",
                                        "40-pro-pass-tt.sgf", "49-pro-territory-TW-TB.sgf"};

// Parsing and replaying whatever comes out must neither throw nor crash; errors have a position.
void parse_and_replay_anything(const std::string& text) {
  SgfParseResult r = parse_sgf(text, "fuzz.sgf");
  if (r.error) {
    EXPECT_GE(r.error->line, 1);
    EXPECT_GE(r.error->column, 1);
    EXPECT_FALSE(r.error->message.empty());
  }
  for (const SgfGame& g : r.games) {
    Game game;
    (void)replay_sgf(g, game, GameRules{});
    (void)write_sgf(g);
  }
}

TEST(SgfRobustness, EveryTruncationOfARealFileIsAnErrorNotACrash) {
  for (const char* name : kRobustnessFiles) {
    const std::string text = read_fixture(name);
    ASSERT_FALSE(text.empty()) << name;
    const size_t close = text.rfind(')');
    for (size_t n = 0; n < close; n += 1 + n % 7) {
      SgfParseResult r = parse_sgf(std::string_view(text).substr(0, n), name);
      EXPECT_TRUE(r.error) << name << " cut at " << n;
      parse_and_replay_anything(text.substr(0, n));
    }
  }
}

TEST(SgfRobustness, RandomByteFlipsNeverCrash) {
  std::mt19937 rng(7);
  const char kInteresting[] = {'(', ')', ';', '[', ']', '\\', ':', 'B', 'W', 'A', 'z', '\0', '\xff', '\xe8'};
  for (const char* name : kRobustnessFiles) {
    const std::string text = read_fixture(name);
    for (int round = 0; round < 300; ++round) {
      std::string mutated = text;
      for (int k = 0; k < 1 + round % 5; ++k) {
        size_t i = rng() % mutated.size();
        switch (rng() % 3) {
          case 0: mutated[i] = kInteresting[rng() % sizeof kInteresting]; break;
          case 1: mutated[i] = static_cast<char>(rng()); break;
          default: mutated.erase(i, 1 + rng() % 8);
        }
      }
      parse_and_replay_anything(mutated);
    }
  }
  for (int round = 0; round < 500; ++round) {  // pure noise
    std::string noise(rng() % 200, ' ');
    for (char& c : noise) c = kInteresting[rng() % sizeof kInteresting];
    parse_and_replay_anything(noise);
  }
}

}  // namespace
}  // namespace tengen

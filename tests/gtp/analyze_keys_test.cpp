// The analyze keys of lz-analyze / kata-analyze / the genmove_analyze commands (KataGo's
// docs/GTP_Extensions.md): interval, minmoves, maxmoves, avoid, allow, ownership, pvVisits, rootInfo,
// the command sequences GUIs send, and an error naming the key for every bad one. Every network is
// `none` (uniform priors, random playouts); nothing here asserts a sampled value, only structure and
// the moves the filters must keep out.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "gtp/gtp_session.h"
#include "testutil/gtp_transcript.h"

namespace tengen::gtp {
namespace {

PlayerSettings quick() {
  PlayerSettings p;
  p.threads = 2;
  p.seconds_per_move = 0.3;
  p.search.expansion_threshold = 2;  // a deeper tree in little time, so depth > 1 gets exercised
  p.resign_below = 0;
  return p;
}

std::string session(const std::string& input) { return testutil::transcript(input, quick()); }

// One "info move ..." entry of an info line.
struct Entry {
  std::string move;
  int visits = -1;
  std::vector<std::string> pv;
  std::vector<int> pv_visits;
  bool has_pv_visits = false;
};

std::vector<Entry> entries(const std::string& line) {
  std::vector<Entry> out;
  std::istringstream words(line);
  std::string w, section;
  for (; words >> w;) {
    if (w == "info") out.emplace_back(), section = "";
    else if (w == "rootInfo" || w == "ownership") section = "skip";
    else if (out.empty() || section == "skip") continue;
    else if (w == "pv" || w == "pvVisits") section = w, out.back().has_pv_visits |= w == "pvVisits";
    else if (section == "pv") out.back().pv.push_back(w);
    else if (section == "pvVisits") out.back().pv_visits.push_back(std::stoi(w));
    else if (section.empty() && (w == "move" || w == "visits")) section = "=" + w;
    else if (section == "=move") out.back().move = w, section = "";
    else if (section == "=visits") out.back().visits = std::stoi(w), section = "";
  }
  return out;
}

// The info lines of the reply that starts with `head` ("=7\n"): up to its blank line.
std::vector<std::string> reply_lines(const std::string& text, const std::string& head) {
  std::vector<std::string> lines;
  const size_t start = text.find(head);
  if (start == std::string::npos) return lines;
  std::istringstream in(text.substr(start + head.size()));
  for (std::string line; std::getline(in, line) && !line.empty();)
    if (line.rfind("info ", 0) == 0) lines.push_back(line);
  return lines;
}

TEST(AnalyzeKeys, MinmovesAndMaxmovesBoundTheMovesReported) {
  // LizGoban's start-up probe is "lz-analyze interval 1 minmoves 30" (its engine.js feature checks).
  const std::string text = session("1 lz-analyze interval 10 minmoves 30\n2 kata-analyze b 10 maxmoves 3\nquit\n");
  const std::vector<std::string> min = reply_lines(text, "=1\n"), max = reply_lines(text, "=2\n");
  ASSERT_FALSE(min.empty()) << text;
  ASSERT_FALSE(max.empty()) << text;
  for (const std::string& line : min) {
    const std::vector<Entry> e = entries(line);
    EXPECT_EQ(e.size(), 30u) << line;  // unvisited moves fill the list, by prior
    for (const Entry& x : e) EXPECT_FALSE(x.pv.empty()) << line;  // an unvisited move's pv is itself
  }
  for (const std::string& line : max) {
    EXPECT_LE(entries(line).size(), 3u) << line;
    EXPECT_GE(entries(line).size(), 1u) << line;
  }
}

// avoid at depth 1 (the root) and deeper: Lizzie's form, interval first, both colours (Lizzie's
// Leelaz.java ponder(): "lz-analyze 10 avoid b COORDS N avoid w COORDS N", N its avoid-keep-variations).
TEST(AnalyzeKeys, AvoidKeepsTheMovesOutOfTheSearchDownToItsDepth) {
  const std::set<std::string> avoided = {"E5", "C3", "G7", "C7", "G3"};
  const std::string text = session("play b D5\n5 lz-analyze 10 avoid b E5,c3,G7 3 avoid w E5,C3,G7,C7,G3 30\nquit\n");
  const std::vector<std::string> lines = reply_lines(text, "=5\n");
  ASSERT_FALSE(lines.empty()) << text;
  size_t deep = 0;
  for (const std::string& line : lines)
    for (const Entry& e : entries(line)) {
      EXPECT_EQ(avoided.count(e.move), 0u) << line;  // white to move: its root moves
      for (size_t d = 0; d < e.pv.size(); ++d) {
        const bool white = d % 2 == 0;  // depth d + 1; white moves first
        const bool barred = white ? avoided.count(e.pv[d]) > 0 : (d < 3 && (e.pv[d] == "E5" || e.pv[d] == "C3" || e.pv[d] == "G7"));
        EXPECT_FALSE(barred) << "depth " << d + 1 << " in " << line;
        deep = std::max(deep, d + 1);
      }
    }
  EXPECT_GE(deep, 2u) << "no pv reached depth 2: " << text;
}

TEST(AnalyzeKeys, AllowKeepsTheSearchToTheListedMovesAndPass) {
  const std::string text = session("3 kata-analyze b interval 10 allow b C3,G7,pass 1\nquit\n");
  const std::vector<std::string> lines = reply_lines(text, "=3\n");
  ASSERT_FALSE(lines.empty()) << text;
  for (const std::string& line : lines)
    for (const Entry& e : entries(line)) EXPECT_TRUE(e.move == "C3" || e.move == "G7" || e.move == "pass") << line;
}

// KataGo's pvVisits: one count per pv move, the first the move's own visits, never growing down the line.
TEST(AnalyzeKeys, PvVisitsFollowThePv) {
  const std::string text = session("kata-analyze b interval 10 pvVisits true\nquit\n");
  const std::vector<std::string> lines = reply_lines(text, "=\n");
  ASSERT_FALSE(lines.empty()) << text;
  for (const std::string& line : lines)
    for (const Entry& e : entries(line)) {
      ASSERT_TRUE(e.has_pv_visits) << line;
      ASSERT_EQ(e.pv_visits.size(), e.pv.size()) << line;
      EXPECT_EQ(e.pv_visits.front(), e.visits) << line;
      for (size_t i = 1; i < e.pv_visits.size(); ++i) EXPECT_LE(e.pv_visits[i], e.pv_visits[i - 1]) << line;
    }
  EXPECT_EQ(session("lz-analyze b 10 pvVisits false\n"), "? analyze key 'pvVisits' needs kata-analyze\n\n");
}

TEST(AnalyzeKeys, RootInfoEndsEachLine) {
  const std::string text = session("kata-analyze b interval 10 rootInfo true\nquit\n");
  const std::vector<std::string> lines = reply_lines(text, "=\n");
  ASSERT_FALSE(lines.empty()) << text;
  for (const std::string& line : lines) {
    const size_t at = line.find(" rootInfo visits ");
    ASSERT_NE(at, std::string::npos) << line;
    std::istringstream rest(line.substr(at + 17));
    long long visits = 0;
    std::string key;
    double winrate = -1;
    rest >> visits >> key >> winrate;
    EXPECT_GT(visits, 0) << line;
    EXPECT_EQ(key, "winrate") << line;
    EXPECT_GE(winrate, 0.0);
    EXPECT_LE(winrate, 1.0);
    EXPECT_NE(line.find(" scoreLead ", at), std::string::npos) << line;
  }
}

// Lizzie's own commands: "lz-analyze 10" and, to KataGo, "kata-analyze 10 ownership true" (Leelaz.java
// ponder()), "lz-genmove_analyze b 10" when playing. The KaTrain line below is the brief's example of
// a KataGo-style request; KaTrain itself talks to KataGo's JSON analysis engine, not GTP.
TEST(AnalyzeKeys, LizzieAndKataGoStyleSequences) {
  const std::string text = session(
      "1 lz-analyze 10\n2 kata-analyze 10 ownership true\n3 kata-analyze B interval 30 maxmoves 20 ownership true\n"
      "4 lz-genmove_analyze b 10\nquit\n");
  for (const char* head : {"=1\n", "=2\n", "=3\n", "=4\n"})
    EXPECT_FALSE(reply_lines(text, head).empty()) << head << text;
  for (const std::string& line : reply_lines(text, "=2\n")) EXPECT_NE(line.find(" ownership "), std::string::npos);
  for (const std::string& line : reply_lines(text, "=3\n")) EXPECT_LE(entries(line).size(), 20u);
  EXPECT_NE(text.find("\nplay "), std::string::npos) << text;
}

// genmove_analyze (Sabaki's and KataGo's plain name) speaks KataGo's format and takes the same keys;
// a filter at the root applies to the move played too.
TEST(AnalyzeKeys, GenmoveAnalyzeTakesTheKeysAndObeysTheFilter) {
  GtpSession engine(testutil::board_of(9), mcts::SearchNetworks{}, quick());
  std::istringstream in("7 genmove_analyze b interval 10 maxmoves 2 allow b C3,G7 1\n"
                        "8 kata-genmove_analyze w 10 avoid w E5,D5,F5,E4,E6 1\ngenmove_analyze\nquit\n");
  std::ostringstream out;
  engine.run(in, out);
  const std::string text = out.str();
  const std::vector<std::string> lines = reply_lines(text, "=7\n");
  ASSERT_FALSE(lines.empty()) << text;
  EXPECT_NE(lines.front().find(" winrate 0."), std::string::npos) << lines.front();
  for (const std::string& line : lines) EXPECT_LE(entries(line).size(), 2u) << line;
  ASSERT_EQ(engine.game().move_number(), 3);  // the last one: no arguments, the side to move
  const std::string first = point_to_gtp(engine.game().moves()[0].point, 9);
  EXPECT_TRUE(first == "C3" || first == "G7" || first == "pass") << first;
  const std::string second = point_to_gtp(engine.game().moves()[1].point, 9);
  EXPECT_EQ(std::set<std::string>({"E5", "D5", "F5", "E4", "E6"}).count(second), 0u) << second;
}

// LizGoban's start-up feature probes (its engine.js `checks` and `checks_without_startup_log`): each
// analysis command answers "=" when supported, "?" when not; LizGoban adapts to what it is told.
TEST(AnalyzeKeys, LizGobansFeatureProbes) {
  const std::pair<const char*, char> probes[] = {
      {"lz-setoption name visits value 0", '='},       {"kata-analyze interval 1", '='},
      {"kata-get-param playoutDoublingAdvantage", '?'}, {"set_free_handicap A1", '?'},  // one stone: not a handicap
      {"lz-analyze interval 1 minmoves 30", '='},        {"kata-analyze 1 pvVisits true", '='},
      {"kata-analyze 1 pvEdgeVisits true", '?'},         {"kata-analyze 1 ownershipStdev true", '?'},
      {"kata-analyze 1 movesOwnership true", '?'},       {"lz-analyze 1 allow B D4 1", '='},
      {"lz-analyze 1 allow B C3,C4,D3,D4 1 allow W C3,C4,D3,D4 1", '='}};  // its region analysis
  std::string input;
  for (size_t i = 0; i < std::size(probes); ++i) input += std::to_string(i + 1) + " " + probes[i].first + "\n";
  const std::string text = session(input + "quit\n");
  for (size_t i = 0; i < std::size(probes); ++i) {
    const std::string id = std::to_string(i + 1);
    const bool answered = text.find("\n" + std::string(1, probes[i].second) + id + "\n") != std::string::npos ||
                          text.find("\n" + std::string(1, probes[i].second) + id + " ") != std::string::npos ||
                          text.rfind(std::string(1, probes[i].second) + id, 0) == 0;
    EXPECT_TRUE(answered) << probes[i].first << "\n" << text;
  }
}

TEST(AnalyzeKeys, EveryBadKeyIsNamed) {
  GtpSession engine(GtpSettings{}, mcts::SearchNetworks{}, quick());
  const std::pair<const char*, const char*> cases[] = {
      {"lz-analyze purple", "? unknown analyze key 'purple'"},
      {"lz-analyze b 10 frobnicate 3", "? unknown analyze key 'frobnicate'"},
      {"lz-analyze b minmoves abc", "? bad value for minmoves: 'abc' (a whole number)"},
      {"lz-analyze b minmoves", "? missing value for minmoves"},
      {"lz-analyze maxmoves 0", "? bad value for maxmoves: '0' (a whole number, 1 or more)"},
      {"kata-analyze interval -5", "? bad value for interval: '-5' (a whole number)"},
      {"lz-analyze avoid b D4", "? missing values for avoid (COLOUR VERTICES UNTILDEPTH)"},
      {"lz-analyze avoid purple D4 1", "? bad value for avoid colour: 'purple' (b, w, black or white)"},
      {"lz-analyze avoid b Z99 1", "? bad vertex for avoid: 'Z99'"},
      {"lz-analyze allow b D4,X 1", "? bad vertex for allow: 'X'"},
      {"lz-analyze avoid b , 1", "? no vertex for avoid: ','"},
      {"lz-analyze avoid b D4 0", "? bad value for avoid untildepth: '0' (1 or more)"},
      {"lz-analyze avoid b D4 x", "? bad value for avoid untildepth: 'x' (1 or more)"},
      {"lz-analyze allow b D4 1 avoid b E5 1", "? allow cannot be combined with avoid or another allow for the same colour"},
      {"lz-analyze allow w D4 1 allow w E5 1", "? allow cannot be combined with avoid or another allow for the same colour"},
      {"lz-analyze ownership true", "? analyze key 'ownership' needs kata-analyze"},
      {"kata-analyze ownership maybe", "? bad value for ownership: 'maybe' (true or false)"},
      {"kata-analyze rootInfo", "? missing value for rootInfo"},
      {"kata-genmove_analyze b pvVisits yes", "? bad value for pvVisits: 'yes' (true or false)"},
      {"genmove_analyze b avoid b D4 1 bogus", "? unknown analyze key 'bogus'"},
      {"kata-analyze 1 movesOwnership true", "? analyze key 'movesOwnership' is KataGo's; Tengen does not support it"},
  };
  for (const auto& [command, reply] : cases) EXPECT_EQ(engine.handle_line(command), std::string(reply) + "\n\n") << command;
  // Well-formed keys pass the parser; outside run() there is no stream to answer on.
  EXPECT_EQ(engine.handle_line("lz-analyze allow b D4 1 avoid w D4 2"), "? analysis needs a GTP session\n\n");
  EXPECT_EQ(engine.game().move_number(), 0);
}

}  // namespace
}  // namespace tengen::gtp

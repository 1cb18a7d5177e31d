// `tengen analysis` avoidMoves / allowMoves, in KataGo's form ({"player", "moves", "untilDepth"}; the
// form KaTrain and KataGo's own docs/Analysis_Engine.md use): read into the search's move filter,
// obeyed by the search, and errors naming the field. No networks: uniform priors, random playouts.
#include <gtest/gtest.h>

#include <mutex>
#include <set>

#include "analysis/analysis_engine.h"
#include "analysis/query.h"

namespace tengen::analysis {
namespace {

using nlohmann::json;

json nine(json extra) {
  json q = {{"id", "q"}, {"moves", json::array({json::array({"B", "E5"})})}, {"rules", "chinese"},
            {"boardXSize", 9}, {"boardYSize", 9}, {"maxVisits", 300}};
  for (const auto& [k, v] : extra.items()) q[k] = v;
  return q;
}

TEST(AnalysisMoveFilter, AvoidAndAllowMovesAreRead) {
  const ParsedQuery p = parse_query(nine({{"avoidMoves", {{{"player", "W"}, {"moves", {"C3", "g7"}}, {"untilDepth", 3}}}},
                                          {"allowMoves", {{{"player", "B"}, {"moves", {"D4"}}}}}})
                                        .dump(),
                                    {});
  ASSERT_EQ(p.kind, ParsedQuery::Kind::kAnalysis);
  EXPECT_TRUE(p.messages.empty()) << p.messages.size();  // no "ignored" warning any more
  const mcts::MoveFilter& f = p.analysis.filter;
  ASSERT_EQ(f.rules.size(), 2u);
  EXPECT_TRUE(f.bars(Color::kWhite, make_point(2, 6), 3));    // C3 for White down to depth 3
  EXPECT_FALSE(f.bars(Color::kWhite, make_point(2, 6), 4));
  EXPECT_TRUE(f.bars(Color::kBlack, make_point(2, 6), 1));    // Black may only play D4 (or pass) at depth 1
  EXPECT_FALSE(f.bars(Color::kBlack, make_point(3, 5), 1));
  EXPECT_FALSE(f.bars(Color::kBlack, make_point(2, 6), 2));   // untilDepth 1 when absent
}

TEST(AnalysisMoveFilter, BadEntriesAreErrorsNamingTheField) {
  struct Case {
    json extra;
    const char* field;
    const char* text;
  };
  const Case cases[] = {
      {{{"avoidMoves", "C3"}}, "avoidMoves", "must be an array"},
      {{{"avoidMoves", {{{"player", "B"}}}}}, "avoidMoves", "Each entry of avoidMoves"},
      {{{"avoidMoves", {{{"player", "X"}, {"moves", {"C3"}}}}}}, "avoidMoves", "Expected \"B\" or \"W\""},
      {{{"allowMoves", {{{"player", "B"}, {"moves", {"Z99"}}}}}}, "allowMoves", "Bad location in allowMoves"},
      {{{"avoidMoves", {{{"player", "B"}, {"moves", {3}}}}}}, "avoidMoves", "Bad location in avoidMoves"},
      {{{"avoidMoves", {{{"player", "B"}, {"moves", {"C3"}}, {"untilDepth", 0}}}}}, "avoidMoves", "untilDepth in avoidMoves"},
      {{{"avoidMoves", {{{"player", "B"}, {"moves", {"C3"}}}}}, {"allowMoves", {{{"player", "B"}, {"moves", {"D4"}}}}}},
       "allowMoves", "allowMoves cannot be combined"},
  };
  for (const Case& c : cases) {
    const ParsedQuery p = parse_query(nine(c.extra).dump(), {});
    ASSERT_EQ(p.kind, ParsedQuery::Kind::kError) << c.extra.dump();
    const json& e = p.messages.back();
    EXPECT_EQ(e.value("field", ""), c.field) << e.dump();
    EXPECT_NE(e.value("error", "").find(c.text), std::string::npos) << e.dump();
  }
}

// KaTrain's form: allowMoves for the side to move at depth 1. Every reported move is an allowed one.
TEST(AnalysisMoveFilter, TheSearchKeepsToTheAllowedMoves) {
  std::mutex mu;
  std::vector<json> answers;
  {
    AnalysisSettings s;
    s.analysis_threads = 1;
    s.search_threads = 1;
    s.search.expansion_threshold = 1;
    AnalysisEngine engine(mcts::SearchNetworks{}, s, [&](const std::string& line) {
      std::lock_guard<std::mutex> lock(mu);
      answers.push_back(json::parse(line));
    });
    engine.submit(nine({{"allowMoves", {{{"player", "W"}, {"moves", {"C3", "G7"}}, {"untilDepth", 1}}}}}).dump());
    engine.submit(nine({{"id", "a"}, {"avoidMoves", {{{"player", "W"}, {"moves", {"C3", "G7", "D5", "F5"}}, {"untilDepth", 2}}}}}).dump());
    engine.finish();
  }
  ASSERT_EQ(answers.size(), 2u);
  for (const json& a : answers) {
    ASSERT_TRUE(a.contains("moveInfos")) << a.dump();
    ASSERT_FALSE(a["moveInfos"].empty()) << a.dump();
    for (const json& m : a["moveInfos"]) {
      const std::string move = m["move"];
      if (a["id"] == "q") EXPECT_TRUE(move == "C3" || move == "G7" || move == "pass") << move;
      else EXPECT_EQ(std::set<std::string>({"C3", "G7", "D5", "F5"}).count(move), 0u) << move;
    }
  }
}

}  // namespace
}  // namespace tengen::analysis

// The JSON analysis engine as a client sees it: query lines in, answer lines out (transcripts), with a
// fake evaluator (nn/fake_evaluator.h) or no networks at all, on 9x9 boards so searches are quick.
#include "analysis/analysis_engine.h"

#include <gtest/gtest.h>

#include "testutil/move_list_json.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "nn/batching_evaluator.h"
#include "nn/fake_evaluator.h"

namespace tengen::analysis {
namespace {

using testutil::move_list_json;

using nlohmann::json;
using namespace std::chrono_literals;

// Collects the engine's answers; waits for a given answer to arrive.
class Transcript {
 public:
  AnalysisEngine::Emit sink() {
    return [this](const std::string& line) {
      std::lock_guard<std::mutex> lock(mu_);
      lines_.push_back(json::parse(line));
      cv_.notify_all();
    };
  }
  // The first answer for which `pred` holds, waiting up to `timeout`; fails the test if none comes.
  template <typename Pred>
  json wait_for(Pred pred, std::chrono::seconds timeout = 60s) {
    std::unique_lock<std::mutex> lock(mu_);
    json found;
    const bool ok = cv_.wait_for(lock, timeout, [&] {
      for (const json& l : lines_)
        if (pred(l)) {
          found = l;
          return true;
        }
      return false;
    });
    EXPECT_TRUE(ok) << "no such answer within " << timeout.count() << " s";
    return found;
  }
  std::vector<json> lines() {
    std::lock_guard<std::mutex> lock(mu_);
    return lines_;
  }
  // Final answers (isDuringSearch false) for `id`, in the order they came.
  std::vector<json> finals(const std::string& id) {
    std::vector<json> out;
    for (const json& l : lines())
      if (l.value("id", "") == id && l.contains("isDuringSearch") && !l["isDuringSearch"].get<bool>()) out.push_back(l);
    return out;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<json> lines_;
};

json query(const std::string& id, int max_visits) {
  return {{"id", id},
          {"moves", move_list_json({{"B", "E5"}, {"W", "C3"}, {"B", "G7"}})},
          {"rules", "chinese"},
          {"komi", 7.5},
          {"boardXSize", 9},
          {"boardYSize", 9},
          {"maxVisits", max_visits}};
}

AnalysisSettings quick_settings(int analysis_threads = 1) {
  AnalysisSettings s;
  s.analysis_threads = analysis_threads;
  s.search_threads = 1;
  s.ownership_rollouts = 20;
  s.search.expansion_threshold = 1;
  s.search.async_evaluation = false;  // one thread, one seed: the same answers every run
  return s;
}

// A fake 9x9 network that takes `delay` per batch, so positions in flight overlap.
mcts::SearchNetworks slow_fake_networks(std::chrono::microseconds delay, std::shared_ptr<nn::FakeEvaluator>* fake) {
  nn::FakeEvaluatorOptions fo;
  fo.board_size = 9;
  fo.fn = [delay](const float*, nn::EvalOutput& out) {
    std::this_thread::sleep_for(delay);
    out.value = 0.1f;
  };
  *fake = std::make_shared<nn::FakeEvaluator>(fo);
  nn::BatchingOptions bo;
  bo.max_batch = 8;
  bo.max_wait_us = 2000;
  bo.cache_entries = 1 << 10;
  mcts::SearchNetworks nets;
  nets.evaluator = std::make_shared<nn::BatchingEvaluator>(*fake, bo);
  return nets;
}

TEST(AnalysisEngine, AnalyzeTurnsGivesOneFinalAnswerPerTurnWithKataGosFields) {
  Transcript t;
  {
    AnalysisEngine engine({}, quick_settings(), t.sink());
    json q = query("game", 60);
    q["analyzeTurns"] = {0, 1, 2, 3};
    engine.submit(q.dump());
    engine.finish();
  }
  const std::vector<json> finals = t.finals("game");
  ASSERT_EQ(finals.size(), 4u);
  for (size_t i = 0; i < finals.size(); ++i) {
    const json& a = finals[i];
    SCOPED_TRACE(a.dump());
    EXPECT_EQ(a["turnNumber"], static_cast<int>(i));  // one analysis thread: in query order
    EXPECT_EQ(a["rootInfo"]["visits"], 60);
    EXPECT_EQ(a["rootInfo"]["currentPlayer"], i % 2 == 0 ? "B" : "W");
    EXPECT_TRUE(a["rootInfo"].contains("scoreLead"));  // from the search's rollouts
    ASSERT_FALSE(a["moveInfos"].empty());
    int visits = 0, order = 0;
    for (const json& m : a["moveInfos"]) {
      EXPECT_EQ(m["order"], order++);
      EXPECT_EQ(m["pv"][0], m["move"]);
      EXPECT_GE(m["winrate"].get<double>(), 0.0);
      EXPECT_LE(m["winrate"].get<double>(), 1.0);
      EXPECT_GT(m["visits"].get<int>(), 0);
      for (const char* f : {"prior", "lcb", "scoreLead", "scoreMean"}) EXPECT_TRUE(m.contains(f)) << f;
      visits += m["visits"].get<int>();
    }
    EXPECT_EQ(visits, 60);
    EXPECT_FALSE(a.contains("ownership"));
    EXPECT_FALSE(a.contains("policy"));
  }
  EXPECT_NE(finals[1]["moveInfos"][0]["move"], "E5");  // turn 1: E5 is taken
}

TEST(AnalysisEngine, OwnershipAndPolicyWhenAsked) {
  Transcript t;
  {
    nn::FakeEvaluatorOptions fo;
    fo.board_size = 9;
    mcts::SearchNetworks nets;
    nets.evaluator = std::make_shared<nn::FakeEvaluator>(fo);
    AnalysisEngine engine(nets, quick_settings(), t.sink());
    json q = query("own", 30);
    q["includeOwnership"] = true;
    q["includePolicy"] = true;
    engine.submit(q.dump());
    engine.finish();
  }
  const json a = t.finals("own").at(0);
  ASSERT_EQ(a["ownership"].size(), 81u);
  ASSERT_EQ(a["policy"].size(), 82u);  // 81 points and pass
  // Row by row from the top (A9 first): E5 is index (9 - 5) * 9 + 4; E5, C3 and G7 are taken: -1, as
  // KataGo marks illegal moves.
  EXPECT_EQ(a["policy"][4 * 9 + 4], -1.0);
  EXPECT_EQ(a["policy"][6 * 9 + 2], -1.0);
  EXPECT_EQ(a["policy"][2 * 9 + 6], -1.0);
  double sum = 0;
  for (const json& v : a["policy"])
    if (v.get<double>() > 0) sum += v.get<double>();
  EXPECT_NEAR(sum, 1.0, 1e-4);
  for (const json& v : a["ownership"]) {
    EXPECT_GE(v.get<double>(), -1.0);
    EXPECT_LE(v.get<double>(), 1.0);
  }
  EXPECT_GT(a["ownership"][4 * 9 + 4].get<double>(), 0.0);  // Black's stone on E5 mostly stays Black's
}

TEST(AnalysisEngine, PerspectiveTurnsWinRatesOwnershipAndScoreRound) {
  const auto run = [](Perspective p) {
    Transcript t;
    AnalysisSettings s = quick_settings();
    s.report_as = p;
    {
      AnalysisEngine engine({}, s, t.sink());
      json q = query("p", 40);  // White to move
      q["includeOwnership"] = true;
      engine.submit(q.dump());
      engine.finish();
    }
    return t.finals("p").at(0);
  };
  const json black = run(Perspective::kBlack), white = run(Perspective::kWhite), mover = run(Perspective::kSideToMove);
  EXPECT_NEAR(black["rootInfo"]["winrate"].get<double>() + white["rootInfo"]["winrate"].get<double>(), 1.0, 1e-9);
  EXPECT_NEAR(black["rootInfo"]["scoreLead"].get<double>(), -white["rootInfo"]["scoreLead"].get<double>(), 1e-9);
  EXPECT_EQ(mover["rootInfo"]["winrate"], white["rootInfo"]["winrate"]);
  EXPECT_NEAR(black["moveInfos"][0]["winrate"].get<double>() + white["moveInfos"][0]["winrate"].get<double>(), 1.0, 1e-9);
  for (size_t i = 0; i < 81; ++i)
    EXPECT_NEAR(black["ownership"][i].get<double>(), -white["ownership"][i].get<double>(), 1e-6);
}

TEST(AnalysisEngine, ScoreLeadIsTheRolloutsFinalScore) {
  Transcript t;
  {
    AnalysisEngine engine({}, quick_settings(), t.sink());
    for (const auto& [id, komi] : {std::pair<const char*, double>{"fair", 7.5}, {"costly", 60.5}}) {
      json q = query(id, 200);
      q["moves"] = json::array();
      q["komi"] = komi;
      engine.submit(q.dump());
    }
    engine.finish();
  }
  const json fair = t.finals("fair").at(0), costly = t.finals("costly").at(0);
  // An empty 9x9 board: the area is shared, give or take what random rollouts make of it (±30); a
  // komi of 60.5 leaves Black more than 30 points behind whatever is played.
  EXPECT_GT(fair["rootInfo"]["scoreLead"].get<double>(), -30.0);
  EXPECT_LT(costly["rootInfo"]["scoreLead"].get<double>(), -30.0);
  EXPECT_LT(costly["moveInfos"][0]["scoreLead"].get<double>(), -30.0);  // the most visited move's mean
}

TEST(AnalysisEngine, SeveralQueriesInFlightShareTheNetworkBatch) {
  std::shared_ptr<nn::FakeEvaluator> fake;
  Transcript t;
  AnalysisSettings s = quick_settings(/*analysis_threads=*/2);
  AnalysisEngine engine(slow_fake_networks(500us, &fake), s, t.sink());
  for (const char* id : {"a", "b", "c", "d"}) engine.submit(query(id, 80).dump());
  engine.finish();
  for (const char* id : {"a", "b", "c", "d"}) EXPECT_EQ(t.finals(id).size(), 1u) << id;
  EXPECT_EQ(engine.positions_answered(), 4);
  EXPECT_EQ(engine.max_positions_in_flight(), 2);
  EXPECT_GE(fake->max_batch_seen(), 2);  // two searches' positions went through the network together
}

TEST(AnalysisEngine, HigherPriorityIsSearchedFirst) {
  Transcript t;
  AnalysisEngine engine({}, quick_settings(), t.sink());
  json first = query("first", 1'000'000);
  first["reportDuringSearchEvery"] = 0.05;
  engine.submit(first.dump());
  t.wait_for([](const json& l) { return l.value("id", "") == "first"; });  // it is being searched
  json low = query("low", 20), high = query("high", 20);
  high["priority"] = 5;
  engine.submit(low.dump());
  engine.submit(high.dump());
  engine.submit(json({{"id", "stop"}, {"action", "terminate"}, {"terminateId", "first"}}).dump());
  engine.finish();
  std::vector<std::string> order;
  for (const json& l : t.lines())
    if (l.contains("isDuringSearch") && !l["isDuringSearch"].get<bool>()) order.push_back(l["id"]);
  EXPECT_EQ(order, (std::vector<std::string>{"first", "high", "low"}));
}

TEST(AnalysisEngine, ReportsDuringSearchThenTerminateEndsWithPartialResults) {
  Transcript t;
  AnalysisEngine engine({}, quick_settings(), t.sink());
  json q = query("long", 10'000'000);
  q["reportDuringSearchEvery"] = 0.05;
  engine.submit(q.dump());
  const json during = t.wait_for([](const json& l) { return l.value("isDuringSearch", false); });
  EXPECT_EQ(during["id"], "long");
  EXPECT_GT(during["rootInfo"]["visits"].get<int>(), 0);
  EXPECT_FALSE(during.contains("ownership"));  // not asked for
  const json ask = {{"id", "bar"}, {"action", "terminate"}, {"terminateId", "long"}, {"turnNumbers", {3}}};
  engine.submit(ask.dump());
  EXPECT_EQ(t.wait_for([](const json& l) { return l.value("id", "") == "bar"; }), ask);  // echoed
  const json final_answer = t.wait_for(
      [](const json& l) { return l.value("id", "") == "long" && l.contains("isDuringSearch") && !l["isDuringSearch"].get<bool>(); },
      30s);
  EXPECT_GE(final_answer["rootInfo"]["visits"].get<int>(), during["rootInfo"]["visits"].get<int>());
  EXPECT_LT(final_answer["rootInfo"]["visits"].get<int>(), 10'000'000);
  engine.finish();
  EXPECT_EQ(t.finals("long").size(), 1u);  // exactly one final answer
}

TEST(AnalysisEngine, TerminatingAQueuedPositionAnswersNoResults) {
  Transcript t;
  AnalysisEngine engine({}, quick_settings(), t.sink());
  json busy = query("busy", 10'000'000);
  busy["reportDuringSearchEvery"] = 0.05;
  engine.submit(busy.dump());
  t.wait_for([](const json& l) { return l.value("id", "") == "busy"; });
  json waiting = query("waiting", 50);
  waiting["analyzeTurns"] = {1, 2};
  engine.submit(waiting.dump());
  engine.submit(json({{"id", "t1"}, {"action", "terminate"}, {"terminateId", "waiting"}, {"turnNumbers", {2}}}).dump());
  const json none = t.wait_for([](const json& l) { return l.value("noResults", false); });
  EXPECT_EQ(none, json({{"id", "waiting"}, {"isDuringSearch", false}, {"noResults", true}, {"turnNumber", 2}}));
  engine.submit(json({{"id", "t2"}, {"action", "terminate"}, {"terminateId", "busy"}}).dump());
  engine.finish();  // the end of the input: turn 1 of "waiting" is still searched
  const std::vector<json> w = t.finals("waiting");
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[1]["turnNumber"], 1);
  EXPECT_EQ(w[1]["rootInfo"]["visits"], 50);
}

TEST(AnalysisEngine, EndOfInputWaitsForQueuedQueriesUnlessToldNotTo) {
  Transcript waited;
  {
    AnalysisEngine engine({}, quick_settings(), waited.sink());
    engine.submit(query("x", 40).dump());
    engine.submit(query("y", 40).dump());
    engine.finish();
  }
  EXPECT_EQ(waited.finals("x").at(0)["rootInfo"]["visits"], 40);
  EXPECT_EQ(waited.finals("y").at(0)["rootInfo"]["visits"], 40);

  Transcript quick;
  AnalysisSettings s = quick_settings();
  s.quit_without_waiting = true;
  const auto start = std::chrono::steady_clock::now();
  {
    AnalysisEngine engine({}, s, quick.sink());
    json q = query("huge", 10'000'000);
    q["reportDuringSearchEvery"] = 0.05;
    engine.submit(q.dump());
    engine.submit(query("queued", 40).dump());
    quick.wait_for([](const json& l) { return l.value("id", "") == "huge"; });
    engine.finish();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
  EXPECT_EQ(quick.finals("huge").size(), 1u);
  EXPECT_TRUE(quick.finals("queued").at(0).value("noResults", false));
}

TEST(AnalysisEngine, ErrorsWarningsAndActionsInKataGosForm) {
  Transcript t;
  nn::FakeEvaluatorOptions fo;  // a 19x19 network
  mcts::SearchNetworks nets;
  nets.evaluator = std::make_shared<nn::FakeEvaluator>(fo);
  {
    AnalysisEngine engine(nets, quick_settings(), t.sink());
    engine.submit("{\"id\": \"broken\", \xff\xfe");  // invalid UTF-8 quoted in the parse error
    engine.submit("");  // blank lines are skipped
    json q19 = query("odd", 10);
    q19["boardXSize"] = q19["boardYSize"] = 19;
    q19["moves"] = move_list_json({{"B", "Q16"}, {"W", "Q16"}});
    engine.submit(q19.dump());
    json warn = query("warn", 10);
    warn["boardXSize"] = warn["boardYSize"] = 19;
    warn["moves"] = move_list_json({{"B", "Q16"}});
    warn["shape"] = "round";
    engine.submit(warn.dump());
    engine.submit(json({{"id", "v"}, {"action", "query_version"}}).dump());
    engine.submit(json({{"id", "cc"}, {"action", "clear_cache"}}).dump());
    engine.reject_long_line(1 << 20);
    engine.finish();
  }
  const std::vector<json> l = t.lines();
  ASSERT_GE(l.size(), 7u);
  EXPECT_TRUE(l[0].contains("error"));
  EXPECT_FALSE(l[0].contains("id"));
  EXPECT_EQ(l[1]["field"], "moves");
  EXPECT_EQ(l[1]["error"], "Illegal move 2: white Q16 (point occupied)");
  EXPECT_EQ(l[2], json({{"warning", "Unexpected or unused field"}, {"field", "shape"}, {"id", "warn"}}));
  EXPECT_EQ(t.finals("warn").size(), 1u);  // warned, and analysed
  const json version = t.wait_for([](const json& a) { return a.value("id", "") == "v"; });
  EXPECT_EQ(version["action"], "query_version");
  EXPECT_TRUE(version.contains("version"));
  EXPECT_TRUE(version.contains("git_hash"));
  EXPECT_EQ(t.wait_for([](const json& a) { return a.value("id", "") == "cc"; }), json({{"id", "cc"}, {"action", "clear_cache"}}));
  // The warned query's analysis may land anywhere after its warning (a slow
  // build, e.g. ASan, finishes it later), so find the rejection by content: it
  // is reported, and after the actions submitted before it.
  const json too_long = json({{"error", "Query line longer than the 1 MiB limit; ignored"}});
  const auto position_of = [&](const json& wanted) {
    return std::find(l.begin(), l.end(), wanted) - l.begin();
  };
  ASSERT_LT(position_of(too_long), static_cast<std::ptrdiff_t>(l.size()));
  EXPECT_GT(position_of(too_long), position_of(json({{"id", "cc"}, {"action", "clear_cache"}})));
}

// With a 19x19 network loaded, a 9x9 query is searched on the tree policy (as tengen gtp does) instead
// of refused (issue 35: KaTrain switches sizes mid-session); its policy is not reported, with a warning.
TEST(AnalysisEngine, ASizeTheNetworkDoesNotCoverIsSearchedWithoutIt) {
  nn::FakeEvaluatorOptions fo;
  fo.board_size = 19;
  auto fake = std::make_shared<nn::FakeEvaluator>(fo);
  mcts::SearchNetworks nets;
  nets.evaluator = fake;
  Transcript t;
  {
    AnalysisEngine engine(nets, quick_settings(), t.sink());
    json q = query("nine", 40);
    q["includePolicy"] = true;
    engine.submit(q.dump());
    engine.finish();
  }
  const std::vector<json> finals = t.finals("nine");
  ASSERT_EQ(finals.size(), 1u);
  EXPECT_EQ(finals[0]["rootInfo"]["visits"], 40) << finals[0].dump();
  EXPECT_FALSE(finals[0]["moveInfos"].empty());
  EXPECT_FALSE(finals[0].contains("policy"));
  EXPECT_EQ(fake->calls(), 0) << "the 19x19 network was asked about a 9x9 position";
  bool warned = false;
  for (const json& l : t.lines())
    warned |= l.value("warning", "") == "No policy network for this board size: no policy is reported";
  EXPECT_TRUE(warned);
}

TEST(AnalysisEngine, AFinishedGameIsAnsweredWithoutHanging) {
  Transcript t;
  {
    AnalysisEngine engine({}, quick_settings(), t.sink());
    json q = query("over", 100);
    q["moves"] = move_list_json({{"B", "E5"}, {"W", "pass"}, {"B", "pass"}});
    engine.submit(q.dump());
    engine.finish();
  }
  ASSERT_EQ(t.finals("over").size(), 1u);
}

// After two passes the game's result is its area score, not a search's 0.5 (issue 35):
//   9 . . . . . . . . .    Black E5, White passes, Black passes: Black's area is the board,
//   5 . . . . X . . . .    81 - 7.5 = B+73.5, and White, to move, has lost.
// Win rates and scores from Black's view (the default), and "pass" the one line.
TEST(AnalysisEngine, AFinishedGameIsScoredByArea) {
  Transcript t;
  {
    AnalysisEngine engine({}, quick_settings(), t.sink());
    json q = query("over", 50);
    q["moves"] = move_list_json({{"B", "E5"}, {"W", "pass"}, {"B", "pass"}});
    engine.submit(q.dump());
    q["id"] = "over-white-view";
    q["overrideSettings"] = {{"reportAnalysisWinratesAs", "WHITE"}};
    engine.submit(q.dump());
    engine.finish();
  }
  const std::vector<json> black = t.finals("over");
  ASSERT_EQ(black.size(), 1u);
  const json& a = black[0];
  EXPECT_EQ(a["rootInfo"]["winrate"], 1.0) << a.dump();
  EXPECT_EQ(a["rootInfo"]["scoreLead"], 73.5) << a.dump();
  EXPECT_EQ(a["rootInfo"]["currentPlayer"], "W") << a.dump();
  EXPECT_EQ(a["rootInfo"]["visits"], 50) << a.dump();
  ASSERT_EQ(a["moveInfos"].size(), 1u) << a.dump();
  EXPECT_EQ(a["moveInfos"][0]["move"], "pass");
  EXPECT_EQ(a["moveInfos"][0]["winrate"], 1.0);
  EXPECT_EQ(a["moveInfos"][0]["scoreLead"], 73.5);
  EXPECT_EQ(a["moveInfos"][0]["pv"], json::array({"pass"}));
  const std::vector<json> white = t.finals("over-white-view");
  ASSERT_EQ(white.size(), 1u);
  EXPECT_EQ(white[0]["rootInfo"]["winrate"], 0.0) << white[0].dump();
  EXPECT_EQ(white[0]["rootInfo"]["scoreLead"], -73.5) << white[0].dump();
}

}  // namespace
}  // namespace tengen::analysis

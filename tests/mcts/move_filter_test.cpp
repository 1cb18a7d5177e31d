// mcts::MoveFilter in the search (analysis's avoid / allow): barred moves get no visits at the depths
// their rule covers, root_children() leaves the root's barred moves out, and a filter that bars every
// move never stalls the search. No networks: uniform priors and random playouts.
#include <gtest/gtest.h>

#include <functional>

#include "mcts/search.h"

namespace tengen::mcts {
namespace {

SearchParams quick() {
  SearchParams p;
  p.expansion_threshold = 1;  // a deep tree from few simulations
  p.async_evaluation = false;
  return p;
}

SearchLimits visits(int64_t n) {
  SearchLimits l;
  l.visits = n;
  return l;
}

MoveRule rule(Color player, std::vector<Point> points, int until_depth, bool allow) {
  MoveRule r;
  r.player = player;
  for (Point p : points) r.points.set(static_cast<size_t>(p));
  r.until_depth = until_depth;
  r.allow = allow;
  return r;
}

TEST(MoveFilter, BarsItsPlayersMovesDownToItsDepth) {
  const Point e5 = make_point(4, 4), c3 = make_point(2, 6), g7 = make_point(6, 2);
  MoveFilter f;
  f.rules = {rule(Color::kBlack, {e5, c3}, 3, false), rule(Color::kWhite, {g7}, 2, false)};
  EXPECT_TRUE(f.bars(Color::kBlack, e5, 1));
  EXPECT_TRUE(f.bars(Color::kBlack, c3, 3));
  EXPECT_FALSE(f.bars(Color::kBlack, c3, 4));
  EXPECT_FALSE(f.bars(Color::kWhite, e5, 2));  // the other colour's plies are free
  EXPECT_TRUE(f.bars(Color::kWhite, g7, 2));
  EXPECT_FALSE(f.bars(Color::kBlack, kPass, 1));
  MoveFilter allow;
  allow.rules = {rule(Color::kBlack, {e5}, 1, true)};
  EXPECT_FALSE(allow.bars(Color::kBlack, e5, 1));
  EXPECT_TRUE(allow.bars(Color::kBlack, c3, 1));
  EXPECT_FALSE(allow.bars(Color::kBlack, kPass, 1));  // allow never bars pass
  EXPECT_FALSE(allow.bars(Color::kBlack, c3, 2));
}

// The tree's inside is private: what shows is the root's moves and every root move's principal
// variation, at each depth of which the barred moves must be absent.
TEST(MoveFilter, TheSearchNeverVisitsABarredMove) {
  const Point e5 = make_point(4, 4), d5 = make_point(3, 4), c3 = make_point(2, 6);
  MoveFilter f;
  f.rules = {rule(Color::kBlack, {e5, d5}, 3, false), rule(Color::kWhite, {c3, e5}, 2, false)};
  Search s(Game(9), quick(), nullptr, nullptr, nullptr);
  s.set_move_filter(f);
  s.run(visits(3000), 1);
  int64_t visits = 0;
  size_t deepest = 0;
  for (const ChildStats& c : s.root_children()) {
    EXPECT_TRUE(c.move != e5 && c.move != d5) << "a barred root move is reported";
    visits += c.visits;
    const std::vector<Point> pv = s.principal_variation(c.move);
    for (size_t d = 0; d < pv.size(); ++d) {
      const Color mover = d % 2 == 0 ? Color::kBlack : Color::kWhite;
      EXPECT_FALSE(f.bars(mover, pv[d], static_cast<int>(d) + 1)) << "depth " << d + 1;
    }
    deepest = std::max(deepest, pv.size());
  }
  EXPECT_EQ(visits, s.root_visits());  // every simulation went through an allowed root move
  EXPECT_GE(deepest, 3u);
}

// An allow list of occupied points leaves only pass at the root; a filter barring pass too leaves
// nothing, and the search then ignores it rather than stall.
TEST(MoveFilter, AFilterBarringEverythingYields) {
  Game g(9);
  const Point e5 = make_point(4, 4);
  ASSERT_EQ(g.play(e5), MoveError::kNone);
  MoveFilter only_occupied;
  only_occupied.rules = {rule(Color::kWhite, {e5}, 1, true)};
  Search s(g, quick(), nullptr, nullptr, nullptr);
  s.set_move_filter(only_occupied);
  const SearchResult r = s.run(visits(200), 1);
  EXPECT_EQ(r.best_move, kPass);
  ASSERT_EQ(s.root_children().size(), 1u);
  EXPECT_EQ(s.root_children()[0].visits, 200);
  MoveFilter nothing = only_occupied;
  nothing.rules.push_back(rule(Color::kWhite, {kPass}, 1, false));
  Search t(g, quick(), nullptr, nullptr, nullptr);
  t.set_move_filter(nothing);
  EXPECT_EQ(t.run(visits(200), 1).simulations, 200);
  EXPECT_TRUE(t.root_children().empty());  // every root move is barred: none to report
}

}  // namespace
}  // namespace tengen::mcts

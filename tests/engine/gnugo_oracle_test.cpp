// The rules core against an independent oracle: GNU Go (Debian package gnugo) over GTP.
// Seeded random games on 9x9, 13x13 and 19x19. After every move:
//   - the simple-ko legal set of Board equals GNU Go's `all_legal` (GNU Go knows simple ko only);
//   - Game's legal set is that set minus exactly the moves that repeat an earlier position
//     (positional superko), so any difference between the two engines is accounted for;
//   - the prisoner counts agree with GNU Go's `captures`.
// Games played to the end (both pass) are scored: Tromp-Taylor area with komi must equal GNU Go's
// `final_score` under --chinese-rules.
// TENGEN_ORACLE_GAMES=N changes the number of games (default 300).
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <set>
#include <sstream>
#include <unistd.h>

#include "engine/game.h"
#include "engine/fast_rng.h"
#include "testutil/gtp_process.h"

namespace tengen {
namespace {

constexpr const char* kGnuGo = "/usr/games/gnugo";

std::set<Point> parse_vertices(const std::string& text, int size) {
  std::set<Point> out;
  std::istringstream in(text);
  std::string v;
  while (in >> v) {
    auto p = point_from_gtp(v, size);
    if (!p) throw std::runtime_error("bad vertex from GNU Go: " + v);
    out.insert(*p);
  }
  return out;
}

std::string describe(const std::set<Point>& pts, int size) {
  std::string s;
  for (Point p : pts) s += point_to_gtp(p, size) + " ";
  return s;
}

struct OracleTotals {
  int games = 0, moves = 0, scored = 0, superko_differences = 0;
};

// Plays one seeded game against the oracle; returns false (after ADD_FAILURE) on the first mismatch.
bool play_one_game(testutil::GtpProcess& gnugo, int size, uint64_t seed, OracleTotals& totals) {
  const double komi = 7.5;
  gnugo.send("boardsize " + std::to_string(size));
  gnugo.send("clear_board");
  gnugo.send("komi 7.5");
  Game game(size, GameRules{komi});
  FastRng rng(seed);
  const int max_moves = 3 * size * size;
  for (int ply = 0; ply < max_moves && !game.is_over(); ++ply) {
    const Board& b = game.board();
    const Color me = b.to_move();
    std::set<Point> simple, full;
    for (int i = 0; i < b.num_empty(); ++i) {
      Point p = b.empty_at(i);
      if (b.is_legal(p, me)) simple.insert(p);
      if (game.is_legal(p, me)) full.insert(p);
    }
    const std::set<Point> oracle = parse_vertices(gnugo.send(std::string("all_legal ") + color_name(me)), size);
    if (oracle != simple) {
      std::set<Point> only_ours, only_theirs;
      for (Point p : simple) if (!oracle.count(p)) only_ours.insert(p);
      for (Point p : oracle) if (!simple.count(p)) only_theirs.insert(p);
      ADD_FAILURE() << "legal sets differ, size " << size << " seed " << seed << " move " << ply + 1
                    << "\nonly Tengen: " << describe(only_ours, size) << "\nonly GNU Go: "
                    << describe(only_theirs, size) << "\n" << b.to_string();
      return false;
    }
    // Every move GNU Go allows and Game refuses must be a superko repetition, and nothing else.
    for (Point p : simple) {
      if (full.count(p)) continue;
      if (game.check(p, me) != MoveError::kSuperko) {
        ADD_FAILURE() << "Game refuses " << point_to_gtp(p, size) << " for "
                      << move_error_text(game.check(p, me)) << ", GNU Go allows it";
        return false;
      }
      ++totals.superko_differences;
    }
    // Random move among the superko-legal ones that do not fill a simple own eye.
    std::vector<Point> candidates;
    for (Point p : full)
      if (!b.is_simple_eye(p, me)) candidates.push_back(p);
    Point move = candidates.empty() ? kPass : candidates[rng.below(static_cast<uint32_t>(candidates.size()))];
    gnugo.send(std::string("play ") + color_name(me) + " " + point_to_gtp(move, size));
    EXPECT_EQ(game.play(move, me), MoveError::kNone);
    ++totals.moves;
    const int black_caps = std::stoi(gnugo.send("captures black"));
    const int white_caps = std::stoi(gnugo.send("captures white"));
    if (black_caps != game.board().captures(Color::kBlack) || white_caps != game.board().captures(Color::kWhite)) {
      ADD_FAILURE() << "captures differ after move " << ply + 1 << " seed " << seed << ": GNU Go B " << black_caps
                    << " W " << white_caps << ", Tengen B " << game.board().captures(Color::kBlack) << " W "
                    << game.board().captures(Color::kWhite);
      return false;
    }
  }
  ++totals.games;
  if (game.is_over()) {
    const std::string theirs = gnugo.send("final_score");
    const std::string ours = game.result_text();
    if (theirs != ours) {
      ADD_FAILURE() << "final score differs, size " << size << " seed " << seed << ": GNU Go " << theirs
                    << ", Tengen " << ours << "\n" << game.board().to_string();
      return false;
    }
    ++totals.scored;
  }
  return true;
}

TEST(GnuGoOracle, RandomGamesAgreeOnLegalityCapturesAndScore) {
  if (access(kGnuGo, X_OK) != 0) {
    FAIL() << kGnuGo << " not found: install Debian's gnugo package (the README's test command does).";
  }
  int total_games = 300;
  if (const char* env = std::getenv("TENGEN_ORACLE_GAMES")) total_games = std::max(3, std::atoi(env));
  // Half the games on 9x9, a third on 13x13, the rest on 19x19: small boards give many endings.
  const int n9 = total_games / 2, n13 = total_games / 3, n19 = total_games - n9 - n13;
  testutil::GtpProcess gnugo({kGnuGo, "--mode", "gtp", "--chinese-rules", "--level", "0"});
  OracleTotals totals;
  const std::pair<int, int> plan[] = {{9, n9}, {13, n13}, {19, n19}};
  uint64_t seed = 1000;
  for (auto [size, games] : plan)
    for (int g = 0; g < games; ++g)
      if (!play_one_game(gnugo, size, seed++, totals)) return;
  std::cout << "[ oracle   ] " << totals.games << " games, " << totals.moves << " moves, " << totals.scored
            << " scored to the end, " << totals.superko_differences << " superko-only differences\n";
  EXPECT_EQ(totals.games, total_games);
  EXPECT_GE(totals.scored, total_games * 9 / 10);  // nearly every random game ends with two passes
}

}  // namespace
}  // namespace tengen

#include "app/value_positions.h"

#include <iostream>
#include <memory>

#include "app/weights_locator.h"
#include "mcts/ownership.h"
#include "rollout/pattern_policy.h"
#include "data/value_data.h"

namespace tengen::app {

namespace {

// One split's records with their final-owner rows (kNoOwners where there is none).
struct Part {
  std::vector<nn::GameRecord> records;
  std::vector<uint32_t> rows;
  std::vector<int8_t> table;
};

// Appends the final owners of `game` (a counted game: its last position, dead strings removed) as a
// new row of the table and returns its index, or kNoOwners for a game that was not counted.
uint32_t add_final_owners(const nn::GameRecord& game, const nn::PatternPolicy* rollout, int rollouts, Part& part) {
  if (game.margin2 == 0 || game.winner == 0) return nn::PositionIndex::kNoOwners;
  Game g;
  if (nn::replay_record(game, static_cast<int>(game.moves.size()), g, /*positional_superko=*/false))
    return nn::PositionIndex::kNoOwners;
  const auto& m = g.moves();
  const Point last = m.empty() ? kNoPoint : m.back().point;
  const Point second = m.size() < 2 ? kNoPoint : m[m.size() - 2].point;
  const mcts::Verdict v =
      mcts::judge_strings(g.board(), mcts::estimate_ownership(g.board(), last, second, rollout, rollouts, game.id));
  const int n = game.size;
  const uint32_t row = static_cast<uint32_t>(part.table.size() / (static_cast<size_t>(n) * n));
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) part.table.push_back(static_cast<int8_t>(v.owners[make_point(x, y)]));
  return row;
}

void add_human(const ValuePositionOptions& o, const char* split, const nn::PatternPolicy* rollout, Part& part) {
  const nn::PositionIndex human = nn::PositionIndex::load(o.human_data, split);
  nn::ValueSampleCounts n;
  std::vector<uint32_t> source;
  std::vector<nn::GameRecord> extra = nn::positions_per_game(human.games(), o.per_game, o.seed, &n, &source);
  std::cerr << "human games (" << split << "): " << n.positions << " positions from " << n.games
            << " decided games; skipped " << n.no_result << " without a winner, " << n.no_moves << " without moves\n";
  std::vector<uint32_t> row_of_game(human.games().size(), nn::PositionIndex::kNoOwners);
  if (o.final_owners) {
    int64_t counted = 0;
    for (size_t g = 0; g < human.games().size(); ++g) {
      row_of_game[g] = add_final_owners(human.games()[g], rollout, o.owner_rollouts, part);
      counted += row_of_game[g] != nn::PositionIndex::kNoOwners;
    }
    std::cerr << "  final owners of " << counted << " counted games (" << o.owner_rollouts << " rollouts each); the "
              << human.games().size() - counted << " others mask the ownership head\n";
  }
  for (size_t i = 0; i < extra.size(); ++i) part.rows.push_back(row_of_game[source[i]]);
  part.records.insert(part.records.end(), std::make_move_iterator(extra.begin()), std::make_move_iterator(extra.end()));
}

std::shared_ptr<const nn::PositionIndex> index_of(Part& part, bool final_owners) {
  auto index = std::make_shared<nn::PositionIndex>(std::move(part.records), nn::PositionIndex::Positions::kFinal);
  if (final_owners) index->set_final_owners(std::move(part.table), std::move(part.rows));
  return index;
}

}  // namespace

ValuePositions load_value_positions(const ValuePositionOptions& o) {
  Part train, val;
  if (!o.selfplay.empty()) {
    nn::ValueSplit split = nn::load_value_split(nn::value_shard_files(o.selfplay), o.val_per_mille);
    train.records = std::move(split.train);
    val.records = std::move(split.val);
  }
  const size_t selfplay_train = train.records.size();
  if (o.game_stride > 0) {
    const nn::ValueSplit games = nn::load_value_split(nn::value_shard_files(o.selfplay, "selfplay-"), o.val_per_mille);
    for (auto [from, to] : {std::pair{&games.train, &train.records}, {&games.val, &val.records}}) {
      std::vector<nn::GameRecord> extra = nn::positions_every(*from, o.game_stride, o.seed);
      std::cerr << "self-play games: " << extra.size() << (to == &train.records ? " training" : " validation")
                << " positions (every " << o.game_stride << "th of " << from->size() << " games)\n";
      to->insert(to->end(), std::make_move_iterator(extra.begin()), std::make_move_iterator(extra.end()));
    }
  }
  const size_t selfplay_total = train.records.size();
  train.rows.assign(train.records.size(), nn::PositionIndex::kNoOwners);
  val.rows.assign(val.records.size(), nn::PositionIndex::kNoOwners);
  if (!o.human_data.empty()) {
    std::unique_ptr<nn::PatternPolicy> rollout;
    const std::string rollout_path = o.final_owners ? require_shipped_weights("rollout-policy.safetensors", "the shipped rollout policy") : "";
    rollout = load_pattern_policy(rollout_path, nn::PatternPolicyKind::kRollout, "the shipped rollout policy");
    add_human(o, "train", rollout.get(), train);
    add_human(o, "val", rollout.get(), val);
  }
  if (train.records.empty() || val.records.empty())
    throw nn::DatasetError("need value positions in both splits (" + std::to_string(train.records.size()) +
                           " train, " + std::to_string(val.records.size()) + " validation): generate more games");
  std::cerr << "value positions: " << train.records.size() << " training (" << selfplay_train << " self-play value, "
            << selfplay_total - selfplay_train << " self-play game, " << train.records.size() - selfplay_total
            << " human), " << val.records.size() << " validation\n";
  return {index_of(train, o.final_owners), index_of(val, o.final_owners)};
}

}  // namespace tengen::app

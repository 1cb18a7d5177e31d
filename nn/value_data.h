// Value-network training data written by `tengen selfplay --value-data`: shards of one record per
// game, each holding the moves up to the sampled position (the position after its last move) and
// the game's final result (spec §5.2). The split into training and validation is by game id, as in
// `tengen dataset build` (DatasetBuilder::is_validation), so it never depends on file order.
// Thread-safety: free functions.
#pragma once

#include <string>
#include <vector>

#include "nn/dataset.h"

namespace tengen::nn {

// The value shards under each input: a file is taken as it is; a folder contributes
// <prefix>*.tgd.zst found in it or its shards/ subfolder. Sorted; throws DatasetError if none.
// prefix "value-": one position per game; "selfplay-": the whole games of a self-play job.
std::vector<std::string> value_shard_files(const std::vector<std::string>& inputs, const std::string& prefix = "value-");

// A value record: the game's first `moves` moves (the position after them), its result and komi,
// with the id of the shortened record (ids always match their moves).
GameRecord value_record(const GameRecord& game, size_t moves);

struct ValueSplit {
  std::vector<GameRecord> train, val;
};
// Reads the shards and splits their records: id % 1000 < val_per_mille goes to validation.
ValueSplit load_value_split(const std::vector<std::string>& files, int val_per_mille);

// One position per game from human game records (e.g. a `tengen dataset build` split), in the value
// data's form: each decided game (winner != 0) truncated after a move number drawn uniformly from
// 1..its length by an RNG seeded from (seed, game id). One position per game keeps the correlated
// neighbours of a game out, which is what made the paper's all-positions KGS value net overfit.
std::vector<GameRecord> one_position_per_game(const std::vector<GameRecord>& games, uint64_t seed);

// Many positions per game, in the value data's form: each decided game truncated after moves
// o, o + stride, o + 2·stride, ... (o drawn in 1..stride from (seed, game id)). Neighbouring positions
// share their label, so this overfits sooner than one position per game; it is for small self-play
// sets, with validation on held-out games.
std::vector<GameRecord> positions_every(const std::vector<GameRecord>& games, int stride, uint64_t seed);

}  // namespace tengen::nn

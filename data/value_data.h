// Value-network training data written by `tengen selfplay --value-data`: shards of one record per
// game, each holding the moves up to the sampled position (the position after its last move) and
// the game's final result (docs/ALPHAGO.md §5.2). The split into training and validation is by game id, as in
// `tengen dataset build` (DatasetBuilder::is_validation), so it never depends on file order.
// Thread-safety: free functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.h"

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

// How positions_per_game used the records it was given (printed by `tengen train value`).
struct ValueSampleCounts {
  int64_t games = 0;      // decided games that gave positions
  int64_t no_result = 0;  // skipped: no winner (RE[?], RE[Void], RE[], a draw, no RE at all)
  int64_t no_moves = 0;   // skipped: decided but without a move
  int64_t positions = 0;  // records returned
};

// Value positions from human game records (e.g. a `tengen dataset build` split), in the value data's
// form: each decided game (winner != 0; a resignation or a time win counts) cut into min(K, moves)
// equal stretches of moves, one position drawn uniformly in each by an RNG seeded from (seed, game
// id, stretch), the record truncated after it. K = 1 is one position per game. A few positions per
// game, not all: successive positions share the game's label, and a network fed every position of
// every game memorises results (the paper's all-positions KGS value net: test MSE twice training).
// Undecided games are skipped and counted, never labelled.
// source (when given) receives, for each record returned, the index in `games` of its game.
std::vector<GameRecord> positions_per_game(const std::vector<GameRecord>& games, int per_game, uint64_t seed,
                                           ValueSampleCounts* counts = nullptr, std::vector<uint32_t>* source = nullptr);

// Many positions per game, in the value data's form: each decided game truncated after moves
// o, o + stride, o + 2·stride, ... (o drawn in 1..stride from (seed, game id)). Neighbouring positions
// share their label, so this overfits sooner than one position per game; it is for small self-play
// sets, with validation on held-out games.
std::vector<GameRecord> positions_every(const std::vector<GameRecord>& games, int stride, uint64_t seed);

}  // namespace tengen::nn

// SGF (FF[4]) reading and writing of a game's main line, standard library only.
// Contract: parse_sgf never throws and never crashes on any input; a malformed text gives an
// SgfError naming the source and the line:column. Unknown properties are kept (root) or skipped.
// Variations: only the main line (the first child at every branch) is taken.
// Thread-safety: free functions on values; safe to call from any thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/game.h"
#include "engine/types.h"

namespace tengen {

struct SgfGame {
  int size = 19;                     // SZ; 0 for a rectangle (SZ[19:13]). Moves and set-up are
                                     // decoded only for sizes up to 19 (Point cannot hold more).
  std::optional<double> komi;        // KM, if present and numeric
  int handicap = 0;                  // HA
  std::string rules;                 // RU as written
  std::string result;                // RE as written
  std::string black_name, white_name, black_rank, white_rank, date, event;
  std::vector<std::pair<Point, Color>> setup;  // AB / AW in the root (AE ignored in the root)
  std::vector<Move> moves;                     // B / W of the main line, passes as kPass
  std::optional<Color> first_player;           // PL in the root, if any
  // Every root property as read (including the ones above and unknown ones), values unescaped.
  std::map<std::string, std::vector<std::string>> root_properties;
};

struct SgfError {
  std::string source;  // file name or archive member
  int line = 0, column = 0;
  std::string message;
  std::string to_string() const;  // "file.sgf:3:17: unterminated property value"
};

struct SgfParseResult {
  std::vector<SgfGame> games;      // a collection may hold several game trees
  std::optional<SgfError> error;   // set when the text is malformed; games then holds those read
};

SgfParseResult parse_sgf(std::string_view text, std::string_view source_name);

// Writes one game tree, FF[4] GM[1], with SZ, KM, HA, RU, RE, PB/PW/BR/WR/DT/EV, AB/AW, the moves
// (passes as empty values), and the unknown root properties that were kept.
std::string write_sgf(const SgfGame& game);

// Builds a Game from the record: set-up stones, then the moves in order with their own colours
// (never assuming alternation). On an illegal move returns the error text
// ("illegal move at move 57 (W D4): point occupied") and leaves `out` at the position before it.
std::optional<std::string> replay_sgf(const SgfGame& record, Game& out, GameRules rules);
// The same, also giving the rule an illegal move broke (kNone for other failures), so callers can
// tell positional-superko-only failures (legal under Japanese rules) from broken records.
std::optional<std::string> replay_sgf(const SgfGame& record, Game& out, GameRules rules, MoveError* error);

// The rules a record was played under: its RU property read as a rule set (read_rules: "Japanese",
// "Chinese", "AGA", "NZ", KataGo's JSON form, ...), komi from `current`; `current` itself when RU is
// absent or names no rule set Tengen knows (replay_sgf then sets the komi from KM either way).
GameRules record_rules(const SgfGame& record, const GameRules& current);

// Record of a finished or unfinished Game, for printsgf and self-play output. RU names the rules
// (rules_name) when they are not Tengen's default.
SgfGame sgf_from_game(const Game& game);

}  // namespace tengen

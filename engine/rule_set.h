// Rule sets: what a game is played and scored under (GameRules: ko rule, scoring rule, seki tax,
// handicap compensation, komi), and the one reader of KataGo's rule names ("japanese", "aga", ...)
// and of its JSON form ({"ko":"SIMPLE","scoring":"TERRITORY",...}, as kata-get-rules prints it),
// shared by GTP's kata-set-rules, loadsgf's RU property and `tengen analysis`'s "rules" field.
// Contract: read_rules never throws; it answers the rules Tengen will apply, the ways they differ
// from what was asked (Tengen never allows suicide and has no button), or why the text was refused.
// The default GameRules are Tengen's historical ones: area scoring, positional superko, komi 7.5.
// Standard library only (no JSON library: the rules object is flat, read by a small reader here).
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tengen {

// SIMPLE: only the immediate recapture of a single-stone ko is refused. POSITIONAL: no move may
// recreate an earlier board. SITUATIONAL: no move may recreate an earlier board with the same side
// to move. Passes never break a ko rule.
enum class KoRule : uint8_t { kSimple, kPositional, kSituational };
// AREA: stones plus surrounded points. TERRITORY: surrounded points plus prisoners (Japanese count).
enum class ScoringRule : uint8_t { kArea, kTerritory };
// NONE: every surrounded point counts. SEKI: points surrounded by strings in seki count for nobody
// (Japanese rules). KataGo's ALL (stone scoring's group tax) is not applied: read as NONE, with a note.
enum class TaxRule : uint8_t { kNone, kSeki };
// Points White receives in a handicap game of N stones: 0, N-1 (AGA) or N (Chinese).
enum class HandicapBonus : uint8_t { kZero, kNMinusOne, kN };

struct GameRules {
  double komi = 7.5;
  KoRule ko = KoRule::kPositional;
  ScoringRule scoring = ScoringRule::kArea;
  TaxRule tax = TaxRule::kNone;
  HandicapBonus white_handicap_bonus = HandicapBonus::kZero;
  // Recorded and reported only: Tengen's final_score takes dead stones off by judging the position,
  // so a game ended by passes is never scored with dead stones on the board either way.
  bool friendly_pass_ok = false;

  bool positional_superko() const { return ko == KoRule::kPositional; }
  bool operator==(const GameRules& o) const {
    return komi == o.komi && ko == o.ko && scoring == o.scoring && tax == o.tax &&
           white_handicap_bonus == o.white_handicap_bonus && friendly_pass_ok == o.friendly_pass_ok;
  }
  bool operator!=(const GameRules& o) const { return !(*this == o); }
};

struct RulesReading {
  std::optional<GameRules> rules;  // what Tengen applies; absent when refused
  std::string name;                // the rule set's KataGo name ("japanese"), "" for the JSON form
  // Where Tengen plays differently from what was asked, one sentence each (button, tax ALL).
  std::vector<std::string> notes;
  // The rules allow multi-stone suicide, which Tengen always refuses (kSuicideNote says so). Apart
  // from the notes: it matters only when such a move is played, and that move's error names it.
  bool suicide_asked = false;
  std::string error;  // why refused, naming the bad word or field and what is accepted
};

// A KataGo rule-set name (case, '-', '_' and spaces ignored: "Japanese", "chinese_ogs", "NZ") or the
// JSON form. Komi comes from `base` unless the JSON form gives "komi"; for the JSON form, fields
// left out take KataGo's defaults (Tromp-Taylor's; tax SEKI under territory scoring).
RulesReading read_rules(std::string_view text, const GameRules& base);

extern const char* const kSuicideNote;

// The rules as kata-get-rules answers (KataGo's keys, sorted, no komi): what Tengen applies, so
// "suicide" and "hasButton" are always false.
std::string rules_json(const GameRules& rules);

// The first name of rules_names() that read_rules turns into `rules` (komi aside), else rules_json:
// what printsgf writes as RU, which loadsgf reads back.
std::string rules_name(const GameRules& rules);

// "ko SIMPLE, scoring TERRITORY, tax SEKI, komi 6.5": for logs and messages.
std::string rules_summary(const GameRules& rules);

// The names read_rules knows, in KataGo's order, for error messages and documentation.
const std::vector<std::string>& rules_names();

const char* ko_rule_name(KoRule k);  // "SIMPLE", "POSITIONAL", "SITUATIONAL"

}  // namespace tengen

// GTP's rule-set commands (KataGo's extensions) and the rules-aware final_score:
//   kata-get-rules            the rules in KataGo's JSON form (engine/rule_set.h: what Tengen applies)
//   kata-set-rules RULES      a KataGo name (japanese, chinese, aga, ...) or its JSON form
//   kata-set-rule KEY VALUE   one field of the JSON form, the others kept
//   kgs-rules RULES           kgsGtp's names (chinese means chinese-kgs, as in KataGo)
// Changing the rules replays the game under them and refuses, changing nothing, when a move played
// becomes illegal (a repetition that positional superko forbids). Komi stays as `komi` set it unless
// the JSON form gives one. What Tengen cannot apply (multi-stone suicide, the button, tax ALL) is
// said on the log stream. The search keeps evaluating positions by area under every rule set.
// Thread-safety: part of GtpSession; one thread at a time, as the session.
#include <cmath>
#include <ostream>
#include <set>

#include "gtp/gtp_session.h"

namespace tengen::gtp {

namespace {

std::string joined(const std::vector<std::string>& a, size_t from = 0) {
  std::string s;
  for (size_t i = from; i < a.size(); ++i) s += (i > from ? " " : "") + a[i];
  return s;
}

// The JSON form of `current` with KEY set to VALUE (later keys win in read_rules).
std::string with_field(const GameRules& current, const std::string& key, const std::string& value) {
  std::string json = rules_json(current);
  json.pop_back();  // the closing '}'
  const bool bare = key == "suicide" || key == "hasButton" || key == "friendlyPassOk" || key == "komi";
  return json + ",\"" + key + "\":" + (bare ? value : "\"" + value + "\"") + "}";
}

// Every stone of the strings whose heads are listed, over dense_index.
Bitboard stones_of(const Board& b, const std::vector<Point>& heads) {
  Bitboard out;
  for (Point h : heads) {
    Point s = h;
    do {
      out.set(dense_index(s));
      s = b.next_in_string(s);
    } while (s != h);
  }
  return out;
}

}  // namespace

void GtpSession::register_rules_commands() {
  commands_["kata-get-rules"] = [this](const Command& c) {
    return c.args.empty() ? Reply{true, rules_json(game_.rules())} : Reply{false, "syntax error"};
  };
  commands_["kata-set-rules"] = [this](const Command& c) { return set_rules(joined(c.args)); };
  commands_["kgs-rules"] = [this](const Command& c) {
    if (c.args.size() != 1) return Reply{false, "syntax error"};
    return set_rules(c.args[0] == "chinese" ? "chinese-kgs" : c.args[0]);
  };
  commands_["kata-set-rule"] = [this](const Command& c) {
    if (c.args.size() != 2 || c.args[1].find_first_of("\"\\{}") != std::string::npos) return Reply{false, "syntax error"};
    return set_rules(with_field(game_.rules(), c.args[0], c.args[1]));
  };
}

Reply GtpSession::set_rules(const std::string& text) {
  if (text.empty()) return Reply{false, "syntax error: give a rule-set name (e.g. japanese) or KataGo's JSON form"};
  const RulesReading reading = read_rules(text, game_.rules());
  if (!reading.rules) return Reply{false, reading.error};
  if (const std::string why = komi_error(reading.rules->komi, game_.size()); !why.empty()) return Reply{false, why};
  if (const std::optional<std::string> why = game_.set_rules(*reading.rules))
    return Reply{false, "cannot change the rules of this game: " + *why};
  if (log_) {
    *log_ << "rules: " << (reading.name.empty() ? std::string("as given") : reading.name) << " ("
          << rules_summary(game_.rules()) << ")";
    if (game_.rules().scoring == ScoringRule::kTerritory)
      *log_ << "; final_score counts territory and prisoners, the search still evaluates by area";
    *log_ << "\n";
    if (reading.suicide_asked) *log_ << "rules: " << kSuicideNote << "\n";
    for (const std::string& note : reading.notes) *log_ << "rules: " << note << "\n";
    *log_ << std::flush;
  }
  return Reply{true, ""};
}

// The game's scoring rule after taking the dead strings off (mcts/ownership.h's judgement). Area
// scoring without a seki tax keeps the judgement's own area count, as before rule sets existed;
// territory scoring counts surrounded points and prisoners (dead stones among them), and the seki
// tax leaves the points inside strings in seki to nobody.
std::string GtpSession::final_score() const {
  const mcts::Verdict verdict = player_.judge(game_);
  const GameRules& r = game_.rules();
  if (r.scoring == ScoringRule::kArea && r.tax == TaxRule::kNone)
    return Game::score_text(verdict.area_difference - game_.white_compensation());
  const Board& b = game_.board();
  return Game::score_text(game_.final_score(stones_of(b, verdict.dead), stones_of(b, verdict.seki)));
}

}  // namespace tengen::gtp

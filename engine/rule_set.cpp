#include "engine/rule_set.h"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "engine/text_number.h"

namespace tengen {

namespace {

// What was asked, before Tengen's limits apply: KataGo's fields one for one.
enum class Tax : uint8_t { kNone, kSeki, kAll };
struct Requested {
  KoRule ko = KoRule::kPositional;
  ScoringRule scoring = ScoringRule::kArea;
  Tax tax = Tax::kNone;
  bool suicide = true;
  bool button = false;
  HandicapBonus whb = HandicapBonus::kZero;
  bool friendly_pass_ok = false;
  std::optional<double> komi;
};

struct NamedRules {
  const char* name;      // KataGo's name
  const char* keys[3];   // spellings after normalise(): '-', '_', ' ' dropped, lower case
  Requested rules;
};

using K = KoRule;
using S = ScoringRule;
using W = HandicapBonus;
// KataGo's docs/GTP_Extensions.md table (and its rules.cpp aliases), in its order.
const std::array<NamedRules, 11> kNamed = {{
    {"tromp-taylor", {"tromptaylor"}, {K::kPositional, S::kArea, Tax::kNone, true, false, W::kZero, false, {}}},
    {"chinese", {"chinese"}, {K::kSimple, S::kArea, Tax::kNone, false, false, W::kN, true, {}}},
    {"chinese-ogs", {"chineseogs"}, {K::kPositional, S::kArea, Tax::kNone, false, false, W::kN, true, {}}},
    {"chinese-kgs", {"chinesekgs"}, {K::kPositional, S::kArea, Tax::kNone, false, false, W::kN, true, {}}},
    {"japanese", {"japanese"}, {K::kSimple, S::kTerritory, Tax::kSeki, false, false, W::kZero, false, {}}},
    {"korean", {"korean"}, {K::kSimple, S::kTerritory, Tax::kSeki, false, false, W::kZero, false, {}}},
    {"stone-scoring", {"stonescoring", "ancientarea"}, {K::kSimple, S::kArea, Tax::kAll, false, false, W::kZero, true, {}}},
    {"aga", {"aga", "french"}, {K::kSituational, S::kArea, Tax::kNone, false, false, W::kNMinusOne, true, {}}},
    {"bga", {"bga"}, {K::kSituational, S::kArea, Tax::kNone, false, false, W::kNMinusOne, true, {}}},
    {"new-zealand", {"newzealand", "nz"}, {K::kSituational, S::kArea, Tax::kNone, true, false, W::kZero, true, {}}},
    {"aga-button", {"agabutton"}, {K::kSituational, S::kArea, Tax::kNone, false, true, W::kNMinusOne, true, {}}},
}};

std::string normalise(std::string_view text) {
  std::string out;
  for (char ch : text)
    if (ch != '-' && ch != '_' && ch != ' ' && ch != '\t') out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::string upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// ---- A reader of one flat JSON object: string keys, values string, number, true or false. ----

struct JsonValue {
  enum class Type { kString, kNumber, kBool } type = Type::kString;
  std::string text;  // the string, or the number as written, or "true"/"false"
  double number = 0;
  bool boolean = false;
};
struct JsonField {
  std::string key;
  JsonValue value;
};

class FlatJsonReader {
 public:
  explicit FlatJsonReader(std::string_view s) : s_(s) {}

  // The fields in order, or nullopt with error() set.
  std::optional<std::vector<JsonField>> read() {
    std::vector<JsonField> fields;
    if (!expect('{')) return std::nullopt;
    if (peek() == '}') return finish(fields);
    while (true) {
      JsonField f;
      if (!string_token(f.key) || !expect(':') || !value(f.value)) return std::nullopt;
      fields.push_back(std::move(f));
      const char ch = peek();
      if (ch == '}') return finish(fields);
      if (!expect(',')) return std::nullopt;
    }
  }
  const std::string& error() const { return error_; }

 private:
  std::optional<std::vector<JsonField>> finish(std::vector<JsonField>& fields) {
    ++i_;  // the '}'
    skip_space();
    if (i_ != s_.size()) return fail("text after the closing '}'");
    return std::move(fields);
  }
  std::nullopt_t fail(const std::string& why) {
    if (error_.empty()) error_ = "malformed rules JSON at character " + std::to_string(i_ + 1) + ": " + why;
    return std::nullopt;
  }
  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  char peek() {
    skip_space();
    return i_ < s_.size() ? s_[i_] : '\0';
  }
  bool expect(char ch) {
    if (peek() != ch) return fail(std::string("expected '") + ch + "'"), false;
    ++i_;
    return true;
  }
  bool string_token(std::string& out) {
    if (!expect('"')) return false;
    for (; i_ < s_.size(); ++i_) {
      char ch = s_[i_];
      if (ch == '"') return ++i_, true;
      if (ch == '\\') {  // the rules' words never need escapes beyond these
        if (++i_ == s_.size() || (s_[i_] != '"' && s_[i_] != '\\' && s_[i_] != '/'))
          return fail("unsupported escape in a string"), false;
        ch = s_[i_];
      }
      out += ch;
    }
    return fail("unterminated string"), false;
  }
  bool value(JsonValue& v) {
    const char ch = peek();
    if (ch == '"') return string_token(v.text);
    size_t end = i_;
    while (end < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[end])) || s_[end] == '.' ||
                               s_[end] == '-' || s_[end] == '+'))
      ++end;
    v.text = std::string(s_.substr(i_, end - i_));
    if (v.text == "true" || v.text == "false") {
      v.type = JsonValue::Type::kBool;
      v.boolean = v.text == "true";
    } else if (const std::optional<double> n = parse_plain_decimal(v.text, 12)) {
      v.type = JsonValue::Type::kNumber;
      v.number = *n;
    } else {
      return fail(ch == '{' || ch == '[' ? "values must be strings, numbers or true/false" : "bad value"), false;
    }
    i_ = end;
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string error_;
};

// ---- The JSON form's fields. ----

const char* kJsonKeys = "ko, scoring, tax, suicide, hasButton, whiteHandicapBonus, friendlyPassOk, komi";

// One enumerated field: the value's index in `names` (case ignored), or an error naming them.
std::optional<int> choice(const JsonField& f, const std::vector<std::string>& names, std::string& error) {
  const std::string v = upper(f.value.text);
  for (size_t i = 0; i < names.size(); ++i)
    if (f.value.type == JsonValue::Type::kString && v == names[i]) return static_cast<int>(i);
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  error = "rules field '" + f.key + "' must be one of " + list + ", got '" + f.value.text + "'";
  return std::nullopt;
}

std::optional<bool> boolean(const JsonField& f, std::string& error) {
  if (f.value.type == JsonValue::Type::kBool) return f.value.boolean;
  error = "rules field '" + f.key + "' must be true or false, got '" + f.value.text + "'";
  return std::nullopt;
}

// Applies one field to `r`; false with `error` set when the key or its value is wrong.
bool apply_field(const JsonField& f, Requested& r, bool& tax_given, std::string& error) {
  const std::string& k = f.key;
  if (k == "ko" || k == "koRule") {
    if (f.value.type == JsonValue::Type::kString && upper(f.value.text) == "SPIGHT")
      return error = "ko rule SPIGHT is not supported (Tengen knows SIMPLE, POSITIONAL, SITUATIONAL)", false;
    const auto i = choice(f, {"SIMPLE", "POSITIONAL", "SITUATIONAL"}, error);
    if (i) r.ko = static_cast<KoRule>(*i);
    return i.has_value();
  }
  if (k == "scoring" || k == "score" || k == "scoringRule") {
    const auto i = choice(f, {"AREA", "TERRITORY"}, error);
    if (i) r.scoring = static_cast<ScoringRule>(*i);
    return i.has_value();
  }
  if (k == "tax" || k == "taxRule") {
    const auto i = choice(f, {"NONE", "SEKI", "ALL"}, error);
    if (i) r.tax = static_cast<Tax>(*i), tax_given = true;
    return i.has_value();
  }
  if (k == "whiteHandicapBonus") {
    const auto i = choice(f, {"0", "N-1", "N"}, error);
    if (i) r.whb = static_cast<HandicapBonus>(*i);
    return i.has_value();
  }
  if (k == "suicide" || k == "multiStoneSuicideLegal" || k == "hasButton" || k == "friendlyPassOk") {
    const auto b = boolean(f, error);
    if (!b) return false;
    (k == "hasButton" ? r.button : k == "friendlyPassOk" ? r.friendly_pass_ok : r.suicide) = *b;
    return true;
  }
  if (k == "komi") {
    const double km = f.value.number;
    if (f.value.type != JsonValue::Type::kNumber || std::fabs(km) > 150 || std::fabs(km * 2 - std::round(km * 2)) > 1e-9)
      return error = "rules field 'komi' must be an integer or half-integer from -150 to 150, got '" + f.value.text + "'", false;
    r.komi = km;
    return true;
  }
  error = "unknown rules field '" + k + "' (known: " + kJsonKeys + ")";
  return false;
}

RulesReading from_json(std::string_view text, Requested& r) {
  RulesReading out;
  FlatJsonReader reader(text);
  const std::optional<std::vector<JsonField>> fields = reader.read();
  if (!fields) return out.error = reader.error(), out;
  bool tax_given = false;
  for (const JsonField& f : *fields)
    if (!apply_field(f, r, tax_given, out.error)) return out;
  if (!tax_given) r.tax = r.scoring == ScoringRule::kTerritory ? Tax::kSeki : Tax::kNone;  // KataGo's default
  return out;
}

// What Tengen applies of `r`, and a note for each difference.
RulesReading apply(const Requested& r, const GameRules& base, RulesReading out) {
  GameRules g;
  g.komi = r.komi.value_or(base.komi);
  g.ko = r.ko;
  g.scoring = r.scoring;
  g.tax = r.tax == Tax::kSeki ? TaxRule::kSeki : TaxRule::kNone;
  g.white_handicap_bonus = r.whb;
  g.friendly_pass_ok = r.friendly_pass_ok;
  out.suicide_asked = r.suicide;
  if (r.button) out.notes.push_back("button Go is not supported: no button point is awarded");
  if (r.tax == Tax::kAll)
    out.notes.push_back("tax ALL (two points per group) is not applied: scored with tax NONE");
  out.rules = g;
  return out;
}

}  // namespace

const char* const kSuicideNote =
    "multi-stone suicide is allowed by these rules but not by Tengen: such moves are refused";

RulesReading read_rules(std::string_view raw, const GameRules& base) {
  const std::string text = trim(raw);
  Requested r;
  if (!text.empty() && text[0] == '{') {
    RulesReading out = from_json(text, r);
    if (!out.error.empty()) return out;
    return apply(r, base, std::move(out));
  }
  const std::string key = normalise(text);
  for (const NamedRules& n : kNamed)
    for (const char* k : n.keys)
      if (k && key == k) {
        RulesReading out;
        out.name = n.name;
        return apply(n.rules, base, std::move(out));
      }
  RulesReading out;
  std::string list;
  for (const std::string& n : rules_names()) list += (list.empty() ? "" : ", ") + n;
  out.error = "unknown rules '" + text + "' (known: " + list + ", or KataGo's JSON form such as " +
              "{\"ko\":\"SIMPLE\",\"scoring\":\"TERRITORY\"})";
  return out;
}

const std::vector<std::string>& rules_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const NamedRules& n : kNamed) v.push_back(n.name);
    return v;
  }();
  return names;
}

std::string rules_name(const GameRules& rules) {
  for (const std::string& name : rules_names())
    if (read_rules(name, rules).rules == rules) return name;
  return rules_json(rules);
}

const char* ko_rule_name(KoRule k) {
  switch (k) {
    case KoRule::kSimple: return "SIMPLE";
    case KoRule::kPositional: return "POSITIONAL";
    case KoRule::kSituational: return "SITUATIONAL";
  }
  return "POSITIONAL";
}

namespace {
const char* scoring_name(ScoringRule s) { return s == ScoringRule::kTerritory ? "TERRITORY" : "AREA"; }
const char* tax_name(TaxRule t) { return t == TaxRule::kSeki ? "SEKI" : "NONE"; }
const char* bonus_name(HandicapBonus b) {
  return b == HandicapBonus::kN ? "N" : b == HandicapBonus::kNMinusOne ? "N-1" : "0";
}
}  // namespace

std::string rules_json(const GameRules& r) {
  return std::string("{\"friendlyPassOk\":") + (r.friendly_pass_ok ? "true" : "false") +
         ",\"hasButton\":false,\"ko\":\"" + ko_rule_name(r.ko) + "\",\"scoring\":\"" + scoring_name(r.scoring) +
         "\",\"suicide\":false,\"tax\":\"" + tax_name(r.tax) + "\",\"whiteHandicapBonus\":\"" +
         bonus_name(r.white_handicap_bonus) + "\"}";
}

std::string rules_summary(const GameRules& r) {
  char komi[32];
  std::snprintf(komi, sizeof komi, "%g", r.komi);
  return std::string("ko ") + ko_rule_name(r.ko) + ", scoring " + scoring_name(r.scoring) + ", tax " +
         tax_name(r.tax) + ", white handicap bonus " + bonus_name(r.white_handicap_bonus) + ", komi " + komi;
}

}  // namespace tengen

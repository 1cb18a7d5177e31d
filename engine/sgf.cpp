// SGF reader and writer (contract in engine/sgf.h).
// Design: one pass over the bytes with an explicit depth stack instead of recursion, so a file
// with thousands of nested variations cannot overflow the call stack. A node's properties are
// collected first and applied afterwards, because a root may list AB before SZ and points can only
// be checked once the size is known. The first error stops the parse: the games completed before
// it are returned with an SgfError carrying the byte position turned into line:column.
#include "engine/sgf.h"
#include "engine/text_number.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace tengen {
namespace {

struct RawProperty {
  std::string ident;                 // upper-case letters only ("CoPyright" -> "CP")
  size_t offset = 0;                 // of the identifier
  std::vector<std::string> values;   // unescaped
  std::vector<size_t> value_offsets; // of each '['
};
using Node = std::vector<RawProperty>;

struct Failure {
  size_t offset;
  std::string message;
};
using MaybeFailure = std::optional<Failure>;

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

std::string describe_char(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  char buf[16];
  if (u >= 0x20 && u < 0x7f) std::snprintf(buf, sizeof buf, "'%c'", c);
  else std::snprintf(buf, sizeof buf, "byte 0x%02x", u);
  return buf;
}

// 1-based line and column (in UTF-8 code points) of a byte offset. "\r\n", "\n" and a lone "\r"
// each end a line.
std::pair<int, int> location(std::string_view text, size_t offset) {
  int line = 1, column = 1;
  offset = std::min(offset, text.size());
  for (size_t i = 0; i < offset; ++i) {
    char c = text[i];
    if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++line;
      column = 1;
    } else if (c != '\r' && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column;  // continuation bytes do not start a new column
    }
  }
  return {line, column};
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

// Strict decimal numbers only ("6.5", "-20.00", "+3", ".5"); free text gives nullopt.
std::optional<double> parse_number(std::string_view raw) { return parse_plain_decimal(trim(raw), 15); }

std::optional<int> parse_int(std::string_view raw) { return parse_digits(trim(raw), 6); }

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  MaybeFailure parse_collection(std::vector<SgfGame>& games) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
    skip_space();
    if (at_end()) return Failure{pos_, "no game tree found (empty input)"};
    while (true) {
      skip_space();
      if (at_end()) return std::nullopt;
      if (peek() == ')' && !games.empty()) {  // a stray ')' after a complete tree (2 aeb files)
        ++pos_;
        continue;
      }
      if (peek() != '(') {
        return Failure{pos_, (games.empty() ? "expected '(' to start a game tree, found "
                                            : "unexpected text after a game tree: ") + describe_char(peek())};
      }
      SgfGame game;
      if (MaybeFailure f = parse_tree(game)) return f;
      games.push_back(std::move(game));
    }
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  void skip_space() {
    while (!at_end() && is_space(peek())) ++pos_;
  }

  // One game tree, from its '(' to the matching ')'. Nodes are applied only on the main line: a
  // subtree is on it when its parent is and it is the parent's first child.
  MaybeFailure parse_tree(SgfGame& game) {
    const size_t open = pos_++;
    std::vector<char> on_main{1}, child_seen{0};  // per open parenthesis, innermost last
    bool have_root = false;
    Node node;
    while (true) {
      skip_space();
      if (at_end()) {
        auto [line, column] = location(text_, open);
        return Failure{pos_, "unexpected end of input: the game tree opened at " + std::to_string(line) + ":" +
                                 std::to_string(column) + " is not closed (truncated file?)"};
      }
      const char c = peek();
      if (c == ';') {
        ++pos_;
        if (MaybeFailure f = parse_node(node)) return f;
        // A node after a closed variation at the same level is not valid SGF; it is ignored.
        if (on_main.back() && !child_seen.back()) {
          if (MaybeFailure f = apply_node(node, game, !have_root)) return f;
          have_root = true;
        }
      } else if (c == '(') {
        ++pos_;
        const bool main = on_main.back() && !child_seen.back();
        child_seen.back() = 1;
        on_main.push_back(main);
        child_seen.push_back(0);
      } else if (c == ')') {
        ++pos_;
        on_main.pop_back();
        child_seen.pop_back();
        if (on_main.empty()) break;
      } else {
        return Failure{pos_, "unexpected " + describe_char(c) + " in a game tree"};
      }
    }
    if (!have_root) return Failure{open, "empty game tree (no node)"};
    return std::nullopt;
  }

  // Properties after a ';' up to the next ';', '(' or ')'.
  MaybeFailure parse_node(Node& node) {
    node.clear();
    while (true) {
      skip_space();
      if (at_end() || !(is_upper(peek()) || is_lower(peek()))) return std::nullopt;
      RawProperty prop;
      prop.offset = pos_;
      std::string all;
      while (!at_end() && (is_upper(peek()) || is_lower(peek()))) {
        if (is_upper(peek())) prop.ident += peek();
        all += static_cast<char>(peek() & ~0x20);
        ++pos_;
      }
      // FF[3] allowed lower-case letters in names ("CoPyright" = CP); an all-lower-case name
      // ("ca") is read as its upper-case form.
      if (prop.ident.empty()) prop.ident = all;
      if (prop.ident.size() > 32) return Failure{prop.offset, "property name too long"};
      skip_space();
      if (at_end() || peek() != '[') return Failure{prop.offset, "property '" + prop.ident + "' has no value"};
      while (!at_end() && peek() == '[') {
        prop.value_offsets.push_back(pos_);
        prop.values.emplace_back();
        if (MaybeFailure f = parse_value(prop.values.back())) return f;
        skip_space();
      }
      node.push_back(std::move(prop));
    }
  }

  // A value from '[' to the unescaped ']'. "\x" gives x; a backslash before a line break removes
  // both (SGF soft line break).
  MaybeFailure parse_value(std::string& out) {
    const size_t open = pos_++;
    while (!at_end()) {
      const char c = text_[pos_++];
      if (c == ']') return std::nullopt;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at_end()) break;
      const char d = text_[pos_++];
      if (d == '\n' || d == '\r') {
        if (!at_end() && (peek() == '\n' || peek() == '\r') && peek() != d) ++pos_;
        continue;
      }
      out += d;
    }
    return Failure{open, "unterminated property value (missing ']')"};
  }

  // Point of a move or set-up stone, for boards up to 19x19.
  static MaybeFailure decode_point(const std::string& raw, size_t offset, int size, bool is_move, Point& out) {
    std::string v = trim(raw);
    if (is_move && (v.empty() || v == "tt")) {  // "tt" means pass only on boards up to 19x19
      out = kPass;
      return std::nullopt;
    }
    if (v.size() != 2 || !is_lower(v[0]) || !is_lower(v[1]))
      return Failure{offset, "bad point '" + v + "'"};
    int x = v[0] - 'a', y = v[1] - 'a';
    if (x >= size || y >= size)
      return Failure{offset, "point '" + v + "' is off the " + std::to_string(size) + "x" + std::to_string(size) + " board"};
    out = make_point(x, y);
    return std::nullopt;
  }

  // Set-up list, with the compressed form "aa:cc" (every point of the rectangle).
  static MaybeFailure decode_setup(const RawProperty& p, int size, std::vector<Point>& out) {
    for (size_t i = 0; i < p.values.size(); ++i) {
      const std::string& v = p.values[i];
      if (trim(v).empty()) continue;  // AB[] occurs in some editors' output; it means nothing
      size_t colon = v.find(':');
      Point a, b;
      if (MaybeFailure f = decode_point(v.substr(0, colon), p.value_offsets[i], size, false, a)) return f;
      b = a;
      if (colon != std::string::npos) {
        if (MaybeFailure f = decode_point(v.substr(colon + 1), p.value_offsets[i], size, false, b)) return f;
      }
      for (int y = std::min(point_y(a), point_y(b)); y <= std::max(point_y(a), point_y(b)); ++y)
        for (int x = std::min(point_x(a), point_x(b)); x <= std::max(point_x(a), point_x(b)); ++x)
          out.push_back(make_point(x, y));
    }
    return std::nullopt;
  }

  static const RawProperty* find(const Node& node, const char* ident) {
    for (const RawProperty& p : node)
      if (p.ident == ident) return &p;
    return nullptr;
  }
  static std::string joined(const RawProperty* p) {
    if (!p) return {};
    std::string s;
    for (size_t i = 0; i < p->values.size(); ++i) s += (i ? "," : "") + p->values[i];
    return s;
  }

  MaybeFailure apply_root(const Node& node, SgfGame& g) {
    for (const RawProperty& p : node) {
      std::vector<std::string>& vs = g.root_properties[p.ident];
      vs.insert(vs.end(), p.values.begin(), p.values.end());
    }
    if (const RawProperty* sz = find(node, "SZ")) {
      // "19" or "19:19"; a rectangle ("19:13") is read as size 0 (unsupported, not malformed).
      const std::string& v = sz->values[0];
      size_t colon = v.find(':');
      std::optional<int> cols = parse_int(v.substr(0, colon));
      std::optional<int> rows = colon == std::string::npos ? cols : parse_int(v.substr(colon + 1));
      if (!cols || !rows || *cols < 1 || *cols > 52 || *rows < 1 || *rows > 52)
        return Failure{sz->value_offsets[0], "bad SZ value '" + v + "'"};
      g.size = *cols == *rows ? *cols : 0;
    }
    if (const RawProperty* km = find(node, "KM")) g.komi = parse_number(km->values[0]);
    if (const RawProperty* ha = find(node, "HA")) g.handicap = parse_int(ha->values[0]).value_or(0);
    g.rules = joined(find(node, "RU"));
    g.result = joined(find(node, "RE"));
    g.black_name = joined(find(node, "PB"));
    g.white_name = joined(find(node, "PW"));
    g.black_rank = joined(find(node, "BR"));
    g.white_rank = joined(find(node, "WR"));
    g.date = joined(find(node, "DT"));
    g.event = joined(find(node, "EV"));
    return std::nullopt;
  }

  // Root properties (once), then set-up stones, PL and the move of any main-line node.
  MaybeFailure apply_node(const Node& node, SgfGame& g, bool is_root) {
    if (is_root) {
      if (MaybeFailure f = apply_root(node, g)) return f;
    }
    // Points exist only for boards up to 19x19; larger boards keep their root properties only.
    if (g.size < 1 || g.size > kMaxSize) return std::nullopt;
    const RawProperty* move = nullptr;
    for (const RawProperty& p : node) {
      const bool black = p.ident == "AB", white = p.ident == "AW";
      if (p.ident == "B" || p.ident == "W") {
        if (move) return Failure{p.offset, "node has two moves (B and W)"};
        move = &p;
      } else if (black || white || p.ident == "AE") {
        if (is_root && p.ident == "AE") continue;
        if (!g.moves.empty())
          return Failure{p.offset, "set-up stones (" + p.ident + ") after move " + std::to_string(g.moves.size()) +
                                       " are not supported"};
        std::vector<Point> pts;
        if (MaybeFailure f = decode_setup(p, g.size, pts)) return f;
        for (Point pt : pts) {
          auto same = [pt](const std::pair<Point, Color>& s) { return s.first == pt; };
          if (p.ident == "AE") g.setup.erase(std::remove_if(g.setup.begin(), g.setup.end(), same), g.setup.end());
          else g.setup.emplace_back(pt, black ? Color::kBlack : Color::kWhite);
        }
      } else if (p.ident == "PL" && g.moves.empty()) {
        std::string v = trim(p.values[0]);
        if (v == "B" || v == "b" || v == "1") g.first_player = Color::kBlack;
        if (v == "W" || v == "w" || v == "2") g.first_player = Color::kWhite;
      }
    }
    if (move) {
      Point pt;
      if (MaybeFailure f = decode_point(move->values[0], move->value_offsets[0], g.size, true, pt)) return f;
      g.moves.push_back(Move{move->ident == "B" ? Color::kBlack : Color::kWhite, pt});
    }
    return std::nullopt;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

std::string escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string point_text(Point p) {
  if (p == kPass) return "";
  return {static_cast<char>('a' + point_x(p)), static_cast<char>('a' + point_y(p))};
}

// Shortest decimal text that reads back as the same double ("6.5", "-20", "0.5").
std::string number_text(double v) {
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (parse_number(buf) == v) break;
  }
  return buf;
}

}  // namespace

std::string SgfError::to_string() const {
  return source + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

SgfParseResult parse_sgf(std::string_view text, std::string_view source_name) {
  SgfParseResult result;
  Parser parser(text);
  if (std::optional<Failure> f = parser.parse_collection(result.games)) {
    SgfError e;
    e.source = std::string(source_name);
    std::tie(e.line, e.column) = location(text, f->offset);
    e.message = std::move(f->message);
    result.error = std::move(e);
  }
  return result;
}

std::string write_sgf(const SgfGame& g) {
  // Properties written from the struct's fields; every other root property is copied as read.
  static const std::set<std::string> kOwn = {"GM", "FF", "CA", "SZ", "KM", "HA", "RU", "RE", "PB", "PW",
                                             "BR", "WR", "DT", "EV", "AB", "AW", "AE", "PL", "B",  "W"};
  std::string out = "(;GM[1]FF[4]CA[UTF-8]";
  auto prop = [&out](const char* ident, std::string_view value) {
    out += ident;
    out += '[' + escape(value) + ']';
  };
  auto root = g.root_properties.find("SZ");
  if (g.size == 0 && root != g.root_properties.end() && !root->second.empty()) prop("SZ", root->second[0]);
  else prop("SZ", std::to_string(g.size));
  if (g.komi) prop("KM", number_text(*g.komi));
  if (g.handicap > 0) prop("HA", std::to_string(g.handicap));
  const std::pair<const char*, const std::string*> texts[] = {
      {"RU", &g.rules},      {"RE", &g.result},     {"PB", &g.black_name}, {"BR", &g.black_rank},
      {"PW", &g.white_name}, {"WR", &g.white_rank}, {"DT", &g.date},       {"EV", &g.event}};
  for (const auto& [ident, value] : texts)
    if (!value->empty()) prop(ident, *value);
  if (g.first_player) prop("PL", *g.first_player == Color::kBlack ? "B" : "W");
  for (Color c : {Color::kBlack, Color::kWhite}) {
    bool first = true;
    for (const auto& [p, colour] : g.setup) {
      if (colour != c) continue;
      if (first) out += c == Color::kBlack ? "AB" : "AW";
      first = false;
      out += '[' + point_text(p) + ']';
    }
  }
  for (const auto& [ident, values] : g.root_properties) {
    if (kOwn.count(ident) || values.empty()) continue;
    out += "\n" + ident;
    for (const std::string& v : values) out += '[' + escape(v) + ']';
  }
  for (size_t i = 0; i < g.moves.size(); ++i) {
    out += i % 10 == 0 ? "\n;" : ";";
    out += g.moves[i].color == Color::kBlack ? "B[" : "W[";
    out += point_text(g.moves[i].point) + "]";
  }
  out += ")\n";
  return out;
}

std::optional<std::string> replay_sgf(const SgfGame& record, Game& out, GameRules rules) {
  return replay_sgf(record, out, rules, nullptr);
}

std::optional<std::string> replay_sgf(const SgfGame& record, Game& out, GameRules rules, MoveError* error) {
  if (error) *error = MoveError::kNone;
  if (record.size < kMinSize || record.size > kMaxSize) {
    auto sz = record.root_properties.find("SZ");
    std::string text = sz != record.root_properties.end() && !sz->second.empty() ? trim(sz->second[0])
                                                                                  : std::to_string(record.size);
    return "unsupported board size " + text;
  }
  if (record.komi) rules.komi = *record.komi;
  out = Game(record.size, rules);
  // Side to move: the first move's own colour, else PL, else White after handicap stones. It is
  // set before the set-up stones so that Game's saved set-up position (used by undo) has it too.
  Color first = Color::kBlack;
  if (!record.moves.empty()) first = record.moves[0].color;
  else if (record.first_player) first = *record.first_player;
  else if (record.handicap >= 2) first = Color::kWhite;
  out.set_to_move(first);
  for (const auto& [p, c] : record.setup) {
    if (!out.add_setup_stone(p, c))
      return std::string("bad set-up stone ") + (c == Color::kBlack ? "AB[" : "AW[") + point_text(p) +
             "]: point occupied or without liberty";
  }
  out.set_handicap(record.handicap);
  out.set_to_move(first);
  for (size_t i = 0; i < record.moves.size(); ++i) {
    const Move& m = record.moves[i];
    MoveError e = out.play(m.point, m.color);  // the record's colour, never assumed alternation
    if (e != MoveError::kNone) {
      if (error) *error = e;
      return "illegal move at move " + std::to_string(i + 1) + " (" + (m.color == Color::kBlack ? "B " : "W ") +
             point_to_gtp(m.point, record.size) + "): " + move_error_text(e, rules.ko);
    }
  }
  return std::nullopt;
}

GameRules record_rules(const SgfGame& record, const GameRules& current) {
  if (record.rules.empty()) return current;
  const RulesReading reading = read_rules(record.rules, current);
  return reading.rules ? *reading.rules : current;
}

SgfGame sgf_from_game(const Game& game) {
  SgfGame g;
  g.size = game.size();
  g.komi = game.komi();
  g.handicap = game.handicap();
  // RU only for rules other than Tengen's default, so that records of default games stay as they were.
  if (game.rules() != GameRules{game.komi()}) g.rules = rules_name(game.rules());
  const Board& setup = game.setup_board();
  for (Color c : {Color::kBlack, Color::kWhite})
    for (int y = 0; y < g.size; ++y)
      for (int x = 0; x < g.size; ++x)
        if (setup.at(make_point(x, y)) == c) g.setup.emplace_back(make_point(x, y), c);
  for (const Move& m : game.moves())
    if (m.point != kResign) g.moves.push_back(m);
  // Without moves the side to move is not implied by the record; PL keeps it.
  if (g.moves.empty() && (game.to_move() == Color::kWhite) != (game.handicap() >= 2))
    g.first_player = game.to_move();
  if (game.is_over()) g.result = game.result_text();
  return g;
}

}  // namespace tengen

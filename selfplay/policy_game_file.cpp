#include "selfplay/policy_game_file.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "io/atomic_file.h"

namespace tengen::selfplay {

namespace {

constexpr const char* kMagic = "tengen-policy-games";

template <class T>
std::string joined(const std::vector<T>& values) {
  if (values.empty()) return "-";
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(static_cast<unsigned>(values[i]));
  }
  return out;
}

[[noreturn]] void fail(const std::string& path, int line, const std::string& what) {
  throw PolicyGameFileError(path + ":" + std::to_string(line) + ": " + what);
}

// The comma-separated unsigned numbers of `field`, each at most `max`.
template <class T>
std::vector<T> split_numbers(const std::string& field, unsigned max, const std::string& path, int line) {
  std::vector<T> out;
  if (field == "-") return out;
  const char* p = field.data();
  const char* end = p + field.size();
  while (p < end) {
    unsigned v = 0;
    const auto [next, ec] = std::from_chars(p, end, v);
    if (ec != std::errc() || v > max || (next < end && *next != ',')) fail(path, line, "bad number list '" + field + "'");
    out.push_back(static_cast<T>(v));
    p = next < end ? next + 1 : next;
  }
  return out;
}

nn::PolicyGame parse_game(const std::string& text, const std::string& path, int line) {
  std::istringstream in(text);
  int winner = 0;
  double komi = 0;
  std::string moves, symmetries, extra;
  if (!(in >> winner >> komi >> moves >> symmetries) || (in >> extra) || winner < -1 || winner > 1 ||
      !std::isfinite(komi))
    fail(path, line, "expected 'WINNER KOMI MOVES SYMMETRIES'");
  nn::PolicyGame g;
  g.record.winner = static_cast<int8_t>(winner);
  g.record.komi = static_cast<float>(komi);
  g.record.moves = split_numbers<uint16_t>(moves, 0xffff, path, line);
  g.symmetries = split_numbers<uint8_t>(symmetries, 255, path, line);
  if (g.symmetries.size() != g.record.moves.size()) fail(path, line, "a symmetry per move expected");
  return g;
}

}  // namespace

void write_policy_games(const std::string& path, const NumberedPolicyGames& games) {
  std::string text = std::string(kMagic) + " 1 " + std::to_string(games.first) + " " +
                     std::to_string(games.games.size()) + "\n";
  char komi[32];
  for (const nn::PolicyGame& g : games.games) {
    std::snprintf(komi, sizeof komi, "%.17g", static_cast<double>(g.record.komi));
    text += std::to_string(g.record.winner) + " " + komi + " " + joined(g.record.moves) + " " +
            joined(g.symmetries) + "\n";
  }
  io::write_file_atomically(path, text);
}

NumberedPolicyGames read_policy_games(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw PolicyGameFileError(path + ": cannot be read");
  std::string line, magic;
  int version = 0;
  long long first = -1, count = -1;
  if (!std::getline(in, line) || !(std::istringstream(line) >> magic >> version >> first >> count) ||
      magic != kMagic || version != 1 || first < 0 || count < 0 || first + count > (1 << 24))
    fail(path, 1, "not a policy-games file (expected '" + std::string(kMagic) + " 1 FIRST COUNT')");
  NumberedPolicyGames out;
  out.first = static_cast<int>(first);
  for (int n = 2; std::getline(in, line); ++n) out.games.push_back(parse_game(line, path, n));
  if (static_cast<long long>(out.games.size()) != count)
    fail(path, static_cast<int>(out.games.size()) + 2,
         "holds " + std::to_string(out.games.size()) + " games, its header says " + std::to_string(count));
  return out;
}

}  // namespace tengen::selfplay

// The parameter commands of GtpSession: KataGo's kata-list-params, kata-get-param NAME and
// kata-set-param NAME VALUE, and Leela Zero's lz-setoption name NAME value VALUE (NAME may be several
// words; without arguments it lists Leela Zero's options). The names and their meaning:
// gtp/param_table.h. A change applies from the next search (a running analysis has been stopped by
// the command itself: run() stops it before dispatch); one to a search parameter starts a fresh tree.
// Thread-safety: GtpSession's (one thread at a time).
#include <absl/strings/ascii.h>

#include "gtp/gtp_session.h"
#include "gtp/param_table.h"

namespace tengen::gtp {

namespace {

Reply ok(std::string text = "") { return Reply{true, std::move(text)}; }
Reply fail(std::string text) { return Reply{false, std::move(text)}; }

std::string unknown(const std::string& name, bool kata) {
  return "unknown parameter '" + name + "'; known: " + param_names(kata);
}

// lz-setoption's "name W W ... value V ..." into name and value (both may hold spaces); false if malformed.
bool split_option(const std::vector<std::string>& args, std::string* name, std::string* value) {
  if (args.empty() || absl::AsciiStrToLower(args[0]) != "name") return false;
  size_t i = 1;
  for (; i < args.size() && absl::AsciiStrToLower(args[i]) != "value"; ++i) *name += (name->empty() ? "" : " ") + args[i];
  for (++i; i < args.size(); ++i) *value += (value->empty() ? "" : " ") + args[i];
  return !name->empty() && !value->empty();
}

}  // namespace

void GtpSession::register_param_commands() {
  // The parameters as they stand, and the search parameters this position's search would use.
  const auto current = [this] {
    Tunables t{player_.settings(), settings_.ponder, settings_.time, {}};
    t.used = mcts::params_for(game_, player_.parts().evaluator.get(), t.player.search, t.player.search_without_policy);
    return t;
  };
  const auto set = [this, current](const std::string& name, const std::string& value, bool kata) {
    const Param* p = find_param(name, kata);
    if (!p) return fail(unknown(name, kata));
    Tunables t = current();
    if (const std::string why = set_param(*p, value, &t); !why.empty()) return fail(why);
    player_.set_settings(t.player, p->new_tree);
    settings_.ponder = t.ponder;
    settings_.time = t.time;
    clock_.set_params(settings_.time);
    return ok();
  };
  commands_["kata-list-params"] = [](const Command&) { return ok(param_names(true)); };
  commands_["kata-get-param"] = [current](const Command& c) {
    if (c.args.size() != 1) return fail("syntax error: kata-get-param NAME");
    const Param* p = find_param(c.args[0], true);
    return p ? ok(param_value(*p, current())) : fail(unknown(c.args[0], true));
  };
  commands_["kata-set-param"] = [set](const Command& c) {
    return c.args.size() == 2 ? set(c.args[0], c.args[1], true) : fail("syntax error: kata-set-param NAME VALUE");
  };
  commands_["lz-setoption"] = [set, current](const Command& c) {
    if (c.args.empty()) return ok(lz_option_list(current()));
    std::string name, value;
    if (!split_option(c.args, &name, &value)) return fail("syntax error: lz-setoption name NAME value VALUE");
    return set(name, value, false);
  };
}

}  // namespace tengen::gtp

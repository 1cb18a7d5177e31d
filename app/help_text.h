// The --help text of every command, kept together in app/help_texts.txt (one `@@ tengen <command>`
// line before each text, printed as it stands): one place to read, review and word them alike.
// Stateless; any thread.
#pragma once

#include <string_view>

namespace tengen::app {

// The text under `@@ <command>` (e.g. "tengen bench search"), ending in its blank line. A command
// without one is a programming error: std::logic_error (tests/cli runs every command's --help).
std::string_view help_text(std::string_view command);

}  // namespace tengen::app

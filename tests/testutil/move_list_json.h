// Test helper: a KataGo-style move list, [["B","E5"],["W","C3"]], as JSON. (A braced list of string
// pairs would make nlohmann::json build an object instead.)
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace tengen::testutil {

inline nlohmann::json move_list_json(const std::vector<std::pair<std::string, std::string>>& moves) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [color, vertex] : moves) out.push_back(nlohmann::json::array({color, vertex}));
  return out;
}

}  // namespace tengen::testutil

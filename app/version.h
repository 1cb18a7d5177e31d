#pragma once
namespace tengen {
inline constexpr const char* kVersion = "0.1.0";
}
